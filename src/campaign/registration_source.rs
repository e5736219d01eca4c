//! Where a registration came from: when, which method, from which address and browser. Kept
//! with the user (for the report), written to the audit log, and told to the user in the
//! binding notice.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::Campaign;
use super::audit::{Actor, AuditEntry};
use crate::notify::BindingNotice;
use crate::store::{Record, StoreError};

pub(super) const SOURCE_KIND: &str = "registration-source";

/// Where a user's registration through the campaign came from.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationSource {
    /// When it was registered.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The method's id (`push`, `totp`, `passkey`, or another method's).
    pub method: String,
    /// The authenticator's name (a passkey's or a device's), if it has one.
    pub name: Option<String>,
    /// The browser's address, as the connection or the host's proxy header gave it.
    pub ip_address: Option<String>,
    /// The browser's `User-Agent`.
    pub user_agent: Option<String>,
}

impl Campaign {
    /// Keeps where `user_id`'s registration came from, writes it to the audit log, and writes
    /// the binding notice to the outbox. The registration already counts: a failure here is
    /// logged, never shown to the user.
    pub(crate) async fn record_registration_source(
        &self,
        user_id: &str,
        language: &crate::locale::Language,
        source: RegistrationSource,
    ) {
        if let Err(error) = self.keep_source(user_id, &source).await {
            tracing::warn!(target: "registration_campaign", %error, "where a registration came from could not be stored");
        }
        let notice = BindingNotice {
            method: source.method.clone(),
            device: source.name.clone(),
            at: source.at,
            ip: source.ip_address.clone(),
            user_agent: source.user_agent.clone(),
            support: self.branding().support_contact().map(str::to_owned),
            not_you_url: self.outbox().and_then(|o| o.settings.not_you_url.clone()),
        };
        if let Err(error) = self.notify_binding(user_id, language, notice).await {
            tracing::warn!(target: "registration_campaign", %error, "the binding notice could not be written to the outbox");
        }
    }

    async fn keep_source(
        &self,
        user_id: &str,
        source: &RegistrationSource,
    ) -> Result<(), StoreError> {
        let document = serde_json::to_value(source).unwrap_or(Value::Null);
        let record = Record {
            kind: SOURCE_KIND.into(),
            id: user_id.to_owned(),
            owner: user_id.to_owned(),
            version: 0,
            document: document.to_string(),
            expires_at: None,
        };
        self.store().upsert_record(&record).await?;
        let at = crate::store::to_millis(source.at);
        let entry = AuditEntry {
            id: format!("0-registration-{at}-{user_id}"),
            activity_date_time: source
                .at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            request_id: String::new(),
            initiated_by: Actor {
                id: user_id.to_owned(),
                user_principal_name: None,
            },
            target: format!("registrationCampaign/users/{user_id}/registration"),
            version: 0,
            before: Value::Null,
            after: json!(document),
        };
        self.audit_user_change(&entry).await
    }

    /// Where `user_id`'s registration through the campaign came from, if it was recorded.
    pub async fn registration_source(
        &self,
        user_id: &str,
    ) -> Result<Option<RegistrationSource>, StoreError> {
        let record = self
            .store()
            .record(SOURCE_KIND, user_id, self.now())
            .await?;
        Ok(record.and_then(|r| serde_json::from_str(&r.document).ok()))
    }
}
