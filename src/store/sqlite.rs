//! The SQLite store: the embedded default. One file; survives restarts.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::StoreError;
use super::group_commit::{DEFAULT_MAX_BATCH, GroupCommit};
use super::sql::{Write, Written, backend, impl_sql_store};

/// Keeps the campaign's state in a SQLite database file.
///
/// Writes use `BEGIN IMMEDIATE` transactions, so concurrent snoozes serialize instead of failing
/// with "database is locked"; the file uses WAL journaling with `synchronous = FULL`, so an
/// acknowledged snooze or registration survives a crash or `kill -9`. Each commit waits for an
/// `fsync`; concurrent writes share commits ([group commit](Self::with_group_commit)), so the
/// store acknowledges many more writes a second than the disk does `fsync`s.
///
/// ```no_run
/// use registration_campaign::store::SqliteStore;
/// # async fn run() -> Result<(), registration_campaign::store::StoreError> {
/// let store = SqliteStore::open("./campaign.sqlite3").await?; // creates and migrates
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Concurrent writes share transactions (see [`with_group_commit`](Self::with_group_commit)).
    writes: Arc<GroupCommit<Write, Written>>,
}

impl SqliteStore {
    /// Group commit's transactions in flight at once: SQLite has one writer at a time.
    const WRITERS: usize = 1;

    /// Wraps an existing pool. Call [`migrate`](Self::migrate) before first use.
    pub fn new(pool: SqlitePool) -> Self {
        Self {
            pool,
            writes: Arc::new(GroupCommit::new(DEFAULT_MAX_BATCH, Self::WRITERS)),
        }
    }

    /// Opens (creating if needed) the database file at `path` with durable settings, and
    /// migrates it.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true);
        Self::connect_with(options).await
    }

    /// Opens a database from a URL such as `sqlite://campaign.db` or `sqlite::memory:`, and
    /// migrates it.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(backend)?
            .create_if_missing(true);
        Self::connect_with(options).await
    }

    async fn connect_with(options: SqliteConnectOptions) -> Result<Self, StoreError> {
        let options = options
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            // After a checkpoint the write-ahead log shrinks back to this size, so a burst of
            // writes (a large purge) does not leave a large file behind.
            .pragma("journal_size_limit", (32 * 1024 * 1024).to_string())
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(backend)?;
        let store = Self::new(pool);
        store.migrate().await?;
        Ok(store)
    }

    /// The underlying pool.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

impl_sql_store!(
    SqliteStore,
    sqlx::Sqlite,
    begin = "BEGIN IMMEDIATE",
    migration_lock = None::<&'static str>,
    // One writer at a time: no two transactions can wait on each other.
    user_locks = None,
    backend_migrations = &[],
    more_store_methods = {
        async fn records_by_id(
            &self,
            tenant: &crate::tenant::TenantId,
            kind: &str,
            ids: &[String],
            now: time::OffsetDateTime,
        ) -> Result<Vec<crate::store::Record>, crate::store::StoreError> {
            let ids = serde_json::to_string(ids)
                .map_err(|e| crate::store::StoreError::Decode(e.to_string()))?;
            let rows = sqlx::query(super::sql::SELECT_RECORDS_BY_ID_SQLITE)
                .bind(tenant.as_str())
                .bind(kind)
                .bind(ids)
                .bind(crate::store::to_millis(now))
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
            rows.iter().map(Self::record_row).collect()
        }
    }
);
