//! What the admin page shows: the template's data, gathered from the campaign.

use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::csrf::{SignedIn, page_csrf_token, set_csrf_cookie};
use super::forms::{ErrorLine, FieldErrors, PolicyField, PolicyForm, WhatIfForm};
use super::settings_form::{RuleFields, SettingsField, SettingsForm};
use super::targets::TargetLine;
use super::words::{When, decision_in_words, percent, reason_in_words};
use super::{PageState, REPORT_DAYS, USERS_PER_PAGE};
use crate::admin::WhatIfAnswer;
use crate::campaign::{UserReportRow, UserStatus};
use crate::funnel::FunnelReport;
use crate::locale::Texts;
use crate::policy::{CampaignState, TargetType};

/// A row of the table of what the target lists mean.
struct TargetRow {
    list: String,
    typed: String,
    kind: String,
    name: String,
    id: String,
}

/// A step of the funnel: its count, its share of the nudges shown, and of the step before.
struct FunnelStep {
    label: String,
    count: u64,
    /// The bar, centred in a 100-wide box: its left edge and width (a share of the nudges
    /// shown), so that the steps stack into a funnel.
    bar_x: String,
    bar_width: String,
    of_shown: String,
    from_previous: String,
}

/// A day of the report table.
struct ReportRow {
    day: When,
    shown: u64,
    required: u64,
    skipped: u64,
    download: u64,
    scan: u64,
    test_sent: u64,
    approved: u64,
    registered: u64,
    abandoned: u64,
    /// "50 %", or "–" on a day without nudges.
    conversion: String,
}

/// An entry of the audit log table.
struct AuditRow {
    when: When,
    who: String,
    target: String,
    version: u64,
}

/// The policy form's values: the stored policy, or what the admin typed.
struct PolicyFields {
    /// The policy version the form was first shown with (`If-Match`): kept while the admin
    /// previews or confirms, so a change made meanwhile by someone else is not overwritten.
    version: String,
    state: &'static str,
    snooze: String,
    limited: bool,
    include: String,
    exclude: String,
}

/// A change that stops nudges, shown for confirmation before it is saved.
pub(super) struct Confirmation {
    pub(super) message: String,
    pub(super) button: String,
    /// What the confirm button confirms (`disable`, `empty-include`, or both): a form changed
    /// after the question is asked again.
    pub(super) kinds: String,
}

/// The settings section.
struct SettingsView {
    version: String,
    deadline: String,
    /// The stored deadline for people: "15 Jan 2027, 00:00 UTC (in 48 days)".
    deadline_note: Option<String>,
    rows: Vec<RuleFields>,
}

/// A status filter link of the user table.
struct FilterLink {
    label: String,
    href: String,
    current: bool,
}

/// A row of the user table.
struct UserRow {
    user_id: String,
    name: Option<String>,
    status: String,
    snooze_count: u32,
    last_snoozed_at: Option<When>,
    snoozed_until: Option<When>,
    registered_at: Option<When>,
    registered_method: String,
}

/// The user table: one page, its filter and where the next page is.
struct UsersView {
    filters: Vec<FilterLink>,
    /// The status shown (`snoozed`, ...), or `all`: messages choose their words by it.
    status: &'static str,
    /// "3 snoozed users", "1 user".
    caption: String,
    rows: Vec<UserRow>,
    next: Option<String>,
    csv: String,
    unavailable: bool,
}

/// A what-if's answer in words.
struct WhatIfView {
    /// "Nudged: ...", or why no answer could be given.
    headline: String,
    reason: Option<String>,
    code: Option<&'static str>,
    details: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/page.html")]
struct AdminPage {
    /// The admin's language.
    t: Texts,
    mount: String,
    /// The page's own URL (for links back to it).
    page_url: String,
    flow_prefix: String,
    asset_version: &'static str,
    csrf: String,
    /// Set while the stored policy cannot be read (the last good one is shown).
    policy_warning: Option<String>,
    /// Passkey profiles whose key restrictions trust the browser's claim (no attestation).
    passkey_warnings: Vec<String>,
    /// What a policy save, preview or confirmation says.
    policy_notice: Option<String>,
    /// What a settings save says.
    settings_notice: Option<String>,
    fields: PolicyFields,
    errors: FieldErrors,
    error_summary: Vec<ErrorLine>,
    targets: Vec<TargetRow>,
    targets_caption: String,
    confirm: Option<Confirmation>,
    settings: SettingsView,
    settings_errors: FieldErrors<SettingsField>,
    settings_error_summary: Vec<ErrorLine>,
    report_days: u16,
    funnel: Vec<FunnelStep>,
    chart: String,
    report_rows: Vec<ReportRow>,
    users: UsersView,
    whatif: WhatIfForm,
    whatif_answer: Option<WhatIfView>,
    audit: Vec<AuditRow>,
}

/// Where a notice is shown: beside the form it is about, which the browser scrolls to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Policy,
    Settings,
}

/// The policy form as the admin typed it, with what its lines mean and why it is shown again.
struct TypedPolicyForm {
    form: PolicyForm,
    include: Vec<TargetLine>,
    exclude: Vec<TargetLine>,
    errors: FieldErrors,
    shown: TypedPolicy,
}

/// How the policy form is shown: as stored, or as typed with what it means.
enum TypedPolicy {
    Refused,
    Preview,
    Confirm(Confirmation),
}

/// The user table's query: a status filter and the user id to continue after.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct UsersQuery {
    #[serde(default)]
    pub(super) status: Option<String>,
    #[serde(default)]
    pub(super) after: Option<String>,
}

impl UsersQuery {
    pub(super) fn status(&self) -> Option<UserStatus> {
        self.status.as_deref().and_then(UserStatus::parse)
    }
}

/// The admin page for one request, built up with what the handler has to say.
pub(super) struct Render<'a> {
    state: &'a PageState,
    headers: &'a HeaderMap,
    admin: &'a SignedIn,
    mount: String,
    notice: Option<(Section, String)>,
    typed_policy: Option<TypedPolicyForm>,
    typed_settings: Option<(SettingsForm, FieldErrors<SettingsField>)>,
    whatif: Option<(WhatIfForm, WhatIfView)>,
    users: UsersQuery,
    status: StatusCode,
    texts: Texts,
}

impl<'a> Render<'a> {
    pub(super) fn new(
        state: &'a PageState,
        headers: &'a HeaderMap,
        admin: &'a SignedIn,
        mount: String,
    ) -> Self {
        Self {
            texts: super::admin_texts(&state.campaign, headers),
            state,
            headers,
            admin,
            mount,
            notice: None,
            typed_policy: None,
            typed_settings: None,
            whatif: None,
            users: UsersQuery::default(),
            status: StatusCode::OK,
        }
    }

    /// The admin's language (the browser's `Accept-Language`).
    pub(super) fn texts(&self) -> &Texts {
        &self.texts
    }

    pub(super) fn notice(mut self, section: Section, notice: impl Into<String>) -> Self {
        self.notice = Some((section, notice.into()));
        self
    }

    /// Shows the refused policy form as typed, with every error.
    pub(super) fn refused(
        mut self,
        form: PolicyForm,
        lines: (Vec<TargetLine>, Vec<TargetLine>),
        errors: FieldErrors,
    ) -> Self {
        self.typed_policy = Some(TypedPolicyForm {
            form,
            include: lines.0,
            exclude: lines.1,
            errors,
            shown: TypedPolicy::Refused,
        });
        self.status = StatusCode::BAD_REQUEST;
        self
    }

    /// Shows the policy form as typed with what its target lists mean; nothing is saved.
    pub(super) fn preview(
        mut self,
        form: PolicyForm,
        lines: (Vec<TargetLine>, Vec<TargetLine>),
    ) -> Self {
        self.typed_policy = Some(TypedPolicyForm {
            form,
            include: lines.0,
            exclude: lines.1,
            errors: FieldErrors::default(),
            shown: TypedPolicy::Preview,
        });
        self
    }

    /// Asks the admin to confirm the typed policy before it is saved.
    pub(super) fn confirm(
        mut self,
        form: PolicyForm,
        lines: (Vec<TargetLine>, Vec<TargetLine>),
        confirmation: Confirmation,
    ) -> Self {
        self.typed_policy = Some(TypedPolicyForm {
            form,
            include: lines.0,
            exclude: lines.1,
            errors: FieldErrors::default(),
            shown: TypedPolicy::Confirm(confirmation),
        });
        self
    }

    /// Shows the refused settings form as typed, with every error.
    pub(super) fn refused_settings(
        mut self,
        form: SettingsForm,
        errors: FieldErrors<SettingsField>,
    ) -> Self {
        self.typed_settings = Some((form, errors));
        self.status = StatusCode::BAD_REQUEST;
        self
    }

    /// A what-if's answer.
    pub(super) fn whatif(
        mut self,
        form: WhatIfForm,
        answer: Result<(WhatIfAnswer, Vec<String>), String>,
    ) -> Self {
        let view = match answer {
            Ok((answer, details)) => what_if_view(&answer, details, &self.texts),
            Err(problem) => WhatIfView {
                headline: problem,
                reason: None,
                code: None,
                details: Vec::new(),
            },
        };
        self.whatif = Some((form, view));
        self
    }

    pub(super) fn users(mut self, query: UsersQuery) -> Self {
        self.users = query;
        self
    }

    pub(super) fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub(super) async fn page(self) -> Response {
        let campaign = &self.state.campaign;
        let t = &self.texts;
        let directory = self.state.directory.as_deref();
        let (view, stored_settings) =
            match (campaign.policy_for_admin().await, campaign.settings().await) {
                (Ok(view), Ok(settings)) => (view, settings),
                (Err(e), _) | (_, Err(e)) => {
                    tracing::error!(error = %e, "admin page store failure");
                    return (
                        StatusCode::SERVICE_UNAVAILABLE,
                        t.text("admin-store-unavailable"),
                    )
                        .into_response();
                }
            };
        let stored = view.policy.campaign();
        let stored_lines = |targets: &mut dyn Iterator<Item = &crate::policy::Target>| {
            targets
                .map(|target| TargetLine::stored(target, directory))
                .collect::<Vec<_>>()
        };
        let (fields, include, exclude, errors, targets_caption, confirm) = match self.typed_policy {
            Some(TypedPolicyForm {
                form,
                include,
                exclude,
                errors,
                shown,
            }) => {
                let fields = PolicyFields {
                    state: form.state_shown(),
                    version: form.version,
                    snooze: form.snooze,
                    limited: form.limited.is_some(),
                    include: form.include,
                    exclude: form.exclude,
                };
                let (caption, confirm) = match shown {
                    TypedPolicy::Refused => (t.text("admin-targets-refused"), None),
                    TypedPolicy::Preview => (t.text("admin-targets-preview"), None),
                    TypedPolicy::Confirm(c) => (t.text("admin-targets-confirm"), Some(c)),
                };
                (fields, include, exclude, errors, caption, confirm)
            }
            None => {
                let include = stored_lines(&mut stored.include_targets.iter().map(|(t, _)| t));
                let exclude = stored_lines(&mut stored.exclude_targets.iter());
                let fields = PolicyFields {
                    version: view.version.to_string(),
                    state: stored.state.as_graph(),
                    snooze: stored.snooze_duration_in_days.to_string(),
                    limited: stored.enforce_registration_after_allowed_snoozes,
                    include: include
                        .iter()
                        .map(|l| l.typed.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    exclude: exclude
                        .iter()
                        .map(|l| l.typed.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                };
                (
                    fields,
                    include,
                    exclude,
                    FieldErrors::default(),
                    t.text("admin-targets-stored"),
                    None,
                )
            }
        };
        let targets = include
            .into_iter()
            .map(|l| ("admin-include", l))
            .chain(exclude.into_iter().map(|l| ("admin-exclude", l)))
            .map(|(list, l)| TargetRow {
                list: t.text(list),
                typed: l.typed,
                kind: t
                    .fmt("admin-target-type")
                    .arg("type", l.target_type.as_graph())
                    .plain(),
                name: match l.name.as_deref() {
                    Some("All users") if l.id == "all_users" => t.text("admin-all-users"),
                    Some(name) => name.to_owned(),
                    None => t.text("admin-not-in-directory"),
                },
                id: l.id,
            })
            .collect();
        let (settings_form, settings_errors) = match self.typed_settings {
            Some((form, errors)) => (form, errors),
            None => (
                SettingsForm::from_settings(
                    &stored_settings.settings,
                    stored_settings.version,
                    directory,
                ),
                FieldErrors::default(),
            ),
        };
        let now = campaign.now();
        let settings = SettingsView {
            rows: settings_form.rows(),
            version: settings_form.version,
            deadline: settings_form.deadline,
            deadline_note: stored_settings.settings.deadline.map(|at| {
                let when = When::at(at, t).text;
                // Calendar days in UTC, as the prompt counts them for a user in UTC.
                let at_utc = at.to_offset(time::UtcOffset::UTC);
                match (at_utc.date() - now.date()).whole_days() {
                    _ if at <= now => t.fmt("admin-deadline-passed").arg("when", when).plain(),
                    0 => t.fmt("admin-deadline-today").arg("when", when).plain(),
                    d => t
                        .fmt("admin-deadline-in-days")
                        .arg("when", when)
                        .num("days", d)
                        .plain(),
                }
            }),
        };
        let report = campaign
            .funnel_report(REPORT_DAYS)
            .await
            .unwrap_or(FunnelReport { days: Vec::new() });
        let (whatif, whatif_answer) = match self.whatif {
            Some((form, answer)) => (form, Some(answer)),
            None => (WhatIfForm::default(), None),
        };
        let users = users_view(self.state, &self.mount, &self.users, t).await;
        let csrf = page_csrf_token(campaign, self.headers, self.admin);
        let page = AdminPage {
            page_url: page_url(&self.mount, ""),
            mount: self.mount,
            flow_prefix: campaign.prefix().to_owned(),
            asset_version: env!("CARGO_PKG_VERSION"),
            csrf: csrf.clone(),
            passkey_warnings: view
                .policy
                .fido2()
                .unattested_key_restrictions()
                .map(|profile| {
                    t.fmt("admin-passkey-unattested")
                        .arg("profile", profile.name.as_str())
                        .plain()
                })
                .collect(),
            policy_warning: view.warning,
            policy_notice: self
                .notice
                .as_ref()
                .filter(|(section, _)| *section == Section::Policy)
                .map(|(_, notice)| notice.clone()),
            settings_notice: self
                .notice
                .filter(|(section, _)| *section == Section::Settings)
                .map(|(_, notice)| notice),
            fields,
            error_summary: errors.summary(t),
            errors,
            targets,
            targets_caption,
            confirm,
            settings,
            settings_error_summary: settings_errors.summary(t),
            settings_errors,
            report_days: REPORT_DAYS,
            funnel: funnel_steps(&report, t),
            chart: report.to_svg_titled(
                &t.text("admin-chart-title"),
                &t.fmt("admin-chart-description")
                    .num("days", report.days.len())
                    .plain(),
            ),
            report_rows: report_rows(&report, t),
            users,
            whatif,
            whatif_answer,
            audit: audit_rows(campaign, t).await,
            t: t.clone(),
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
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CONTENT_LANGUAGE, t.language().as_str()),
                (header::VARY, "Accept-Language"),
            ],
            body,
        )
            .into_response();
        set_csrf_cookie(campaign, &mut response, &csrf);
        response
    }
}

/// Whether saving `form` would stop nudges that the stored policy gives: the campaign turned
/// off, or nobody left in the include list. Such a change is confirmed first.
pub(super) fn needs_confirmation(
    stored: &crate::policy::RegistrationCampaign,
    form: &PolicyForm,
    include: &[TargetLine],
    t: &Texts,
) -> Option<Confirmation> {
    let disabling = form.state == "disabled" && stored.state != CampaignState::Disabled;
    let emptying = include.is_empty() && !stored.include_targets.is_empty();
    let (message, button, kinds) = match (disabling, emptying) {
        (false, false) => return None,
        (true, false) => (
            "admin-confirm-disable",
            "admin-confirm-disable-button",
            "disable",
        ),
        (false, true) => (
            "admin-confirm-empty",
            "admin-confirm-empty-button",
            "empty-include",
        ),
        (true, true) => (
            "admin-confirm-both",
            "admin-confirm-both-button",
            "disable empty-include",
        ),
    };
    Some(Confirmation {
        message: t.text(message),
        button: t.text(button),
        kinds: kinds.into(),
    })
}

fn what_if_view(answer: &WhatIfAnswer, details: Vec<String>, t: &Texts) -> WhatIfView {
    let e = &answer.explanation;
    let mut details = details;
    let state = &answer.state;
    details.push(match e.skips_left.filter(|_| e.decision == "nudge") {
        Some(left) => t
            .fmt("admin-snoozed-so-far-left")
            .num("count", state.snooze_count)
            .num("left", left)
            .plain(),
        None => t
            .fmt("admin-snoozed-so-far")
            .num("count", state.snooze_count)
            .plain(),
    });
    if e.decision == "nudge"
        && let Some(until) = e.snooze_until
    {
        details.push(
            t.fmt("admin-skip-lasts-until")
                .arg("when", When::at(until, t).text)
                .plain(),
        );
    }
    details.push(
        t.fmt("admin-decided-with")
            .num("version", answer.policy_version)
            .plain(),
    );
    WhatIfView {
        headline: decision_in_words(e.decision, t),
        reason: Some(reason_in_words(e, t)),
        code: Some(e.reason),
        details,
    }
}

fn funnel_steps(report: &FunnelReport, t: &Texts) -> Vec<FunnelStep> {
    let total = report.total();
    let shown = total.shown();
    // An authenticator app's code tests and registers in one step, so Tested is at least
    // Registered (only push counts a test notification of its own).
    let steps = [
        ("admin-funnel-shown", shown),
        ("admin-funnel-started", total.download),
        ("admin-funnel-scanned", total.scan),
        ("admin-funnel-tested", total.test_sent.max(total.registered)),
        ("admin-funnel-registered", total.registered),
    ];
    let mut previous = None;
    steps
        .into_iter()
        .map(|(label, count)| {
            let width = if shown == 0 {
                0.0
            } else {
                (count as f64 / shown as f64).min(1.0) * 100.0
            };
            let step = FunnelStep {
                label: t.text(label),
                count,
                bar_x: format!("{:.1}", (100.0 - width) / 2.0),
                bar_width: format!("{width:.1}"),
                of_shown: previous.map_or_else(String::new, |_| percent(count, shown, t)),
                from_previous: previous.map_or_else(String::new, |p| percent(count, p, t)),
            };
            previous = Some(count);
            step
        })
        .collect()
}

fn report_rows(report: &FunnelReport, t: &Texts) -> Vec<ReportRow> {
    report
        .days
        .iter()
        .map(|(day, c)| ReportRow {
            day: When::day(*day, t),
            shown: c.nudge_shown,
            required: c.required_shown,
            skipped: c.skipped,
            download: c.download,
            scan: c.scan,
            test_sent: c.test_sent,
            approved: c.test_approved,
            registered: c.registered,
            abandoned: c.abandoned(),
            conversion: percent(c.registered, c.shown(), t),
        })
        .collect()
}

async fn users_view(state: &PageState, mount: &str, query: &UsersQuery, t: &Texts) -> UsersView {
    let status = query.status();
    let link = |status: Option<UserStatus>, after: Option<&str>, path: &str| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(s) = status {
            q.append_pair("status", s.as_str());
        }
        if let Some(after) = after {
            q.append_pair("after", after);
        }
        let q = q.finish();
        let q = if q.is_empty() { q } else { format!("?{q}") };
        format!("{}{q}", page_url(mount, path))
    };
    let filters = [
        ("admin-users-all", None),
        ("admin-status-snoozed", Some(UserStatus::Snoozed)),
        ("admin-status-due", Some(UserStatus::Due)),
        ("admin-status-required", Some(UserStatus::Required)),
        ("admin-status-registered", Some(UserStatus::Registered)),
    ]
    .into_iter()
    .map(|(label, s)| FilterLink {
        label: t.text(label),
        href: format!("{}#users-heading", link(s, None, "")),
        current: s == status,
    })
    .collect();
    let status_key = status.map_or("all", UserStatus::as_str);
    let page = state
        .campaign
        .user_report(query.after.as_deref(), USERS_PER_PAGE, status)
        .await;
    let (rows, next, unavailable) = match page {
        Ok(page) => {
            let rows = page
                .rows
                .into_iter()
                .map(|row| user_row(state, row, t))
                .collect();
            let next = page
                .next_after
                .map(|after| format!("{}#users-heading", link(status, Some(&after), "")));
            (rows, next, false)
        }
        Err(e) => {
            tracing::error!(error = %e, "admin page: the user report is unavailable");
            (Vec::new(), None, true)
        }
    };
    let caption = t
        .fmt("admin-users-caption")
        .arg("status", status_key)
        .num("count", rows.len())
        .plain();
    UsersView {
        filters,
        status: status_key,
        caption,
        rows,
        next,
        csv: link(status, None, "/users.csv"),
        unavailable,
    }
}

/// The URL of `path` under the page's mount (`""`: the page itself, as it is routed both
/// nested, `/admin`, and at the root, `/`).
fn page_url(mount: &str, path: &str) -> String {
    match (mount, path) {
        ("", "") => "/".to_owned(),
        (mount, path) => format!("{mount}{path}"),
    }
}

fn user_row(state: &PageState, row: UserReportRow, t: &Texts) -> UserRow {
    UserRow {
        name: state
            .directory
            .as_ref()
            .and_then(|d| d.display_name(TargetType::User, &row.user_id)),
        user_id: row.user_id,
        status: t.text(match row.status {
            UserStatus::Snoozed => "admin-status-snoozed",
            UserStatus::Due => "admin-status-due",
            UserStatus::Required => "admin-status-required",
            UserStatus::Registered => "admin-status-registered",
        }),
        snooze_count: row.snooze_count,
        last_snoozed_at: row.last_snoozed_at.map(|at| When::at(at, t)),
        snoozed_until: row.snoozed_until.map(|at| When::at(at, t)),
        registered_at: row.registered_at.map(|at| When::at(at, t)),
        registered_method: row.registered_method.unwrap_or_default(),
    }
}

async fn audit_rows(campaign: &crate::Campaign, t: &Texts) -> Vec<AuditRow> {
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
