//! Snapshots of every page in every variant, with fixed inputs (no random secrets or tokens).
//! Review changes with `cargo insta review`, or `INSTA_UPDATE=always cargo test` then read the
//! `.snap` diffs in git.

use askama::Template;

use super::pages::*;
use super::totp;

const FIXED_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn chrome(title: &str, step: Option<u8>, can_skip: bool) -> Chrome {
    Chrome {
        title: title.into(),
        prefix: "/registration-campaign".into(),
        asset_version: "test".into(),
        csrf: "00112233445566778899aabbccddeeff".into(),
        step: step.map(|number| Step {
            number,
            total: TOTAL_STEPS,
        }),
        app_name: "Microsoft Authenticator".into(),
        can_skip,
    }
}

fn prompt(required: bool, skips_left: Option<u32>, snooze_days: u8) -> String {
    PromptPage {
        chrome: chrome("Keep your account secure", None, !required),
        user_display_name: "Alice <Admin> & Co".into(),
        required,
        skips_left,
        snooze_days,
    }
    .render()
    .unwrap()
}

fn assert_one_h1(html: &str) {
    assert_eq!(html.matches("<h1").count(), 1, "{html}");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(!html.contains("style="), "inline styles break the CSP");
    assert!(!html.contains("<script>"), "inline scripts break the CSP");
}

#[test]
fn prompt_with_three_two_and_one_skips_left() {
    for left in [3, 2, 1] {
        let html = prompt(false, Some(left), 1);
        assert_one_h1(&html);
        insta::assert_snapshot!(format!("prompt_{left}_skips_left"), html);
    }
}

#[test]
fn prompt_with_unlimited_skips_and_snooze_zero() {
    let html = prompt(false, None, 0);
    assert_one_h1(&html);
    insta::assert_snapshot!("prompt_unlimited_snooze_0", html);
    let html = prompt(false, None, 14);
    insta::assert_snapshot!("prompt_unlimited_snooze_14", html);
}

#[test]
fn prompt_when_registration_is_required() {
    let html = prompt(true, Some(0), 1);
    assert_one_h1(&html);
    assert!(!html.contains("Skip for now"));
    insta::assert_snapshot!("prompt_required", html);
}

#[test]
fn download_setup_scan_and_done_steps() {
    let download = DownloadPage {
        chrome: chrome("Start by getting the app", Some(1), true),
        ios_store_url: "https://apps.example/ios".into(),
        android_store_url: "https://apps.example/android".into(),
    }
    .render()
    .unwrap();
    assert_one_h1(&download);
    insta::assert_snapshot!("step_1_download", download);

    let setup = SetupPage {
        chrome: chrome("Set up your account", Some(2), true),
    }
    .render()
    .unwrap();
    assert_one_h1(&setup);
    insta::assert_snapshot!("step_2_setup", setup);

    let done = DonePage {
        chrome: chrome("Success!", Some(4), false),
        method_name: "Your authenticator app".into(),
    }
    .render()
    .unwrap();
    assert_one_h1(&done);
    assert!(!done.contains("Skip for now"));
    insta::assert_snapshot!("step_4_done", done);
}

fn scan(error: Option<&str>, attempts_left: Option<u32>, can_skip: bool) -> String {
    let uri = totp::otpauth_uri(FIXED_SECRET, "Contoso", "Alice");
    TotpPage {
        chrome: chrome("Scan the QR code", Some(3), can_skip),
        heading: "Scan the QR code".into(),
        qr_svg: totp::qr_svg(&uri),
        otpauth_uri: uri,
        secret_groups: totp::grouped(FIXED_SECRET),
        account: "Alice".into(),
        issuer: "Contoso".into(),
        error: error.map(Into::into),
        attempts_left,
    }
    .render()
    .unwrap()
}

#[test]
fn scan_step_with_and_without_an_error() {
    let html = scan(None, None, true);
    assert_one_h1(&html);
    assert!(
        html.contains("JBSW Y3DP EHPK 3PXP"),
        "the secret as text for manual entry"
    );
    insta::assert_snapshot!("step_3_scan", html);
    let html = scan(Some("That code didn't work."), Some(3), false);
    assert!(html.contains("aria-invalid=\"true\""));
    insta::assert_snapshot!("step_3_scan_wrong_code_required", html);
}

#[test]
fn expired_and_problem_pages() {
    let expired = ExpiredPage {
        chrome: chrome("Your setup session expired", None, false),
        continue_url: "/".into(),
    }
    .render()
    .unwrap();
    assert_one_h1(&expired);
    insta::assert_snapshot!("expired", expired);
    let problem = ProblemPage {
        chrome: chrome("We couldn't verify this request", None, false),
        heading: "We couldn't verify this request".into(),
        message: "Nothing was changed.".into(),
        continue_url: "/inbox".into(),
    }
    .render()
    .unwrap();
    assert_one_h1(&problem);
    insta::assert_snapshot!("problem_csrf", problem);
}
