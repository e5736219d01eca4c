//! The Graph-compatible API: `GET`/`PATCH /policies/authenticationMethodsPolicy`, the Microsoft
//! Authenticator method configuration, the audit log, the campaign report and the what-if
//! endpoint, as an axum router with one route per resource.
//!
//! Graph's order of checks is kept: the bearer token first (401, even for an unknown path),
//! then the path and method (404, 405 with `Allow`), then the token's permissions (403), then
//! the body (415, 413, 400), then `If-Match` (412). Path segments match case-insensitively, as
//! in Graph (the path is lower-cased before routing); every error uses Graph's body.

mod settings;
mod user_report;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tower::ServiceExt;

use super::auth::{AdminAuth, Principal, TokenError};
use super::whatif::WhatIfRequest;
use crate::campaign::Campaign;
use crate::campaign::audit::Actor;
use crate::campaign::policy_changes::{AdminPolicyView, ChangeError, PolicyTarget};
use crate::store::StoreError;

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
        .route(WHAT_IF, post(what_if))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(api.clone(), authenticate))
        .with_state(api);
    // Graph's paths are case-insensitive: lower-case them before the routes see them.
    Router::new().fallback_service(tower::service_fn(move |request: Request| {
        routes.clone().oneshot(lower_case_path(request))
    }))
}

/// Graph's paths match without case and with or without a trailing slash.
fn lower_case_path(mut request: Request) -> Request {
    let uri = request.uri();
    let path = uri.path();
    let trimmed = match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    };
    if trimmed.len() != path.len() || path.bytes().any(|b| b.is_ascii_uppercase()) {
        let lowered = match uri.query() {
            Some(query) => format!("{}?{query}", trimmed.to_ascii_lowercase()),
            None => trimmed.to_ascii_lowercase(),
        };
        if let Ok(uri) = lowered.parse::<Uri>() {
            *request.uri_mut() = uri;
        }
    }
    request
}

/// What every answer and every error names: Graph's `request-id`, the caller's
/// `client-request-id` (echoed, or the request id), and the time.
#[derive(Debug, Clone)]
struct RequestIds {
    request_id: String,
    client_request_id: String,
    date: OffsetDateTime,
}

impl RequestIds {
    fn new(headers: &HeaderMap, date: OffsetDateTime) -> Self {
        let request_id = uuid::Uuid::new_v4().to_string();
        let client_request_id = headers
            .get("client-request-id")
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()))
            .map_or_else(|| request_id.clone(), str::to_owned);
        Self {
            request_id,
            client_request_id,
            date,
        }
    }

    fn error(
        &self,
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
    ) -> GraphError {
        GraphError {
            ids: self.clone(),
            status,
            code,
            message: message.into(),
        }
    }
}

/// A Graph error: `{"error": {"code", "message", "innerError": {"date", "request-id",
/// "client-request-id"}}}`.
#[derive(Debug)]
struct GraphError {
    ids: RequestIds,
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let ids = &self.ids;
        let date = ids.date.format(&Rfc3339).unwrap_or_default();
        let body = json!({"error": {"code": self.code, "message": self.message,
            "innerError": {"date": date, "request-id": ids.request_id,
                           "client-request-id": ids.client_request_id}}});
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        response
    }
}

/// Checks the bearer token (401 before anything else, as Graph does), names the request, and
/// marks every answer `no-store`: the policy, the audit log with admins' `oid` and `upn`,
/// what-if with a user's state, and every error are for their caller only.
async fn authenticate(State(api): State<ApiState>, mut request: Request, next: Next) -> Response {
    let ids = RequestIds::new(request.headers(), api.campaign.now());
    let verified = bearer(request.headers())
        .and_then(|token| api.auth.verify(token, api.campaign.now()))
        .and_then(|principal| {
            // A token of a tenant the host does not serve is refused as Graph refuses a
            // token issued for another tenant: 401, before anything is read.
            let campaign = api
                .campaign
                .for_tenant(&principal.tenant)
                .map_err(|_| TokenError::UnknownTenant)?;
            Ok((principal, campaign))
        });
    let mut response = match verified {
        Ok((principal, campaign)) => {
            request.extensions_mut().insert(Api { campaign });
            request.extensions_mut().insert(principal);
            request.extensions_mut().insert(ids.clone());
            next.run(request).await
        }
        Err(e) => {
            tracing::warn!(target: "registration_campaign", error = %e, "admin API token refused");
            let mut response = ids
                .error(
                    StatusCode::UNAUTHORIZED,
                    "InvalidAuthenticationToken",
                    e.to_string(),
                )
                .into_response();
            // RFC 6750: no error code when the request carried no token at all; otherwise
            // the reason, so that an operator can tell a wrong audience from an expired token.
            let challenge = if e == TokenError::Missing {
                HeaderValue::from_static("Bearer")
            } else {
                HeaderValue::from_str(&format!(
                    "Bearer error=\"invalid_token\", error_description=\"{e}\""
                ))
                .unwrap_or_else(|_| HeaderValue::from_static("Bearer error=\"invalid_token\""))
            };
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, challenge);
            response
        }
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for (name, value) in [
        ("request-id", &ids.request_id),
        ("client-request-id", &ids.client_request_id),
    ] {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    }
    response
}

fn bearer(headers: &HeaderMap) -> Result<&str, TokenError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(TokenError::Missing)?;
    let (scheme, token) = value.split_once(' ').ok_or(TokenError::Invalid)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(TokenError::Missing);
    }
    Ok(token.trim())
}

/// The request's ids, put there by [`authenticate`].
fn ids_of(parts: &Parts, campaign: &Campaign) -> RequestIds {
    parts
        .extensions
        .get::<RequestIds>()
        .cloned()
        .unwrap_or_else(|| RequestIds::new(&parts.headers, campaign.now()))
}

/// A caller allowed to read (`403` otherwise), with what the handlers need.
struct Reader {
    principal: Principal,
    ids: RequestIds,
    root: String,
    /// The version `If-Match` names (`None`: no precondition).
    if_match: Option<u64>,
    query: String,
}

/// A caller allowed to write (`403` otherwise).
struct Writer(Reader);

impl FromRequestParts<ApiState> for Reader {
    type Rejection = GraphError;

    async fn from_request_parts(parts: &mut Parts, api: &ApiState) -> Result<Self, GraphError> {
        let ids = ids_of(parts, &api.campaign);
        let principal = parts
            .extensions
            .get::<Principal>()
            .cloned()
            .ok_or_else(|| {
                ids.error(
                    StatusCode::UNAUTHORIZED,
                    "InvalidAuthenticationToken",
                    "No token.",
                )
            })?;
        if !principal.can_read() {
            return Err(forbidden(&ids));
        }
        let original = parts
            .extensions
            .get::<OriginalUri>()
            .map_or_else(|| parts.uri.to_string(), |o| o.0.to_string());
        Ok(Self {
            root: service_root(
                &api.campaign,
                &parts.headers,
                &original,
                &parts.uri.to_string(),
            ),
            query: parts.uri.query().unwrap_or("").to_owned(),
            if_match: if_match(&parts.headers).flatten(),
            principal,
            ids,
        })
    }
}

impl FromRequestParts<ApiState> for Writer {
    type Rejection = GraphError;

    async fn from_request_parts(parts: &mut Parts, api: &ApiState) -> Result<Self, GraphError> {
        let reader = Reader::from_request_parts(parts, api).await?;
        if !reader.principal.can_write() {
            return Err(forbidden(&reader.ids));
        }
        Ok(Self(reader))
    }
}

fn forbidden(ids: &RequestIds) -> GraphError {
    ids.error(
        StatusCode::FORBIDDEN,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    )
}

/// A JSON body: 415 for another content type, 413 over [`BODY_LIMIT`], 400 when empty,
/// malformed or of the wrong shape.
struct GraphJson<T>(T);

impl<T: DeserializeOwned> FromRequest<ApiState> for GraphJson<T> {
    type Rejection = GraphError;

    async fn from_request(request: Request, api: &ApiState) -> Result<Self, GraphError> {
        let (parts, body) = request.into_parts();
        let ids = ids_of(&parts, &api.campaign);
        let value = read_json(&parts.headers, body)
            .await
            .map_err(|(status, code, message)| ids.error(status, code, message))?;
        serde_json::from_value(value).map(GraphJson).map_err(|e| {
            ids.error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                format!("Invalid request body: {e}"),
            )
        })
    }
}

/// The store failed: `503 serviceNotAvailable`.
fn unavailable(ids: &RequestIds, error: &StoreError) -> GraphError {
    tracing::error!(%error, "admin API store failure");
    ids.error(
        StatusCode::SERVICE_UNAVAILABLE,
        "serviceNotAvailable",
        "The service is temporarily unavailable. Try again later.",
    )
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
    Ok(response)
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
        .is_some_and(|f| f.eq_ignore_ascii_case("csv") || f.eq_ignore_ascii_case("text%2Fcsv"));
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

/// The public URL of this API's root, for `@odata.context` and `@odata.nextLink`.
fn service_root(campaign: &Campaign, headers: &HeaderMap, original: &str, inner: &str) -> String {
    // The inner path was lower-cased for routing: strip it from the original without case.
    let original = original.split('?').next().unwrap_or("");
    let inner = inner.split('?').next().unwrap_or("");
    let mount = original
        .len()
        .checked_sub(inner.len())
        .filter(|&at| original.is_char_boundary(at) && original[at..].eq_ignore_ascii_case(inner))
        .map_or("", |at| &original[..at]);
    format!(
        "{}{mount}",
        crate::web::public_origin(campaign, headers, false)
    )
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

/// `If-Match`: `*` (any) or an ETag of ours. Anything else matches no version.
fn if_match(headers: &HeaderMap) -> Option<Option<u64>> {
    let value = headers.get(header::IF_MATCH)?.to_str().ok()?.trim();
    if value == "*" {
        return None;
    }
    let digits = value.trim_start_matches("W/").trim_matches('"');
    Some(Some(digits.parse().unwrap_or(u64::MAX)))
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| {
            k.eq_ignore_ascii_case(name) || k.eq_ignore_ascii_case(&name.replace('$', "%24"))
        })
        .map(|(_, v)| v)
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

/// Reads a JSON body: 415 for another content type, 413 over the limit, 400 when empty or
/// malformed.
async fn read_json(
    headers: &HeaderMap,
    body: Body,
) -> Result<Value, (StatusCode, &'static str, String)> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case("application/json") {
        return Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            format!("Content-Type must be application/json, not '{content_type}'."),
        ));
    }
    let bytes = to_bytes(body, BODY_LIMIT).await.map_err(|_| {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            format!("The request body is larger than {BODY_LIMIT} bytes."),
        )
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err((
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "The request body is empty.".into(),
        ));
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        (
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!("The request body is not valid JSON: {e}"),
        )
    })
}
