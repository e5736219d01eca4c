//! The way out of a required registration: **Sign out** on every required page, and the page
//! the gate sends a required user to when no flow of theirs is open in this browser.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::record::FlowStatus;
use super::respond::{request_texts, required_page, see_other};
use super::session::{self, FlowForm};
use crate::campaign::Campaign;

/// `POST {prefix}/sign-out`: ends the flow (its held cookies are never released) and sends the
/// browser to the host's sign-out endpoint. Works whether or not the host has a session for
/// the user: the flow itself is what a next person at this browser could otherwise finish.
pub(crate) async fn sign_out(
    State(campaign): State<Campaign>,
    headers: HeaderMap,
    form: Result<Form<FlowForm>, FormRejection>,
) -> Response {
    let removal = campaign.cookie_settings().removal();
    if let Ok(mut session) = session::load(&campaign, &headers).await {
        if let Err(rejection) = session
            .authorize(form, true)
            .await
            .map_err(|e| session.reject(e))
        {
            return rejection.into_response();
        }
        if let Err(error) = session.end(FlowStatus::Revoked).await {
            // The flow could not be ended: say so rather than pretend the user is out.
            return session.reject(error.into()).into_response();
        }
        tracing::info!(target: "registration_campaign", "a required user signed out of the flow");
    }
    let target = campaign.sign_out_target();
    let mut response = if target.is_post() {
        // 307 keeps the method: the browser posts to the host's sign-out from this origin.
        (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, target.path().to_owned())],
        )
            .into_response()
    } else {
        see_other(target.path())
    };
    super::cookies::set(response.headers_mut(), &removal);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET {prefix}/required`: where the gate sends a required user's browser. With an open flow
/// in this browser, its current step; otherwise what to do (sign out and sign in again).
pub(crate) async fn required(State(campaign): State<Campaign>, headers: HeaderMap) -> Response {
    match session::load(&campaign, &headers).await {
        Ok(_) => see_other(campaign.prefix()),
        Err(_) => required_page(&campaign, &request_texts(&campaign, &headers)),
    }
}
