//! What happened to the nudges a user was shown, kept apart: shown, skipped ("Skip for now"),
//! registered, or left without a choice. The store's snooze count cannot tell these apart
//! (showing a nudge counts a snooze, as in Entra, so that closing the browser is one), and
//! admins need to: the report's `snoozeCount` is `skipCount + leftCount`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::Campaign;
use crate::store::{Document, StoreError, TypedRecord};

/// One user's nudges, counted since the campaign first kept them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NudgeHistory {
    /// Setup flows shown (nudges and required registrations, in a browser).
    #[serde(default)]
    pub(crate) shown: u32,
    /// "Skip for now" pressed (since an admin last reset the user's snoozes).
    #[serde(default)]
    pub(crate) skipped: u32,
    /// Nudges (with a skip) that ended in a registration: the snooze their showing counted is
    /// not one (at most 1).
    #[serde(default)]
    pub(crate) registered_from_nudge: u32,
    /// When a flow was last shown.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub(crate) last_shown_at: Option<OffsetDateTime>,
    /// When an admin last reset the user's snoozes.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub(crate) snoozes_reset_at: Option<OffsetDateTime>,
}

impl Document for NudgeHistory {
    const KIND: &'static str = "nudge-history";
}

impl NudgeHistory {
    /// The snoozes of a user whose store counts `counted`: every nudge shown counted one, but
    /// the nudge that ended in a registration is not a snooze.
    pub(crate) fn snoozes(&self, counted: u32) -> u32 {
        counted.saturating_sub(self.registered_from_nudge.min(1))
    }

    /// Nudges left without a choice (the browser was closed, or the flow is still open): the
    /// snoozes that were not a "Skip for now".
    pub(crate) fn left(&self, counted: u32) -> u32 {
        self.snoozes(counted).saturating_sub(self.skipped)
    }
}

/// What happened, to count.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NudgeEvent {
    Shown,
    Skipped,
    /// A registration in a flow that had a skip.
    RegisteredFromNudge,
    SnoozesReset,
}

/// Attempts at a compare-and-swap update before giving up (two tabs of one user at once).
const ATTEMPTS: usize = 5;

impl Campaign {
    /// Counts `event` in `user_id`'s nudge history. A failure is logged, never shown to the
    /// user: the history is for the report, and the decision does not read it.
    pub(crate) async fn count_nudge(&self, user_id: &str, event: NudgeEvent) {
        if let Err(error) = self.try_count_nudge(user_id, event).await {
            self.count_store_failure();
            tracing::warn!(
                target: "registration_campaign",
                %error,
                ?event,
                "could not count a nudge in the user's history; the report will miss it"
            );
        }
    }

    async fn try_count_nudge(&self, user_id: &str, event: NudgeEvent) -> Result<(), StoreError> {
        let now = self.now();
        for _ in 0..ATTEMPTS {
            let stored = TypedRecord::<NudgeHistory>::load(self.store(), user_id, now).await?;
            let fresh = stored.is_none();
            let mut history = match stored {
                Some(history) => history,
                None => TypedRecord::new(user_id, user_id, NudgeHistory::default(), None)?,
            };
            let counts = &mut history.value;
            match event {
                NudgeEvent::Shown => {
                    counts.shown += 1;
                    counts.last_shown_at = Some(crate::store::stored_time(now));
                }
                NudgeEvent::Skipped => counts.skipped += 1,
                NudgeEvent::RegisteredFromNudge => counts.registered_from_nudge = 1,
                NudgeEvent::SnoozesReset => {
                    counts.skipped = 0;
                    counts.snoozes_reset_at = Some(crate::store::stored_time(now));
                }
            }
            let written = if fresh {
                history.record.document = serde_json::to_string(&history.value)
                    .map_err(|e| StoreError::Decode(e.to_string()))?;
                history.insert(self.store(), now).await?
            } else {
                history.save(self.store()).await?
            };
            if written {
                return Ok(());
            }
        }
        Err(StoreError::Backend(
            "the nudge history kept changing under concurrent writes".into(),
        ))
    }

    /// Whether the campaign keeps a nudge history for `user_id`.
    #[cfg(feature = "admin")]
    pub(crate) async fn has_nudge_history(&self, user_id: &str) -> Result<bool, StoreError> {
        Ok(
            TypedRecord::<NudgeHistory>::load(self.store(), user_id, self.now())
                .await?
                .is_some(),
        )
    }
}
