//! The Graph-compatible API: `GET`/`PATCH /policies/authenticationMethodsPolicy`, the Microsoft
//! Authenticator method configuration, the audit log, the campaign report and the what-if
//! endpoint. Path segments match case-insensitively, as in Graph; errors use Graph's body.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::auth::{AdminAuth, Principal, TokenError};
use super::whatif::WhatIfRequest;
use crate::campaign::Campaign;
use crate::campaign::policy_changes::{Actor, ChangeError, PolicyTarget};

/// Request bodies larger than this are refused with 413.
pub const BODY_LIMIT: usize = 64 * 1024;
const DEFAULT_PAGE: usize = 50;
const MAX_PAGE: usize = 999;

#[derive(Clone)]
struct Api {
    campaign: Campaign,
    auth: AdminAuth,
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
    Router::new()
        .fallback(handle)
        .layer(axum::middleware::map_response(no_store))
        .with_state(Api { campaign, auth })
}

/// Every answer (the policy, the audit log with admins' `oid` and `upn`, what-if with a user's
/// state, and every error) is for its caller only: no cache, shared or private, may keep it.
async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A Graph error response.
pub(crate) fn graph_error(
    status: StatusCode,
    code: &str,
    message: &str,
    request_id: &str,
    now: OffsetDateTime,
) -> Response {
    let date = now.format(&Rfc3339).unwrap_or_default();
    let body = json!({"error": {"code": code, "message": message,
        "innerError": {"date": date, "request-id": request_id, "client-request-id": request_id}}});
    let mut response = (status, axum::Json(body)).into_response();
    if let Ok(id) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("request-id", id);
    }
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer error=\"invalid_token\""),
        );
    }
    response
}

enum Resource {
    Policy,
    Authenticator,
    AuditLog,
    Report,
    WhatIf,
}

fn resource(path: &str) -> Option<Resource> {
    let segments: Vec<String> = path
        .trim_matches('/')
        .split('/')
        .map(str::to_ascii_lowercase)
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match segments.as_slice() {
        ["policies", "authenticationmethodspolicy"] => Some(Resource::Policy),
        [
            "policies",
            "authenticationmethodspolicy",
            "authenticationmethodconfigurations",
            "microsoftauthenticator",
        ] => Some(Resource::Authenticator),
        ["auditlogs", "registrationcampaign"] => Some(Resource::AuditLog),
        ["reports", "registrationcampaign"] => Some(Resource::Report),
        ["reports", "registrationcampaign", "whatif"] => Some(Resource::WhatIf),
        _ => None,
    }
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

/// The public URL of this API's root, for `@odata.context` and `@odata.nextLink`.
fn service_root(campaign: &Campaign, headers: &HeaderMap, original: &str, inner: &str) -> String {
    let mount = original
        .split('?')
        .next()
        .unwrap_or("")
        .strip_suffix(inner.split('?').next().unwrap_or(""))
        .unwrap_or("");
    format!("{}{mount}", campaign.public_origin(headers, false))
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

async fn handle(
    State(api): State<Api>,
    OriginalUri(original): OriginalUri,
    request: Request,
) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let (parts, body) = request.into_parts();
    let headers = &parts.headers;
    let now = api.campaign.now();
    let err =
        |status, code: &str, message: &str| graph_error(status, code, message, &request_id, now);

    let principal = match bearer(headers).and_then(|t| api.auth.verify(t, api.campaign.now())) {
        Ok(p) => p,
        Err(e) => {
            tracing::info!(error = %e, "admin API token refused");
            let mut response = err(
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
                &e.to_string(),
            );
            if e == TokenError::Missing {
                // RFC 6750: no error code when the request carried no token at all.
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            return response;
        }
    };
    let Some(resource) = resource(parts.uri.path()) else {
        return err(
            StatusCode::NOT_FOUND,
            "itemNotFound",
            &format!("Resource not found for the segment '{}'.", parts.uri.path()),
        );
    };
    let write = match (&resource, &parts.method) {
        (Resource::Policy | Resource::Authenticator, &Method::GET)
        | (Resource::AuditLog | Resource::Report, &Method::GET) => false,
        (Resource::Policy | Resource::Authenticator, &Method::PATCH) => true,
        // A what-if reads the policy and the user's state; it changes nothing.
        (Resource::WhatIf, &Method::POST) => false,
        _ => {
            let mut response = err(
                StatusCode::METHOD_NOT_ALLOWED,
                "methodNotAllowed",
                &format!("{} is not allowed on this resource.", parts.method),
            );
            response.headers_mut().insert(
                header::ALLOW,
                HeaderValue::from_static(match resource {
                    Resource::Policy | Resource::Authenticator => "GET, PATCH",
                    Resource::WhatIf => "POST",
                    _ => "GET",
                }),
            );
            return response;
        }
    };
    let allowed = if write {
        principal.can_write()
    } else {
        principal.can_read()
    };
    if !allowed {
        return err(
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        );
    }
    let root = service_root(
        &api.campaign,
        headers,
        &original.to_string(),
        &parts.uri.to_string(),
    );
    let query = parts.uri.query().unwrap_or("");

    let body = if parts.method == Method::GET {
        Value::Null
    } else {
        match read_json(headers, body).await {
            Ok(v) => v,
            Err((status, code, message)) => return err(status, code, &message),
        }
    };

    let campaign = &api.campaign;
    let authenticator = matches!(resource, Resource::Authenticator);
    let result = match (resource, write) {
        (Resource::Policy, false) | (Resource::Authenticator, false) => {
            match campaign.policy_for_admin().await {
                Ok(view) => {
                    let body = if authenticator {
                        let doc = view.policy.authenticator_document();
                        with_context(
                            doc.as_object().unwrap_or(&Map::new()),
                            format!(
                                "{root}/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity"
                            ),
                        )
                    } else {
                        with_context(
                            view.policy.document(),
                            format!("{root}/$metadata#authenticationMethodsPolicy"),
                        )
                    };
                    let mut response = (StatusCode::OK, axum::Json(body)).into_response();
                    response
                        .headers_mut()
                        .insert(header::ETAG, etag(view.version));
                    if let Some(warning) = view.warning.as_deref().and_then(warning_header) {
                        // Outside the body, so Graph clients see Graph's document unchanged.
                        response.headers_mut().insert(header::WARNING, warning);
                    }
                    Ok(response)
                }
                Err(e) => Err(e),
            }
        }
        (Resource::Policy, true) | (Resource::Authenticator, true) => {
            let target = if authenticator {
                PolicyTarget::Authenticator(&body)
            } else {
                PolicyTarget::Policy(&body)
            };
            let actor = actor(&principal);
            match campaign
                .change_policy(target, if_match(headers).flatten(), &actor, &request_id)
                .await
            {
                Ok(stored) => {
                    let mut response = if authenticator {
                        StatusCode::NO_CONTENT.into_response()
                    } else {
                        let body = with_context(
                            stored.policy.document(),
                            format!("{root}/$metadata#authenticationMethodsPolicy"),
                        );
                        (StatusCode::OK, axum::Json(body)).into_response()
                    };
                    response
                        .headers_mut()
                        .insert(header::ETAG, etag(stored.version));
                    Ok(response)
                }
                Err(ChangeError::Invalid(e)) => {
                    let message = e
                        .violations()
                        .iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join("; ");
                    return err(StatusCode::BAD_REQUEST, "BadRequest", &message);
                }
                Err(ChangeError::Stale { expected, current }) => {
                    return err(
                        StatusCode::PRECONDITION_FAILED,
                        "PreconditionFailed",
                        &format!(
                            "The policy changed: If-Match names version {expected}, the current version is {current}. Read it again and retry."
                        ),
                    );
                }
                Err(ChangeError::Store(e)) => Err(e),
            }
        }
        (Resource::AuditLog, _) => {
            let top = query_param(query, "$top")
                .and_then(|t| t.parse().ok())
                .unwrap_or(DEFAULT_PAGE)
                .clamp(1, MAX_PAGE);
            let skip = query_param(query, "$skiptoken")
                .and_then(|t| t.parse().ok())
                .unwrap_or(0);
            match campaign.audit_log(skip, top).await {
                Ok((entries, total)) => {
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
                Err(e) => Err(e),
            }
        }
        (Resource::Report, _) => {
            let days = query_param(query, "days")
                .and_then(|d| d.parse().ok())
                .unwrap_or(14)
                .clamp(1, 366);
            match campaign.funnel_report(days).await {
                Ok(report) => {
                    let csv = query_param(query, "$format").is_some_and(|f| {
                        f.eq_ignore_ascii_case("csv") || f.eq_ignore_ascii_case("text%2Fcsv")
                    });
                    if csv {
                        Ok((
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
                            .into_response())
                    } else {
                        Ok((StatusCode::OK, axum::Json(report.to_json())).into_response())
                    }
                }
                Err(e) => Err(e),
            }
        }
        (Resource::WhatIf, _) => {
            let request: WhatIfRequest = match serde_json::from_value(body) {
                Ok(r) => r,
                Err(e) => {
                    return err(
                        StatusCode::BAD_REQUEST,
                        "BadRequest",
                        &format!("Invalid what-if request: {e}"),
                    );
                }
            };
            match campaign.what_if(&request).await {
                Ok(answer) => Ok((StatusCode::OK, axum::Json(answer)).into_response()),
                Err(super::WhatIfError::Invalid(message)) => {
                    return err(StatusCode::BAD_REQUEST, "BadRequest", &message);
                }
                Err(super::WhatIfError::Store(e)) => Err(e),
            }
        }
    };
    match result {
        Ok(mut response) => {
            if let Ok(id) = HeaderValue::from_str(&request_id) {
                response.headers_mut().insert("request-id", id);
            }
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "admin API store failure");
            err(
                StatusCode::SERVICE_UNAVAILABLE,
                "serviceNotAvailable",
                "The service is temporarily unavailable. Try again later.",
            )
        }
    }
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
