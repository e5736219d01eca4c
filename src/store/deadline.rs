//! [`Deadline`]: a store decorator that bounds every call by a timeout.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use time::OffsetDateTime;

use super::{CampaignStore, ChangeFeed, Record, SnoozeRecord, StoreError, StoredPolicy};
use crate::policy::AuthenticationMethodsPolicy;
use crate::state::UserCampaignState;
use crate::tenant::TenantId;

/// Wraps a store so that every call fails with [`StoreError::Timeout`] when the backend does
/// not answer within `timeout`. [`CampaignBuilder::build`](crate::CampaignBuilder::build)
/// applies it with the configured store timeout, so a hanging database can slow a sign-in by at
/// most that long.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use registration_campaign::TenantId;
/// use registration_campaign::store::{CampaignStore, Deadline, MemoryStore};
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// let store = Deadline::new(Arc::new(MemoryStore::new()), Duration::from_millis(500));
/// let tenant = TenantId::default_tenant();
/// assert_eq!(store.user_state(&tenant, "someone").await?.snooze_count, 0);
/// # Ok::<(), registration_campaign::store::StoreError>(())
/// # }).unwrap();
/// ```
#[derive(Debug)]
pub struct Deadline<S: ?Sized> {
    inner: Arc<S>,
    timeout: Duration,
}

impl<S: ?Sized> Deadline<S> {
    /// Bounds every call to `inner` by `timeout`.
    pub fn new(inner: Arc<S>, timeout: Duration) -> Self {
        Self { inner, timeout }
    }

    /// The wrapped store.
    pub fn inner(&self) -> &Arc<S> {
        &self.inner
    }

    /// Runs `call` within the timeout, and records its duration for operators
    /// (`registration_campaign_store_call_seconds{operation}`, and
    /// `registration_campaign_store_timeouts_total{operation}` through the `metrics` facade).
    async fn bounded<T>(
        &self,
        operation: &'static str,
        call: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        let started = std::time::Instant::now();
        let result = tokio::time::timeout(self.timeout, call)
            .await
            .unwrap_or(Err(StoreError::Timeout(self.timeout)));
        metrics::histogram!("registration_campaign_store_call_seconds", "operation" => operation)
            .record(started.elapsed().as_secs_f64());
        if matches!(result, Err(StoreError::Timeout(_))) {
            metrics::counter!("registration_campaign_store_timeouts_total", "operation" => operation)
                .increment(1);
        }
        result
    }
}

#[async_trait]
impl<S: CampaignStore + ?Sized> CampaignStore for Deadline<S> {
    async fn load_policy(&self, tenant: &TenantId) -> Result<Option<StoredPolicy>, StoreError> {
        self.bounded("load_policy", self.inner.load_policy(tenant))
            .await
    }

    async fn save_policy(
        &self,
        tenant: &TenantId,
        policy: &AuthenticationMethodsPolicy,
        expected_version: u64,
        audit: Option<&Record>,
    ) -> Result<u64, StoreError> {
        self.bounded(
            "save_policy",
            self.inner
                .save_policy(tenant, policy, expected_version, audit),
        )
        .await
    }

    async fn user_state(
        &self,
        tenant: &TenantId,
        user_id: &str,
    ) -> Result<UserCampaignState, StoreError> {
        self.bounded("user_state", self.inner.user_state(tenant, user_id))
            .await
    }

    async fn record_snooze(
        &self,
        tenant: &TenantId,
        user_id: &str,
        attempt_id: &str,
        at: OffsetDateTime,
        limit: Option<u32>,
    ) -> Result<SnoozeRecord, StoreError> {
        self.bounded(
            "record_snooze",
            self.inner
                .record_snooze(tenant, user_id, attempt_id, at, limit),
        )
        .await
    }

    async fn record_registration(
        &self,
        tenant: &TenantId,
        user_id: &str,
        at: OffsetDateTime,
    ) -> Result<UserCampaignState, StoreError> {
        self.bounded(
            "record_registration",
            self.inner.record_registration(tenant, user_id, at),
        )
        .await
    }

    async fn records_by_id(
        &self,
        tenant: &TenantId,
        kind: &str,
        ids: &[String],
        now: OffsetDateTime,
    ) -> Result<Vec<Record>, StoreError> {
        self.bounded(
            "records_by_id",
            self.inner.records_by_id(tenant, kind, ids, now),
        )
        .await
    }

    async fn reset_snoozes(
        &self,
        tenant: &TenantId,
        user_id: &str,
    ) -> Result<UserCampaignState, StoreError> {
        self.bounded("reset_snoozes", self.inner.reset_snoozes(tenant, user_id))
            .await
    }

    async fn insert_record(
        &self,
        tenant: &TenantId,
        record: &Record,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        self.bounded(
            "insert_record",
            self.inner.insert_record(tenant, record, now),
        )
        .await
    }

    async fn upsert_record(&self, tenant: &TenantId, record: &Record) -> Result<(), StoreError> {
        self.bounded("upsert_record", self.inner.upsert_record(tenant, record))
            .await
    }

    async fn record(
        &self,
        tenant: &TenantId,
        kind: &str,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Record>, StoreError> {
        self.bounded("record", self.inner.record(tenant, kind, id, now))
            .await
    }

    async fn replace_record(&self, tenant: &TenantId, record: &Record) -> Result<bool, StoreError> {
        self.bounded("replace_record", self.inner.replace_record(tenant, record))
            .await
    }

    async fn records_of(
        &self,
        tenant: &TenantId,
        kind: &str,
        owner: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<Record>, StoreError> {
        self.bounded(
            "records_of",
            self.inner.records_of(tenant, kind, owner, now),
        )
        .await
    }

    async fn purge_expired(&self, now: OffsetDateTime, batch: u32) -> Result<u64, StoreError> {
        self.bounded("purge_expired", self.inner.purge_expired(now, batch))
            .await
    }

    async fn purge_snooze_attempts(
        &self,
        before: OffsetDateTime,
        batch: u32,
    ) -> Result<u64, StoreError> {
        self.bounded(
            "purge_snooze_attempts",
            self.inner.purge_snooze_attempts(before, batch),
        )
        .await
    }
    async fn users_after(
        &self,
        tenant: &TenantId,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<(String, UserCampaignState)>, StoreError> {
        self.bounded("users_after", self.inner.users_after(tenant, after, limit))
            .await
    }

    async fn count_expiring_records(
        &self,
        kind: &str,
        now: OffsetDateTime,
    ) -> Result<Option<u64>, StoreError> {
        self.bounded(
            "count_expiring_records",
            self.inner.count_expiring_records(kind, now),
        )
        .await
    }

    /// Opening the feed is bounded; waiting on it is not (changes are rare).
    async fn change_feed(&self) -> Result<Option<Box<dyn ChangeFeed>>, StoreError> {
        self.bounded("change_feed", self.inner.change_feed()).await
    }
}
