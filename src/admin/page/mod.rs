//! The admin page: the campaign's settings with the same validation as the API, the report,
//! what-if and the audit log. The host mounts it behind its own admin sign-in and may put the
//! signed-in admin in the request extensions as an [`Actor`] for the audit log, and the tenant
//! the admin manages as a [`TenantId`](crate::TenantId) (the default tenant without one).

mod csrf;
mod directory;
mod forms;
mod saves;
mod settings_form;
mod targets;
mod user_actions;
mod view;
mod words;

use crate::csv::CsvDialect;
use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, OriginalUri, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::campaign::Campaign;
use crate::campaign::policy_changes::{ChangeError, PolicyTarget};
use crate::campaign::{UserReportPage, UserStatus};
use crate::locale::{LanguageWishes, Texts};
use crate::policy::TargetType;
use crate::tenant::TenantId;
use csrf::{CSRF_REFUSED, SignedIn, refuse_csrf};
pub use directory::{Directory, DirectoryObject};
use forms::{FieldErrors, PolicyField, PolicyForm, WhatIfForm, WhatIfUser};
use settings_form::SettingsForm;
use view::{Render, Section, UsersQuery, needs_confirmation};

const REPORT_DAYS: u16 = 14;

/// Users per page of the user table.
const USERS_PER_PAGE: u32 = 50;

/// Users read per store call while the user CSV is written.
const CSV_PAGE: u32 = 1000;

/// The admin's sign-in session as the host knows it (a session id, or anything unique to it
/// such as a hash of it). Put it into the request extensions beside the [`Actor`](crate::admin::Actor): the page's
/// CSRF tokens are then valid in that session only. It is never shown or stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AdminSession(pub String);

#[derive(Clone)]
struct PageState {
    campaign: Campaign,
    directory: Option<Arc<dyn Directory>>,
}

/// The page's state for this request: the campaign scoped to the tenant the host put in the
/// request extensions as a [`TenantId`] (the default tenant without one). A tenant the
/// campaign does not serve gets a 404 and nothing is read.
struct Scoped(PageState);

impl axum::extract::FromRequestParts<PageState> for Scoped {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &PageState,
    ) -> Result<Self, Response> {
        let Some(tenant) = parts.extensions.get::<TenantId>() else {
            return Ok(Self(state.clone()));
        };
        match state.campaign.for_tenant(tenant) {
            Ok(campaign) => Ok(Self(PageState {
                campaign,
                directory: state.directory.clone(),
            })),
            Err(error) => {
                tracing::error!(target: "registration_campaign", %error, "the admin page was asked for a tenant this campaign does not serve");
                Err((StatusCode::NOT_FOUND, "Not found.").into_response())
            }
        }
    }
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
        .route("/policy", post(saves::save))
        .route("/settings", post(saves::save_settings))
        .route("/what-if", post(what_if))
        .route("/users/exempt", post(user_actions::exempt))
        .route("/users/unexempt", post(user_actions::unexempt))
        .route("/users/reset-snoozes", post(user_actions::reset_snoozes))
        .route("/users/extend", post(user_actions::extend))
        .route("/users/unextend", post(user_actions::unextend))
        .route("/report.csv", get(report_csv))
        .route("/report.json", get(report_json))
        .route("/users.csv", get(users_csv))
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

fn mount_of(original: &OriginalUri, inner: &str) -> String {
    let path = original.0.path();
    path.strip_suffix(inner)
        .unwrap_or(path)
        .trim_end_matches('/')
        .to_owned()
}

/// The user table's filter and page, from the query; anything unknown is ignored.
fn users_query(original: &OriginalUri) -> UsersQuery {
    let mut query = UsersQuery::default();
    for (key, value) in form_urlencoded::parse(original.0.query().unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "status" => query.status = Some(value.into_owned()),
            "after" => query.after = Some(value.into_owned()),
            "q" => query.q = Some(value.into_owned()),
            _ => {}
        }
    }
    query
}

async fn show(Scoped(state): Scoped, original: OriginalUri, request: Request) -> Response {
    let mount = mount_of(&original, "/");
    let admin = SignedIn::from(request.extensions());
    Render::new(&state, request.headers(), &admin, mount)
        .users(users_query(&original))
        .page()
        .await
}

/// The answer when the store cannot be read or written.
fn store_unavailable(error: &dyn std::fmt::Display, t: &Texts) -> Response {
    tracing::error!(error = %error, "admin page store failure");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        t.text("admin-store-unavailable-unchanged"),
    )
        .into_response()
}

fn forbidden(message: String) -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// The admin's language: the browser's `Accept-Language`.
pub(super) fn admin_texts(campaign: &crate::Campaign, headers: &HeaderMap) -> Texts {
    campaign.locales().negotiate(LanguageWishes {
        accept_language: headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        ..Default::default()
    })
}

/// Reads a form the page posted, checking its CSRF token first.
async fn read_form<T>(
    state: &PageState,
    admin: &SignedIn,
    request: Request,
    csrf_of: impl FnOnce(&T) -> &str,
) -> Result<(HeaderMap, T), Response>
where
    T: serde::de::DeserializeOwned,
{
    let headers = request.headers().clone();
    let form: Result<Form<T>, FormRejection> =
        <Form<T> as axum::extract::FromRequest<()>>::from_request(request, &()).await;
    let Ok(Form(form)) = form else {
        return Err(forbidden(
            admin_texts(&state.campaign, &headers).text(CSRF_REFUSED),
        ));
    };
    match refuse_csrf(&state.campaign, &headers, admin, csrf_of(&form)) {
        Some(refused) => Err(refused),
        None => Ok((headers, form)),
    }
}

async fn what_if(Scoped(state): Scoped, original: OriginalUri, request: Request) -> Response {
    let mount = mount_of(&original, "/what-if");
    let admin = SignedIn::from(request.extensions());
    let (headers, form) = match read_form(&state, &admin, request, |f: &WhatIfForm| &f.csrf).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let directory = state.directory.as_deref();
    let t = &admin_texts(&state.campaign, &headers);
    let host_user = forms::host_user(&state.campaign, form.id.trim()).await;
    let answer = match form.to_request(directory, host_user, t) {
        Err(problem) => Err(problem),
        Ok(user) => match state.campaign.what_if(&user.request).await {
            Ok(answer) => Ok((answer, what_if_facts(&user, directory, t))),
            Err(e) => Err(t.fmt("admin-no-answer").arg("error", e.to_string()).plain()),
        },
    };
    Render::new(&state, &headers, &admin, mount)
        .whatif(form, answer)
        .page()
        .await
}

/// What a what-if was decided with, in words: who the user is and where their facts came from.
fn what_if_facts(user: &WhatIfUser, directory: Option<&dyn Directory>, t: &Texts) -> Vec<String> {
    let request = &user.request;
    let who = match (&request.display_name, &request.user_principal_name) {
        (Some(name), Some(upn)) => format!("{name} ({upn}, {})", request.id),
        (Some(name), None) => format!("{name} ({})", request.id),
        (None, Some(upn)) => format!("{upn} ({})", request.id),
        (None, None) => request.id.clone(),
    };
    let groups = if request.groups.is_empty() {
        t.text("admin-no-groups")
    } else {
        request
            .groups
            .iter()
            .map(|g| {
                directory
                    .and_then(|d| d.display_name(TargetType::Group, g))
                    .unwrap_or_else(|| g.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let methods = request
        .methods
        .iter()
        .map(|m| {
            serde_json::to_value(m)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(", ");
    let source = if user.from_directory {
        "admin-what-if-from-directory"
    } else {
        "admin-what-if-as-typed"
    };
    vec![
        t.fmt("admin-what-if-who").arg("who", who).plain(),
        t.fmt(source)
            .arg("groups", groups)
            .arg("methods", methods)
            .plain(),
    ]
}

async fn report_csv(Scoped(state): Scoped, original: OriginalUri, headers: HeaderMap) -> Response {
    let (dialect, name) = csv_dialect(
        &state.campaign,
        &original,
        &headers,
        "registration-campaign",
    );
    match state.campaign.funnel_report(REPORT_DAYS).await {
        Ok(report) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            report.to_csv_in(dialect),
        )
            .into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// The CSV dialect a download asks for (`?excel=1`: for a spreadsheet in the admin's language,
/// see [`CsvDialect`]) and the file name it is saved under.
fn csv_dialect(
    campaign: &Campaign,
    original: &OriginalUri,
    headers: &HeaderMap,
    stem: &str,
) -> (CsvDialect, String) {
    let excel = form_urlencoded::parse(original.0.query().unwrap_or("").as_bytes())
        .any(|(key, value)| key == "excel" && value == "1");
    if excel {
        let dialect = CsvDialect::spreadsheet(&admin_texts(campaign, headers));
        (dialect, format!("{stem}-excel.csv"))
    } else {
        (CsvDialect::Standard, format!("{stem}.csv"))
    }
}

async fn report_json(Scoped(state): Scoped) -> Response {
    match state.campaign.funnel_report(REPORT_DAYS).await {
        Ok(report) => axum::Json(report.to_json()).into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// The per-user report as CSV, every page of it (with the table's status filter), written as
/// it is read so that a large directory does not sit in memory.
async fn users_csv(Scoped(state): Scoped, original: OriginalUri, headers: HeaderMap) -> Response {
    let status = users_query(&original).status();
    let campaign = state.campaign.clone();
    let (dialect, name) = csv_dialect(
        &campaign,
        &original,
        &headers,
        "registration-campaign-users",
    );
    let first = match campaign.user_report(None, CSV_PAGE, status).await {
        Ok(page) => page,
        Err(e) => return store_unavailable(&e, &admin_texts(&campaign, &headers)),
    };
    let pages = futures_util::stream::unfold(
        Some((first, campaign, status)),
        move |next: Option<(UserReportPage, Campaign, Option<UserStatus>)>| async move {
            let (page, campaign, status) = next?;
            let chunk: String = page
                .rows
                .iter()
                .map(|row| row.csv_line_in(dialect))
                .collect();
            let after = match page.next_after {
                None => None,
                Some(after) => match campaign.user_report(Some(&after), CSV_PAGE, status).await {
                    Ok(page) => Some((page, campaign, status)),
                    Err(e) => {
                        tracing::error!(error = %e, "the user CSV was cut short by a store failure");
                        return Some((Err(std::io::Error::other("store failure")), None));
                    }
                },
            };
            Some((Ok(chunk), after))
        },
    );
    let header = futures_util::stream::once(std::future::ready(Ok::<_, std::io::Error>(
        crate::campaign::user_report_csv_header(dialect),
    )));
    let body = axum::body::Body::from_stream(futures_util::StreamExt::chain(header, pages));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}
