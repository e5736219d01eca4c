//! Running the notifications: reminders planned and the outbox delivered, for every tenant.

use std::collections::BTreeSet;
use std::time::Duration;

use super::Campaign;
use crate::store::StoreError;
use crate::tenant::TenantId;

/// How often the outbox is looked at when nothing wakes it (retries come due meanwhile).
const DELIVERY_POLL: Duration = Duration::from_secs(30);

/// What one round of [`Campaign::send_notifications`] did, over every tenant.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NotificationRound {
    /// Reminders written to the outbox.
    pub reminders_queued: u64,
    /// Messages the notifier accepted.
    pub sent: u64,
    /// Sends that failed (each is retried with backoff, up to 8 tries).
    pub failed: u64,
}

impl Campaign {
    /// One round of notifications over every tenant: writes the reminders due now to the
    /// outbox, then sends every message due. [`background_tasks`](Self::background_tasks)
    /// runs it when a message is written, every 30 seconds for retries, and plans reminders
    /// every [`reminder_check`](crate::notify::Notifications::reminder_check); tests and
    /// hosts with their own scheduler can call it themselves. Does nothing without
    /// [`notifications`](crate::CampaignBuilder::notifications).
    pub async fn send_notifications(&self) -> Result<NotificationRound, StoreError> {
        self.notification_round(true).await
    }

    async fn notification_round(&self, plan: bool) -> Result<NotificationRound, StoreError> {
        let mut round = NotificationRound::default();
        let Some(outbox) = self.outbox() else {
            return Ok(round);
        };
        let mut tenants: BTreeSet<TenantId> = self.tenant_ids_to_visit().into_iter().collect();
        tenants.extend(outbox.take_waiting());
        let mut first_error = None;
        for tenant in tenants {
            let Ok(campaign) = self.for_tenant(&tenant) else {
                continue;
            };
            if plan {
                match campaign.plan_reminders().await {
                    Ok(Some(run)) => round.reminders_queued += run.queued,
                    Ok(None) => {}
                    Err(error) => {
                        first_error.get_or_insert(error);
                    }
                }
            }
            match campaign.deliver_outbox().await {
                Ok(delivered) => {
                    round.sent += delivered.sent;
                    round.failed += delivered.failed;
                }
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        match first_error {
            Some(error) => Err(error),
            None => Ok(round),
        }
    }

    /// The default tenant and those the tenant directory lists.
    fn tenant_ids_to_visit(&self) -> Vec<TenantId> {
        let mut ids = vec![TenantId::default_tenant()];
        if let Some(directory) = &self.inner.tenants.directory {
            ids.extend(directory.tenant_ids());
        }
        ids
    }

    /// The notifications loop of [`background_tasks`](Self::background_tasks).
    pub(crate) async fn run_notifications(&self) {
        let Some(outbox) = self.outbox() else {
            return;
        };
        let every = outbox.settings.reminder_check;
        let mut next_plan = tokio::time::Instant::now();
        loop {
            let plan = tokio::time::Instant::now() >= next_plan;
            if plan {
                next_plan = tokio::time::Instant::now() + every;
            }
            if let Err(error) = self.notification_round(plan).await {
                tracing::warn!(target: "registration_campaign", %error, "sending notifications failed; trying again later");
            }
            let until_plan = next_plan.saturating_duration_since(tokio::time::Instant::now());
            tokio::select! {
                () = outbox.wake.notified() => {}
                () = tokio::time::sleep(DELIVERY_POLL.min(until_plan)) => {}
            }
        }
    }
}
