//! The plumbing every Graph API request shares: its ids, Graph's error body, the bearer-token
//! middleware, and the extractors that check a caller may read or write and parse a JSON body.

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Api, ApiState, BODY_LIMIT};
use crate::admin::auth::{Principal, TokenError};
use crate::campaign::Campaign;
use crate::store::StoreError;

/// What every answer and every error names: Graph's `request-id`, the caller's
/// `client-request-id` (echoed, or the request id), and the time.
#[derive(Debug, Clone)]
pub(super) struct RequestIds {
    pub(super) request_id: String,
    pub(super) client_request_id: String,
    pub(super) date: OffsetDateTime,
}

impl RequestIds {
    pub(super) fn new(headers: &HeaderMap, date: OffsetDateTime) -> Self {
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

    pub(super) fn error(
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
pub(super) struct GraphError {
    pub(super) ids: RequestIds,
    pub(super) status: StatusCode,
    pub(super) code: &'static str,
    pub(super) message: String,
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
pub(super) async fn authenticate(
    State(api): State<ApiState>,
    mut request: Request,
    next: Next,
) -> Response {
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

pub(super) fn bearer(headers: &HeaderMap) -> Result<&str, TokenError> {
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
pub(super) fn ids_of(parts: &Parts, campaign: &Campaign) -> RequestIds {
    parts
        .extensions
        .get::<RequestIds>()
        .cloned()
        .unwrap_or_else(|| RequestIds::new(&parts.headers, campaign.now()))
}

/// A caller allowed to read (`403` otherwise), with what the handlers need.
pub(super) struct Reader {
    pub(super) principal: Principal,
    pub(super) ids: RequestIds,
    pub(super) root: String,
    /// The version `If-Match` names (`None`: no precondition).
    pub(super) if_match: Option<u64>,
    pub(super) query: String,
}

/// A caller allowed to write (`403` otherwise).
pub(super) struct Writer(pub(super) Reader);

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

pub(super) fn forbidden(ids: &RequestIds) -> GraphError {
    ids.error(
        StatusCode::FORBIDDEN,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    )
}

/// A JSON body: 415 for another content type, 413 over [`BODY_LIMIT`], 400 when empty,
/// malformed or of the wrong shape.
pub(super) struct GraphJson<T>(pub(super) T);

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
pub(super) fn unavailable(ids: &RequestIds, error: &StoreError) -> GraphError {
    tracing::error!(%error, "admin API store failure");
    ids.error(
        StatusCode::SERVICE_UNAVAILABLE,
        "serviceNotAvailable",
        "The service is temporarily unavailable. Try again later.",
    )
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

/// `If-Match`: `*` (any) or an ETag of ours. Anything else matches no version.
fn if_match(headers: &HeaderMap) -> Option<Option<u64>> {
    let value = headers.get(header::IF_MATCH)?.to_str().ok()?.trim();
    if value == "*" {
        return None;
    }
    let digits = value.trim_start_matches("W/").trim_matches('"');
    Some(Some(digits.parse().unwrap_or(u64::MAX)))
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
