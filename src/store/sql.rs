//! SQL shared by the SQLite and PostgreSQL stores.
//!
//! Both backends run the same statements (`$N` parameters, `ON CONFLICT`, `RETURNING` work in
//! both); they differ only in how a write transaction starts and how concurrent migrations are
//! kept apart, which each backend passes to [`impl_sql_store!`].
//!
//! Migrations are kept in our own table (`registration_campaign_migrations`), not sqlx's
//! `_sqlx_migrations`, so that the store can share a database with a host that runs its own sqlx
//! migrations.

/// Schema migrations in order; each runs once, in a transaction.
pub(crate) const MIGRATIONS: &[(i64, &str)] = &[
    (
        1,
        "CREATE TABLE registration_campaign_policy (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version BIGINT NOT NULL,
        document TEXT NOT NULL,
        updated_at BIGINT NOT NULL
    );
    CREATE TABLE registration_campaign_user_state (
        user_id TEXT PRIMARY KEY,
        snooze_count BIGINT NOT NULL DEFAULT 0,
        last_snoozed_at BIGINT,
        registered_at BIGINT
    );
    CREATE TABLE registration_campaign_snooze_attempt (
        user_id TEXT NOT NULL,
        attempt_id TEXT NOT NULL,
        recorded_at BIGINT NOT NULL,
        PRIMARY KEY (user_id, attempt_id)
    )",
    ),
    (
        2,
        "CREATE TABLE registration_campaign_record (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        owner TEXT NOT NULL,
        version BIGINT NOT NULL,
        document TEXT NOT NULL,
        expires_at BIGINT,
        PRIMARY KEY (kind, id)
    );
    CREATE INDEX registration_campaign_record_owner ON registration_campaign_record (kind, owner)",
    ),
    (
        3,
        "CREATE INDEX registration_campaign_record_expiry ON registration_campaign_record (expires_at);
    CREATE INDEX registration_campaign_snooze_attempt_time
        ON registration_campaign_snooze_attempt (recorded_at)",
    ),
    // Tenants: every table gains `tenant_id`, first in its key. Rows written before tenants
    // existed belong to the default tenant (`crate::tenant::DEFAULT_TENANT`). Each table is
    // rebuilt (SQLite cannot change a primary key in place), copied and renamed back, in the
    // migration's one transaction: a crash leaves the old tables.
    (
        4,
        "CREATE TABLE registration_campaign_policy_t (
        tenant_id TEXT PRIMARY KEY,
        version BIGINT NOT NULL,
        document TEXT NOT NULL,
        updated_at BIGINT NOT NULL
    );
    INSERT INTO registration_campaign_policy_t (tenant_id, version, document, updated_at)
        SELECT 'default', version, document, updated_at FROM registration_campaign_policy;
    DROP TABLE registration_campaign_policy;
    ALTER TABLE registration_campaign_policy_t RENAME TO registration_campaign_policy;

    CREATE TABLE registration_campaign_user_state_t (
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        snooze_count BIGINT NOT NULL DEFAULT 0,
        last_snoozed_at BIGINT,
        registered_at BIGINT,
        PRIMARY KEY (tenant_id, user_id)
    );
    INSERT INTO registration_campaign_user_state_t
        (tenant_id, user_id, snooze_count, last_snoozed_at, registered_at)
        SELECT 'default', user_id, snooze_count, last_snoozed_at, registered_at
        FROM registration_campaign_user_state;
    DROP TABLE registration_campaign_user_state;
    ALTER TABLE registration_campaign_user_state_t RENAME TO registration_campaign_user_state;

    CREATE TABLE registration_campaign_snooze_attempt_t (
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        attempt_id TEXT NOT NULL,
        recorded_at BIGINT NOT NULL,
        PRIMARY KEY (tenant_id, user_id, attempt_id)
    );
    INSERT INTO registration_campaign_snooze_attempt_t (tenant_id, user_id, attempt_id, recorded_at)
        SELECT 'default', user_id, attempt_id, recorded_at FROM registration_campaign_snooze_attempt;
    DROP TABLE registration_campaign_snooze_attempt;
    ALTER TABLE registration_campaign_snooze_attempt_t
        RENAME TO registration_campaign_snooze_attempt;
    CREATE INDEX registration_campaign_snooze_attempt_time
        ON registration_campaign_snooze_attempt (recorded_at);

    CREATE TABLE registration_campaign_record_t (
        tenant_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        owner TEXT NOT NULL,
        version BIGINT NOT NULL,
        document TEXT NOT NULL,
        expires_at BIGINT,
        PRIMARY KEY (tenant_id, kind, id)
    );
    INSERT INTO registration_campaign_record_t
        (tenant_id, kind, id, owner, version, document, expires_at)
        SELECT 'default', kind, id, owner, version, document, expires_at
        FROM registration_campaign_record;
    DROP TABLE registration_campaign_record;
    ALTER TABLE registration_campaign_record_t RENAME TO registration_campaign_record;
    CREATE INDEX registration_campaign_record_owner
        ON registration_campaign_record (tenant_id, kind, owner);
    CREATE INDEX registration_campaign_record_expiry ON registration_campaign_record (expires_at)",
    ),
];

pub(crate) const CREATE_MIGRATIONS_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS registration_campaign_migrations (
        version BIGINT PRIMARY KEY,
        applied_at BIGINT NOT NULL
    )";
pub(crate) const SELECT_MIGRATION: &str =
    "SELECT version FROM registration_campaign_migrations WHERE version = $1";
pub(crate) const INSERT_MIGRATION: &str =
    "INSERT INTO registration_campaign_migrations (version, applied_at) VALUES ($1, $2)";

pub(crate) const SELECT_POLICY: &str =
    "SELECT version, document FROM registration_campaign_policy WHERE tenant_id = $1";
pub(crate) const INSERT_POLICY: &str =
    "INSERT INTO registration_campaign_policy (tenant_id, version, document, updated_at)
     VALUES ($1, 1, $2, $3) ON CONFLICT (tenant_id) DO NOTHING";
pub(crate) const UPDATE_POLICY: &str = "UPDATE registration_campaign_policy
     SET version = version + 1, document = $2, updated_at = $3
     WHERE tenant_id = $1 AND version = $4";
pub(crate) const SELECT_POLICY_VERSION: &str =
    "SELECT version FROM registration_campaign_policy WHERE tenant_id = $1";

pub(crate) const SELECT_USER: &str = "SELECT snooze_count, last_snoozed_at, registered_at
     FROM registration_campaign_user_state WHERE tenant_id = $1 AND user_id = $2";
pub(crate) const SELECT_USERS_AFTER: &str =
    "SELECT user_id, snooze_count, last_snoozed_at, registered_at
     FROM registration_campaign_user_state WHERE tenant_id = $1 AND user_id > $2
     ORDER BY user_id LIMIT $3";
pub(crate) const ENSURE_USER: &str =
    "INSERT INTO registration_campaign_user_state (tenant_id, user_id)
     VALUES ($1, $2) ON CONFLICT (tenant_id, user_id) DO NOTHING";
pub(crate) const INSERT_ATTEMPT: &str = "INSERT INTO registration_campaign_snooze_attempt
     (tenant_id, user_id, attempt_id, recorded_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, user_id, attempt_id) DO NOTHING";
/// Conditional increment, creating the user's row at the first snooze: concurrent writers
/// serialize on the row, and each re-checks the limit (`$4`, at least 1: a limit of 0 never
/// gets here). No row comes back when the limit is reached.
pub(crate) const COUNT_SNOOZE: &str = "INSERT INTO registration_campaign_user_state
     (tenant_id, user_id, snooze_count, last_snoozed_at) VALUES ($1, $2, 1, $3)
     ON CONFLICT (tenant_id, user_id) DO UPDATE
     SET snooze_count = registration_campaign_user_state.snooze_count + 1,
         last_snoozed_at = excluded.last_snoozed_at
     WHERE registration_campaign_user_state.snooze_count < $4
     RETURNING snooze_count, last_snoozed_at, registered_at";
/// Takes back the attempt row of a snooze refused for the limit, in the same transaction, so
/// that a refusal leaves no trace.
pub(crate) const DELETE_ATTEMPT: &str = "DELETE FROM registration_campaign_snooze_attempt
     WHERE tenant_id = $1 AND user_id = $2 AND attempt_id = $3";
pub(crate) const RECORD_REGISTRATION: &str = "UPDATE registration_campaign_user_state
     SET registered_at = COALESCE(registered_at, $3)
     WHERE tenant_id = $1 AND user_id = $2
     RETURNING snooze_count, last_snoozed_at, registered_at";

/// Inserts, or takes the place of an expired record with the same key. Taking over keeps the
/// version going up, so a writer still holding the expired record's version cannot replace it.
pub(crate) const INSERT_RECORD: &str = "INSERT INTO registration_campaign_record
     (tenant_id, kind, id, owner, version, document, expires_at)
     VALUES ($1, $2, $3, $4, 1, $5, $6)
     ON CONFLICT (tenant_id, kind, id) DO UPDATE SET owner = excluded.owner,
         version = registration_campaign_record.version + 1,
         document = excluded.document, expires_at = excluded.expires_at
     WHERE registration_campaign_record.expires_at IS NOT NULL
       AND registration_campaign_record.expires_at <= $7";
pub(crate) const UPSERT_RECORD: &str = "INSERT INTO registration_campaign_record
     (tenant_id, kind, id, owner, version, document, expires_at)
     VALUES ($1, $2, $3, $4, 1, $5, $6)
     ON CONFLICT (tenant_id, kind, id) DO UPDATE SET owner = excluded.owner,
         version = registration_campaign_record.version + 1,
         document = excluded.document, expires_at = excluded.expires_at";
pub(crate) const SELECT_RECORD: &str = "SELECT kind, id, owner, version, document, expires_at
     FROM registration_campaign_record
     WHERE tenant_id = $1 AND kind = $2 AND id = $3 AND (expires_at IS NULL OR expires_at > $4)";
pub(crate) const REPLACE_RECORD: &str = "UPDATE registration_campaign_record
     SET owner = $4, document = $5, expires_at = $6, version = version + 1
     WHERE tenant_id = $1 AND kind = $2 AND id = $3 AND version = $7";
pub(crate) const SELECT_RECORDS_OF: &str = "SELECT kind, id, owner, version, document, expires_at
     FROM registration_campaign_record
     WHERE tenant_id = $1 AND kind = $2 AND owner = $3
       AND (expires_at IS NULL OR expires_at > $4)
     ORDER BY id";
/// Deletes at most `$2` expired records (of every tenant), so a large backlog is cleared in
/// short transactions.
pub(crate) const PURGE_RECORDS: &str = "DELETE FROM registration_campaign_record
     WHERE (tenant_id, kind, id) IN (SELECT tenant_id, kind, id FROM registration_campaign_record
         WHERE expires_at IS NOT NULL AND expires_at <= $1 LIMIT $2)";
/// Deletes at most `$2` snooze-attempt rows (of every tenant) recorded before `$1`.
pub(crate) const PURGE_ATTEMPTS: &str = "DELETE FROM registration_campaign_snooze_attempt
     WHERE (tenant_id, user_id, attempt_id) IN (SELECT tenant_id, user_id, attempt_id
         FROM registration_campaign_snooze_attempt WHERE recorded_at < $1 LIMIT $2)";

/// Live records of `$1` that will expire, of every tenant (the expiry index bounds the scan to
/// short-lived records).
pub(crate) const COUNT_EXPIRING: &str = "SELECT COUNT(*) FROM registration_campaign_record
     WHERE expires_at > $2 AND kind = $1";

/// Turns a stored row into a record.
pub(crate) fn record_from_row(
    kind: String,
    id: String,
    owner: String,
    version: i64,
    document: String,
    expires_at: Option<i64>,
) -> Result<super::Record, super::StoreError> {
    Ok(super::Record {
        kind,
        id,
        owner,
        version: u64::try_from(version)
            .map_err(|_| super::StoreError::Decode(format!("record version {version}")))?,
        document,
        expires_at: expires_at.map(super::from_millis).transpose()?,
    })
}

/// Turns a stored row into a state.
pub(crate) fn user_state_from_row(
    snooze_count: i64,
    last_snoozed_at: Option<i64>,
    registered_at: Option<i64>,
) -> Result<crate::state::UserCampaignState, super::StoreError> {
    Ok(crate::state::UserCampaignState {
        snooze_count: u32::try_from(snooze_count)
            .map_err(|_| super::StoreError::Decode(format!("snooze_count {snooze_count}")))?,
        last_snoozed_at: last_snoozed_at.map(super::from_millis).transpose()?,
        registered_at: registered_at.map(super::from_millis).transpose()?,
    })
}

pub(crate) fn backend(e: sqlx::Error) -> super::StoreError {
    super::StoreError::Backend(Box::new(e))
}

/// A write that can share a transaction with others (see [`super::group_commit`]): the
/// per-user writes of sign-ins and flows. Owned, because it waits in a queue.
#[derive(Debug)]
pub(crate) enum Write {
    Snooze {
        tenant: crate::tenant::TenantId,
        user: String,
        attempt: String,
        /// Milliseconds since the epoch.
        at: i64,
        limit: Option<u32>,
    },
    Registration {
        tenant: crate::tenant::TenantId,
        user: String,
        at: i64,
    },
    InsertRecord {
        tenant: crate::tenant::TenantId,
        record: super::Record,
        now: i64,
    },
    UpsertRecord {
        tenant: crate::tenant::TenantId,
        record: super::Record,
    },
    ReplaceRecord {
        tenant: crate::tenant::TenantId,
        record: super::Record,
    },
}

impl Write {
    /// The order in which a batch takes its row locks: user rows (by tenant and user), then
    /// records (by tenant, kind and id). Every transaction taking them in one order, two
    /// instances' batches on one PostgreSQL database cannot deadlock on each other's rows
    /// (with [`user_lock_keys`] for the snooze attempts, which are inserted before the row).
    pub(crate) fn lock_order(&self) -> (u8, &str, &str, &str) {
        match self {
            Self::Snooze { tenant, user, .. } | Self::Registration { tenant, user, .. } => {
                (0, tenant.as_str(), user, "")
            }
            Self::InsertRecord { tenant, record, .. }
            | Self::UpsertRecord { tenant, record }
            | Self::ReplaceRecord { tenant, record } => {
                (1, tenant.as_str(), &record.kind, &record.id)
            }
        }
    }

    /// The user whose rows (campaign state, snooze attempts) the write changes, if any.
    fn user(&self) -> Option<(&crate::tenant::TenantId, &str)> {
        match self {
            Self::Snooze { tenant, user, .. } | Self::Registration { tenant, user, .. } => {
                Some((tenant, user))
            }
            _ => None,
        }
    }

    /// Whether it is one statement, which needs no transaction of its own when alone.
    pub(crate) fn is_one_statement(&self) -> bool {
        matches!(
            self,
            Self::InsertRecord { .. } | Self::UpsertRecord { .. } | Self::ReplaceRecord { .. }
        )
    }
}

/// The users a batch writes, as lock keys in ascending order and comma-separated, for a
/// backend that takes a lock per user before touching the user's rows (`None`: no users).
///
/// Row locks alone are not enough there: a snooze first inserts its attempt, then counts it on
/// the user's row, so two transactions each holding an attempt the other also carries (a
/// double-clicked Skip split over two batches) would wait on each other. With every batch
/// taking its users' locks first, in one order, one user's rows are changed by one transaction
/// at a time. Two users sharing a key (a 32-bit hash) only wait for each other.
pub(crate) fn user_lock_keys(writes: &[Write]) -> Option<String> {
    let mut keys: Vec<i32> = writes
        .iter()
        .filter_map(Write::user)
        .map(|(tenant, user)| user_lock_key(tenant.as_str(), user))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    (!keys.is_empty()).then(|| {
        keys.iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    })
}

/// A user's lock key: FNV-1a over the tenant id, a separator byte no id holds, and the user id.
fn user_lock_key(tenant: &str, user: &str) -> i32 {
    let bytes = tenant.bytes().chain([0xff]).chain(user.bytes());
    let hash = bytes.fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    i32::from_ne_bytes(hash.to_ne_bytes())
}

/// What a [`Write`] did.
#[derive(Debug)]
pub(crate) enum Written {
    Snooze(super::SnoozeRecord),
    Registration(crate::state::UserCampaignState),
    /// Inserted or replaced (`true`), or not (`false`): `InsertRecord`, `ReplaceRecord`.
    Changed(bool),
    Upserted,
}

/// A batch answered a write with another kind of result: a bug, reported as an error.
pub(crate) fn mismatched(written: Written) -> super::StoreError {
    super::StoreError::Backend(format!("a write was answered with {written:?}").into())
}

/// Implements [`CampaignStore`](super::CampaignStore) and `migrate` for an sqlx pool type.
///
/// `$begin` is the statement that opens a write transaction; `$lock` is run first inside the
/// migration transaction to keep concurrent migrations apart; `$user_locks`, when given, is run
/// first in every write batch with the batch's [`user_lock_keys`] as `$1`; `$backend_migrations` run after
/// the shared [`MIGRATIONS`], numbered apart from them (PostgreSQL's change triggers);
/// `more_store_methods` are added to the `CampaignStore` impl (PostgreSQL's change feed).
macro_rules! impl_sql_store {
    (
        $store:ident,
        $db:ty,
        begin = $begin:expr,
        migration_lock = $lock:expr,
        user_locks = $user_locks:expr,
        backend_migrations = $backend_migrations:expr,
        more_store_methods = { $($more:tt)* }
    ) => {
        impl $store {
            /// Creates or upgrades the store's tables. Safe to run from many instances at once.
            pub async fn migrate(&self) -> Result<(), $crate::store::StoreError> {
                use $crate::store::sql::*;
                // One transaction, serialized across instances by `$lock`, so two instances
                // starting together cannot both create the tables.
                let mut tx = self.pool.begin_with($begin).await.map_err(backend)?;
                if let Some(lock) = $lock {
                    sqlx::raw_sql(lock)
                        .execute(&mut *tx)
                        .await
                        .map_err(backend)?;
                }
                sqlx::raw_sql(CREATE_MIGRATIONS_TABLE)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                let backend_migrations: &[(i64, &str)] = $backend_migrations;
                for (version, statements) in MIGRATIONS.iter().chain(backend_migrations) {
                    let applied = sqlx::query(SELECT_MIGRATION)
                        .bind(version)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(backend)?;
                    if applied.is_none() {
                        sqlx::raw_sql(*statements)
                            .execute(&mut *tx)
                            .await
                            .map_err(backend)?;
                        sqlx::query(INSERT_MIGRATION)
                            .bind(version)
                            .bind($crate::store::to_millis(time::OffsetDateTime::now_utc()))
                            .execute(&mut *tx)
                            .await
                            .map_err(backend)?;
                    }
                }
                tx.commit().await.map_err(backend)?;
                Ok(())
            }

            /// Runs a batched purge statement (`$1` a time, `$2` the batch size).
            async fn purge(
                &self,
                statement: &'static str,
                at: time::OffsetDateTime,
                batch: u32,
            ) -> Result<u64, $crate::store::StoreError> {
                use $crate::store::sql::*;
                Ok(sqlx::query(statement)
                    .bind($crate::store::to_millis(at))
                    .bind(i64::from(batch))
                    .execute(&self.pool)
                    .await
                    .map_err(backend)?
                    .rows_affected())
            }

            /// A record statement with its shared parameters bound: `$1` tenant, `$2` kind, `$3`
            /// id, `$4` owner, `$5` document, `$6` expiry (the statement's own come after).
            fn record_query<'q>(
                statement: &'static str,
                tenant: &'q $crate::tenant::TenantId,
                record: &'q $crate::store::Record,
            ) -> sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments> {
                sqlx::query(statement)
                    .bind(tenant.as_str())
                    .bind(record.kind.as_str())
                    .bind(record.id.as_str())
                    .bind(record.owner.as_str())
                    .bind(record.document.as_str())
                    .bind(record.expires_at.map($crate::store::to_millis))
            }

            fn record_row(
                row: &<$db as sqlx::Database>::Row,
            ) -> Result<$crate::store::Record, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::sql::*;
                record_from_row(
                    row.try_get(0).map_err(backend)?,
                    row.try_get(1).map_err(backend)?,
                    row.try_get(2).map_err(backend)?,
                    row.try_get(3).map_err(backend)?,
                    row.try_get(4).map_err(backend)?,
                    row.try_get(5).map_err(backend)?,
                )
            }

            async fn select_user(
                executor: impl sqlx::Executor<'_, Database = $db>,
                tenant: &$crate::tenant::TenantId,
                user_id: &str,
            ) -> Result<$crate::state::UserCampaignState, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::sql::*;
                let row = sqlx::query(SELECT_USER)
                    .bind(tenant.as_str())
                    .bind(user_id)
                    .fetch_optional(executor)
                    .await
                    .map_err(backend)?;
                match row {
                    None => Ok($crate::state::UserCampaignState::default()),
                    Some(row) => user_state_from_row(
                        row.try_get(0).map_err(backend)?,
                        row.try_get(1).map_err(backend)?,
                        row.try_get(2).map_err(backend)?,
                    ),
                }
            }

            /// Group commit: at most `max_batch` concurrent writes (snoozes, registrations,
            /// record writes) share one transaction, so that they share its `fsync` (default
            /// [`DEFAULT_MAX_BATCH`](crate::store::DEFAULT_MAX_BATCH)). A write that finds no
            /// commit in flight (SQLite: one at a time; PostgreSQL: up to 4) commits at once,
            /// alone; writes that arrive while they are in flight queue and go together in
            /// the next. Each caller is answered only after
            /// the transaction holding its write committed, with its own result, exactly as if
            /// the writes had run one after another; if the transaction fails, every write in
            /// it fails. `1` turns it off: every write commits in a transaction of its own.
            pub fn with_group_commit(mut self, max_batch: usize) -> Self {
                self.writes = std::sync::Arc::new($crate::store::group_commit::GroupCommit::new(
                    max_batch,
                    self.writes.max_leaders(),
                ));
                self
            }

            /// How many transactions group commit ran so far, and how many writes they
            /// carried (shared by clones of this store).
            pub fn group_commit_stats(&self) -> $crate::store::GroupCommitStats {
                self.writes.stats()
            }

            /// Runs `write` through group commit.
            async fn write(
                &self,
                write: $crate::store::sql::Write,
            ) -> Result<$crate::store::sql::Written, $crate::store::StoreError> {
                let pool = &self.pool;
                self.writes
                    .submit(write, |batch| Self::write_batch(pool, batch))
                    .await
            }

            /// Runs `writes` in one transaction, in their order except that row locks are
            /// taken in [`Write::lock_order`](crate::store::sql::Write::lock_order); one result
            /// per write. Nothing is returned unless the transaction committed.
            async fn write_batch(
                pool: &sqlx::Pool<$db>,
                writes: Vec<$crate::store::sql::Write>,
            ) -> Result<Vec<$crate::store::sql::Written>, $crate::store::StoreError> {
                use $crate::store::sql::*;
                if let [write] = writes.as_slice()
                    && write.is_one_statement()
                {
                    // One statement alone is its own (implicit) transaction.
                    let mut connection = pool.acquire().await.map_err(backend)?;
                    return Ok(vec![Self::write_one(&mut connection, write).await?]);
                }
                let mut order: Vec<usize> = (0..writes.len()).collect();
                // Stable: one user's writes keep their arrival order.
                order.sort_by(|&a, &b| writes[a].lock_order().cmp(&writes[b].lock_order()));
                let mut results: Vec<Option<Written>> = writes.iter().map(|_| None).collect();
                let mut tx = pool.begin_with($begin).await.map_err(backend)?;
                let user_locks: Option<&'static str> = $user_locks;
                if let (Some(statement), Some(keys)) = (user_locks, user_lock_keys(&writes)) {
                    sqlx::query(statement)
                        .bind(keys)
                        .execute(&mut *tx)
                        .await
                        .map_err(backend)?;
                }
                for i in order {
                    results[i] = Some(Self::write_one(&mut tx, &writes[i]).await?);
                }
                tx.commit().await.map_err(backend)?;
                Ok(results.into_iter().flatten().collect())
            }

            /// One write, inside the batch's transaction.
            async fn write_one(
                connection: &mut <$db as sqlx::Database>::Connection,
                write: &$crate::store::sql::Write,
            ) -> Result<$crate::store::sql::Written, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::sql::*;
                use $crate::store::{SnoozeOutcome, SnoozeRecord};
                match write {
                    Write::Snooze {
                        tenant,
                        user,
                        attempt,
                        at,
                        limit,
                    } => {
                        let inserted = sqlx::query(INSERT_ATTEMPT)
                            .bind(tenant.as_str())
                            .bind(user)
                            .bind(attempt)
                            .bind(at)
                            .execute(&mut *connection)
                            .await
                            .map_err(backend)?
                            .rows_affected();
                        if inserted == 0 {
                            let state = Self::select_user(&mut *connection, tenant, user).await?;
                            return Ok(Written::Snooze(SnoozeRecord {
                                outcome: SnoozeOutcome::AlreadyCounted,
                                state,
                            }));
                        }
                        let counted = match limit {
                            Some(0) => None,
                            _ => sqlx::query(COUNT_SNOOZE)
                                .bind(tenant.as_str())
                                .bind(user)
                                .bind(at)
                                .bind(limit.map_or(i64::MAX, i64::from))
                                .fetch_optional(&mut *connection)
                                .await
                                .map_err(backend)?,
                        };
                        match counted {
                            Some(row) => Ok(Written::Snooze(SnoozeRecord {
                                outcome: SnoozeOutcome::Counted,
                                state: user_state_from_row(
                                    row.try_get(0).map_err(backend)?,
                                    row.try_get(1).map_err(backend)?,
                                    row.try_get(2).map_err(backend)?,
                                )?,
                            })),
                            None => {
                                // A refused snooze leaves no trace, not even its attempt.
                                sqlx::query(DELETE_ATTEMPT)
                                    .bind(tenant.as_str())
                                    .bind(user)
                                    .bind(attempt)
                                    .execute(&mut *connection)
                                    .await
                                    .map_err(backend)?;
                                let state =
                                    Self::select_user(&mut *connection, tenant, user).await?;
                                Ok(Written::Snooze(SnoozeRecord {
                                    outcome: SnoozeOutcome::LimitReached,
                                    state,
                                }))
                            }
                        }
                    }
                    Write::Registration { tenant, user, at } => {
                        sqlx::query(ENSURE_USER)
                            .bind(tenant.as_str())
                            .bind(user)
                            .execute(&mut *connection)
                            .await
                            .map_err(backend)?;
                        let row = sqlx::query(RECORD_REGISTRATION)
                            .bind(tenant.as_str())
                            .bind(user)
                            .bind(at)
                            .fetch_one(&mut *connection)
                            .await
                            .map_err(backend)?;
                        Ok(Written::Registration(user_state_from_row(
                            row.try_get(0).map_err(backend)?,
                            row.try_get(1).map_err(backend)?,
                            row.try_get(2).map_err(backend)?,
                        )?))
                    }
                    Write::InsertRecord {
                        tenant,
                        record,
                        now,
                    } => {
                        let inserted = Self::record_query(INSERT_RECORD, tenant, record)
                            .bind(now)
                            .execute(&mut *connection)
                            .await
                            .map_err(backend)?
                            .rows_affected();
                        Ok(Written::Changed(inserted == 1))
                    }
                    Write::UpsertRecord { tenant, record } => {
                        Self::record_query(UPSERT_RECORD, tenant, record)
                            .execute(&mut *connection)
                            .await
                            .map_err(backend)?;
                        Ok(Written::Upserted)
                    }
                    Write::ReplaceRecord { tenant, record } => {
                        let version = i64::try_from(record.version).unwrap_or(i64::MAX);
                        let replaced = Self::record_query(REPLACE_RECORD, tenant, record)
                            .bind(version)
                            .execute(&mut *connection)
                            .await
                            .map_err(backend)?
                            .rows_affected();
                        Ok(Written::Changed(replaced == 1))
                    }
                }
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::CampaignStore for $store {
            async fn load_policy(
                &self,
                tenant: &$crate::tenant::TenantId,
            ) -> Result<Option<$crate::store::StoredPolicy>, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::sql::*;
                let Some(row) = sqlx::query(SELECT_POLICY)
                    .bind(tenant.as_str())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(backend)?
                else {
                    return Ok(None);
                };
                let version: i64 = row.try_get(0).map_err(backend)?;
                let document: String = row.try_get(1).map_err(backend)?;
                let policy = $crate::policy::AuthenticationMethodsPolicy::from_json(&document)?;
                Ok(Some($crate::store::StoredPolicy {
                    version: u64::try_from(version).map_err(|_| {
                        $crate::store::StoreError::Decode(format!("policy version {version}"))
                    })?,
                    policy,
                }))
            }

            async fn save_policy(
                &self,
                tenant: &$crate::tenant::TenantId,
                policy: &$crate::policy::AuthenticationMethodsPolicy,
                expected_version: u64,
                audit: Option<&$crate::store::Record>,
            ) -> Result<u64, $crate::store::StoreError> {
                use $crate::store::sql::*;
                let document = policy.to_value().to_string();
                let now = $crate::store::to_millis(time::OffsetDateTime::now_utc());
                let expected = i64::try_from(expected_version).unwrap_or(i64::MAX);
                let mut tx = self.pool.begin_with($begin).await.map_err(backend)?;
                let written = if expected_version == 0 {
                    sqlx::query(INSERT_POLICY)
                        .bind(tenant.as_str())
                        .bind(&document)
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                } else {
                    sqlx::query(UPDATE_POLICY)
                        .bind(tenant.as_str())
                        .bind(&document)
                        .bind(now)
                        .bind(expected)
                        .execute(&mut *tx)
                        .await
                }
                .map_err(backend)?
                .rows_affected();
                if written != 1 {
                    let current: Option<i64> = sqlx::query_scalar(SELECT_POLICY_VERSION)
                        .bind(tenant.as_str())
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(backend)?;
                    tx.rollback().await.map_err(backend)?;
                    return Err($crate::store::StoreError::Conflict {
                        current: current.and_then(|v| u64::try_from(v).ok()).unwrap_or(0),
                    });
                }
                if let Some(audit) = audit {
                    let inserted = Self::record_query(INSERT_RECORD, tenant, audit)
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(backend)?
                        .rows_affected();
                    if inserted != 1 {
                        tx.rollback().await.map_err(backend)?;
                        return Err($crate::store::StoreError::Decode(format!(
                            "audit record {} exists",
                            audit.id
                        )));
                    }
                }
                tx.commit().await.map_err(backend)?;
                Ok(expected_version + 1)
            }

            async fn user_state(
                &self,
                tenant: &$crate::tenant::TenantId,
                user_id: &str,
            ) -> Result<$crate::state::UserCampaignState, $crate::store::StoreError> {
                Self::select_user(&self.pool, tenant, user_id).await
            }

            async fn record_snooze(
                &self,
                tenant: &$crate::tenant::TenantId,
                user_id: &str,
                attempt_id: &str,
                at: time::OffsetDateTime,
                limit: Option<u32>,
            ) -> Result<$crate::store::SnoozeRecord, $crate::store::StoreError> {
                use $crate::store::sql::*;
                let write = Write::Snooze {
                    tenant: tenant.clone(),
                    user: user_id.to_owned(),
                    attempt: attempt_id.to_owned(),
                    at: $crate::store::to_millis(at),
                    limit,
                };
                match self.write(write).await? {
                    Written::Snooze(record) => Ok(record),
                    other => Err(mismatched(other)),
                }
            }

            async fn record_registration(
                &self,
                tenant: &$crate::tenant::TenantId,
                user_id: &str,
                at: time::OffsetDateTime,
            ) -> Result<$crate::state::UserCampaignState, $crate::store::StoreError> {
                use $crate::store::sql::*;
                let write = Write::Registration {
                    tenant: tenant.clone(),
                    user: user_id.to_owned(),
                    at: $crate::store::to_millis(at),
                };
                match self.write(write).await? {
                    Written::Registration(state) => Ok(state),
                    other => Err(mismatched(other)),
                }
            }

            async fn insert_record(
                &self,
                tenant: &$crate::tenant::TenantId,
                record: &$crate::store::Record,
                now: time::OffsetDateTime,
            ) -> Result<bool, $crate::store::StoreError> {
                use $crate::store::sql::*;
                let write = Write::InsertRecord {
                    tenant: tenant.clone(),
                    record: record.clone(),
                    now: $crate::store::to_millis(now),
                };
                match self.write(write).await? {
                    Written::Changed(inserted) => Ok(inserted),
                    other => Err(mismatched(other)),
                }
            }

            async fn record(
                &self,
                tenant: &$crate::tenant::TenantId,
                kind: &str,
                id: &str,
                now: time::OffsetDateTime,
            ) -> Result<Option<$crate::store::Record>, $crate::store::StoreError> {
                use $crate::store::sql::*;
                let row = sqlx::query(SELECT_RECORD)
                    .bind(tenant.as_str())
                    .bind(kind)
                    .bind(id)
                    .bind($crate::store::to_millis(now))
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(backend)?;
                row.map(|row| Self::record_row(&row)).transpose()
            }

            async fn replace_record(
                &self,
                tenant: &$crate::tenant::TenantId,
                record: &$crate::store::Record,
            ) -> Result<bool, $crate::store::StoreError> {
                use $crate::store::sql::*;
                let write = Write::ReplaceRecord {
                    tenant: tenant.clone(),
                    record: record.clone(),
                };
                match self.write(write).await? {
                    Written::Changed(replaced) => Ok(replaced),
                    other => Err(mismatched(other)),
                }
            }

            async fn records_of(
                &self,
                tenant: &$crate::tenant::TenantId,
                kind: &str,
                owner: &str,
                now: time::OffsetDateTime,
            ) -> Result<Vec<$crate::store::Record>, $crate::store::StoreError> {
                use $crate::store::sql::*;
                let rows = sqlx::query(SELECT_RECORDS_OF)
                    .bind(tenant.as_str())
                    .bind(kind)
                    .bind(owner)
                    .bind($crate::store::to_millis(now))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(backend)?;
                rows.iter().map(Self::record_row).collect()
            }

            async fn purge_expired(
                &self,
                now: time::OffsetDateTime,
                batch: u32,
            ) -> Result<u64, $crate::store::StoreError> {
                self.purge($crate::store::sql::PURGE_RECORDS, now, batch)
                    .await
            }

            async fn upsert_record(
                &self,
                tenant: &$crate::tenant::TenantId,
                record: &$crate::store::Record,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::sql::*;
                let write = Write::UpsertRecord {
                    tenant: tenant.clone(),
                    record: record.clone(),
                };
                match self.write(write).await? {
                    Written::Upserted => Ok(()),
                    other => Err(mismatched(other)),
                }
            }

            async fn purge_snooze_attempts(
                &self,
                before: time::OffsetDateTime,
                batch: u32,
            ) -> Result<u64, $crate::store::StoreError> {
                self.purge($crate::store::sql::PURGE_ATTEMPTS, before, batch)
                    .await
            }

            async fn count_expiring_records(
                &self,
                kind: &str,
                now: time::OffsetDateTime,
            ) -> Result<Option<u64>, $crate::store::StoreError> {
                use $crate::store::sql::*;
                let count: i64 = sqlx::query_scalar(COUNT_EXPIRING)
                    .bind(kind)
                    .bind($crate::store::to_millis(now))
                    .fetch_one(&self.pool)
                    .await
                    .map_err(backend)?;
                Ok(u64::try_from(count).ok())
            }

            async fn users_after(
                &self,
                tenant: &$crate::tenant::TenantId,
                after: Option<&str>,
                limit: u32,
            ) -> Result<Vec<(String, $crate::state::UserCampaignState)>, $crate::store::StoreError>
            {
                use sqlx::Row;
                use $crate::store::sql::*;
                let rows = sqlx::query(SELECT_USERS_AFTER)
                    .bind(tenant.as_str())
                    .bind(after.unwrap_or(""))
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(backend)?;
                rows.iter()
                    .map(|row| {
                        let id: String = row.try_get(0).map_err(backend)?;
                        let state = user_state_from_row(
                            row.try_get(1).map_err(backend)?,
                            row.try_get(2).map_err(backend)?,
                            row.try_get(3).map_err(backend)?,
                        )?;
                        Ok((id, state))
                    })
                    .collect()
            }
            $($more)*
        }
    };
}

pub(crate) use impl_sql_store;

#[cfg(test)]
mod tests {
    use super::{Write, user_lock_keys};
    use crate::tenant::TenantId;

    fn snooze(tenant: &str, user: &str, attempt: &str) -> Write {
        Write::Snooze {
            tenant: TenantId::new(tenant).unwrap(),
            user: user.into(),
            attempt: attempt.into(),
            at: 0,
            limit: None,
        }
    }

    #[test]
    fn a_batch_locks_each_of_its_users_once_in_ascending_key_order() {
        let keys = |writes: &[Write]| -> Vec<i32> {
            user_lock_keys(writes).map_or_else(Vec::new, |keys| {
                keys.split(',').map(|k| k.parse().unwrap()).collect()
            })
        };
        let batch = [
            snooze("t", "bob", "a1"),
            snooze("t", "alice", "a1"),
            snooze("t", "bob", "a2"),
            Write::Registration {
                tenant: TenantId::new("t").unwrap(),
                user: "carol".into(),
                at: 0,
            },
        ];
        let locked = keys(&batch);
        assert_eq!(locked.len(), 3, "bob once: {locked:?}");
        assert!(locked.is_sorted(), "{locked:?}");
        // The same users arriving in another order take the same locks in the same order.
        let mut reversed = batch;
        reversed.reverse();
        assert_eq!(keys(&reversed), locked);
        // One user id in two tenants is two users.
        assert_ne!(
            keys(&[snooze("t", "bob", "a")]),
            keys(&[snooze("u", "bob", "a")])
        );
        assert_eq!(user_lock_keys(&[]), None);
    }
}
