//! What the admin page shows: the template's data, gathered from the campaign.

use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::csrf::{SignedIn, page_csrf_token, set_csrf_cookie};
use super::forms::{FieldErrors, PolicyField, PolicyForm, WhatIfForm, targets_text};
use super::{PageState, REPORT_DAYS};
use crate::admin::FunnelReport;
use crate::policy::{Target, TargetId};

/// A row of the "targets by name" table.
struct TargetRow {
    list: &'static str,
    kind: &'static str,
    name: String,
    id: String,
}

/// A day of the report table.
struct ReportRow {
    day: String,
    shown: u64,
    required: u64,
    skipped: u64,
    download: u64,
    scan: u64,
    test_sent: u64,
    approved: u64,
    registered: u64,
    abandoned: u64,
    conversion: String,
}

/// An entry of the audit log table.
struct AuditRow {
    when: String,
    who: String,
    target: String,
    version: u64,
}

/// The policy form's values: the stored policy, or what the admin typed when it was refused.
struct PolicyFields {
    state: &'static str,
    snooze: String,
    limited: bool,
    include: String,
    exclude: String,
}

#[derive(Template)]
#[template(path = "admin/page.html")]
struct AdminPage {
    mount: String,
    flow_prefix: String,
    asset_version: &'static str,
    csrf: String,
    version: u64,
    /// Set while the stored policy cannot be read (the last good one is shown).
    policy_warning: Option<String>,
    fields: PolicyFields,
    targets: Vec<TargetRow>,
    notice: Option<String>,
    errors: FieldErrors,
    report_days: u16,
    chart: String,
    report_rows: Vec<ReportRow>,
    whatif: WhatIfForm,
    whatif_answer: Option<String>,
    audit: Vec<AuditRow>,
}

/// The admin page for one request, built up with what the handler has to say.
pub(super) struct Render<'a> {
    state: &'a PageState,
    headers: &'a HeaderMap,
    admin: &'a SignedIn,
    mount: String,
    notice: Option<String>,
    refused: Option<(PolicyForm, FieldErrors)>,
    whatif: Option<(WhatIfForm, String)>,
    status: StatusCode,
}

impl<'a> Render<'a> {
    pub(super) fn new(
        state: &'a PageState,
        headers: &'a HeaderMap,
        admin: &'a SignedIn,
        mount: String,
    ) -> Self {
        Self {
            state,
            headers,
            admin,
            mount,
            notice: None,
            refused: None,
            whatif: None,
            status: StatusCode::OK,
        }
    }

    pub(super) fn notice(mut self, notice: impl Into<String>) -> Self {
        self.notice = Some(notice.into());
        self
    }

    /// Shows the refused policy form as typed, with its errors.
    pub(super) fn refused(mut self, form: PolicyForm, errors: FieldErrors) -> Self {
        self.refused = Some((form, errors));
        self.status = StatusCode::BAD_REQUEST;
        self
    }

    pub(super) fn whatif(mut self, form: WhatIfForm, answer: String) -> Self {
        self.whatif = Some((form, answer));
        self
    }

    pub(super) fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub(super) async fn page(self) -> Response {
        let campaign = &self.state.campaign;
        let view = match campaign.policy_for_admin().await {
            Ok(view) => view,
            Err(e) => {
                tracing::error!(error = %e, "admin page store failure");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The store is not available.",
                )
                    .into_response();
            }
        };
        let settings = view.policy.campaign();
        let targets = self.target_rows(
            settings.include_targets.iter().map(|(t, _)| t),
            &settings.exclude_targets,
        );
        let (fields, errors) = match self.refused {
            Some((form, errors)) => (
                PolicyFields {
                    state: form.state_shown(),
                    snooze: form.snooze,
                    limited: form.limited.is_some(),
                    include: form.include,
                    exclude: form.exclude,
                },
                errors,
            ),
            None => (
                PolicyFields {
                    state: settings.state.as_graph(),
                    snooze: settings.snooze_duration_in_days.to_string(),
                    limited: settings.enforce_registration_after_allowed_snoozes,
                    include: targets_text(settings.include_targets.iter().map(|(t, _)| t.clone())),
                    exclude: targets_text(settings.exclude_targets.iter().cloned()),
                },
                FieldErrors::default(),
            ),
        };
        let report = campaign
            .funnel_report(REPORT_DAYS)
            .await
            .unwrap_or(FunnelReport { days: Vec::new() });
        let (whatif, whatif_answer) = match self.whatif {
            Some((form, answer)) => (form, Some(answer)),
            None => (WhatIfForm::default(), None),
        };
        let csrf = page_csrf_token(campaign, self.headers, self.admin);
        let page = AdminPage {
            mount: self.mount,
            flow_prefix: campaign.prefix().to_owned(),
            asset_version: env!("CARGO_PKG_VERSION"),
            csrf: csrf.clone(),
            version: view.version,
            policy_warning: view.warning,
            fields,
            targets,
            notice: self.notice,
            errors,
            report_days: REPORT_DAYS,
            chart: report.to_svg(),
            report_rows: report_rows(&report),
            whatif,
            whatif_answer,
            audit: audit_rows(campaign).await,
        };
        let body = match page.render() {
            Ok(body) => body,
            Err(e) => {
                tracing::error!(error = %e, "admin page failed to render");
                return (StatusCode::INTERNAL_SERVER_ERROR, "page rendering failed")
                    .into_response();
            }
        };
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response();
        set_csrf_cookie(campaign, &mut response, &csrf);
        response
    }

    /// The targets with their names from the host's directory, inclusions first.
    fn target_rows<'t>(
        &self,
        include: impl Iterator<Item = &'t Target>,
        exclude: &'t [Target],
    ) -> Vec<TargetRow> {
        let name = |t: &Target| match &t.id {
            TargetId::AllUsers => "All users".to_owned(),
            TargetId::Object(id) => self
                .state
                .directory
                .as_ref()
                .and_then(|d| d.display_name(t.target_type, id))
                .unwrap_or_else(|| "(unknown)".into()),
        };
        include
            .map(|t| ("Include", t))
            .chain(exclude.iter().map(|t| ("Exclude", t)))
            .map(|(list, t)| TargetRow {
                list,
                kind: t.target_type.as_graph(),
                name: name(t),
                id: t.id.to_string(),
            })
            .collect()
    }
}

fn report_rows(report: &FunnelReport) -> Vec<ReportRow> {
    report
        .days
        .iter()
        .map(|(day, c)| ReportRow {
            day: day.to_string(),
            shown: c.nudge_shown,
            required: c.required_shown,
            skipped: c.skipped,
            download: c.download,
            scan: c.scan,
            test_sent: c.test_sent,
            approved: c.test_approved,
            registered: c.registered,
            abandoned: c.abandoned(),
            conversion: format!("{:.0} %", c.conversion() * 100.0),
        })
        .collect()
}

async fn audit_rows(campaign: &crate::Campaign) -> Vec<AuditRow> {
    campaign
        .audit_log(0, 20)
        .await
        .map(|(entries, _)| entries)
        .unwrap_or_default()
        .into_iter()
        .map(|e| AuditRow {
            when: e.activity_date_time,
            who: e
                .initiated_by
                .user_principal_name
                .unwrap_or(e.initiated_by.id),
            target: e.target,
            version: e.version,
        })
        .collect()
}
