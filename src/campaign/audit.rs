//! The audit trail of policy and settings changes (who changed what, when, with the document
//! before and after) and of registrations (who registered what, from where), newest first.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;

use crate::campaign::Campaign;
use crate::store::StoreError;

/// The record kind of every audit entry.
pub(crate) const AUDIT_KIND: &str = "policy-audit";
/// The owner of the policy's audit entries.
pub(crate) const POLICY_AUDIT_OWNER: &str = "authenticationMethodsPolicy";
/// The owner of the campaign settings' audit entries.
pub(crate) const SETTINGS_AUDIT_OWNER: &str = "registrationCampaignSettings";
/// The owner of registrations' audit entries (who registered what, from where).
pub(crate) const REGISTRATION_AUDIT_OWNER: &str = "registrationCampaignRegistrations";

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

impl Campaign {
    /// The audit log of the policy and the campaign settings, newest first: `top` entries
    /// after skipping `skip`, and the total count.
    pub async fn audit_log(
        &self,
        skip: usize,
        top: usize,
    ) -> Result<(Vec<AuditEntry>, usize), StoreError> {
        let now = self.now();
        let store = self.store();
        let mut records = store
            .records_of(AUDIT_KIND, POLICY_AUDIT_OWNER, now)
            .await?;
        let settings = store
            .records_of(AUDIT_KIND, SETTINGS_AUDIT_OWNER, now)
            .await?;
        let registrations = store
            .records_of(AUDIT_KIND, REGISTRATION_AUDIT_OWNER, now)
            .await?;
        let mut entries: Vec<(usize, AuditEntry)> =
            Vec::with_capacity(records.len() + settings.len() + registrations.len());
        records.extend(settings);
        records.extend(registrations);
        for (order, r) in records.iter().enumerate() {
            let entry = serde_json::from_str(&r.document).unwrap_or_else(|e| {
                // One unreadable entry (written before the policy limits, say) must not
                // hide the others: it is listed with what its id tells.
                tracing::error!(target: "registration_campaign", id = %r.id, error = %e, "an audit entry cannot be read");
                unreadable_entry(&r.id)
            });
            entries.push((order, entry));
        }
        // Each list is in the order written; merged, the time orders them (then that order).
        entries.sort_by_key(|(order, entry)| {
            let at = time::OffsetDateTime::parse(&entry.activity_date_time, &Rfc3339).ok();
            (at, *order)
        });
        let total = entries.len();
        let page = entries
            .into_iter()
            .rev()
            .skip(skip)
            .take(top)
            .map(|(_, entry)| entry)
            .collect();
        Ok((page, total))
    }
}

impl Campaign {
    /// Appends a per-user entry (a registration, an exemption) to the audit log.
    pub(crate) async fn audit_user_change(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let record = crate::store::Record {
            kind: AUDIT_KIND.into(),
            id: entry.id.clone(),
            owner: REGISTRATION_AUDIT_OWNER.into(),
            version: 0,
            document: serde_json::to_string(entry).unwrap_or_default(),
            expires_at: None,
        };
        self.store().insert_record(&record, self.now()).await?;
        Ok(())
    }

    /// Audits an admin's action on one user: target `registrationCampaign/users/{user}/{action}`
    /// (`exemption`, `resetSnoozes`, `snooze`), with what it was before and after.
    pub(crate) async fn audit_user_action(
        &self,
        user_id: &str,
        action: &str,
        actor: &Actor,
        before: Value,
        after: Value,
    ) -> Result<(), StoreError> {
        let now = self.now();
        let entry = AuditEntry {
            // Unique: two actions can fall in one millisecond.
            id: format!(
                "0-{action}-{}-{}",
                crate::store::to_millis(now),
                uuid::Uuid::new_v4().simple()
            ),
            activity_date_time: now.format(&Rfc3339).unwrap_or_default(),
            request_id: String::new(),
            initiated_by: actor.clone(),
            target: format!("registrationCampaign/users/{user_id}/{action}"),
            version: 0,
            before,
            after,
        };
        self.audit_user_change(&entry).await
    }
}

fn unreadable_entry(id: &str) -> AuditEntry {
    AuditEntry {
        id: id.to_owned(),
        activity_date_time: String::new(),
        request_id: String::new(),
        initiated_by: Actor {
            id: "unknown".into(),
            user_principal_name: None,
        },
        target: "unreadable audit entry".into(),
        // Ids start with the version written (see `change_policy`).
        version: id
            .split('-')
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
        before: Value::Null,
        after: Value::Null,
    }
}
