//! A policy document stays within limits that keep it readable, and a stored policy that cannot
//! be read back does not take the campaign, the admin API, the audit log or the admin page down.
//!
//! Reproduction (issue 10, item 3): a PATCH of the Authenticator configuration whose
//! `featureSettings` is nested 127 deep was accepted and stored 129 deep, past serde_json's read
//! limit (128); from then on every decision failed open and the admin plane answered 503.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use registration_campaign::admin::{AdminAuth, admin_page, graph_api};
use registration_campaign::policy::{
    AuthenticationMethodsPolicy, MAX_DOCUMENT_BYTES, MAX_POLICY_DEPTH, MAX_TARGETS,
};

use registration_campaign::store::{CampaignStore, MemoryStore, StoreError};
use registration_campaign::{AuthMethod, Campaign, ManualClock, SignInFacts};

use crate::support::admin::{AUDIENCE, ISSUER, SECRET, writer};
use crate::support::faulty_store::FaultyStore;
use crate::support::{Reply, send};
use serde_json::{Value, json};
use time::macros::datetime;

const POLICY: &str = "/v1.0/policies/authenticationMethodsPolicy";
const AUTHENTICATOR: &str = "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/MicrosoftAuthenticator";
const AUDIT: &str = "/v1.0/auditLogs/registrationCampaign";

/// `{"featureSettings": {"companionAppAllowedState": {"a": {"a": ... {}}}}}`, `depth` objects
/// deep in all.
fn deep_authenticator_patch(depth: usize) -> String {
    let inner = depth - 2;
    format!(
        "{{\"featureSettings\": {{\"companionAppAllowedState\": {}{}}}}}",
        "{\"a\": ".repeat(inner - 1) + "{}",
        "}".repeat(inner - 1)
    )
}

/// A policy document nested `depth` deep, as an older version could have stored it.
fn unreadable_document() -> String {
    let patch = deep_authenticator_patch(127);
    format!(
        "{{\"authenticationMethodConfigurations\": [{}]}}",
        patch.replacen('{', "{\"id\": \"MicrosoftAuthenticator\", ", 1)
    )
}

struct Admin {
    api: Router,
    page: Router,
}

impl Admin {
    fn new(campaign: &Campaign) -> Self {
        Self {
            api: Router::new().nest(
                "/v1.0",
                graph_api(campaign.clone(), AdminAuth::hs256(SECRET, ISSUER, AUDIENCE)),
            ),
            page: Router::new().nest("/admin", admin_page(campaign.clone(), None)),
        }
    }

    async fn call(&self, method: &str, path: &str, body: &str, if_match: Option<&str>) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "graph.test")
            .header(header::AUTHORIZATION, format!("Bearer {}", writer()));
        if !body.is_empty() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(tag) = if_match {
            request = request.header(header::IF_MATCH, tag);
        }
        let request = request.body(Body::from(body.to_owned())).unwrap();
        send(&self.api, request).await
    }

    async fn page(&self) -> Reply {
        let request = Request::get("/admin").body(Body::empty()).unwrap();
        send(&self.page, request).await
    }
}

fn campaign_over(store: Arc<dyn CampaignStore>) -> Campaign {
    Campaign::builder(store)
        .clock(Arc::new(ManualClock::new(datetime!(2026-11-28 09:00 UTC))))
        // Every decision reads the store, so a broken row is seen at once.
        .policy_refresh(Duration::ZERO)
        .build()
}

#[tokio::test]
async fn a_127_deep_authenticator_patch_is_refused_and_the_admin_plane_keeps_working() {
    let campaign = campaign_over(Arc::new(MemoryStore::new()));
    let admin = Admin::new(&campaign);
    let body = deep_authenticator_patch(127);
    assert!(
        serde_json::from_str::<Value>(&body).is_ok(),
        "the body itself is within serde_json's limit"
    );
    let reply = admin.call("PATCH", AUTHENTICATOR, &body, None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    let message = reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.starts_with(
            "authenticationMethodConfigurations[0].featureSettings.companionAppAllowedState.a"
        ),
        "the error names the path: {message}"
    );
    assert!(
        message.contains(&format!("nested deeper than {MAX_POLICY_DEPTH} levels")),
        "{message}"
    );
    assert_eq!(reply.json()["error"]["code"], "BadRequest");
    // Nothing was stored, and everything still opens.
    assert!(campaign.store().load_policy().await.unwrap().is_none());
    let get = admin.call("GET", POLICY, "", None).await;
    assert_eq!(get.status, StatusCode::OK);
    assert_eq!(get.headers[header::ETAG], "W/\"0\"");
    assert_eq!(
        admin.call("GET", AUDIT, "", None).await.status,
        StatusCode::OK
    );
    assert_eq!(admin.page().await.status, StatusCode::OK);
    let facts = SignInFacts::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
    assert!(campaign.decide(&facts).await.is_ok());

    // The same nesting through the whole-policy PATCH is refused the same way.
    let whole = format!(
        "{{\"authenticationMethodConfigurations\": [{}]}}",
        deep_authenticator_patch(125).replacen('{', "{\"id\": \"MicrosoftAuthenticator\", ", 1)
    );
    let reply = admin.call("PATCH", POLICY, &whole, None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    // A kept-verbatim property nested too deep is refused too.
    let opaque = json!({"reportSuspiciousActivitySettings": nested(MAX_POLICY_DEPTH)}).to_string();
    let reply = admin.call("PATCH", POLICY, &opaque, None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(
        reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("reportSuspiciousActivitySettings.a"),
        "{}",
        reply.body
    );
    // At the limit it is accepted.
    let opaque =
        json!({"reportSuspiciousActivitySettings": nested(MAX_POLICY_DEPTH - 1)}).to_string();
    let reply = admin.call("PATCH", POLICY, &opaque, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

/// An object `depth` levels deep.
fn nested(depth: usize) -> Value {
    let mut value = json!({});
    for _ in 1..depth {
        value = json!({ "a": value });
    }
    value
}

#[tokio::test]
async fn size_and_count_limits_are_checked_on_the_document_as_stored() {
    let campaign = campaign_over(Arc::new(MemoryStore::new()));
    let admin = Admin::new(&campaign);
    // Each body is under the 64 KiB request limit; together they would grow the stored
    // document past its limit.
    let mut refused = None;
    for i in 0..(MAX_DOCUMENT_BYTES / (60 * 1024) + 2) {
        let body = json!({"authenticationMethodConfigurations": [
            {"id": format!("Custom{i}"), "blob": "x".repeat(60 * 1024)}]})
        .to_string();
        let reply = admin.call("PATCH", POLICY, &body, None).await;
        if reply.status != StatusCode::OK {
            refused = Some(reply);
            break;
        }
    }
    let refused = refused.expect("the document cannot grow without bound");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body.contains("bytes when stored"),
        "{}",
        refused.body
    );
    assert_eq!(
        admin.call("GET", POLICY, "", None).await.status,
        StatusCode::OK
    );

    let targets: Vec<Value> = (0..=MAX_TARGETS)
        .map(|i| json!({"id": format!("00000000-0000-4000-8000-{i:012}"), "targetType": "group"}))
        .collect();
    let body = json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
        "excludeTargets": targets}}})
    .to_string();
    let reply = admin.call("PATCH", POLICY, &body, None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(
        reply.body.contains(&format!(
            "registrationEnforcement.authenticationMethodsRegistrationCampaign.excludeTargets: at most {MAX_TARGETS} targets"
        )),
        "{}",
        reply.body
    );
}

#[test]
fn a_policy_that_would_not_read_back_is_refused_before_it_is_stored() {
    let policy = AuthenticationMethodsPolicy::default();
    let text = policy.to_stored_json().unwrap();
    assert_eq!(
        AuthenticationMethodsPolicy::from_json(&text).unwrap(),
        policy
    );
    let err = policy
        .apply_authenticator_patch(&serde_json::from_str(&deep_authenticator_patch(60)).unwrap())
        .unwrap()
        .to_stored_json()
        .unwrap_err();
    assert!(err.to_string().contains("nested deeper than"), "{err}");
}

/// The last good policy: the campaign is disabled (Graph's default would nudge this user).
fn disabled() -> AuthenticationMethodsPolicy {
    AuthenticationMethodsPolicy::default()
        .apply_patch(&json!({"registrationEnforcement": {
            "authenticationMethodsRegistrationCampaign": {"state": "disabled"}}}))
        .unwrap()
}

async fn reason(campaign: &Campaign) -> &'static str {
    let facts = SignInFacts::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
    let (decision, _) = campaign
        .decide(&facts)
        .await
        .expect("a decision, not a fail-open");
    decision.reason_code()
}

/// Runs the whole story over a store: a good policy, then an unreadable row, then a repair.
async fn an_unreadable_policy_keeps_the_last_good_one(
    store: Arc<dyn CampaignStore>,
    break_policy: impl AsyncFnOnce(),
    reopen: impl Fn() -> Campaign,
) {
    let campaign = campaign_over(store);
    let admin = Admin::new(&campaign);
    assert_eq!(reason(&campaign).await, "inScope", "Graph's default nudges");
    assert_eq!(campaign.replace_policy(disabled()).await.unwrap(), 1);
    assert_eq!(reason(&campaign).await, "campaignDisabled");
    assert_eq!(campaign.metrics().unreadable_policy(), 0);

    break_policy().await;
    assert!(matches!(
        campaign.store().load_policy().await,
        Err(StoreError::Decode(_))
    ));

    // Decisions keep the last good policy, and the alarm goes up.
    assert_eq!(reason(&campaign).await, "campaignDisabled");
    assert!(campaign.metrics().unreadable_policy() >= 1);
    assert!(campaign.policy_alarm().is_some());
    // A new instance (a restart) recovers the last good policy from the audit log.
    let restarted = reopen();
    assert_eq!(reason(&restarted).await, "campaignDisabled");
    assert!(restarted.metrics().unreadable_policy() >= 1);

    // The admin plane opens and says what happened.
    let get = admin.call("GET", POLICY, "", None).await;
    assert_eq!(get.status, StatusCode::OK, "{}", get.body);
    assert_eq!(
        get.json()["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]["state"],
        "disabled",
        "the last good policy is shown"
    );
    let warning = get.headers[header::WARNING].to_str().unwrap().to_owned();
    assert!(warning.contains("cannot be read"), "{warning}");
    assert_eq!(
        get.headers[header::ETAG],
        "W/\"2\"",
        "the broken row's version"
    );
    let authenticator = admin.call("GET", AUTHENTICATOR, "", None).await;
    assert_eq!(authenticator.status, StatusCode::OK);
    assert!(authenticator.headers.contains_key(header::WARNING));
    let audit = admin.call("GET", AUDIT, "", None).await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.body);
    assert_eq!(audit.json()["value"][0]["version"], 1);
    let page = admin.page().await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("cannot be read"), "{}", page.body);

    // A PATCH with the ETag from that GET writes a valid version over the broken one.
    let repair = json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
        "state": "enabled"}}})
    .to_string();
    let stale = admin.call("PATCH", POLICY, &repair, Some("W/\"1\"")).await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );
    let repaired = admin.call("PATCH", POLICY, &repair, Some("W/\"2\"")).await;
    assert_eq!(repaired.status, StatusCode::OK, "{}", repaired.body);
    assert_eq!(repaired.headers[header::ETAG], "W/\"3\"");
    assert_eq!(
        campaign
            .store()
            .load_policy()
            .await
            .unwrap()
            .unwrap()
            .version,
        3
    );
    let alarms = campaign.metrics().unreadable_policy();
    assert_eq!(
        reason(&campaign).await,
        "inScope",
        "the repaired policy is in force"
    );
    assert_eq!(
        campaign.metrics().unreadable_policy(),
        alarms,
        "no more alarms"
    );
    assert!(campaign.policy_alarm().is_none());
    let get = admin.call("GET", POLICY, "", None).await;
    assert!(!get.headers.contains_key(header::WARNING));
    let audit = admin.call("GET", AUDIT, "", None).await.json();
    assert_eq!(audit["value"][0]["version"], 3);
    assert_eq!(
        audit["value"][0]["before"],
        Value::Null,
        "the broken document is not pretended to be known"
    );
    assert!(!admin.page().await.body.contains("cannot be read"));
}

#[tokio::test]
async fn memory_an_unreadable_policy_keeps_the_last_good_one_until_a_patch_repairs_it() {
    let store = Arc::new(FaultyStore::default());
    let breaker = store.clone();
    let reopened = store.clone();
    an_unreadable_policy_keeps_the_last_good_one(
        store,
        async move || breaker.break_policy().await,
        move || campaign_over(reopened.clone()),
    )
    .await;
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn sqlite_an_unreadable_policy_keeps_the_last_good_one_until_a_patch_repairs_it() {
    use registration_campaign::store::SqliteStore;
    let dir = std::env::temp_dir().join(format!("rc-policy-limits-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Arc::new(SqliteStore::open(dir.join("campaign.db")).await.unwrap());
    let breaker = store.clone();
    let reopened = store.clone();
    an_unreadable_policy_keeps_the_last_good_one(
        store,
        async move || {
            sqlx::query(
                "UPDATE registration_campaign_policy SET version = version + 1, document = $1",
            )
            .bind(unreadable_document())
            .execute(breaker.pool())
            .await
            .unwrap();
        },
        move || campaign_over(reopened.clone()),
    )
    .await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Needs `REGISTRATION_CAMPAIGN_POSTGRES_URL`; works in a schema of its own.
#[cfg(feature = "postgres")]
#[tokio::test]
async fn postgres_an_unreadable_policy_keeps_the_last_good_one_until_a_patch_repairs_it() {
    use registration_campaign::store::PostgresStore;
    use std::str::FromStr;
    let Ok(url) = std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL") else {
        eprintln!("REGISTRATION_CAMPAIGN_POSTGRES_URL is not set: PostgreSQL test skipped");
        return;
    };
    let schema = crate::support::postgres::create_test_schema(&url, "rc_test").await;
    let options = sqlx::postgres::PgConnectOptions::from_str(&url)
        .unwrap()
        .options([("search_path", schema.as_str())]);
    let store = Arc::new(PostgresStore::connect_with(options).await.unwrap());
    let breaker = store.clone();
    let reopened = store.clone();
    an_unreadable_policy_keeps_the_last_good_one(
        store,
        async move || {
            sqlx::query(
                "UPDATE registration_campaign_policy SET version = version + 1, document = $1",
            )
            .bind(unreadable_document())
            .execute(breaker.pool())
            .await
            .unwrap();
        },
        move || campaign_over(reopened.clone()),
    )
    .await;
    crate::support::postgres::drop_test_schema(&url, &schema).await;
}
