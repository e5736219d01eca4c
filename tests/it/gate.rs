//! Required registration in hosts wired unlike the demo (issue 21): the axum-login example and a
//! host that only flips a session flag at MFA, each with the campaign layer outside and inside
//! the session layer, served over TCP and driven by a cookie-keeping client.

use std::sync::Arc;

use axum::Router;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use registration_campaign::gate::{RequestHead, SignedInUser, UserRef};
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::store::{CampaignStore, MemoryStore};
use registration_campaign::{AuthMethod, Campaign, Enforcement, MfaCompleted, SignOut};
use serde_json::json;
use tower_sessions::{Session, SessionManagerLayer};

use crate::support::{self, Browser, Reply};

#[path = "../../examples/axum_login/app.rs"]
#[allow(dead_code)]
pub(crate) mod axum_login_app;

use axum_login_app::{Backend, CampaignLayer, User};

const ALICE_TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const BOB_TOTP: &str = "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF";

/// Serves `app` on a port of its own, on a runtime of its own (the client blocks).
pub(crate) struct Served {
    pub(crate) address: String,
    pub(crate) runtime: tokio::runtime::Runtime,
}

pub(crate) fn serve(app: Router) -> Served {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let address = listener.local_addr().unwrap().to_string();
    runtime.spawn(async move { axum::serve(listener, app).await });
    Served { address, runtime }
}

fn policy() -> AuthenticationMethodsPolicy {
    AuthenticationMethodsPolicy::from_json(
        &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 0,
            "enforceRegistrationAfterAllowedSnoozes": true,
            "includeTargets": [{"id": "all_users", "targetType": "group",
                                "targetedAuthenticationMethod": "microsoftAuthenticator"}]}}})
        .to_string(),
    )
    .unwrap()
}

/// A campaign over `store` in which `alice` has used every skip (her next sign-in is
/// required) and `bob` none.
fn campaign(store: Arc<MemoryStore>, secret: Option<&[u8]>) -> Campaign {
    campaign_with(store, secret, Enforcement::Strict)
}

fn campaign_with(
    store: Arc<MemoryStore>,
    secret: Option<&[u8]>,
    enforcement: Enforcement,
) -> Campaign {
    let mut builder = Campaign::builder(store.clone())
        .secure_cookies(false)
        .enforcement(enforcement)
        .sign_out(SignOut::get("/logout"));
    if let Some(secret) = secret {
        builder = builder.keys_from_secret(secret).unwrap();
    }
    let campaign = builder.build();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        campaign.replace_policy(policy()).await.unwrap();
        for attempt in ["a1", "a2", "a3"] {
            store
                .record_snooze(
                    campaign.tenant_id(),
                    "alice",
                    attempt,
                    campaign.now(),
                    Some(3),
                )
                .await
                .unwrap();
        }
    });
    campaign
}

fn backend() -> Backend {
    Backend::new(
        [("alice", ALICE_TOTP), ("bob", BOB_TOTP)].map(|(name, secret)| User {
            id: name.into(),
            name: name.into(),
            password_hash: password_auth::generate_hash(format!("{name}-pw")),
            totp_secret: Some(secret.into()),
        }),
    )
}

/// The axum-login example's app.
fn axum_login_host(campaign: &Campaign, order: CampaignLayer) -> Served {
    serve(axum_login_app::app(backend(), campaign.clone(), order))
}

// --- A host that never rotates its session id: MFA sets a flag in the same session. ---

/// Reads the flag host's session: signed in once `mfa` is set.
#[derive(Clone)]
struct FlagSession;

impl SignedInUser for FlagSession {
    async fn signed_in_user<'r>(&'r self, request: RequestHead<'r>) -> Option<UserRef<'r>> {
        let session = request.extensions.get::<Session>()?;
        if session.get::<bool>("mfa").await.ok()?? {
            let user = session.get::<String>("user").await.ok()??;
            return Some(UserRef::of_default_tenant(user));
        }
        None
    }
}

fn flag_host(campaign: &Campaign, order: CampaignLayer) -> Served {
    async fn login(session: Session, body: String) -> Response {
        let user = body
            .split('&')
            .find_map(|kv| kv.strip_prefix("username="))
            .unwrap_or_default()
            .to_owned();
        session.insert("user", user).await.unwrap();
        session.insert("mfa", false).await.unwrap();
        Redirect::to("/mfa").into_response()
    }
    async fn mfa(session: Session) -> Response {
        let user: String = session.get("user").await.unwrap().unwrap_or_default();
        // The flag, in the same session: no new id.
        session.insert("mfa", true).await.unwrap();
        let mut response = Redirect::to("/").into_response();
        response
            .extensions_mut()
            .insert(MfaCompleted::new(user, AuthMethod::Sms));
        response
    }
    async fn home(session: Session) -> Response {
        let signed_in = session.get::<bool>("mfa").await.unwrap().unwrap_or(false);
        match session.get::<String>("user").await.unwrap() {
            Some(user) if signed_in => Html(format!("Signed in as {user}")).into_response(),
            _ => Redirect::to("/login").into_response(),
        }
    }
    async fn logout(session: Session) -> Redirect {
        session.flush().await.unwrap();
        Redirect::to("/login")
    }
    let sessions =
        SessionManagerLayer::new(tower_sessions::MemoryStore::default()).with_secure(false);
    let routes = Router::new()
        .route("/", get(home))
        .route("/api/me", get(home))
        .route("/login", post(login))
        .route("/mfa", post(mfa))
        .route("/logout", get(logout))
        .layer(campaign.gate(FlagSession));
    serve(match order {
        CampaignLayer::Outside => routes.layer(sessions).layer(campaign.layer()),
        CampaignLayer::Inside => routes.layer(campaign.layer()).layer(sessions),
    })
}

// --- Driving them. ---

fn sign_in(browser: &mut Browser, user: &str, secret: &str) -> Reply {
    let login = browser.post("/login", &format!("username={user}&password={user}-pw"));
    assert_eq!(login.status, 303, "{}", login.body);
    let code = support::totp_now(secret);
    browser.post("/mfa", &format!("code={code}"))
}

fn html(browser: &mut Browser, path: &str) -> Reply {
    browser.request("GET", path, None, &[("accept", "text/html")])
}

fn json(browser: &mut Browser, path: &str) -> Reply {
    browser.request("GET", path, None, &[("accept", "application/json")])
}

/// Nothing of the host's answers a signed-in page or API call.
fn assert_reaches_nothing(browser: &mut Browser, what: &str) {
    let home = html(browser, "/");
    assert!(
        !home.body.contains("Signed in as"),
        "{what}: GET / let a required user in: {} {}",
        home.status,
        home.body
    );
    // To the flow (the gate) or to the sign-in page (no session: the cookie was held).
    assert!(
        matches!(home.status.as_u16(), 303 | 307),
        "{what}: {}",
        home.status
    );
    let to = home.header("location").unwrap_or_default();
    assert!(
        to == "/registration-campaign/required" || to.starts_with("/login"),
        "{what}: {to}"
    );
    let api = json(browser, "/api/me");
    assert_ne!(api.status, 200, "{what}: /api/me answered {}", api.body);
    assert!(!api.body.contains("\"name\""), "{what}: {}", api.body);
}

type Host = fn(&Campaign, CampaignLayer) -> Served;
const HOSTS: [(&str, Host); 2] = [("axum-login", axum_login_host), ("session flag", flag_host)];
const ORDERS: [CampaignLayer; 2] = [CampaignLayer::Outside, CampaignLayer::Inside];

/// Runs `test` in each host with the campaign layer outside and inside its session layer, each
/// time with a fresh campaign and a browser with no cookies.
fn in_every_host(test: impl Fn(&str, &Campaign, &mut Browser)) {
    for (name, host) in HOSTS {
        for order in ORDERS {
            let what = format!("{name}, campaign layer {order:?}");
            let campaign = campaign(Arc::new(MemoryStore::new()), None);
            let served = host(&campaign, order);
            let mut browser = Browser::new(&served.address);
            test(&what, &campaign, &mut browser);
        }
    }
}

#[test]
fn a_required_user_reaches_nothing_until_registered_in_every_host_and_layer_order() {
    in_every_host(|what, _campaign, browser| {
        let mfa = sign_in(browser, "alice", ALICE_TOTP);
        assert_eq!(mfa.status, 303, "{what}");
        assert_eq!(
            mfa.header("location"),
            Some("/registration-campaign"),
            "{what}"
        );
        assert_reaches_nothing(browser, what);
        // A browser is sent to the flow, which shows its current step.
        let gated = html(browser, "/");
        if gated.header("location") == Some("/registration-campaign/required") {
            let required = browser.get("/registration-campaign/required");
            assert_eq!(
                required.header("location"),
                Some("/registration-campaign"),
                "{what}"
            );
        }
        let prompt = browser.get("/registration-campaign");
        assert!(prompt.body.contains("Sign out"), "{what}: {}", prompt.body);
        assert!(!prompt.body.contains("Skip for now"), "{what}");

        let code = browser.register_by_totp();
        assert_eq!(code.status, 303, "{what}: {}", code.body);
        let done = browser.get("/registration-campaign");
        let finish = browser.post(
            "/registration-campaign/next",
            &format!("csrf={}", done.csrf()),
        );
        assert_eq!(finish.status, 303, "{what}: {}", finish.body);
        assert_eq!(finish.header("location"), Some("/"), "{what}");
        let home = html(browser, "/");
        assert_eq!(
            home.status, 200,
            "{what}: registering releases the user: {}",
            home.body
        );
        assert!(home.body.contains("Signed in as alice"), "{what}");
    });
}

#[test]
fn a_nudged_user_skips_and_is_signed_in_in_every_host_and_layer_order() {
    in_every_host(|what, _campaign, browser| {
        let mfa = sign_in(browser, "bob", BOB_TOTP);
        assert_eq!(
            mfa.header("location"),
            Some("/registration-campaign"),
            "{what}"
        );
        let prompt = browser.get("/registration-campaign");
        assert!(prompt.body.contains("Skip for now"), "{what}");
        assert!(
            !prompt.body.contains("Sign out"),
            "{what}: a nudge needs no way out"
        );
        let skip = browser.post(
            "/registration-campaign/skip",
            &format!("csrf={}", prompt.csrf()),
        );
        assert_eq!(skip.header("location"), Some("/"), "{what}");
        let home = html(browser, "/");
        assert!(
            home.body.contains("Signed in as bob"),
            "{what}: {}",
            home.body
        );
    });
}

#[test]
fn sign_out_ends_a_required_flow_whether_or_not_the_host_has_a_session() {
    in_every_host(|what, campaign, browser| {
        sign_in(browser, "alice", ALICE_TOTP);
        let prompt = browser.get("/registration-campaign");
        let csrf = prompt.csrf();
        let out = browser.post("/registration-campaign/sign-out", &format!("csrf={csrf}"));
        assert_eq!(out.status, 303, "{what}: {}", out.body);
        assert_eq!(out.header("location"), Some("/logout"), "{what}");
        let logout = browser.get("/logout");
        assert_eq!(logout.header("location"), Some("/login"), "{what}");
        // The next person at this browser finds no flow to finish, and no session.
        let next = browser.post("/registration-campaign/next", &format!("csrf={csrf}"));
        assert!(
            !next.body.contains("Start by getting the app"),
            "{what}: {}",
            next.body
        );
        let page = browser.get("/registration-campaign");
        assert!(
            !page.body.contains("Keep your account secure"),
            "{what}: {}",
            page.body
        );
        let home = html(browser, "/");
        assert!(!home.body.contains("Signed in as"), "{what}");
        // Alice is still required at her next sign-in.
        assert!(
            campaign_runtime()
                .block_on(campaign.is_registration_required("alice"))
                .unwrap(),
            "{what}"
        );
    });
}

fn campaign_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn a_user_required_on_one_instance_is_gated_on_another_and_freed_when_registered_there() {
    let store = Arc::new(MemoryStore::new());
    let a = campaign(store.clone(), None);
    let b = Campaign::builder(store.clone())
        .secure_cookies(false)
        .gate_recheck(std::time::Duration::ZERO)
        .build();
    let served = axum_login_host(&a, CampaignLayer::Outside);
    let mut browser = Browser::new(&served.address);
    let rt = campaign_runtime();
    assert!(!rt.block_on(b.is_registration_required("alice")).unwrap());
    sign_in(&mut browser, "alice", ALICE_TOTP);
    assert!(
        rt.block_on(b.is_registration_required("alice")).unwrap(),
        "instance B sees the marker instance A wrote"
    );
    browser.register_by_totp();
    assert!(
        !rt.block_on(b.is_registration_required("alice")).unwrap(),
        "a user B remembered as required is checked in the store each time"
    );
}

#[test]
fn open_flows_and_required_hints_survive_a_restart_with_keys_from_one_secret() {
    let secret = [42u8; 32];
    let store = Arc::new(MemoryStore::new());
    let before = campaign(store.clone(), Some(&secret));
    let served = axum_login_host(&before, CampaignLayer::Outside);
    let mut browser = Browser::new(&served.address);
    sign_in(&mut browser, "alice", ALICE_TOTP);
    let prompt = browser.get("/registration-campaign");
    assert!(
        prompt.body.contains("Keep your account secure"),
        "{}",
        prompt.body
    );
    drop(served);
    // "Restarted": a new process with the same secret and store.
    let after = Campaign::builder(store)
        .secure_cookies(false)
        .keys_from_secret(&secret)
        .unwrap()
        .build();
    let restarted = axum_login_host(&after, CampaignLayer::Outside);
    browser.address = restarted.address.clone();
    let again = browser.get("/registration-campaign");
    assert!(
        again.body.contains("Keep your account secure"),
        "the open flow goes on after the restart: {}",
        again.body
    );
    // A different secret (a random key, as before this change) would have cut it off.
    let other = Campaign::builder(Arc::new(MemoryStore::new()))
        .secure_cookies(false)
        .build();
    let elsewhere = axum_login_host(&other, CampaignLayer::Outside);
    browser.address = elsewhere.address.clone();
    let cut = browser.get("/registration-campaign");
    assert!(!cut.body.contains("Keep your account secure"));
}

/// With Entra's client exemptions (`Enforcement::ClientExemptions`, the host's documented,
/// bypassable choice) a phone passes while registration is required, and the gate lets it;
/// a desktop browser of the same user stays held.
#[test]
fn the_gate_follows_entras_client_exemptions_when_the_host_chose_them() {
    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
    let campaign = campaign_with(
        Arc::new(MemoryStore::new()),
        None,
        Enforcement::ClientExemptions,
    );
    let served = flag_host(&campaign, CampaignLayer::Outside);
    let mut desktop = Browser::new(&served.address);
    let mfa = sign_in(&mut desktop, "alice", ALICE_TOTP);
    assert_eq!(mfa.header("location"), Some("/registration-campaign"));
    assert_reaches_nothing(&mut desktop, "desktop");
    let mut phone = Browser::new(&served.address);
    phone.user_agent = IPHONE.into();
    phone.post("/login", "username=alice&password=alice-pw");
    let mfa = phone.post("/mfa", "code=000000");
    assert_eq!(mfa.header("location"), Some("/"), "{}", mfa.body);
    let home = html(&mut phone, "/");
    assert!(home.body.contains("Signed in as alice"), "{}", home.body);
}

/// With PostgreSQL, a marker set on one instance reaches another instance's gate through the
/// store's change feed at once, however long that instance trusts a "not required" answer.
#[test]
fn a_required_marker_reaches_other_instances_through_the_change_feed() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let Some(options) = rt.block_on(crate::store_conformance::fresh_postgres_schema()) else {
        return;
    };
    let store: Arc<dyn CampaignStore> = Arc::new(
        rt.block_on(registration_campaign::store::PostgresStore::connect_with(
            options,
        ))
        .unwrap(),
    );
    let build = || {
        Campaign::builder(store.clone())
            .secure_cookies(false)
            .gate_recheck(std::time::Duration::from_secs(3600))
            .build()
    };
    let (a, b) = (build(), build());
    rt.block_on(async {
        a.replace_policy(policy()).await.unwrap();
        for attempt in ["a1", "a2", "a3"] {
            store
                .record_snooze(a.tenant_id(), "alice", attempt, a.now(), Some(3))
                .await
                .unwrap();
        }
    });
    rt.spawn(b.clone().background_tasks());
    // B finds Alice free, and would trust that for an hour.
    assert!(!rt.block_on(b.is_registration_required("alice")).unwrap());
    let served = serve(axum_login_app::app(
        backend(),
        a.clone(),
        CampaignLayer::Outside,
    ));
    let mut browser = Browser::new(&served.address);
    sign_in(&mut browser, "alice", ALICE_TOTP);
    let start = std::time::Instant::now();
    while !rt.block_on(b.is_registration_required("alice")).unwrap() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "instance B never learned of the marker"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
