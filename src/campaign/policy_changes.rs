//! Policy changes with their audit trail: every accepted change is stored together with who made
//! it, when, the request id, and the policy before and after.

use serde_json::Value;
use time::format_description::well_known::Rfc3339;

use super::audit::{AUDIT_KIND, Actor, AuditEntry, POLICY_AUDIT_OWNER};
use crate::campaign::Campaign;
use crate::policy::{AuthenticationMethodsPolicy, PolicyError};
use crate::store::{Record, StoreError, StoredPolicy};

/// Attempts at a merge when another change lands in between (without `If-Match`).
const MERGE_ATTEMPTS: usize = 5;

/// What a change applies to.
#[derive(Debug, Clone, Copy)]
pub enum PolicyTarget<'a> {
    /// A PATCH of the whole `authenticationMethodsPolicy`.
    Policy(&'a Value),
    /// A PATCH of the Microsoft Authenticator method configuration.
    Authenticator(&'a Value),
    /// A PATCH of one method configuration, by id in any case.
    Method {
        /// The method configuration's id (`Fido2`, `Sms`, ...).
        id: &'a str,
        /// The PATCH body.
        patch: &'a Value,
    },
    /// Back to Graph's default for one method configuration (a `DELETE`).
    ResetMethod(&'a str),
    /// A whole new policy document (the admin page, `--policy`).
    Replace(&'a AuthenticationMethodsPolicy),
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
            let (before, before_document, version) = match store.load_policy().await {
                Ok(current) => {
                    let version = current.as_ref().map_or(0, |p| p.version);
                    if let Some(expected) = if_match
                        && expected != version
                    {
                        return Err(ChangeError::Stale {
                            expected,
                            current: version,
                        });
                    }
                    // With nothing stored, a change applies to the policy in force: the host's
                    // initial policy (not yet written), else Graph's default. A replacement
                    // (the initial policy's own write included) starts from Graph's default.
                    let before = match current {
                        Some(stored) => stored.policy,
                        None if !matches!(target, PolicyTarget::Replace(_)) => {
                            self.unstored_policy()
                        }
                        None => AuthenticationMethodsPolicy::default(),
                    };
                    let document = before.to_value();
                    (before, document, version)
                }
                Err(StoreError::Decode(reason)) => {
                    // The stored document cannot be read: the change applies to the last good
                    // policy (the one in force and shown to admins) and is written over the
                    // unreadable version, which the audit entry does not pretend to know.
                    let last_good = self.keep_last_good_policy(&reason).await;
                    let version = match if_match {
                        // The compare-and-swap below checks it.
                        Some(expected) => expected,
                        None => self.stored_policy_version(&last_good.policy).await?,
                    };
                    (last_good.policy.clone(), Value::Null, version)
                }
                Err(e) => return Err(e.into()),
            };
            let (after, target_name) = match target {
                PolicyTarget::Policy(patch) => (
                    before.apply_patch(patch)?,
                    "authenticationMethodsPolicy".to_owned(),
                ),
                PolicyTarget::Authenticator(patch) => (
                    before.apply_authenticator_patch(patch)?,
                    "authenticationMethodConfigurations/MicrosoftAuthenticator".to_owned(),
                ),
                PolicyTarget::Method { id, patch } => (
                    before.apply_method_patch(id, patch)?,
                    format!("authenticationMethodConfigurations/{}", method_name(id)),
                ),
                PolicyTarget::ResetMethod(id) => (
                    before.reset_method(id)?,
                    format!("authenticationMethodConfigurations/{}", method_name(id)),
                ),
                PolicyTarget::Replace(policy) => (
                    AuthenticationMethodsPolicy::from_value(&policy.to_value())?,
                    "authenticationMethodsPolicy".to_owned(),
                ),
            };
            let now = self.now();
            let after = after.with_last_modified(now);
            // Within the limits and readable back, as it will be stored; else nothing is.
            after.to_stored_json()?;
            let entry = AuditEntry {
                // The version written orders entries even when the clock does not move.
                id: format!("{:020}-{}", version + 1, uuid::Uuid::new_v4().simple()),
                activity_date_time: now.format(&Rfc3339).unwrap_or_default(),
                request_id: request_id.into(),
                initiated_by: actor.clone(),
                target: target_name,
                version: version + 1,
                before: before_document,
                after: after.to_value(),
            };
            let record = Record {
                kind: AUDIT_KIND.into(),
                id: entry.id.clone(),
                owner: POLICY_AUDIT_OWNER.into(),
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

    /// The newest policy in the audit log that still reads as a valid policy, with its version.
    pub(crate) async fn last_good_policy_from_audit(
        &self,
    ) -> Result<Option<(u64, AuthenticationMethodsPolicy)>, StoreError> {
        let records = self
            .store()
            .records_of(AUDIT_KIND, POLICY_AUDIT_OWNER, self.now())
            .await?;
        Ok(records.iter().rev().find_map(|r| {
            let entry: AuditEntry = serde_json::from_str(&r.document).ok()?;
            let policy = AuthenticationMethodsPolicy::from_value(&entry.after).ok()?;
            Some((entry.version, policy))
        }))
    }

    /// The version of a stored policy row whose document cannot be read. The store trait has
    /// no call for it, but its compare-and-swap reports the current version when the expected
    /// one is wrong, and no row can be at version `u64::MAX`: so this writes nothing.
    async fn stored_policy_version(
        &self,
        any: &AuthenticationMethodsPolicy,
    ) -> Result<u64, StoreError> {
        match self.store().save_policy(any, u64::MAX, None).await {
            Err(StoreError::Conflict { current }) => Ok(current),
            Ok(version) => Ok(version),
            Err(e) => Err(e),
        }
    }

    /// The policy for the admin API and page: the stored one, or while it cannot be read the
    /// last good one with a warning and the unreadable row's version (so that a change made
    /// with that version as `If-Match` replaces it).
    #[cfg(feature = "admin")]
    pub(crate) async fn policy_for_admin(&self) -> Result<AdminPolicyView, StoreError> {
        match self.store().load_policy().await {
            Ok(stored) => {
                self.clear_policy_alarm();
                Ok(AdminPolicyView {
                    version: stored.as_ref().map_or(0, |s| s.version),
                    policy: stored.map_or_else(|| self.unstored_policy(), |s| s.policy),
                    warning: None,
                })
            }
            Err(StoreError::Decode(reason)) => {
                let last_good = self.keep_last_good_policy(&reason).await;
                let version = self.stored_policy_version(&last_good.policy).await?;
                let shown = if last_good.version == 0 {
                    "Graph's default policy".to_owned()
                } else {
                    format!("the last good policy (version {})", last_good.version)
                };
                Ok(AdminPolicyView {
                    version,
                    policy: last_good.policy.clone(),
                    warning: Some(format!(
                        "The stored policy (version {version}) cannot be read: {reason}. \
                         Until it is replaced, {shown} stays in force and is shown here; \
                         save a change to replace the unreadable version."
                    )),
                })
            }
            Err(e) => Err(e),
        }
    }
}

/// What the admin API and page show as the policy.
#[cfg(feature = "admin")]
pub(crate) struct AdminPolicyView {
    /// The stored version (the `ETag`).
    pub version: u64,
    /// The policy shown.
    pub policy: AuthenticationMethodsPolicy,
    /// Set while the stored policy cannot be read.
    pub warning: Option<String>,
}

/// A method configuration's id as Graph spells it, for the audit log.
fn method_name(id: &str) -> &str {
    crate::policy::graph_method(id).map_or(id, |m| m.id)
}
