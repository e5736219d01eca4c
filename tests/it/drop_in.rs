//! Issue 22: dropping the campaign into a host. The axum-login example as it is wired (its
//! directory, the initial policy, any authenticator app), the host trait asked with the tenant,
//! the campaign in request extensions, and the demo keeping two tenants' users apart.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http_body_util::BodyExt;
use registration_campaign::decision::{Decision, PassReason};
use registration_campaign::policy::CampaignPolicy;
use registration_campaign::store::{CampaignStore, MemoryStore};
use registration_campaign::{
    AuthMethod, Campaign, DirectoryUser, MemoryDirectory, MfaCompleted, TenantId,
};
use serde_json::json;
use tower::ServiceExt;

use crate::support::{self, Browser, Demo, decode_qr, otpauth_secret, temp_dir};

use crate::gate::axum_login_app::{self, Backend, CampaignLayer, User};
use crate::gate::serve;

const CAROL_TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn backend() -> Backend {
    Backend::new(
        [("bob", None), ("carol", Some(CAROL_TOTP))].map(|(name, secret)| User {
            id: name.into(),
            name: name.into(),
            password_hash: password_auth::generate_hash(format!("{name}-pw")),
            totp_secret: secret.map(str::to_owned),
        }),
    )
}

/// The decision for an SMS sign-in of user `u1`, with the policy it was made under.
async fn decide_u1(campaign: &Campaign) -> (Decision, Arc<registration_campaign::ActivePolicy>) {
    let facts = registration_campaign::SignInFacts::new("u1", AuthMethod::Sms);
    campaign.decide(&facts).await.unwrap()
}

fn log_in(browser: &mut Browser, user: &str) {
    let login = browser.post("/login", &format!("username={user}&password={user}-pw"));
    assert_eq!(login.status, 303, "{}", login.body);
}

#[test]
fn the_axum_login_example_nudges_only_users_without_an_app_and_its_code_cannot_be_replayed() {
    let backend = backend();
    let store = Arc::new(MemoryStore::new());
    let campaign = axum_login_app::campaign(store.clone(), &backend).unwrap();
    let served = serve(axum_login_app::app(
        backend.clone(),
        campaign.clone(),
        CampaignLayer::Outside,
    ));

    // Carol signs in with the authenticator app she has: no nudge (a TOTP app counts).
    let mut carol = Browser::new(&served.address);
    log_in(&mut carol, "carol");
    let code = support::totp_now(CAROL_TOTP);
    let mfa = carol.post("/mfa", &format!("code={code}"));
    assert_eq!(mfa.header("location"), Some("/"), "{}", mfa.body);
    assert!(carol.get("/").body.contains("Signed in as carol"));
    // The initial policy was written at the first decision, once.
    let stored = served
        .runtime
        .block_on(store.load_policy(campaign.tenant_id()))
        .unwrap()
        .unwrap();
    assert_eq!(stored.version, 1);

    // Bob gets a mailed code, and is nudged to set up an authenticator app: no product named.
    let mut bob = Browser::new(&served.address);
    log_in(&mut bob, "bob");
    let mailed = backend.last_mail("bob").unwrap();
    let mfa = bob.post("/mfa", &format!("code={}", &mailed[mailed.len() - 6..]));
    assert_eq!(mfa.header("location"), Some("/registration-campaign"));
    let prompt = bob.get("/registration-campaign");
    assert!(
        prompt.body.contains("set up an authenticator app"),
        "{}",
        prompt.body
    );
    assert!(!prompt.body.contains("Microsoft"), "{}", prompt.body);
    let csrf = prompt.csrf();
    for _ in 0..2 {
        bob.post("/registration-campaign/next", &format!("csrf={csrf}"));
    }
    let download_free = bob.get("/registration-campaign");
    assert!(!download_free.body.contains("apps.apple.com"));
    bob.post("/registration-campaign/next", &format!("csrf={csrf}"));
    let secret = otpauth_secret(&decode_qr(&bob.get("/registration-campaign").body));
    let code = support::totp_now(&secret);
    let registered = bob.post(
        "/registration-campaign/code",
        &format!("csrf={csrf}&code={code}"),
    );
    assert_eq!(registered.status, 303, "{}", registered.body);
    let done = bob.get("/registration-campaign");
    assert!(
        !done.body.contains("default sign-in method"),
        "{}",
        done.body
    );
    // The host's directory kept the secret (save_registration).
    assert_eq!(backend.totp_secret("bob").as_deref(), Some(secret.as_str()));
    let finish = bob.post(
        "/registration-campaign/next",
        &format!("csrf={}", done.csrf()),
    );
    assert_eq!(finish.header("location"), Some("/"));
    assert!(bob.get("/").body.contains("Signed in as bob"));

    // Signing in again: the code that registered the app is refused (no replay window), the
    // next one signs in, and the campaign leaves Bob alone.
    bob.get("/logout");
    log_in(&mut bob, "bob");
    let replayed = bob.post("/mfa", &format!("code={code}"));
    assert_eq!(replayed.status, 401, "{}", replayed.body);
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    let next = support::totp(&secret, now + 30);
    let mfa = bob.post("/mfa", &format!("code={next}"));
    assert_eq!(mfa.header("location"), Some("/"), "{}", mfa.body);
    assert!(bob.get("/").body.contains("Signed in as bob"));
}

#[tokio::test]
async fn an_initial_policy_is_written_once_and_never_over_an_admins() {
    let store = Arc::new(MemoryStore::new());
    let build = || {
        Campaign::builder(store.clone())
            .initial_policy(CampaignPolicy::enabled().all_users().build().unwrap())
            .build()
    };
    let first = build();
    let (_, policy) = decide_u1(&first).await;
    assert_eq!(policy.version, 1);
    // An admin changes it; a restarted instance with the same initial policy keeps theirs.
    let disabled = CampaignPolicy::disabled().all_users().build().unwrap();
    assert_eq!(first.replace_policy(disabled).await.unwrap(), 2);
    let restarted = build();
    let (decision, policy) = decide_u1(&restarted).await;
    assert_eq!(policy.version, 2);
    assert_eq!(
        decision,
        Decision::PassThrough(PassReason::CampaignDisabled)
    );
    let (log, total) = restarted.audit_log(0, 10).await.unwrap();
    assert_eq!(total, 2, "{log:?}");
}

/// A host app whose MFA handler marks user `u1` of the tenant named in the path.
fn tenant_host(campaign: &Campaign) -> Router {
    async fn mfa(axum::extract::Path(tenant): axum::extract::Path<String>) -> Response {
        let mut response = Redirect::to("/home").into_response();
        let tenant = TenantId::new(&tenant).unwrap();
        let mfa = MfaCompleted::new("u1", AuthMethod::Sms).in_tenant(tenant);
        response.extensions_mut().insert(mfa);
        response
    }
    Router::new()
        .route("/mfa/{tenant}", post(mfa))
        .layer(campaign.layer())
}

async fn post_mfa(app: &Router, tenant: &str) -> (StatusCode, Option<String>) {
    let request = Request::post(format!("/mfa/{tenant}"))
        .header("user-agent", support::DESKTOP_CHROME)
        .body(Body::empty())
        .unwrap();
    let reply = support::send(app, request).await;
    (reply.status, reply.header("location").map(str::to_owned))
}

#[tokio::test]
async fn the_directory_is_asked_with_the_tenant_and_one_id_in_two_tenants_is_two_users() {
    let (contoso, fabrikam) = (
        TenantId::new("c0470500-0000-4000-8000-0000000000c0").unwrap(),
        TenantId::new("fab41ca0-0000-4000-8000-0000000000f0").unwrap(),
    );
    let directory = Arc::new(MemoryDirectory::new());
    // u1 of Contoso already has an authenticator app; u1 of Fabrikam does not.
    directory.add(
        &contoso,
        DirectoryUser::new("u1", "Uma (Contoso)").with_methods([AuthMethod::SoftwareOath]),
    );
    directory.add(
        &fabrikam,
        DirectoryUser::new("u1", "Ulf (Fabrikam)").with_methods([AuthMethod::Sms]),
    );
    let store = Arc::new(MemoryStore::new());
    let mut builder = Campaign::builder(store.clone())
        .directory(directory.clone())
        .initial_policy(CampaignPolicy::enabled().all_users().build().unwrap())
        .secure_cookies(false);
    for tenant in [&contoso, &fabrikam] {
        let settings = registration_campaign::TenantSettings {
            authenticator_apps: registration_campaign::AuthenticatorApps::Any,
            ..Default::default()
        };
        builder = builder.tenant(tenant.clone(), settings);
    }
    let campaign = builder.build();
    let app = tenant_host(&campaign);
    assert_eq!(
        post_mfa(&app, contoso.as_str()).await.1.as_deref(),
        Some("/home"),
        "Contoso's u1 has an app"
    );
    assert_eq!(
        post_mfa(&app, fabrikam.as_str()).await.1.as_deref(),
        Some("/registration-campaign"),
        "Fabrikam's u1 has none"
    );
    let fabrikam_state = store.user_state(&fabrikam, "u1").await.unwrap();
    let contoso_state = store.user_state(&contoso, "u1").await.unwrap();
    assert_eq!(fabrikam_state.snooze_count, 1);
    assert_eq!(contoso_state.snooze_count, 0);
    // A user the tenant's directory does not know passes through, and nothing is stored.
    let other = TenantId::default_tenant();
    assert_eq!(
        post_mfa(&app, other.as_str()).await.1.as_deref(),
        Some("/home")
    );
    assert_eq!(
        store.user_state(&other, "u1").await.unwrap().snooze_count,
        0
    );
}

#[tokio::test]
async fn handlers_take_the_campaign_from_the_layer_and_say_when_it_is_missing() {
    async fn who(campaign: Campaign) -> String {
        campaign.tenant_id().to_string()
    }
    let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
    let with_layer = Router::new()
        .route("/who", get(who))
        .layer(campaign.layer());
    let response = with_layer
        .oneshot(Request::get("/who").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(body, campaign.tenant_id().to_string());
    // A host that opts out (it passes the campaign itself) gets the same clear refusal.
    let lean = Router::new()
        .route("/who", get(who))
        .layer(campaign.layer().without_campaign_in_requests());
    let response = lean
        .oneshot(Request::get("/who").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let without = Router::new().route("/who", get(who));
    let response = without
        .oneshot(Request::get("/who").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(body, "the registration campaign layer is not installed");
}

#[test]
fn any_authenticator_app_counts_a_totp_app_and_the_default_does_not() {
    use registration_campaign::decision::{CampaignRules, decide};
    use registration_campaign::{
        AuthenticatorApps, SignInFacts, TenantSettings, UserCampaignState,
    };
    let policy = CampaignPolicy::enabled().all_users().build().unwrap();
    let rules = CampaignRules::new(&policy);
    let mut facts = SignInFacts::new("u1", AuthMethod::Sms);
    facts.registered_methods = vec![AuthMethod::Sms, AuthMethod::SoftwareOath];
    let now = time::OffsetDateTime::now_utc();
    let state = UserCampaignState::default();
    let entra = TenantSettings::default();
    assert!(matches!(
        decide(&rules, &facts, &state, &entra, now),
        Decision::Nudge { .. }
    ));
    let any = TenantSettings {
        authenticator_apps: AuthenticatorApps::Any,
        ..Default::default()
    };
    assert_eq!(
        decide(&rules, &facts, &state, &any, now),
        Decision::PassThrough(PassReason::AlreadyRegistered)
    );
    facts.registered_methods = vec![AuthMethod::Sms];
    assert!(matches!(
        decide(&rules, &facts, &state, &any, now),
        Decision::Nudge { .. }
    ));
}

// ---- The demo with two tenants whose users share an id ----

const CONTOSO: &str = "c0470500-0000-4000-8000-0000000000c0";
const FABRIKAM: &str = "fab41ca0-0000-4000-8000-0000000000f0";
const SHARED_ID: &str = "5a4ed1d0-0000-4000-8000-000000000001";

#[test]
fn the_demo_keeps_two_tenants_users_with_one_id_apart() {
    let dir = temp_dir();
    let tenants = json!({"tenants": [
        {"id": CONTOSO, "displayName": "Contoso", "plan": "paid"},
        {"id": FABRIKAM, "displayName": "Fabrikam", "plan": "paid"}]});
    let users = json!({"users": [
        {"id": SHARED_ID, "userPrincipalName": "alice@contoso.test", "password": "alice-demo",
         "displayName": "Alice (Contoso)", "methods": ["sms"], "tenantId": CONTOSO},
        {"id": SHARED_ID, "userPrincipalName": "bob@fabrikam.test", "password": "bob-demo",
         "displayName": "Bob (Fabrikam)", "methods": ["sms"], "tenantId": FABRIKAM}]});
    let demo = Demo::with_tenants(&dir, tenants, users);
    let enable = json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
        "state": "enabled", "snoozeDurationInDays": 0,
        "includeTargets": [{"id": "all_users", "targetType": "group",
        "targetedAuthenticationMethod": "microsoftAuthenticator"}]}}});
    for tid in [CONTOSO, FABRIKAM] {
        let token = demo.admin_token_for(tid);
        let reply = Browser::new(&demo.address).request(
            "PATCH",
            "/v1.0/policies/authenticationMethodsPolicy",
            Some(("application/json", &enable.to_string())),
            &[("authorization", &format!("Bearer {token}"))],
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    // Bob of Fabrikam skips twice: his snoozes are his.
    for _ in 0..2 {
        let mut bob = Browser::new(&demo.address);
        let mfa = bob.sign_in("bob@fabrikam.test", "bob-demo");
        assert_eq!(mfa.header("location"), Some("/registration-campaign"));
        let prompt = bob.get("/registration-campaign");
        assert!(prompt.body.contains("Bob (Fabrikam)"), "{}", prompt.body);
        let skip = bob.post(
            "/registration-campaign/skip",
            &format!("csrf={}", prompt.csrf()),
        );
        assert_eq!(skip.header("location"), Some("/"));
        assert!(bob.get("/").body.contains("Signed in as Bob (Fabrikam)"));
    }
    // Alice of Contoso, same id: signed in as herself, with all her skips.
    let mut alice = Browser::new(&demo.address);
    alice.sign_in("alice@contoso.test", "alice-demo");
    let prompt = alice.get("/registration-campaign");
    assert!(prompt.body.contains("Alice (Contoso)"), "{}", prompt.body);
    assert!(!prompt.body.contains("Bob"), "{}", prompt.body);
    assert!(prompt.body.contains("3 more times"), "{}", prompt.body);
    // She registers an authenticator app by TOTP.
    let registered = alice.register_by_totp();
    assert_eq!(registered.status, 303, "{}", registered.body);
    let done = alice.get("/registration-campaign");
    alice.post(
        "/registration-campaign/next",
        &format!("csrf={}", done.csrf()),
    );
    assert!(alice.get("/").body.contains("Signed in as Alice (Contoso)"));

    // Bob's factors are his own: his sign-in still asks for the text-message code (not
    // Alice's app), and he is still nudged, with one skip left.
    let mut bob = Browser::new(&demo.address);
    let login = bob.post("/login", "username=bob%40fabrikam.test&password=bob-demo");
    assert_eq!(login.status, 303);
    let code_page = bob.get("/mfa");
    assert!(
        code_page.body.contains("We texted a code"),
        "Bob has no app: {}",
        code_page.body
    );
    let mfa = bob.post("/mfa", "code=123456");
    assert_eq!(mfa.header("location"), Some("/registration-campaign"));
    let prompt = bob.get("/registration-campaign");
    assert!(prompt.body.contains("1 more time"), "{}", prompt.body);
}

#[tokio::test]
async fn an_admin_change_before_the_first_sign_in_applies_to_the_initial_policy() {
    use registration_campaign::admin::{Actor, PolicyTarget};
    use registration_campaign::policy::CampaignState;
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .initial_policy(
            CampaignPolicy::for_all_users()
                .snooze_days(0)
                .build()
                .unwrap(),
        )
        .build();
    // Nothing is stored yet; an admin changes the snooze days only.
    let patch = json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
        "snoozeDurationInDays": 5}}});
    let stored = campaign
        .change_policy(PolicyTarget::Policy(&patch), None, &Actor::default(), "r1")
        .await
        .unwrap();
    assert_eq!(stored.version, 1);
    let changed = stored.policy.campaign();
    assert_eq!(
        changed.state,
        CampaignState::Enabled,
        "merged into the initial policy, not Graph's default"
    );
    assert_eq!(changed.snooze_duration_in_days, 5);
    // The next decision keeps the admin's policy: the initial one is not written over it.
    let (_, policy) = decide_u1(&campaign).await;
    assert_eq!(policy.version, 1);
    assert_eq!(policy.policy.campaign().snooze_duration_in_days, 5);
}

/// A directory that cannot answer (its database is down).
struct DownDirectory;

#[registration_campaign::async_trait]
impl registration_campaign::UserDirectory for DownDirectory {
    async fn user(
        &self,
        _: &TenantId,
        _: &str,
    ) -> Result<Option<DirectoryUser>, registration_campaign::BoxError> {
        Err("the host's directory is down".into())
    }

    async fn save_registration(
        &self,
        _: &TenantId,
        _: &registration_campaign::Registration,
    ) -> Result<(), registration_campaign::BoxError> {
        Err("the host's directory is down".into())
    }
}

#[tokio::test]
async fn a_directory_that_cannot_answer_lets_the_sign_in_through_and_stores_nothing() {
    let store = Arc::new(MemoryStore::new());
    let campaign = Campaign::builder(store.clone())
        .directory(Arc::new(DownDirectory))
        .initial_policy(CampaignPolicy::for_all_users().build().unwrap())
        .secure_cookies(false)
        .build();
    let app = tenant_host(&campaign);
    let tenant = TenantId::default_tenant();
    let (status, location) = post_mfa(&app, tenant.as_str()).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "never a 500");
    assert_eq!(
        location.as_deref(),
        Some("/home"),
        "the host's own redirect"
    );
    assert_eq!(
        store.user_state(&tenant, "u1").await.unwrap().snooze_count,
        0
    );
}

#[tokio::test]
async fn secure_cookies_on_a_plain_http_origin_show_no_nudge_and_use_no_skip() {
    use crate::support::harness::{ALICE, harness_built};
    // The misconfiguration the README warns of: every nudge's cookie would be dropped.
    let h = harness_built(json!({}), |b| {
        b.secure_cookies(true)
            .public_origin("http://localhost:3000")
    })
    .await;
    for attempt in 0..4 {
        let reply = h.mfa(&format!("user={ALICE}&attempt=a{attempt}")).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(reply.location(), "/inbox", "the host's own redirect");
    }
    assert_eq!(h.state().await.snooze_count, 0, "no skip used");

    // The same campaign with development cookies nudges, and counts.
    let h = harness_built(json!({}), |b| b.public_origin("http://localhost:3000")).await;
    assert_eq!(
        h.mfa(&format!("user={ALICE}")).await.location(),
        "/registration-campaign"
    );
    assert_eq!(h.state().await.snooze_count, 1);
}
