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
use crate::admin::{FunnelReport, WhatIfAnswer};
use crate::campaign::{UserReportRow, UserStatus};
use crate::policy::{CampaignState, TargetType};

/// A row of the table of what the target lists mean.
struct TargetRow {
    list: &'static str,
    typed: String,
    kind: &'static str,
    name: String,
    id: String,
}

/// A step of the funnel: its count, its share of the nudges shown, and of the step before.
struct FunnelStep {
    label: &'static str,
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
    pub(super) button: &'static str,
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
    label: &'static str,
    href: String,
    current: bool,
}

/// A row of the user table.
struct UserRow {
    user_id: String,
    name: Option<String>,
    status: &'static str,
    snooze_count: u32,
    last_snoozed_at: Option<When>,
    snoozed_until: Option<When>,
    registered_at: Option<When>,
    registered_method: String,
}

/// The user table: one page, its filter and where the next page is.
struct UsersView {
    filters: Vec<FilterLink>,
    /// "snoozed users", or "users".
    what: String,
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
    mount: String,
    /// The page's own URL (for links back to it).
    page_url: String,
    flow_prefix: String,
    asset_version: &'static str,
    csrf: String,
    /// Set while the stored policy cannot be read (the last good one is shown).
    policy_warning: Option<String>,
    /// What a policy save, preview or confirmation says.
    policy_notice: Option<String>,
    /// What a settings save says.
    settings_notice: Option<String>,
    fields: PolicyFields,
    errors: FieldErrors,
    error_summary: Vec<ErrorLine>,
    targets: Vec<TargetRow>,
    targets_caption: &'static str,
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
            typed_policy: None,
            typed_settings: None,
            whatif: None,
            users: UsersQuery::default(),
            status: StatusCode::OK,
        }
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
            Ok((answer, details)) => what_if_view(&answer, details),
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
        let directory = self.state.directory.as_deref();
        let (view, stored_settings) =
            match (campaign.policy_for_admin().await, campaign.settings().await) {
                (Ok(view), Ok(settings)) => (view, settings),
                (Err(e), _) | (_, Err(e)) => {
                    tracing::error!(error = %e, "admin page store failure");
                    return (
                        StatusCode::SERVICE_UNAVAILABLE,
                        "The store is not available.",
                    )
                        .into_response();
                }
            };
        let stored = view.policy.campaign();
        let stored_lines = |targets: &mut dyn Iterator<Item = &crate::policy::Target>| {
            targets
                .map(|t| TargetLine::stored(t, directory))
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
                    TypedPolicy::Refused => ("What the lists you typed mean (not saved)", None),
                    TypedPolicy::Preview => ("Preview: what Save will store", None),
                    TypedPolicy::Confirm(c) => ("What Save will store", Some(c)),
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
                    "What the lists mean",
                    None,
                )
            }
        };
        let targets = include
            .into_iter()
            .map(|l| ("Include", l))
            .chain(exclude.into_iter().map(|l| ("Exclude", l)))
            .map(|(list, l)| TargetRow {
                list,
                typed: l.typed,
                kind: l.target_type.as_graph(),
                name: l.name.unwrap_or_else(|| "(not in the directory)".into()),
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
                let when = When::at(at).text;
                // Calendar days in UTC, as the prompt counts them for a user in UTC.
                let at_utc = at.to_offset(time::UtcOffset::UTC);
                match (at_utc.date() - now.date()).whole_days() {
                    _ if at <= now => {
                        format!("In force: {when}, passed (every targeted user must register).")
                    }
                    0 => format!("In force: {when}, today."),
                    1 => format!("In force: {when}, in 1 day."),
                    d => format!("In force: {when}, in {d} days."),
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
        let users = users_view(self.state, &self.mount, &self.users).await;
        let csrf = page_csrf_token(campaign, self.headers, self.admin);
        let page = AdminPage {
            page_url: page_url(&self.mount, ""),
            mount: self.mount,
            flow_prefix: campaign.prefix().to_owned(),
            asset_version: env!("CARGO_PKG_VERSION"),
            csrf: csrf.clone(),
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
            error_summary: errors.summary(),
            errors,
            targets,
            targets_caption,
            confirm,
            settings,
            settings_error_summary: settings_errors.summary(),
            settings_errors,
            report_days: REPORT_DAYS,
            funnel: funnel_steps(&report),
            chart: report.to_svg(),
            report_rows: report_rows(&report),
            users,
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
}

/// Whether saving `form` would stop nudges that the stored policy gives: the campaign turned
/// off, or nobody left in the include list. Such a change is confirmed first.
pub(super) fn needs_confirmation(
    stored: &crate::policy::RegistrationCampaign,
    form: &PolicyForm,
    include: &[TargetLine],
) -> Option<Confirmation> {
    let disabling = form.state == "disabled" && stored.state != CampaignState::Disabled;
    let emptying = include.is_empty() && !stored.include_targets.is_empty();
    let (message, button, kinds) = match (disabling, emptying) {
        (false, false) => return None,
        (true, false) => (
            "Disabling the campaign stops every nudge at once, and users who must register are no longer held at sign-in.",
            "Yes, disable the campaign",
            "disable",
        ),
        (false, true) => (
            "The include list is empty: nobody is targeted, so nobody will be nudged.",
            "Yes, save with nobody included",
            "empty-include",
        ),
        (true, true) => (
            "Disabling the campaign and emptying the include list stop every nudge at once, and users who must register are no longer held at sign-in.",
            "Yes, disable it with nobody included",
            "disable empty-include",
        ),
    };
    Some(Confirmation {
        message: message.into(),
        button,
        kinds: kinds.into(),
    })
}

fn what_if_view(answer: &WhatIfAnswer, details: Vec<String>) -> WhatIfView {
    let e = &answer.explanation;
    let mut details = details;
    let state = &answer.state;
    let mut snoozes = format!(
        "Snoozed {} {} so far",
        state.snooze_count,
        if state.snooze_count == 1 {
            "time"
        } else {
            "times"
        }
    );
    if let Some(left) = e.skips_left.filter(|_| e.decision == "nudge") {
        snoozes.push_str(&format!(
            "; {left} {} left",
            if left == 1 { "skip" } else { "skips" }
        ));
    }
    snoozes.push('.');
    details.push(snoozes);
    if e.decision == "nudge"
        && let Some(until) = e.snooze_until
    {
        details.push(format!(
            "A skip now would last until {}.",
            When::at(until).text
        ));
    }
    details.push(format!(
        "Decided with policy version {}.",
        answer.policy_version
    ));
    WhatIfView {
        headline: decision_in_words(e.decision).to_owned(),
        reason: Some(reason_in_words(e)),
        code: Some(e.reason),
        details,
    }
}

fn funnel_steps(report: &FunnelReport) -> Vec<FunnelStep> {
    let total = report.total();
    let shown = total.shown();
    // An authenticator app's code tests and registers in one step, so Tested is at least
    // Registered (only push counts a test notification of its own).
    let steps = [
        ("Shown", shown),
        ("Started", total.download),
        ("Scanned", total.scan),
        ("Tested", total.test_sent.max(total.registered)),
        ("Registered", total.registered),
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
                label,
                count,
                bar_x: format!("{:.1}", (100.0 - width) / 2.0),
                bar_width: format!("{width:.1}"),
                of_shown: previous.map_or_else(String::new, |_| percent(count, shown)),
                from_previous: previous.map_or_else(String::new, |p| percent(count, p)),
            };
            previous = Some(count);
            step
        })
        .collect()
}

fn report_rows(report: &FunnelReport) -> Vec<ReportRow> {
    report
        .days
        .iter()
        .map(|(day, c)| ReportRow {
            day: When::day(*day),
            shown: c.nudge_shown,
            required: c.required_shown,
            skipped: c.skipped,
            download: c.download,
            scan: c.scan,
            test_sent: c.test_sent,
            approved: c.test_approved,
            registered: c.registered,
            abandoned: c.abandoned(),
            conversion: percent(c.registered, c.shown()),
        })
        .collect()
}

async fn users_view(state: &PageState, mount: &str, query: &UsersQuery) -> UsersView {
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
        ("All", None),
        ("Snoozed", Some(UserStatus::Snoozed)),
        ("Due", Some(UserStatus::Due)),
        ("Required", Some(UserStatus::Required)),
        ("Registered", Some(UserStatus::Registered)),
    ]
    .into_iter()
    .map(|(label, s)| FilterLink {
        label,
        href: format!("{}#users-heading", link(s, None, "")),
        current: s == status,
    })
    .collect();
    let what = status.map_or("users".to_owned(), |s| format!("{} users", s.as_str()));
    let page = state
        .campaign
        .user_report(query.after.as_deref(), USERS_PER_PAGE, status)
        .await;
    let (rows, next, unavailable) = match page {
        Ok(page) => {
            let rows = page
                .rows
                .into_iter()
                .map(|row| user_row(state, row))
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
    let caption = format!(
        "{} {}{}",
        rows.len(),
        status.map_or(String::new(), |s| format!("{} ", s.as_str())),
        if rows.len() == 1 { "user" } else { "users" }
    );
    UsersView {
        filters,
        what,
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

fn user_row(state: &PageState, row: UserReportRow) -> UserRow {
    UserRow {
        name: state
            .directory
            .as_ref()
            .and_then(|d| d.display_name(TargetType::User, &row.user_id)),
        user_id: row.user_id,
        status: match row.status {
            UserStatus::Snoozed => "Snoozed",
            UserStatus::Due => "Due",
            UserStatus::Required => "Required",
            UserStatus::Registered => "Registered",
        },
        snooze_count: row.snooze_count,
        last_snoozed_at: row.last_snoozed_at.map(When::at),
        snoozed_until: row.snoozed_until.map(When::at),
        registered_at: row.registered_at.map(When::at),
        registered_method: row.registered_method.unwrap_or_default(),
    }
}

async fn audit_rows(campaign: &crate::Campaign) -> Vec<AuditRow> {
    campaign
        .audit_log(0, 20)
        .await
        .map(|(entries, _)| entries)
        .unwrap_or_default()
        .into_iter()
        .map(|e| AuditRow {
            when: When::parse(&e.activity_date_time),
            who: e
                .initiated_by
                .user_principal_name
                .unwrap_or(e.initiated_by.id),
            target: e.target,
            version: e.version,
        })
        .collect()
}
