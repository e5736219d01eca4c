//! The [`CampaignStore`](crate::store::CampaignStore) calls as SQL, for
//! [`impl_sql_store!`](super::impl_sql_store): user states and snoozes, policies and settings
//! with their audit entries, records, purges.

/// Implements [`CampaignStore`](crate::store::CampaignStore) for an sqlx pool type whose own
/// methods [`impl_sql_write_path!`](super::impl_sql_write_path) wrote.
macro_rules! impl_sql_campaign_store {
    (
        $store:ident,
        begin = $begin:expr,
        more_store_methods = { $($more:tt)* }
    ) => {
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
                    Written::State(state) => Ok(state),
                    other => Err(mismatched(other)),
                }
            }

            async fn reset_snoozes(
                &self,
                tenant: &$crate::tenant::TenantId,
                user_id: &str,
            ) -> Result<$crate::state::UserCampaignState, $crate::store::StoreError> {
                use $crate::store::sql::*;
                let write = Write::ResetSnoozes {
                    tenant: tenant.clone(),
                    user: user_id.to_owned(),
                };
                match self.write(write).await? {
                    Written::State(state) => Ok(state),
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

pub(crate) use impl_sql_campaign_store;
