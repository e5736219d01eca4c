//! The policy in force for each tenant: cached per instance (bounded, least recently used
//! tenants dropped first), re-read from the store at most every `policy_refresh` (sooner when
//! the store's change feed announces a change, see `background.rs`), and kept in force when the
//! stored one cannot be read back.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use super::{ActivePolicy, Campaign};
use crate::policy::AuthenticationMethodsPolicy;
use crate::store::{StoreError, StoredPolicy};

impl Campaign {
    /// The policy in force for this campaign's tenant: cached, re-read from the store at most
    /// every `policy_refresh`.
    /// With nothing stored, Graph's default policy applies.
    ///
    /// A stored policy that cannot be read back (a row written before the document limits
    /// existed, or by hand) does not stop decisions: the last good policy stays in force (the
    /// one cached here, or after a restart the newest one in the audit log, else Graph's
    /// default), and an alarm is raised: an error in the log, [`CampaignMetrics::unreadable_policy`](crate::CampaignMetrics::unreadable_policy)
    /// and [`Campaign::policy_alarm`]. An admin repairs it by saving a change.
    pub async fn active_policy(&self) -> Result<Arc<ActivePolicy>, StoreError> {
        if let Some((policy, read_at)) = self.read_cache()
            && read_at.elapsed() < self.inner.policy.refresh
        {
            return Ok(policy);
        }
        let generation = self.inner.policy.generation.load(Ordering::SeqCst);
        let mut stored = match self.store().load_policy().await {
            Ok(stored) => stored,
            Err(StoreError::Decode(reason)) => {
                return Ok(self.keep_last_good_policy(&reason).await);
            }
            Err(e) => return Err(e),
        };
        if stored.is_none()
            && let Some(initial) = &self.inner.policy.initial
        {
            stored = Some(self.write_initial_policy(initial).await?);
        }
        self.clear_policy_alarm();
        let cached = self.read_cache().map(|(p, _)| p);
        let settings = match self.settings().await {
            Ok(settings) => settings,
            Err(StoreError::Decode(reason)) => {
                // Keep the settings in force (else none): a broken row must not stop sign-ins.
                tracing::error!(target: "registration_campaign", reason, "the stored campaign settings cannot be read; the last ones read stay in force");
                cached
                    .as_ref()
                    .map(|p| p.settings.clone())
                    .unwrap_or_default()
            }
            Err(e) => return Err(e),
        };
        let version = stored.as_ref().map_or(0, |s| s.version);
        let active = match cached {
            Some(p) if p.version == version && p.settings.version == settings.version => p,
            _ => {
                let policy = stored.map(|s| s.policy).unwrap_or_default();
                Arc::new(ActivePolicy::new(version, policy, settings))
            }
        };
        // A change announced while this read was under way may not be in what it read.
        if self.inner.policy.generation.load(Ordering::SeqCst) == generation {
            self.cache_policy(active.clone());
        }
        Ok(active)
    }

    /// The policy in force while the store holds none: the host's initial policy (written at
    /// the first decision), else Graph's default.
    pub(crate) fn unstored_policy(&self) -> AuthenticationMethodsPolicy {
        self.inner.policy.initial.clone().unwrap_or_default()
    }

    /// Stores `initial` as this tenant's first policy, unless another instance (or an admin)
    /// stored one meanwhile: then that one is in force.
    async fn write_initial_policy(
        &self,
        initial: &AuthenticationMethodsPolicy,
    ) -> Result<StoredPolicy, StoreError> {
        match self
            .replace_policy_as("initial-policy", initial, Some(0))
            .await
        {
            Ok(stored) => {
                tracing::info!(target: "registration_campaign", tenant = %self.tenant_id(), "stored the initial campaign policy (CampaignBuilder::initial_policy)");
                Ok(stored)
            }
            Err(super::policy_changes::ChangeError::Stale { .. }) => self
                .store()
                .load_policy()
                .await?
                .ok_or_else(|| StoreError::Backend("the policy kept changing".into())),
            Err(super::policy_changes::ChangeError::Store(e)) => Err(e),
            Err(e) => Err(StoreError::Decode(e.to_string())),
        }
    }

    /// Why the stored policy cannot be read, while that is so (the last good policy is in
    /// force meanwhile); `None` when the last read succeeded.
    pub fn policy_alarm(&self) -> Option<String> {
        self.inner
            .policy
            .alarm
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(self.tenant_id())
            .cloned()
    }

    /// The stored policy cannot be read: raise the alarm and answer with the last good policy.
    pub(crate) async fn keep_last_good_policy(&self, reason: &str) -> Arc<ActivePolicy> {
        self.inner.metrics.count_unreadable_policy();
        let first = self
            .inner
            .policy
            .alarm
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(self.tenant_id().clone(), reason.to_owned())
            .is_none();
        let last_good = match self.read_cache() {
            Some((policy, _)) => policy,
            None => {
                let (version, policy) = self
                    .last_good_policy_from_audit()
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                let settings = self.settings().await.unwrap_or_default();
                Arc::new(ActivePolicy::new(version, policy, settings))
            }
        };
        if first {
            tracing::error!(
                target: "registration_campaign",
                reason,
                tenant = %self.tenant_id(),
                in_force = last_good.version,
                "the stored policy cannot be read; the last good policy stays in force until an admin saves a change"
            );
        }
        // Read the store again after `policy_refresh`, so a repair is seen.
        self.cache_policy(last_good.clone());
        last_good
    }

    pub(crate) fn clear_policy_alarm(&self) {
        let alarms = &self.inner.policy.alarm;
        // The common case (no alarm) takes only the shared lock.
        if alarms.read().unwrap_or_else(|e| e.into_inner()).is_empty() {
            return;
        }
        let was = alarms
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(self.tenant_id());
        if was.is_some() {
            tracing::warn!(target: "registration_campaign", tenant = %self.tenant_id(), "the stored policy can be read again");
        }
    }

    fn read_cache(&self) -> Option<(Arc<ActivePolicy>, Instant)> {
        self.inner.policy.current.get(self.tenant_id())
    }

    fn cache_policy(&self, policy: Arc<ActivePolicy>) {
        let bytes = policy.estimated_bytes();
        self.inner
            .policy
            .current
            .insert(self.tenant_id().clone(), (policy, Instant::now()), bytes);
    }

    /// How many tenants' policies this instance has cached, and their estimated bytes.
    pub fn cached_policies(&self) -> (usize, usize) {
        self.inner.policy.current.size()
    }

    /// Replaces the stored policy (whatever version is stored), as `actor` `startup` in the
    /// audit log, and makes it active at once on this instance.
    pub async fn replace_policy(
        &self,
        policy: AuthenticationMethodsPolicy,
    ) -> Result<u64, StoreError> {
        match self.replace_policy_as("startup", &policy, None).await {
            Ok(stored) => Ok(stored.version),
            Err(super::policy_changes::ChangeError::Store(e)) => Err(e),
            Err(e) => Err(StoreError::Decode(e.to_string())),
        }
    }

    /// Replaces the stored policy as `actor` (a host's own step, not an admin's), if the stored
    /// version is `if_match` when given.
    async fn replace_policy_as(
        &self,
        actor: &str,
        policy: &AuthenticationMethodsPolicy,
        if_match: Option<u64>,
    ) -> Result<StoredPolicy, super::policy_changes::ChangeError> {
        let actor = super::audit::Actor {
            id: actor.into(),
            user_principal_name: None,
        };
        let request_id = uuid::Uuid::new_v4().to_string();
        let target = super::policy_changes::PolicyTarget::Replace(policy);
        self.change_policy(target, if_match, &actor, &request_id)
            .await
    }

    /// Drops this instance's cached policy of this campaign's tenant, so its next decision
    /// reads the store.
    pub(crate) fn forget_cached_policy(&self) {
        self.forget_cached_policy_of(Some(self.tenant_id()));
    }

    /// Drops `tenant`'s cached policy (every tenant's with `None`).
    pub(crate) fn forget_cached_policy_of(&self, tenant: Option<&crate::tenant::TenantId>) {
        self.inner.policy.generation.fetch_add(1, Ordering::SeqCst);
        match tenant {
            Some(tenant) => self.inner.policy.current.remove(tenant),
            None => self.inner.policy.current.clear(),
        }
    }
}
