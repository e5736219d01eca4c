//! Counters an operator can export, kept by the campaign: each is counted here (for the host's
//! own checks, through the accessors) and reported through the `metrics` facade under the
//! name [`describe_metrics`](crate::describe_metrics) describes, so an exporter has one path.

use std::sync::atomic::{AtomicU64, Ordering};

use super::background::Purged;

/// Counters an operator can export; the same counts reach the `metrics` facade.
#[derive(Debug, Default)]
pub struct CampaignMetrics {
    pub(super) store_failures: AtomicU64,
    pub(super) events_dropped: AtomicU64,
    pub(super) purged_records: AtomicU64,
    pub(super) host_save_failures: AtomicU64,
    pub(super) unreadable_policy: AtomicU64,
    pub(super) change_feeds_opened: AtomicU64,
    pub(super) change_notices: AtomicU64,
}

impl CampaignMetrics {
    /// Funnel events dropped because the counting buffer was full (or no runtime ran).
    pub fn events_dropped(&self) -> u64 {
        self.events_dropped.load(Ordering::Relaxed)
    }

    pub(crate) fn count_dropped_event(&self) {
        self.events_dropped.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("registration_campaign_events_dropped_total").increment(1);
    }

    pub(crate) fn count_store_failure(&self) {
        self.store_failures.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("registration_campaign_store_failures_total").increment(1);
    }

    pub(crate) fn count_host_save_failure(&self) {
        self.host_save_failures.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("registration_campaign_host_save_failures_total").increment(1);
    }

    pub(crate) fn count_unreadable_policy(&self) {
        self.unreadable_policy.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("registration_campaign_unreadable_policy_total").increment(1);
    }

    pub(crate) fn count_change_feed_opened(&self) {
        self.change_feeds_opened.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("registration_campaign_change_feeds_opened_total").increment(1);
    }

    pub(crate) fn count_change_notice(&self) {
        self.change_notices.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("registration_campaign_change_notices_total").increment(1);
    }

    /// Counts what one purge deleted (the facade's `purged_total` by `what`).
    pub(crate) fn count_purged(&self, purged: &Purged) {
        self.purged_records
            .fetch_add(purged.records + purged.snooze_attempts, Ordering::Relaxed);
        metrics::counter!("registration_campaign_purged_total", "what" => "records")
            .increment(purged.records);
        metrics::counter!("registration_campaign_purged_total", "what" => "snooze_attempts")
            .increment(purged.snooze_attempts);
    }

    /// Store calls that failed or timed out on the sign-in path or in the flow.
    pub fn store_failures(&self) -> u64 {
        self.store_failures.load(Ordering::Relaxed)
    }

    /// Expired records and old snooze attempts deleted by
    /// [`Campaign::background_tasks`](crate::Campaign::background_tasks).
    pub fn purged_records(&self) -> u64 {
        self.purged_records.load(Ordering::Relaxed)
    }

    /// Registrations the host's directory failed to save (the user could retry).
    pub fn host_save_failures(&self) -> u64 {
        self.host_save_failures.load(Ordering::Relaxed)
    }

    /// Reads that found the stored policy unreadable (the last good policy stayed in force).
    /// Anything above zero needs an operator: see [`Campaign::policy_alarm`](crate::Campaign::policy_alarm).
    pub fn unreadable_policy(&self) -> u64 {
        self.unreadable_policy.load(Ordering::Relaxed)
    }

    /// Change feeds (PostgreSQL `LISTEN`) that [`Campaign::background_tasks`](crate::Campaign::background_tasks) opened; more
    /// than one means the feed's connection was lost and opened again.
    pub fn change_feeds_opened(&self) -> u64 {
        self.change_feeds_opened.load(Ordering::Relaxed)
    }

    /// Policy or settings changes the store's change feed announced (each dropped the cached
    /// policy).
    pub fn change_notices(&self) -> u64 {
        self.change_notices.load(Ordering::Relaxed)
    }
}
