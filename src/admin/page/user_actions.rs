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

/// What an action needs: the campaign, the admin's texts, the user named, the form, and who
/// is signed in.
struct Action<'a> {
    campaign: &'a crate::Campaign,
    t: &'a crate::locale::Texts,
    user: &'a str,
    form: &'a UserActionForm,
    admin: &'a SignedIn,
}

impl Action<'_> {
    /// The store did not answer.
    fn no_answer(&self, error: impl std::fmt::Display) -> String {
        self.t
            .fmt("admin-no-answer")
            .arg("error", error.to_string())
            .plain()
    }

    /// `message` with the user and, if given, a time in words.
    fn say(&self, message: &str, until: Option<OffsetDateTime>) -> String {
        let mut text = self.t.fmt(message).arg("user", self.user);
        if let Some(until) = until {
            text = text.arg("until", super::words::When::at(until, self.t).text);
        }
        text.plain()
    }

    /// The user must be known to the directory or the campaign; `unknown` says so otherwise.
    async fn known(&self, unknown: &str) -> Result<(), String> {
        match self.campaign.knows_user(self.user).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(self.say(unknown, None)),
            Err(e) => Err(self.no_answer(e)),
        }
    }
}

/// Reads the form posted to `path` (CSRF checked), runs `act` and shows the page with what it
/// said: `Ok` a success, `Err` a refusal (400) that changed nothing.
async fn run(
    state: &super::PageState,
    original: &OriginalUri,
    path: &str,
    request: Request,
    act: impl AsyncFnOnce(&Action<'_>) -> Result<String, String>,
) -> Response {
    let (mount, admin, headers, form) = match read(state, original, path, request).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let t = admin_texts(&state.campaign, &headers);
    let action = Action {
        campaign: &state.campaign,
        t: &t,
        user: form.user.trim(),
        form: &form,
        admin: &admin,
    };
    let outcome = act(&action).await;
    answer(state, &headers, &admin, mount, outcome).await
}

/// `POST {mount}/users/exempt`.
pub(super) async fn exempt(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    run(&state, &original, "/users/exempt", request, async |a| {
        a.known("admin-exempt-unknown").await?;
        let until = read_until(&a.form.until).ok_or_else(|| a.t.text("admin-exempt-bad-until"))?;
        match a
            .campaign
            .exempt(a.user, until, &a.form.reason, &a.admin.actor)
            .await
        {
            Ok(exemption) => Ok(a.say("admin-exempt-done", Some(exemption.until))),
            Err(ExemptionError::Until) => Err(a.t.text("admin-exempt-bad-until")),
            Err(ExemptionError::Reason) => Err(a.t.text("admin-exempt-bad-reason")),
            Err(ExemptionError::Store(e)) => Err(a.no_answer(e)),
        }
    })
    .await
}

/// `POST {mount}/users/unexempt`.
pub(super) async fn unexempt(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    run(
        &state,
        &original,
        "/users/unexempt",
        request,
        async |a| match a.campaign.remove_exemption(a.user, &a.admin.actor).await {
            Ok(_) => Ok(a.say("admin-exempt-removed", None)),
            Err(e) => Err(a.no_answer(e)),
        },
    )
    .await
}

/// `POST {mount}/users/reset-snoozes`.
pub(super) async fn reset_snoozes(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    run(
        &state,
        &original,
        "/users/reset-snoozes",
        request,
        async |a| {
            a.known("admin-user-unknown").await?;
            match a.campaign.reset_snoozes(a.user, &a.admin.actor).await {
                Ok(_) => Ok(a.say("admin-reset-done", None)),
                Err(e) => Err(a.no_answer(e)),
            }
        },
    )
    .await
}

/// `POST {mount}/users/extend`.
pub(super) async fn extend(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    run(&state, &original, "/users/extend", request, async |a| {
        a.known("admin-user-unknown").await?;
        let until = read_until(&a.form.until).ok_or_else(|| a.t.text("admin-extend-bad-until"))?;
        match a
            .campaign
            .extend_snooze(a.user, until, &a.admin.actor)
            .await
        {
            Ok(extension) => Ok(a.say("admin-extend-done", Some(extension.until))),
            Err(SnoozeExtensionError::Until) => Err(a.t.text("admin-extend-bad-until")),
            Err(SnoozeExtensionError::Store(e)) => Err(a.no_answer(e)),
        }
    })
    .await
}

/// `POST {mount}/users/unextend`.
pub(super) async fn unextend(
    Scoped(state): Scoped,
    original: OriginalUri,
    request: Request,
) -> Response {
    run(
        &state,
        &original,
        "/users/unextend",
        request,
        async |a| match a
            .campaign
            .remove_snooze_extension(a.user, &a.admin.actor)
            .await
        {
            Ok(_) => Ok(a.say("admin-extend-removed", None)),
            Err(e) => Err(a.no_answer(e)),
        },
    )
    .await
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
