//! Policy changes with their audit trail: every accepted change is stored together with who made
//! it, when, the request id, and the policy before and after.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;

use crate::campaign::Campaign;
use crate::policy::{AuthenticationMethodsPolicy, PolicyError};
use crate::store::{Record, StoreError, StoredPolicy};

const AUDIT_KIND: &str = "policy-audit";
const AUDIT_OWNER: &str = "authenticationMethodsPolicy";
/// Attempts at a merge when another change lands in between (without `If-Match`).
const MERGE_ATTEMPTS: usize = 5;

/// Who changed the policy.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    /// `oid`, else `sub`, of the token; or the admin page's signed-in user.
    pub id: String,
    /// `upn`, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_principal_name: Option<String>,
}

/// What a change applies to.
#[derive(Debug, Clone, Copy)]
pub enum PolicyTarget<'a> {
    /// A PATCH of the whole `authenticationMethodsPolicy`.
    Policy(&'a Value),
    /// A PATCH of the Microsoft Authenticator method configuration.
    Authenticator(&'a Value),
    /// A whole new policy document (the admin page, `--policy`).
    Replace(&'a AuthenticationMethodsPolicy),
}

/// One audit log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Unique; sorts in the order the changes were made (it starts with the version written).
    pub id: String,
    /// When the change was stored (RFC 3339).
    pub activity_date_time: String,
    /// The request that made it.
    pub request_id: String,
    /// Who made it.
    pub initiated_by: Actor,
    /// `authenticationMethodsPolicy` or `authenticationMethodConfigurations/MicrosoftAuthenticator`.
    pub target: String,
    /// The policy version written.
    pub version: u64,
    /// The policy before.
    pub before: Value,
    /// The policy after.
    pub after: Value,
}

/// Why a change was not made. Nothing was stored in any case.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// The result is not a valid policy.
    #[error(transparent)]
    Invalid(#[from] PolicyError),
    /// `If-Match` named another version than the stored one.
    #[error("the policy changed since version {expected} (now {current})")]
    Stale {
        /// The version the caller had.
        expected: u64,
        /// The version stored.
        current: u64,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Campaign {
    /// Applies a change to the stored policy, atomically with its audit entry. With
    /// `if_match`, the change is refused unless the stored version is that one; without it, a
    /// PATCH is merged into whatever is current.
    pub async fn change_policy(
        &self,
        target: PolicyTarget<'_>,
        if_match: Option<u64>,
        actor: &Actor,
        request_id: &str,
    ) -> Result<StoredPolicy, ChangeError> {
        let store = self.store();
        for _ in 0..MERGE_ATTEMPTS {
            let current = store.load_policy().await?;
            let version = current.as_ref().map_or(0, |p| p.version);
            if let Some(expected) = if_match
                && expected != version
            {
                return Err(ChangeError::Stale {
                    expected,
                    current: version,
                });
            }
            let before = current.map(|p| p.policy).unwrap_or_default();
            let (after, target_name) = match target {
                PolicyTarget::Policy(patch) => {
                    (before.apply_patch(patch)?, "authenticationMethodsPolicy")
                }
                PolicyTarget::Authenticator(patch) => (
                    before.apply_authenticator_patch(patch)?,
                    "authenticationMethodConfigurations/MicrosoftAuthenticator",
                ),
                PolicyTarget::Replace(policy) => (
                    AuthenticationMethodsPolicy::from_value(&policy.to_value())?,
                    "authenticationMethodsPolicy",
                ),
            };
            let now = self.now();
            let after = after.with_last_modified(now);
            let entry = AuditEntry {
                // The version written orders entries even when the clock does not move.
                id: format!("{:020}-{}", version + 1, uuid::Uuid::new_v4().simple()),
                activity_date_time: now.format(&Rfc3339).unwrap_or_default(),
                request_id: request_id.into(),
                initiated_by: actor.clone(),
                target: target_name.into(),
                version: version + 1,
                before: before.to_value(),
                after: after.to_value(),
            };
            let record = Record {
                kind: AUDIT_KIND.into(),
                id: entry.id.clone(),
                owner: AUDIT_OWNER.into(),
                version: 1,
                document: serde_json::to_string(&entry)
                    .map_err(|e| StoreError::Decode(e.to_string()))?,
                expires_at: None,
            };
            match store.save_policy(&after, version, Some(&record)).await {
                Ok(version) => {
                    self.forget_cached_policy();
                    tracing::info!(target: "registration_campaign", actor = %actor.id, version, "policy changed");
                    return Ok(StoredPolicy {
                        version,
                        policy: after,
                    });
                }
                Err(StoreError::Conflict { current }) => {
                    if let Some(expected) = if_match {
                        return Err(ChangeError::Stale { expected, current });
                    }
                    // Someone else's change landed first: merge into theirs.
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(StoreError::Backend("the policy kept changing; try again".into()).into())
    }

    /// The audit log, newest first: `top` entries after skipping `skip`, and the total count.
    pub async fn audit_log(
        &self,
        skip: usize,
        top: usize,
    ) -> Result<(Vec<AuditEntry>, usize), StoreError> {
        let records = self
            .store()
            .records_of(AUDIT_KIND, AUDIT_OWNER, self.now())
            .await?;
        let total = records.len();
        let entries = records
            .iter()
            .rev()
            .skip(skip)
            .take(top)
            .map(|r| {
                serde_json::from_str(&r.document)
                    .map_err(|e| StoreError::Decode(format!("audit entry {}: {e}", r.id)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((entries, total))
    }
}
