//! The one fault-injecting store of the tests: a [`MemoryStore`] whose calls can be made to fail
//! at once (`failing`), to stop answering (`hanging`), or whose stored policy can be made
//! unreadable (`break_policy`, the way a row written by an older version or by hand can be),
//! and to work again.

use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::store::{
    CampaignStore, MemoryStore, Record, SnoozeRecord, StoreError, StoredPolicy,
};
use registration_campaign::{TenantId, UserCampaignState};
use time::OffsetDateTime;

#[derive(Debug, Default)]
pub struct FaultyStore {
    inner: MemoryStore,
    /// Every call waits while this is set.
    hanging: AtomicBool,
    /// Every call fails at once while this is set.
    failing: AtomicBool,
    /// Set while the newest stored policy is unreadable, until a save replaces it.
    unreadable_policy: AtomicBool,
}

impl FaultyStore {
    /// Makes every call wait (`true`) or answer again (`false`).
    pub fn hang(&self, hanging: bool) {
        self.hanging.store(hanging, Ordering::SeqCst);
    }

    /// Makes every call fail (`true`) or work again (`false`).
    pub fn fail(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    /// Overwrites the default tenant's stored policy with a newer version that cannot be read
    /// back (every tenant's policy then reads as unreadable).
    pub async fn break_policy(&self) {
        let t = &TenantId::default_tenant();
        let stored = self.inner.load_policy(t).await.unwrap();
        let (policy, version) = stored.map_or_else(
            || (AuthenticationMethodsPolicy::default(), 0),
            |s| (s.policy, s.version),
        );
        // The newer version's content is never shown: it is "unreadable".
        self.inner
            .save_policy(t, &policy, version, None)
            .await
            .unwrap();
        self.unreadable_policy.store(true, Ordering::SeqCst);
    }

    async fn gate(&self) -> Result<(), StoreError> {
        while self.hanging.load(Ordering::SeqCst) {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        if self.failing.load(Ordering::SeqCst) {
            return Err(StoreError::Backend("down".into()));
        }
        Ok(())
    }
}

#[async_trait]
impl CampaignStore for FaultyStore {
    async fn load_policy(&self, t: &TenantId) -> Result<Option<StoredPolicy>, StoreError> {
        self.gate().await?;
        if self.unreadable_policy.load(Ordering::SeqCst) {
            return Err(StoreError::Decode(
                "stored policy is invalid: recursion limit exceeded".into(),
            ));
        }
        self.inner.load_policy(t).await
    }
    async fn save_policy(
        &self,
        t: &TenantId,
        policy: &AuthenticationMethodsPolicy,
        expected_version: u64,
        audit: Option<&Record>,
    ) -> Result<u64, StoreError> {
        self.gate().await?;
        let saved = self
            .inner
            .save_policy(t, policy, expected_version, audit)
            .await?;
        // A valid version written over the unreadable one repairs it.
        self.unreadable_policy.store(false, Ordering::SeqCst);
        Ok(saved)
    }
    async fn user_state(&self, t: &TenantId, u: &str) -> Result<UserCampaignState, StoreError> {
        self.gate().await?;
        self.inner.user_state(t, u).await
    }
    async fn record_snooze(
        &self,
        t: &TenantId,
        u: &str,
        a: &str,
        at: OffsetDateTime,
        l: Option<u32>,
    ) -> Result<SnoozeRecord, StoreError> {
        self.gate().await?;
        self.inner.record_snooze(t, u, a, at, l).await
    }
    async fn record_registration(
        &self,
        t: &TenantId,
        u: &str,
        at: OffsetDateTime,
    ) -> Result<UserCampaignState, StoreError> {
        self.gate().await?;
        self.inner.record_registration(t, u, at).await
    }
    async fn reset_snoozes(&self, t: &TenantId, u: &str) -> Result<UserCampaignState, StoreError> {
        self.gate().await?;
        self.inner.reset_snoozes(t, u).await
    }
    async fn insert_record(
        &self,
        t: &TenantId,
        r: &Record,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        self.gate().await?;
        self.inner.insert_record(t, r, now).await
    }
    async fn record(
        &self,
        t: &TenantId,
        k: &str,
        i: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Record>, StoreError> {
        self.gate().await?;
        self.inner.record(t, k, i, now).await
    }
    async fn replace_record(&self, t: &TenantId, r: &Record) -> Result<bool, StoreError> {
        self.gate().await?;
        self.inner.replace_record(t, r).await
    }
    async fn records_of(
        &self,
        t: &TenantId,
        k: &str,
        o: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<Record>, StoreError> {
        self.gate().await?;
        self.inner.records_of(t, k, o, now).await
    }
    async fn upsert_record(&self, t: &TenantId, record: &Record) -> Result<(), StoreError> {
        self.gate().await?;
        self.inner.upsert_record(t, record).await
    }
    async fn purge_expired(&self, now: OffsetDateTime, batch: u32) -> Result<u64, StoreError> {
        self.gate().await?;
        self.inner.purge_expired(now, batch).await
    }
    async fn purge_snooze_attempts(
        &self,
        before: OffsetDateTime,
        batch: u32,
    ) -> Result<u64, StoreError> {
        self.gate().await?;
        self.inner.purge_snooze_attempts(before, batch).await
    }
    async fn users_after(
        &self,
        t: &TenantId,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<(String, UserCampaignState)>, StoreError> {
        self.gate().await?;
        self.inner.users_after(t, after, limit).await
    }
}
