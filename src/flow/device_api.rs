//! The device endpoints of the push protocol: `register`, `poll`, `answer` (JSON, no cookies;
//! every message is signed by the device's key).

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Json, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Serialize;

use crate::campaign::Campaign;
use crate::enroll::protocol::{ErrorBody, ErrorDetail};
use crate::enroll::push::{self, ProtocolError};

/// Protocol messages are small; anything larger is refused before parsing.
const BODY_LIMIT: usize = 8 * 1024;

pub(super) fn router() -> Router<Campaign> {
    Router::new()
        .route("/register", post(register))
        .route("/poll", post(poll))
        .route("/answer", post(answer))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
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
        Err(e) => {
            tracing::info!(code = e.code, "push protocol request refused");
            error(e.status, e.code, e.message)
        }
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

async fn register(
    State(campaign): State<Campaign>,
    body: Result<Json<crate::enroll::protocol::RegisterRequest>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(request)) => respond(
            StatusCode::CREATED,
            push::register(&campaign, request).await,
        ),
        Err(rejection) => malformed(rejection),
    }
}

async fn poll(
    State(campaign): State<Campaign>,
    body: Result<Json<crate::enroll::protocol::PollRequest>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(request)) => respond(StatusCode::OK, push::poll(&campaign, request).await),
        Err(rejection) => malformed(rejection),
    }
}

async fn answer(
    State(campaign): State<Campaign>,
    body: Result<Json<crate::enroll::protocol::AnswerRequest>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(request)) => respond(StatusCode::OK, push::answer(&campaign, request).await),
        Err(rejection) => malformed(rejection),
    }
}
