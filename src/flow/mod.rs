//! The interstitial: the setup flow's routes, pages, flow token and CSRF checks.
//!
//! Every route lives under the campaign's prefix. State changes are POST-only and check the CSRF
//! token bound to the flow token; every response carries strict security headers.

mod continue_url;
mod pages;
mod samples;
pub(crate) mod token;
mod totp;

use askama::Template;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::campaign::{Campaign, Registration};
use crate::decision::{Decision, allowed_snoozes};
use crate::mfa::MfaCompleted;
use pages::{
    Chrome, DonePage, DownloadPage, ExpiredPage, ProblemPage, PromptPage, SetupPage, Step,
    TOTAL_STEPS, TotpPage,
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
        .route("/totp/verify", post(verify_totp))
        .route("/assets/campaign.css", get(css))
        .route("/assets/campaign.js", get(js))
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
    let (required, skips_left) = match decision {
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
        if let Err(error) = recorded {
            campaign.count_store_failure();
            tracing::warn!(%error, "could not record the snooze for a shown nudge; sign-in passes through");
            return AfterMfa::PassThrough(response);
        }
    }
    let continue_url = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(safe_continue_url)
        .unwrap_or("/")
        .to_owned();
    let state = FlowState::start(
        user,
        mfa.attempt_id,
        continue_url,
        required,
        skips_left,
        policy.policy.campaign().snooze_duration_in_days,
        mfa.display_name,
        now,
    );
    let mut redirect = redirect_into_flow(&campaign, &state);
    // Keep the host's own cookies (its session, typically) on the redirect.
    for cookie in response.headers().get_all(header::SET_COOKIE) {
        redirect
            .headers_mut()
            .append(header::SET_COOKIE, cookie.clone());
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
fn finish(campaign: &Campaign, state: &FlowState) -> Response {
    let mut response = see_other(&state.cont);
    set_cookie(&mut response, campaign.inner.cookies.removal());
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
        can_skip: state.is_some_and(|s| !s.req && s.step != FlowStep::Done),
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
        Ok(state) => render(&campaign, &state, None),
        Err(error) => expired(&campaign, error),
    }
}

fn render(campaign: &Campaign, state: &FlowState, error: Option<String>) -> Response {
    let c = |title: &str, step: Option<u8>| chrome(campaign, Some(state), title, step);
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
            let secret = state.totp.clone().unwrap_or_default();
            let account = state.name.clone();
            let uri = totp::otpauth_uri(&secret, &campaign.inner.issuer, &account);
            let status = if error.is_some() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            html(
                status,
                &TotpPage {
                    chrome: c("Scan the QR code", Some(3)),
                    heading: "Scan the QR code".into(),
                    qr_svg: totp::qr_svg(&uri),
                    otpauth_uri: uri,
                    secret_groups: totp::grouped(&secret),
                    account,
                    issuer: campaign.inner.issuer.clone(),
                    error,
                    attempts_left: (state.tfail > 0)
                        .then(|| u32::from(totp::MAX_WRONG_CODES - state.tfail)),
                },
            )
        }
        FlowStep::Done => html(
            StatusCode::OK,
            &DonePage {
                chrome: c("Success!", Some(4)),
                method_name: "Your authenticator app".into(),
            },
        ),
    }
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
    let next = match state.step {
        FlowStep::Prompt => state.at_step(FlowStep::Download, now),
        FlowStep::Download => state.at_step(FlowStep::Setup, now),
        FlowStep::Setup => {
            let mut next = state.at_step(FlowStep::Scan, now);
            next.totp = Some(totp::new_secret());
            next.tfail = 0;
            next
        }
        // The scan step ends with a verified code (POST /totp/verify), not with Next.
        FlowStep::Scan => state.at_step(FlowStep::Scan, now),
        FlowStep::Done => return finish(&campaign, &state),
    };
    redirect_into_flow(&campaign, &next)
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
    finish(&campaign, &state)
}

async fn verify_totp(
    State(campaign): State<Campaign>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Response {
    let (state, form) = match authorize(&campaign, &headers, form) {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let (FlowStep::Scan, Some(secret)) = (state.step, state.totp.clone()) else {
        return redirect_into_flow(&campaign, &state);
    };
    let now = campaign.now();
    let code = form.code.unwrap_or_default();
    let unix = u64::try_from(now.unix_timestamp()).unwrap_or(0);
    if !totp::verify(&secret, &code, unix) {
        let mut retry = state.at_step(FlowStep::Scan, now);
        retry.tfail += 1;
        let message = if retry.tfail >= totp::MAX_WRONG_CODES {
            retry.totp = Some(totp::new_secret());
            retry.tfail = 0;
            "That code didn't work too many times. We made a new QR code: remove the old account from your app and scan this one."
        } else {
            "That code didn't work. Check the code in your app and try again."
        };
        let mut response = render(&campaign, &retry, Some(message.into()));
        let token = retry.encode(&campaign.inner.keys);
        set_cookie(&mut response, campaign.inner.cookies.build(token));
        return response;
    }
    if let Err(error) = campaign
        .with_timeout(campaign.store().record_registration(&state.sub, now))
        .await
    {
        campaign.count_store_failure();
        tracing::error!(%error, "could not record a registration");
        return problem(
            &campaign,
            StatusCode::SERVICE_UNAVAILABLE,
            "We couldn't finish the setup",
            "Your code was right, but we couldn't save your new sign-in method. Please try again in a moment.",
            &state.cont,
        );
    }
    if let Some(callback) = &campaign.inner.on_registered {
        callback(Registration {
            user_id: state.sub.clone(),
            method: "totp",
            secret,
            display_name: "Authenticator app".into(),
            registered_at: now,
        });
    }
    let mut done = state.at_step(FlowStep::Done, now);
    done.totp = None;
    redirect_into_flow(&campaign, &done)
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
