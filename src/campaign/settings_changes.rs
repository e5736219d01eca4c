//! The campaign settings beyond Graph (deadline, group rules): stored as one versioned record,
//! changed with compare-and-swap, each change audited.

use serde_json::Value;
use time::format_description::well_known::Rfc3339;

use super::Campaign;
use super::audit::{AUDIT_KIND, Actor, AuditEntry, SETTINGS_AUDIT_OWNER};
use super::policy_changes::ChangeError;
use crate::settings::CampaignSettings;
use crate::store::{Record, StoreError};

/// PostgreSQL's change trigger names this kind too (`store/postgres.rs`, migration 1001).
const SETTINGS_KIND: &str = "campaign-settings";
const SETTINGS_ID: &str = "registrationCampaign";
/// The audit log's name for the settings.
const SETTINGS_TARGET: &str = "registrationCampaign/settings";

/// The settings with their stored version (0: never saved, the defaults).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoredSettings {
    /// The version (the `ETag`).
    pub version: u64,
    /// The settings.
    pub settings: CampaignSettings,
}

impl Campaign {
    /// The stored settings, or the defaults (version 0) when none were saved.
    pub async fn settings(&self) -> Result<StoredSettings, StoreError> {
        let Some(record) = self
            .store()
            .record(SETTINGS_KIND, SETTINGS_ID, self.now())
            .await?
        else {
            return Ok(StoredSettings::default());
        };
        let value: Value = serde_json::from_str(&record.document)
            .map_err(|e| StoreError::Decode(format!("stored settings: {e}")))?;
        let settings = CampaignSettings::from_value(&value)
            .map_err(|e| StoreError::Decode(format!("stored settings are invalid: {e}")))?;
        Ok(StoredSettings {
            version: record.version,
            settings,
        })
    }

    /// Applies a PATCH to the settings. With `if_match`, refused unless the stored version is
    /// that one. The change is then written with compare-and-swap, and its audit entry after it
    /// (the store has no transaction across records; an audit write that fails is logged).
    pub async fn change_settings(
        &self,
        patch: &Value,
        if_match: Option<u64>,
        actor: &Actor,
        request_id: &str,
    ) -> Result<StoredSettings, ChangeError> {
        let before = self.settings().await?;
        if let Some(expected) = if_match
            && expected != before.version
        {
            return Err(ChangeError::Stale {
                expected,
                current: before.version,
            });
        }
        let after = before.settings.apply_patch(patch)?;
        let document = after.to_value();
        let record = Record {
            kind: SETTINGS_KIND.into(),
            id: SETTINGS_ID.into(),
            owner: SETTINGS_ID.into(),
            version: before.version,
            document: document.to_string(),
            expires_at: None,
        };
        let store = self.store();
        let written = if before.version == 0 {
            store.insert_record(&record, self.now()).await?
        } else {
            store.replace_record(&record).await?
        };
        if !written {
            let current = self.settings().await?.version;
            return Err(ChangeError::Stale {
                expected: before.version,
                current,
            });
        }
        let version = before.version + 1;
        self.audit_settings_change(actor, request_id, version, &before.settings, &document)
            .await;
        self.forget_cached_policy();
        tracing::info!(target: "registration_campaign", actor = %actor.id, version, "campaign settings changed");
        Ok(StoredSettings {
            version,
            settings: after,
        })
    }

    async fn audit_settings_change(
        &self,
        actor: &Actor,
        request_id: &str,
        version: u64,
        before: &CampaignSettings,
        after: &Value,
    ) {
        let now = self.now();
        let entry = AuditEntry {
            // Sorted with the policy's entries by time (see `audit_log`).
            id: format!("{:020}-{}", version, uuid::Uuid::new_v4().simple()),
            activity_date_time: now.format(&Rfc3339).unwrap_or_default(),
            request_id: request_id.into(),
            initiated_by: actor.clone(),
            target: SETTINGS_TARGET.into(),
            version,
            before: before.to_value(),
            after: after.clone(),
        };
        let record = serde_json::to_string(&entry).map(|document| Record {
            kind: AUDIT_KIND.into(),
            id: entry.id.clone(),
            owner: SETTINGS_AUDIT_OWNER.into(),
            version: 1,
            document,
            expires_at: None,
        });
        let written = match record {
            Ok(record) => self.store().insert_record(&record, now).await.map(|_| ()),
            Err(e) => Err(StoreError::Decode(e.to_string())),
        };
        if let Err(error) = written {
            tracing::error!(target: "registration_campaign", %error, version, "a settings change was stored but its audit entry was not");
        }
    }
}
