//! The flow's route handlers: show the current step, Next, Back, Skip for now, a code, another
//! app (the status the pages poll is `status.rs`).
//!
//! Every state change is a compare-and-swap on the flow record (see `session`), and a form acts
//! only on the step it was shown at, so a replayed or double-clicked form changes nothing twice.

use axum::extract::Form;
use axum::extract::rejection::FormRejection;
use axum::http::HeaderMap;
use axum::response::Response;

use super::complete::{await_name, complete, name_passkey, retry};
use super::record::PASSKEY_METHOD;
use super::record::{FlowStatus, FlowStep, MAX_ENROLLMENTS_PER_FLOW};
use super::render::{Feedback, alternative_method, enroll_context, enrollment, render, stay};
use super::respond::{redirect_into_flow, see_other};
use super::session::{FlowError, FlowForm, FlowSession, Rejection};
use crate::campaign::NudgeEvent;
use crate::enroll::{Authenticator, EnrollError, Submitted, Verification};
use crate::funnel::{Counted, FunnelEvent};
use crate::store::StoreError;

type FlowResult = Result<Response, Rejection>;

/// Runs `step` and turns its error into the page for it.
async fn run<F>(mut session: FlowSession, step: F) -> FlowResult
where
    F: AsyncFnOnce(&mut FlowSession) -> Result<Response, FlowError>,
{
    match step(&mut session).await {
        Ok(response) => Ok(response),
        // Registered meanwhile (another flow, another instance): done, and signed in.
        Err(FlowError::AlreadyRegistered) => match finish(&mut session).await {
            Ok(response) => Ok(response),
            Err(error) => Err(session.reject(error)),
        },
        Err(error) => Err(session.reject(error)),
    }
}

/// `GET {prefix}`: the current step's page.
pub(crate) async fn show(session: FlowSession, headers: HeaderMap) -> FlowResult {
    run(session, async |session| {
        let feedback = Feedback::kept(session.flow());
        let mut response = render(session, &headers, feedback).await?;
        if session.token.stp != session.flow().step {
            // Bring the cookie's step up to date (another tab or request moved the flow).
            let mut token = session.token.clone();
            token.stp = session.flow().step;
            super::respond::set_flow_cookie(&session.campaign, response.headers_mut(), &token);
        }
        Ok(response)
    })
    .await
}

/// `POST {prefix}/next`: on to the next step.
pub(crate) async fn next(
    session: FlowSession,
    headers: HeaderMap,
    form: Result<Form<FlowForm>, FormRejection>,
) -> FlowResult {
    run(session, async |session| {
        let form = session.authorize(form, false).await?;
        match session.flow().step {
            // A passkey needs no app: Next goes straight to "Create a passkey".
            FlowStep::Prompt if session.flow().is_passkey() => {
                begin(session, &headers, PASSKEY_METHOD).await
            }
            FlowStep::Prompt => {
                advance(session, FlowStep::Download, Some(FunnelEvent::Download)).await
            }
            FlowStep::Download => advance(session, FlowStep::Setup, None).await,
            FlowStep::Setup if session.flow().enrollment.is_some() => {
                resume(session, &headers).await
            }
            FlowStep::Setup => {
                let first = session
                    .campaign
                    .methods()
                    .first()
                    .map(|m| m.id())
                    .ok_or(FlowError::Ended("no enrollment method"))?;
                begin(session, &headers, first).await
            }
            // The passkey page's script posts the browser's answer as `code`.
            FlowStep::Scan => submit(session, &headers, form.code.as_deref()).await,
            FlowStep::Verify => verify(session, &headers).await,
            FlowStep::Name => name_passkey(session, &headers, form.name.as_deref()).await,
            FlowStep::Saving => retry(session, &headers).await,
            FlowStep::Approved => advance(session, FlowStep::Done, None).await,
            FlowStep::Done => finish(session).await,
        }
    })
    .await
}

/// Moves to `step`, counting `event` (with the setup steps before it) the first time this
/// flow gets there.
async fn advance(
    session: &mut FlowSession,
    step: FlowStep,
    event: Option<FunnelEvent>,
) -> Result<Response, FlowError> {
    let mut new = Counted::default();
    session
        .update(|flow| {
            flow.step = step;
            new = event.map(|e| flow.count_through(e)).unwrap_or_default();
        })
        .await?;
    session.campaign.record_counted(new);
    Ok(redirect_into_flow(&session.campaign, &session.token))
}

/// Starts an enrollment with `method_id` and moves to its scan step. The step is claimed
/// first (compare-and-swap): a racing request (a replay, a double click) then finds the flow on
/// the scan step and acts on nothing, so one Setup step starts one enrollment.
async fn begin(
    session: &mut FlowSession,
    headers: &HeaderMap,
    method_id: &str,
) -> Result<Response, FlowError> {
    let campaign = session.campaign.clone();
    let method = campaign
        .method(method_id)
        .cloned()
        .ok_or(FlowError::Ended("unknown enrollment method"))?;
    if session.flow().enrollments_started >= MAX_ENROLLMENTS_PER_FLOW {
        return Err(FlowError::Problem {
            status: axum::http::StatusCode::TOO_MANY_REQUESTS,
            heading: "problem-failed",
            message: "problem-flow-setups",
            continue_url: session.flow().continue_url.clone(),
        });
    }
    let flow = session.flow();
    let previous = (flow.step, flow.method.clone(), flow.enrollment.clone());
    let mut new = Counted::default();
    session
        .update(|flow| {
            flow.enrollments_started += 1;
            flow.step = FlowStep::Scan;
            flow.method = Some(method.id().to_owned());
            flow.enrollment = None;
            new = flow.count_through(FunnelEvent::Scan);
        })
        .await?;
    let sealed = match start_enrollment(session, headers, &*method).await {
        Ok(sealed) => sealed,
        Err(error) => {
            // Put the flow back where it was (best effort), so the user can try again.
            let (step, method, enrollment) = previous;
            let _ = session
                .update(|flow| {
                    flow.step = step;
                    flow.method = method;
                    flow.enrollment = enrollment;
                })
                .await;
            return Err(error);
        }
    };
    session
        .update(|flow| flow.enrollment = Some(sealed))
        .await?;
    campaign.record_counted(new);
    Ok(redirect_into_flow(&campaign, &session.token))
}

/// Next on the setup step after **Back** from the scan step: the flow's enrollment is shown
/// again if it is still open (the same QR code), else a new one of the same method starts.
async fn resume(session: &mut FlowSession, headers: &HeaderMap) -> Result<Response, FlowError> {
    let open = match enrollment(session) {
        Ok((method, handle)) => {
            let url = crate::web::flow_url(&session.campaign, headers);
            let cx = enroll_context(session, &url);
            // From a POST: what the page shows may be renewed (a passkey's new ceremony).
            method.renew(&cx, &handle).await.is_ok() && method.scan(&cx, &handle).await.is_ok()
        }
        Err(_) => false,
    };
    if open {
        return advance(session, FlowStep::Scan, None).await;
    }
    let method = session
        .flow()
        .method
        .clone()
        .ok_or(FlowError::Ended("the flow has no enrollment method"))?;
    begin(session, headers, &method).await
}

/// `POST {prefix}/back`: **Back**, to the step before the one the form was shown at. The
/// enrollment is kept, so the scan step shows the same QR code when the user comes back.
pub(crate) async fn back(
    session: FlowSession,
    form: Result<Form<FlowForm>, FormRejection>,
) -> FlowResult {
    run(session, async |session| {
        session.authorize(form, false).await?;
        let flow = session.flow();
        let previous = match flow.step {
            // A passkey flow has no app steps: Back from "Create a passkey" is the prompt.
            FlowStep::Scan if flow.is_passkey() => Some(FlowStep::Prompt),
            step => step.previous(),
        };
        match previous {
            Some(step) => advance(session, step, None).await,
            // Registered: nothing to go back to; show where the flow is.
            None => Ok(redirect_into_flow(&session.campaign, &session.token)),
        }
    })
    .await
}

/// Checks that the user may enroll now, starts the enrollment and returns its sealed handle.
async fn start_enrollment(
    session: &mut FlowSession,
    headers: &HeaderMap,
    method: &dyn crate::enroll::EnrollmentMethod,
) -> Result<String, FlowError> {
    let campaign = session.campaign.clone();
    let user = session.token.sub.clone();
    // A registration finished meanwhile (another flow, another instance): nothing to enroll.
    // The flow ends as finished, releasing what it holds: the user is registered.
    if campaign
        .store()
        .user_state(&user)
        .await?
        .registered_at
        .is_some()
    {
        return Err(FlowError::AlreadyRegistered);
    }
    if !campaign.claim_enrollment_quota(&user).await? {
        return Err(FlowError::Problem {
            status: axum::http::StatusCode::TOO_MANY_REQUESTS,
            heading: "problem-failed",
            message: "problem-user-setups",
            continue_url: session.flow().continue_url.clone(),
        });
    }
    let url = crate::web::flow_url(&campaign, headers);
    let cx = enroll_context(session, &url);
    let handle = method
        .begin(&cx)
        .await
        .map_err(|e| FlowError::enrollment(e, session.flow()))?;
    method
        .renew(&cx, &handle)
        .await
        .map_err(|e| FlowError::enrollment(e, session.flow()))?;
    Ok(campaign
        .seal_enrollment_handle(&user, &handle)
        .map_err(StoreError::from)?)
}

/// Next or a code on the scan step.
async fn submit(
    session: &mut FlowSession,
    headers: &HeaderMap,
    code: Option<&str>,
) -> Result<Response, FlowError> {
    let (method, handle) = enrollment(session)?;
    let url = crate::web::flow_url(&session.campaign, headers);
    let submitted = match method
        .submit(&enroll_context(session, &url), &handle, code)
        .await
    {
        Ok(submitted) => submitted,
        // A passkey the browser made but that cannot be kept (another site's, replayed, not
        // what the policy allows): the create page again, saying why, with a new challenge.
        // Nothing was stored and no snooze is counted.
        Err(EnrollError::Invalid(message)) if method.id() == PASSKEY_METHOD => {
            // The refused answer used the page's ceremony up: the page gets a new one.
            method
                .renew(&enroll_context(session, &url), &handle)
                .await
                .map_err(|e| FlowError::enrollment(e, session.flow()))?;
            let feedback = Feedback {
                error: Some(message),
                ..Feedback::default()
            };
            return stay(session, feedback).await;
        }
        Err(e) => return Err(FlowError::enrollment(e, session.flow())),
    };
    match submitted {
        Submitted::Stay {
            error,
            attempts_left,
        } => {
            // A passkey ceremony answered too late is used up: the page gets a new one.
            method
                .renew(&enroll_context(session, &url), &handle)
                .await
                .map_err(|e| FlowError::enrollment(e, session.flow()))?;
            let feedback = Feedback {
                error,
                attempts_left,
                ..Feedback::default()
            };
            stay(session, feedback).await
        }
        Submitted::Verify => {
            let mut new = Counted::default();
            session
                .update(|flow| {
                    flow.step = FlowStep::Verify;
                    new = flow.count_through(FunnelEvent::TestSent);
                })
                .await?;
            session.campaign.record_counted(new);
            Ok(redirect_into_flow(&session.campaign, &session.token))
        }
        // A passkey is named first: its name goes to the host with it.
        Submitted::Registered(registration)
            if matches!(registration.authenticator, Authenticator::Passkey(_)) =>
        {
            await_name(session, registration).await
        }
        Submitted::Registered(registration) => {
            complete(session, headers, registration, FlowStep::Done, None).await
        }
    }
}

/// Next on the test-notification step.
async fn verify(session: &mut FlowSession, headers: &HeaderMap) -> Result<Response, FlowError> {
    let (method, handle) = enrollment(session)?;
    let url = crate::web::flow_url(&session.campaign, headers);
    let verification = method
        .verify(&enroll_context(session, &url), &handle)
        .await
        .map_err(|e| FlowError::enrollment(e, session.flow()))?;
    match verification {
        Verification::Approved(registration) => {
            complete(
                session,
                headers,
                registration,
                FlowStep::Approved,
                Some(FunnelEvent::TestApproved),
            )
            .await
        }
        // Send a new test notification.
        Verification::Failed { .. } => submit(session, headers, None).await,
        // Not answered yet: the same page, saying so (without script, Next is how to check).
        Verification::Pending { .. } => {
            let feedback = Feedback {
                still_waiting: true,
                ..Feedback::default()
            };
            stay(session, feedback).await
        }
    }
}

/// Ends a finished flow: releases the host's held cookies (a required registration is done)
/// and returns to the continue URL.
pub(crate) async fn finish(session: &mut FlowSession) -> Result<Response, FlowError> {
    if !session.end(FlowStatus::Finished).await? {
        return Err(FlowError::Stale(Box::new(session.token.clone())));
    }
    let campaign = session.campaign.clone();
    let flow = session.flow();
    // The flow cookie stays: it names a finished flow now, so Back says "You're all set".
    let mut response = see_other(&flow.continue_url);
    let cookies = campaign.cookie_settings();
    if flow.required {
        // Registered: this browser's user no longer has to.
        super::cookies::set(response.headers_mut(), &cookies.hint_removal());
    }
    if let Some(id) = &flow.held {
        match super::held_cookies::release(&campaign, &session.token.sub, id).await {
            Ok(held) => {
                for cookie in held {
                    if let Ok(value) = axum::http::HeaderValue::from_str(&cookie) {
                        response
                            .headers_mut()
                            .append(axum::http::header::SET_COOKIE, value);
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "held cookies are gone; the user signs in again"),
        }
    }
    Ok(response)
}

/// `POST {prefix}/code`: a code from the authenticator app.
pub(crate) async fn code(
    session: FlowSession,
    headers: HeaderMap,
    form: Result<Form<FlowForm>, FormRejection>,
) -> FlowResult {
    run(session, async |session| {
        let form = session.authorize(form, false).await?;
        if session.flow().step != FlowStep::Scan {
            return Ok(redirect_into_flow(&session.campaign, &session.token));
        }
        let code = form.code.unwrap_or_default();
        submit(session, &headers, Some(&code)).await
    })
    .await
}

/// `POST {prefix}/alternative`: "I want to use a different authenticator app", the next method
/// after the current one.
pub(crate) async fn alternative(
    session: FlowSession,
    headers: HeaderMap,
    form: Result<Form<FlowForm>, FormRejection>,
) -> FlowResult {
    run(session, async |session| {
        session.authorize(form, false).await?;
        if session.flow().step != FlowStep::Scan {
            return Ok(redirect_into_flow(&session.campaign, &session.token));
        }
        let Some(other) = alternative_method(&session.campaign, session.flow()) else {
            return Ok(redirect_into_flow(&session.campaign, &session.token));
        };
        begin(session, &headers, other).await
    })
    .await
}

/// `POST {prefix}/skip`: "Skip for now". The snooze was usually counted when the nudge was
/// shown; counting again is a no-op per attempt.
pub(crate) async fn skip(
    session: FlowSession,
    form: Result<Form<FlowForm>, FormRejection>,
) -> FlowResult {
    run(session, async |session| {
        session.authorize(form, true).await?;
        let flow = session.flow().clone();
        if flow.required {
            let now = session.campaign.now();
            let deadline_passed = flow.deadline().is_some_and(|deadline| now >= deadline);
            return Err(FlowError::skip_refused(deadline_passed));
        }
        let campaign = session.campaign.clone();
        let recorded = campaign
            .store()
            .record_snooze(
                &session.token.sub,
                &flow.attempt,
                campaign.now(),
                flow.allowed_snoozes,
            )
            .await;
        if let Err(error) = recorded {
            campaign.count_store_failure();
            tracing::warn!(%error, "could not record a skip; the user continues");
        }
        if !session.end(FlowStatus::Skipped).await? {
            // Another request ended or moved the flow first: count nothing twice.
            return Err(FlowError::Stale(Box::new(session.token.clone())));
        }
        campaign.record_event(FunnelEvent::Skipped);
        campaign
            .count_nudge(&session.token.sub, NudgeEvent::Skipped)
            .await;
        // The flow cookie stays: it names a skipped flow now, so Back says so.
        Ok(see_other(&flow.continue_url))
    })
    .await
}
