//! Many organizations in one store: a database of the single-tenant release migrated without
//! loss (SQLite and PostgreSQL), and tenants that never see each other's policy, users, flows,
//! devices or admin data, through every surface (layer, flow, admin API, device API).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::Query;
use axum::http::{Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use registration_campaign::admin::{AdminAuth, graph_api};
use registration_campaign::decision::Decision;
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::store::{CampaignStore, MemoryStore, SqliteStore};
use registration_campaign::{
    AuthMethod, Campaign, ManualClock, MfaCompleted, SignInFacts, TenantDirectory, TenantId,
    TenantIdError, TenantPlan, TenantSettings,
};
use serde::Deserialize;
use serde_json::{Value, json};
use time::macros::datetime;

use crate::support::admin::{claims, hs256};
use crate::support::{Browser, Demo, Device, Reply, decode_qr, send, temp_dir};

const ALICE: &str = "a11ce000-0000-4000-8000-000000000001";
const CONTOSO: &str = "c0470500-0000-4000-8000-0000000000c0";
const FABRIKAM: &str = "fab41ca0-0000-4000-8000-0000000000fa";
const SECRET: &[u8] = b"an HS256 secret for tests, 32+ bytes long";
const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

fn tenant(id: &str) -> TenantId {
    TenantId::new(id).unwrap()
}

fn campaign_policy(state: &str, snooze_days: u32) -> AuthenticationMethodsPolicy {
    AuthenticationMethodsPolicy::default()
        .apply_patch(
            &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": state, "snoozeDurationInDays": snooze_days}}}),
        )
        .unwrap()
}

/// A campaign over `store` serving Contoso (paid) and Fabrikam (free) besides the default
/// tenant, at 2026-11-28 09:00.
fn two_tenant_campaign(store: Arc<dyn CampaignStore>) -> Campaign {
    Campaign::builder(store)
        .secure_cookies(false)
        .clock(Arc::new(ManualClock::new(datetime!(2026-11-28 09:00 UTC))))
        .tenant(tenant(CONTOSO), TenantSettings::default())
        .tenant(
            tenant(FABRIKAM),
            TenantSettings {
                plan: TenantPlan::Free,
                ..Default::default()
            },
        )
        .build()
}

// ---- Migration of a single-tenant database ----

#[tokio::test]
async fn a_database_of_the_single_tenant_release_keeps_everything_in_the_default_tenant() {
    let dir = temp_dir();
    let path = dir.join("campaign.sqlite3");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/single-tenant-v0.1.sqlite"
        ),
        &path,
    )
    .unwrap();
    for opening in 0..2 {
        // Opening migrates; a second opening finds nothing to do and loses nothing.
        let store = Arc::new(SqliteStore::open(&path).await.unwrap());
        let campaign = two_tenant_campaign(store.clone());
        let stored = campaign.store().load_policy().await.unwrap().unwrap();
        assert_eq!(stored.version, 2, "opening {opening}");
        assert_eq!(
            stored.policy.to_value()["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]
                ["snoozeDurationInDays"],
            3
        );
        let (audit, total) = campaign.audit_log(0, 10).await.unwrap();
        assert_eq!(total, 2, "both policy versions are in the audit log");
        assert_eq!(audit.iter().map(|e| e.version).collect::<Vec<_>>(), [2, 1]);
        let snoozed = campaign
            .store()
            .user_state("3f2a6b1e-0000-4000-8000-00000000a11c")
            .await
            .unwrap();
        assert_eq!(snoozed.snooze_count, 2);
        assert_eq!(
            snoozed.last_snoozed_at,
            Some(datetime!(2026-11-22 09:00 UTC))
        );
        let registered = campaign
            .store()
            .user_state("5b7c1d2e-0000-4000-8000-0000000b0b00")
            .await
            .unwrap();
        assert_eq!(registered.snooze_count, 1);
        assert_eq!(
            registered.registered_at,
            Some(datetime!(2026-11-23 09:00 UTC))
        );
        // A snooze attempt counted before the migration is still known.
        let again = campaign
            .store()
            .record_snooze(
                "3f2a6b1e-0000-4000-8000-00000000a11c",
                "attempt-2",
                datetime!(2026-11-28 09:00 UTC),
                Some(3),
            )
            .await
            .unwrap();
        assert_eq!(
            again.outcome,
            registration_campaign::store::SnoozeOutcome::AlreadyCounted
        );
        let settings = campaign.settings().await.unwrap();
        assert_eq!(settings.version, 1);
        assert_eq!(
            settings.settings.deadline,
            Some(datetime!(2027-01-15 00:00 UTC))
        );
        let funnel = campaign.funnel_report(1).await.unwrap().total();
        assert_eq!((funnel.nudge_shown, funnel.skipped), (1, 1));
        assert!(
            campaign
                .store()
                .record(
                    "registered-method",
                    "5b7c1d2e-0000-4000-8000-0000000b0b00",
                    datetime!(2026-11-28 09:00 UTC)
                )
                .await
                .unwrap()
                .is_some()
        );
        // None of it is any other tenant's.
        let contoso = campaign.for_tenant(&tenant(CONTOSO)).unwrap();
        assert!(contoso.store().load_policy().await.unwrap().is_none());
        assert_eq!(contoso.audit_log(0, 10).await.unwrap().1, 0);
        assert!(
            contoso
                .store()
                .users_after(None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        store.pool().close().await;
    }
}

/// The single-tenant schema as migrations 1 to 3 and PostgreSQL's 1001 left it, with rows.
const SINGLE_TENANT_POSTGRES: &str = "
    CREATE TABLE registration_campaign_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL);
    INSERT INTO registration_campaign_migrations VALUES (1, 0), (2, 0), (3, 0), (1001, 0);
    CREATE TABLE registration_campaign_policy (
        id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL,
        document TEXT NOT NULL, updated_at BIGINT NOT NULL);
    CREATE TABLE registration_campaign_user_state (
        user_id TEXT PRIMARY KEY, snooze_count BIGINT NOT NULL DEFAULT 0,
        last_snoozed_at BIGINT, registered_at BIGINT);
    CREATE TABLE registration_campaign_snooze_attempt (
        user_id TEXT NOT NULL, attempt_id TEXT NOT NULL, recorded_at BIGINT NOT NULL,
        PRIMARY KEY (user_id, attempt_id));
    CREATE TABLE registration_campaign_record (
        kind TEXT NOT NULL, id TEXT NOT NULL, owner TEXT NOT NULL, version BIGINT NOT NULL,
        document TEXT NOT NULL, expires_at BIGINT, PRIMARY KEY (kind, id));
    CREATE INDEX registration_campaign_record_owner ON registration_campaign_record (kind, owner);
    CREATE INDEX registration_campaign_record_expiry ON registration_campaign_record (expires_at);
    CREATE INDEX registration_campaign_snooze_attempt_time ON registration_campaign_snooze_attempt (recorded_at);
    CREATE OR REPLACE FUNCTION registration_campaign_notify_change() RETURNS trigger
        LANGUAGE plpgsql AS $body$
    BEGIN
        PERFORM pg_notify('registration_campaign_policy', TG_ARGV[0] || ' ' || NEW.version);
        RETURN NULL;
    END
    $body$;
    CREATE TRIGGER registration_campaign_policy_changed
        AFTER INSERT OR UPDATE ON registration_campaign_policy
        FOR EACH ROW EXECUTE FUNCTION registration_campaign_notify_change('policy');
    CREATE TRIGGER registration_campaign_settings_changed
        AFTER INSERT OR UPDATE ON registration_campaign_record
        FOR EACH ROW WHEN (NEW.kind = 'campaign-settings')
        EXECUTE FUNCTION registration_campaign_notify_change('settings');
    INSERT INTO registration_campaign_policy VALUES (1, 4, '{}', 0);
    INSERT INTO registration_campaign_user_state VALUES ('alice', 2, 1795856400000, NULL);
    INSERT INTO registration_campaign_user_state VALUES ('bob', 0, NULL, 1795856400000);
    INSERT INTO registration_campaign_snooze_attempt VALUES ('alice', 'attempt-1', 1795856400000);
    INSERT INTO registration_campaign_record VALUES
        ('policy-audit', '00000000000000000004-x', 'authenticationMethodsPolicy', 1, '{}', NULL);
";

#[tokio::test]
async fn a_single_tenant_postgres_schema_migrates_into_the_default_tenant_and_notifies_by_tenant() {
    use registration_campaign::store::PostgresStore;
    let Some(options) = crate::store_conformance::fresh_postgres_schema().await else {
        return;
    };
    let old = sqlx::PgPool::connect_with(options.clone()).await.unwrap();
    sqlx::raw_sql(SINGLE_TENANT_POSTGRES)
        .execute(&old)
        .await
        .unwrap();
    old.close().await;
    // Several instances of the new release start at once on the old schema.
    let opens: Vec<_> = (0..3)
        .map(|_| tokio::spawn(PostgresStore::connect_with(options.clone())))
        .collect();
    let mut stores = Vec::new();
    for open in opens {
        stores.push(Arc::new(open.await.unwrap().unwrap()));
    }
    let default = TenantId::default_tenant();
    let store = &stores[0];
    assert_eq!(
        store.load_policy(&default).await.unwrap().unwrap().version,
        4
    );
    let alice = store.user_state(&default, "alice").await.unwrap();
    assert_eq!(alice.snooze_count, 2);
    assert!(
        store
            .user_state(&default, "bob")
            .await
            .unwrap()
            .registered_at
            .is_some()
    );
    let again = store
        .record_snooze(
            &default,
            "alice",
            "attempt-1",
            datetime!(2026-11-28 09:00 UTC),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        again.outcome,
        registration_campaign::store::SnoozeOutcome::AlreadyCounted
    );
    assert_eq!(
        store
            .records_of(
                &default,
                "policy-audit",
                "authenticationMethodsPolicy",
                datetime!(2026-11-28 09:00 UTC)
            )
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store.user_state(&tenant(CONTOSO), "alice").await.unwrap(),
        Default::default()
    );
    // The change triggers were made again on the new tables, and now name the tenant.
    let mut feed = stores[1].change_feed().await.unwrap().unwrap();
    store
        .save_policy(
            &tenant(CONTOSO),
            &AuthenticationMethodsPolicy::default(),
            0,
            None,
        )
        .await
        .unwrap();
    let notice = tokio::time::timeout(std::time::Duration::from_secs(5), feed.next_change())
        .await
        .expect("a notice within 5 s")
        .unwrap();
    assert_eq!(notice, Some(tenant(CONTOSO)));
}

// ---- Isolation through the layer and the flow ----

#[derive(Deserialize)]
struct MfaQuery {
    tenant: String,
    user: String,
}

/// The host: MFA for `user` of `tenant` completes with a 303 and the host's session cookie.
async fn host_mfa(Query(q): Query<MfaQuery>) -> Response {
    let mfa = MfaCompleted::new(q.user, AuthMethod::Sms).in_tenant(tenant(&q.tenant));
    let mut response = (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/inbox"),
            (header::SET_COOKIE, "host_session=abc; Path=/"),
        ],
    )
        .into_response();
    response.extensions_mut().insert(mfa);
    response
}

/// The host's sign-in app (its MFA step) behind the campaign's layer.
fn host_app(campaign: &Campaign) -> Router {
    Router::new()
        .route("/mfa", post(host_mfa))
        .layer(campaign.layer())
}

/// The flow's page for the browser holding `flow_cookie`.
async fn flow_page(app: &Router, flow_cookie: &str) -> Reply {
    send(
        app,
        Request::get("/registration-campaign")
            .header(header::COOKIE, flow_cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

async fn sign_in(app: &Router, tenant: &str, user: &str) -> (StatusCode, Option<String>) {
    let Reply {
        status, headers, ..
    } = send(
        app,
        Request::post(format!("/mfa?tenant={tenant}&user={user}"))
            .header(header::USER_AGENT, CHROME)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let flow_cookie = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("registration-campaign="))
        .map(|c| c.split(';').next().unwrap().to_owned());
    (status, flow_cookie)
}

#[tokio::test]
async fn the_same_user_in_two_tenants_has_two_policies_two_snooze_counts_and_two_flows() {
    let campaign = two_tenant_campaign(Arc::new(MemoryStore::new()));
    let contoso = campaign.for_tenant(&tenant(CONTOSO)).unwrap();
    let fabrikam = campaign.for_tenant(&tenant(FABRIKAM)).unwrap();
    contoso
        .replace_policy(campaign_policy("enabled", 0))
        .await
        .unwrap();
    fabrikam
        .replace_policy(campaign_policy("disabled", 0))
        .await
        .unwrap();
    let app = host_app(&campaign);

    // Interleaved sign-ins: the cached policy of one tenant never answers for the other.
    for round in 0..3 {
        let (status, flow) = sign_in(&app, CONTOSO, ALICE).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let flow = flow.unwrap_or_else(|| panic!("round {round}: Contoso nudges"));
        let (status, flow_in_b) = sign_in(&app, FABRIKAM, ALICE).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(flow_in_b.is_none(), "Fabrikam's campaign is disabled");
        // Contoso's flow page is Contoso's flow.
        let Reply {
            status, body: page, ..
        } = flow_page(&app, &flow).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Keep your account secure"), "{page}");
    }
    assert_eq!(
        contoso
            .store()
            .user_state(ALICE)
            .await
            .unwrap()
            .snooze_count,
        3
    );
    assert_eq!(
        fabrikam.store().user_state(ALICE).await.unwrap(),
        Default::default()
    );
    assert_eq!(
        campaign.store().user_state(ALICE).await.unwrap(),
        Default::default(),
        "nothing in the default tenant"
    );
    // Decisions read each tenant's own state: Contoso's Alice has used every snooze.
    let mut facts = SignInFacts::new(ALICE, AuthMethod::Sms);
    facts.tenant = tenant(CONTOSO);
    assert!(matches!(
        contoso.decide(&facts).await.unwrap().0,
        Decision::RequireRegistration { .. }
    ));
    fabrikam
        .replace_policy(campaign_policy("enabled", 0))
        .await
        .unwrap();
    assert!(matches!(
        fabrikam.decide(&facts).await.unwrap().0,
        Decision::Nudge { .. }
    ));
}

#[tokio::test]
async fn a_sign_in_for_a_tenant_the_campaign_does_not_serve_passes_and_stores_nothing() {
    let store = Arc::new(MemoryStore::new());
    let campaign = Campaign::builder(store.clone())
        .secure_cookies(false)
        .require_guid_tenant_ids(true)
        .tenant(tenant(CONTOSO), TenantSettings::default())
        .build();
    campaign
        .replace_policy(campaign_policy("enabled", 0))
        .await
        .unwrap();
    let app = host_app(&campaign);
    // The operator sees each refused sign-in counted (the test runs on one thread, so a
    // thread-local recorder sees every increment).
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
    let metrics = recorder.handle();
    let _recording = metrics::set_default_local_recorder(&recorder);
    for unknown in [FABRIKAM, "not-a-guid"] {
        let (status, flow) = sign_in(&app, unknown, ALICE).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(flow.is_none(), "{unknown}: passed through");
        assert!(
            store
                .users_after(&tenant(unknown), None, 10)
                .await
                .unwrap()
                .is_empty(),
            "{unknown}: nothing stored"
        );
    }
    // Two refused sign-ins, counted; a served tenant's sign-in is not.
    let counted = || {
        let text = metrics.render();
        assert!(
            text.contains("registration_campaign_unknown_tenant_total 2"),
            "{text}"
        );
    };
    counted();
    sign_in(&app, CONTOSO, ALICE).await;
    counted();
    assert_eq!(
        campaign.for_tenant(&tenant(FABRIKAM)).unwrap_err(),
        TenantIdError::Unknown(FABRIKAM.into())
    );
    assert_eq!(
        campaign.for_tenant(&tenant("contoso")).unwrap_err(),
        TenantIdError::NotAGuid("contoso".into())
    );
    // The default tenant is always served, GUID or not.
    assert!(campaign.for_tenant(&TenantId::default_tenant()).is_ok());
}

/// A host's directory that can stop serving a tenant while the process runs (an organization
/// whose subscription ended, say).
#[derive(Debug, Default)]
struct ChangingDirectory {
    served: std::sync::Mutex<std::collections::HashSet<TenantId>>,
}

impl TenantDirectory for ChangingDirectory {
    fn tenant(&self, id: &TenantId) -> Option<TenantSettings> {
        let served = self.served.lock().unwrap();
        served.contains(id).then(TenantSettings::default)
    }
}

#[tokio::test]
async fn a_flow_whose_tenant_stops_being_served_ends_with_the_expired_page_and_stores_nothing() {
    let directory = Arc::new(ChangingDirectory::default());
    directory.served.lock().unwrap().insert(tenant(CONTOSO));
    let store = Arc::new(MemoryStore::new());
    let campaign = Campaign::builder(store.clone())
        .secure_cookies(false)
        .tenant_directory(directory.clone())
        .build();
    let contoso = campaign.for_tenant(&tenant(CONTOSO)).unwrap();
    contoso
        .replace_policy(campaign_policy("enabled", 0))
        .await
        .unwrap();
    let app = host_app(&campaign);
    let (_, flow) = sign_in(&app, CONTOSO, ALICE).await;
    let flow = flow.expect("Contoso nudges");
    let Reply {
        status, body: page, ..
    } = flow_page(&app, &flow).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Keep your account secure"), "{page}");
    let before = contoso.store().user_state(ALICE).await.unwrap();

    directory.served.lock().unwrap().clear();
    for request in [
        Request::get("/registration-campaign")
            .header(header::COOKIE, &flow)
            .body(Body::empty())
            .unwrap(),
        Request::post("/registration-campaign/skip")
            .header(header::COOKIE, &flow)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("csrf=anything"))
            .unwrap(),
    ] {
        let Reply {
            status,
            headers,
            body: page,
            ..
        } = send(&app, request).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("Your setup session expired."), "{page}");
        // The flow cookie is removed, so the browser does not keep trying.
        assert!(
            headers
                .get_all(header::SET_COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .any(|c| c.starts_with("registration-campaign=;")),
            "{headers:?}"
        );
    }
    // Nothing was written for the tenant that is no longer served.
    let state = store.user_state(&tenant(CONTOSO), ALICE).await.unwrap();
    assert_eq!(state, before);
}

#[tokio::test]
async fn a_free_tenant_is_capped_at_three_snoozes_and_a_paid_one_is_not() {
    let campaign = two_tenant_campaign(Arc::new(MemoryStore::new()));
    let unlimited = AuthenticationMethodsPolicy::default()
        .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 0, "enforceRegistrationAfterAllowedSnoozes": false}}}))
        .unwrap();
    for id in [CONTOSO, FABRIKAM] {
        let scoped = campaign.for_tenant(&tenant(id)).unwrap();
        scoped.replace_policy(unlimited.clone()).await.unwrap();
    }
    let mut facts = SignInFacts::new(ALICE, AuthMethod::Sms);
    facts.tenant = tenant(FABRIKAM);
    let fabrikam = campaign.for_tenant(&tenant(FABRIKAM)).unwrap();
    match fabrikam.decide(&facts).await.unwrap().0 {
        Decision::Nudge {
            allowed_snoozes, ..
        } => assert_eq!(allowed_snoozes, Some(3), "free plan cap"),
        other => panic!("{other:?}"),
    }
    facts.tenant = tenant(CONTOSO);
    let contoso = campaign.for_tenant(&tenant(CONTOSO)).unwrap();
    match contoso.decide(&facts).await.unwrap().0 {
        Decision::Nudge {
            allowed_snoozes, ..
        } => assert_eq!(
            allowed_snoozes, None,
            "paid: the policy's unlimited snoozes"
        ),
        other => panic!("{other:?}"),
    }
}

// ---- Isolation in the admin API ----

fn admin_app(campaign: &Campaign) -> Router {
    Router::new().nest(
        "/v1.0",
        graph_api(
            campaign.clone(),
            AdminAuth::hs256(SECRET, "https://issuer.test", "registration-campaign"),
        ),
    )
}

fn admin_token(tid: Value) -> String {
    let mut extra = json!({"scp": "Policy.ReadWrite.AuthenticationMethod",
        "wids": [registration_campaign::admin::AUTHENTICATION_POLICY_ADMINISTRATOR]});
    if !tid.is_null() {
        extra["tid"] = tid;
    }
    hs256(&claims(extra))
}

async fn admin(
    app: &Router,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "graph.test")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let body = match body {
        Some(body) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    let Reply {
        status, body: text, ..
    } = send(app, request.body(body).unwrap()).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Every route of the admin API, with a body where it needs one.
fn every_admin_route() -> Vec<(&'static str, &'static str, Option<Value>)> {
    let policy = "/v1.0/policies/authenticationMethodsPolicy";
    vec![
        ("GET", policy, None),
        (
            "PATCH",
            policy,
            Some(
                json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"state": "enabled"}}}),
            ),
        ),
        (
            "GET",
            "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations",
            None,
        ),
        (
            "GET",
            "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Sms",
            None,
        ),
        (
            "PATCH",
            "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Sms",
            Some(
                json!({"@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration", "state": "disabled"}),
            ),
        ),
        (
            "DELETE",
            "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Sms",
            None,
        ),
        ("GET", "/v1.0/registrationCampaign/settings", None),
        (
            "PATCH",
            "/v1.0/registrationCampaign/settings",
            Some(json!({"deadline": "2027-01-15T00:00:00Z"})),
        ),
        ("GET", "/v1.0/auditLogs/registrationCampaign", None),
        ("GET", "/v1.0/reports/registrationCampaign", None),
        ("GET", "/v1.0/reports/registrationCampaign/users", None),
        (
            "POST",
            "/v1.0/reports/registrationCampaign/whatIf",
            Some(json!({"id": ALICE, "methods": ["sms"]})),
        ),
    ]
}

#[tokio::test]
async fn an_admin_token_serves_only_its_tenant_and_unknown_tenants_get_401_on_every_route() {
    let campaign = two_tenant_campaign(Arc::new(MemoryStore::new()));
    let app = admin_app(&campaign);
    let contoso_admin = admin_token(json!(CONTOSO));
    // Contoso's admin changes Contoso's policy and settings...
    for (method, path, body) in every_admin_route() {
        let (status, reply) = admin(&app, method, path, &contoso_admin, body).await;
        assert!(
            status.is_success(),
            "{method} {path} as Contoso's admin: {status} {reply}"
        );
    }
    let contoso = campaign.for_tenant(&tenant(CONTOSO)).unwrap();
    assert!(contoso.store().load_policy().await.unwrap().is_some());
    assert_eq!(contoso.settings().await.unwrap().version, 1);
    // ... and nothing of anyone else's.
    for other in [
        campaign.clone(),
        campaign.for_tenant(&tenant(FABRIKAM)).unwrap(),
    ] {
        assert!(other.store().load_policy().await.unwrap().is_none());
        assert_eq!(other.settings().await.unwrap().version, 0);
        assert_eq!(other.audit_log(0, 10).await.unwrap().1, 0);
    }
    // Fabrikam's admin reads Fabrikam's (Graph's default), not Contoso's.
    let fabrikam_admin = admin_token(json!(FABRIKAM));
    let (_, audit) = admin(
        &app,
        "GET",
        "/v1.0/auditLogs/registrationCampaign",
        &fabrikam_admin,
        None,
    )
    .await;
    assert_eq!(audit["value"], json!([]), "{audit}");
    let (_, settings) = admin(
        &app,
        "GET",
        "/v1.0/registrationCampaign/settings",
        &fabrikam_admin,
        None,
    )
    .await;
    assert_eq!(settings["deadline"], Value::Null, "{settings}");
    // The same GUID in upper case names the same tenant.
    let (_, settings) = admin(
        &app,
        "GET",
        "/v1.0/registrationCampaign/settings",
        &admin_token(json!(CONTOSO.to_uppercase())),
        None,
    )
    .await;
    assert_eq!(settings["deadline"], "2027-01-15T00:00:00Z");

    // A tenant the host does not serve, or a `tid` that is not a string: 401, nothing read.
    for tid in [
        json!("0bad0000-0000-4000-8000-000000000000"),
        json!([CONTOSO]),
        json!(7),
        json!(""),
        json!("a/b"),
        json!("x".repeat(65)),
    ] {
        let token = admin_token(tid.clone());
        for (method, path, body) in every_admin_route() {
            let (status, reply) = admin(&app, method, path, &token, body).await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} with tid {tid}: {reply}"
            );
            assert_eq!(reply["error"]["code"], "InvalidAuthenticationToken");
        }
    }
    assert_eq!(
        contoso
            .store()
            .load_policy()
            .await
            .unwrap()
            .unwrap()
            .version,
        3,
        "the refused PATCHes changed nothing (policy PATCH, Sms PATCH, Sms DELETE)"
    );
}

#[tokio::test]
async fn a_campaign_that_requires_guid_tenants_refuses_other_tids() {
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .clock(Arc::new(ManualClock::new(datetime!(2026-11-28 09:00 UTC))))
        .require_guid_tenant_ids(true)
        .tenant(tenant("contoso"), TenantSettings::default())
        .build();
    let app = admin_app(&campaign);
    let (status, _) = admin(
        &app,
        "GET",
        "/v1.0/policies/authenticationMethodsPolicy",
        &admin_token(json!("contoso")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = admin(
        &app,
        "GET",
        "/v1.0/policies/authenticationMethodsPolicy",
        &admin_token(Value::Null),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "no tid: the default tenant");
}

// ---- Isolation of devices (the demo as a process, the device simulator as the phone) ----

#[test]
fn a_device_enrolled_in_one_tenant_is_unknown_to_every_other() {
    let dir = temp_dir();
    let tenants = json!({"tenants": [
        {"id": CONTOSO, "displayName": "Contoso", "plan": "paid"},
        {"id": FABRIKAM, "displayName": "Fabrikam", "plan": "free"}]});
    let users = json!({"users": [
        {"id": "c0470500-0000-4000-8000-00000000a11c", "userPrincipalName": "alice@contoso.test",
         "password": "alice-demo", "displayName": "Alice (Contoso)", "methods": ["sms"],
         "tenantId": CONTOSO},
        {"id": "fab41ca0-0000-4000-8000-000000000b0b", "userPrincipalName": "bob@fabrikam.test",
         "password": "bob-demo", "displayName": "Bob (Fabrikam)", "methods": ["sms"],
         "tenantId": FABRIKAM}]});
    let demo = Demo::with_tenants(&dir, tenants, users);
    // Every tenant gets the demo's built-in policy only for the default tenant: put a
    // campaign in force for both organizations through their own admin tokens.
    let enable = json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
        "state": "enabled", "includeTargets": [{"id": "all_users", "targetType": "group",
        "targetedAuthenticationMethod": "microsoftAuthenticator"}]}}});
    for tid in [CONTOSO, FABRIKAM] {
        let token = demo.admin_token_for(tid);
        let body = enable.to_string();
        let reply = Browser::new(&demo.address).request(
            "PATCH",
            "/v1.0/policies/authenticationMethodsPolicy",
            Some(("application/json", &body)),
            &[("authorization", &format!("Bearer {token}"))],
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    let scan_of = |upn: &str, password: &str| {
        let mut browser = Browser::new(&demo.address);
        let mfa = browser.sign_in(upn, password);
        assert_eq!(mfa.header("location"), Some("/registration-campaign"));
        for _ in 0..3 {
            let csrf = browser.get("/registration-campaign").csrf();
            browser.post("/registration-campaign/next", &format!("csrf={csrf}"));
        }
        decode_qr(&browser.get("/registration-campaign").body)
    };
    let contoso_uri = scan_of("alice@contoso.test", "alice-demo");
    assert!(
        contoso_uri.contains(&format!("%2Ft%2F{CONTOSO}%2Fdevice%2Fv1")),
        "Contoso's devices use Contoso's URL: {contoso_uri}"
    );
    let fabrikam_uri = scan_of("bob@fabrikam.test", "bob-demo");

    // The Contoso credential presented at Fabrikam's (or the default tenant's) device URL is
    // unknown there; at Contoso's it enrolls.
    for elsewhere in [
        contoso_uri.replace(CONTOSO, FABRIKAM),
        contoso_uri.replace(&format!("%2Ft%2F{CONTOSO}"), ""),
    ] {
        let (ok, out) = Device::new(&dir.join("stray")).run(&["enroll", &elsewhere]);
        assert!(!ok, "{elsewhere}: {out:?}");
        assert_eq!(
            out[0]["body"]["error"]["code"], "unknownCredential",
            "{out:?}"
        );
    }
    // A tenant the demo does not serve has no device API at all.
    let (ok, out) = Device::new(&dir.join("nowhere")).run(&[
        "enroll",
        &contoso_uri.replace(CONTOSO, "0bad0000-0000-4000-8000-000000000000"),
    ]);
    assert!(!ok);
    assert_eq!(out[0]["body"]["error"]["code"], "unknownTenant", "{out:?}");
    let phone = Device::new(&dir);
    let (ok, out) = phone.run(&["enroll", &contoso_uri, "--name", "Alice's Pixel"]);
    assert!(ok, "{out:?}");

    // The enrolled device, pointed at Fabrikam (where Bob's enrollment waits), is unknown.
    let state = std::fs::read_to_string(&phone.state).unwrap();
    let moved = dir.join("moved");
    std::fs::create_dir_all(&moved).unwrap();
    std::fs::write(
        moved.join("device-state.json"),
        state.replace(CONTOSO, FABRIKAM),
    )
    .unwrap();
    let (ok, out) = Device::new(&moved).run(&["pending"]);
    assert!(!ok, "a Contoso device polled Fabrikam: {out:?}");
    assert_eq!(out[0]["body"]["error"]["code"], "unknownDevice", "{out:?}");
    assert!(fabrikam_uri.contains(FABRIKAM));
    let (ok, out) = phone.run(&["pending"]);
    assert!(ok, "at home the device still works: {out:?}");
}

/// Issue 25: facade metrics had no `# HELP`, and `fail_open_total` did not exist until its first
/// event, so an alert on it saw no series. Described once, the unlabelled counters at zero.
#[test]
fn every_metric_is_described_and_the_unlabelled_counters_start_at_zero() {
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
    let handle = recorder.handle();
    metrics::with_local_recorder(&recorder, registration_campaign::describe_metrics);
    let text = handle.render();
    for name in [
        "registration_campaign_fail_open_total",
        "registration_campaign_held_for_outage_total",
        "registration_campaign_unknown_tenant_total",
        "registration_campaign_gate_refusals_total",
    ] {
        assert!(text.contains(&format!("# HELP {name} ")), "{name}: {text}");
        assert!(text.contains(&format!("\n{name} 0\n")), "{name}: {text}");
    }
    assert!(
        text.contains("registration_campaign_purged_total{what=\"records\"} 0"),
        "{text}"
    );
}
