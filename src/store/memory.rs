//! An in-memory store for tests and single-process demos.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use time::OffsetDateTime;

use super::{
    CampaignStore, Record, SnoozeOutcome, SnoozeRecord, StoreError, StoredPolicy, stored_time,
};
use crate::policy::AuthenticationMethodsPolicy;
use crate::state::UserCampaignState;
use crate::tenant::TenantId;

/// Keeps everything in process memory behind one mutex. Nothing survives a restart.
///
/// ```
/// use registration_campaign::TenantId;
/// use registration_campaign::store::{CampaignStore, MemoryStore, SnoozeOutcome};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let store = MemoryStore::new();
/// let tenant = TenantId::default_tenant();
/// let now = time::OffsetDateTime::now_utc();
/// let first = store.record_snooze(&tenant, "user", "attempt-1", now, Some(3)).await?;
/// let again = store.record_snooze(&tenant, "user", "attempt-1", now, Some(3)).await?;
/// assert_eq!(first.outcome, SnoozeOutcome::Counted);
/// assert_eq!(again.outcome, SnoozeOutcome::AlreadyCounted);
/// assert_eq!(again.state.snooze_count, 1);
/// # Ok::<(), registration_campaign::store::StoreError>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<HashMap<TenantId, Inner>>,
}

/// One tenant's data.
#[derive(Debug, Default)]
struct Inner {
    policy: Option<StoredPolicy>,
    users: HashMap<String, UserCampaignState>,
    /// Counted MFA attempts and when they were counted.
    attempts: HashMap<(String, String), OffsetDateTime>,
    records: HashMap<(String, String), Record>,
}

/// Removes at most `batch` entries for which `doomed` holds, from the maps in turn (one per
/// tenant); returns how many.
fn remove_batch<'a, K, V>(
    maps: impl Iterator<Item = &'a mut HashMap<K, V>>,
    batch: u32,
    doomed: impl Fn(&V) -> bool,
) -> u64
where
    K: Clone + Eq + std::hash::Hash + 'a,
    V: 'a,
{
    let mut left = batch as usize;
    for map in maps {
        let keys: Vec<K> = map
            .iter()
            .filter(|(_, v)| doomed(v))
            .map(|(k, _)| k.clone())
            .take(left)
            .collect();
        for key in &keys {
            map.remove(key);
        }
        left -= keys.len();
    }
    (batch as usize - left) as u64
}

fn live(record: &Record, now: OffsetDateTime) -> bool {
    record.expires_at.is_none_or(|at| at > now)
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<TenantId, Inner>> {
        // A panic while holding the lock cannot leave `Inner` half-updated (every update is a
        // single assignment), so a poisoned lock is still safe to use.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on `tenant`'s data (created empty on first use).
    fn with<T>(&self, tenant: &TenantId, f: impl FnOnce(&mut Inner) -> T) -> T {
        f(self.lock().entry(tenant.clone()).or_default())
    }
}

#[async_trait]
impl CampaignStore for MemoryStore {
    async fn load_policy(&self, tenant: &TenantId) -> Result<Option<StoredPolicy>, StoreError> {
        Ok(self.with(tenant, |inner| inner.policy.clone()))
    }

    async fn save_policy(
        &self,
        tenant: &TenantId,
        policy: &AuthenticationMethodsPolicy,
        expected_version: u64,
        audit: Option<&Record>,
    ) -> Result<u64, StoreError> {
        let mut guard = self.lock();
        let inner = guard.entry(tenant.clone()).or_default();
        let current = inner.policy.as_ref().map_or(0, |p| p.version);
        if current != expected_version {
            return Err(StoreError::Conflict { current });
        }
        if let Some(audit) = audit {
            let key = (audit.kind.clone(), audit.id.clone());
            if inner.records.contains_key(&key) {
                return Err(StoreError::Decode(format!(
                    "audit record {} exists",
                    audit.id
                )));
            }
            let stored = Record {
                version: 1,
                ..audit.clone()
            };
            inner.records.insert(key, stored);
        }
        let version = current + 1;
        inner.policy = Some(StoredPolicy {
            version,
            policy: policy.clone(),
        });
        Ok(version)
    }

    async fn user_state(
        &self,
        tenant: &TenantId,
        user_id: &str,
    ) -> Result<UserCampaignState, StoreError> {
        Ok(self.with(tenant, |inner| {
            inner.users.get(user_id).copied().unwrap_or_default()
        }))
    }

    async fn record_snooze(
        &self,
        tenant: &TenantId,
        user_id: &str,
        attempt_id: &str,
        at: OffsetDateTime,
        limit: Option<u32>,
    ) -> Result<SnoozeRecord, StoreError> {
        let mut guard = self.lock();
        let inner = guard.entry(tenant.clone()).or_default();
        let state = inner.users.get(user_id).copied().unwrap_or_default();
        let key = (user_id.to_owned(), attempt_id.to_owned());
        if inner.attempts.contains_key(&key) {
            return Ok(SnoozeRecord {
                outcome: SnoozeOutcome::AlreadyCounted,
                state,
            });
        }
        if limit.is_some_and(|limit| state.snooze_count >= limit) {
            return Ok(SnoozeRecord {
                outcome: SnoozeOutcome::LimitReached,
                state,
            });
        }
        let state = UserCampaignState {
            snooze_count: state.snooze_count + 1,
            last_snoozed_at: Some(stored_time(at)),
            ..state
        };
        inner.attempts.insert(key, at);
        inner.users.insert(user_id.to_owned(), state);
        Ok(SnoozeRecord {
            outcome: SnoozeOutcome::Counted,
            state,
        })
    }

    async fn record_registration(
        &self,
        tenant: &TenantId,
        user_id: &str,
        at: OffsetDateTime,
    ) -> Result<UserCampaignState, StoreError> {
        let mut guard = self.lock();
        let inner = guard.entry(tenant.clone()).or_default();
        let state = inner.users.entry(user_id.to_owned()).or_default();
        state.registered_at.get_or_insert(stored_time(at));
        Ok(*state)
    }

    async fn reset_snoozes(
        &self,
        tenant: &TenantId,
        user_id: &str,
    ) -> Result<UserCampaignState, StoreError> {
        let mut guard = self.lock();
        let inner = guard.entry(tenant.clone()).or_default();
        Ok(match inner.users.get_mut(user_id) {
            Some(state) => {
                state.snooze_count = 0;
                state.last_snoozed_at = None;
                *state
            }
            None => UserCampaignState::default(),
        })
    }

    async fn insert_record(
        &self,
        tenant: &TenantId,
        record: &Record,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let mut guard = self.lock();
        let inner = guard.entry(tenant.clone()).or_default();
        let key = (record.kind.clone(), record.id.clone());
        let previous = inner.records.get(&key);
        if previous.is_some_and(|r| live(r, now)) {
            return Ok(false);
        }
        let stored = Record {
            // Taking over an expired record keeps the version going up.
            version: previous.map_or(1, |r| r.version + 1),
            expires_at: record.expires_at.map(stored_time),
            ..record.clone()
        };
        inner.records.insert(key, stored);
        Ok(true)
    }

    async fn record(
        &self,
        tenant: &TenantId,
        kind: &str,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Record>, StoreError> {
        let mut guard = self.lock();
        let inner = guard.entry(tenant.clone()).or_default();
        Ok(inner
            .records
            .get(&(kind.to_owned(), id.to_owned()))
            .filter(|r| live(r, now))
            .cloned())
    }

    async fn replace_record(&self, tenant: &TenantId, record: &Record) -> Result<bool, StoreError> {
        let mut guard = self.lock();
        let inner = guard.entry(tenant.clone()).or_default();
        let key = (record.kind.clone(), record.id.clone());
        match inner.records.get_mut(&key) {
            Some(existing) if existing.version == record.version => {
                *existing = Record {
                    version: record.version + 1,
                    expires_at: record.expires_at.map(stored_time),
                    ..record.clone()
                };
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn records_of(
        &self,
        tenant: &TenantId,
        kind: &str,
        owner: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<Record>, StoreError> {
        let mut guard = self.lock();
        let inner = guard.entry(tenant.clone()).or_default();
        let mut found: Vec<Record> = inner
            .records
            .values()
            .filter(|r| r.kind == kind && r.owner == owner && live(r, now))
            .cloned()
            .collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(found)
    }

    async fn purge_expired(&self, now: OffsetDateTime, batch: u32) -> Result<u64, StoreError> {
        let mut tenants = self.lock();
        let maps = tenants.values_mut().map(|inner| &mut inner.records);
        Ok(remove_batch(maps, batch, |r| !live(r, now)))
    }

    async fn upsert_record(&self, tenant: &TenantId, record: &Record) -> Result<(), StoreError> {
        let mut guard = self.lock();
        let inner = guard.entry(tenant.clone()).or_default();
        let key = (record.kind.clone(), record.id.clone());
        let version = inner.records.get(&key).map_or(1, |r| r.version + 1);
        inner.records.insert(
            key,
            Record {
                version,
                expires_at: record.expires_at.map(stored_time),
                ..record.clone()
            },
        );
        Ok(())
    }

    async fn users_after(
        &self,
        tenant: &TenantId,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<(String, UserCampaignState)>, StoreError> {
        let mut guard = self.lock();
        let inner = guard.entry(tenant.clone()).or_default();
        let mut users: Vec<(&String, &UserCampaignState)> = inner
            .users
            .iter()
            .filter(|(id, _)| after.is_none_or(|after| id.as_str() > after))
            .collect();
        users.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Ok(users
            .into_iter()
            .take(limit as usize)
            .map(|(id, state)| (id.clone(), *state))
            .collect())
    }

    async fn count_expiring_records(
        &self,
        kind: &str,
        now: OffsetDateTime,
    ) -> Result<Option<u64>, StoreError> {
        let tenants = self.lock();
        let count = tenants
            .values()
            .flat_map(|inner| inner.records.values())
            .filter(|r| r.kind == kind && r.expires_at.is_some_and(|at| at > now))
            .count();
        Ok(Some(count as u64))
    }

    async fn purge_snooze_attempts(
        &self,
        before: OffsetDateTime,
        batch: u32,
    ) -> Result<u64, StoreError> {
        let mut tenants = self.lock();
        let maps = tenants.values_mut().map(|inner| &mut inner.attempts);
        Ok(remove_batch(maps, batch, |at| *at < before))
    }
}
