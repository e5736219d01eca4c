//! The Graph-compatible API: `GET`/`PATCH /policies/authenticationMethodsPolicy`, the Microsoft
//! Authenticator method configuration, the audit log, the campaign report and the what-if
//! endpoint, as an axum router with one route per resource.
//!
//! Graph's order of checks is kept: the bearer token first (401, even for an unknown path),
//! then the path and method (404, 405 with `Allow`), then the token's permissions (403), then
//! the body (415, 413, 400), then `If-Match` (412). Path segments match case-insensitively, as
//! in Graph (the path is lower-cased before routing); every error uses Graph's body.
//!
//! - `request.rs`: what every request shares (ids, errors, the token check, extractors).
//! - here: the router and the policy, audit, report and what-if resources; `settings.rs` and
//!   `user_report.rs`: the resources beyond Graph.

mod paths;
mod request;
mod settings;
mod user_actions;
mod user_report;

use request::{
    GraphError, GraphJson, Reader, RequestIds, Writer, authenticate, ids_of, unavailable,
};

use axum::Router;
use axum::extract::{FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};
use tower::ServiceExt;

use super::auth::{AdminAuth, Principal};
use super::whatif::WhatIfRequest;
use crate::campaign::Campaign;
use crate::campaign::audit::Actor;
use crate::campaign::policy_changes::{AdminPolicyView, ChangeError, PolicyTarget};

/// Request bodies larger than this are refused with 413.
pub const BODY_LIMIT: usize = 64 * 1024;
const DEFAULT_PAGE: usize = 50;
const MAX_PAGE: usize = 999;

const POLICY: &str = "/policies/authenticationmethodspolicy";
const METHODS: &str = "/policies/authenticationmethodspolicy/authenticationmethodconfigurations";
const METHOD: &str =
    "/policies/authenticationmethodspolicy/authenticationmethodconfigurations/{id}";
const AUDIT_LOG: &str = "/auditlogs/registrationcampaign";
const REPORT: &str = "/reports/registrationcampaign";
const WHAT_IF: &str = "/reports/registrationcampaign/whatif";
const SETTINGS: &str = "/registrationcampaign/settings";
const USER_REPORT: &str = "/reports/registrationcampaign/users";
const EXEMPTION: &str = "/registrationcampaign/users/{id}/exemption";
const RESET_SNOOZES: &str = "/registrationcampaign/users/{id}/resetsnoozes";
const SNOOZE: &str = "/registrationcampaign/users/{id}/snooze";

/// The router's state: the campaign as built (the default tenant) and the token rules.
#[derive(Clone)]
struct ApiState {
    campaign: Campaign,
    auth: AdminAuth,
}

/// What a handler serves: the campaign scoped to the tenant of the caller's token (its `tid`
/// claim; the default tenant without one), put in the request by [`authenticate`]. Handlers
/// never see the unscoped campaign, so no route can serve another tenant's data.
#[derive(Clone)]
struct Api {
    campaign: Campaign,
}

impl FromRequestParts<ApiState> for Api {
    type Rejection = GraphError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, GraphError> {
        parts.extensions.get::<Api>().cloned().ok_or_else(|| {
            ids_of(parts, &state.campaign).error(
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
                "No token.",
            )
        })
    }
}

/// The Graph-compatible admin API as a router to mount under a prefix (the demo uses `/beta`
/// and `/v1.0`).
///
/// ```
/// use std::sync::Arc;
/// use registration_campaign::{Campaign, store::MemoryStore};
/// use registration_campaign::admin::{graph_api, AdminAuth};
/// let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
/// let auth = AdminAuth::hs256(b"a secret of at least thirty-two bytes!!", "issuer", "audience");
/// let app: axum::Router = axum::Router::new()
///     .nest("/v1.0", graph_api(campaign.clone(), auth.clone()))
///     .nest("/beta", graph_api(campaign, auth));
/// # let _ = app;
/// ```
pub fn graph_api(campaign: Campaign, auth: AdminAuth) -> Router {
    let api = ApiState { campaign, auth };
    let routes = Router::new()
        .route(POLICY, get(get_policy).patch(patch_policy))
        .route(METHODS, get(list_methods))
        .route(
            METHOD,
            get(get_method).patch(patch_method).delete(delete_method),
        )
        .route(
            SETTINGS,
            get(settings::get_settings).patch(settings::patch_settings),
        )
        .route(AUDIT_LOG, get(audit_log))
        .route(REPORT, get(report))
        .route(USER_REPORT, get(user_report::user_report))
        .route(
            EXEMPTION,
            axum::routing::put(user_actions::put_exemption).delete(user_actions::delete_exemption),
        )
        .route(RESET_SNOOZES, post(user_actions::reset_snoozes))
        .route(
            SNOOZE,
            post(user_actions::snooze).delete(user_actions::delete_snooze),
        )
        .route(WHAT_IF, post(what_if))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(api.clone(), authenticate))
        .with_state(api);
    // Graph's paths are case-insensitive: lower-case them before the routes see them.
    Router::new().fallback_service(tower::service_fn(move |request: Request| {
        routes.clone().oneshot(paths::lower_case_path(request))
    }))
}

async fn not_found(api: Api, parts: Parts) -> GraphError {
    ids_of(&parts, &api.campaign).error(
        StatusCode::NOT_FOUND,
        "itemNotFound",
        format!("Resource not found for the segment '{}'.", parts.uri.path()),
    )
}

async fn method_not_allowed(api: Api, parts: Parts) -> Response {
    let path = parts.uri.path();
    let allow = match path {
        POLICY | SETTINGS => "GET, PATCH",
        WHAT_IF => "POST",
        _ if path.starts_with(&format!("{METHODS}/")) => "GET, PATCH, DELETE",
        _ => "GET",
    };
    let mut response = ids_of(&parts, &api.campaign)
        .error(
            StatusCode::METHOD_NOT_ALLOWED,
            "methodNotAllowed",
            format!("{} is not allowed on this resource.", parts.method),
        )
        .into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

async fn get_policy(api: Api, reader: Reader) -> Result<Response, GraphError> {
    let view = read_policy(&api, &reader).await?;
    let body = with_context(
        view.policy.document(),
        format!("{}/$metadata#authenticationMethodsPolicy", reader.root),
    );
    Ok(policy_response(body, &view))
}

async fn list_methods(api: Api, reader: Reader) -> Result<Response, GraphError> {
    let view = read_policy(&api, &reader).await?;
    let body = json!({
        "@odata.context": format!(
            "{}/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations",
            reader.root
        ),
        "value": view.policy.method_configurations(),
    });
    Ok(policy_response(body, &view))
}

async fn get_method(
    api: Api,
    Path(id): Path<String>,
    reader: Reader,
) -> Result<Response, GraphError> {
    let view = read_policy(&api, &reader).await?;
    let Some(Value::Object(configuration)) = view.policy.method_configuration(&id) else {
        return Err(no_such_method(&reader.ids, &id));
    };
    let body = with_context(
        &configuration,
        format!(
            "{}/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity",
            reader.root
        ),
    );
    Ok(policy_response(body, &view))
}

/// The policy as the admin plane shows it, or Graph's 503.
async fn read_policy(api: &Api, reader: &Reader) -> Result<AdminPolicyView, GraphError> {
    api.campaign
        .policy_for_admin()
        .await
        .map_err(|e| unavailable(&reader.ids, &e))
}

/// A read of the policy: its version as the ETag, and any warning outside the body, so Graph
/// clients see Graph's document unchanged.
fn policy_response(body: Value, view: &AdminPolicyView) -> Response {
    let mut response = (StatusCode::OK, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::ETAG, etag(view.version));
    if let Some(warning) = view.warning.as_deref().and_then(warning_header) {
        response.headers_mut().insert(header::WARNING, warning);
    }
    response
}

fn no_such_method(ids: &RequestIds, id: &str) -> GraphError {
    ids.error(
        StatusCode::NOT_FOUND,
        "itemNotFound",
        format!("There is no authentication method configuration '{id}'."),
    )
}

async fn patch_policy(
    api: Api,
    Writer(writer): Writer,
    GraphJson(body): GraphJson<Value>,
) -> Result<Response, GraphError> {
    change(&api, &writer, PolicyTarget::Policy(&body)).await
}

async fn patch_method(
    api: Api,
    Path(id): Path<String>,
    Writer(writer): Writer,
    GraphJson(body): GraphJson<Value>,
) -> Result<Response, GraphError> {
    let id = known_method(&api, &writer, &id).await?;
    change(
        &api,
        &writer,
        PolicyTarget::Method {
            id: &id,
            patch: &body,
        },
    )
    .await
}

async fn delete_method(
    api: Api,
    Path(id): Path<String>,
    Writer(writer): Writer,
) -> Result<Response, GraphError> {
    let id = known_method(&api, &writer, &id).await?;
    change(&api, &writer, PolicyTarget::ResetMethod(&id)).await
}

/// The id of a method configuration that exists (built in, or stored), as it is spelled there.
async fn known_method(api: &Api, reader: &Reader, id: &str) -> Result<String, GraphError> {
    let view = read_policy(api, reader).await?;
    view.policy
        .method_configuration(id)
        .and_then(|c| c.get("id").and_then(Value::as_str).map(str::to_owned))
        .ok_or_else(|| no_such_method(&reader.ids, id))
}

async fn change(
    api: &Api,
    writer: &Reader,
    target: PolicyTarget<'_>,
) -> Result<Response, GraphError> {
    let ids = &writer.ids;
    // A method configuration's PATCH (and DELETE) answer 204, the policy's the new document.
    let whole_policy = matches!(target, PolicyTarget::Policy(_));
    let before = api
        .campaign
        .active_policy()
        .await
        .map_err(|e| unavailable(ids, &e))?;
    let stored = api
        .campaign
        .change_policy(
            target,
            writer.if_match,
            &actor(&writer.principal),
            &ids.request_id,
        )
        .await
        .map_err(|error| change_error(ids, error))?;
    let mut response = if !whole_policy {
        StatusCode::NO_CONTENT.into_response()
    } else {
        let body = with_context(
            stored.policy.document(),
            format!("{}/$metadata#authenticationMethodsPolicy", writer.root),
        );
        (StatusCode::OK, axum::Json(body)).into_response()
    };
    response
        .headers_mut()
        .insert(header::ETAG, etag(stored.version));
    // What Graph accepts but an admin should know (a 204 has no body to say it in).
    for warning in stored.policy.fido2().key_restriction_warnings() {
        if let Ok(value) = http::HeaderValue::from_str(&format!("299 - \"{warning}\"")) {
            response.headers_mut().append(header::WARNING, value);
        }
    }
    let shift = api.campaign.shift_to_policy(&before, &stored.policy).await;
    append_shift_warning(&mut response, shift);
    Ok(response)
}

/// Says in a `Warning` header how many met users the change moved into or out of required
/// registration (issue 25: no silent side effects).
pub(super) fn append_shift_warning(
    response: &mut Response,
    shift: Option<crate::campaign::StatusShift>,
) {
    if let Some(text) = shift.and_then(|s| s.in_english())
        && let Ok(value) = http::HeaderValue::from_str(&format!("299 - \"{text}\""))
    {
        response.headers_mut().append(header::WARNING, value);
    }
}

/// Graph's answer to a change that was not made.
fn change_error(ids: &RequestIds, error: ChangeError) -> GraphError {
    match error {
        ChangeError::Invalid(e) => {
            let message = e
                .violations()
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            ids.error(StatusCode::BAD_REQUEST, "BadRequest", message)
        }
        ChangeError::Stale { expected, current } => ids.error(
            StatusCode::PRECONDITION_FAILED,
            "PreconditionFailed",
            format!(
                "It changed: If-Match names version {expected}, the current version is {current}. Read it again and retry."
            ),
        ),
        ChangeError::Store(e) => unavailable(ids, &e),
    }
}

async fn audit_log(api: Api, reader: Reader) -> Result<Response, GraphError> {
    let query = &reader.query;
    let top = query_param(query, "$top")
        .and_then(|t| t.parse().ok())
        .unwrap_or(DEFAULT_PAGE)
        .clamp(1, MAX_PAGE);
    let skip = query_param(query, "$skiptoken")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let (entries, total) = api
        .campaign
        .audit_log(skip, top)
        .await
        .map_err(|e| unavailable(&reader.ids, &e))?;
    let root = &reader.root;
    let mut body = json!({
        "@odata.context": format!("{root}/$metadata#auditLogs/registrationCampaign"),
        "value": entries,
    });
    if skip.saturating_add(top) < total {
        body["@odata.nextLink"] = Value::String(format!(
            "{root}/auditLogs/registrationCampaign?$top={top}&$skiptoken={}",
            skip.saturating_add(top)
        ));
    }
    Ok((StatusCode::OK, axum::Json(body)).into_response())
}

async fn report(api: Api, reader: Reader) -> Result<Response, GraphError> {
    let query = &reader.query;
    let days = query_param(query, "days")
        .and_then(|d| d.parse().ok())
        .unwrap_or(14)
        .clamp(1, 366);
    let report = api
        .campaign
        .funnel_report(days)
        .await
        .map_err(|e| unavailable(&reader.ids, &e))?;
    let csv = query_param(query, "$format")
        .is_some_and(|f| f.eq_ignore_ascii_case("csv") || f.eq_ignore_ascii_case("text/csv"));
    Ok(if csv {
        (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"registration-campaign.csv\"",
                ),
            ],
            report.to_csv(),
        )
            .into_response()
    } else {
        (StatusCode::OK, axum::Json(report.to_json())).into_response()
    })
}

/// A what-if reads the policy and the user's state; it changes nothing, so readers may ask.
async fn what_if(
    api: Api,
    reader: Reader,
    GraphJson(request): GraphJson<WhatIfRequest>,
) -> Result<Response, GraphError> {
    match api.campaign.what_if(&request).await {
        Ok(answer) => Ok((StatusCode::OK, axum::Json(answer)).into_response()),
        Err(super::WhatIfError::Invalid(message)) => {
            Err(reader
                .ids
                .error(StatusCode::BAD_REQUEST, "BadRequest", message))
        }
        Err(super::WhatIfError::Store(e)) => Err(unavailable(&reader.ids, &e)),
    }
}

fn with_context(document: &Map<String, Value>, context: String) -> Value {
    let mut out = Map::new();
    out.insert("@odata.context".into(), Value::String(context));
    out.extend(document.clone());
    Value::Object(out)
}

fn etag(version: u64) -> HeaderValue {
    HeaderValue::from_str(&format!("W/\"{version}\""))
        .unwrap_or(HeaderValue::from_static("W/\"0\""))
}

/// The value of the query option `name` (`$top`), decoded, its name matched without case as
/// Graph does (`%24top` is `$top`).
fn query_param(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.into_owned())
}

/// `Warning: 199 registration-campaign "..."` (RFC 9111's `warn-text` is a quoted string).
fn warning_header(text: &str) -> Option<HeaderValue> {
    let quoted: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect::<String>()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    HeaderValue::from_str(&format!("199 registration-campaign \"{quoted}\"")).ok()
}

fn actor(principal: &Principal) -> Actor {
    Actor {
        id: principal.actor(),
        user_principal_name: principal.upn.clone(),
    }
}
