//! Where the campaign keeps its policy and per-user state: the [`CampaignStore`] trait, apart from
//! its backends.
//!
//! - [`MemoryStore`]: for tests and single-process demos; forgets everything on restart.
//! - [`SqliteStore`] (feature `sqlite`, the embedded default): one file, survives restarts.
//! - [`PostgresStore`] (feature `postgres`): many app instances sharing one state.
//!
//! Every backend passes the same conformance suite (`store::conformance`, feature `testing`,
//! run by `tests/it/store_conformance.rs`; other stores can run it too): snooze recording is
//! atomic and idempotent per MFA attempt, concurrent skips never exceed the limit, and policy
//! writes are compare-and-swap on a version number.

#[cfg(feature = "testing")]
pub mod conformance;
mod deadline;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) mod group_commit;
mod memory;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod sql;
#[cfg(feature = "sqlite")]
mod sqlite;
mod tenant_store;
mod typed;

use std::fmt;

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::policy::{AuthenticationMethodsPolicy, PolicyError};
use crate::state::UserCampaignState;
use crate::tenant::TenantId;

pub use deadline::Deadline;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub use group_commit::{DEFAULT_MAX_BATCH, GroupCommitStats};
pub use memory::MemoryStore;
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;
pub use tenant_store::TenantStore;
pub use typed::{Document, TypedRecord};

/// A policy as stored, with the version that a later write must name.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPolicy {
    /// Increases by one with every accepted write; the first write makes version 1.
    pub version: u64,
    /// The policy document.
    pub policy: AuthenticationMethodsPolicy,
}

/// What happened to a snooze request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnoozeOutcome {
    /// The snooze was counted.
    Counted,
    /// This MFA attempt had already been counted; nothing changed.
    AlreadyCounted,
    /// The user has used every allowed snooze; nothing changed.
    LimitReached,
}

/// The result of [`CampaignStore::record_snooze`]: the outcome and the user's state after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnoozeRecord {
    /// What happened.
    pub outcome: SnoozeOutcome,
    /// The user's state after the call.
    pub state: UserCampaignState,
}

/// A short-lived or small document the campaign keeps beside the user state: enrollments,
/// device bindings, test challenges, used nonces. Kept as JSON so that one table serves them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// What it is (`push-enrollment`, `device`, ...).
    pub kind: String,
    /// Unique within its kind.
    pub id: String,
    /// Whose it is (a user or device id), for listing.
    pub owner: String,
    /// Increases by one with every replacement (compare-and-swap).
    pub version: u64,
    /// The JSON document.
    pub document: String,
    /// After this time the record is treated as absent; `None` keeps it.
    pub expires_at: Option<OffsetDateTime>,
}

/// Errors from a store.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The policy changed since it was read (compare-and-swap failed).
    #[error("the policy was changed by someone else (now at version {current})")]
    Conflict {
        /// The version now stored.
        current: u64,
    },
    /// Stored data could not be read back (a corrupt or foreign row).
    #[error("stored data could not be decoded: {0}")]
    Decode(String),
    /// The backend failed (connection, I/O, database error).
    #[error("store backend error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The store did not answer within the campaign's store timeout (see [`Deadline`]).
    #[error("the store did not answer within {0:?}")]
    Timeout(std::time::Duration),
}

impl From<PolicyError> for StoreError {
    fn from(e: PolicyError) -> Self {
        Self::Decode(format!("stored policy is invalid: {e}"))
    }
}

/// Notices from a store shared by several instances that the policy or the campaign settings
/// changed, from [`CampaignStore::change_feed`]. [`PostgresStore`] implements it with
/// `LISTEN/NOTIFY`.
///
/// ```
/// use async_trait::async_trait;
/// use registration_campaign::TenantId;
/// use registration_campaign::store::{ChangeFeed, StoreError};
///
/// /// A feed that reports a change every second (a real one waits on its database).
/// #[derive(Debug)]
/// struct EverySecond;
///
/// #[async_trait]
/// impl ChangeFeed for EverySecond {
///     async fn next_change(&mut self) -> Result<Option<TenantId>, StoreError> {
///         tokio::time::sleep(std::time::Duration::from_secs(1)).await;
///         Ok(None)
///     }
/// }
/// ```
#[async_trait]
pub trait ChangeFeed: fmt::Debug + Send {
    /// Waits for the next change, made by any instance: `Some(tenant)` when the feed knows
    /// whose policy or settings changed, `None` when it does not (every tenant's cached policy
    /// is then dropped). An error means the feed is broken: the campaign drops it, and opens a
    /// new one after a backoff.
    async fn next_change(&mut self) -> Result<Option<TenantId>, StoreError>;
}

/// Storage for the campaign policy and per-user campaign state.
///
/// Everything is kept per tenant: each method that reads or writes names the
/// [`TenantId`], and two tenants never see each other's policy, users or records (the same user
/// id or record id in two tenants names two different things). The campaign itself only ever
/// calls the store through a [`TenantStore`], which fixes the tenant once.
///
/// Implementations must make [`record_snooze`](Self::record_snooze) atomic: two calls for the
/// same attempt count once, and concurrent calls never take `snooze_count` past `limit`.
#[async_trait]
pub trait CampaignStore: fmt::Debug + Send + Sync + 'static {
    /// The stored policy, or `None` if none was ever saved.
    async fn load_policy(&self, tenant: &TenantId) -> Result<Option<StoredPolicy>, StoreError>;

    /// Saves `policy` if the stored version is still `expected_version` (0 when none is stored)
    /// and returns the new version; otherwise fails with [`StoreError::Conflict`]. `audit`, if
    /// given, is inserted in the same transaction: the change and its audit entry are stored
    /// together or not at all.
    async fn save_policy(
        &self,
        tenant: &TenantId,
        policy: &AuthenticationMethodsPolicy,
        expected_version: u64,
        audit: Option<&Record>,
    ) -> Result<u64, StoreError>;

    /// The user's campaign state (the default state for a user never seen).
    async fn user_state(
        &self,
        tenant: &TenantId,
        user_id: &str,
    ) -> Result<UserCampaignState, StoreError>;

    /// Counts one snooze for the MFA attempt `attempt_id` at time `at`, unless that attempt was
    /// already counted or the user already has `limit` snoozes (`None`: no limit).
    async fn record_snooze(
        &self,
        tenant: &TenantId,
        user_id: &str,
        attempt_id: &str,
        at: OffsetDateTime,
        limit: Option<u32>,
    ) -> Result<SnoozeRecord, StoreError>;

    /// Marks the user as registered through the campaign at `at` (the first time wins).
    async fn record_registration(
        &self,
        tenant: &TenantId,
        user_id: &str,
        at: OffsetDateTime,
    ) -> Result<UserCampaignState, StoreError>;

    /// Forgets the user's snoozes (an admin's reset): the count goes back to 0 and no snooze
    /// runs, so the next sign-in nudges them with every skip again. Their registration is kept.
    /// Returns the state after; a user never seen stays unseen (no row is created).
    async fn reset_snoozes(
        &self,
        tenant: &TenantId,
        user_id: &str,
    ) -> Result<UserCampaignState, StoreError>;

    /// Inserts `record` (its `version` is ignored; it starts at 1) unless a record of the same
    /// kind and id exists and has not expired at `now`. Returns whether it was inserted: a
    /// `false` is how single-use values (nonces, credentials) detect reuse.
    async fn insert_record(
        &self,
        tenant: &TenantId,
        record: &Record,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError>;

    /// Inserts `record`, or replaces the record of the same kind and id whatever its version
    /// (which goes up by one, so a writer holding the old version cannot overwrite it). For
    /// values where the newest write simply wins, such as a user's current flow.
    async fn upsert_record(&self, tenant: &TenantId, record: &Record) -> Result<(), StoreError>;

    /// The record, unless absent or expired at `now`.
    async fn record(
        &self,
        tenant: &TenantId,
        kind: &str,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Record>, StoreError>;

    /// The live records of `kind` with any of `ids` at `now`, in any order (absent and expired
    /// ones left out): one query for a page of users where [`record`](Self::record) would take
    /// one each. The default asks `record` for each id.
    async fn records_by_id(
        &self,
        tenant: &TenantId,
        kind: &str,
        ids: &[String],
        now: OffsetDateTime,
    ) -> Result<Vec<Record>, StoreError> {
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(record) = self.record(tenant, kind, id, now).await? {
                found.push(record);
            }
        }
        Ok(found)
    }

    /// Replaces the document, owner and expiry of a record if its version is still
    /// `record.version`; the stored version then goes up by one. Returns whether it was replaced.
    async fn replace_record(&self, tenant: &TenantId, record: &Record) -> Result<bool, StoreError>;

    /// Records of `kind` owned by `owner` that have not expired at `now`, oldest id first.
    async fn records_of(
        &self,
        tenant: &TenantId,
        kind: &str,
        owner: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<Record>, StoreError>;

    /// Deletes at most `batch` records that expired at or before `now`; returns how many. Called
    /// again and again by [`Campaign::background_tasks`](crate::Campaign::background_tasks), so a
    /// large backlog is cleared in short steps that never hold up sign-ins.
    async fn purge_expired(&self, now: OffsetDateTime, batch: u32) -> Result<u64, StoreError>;

    /// Deletes at most `batch` of the per-attempt rows that make snoozes idempotent, counted
    /// before `before`; returns how many. The campaign only needs them while the attempt's flow
    /// can still post a skip.
    async fn purge_snooze_attempts(
        &self,
        before: OffsetDateTime,
        batch: u32,
    ) -> Result<u64, StoreError>;

    /// The users the campaign has met, in user id order (the store's), the first `limit` after
    /// `after` (from the start with `None`): one page of the per-user report, read by keyset so
    /// that no page costs more than its own rows.
    async fn users_after(
        &self,
        tenant: &TenantId,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<(String, UserCampaignState)>, StoreError>;

    /// How many records of `kind`, of every tenant, are live at `now` and will expire (records
    /// kept forever are not counted), for operators' gauges such as the setup flows in
    /// progress. `Ok(None)` (the default): the store cannot tell cheaply.
    async fn count_expiring_records(
        &self,
        kind: &str,
        now: OffsetDateTime,
    ) -> Result<Option<u64>, StoreError> {
        let _ = (kind, now);
        Ok(None)
    }

    /// Opens a feed of policy and settings changes made by any instance sharing this store, so
    /// that [`Campaign::background_tasks`](crate::Campaign::background_tasks) can drop the
    /// cached policy at once instead of waiting for `policy_refresh`. `Ok(None)` (the default):
    /// the store has no such feed, and polling alone bounds how stale a policy can be.
    async fn change_feed(&self) -> Result<Option<Box<dyn ChangeFeed>>, StoreError> {
        Ok(None)
    }
}

/// Stored times have millisecond precision in every backend.
pub(crate) fn to_millis(at: OffsetDateTime) -> i64 {
    let millis = at.unix_timestamp_nanos() / 1_000_000;
    i64::try_from(millis).unwrap_or(if millis < 0 { i64::MIN } else { i64::MAX })
}

pub(crate) fn from_millis(millis: i64) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .map_err(|e| StoreError::Decode(format!("timestamp {millis}: {e}")))
}

/// Truncates to what a store keeps, so every backend returns identical states.
pub(crate) fn stored_time(at: OffsetDateTime) -> OffsetDateTime {
    from_millis(to_millis(at)).unwrap_or(at)
}
