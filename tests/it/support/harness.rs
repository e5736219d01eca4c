//! The in-process harness: a host app with the campaign layer, driven through
//! `tower::ServiceExt::oneshot` like a browser would, and the helpers the flow tests share.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::Query;
use axum::http::{Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::store::{CampaignStore, MemoryStore};
use registration_campaign::{
    AuthMethod, Campaign, DirectoryUser, ManualClock, MfaCompleted, UserCampaignState,
};
use serde::Deserialize;
use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

pub(crate) use super::Reply;

pub(crate) const ALICE: &str = "a11ce000-0000-4000-8000-000000000001";
pub(crate) const EXEMPT: &str = "c0ffee00-0000-4000-8000-00000000e0c1";
pub(crate) const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
pub(crate) const START: OffsetDateTime = datetime!(2026-11-28 09:00 UTC);

#[derive(Deserialize)]
pub(crate) struct MfaQuery {
    user: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    attempt: Option<String>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    upn: Option<String>,
    /// The user's offset from UTC in minutes, when the host knows it.
    #[serde(default)]
    offset_minutes: Option<i32>,
    /// The user's saved language, when the host has one.
    #[serde(default)]
    locale: Option<String>,
    /// The sign-in's `ui_locales` hint.
    #[serde(default)]
    ui_locales: Option<String>,
}

/// The host's MFA handler: a 303 with its own session cookie, marked as an MFA completion.
pub(crate) async fn host_mfa(Query(q): Query<MfaQuery>) -> Response {
    // The host already has the user: the layer need not ask a directory.
    let mut user = DirectoryUser::new(q.user.clone(), "Alice")
        .with_methods([AuthMethod::Sms])
        .with_groups(q.group);
    if let Some(locale) = q.locale {
        user = user.with_locale(locale);
    }
    if let Some(upn) = q.upn {
        user = user.with_sign_in_name(upn);
    }
    if let Some(minutes) = q.offset_minutes {
        user = user.with_utc_offset(time::UtcOffset::from_whole_seconds(minutes * 60).unwrap());
    }
    let mut mfa = MfaCompleted::new(q.user, AuthMethod::Sms).with_user(user);
    if let Some(ui_locales) = q.ui_locales {
        mfa = mfa.with_ui_locales(ui_locales);
    }
    if let Some(attempt) = q.attempt {
        mfa = mfa.with_attempt_id(attempt);
    }
    let mut response = (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, q.next.unwrap_or_else(|| "/inbox".into())),
            (
                header::SET_COOKIE,
                "host_session=abc; Path=/; HttpOnly".into(),
            ),
        ],
        "host body",
    )
        .into_response();
    response.extensions_mut().insert(mfa);
    response
}

pub(crate) struct Harness {
    pub(crate) app: Router,
    pub(crate) campaign: Campaign,
    pub(crate) clock: Arc<ManualClock>,
}

pub(crate) fn policy(fields: serde_json::Value) -> AuthenticationMethodsPolicy {
    let mut campaign =
        json!({"state": "enabled", "excludeTargets": [{"id": EXEMPT, "targetType": "group"}]});
    campaign
        .as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    AuthenticationMethodsPolicy::default()
        .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": campaign}}))
        .unwrap()
}

/// Push first, TOTP as the alternative, as the demo offers them.
pub(crate) fn push_then_totp() -> Vec<Arc<dyn registration_campaign::enroll::EnrollmentMethod>> {
    vec![
        Arc::new(registration_campaign::enroll::PushMethod::new(
            "Microsoft Authenticator",
            "https://apps.apple.com/app/microsoft-authenticator/id983156458",
            "https://play.google.com/store/apps/details?id=com.azure.authenticator",
        )),
        Arc::new(registration_campaign::enroll::TotpMethod),
    ]
}

pub(crate) async fn harness_with(
    store: Arc<dyn CampaignStore>,
    fields: serde_json::Value,
) -> Harness {
    let clock = Arc::new(ManualClock::new(START));
    let campaign = Campaign::builder(store)
        .secure_cookies(false)
        .clock(clock.clone())
        .methods(push_then_totp())
        .build();
    campaign.replace_policy(policy(fields)).await.unwrap();
    let app = Router::new()
        .route("/mfa", post(host_mfa))
        .route(
            "/other",
            get(|| async { ([("x-host", "yes")], "other page") }),
        )
        .layer(campaign.layer());
    Harness {
        app,
        campaign,
        clock,
    }
}

/// A harness around `build` (a campaign builder on a fresh memory store and a clock at
/// [`START`]) with policy `fields` in force: the host's `/mfa` and the campaign layer.
pub(crate) async fn harness_built(
    fields: serde_json::Value,
    build: impl FnOnce(registration_campaign::CampaignBuilder) -> registration_campaign::CampaignBuilder,
) -> Harness {
    let clock = Arc::new(ManualClock::new(START));
    let builder = Campaign::builder(Arc::new(MemoryStore::new()))
        .secure_cookies(false)
        .clock(clock.clone());
    let campaign = build(builder).build();
    campaign.replace_policy(policy(fields)).await.unwrap();
    let app = Router::new()
        .route("/mfa", post(host_mfa))
        .layer(campaign.layer());
    Harness {
        app,
        campaign,
        clock,
    }
}

pub(crate) async fn harness(fields: serde_json::Value) -> Harness {
    harness_with(Arc::new(MemoryStore::new()), fields).await
}

impl Harness {
    pub(crate) async fn send(&self, request: Request<Body>) -> Reply {
        super::send(&self.app, request).await
    }

    pub(crate) async fn mfa(&self, query: &str) -> Reply {
        self.send(
            Request::post(format!("/mfa?{query}"))
                .header(header::USER_AGENT, CHROME)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub(crate) async fn get(&self, path: &str, cookie: &str) -> Reply {
        self.send(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub(crate) async fn post(&self, path: &str, cookie: &str, form: &str) -> Reply {
        self.send(
            Request::post(path)
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form.to_owned()))
                .unwrap(),
        )
        .await
    }

    /// Signs in, follows the nudge to the prompt and returns (cookie, csrf).
    /// Posts a flow form and follows its redirect, as a browser does: every flow POST is
    /// answered with a `303` to the flow (Post/Redirect/Get), and the page it shows is this.
    pub(crate) async fn post_and_follow(&self, path: &str, cookie: &str, form: &str) -> Reply {
        let posted = self.post(path, cookie, form).await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
        assert_eq!(posted.location(), "/registration-campaign");
        let cookie = posted.flow_cookie().unwrap_or_else(|| cookie.to_owned());
        self.get("/registration-campaign", &cookie).await
    }

    pub(crate) async fn nudged(&self, query: &str) -> (String, String) {
        let redirect = self.mfa(query).await;
        assert_eq!(redirect.status, StatusCode::SEE_OTHER, "{}", redirect.body);
        assert_eq!(redirect.location(), "/registration-campaign");
        let cookie = redirect.flow_cookie().expect("a flow cookie");
        let prompt = self.get("/registration-campaign", &cookie).await;
        assert_eq!(prompt.status, StatusCode::OK);
        (cookie, prompt.csrf())
    }

    /// Posts Next from the prompt to the scan step; returns the scan step's cookie.
    pub(crate) async fn next_to_scan(&self, mut cookie: String, form: &str) -> String {
        for _ in 0..3 {
            cookie = self
                .post("/registration-campaign/next", &cookie, form)
                .await
                .flow_cookie()
                .unwrap();
        }
        cookie
    }

    /// The scan page's setup link (push) or `otpauth://` URI (TOTP).
    pub(crate) async fn setup_link(&self, cookie: &str) -> String {
        let scan = self.get("/registration-campaign", cookie).await.body;
        scan.split("data-copy-label=\"Copy the setup link\"")
            .nth(1)
            .and_then(|tag| tag.split_once('>'))
            .expect("a setup link on the scan page")
            .1
            .split('<')
            .next()
            .unwrap()
            .to_owned()
    }

    pub(crate) async fn state(&self) -> UserCampaignState {
        self.campaign.store().user_state(ALICE).await.unwrap()
    }
}

/// The clock's reading in Unix seconds (for TOTP codes).
pub(crate) trait UnixNow {
    fn now_unix(&self) -> u64;
}

impl UnixNow for ManualClock {
    fn now_unix(&self) -> u64 {
        use registration_campaign::Clock;
        self.now().unix_timestamp() as u64
    }
}

pub(crate) async fn sqlite_store() -> Arc<dyn CampaignStore> {
    let dir = std::env::temp_dir().join(format!("rc-layer-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    Arc::new(
        registration_campaign::store::SqliteStore::open(dir.join("campaign.sqlite3"))
            .await
            .unwrap(),
    )
}

/// A push device enrolled from the scan page, with a test notification waiting for it.
pub(crate) struct TestNotification {
    /// The flow cookie at the test step, and the form to post.
    pub(crate) cookie: String,
    pub(crate) form: String,
    key: ed25519_dalek::SigningKey,
    pub(crate) device_id: String,
    challenge_id: String,
    challenge_nonce: Vec<u8>,
    /// The number the browser shows.
    pub(crate) number: String,
}

/// A phone's `register` request for the enrollment link `uri`, signed with `key`, named
/// "Phone".
pub(crate) fn register_device(uri: &str, key: &ed25519_dalek::SigningKey) -> Request<Body> {
    use ed25519_dalek::Signer;
    use registration_campaign::enroll::protocol::{self, b64, signed_bytes, unb64};
    let credential_text = uri
        .split("credential=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("a credential in the link");
    let credential = unb64(credential_text).unwrap();
    let public = key.verifying_key().to_bytes();
    let signed = signed_bytes(
        protocol::REGISTER_CONTEXT,
        &[&credential, &public, b"Phone"],
    );
    json_post(
        "/registration-campaign/device/v1/register",
        &json!({
            "credential": credential_text, "publicKey": b64(&public), "deviceName": "Phone",
            "signature": b64(&key.sign(&signed).to_bytes()),
        }),
    )
}

pub(crate) fn json_post(path: &str, body: &serde_json::Value) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

impl Harness {
    /// Walks to the scan step, enrolls a device from the page's link as a phone would, sends
    /// the test notification and polls it on the device.
    pub(crate) async fn push_test_notification(&self) -> TestNotification {
        use ed25519_dalek::Signer;
        use registration_campaign::enroll::protocol::{self, b64, signed_bytes, unb64};

        let (mut cookie, csrf) = self.nudged(&format!("user={ALICE}")).await;
        let form = format!("csrf={csrf}");
        cookie = self.next_to_scan(cookie, &form).await;
        let uri = self.setup_link(&cookie).await;
        let key = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
        let public = key.verifying_key().to_bytes();
        assert_eq!(
            self.send(register_device(&uri, &key)).await.status,
            StatusCode::CREATED
        );
        let device_id = protocol::device_id(&public);

        cookie = self
            .post("/registration-campaign/next", &cookie, &form)
            .await
            .flow_cookie()
            .unwrap();
        let test = self.get("/registration-campaign", &cookie).await.body;
        let at = test.find("Number to enter: </span>").unwrap();
        let number = test[at + 24..at + 26].to_owned();

        let timestamp = START.unix_timestamp();
        let nonce = [9u8; 16];
        let poll = json!({
            "deviceId": device_id, "timestamp": timestamp, "nonce": b64(&nonce),
            "signature": b64(&key.sign(&signed_bytes(protocol::POLL_CONTEXT, &[device_id.as_bytes(), timestamp.to_string().as_bytes(), &nonce])).to_bytes()),
        });
        let pending: serde_json::Value = serde_json::from_str(
            &self
                .send(json_post("/registration-campaign/device/v1/poll", &poll))
                .await
                .body,
        )
        .unwrap();
        let challenge = &pending["challenges"][0];
        TestNotification {
            cookie,
            form,
            key,
            device_id,
            challenge_id: challenge["challengeId"].as_str().unwrap().to_owned(),
            challenge_nonce: unb64(challenge["nonce"].as_str().unwrap()).unwrap(),
            number,
        }
    }
}

impl TestNotification {
    /// The device's signed approval with `number`.
    pub(crate) fn answer(&self, number: &str) -> Request<Body> {
        self.decide("approve", number)
    }

    /// The device's signed `decision` (`approve` or `deny`) with `number` (may be empty).
    pub(crate) fn decide(&self, decision: &str, number: &str) -> Request<Body> {
        use ed25519_dalek::Signer;
        use registration_campaign::enroll::protocol::{self, b64, signed_bytes};
        let (device_id, challenge_id) = (&self.device_id, &self.challenge_id);
        let signed = signed_bytes(
            protocol::ANSWER_CONTEXT,
            &[
                device_id.as_bytes(),
                challenge_id.as_bytes(),
                &self.challenge_nonce,
                decision.as_bytes(),
                number.as_bytes(),
            ],
        );
        json_post(
            "/registration-campaign/device/v1/answer",
            &json!({
                "deviceId": device_id, "challengeId": challenge_id, "decision": decision,
                "number": number, "signature": b64(&self.key.sign(&signed).to_bytes()),
            }),
        )
    }
}
