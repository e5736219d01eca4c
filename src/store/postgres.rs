//! The PostgreSQL store: one state shared by many app instances.

use std::str::FromStr;
use std::sync::Arc;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};

use super::group_commit::{DEFAULT_MAX_BATCH, GroupCommit};
use super::sql::{Write, Written, backend, impl_sql_store};
use super::{ChangeFeed, StoreError};
use crate::tenant::TenantId;

/// PostgreSQL-only migrations, numbered apart from the shared ones.
///
/// Triggers send the `NOTIFY`, so it is part of the writing transaction whoever writes: a policy
/// write (`save_policy`'s compare-and-swap), a settings record (inserted or replaced by
/// `change_settings`), or an operator's repair in `psql`. The notice is delivered only if that
/// transaction commits. The payload is what changed, whose it is and its new version
/// (`policy contoso 7`, `settings default 3`), never a document.
const POSTGRES_MIGRATIONS: &[(i64, &str)] = &[
    (
        1001,
        "CREATE OR REPLACE FUNCTION registration_campaign_notify_change() RETURNS trigger
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
        EXECUTE FUNCTION registration_campaign_notify_change('settings')",
    ),
    // Tenants (shared migration 4 rebuilt the tables, which dropped their triggers): the
    // payload names the tenant, so only its cached policy is dropped.
    (
        1002,
        "CREATE OR REPLACE FUNCTION registration_campaign_notify_change() RETURNS trigger
        LANGUAGE plpgsql AS $body$
    BEGIN
        PERFORM pg_notify('registration_campaign_policy',
            TG_ARGV[0] || ' ' || NEW.tenant_id || ' ' || NEW.version);
        RETURN NULL;
    END
    $body$;
    DROP TRIGGER IF EXISTS registration_campaign_policy_changed ON registration_campaign_policy;
    DROP TRIGGER IF EXISTS registration_campaign_settings_changed ON registration_campaign_record;
    CREATE TRIGGER registration_campaign_policy_changed
        AFTER INSERT OR UPDATE ON registration_campaign_policy
        FOR EACH ROW EXECUTE FUNCTION registration_campaign_notify_change('policy');
    CREATE TRIGGER registration_campaign_settings_changed
        AFTER INSERT OR UPDATE ON registration_campaign_record
        FOR EACH ROW WHEN (NEW.kind = 'campaign-settings')
        EXECUTE FUNCTION registration_campaign_notify_change('settings')",
    ),
    // The required-registration gate: a marker set or cleared on one instance reaches every
    // instance's gate at once, instead of after its recheck interval.
    (
        1003,
        "CREATE TRIGGER registration_campaign_required_changed
        AFTER INSERT OR UPDATE ON registration_campaign_record
        FOR EACH ROW WHEN (NEW.kind = 'required-registration')
        EXECUTE FUNCTION registration_campaign_notify_change('required')",
    ),
];

/// Keeps the campaign's state in PostgreSQL, shared by every app instance that connects.
///
/// Every instance learns of a policy or settings change within milliseconds: the store announces
/// it with `NOTIFY` on [`PostgresStore::CHANGE_CHANNEL`], and its [`change_feed`](super::CampaignStore::change_feed)
/// (a `LISTEN` on one connection of the pool) wakes
/// [`Campaign::background_tasks`](crate::Campaign::background_tasks).
/// The feed holds one connection of the pool for as long as it runs: a pool given to
/// [`new`](Self::new) needs at least two.
///
/// Snooze counting is a conditional `UPDATE` on the user's row, so concurrent skips from many
/// instances serialize on that row and never exceed the limit. Migrations take a transaction-level
/// advisory lock, so instances may start together.
///
/// ```no_run
/// use registration_campaign::store::PostgresStore;
/// # async fn run() -> Result<(), registration_campaign::store::StoreError> {
/// let url = std::env::var("DATABASE_URL").unwrap_or("postgres://127.0.0.1/test".into());
/// let store = PostgresStore::connect(&url).await?; // connects and migrates
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    /// Concurrent writes share transactions (see [`with_group_commit`](Self::with_group_commit)).
    writes: Arc<GroupCommit<Write, Written>>,
}

impl PostgresStore {
    /// The channel on which every policy or settings change is announced (database-wide: stores
    /// in other schemas of the same database hear it too, which only costs them a re-read).
    pub const CHANGE_CHANNEL: &str = "registration_campaign_policy";

    /// Group commit's transactions in flight at once, each on a connection of the pool:
    /// PostgreSQL commits transactions of several connections in parallel (and flushes their
    /// WAL together), so a single batch at a time would leave it idle while one connection
    /// works through the batch's statements one round trip after another.
    const WRITERS: usize = 4;

    /// Wraps an existing pool. Call [`migrate`](Self::migrate) before first use.
    pub fn new(pool: PgPool) -> Self {
        Self {
            pool,
            writes: Arc::new(GroupCommit::new(DEFAULT_MAX_BATCH, Self::WRITERS)),
        }
    }

    /// Connects to `url` (for example `postgres://user@127.0.0.1:5432/db`) and migrates.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(backend)?;
        Self::connect_with(options).await
    }

    /// Connects with explicit options (to set a `search_path`, TLS, ...) and migrates.
    pub async fn connect_with(options: PgConnectOptions) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .connect_with(options)
            .await
            .map_err(backend)?;
        let store = Self::new(pool);
        store.migrate().await?;
        Ok(store)
    }

    /// How many group-commit transactions may be in flight at once, each on a connection of
    /// the pool (default 4; see [`with_group_commit`](Self::with_group_commit) for the batch
    /// size). Writes beyond them queue and share the next transaction that ends.
    pub fn with_concurrent_batches(mut self, transactions: usize) -> Self {
        self.writes = Arc::new(GroupCommit::new(self.writes.max_batch(), transactions));
        self
    }

    /// The underlying pool.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// Takes a batch's user locks (transaction-scoped advisory locks, `$1` their keys, ascending
/// and comma-separated: see `user_lock_keys`) in order, so that every instance's batches wait
/// for one another per user instead of deadlocking. The two-number form keeps these keys apart
/// from the single-number one of the migration lock.
const LOCK_USERS: &str = "SELECT pg_advisory_xact_lock(1919251317, key::int4)
     FROM unnest(string_to_array($1, ',')) WITH ORDINALITY AS locks(key, n) ORDER BY n";

impl_sql_store!(
    PostgresStore,
    sqlx::Postgres,
    begin = "BEGIN",
    // Any fixed key; it only has to be the same for every instance.
    migration_lock = Some("SELECT pg_advisory_xact_lock(7264110359183)"),
    user_locks = Some(LOCK_USERS),
    backend_migrations = POSTGRES_MIGRATIONS,
    more_store_methods = {
        async fn records_by_id(
            &self,
            tenant: &TenantId,
            kind: &str,
            ids: &[String],
            now: time::OffsetDateTime,
        ) -> Result<Vec<crate::store::Record>, StoreError> {
            let rows = sqlx::query(super::sql::SELECT_RECORDS_BY_ID_POSTGRES)
                .bind(tenant.as_str())
                .bind(kind)
                .bind(ids)
                .bind(crate::store::to_millis(now))
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
            rows.iter().map(Self::record_row).collect()
        }

        async fn change_feed(&self) -> Result<Option<Box<dyn ChangeFeed>>, StoreError> {
            let mut listener = PgListener::connect_with(&self.pool)
                .await
                .map_err(backend)?;
            // A lost connection ends the feed (the campaign opens a new one and re-reads the
            // policy, as notices sent meanwhile are lost), rather than reconnecting silently.
            listener.eager_reconnect(false);
            listener
                .listen(Self::CHANGE_CHANNEL)
                .await
                .map_err(backend)?;
            Ok(Some(Box::new(PostgresChangeFeed { listener })))
        }
    }
);

/// A `LISTEN` on [`PostgresStore::CHANGE_CHANNEL`], holding one connection of the store's pool.
#[derive(Debug)]
struct PostgresChangeFeed {
    listener: PgListener,
}

#[async_trait]
impl ChangeFeed for PostgresChangeFeed {
    async fn next_change(&mut self) -> Result<Option<TenantId>, StoreError> {
        match self.listener.try_recv().await.map_err(backend)? {
            Some(notice) => Ok(changed_tenant(notice.payload())),
            None => Err(StoreError::Backend(
                "the connection listening for policy changes was lost".into(),
            )),
        }
    }
}

/// The tenant a notice's payload (`policy contoso 7`) names; `None` for any other payload (a
/// notice from an older instance, or by hand), which drops every tenant's cached policy.
fn changed_tenant(payload: &str) -> Option<TenantId> {
    let mut words = payload.split(' ');
    let (_what, tenant, _version) = (words.next()?, words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    TenantId::new(tenant).ok()
}

#[cfg(test)]
mod tests {
    use super::changed_tenant;

    #[test]
    fn notices_name_their_tenant() {
        assert_eq!(
            changed_tenant("policy contoso 7").map(|t| t.to_string()),
            Some("contoso".to_owned())
        );
        assert_eq!(changed_tenant("policy 7"), None);
        assert_eq!(changed_tenant("settings a b c"), None);
        assert_eq!(changed_tenant("policy bad/tenant 1"), None);
    }
}
