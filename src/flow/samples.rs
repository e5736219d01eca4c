//! Every page of the flow rendered with fixed sample inputs: for design reviews, snapshot tests
//! and render benchmarks. Nothing random goes in, so the output is stable.

use askama::Template;
use time::macros::{datetime, offset};
use time::{OffsetDateTime, UtcOffset};

use super::pages::*;
use crate::enroll::{DeviceInfo, protocol, qr, totp};
use crate::locale::Texts;

const SAMPLE_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The sample pages' QR codes, encoded once (they hold sample secrets only), so that a render
/// benchmark measures the page, as a reload of the scan page costs.
fn sample_qr(uri: &str) -> String {
    static CODES: std::sync::OnceLock<qr::QrCache> = std::sync::OnceLock::new();
    CODES.get_or_init(Default::default).svg(uri)
}

/// One page variant: a stable name and a function that renders it.
pub struct SamplePage {
    /// For example `prompt_3_skips_left` or `step_3_scan`.
    pub name: &'static str,
    /// Renders the page to HTML in the language of the texts.
    pub render: fn(&Texts) -> String,
}

impl SamplePage {
    /// The page in English.
    pub fn render_english(&self) -> String {
        (self.render)(Texts::english_ref())
    }
}

impl std::fmt::Debug for SamplePage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SamplePage")
            .field("name", &self.name)
            .finish()
    }
}

/// The sample chrome; `title` is a message id.
fn chrome(t: &Texts, title: &str, step: Option<u8>, can_skip: bool) -> Chrome {
    Chrome {
        title: t.text(title),
        prefix: "/registration-campaign".into(),
        asset_version: "sample".into(),
        csrf: "sample-flow.00112233445566778899aabbccddeeff".into(),
        flow_step: "sample",
        step: step.map(|number| Step {
            number,
            total: TOTAL_STEPS,
        }),
        app_name: Some("Microsoft Authenticator".into()),
        organization: "Contoso".into(),
        logo_url: None,
        brand_css: None,
        footer_method: Some("Microsoft Authenticator".into()),
        can_sign_out: false,
        can_skip,
        // Steps 1 to 3 have Back; step 4 pages set it themselves (the test notification has it).
        can_go_back: matches!(step, Some(1..=3)),
        t: t.clone(),
    }
}

fn render(page: &impl Template) -> String {
    super::respond::render_page(page).unwrap_or_else(|e| format!("render error: {e}"))
}

fn prompt(t: &Texts, required: bool, skips_left: Option<u32>, snooze_days: u8) -> String {
    prompt_with_deadline(t, required, skips_left, snooze_days, None, UtcOffset::UTC)
}

/// The sample campaign's deadline, 12 days after [`SAMPLE_NOW`].
const DEADLINE: OffsetDateTime = datetime!(2027-01-15 00:00 UTC);

/// When the sample prompts are shown: 3 January 2027, 09:00 UTC.
const SAMPLE_NOW: OffsetDateTime = datetime!(2027-01-03 09:00 UTC);

fn prompt_with_deadline(
    t: &Texts,
    required: bool,
    skips_left: Option<u32>,
    snooze_days: u8,
    deadline: Option<OffsetDateTime>,
    offset: UtcOffset,
) -> String {
    render(&PromptPage {
        chrome: Chrome {
            can_sign_out: required,
            ..chrome(t, "prompt-heading", None, !required)
        },
        user_display_name: "Alice <Admin> & Co".into(),
        sign_in_name: Some("alice@contoso.test".into()),
        skips: Skips::new(required, skips_left),
        due: deadline.map(|deadline| Due::new(deadline, SAMPLE_NOW, offset, t)),
        reminder: Reminder::new(snooze_days, deadline, SAMPLE_NOW, offset, t),
        passkey: false,
    })
}

/// A passkey page's chrome: "Step N of 2", the footer naming a passkey.
fn passkey_chrome(t: &Texts, title: &str, number: u8, can_skip: bool) -> Chrome {
    Chrome {
        step: Some(Step {
            number,
            total: PASSKEY_STEPS,
        }),
        footer_method: Some(t.text("method-a-passkey")),
        can_go_back: number == 1,
        ..chrome(t, title, None, can_skip)
    }
}

fn passkey_create(t: &Texts, error: Option<String>) -> String {
    render(&PasskeyPage {
        chrome: passkey_chrome(t, "passkey-heading", 1, true),
        // What webauthn-rs makes, shortened; `<` escaped as the method does.
        options_json: r#"{"publicKey":{"rp":{"name":"Contoso","id":"login.contoso.test"},"user":{"id":"AAAA","name":"alice@contoso.test","displayName":"Alice \u003cAdmin\u003e"},"challenge":"BBBB","pubKeyCredParams":[{"type":"public-key","alg":-7}],"authenticatorSelection":{"residentKey":"preferred","userVerification":"required"}}}"#.into(),
        error,
        alternative: Some(t.text("alternative-app")),
    })
}

fn passkey_name(t: &Texts, error: Option<String>) -> String {
    render(&NamePage {
        chrome: passkey_chrome(t, "name-heading", 2, false),
        suggested: "Google Password Manager".into(),
        max_length: 64,
        error,
    })
}

fn scan(t: &Texts, error: Option<String>, attempts_left: Option<u32>, can_skip: bool) -> String {
    let uri = totp::otpauth_uri(SAMPLE_SECRET, "Contoso", "Alice");
    render(&TotpPage {
        chrome: Chrome {
            footer_method: Some(t.text("method-an-authenticator-app")),
            can_sign_out: !can_skip,
            ..chrome(t, "scan-heading", Some(3), can_skip)
        },
        heading: t.text("scan-heading"),
        qr_svg: sample_qr(&uri),
        otpauth_uri: uri,
        secret_groups: totp::grouped(SAMPLE_SECRET),
        secret: SAMPLE_SECRET.into(),
        account: "Alice".into(),
        issuer: "Contoso".into(),
        error,
        attempts_left,
        alternative: Some(t.text("alternative-push")),
    })
}

fn push_scan(t: &Texts, device: Option<DeviceInfo>, error: Option<String>) -> String {
    let uri = protocol::enrollment_uri(
        "https://login.contoso.test/registration-campaign/device/v1",
        &[7u8; 32],
        "Alice",
        "Contoso",
    );
    render(&ScanPage {
        chrome: chrome(t, "scan-heading", Some(3), true),
        qr_svg: sample_qr(&uri),
        qr_text: uri,
        code: device.is_none().then(|| crate::enroll::EnrollmentCode {
            code: "123456789".into(),
            url: "https://login.contoso.test/registration-campaign/d/K7M2QX".into(),
        }),
        device,
        expires_in: Some(Countdown { seconds: 600 }),
        error,
    })
}

fn phone() -> DeviceInfo {
    DeviceInfo {
        name: "Alice's Pixel".into(),
        fingerprint: protocol::fingerprint(&[9u8; 32]),
    }
}

fn test_page(t: &Texts, message: Option<String>, still_waiting: bool) -> String {
    render(&TestPage {
        chrome: Chrome {
            can_go_back: true,
            ..chrome(t, "test-heading", Some(4), true)
        },
        device_name: "Alice's Pixel".into(),
        state: match message {
            Some(message) => TestState::Failed { message },
            None => TestState::Waiting {
                number: "42".into(),
                expires_in: Countdown { seconds: 105 },
                still_waiting,
            },
        },
    })
}

/// The chrome of a campaign that names no app (the library's default).
fn neutral_chrome(t: &Texts, title: &str, step: Option<u8>, can_skip: bool) -> Chrome {
    Chrome {
        app_name: None,
        footer_method: Some(t.text("method-an-authenticator-app")),
        ..chrome(t, title, step, can_skip)
    }
}

/// Every page in every variant.
pub fn sample_pages() -> Vec<SamplePage> {
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
        SamplePage {
            name: "prompt_3_skips_left",
            render: |t| prompt(t, false, Some(3), 1),
        },
        SamplePage {
            name: "prompt_2_skips_left",
            render: |t| prompt(t, false, Some(2), 1),
        },
        SamplePage {
            name: "prompt_1_skips_left",
            render: |t| prompt(t, false, Some(1), 1),
        },
        SamplePage {
            name: "prompt_unlimited_snooze_0",
            render: |t| prompt(t, false, None, 0),
        },
        SamplePage {
            name: "prompt_unlimited_snooze_14",
            render: |t| prompt(t, false, None, 14),
        },
        SamplePage {
            name: "prompt_required",
            render: |t| prompt(t, true, Some(0), 1),
        },
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
        SamplePage {
            name: "prompt_deadline_12_days_3_skips_left",
            render: |t| prompt_with_deadline(t, false, Some(3), 1, Some(DEADLINE), UtcOffset::UTC),
        },
        SamplePage {
            name: "prompt_deadline_12_days_1_skip_left_snooze_3",
            render: |t| prompt_with_deadline(t, false, Some(1), 3, Some(DEADLINE), UtcOffset::UTC),
        },
        SamplePage {
            name: "prompt_deadline_12_days_unlimited_snooze_0",
            render: |t| prompt_with_deadline(t, false, None, 0, Some(DEADLINE), UtcOffset::UTC),
        },
        SamplePage {
            name: "prompt_deadline_today_before_the_snooze_ends",
            render: |t| {
                prompt_with_deadline(
                    t,
                    false,
                    None,
                    1,
                    Some(datetime!(2027-01-03 17:30 UTC)),
                    UtcOffset::UTC,
                )
            },
        },
        SamplePage {
            name: "prompt_deadline_in_the_users_time_zone",
            render: |t| prompt_with_deadline(t, false, Some(2), 1, Some(DEADLINE), offset!(-5)),
        },
        SamplePage {
            name: "prompt_required_deadline_passed",
            render: |t| {
                prompt_with_deadline(
                    t,
                    true,
                    Some(0),
                    1,
                    Some(datetime!(2027-01-01 00:00 UTC)),
                    UtcOffset::UTC,
                )
            },
        },
        SamplePage {
            name: "step_1_download",
            render: |t| {
                render(&DownloadPage {
                    chrome: chrome(t, "download-heading", Some(1), true),
                    store_links: Some(StoreLinks {
                        ios: "https://apps.example/ios".into(),
                        android: "https://apps.example/android".into(),
                    }),
                })
            },
        },
        SamplePage {
            name: "step_2_setup",
            render: |t| {
                render(&SetupPage {
                    chrome: chrome(t, "setup-heading", Some(2), true),
                    connects_itself: false,
                })
            },
        },
        SamplePage {
            name: "step_2_setup_push",
            render: |t| {
                render(&SetupPage {
                    chrome: chrome(t, "setup-heading", Some(2), true),
                    connects_itself: true,
                })
            },
        },
        SamplePage {
            name: "step_3_scan_push_waiting",
            render: |t| push_scan(t, None, None),
        },
        SamplePage {
            name: "step_3_scan_push_connected",
            render: |t| push_scan(t, Some(phone()), None),
        },
        SamplePage {
            name: "step_3_scan_push_not_scanned_yet",
            render: |t| push_scan(t, None, Some(t.text("scan-not-scanned"))),
        },
        SamplePage {
            name: "step_4_test_notification",
            render: |t| test_page(t, None, false),
        },
        SamplePage {
            name: "step_4_test_notification_still_waiting",
            render: |t| test_page(t, None, true),
        },
        SamplePage {
            name: "step_4_test_notification_denied",
            render: |t| {
                test_page(
                    t,
                    Some(t.fmt("test-denied").arg("device", "Alice's Pixel").plain()),
                    false,
                )
            },
        },
        SamplePage {
            name: "step_4_approved",
            render: |t| {
                render(&ApprovedPage {
                    chrome: chrome(t, "approved-heading", Some(4), false),
                    device_name: "Alice's Pixel".into(),
                })
            },
        },
        SamplePage {
            name: "step_3_scan_totp",
            render: |t| scan(t, None, None, true),
        },
        SamplePage {
            name: "step_3_scan_totp_wrong_code_required",
            render: |t| scan(t, Some(t.text("code-wrong")), Some(3), false),
        },
        SamplePage {
            name: "step_4_done",
            render: |t| {
                render(&DonePage {
                    chrome: chrome(t, "done-heading", Some(4), false),
                    method_name: "Microsoft Authenticator".into(),
                    announce_default: true,
                })
            },
        },
        SamplePage {
            name: "step_4_saving_failed",
            render: |t| {
                render(&SavingPage {
                    chrome: chrome(t, "saving-heading", Some(4), false),
                })
            },
        },
        SamplePage {
            name: "expired",
            render: |t| {
                render(&ExpiredPage {
                    chrome: Chrome {
                        footer_method: None,
                        ..chrome(t, "expired-title", None, false)
                    },
                    continue_url: "/".into(),
                })
            },
        },
        SamplePage {
            name: "problem_csrf",
            render: |t| {
                render(&ProblemPage {
                    chrome: Chrome {
                        footer_method: None,
                        ..chrome(t, "problem-csrf", None, false)
                    },
                    heading: t.text("problem-csrf"),
                    message: t.text("problem-csrf-text"),
                    continue_url: "/inbox".into(),
                })
            },
        },
    ]
}
