//! The audit section: the newest entries of the audit log.

use crate::admin::page::words::When;
use crate::locale::Texts;

/// An entry of the audit log table.
pub(super) struct AuditRow {
    pub(super) when: When,
    pub(super) who: String,
    pub(super) target: String,
    pub(super) version: u64,
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
            who: e
                .initiated_by
                .user_principal_name
                .unwrap_or(e.initiated_by.id),
            target: e.target,
            version: e.version,
        })
        .collect()
}
