//! The passkey campaign end to end through the layer (issue 11): prompt → Create a passkey →
//! Name your passkey → Passkey created → the host's page, with credentials made by a software
//! authenticator (webauthn-authenticator-rs's `SoftPasskey`), and the bad inputs on the way.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use registration_campaign::enroll::{Authenticator, EnrollmentMethod, PasskeyMethod, TotpMethod};
use registration_campaign::store::MemoryStore;
use registration_campaign::{
    BoxError, Campaign, DirectoryUser, ManualClock, MemoryDirectory, PasskeyAlternative,
    Registration, TenantId, UserDirectory,
};
use serde_json::{Value, json};
use url::Url;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_rs::prelude::CreationChallengeResponse;

use crate::support::harness::{ALICE, Harness, START, host_mfa};

const ORIGIN: &str = "https://login.contoso.test";

struct PasskeyHarness {
    h: Harness,
    registered: Arc<Mutex<Vec<Registration>>>,
    directory: Arc<MemoryDirectory>,
}

/// The host's directory in these tests: passkeys kept in a [`MemoryDirectory`], and every
/// registration remembered.
struct RecordingDirectory {
    passkeys: Arc<MemoryDirectory>,
    seen: Arc<Mutex<Vec<Registration>>>,
}

#[registration_campaign::async_trait]
impl UserDirectory for RecordingDirectory {
    async fn user(&self, tenant: &TenantId, id: &str) -> Result<Option<DirectoryUser>, BoxError> {
        self.passkeys.user(tenant, id).await
    }

    async fn save_registration(
        &self,
        tenant: &TenantId,
        registration: &Registration,
    ) -> Result<(), BoxError> {
        self.seen.lock().unwrap().push(registration.clone());
        self.passkeys.save_registration(tenant, registration).await
    }

    async fn passkey_owner(
        &self,
        tenant: &TenantId,
        credential_id: &str,
    ) -> Result<Option<String>, BoxError> {
        self.passkeys.passkey_owner(tenant, credential_id).await
    }
}

/// A campaign asking everyone for a passkey (snoozes limited), passkeys enabled with `fido2`.
async fn passkey_harness(fido2: Value) -> PasskeyHarness {
    passkey_harness_with(fido2, PasskeyAlternative::default(), None).await
}

/// The same, with `alternative` deciding whether an authenticator app is offered instead.
async fn passkey_harness_with(
    fido2: Value,
    alternative: PasskeyAlternative,
    notifications: Option<registration_campaign::notify::Notifications>,
) -> PasskeyHarness {
    let directory = Arc::new(MemoryDirectory::new());
    let passkeys =
        PasskeyMethod::for_origin(&Url::parse(ORIGIN).unwrap(), "Contoso", directory.clone())
            .unwrap();
    let methods: Vec<Arc<dyn EnrollmentMethod>> = vec![Arc::new(TotpMethod), Arc::new(passkeys)];
    let registered = Arc::new(Mutex::new(Vec::new()));
    let seen = registered.clone();
    let clock = Arc::new(ManualClock::new(START));
    let mut builder = Campaign::builder(Arc::new(MemoryStore::new()))
        .secure_cookies(false)
        .clock(clock.clone())
        .methods(methods)
        .passkey_alternative(alternative)
        .directory(Arc::new(RecordingDirectory {
            passkeys: directory.clone(),
            seen,
        }));
    if let Some(notifications) = notifications {
        builder = builder.notifications(notifications);
    }
    let campaign = builder.build();
    let policy = crate::support::harness::policy(json!({"includeTargets": [
        {"id": "all_users", "targetType": "group", "targetedAuthenticationMethod": "fido2"}]}))
    .apply_method_patch("Fido2", &fido2)
    .unwrap();
    campaign.replace_policy(policy).await.unwrap();
    let app = Router::new()
        .route("/mfa", post(host_mfa))
        .layer(campaign.layer());
    PasskeyHarness {
        h: Harness {
            app,
            campaign,
            clock,
        },
        registered,
        directory,
    }
}

/// The creation options the page hands its script.
fn options_on(page: &str) -> CreationChallengeResponse {
    let json = page
        .split("<script type=\"application/json\" id=\"passkey-options\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the passkey options on the page");
    serde_json::from_str(json).unwrap()
}

/// What the browser posts after `navigator.credentials.create` on this page.
fn create_passkey(page: &str) -> String {
    let mut authenticator = SoftPasskey::new(true);
    let credential = authenticator
        .do_registration(Url::parse(ORIGIN).unwrap(), options_on(page))
        .unwrap();
    serde_json::to_string(&credential).unwrap()
}

/// Signs Alice in and follows Next from the prompt: the flow's cookie and the create page.
async fn to_create_page(h: &Harness) -> (String, crate::support::Reply) {
    let (cookie, _) = h.nudged(&format!("user={ALICE}")).await;
    let prompt = h.get("/registration-campaign", &cookie).await;
    let cookie = h
        .post("/registration-campaign/next", &cookie, &prompt.csrf_form())
        .await
        .flow_cookie()
        .unwrap();
    let create = h.get("/registration-campaign", &cookie).await;
    (cookie, create)
}

/// Answers the create page with a software passkey, as the browser's script posts it.
async fn answer_create_page(
    h: &Harness,
    cookie: &str,
    create: &crate::support::Reply,
) -> crate::support::Reply {
    let answer = create_passkey(&create.body);
    h.post(
        "/registration-campaign/next",
        cookie,
        &form(create, &[("code", &answer)]),
    )
    .await
}

fn form(page: &crate::support::Reply, extra: &[(&str, &str)]) -> String {
    let mut form = form_urlencoded::Serializer::new(page.csrf_form());
    for (k, v) in extra {
        form.append_pair(k, v);
    }
    form.finish()
}

#[tokio::test]
async fn a_fido2_target_is_nudged_creates_names_and_saves_a_passkey() {
    let p = passkey_harness(json!({"state": "enabled"})).await;
    let h = &p.h;
    let (cookie, _) = h
        .nudged(&format!("user={ALICE}&next=/inbox&upn=alice@contoso.test"))
        .await;
    let prompt = h.get("/registration-campaign", &cookie).await;
    assert!(
        prompt.body.contains("asks you to create a passkey"),
        "{}",
        prompt.body
    );
    assert!(prompt.body.contains("Skip for now"));

    // Next: straight to "Create a passkey" (no app to download).
    let next = h
        .post("/registration-campaign/next", &cookie, &prompt.csrf_form())
        .await;
    assert_eq!(next.status, StatusCode::SEE_OTHER);
    let cookie = next.flow_cookie().unwrap();
    let create = h.get("/registration-campaign", &cookie).await;
    assert_eq!(create.status, StatusCode::OK);
    assert!(create.body.contains("<h1>Create a passkey</h1>"));
    assert!(create.body.contains("data-passkey-start"));
    assert!(create.body.contains("Step 1 of 2"));
    let options = options_on(&create.body);
    assert_eq!(options.public_key.rp.id, "login.contoso.test");

    // The browser's answer goes to Next as `code`; then "Name your passkey".
    let answer = create_passkey(&create.body);
    let created = h
        .post(
            "/registration-campaign/next",
            &cookie,
            &form(&create, &[("code", &answer)]),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let cookie = created.flow_cookie().unwrap();
    let name = h.get("/registration-campaign", &cookie).await;
    assert!(
        name.body.contains("<h1>Name your passkey</h1>"),
        "{}",
        name.body
    );
    assert!(name.body.contains("name=\"name\""));
    assert!(
        p.registered.lock().unwrap().is_empty(),
        "nothing told before the name"
    );
    assert_eq!(h.state().await.registered_at, None);

    // Bad names are refused with a message, and nothing is saved.
    for bad in [
        "",
        "   ",
        &"x".repeat(65),
        "Work\u{200B}laptop",
        "line\nbreak",
    ] {
        let refused = h
            .post_and_follow(
                "/registration-campaign/next",
                &cookie,
                &form(&name, &[("name", bad)]),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert!(refused.body.contains("field-error"), "{bad:?}");
    }
    assert!(p.registered.lock().unwrap().is_empty());

    let named = h
        .post(
            "/registration-campaign/next",
            &cookie,
            &form(&name, &[("name", "  Work laptop  ")]),
        )
        .await;
    assert_eq!(named.status, StatusCode::SEE_OTHER, "{}", named.body);
    let cookie = named.flow_cookie().unwrap();
    let done = h.get("/registration-campaign", &cookie).await;
    assert!(
        done.body.contains("<h1>Passkey created</h1>"),
        "{}",
        done.body
    );
    assert!(done.body.contains(">Done</button>"));
    {
        let registered = p.registered.lock().unwrap();
        assert_eq!(registered.len(), 1);
        assert_eq!(registered[0].display_name, "Work laptop");
        let Authenticator::Passkey(passkey) = &registered[0].authenticator else {
            panic!("not a passkey: {:?}", registered[0].authenticator);
        };
        assert!(!passkey.passkey_json.is_empty());
    }
    assert_eq!(h.state().await.registered_at, Some(START));
    let finish = h
        .post("/registration-campaign/next", &cookie, &done.csrf_form())
        .await;
    assert_eq!(finish.location(), "/inbox");
    let report = h.campaign.user_report(None, 10, None).await.unwrap();
    assert_eq!(report.rows[0].registered_method.as_deref(), Some("passkey"));
}

#[tokio::test]
async fn a_replayed_or_foreign_answer_is_refused_and_nothing_is_saved() {
    let p = passkey_harness(json!({"state": "enabled"})).await;
    let h = &p.h;
    let (cookie, create) = to_create_page(h).await;
    // Garbage, and an answer for another site, each get the page back with a message.
    let other_site = {
        let mut options = options_on(&create.body);
        options.public_key.rp.id = "evil.test".into();
        let mut authenticator = SoftPasskey::new(true);
        let credential = authenticator
            .do_registration(Url::parse("https://evil.test").unwrap(), options)
            .unwrap();
        serde_json::to_string(&credential).unwrap()
    };
    for bad in ["{not json", "{}", other_site.as_str()] {
        let page = h.get("/registration-campaign", &cookie).await;
        let refused = h
            .post(
                "/registration-campaign/next",
                &cookie,
                &form(&page, &[("code", bad)]),
            )
            .await;
        assert!(
            refused.status.is_client_error() || refused.status == StatusCode::SEE_OTHER,
            "{bad}: {}",
            refused.status
        );
        let after = h.get("/registration-campaign", &cookie).await;
        assert!(!after.body.contains("Name your passkey"), "{bad}");
    }
    assert!(p.registered.lock().unwrap().is_empty());
    assert_eq!(h.state().await.registered_at, None);
    assert_eq!(p.directory.passkey_count(), 0);
}

#[tokio::test]
async fn a_profile_that_allows_only_device_bound_keys_is_passed_to_the_method() {
    // SoftPasskey makes device-bound keys: a synced-only profile must refuse it.
    let synced_only = json!({"state": "enabled",
        "includeTargets": [{"id": "all_users", "targetType": "group",
                            "allowedPasskeyProfiles": ["9a4c9f1e-2c4b-4e6d-8a3f-1b2c3d4e5f60"]}],
        "passkeyProfiles": [{"id": "9a4c9f1e-2c4b-4e6d-8a3f-1b2c3d4e5f60", "name": "Synced only",
                             "passkeyTypes": "synced", "attestationEnforcement": "disabled",
                             "keyRestrictions": {"isEnforced": false, "enforcementType": "block", "aaGuids": []}}]});
    let p = passkey_harness(synced_only).await;
    let h = &p.h;
    let (cookie, create) = to_create_page(h).await;
    let refused = answer_create_page(h, &cookie, &create).await;
    let page = if refused.status == StatusCode::SEE_OTHER {
        h.get("/registration-campaign", &cookie).await
    } else {
        refused
    };
    assert!(
        page.body.contains("only allows passkeys that sync"),
        "{}",
        page.body
    );
    assert!(p.registered.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_authenticator_campaign_never_offers_the_passkey_method_as_its_alternative() {
    let p = passkey_harness(json!({"state": "enabled"})).await;
    let h = &p.h;
    h.campaign
        .replace_policy(
            crate::support::harness::policy(json!({}))
                .apply_method_patch("Fido2", &json!({"state": "enabled"}))
                .unwrap(),
        )
        .await
        .unwrap();
    let (cookie, csrf) = h.nudged(&format!("user={ALICE}")).await;
    let cookie = h.next_to_scan(cookie, &format!("csrf={csrf}")).await;
    let scan = h.get("/registration-campaign", &cookie).await;
    assert!(
        scan.body.contains("otpauth://"),
        "the TOTP page: {}",
        scan.body
    );
    assert!(
        !scan.body.contains("/alternative"),
        "no switch to a passkey"
    );
}

/// Issue 24: `GET {prefix}/status` and reloads are read-only. A cross-site top-level navigation
/// carries the Lax flow cookie, so a GET that started a new ceremony let any page refuse the
/// options already on the victim's page ("belongs to a different passkey request").
#[tokio::test]
async fn reloads_and_status_polls_keep_the_passkey_ceremony_on_the_page() {
    let p = passkey_harness(json!({"state": "enabled"})).await;
    let h = &p.h;
    let (cookie, create) = to_create_page(h).await;
    let options = options_on(&create.body);
    for _ in 0..3 {
        let status = h.get("/registration-campaign/status", &cookie).await;
        assert_eq!(status.status, StatusCode::OK);
        let again = h.get("/registration-campaign", &cookie).await;
        assert_eq!(
            options_on(&again.body).public_key.challenge,
            options.public_key.challenge,
            "a GET started a new ceremony"
        );
    }
    let created = answer_create_page(h, &cookie, &create).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let name = h
        .get("/registration-campaign", &created.flow_cookie().unwrap())
        .await;
    assert!(
        name.body.contains("<h1>Name your passkey</h1>"),
        "the page's own ceremony was accepted: {}",
        name.body
    );
}

/// Issue 24: a passkey nudge offers no authenticator app instead (a phishing-resistant method
/// was asked for, and the nudge can be skipped); "use another method" is refused there.
#[tokio::test]
async fn a_passkey_nudge_offers_no_weaker_method() {
    let p = passkey_harness(json!({"state": "enabled"})).await;
    let h = &p.h;
    let (cookie, create) = to_create_page(h).await;
    assert!(
        !create.body.contains("/registration-campaign/alternative"),
        "{}",
        create.body
    );
    let switched = h
        .post_and_follow(
            "/registration-campaign/alternative",
            &cookie,
            &create.csrf_form(),
        )
        .await;
    assert!(
        switched.body.contains("<h1>Create a passkey</h1>"),
        "{}",
        switched.body
    );
    assert!(!switched.body.contains("otpauth://"), "{}", switched.body);

    // A host that offers it always: the switch leads to an authenticator app, and the last page
    // names the app, not a passkey.
    let p = passkey_harness_with(
        json!({"state": "enabled"}),
        PasskeyAlternative::Always,
        None,
    )
    .await;
    let (cookie, create) = to_create_page(&p.h).await;
    assert!(create.body.contains("/registration-campaign/alternative"));
    let switched =
        p.h.post_and_follow(
            "/registration-campaign/alternative",
            &cookie,
            &create.csrf_form(),
        )
        .await;
    assert!(switched.body.contains("otpauth://"), "{}", switched.body);
}

/// Issue 24: a passkey left with the default name read "Your passkey **Passkey** is saved".
#[tokio::test]
async fn a_passkey_with_the_default_name_is_not_named_again() {
    let p = passkey_harness(json!({"state": "enabled"})).await;
    let h = &p.h;
    let (cookie, create) = to_create_page(h).await;
    let created = answer_create_page(h, &cookie, &create).await;
    let cookie = created.flow_cookie().unwrap();
    let name = h.get("/registration-campaign", &cookie).await;
    let named = h
        .post(
            "/registration-campaign/next",
            &cookie,
            &form(&name, &[("name", "Passkey")]),
        )
        .await;
    let done = h
        .get("/registration-campaign", &named.flow_cookie().unwrap())
        .await;
    assert!(
        done.body.contains("Your passkey is saved."),
        "{}",
        done.body
    );
    assert!(
        !done.body.contains("<strong>Passkey</strong>"),
        "{}",
        done.body
    );
}

#[tokio::test]
async fn a_passkey_registration_is_told_to_the_user_with_its_name() {
    let mail = crate::support::smtp::MailServer::start();
    let notifications = registration_campaign::notify::Notifications::new(mail.notifier());
    let p = passkey_harness_with(
        json!({"state": "enabled"}),
        PasskeyAlternative::default(),
        Some(notifications),
    )
    .await;
    let alice = DirectoryUser::new(ALICE, "Alice").with_mail("alice@contoso.test");
    p.directory.add(&TenantId::default_tenant(), alice);
    let h = &p.h;
    let (cookie, create) = to_create_page(h).await;
    let created = answer_create_page(h, &cookie, &create).await;
    let cookie = created.flow_cookie().unwrap();
    let name = h.get("/registration-campaign", &cookie).await;
    let named = h
        .post(
            "/registration-campaign/next",
            &cookie,
            &form(&name, &[("name", "Work laptop")]),
        )
        .await;
    assert_eq!(named.status, StatusCode::SEE_OTHER, "{}", named.body);
    assert_eq!(h.campaign.send_notifications().await.unwrap().sent, 1);
    let inbox = mail.inbox();
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].to, ["alice@contoso.test"]);
    assert!(
        inbox[0].text.contains("Method: a passkey"),
        "{}",
        inbox[0].text
    );
    assert!(
        inbox[0].text.contains("Name: Work laptop"),
        "{}",
        inbox[0].text
    );
    // Sent once.
    assert_eq!(h.campaign.send_notifications().await.unwrap().sent, 0);
}
