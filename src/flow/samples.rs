//! Every page of the flow rendered with fixed sample inputs: for design reviews, snapshot tests
//! and render benchmarks. Nothing random goes in, so the output is stable.

use askama::Template;
use time::macros::{datetime, offset};
use time::{OffsetDateTime, UtcOffset};

use super::pages::*;
use crate::enroll::{DeviceInfo, protocol, qr, totp};

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
    /// Renders the page to HTML.
    pub render: fn() -> String,
}

impl std::fmt::Debug for SamplePage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SamplePage")
            .field("name", &self.name)
            .finish()
    }
}

fn chrome(title: &str, step: Option<u8>, can_skip: bool) -> Chrome {
    Chrome {
        title: title.into(),
        prefix: "/registration-campaign".into(),
        asset_version: "sample".into(),
        csrf: "sample-flow.00112233445566778899aabbccddeeff".into(),
        flow_step: "sample",
        step: step.map(|number| Step {
            number,
            total: TOTAL_STEPS,
        }),
        app_name: "Microsoft Authenticator".into(),
        organization: "Contoso".into(),
        logo_url: None,
        brand_css: None,
        footer_method: Some("Microsoft Authenticator".into()),
        can_skip,
        // Steps 1 to 3 have Back; step 4 pages set it themselves (the test notification has it).
        can_go_back: matches!(step, Some(1..=3)),
    }
}

fn render(page: &impl Template) -> String {
    page.render()
        .unwrap_or_else(|e| format!("render error: {e}"))
}

fn prompt(required: bool, skips_left: Option<u32>, snooze_days: u8) -> String {
    prompt_with_deadline(required, skips_left, snooze_days, None, UtcOffset::UTC)
}

/// The sample campaign's deadline, 12 days after [`SAMPLE_NOW`].
const DEADLINE: OffsetDateTime = datetime!(2027-01-15 00:00 UTC);

/// When the sample prompts are shown: 3 January 2027, 09:00 UTC.
const SAMPLE_NOW: OffsetDateTime = datetime!(2027-01-03 09:00 UTC);

fn prompt_with_deadline(
    required: bool,
    skips_left: Option<u32>,
    snooze_days: u8,
    deadline: Option<OffsetDateTime>,
    offset: UtcOffset,
) -> String {
    render(&PromptPage {
        chrome: chrome("Keep your account secure", None, !required),
        user_display_name: "Alice <Admin> & Co".into(),
        sign_in_name: Some("alice@contoso.test".into()),
        skips: Skips::new(required, skips_left),
        due: deadline.map(|deadline| Due::new(deadline, SAMPLE_NOW, offset)),
        reminder: Reminder::new(snooze_days, deadline, SAMPLE_NOW, offset),
        passkey: false,
    })
}

/// A passkey page's chrome: "Step N of 2", the footer naming a passkey.
fn passkey_chrome(title: &str, number: u8, can_skip: bool) -> Chrome {
    Chrome {
        step: Some(Step {
            number,
            total: PASSKEY_STEPS,
        }),
        footer_method: Some("a passkey".into()),
        can_go_back: number == 1,
        ..chrome(title, None, can_skip)
    }
}

fn passkey_create(error: Option<&str>) -> String {
    render(&PasskeyPage {
        chrome: passkey_chrome("Create a passkey", 1, true),
        // What webauthn-rs makes, shortened; `<` escaped as the method does.
        options_json: r#"{"publicKey":{"rp":{"name":"Contoso","id":"login.contoso.test"},"user":{"id":"AAAA","name":"alice@contoso.test","displayName":"Alice \u003cAdmin\u003e"},"challenge":"BBBB","pubKeyCredParams":[{"type":"public-key","alg":-7}],"authenticatorSelection":{"residentKey":"preferred","userVerification":"required"}}}"#.into(),
        error: error.map(Into::into),
        alternative: Some("Use an authenticator app instead".into()),
    })
}

fn passkey_name(error: Option<&str>) -> String {
    render(&NamePage {
        chrome: passkey_chrome("Name your passkey", 2, false),
        suggested: "Google Password Manager".into(),
        max_length: 64,
        error: error.map(Into::into),
    })
}

fn scan(error: Option<&str>, attempts_left: Option<u32>, can_skip: bool) -> String {
    let uri = totp::otpauth_uri(SAMPLE_SECRET, "Contoso", "Alice");
    render(&TotpPage {
        chrome: Chrome {
            footer_method: Some("an authenticator app".into()),
            ..chrome("Scan the QR code", Some(3), can_skip)
        },
        heading: "Scan the QR code".into(),
        qr_svg: sample_qr(&uri),
        otpauth_uri: uri,
        secret_groups: totp::grouped(SAMPLE_SECRET),
        secret: SAMPLE_SECRET.into(),
        account: "Alice".into(),
        issuer: "Contoso".into(),
        error: error.map(Into::into),
        attempts_left,
        alternative: Some("Use notifications on your phone instead".into()),
    })
}

fn push_scan(device: Option<DeviceInfo>, error: Option<&str>) -> String {
    let uri = protocol::enrollment_uri(
        "https://login.contoso.test/registration-campaign/device/v1",
        &[7u8; 32],
        "Alice",
        "Contoso",
    );
    render(&ScanPage {
        chrome: chrome("Scan the QR code", Some(3), true),
        qr_svg: sample_qr(&uri),
        qr_text: uri,
        code: device.is_none().then(|| crate::enroll::EnrollmentCode {
            code: "123456789".into(),
            url: "https://login.contoso.test/registration-campaign/d/K7M2QX".into(),
        }),
        device,
        expires_in: Some(Countdown { seconds: 600 }),
        error: error.map(Into::into),
    })
}

fn phone() -> DeviceInfo {
    DeviceInfo {
        name: "Alice's Pixel".into(),
        fingerprint: protocol::fingerprint(&[9u8; 32]),
    }
}

fn test_page(message: Option<&str>, still_waiting: bool) -> String {
    render(&TestPage {
        chrome: Chrome {
            can_go_back: true,
            ..chrome("Let's try it out", Some(4), true)
        },
        device_name: "Alice's Pixel".into(),
        state: match message {
            Some(message) => TestState::Failed {
                message: message.into(),
            },
            None => TestState::Waiting {
                number: "42".into(),
                expires_in: Countdown { seconds: 105 },
                still_waiting,
            },
        },
    })
}

/// Every page in every variant.
pub fn sample_pages() -> Vec<SamplePage> {
    vec![
        SamplePage {
            name: "prompt_3_skips_left",
            render: || prompt(false, Some(3), 1),
        },
        SamplePage {
            name: "prompt_2_skips_left",
            render: || prompt(false, Some(2), 1),
        },
        SamplePage {
            name: "prompt_1_skips_left",
            render: || prompt(false, Some(1), 1),
        },
        SamplePage {
            name: "prompt_unlimited_snooze_0",
            render: || prompt(false, None, 0),
        },
        SamplePage {
            name: "prompt_unlimited_snooze_14",
            render: || prompt(false, None, 14),
        },
        SamplePage {
            name: "prompt_required",
            render: || prompt(true, Some(0), 1),
        },
        SamplePage {
            name: "prompt_passkey",
            render: || {
                render(&PromptPage {
                    chrome: Chrome {
                        footer_method: Some("a passkey".into()),
                        ..chrome("Keep your account secure", None, true)
                    },
                    user_display_name: "Alice".into(),
                    sign_in_name: Some("alice@contoso.test".into()),
                    skips: Skips::new(false, Some(3)),
                    due: None,
                    reminder: Reminder::new(1, None, SAMPLE_NOW, time::UtcOffset::UTC),
                    passkey: true,
                })
            },
        },
        SamplePage {
            name: "passkey_1_create",
            render: || passkey_create(None),
        },
        SamplePage {
            name: "passkey_1_create_refused",
            render: || {
                passkey_create(Some(
                    "Your organization only allows passkeys that stay on one device, such as a security key. This passkey can sync between devices, so it wasn't saved.",
                ))
            },
        },
        SamplePage {
            name: "passkey_2_name",
            render: || passkey_name(None),
        },
        SamplePage {
            name: "passkey_2_name_invalid",
            render: || passkey_name(Some("Use a shorter name: at most 64 characters.")),
        },
        SamplePage {
            name: "passkey_done",
            render: || {
                render(&PasskeyDonePage {
                    chrome: passkey_chrome("Passkey created", 2, false),
                    name: "Work laptop <Chrome>".into(),
                })
            },
        },
        SamplePage {
            name: "prompt_deadline_12_days_3_skips_left",
            render: || prompt_with_deadline(false, Some(3), 1, Some(DEADLINE), UtcOffset::UTC),
        },
        SamplePage {
            name: "prompt_deadline_12_days_1_skip_left_snooze_3",
            render: || prompt_with_deadline(false, Some(1), 3, Some(DEADLINE), UtcOffset::UTC),
        },
        SamplePage {
            name: "prompt_deadline_12_days_unlimited_snooze_0",
            render: || prompt_with_deadline(false, None, 0, Some(DEADLINE), UtcOffset::UTC),
        },
        SamplePage {
            name: "prompt_deadline_today_before_the_snooze_ends",
            render: || {
                prompt_with_deadline(
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
            render: || prompt_with_deadline(false, Some(2), 1, Some(DEADLINE), offset!(-5)),
        },
        SamplePage {
            name: "prompt_required_deadline_passed",
            render: || {
                prompt_with_deadline(
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
            render: || {
                render(&DownloadPage {
                    chrome: chrome("Start by getting the app", Some(1), true),
                    ios_store_url: "https://apps.example/ios".into(),
                    android_store_url: "https://apps.example/android".into(),
                })
            },
        },
        SamplePage {
            name: "step_2_setup",
            render: || {
                render(&SetupPage {
                    chrome: chrome("Set up your account", Some(2), true),
                    connects_itself: false,
                })
            },
        },
        SamplePage {
            name: "step_2_setup_push",
            render: || {
                render(&SetupPage {
                    chrome: chrome("Set up your account", Some(2), true),
                    connects_itself: true,
                })
            },
        },
        SamplePage {
            name: "step_3_scan_push_waiting",
            render: || push_scan(None, None),
        },
        SamplePage {
            name: "step_3_scan_push_connected",
            render: || push_scan(Some(phone()), None),
        },
        SamplePage {
            name: "step_3_scan_push_not_scanned_yet",
            render: || push_scan(None, Some("Scan the QR code with the app first.")),
        },
        SamplePage {
            name: "step_4_test_notification",
            render: || test_page(None, false),
        },
        SamplePage {
            name: "step_4_test_notification_still_waiting",
            render: || test_page(None, true),
        },
        SamplePage {
            name: "step_4_test_notification_denied",
            render: || {
                test_page(
                    Some(
                        "The notification was denied on Alice's Pixel. Choose Next to send a new one.",
                    ),
                    false,
                )
            },
        },
        SamplePage {
            name: "step_4_approved",
            render: || {
                render(&ApprovedPage {
                    chrome: chrome("Notification approved", Some(4), false),
                    device_name: "Alice's Pixel".into(),
                })
            },
        },
        SamplePage {
            name: "step_3_scan_totp",
            render: || scan(None, None, true),
        },
        SamplePage {
            name: "step_3_scan_totp_wrong_code_required",
            render: || scan(Some("That code didn't work."), Some(3), false),
        },
        SamplePage {
            name: "step_4_done",
            render: || {
                render(&DonePage {
                    chrome: chrome("Success!", Some(4), false),
                    method_name: "Microsoft Authenticator".into(),
                })
            },
        },
        SamplePage {
            name: "step_4_saving_failed",
            render: || {
                render(&SavingPage {
                    chrome: chrome("We couldn't save your new sign-in method", Some(4), false),
                })
            },
        },
        SamplePage {
            name: "expired",
            render: || {
                render(&ExpiredPage {
                    chrome: Chrome {
                        footer_method: None,
                        ..chrome("Your setup session expired", None, false)
                    },
                    continue_url: "/".into(),
                })
            },
        },
        SamplePage {
            name: "problem_csrf",
            render: || {
                render(&ProblemPage {
                    chrome: Chrome {
                        footer_method: None,
                        ..chrome("We couldn't verify this request", None, false)
                    },
                    heading: "We couldn't verify this request".into(),
                    message: "Nothing was changed.".into(),
                    continue_url: "/inbox".into(),
                })
            },
        },
    ]
}
