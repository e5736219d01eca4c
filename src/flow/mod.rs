//! The interstitial: the setup flow's routes.
//!
//! - `after_mfa`: what the layer does with a completed MFA (decide, start a flow).
//! - `session`: loading a request's flow, checking its forms, and the flow's errors.
//! - `steps`: the route handlers; `complete`: finishing a registration with the host.
//! - `render` and `pages`: the askama pages; `samples`: every page with fixed inputs; `due`:
//!   the prompt's deadline countdown and what a skip means, in the user's time zone.
//! - `record`: the server-side flow state; `token`: the signed flow cookie; `cookies`: naming
//!   and scoping; `held_cookies`: the host's session held back while registration is required.
//! - `continue_url`: safe continue URLs. Security headers come from `crate::web`.
//!
//! Every route lives under the campaign's prefix. State changes are POST-only and check the
//! flow's CSRF token; every response carries strict security headers.

mod after_mfa;
mod complete;
mod continue_url;
pub(crate) mod cookies;
#[cfg(feature = "push")]
mod device_routes;
mod due;
mod held_cookies;
mod pages;
pub(crate) mod record;
mod render;
mod respond;
#[cfg(any(test, feature = "testing"))]
mod samples;
mod session;
mod sign_out;
mod status;
mod steps;
pub(crate) mod token;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::campaign::Campaign;

pub(crate) use after_mfa::{AfterMfa, after_mfa, registration_required_json};
pub use continue_url::safe_continue_url;
#[cfg(all(fuzzing, feature = "push"))]
pub(crate) use device_routes::{device_api, status as device_status};
#[cfg(any(test, feature = "testing"))]
pub use samples::{SamplePage, sample_pages};

const CSS: &str = include_str!("../../assets/campaign.css");
const JS: &str = include_str!("../../assets/campaign.js");
const PASSKEY_JS: &str = include_str!("../../assets/passkey.js");

/// The flow's routes, nested under the campaign's prefix.
pub(crate) fn router(campaign: Campaign) -> Router {
    let prefix = campaign.prefix().to_owned();
    let routes = Router::new()
        .route("/", get(steps::show))
        .route("/next", post(steps::next))
        .route("/back", post(steps::back))
        .route("/skip", post(steps::skip))
        .route("/code", post(steps::code))
        .route("/alternative", post(steps::alternative))
        .route("/status", get(status::status))
        .route("/sign-out", post(sign_out::sign_out))
        .route("/required", get(sign_out::required))
        .route("/assets/campaign.css", get(css))
        .route("/assets/campaign.js", get(js))
        .route("/assets/passkey.js", get(passkey_js))
        .route("/assets/brand.css", get(brand_css));
    // The device protocol's endpoints exist only where push devices can enroll. The default
    // tenant's devices use the URLs without `/t/{tenant}`, as before tenants.
    #[cfg(feature = "push")]
    let routes = if campaign.method(record::PUSH_METHOD).is_some() {
        routes
            .nest("/device/v1", device_routes::router())
            .route("/d/{slot}", device_routes::code_route())
            .nest("/t/{tenant}/device/v1", device_routes::router())
            .route("/t/{tenant}/d/{slot}", device_routes::code_route())
    } else {
        routes
    };
    let routes = with_method_routes(routes, &campaign);
    let routes = routes
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(campaign);
    // `{prefix}/` (a typed or bookmarked trailing slash) is the flow's page too.
    let canonical = prefix.clone();
    Router::new()
        .route(
            &format!("{prefix}/"),
            get(move || async move { respond::see_other(&canonical) }),
        )
        .nest(&prefix, routes)
        .layer(axum::middleware::map_response(|response| async {
            crate::web::secure(
                response,
                crate::web::FLOW_CSP,
                crate::web::Caching::NoStoreByDefault,
            )
        }))
}

/// Every method's own endpoints ([`EnrollmentMethod::routes`](crate::enroll::EnrollmentMethod::routes)):
/// `/m/{id}` for the default tenant, `/t/{tenant}/m/{id}` for the others, with the tenant's
/// campaign in the request's extensions.
fn with_method_routes(mut routes: Router<Campaign>, campaign: &Campaign) -> Router<Campaign> {
    for method in campaign.methods() {
        let Some(method_routes) = method.routes() else {
            continue;
        };
        let id = method.id();
        let scoped =
            method_routes
                .with_state::<Campaign>(())
                .layer(axum::middleware::from_fn_with_state(
                    campaign.clone(),
                    scope_to_tenant,
                ));
        routes = routes
            .nest(&format!("/m/{id}"), scoped.clone())
            .nest(&format!("/t/{{tenant}}/m/{id}"), scoped);
    }
    routes
}

/// Puts the campaign of the tenant the path names (else the default tenant's) in the
/// request's extensions; `404` for a tenant this server does not serve.
async fn scope_to_tenant(
    State(campaign): State<Campaign>,
    params: Result<
        axum::extract::Path<std::collections::HashMap<String, String>>,
        axum::extract::rejection::PathRejection,
    >,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let params = params.map(|p| p.0).unwrap_or_default();
    let scoped = match params.get("tenant") {
        None => Some(campaign),
        Some(tenant) => crate::tenant::TenantId::new(tenant)
            .ok()
            .and_then(|tenant| campaign.for_tenant(&tenant).ok()),
    };
    match scoped {
        Some(campaign) => {
            request.extensions_mut().insert(campaign);
            next.run(request).await
        }
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

async fn css() -> Response {
    asset("text/css; charset=utf-8", CSS)
}

/// The organization's stylesheet, when its branding has one.
async fn brand_css(State(campaign): State<Campaign>, headers: HeaderMap) -> Response {
    match campaign.branding().css() {
        Some(css) => asset("text/css; charset=utf-8", css.to_owned()),
        None => not_found(State(campaign), headers).await,
    }
}

async fn js() -> Response {
    asset("text/javascript; charset=utf-8", JS)
}

async fn passkey_js() -> Response {
    asset("text/javascript; charset=utf-8", PASSKEY_JS)
}

fn asset(content_type: &'static str, body: impl Into<axum::body::Body>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body.into(),
    )
        .into_response()
}

async fn not_found(State(campaign): State<Campaign>, headers: HeaderMap) -> Response {
    respond::problem_page(
        &campaign,
        &respond::request_texts(&campaign, &headers),
        StatusCode::NOT_FOUND,
        "problem-not-found",
        "problem-not-found-text",
        "/",
    )
}

async fn method_not_allowed(State(campaign): State<Campaign>, headers: HeaderMap) -> Response {
    respond::problem_page(
        &campaign,
        &respond::request_texts(&campaign, &headers),
        StatusCode::METHOD_NOT_ALLOWED,
        "problem-failed",
        "problem-method-text",
        "/",
    )
}

#[cfg(test)]
mod snapshot_tests;
