//! Journeys in a real headless Chromium against the demo server, with axe-core on every page and
//! a PNG screenshot of every page under `target/screenshots/<journey>/`.
//!
//! Needs Debian's `chromium` and `chromium-driver`, and axe-core from npm (`.ci/run` installs
//! all three and sets `REGISTRATION_CAMPAIGN_BROWSER_TESTS=1`, which turns a missing browser into
//! a failure). Elsewhere the journeys are skipped with a notice.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use crate::support::webdriver::{
    Driver, Session, axe_source, browser_available, browser_tests_required,
};
use crate::support::{Demo, Device, decode_qr, otpauth_secret, temp_dir, totp_now};

/// One Chromium at a time: the machine has two cores.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

struct Journey {
    _driver: Driver,
    chromium: PathBuf,
    driver_path: PathBuf,
    axe: String,
    demo: Demo,
    data: PathBuf,
}

impl Journey {
    /// Starts chromedriver and the demo, or returns `None` (skipped) when no browser is here
    /// and none is required.
    fn start(extra_demo_args: &[&str]) -> Option<Self> {
        let (driver_path, chromium) = match browser_available() {
            Ok(found) => found,
            Err(why) if !browser_tests_required() => {
                eprintln!("browser journeys skipped: {why}");
                return None;
            }
            Err(why) => panic!("REGISTRATION_CAMPAIGN_BROWSER_TESTS=1 but {why}"),
        };
        let axe = match axe_source() {
            Ok(source) => source,
            Err(why) if !browser_tests_required() => {
                eprintln!("browser journeys skipped: {why}");
                return None;
            }
            Err(why) => panic!("REGISTRATION_CAMPAIGN_BROWSER_TESTS=1 but {why}"),
        };
        let data = temp_dir();
        let demo = Demo::start(&data, extra_demo_args);
        Some(Self {
            _driver: Driver::start(&driver_path),
            chromium,
            driver_path,
            axe,
            demo,
            data,
        })
    }

    fn session(&self, name: &str, user_agent: Option<&str>) -> Session {
        let _ = &self.driver_path;
        Session::new(&self._driver, &self.chromium, name, user_agent)
    }

    /// A desktop session with JavaScript turned off.
    fn session_without_script(&self, name: &str) -> Session {
        Session::with_script(&self._driver, &self.chromium, name, None, false)
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.demo.address)
    }

    /// Screenshots at desktop and phone widths, one `<h1>`, and an accessibility check of the
    /// current page (axe-core is a script, so it runs only where the session runs scripts).
    fn check(&self, session: &mut Session, name: &str) {
        session.screenshot(name);
        session.resize(390, 844);
        session.screenshot(&format!("{name}-390"));
        session.resize(1280, 1000);
        let h1 = session.find_all("h1").len();
        assert_eq!(h1, 1, "{name}: one <h1>");
        if session.javascript {
            let violations = session.axe(&self.axe);
            assert!(
                violations.is_empty(),
                "{name}: accessibility violations:\n{}",
                violations.join("\n")
            );
        }
    }

    fn sign_in(&self, session: &mut Session, upn: &str, password: &str, journey: &str) {
        session.goto(&self.url("/login"));
        self.check(session, &format!("{journey}-login"));
        session.type_into("#username", upn);
        session.type_into("#password", password);
        session.click_button("Sign in");
        session.wait_for("Verify", Duration::from_secs(10));
        if session.source().contains("Approve sign in request") {
            return;
        }
        self.check(session, &format!("{journey}-mfa"));
        session.type_into("#code", "123456");
        session.click_button("Verify");
    }

    fn sign_out(&self, session: &Session) {
        session.goto(&self.url("/"));
        if session.button("Sign out").is_some() {
            session.click_button("Sign out");
        }
    }
}

fn lock() -> std::sync::MutexGuard<'static, ()> {
    ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn in_scope_user_skips_then_stays_snoozed_and_the_keyboard_alone_works() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    let mut s = j.session("skip", None);
    j.sign_in(&mut s, "alice@contoso.test", "alice-demo", "alice");
    s.wait_for("Keep your account secure", Duration::from_secs(10));
    j.check(&mut s, "prompt");
    assert!(s.source().contains("You can skip this 3 more times."));
    // Keyboard only: Tab to "Skip for now" and press Enter.
    let mut reached = false;
    for _ in 0..10 {
        s.press(TAB);
        if s.execute("return document.activeElement.textContent.trim()") == "Skip for now" {
            reached = true;
            break;
        }
    }
    assert!(reached, "Skip for now is reachable with Tab");
    s.press(ENTER);
    s.wait_for("Signed in as Alice", Duration::from_secs(10));
    j.check(&mut s, "home");
    j.sign_out(&s);
    j.sign_in(&mut s, "alice@contoso.test", "alice-demo", "alice-again");
    s.wait_for("Signed in as Alice", Duration::from_secs(10));
    assert!(
        !s.url().contains("registration-campaign"),
        "snoozed: no prompt"
    );
}

#[test]
fn limited_snoozes_with_snooze_zero_end_in_the_required_prompt() {
    let _one = lock();
    let policy = temp_dir().join("policy.json");
    std::fs::write(
        &policy,
        r#"{"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 0, "enforceRegistrationAfterAllowedSnoozes": true,
            "includeTargets": [{"id": "all_users", "targetType": "group", "targetedAuthenticationMethod": "microsoftAuthenticator"}]}}}"#,
    )
    .unwrap();
    let Some(j) = Journey::start(&["--policy", policy.to_str().unwrap()]) else {
        return;
    };
    let mut s = j.session("limited-snoozes", None);
    for left in ["3 more times", "2 more times", "1 more time."] {
        j.sign_in(&mut s, "alice@contoso.test", "alice-demo", "alice");
        s.wait_for("Keep your account secure", Duration::from_secs(10));
        assert!(
            s.source().contains(&format!("You can skip this {left}")),
            "{left}"
        );
        assert!(s.source().contains("ask again at your next sign-in"));
        s.click_button("Skip for now");
        s.wait_for("Signed in as Alice", Duration::from_secs(10));
        j.sign_out(&s);
    }
    j.sign_in(&mut s, "alice@contoso.test", "alice-demo", "alice");
    s.wait_for("maximum number of times", Duration::from_secs(10));
    j.check(&mut s, "required");
    assert!(
        s.button("Skip for now").is_none(),
        "the fourth nudge has no skip"
    );
}

#[test]
fn full_push_enrollment_from_the_page_qr_code_then_sign_in_by_push() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    let mut s = j.session("enrollment", None);
    j.sign_in(&mut s, "alice@contoso.test", "alice-demo", "alice");
    s.wait_for("Keep your account secure", Duration::from_secs(10));
    for (page, expect) in [
        ("prompt", "Start by getting the app"),
        ("download", "Set up your account"),
        ("setup", "Scan the QR code"),
    ] {
        j.check(&mut s, page);
        s.click_button("Next");
        s.wait_for(expect, Duration::from_secs(10));
    }
    j.check(&mut s, "scan");
    let uri = decode_qr(&s.source());
    let device = Device::new(&j.data);
    let (ok, out) = device.run(&["enroll", &uri, "--name", "Alice's phone"]);
    assert!(ok, "{out:?}");
    // The page's script notices the device and reloads by itself.
    s.wait_for("Connected: Alice", Duration::from_secs(15));
    j.check(&mut s, "scan-connected");
    s.click_button("Next");
    s.wait_for("Let's try it out", Duration::from_secs(10));
    j.check(&mut s, "test-notification");
    let number = s
        .text("#match-number")
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>();
    assert_eq!(number.len(), 2);
    let (ok, out) = device.run(&["approve", "--number", &number]);
    assert!(ok, "{out:?}");
    // The script sees the approval and moves on.
    s.wait_for("Notification approved", Duration::from_secs(15));
    j.check(&mut s, "approved");
    s.click_button("Next");
    s.wait_for("Success!", Duration::from_secs(10));
    j.check(&mut s, "done");
    s.click_button("Next");
    s.wait_for("Signed in as Alice", Duration::from_secs(10));
    j.sign_out(&s);

    j.sign_in(&mut s, "alice@contoso.test", "alice-demo", "alice-push");
    s.wait_for("Approve sign in request", Duration::from_secs(10));
    j.check(&mut s, "sign-in-by-push");
    let number = s.text("#match-number");
    assert!(device.run(&["approve", "--number", &number]).0);
    s.click_button("I approved it");
    s.wait_for("Signed in as Alice", Duration::from_secs(10));
}

#[test]
fn excluded_mobile_guest_and_blocked_users_get_the_right_result() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    let mut s = j.session("rules", None);
    for (upn, password, nudged) in [
        ("bob@contoso.test", "bob-demo", false),
        ("frank@contoso.test", "frank-demo", false),
        ("carol_fabrikam.test#EXT#@contoso.test", "carol-demo", true),
    ] {
        j.sign_in(&mut s, upn, password, upn.split('@').next().unwrap());
        if nudged {
            s.wait_for("Keep your account secure", Duration::from_secs(10));
            j.check(&mut s, "guest-prompt");
            s.click_button("Skip for now");
        }
        s.wait_for("Signed in as", Duration::from_secs(10));
        j.sign_out(&s);
    }
    drop(s);
    let mut phone = j.session("rules-mobile", Some(ANDROID));
    j.sign_in(&mut phone, "alice@contoso.test", "alice-demo", "phone");
    phone.wait_for("Signed in as Alice", Duration::from_secs(10));
    j.check(&mut phone, "phone-home");
}

#[test]
fn an_admin_changes_the_policy_on_the_page_and_the_next_sign_in_follows() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    let mut alice = j.session("admin-alice", None);
    j.sign_in(&mut alice, "alice@contoso.test", "alice-demo", "alice");
    alice.wait_for("Keep your account secure", Duration::from_secs(10));
    alice.click_button("Skip for now");
    drop(alice);

    // Signed in, but not an admin: a page that says so (403), checked like every page.
    let mut bob = j.session("admin-bob", None);
    j.sign_in(&mut bob, "bob@contoso.test", "bob-demo", "bob");
    bob.wait_for("Signed in as Bob", Duration::from_secs(10));
    bob.goto(&j.url("/admin/"));
    bob.wait_for("Not an administrator", Duration::from_secs(10));
    j.check(&mut bob, "admin-not-admin");
    drop(bob);

    let mut admin = j.session("admin", None);
    j.sign_in(&mut admin, "admin@contoso.test", "admin-demo", "admin");
    admin.wait_for("Signed in as Admin", Duration::from_secs(10));
    admin.goto(&j.url("/admin/"));
    admin.wait_for("Registration campaign", Duration::from_secs(10));
    j.check(&mut admin, "admin-page");
    // At a phone's width the page does not scroll sideways: its tables scroll in their box.
    admin.resize(390, 844);
    let overflow = admin.execute(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
    );
    assert_eq!(overflow.as_i64(), Some(0), "the admin page fits 390 px");
    chart_opens_on_its_newest_day(&mut admin, "admin-chart-390");
    admin.resize(1280, 1000);
    let report = admin.text("table.report tbody tr:last-child");
    assert!(
        report.contains('1'),
        "the report counts the nudge and the skip: {report}"
    );
    // Every problem at once, each linked from the summary.
    admin.type_into("#snooze", "99");
    admin.type_into("#include", "Staff\nnonsense");
    admin.click_button("Save");
    admin.wait_for("Fix these 2 problems", Duration::from_secs(10));
    j.check(&mut admin, "admin-errors");
    // Names and bare ids, previewed before anything is saved.
    admin.type_into("#snooze", "1");
    admin.type_into(
        "#include",
        "Staff\nalice@contoso.test\nb0b00000-0000-4000-8000-000000000002",
    );
    admin.click_button("Preview");
    admin.wait_for("Preview: nothing is saved yet", Duration::from_secs(10));
    let preview = admin.text("table.targets");
    for understood in ["Staff", "Alice", "Bob"] {
        assert!(preview.contains(understood), "{understood}: {preview}");
    }
    j.check(&mut admin, "admin-preview");
    // What-if by sign-in name, answered in words.
    admin.type_into("#wi-id", "grace@contoso.test");
    admin.click_button("Explain");
    admin.wait_for("Why:", Duration::from_secs(10));
    assert!(
        admin
            .source()
            .contains("Groups and methods from the directory")
    );
    j.check(&mut admin, "admin-what-if");
    // Alice is exempted from the user table's form, and the table says until when.
    admin.type_into("#exempt-user", "a11ce000-0000-4000-8000-000000000001");
    admin.type_into("#exempt-until", "2027-06-30");
    admin.type_into("#exempt-reason", "Waiting for a company phone");
    admin.click_button("Exempt");
    admin.wait_for("is exempt until", Duration::from_secs(10));
    assert!(admin.text("table.users").contains("Remove exemption"));
    j.check(&mut admin, "admin-exempted");
    admin.resize(390, 844);
    admin.execute("document.getElementById('users-heading').scrollIntoView(); return 0");
    admin.screenshot("admin-users-390");
    admin.resize(1280, 1000);
    // Disabling is confirmed first.
    admin.select("#state", "disabled");
    admin.click_button("Save");
    admin.wait_for("Nothing is saved yet.", Duration::from_secs(10));
    j.check(&mut admin, "admin-confirm");
    admin.click_button("Yes, disable the campaign");
    admin.wait_for("Saved.", Duration::from_secs(10));
    j.check(&mut admin, "admin-saved");
    assert!(
        admin.source().contains("admin@contoso.test"),
        "the audit log names the admin"
    );

    let mut grace = j.session("admin-grace", None);
    j.sign_in(&mut grace, "grace@contoso.test", "grace-demo", "grace");
    grace.wait_for("Signed in as Grace", Duration::from_secs(10));
    assert!(
        !grace.url().contains("registration-campaign"),
        "campaign disabled: no nudge"
    );
}

#[test]
fn back_two_tabs_and_a_skip_are_answered_with_what_happened() {
    let _one = lock();
    // Every sign-in is nudged, so a second tab gets a flow of its own.
    let policy = temp_dir().join("policy.json");
    std::fs::write(
        &policy,
        r#"{"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 0, "enforceRegistrationAfterAllowedSnoozes": false,
            "includeTargets": [{"id": "all_users", "targetType": "group", "targetedAuthenticationMethod": "microsoftAuthenticator"}]}}}"#,
    )
    .unwrap();
    let Some(j) = Journey::start(&["--policy", policy.to_str().unwrap()]) else {
        return;
    };
    let mut s = j.session("navigation", None);
    j.sign_in(&mut s, "alice@contoso.test", "alice-demo", "alice");
    s.wait_for("Keep your account secure", Duration::from_secs(10));
    s.click_button("Next");
    s.wait_for("Start by getting the app", Duration::from_secs(10));
    s.click_button("Next");
    s.wait_for("Set up your account", Duration::from_secs(10));
    j.check(&mut s, "setup-with-back");
    s.click_button("Back");
    s.wait_for("Start by getting the app", Duration::from_secs(10));
    s.click_button("Back");
    s.wait_for("Keep your account secure", Duration::from_secs(10));
    assert!(s.button("Back").is_none(), "the prompt has no Back");
    // The browser's own Back shows where the flow is, never an older step's live buttons.
    s.back();
    s.wait_for("<h1>", Duration::from_secs(10));
    assert!(
        s.source().contains("Keep your account secure") || !s.url().contains("registration"),
        "{}",
        s.url()
    );

    // A second tab signs in again: the first tab's buttons say so, the new flow goes on.
    let first = s.tab();
    s.goto(&j.url("/registration-campaign"));
    s.wait_for("Keep your account secure", Duration::from_secs(10));
    let second = s.new_tab();
    s.switch_to(&second);
    j.sign_in(&mut s, "alice@contoso.test", "alice-demo", "alice-tab-2");
    s.wait_for("Keep your account secure", Duration::from_secs(10));
    s.switch_to(&first);
    s.click_button("Next");
    s.wait_for("continues in another tab", Duration::from_secs(10));
    j.check(&mut s, "other-tab");
    s.switch_to(&second);
    s.click_button("Next");
    s.wait_for("Start by getting the app", Duration::from_secs(10));

    // Skip, then Back: the page says the skip counted.
    s.click_button("Skip for now");
    s.wait_for("Signed in as Alice", Duration::from_secs(10));
    s.back();
    s.wait_for("You skipped setup", Duration::from_secs(10));
    j.check(&mut s, "back-after-skip");
}

#[test]
fn the_authenticator_app_path_finishes_with_a_code_computed_from_the_qr_code() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    let mut s = j.session("totp", None);
    j.sign_in(&mut s, "grace@contoso.test", "grace-demo", "grace");
    s.wait_for("Keep your account secure", Duration::from_secs(10));
    next_to_scan_step(&s);
    s.click_button("I want to use a different authenticator app");
    s.wait_for("Enter the 6-digit code", Duration::from_secs(10));
    // The script adds copy buttons for the secret and the link.
    s.wait_for("class=\"copy\"", Duration::from_secs(10));
    s.click("button[aria-label='Copy the secret key']");
    s.wait_for("Copied", Duration::from_secs(5));
    j.check(&mut s, "totp-scan");
    let uri = decode_qr(&s.source());
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    let code = totp_now(&otpauth_secret(&uri));
    s.type_into("#code", &code);
    s.click_button("Next");
    s.wait_for("Success!", Duration::from_secs(10));
    j.check(&mut s, "totp-done");
    s.click_button("Next");
    s.wait_for("Signed in as Grace", Duration::from_secs(10));
}

#[test]
fn without_javascript_a_device_enrolls_by_code_and_the_test_is_checked_with_next() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    let mut s = j.session_without_script("no-script");
    j.sign_in(&mut s, "alice@contoso.test", "alice-demo", "alice");
    s.wait_for("Keep your account secure", Duration::from_secs(10));
    next_to_scan_step(&s);
    s.click("details.manual summary");
    j.check(&mut s, "scan-manual-open");
    let code = s.text("#enrollment-code");
    let url = s.text("#enrollment-url");
    let device = Device::new(&j.data);
    let (ok, out) = device.run(&["enroll-code", &url, &code, "--name", "Alice's phone"]);
    assert!(ok, "{out:?}");
    // Nothing reloaded the page while the phone enrolled (no page has a meta refresh, see the
    // snapshot checks): the disclosure is still open.
    assert!(
        s.source().contains("<details class=\"manual\" open"),
        "still open"
    );
    s.click("a[href='/registration-campaign']");
    s.wait_for("Connected: Alice", Duration::from_secs(10));
    s.click_button("Next");
    s.wait_for("Let's try it out", Duration::from_secs(10));
    s.click_button("Next");
    s.wait_for("Still waiting for your approval", Duration::from_secs(10));
    j.check(&mut s, "test-still-waiting");
    let number = s
        .text("#match-number")
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>();
    assert!(device.run(&["approve", "--number", &number]).0);
    s.click_button("Next");
    s.wait_for("Notification approved", Duration::from_secs(10));
    s.click_button("Next");
    s.wait_for("Success!", Duration::from_secs(10));
    s.click_button("Next");
    s.wait_for("Signed in as Alice", Duration::from_secs(10));
}

/// Issue 11: a user targeted for a passkey creates one in the browser's dialog (a WebDriver
/// virtual authenticator), names it, and signs in with it next time. A failed user
/// verification creates nothing and counts no skip. WebAuthn needs the public origin's host
/// (`localhost`), so this journey uses `http://localhost:PORT`.
#[test]
fn a_passkey_is_created_named_and_used_for_the_next_sign_in() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    let port = j.demo.address.rsplit(':').next().unwrap().to_owned();
    let url = |path: &str| format!("http://localhost:{port}{path}");
    let mut s = j.session("passkey", None);
    let authenticator = s.add_virtual_authenticator();
    let sign_in_with_code = |s: &mut Session| {
        s.goto(&url("/login"));
        s.type_into("#username", "heidi@contoso.test");
        s.type_into("#password", "heidi-demo");
        s.click_button("Sign in");
        s.wait_for("Verify your identity", Duration::from_secs(10));
    };
    sign_in_with_code(&mut s);
    s.type_into("#code", "123456");
    s.click_button("Verify");
    s.wait_for("asks you to create a passkey", Duration::from_secs(10));
    j.check(&mut s, "passkey-prompt");
    s.click_button("Next");
    s.wait_for("data-passkey-start", Duration::from_secs(10));
    // The script reveals the button once it knows the browser can make passkeys.
    s.wait_for("Step 1 of 2", Duration::from_secs(10));
    j.check(&mut s, "passkey-create");

    // A failed fingerprint or PIN: nothing is created, the page says so, no skip is counted.
    s.set_user_verified(&authenticator, false);
    s.click_button("Create a passkey");
    s.wait_for("Try again", Duration::from_secs(10));
    assert!(s.source().contains("<h1>Create a passkey</h1>"));
    let snoozes_before = demo_user_report(&j, "heidi");

    s.set_user_verified(&authenticator, true);
    s.click_button("Try again");
    s.wait_for("Name your passkey", Duration::from_secs(10));
    j.check(&mut s, "passkey-name");
    assert_eq!(s.virtual_credentials(&authenticator).len(), 1);
    s.execute("document.getElementById('name').value = ''");
    s.type_into("#name", "Work laptop");
    s.click_button("Next");
    s.wait_for("Passkey created", Duration::from_secs(10));
    assert!(s.source().contains("Work laptop"));
    j.check(&mut s, "passkey-done");
    s.click_button("Done");
    s.wait_for("Signed in as", Duration::from_secs(10));
    let (snoozes_after, skips_after) = demo_user_report(&j, "heidi");
    assert_eq!(
        skips_after, snoozes_before.1,
        "the failed dialog was no skip"
    );
    assert_eq!(
        snoozes_after,
        snoozes_before.0 - 1,
        "the nudge that ended in a passkey is no snooze"
    );

    // Next sign-in: "Use a passkey" signs in with it, and no nudge follows.
    s.goto(&url("/"));
    s.click_button("Sign out");
    sign_in_with_code(&mut s);
    s.wait_for("Use a passkey", Duration::from_secs(10));
    j.check(&mut s, "passkey-sign-in");
    s.click_button("Use a passkey");
    s.wait_for("Signed in as", Duration::from_secs(10));
    assert!(!s.source().contains("Keep your account secure"));
}

/// The snooze and skip counts of the demo user whose id starts with `prefix`, from the
/// per-user report.
fn demo_user_report(j: &Journey, prefix: &str) -> (u64, u64) {
    let _ = prefix;
    let reply = crate::support::Browser::new(&j.demo.address).request(
        "GET",
        "/v1.0/reports/registrationCampaign/users",
        None,
        &[("Authorization", &format!("Bearer {}", j.demo.admin_token))],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    body["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["userId"] == "4e1d1000-0000-4000-8000-000000000009")
        .map_or((0, 0), |row| {
            (
                row["snoozeCount"].as_u64().unwrap_or(0),
                row["skipCount"].as_u64().unwrap_or(0),
            )
        })
}

/// The demo's date `days` from today (UTC), as the admin page takes it and as the prompt says
/// it.
fn day_from_today(days: i64) -> (String, String) {
    let day = (time::OffsetDateTime::now_utc() + time::Duration::days(days)).date();
    (
        day.format(time::macros::format_description!("[year]-[month]-[day]"))
            .unwrap(),
        day.format(time::macros::format_description!(
            "[day padding:none] [month repr:long] [year]"
        ))
        .unwrap(),
    )
}

#[test]
fn an_admin_sets_a_deadline_the_next_sign_in_counts_down_and_after_it_registration_is_required() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    let mut admin = j.session("deadline-admin", None);
    j.sign_in(&mut admin, "admin@contoso.test", "admin-demo", "admin");
    admin.wait_for("Signed in as Admin", Duration::from_secs(10));
    admin.goto(&j.url("/admin/"));
    admin.wait_for("Deadline and group rules", Duration::from_secs(10));
    let (deadline, deadline_in_words) = day_from_today(12);
    admin.type_into("#deadline", &deadline);
    admin.click_button("Save deadline and rules");
    admin.wait_for(
        "Saved. The deadline and group rules are now version 1.",
        Duration::from_secs(10),
    );
    j.check(&mut admin, "admin-deadline");

    let mut alice = j.session("deadline-alice", None);
    j.sign_in(&mut alice, "alice@contoso.test", "alice-demo", "alice");
    alice.wait_for("Keep your account secure", Duration::from_secs(10));
    let countdown = alice.text("p.due");
    assert_eq!(
        countdown,
        format!(
            "Required in 12 days (by {deadline_in_words}), or after 3 more skips, whichever comes first."
        )
    );
    let main = alice.text("main");
    assert!(
        main.contains("If you skip, we'll ask again in 1 day."),
        "{main}"
    );
    j.check(&mut alice, "countdown");
    alice.click_button("Skip for now");
    alice.wait_for("Signed in as Alice", Duration::from_secs(10));
    j.sign_out(&alice);

    // The demo has no clock to move, so the admin moves the deadline into the past instead:
    // the same decision as the clock passing it. Alice's snooze is still running, and the
    // deadline comes first.
    admin.goto(&j.url("/admin/"));
    admin.wait_for("Deadline and group rules", Duration::from_secs(10));
    let (yesterday, yesterday_in_words) = day_from_today(-1);
    admin.type_into("#deadline", &yesterday);
    admin.click_button("Save deadline and rules");
    admin.wait_for("are now version 2.", Duration::from_secs(10));
    assert!(admin.text("#deadline-hint").contains("passed"));

    j.sign_in(
        &mut alice,
        "alice@contoso.test",
        "alice-demo",
        "alice-required",
    );
    alice.wait_for("Before you continue", Duration::from_secs(10));
    assert!(
        alice.text("main").contains(&format!(
            "The deadline to set up Contoso Authenticator was {yesterday_in_words}. Set it up now to continue."
        )),
        "{}",
        alice.text("main")
    );
    assert!(
        alice.button("Skip for now").is_none(),
        "no skip after the deadline"
    );
    j.check(&mut alice, "required-after-deadline");
    alice.goto(&j.url("/"));
    assert!(
        !alice.source().contains("Signed in as"),
        "not signed in until registered"
    );
}

/// A German browser (`Accept-Language: de-DE,de`): the demo's sign-in, the prompt and every step
/// to the QR code in German with `lang="de"`, checked by axe-core at 1280 and 390 pixels; the
/// forms are the same, and **Jetzt überspringen** snoozes as **Skip for now** does.
#[test]
fn a_german_browser_gets_every_page_in_german() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    let mut s = Session::with_languages(&j._driver, &j.chromium, "german", "de-DE,de");
    s.goto(&j.url("/login"));
    assert!(s.source().contains("lang=\"de\""), "{}", s.source());
    j.check(&mut s, "de-login");
    s.type_into("#username", "alice@contoso.test");
    s.type_into("#password", "alice-demo");
    s.click_button("Anmelden");
    s.wait_for("Identität überprüfen", Duration::from_secs(10));
    j.check(&mut s, "de-mfa");
    s.type_into("#code", "123456");
    s.click_button("Überprüfen");
    s.wait_for("Schützen Sie Ihr Konto", Duration::from_secs(10));
    assert!(
        s.source()
            .contains("Sie können diesen Schritt noch 3-mal überspringen.")
    );
    j.check(&mut s, "de-prompt");
    for expect in [
        "Holen Sie sich zuerst die App",
        "Konto einrichten",
        "QR-Code scannen",
    ] {
        s.click_button("Weiter");
        s.wait_for(expect, Duration::from_secs(10));
        assert!(s.source().contains("<html lang=\"de\">"));
        j.check(
            &mut s,
            &format!("de-{}", expect.split(' ').next().unwrap_or("step")),
        );
    }
    // Issue 24: a wrong code, a reload, Jetzt überspringen, then Back: the reload shows the
    // same page (no "Confirm Form Resubmission", which Chrome says in English) and Back says
    // what happened (no ERR_CACHE_MISS).
    s.click_button("Ich möchte eine andere Authentifizierungs-App verwenden");
    // The QR page already says lang="de": wait for the code page's own label.
    s.wait_for(
        "Geben Sie den 6-stelligen Code aus der App ein",
        Duration::from_secs(10),
    );
    s.type_into("#code", "000000");
    s.click_button("Weiter");
    s.wait_for(
        "Dieser Code hat nicht funktioniert",
        Duration::from_secs(10),
    );
    j.check(&mut s, "de-wrong-code");
    s.refresh();
    s.wait_for(
        "Dieser Code hat nicht funktioniert",
        Duration::from_secs(10),
    );
    s.click_button("Jetzt überspringen");
    s.wait_for("Angemeldet als Alice", Duration::from_secs(10));
    j.check(&mut s, "de-home");
    s.back();
    s.wait_for(
        "Sie haben die Einrichtung vorerst übersprungen",
        Duration::from_secs(10),
    );
    assert!(!s.source().contains("ERR_CACHE_MISS"), "{}", s.source());
}

/// An Arabic browser: right-to-left pages (`dir="rtl"`, mirrored step indicator and buttons)
/// through the whole TOTP registration, checked by axe-core at 1280 and 390 pixels.
#[test]
fn an_arabic_browser_gets_right_to_left_pages_through_a_registration() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    let mut s = Session::with_languages(&j._driver, &j.chromium, "arabic", "ar");
    s.goto(&j.url("/login"));
    assert!(
        s.source().contains("lang=\"ar\" dir=\"rtl\""),
        "{}",
        s.source()
    );
    j.check(&mut s, "ar-login");
    s.type_into("#username", "grace@contoso.test");
    s.type_into("#password", "grace-demo");
    s.click_button("تسجيل الدخول");
    s.wait_for("التحقق من هويتك", Duration::from_secs(10));
    s.type_into("#code", "123456");
    s.click_button("تحقّق");
    s.wait_for("حافظ على أمان حسابك", Duration::from_secs(10));
    assert!(s.source().contains("dir=\"rtl\""));
    j.check(&mut s, "ar-prompt");
    // The step indicator and the buttons are mirrored: Next is left of Back.
    for expect in [
        "ابدأ بالحصول على التطبيق",
        "إعداد حسابك",
        "امسح رمز QR ضوئيًا",
    ] {
        s.click_button("التالي");
        s.wait_for(expect, Duration::from_secs(10));
    }
    let next_left_of_back = s.execute(
        "var b = Array.from(document.querySelectorAll('.actions button'));\
         var next = b.find(x => x.textContent.trim() === 'التالي');\
         var back = b.find(x => x.textContent.trim() === 'رجوع');\
         return next.getBoundingClientRect().left < back.getBoundingClientRect().left;",
    );
    assert_eq!(next_left_of_back, serde_json::json!(true));
    j.check(&mut s, "ar-scan");
    s.click_button("أريد استخدام تطبيق مصادقة آخر");
    s.wait_for("أدخل الرمز المكوّن من 6 أرقام", Duration::from_secs(10));
    j.check(&mut s, "ar-totp");
    let uri = decode_qr(&s.source());
    let code = totp_now(&otpauth_secret(&uri));
    s.type_into("#code", &code);
    s.click_button("التالي");
    s.wait_for("تم بنجاح!", Duration::from_secs(10));
    j.check(&mut s, "ar-done");
    s.click_button("التالي");
    // The name is isolated (U+2068 .. U+2069) in right-to-left text.
    s.wait_for(
        "تم تسجيل الدخول باسم \u{2068}Grace\u{2069}",
        Duration::from_secs(10),
    );
    // The admin page in Arabic, right to left.
    s.click_button("تسجيل الخروج");
    s.wait_for("id=\"username\"", Duration::from_secs(10));
    s.type_into("#username", "admin@contoso.test");
    s.type_into("#password", "admin-demo");
    s.click_button("تسجيل الدخول");
    s.wait_for("التحقق من هويتك", Duration::from_secs(10));
    s.type_into("#code", "123456");
    s.click_button("تحقّق");
    s.wait_for("إدارة حملة التسجيل", Duration::from_secs(10));
    s.goto(&j.url("/admin/"));
    s.wait_for("سجل التدقيق", Duration::from_secs(10));
    assert!(s.source().contains("lang=\"ar\" dir=\"rtl\""));
    j.check(&mut s, "ar-admin");
    s.resize(390, 844);
    chart_opens_on_its_newest_day(&mut s, "ar-admin-chart-390");
}

/// The per-day chart is wider than a phone: at 390 px it opens on its newest day, not its
/// oldest, in either direction of writing (the chart itself always runs left to right).
fn chart_opens_on_its_newest_day(session: &mut Session, screenshot: &str) {
    session.execute("document.getElementById('per-day-heading').scrollIntoView(); return 0");
    session.screenshot(screenshot);
    let newest_in_view = session.execute(
        "const box = document.querySelector('.chart-box').getBoundingClientRect();
         const ticks = document.querySelectorAll('.chart-box text.tick');
         const newest = ticks[ticks.length - 1].getBoundingClientRect();
         return newest.left >= box.left && newest.right <= box.right;",
    );
    assert_eq!(
        newest_in_view.as_bool(),
        Some(true),
        "{screenshot}: today's bars in view"
    );
}

/// Issue 24: a wrong code, a reload, Skip for now and Back, with and without JavaScript: the
/// reload shows the same page (the flow's URL, a GET: no "Confirm Form Resubmission"), and Back
/// after the skip says what happened instead of ERR_CACHE_MISS.
#[test]
fn a_wrong_code_a_reload_a_skip_and_back_never_post_again() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    for (script, upn, password, name) in [
        (true, "grace@contoso.test", "grace-demo", "Grace"),
        (false, "alice@contoso.test", "alice-demo", "Alice"),
    ] {
        let mut s = if script {
            j.session("reload-script", None)
        } else {
            j.session_without_script("reload-no-script")
        };
        j.sign_in(&mut s, upn, password, name);
        s.wait_for("Keep your account secure", Duration::from_secs(10));
        next_to_scan_step(&s);
        s.click_button("I want to use a different authenticator app");
        s.wait_for("Enter the 6-digit code", Duration::from_secs(10));
        s.type_into("#code", "000000");
        s.click_button("Next");
        s.wait_for("That code didn't work", Duration::from_secs(10));
        j.check(&mut s, "wrong-code");
        assert!(
            s.url().ends_with("/registration-campaign"),
            "the answer is a redirect to the flow: {}",
            s.url()
        );
        s.refresh();
        s.wait_for("That code didn't work", Duration::from_secs(10));
        assert!(!s.source().contains("ERR_CACHE_MISS"));
        s.click_button("Skip for now");
        s.wait_for(&format!("Signed in as {name}"), Duration::from_secs(10));
        s.back();
        s.wait_for("You skipped setup for now", Duration::from_secs(10));
        assert!(!s.source().contains("ERR_CACHE_MISS"), "{}", s.source());
        j.sign_out(&s);
    }
    // The page the gate sends a required user to when no flow is open in this browser.
    let mut s = j.session("gate-required", None);
    s.goto(&j.url("/registration-campaign/required"));
    s.wait_for("Sign out, then sign in again", Duration::from_secs(10));
    j.check(&mut s, "required-page");
}

/// Issue 24, item 9's first two paths in a real browser: Next on the scan step before the phone
/// answered, then the phone connects (the page must show "Connected" and the fingerprint to
/// check, not jump to the test with a notification sent); then Next on the test step before the
/// phone answered, and a denial (the page must explain it, not send a new notification).
#[test]
fn an_early_next_then_the_phone_never_makes_the_page_post_again() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    let mut s = j.session("early-next", None);
    j.sign_in(
        &mut s,
        "carol_fabrikam.test#EXT#@contoso.test",
        "carol-demo",
        "carol",
    );
    s.wait_for("Keep your account secure", Duration::from_secs(10));
    next_to_scan_step(&s);
    let uri = decode_qr(&s.source());
    s.click_button("Next");
    s.wait_for(
        "We haven't heard from your phone yet",
        Duration::from_secs(10),
    );
    let device = Device::new(&j.data);
    let (ok, out) = device.run(&["enroll", &uri, "--name", "Carol's phone"]);
    assert!(ok, "{out:?}");
    s.wait_for("Connected: Carol", Duration::from_secs(15));
    assert!(s.source().contains("fingerprint"), "{}", s.source());
    assert!(!s.source().contains("Let's try it out"));
    s.click_button("Next");
    s.wait_for("Let's try it out", Duration::from_secs(10));
    let number = s.text("#match-number");
    s.click_button("Next");
    s.wait_for("Still waiting for your approval", Duration::from_secs(10));
    let (ok, out) = device.run(&["deny"]);
    assert!(ok, "{out:?}");
    s.wait_for("The notification was denied", Duration::from_secs(15));
    assert!(s.source().contains("Choose Next to send a new one."));
    // No new notification was sent: the phone has nothing to answer.
    assert!(!device.run(&["approve", "--number", &number]).0);
    j.check(&mut s, "denied-after-early-next");
}

/// From the prompt, Next through "Start by getting the app" and "Set up your account" to the
/// scan step.
fn next_to_scan_step(s: &Session) {
    for expect in [
        "Start by getting the app",
        "Set up your account",
        "Scan the QR code",
    ] {
        s.click_button("Next");
        s.wait_for(expect, Duration::from_secs(10));
    }
}

/// The admin page in German and in Saudi Arabic (right to left, Arabic-Indic digits from
/// CLDR) fits a phone: no sideways scroll at 390 px, every check of `Journey::check` passing.
#[test]
fn the_admin_page_in_german_and_saudi_arabic_fits_a_phone() {
    let _one = lock();
    let Some(j) = Journey::start(&[]) else { return };
    for (name, languages, heading, digit) in [
        ("admin-de", "de-DE,de", "Benutzer", '0'),
        ("admin-ar-sa", "ar-SA,ar", "المستخدمون", '٠'),
    ] {
        let mut s = Session::with_languages(&j._driver, &j.chromium, name, languages);
        s.goto(&j.url("/login"));
        s.type_into("#username", "admin@contoso.test");
        s.type_into("#password", "admin-demo");
        s.execute("document.getElementById('username').form.submit(); return 0");
        s.wait_for("id=\"code\"", Duration::from_secs(10));
        s.type_into("#code", "123456");
        s.execute("document.getElementById('code').form.submit(); return 0");
        std::thread::sleep(Duration::from_millis(500));
        s.goto(&j.url("/admin/"));
        s.wait_for("users-heading", Duration::from_secs(10));
        assert!(s.source().contains(heading), "{name}");
        j.check(&mut s, name);
        let users = s.text("table.users");
        assert!(
            users.contains(digit),
            "{name}: counts in the locale's digits: {users}"
        );
        s.resize(390, 844);
        let overflow = s.execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
        );
        assert_eq!(
            overflow.as_i64(),
            Some(0),
            "{name}: the admin page fits 390 px"
        );
        for section in ["users-heading", "report-heading"] {
            s.execute(&format!(
                "document.getElementById('{section}').scrollIntoView(); return 0"
            ));
            s.screenshot(&format!("{name}-{section}-390"));
        }
    }
}

/// The privacyIDEA Authenticator path in a real browser (`--push privacyidea`), the phone
/// played by the app simulator over HTTP: the download page's store links, the scan page's QR
/// code, the test page that says to tap the number, and sign-in by push, each checked at 1280
/// and 390 pixels.
#[test]
fn the_privacyidea_app_path_from_the_qr_code_to_sign_in_by_push() {
    let _one = lock();
    let Some(j) = Journey::start(&["--push", "privacyidea"]) else {
        return;
    };
    let mut s = j.session("privacyidea", None);
    j.sign_in(&mut s, "grace@contoso.test", "grace-demo", "pi-grace");
    s.wait_for("Keep your account secure", Duration::from_secs(10));
    s.click_button("Next");
    s.wait_for("privacyIDEA Authenticator", Duration::from_secs(10));
    j.check(&mut s, "pi-download");
    s.click_button("Next");
    s.wait_for("Set up your account", Duration::from_secs(10));
    s.click_button("Next");
    s.wait_for("Scan the QR code", Duration::from_secs(10));
    j.check(&mut s, "pi-scan");
    let mut app = crate::privacyidea::App::scan(&decode_qr(&s.source()));
    app.enroll_at(&j.demo.address);
    s.wait_for(
        "Connected: privacyIDEA Authenticator",
        Duration::from_secs(15),
    );
    s.click_button("Next");
    s.wait_for("Tap the number", Duration::from_secs(10));
    j.check(&mut s, "pi-test");
    let number: String = s
        .text("#match-number")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    app.approve_at(&j.demo.address, &number);
    s.wait_for("Notification approved", Duration::from_secs(15));
    j.check(&mut s, "pi-approved");
    s.click_button("Next");
    s.wait_for("Success!", Duration::from_secs(10));
    s.click_button("Next");
    s.wait_for("Signed in as Grace", Duration::from_secs(10));
    j.sign_out(&s);

    s.goto(&j.url("/login"));
    s.type_into("#username", "grace@contoso.test");
    s.type_into("#password", "grace-demo");
    s.click_button("Sign in");
    s.wait_for("Approve sign in request", Duration::from_secs(10));
    j.check(&mut s, "pi-sign-in");
    let number: String = s
        .text("#match-number")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    app.approve_at(&j.demo.address, &number);
    s.click_button("I approved it");
    s.wait_for("Signed in as Grace", Duration::from_secs(10));
}
