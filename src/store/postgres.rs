//! The PostgreSQL store: one state shared by many app instances.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use super::StoreError;
use super::sql::{backend, impl_sql_store};

/// Keeps the campaign's state in PostgreSQL, shared by every app instance that connects.
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
}

impl PostgresStore {
    /// Wraps an existing pool. Call [`migrate`](Self::migrate) before first use.
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
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

    /// The underlying pool.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

impl_sql_store!(
    PostgresStore,
    sqlx::Postgres,
    begin = "BEGIN",
    // Any fixed key; it only has to be the same for every instance.
    migration_lock = Some("SELECT pg_advisory_xact_lock(7264110359183)")
);
