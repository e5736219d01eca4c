//! The audit section: the newest entries of the audit log, in the admin's words.

use crate::admin::AuditEntry;
use crate::admin::page::words::{When, method_in_words};
use crate::locale::Texts;

/// An entry of the audit log table.
pub(super) struct AuditRow {
    pub(super) when: When,
    pub(super) who: String,
    /// What changed, in words.
    pub(super) target: String,
    /// The stored code of what changed, for those who search the API's log for it.
    pub(super) code: String,
    /// The version written (`None` for entries that write none, such as registrations).
    pub(super) version: Option<u64>,
}

pub(super) async fn audit_rows(campaign: &crate::Campaign, t: &Texts) -> Vec<AuditRow> {
    campaign
        .audit_log(0, 20)
        .await
        .map(|(entries, _)| entries)
        .unwrap_or_default()
        .into_iter()
        .map(|e| AuditRow {
            when: When::parse(&e.activity_date_time, t),
            who: who_in_words(&e, t),
            target: target_in_words(&e, t),
            code: e.target.clone(),
            version: (e.version > 0).then_some(e.version),
        })
        .collect()
}

fn who_in_words(entry: &AuditEntry, t: &Texts) -> String {
    match (
        &entry.initiated_by.user_principal_name,
        entry.initiated_by.id.as_str(),
    ) {
        (Some(upn), _) => upn.clone(),
        (None, "startup") => t.text("admin-audit-who-startup"),
        (None, id) => id.to_owned(),
    }
}

/// `authenticationMethodsPolicy` → "Authentication methods policy", and so on; a target the
/// page does not know is shown as stored.
fn target_in_words(entry: &AuditEntry, t: &Texts) -> String {
    let target = entry.target.as_str();
    if target == "authenticationMethodsPolicy" {
        return t.text("admin-audit-target-policy");
    }
    if target == "registrationCampaign/settings" {
        return t.text("admin-audit-target-settings");
    }
    if let Some(method) = target.strip_prefix("authenticationMethodConfigurations/") {
        return t
            .fmt("admin-audit-target-method")
            .arg("method", method)
            .plain();
    }
    if target.starts_with("registrationCampaign/users/") && target.ends_with("/registration") {
        let after = &entry.after;
        let method = after["method"].as_str().unwrap_or_default();
        let ip = after["ipAddress"].as_str();
        let words = method_in_words(method, t);
        return match ip {
            Some(ip) => t
                .fmt("admin-audit-target-registration-from")
                .arg("method", words)
                .arg("ip", ip)
                .plain(),
            None => t
                .fmt("admin-audit-target-registration")
                .arg("method", words)
                .plain(),
        };
    }
    if let Some(user) = target
        .strip_prefix("registrationCampaign/users/")
        .and_then(|rest| rest.strip_suffix("/exemption"))
    {
        return match entry.after["until"].as_str() {
            Some(until) => t
                .fmt("admin-audit-target-exempted")
                .arg("user", user)
                .arg("until", When::parse(until, t).text)
                .plain(),
            None => t
                .fmt("admin-audit-target-exemption-removed")
                .arg("user", user)
                .plain(),
        };
    }
    if let Some(user) = target
        .strip_prefix("registrationCampaign/users/")
        .and_then(|rest| rest.strip_suffix("/resetSnoozes"))
    {
        return t
            .fmt("admin-audit-target-snoozes-reset")
            .arg("user", user)
            .plain();
    }
    if let Some(user) = target
        .strip_prefix("registrationCampaign/users/")
        .and_then(|rest| rest.strip_suffix("/snooze"))
    {
        return match entry.after["until"].as_str() {
            Some(until) => t
                .fmt("admin-audit-target-snooze-extended")
                .arg("user", user)
                .arg("until", When::parse(until, t).text)
                .plain(),
            None => t
                .fmt("admin-audit-target-snooze-extension-removed")
                .arg("user", user)
                .plain(),
        };
    }
    target.to_owned()
}
