//! Every page of the flow rendered with fixed sample inputs: for design reviews, snapshot tests
//! and render benchmarks. Nothing random goes in, so the output is stable.

mod any_app;
mod passkeys;
mod prompts;
mod steps;

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
    test_page_answered(t, message, still_waiting, false)
}

/// The test page, for a phone that shows several numbers to tap among when `by_choice`.
fn test_page_answered(
    t: &Texts,
    message: Option<String>,
    still_waiting: bool,
    by_choice: bool,
) -> String {
    render(&TestPage {
        by_choice,
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
    [
        any_app::pages(),
        prompts::pages(),
        passkeys::pages(),
        steps::pages(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
