//! One behaviour suite, run against every `CampaignStore` backend.
//!
//! The PostgreSQL run needs `REGISTRATION_CAMPAIGN_POSTGRES_URL` (for example
//! `postgres://postgres@127.0.0.1:5432/test`; `.ci/run` sets it). When the variable is set and
//! the server does not answer, the tests fail; when it is unset they are skipped with a notice.
//! Each PostgreSQL test works in a schema of its own.

use std::sync::Arc;

use registration_campaign::UserCampaignState;
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::store::{CampaignStore, SnoozeOutcome, StoreError};
use serde_json::json;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const AT: OffsetDateTime = datetime!(2026-11-28 09:00:00.123 UTC);

async fn new_user_has_default_state(store: Arc<dyn CampaignStore>) {
    assert_eq!(
        store.user_state("nobody").await.unwrap(),
        UserCampaignState::default()
    );
}

async fn a_snooze_is_counted_once_per_attempt(store: Arc<dyn CampaignStore>) {
    let first = store.record_snooze("u1", "a1", AT, Some(3)).await.unwrap();
    assert_eq!(first.outcome, SnoozeOutcome::Counted);
    assert_eq!(first.state.snooze_count, 1);
    assert_eq!(first.state.last_snoozed_at, Some(AT));
    let again = store
        .record_snooze("u1", "a1", AT + Duration::minutes(1), Some(3))
        .await
        .unwrap();
    assert_eq!(again.outcome, SnoozeOutcome::AlreadyCounted);
    assert_eq!(
        again.state, first.state,
        "a repeated attempt changes nothing"
    );
    let second = store
        .record_snooze("u1", "a2", AT + Duration::days(1), Some(3))
        .await
        .unwrap();
    assert_eq!(second.state.snooze_count, 2);
    assert_eq!(store.user_state("u1").await.unwrap(), second.state);
    // Attempt ids are per user.
    let other = store.record_snooze("u2", "a1", AT, Some(3)).await.unwrap();
    assert_eq!(other.outcome, SnoozeOutcome::Counted);
}

async fn the_limit_is_never_exceeded_and_refusals_leave_no_trace(store: Arc<dyn CampaignStore>) {
    for i in 0..3 {
        let r = store
            .record_snooze("u", &format!("a{i}"), AT, Some(3))
            .await
            .unwrap();
        assert_eq!(r.outcome, SnoozeOutcome::Counted);
    }
    let refused = store
        .record_snooze("u", "a3", AT + Duration::hours(1), Some(3))
        .await
        .unwrap();
    assert_eq!(refused.outcome, SnoozeOutcome::LimitReached);
    assert_eq!(refused.state.snooze_count, 3);
    assert_eq!(
        refused.state.last_snoozed_at,
        Some(AT),
        "a refused snooze changes nothing"
    );
    // The refused attempt was not remembered: with a higher limit it counts.
    let later = store.record_snooze("u", "a3", AT, None).await.unwrap();
    assert_eq!(later.outcome, SnoozeOutcome::Counted);
    assert_eq!(later.state.snooze_count, 4);
}

async fn concurrent_distinct_skips_are_all_counted(store: Arc<dyn CampaignStore>) {
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .record_snooze("busy", &format!("a{i}"), AT, None)
                    .await
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().outcome, SnoozeOutcome::Counted);
    }
    assert_eq!(store.user_state("busy").await.unwrap().snooze_count, 50);
}

async fn concurrent_skips_never_pass_the_limit(store: Arc<dyn CampaignStore>) {
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let store = store.clone();
            // Half of them repeat an attempt id, as double-clicked Skip buttons do.
            tokio::spawn(async move {
                store
                    .record_snooze("limited", &format!("a{}", i / 2), AT, Some(3))
                    .await
            })
        })
        .collect();
    let mut counted = 0;
    for task in tasks {
        if task.await.unwrap().unwrap().outcome == SnoozeOutcome::Counted {
            counted += 1;
        }
    }
    assert_eq!(counted, 3);
    assert_eq!(store.user_state("limited").await.unwrap().snooze_count, 3);
}

async fn registration_is_recorded_once(store: Arc<dyn CampaignStore>) {
    store.record_snooze("r", "a1", AT, Some(3)).await.unwrap();
    let state = store
        .record_registration("r", AT + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(state.registered_at, Some(AT + Duration::days(1)));
    assert_eq!(
        state.snooze_count, 1,
        "registration keeps the snooze history"
    );
    let again = store
        .record_registration("r", AT + Duration::days(2))
        .await
        .unwrap();
    assert_eq!(
        again.registered_at,
        Some(AT + Duration::days(1)),
        "the first time wins"
    );
    let new_user = store.record_registration("fresh", AT).await.unwrap();
    assert_eq!(new_user.registered_at, Some(AT));
}

async fn policy_writes_are_compare_and_swap(store: Arc<dyn CampaignStore>) {
    assert!(store.load_policy().await.unwrap().is_none());
    let policy = AuthenticationMethodsPolicy::default();
    assert_eq!(store.save_policy(&policy, 0).await.unwrap(), 1);
    let stale = store.save_policy(&policy, 0).await.unwrap_err();
    assert!(
        matches!(stale, StoreError::Conflict { current: 1 }),
        "{stale:?}"
    );
    let changed = policy
        .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"state": "enabled", "snoozeDurationInDays": 5}}}))
        .unwrap();
    assert_eq!(store.save_policy(&changed, 1).await.unwrap(), 2);
    let loaded = store.load_policy().await.unwrap().unwrap();
    assert_eq!(loaded.version, 2);
    assert_eq!(loaded.policy, changed);
    assert!(matches!(
        store.save_policy(&policy, 5).await,
        Err(StoreError::Conflict { current: 2 })
    ));
}

async fn stored_times_keep_millisecond_precision(store: Arc<dyn CampaignStore>) {
    let at = datetime!(2026-11-28 09:00:00.123456789 UTC);
    let r = store.record_snooze("t", "a", at, None).await.unwrap();
    assert_eq!(
        r.state.last_snoozed_at,
        Some(datetime!(2026-11-28 09:00:00.123 UTC))
    );
    assert_eq!(store.user_state("t").await.unwrap(), r.state);
}

macro_rules! conformance {
    ($backend:ident, $make:path) => {
        mod $backend {
            use super::*;
            conformance!(@tests $make;
                new_user_has_default_state,
                a_snooze_is_counted_once_per_attempt,
                the_limit_is_never_exceeded_and_refusals_leave_no_trace,
                concurrent_distinct_skips_are_all_counted,
                concurrent_skips_never_pass_the_limit,
                registration_is_recorded_once,
                policy_writes_are_compare_and_swap,
                stored_times_keep_millisecond_precision,
            );
        }
    };
    (@tests $make:path; $($test:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $test() {
                if let Some(store) = $make().await {
                    super::$test(store).await;
                }
            }
        )*
    };
}

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

async fn postgres_store() -> Option<Arc<dyn CampaignStore>> {
    use sqlx::postgres::PgConnectOptions;
    use std::str::FromStr;
    let Ok(url) = std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL") else {
        eprintln!("REGISTRATION_CAMPAIGN_POSTGRES_URL is not set: PostgreSQL conformance skipped");
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
    let options = PgConnectOptions::from_str(&url)
        .unwrap()
        .options([("search_path", schema.as_str())]);
    let store = registration_campaign::store::PostgresStore::connect_with(options)
        .await
        .unwrap();
    Some(Arc::new(store))
}

conformance!(memory, memory_store);
conformance!(sqlite, sqlite_store);
conformance!(postgres, postgres_store);

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
            .save_policy(&AuthenticationMethodsPolicy::default(), 0)
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
    let Some(first) = postgres_store().await else {
        return;
    };
    drop(first);
    // Two more migrations against fresh schemas would not test sharing; instead migrate the same
    // database from several pools at once.
    let url = std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL").unwrap();
    let schema = format!("rc_test_{}", uuid::Uuid::new_v4().simple());
    let admin = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .unwrap();
    use sqlx::postgres::PgConnectOptions;
    use std::str::FromStr;
    let options = PgConnectOptions::from_str(&url)
        .unwrap()
        .options([("search_path", schema.as_str())]);
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
