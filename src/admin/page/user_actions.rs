//! The user table's per-user actions: exempt a user until a date with a reason, or end an
//! exemption; reset a user's snoozes; extend a user's snooze until a date, or end the extension.
//! The same checks and audit as the admin API's `…/users/{id}/…` routes.

use axum::extract::{OriginalUri, Request};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use super::csrf::SignedIn;
use super::view::{Render, Section};
use super::{Scoped, admin_texts, mount_of, read_form};
use crate::campaign::{ExemptionError, SnoozeExtensionError};

/// A posted per-user form (`until` and `reason` only where the action takes them).
#[derive(Debug, Default, Deserialize)]
pub(super) struct UserActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    reason: String,
}

/// A date (00:00 UTC that day) or an RFC 3339 time.
fn read_until(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map(|day| day.midnight().assume_utc())
        .or_else(|_| OffsetDateTime::parse(text, &Rfc3339))
        .ok()
}

/// `POST {mount}/users/exempt`.
pub(super) async fn exempt(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    let (mount, admin, headers, form) =
        match read(&state, &original, "/users/exempt", request).await {
            Ok(read) => read,
            Err(refused) => return refused,
        };
    let t = &admin_texts(&state.campaign, &headers);
    let user = form.user.trim();
    let outcome = match (
        state.campaign.knows_user(user).await,
        read_until(&form.until),
    ) {
        (Ok(false), _) => Err(t.fmt("admin-exempt-unknown").arg("user", user).plain()),
        (Err(e), _) => Err(t.fmt("admin-no-answer").arg("error", e.to_string()).plain()),
        (Ok(true), None) => Err(t.text("admin-exempt-bad-until")),
        (Ok(true), Some(until)) => {
            match state
                .campaign
                .exempt(user, until, &form.reason, &admin.actor)
                .await
            {
                Ok(exemption) => Ok(t
                    .fmt("admin-exempt-done")
                    .arg("user", user)
                    .arg("until", super::words::When::at(exemption.until, t).text)
                    .plain()),
                Err(ExemptionError::Until) => Err(t.text("admin-exempt-bad-until")),
                Err(ExemptionError::Reason) => Err(t.text("admin-exempt-bad-reason")),
                Err(ExemptionError::Store(e)) => {
                    Err(t.fmt("admin-no-answer").arg("error", e.to_string()).plain())
                }
            }
        }
    };
    answer(&state, &headers, &admin, mount, outcome).await
}

/// `POST {mount}/users/unexempt`.
pub(super) async fn unexempt(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    let (mount, admin, headers, form) =
        match read(&state, &original, "/users/unexempt", request).await {
            Ok(read) => read,
            Err(refused) => return refused,
        };
    let t = &admin_texts(&state.campaign, &headers);
    let user = form.user.trim();
    let outcome = match state.campaign.remove_exemption(user, &admin.actor).await {
        Ok(_) => Ok(t.fmt("admin-exempt-removed").arg("user", user).plain()),
        Err(e) => Err(t.fmt("admin-no-answer").arg("error", e.to_string()).plain()),
    };
    answer(&state, &headers, &admin, mount, outcome).await
}

/// `POST {mount}/users/reset-snoozes`.
pub(super) async fn reset_snoozes(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    let (mount, admin, headers, form) =
        match read(&state, &original, "/users/reset-snoozes", request).await {
            Ok(read) => read,
            Err(refused) => return refused,
        };
    let t = &admin_texts(&state.campaign, &headers);
    let user = form.user.trim();
    let outcome = match state.campaign.knows_user(user).await {
        Ok(false) => Err(t.fmt("admin-user-unknown").arg("user", user).plain()),
        Err(e) => Err(t.fmt("admin-no-answer").arg("error", e.to_string()).plain()),
        Ok(true) => match state.campaign.reset_snoozes(user, &admin.actor).await {
            Ok(_) => Ok(t.fmt("admin-reset-done").arg("user", user).plain()),
            Err(e) => Err(t.fmt("admin-no-answer").arg("error", e.to_string()).plain()),
        },
    };
    answer(&state, &headers, &admin, mount, outcome).await
}

/// `POST {mount}/users/extend`.
pub(super) async fn extend(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    let (mount, admin, headers, form) =
        match read(&state, &original, "/users/extend", request).await {
            Ok(read) => read,
            Err(refused) => return refused,
        };
    let t = &admin_texts(&state.campaign, &headers);
    let user = form.user.trim();
    let outcome = match (
        state.campaign.knows_user(user).await,
        read_until(&form.until),
    ) {
        (Ok(false), _) => Err(t.fmt("admin-user-unknown").arg("user", user).plain()),
        (Err(e), _) => Err(t.fmt("admin-no-answer").arg("error", e.to_string()).plain()),
        (Ok(true), None) => Err(t.text("admin-extend-bad-until")),
        (Ok(true), Some(until)) => {
            match state
                .campaign
                .extend_snooze(user, until, &admin.actor)
                .await
            {
                Ok(extension) => Ok(t
                    .fmt("admin-extend-done")
                    .arg("user", user)
                    .arg("until", super::words::When::at(extension.until, t).text)
                    .plain()),
                Err(SnoozeExtensionError::Until) => Err(t.text("admin-extend-bad-until")),
                Err(SnoozeExtensionError::Store(e)) => {
                    Err(t.fmt("admin-no-answer").arg("error", e.to_string()).plain())
                }
            }
        }
    };
    answer(&state, &headers, &admin, mount, outcome).await
}

/// `POST {mount}/users/unextend`.
pub(super) async fn unextend(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    let (mount, admin, headers, form) =
        match read(&state, &original, "/users/unextend", request).await {
            Ok(read) => read,
            Err(refused) => return refused,
        };
    let t = &admin_texts(&state.campaign, &headers);
    let user = form.user.trim();
    let outcome = match state
        .campaign
        .remove_snooze_extension(user, &admin.actor)
        .await
    {
        Ok(_) => Ok(t.fmt("admin-extend-removed").arg("user", user).plain()),
        Err(e) => Err(t.fmt("admin-no-answer").arg("error", e.to_string()).plain()),
    };
    answer(&state, &headers, &admin, mount, outcome).await
}

/// The posted form of the route at `path`, once its CSRF token is checked: where the page is
/// mounted, who is signed in, the request's headers and the form.
async fn read(
    state: &super::PageState,
    original: &OriginalUri,
    path: &str,
    request: Request,
) -> Result<(String, SignedIn, axum::http::HeaderMap, UserActionForm), Response> {
    let mount = mount_of(original, path);
    let admin = SignedIn::from(request.extensions());
    let (headers, form) = read_form(state, &admin, request, |f: &UserActionForm| &f.csrf).await?;
    Ok((mount, admin, headers, form))
}

async fn answer(
    state: &super::PageState,
    headers: &axum::http::HeaderMap,
    admin: &SignedIn,
    mount: String,
    outcome: Result<String, String>,
) -> Response {
    let (status, notice) = match outcome {
        Ok(done) => (StatusCode::OK, done),
        Err(refused) => (StatusCode::BAD_REQUEST, refused),
    };
    Render::new(state, headers, admin, mount)
        .notice(Section::Users, notice)
        .status(status)
        .page()
        .await
}
