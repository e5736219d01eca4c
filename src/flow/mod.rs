//! The interstitial: the setup flow's routes, pages, flow token and CSRF checks.
//!
//! Every route lives under the campaign's prefix. State changes are POST-only and check the CSRF
//! token bound to the flow token; every response carries strict security headers.

mod continue_url;
mod device_api;
mod held_cookies;
mod pages;
mod samples;
pub(crate) mod token;

use askama::Template;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::admin::FunnelEvent;
use crate::campaign::Campaign;
use crate::decision::{Decision, allowed_snoozes};
use crate::enroll::{EnrollContext, EnrollError, Registration, Submitted, Verification, qr, totp};
use crate::mfa::MfaCompleted;
use pages::{
    ApprovedPage, Chrome, DonePage, DownloadPage, ExpiredPage, ProblemPage, PromptPage, ScanPage,
    SetupPage, Step, TOTAL_STEPS, TestPage, TotpPage,
};
use token::{FlowState, FlowStep, FlowTokenError};

pub use continue_url::safe_continue_url;
pub use samples::{SamplePage, sample_pages};

const CSS: &str = include_str!("../../assets/campaign.css");
const JS: &str = include_str!("../../assets/campaign.js");
const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'; object-src 'none'";

/// The flow's routes, nested under the campaign's prefix.
pub(crate) fn router(campaign: Campaign) -> Router {
    let prefix = campaign.prefix().to_owned();
    let routes = Router::new()
        .route("/", get(show))
        .route("/next", post(next))
        .route("/skip", post(skip))
        .route("/code", post(code))
        .route("/alternative", post(alternative))
        .route("/status", get(status))
        .route("/assets/campaign.css", get(css))
        .route("/assets/campaign.js", get(js))
        .nest("/device/v1", device_api::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(campaign);
    Router::new()
        .nest(&prefix, routes)
        .layer(axum::middleware::map_response(security_headers))
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// What the layer does with an MFA-completion response.
pub(crate) enum AfterMfa<B> {
    /// The host's response, untouched.
    PassThrough(http::Response<B>),
    /// A redirect into the flow.
    Flow(Response),
}

/// Decides for a completed MFA and, for a nudge, records the snooze that showing it already
/// counts as (closing the browser = snoozing) and redirects into the flow.
pub(crate) async fn after_mfa<B>(
    campaign: Campaign,
    response: http::Response<B>,
    mfa: MfaCompleted,
) -> AfterMfa<B> {
    let user = mfa.facts.user_id.clone();
    let (decision, policy) = match campaign.decide(&mfa.facts).await {
        Ok(found) => found,
        Err(error) => {
            campaign.count_store_failure();
            tracing::warn!(%error, "registration campaign store failed; sign-in passes through");
            return AfterMfa::PassThrough(response);
        }
    };
    tracing::info!(target: "registration_campaign", decision = decision.kind(), reason = decision.reason_code(), "campaign decision");
    let (mut required, mut skips_left) = match decision {
        Decision::PassThrough(_) => return AfterMfa::PassThrough(response),
        Decision::Nudge { skips_left, .. } => (false, skips_left),
        Decision::RequireRegistration => (true, Some(0)),
    };
    let now = campaign.now();
    if !required {
        let limit = allowed_snoozes(&policy.rules, &campaign.inner.tenant);
        let recorded = campaign
            .with_timeout(
                campaign
                    .store()
                    .record_snooze(&user, &mfa.attempt_id, now, limit),
            )
            .await;
        match recorded {
            // Another sign-in of the same user took the last snooze meanwhile (two tabs):
            // this nudge has no skip left either.
            Ok(record) if record.outcome == crate::store::SnoozeOutcome::LimitReached => {
                required = true;
                skips_left = Some(0);
            }
            Ok(_) => {}
            Err(error) => {
                campaign.count_store_failure();
                tracing::warn!(%error, "could not record the snooze for a shown nudge; sign-in passes through");
                return AfterMfa::PassThrough(response);
            }
        }
    }
    campaign.record_event(if required {
        FunnelEvent::RequiredShown
    } else {
        FunnelEvent::NudgeShown
    });
    let continue_url = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(safe_continue_url)
        .unwrap_or("/")
        .to_owned();
    let mut state = FlowState::start(
        user,
        mfa.attempt_id,
        continue_url,
        required,
        skips_left,
        policy.policy.campaign().snooze_duration_in_days,
        mfa.display_name,
        now,
    );
    let host_cookies: Vec<String> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    if required && !host_cookies.is_empty() {
        // Registration is required: the host's session cookies are held back until it is
        // done, so the user cannot just leave the flow and use the app.
        match held_cookies::hold(&campaign, &state.sub, &host_cookies).await {
            Ok(id) => state.held = Some(id),
            Err(error) => {
                campaign.count_store_failure();
                tracing::warn!(%error, "could not hold the host's cookies; sign-in passes through");
                return AfterMfa::PassThrough(response);
            }
        }
    }
    let mut redirect = redirect_into_flow(&campaign, &state);
    if state.held.is_none() {
        // Keep the host's own cookies (its session, typically) on the redirect.
        for cookie in response.headers().get_all(header::SET_COOKIE) {
            redirect
                .headers_mut()
                .append(header::SET_COOKIE, cookie.clone());
        }
    }
    redirect
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    AfterMfa::Flow(redirect)
}

fn set_cookie(response: &mut Response, cookie: cookie::Cookie<'static>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn redirect_into_flow(campaign: &Campaign, state: &FlowState) -> Response {
    let mut response = see_other(campaign.prefix());
    let token = state.encode(&campaign.inner.keys);
    set_cookie(&mut response, campaign.inner.cookies.build(token));
    response
}

/// Ends the flow: clears the cookie and returns to the continue URL.
async fn finish(campaign: &Campaign, state: &FlowState) -> Response {
    let mut response = see_other(&state.cont);
    set_cookie(&mut response, campaign.inner.cookies.removal());
    if let Some(id) = &state.held {
        // Only a finished registration reaches here with held cookies: release the session.
        match held_cookies::release(campaign, &state.sub, id).await {
            Ok(cookies) => {
                for cookie in cookies {
                    if let Ok(value) = HeaderValue::from_str(&cookie) {
                        response.headers_mut().append(header::SET_COOKIE, value);
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "held cookies are gone; the user signs in again"),
        }
    }
    response
}

fn load(campaign: &Campaign, headers: &HeaderMap) -> Result<FlowState, FlowTokenError> {
    let token = campaign
        .inner
        .cookies
        .find(headers)
        .ok_or(FlowTokenError::Missing)?;
    FlowState::decode(token, &campaign.inner.keys, campaign.now())
}

fn chrome(campaign: &Campaign, state: Option<&FlowState>, title: &str, step: Option<u8>) -> Chrome {
    Chrome {
        title: title.to_owned(),
        prefix: campaign.prefix().to_owned(),
        asset_version: ASSET_VERSION.to_owned(),
        csrf: state.map(|s| s.csrf.clone()).unwrap_or_default(),
        step: step.map(|number| Step {
            number,
            total: TOTAL_STEPS,
        }),
        app_name: campaign.inner.app_name.clone(),
        // Once an authenticator is registered there is nothing left to skip.
        can_skip: state
            .is_some_and(|s| !s.req && !matches!(s.step, FlowStep::Approved | FlowStep::Done)),
    }
}

fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "a campaign page failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "page rendering failed").into_response()
        }
    }
}

/// "Your setup session expired": for a missing, tampered, foreign or expired flow token.
fn expired(campaign: &Campaign, error: FlowTokenError) -> Response {
    tracing::info!(%error, "registration campaign flow restarted");
    let page = ExpiredPage {
        chrome: chrome(campaign, None, "Your setup session expired", None),
        continue_url: "/".into(),
    };
    let mut response = html(StatusCode::OK, &page);
    set_cookie(&mut response, campaign.inner.cookies.removal());
    response
}

fn problem(
    campaign: &Campaign,
    status: StatusCode,
    heading: &str,
    message: &str,
    continue_url: &str,
) -> Response {
    let page = ProblemPage {
        chrome: chrome(campaign, None, heading, None),
        heading: heading.into(),
        message: message.into(),
        continue_url: continue_url.into(),
    };
    html(status, &page)
}

fn csrf_failure(campaign: &Campaign, continue_url: &str) -> Response {
    let mut response = problem(
        campaign,
        StatusCode::FORBIDDEN,
        "We couldn't verify this request",
        "For your security, this setup session was stopped and nothing was changed. Continue to your app; you can set up your app at your next sign-in.",
        continue_url,
    );
    set_cookie(&mut response, campaign.inner.cookies.removal());
    response
}

/// A POST's form with its CSRF token.
#[derive(Debug, Deserialize)]
struct CsrfForm {
    csrf: String,
    #[serde(default)]
    code: Option<String>,
}

/// Loads the flow and checks the form's CSRF token; `Err` is the response to send instead.
#[allow(clippy::result_large_err)] // the error is the response itself, built once per request
fn authorize(
    campaign: &Campaign,
    headers: &HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Result<(FlowState, CsrfForm), Response> {
    let state = load(campaign, headers).map_err(|e| expired(campaign, e))?;
    match form {
        Ok(Form(form)) if state.csrf_matches(&form.csrf) => Ok((state, form)),
        _ => Err(csrf_failure(campaign, &state.cont)),
    }
}

async fn show(State(campaign): State<Campaign>, headers: HeaderMap) -> Response {
    match load(&campaign, &headers) {
        Ok(state) => render(&campaign, &headers, &state, None, None).await,
        Err(error) => expired(&campaign, error),
    }
}

/// How often pages that wait for the phone reload without JavaScript.
const REFRESH_SECONDS: u32 = 3;

/// The absolute URL devices use, from the configured origin or the request's `Host`.
fn device_api_url(campaign: &Campaign, headers: &HeaderMap) -> String {
    let origin = campaign.inner.public_origin.clone().unwrap_or_else(|| {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
            })
            .unwrap_or("localhost");
        let scheme = if campaign.inner.cookies.secure {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{host}")
    });
    format!("{origin}{}/device/v1", campaign.prefix())
}

/// The method and handle of the flow's enrollment, from the scan step on.
fn enrollment<'a>(
    campaign: &'a Campaign,
    state: &'a FlowState,
) -> Option<(
    &'a std::sync::Arc<dyn crate::enroll::EnrollmentMethod>,
    &'a str,
)> {
    let method = state.m.as_deref().and_then(|m| campaign.method(m))?;
    Some((method, state.enr.as_deref()?))
}

fn enroll_context<'a>(
    campaign: &'a Campaign,
    state: &'a FlowState,
    device_api_url: &'a str,
) -> EnrollContext<'a> {
    EnrollContext {
        campaign,
        user_id: &state.sub,
        account: &state.name,
        device_api_url,
    }
}

fn enrollment_error(campaign: &Campaign, state: &FlowState, error: EnrollError) -> Response {
    match error {
        EnrollError::Expired => expired(campaign, FlowTokenError::Expired),
        EnrollError::Invalid(message) => {
            tracing::info!(%message, "enrollment refused a step");
            problem(
                campaign,
                StatusCode::CONFLICT,
                "That didn't work",
                "This setup step can't be done now. Continue to your app; you can set up your app at your next sign-in.",
                &state.cont,
            )
        }
        EnrollError::Store(error) => {
            campaign.count_store_failure();
            tracing::error!(%error, "enrollment store failure");
            problem(
                campaign,
                StatusCode::SERVICE_UNAVAILABLE,
                "We couldn't continue the setup",
                "Something went wrong on our side. Please try again in a moment.",
                &state.cont,
            )
        }
    }
}

async fn render(
    campaign: &Campaign,
    headers: &HeaderMap,
    state: &FlowState,
    error: Option<String>,
    attempts_left: Option<u32>,
) -> Response {
    let c = |title: &str, step: Option<u8>| chrome(campaign, Some(state), title, step);
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    match state.step {
        FlowStep::Prompt => html(
            StatusCode::OK,
            &PromptPage {
                chrome: c("Keep your account secure", None),
                user_display_name: state.name.clone(),
                required: state.req,
                skips_left: state.skl,
                snooze_days: state.snz,
            },
        ),
        FlowStep::Download => html(
            StatusCode::OK,
            &DownloadPage {
                chrome: c("Start by getting the app", Some(1)),
                ios_store_url: campaign.inner.ios_store_url.clone(),
                android_store_url: campaign.inner.android_store_url.clone(),
            },
        ),
        FlowStep::Setup => html(
            StatusCode::OK,
            &SetupPage {
                chrome: c("Set up your account", Some(2)),
            },
        ),
        FlowStep::Scan => {
            let Some((method, handle)) = enrollment(campaign, state) else {
                return expired(campaign, FlowTokenError::Invalid);
            };
            let url = device_api_url(campaign, headers);
            let cx = enroll_context(campaign, state, &url);
            let view = match method.scan(&cx, handle).await {
                Ok(view) => view,
                Err(e) => return enrollment_error(campaign, state, e),
            };
            if view.asks_for_code {
                html(
                    status,
                    &TotpPage {
                        chrome: c("Scan the QR code", Some(3)),
                        heading: "Scan the QR code".into(),
                        qr_svg: qr::qr_svg(&view.qr_payload),
                        otpauth_uri: view.qr_payload,
                        secret_groups: totp::grouped(&view.manual_entry),
                        account: state.name.clone(),
                        issuer: campaign.issuer().to_owned(),
                        error,
                        attempts_left,
                    },
                )
            } else {
                html(
                    status,
                    &ScanPage {
                        chrome: c("Scan the QR code", Some(3)),
                        qr_svg: qr::qr_svg(&view.qr_payload),
                        qr_text: view.manual_entry,
                        device: view.device,
                        refresh_seconds: REFRESH_SECONDS,
                        error,
                    },
                )
            }
        }
        FlowStep::Verify => {
            let Some((method, handle)) = enrollment(campaign, state) else {
                return expired(campaign, FlowTokenError::Invalid);
            };
            let url = device_api_url(campaign, headers);
            let cx = enroll_context(campaign, state, &url);
            let (number, device_name, message) = match method.verify(&cx, handle).await {
                Ok(Verification::Pending {
                    number,
                    device_name,
                }) => (number, device_name, None),
                Ok(Verification::Failed { message }) => {
                    ("--".into(), "your phone".into(), Some(message))
                }
                Ok(Verification::Approved(registration)) => {
                    ("--".into(), registration.display_name, None)
                }
                Err(e) => return enrollment_error(campaign, state, e),
            };
            html(
                StatusCode::OK,
                &TestPage {
                    chrome: c("Let's try it out", Some(4)),
                    number,
                    device_name,
                    refresh_seconds: REFRESH_SECONDS,
                    message,
                },
            )
        }
        FlowStep::Approved => html(
            StatusCode::OK,
            &ApprovedPage {
                chrome: c("Notification approved", Some(4)),
                device_name: state.reg.clone().unwrap_or_else(|| "Your phone".into()),
            },
        ),
        FlowStep::Done => html(
            StatusCode::OK,
            &DonePage {
                chrome: c("Success!", Some(4)),
                method_name: state
                    .m
                    .as_deref()
                    .and_then(|m| campaign.method(m))
                    .map_or("Your authenticator app", |m| m.display_name())
                    .to_owned(),
            },
        ),
    }
}

/// Makes the registration count (the method's activation), records it, and tells the host;
/// `Err` is the page to show instead.
#[allow(clippy::result_large_err)] // the error is the response itself
async fn complete(
    campaign: &Campaign,
    headers: &HeaderMap,
    state: &FlowState,
    registration: Registration,
) -> Result<(), Response> {
    if let Some((method, handle)) = enrollment(campaign, state) {
        let url = device_api_url(campaign, headers);
        let cx = enroll_context(campaign, state, &url);
        match method.activate(&cx, handle).await {
            Ok(true) => {}
            // Already counted by an earlier request of this flow: tell nobody twice.
            Ok(false) => return Ok(()),
            Err(e) => return Err(enrollment_error(campaign, state, e)),
        }
    }
    if let Err(error) = campaign
        .with_timeout(
            campaign
                .store()
                .record_registration(&state.sub, registration.registered_at),
        )
        .await
    {
        campaign.count_store_failure();
        tracing::error!(%error, "could not record a registration");
        return Err(problem(
            campaign,
            StatusCode::SERVICE_UNAVAILABLE,
            "We couldn't finish the setup",
            "Your app works, but we couldn't save it as your sign-in method. Please try again in a moment.",
            &state.cont,
        ));
    }
    tracing::info!(target: "registration_campaign", method = %registration.method, "authenticator registered");
    campaign.record_event(FunnelEvent::Registered);
    if let Some(callback) = &campaign.inner.on_registered {
        callback(registration);
    }
    Ok(())
}

async fn next(
    State(campaign): State<Campaign>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Response {
    let (state, _) = match authorize(&campaign, &headers, form) {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let now = campaign.now();
    let url = device_api_url(&campaign, &headers);
    let next = match state.step {
        FlowStep::Prompt => {
            campaign.record_event(FunnelEvent::Download);
            state.at_step(FlowStep::Download, now)
        }
        FlowStep::Download => state.at_step(FlowStep::Setup, now),
        FlowStep::Setup => {
            let Some(method) = campaign.methods().first() else {
                return expired(&campaign, FlowTokenError::Invalid);
            };
            return begin(&campaign, &headers, &state, method.id()).await;
        }
        FlowStep::Scan => return submit(&campaign, &headers, state, None).await,
        FlowStep::Verify => {
            let Some((method, handle)) = enrollment(&campaign, &state) else {
                return expired(&campaign, FlowTokenError::Invalid);
            };
            let cx = enroll_context(&campaign, &state, &url);
            match method.verify(&cx, handle).await {
                Ok(Verification::Approved(registration)) => {
                    campaign.record_event(FunnelEvent::TestApproved);
                    let name = registration.display_name.clone();
                    if let Err(page) = complete(&campaign, &headers, &state, registration).await {
                        return page;
                    }
                    let mut approved = state.at_step(FlowStep::Approved, now);
                    approved.reg = Some(name);
                    approved
                }
                // Send a new test notification.
                Ok(Verification::Failed { .. }) => {
                    return submit(&campaign, &headers, state, None).await;
                }
                Ok(Verification::Pending { .. }) => state.at_step(FlowStep::Verify, now),
                Err(e) => return enrollment_error(&campaign, &state, e),
            }
        }
        FlowStep::Approved => state.at_step(FlowStep::Done, now),
        FlowStep::Done => return finish(&campaign, &state).await,
    };
    redirect_into_flow(&campaign, &next)
}

/// Starts an enrollment with `method_id` and shows its scan step.
async fn begin(
    campaign: &Campaign,
    headers: &HeaderMap,
    state: &FlowState,
    method_id: &str,
) -> Response {
    let Some(method) = campaign.method(method_id) else {
        return expired(campaign, FlowTokenError::Invalid);
    };
    let url = device_api_url(campaign, headers);
    let cx = enroll_context(campaign, state, &url);
    match method.begin(&cx).await {
        Ok(handle) => {
            campaign.record_event(FunnelEvent::Scan);
            let mut scan = state.at_step(FlowStep::Scan, campaign.now());
            scan.m = Some(method.id().to_owned());
            scan.enr = Some(handle);
            redirect_into_flow(campaign, &scan)
        }
        Err(e) => enrollment_error(campaign, state, e),
    }
}

/// Next or a code on the scan step.
async fn submit(
    campaign: &Campaign,
    headers: &HeaderMap,
    state: FlowState,
    code: Option<&str>,
) -> Response {
    let Some((method, handle)) = enrollment(campaign, &state) else {
        return expired(campaign, FlowTokenError::Invalid);
    };
    let url = device_api_url(campaign, headers);
    let cx = enroll_context(campaign, &state, &url);
    let now = campaign.now();
    match method.submit(&cx, handle, code).await {
        Ok(Submitted::Stay {
            error,
            attempts_left,
        }) => render(campaign, headers, &state, error, attempts_left).await,
        Ok(Submitted::Verify) => {
            campaign.record_event(FunnelEvent::TestSent);
            redirect_into_flow(campaign, &state.at_step(FlowStep::Verify, now))
        }
        Ok(Submitted::Registered(registration)) => {
            if let Err(page) = complete(campaign, headers, &state, registration).await {
                return page;
            }
            redirect_into_flow(campaign, &state.at_step(FlowStep::Done, now))
        }
        Err(e) => enrollment_error(campaign, &state, e),
    }
}

/// [`authorize`], for forms of the scan step: from any other step the user is shown where the
/// flow is.
#[allow(clippy::result_large_err)] // the error is the response itself
fn authorize_on_scan_step(
    campaign: &Campaign,
    headers: &HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Result<(FlowState, CsrfForm), Response> {
    let (state, form) = authorize(campaign, headers, form)?;
    if state.step != FlowStep::Scan {
        return Err(redirect_into_flow(campaign, &state));
    }
    Ok((state, form))
}

async fn code(
    State(campaign): State<Campaign>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Response {
    let (state, form) = match authorize_on_scan_step(&campaign, &headers, form) {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let code = form.code.unwrap_or_default();
    submit(&campaign, &headers, state, Some(&code)).await
}

/// "I want to use a different authenticator app": the next method after the current one.
async fn alternative(
    State(campaign): State<Campaign>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Response {
    let (state, _) = match authorize_on_scan_step(&campaign, &headers, form) {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let methods = campaign.methods();
    let current = methods
        .iter()
        .position(|m| Some(m.id()) == state.m.as_deref())
        .unwrap_or(0);
    let Some(other) = methods.get((current + 1) % methods.len()) else {
        return redirect_into_flow(&campaign, &state);
    };
    begin(&campaign, &headers, &state, other.id()).await
}

/// Where the phone stands, for the pages' polling script: `waiting`/`connected` on the scan
/// step, `pending`/`approved`/`denied`/`expired` on the test step.
async fn status(State(campaign): State<Campaign>, headers: HeaderMap) -> Response {
    let Ok(state) = load(&campaign, &headers) else {
        return axum::Json(serde_json::json!({"state": "expired"})).into_response();
    };
    let url = device_api_url(&campaign, &headers);
    let cx = enroll_context(&campaign, &state, &url);
    let method = state.m.as_deref().and_then(|m| campaign.method(m));
    let value = match (state.step, method, state.enr.as_deref()) {
        (FlowStep::Scan, Some(method), Some(handle)) => match method.scan(&cx, handle).await {
            Ok(view) if view.device.is_some() => "connected",
            Ok(_) => "waiting",
            Err(_) => "expired",
        },
        (FlowStep::Verify, Some(method), Some(handle)) => match method.verify(&cx, handle).await {
            Ok(Verification::Pending { .. }) => "pending",
            Ok(Verification::Approved(_)) => "approved",
            Ok(Verification::Failed { .. }) => "denied",
            Err(_) => "expired",
        },
        _ => "none",
    };
    axum::Json(serde_json::json!({"state": value})).into_response()
}

async fn skip(
    State(campaign): State<Campaign>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Response {
    let (state, _) = match authorize(&campaign, &headers, form) {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    if state.req {
        return problem(
            &campaign,
            StatusCode::FORBIDDEN,
            "Setup is required",
            "You've skipped this the maximum number of times, so it can't be skipped now.",
            campaign.prefix(),
        );
    }
    // Usually already counted when the nudge was shown; counting again is a no-op per attempt.
    let limit = match campaign.active_policy().await {
        Ok(policy) => allowed_snoozes(&policy.rules, &campaign.inner.tenant),
        Err(_) => Some(crate::policy::RegistrationCampaign::ALLOWED_SNOOZES),
    };
    let recorded = campaign
        .with_timeout(
            campaign
                .store()
                .record_snooze(&state.sub, &state.att, campaign.now(), limit),
        )
        .await;
    if let Err(error) = recorded {
        campaign.count_store_failure();
        tracing::warn!(%error, "could not record a skip; the user continues");
    }
    campaign.record_event(FunnelEvent::Skipped);
    finish(&campaign, &state).await
}

async fn css() -> Response {
    asset("text/css; charset=utf-8", CSS)
}

async fn js() -> Response {
    asset("text/javascript; charset=utf-8", JS)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
        .into_response()
}

async fn not_found(State(campaign): State<Campaign>) -> Response {
    problem(
        &campaign,
        StatusCode::NOT_FOUND,
        "Page not found",
        "This page doesn't exist.",
        "/",
    )
}

async fn method_not_allowed(State(campaign): State<Campaign>) -> Response {
    problem(
        &campaign,
        StatusCode::METHOD_NOT_ALLOWED,
        "That didn't work",
        "This page can't be used that way.",
        "/",
    )
}
#[cfg(test)]
mod snapshot_tests;
