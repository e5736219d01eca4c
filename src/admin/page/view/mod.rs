//! What the admin page shows: one view per section of the page (`policy`, `settings`,
//! `report`, `users`, `what_if`, `audit`, each with its template in `templates/admin/`), and
//! [`Render`], which gathers them from the campaign for one request.

mod audit;
mod policy;
mod report;
mod settings;
mod users;
mod what_if;

use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::csrf::{SignedIn, page_csrf_token, set_csrf_cookie};
use super::forms::{FieldErrors, PolicyField, PolicyForm, WhatIfForm};
use super::settings_form::{SettingsField, SettingsForm};
use super::targets::TargetLine;
use super::{PageState, REPORT_DAYS};
use crate::admin::WhatIfAnswer;
use crate::locale::Texts;
use audit::{AuditRow, audit_rows};
use policy::{PolicySection, TypedPolicy, TypedPolicyForm};
use report::ReportSection;
use settings::SettingsSection;
use users::{UsersView, page_url, users_view};
use what_if::{WhatIfSection, WhatIfView};

pub(super) use policy::{Confirmation, needs_confirmation};
pub(super) use users::UsersQuery;

/// The page: what every section shares, and a view per section.
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
    /// Who is signed in, when the host said (its `admin::Actor`), with the host's sign-out.
    signed_in: Option<String>,
    sign_out_path: String,
    sign_out_post: bool,
    policy: PolicySection,
    settings: SettingsSection,
    report: ReportSection,
    users: UsersView,
    what_if: WhatIfSection,
    audit: Vec<AuditRow>,
}

/// Where a notice is shown: beside the form it is about, which the browser scrolls to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Policy,
    Settings,
    Users,
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
        // A refused preview saved nothing either way: say what did not happen.
        let shown = if form.wants_preview() {
            TypedPolicy::RefusedPreview
        } else {
            TypedPolicy::Refused
        };
        self.typed_policy = Some(TypedPolicyForm::new(form, lines, errors, shown));
        self.status = StatusCode::BAD_REQUEST;
        self
    }

    /// Shows the policy form as typed with what its target lists mean; nothing is saved.
    pub(super) fn preview(
        mut self,
        form: PolicyForm,
        lines: (Vec<TargetLine>, Vec<TargetLine>),
    ) -> Self {
        self.typed_policy = Some(TypedPolicyForm::new(
            form,
            lines,
            FieldErrors::default(),
            TypedPolicy::Preview,
        ));
        self
    }

    /// Asks the admin to confirm the typed policy before it is saved.
    pub(super) fn confirm(
        mut self,
        form: PolicyForm,
        lines: (Vec<TargetLine>, Vec<TargetLine>),
        confirmation: Confirmation,
    ) -> Self {
        self.typed_policy = Some(TypedPolicyForm::new(
            form,
            lines,
            FieldErrors::default(),
            TypedPolicy::Confirm(confirmation),
        ));
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
        let view = what_if::answer_view(answer, &self.texts);
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
        let notice = |wanted: Section| {
            self.notice
                .as_ref()
                .filter(|(section, _)| *section == wanted)
                .map(|(_, notice)| notice.clone())
        };
        let policy = policy::section(
            &view,
            self.typed_policy,
            directory,
            notice(Section::Policy),
            t,
        );
        let run = campaign.last_reminder_run().await.ok().flatten();
        let settings = settings::section(
            &stored_settings,
            self.typed_settings,
            directory,
            notice(Section::Settings),
            run.as_ref(),
            campaign.now(),
            t,
        );
        let report = campaign
            .funnel_report(REPORT_DAYS)
            .await
            .unwrap_or_default();
        let (form, answer) = match self.whatif {
            Some((form, answer)) => (form, Some(answer)),
            None => (WhatIfForm::default(), None),
        };
        let csrf = page_csrf_token(campaign, self.headers, self.admin);
        let page = AdminPage {
            page_url: page_url(&self.mount, ""),
            users: UsersView {
                notice: notice(Section::Users),
                notice_is_error: self.status != StatusCode::OK,
                ..users_view(self.state, &self.mount, &self.users, t).await
            },
            mount: self.mount,
            flow_prefix: campaign.prefix().to_owned(),
            asset_version: env!("CARGO_PKG_VERSION"),
            csrf: csrf.clone(),
            policy_warning: view.warning,
            signed_in: self.admin.shown_name.clone(),
            sign_out_path: campaign.sign_out_target().path().to_owned(),
            sign_out_post: campaign.sign_out_target().is_post(),
            policy,
            settings,
            report: report::section(&report, REPORT_DAYS, t),
            what_if: WhatIfSection { form, answer },
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
