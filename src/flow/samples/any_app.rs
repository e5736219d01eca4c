//! Sample pages of a campaign for any authenticator app that names no product (the
//! library's default).

use super::*;

/// The group's pages.
pub(super) fn pages() -> Vec<SamplePage> {
    vec![
        SamplePage {
            name: "any_app_prompt_required_by_deadline",
            render: |t| {
                render(&PromptPage {
                    chrome: Chrome {
                        can_sign_out: true,
                        ..neutral_chrome(t, "prompt-heading", None, false)
                    },
                    user_display_name: "Alice".into(),
                    sign_in_name: Some("alice@contoso.test".into()),
                    skips: Skips::new(true, Some(0)),
                    due: Some(Due::new(
                        datetime!(2027-01-01 00:00 UTC),
                        SAMPLE_NOW,
                        UtcOffset::UTC,
                        t,
                    )),
                    reminder: Reminder::new(1, None, SAMPLE_NOW, UtcOffset::UTC, t),
                    passkey: false,
                })
            },
        },
        SamplePage {
            name: "any_app_prompt_2_skips_left",
            render: |t| {
                render(&PromptPage {
                    chrome: neutral_chrome(t, "prompt-heading", None, true),
                    user_display_name: "Alice".into(),
                    sign_in_name: Some("alice@contoso.test".into()),
                    skips: Skips::new(false, Some(2)),
                    due: None,
                    reminder: Reminder::new(1, None, SAMPLE_NOW, UtcOffset::UTC, t),
                    passkey: false,
                })
            },
        },
        SamplePage {
            name: "any_app_step_1_download",
            render: |t| {
                render(&DownloadPage {
                    chrome: neutral_chrome(t, "download-heading", Some(1), true),
                    store_links: None,
                })
            },
        },
        SamplePage {
            name: "any_app_step_2_setup",
            render: |t| {
                render(&SetupPage {
                    chrome: neutral_chrome(t, "setup-heading", Some(2), true),
                    connects_itself: false,
                })
            },
        },
        SamplePage {
            name: "any_app_step_4_done",
            render: |t| {
                render(&DonePage {
                    chrome: neutral_chrome(t, "done-heading", Some(4), false),
                    method_name: t.text("code-your-app"),
                    announce_default: false,
                })
            },
        },
    ]
}
