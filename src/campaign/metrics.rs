//! Counters an operator can export, kept by the campaign.

use std::sync::atomic::{AtomicU64, Ordering};

/// Counters an operator can export.
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

    /// The counters in Prometheus' text format, for a `/metrics` endpoint.
    ///
    /// ```
    /// let text = registration_campaign::CampaignMetrics::default().prometheus();
    /// assert!(text.contains("registration_campaign_store_failures_total 0"));
    /// ```
    pub fn prometheus(&self) -> String {
        let counters = [
            (
                "store_failures_total",
                "Store calls that failed or timed out on the sign-in path or in the flow.",
                self.store_failures(),
            ),
            (
                "events_dropped_total",
                "Funnel events dropped because the counting buffer was full.",
                self.events_dropped(),
            ),
            (
                "purged_records_total",
                "Expired records and old snooze attempts deleted by the background tasks.",
                self.purged_records(),
            ),
            (
                "host_save_failures_total",
                "Registrations the host's directory failed to save.",
                self.host_save_failures(),
            ),
            (
                "unreadable_policy_total",
                "Reads that found the stored policy unreadable.",
                self.unreadable_policy(),
            ),
            (
                "change_feeds_opened_total",
                "Change feeds (PostgreSQL LISTEN) opened by the background tasks, reconnections included.",
                self.change_feeds_opened(),
            ),
            (
                "change_notices_total",
                "Policy or settings changes announced by the store's change feed.",
                self.change_notices(),
            ),
        ];
        let mut out = String::new();
        for (name, help, value) in counters {
            out.push_str(&format!(
                "# HELP registration_campaign_{name} {help}\n# TYPE registration_campaign_{name} counter\nregistration_campaign_{name} {value}\n"
            ));
        }
        out
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
