//! An admin's changes to one user's snoozes: reset them (every skip is there again, and the next
//! sign-in nudges), or snooze the user until a date (not a skip: no nudge and no requirement
//! until then, decision reason `snoozeExtended`). Each change is audited, and both release a
//! user held as required.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::Campaign;
use super::audit::Actor;
use crate::decision::{Decision, PassReason};
use crate::state::UserCampaignState;
use crate::store::{Record, StoreError};

pub(super) const EXTENSION_KIND: &str = "snooze-extension";
/// The furthest ahead an admin's snooze may end.
const MAX_EXTENSION: time::Duration = time::Duration::days(90);

/// An admin's extension of one user's snooze.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnoozeExtension {
    /// When it ends; the user is nudged (or required) as before at their next sign-in after.
    #[serde(with = "time::serde::rfc3339")]
    pub until: OffsetDateTime,
    /// Who granted it.
    pub granted_by: Actor,
    /// When it was granted.
    #[serde(with = "time::serde::rfc3339")]
    pub granted_at: OffsetDateTime,
}

/// Why an extension was refused.
#[derive(Debug, thiserror::Error)]
pub enum SnoozeExtensionError {
    /// `until` is not in the future, or more than 90 days ahead.
    #[error("until: must be a time after now and at most 90 days ahead")]
    Until,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Campaign {
    /// Forgets `user_id`'s snoozes: their next sign-in nudges them with every skip again (a
    /// running extension still runs). Returns their state after.
    pub async fn reset_snoozes(
        &self,
        user_id: &str,
        actor: &Actor,
    ) -> Result<UserCampaignState, StoreError> {
        let before = self.store().user_state(user_id).await?;
        let after = self.store().reset_snoozes(user_id).await?;
        let counts = |s: &UserCampaignState| json!({"snoozeCount": s.snooze_count});
        self.audit_user_action(
            user_id,
            "resetSnoozes",
            actor,
            counts(&before),
            counts(&after),
        )
        .await?;
        // Also keeps the user known to the admin API once their state looks like a stranger's.
        self.count_nudge(user_id, super::NudgeEvent::SnoozesReset)
            .await;
        self.clear_required(user_id).await?;
        Ok(after)
    }

    /// Extends `user_id`'s snooze until `until`: not nudged and not required before then.
    /// Replaces an extension they had.
    pub async fn extend_snooze(
        &self,
        user_id: &str,
        until: OffsetDateTime,
        actor: &Actor,
    ) -> Result<SnoozeExtension, SnoozeExtensionError> {
        let now = self.now();
        if until <= now || until > now + MAX_EXTENSION {
            return Err(SnoozeExtensionError::Until);
        }
        let extension = SnoozeExtension {
            until: crate::store::stored_time(until),
            granted_by: actor.clone(),
            granted_at: crate::store::stored_time(now),
        };
        let before = self.snooze_extension(user_id).await?;
        self.write_extension(user_id, &json!(extension).to_string(), extension.until)
            .await?;
        self.audit_extension(user_id, actor, before.as_ref(), Some(&extension))
            .await?;
        self.clear_required(user_id).await?;
        Ok(extension)
    }

    /// Ends `user_id`'s snooze extension; returns whether they had one.
    pub async fn remove_snooze_extension(
        &self,
        user_id: &str,
        actor: &Actor,
    ) -> Result<bool, StoreError> {
        let Some(before) = self.snooze_extension(user_id).await? else {
            return Ok(false);
        };
        // Expired now: the store treats it as absent and purges it.
        self.write_extension(user_id, "{}", self.now()).await?;
        self.audit_extension(user_id, actor, Some(&before), None)
            .await?;
        Ok(true)
    }

    /// `user_id`'s snooze extension, if one runs now.
    pub async fn snooze_extension(
        &self,
        user_id: &str,
    ) -> Result<Option<SnoozeExtension>, StoreError> {
        let now = self.now();
        let record = self.store().record(EXTENSION_KIND, user_id, now).await?;
        Ok(record
            .and_then(|r| serde_json::from_str::<SnoozeExtension>(&r.document).ok())
            .filter(|e| e.until > now))
    }

    /// `decision`, unless it would show the campaign to a user an admin exempted or whose
    /// snooze an admin extended.
    pub(crate) async fn with_admin_actions(
        &self,
        user_id: &str,
        decision: Decision,
    ) -> Result<Decision, StoreError> {
        if !decision.shows_campaign() {
            return Ok(decision);
        }
        if let Some(exemption) = self.exemption(user_id).await? {
            return Ok(Decision::PassThrough(PassReason::Exempted {
                until: exemption.until,
            }));
        }
        Ok(match self.snooze_extension(user_id).await? {
            Some(extension) => Decision::PassThrough(PassReason::SnoozeExtended {
                until: extension.until,
            }),
            None => decision,
        })
    }

    /// Whether an admin's exemption or snooze extension of `user_id` runs now.
    #[cfg(feature = "admin")]
    pub(crate) async fn admin_lets_in(&self, user_id: &str) -> Result<bool, StoreError> {
        Ok(self.exemption(user_id).await?.is_some()
            || self.snooze_extension(user_id).await?.is_some())
    }

    async fn write_extension(
        &self,
        user_id: &str,
        document: &str,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let record = Record {
            kind: EXTENSION_KIND.into(),
            id: user_id.to_owned(),
            owner: user_id.to_owned(),
            version: 0,
            document: document.to_owned(),
            expires_at: Some(expires_at),
        };
        self.store().upsert_record(&record).await
    }

    async fn audit_extension(
        &self,
        user_id: &str,
        actor: &Actor,
        before: Option<&SnoozeExtension>,
        after: Option<&SnoozeExtension>,
    ) -> Result<(), StoreError> {
        let value = |e: Option<&SnoozeExtension>| e.map_or(Value::Null, |e| json!(e));
        self.audit_user_action(user_id, "snooze", actor, value(before), value(after))
            .await
    }
}
