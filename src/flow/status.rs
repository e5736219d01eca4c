//! `GET {prefix}/status`: where the phone stands, for the pages' polling script. Read-only.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use super::record::FlowStep;
use super::render::{enroll_context, enrollment};
use super::session::FlowSession;
use crate::campaign::Campaign;
use crate::enroll::Verification;

/// `GET {prefix}/status`: where the phone stands, for the pages' polling script:
/// `waiting`/`connected` on the scan step, `pending`/`approved`/`denied`/`expired` on the test
/// step. Read-only.
pub(crate) async fn status(State(campaign): State<Campaign>, headers: HeaderMap) -> Response {
    let value = match super::session::load(&campaign, &headers).await {
        Ok(session) => poll_state(&session, &headers).await,
        Err(_) => "expired",
    };
    axum::Json(serde_json::json!({"state": value})).into_response()
}

async fn poll_state(session: &FlowSession, headers: &HeaderMap) -> &'static str {
    let Ok((method, handle)) = enrollment(session) else {
        return "none";
    };
    let url = crate::web::flow_url(&session.campaign, headers);
    let cx = enroll_context(session, &url);
    match session.flow().step {
        FlowStep::Scan => match method.scan(&cx, &handle).await {
            Ok(crate::enroll::ScanView::Device {
                device: Some(_), ..
            }) => "connected",
            Ok(_) => "waiting",
            Err(_) => "expired",
        },
        FlowStep::Verify => match method.verify(&cx, &handle).await {
            Ok(Verification::Pending { .. }) => "pending",
            Ok(Verification::Approved(_)) => "approved",
            Ok(Verification::Failed { .. }) => "denied",
            Err(_) => "expired",
        },
        _ => "none",
    }
}
