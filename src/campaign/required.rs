//! Who must register before anything else: the store's marker (shared by every instance and
//! kept across restarts), this instance's memory of it, and a short-lived memory of users found
//! free, so that the gate asks the store at most once per user and recheck interval.
//!
//! The marker is written when a sign-in is decided `requireRegistration` and cleared when the
//! user registers (or a later sign-in passes through because the campaign no longer applies to
//! them). The gate (`crate::gate`) reads it for every signed-in request. With a store that has a
//! change feed (PostgreSQL), every marker change is announced and the background tasks forget
//! the tenant's "free" answers at once; otherwise they expire after the recheck interval.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::Campaign;
use crate::store::{Document, StoreError, TypedRecord};

/// At most this many users are remembered as required, or as free, per instance.
const MAX_REMEMBERED: usize = 100_000;

/// How long a user found free is trusted without asking the store again, by default: how long
/// a user required on another instance can still reach this instance's app.
pub const DEFAULT_GATE_RECHECK: Duration = Duration::from_secs(2);

/// The store's marker: `required` while the user must register.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequiredMarker {
    required: bool,
    #[serde(with = "time::serde::rfc3339")]
    changed_at: OffsetDateTime,
}

impl Document for RequiredMarker {
    const KIND: &'static str = "required-registration";
}

/// What this instance knows of a user.
#[derive(Debug, Clone, Copy)]
enum Known {
    /// Seen required (confirmed in the store before each answer).
    Required,
    /// Found free; trusted until this time (an expiry rather than a start, so that the hot
    /// path compares two instants instead of subtracting them).
    Free(Instant),
}

/// This instance's memory of the markers, one map keyed by the tenant-qualified user (a fast
/// hasher: the gate looks a user up on every signed-in request).
#[derive(Debug)]
pub(crate) struct RequiredMemory {
    users: Mutex<HashMap<String, Known, foldhash::fast::RandomState>>,
    /// How long a free answer is trusted.
    recheck: Duration,
}

impl RequiredMemory {
    pub(crate) fn new(recheck: Duration) -> Self {
        Self {
            users: Mutex::default(),
            recheck,
        }
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, Known, foldhash::fast::RandomState>> {
        self.users.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Remembers `known` for `key`, within the bound: when full, the entries of free users go
    /// first (they are only a cache), then an arbitrary one (the store's marker and the signed
    /// hint still cover a forgotten required user).
    fn insert(&self, key: String, known: Known) {
        let mut users = self.lock();
        if users.len() >= MAX_REMEMBERED && !users.contains_key(&key) {
            users.retain(|_, known| matches!(known, Known::Required));
            if users.len() >= MAX_REMEMBERED
                && let Some(any) = users.keys().next().cloned()
            {
                users.remove(&any);
            }
        }
        users.insert(key, known);
    }
}

impl Campaign {
    fn memory(&self) -> &RequiredMemory {
        &self.inner.flow.required
    }

    /// Remembers on this instance that `user` must register (for sign-ins during a store
    /// outage, and for the gate).
    pub(crate) fn remember_required(&self, user: &str) {
        let key = self.qualified_user(user).into_owned();
        self.memory().insert(key, Known::Required);
    }

    /// Whether this instance saw `user` required to register.
    pub(crate) fn remembers_required(&self, user: &str) -> bool {
        matches!(
            self.memory().lock().get(self.qualified_user(user).as_ref()),
            Some(Known::Required)
        )
    }

    /// Forgets which users of `tenant` (every tenant with `None`) were found free, so that the
    /// gate asks the store again: the store's change feed announced a marker change.
    pub(crate) fn forget_free_users_of(&self, tenant: Option<&crate::TenantId>) {
        // The key of an empty user id is the tenant's prefix (`tenant NUL`).
        let prefix = tenant
            .filter(|t| !t.is_default())
            .map(|t| super::qualified_user(Some(t), "").into_owned());
        self.memory().lock().retain(|key, known| {
            let of_tenant = match (&prefix, tenant) {
                (_, None) => true,
                (Some(prefix), _) => key.starts_with(prefix.as_str()),
                (None, Some(_)) => !key.contains('\u{0}'),
            };
            matches!(known, Known::Required) || !of_tenant
        });
    }

    fn forget_required(&self, user: &str) {
        self.memory()
            .lock()
            .remove(self.qualified_user(user).as_ref());
    }

    /// Whether this instance found `user` of `tenant` free of any required registration within
    /// the recheck interval: the gate's fast path, with no store call and no allocation for
    /// the default tenant.
    pub(crate) fn known_free(&self, tenant: Option<&crate::TenantId>, user: &str) -> bool {
        let key = super::qualified_user(tenant, user);
        let memory = self.memory();
        matches!(memory.lock().get(key.as_ref()), Some(Known::Free(until)) if Instant::now() < *until)
    }

    /// Marks `user` as required to register, in the store (every instance's gate sees it) and
    /// in this instance's memory.
    pub(crate) async fn mark_required(&self, user: &str) -> Result<(), StoreError> {
        self.remember_required(user);
        self.write_marker(user, true).await
    }

    /// Clears `user`'s required marker: they registered, or the campaign no longer applies to
    /// them. Writes only when a marker says required (a read, not a write, for everyone else).
    pub(crate) async fn clear_required(&self, user: &str) -> Result<(), StoreError> {
        self.forget_required(user);
        let now = self.now();
        let marked = TypedRecord::<RequiredMarker>::load(self.store(), user, now)
            .await?
            .is_some_and(|m| m.value.required);
        if marked {
            self.write_marker(user, false).await?;
        }
        Ok(())
    }

    async fn write_marker(&self, user: &str, required: bool) -> Result<(), StoreError> {
        let marker = RequiredMarker {
            required,
            changed_at: self.now(),
        };
        TypedRecord::new(user, user, marker, None)?
            .upsert(self.store())
            .await
    }

    /// Whether `user` (of this campaign's tenant) must register before any request of theirs
    /// reaches the host's app: what [`Campaign::gate`](crate::Campaign::gate) checks for every
    /// signed-in request. A user found free is trusted for the recheck interval
    /// ([`CampaignBuilder::gate_recheck`](crate::CampaignBuilder::gate_recheck)); a user this
    /// instance knows to be required is confirmed in the store each time (they are held
    /// anyway), so a registration on another instance frees them at once.
    ///
    /// When the store fails, a user this instance knows to be required stays required (the
    /// error is returned for the others).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, store::MemoryStore};
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
    /// assert!(!campaign.is_registration_required("a11ce000-0000-4000-8000-000000000001").await.unwrap());
    /// # }
    /// ```
    pub async fn is_registration_required(&self, user: &str) -> Result<bool, StoreError> {
        let key = self.qualified_user(user);
        let known = self.memory().lock().get(key.as_ref()).copied();
        let remembered = match known {
            Some(Known::Free(until)) if Instant::now() < until => return Ok(false),
            Some(Known::Required) => true,
            _ => false,
        };
        let now = self.now();
        let marker = match TypedRecord::<RequiredMarker>::load(self.store(), user, now).await {
            Ok(marker) => marker,
            Err(_) if remembered => return Ok(true),
            Err(error) => return Err(error),
        };
        let required = marker.is_some_and(|m| m.value.required);
        let known = if required {
            Known::Required
        } else {
            Known::Free(Instant::now() + self.memory().recheck)
        };
        self.memory().insert(key.into_owned(), known);
        Ok(required)
    }
}
