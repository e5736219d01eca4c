//! Per-user exemptions: an admin exempts one user (a break-glass or service account, a user
//! waiting for a company phone) until a date, with a reason. Until then the user is neither
//! nudged nor required (decision reason `exempted`), gets no reminders, and the report lists
//! them as `exempt`. Each change is audited.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::Campaign;
use super::audit::Actor;
use crate::store::{Record, StoreError};

pub(super) const EXEMPTION_KIND: &str = "exemption";
/// The longest a reason may be, in characters.
pub const MAX_EXEMPTION_REASON: usize = 200;
/// The furthest ahead an exemption may end.
const MAX_EXEMPTION: time::Duration = time::Duration::days(366);

/// One user's exemption.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Exemption {
    /// When it ends.
    #[serde(with = "time::serde::rfc3339")]
    pub until: OffsetDateTime,
    /// Why (1 to 200 characters).
    pub reason: String,
    /// Who granted it.
    pub granted_by: Actor,
    /// When it was granted.
    #[serde(with = "time::serde::rfc3339")]
    pub granted_at: OffsetDateTime,
}

/// Why an exemption was refused.
#[derive(Debug, thiserror::Error)]
pub enum ExemptionError {
    /// `until` is not in the future, or more than a year ahead.
    #[error("until: must be a time after now and at most 366 days ahead")]
    Until,
    /// The reason is empty, too long or holds control characters.
    #[error("reason: must be 1 to {MAX_EXEMPTION_REASON} characters of text")]
    Reason,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Campaign {
    /// Exempts `user_id` until `until` for `reason`; replaces an exemption they had. A user
    /// held as required is released at once.
    pub async fn exempt(
        &self,
        user_id: &str,
        until: OffsetDateTime,
        reason: &str,
        actor: &Actor,
    ) -> Result<Exemption, ExemptionError> {
        let now = self.now();
        if until <= now || until > now + MAX_EXEMPTION {
            return Err(ExemptionError::Until);
        }
        let reason = reason.trim();
        let length = reason.chars().count();
        if length == 0 || length > MAX_EXEMPTION_REASON || reason.chars().any(char::is_control) {
            return Err(ExemptionError::Reason);
        }
        let exemption = Exemption {
            until: crate::store::stored_time(until),
            reason: reason.to_owned(),
            granted_by: actor.clone(),
            granted_at: crate::store::stored_time(now),
        };
        let before = self.exemption(user_id).await?;
        let record = Record {
            kind: EXEMPTION_KIND.into(),
            id: user_id.to_owned(),
            owner: user_id.to_owned(),
            version: 0,
            document: serde_json::to_string(&exemption).unwrap_or_default(),
            expires_at: Some(exemption.until),
        };
        self.store().upsert_record(&record).await?;
        self.audit_exemption(user_id, actor, before.as_ref(), Some(&exemption))
            .await?;
        self.clear_required(user_id).await?;
        Ok(exemption)
    }

    /// Ends `user_id`'s exemption; returns whether they had one.
    pub async fn remove_exemption(&self, user_id: &str, actor: &Actor) -> Result<bool, StoreError> {
        let Some(before) = self.exemption(user_id).await? else {
            return Ok(false);
        };
        // Expired now: the store treats it as absent and purges it.
        let record = Record {
            kind: EXEMPTION_KIND.into(),
            id: user_id.to_owned(),
            owner: user_id.to_owned(),
            version: 0,
            document: "{}".into(),
            expires_at: Some(self.now()),
        };
        self.store().upsert_record(&record).await?;
        self.audit_exemption(user_id, actor, Some(&before), None)
            .await?;
        Ok(true)
    }

    /// `user_id`'s exemption, if one runs now.
    pub async fn exemption(&self, user_id: &str) -> Result<Option<Exemption>, StoreError> {
        let now = self.now();
        let record = self.store().record(EXEMPTION_KIND, user_id, now).await?;
        Ok(record
            .and_then(|r| serde_json::from_str::<Exemption>(&r.document).ok())
            .filter(|e| e.until > now))
    }

    /// Whether the host directory or the store knows `user_id` (per-user actions answer 404
    /// for anyone else).
    #[cfg(feature = "admin")]
    pub(crate) async fn knows_user(&self, user_id: &str) -> Result<bool, StoreError> {
        if let Some(directory) = self.directory()
            && let Ok(Some(_)) = directory.user(self.tenant_id(), user_id).await
        {
            return Ok(true);
        }
        let state = self.store().user_state(user_id).await?;
        Ok(state != crate::UserCampaignState::default() || self.has_nudge_history(user_id).await?)
    }

    async fn audit_exemption(
        &self,
        user_id: &str,
        actor: &Actor,
        before: Option<&Exemption>,
        after: Option<&Exemption>,
    ) -> Result<(), StoreError> {
        let value = |e: Option<&Exemption>| e.map_or(Value::Null, |e| json!(e));
        self.audit_user_action(user_id, "exemption", actor, value(before), value(after))
            .await
    }
}
