//! Every metric the campaign reports through the `metrics` facade, described once, so that an
//! exporter prints `# HELP` for each and alerts see the counters without a label from the start
//! (at zero) instead of after their first event.

use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};

/// Counters without labels, registered at zero by [`describe_metrics`].
const UNLABELLED_COUNTERS: &[&str] = &[
    "registration_campaign_fail_open_total",
    "registration_campaign_held_for_outage_total",
    "registration_campaign_unknown_tenant_total",
    "registration_campaign_gate_refusals_total",
    "registration_campaign_store_failures_total",
    "registration_campaign_events_dropped_total",
    "registration_campaign_host_save_failures_total",
    "registration_campaign_unreadable_policy_total",
    "registration_campaign_change_feeds_opened_total",
    "registration_campaign_change_notices_total",
];

/// Describes every metric of the campaign to the installed recorder and registers the counters
/// without labels at zero. [`Campaign::background_tasks`](crate::Campaign::background_tasks)
/// calls it when it starts; a host that installs its recorder later (or runs no background
/// tasks) calls it itself, after installing the recorder.
///
/// ```
/// registration_campaign::describe_metrics(); // with no recorder installed: does nothing
/// ```
pub fn describe_metrics() {
    describe_counter!(
        "registration_campaign_decisions_total",
        "Sign-in decisions after MFA, by outcome (passThrough, nudge, requireRegistration) and reason."
    );
    describe_histogram!(
        "registration_campaign_store_call_seconds",
        Unit::Seconds,
        "Time of every store call, by operation."
    );
    describe_counter!(
        "registration_campaign_store_timeouts_total",
        "Store calls that did not answer within the store timeout, by operation."
    );
    describe_counter!(
        "registration_campaign_fail_open_total",
        "Sign-ins that passed through because the store failed (the user was not known to be required)."
    );
    describe_counter!(
        "registration_campaign_held_for_outage_total",
        "Sign-ins of users known to be required that were held with a try-again page because the store failed."
    );
    describe_counter!(
        "registration_campaign_funnel_events_total",
        "Funnel events (shown, started, scanned, tested, registered, skipped), by event."
    );
    describe_counter!(
        "registration_campaign_messages_sent_total",
        "Binding notices and reminders the notifier accepted, by kind (bindingNotice, reminder)."
    );
    describe_counter!(
        "registration_campaign_messages_failed_total",
        "Sends the notifier refused or did not answer in time, by kind; each is retried with backoff, up to 8 tries."
    );
    describe_counter!(
        "registration_campaign_messages_retried_total",
        "Failed sends scheduled to be tried again, by kind."
    );
    describe_counter!(
        "registration_campaign_purged_total",
        "Expired records and old snooze attempts deleted by the background tasks, by what."
    );
    describe_counter!(
        "registration_campaign_unknown_tenant_total",
        "Sign-ins that named a tenant this campaign does not serve (passed through, nothing stored)."
    );
    describe_counter!(
        "registration_campaign_gate_refusals_total",
        "Requests of signed-in users who must register that the gate kept from the host's routes."
    );
    describe_counter!(
        "registration_campaign_missing_translations_total",
        "Messages shown in English because a language lacks them, by language."
    );
    describe_counter!(
        "registration_campaign_store_failures_total",
        "Store calls that failed or timed out on the sign-in path or in the flow."
    );
    describe_counter!(
        "registration_campaign_events_dropped_total",
        "Funnel events dropped because the counting buffer was full."
    );
    describe_counter!(
        "registration_campaign_host_save_failures_total",
        "Registrations the host's directory failed to save (the user could retry)."
    );
    describe_counter!(
        "registration_campaign_unreadable_policy_total",
        "Reads that found the stored policy unreadable (the last good policy stayed in force)."
    );
    describe_counter!(
        "registration_campaign_change_feeds_opened_total",
        "Change feeds (PostgreSQL LISTEN) opened by the background tasks, reconnections included."
    );
    describe_counter!(
        "registration_campaign_change_notices_total",
        "Policy or settings changes announced by the store's change feed."
    );
    describe_gauge!(
        "registration_campaign_active_flows",
        "Setup flows in progress, every tenant (counted each minute by the background tasks)."
    );
    describe_gauge!(
        "registration_campaign_cached_policies",
        "Tenants whose compiled policy this instance holds."
    );
    for name in UNLABELLED_COUNTERS {
        metrics::counter!(*name).increment(0);
    }
    for what in ["records", "snooze_attempts"] {
        metrics::counter!("registration_campaign_purged_total", "what" => what).increment(0);
    }
}
