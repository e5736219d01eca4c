//! Sample pages of a passkey campaign: the prompt, creating and naming a passkey, done.

use super::*;

/// The group's pages.
pub(super) fn pages() -> Vec<SamplePage> {
    vec![
        SamplePage {
            name: "prompt_passkey",
            render: |t| {
                render(&PromptPage {
                    chrome: Chrome {
                        footer_method: Some(t.text("method-a-passkey")),
                        ..chrome(t, "prompt-heading", None, true)
                    },
                    user_display_name: "Alice".into(),
                    sign_in_name: Some("alice@contoso.test".into()),
                    skips: Skips::new(false, Some(3)),
                    due: None,
                    reminder: Reminder::new(1, None, SAMPLE_NOW, time::UtcOffset::UTC, t),
                    passkey: true,
                })
            },
        },
        SamplePage {
            name: "passkey_1_create",
            render: |t| passkey_create(t, None),
        },
        SamplePage {
            name: "passkey_1_create_refused",
            render: |t| passkey_create(t, Some(t.text("passkey-rule-synced"))),
        },
        SamplePage {
            name: "passkey_2_name",
            render: |t| passkey_name(t, None),
        },
        SamplePage {
            name: "passkey_2_name_invalid",
            render: |t| passkey_name(t, Some(t.fmt("name-too-long").num("max", 64).plain())),
        },
        SamplePage {
            name: "passkey_done",
            render: |t| {
                render(&PasskeyDonePage {
                    chrome: passkey_chrome(t, "passkey-done-heading", 2, false),
                    name: "Work laptop <Chrome>".into(),
                })
            },
        },
    ]
}
