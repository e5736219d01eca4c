//! The device endpoints of the push protocol over HTTP: `register`, `poll`, `answer` (JSON, no
//! cookies), mounted under `{prefix}/device/v1`, and the short URL `{prefix}/d/{slot}` of
//! enrollment by code; for tenants other than the default one, the same under
//! `{prefix}/t/{tenant}`. The protocol itself is `enroll::push`.

use std::collections::HashMap;

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Json, Path};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use serde::Serialize;

use crate::campaign::Campaign;
use crate::enroll::protocol::{self, ErrorBody, ErrorDetail};
use crate::enroll::push::{DeviceApi, ProtocolError, Refusal, answer, poll, redeem, register};
use crate::tenant::TenantId;

/// Protocol messages are small; anything larger is refused before parsing.
const BODY_LIMIT: usize = 8 * 1024;

/// The device endpoints, to nest under `{prefix}/device/v1` (the default tenant) and
/// `{prefix}/t/{tenant}/device/v1` (any other).
pub(crate) fn router() -> Router<Campaign> {
    Router::new()
        .route("/register", post(register_handler))
        .route("/poll", post(poll_handler))
        .route("/answer", post(answer_handler))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// `POST {prefix}/d/{slot}` (or `{prefix}/t/{tenant}/d/{slot}`): enrollment by code, the short
/// URL the scan page shows.
pub(crate) fn code_route() -> MethodRouter<Campaign> {
    post(redeem_handler).layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// The campaign serving the tenant the path names (`{prefix}/t/{tenant}/...`), else the
/// default tenant's: a device only ever reaches the tenant whose URL it was given.
pub(crate) struct TenantScoped(Campaign);

impl FromRequestParts<Campaign> for TenantScoped {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        campaign: &Campaign,
    ) -> Result<Self, Self::Rejection> {
        let params = Path::<HashMap<String, String>>::from_request_parts(parts, campaign)
            .await
            .map(|Path(params)| params)
            .unwrap_or_default();
        let Some(tenant) = params.get("tenant") else {
            return Ok(Self(campaign.clone()));
        };
        TenantId::new(tenant)
            .ok()
            .and_then(|tenant| campaign.for_tenant(&tenant).ok())
            .map(Self)
            .ok_or_else(|| {
                error(
                    StatusCode::NOT_FOUND,
                    "unknownTenant",
                    "this server serves no such tenant".into(),
                )
            })
    }
}

async fn redeem_handler(
    TenantScoped(campaign): TenantScoped,
    Path(params): Path<HashMap<String, String>>,
    headers: HeaderMap,
    body: Result<Json<protocol::RedeemRequest>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(request)) => respond(
            StatusCode::OK,
            redeem(
                &device_api(&campaign),
                &crate::web::flow_url(&campaign, &headers),
                params.get("slot").map_or("", String::as_str),
                request,
            )
            .await,
        ),
        Err(rejection) => malformed(rejection),
    }
}

/// A refused protocol request: its status and `{"error": {"code", "message"}}`.
impl IntoResponse for ProtocolError {
    fn into_response(self) -> Response {
        tracing::info!(code = self.code, "push protocol request refused");
        error(status(self.refusal), self.code, self.message)
    }
}

/// The HTTP status of each refusal, as `docs/device-protocol.md` lists them.
pub(crate) fn status(refusal: Refusal) -> StatusCode {
    match refusal {
        Refusal::BadRequest => StatusCode::BAD_REQUEST,
        Refusal::Unauthorized => StatusCode::UNAUTHORIZED,
        Refusal::NotFound => StatusCode::NOT_FOUND,
        Refusal::Conflict => StatusCode::CONFLICT,
        Refusal::Gone => StatusCode::GONE,
        Refusal::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
        Refusal::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        Refusal::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// What the protocol functions need from `campaign`, at the time of the request.
pub(crate) fn device_api(campaign: &Campaign) -> DeviceApi<'_> {
    DeviceApi {
        store: campaign.store(),
        secret_key: campaign.secret_key(),
        issuer: campaign.issuer(),
        now: campaign.now(),
        flows: campaign,
    }
}

fn error(status: StatusCode, code: &str, message: String) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: code.into(),
            message,
        },
    };
    (status, Json(body)).into_response()
}

fn respond<T: Serialize>(status: StatusCode, result: Result<T, ProtocolError>) -> Response {
    match result {
        Ok(body) => (status, Json(body)).into_response(),
        Err(e) => e.into_response(),
    }
}

fn malformed(rejection: JsonRejection) -> Response {
    let status = match rejection {
        JsonRejection::MissingJsonContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        JsonRejection::BytesRejection(_) => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::BAD_REQUEST,
    };
    error(status, "malformedRequest", rejection.body_text())
}

async fn register_handler(
    TenantScoped(campaign): TenantScoped,
    body: Result<Json<protocol::RegisterRequest>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(request)) => respond(
            StatusCode::CREATED,
            register(&device_api(&campaign), request).await,
        ),
        Err(rejection) => malformed(rejection),
    }
}

async fn poll_handler(
    TenantScoped(campaign): TenantScoped,
    body: Result<Json<protocol::PollRequest>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(request)) => respond(StatusCode::OK, poll(&device_api(&campaign), request).await),
        Err(rejection) => malformed(rejection),
    }
}

async fn answer_handler(
    TenantScoped(campaign): TenantScoped,
    body: Result<Json<protocol::AnswerRequest>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(request)) => respond(
            StatusCode::OK,
            answer(&device_api(&campaign), request).await,
        ),
        Err(rejection) => malformed(rejection),
    }
}
