//! One behaviour suite, run against every `CampaignStore` backend.
//!
//! The PostgreSQL run needs `REGISTRATION_CAMPAIGN_POSTGRES_URL` (for example
//! `postgres://postgres@127.0.0.1:5432/test`; `.ci/run` sets it). When the variable is set and
//! the server does not answer, the tests fail; when it is unset they are skipped with a notice.
//! Each PostgreSQL test works in a schema of its own.

use std::sync::Arc;

use registration_campaign::campaign_store_conformance;
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::store::{CampaignStore, SnoozeOutcome};
use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

const AT: OffsetDateTime = datetime!(2026-11-28 09:00:00.123 UTC);

async fn memory_store() -> Option<Arc<dyn CampaignStore>> {
    Some(Arc::new(registration_campaign::store::MemoryStore::new()))
}

async fn sqlite_store() -> Option<Arc<dyn CampaignStore>> {
    let dir = std::env::temp_dir().join(format!("rc-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = registration_campaign::store::SqliteStore::open(dir.join("campaign.sqlite3"))
        .await
        .unwrap();
    Some(Arc::new(store))
}

/// Connection options for a fresh schema of its own on the test server, or `None` (skipped)
/// when `REGISTRATION_CAMPAIGN_POSTGRES_URL` is not set. A set variable and a silent server fail.
async fn fresh_postgres_schema() -> Option<sqlx::postgres::PgConnectOptions> {
    use std::str::FromStr;
    let Ok(url) = std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL") else {
        eprintln!("REGISTRATION_CAMPAIGN_POSTGRES_URL is not set: PostgreSQL tests skipped");
        return None;
    };
    let schema = format!("rc_test_{}", uuid::Uuid::new_v4().simple());
    let admin = sqlx::PgPool::connect(&url)
        .await
        .expect("PostgreSQL does not answer");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .unwrap();
    Some(
        sqlx::postgres::PgConnectOptions::from_str(&url)
            .unwrap()
            .options([("search_path", schema.as_str())]),
    )
}

async fn postgres_store() -> Option<Arc<dyn CampaignStore>> {
    let options = fresh_postgres_schema().await?;
    let store = registration_campaign::store::PostgresStore::connect_with(options)
        .await
        .unwrap();
    Some(Arc::new(store))
}

// The suite itself is `registration_campaign::store::conformance` (feature `testing`), so that
// other stores can run it too.
campaign_store_conformance!(memory, super::memory_store);
campaign_store_conformance!(sqlite, super::sqlite_store);
campaign_store_conformance!(postgres, super::postgres_store);

#[tokio::test]
async fn sqlite_state_survives_reopening_the_file() {
    let dir = std::env::temp_dir().join(format!("rc-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("campaign.sqlite3");
    {
        let store = registration_campaign::store::SqliteStore::open(&path)
            .await
            .unwrap();
        store.record_snooze("u", "a", AT, Some(3)).await.unwrap();
        store
            .save_policy(&AuthenticationMethodsPolicy::default(), 0, None)
            .await
            .unwrap();
        store.pool().close().await;
    }
    let store = registration_campaign::store::SqliteStore::open(&path)
        .await
        .unwrap();
    assert_eq!(store.user_state("u").await.unwrap().snooze_count, 1);
    assert_eq!(store.load_policy().await.unwrap().unwrap().version, 1);
    assert_eq!(
        store
            .record_snooze("u", "a", AT, Some(3))
            .await
            .unwrap()
            .outcome,
        SnoozeOutcome::AlreadyCounted
    );
}

#[tokio::test]
async fn postgres_instances_migrating_together_share_one_schema() {
    // Several pools migrating the same fresh schema at once.
    let Some(options) = fresh_postgres_schema().await else {
        return;
    };
    let opens: Vec<_> = (0..4)
        .map(|_| {
            tokio::spawn(registration_campaign::store::PostgresStore::connect_with(
                options.clone(),
            ))
        })
        .collect();
    let mut stores = Vec::new();
    for open in opens {
        stores.push(open.await.unwrap().unwrap());
    }
    stores[0]
        .record_snooze("shared", "a", AT, None)
        .await
        .unwrap();
    assert_eq!(
        stores[3].user_state("shared").await.unwrap().snooze_count,
        1
    );
}

#[tokio::test]
async fn a_policy_change_reaches_every_instance_on_one_postgres_database_within_two_seconds() {
    use registration_campaign::decision::Decision;
    use registration_campaign::store::PostgresStore;
    use registration_campaign::{AuthMethod, Campaign, SignInFacts};
    let Some(options) = fresh_postgres_schema().await else {
        return;
    };
    let instance = |store: PostgresStore| Campaign::builder(Arc::new(store)).build();
    let a = instance(PostgresStore::connect_with(options.clone()).await.unwrap());
    let b = instance(PostgresStore::connect_with(options).await.unwrap());
    let enabled = AuthenticationMethodsPolicy::default()
        .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"state": "enabled"}}}))
        .unwrap();
    a.replace_policy(enabled.clone()).await.unwrap();
    let alice = SignInFacts::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
    assert!(matches!(
        b.decide(&alice).await.unwrap().0,
        Decision::Nudge { .. }
    ));

    let disabled = enabled
        .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"state": "disabled"}}}))
        .unwrap();
    a.replace_policy(disabled).await.unwrap();
    let changed_at = std::time::Instant::now();
    loop {
        if b.decide(&alice).await.unwrap().0.reason_code() == "campaignDisabled" {
            break;
        }
        assert!(
            changed_at.elapsed() < std::time::Duration::from_secs(2),
            "instance B still nudges after 2 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // Snoozes recorded through one instance are seen by the other at once.
    a.store()
        .record_snooze(&alice.user_id, "attempt", a.now(), Some(3))
        .await
        .unwrap();
    assert_eq!(
        b.store()
            .user_state(&alice.user_id)
            .await
            .unwrap()
            .snooze_count,
        1
    );
}
