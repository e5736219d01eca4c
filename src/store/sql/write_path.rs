//! The SQL stores' own methods, for [`impl_sql_store!`](super::impl_sql_store): migrations,
//! purges, row helpers, and the write path (group commit, one transaction per batch, row locks
//! in a fixed order).

/// Implements the store's own methods for an sqlx pool type (see [`impl_sql_store!`](super::impl_sql_store)).
macro_rules! impl_sql_write_path {
    (
        $store:ident,
        $db:ty,
        begin = $begin:expr,
        migration_lock = $lock:expr,
        user_locks = $user_locks:expr,
        backend_migrations = $backend_migrations:expr
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
                        Ok(Written::State(user_state_from_row(
                            row.try_get(0).map_err(backend)?,
                            row.try_get(1).map_err(backend)?,
                            row.try_get(2).map_err(backend)?,
                        )?))
                    }
                    Write::ResetSnoozes { tenant, user } => {
                        let row = sqlx::query(RESET_SNOOZES)
                            .bind(tenant.as_str())
                            .bind(user)
                            .fetch_optional(&mut *connection)
                            .await
                            .map_err(backend)?;
                        Ok(Written::State(match row {
                            Some(row) => user_state_from_row(
                                row.try_get(0).map_err(backend)?,
                                row.try_get(1).map_err(backend)?,
                                row.try_get(2).map_err(backend)?,
                            )?,
                            None => $crate::state::UserCampaignState::default(),
                        }))
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
    };
}

pub(crate) use impl_sql_write_path;
