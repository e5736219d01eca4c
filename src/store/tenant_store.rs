//! A store with the tenant fixed: what the campaign, the flow and enrollment methods use, so
//! that no code path can read or write another tenant's data by forgetting to name it.

use std::sync::Arc;

use time::OffsetDateTime;

use super::{CampaignStore, Record, SnoozeRecord, StoreError, StoredPolicy};
use crate::policy::AuthenticationMethodsPolicy;
use crate::state::UserCampaignState;
use crate::tenant::TenantId;

/// A [`CampaignStore`] scoped to one tenant: the same calls without the tenant argument.
///
/// ```
/// use std::sync::Arc;
/// use registration_campaign::TenantId;
/// use registration_campaign::store::{MemoryStore, TenantStore};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let shared = Arc::new(MemoryStore::new());
/// let contoso = TenantStore::new(shared.clone(), TenantId::new("contoso")?);
/// let fabrikam = TenantStore::new(shared, TenantId::new("fabrikam")?);
/// let now = time::OffsetDateTime::now_utc();
/// contoso.record_snooze("alice", "attempt-1", now, Some(3)).await?;
/// assert_eq!(contoso.user_state("alice").await?.snooze_count, 1);
/// assert_eq!(fabrikam.user_state("alice").await?.snooze_count, 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct TenantStore {
    store: Arc<dyn CampaignStore>,
    tenant: TenantId,
}

impl TenantStore {
    /// `store`, scoped to `tenant`.
    pub fn new(store: Arc<dyn CampaignStore>, tenant: TenantId) -> Self {
        Self { store, tenant }
    }

    /// The tenant.
    pub fn tenant(&self) -> &TenantId {
        &self.tenant
    }

    /// The store shared by every tenant.
    pub fn shared(&self) -> &Arc<dyn CampaignStore> {
        &self.store
    }

    /// See [`CampaignStore::load_policy`].
    pub async fn load_policy(&self) -> Result<Option<StoredPolicy>, StoreError> {
        self.store.load_policy(&self.tenant).await
    }

    /// See [`CampaignStore::save_policy`].
    pub async fn save_policy(
        &self,
        policy: &AuthenticationMethodsPolicy,
        expected_version: u64,
        audit: Option<&Record>,
    ) -> Result<u64, StoreError> {
        self.store
            .save_policy(&self.tenant, policy, expected_version, audit)
            .await
    }

    /// See [`CampaignStore::user_state`].
    pub async fn user_state(&self, user_id: &str) -> Result<UserCampaignState, StoreError> {
        self.store.user_state(&self.tenant, user_id).await
    }

    /// See [`CampaignStore::record_snooze`].
    pub async fn record_snooze(
        &self,
        user_id: &str,
        attempt_id: &str,
        at: OffsetDateTime,
        limit: Option<u32>,
    ) -> Result<SnoozeRecord, StoreError> {
        self.store
            .record_snooze(&self.tenant, user_id, attempt_id, at, limit)
            .await
    }

    /// See [`CampaignStore::record_registration`].
    pub async fn record_registration(
        &self,
        user_id: &str,
        at: OffsetDateTime,
    ) -> Result<UserCampaignState, StoreError> {
        self.store
            .record_registration(&self.tenant, user_id, at)
            .await
    }

    /// See [`CampaignStore::reset_snoozes`].
    pub async fn reset_snoozes(&self, user_id: &str) -> Result<UserCampaignState, StoreError> {
        self.store.reset_snoozes(&self.tenant, user_id).await
    }

    /// See [`CampaignStore::records_by_id`].
    pub async fn records_by_id(
        &self,
        kind: &str,
        ids: &[String],
        now: OffsetDateTime,
    ) -> Result<Vec<Record>, StoreError> {
        self.store.records_by_id(&self.tenant, kind, ids, now).await
    }

    /// See [`CampaignStore::insert_record`].
    pub async fn insert_record(
        &self,
        record: &Record,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        self.store.insert_record(&self.tenant, record, now).await
    }

    /// See [`CampaignStore::upsert_record`].
    pub async fn upsert_record(&self, record: &Record) -> Result<(), StoreError> {
        self.store.upsert_record(&self.tenant, record).await
    }

    /// See [`CampaignStore::record`].
    pub async fn record(
        &self,
        kind: &str,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Record>, StoreError> {
        self.store.record(&self.tenant, kind, id, now).await
    }

    /// See [`CampaignStore::replace_record`].
    pub async fn replace_record(&self, record: &Record) -> Result<bool, StoreError> {
        self.store.replace_record(&self.tenant, record).await
    }

    /// See [`CampaignStore::records_of`].
    pub async fn records_of(
        &self,
        kind: &str,
        owner: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<Record>, StoreError> {
        self.store.records_of(&self.tenant, kind, owner, now).await
    }

    /// See [`CampaignStore::users_after`].
    pub async fn users_after(
        &self,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<(String, UserCampaignState)>, StoreError> {
        self.store.users_after(&self.tenant, after, limit).await
    }
}
