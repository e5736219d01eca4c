//! The admin page: the campaign's settings with the same validation as the API, the report,
//! what-if and the audit log. The host mounts it behind its own admin sign-in and may put the
//! signed-in admin in the request extensions as an [`Actor`] for the audit log.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, OriginalUri, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rand::RngCore;
use serde::Deserialize;
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use super::whatif::{WhatIfRequest, WhatIfSignIn};
use crate::campaign::Campaign;
use crate::campaign::policy_changes::{Actor, ChangeError, PolicyTarget};
use crate::policy::{RegistrationCampaign, Target, TargetId, TargetType};
use crate::sign_in::AuthMethod;

const CSRF_COOKIE: &str = "registration-campaign-admin-csrf";
/// Over https the cookie gets the `__Host-` prefix: no subdomain can plant or overwrite it.
const SECURE_CSRF_COOKIE: &str = "__Host-registration-campaign-admin-csrf";
const CSRF_CONTEXT: &str = "registration-campaign admin csrf";
/// How long a page's form stays valid.
const CSRF_LIFETIME: time::Duration = time::Duration::hours(1);
/// Tokens issued this far "in the future" are still taken (instances' clocks differ a little).
const CSRF_CLOCK_SKEW: time::Duration = time::Duration::minutes(1);
const CSRF_REFUSED: &str = "This form could not be verified (CSRF). Reload the admin page and try again; nothing was changed.";
const REPORT_DAYS: u16 = 14;

/// The admin's sign-in session as the host knows it (a session id, or anything unique to it
/// such as a hash of it). Put it into the request extensions beside the [`Actor`]: the page's
/// CSRF tokens are then valid in that session only. It is never shown or stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AdminSession(pub String);

/// Names for user and group ids, from the host's directory.
pub trait Directory: Send + Sync + 'static {
    /// The display name of a user or group, if known.
    fn display_name(&self, target_type: TargetType, id: &str) -> Option<String>;
}

#[derive(Clone)]
struct PageState {
    campaign: Campaign,
    directory: Option<Arc<dyn Directory>>,
}

/// The admin page as a router; mount it (for example at `/admin`) behind your admin sign-in.
///
/// ```
/// use std::sync::Arc;
/// use registration_campaign::{Campaign, store::MemoryStore, admin::admin_page};
/// let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
/// let app: axum::Router = axum::Router::new().nest("/admin", admin_page(campaign, None));
/// # let _ = app;
/// ```
pub fn admin_page(campaign: Campaign, directory: Option<Arc<dyn Directory>>) -> Router {
    Router::new()
        .route("/", get(show))
        .route("/policy", post(save))
        .route("/what-if", post(what_if))
        .route("/report.csv", get(report_csv))
        .route("/report.json", get(report_json))
        // So that a 404 carries the same headers as every other answer.
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not found.") })
        .layer(axum::middleware::map_response(security_headers))
        .with_state(PageState {
            campaign,
            directory,
        })
}

async fn security_headers(response: Response) -> Response {
    crate::web::secure(
        response,
        crate::web::ADMIN_CSP,
        crate::web::Caching::NoStore,
    )
}

struct TargetRow {
    list: &'static str,
    kind: &'static str,
    name: String,
    id: String,
}

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

struct AuditRow {
    when: String,
    who: String,
    target: String,
    version: u64,
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
    state: &'static str,
    snooze: String,
    limited: bool,
    include: String,
    exclude: String,
    targets: Vec<TargetRow>,
    notice: Option<String>,
    form_errors: Vec<String>,
    state_error: Option<String>,
    snooze_error: Option<String>,
    include_error: Option<String>,
    exclude_error: Option<String>,
    report_days: u16,
    chart: String,
    report_rows: Vec<ReportRow>,
    whatif_id: String,
    whatif_groups: String,
    whatif_methods: String,
    whatif_user_agent: String,
    whatif_answer: Option<String>,
    audit: Vec<AuditRow>,
}

/// The policy form's fields, as typed.
#[derive(Debug, Default, Deserialize)]
struct PolicyForm {
    csrf: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    snooze: String,
    #[serde(default)]
    limited: Option<String>,
    #[serde(default)]
    include: String,
    #[serde(default)]
    exclude: String,
}

#[derive(Debug, Default, Deserialize)]
struct WhatIfForm {
    csrf: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    groups: String,
    #[serde(default)]
    methods: String,
    #[serde(default)]
    user_agent: String,
}

fn targets_text(targets: impl Iterator<Item = Target>) -> String {
    targets
        .map(|t| match t.id {
            TargetId::AllUsers => "all_users".to_owned(),
            TargetId::Object(id) => format!("{} {id}", t.target_type.as_graph()),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses the target lines into Graph JSON; lines it cannot read become errors.
fn targets_json(text: &str, include: bool) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for (n, line) in text
        .lines()
        .map(str::trim)
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
    {
        let (kind, id) = match line.split_once(char::is_whitespace) {
            Some((kind, id)) => (kind.trim(), id.trim()),
            None if line == "all_users" => ("group", "all_users"),
            None => {
                return Err(format!(
                    "line {}: write \"group ID\", \"user ID\" or all_users",
                    n + 1
                ));
            }
        };
        let mut target = json!({"id": id, "targetType": kind});
        if include {
            target["targetedAuthenticationMethod"] = json!("microsoftAuthenticator");
        }
        out.push(target);
    }
    Ok(out)
}

fn csrf_cookie_name(campaign: &Campaign) -> &'static str {
    if campaign.secure_cookies() {
        SECURE_CSRF_COOKIE
    } else {
        CSRF_COOKIE
    }
}

/// Who is using the page, from the request extensions the host's admin sign-in set.
struct SignedIn {
    actor: Actor,
    /// What a CSRF token is bound to: this admin in this sign-in session.
    csrf_binding: String,
}

impl SignedIn {
    fn from(extensions: &axum::http::Extensions) -> Self {
        let actor = extensions.get::<Actor>().cloned().unwrap_or_else(|| Actor {
            id: "admin-page".into(),
            user_principal_name: None,
        });
        let session = extensions
            .get::<AdminSession>()
            .map_or("", |s| s.0.as_str());
        // Sealed as associated data: a token opens only for the same admin and session.
        let csrf_binding = format!(
            "{CSRF_CONTEXT}\n{}\n{}\n{session}",
            actor.id.len(),
            actor.id
        );
        Self {
            actor,
            csrf_binding,
        }
    }
}

/// A new token: when it was issued and random bytes, sealed with the campaign's key for this
/// admin's session, so only this server can make one and it opens for no one else.
fn new_csrf_token(campaign: &Campaign, admin: &SignedIn) -> String {
    let mut plain = campaign.now().unix_timestamp().to_be_bytes().to_vec();
    let mut random = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut random);
    plain.extend_from_slice(&random);
    // Sealing cannot fail for 24 bytes; if it ever did, the empty token is refused (fails
    // closed) and the error is logged.
    campaign
        .secret_key()
        .seal(&plain, &admin.csrf_binding)
        .unwrap_or_else(|error| {
            tracing::error!(%error, "an admin CSRF token could not be sealed");
            String::new()
        })
}

/// How old a token this server sealed for this admin's session is; `None` for any other
/// token (planted, another admin's or session's, or issued "in the future").
fn csrf_age(campaign: &Campaign, admin: &SignedIn, token: &str) -> Option<time::Duration> {
    let plain = campaign.secret_key().open(token, &admin.csrf_binding)?;
    let issued: [u8; 8] = plain.get(..8)?.try_into().ok()?;
    let issued = time::OffsetDateTime::from_unix_timestamp(i64::from_be_bytes(issued)).ok()?;
    let age = campaign.now() - issued;
    (age >= -CSRF_CLOCK_SKEW).then_some(age)
}

fn csrf_cookie_value(campaign: &Campaign, headers: &HeaderMap) -> Option<String> {
    crate::web::cookie(headers, csrf_cookie_name(campaign))
}

/// The token for a page: the cookie's while it is this admin's and young enough to outlive
/// the page for a while, else a new one.
fn page_csrf_token(campaign: &Campaign, headers: &HeaderMap, admin: &SignedIn) -> String {
    csrf_cookie_value(campaign, headers)
        .filter(|token| csrf_age(campaign, admin, token).is_some_and(|age| age < CSRF_LIFETIME / 2))
        .unwrap_or_else(|| new_csrf_token(campaign, admin))
}

enum Csrf {
    Valid,
    Expired,
    Refused,
}

/// The form's token must equal the `SameSite=Strict` cookie's, which this server sealed for
/// this admin's session less than [`CSRF_LIFETIME`] ago, and the browser must not call the
/// request cross-site.
fn check_csrf(campaign: &Campaign, headers: &HeaderMap, admin: &SignedIn, submitted: &str) -> Csrf {
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site");
    let Some(cookie) = csrf_cookie_value(campaign, headers) else {
        return Csrf::Refused;
    };
    if cross_site || !bool::from(cookie.as_bytes().ct_eq(submitted.as_bytes())) {
        return Csrf::Refused;
    }
    match csrf_age(campaign, admin, &cookie) {
        None => Csrf::Refused,
        Some(age) if age >= CSRF_LIFETIME => Csrf::Expired,
        Some(_) => Csrf::Valid,
    }
}

/// The answer to a form that failed its CSRF check, or `None` when it passed.
fn refuse_csrf(
    campaign: &Campaign,
    headers: &HeaderMap,
    admin: &SignedIn,
    submitted: &str,
) -> Option<Response> {
    let message = match check_csrf(campaign, headers, admin, submitted) {
        Csrf::Valid => return None,
        Csrf::Expired => {
            "This form has expired: admin forms are valid for one hour. Reload the admin page and make your change again; nothing was changed."
        }
        Csrf::Refused => CSRF_REFUSED,
    };
    Some(forbidden(message))
}

fn mount_of(original: &OriginalUri, inner: &str) -> String {
    let path = original.0.path();
    path.strip_suffix(inner)
        .unwrap_or(path)
        .trim_end_matches('/')
        .to_owned()
}

struct Render<'a> {
    state: &'a PageState,
    headers: &'a HeaderMap,
    admin: &'a SignedIn,
    mount: String,
    notice: Option<String>,
    form: Option<(PolicyForm, Vec<(String, String)>)>,
    whatif: Option<(WhatIfForm, String)>,
    status: StatusCode,
}

impl<'a> Render<'a> {
    fn new(
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
            form: None,
            whatif: None,
            status: StatusCode::OK,
        }
    }

    fn notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }

    /// Shows the refused form with its errors.
    fn form(mut self, form: (PolicyForm, Vec<(String, String)>)) -> Self {
        self.form = Some(form);
        self
    }

    fn whatif(mut self, whatif: (WhatIfForm, String)) -> Self {
        self.whatif = Some(whatif);
        self
    }

    fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    async fn page(self) -> Response {
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
        let version = view.version;
        let policy = view.policy;
        let campaign_settings: &RegistrationCampaign = policy.campaign();
        let name = |t: &Target| match &t.id {
            TargetId::AllUsers => "All users".to_owned(),
            TargetId::Object(id) => self
                .state
                .directory
                .as_ref()
                .and_then(|d| d.display_name(t.target_type, id))
                .unwrap_or_else(|| "(unknown)".into()),
        };
        let mut targets: Vec<TargetRow> = campaign_settings
            .include_targets
            .iter()
            .map(|(t, _)| ("Include", t))
            .chain(
                campaign_settings
                    .exclude_targets
                    .iter()
                    .map(|t| ("Exclude", t)),
            )
            .map(|(list, t)| TargetRow {
                list,
                kind: t.target_type.as_graph(),
                name: name(t),
                id: t.id.to_string(),
            })
            .collect();
        targets.sort_by(|a, b| a.list.cmp(b.list).reverse());

        let error_for = |errors: &[(String, String)], fields: &[&str]| {
            let found: Vec<&str> = errors
                .iter()
                .filter(|(path, _)| fields.iter().any(|f| path.contains(f)))
                .map(|(_, rule)| rule.as_str())
                .collect();
            (!found.is_empty()).then(|| found.join(" "))
        };
        let (form_errors, state_error, snooze_error, include_error, exclude_error) =
            match &self.form {
                Some((_, errors)) => (
                    errors.iter().map(|(p, r)| format!("{p}: {r}")).collect(),
                    error_for(errors, &["state"]),
                    error_for(errors, &["snoozeDurationInDays", "snooze"]),
                    error_for(errors, &["includeTargets", "include"]),
                    error_for(errors, &["excludeTargets", "exclude"]),
                ),
                None => (Vec::new(), None, None, None, None),
            };
        // Show what the admin typed when it was refused; otherwise the stored policy.
        let (state, snooze, limited, include, exclude) = match &self.form {
            Some((form, _)) => (
                match form.state.as_str() {
                    "enabled" => "enabled",
                    "disabled" => "disabled",
                    _ => "default",
                },
                form.snooze.clone(),
                form.limited.is_some(),
                form.include.clone(),
                form.exclude.clone(),
            ),
            None => (
                campaign_settings.state.as_graph(),
                campaign_settings.snooze_duration_in_days.to_string(),
                campaign_settings.enforce_registration_after_allowed_snoozes,
                targets_text(
                    campaign_settings
                        .include_targets
                        .iter()
                        .map(|(t, _)| t.clone()),
                ),
                targets_text(campaign_settings.exclude_targets.iter().cloned()),
            ),
        };

        let report = campaign
            .funnel_report(REPORT_DAYS)
            .await
            .unwrap_or(super::FunnelReport { days: Vec::new() });
        let report_rows = report
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
            .collect();
        let audit = campaign
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
            .collect();
        let csrf = page_csrf_token(campaign, self.headers, self.admin);
        let (whatif_form, whatif_answer) = match self.whatif {
            Some((form, answer)) => (form, Some(answer)),
            None => (WhatIfForm::default(), None),
        };
        let page = AdminPage {
            mount: self.mount,
            flow_prefix: campaign.prefix().to_owned(),
            asset_version: env!("CARGO_PKG_VERSION"),
            csrf: csrf.clone(),
            version,
            policy_warning: view.warning,
            state,
            snooze,
            limited,
            include,
            exclude,
            targets,
            notice: self.notice,
            form_errors,
            state_error,
            snooze_error,
            include_error,
            exclude_error,
            report_days: REPORT_DAYS,
            chart: report.to_svg(),
            report_rows,
            whatif_id: whatif_form.id,
            whatif_groups: whatif_form.groups,
            whatif_methods: whatif_form.methods,
            whatif_user_agent: whatif_form.user_agent,
            whatif_answer,
            audit,
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
        let secure = if campaign.secure_cookies() {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{}={csrf}; Path=/; HttpOnly; SameSite=Strict{secure}",
            csrf_cookie_name(campaign)
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        response
    }
}

async fn show(State(state): State<PageState>, original: OriginalUri, request: Request) -> Response {
    let mount = mount_of(&original, "/");
    let admin = SignedIn::from(request.extensions());
    Render::new(&state, request.headers(), &admin, mount)
        .page()
        .await
}

fn forbidden(message: &'static str) -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

async fn save(State(state): State<PageState>, original: OriginalUri, request: Request) -> Response {
    let mount = mount_of(&original, "/policy");
    let admin = SignedIn::from(request.extensions());
    let actor = admin.actor.clone();
    let headers = request.headers().clone();
    let form: Result<Form<PolicyForm>, FormRejection> =
        <Form<PolicyForm> as axum::extract::FromRequest<()>>::from_request(request, &()).await;
    let Ok(Form(form)) = form else {
        return forbidden(CSRF_REFUSED);
    };
    if let Some(refused) = refuse_csrf(&state.campaign, &headers, &admin, &form.csrf) {
        return refused;
    }
    let mut errors = Vec::new();
    let snooze = match form.snooze.trim().parse::<i64>() {
        Ok(n) => json!(n),
        Err(_) => {
            errors.push((
                "snooze".to_owned(),
                "must be a whole number of days from 0 to 14".to_owned(),
            ));
            json!(null)
        }
    };
    let include = targets_json(&form.include, true).unwrap_or_else(|e| {
        errors.push(("include".into(), e));
        Vec::new()
    });
    let exclude = targets_json(&form.exclude, false).unwrap_or_else(|e| {
        errors.push(("exclude".into(), e));
        Vec::new()
    });
    if !errors.is_empty() {
        return Render::new(&state, &headers, &admin, mount)
            .form((form, errors))
            .status(StatusCode::BAD_REQUEST)
            .page()
            .await;
    }
    let patch = json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
        "state": form.state, "snoozeDurationInDays": snooze,
        "enforceRegistrationAfterAllowedSnoozes": form.limited.is_some(),
        "includeTargets": include, "excludeTargets": exclude}}});
    let if_match = form.version.parse().ok();
    let request_id = uuid::Uuid::new_v4().to_string();
    match state
        .campaign
        .change_policy(PolicyTarget::Policy(&patch), if_match, &actor, &request_id)
        .await
    {
        Ok(stored) => {
            let notice = Some(format!(
                "Saved. The policy is now version {}.",
                stored.version
            ));
            Render::new(&state, &headers, &admin, mount)
                .notice(notice)
                .page()
                .await
        }
        Err(ChangeError::Invalid(e)) => {
            let errors = e
                .violations()
                .iter()
                .map(|v| (v.path.clone(), v.rule.clone()))
                .collect();
            Render::new(&state, &headers, &admin, mount)
                .form((form, errors))
                .status(StatusCode::BAD_REQUEST)
                .page()
                .await
        }
        Err(ChangeError::Stale { .. }) => {
            let notice = Some("Someone else changed the policy meanwhile. Here is the current policy; make your change again.".into());
            Render::new(&state, &headers, &admin, mount)
                .notice(notice)
                .status(StatusCode::CONFLICT)
                .page()
                .await
        }
        Err(ChangeError::Store(e)) => {
            tracing::error!(error = %e, "admin page store failure");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "The store is not available; nothing was changed.",
            )
                .into_response()
        }
    }
}

fn parse_methods(text: &str) -> Result<Vec<AuthMethod>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|m| serde_json::from_value(json!(m)).map_err(|_| format!("unknown method {m:?}")))
        .collect()
}

async fn what_if(
    State(state): State<PageState>,
    original: OriginalUri,
    request: Request,
) -> Response {
    let mount = mount_of(&original, "/what-if");
    let admin = SignedIn::from(request.extensions());
    let headers = request.headers().clone();
    let form: Result<Form<WhatIfForm>, FormRejection> =
        <Form<WhatIfForm> as axum::extract::FromRequest<()>>::from_request(request, &()).await;
    let Ok(Form(form)) = form else {
        return forbidden(CSRF_REFUSED);
    };
    if let Some(refused) = refuse_csrf(&state.campaign, &headers, &admin, &form.csrf) {
        return refused;
    }
    let answer = match parse_methods(&form.methods) {
        Err(e) => e,
        Ok(methods) => {
            let request = WhatIfRequest {
                id: form.id.trim().to_owned(),
                groups: form
                    .groups
                    .split(',')
                    .map(str::trim)
                    .filter(|g| !g.is_empty())
                    .map(str::to_owned)
                    .collect(),
                methods,
                sign_in: Some(WhatIfSignIn {
                    user_agent: Some(form.user_agent.trim().to_owned()).filter(|u| !u.is_empty()),
                    ..WhatIfSignIn::default()
                }),
                ..WhatIfRequest::default()
            };
            match state.campaign.what_if(&request).await {
                Ok(a) => format!(
                    "{} ({}); snoozed {} times so far{}.",
                    a.explanation.decision,
                    a.explanation.reason,
                    a.state.snooze_count,
                    a.explanation
                        .skips_left
                        .map(|n| format!(", {n} skips left"))
                        .unwrap_or_default()
                ),
                Err(e) => format!("No answer: {e}"),
            }
        }
    };
    Render::new(&state, &headers, &admin, mount)
        .whatif((form, answer))
        .page()
        .await
}

async fn report_csv(State(state): State<PageState>) -> Response {
    match state.campaign.funnel_report(REPORT_DAYS).await {
        Ok(report) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"registration-campaign.csv\"",
                ),
            ],
            report.to_csv(),
        )
            .into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

async fn report_json(State(state): State<PageState>) -> Response {
    match state.campaign.funnel_report(REPORT_DAYS).await {
        Ok(report) => axum::Json(report.to_json()).into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}
