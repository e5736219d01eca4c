//! Push with the privacyIDEA Authenticator app (issue 26), driven by a simulator of the app
//! written from the app's v4.8.0 sources (`docs/privacyidea-push.md`), not from the server's
//! code: it builds its own messages, keys and signatures with aws-lc-rs and base32.

use std::collections::HashMap;
use std::sync::Arc;

use aws_lc_rs::encoding::{AsDer, PublicKeyX509Der};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{self, KeyPair as _, UnparsedPublicKey};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use registration_campaign::Clock;
use registration_campaign::privacyidea::PrivacyIdeaPush;
use serde_json::{Value, json};

use crate::support::Reply;
use crate::support::harness::{ALICE, Harness, harness_built};

/// The app's side: what it read from the QR code, its key, and the server's key.
pub(crate) struct App {
    pub(crate) path: String,
    url: String,
    pub(crate) serial: String,
    pub(crate) credential: String,
    key: KeyPair,
    server_key: Option<Vec<u8>>,
    /// The phone's clock runs on between polls: each poll is a microsecond later.
    ticks: std::cell::Cell<u32>,
}

impl App {
    /// Reads the QR code as the app's `otp_auth_processor` does.
    pub(crate) fn scan(uri: &str) -> Self {
        let uri = uri.replace("&amp;", "&").replace("&#38;", "&");
        let rest = uri
            .strip_prefix("otpauth://pipush/")
            .expect("an otpauth://pipush/ URI");
        let (_, query) = rest.split_once('?').unwrap();
        let params: HashMap<String, String> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(params["v"], "1");
        assert_eq!(params["poll_only"], "True");
        assert!(params["ttl"].parse::<u32>().unwrap() > 0);
        let url = params["url"].clone();
        let path = url
            .split_once("://")
            .and_then(|(_, rest)| rest.split_once('/'))
            .map(|(_, path)| format!("/{path}"))
            .unwrap();
        Self {
            path,
            url,
            serial: params["serial"].clone(),
            credential: params["enrollment_credential"].clone(),
            key: KeyPair::generate(KeySize::Rsa2048).unwrap(),
            server_key: None,
            ticks: std::cell::Cell::new(0),
        }
    }

    /// `RsaUtils.serializeRSAPublicKeyPKCS8`: base64 of the SubjectPublicKeyInfo.
    pub(crate) fn pubkey(&self) -> String {
        let der: PublicKeyX509Der<'_> = self.key.public_key().as_der().unwrap();
        base64::engine::general_purpose::STANDARD.encode(der.as_ref())
    }

    /// SHA-256/RSA (PKCS#1 v1.5), base32 upper case with padding.
    pub(crate) fn sign(&self, message: &str) -> String {
        let mut signature = vec![0; self.key.public_modulus_len()];
        self.key
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                message.as_bytes(),
                &mut signature,
            )
            .unwrap();
        data_encoding::BASE32.encode(&signature)
    }

    /// Dart's `toIso8601String` of the phone's UTC time: milliseconds, and microseconds when
    /// they are not zero.
    fn timestamp(&self, h: &Harness) -> String {
        self.ticks.set(self.ticks.get() + 1);
        let at = h.clock.now() + time::Duration::microseconds(i64::from(self.ticks.get()));
        let micros = at.microsecond();
        let fraction = if micros.is_multiple_of(1000) {
            format!("{:03}", micros / 1000)
        } else {
            format!("{micros:06}")
        };
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{fraction}Z",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second(),
        )
    }

    async fn enroll(&mut self, h: &Harness) -> Reply {
        let form = form(&[
            ("enrollment_credential", &self.credential),
            ("serial", &self.serial),
            ("fbtoken", "no_firebase_token"),
            ("pubkey", &self.pubkey()),
            ("capabilities", "[\"decline_reason\"]"),
        ]);
        let reply = post(h, &self.path, &form).await;
        if reply.status == StatusCode::OK {
            let body = reply.json();
            let key = body["detail"]["public_key"]
                .as_str()
                .unwrap()
                .replace('\n', "");
            self.server_key = Some(
                base64::engine::general_purpose::STANDARD
                    .decode(key)
                    .unwrap(),
            );
        }
        reply
    }

    async fn poll_at(&self, h: &Harness, timestamp: &str, signature: &str) -> Reply {
        let query = form(&[
            ("serial", &self.serial),
            ("timestamp", timestamp),
            ("signature", signature),
        ]);
        let request = Request::get(format!("{}?{query}", self.path))
            .body(Body::empty())
            .unwrap();
        h.send(request).await
    }

    /// Polls and returns the challenges whose server signature verifies (the app drops the
    /// others silently).
    async fn poll(&self, h: &Harness) -> Vec<Value> {
        let timestamp = self.timestamp(h);
        let reply = self
            .poll_at(
                h,
                &timestamp,
                &self.sign(&format!("{}|{timestamp}", self.serial)),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let server = UnparsedPublicKey::new(
            &signature::RSA_PKCS1_2048_8192_SHA256,
            self.server_key.clone().unwrap(),
        );
        reply.json()["result"]["value"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| {
                let text = |k: &str| c[k].as_str().unwrap().to_owned();
                let mut message = format!(
                    "{}|{}|{}|{}|{}|{}",
                    text("nonce"),
                    self.url,
                    text("serial"),
                    text("question"),
                    text("title"),
                    if text("sslverify") == "1" { "1" } else { "0" }
                );
                if let Some(options) = c["require_presence"].as_str() {
                    message.push('|');
                    message.push_str(options);
                }
                let signature = data_encoding::BASE32
                    .decode(text("signature").as_bytes())
                    .unwrap();
                server.verify(message.as_bytes(), &signature).is_ok()
            })
            .cloned()
            .collect()
    }

    async fn answer(&self, h: &Harness, nonce: &str, option: &str) -> Reply {
        let signature = self.sign(&format!("{nonce}|{}|{option}", self.serial));
        let form = form(&[
            ("serial", &self.serial),
            ("nonce", nonce),
            ("presence_answer", option),
            ("signature", &signature),
        ]);
        post(h, &self.path, &form).await
    }

    async fn decline(&self, h: &Harness, nonce: &str) -> Reply {
        let signature = self.sign(&format!("{nonce}|{}|decline", self.serial));
        let form = form(&[
            ("serial", &self.serial),
            ("nonce", nonce),
            ("decline", "1"),
            ("signature", &signature),
        ]);
        post(h, &self.path, &form).await
    }
}

/// The same phone over real HTTP, against a running demo at `address`.
impl App {
    /// Completes enrollment; asserts it succeeded.
    pub(crate) fn enroll_at(&mut self, address: &str) {
        let body = form(&[
            ("enrollment_credential", &self.credential),
            ("serial", &self.serial),
            ("fbtoken", "no_firebase_token"),
            ("pubkey", &self.pubkey()),
        ]);
        let reply = crate::support::Browser::new(address).request(
            "POST",
            &self.path,
            Some(("application/x-www-form-urlencoded", &body)),
            &[],
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    /// Polls (with the phone's clock: now, a microsecond later each time) and answers the one
    /// open challenge with `number`; asserts it was approved.
    pub(crate) fn approve_at(&self, address: &str, number: &str) {
        let mut phone = crate::support::Browser::new(address);
        self.ticks.set(self.ticks.get() + 1);
        let at = time::OffsetDateTime::now_utc();
        let timestamp = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second(),
            self.ticks.get()
        );
        let query = form(&[
            ("serial", &self.serial),
            ("timestamp", &timestamp),
            (
                "signature",
                &self.sign(&format!("{}|{timestamp}", self.serial)),
            ),
        ]);
        let polled = phone.request("GET", &format!("{}?{query}", self.path), None, &[]);
        assert_eq!(polled.status, 200, "{}", polled.body);
        let body: Value = serde_json::from_str(&polled.body).unwrap();
        let nonce = body["result"]["value"][0]["nonce"]
            .as_str()
            .unwrap()
            .to_owned();
        let answer = form(&[
            ("serial", &self.serial),
            ("nonce", &nonce),
            ("presence_answer", number),
            (
                "signature",
                &self.sign(&format!("{nonce}|{}|{number}", self.serial)),
            ),
        ]);
        let answered = phone.request(
            "POST",
            &self.path,
            Some(("application/x-www-form-urlencoded", &answer)),
            &[],
        );
        assert!(
            answered.body.contains("\"value\":true"),
            "{}",
            answered.body
        );
    }
}

fn form(fields: &[(&str, &str)]) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (key, value) in fields {
        form.append_pair(key, value);
    }
    form.finish()
}

async fn post(h: &Harness, path: &str, body: &str) -> Reply {
    let request = Request::post(path)
        .header(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(Body::from(body.to_owned()))
        .unwrap();
    h.send(request).await
}

/// A harness whose only method is privacyIDEA push, with Alice at its scan step.
async fn at_the_scan_step() -> (Harness, String, String, App) {
    let h = harness_built(json!({}), |b| {
        b.methods(vec![Arc::new(PrivacyIdeaPush::new().ssl_verify(false))])
    })
    .await;
    let (cookie, csrf) = h.nudged(&format!("user={ALICE}")).await;
    let cookie = h.next_to_scan(cookie, &format!("csrf={csrf}")).await;
    let app = App::scan(&h.setup_link(&cookie).await);
    (h, cookie, csrf, app)
}

/// Posts Next as the browser does: the flow's cookie moves on with each step.
async fn next(h: &Harness, cookie: &mut String, csrf: &str) -> Reply {
    let reply = h
        .post(
            "/registration-campaign/next",
            cookie,
            &format!("csrf={csrf}"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    if let Some(moved) = reply.flow_cookie() {
        *cookie = moved;
    }
    h.get("/registration-campaign", cookie).await
}

/// The number the test page asks to tap.
fn number_on(page: &str) -> String {
    page.split("id=\"match-number\"")
        .nth(1)
        .and_then(|rest| rest.split_once("</span>"))
        .map(|(_, rest)| rest.chars().take_while(char::is_ascii_digit).collect())
        .expect("a number on the test page")
}

#[tokio::test]
async fn the_app_enrolls_from_the_qr_code_and_approves_the_test_by_the_number_shown() {
    let (h, mut cookie, csrf, mut app) = at_the_scan_step().await;
    assert!(app.serial.starts_with("RCPI"));
    let enrolled = app.enroll(&h).await;
    assert_eq!(enrolled.status, StatusCode::OK, "{}", enrolled.body);
    let server_key = app.server_key.clone();
    // The app's Retry (our answer was lost): the same key gets the same server key.
    let retried = app.enroll(&h).await;
    assert_eq!(retried.status, StatusCode::OK, "{}", retried.body);
    assert_eq!(app.server_key, server_key, "the same server key");
    // The same QR code with another key (a second enrollment of it): refused.
    let original_key =
        std::mem::replace(&mut app.key, KeyPair::generate(KeySize::Rsa2048).unwrap());
    let again = app.enroll(&h).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.body);
    app.key = original_key;
    app.server_key = server_key;
    // The Firebase-token update the app sends after enrolling: refused, saying why.
    let timestamp = app.timestamp(&h);
    let update = form(&[
        ("new_fb_token", "no_firebase_token"),
        ("serial", &app.serial),
        ("timestamp", &timestamp),
        (
            "signature",
            &app.sign(&format!("no_firebase_token|{}|{timestamp}", app.serial)),
        ),
    ]);
    let refused = post(&h, &app.path, &update).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("not used in poll mode"),
        "{}",
        refused.body
    );

    // Next sends the test; the page shows which option to tap.
    let test = next(&h, &mut cookie, &csrf).await;
    assert_eq!(test.status, StatusCode::OK, "{}", test.body);
    let number = number_on(&test.body);
    let challenges = app.poll(&h).await;
    assert_eq!(challenges.len(), 1, "one signed challenge");
    let challenge = &challenges[0];
    let options: Vec<&str> = challenge["require_presence"]
        .as_str()
        .unwrap()
        .split(',')
        .collect();
    assert!(options.contains(&number.as_str()), "{options:?} {number}");
    assert!(options.len() >= 3);
    let nonce = challenge["nonce"].as_str().unwrap();
    assert_eq!(nonce.len(), 32);

    let answered = app.answer(&h, nonce, &number).await;
    assert_eq!(
        answered.json()["result"]["value"],
        true,
        "{}",
        answered.body
    );
    // One answer per challenge: a second is refused.
    let twice = app.answer(&h, nonce, &number).await;
    assert_eq!(twice.json()["result"]["value"], false);
    assert!(app.poll(&h).await.is_empty(), "nothing open any more");

    let done = next(&h, &mut cookie, &csrf).await;
    assert!(done.body.contains("approved"), "{}", done.body);
    let done = next(&h, &mut cookie, &csrf).await;
    assert!(h.state().await.registered_at.is_some(), "{}", done.body);
}

#[tokio::test]
async fn a_wrong_option_ends_the_challenge_and_a_decline_is_a_decline() {
    let (h, mut cookie, csrf, mut app) = at_the_scan_step().await;
    app.enroll(&h).await;
    let test = next(&h, &mut cookie, &csrf).await;
    let number = number_on(&test.body);
    let challenge = app.poll(&h).await.remove(0);
    let wrong = challenge["require_presence"]
        .as_str()
        .unwrap()
        .split(',')
        .find(|o| *o != number)
        .unwrap()
        .to_owned();
    let nonce = challenge["nonce"].as_str().unwrap().to_owned();
    let refused = app.answer(&h, &nonce, &wrong).await;
    assert_eq!(refused.json()["result"]["value"], false);
    // The first answer ended it: the right number no longer helps.
    let late = app.answer(&h, &nonce, &number).await;
    assert_eq!(late.json()["result"]["value"], false);
    let page = h.get("/registration-campaign", &cookie).await;
    assert!(page.body.contains("didn't match"), "{}", page.body);
    assert!(h.state().await.registered_at.is_none());

    // A new test, declined on the phone.
    let again = next(&h, &mut cookie, &csrf).await;
    assert_eq!(again.status, StatusCode::OK);
    let challenge = app.poll(&h).await.remove(0);
    let declined = app.decline(&h, challenge["nonce"].as_str().unwrap()).await;
    assert_eq!(declined.json()["result"]["value"], true);
    let page = h.get("/registration-campaign", &cookie).await;
    assert!(page.body.contains("denied"), "{}", page.body);
}

#[tokio::test]
async fn replayed_stale_and_forged_polls_and_answers_are_refused() {
    let (h, mut cookie, csrf, mut app) = at_the_scan_step().await;
    // Before enrolling: nothing to poll.
    let timestamp = app.timestamp(&h);
    let early = app
        .poll_at(
            &h,
            &timestamp,
            &app.sign(&format!("{}|{timestamp}", app.serial)),
        )
        .await;
    assert_eq!(
        early.status,
        StatusCode::OK,
        "an unknown token has nothing open"
    );
    assert_eq!(early.json()["result"]["value"], json!([]));
    app.enroll(&h).await;
    next(&h, &mut cookie, &csrf).await;

    let timestamp = app.timestamp(&h);
    let signature = app.sign(&format!("{}|{timestamp}", app.serial));
    assert_eq!(
        app.poll_at(&h, &timestamp, &signature).await.status,
        StatusCode::OK
    );
    let replayed = app.poll_at(&h, &timestamp, &signature).await;
    assert_eq!(replayed.status, StatusCode::BAD_REQUEST, "a replayed poll");

    h.clock.advance(time::Duration::seconds(1));
    let stale = "2020-01-01T00:00:00.000Z";
    let old = app
        .poll_at(&h, stale, &app.sign(&format!("{}|{stale}", app.serial)))
        .await;
    assert_eq!(old.status, StatusCode::BAD_REQUEST, "a stale timestamp");

    let timestamp = app.timestamp(&h);
    let mut forged = app.sign(&format!("{}|{timestamp}", app.serial));
    forged.replace_range(0..1, if forged.starts_with('A') { "B" } else { "A" });
    let tampered = app.poll_at(&h, &timestamp, &forged).await;
    assert_eq!(
        tampered.status,
        StatusCode::BAD_REQUEST,
        "a tampered signature"
    );
    assert!(tampered.body.contains("Could not verify signature"));

    // Another key cannot answer for this token.
    let challenge = app.poll(&h).await.remove(0);
    let nonce = challenge["nonce"].as_str().unwrap();
    let impostor = App {
        key: KeyPair::generate(KeySize::Rsa2048).unwrap(),
        server_key: None,
        path: app.path.clone(),
        url: app.url.clone(),
        serial: app.serial.clone(),
        credential: String::new(),
        ticks: std::cell::Cell::new(0),
    };
    let answer = impostor.answer(&h, nonce, "11").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    // An empty POST (what iOS sends first) is an error, not a crash.
    assert_eq!(
        post(&h, &app.path, "").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_registered_app_signs_the_user_in_by_the_number_the_browser_shows() {
    use registration_campaign::privacyidea::PrivacyIdeaSignInState;
    let (h, mut cookie, csrf, mut app) = at_the_scan_step().await;
    // No app registered yet: no sign-in challenge.
    let none = PrivacyIdeaPush::start_sign_in(&h.campaign, ALICE, "Contoso")
        .await
        .unwrap();
    assert_eq!(none, None);
    app.enroll(&h).await;
    let test = next(&h, &mut cookie, &csrf).await;
    let number = number_on(&test.body);
    let challenge = app.poll(&h).await.remove(0);
    app.answer(&h, challenge["nonce"].as_str().unwrap(), &number)
        .await;
    next(&h, &mut cookie, &csrf).await;
    next(&h, &mut cookie, &csrf).await;
    assert!(h.state().await.registered_at.is_some());

    let sign_in = PrivacyIdeaPush::start_sign_in(&h.campaign, ALICE, "Contoso")
        .await
        .unwrap()
        .expect("a challenge for the registered app");
    let state = |id: String| {
        let campaign = h.campaign.clone();
        async move {
            PrivacyIdeaPush::sign_in_state(&campaign, &id, ALICE)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        state(sign_in.challenge_id.clone()).await,
        PrivacyIdeaSignInState::Pending
    );
    let listed = app.poll(&h).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["nonce"], sign_in.challenge_id);
    assert_eq!(listed[0]["title"], "Contoso");
    let answered = app.answer(&h, &sign_in.challenge_id, &sign_in.number).await;
    assert_eq!(answered.json()["result"]["value"], true);
    assert_eq!(
        state(sign_in.challenge_id.clone()).await,
        PrivacyIdeaSignInState::Approved
    );
    // Another user cannot read it as theirs.
    assert_eq!(
        PrivacyIdeaPush::sign_in_state(&h.campaign, &sign_in.challenge_id, "someone-else")
            .await
            .unwrap(),
        PrivacyIdeaSignInState::Expired
    );

    // A second sign-in, answered with another option: refused, and over.
    let second = PrivacyIdeaPush::start_sign_in(&h.campaign, ALICE, "Contoso")
        .await
        .unwrap()
        .unwrap();
    let challenge = app.poll(&h).await.remove(0);
    let wrong = challenge["require_presence"]
        .as_str()
        .unwrap()
        .split(',')
        .find(|o| *o != second.number)
        .unwrap()
        .to_owned();
    app.answer(&h, &second.challenge_id, &wrong).await;
    assert_eq!(
        state(second.challenge_id.clone()).await,
        PrivacyIdeaSignInState::WrongOption
    );
    // Unanswered challenges expire after two minutes.
    let third = PrivacyIdeaPush::start_sign_in(&h.campaign, ALICE, "Contoso")
        .await
        .unwrap()
        .unwrap();
    h.clock.advance(time::Duration::minutes(3));
    assert_eq!(
        state(third.challenge_id.clone()).await,
        PrivacyIdeaSignInState::Expired
    );
    assert!(
        app.poll(&h).await.is_empty(),
        "an expired challenge is not listed"
    );
}

#[tokio::test]
async fn an_ended_flow_refuses_the_apps_enrollment_and_its_tests_answer() {
    // Skipped at the scan step: the QR code no longer enrolls anything.
    let (h, cookie, csrf, mut app) = at_the_scan_step().await;
    let skipped = h
        .post(
            "/registration-campaign/skip",
            &cookie,
            &format!("csrf={csrf}"),
        )
        .await;
    assert_eq!(skipped.status, StatusCode::SEE_OTHER);
    let refused = app.enroll(&h).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);

    // Skipped with a test open: the app's answer to it changes nothing.
    let (h, mut cookie, csrf, mut app) = at_the_scan_step().await;
    app.enroll(&h).await;
    let test = next(&h, &mut cookie, &csrf).await;
    let number = number_on(&test.body);
    let challenge = app.poll(&h).await.remove(0);
    h.post(
        "/registration-campaign/skip",
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    let late = app
        .answer(&h, challenge["nonce"].as_str().unwrap(), &number)
        .await;
    assert_eq!(late.json()["result"]["value"], false, "{}", late.body);
    assert!(h.state().await.registered_at.is_none());
}

#[tokio::test]
async fn one_app_key_enrolls_one_token_and_an_unanswered_test_expires() {
    use aws_lc_rs::encoding::Pkcs8V1Der;
    let (h, mut cookie, csrf, mut app) = at_the_scan_step().await;
    assert_eq!(app.enroll(&h).await.status, StatusCode::OK);
    // Bob's QR code, enrolled with Alice's key: refused.
    let (bob_cookie, bob_csrf) = h.nudged("user=b0b00000-0000-4000-8000-000000000002").await;
    let bob_cookie = h
        .next_to_scan(bob_cookie, &format!("csrf={bob_csrf}"))
        .await;
    let mut bob = App::scan(&h.setup_link(&bob_cookie).await);
    let alices: Pkcs8V1Der<'_> = app.key.as_der().unwrap();
    bob.key = KeyPair::from_pkcs8(alices.as_ref()).unwrap();
    let reused = bob.enroll(&h).await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST, "{}", reused.body);
    assert!(reused.body.contains("already enrolled"));

    // A test nobody answers expires, and the page says so.
    let test = next(&h, &mut cookie, &csrf).await;
    assert!(test.body.contains("id=\"match-number\""));
    h.clock.advance(time::Duration::minutes(3));
    let page = h.get("/registration-campaign", &cookie).await;
    assert!(page.body.contains("in time"), "{}", page.body);
    assert!(
        app.poll(&h).await.is_empty(),
        "the expired test is not listed"
    );
}

/// The host's MFA for `user` of `tenant`, behind the campaign's layer.
async fn tenant_mfa(
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let tenant = registration_campaign::TenantId::new(&q["tenant"]).unwrap();
    let mfa = registration_campaign::MfaCompleted::new(
        q["user"].clone(),
        registration_campaign::AuthMethod::Sms,
    )
    .in_tenant(tenant);
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, "/inbox")]).into_response();
    response.extensions_mut().insert(mfa);
    response
}

#[tokio::test]
async fn another_tenants_app_enrolls_at_that_tenants_url_and_nowhere_else() {
    const FABRIKAM: &str = "fab71ca0-0000-4000-8000-000000000002";
    let fabrikam = registration_campaign::TenantId::new(FABRIKAM).unwrap();
    let clock = Arc::new(registration_campaign::ManualClock::new(
        crate::support::harness::START,
    ));
    let campaign = registration_campaign::Campaign::builder(Arc::new(
        registration_campaign::store::MemoryStore::new(),
    ))
    .secure_cookies(false)
    .clock(clock.clone())
    .tenant(
        fabrikam.clone(),
        registration_campaign::TenantSettings::default(),
    )
    .methods(vec![Arc::new(PrivacyIdeaPush::new().ssl_verify(false))])
    .build();
    campaign
        .for_tenant(&fabrikam)
        .unwrap()
        .replace_policy(crate::support::harness::policy(json!({})))
        .await
        .unwrap();
    let app = axum::Router::new()
        .route("/mfa", axum::routing::post(tenant_mfa))
        .layer(campaign.layer());
    let h = Harness {
        app,
        campaign,
        clock,
    };
    let (cookie, csrf) = h.nudged(&format!("tenant={FABRIKAM}&user={ALICE}")).await;
    let cookie = h.next_to_scan(cookie, &format!("csrf={csrf}")).await;
    let mut app = App::scan(&h.setup_link(&cookie).await);
    assert!(
        app.path
            .ends_with(&format!("/registration-campaign/t/{FABRIKAM}/m/pipush")),
        "{}",
        app.path
    );
    // At the default tenant's URL the token is unknown.
    let default_path = app.path.clone();
    app.path = "/registration-campaign/m/pipush".into();
    assert_eq!(app.enroll(&h).await.status, StatusCode::NOT_FOUND);
    app.path = default_path;
    let enrolled = app.enroll(&h).await;
    assert_eq!(enrolled.status, StatusCode::OK, "{}", enrolled.body);
}
