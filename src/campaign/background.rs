//! Work the host runs in the background: purging expired records, writing funnel counts, and
//! following the store's change feed so that a policy or settings change made on another
//! instance drops this one's cached policy at once.

use std::time::Duration;

use super::{Campaign, FLOW_LIFETIME};
use crate::store::StoreError;

/// Records deleted per purge step.
const PURGE_BATCH: u32 = 500;
/// How often expired records are purged.
const PURGE_EVERY: Duration = Duration::from_secs(60);
/// The first wait before opening a change feed again after it broke or could not be opened.
const FEED_RETRY_FIRST: Duration = Duration::from_millis(250);
/// The longest wait between attempts to open a change feed.
const FEED_RETRY_MAX: Duration = Duration::from_secs(30);

/// What [`Campaign::purge_expired`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Expired records (flows, enrollments, nonces, challenges, held cookies).
    pub records: u64,
    /// Snooze-attempt rows older than the longest flow.
    pub snooze_attempts: u64,
}

impl Campaign {
    /// Work to run for as long as the campaign serves: every minute it deletes expired
    /// records and snooze attempts (see [`purge_expired`](Self::purge_expired)), about once
    /// a second it writes the funnel counts of the events recorded meanwhile, and, with a store
    /// that offers a [change feed](crate::store::CampaignStore::change_feed) (PostgreSQL's
    /// `LISTEN/NOTIFY`), it drops the cached policy as soon as any instance changes the policy
    /// or the settings, so the next sign-in decides with the new ones. Spawn it once
    /// per process, as tower-sessions' `continuously_delete_expired`; the library spawns
    /// nothing itself (without it, the report is written when it is read, by
    /// [`flush_events`](Self::flush_events)):
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use registration_campaign::{Campaign, store::MemoryStore};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
    /// let tasks = tokio::spawn(campaign.clone().background_tasks());
    /// # tasks.abort();
    /// # }
    /// ```
    pub async fn background_tasks(self) {
        // Every metric described, and the unlabelled counters at zero, from the start.
        super::describe_metrics();
        let purging = async {
            let mut every = tokio::time::interval(PURGE_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                if let Err(error) = self.purge_expired().await {
                    tracing::warn!(%error, "purging expired campaign records failed; trying again later");
                }
                self.measure_active_flows().await;
            }
        };
        let counting = self.inner.funnel.run(&self.inner.store);
        tokio::join!(
            purging,
            counting,
            self.follow_store_changes(),
            self.run_notifications()
        );
    }

    /// Drops the cached policy on every change the store's feed announces. A feed that breaks
    /// or cannot be opened is opened again after a backoff (250 ms, doubling up to 30 s);
    /// meanwhile `policy_refresh` still bounds how stale the policy can be. Returns at once
    /// when the store has no feed.
    async fn follow_store_changes(&self) {
        let mut retry_in = FEED_RETRY_FIRST;
        loop {
            match self.inner.store.change_feed().await {
                Ok(None) => return,
                Ok(Some(mut feed)) => {
                    self.inner.metrics.count_change_feed_opened();
                    // Changes announced while no feed was open were missed: read again.
                    self.forget_cached_policy_of(None);
                    retry_in = FEED_RETRY_FIRST;
                    loop {
                        match feed.next_change().await {
                            Ok(tenant) => {
                                self.forget_cached_policy_of(tenant.as_ref());
                                // A required marker may have changed: ask the store again.
                                self.forget_free_users_of(tenant.as_ref());
                                self.inner.metrics.count_change_notice();
                            }
                            Err(error) => {
                                tracing::warn!(target: "registration_campaign", %error, retry_in = ?retry_in, "the store's change feed broke; opening it again (policy_refresh bounds staleness meanwhile)");
                                break;
                            }
                        }
                    }
                }
                Err(error) => {
                    tracing::warn!(target: "registration_campaign", %error, retry_in = ?retry_in, "the store's change feed cannot be opened; trying again (policy_refresh bounds staleness meanwhile)");
                }
            }
            tokio::time::sleep(retry_in).await;
            retry_in = (retry_in * 2).min(FEED_RETRY_MAX);
        }
    }

    pub(crate) fn funnel(&self) -> &crate::funnel::Counter {
        &self.inner.funnel
    }

    /// Deletes, in batches, records that have expired and the snooze-attempt rows older than
    /// the longest a flow can last (a skip can only be posted while its flow lives). Each batch
    /// is one short statement, so a large backlog never blocks sign-ins.
    pub async fn purge_expired(&self) -> Result<Purged, StoreError> {
        let now = self.now();
        let mut purged = Purged::default();
        loop {
            let n = self.inner.store.purge_expired(now, PURGE_BATCH).await?;
            purged.records += n;
            if n < u64::from(PURGE_BATCH) {
                break;
            }
            tokio::task::yield_now().await;
        }
        let attempts_before = now - FLOW_LIFETIME - time::Duration::minutes(5);
        loop {
            let n = self
                .inner
                .store
                .purge_snooze_attempts(attempts_before, PURGE_BATCH)
                .await?;
            purged.snooze_attempts += n;
            if n < u64::from(PURGE_BATCH) {
                break;
            }
            tokio::task::yield_now().await;
        }
        self.inner.metrics.count_purged(&purged);
        Ok(purged)
    }

    /// Sets the `registration_campaign_active_flows` gauge: setup flows in progress in every
    /// tenant (live flow records), when the store can count them.
    pub(crate) async fn measure_active_flows(&self) {
        match self
            .inner
            .store
            .count_expiring_records(super::FLOW_KIND, self.now())
            .await
        {
            Ok(Some(flows)) => {
                metrics::gauge!("registration_campaign_active_flows").set(flows as f64);
            }
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(target: "registration_campaign", %error, "counting the flows in progress failed");
            }
        }
    }
}
