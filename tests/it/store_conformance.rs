//! One behaviour suite, run against every `CampaignStore` backend.
//!
//! The PostgreSQL run needs `REGISTRATION_CAMPAIGN_POSTGRES_URL` (for example
//! `postgres://postgres@127.0.0.1:5432/test`; `.ci/run` sets it). When the variable is set and
//! the server does not answer, the tests fail; when it is unset they are skipped with a notice.
//! Each PostgreSQL test works in a schema of its own.

use std::sync::Arc;

use registration_campaign::TenantId;
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
pub(crate) async fn fresh_postgres_schema() -> Option<sqlx::postgres::PgConnectOptions> {
    use std::str::FromStr;
    let Ok(url) = std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL") else {
        eprintln!("REGISTRATION_CAMPAIGN_POSTGRES_URL is not set: PostgreSQL tests skipped");
        return None;
    };
    let schema = crate::support::postgres::create_test_schema(&url, "rc_test").await;
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
    let t = &TenantId::default_tenant();
    let dir = std::env::temp_dir().join(format!("rc-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("campaign.sqlite3");
    {
        let store = registration_campaign::store::SqliteStore::open(&path)
            .await
            .unwrap();
        store.record_snooze(t, "u", "a", AT, Some(3)).await.unwrap();
        store
            .save_policy(t, &AuthenticationMethodsPolicy::default(), 0, None)
            .await
            .unwrap();
        store.pool().close().await;
    }
    let store = registration_campaign::store::SqliteStore::open(&path)
        .await
        .unwrap();
    assert_eq!(store.user_state(t, "u").await.unwrap().snooze_count, 1);
    assert_eq!(store.load_policy(t).await.unwrap().unwrap().version, 1);
    assert_eq!(
        store
            .record_snooze(t, "u", "a", AT, Some(3))
            .await
            .unwrap()
            .outcome,
        SnoozeOutcome::AlreadyCounted
    );
}

#[tokio::test]
async fn postgres_instances_migrating_together_share_one_schema() {
    // Several pools migrating the same fresh schema at once.
    let t = &TenantId::default_tenant();
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
        .record_snooze(t, "shared", "a", AT, None)
        .await
        .unwrap();
    assert_eq!(
        stores[3]
            .user_state(t, "shared")
            .await
            .unwrap()
            .snooze_count,
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

/// Two instances on one PostgreSQL schema, polling only once an hour, so that only the change
/// feed (`LISTEN/NOTIFY`) can explain a change reaching the second within a second. The second
/// runs its background tasks; the test waits until its feed is open.
mod change_feed {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use registration_campaign::admin::Actor;
    use registration_campaign::decision::Decision;
    use registration_campaign::policy::AuthenticationMethodsPolicy;
    use registration_campaign::store::PostgresStore;
    use registration_campaign::{AuthMethod, Campaign, SignInFacts};
    use serde_json::json;

    const HOUR: Duration = Duration::from_secs(3600);

    struct Pair {
        a: Campaign,
        b: Campaign,
        b_tasks: tokio::task::JoinHandle<()>,
        b_application: String,
    }

    impl Drop for Pair {
        fn drop(&mut self) {
            self.b_tasks.abort();
        }
    }

    async fn pair() -> Option<Pair> {
        let options = super::fresh_postgres_schema().await?;
        let b_application = format!("rc_b_{}", uuid::Uuid::new_v4().simple());
        let instance = |store: PostgresStore| {
            Campaign::builder(Arc::new(store))
                .policy_refresh(HOUR)
                .build()
        };
        let a = instance(PostgresStore::connect_with(options.clone()).await.unwrap());
        let b = instance(
            PostgresStore::connect_with(options.application_name(&b_application))
                .await
                .unwrap(),
        );
        let b_tasks = tokio::spawn(b.clone().background_tasks());
        let pair = Pair {
            a,
            b,
            b_tasks,
            b_application,
        };
        pair.feeds_opened(1).await;
        Some(pair)
    }

    impl Pair {
        async fn feeds_opened(&self, n: u64) {
            let started = Instant::now();
            while self.b.metrics().change_feeds_opened() < n {
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "B's change feed did not open"
                );
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }

        /// Waits (at most 1 s) until B's decision for Alice has `reason`; returns how long.
        async fn b_decides(&self, reason: &str) -> Duration {
            let alice = SignInFacts::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
            let changed_at = Instant::now();
            loop {
                if self.b.decide(&alice).await.unwrap().0.reason_code() == reason {
                    return changed_at.elapsed();
                }
                assert!(
                    changed_at.elapsed() < Duration::from_secs(1),
                    "instance B still does not decide {reason} after 1 s"
                );
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    }

    fn campaign(state: &str) -> AuthenticationMethodsPolicy {
        AuthenticationMethodsPolicy::default()
            .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"state": state}}}))
            .unwrap()
    }

    #[tokio::test]
    async fn a_policy_change_reaches_another_instance_within_one_second_by_listen_notify() {
        let Some(pair) = pair().await else {
            return;
        };
        pair.a.replace_policy(campaign("enabled")).await.unwrap();
        let alice = SignInFacts::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
        let nudged = pair.b_decides_nudge(&alice).await;
        assert!(nudged);
        // B now holds "enabled" in its cache for an hour, unless told.
        pair.a.replace_policy(campaign("disabled")).await.unwrap();
        pair.b_decides("campaignDisabled").await;
        assert!(pair.b.metrics().change_notices() >= 1);
    }

    #[tokio::test]
    async fn a_settings_change_reaches_another_instance_within_one_second_by_listen_notify() {
        let Some(pair) = pair().await else {
            return;
        };
        let before = pair.b.active_policy().await.unwrap().settings.version;
        let admin = Actor {
            id: "admin".into(),
            user_principal_name: None,
        };
        for deadline in ["2027-01-31T00:00:00Z", "2027-02-28T00:00:00Z"] {
            let written = pair
                .a
                .change_settings(&json!({"deadline": deadline}), None, &admin, "test")
                .await
                .unwrap();
            assert!(written.version > before);
            let changed_at = Instant::now();
            loop {
                let active = pair.b.active_policy().await.unwrap();
                if active.settings.version == written.version {
                    assert_eq!(active.settings.settings, written.settings);
                    break;
                }
                assert!(
                    changed_at.elapsed() < Duration::from_secs(1),
                    "instance B still has settings version {} after 1 s",
                    active.settings.version
                );
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        assert!(pair.b.metrics().change_notices() >= 2);
    }

    #[tokio::test]
    async fn a_lost_listen_connection_is_opened_again_and_changes_keep_arriving() {
        let Some(pair) = pair().await else {
            return;
        };
        pair.a.replace_policy(campaign("enabled")).await.unwrap();
        let alice = SignInFacts::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
        assert!(pair.b_decides_nudge(&alice).await);
        // An operator (or a failover) ends B's listening connection.
        let admin =
            sqlx::PgPool::connect(&std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL").unwrap())
                .await
                .unwrap();
        let ended: Vec<bool> = sqlx::query_scalar(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE application_name = $1 AND query LIKE 'LISTEN%'",
        )
        .bind(&pair.b_application)
        .fetch_all(&admin)
        .await
        .unwrap();
        assert_eq!(ended, [true]);
        pair.feeds_opened(2).await;
        pair.a.replace_policy(campaign("disabled")).await.unwrap();
        pair.b_decides("campaignDisabled").await;
    }

    impl Pair {
        async fn b_decides_nudge(&self, alice: &SignInFacts) -> bool {
            matches!(
                self.b.decide(alice).await.unwrap().0,
                Decision::Nudge { .. }
            )
        }
    }
}

/// Group commit in the SQL stores (`store::group_commit`): writes that queue while a commit is
/// in flight share the next transaction. Each test holds the first write (the leader) behind a
/// lock taken from outside, queues more writes one after another, then lets go: the queued
/// writes form one batch, deterministically.
mod group_commit {
    use std::future::Future;
    use std::sync::Arc;
    use std::time::Duration;

    use registration_campaign::TenantId;
    use registration_campaign::store::{
        CampaignStore, GroupCommitStats, PostgresStore, SnoozeOutcome, SnoozeRecord, SqliteStore,
        StoreError,
    };

    use super::{AT, fresh_postgres_schema};

    /// The writes of the tests: (user, attempt, limit).
    type Snooze = (&'static str, &'static str, Option<u32>);

    /// Snoozes `blocker` (which `release` holds up), then each of `queued` in turn while it is
    /// held, then awaits `release`; returns the queued writes' results in their order, and the
    /// transactions and writes group commit ran meanwhile.
    async fn behind_a_held_write(
        store: Arc<dyn CampaignStore>,
        stats: impl Fn() -> GroupCommitStats,
        queued: &[Snooze],
        release: impl Future<Output = ()>,
    ) -> (Vec<Result<SnoozeRecord, StoreError>>, GroupCommitStats) {
        let t = TenantId::default_tenant();
        let before = stats();
        let snooze = |(user, attempt, limit): Snooze| {
            let (store, t) = (store.clone(), t.clone());
            tokio::spawn(async move { store.record_snooze(&t, user, attempt, AT, limit).await })
        };
        let leader = snooze(("blocker", "b", None));
        // The leader's transaction has begun (group commit counts it as it starts) and is held.
        let started = std::time::Instant::now();
        while stats().transactions == before.transactions {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the leader never started"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let mut tasks = Vec::new();
        for write in queued {
            tasks.push(snooze(*write));
            // In this order.
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        release.await;
        let first = leader.await.unwrap().unwrap();
        assert_eq!(first.outcome, SnoozeOutcome::Counted, "the held write");
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.unwrap());
        }
        let after = stats();
        let ran = GroupCommitStats {
            transactions: after.transactions - before.transactions,
            writes: after.writes - before.writes,
        };
        (results, ran)
    }

    /// The same user several times in one batch, as if one call came after the other: a
    /// repeated attempt is `AlreadyCounted`, the limit is never passed (`LimitReached`), and
    /// the refused attempt leaves no trace.
    async fn one_batch_counts_in_arrival_order(
        store: Arc<dyn CampaignStore>,
        stats: impl Fn() -> GroupCommitStats,
        release: impl Future<Output = ()>,
    ) {
        let queued: [Snooze; 6] = [
            ("u", "a1", Some(3)),
            ("u", "a1", Some(3)),
            ("u", "a2", Some(3)),
            ("v", "a1", Some(3)),
            ("u", "a3", Some(3)),
            ("u", "a4", Some(3)),
        ];
        let (results, ran) = behind_a_held_write(store.clone(), stats, &queued, release).await;
        let seen: Vec<(SnoozeOutcome, u32)> = results
            .into_iter()
            .map(|r| r.unwrap())
            .map(|r| (r.outcome, r.state.snooze_count))
            .collect();
        use SnoozeOutcome::*;
        assert_eq!(
            seen,
            [
                (Counted, 1),
                (AlreadyCounted, 1),
                (Counted, 2),
                (Counted, 1),
                (Counted, 3),
                (LimitReached, 3)
            ]
        );
        assert_eq!(
            ran,
            GroupCommitStats {
                transactions: 2,
                writes: 7
            },
            "the held write alone, then the six queued ones together"
        );
        let t = TenantId::default_tenant();
        assert_eq!(store.user_state(&t, "u").await.unwrap().snooze_count, 3);
        let later = store.record_snooze(&t, "u", "a4", AT, None).await.unwrap();
        assert_eq!((later.outcome, later.state.snooze_count), (Counted, 4));
    }

    /// A batch whose commit fails (the `poison` user's attempt breaks a deferred constraint,
    /// checked at COMMIT): every write of the batch gets an error and none is stored; the next
    /// writes work.
    async fn a_failed_commit_fails_every_write_of_its_batch(
        store: Arc<dyn CampaignStore>,
        stats: impl Fn() -> GroupCommitStats,
        release: impl Future<Output = ()>,
    ) {
        let queued: [Snooze; 3] = [
            ("ok-1", "a", Some(3)),
            ("poison", "a", Some(3)),
            ("ok-2", "a", Some(3)),
        ];
        let (results, ran) = behind_a_held_write(store.clone(), stats, &queued, release).await;
        assert_eq!(ran.transactions, 2);
        for (result, (user, ..)) in results.iter().zip(queued) {
            assert!(result.is_err(), "{user}: {result:?}");
        }
        let t = TenantId::default_tenant();
        for user in ["ok-1", "ok-2", "poison"] {
            assert_eq!(store.user_state(&t, user).await.unwrap().snooze_count, 0);
        }
        let again = store.record_snooze(&t, "ok-1", "a", AT, Some(3)).await;
        assert_eq!(again.unwrap().outcome, SnoozeOutcome::Counted);
    }

    async fn sqlite() -> (SqliteStore, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("rc-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = SqliteStore::open(dir.join("campaign.sqlite3"))
            .await
            .unwrap();
        (store, dir)
    }

    /// Takes SQLite's write lock from outside the store until the returned sender fires.
    async fn hold_sqlite_write_lock(store: &SqliteStore) -> impl Future<Output = ()> + use<> {
        let mut held = store.pool().begin_with("BEGIN IMMEDIATE").await.unwrap();
        async move {
            // Keep it long enough that the leader is surely waiting on it.
            sqlx::query("SELECT 1").execute(&mut *held).await.unwrap();
            held.commit().await.unwrap();
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite_one_batch_counts_a_users_writes_in_arrival_order() {
        let (store, dir) = sqlite().await;
        let release = hold_sqlite_write_lock(&store).await;
        let stats = {
            let store = store.clone();
            move || store.group_commit_stats()
        };
        one_batch_counts_in_arrival_order(Arc::new(store), stats, release).await;
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite_a_failed_commit_fails_every_write_of_its_batch() {
        let (store, dir) = sqlite().await;
        sqlx::raw_sql(
            "CREATE TABLE test_parent (id TEXT PRIMARY KEY);
             CREATE TABLE test_poison (user_id TEXT
                 REFERENCES test_parent (id) DEFERRABLE INITIALLY DEFERRED);
             CREATE TRIGGER test_poison AFTER INSERT ON registration_campaign_snooze_attempt
                 WHEN NEW.user_id = 'poison'
                 BEGIN INSERT INTO test_poison VALUES ('nobody'); END",
        )
        .execute(store.pool())
        .await
        .unwrap();
        let release = hold_sqlite_write_lock(&store).await;
        let stats = {
            let store = store.clone();
            move || store.group_commit_stats()
        };
        a_failed_commit_fails_every_write_of_its_batch(Arc::new(store), stats, release).await;
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// A PostgreSQL store in a fresh schema, and a connection of its own (outside the store's
    /// pool) that holds the `blocker` user's row until released; `None` without a database.
    async fn postgres() -> Option<(PostgresStore, sqlx::PgPool, String)> {
        let options = fresh_postgres_schema().await?;
        // One transaction in flight at a time, so that writes queue behind the held one.
        let store = PostgresStore::connect_with(options.clone())
            .await
            .unwrap()
            .with_concurrent_batches(1);
        let schema = options
            .get_options()
            .and_then(|o| o.split("search_path=").nth(1))
            .map(str::to_owned)
            .expect("the schema");
        let outside = sqlx::PgPool::connect_with(options).await.unwrap();
        Some((store, outside, schema))
    }

    async fn hold_postgres_row(outside: &sqlx::PgPool) -> impl Future<Output = ()> + use<> {
        let mut held = outside.begin().await.unwrap();
        sqlx::query(
            "INSERT INTO registration_campaign_user_state (tenant_id, user_id)
             VALUES ('default', 'blocker')",
        )
        .execute(&mut *held)
        .await
        .unwrap();
        async move { held.commit().await.unwrap() }
    }

    async fn drop_schema(outside: sqlx::PgPool, schema: &str) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
            .execute(&outside)
            .await
            .unwrap();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres_one_batch_counts_a_users_writes_in_arrival_order() {
        let Some((store, outside, schema)) = postgres().await else {
            return;
        };
        let release = hold_postgres_row(&outside).await;
        let stats = {
            let store = store.clone();
            move || store.group_commit_stats()
        };
        one_batch_counts_in_arrival_order(Arc::new(store.clone()), stats, release).await;
        store.pool().close().await;
        drop_schema(outside, &schema).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres_a_failed_commit_fails_every_write_of_its_batch() {
        let Some((store, outside, schema)) = postgres().await else {
            return;
        };
        sqlx::raw_sql(
            "CREATE FUNCTION test_poison() RETURNS trigger LANGUAGE plpgsql AS $body$
             BEGIN
                 IF NEW.user_id = 'poison' THEN RAISE EXCEPTION 'poisoned batch'; END IF;
                 RETURN NULL;
             END $body$;
             CREATE CONSTRAINT TRIGGER test_poison
                 AFTER INSERT ON registration_campaign_snooze_attempt
                 DEFERRABLE INITIALLY DEFERRED
                 FOR EACH ROW EXECUTE FUNCTION test_poison()",
        )
        .execute(&outside)
        .await
        .unwrap();
        let release = hold_postgres_row(&outside).await;
        let stats = {
            let store = store.clone();
            move || store.group_commit_stats()
        };
        a_failed_commit_fails_every_write_of_its_batch(Arc::new(store.clone()), stats, release)
            .await;
        store.pool().close().await;
        drop_schema(outside, &schema).await;
    }

    /// Without group commit (`with_group_commit(1)`), every write has a transaction of its own.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite_without_group_commit_every_write_commits_alone() {
        let (store, dir) = sqlite().await;
        let store = store.with_group_commit(1);
        let t = TenantId::default_tenant();
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let (store, t) = (store.clone(), t.clone());
                tokio::spawn(async move {
                    store
                        .record_snooze(&t, &format!("u{i}"), "a", AT, None)
                        .await
                })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap().outcome, SnoozeOutcome::Counted);
        }
        assert_eq!(
            store.group_commit_stats(),
            GroupCommitStats {
                transactions: 20,
                writes: 20
            }
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
