//! Real enrollment end to end: the demo server as a process, a browser-like client, the QR code
//! decoded from the page's SVG with a real QR decoder, and the device simulator as a process.

use crate::support;

use crate::support::{Browser, Demo, Device, decode_qr, element_text, temp_dir};
use serde_json::Value;

fn error_code(reply: &Value) -> &str {
    reply["body"]["error"]["code"].as_str().unwrap_or("")
}

fn number_on(page: &str) -> String {
    let at = page.find("Number to enter: </span>").unwrap();
    page[at + 24..at + 26].to_owned()
}

/// Signs Alice in and walks her to the scan step; returns the scan page.
fn to_scan_step(browser: &mut Browser) -> String {
    let mfa = browser.sign_in("alice@contoso.test", "alice-demo");
    assert_eq!(mfa.header("location"), Some("/registration-campaign"));
    for _ in 0..3 {
        let csrf = browser.get("/registration-campaign").csrf();
        browser.post("/registration-campaign/next", &format!("csrf={csrf}"));
    }
    browser.get("/registration-campaign").body
}

#[test]
fn push_enrollment_from_the_decoded_qr_code_then_sign_in_by_push() {
    let dir = temp_dir();
    let demo = Demo::start(&dir, &[]);
    let mut browser = Browser::new(&demo.address);
    let scan = to_scan_step(&mut browser);
    assert!(scan.contains("Step 3 of 4"));
    let uri = decode_qr(&scan);
    assert!(
        // The demo's default public origin is http://localhost:PORT (`--public-origin`).
        uri.starts_with("rcpush://enroll?v=1&server=http%3A%2F%2Flocalhost%3A"),
        "{uri}"
    );
    assert!(
        scan.contains(&uri),
        "the QR content is also on the page as text"
    );

    // Next before the phone answered: stay, with a hint.
    let csrf = browser.get("/registration-campaign").csrf();
    let early = browser.post_and_follow("/registration-campaign/next", &format!("csrf={csrf}"));
    assert_eq!(early.status, 422);
    assert!(early.body.contains("Scan the QR code with the app first"));

    let device = Device::new(&dir);
    let (ok, out) = device.run(&["enroll", &uri, "--name", "Alice's Pixel"]);
    assert!(ok, "{out:?}");
    assert_eq!(out[0]["status"], 201);
    let fingerprint = out[0]["body"]["fingerprint"].as_str().unwrap().to_owned();
    // The credential is single-use.
    let (ok, out) = Device::new(&dir.join("..")).run(&["enroll", &uri, "--name", "Mallory"]);
    assert!(!ok);
    assert_eq!(error_code(&out[0]), "credentialUsed");

    let scan = browser.get("/registration-campaign");
    assert!(
        scan.body.contains("Connected: Alice's Pixel"),
        "{}",
        scan.body
    );
    assert!(scan.body.contains(&fingerprint));
    let csrf = scan.csrf();
    browser.post("/registration-campaign/next", &format!("csrf={csrf}"));
    let test = browser.get("/registration-campaign");
    assert!(test.body.contains("Let's try it out"));
    let number = number_on(&test.body);

    let (_, pending) = device.run(&["pending"]);
    let challenge = &pending[0]["body"]["challenges"][0];
    assert_eq!(challenge["purpose"], "registration");
    assert!(
        challenge.get("number").is_none(),
        "the device never learns the number"
    );

    let (ok, out) = device.run(&["approve", "--number", &number]);
    assert!(ok, "{out:?}");
    assert_eq!(out[1]["body"]["result"], "approved");
    browser.post("/registration-campaign/next", &format!("csrf={csrf}"));
    assert!(
        browser
            .get("/registration-campaign")
            .body
            .contains("Notification approved")
    );
    browser.post("/registration-campaign/next", &format!("csrf={csrf}"));
    assert!(
        browser
            .get("/registration-campaign")
            .body
            // The demo's push app names itself (issue 12): the device simulator plays it.
            .contains("Contoso Authenticator is now your default sign-in method")
    );
    let done = browser.post("/registration-campaign/next", &format!("csrf={csrf}"));
    assert_eq!(done.header("location"), Some("/"));
    browser.sign_out();

    // Next sign-in: a number-matched push instead of the text-message code.
    let login = browser.post(
        "/login",
        "username=alice%40contoso.test&password=alice-demo",
    );
    assert_eq!(login.status, 303);
    let prompt = browser.get("/mfa");
    assert!(
        prompt.body.contains("Approve sign in request"),
        "{}",
        prompt.body
    );
    let at = prompt.body.find("id=\"match-number\">").unwrap();
    let number = prompt.body[at + 18..at + 20].to_owned();
    let (_, pending) = device.run(&["pending"]);
    assert_eq!(pending[0]["body"]["challenges"][0]["purpose"], "signIn");
    assert!(device.run(&["approve", "--number", &number]).0);
    let signed_in = browser.post("/mfa/push", "");
    assert_eq!(
        signed_in.header("location"),
        Some("/"),
        "registered: no more nudges"
    );
    assert!(browser.get("/").body.contains("Signed in as Alice"));
}

#[test]
fn adversarial_devices_are_refused_and_change_nothing() {
    let dir = temp_dir();
    let demo = Demo::start(&dir, &[]);
    let mut browser = Browser::new(&demo.address);
    let uri = decode_qr(&to_scan_step(&mut browser));
    let device = Device::new(&dir);

    // Registration signed by another key than the one it presents.
    let (ok, out) = device.run(&["--foreign-key", "enroll", &uri]);
    assert!(!ok);
    assert_eq!(error_code(&out[0]), "badSignature");
    assert!(
        device.run(&["enroll", &uri, "--name", "Phone"]).0,
        "a refused attempt does not use up the credential"
    );

    // Polls: skewed clock, replayed nonce, foreign key.
    let (ok, out) = device.run(&["--skew", "-300", "pending"]);
    assert!(!ok);
    assert_eq!(error_code(&out[0]), "staleTimestamp");
    assert!(device.run(&["pending"]).0);
    let (ok, out) = device.run(&["--replay", "pending"]);
    assert!(!ok);
    assert_eq!(error_code(&out[0]), "replayedNonce");
    let (ok, out) = device.run(&["--foreign-key", "pending"]);
    assert!(!ok);
    assert_eq!(error_code(&out[0]), "badSignature");

    let csrf = browser.get("/registration-campaign").csrf();
    browser.post("/registration-campaign/next", &format!("csrf={csrf}"));
    let number = number_on(&browser.get("/registration-campaign").body);

    // Wrong number: refused, and the test fails.
    let (ok, out) = device.run(&["approve", "--number", &number, "--wrong-number"]);
    assert!(!ok);
    assert_eq!(error_code(&out[1]), "wrongNumber");
    let test = browser.get("/registration-campaign");
    assert!(test.body.contains("didn't match"), "{}", test.body);

    // Next sends a new notification; a denial fails it too, and a double answer is refused.
    browser.post("/registration-campaign/next", &format!("csrf={csrf}"));
    let (ok, out) = device.run(&["deny", "--double-answer"]);
    assert!(!ok);
    assert_eq!(out[1]["body"]["result"], "denied");
    assert_eq!(error_code(&out[2]), "alreadyAnswered");
    assert!(
        browser
            .get("/registration-campaign")
            .body
            .contains("denied")
    );

    // A foreign key cannot answer; then the real device approves.
    browser.post("/registration-campaign/next", &format!("csrf={csrf}"));
    let number = number_on(&browser.get("/registration-campaign").body);
    let (ok, out) = device.run(&["--foreign-key", "approve", "--number", &number]);
    assert!(!ok);
    assert_eq!(
        error_code(&out[0]),
        "badSignature",
        "the poll is refused first"
    );
    let (ok, out) = device.run(&["approve", "--number", &number, "--double-answer"]);
    assert!(!ok, "the second answer is refused");
    assert_eq!(out[1]["body"]["result"], "approved");
    assert_eq!(error_code(&out[2]), "alreadyAnswered");
    browser.post("/registration-campaign/next", &format!("csrf={csrf}"));
    assert!(
        browser
            .get("/registration-campaign")
            .body
            .contains("Notification approved")
    );
}

#[test]
fn malformed_protocol_messages_get_a_4xx_naming_the_problem() {
    let dir = temp_dir();
    let demo = Demo::start(&dir, &[]);
    let mut client = Browser::new(&demo.address);
    fn json(body: &str) -> Option<(&'static str, &str)> {
        Some(("application/json", body))
    }
    let cases = [
        (
            "/registration-campaign/device/v1/register",
            "{",
            400,
            "malformedRequest",
        ),
        (
            "/registration-campaign/device/v1/register",
            r#"{"credential":"!!","publicKey":"AAAA","deviceName":"x","signature":"AAAA"}"#,
            400,
            "badEncoding",
        ),
        (
            "/registration-campaign/device/v1/register",
            r#"{"credential":"AAAAAAAAAAAAAAAAAAAAAA","publicKey":"AAAA","deviceName":"x","signature":"AAAA"}"#,
            400,
            "badLength",
        ),
        (
            "/registration-campaign/device/v1/register",
            r#"{"credential":"AAAAAAAAAAAAAAAAAAAAAA","publicKey":"AAAA","deviceName":"x","signature":"AAAA","extra":1}"#,
            400,
            "malformedRequest",
        ),
        (
            "/registration-campaign/device/v1/poll",
            r#"{"deviceId":"nope","timestamp":0,"nonce":"AAAAAAAAAAAAAAAAAAAAAA","signature":"AAAA"}"#,
            404,
            "unknownDevice",
        ),
        (
            "/registration-campaign/device/v1/poll",
            r#"{"deviceId":"nope","timestamp":0,"nonce":"AA","signature":"AAAA"}"#,
            400,
            "badNonce",
        ),
        (
            "/registration-campaign/device/v1/answer",
            r#"{"deviceId":"nope","challengeId":"x","decision":"approve","number":"42","signature":"AAAA"}"#,
            404,
            "unknownDevice",
        ),
    ];
    for (path, body, status, code) in cases {
        let reply = client.request("POST", path, json(body), &[]);
        assert_eq!(reply.status, status, "{path} {body}: {}", reply.body);
        let parsed: Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(parsed["error"]["code"], code, "{body}");
        assert!(!parsed["error"]["message"].as_str().unwrap().is_empty());
    }
    let wrong_type = client.request(
        "POST",
        "/registration-campaign/device/v1/poll",
        Some(("text/plain", "{}")),
        &[],
    );
    assert_eq!(wrong_type.status, 415);
    let huge = format!(r#"{{"deviceId":"{}"}}"#, "x".repeat(20_000));
    let too_big = client.request(
        "POST",
        "/registration-campaign/device/v1/poll",
        json(&huge),
        &[],
    );
    assert_eq!(too_big.status, 413);
}

#[test]
fn totp_enrollment_with_another_app_and_its_code_rules() {
    let dir = temp_dir();
    let demo = Demo::start(&dir, &[]);
    let mut browser = Browser::new(&demo.address);
    to_scan_step(&mut browser);
    let csrf = browser.get("/registration-campaign").csrf();
    browser.post(
        "/registration-campaign/alternative",
        &format!("csrf={csrf}"),
    );
    let page = browser.get("/registration-campaign");
    let uri = decode_qr(&page.body);
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    let secret = support::otpauth_secret(&uri);
    let grouped: Vec<String> = secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    assert!(
        page.body.contains(&grouped.join(" ")),
        "the secret is shown as text too"
    );

    for left in [4, 3, 2, 1] {
        let wrong = browser.post_and_follow(
            "/registration-campaign/code",
            &format!("csrf={csrf}&code=000000"),
        );
        assert_eq!(wrong.status, 422);
        assert!(
            wrong.body.contains(&format!("{left} attempt")),
            "{left}: {}",
            wrong.body
        );
    }
    let fifth = browser.post_and_follow(
        "/registration-campaign/code",
        &format!("csrf={csrf}&code=000000"),
    );
    assert!(fifth.body.contains("We made a new QR code"));
    let new_uri = decode_qr(&browser.get("/registration-campaign").body);
    assert_ne!(new_uri, uri, "a new secret after five wrong codes");
    let secret = support::otpauth_secret(&new_uri);

    let code = support::totp_now(&secret);
    let ok = browser.post(
        "/registration-campaign/code",
        &format!("csrf={csrf}&code={code}"),
    );
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert!(
        browser
            .get("/registration-campaign")
            .body
            .contains("Your authenticator app is now your default sign-in method")
    );
}

#[test]
fn a_device_enrolls_with_the_short_code_and_url_instead_of_the_qr_code() {
    let dir = temp_dir();
    let demo = Demo::start(&dir, &[]);
    let mut browser = Browser::new(&demo.address);
    let scan = to_scan_step(&mut browser);
    let shown = element_text(&scan, "enrollment-code").expect("a short code on the scan page");
    let url = element_text(&scan, "enrollment-url").expect("a short URL on the scan page");
    // Nine digits in groups of three, and a URL short enough to type.
    assert!(
        shown.len() == 11
            && shown
                .split(' ')
                .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())),
        "{shown}"
    );
    assert!(url.starts_with("http://localhost:"), "{url}");
    assert!(url.len() < 60, "{url}");

    // A wrong code binds nothing.
    let mallory = Device::new(&dir.join("mallory"));
    let (ok, out) = mallory.run(&["enroll-code", &url, "000 000 000", "--name", "Mallory"]);
    assert!(!ok);
    assert_eq!(error_code(&out[0]), "unknownCode", "{out:?}");

    let device = Device::new(&dir);
    let (ok, out) = device.run(&["enroll-code", &url, &shown, "--name", "Alice's Pixel"]);
    assert!(ok, "{out:?}");
    assert_eq!(out.last().unwrap()["status"], 201);
    assert!(
        browser
            .get("/registration-campaign")
            .body
            .contains("Connected: Alice's Pixel")
    );
    // The code works once.
    let (ok, out) = mallory.run(&["enroll-code", &url, &shown, "--name", "Mallory"]);
    assert!(!ok);
    assert_eq!(error_code(&out[0]), "unknownCode", "{out:?}");
}
