//! The admin page: the campaign's settings with the same validation as the API, the report,
//! what-if and the audit log. The host mounts it behind its own admin sign-in and may put the
//! signed-in admin in the request extensions as an [`Actor`] for the audit log.

mod csrf;
mod forms;
mod view;

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, OriginalUri, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::campaign::Campaign;
use crate::campaign::policy_changes::{ChangeError, PolicyTarget};
use crate::policy::TargetType;
use csrf::{CSRF_REFUSED, SignedIn, refuse_csrf};
use forms::{FieldErrors, PolicyForm, WhatIfForm};
use view::Render;

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

fn mount_of(original: &OriginalUri, inner: &str) -> String {
    let path = original.0.path();
    path.strip_suffix(inner)
        .unwrap_or(path)
        .trim_end_matches('/')
        .to_owned()
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
        return Err(forbidden(CSRF_REFUSED));
    };
    match refuse_csrf(&state.campaign, &headers, admin, csrf_of(&form)) {
        Some(refused) => Err(refused),
        None => Ok((headers, form)),
    }
}

async fn save(State(state): State<PageState>, original: OriginalUri, request: Request) -> Response {
    let mount = mount_of(&original, "/policy");
    let admin = SignedIn::from(request.extensions());
    let (headers, form) = match read_form(&state, &admin, request, |f: &PolicyForm| &f.csrf).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let page = Render::new(&state, &headers, &admin, mount);
    let patch = match form.to_patch() {
        Ok(patch) => patch,
        Err(errors) => return page.refused(form, errors).page().await,
    };
    let if_match = form.version.parse().ok();
    let request_id = uuid::Uuid::new_v4().to_string();
    let changed = state
        .campaign
        .change_policy(
            PolicyTarget::Policy(&patch),
            if_match,
            &admin.actor,
            &request_id,
        )
        .await;
    match changed {
        Ok(stored) => {
            page.notice(format!(
                "Saved. The policy is now version {}.",
                stored.version
            ))
            .page()
            .await
        }
        Err(ChangeError::Invalid(e)) => {
            page.refused(form, FieldErrors::from_policy_error(&e))
                .page()
                .await
        }
        Err(ChangeError::Stale { .. }) => {
            page.notice("Someone else changed the policy meanwhile. Here is the current policy; make your change again.")
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

async fn what_if(
    State(state): State<PageState>,
    original: OriginalUri,
    request: Request,
) -> Response {
    let mount = mount_of(&original, "/what-if");
    let admin = SignedIn::from(request.extensions());
    let (headers, form) = match read_form(&state, &admin, request, |f: &WhatIfForm| &f.csrf).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let answer = match form.to_request() {
        Err(e) => e,
        Ok(request) => match state.campaign.what_if(&request).await {
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
        },
    };
    Render::new(&state, &headers, &admin, mount)
        .whatif(form, answer)
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
