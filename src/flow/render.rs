//! Turning a flow's state into a page, and the small responses every handler uses.

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::pages::{
    ApprovedPage, Chrome, Countdown, DonePage, DownloadPage, Due, ExpiredPage, NamePage,
    PASSKEY_STEPS, PasskeyDonePage, PasskeyPage, ProblemPage, PromptPage, Reminder, RequiredPage,
    SavingPage, ScanPage, SetupPage, Skips, Step, StoreLinks, TOTAL_STEPS, TestPage, TestState,
    TotpPage,
};
use super::record::{Flow, FlowStep, MAX_PASSKEY_NAME, PASSKEY_METHOD, PUSH_METHOD};
use super::session::{FlowError, FlowSession};
use super::token::FlowToken;
use crate::campaign::Campaign;
use crate::enroll::{EnrollContext, EnrollmentMethod, ScanView, Verification, totp};
use crate::locale::{Language, LanguageWishes, Texts};

const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A `303 See Other` to `location`.
pub(crate) fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// A `303` to the flow's page, with the flow cookie for `token`'s step.
pub(crate) fn redirect_into_flow(campaign: &Campaign, token: &FlowToken) -> Response {
    let mut response = see_other(campaign.prefix());
    set_flow_cookie(campaign, response.headers_mut(), token);
    response
}

/// Sets the flow cookie for `token`.
pub(crate) fn set_flow_cookie(campaign: &Campaign, headers: &mut HeaderMap, token: &FlowToken) {
    match token.encode(campaign.flow_keys()) {
        Ok(value) => {
            super::cookies::set(headers, &campaign.cookie_settings().build(value));
        }
        // Cannot happen with an HMAC key and our own claims; never send an empty cookie.
        Err(error) => tracing::error!(%error, "a flow token could not be signed"),
    }
}

/// What the footer of a page of `flow` says the organization asks the user to set up: the
/// flow's method once it has one (any authenticator app for TOTP), else the app the campaign
/// names. Pages outside a flow name no method.
fn footer_method(campaign: &Campaign, flow: Option<&Flow>, t: &Texts) -> Option<String> {
    let flow = flow?;
    Some(match flow.method.as_deref() {
        Some(PASSKEY_METHOD) => t.text("method-a-passkey"),
        None if flow.is_passkey() => t.text("method-a-passkey"),
        Some("totp") => t.text("method-an-authenticator-app"),
        Some(id) => match campaign.method(id) {
            Some(method) => method.display_name().to_owned(),
            None => app_name(campaign, Some(flow))
                .map_or_else(|| t.text("method-an-authenticator-app"), str::to_owned),
        },
        None => app_name(campaign, Some(flow))
            .map_or_else(|| t.text("method-an-authenticator-app"), str::to_owned),
    })
}

/// The method whose app the pages describe: the flow's, else the one the setup starts with.
fn app_method<'a>(
    campaign: &'a Campaign,
    flow: Option<&Flow>,
) -> Option<&'a std::sync::Arc<dyn EnrollmentMethod>> {
    match flow.and_then(|f| f.method.as_deref()) {
        Some(id) => campaign.methods().iter().find(|m| m.id() == id),
        None => campaign.methods().first(),
    }
}

/// The app the pages name: a method's own app (push), else the app the host named; `None`:
/// no product is named (any authenticator app reads a TOTP code).
fn app_name<'a>(campaign: &'a Campaign, flow: Option<&Flow>) -> Option<&'a str> {
    match app_method(campaign, flow).filter(|m| m.app_store_links().is_some()) {
        Some(method) => Some(method.display_name()),
        None => campaign.app_name(),
    }
}

/// Where the download page sends the user: the store pages of that app, if it has any.
fn app_store_links<'a>(campaign: &'a Campaign, flow: Option<&Flow>) -> Option<(&'a str, &'a str)> {
    app_method(campaign, flow)
        .and_then(|m| m.app_store_links())
        .or_else(|| campaign.store_links())
}

/// The texts of `flow`'s pages: the language chosen when it started (English for flows from
/// before localization).
pub(crate) fn flow_texts(campaign: &Campaign, flow: &Flow) -> Texts {
    let language = flow
        .language
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_else(Language::english);
    campaign.locales().texts(&language)
}

/// The texts of a page outside a flow: the browser's `Accept-Language` decides.
pub(crate) fn request_texts(campaign: &Campaign, headers: &HeaderMap) -> Texts {
    campaign.locales().negotiate(LanguageWishes {
        accept_language: headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        ..Default::default()
    })
}

fn chrome(
    campaign: &Campaign,
    flow: Option<&Flow>,
    t: &Texts,
    title: &str,
    step: Option<u8>,
) -> Chrome {
    let branding = campaign.branding();
    Chrome {
        title: t.text(title),
        prefix: campaign.prefix().to_owned(),
        asset_version: ASSET_VERSION.to_owned(),
        // Rendered without escaping (see `macros.html`): only base64url and dots may pass.
        csrf: flow
            .map(Flow::csrf_token)
            .filter(|t| {
                t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            })
            .unwrap_or_default(),
        flow_step: flow.map_or("", |f| f.step.name()),
        step: step.map(|number| Step {
            number,
            total: TOTAL_STEPS,
        }),
        app_name: app_name(campaign, flow).map(str::to_owned),
        organization: branding
            .organization()
            .map_or_else(|| t.text("organization-default"), str::to_owned),
        logo_url: branding.logo_url().map(str::to_owned),
        brand_css: branding.css().map(|_| branding.css_version().to_owned()),
        footer_method: footer_method(campaign, flow, t),
        // Once an authenticator is registered there is nothing left to skip.
        can_skip: flow.is_some_and(|f| {
            !f.required
                && !matches!(
                    f.step,
                    FlowStep::Saving | FlowStep::Approved | FlowStep::Done
                )
        }),
        can_go_back: flow.is_some_and(|f| f.step.previous().is_some()),
        // A required user cannot skip: Sign out is their way out, until the registration is
        // done (then the next page signs them in).
        can_sign_out: flow
            .is_some_and(|f| f.required && !matches!(f.step, FlowStep::Approved | FlowStep::Done)),
        t: t.clone(),
    }
}

/// The page the gate sends a required user to when no flow of theirs is open in this browser:
/// what to do, and **Sign out** (the host's own sign-out, which the gate lets through).
pub(crate) fn required_page(campaign: &Campaign, t: &Texts) -> Response {
    let sign_out = campaign.sign_out_target();
    let page = RequiredPage {
        chrome: chrome(campaign, None, t, "problem-required", None),
        sign_out_path: sign_out.path().to_owned(),
        sign_out_post: sign_out.is_post(),
    };
    html(StatusCode::FORBIDDEN, t, &page)
}

/// A page's HTML. Most of a page's text now comes from messages, which askama's size hint
/// does not see, so the buffer is sized for a whole page up front (one allocation, no regrowth).
pub(crate) fn render_page(page: &impl Template) -> askama::Result<String> {
    let mut html = String::with_capacity(PAGE_CAPACITY);
    page.render_into(&mut html)?;
    Ok(html)
}

/// Bytes reserved for a page: the largest pages without a QR code are about 5 KiB.
const PAGE_CAPACITY: usize = 8 * 1024;

/// Renders `page` with `status`, in the language of `t`.
pub(crate) fn html(status: StatusCode, t: &Texts, page: &impl Template) -> Response {
    match render_page(page) {
        Ok(body) => {
            let mut response = (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                body,
            )
                .into_response();
            let headers = response.headers_mut();
            if let Ok(language) = HeaderValue::from_str(t.language().as_str()) {
                headers.insert(header::CONTENT_LANGUAGE, language);
            }
            // Pages outside a flow follow the request's Accept-Language (and a flow's first
            // page followed it at sign-in): a shared cache must not serve one language to all.
            headers.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
            response
        }
        Err(error) => {
            tracing::error!(%error, "a campaign page failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "page rendering failed").into_response()
        }
    }
}

/// "Your setup session expired".
pub(crate) fn expired_page(campaign: &Campaign, t: &Texts) -> Response {
    let page = ExpiredPage {
        chrome: chrome(campaign, None, t, "expired-title", None),
        continue_url: "/".into(),
    };
    html(StatusCode::OK, t, &page)
}

/// A page with a heading, a message and a link onwards; `heading` and `message` are message
/// ids.
pub(crate) fn problem_page(
    campaign: &Campaign,
    t: &Texts,
    status: StatusCode,
    heading: &str,
    message: &str,
    continue_url: &str,
) -> Response {
    let page = ProblemPage {
        chrome: chrome(campaign, None, t, heading, None),
        heading: t.text(heading),
        message: t.text(message),
        continue_url: continue_url.into(),
    };
    html(status, t, &page)
}

/// The method and (opened) handle of the flow's enrollment, from the scan step on.
pub(crate) fn enrollment(
    session: &FlowSession,
) -> Result<(std::sync::Arc<dyn EnrollmentMethod>, String), FlowError> {
    let flow = session.flow();
    let method = flow
        .method
        .as_deref()
        .and_then(|m| session.campaign.method(m))
        .cloned();
    let handle = flow.enrollment.as_deref().and_then(|sealed| {
        session
            .campaign
            .open_enrollment_handle(&session.token.sub, sealed)
    });
    match (method, handle) {
        (Some(method), Some(handle)) => Ok((method, handle)),
        _ => Err(FlowError::Ended("the flow has no enrollment")),
    }
}

/// The context enrollment methods see.
pub(crate) fn enroll_context<'a>(session: &'a FlowSession, flow_url: &'a str) -> EnrollContext<'a> {
    let campaign = &session.campaign;
    let flow = session.flow();
    let cx = EnrollContext::new(
        &session.token.sub,
        flow.sign_in_name.as_deref().unwrap_or(&flow.display_name),
        campaign.issuer(),
        campaign.now(),
        flow_url,
        campaign.store(),
        campaign.secret_key(),
    )
    .with_texts(&session.texts);
    match &flow.passkey_rules {
        Some(rules) => cx.with_passkey_rules(rules),
        None => cx,
    }
}

/// What the code page's switch button says: the method the switch leads to, in words a user
/// knows. `None` when the campaign offers one method.
fn alternative_label(campaign: &Campaign, flow: &Flow, t: &Texts) -> Option<String> {
    let other = alternative_method(campaign, flow)?;
    Some(t.text(if other == PUSH_METHOD {
        "alternative-push"
    } else if flow.method.as_deref() == Some(PASSKEY_METHOD) {
        "alternative-app"
    } else {
        "alternative-other-app"
    }))
}

/// The method **I want to use a different authenticator app** switches to: the next of the
/// campaign's methods after the flow's. The passkey method is offered only in a passkey flow
/// (an authenticator-app campaign never turns into a passkey one).
pub(crate) fn alternative_method(campaign: &Campaign, flow: &Flow) -> Option<&'static str> {
    // A passkey campaign asks for a phishing-resistant method: whether an authenticator app is
    // offered instead is the host's choice (by default only when registration is required).
    if flow.is_passkey() && !campaign.passkey_alternative().offered(flow.required) {
        return None;
    }
    let methods: Vec<&'static str> = campaign
        .methods()
        .iter()
        .map(|m| m.id())
        .filter(|id| *id != PASSKEY_METHOD || flow.is_passkey())
        .collect();
    if methods.len() < 2 {
        return None;
    }
    let current = methods
        .iter()
        .position(|id| Some(*id) == flow.method.as_deref())?;
    methods.get((current + 1) % methods.len()).copied()
}

/// A passkey page's chrome: "Step N of 2".
fn passkey_chrome(mut chrome: Chrome, number: u8) -> Chrome {
    chrome.step = Some(Step {
        number,
        total: PASSKEY_STEPS,
    });
    chrome
}

/// What a submission adds to the page it stays on.
#[derive(Debug, Default)]
pub(crate) struct Feedback {
    /// What was wrong with it (the page answers `422`).
    pub error: Option<String>,
    /// Attempts left before a new secret is issued, if that applies.
    pub attempts_left: Option<u32>,
    /// Next was chosen while the test notification is still unanswered.
    pub still_waiting: bool,
}

impl Feedback {
    /// What the flow record keeps of this for the page at `step`.
    pub(crate) fn stored(self, step: FlowStep) -> super::record::StoredFeedback {
        super::record::StoredFeedback {
            step: Some(step),
            error: self.error,
            attempts_left: self.attempts_left,
            still_waiting: self.still_waiting,
        }
    }

    /// What the last submission said, if it was about the step the flow is at.
    pub(crate) fn kept(flow: &Flow) -> Self {
        match &flow.feedback {
            Some(kept) if kept.step == Some(flow.step) => Self {
                error: kept.error.clone(),
                attempts_left: kept.attempts_left,
                still_waiting: kept.still_waiting,
            },
            _ => Self::default(),
        }
    }
}

/// The page of the flow's current step, with what a submission adds to it.
pub(crate) async fn render(
    session: &FlowSession,
    headers: &HeaderMap,
    feedback: Feedback,
) -> Result<Response, FlowError> {
    let Feedback {
        error,
        attempts_left,
        still_waiting,
    } = feedback;
    let campaign = &session.campaign;
    let flow = session.flow();
    let now = campaign.now();
    let t = &session.texts;
    let c = |title: &str, step: Option<u8>| chrome(campaign, Some(flow), t, title, step);
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let response = match flow.step {
        FlowStep::Prompt => html(
            StatusCode::OK,
            t,
            &PromptPage {
                chrome: c("prompt-heading", None),
                user_display_name: flow.display_name.clone(),
                sign_in_name: flow.sign_in_name.clone(),
                skips: Skips::new(flow.required, flow.skips_left),
                due: flow
                    .deadline()
                    .map(|deadline| Due::new(deadline, now, flow.utc_offset(), t)),
                reminder: Reminder::new(
                    flow.snooze_days,
                    flow.deadline(),
                    now,
                    flow.utc_offset(),
                    t,
                ),
                passkey: flow.is_passkey(),
            },
        ),
        FlowStep::Download => {
            let links = app_store_links(campaign, Some(flow));
            html(
                StatusCode::OK,
                t,
                &DownloadPage {
                    chrome: c("download-heading", Some(1)),
                    store_links: links.map(|(ios, android)| StoreLinks {
                        ios: ios.to_owned(),
                        android: android.to_owned(),
                    }),
                },
            )
        }
        FlowStep::Setup => {
            let method = flow
                .method
                .as_deref()
                .or_else(|| campaign.methods().first().map(|m| m.id()));
            html(
                StatusCode::OK,
                t,
                &SetupPage {
                    chrome: c("setup-heading", Some(2)),
                    connects_itself: method == Some(PUSH_METHOD),
                },
            )
        }
        FlowStep::Scan => {
            let (method, handle) = enrollment(session)?;
            let url = crate::web::flow_url(campaign, headers);
            let cx = enroll_context(session, &url);
            let view = method
                .scan(&cx, &handle)
                .await
                .map_err(|e| FlowError::enrollment(e, flow))?;
            match view {
                ScanView::Code { qr_payload, secret } => html(
                    status,
                    t,
                    &TotpPage {
                        chrome: c("scan-heading", Some(3)),
                        heading: t.text("scan-heading"),
                        qr_svg: campaign.qr_codes().svg(&qr_payload),
                        otpauth_uri: qr_payload,
                        secret_groups: totp::grouped(&secret),
                        secret,
                        // The name the QR code's otpauth URI gives the account.
                        account: flow
                            .sign_in_name
                            .clone()
                            .unwrap_or_else(|| flow.display_name.clone()),
                        issuer: campaign.issuer().to_owned(),
                        error,
                        attempts_left,
                        alternative: alternative_label(campaign, flow, t),
                    },
                ),
                ScanView::Device {
                    qr_payload,
                    device,
                    expires_at,
                    code,
                } => html(
                    status,
                    t,
                    &ScanPage {
                        chrome: c("scan-heading", Some(3)),
                        qr_svg: campaign.qr_codes().svg(&qr_payload),
                        qr_text: qr_payload,
                        device,
                        code,
                        expires_in: expires_at.map(|at| Countdown::until(at, now)),
                        error,
                    },
                ),
                ScanView::Passkey { options_json } => html(
                    status,
                    t,
                    &PasskeyPage {
                        chrome: passkey_chrome(c("passkey-heading", None), 1),
                        options_json,
                        error,
                        alternative: alternative_label(campaign, flow, t),
                    },
                ),
            }
        }
        FlowStep::Verify => {
            let (method, handle) = enrollment(session)?;
            let url = crate::web::flow_url(campaign, headers);
            let cx = enroll_context(session, &url);
            let (state, device_name) = match method.verify(&cx, &handle).await {
                Ok(Verification::Pending {
                    number,
                    device_name,
                    expires_at,
                }) => (
                    TestState::Waiting {
                        number,
                        expires_in: Countdown::until(expires_at, now),
                        still_waiting,
                    },
                    device_name,
                ),
                Ok(Verification::Failed {
                    message,
                    device_name,
                }) => (TestState::Failed { message }, device_name),
                Ok(Verification::Approved(registration)) => {
                    (TestState::Approved, registration.display_name)
                }
                Err(e) => return Err(FlowError::enrollment(e, flow)),
            };
            html(
                StatusCode::OK,
                t,
                &TestPage {
                    chrome: c("test-heading", Some(4)),
                    device_name,
                    state,
                },
            )
        }
        FlowStep::Name => html(
            status,
            t,
            &NamePage {
                chrome: passkey_chrome(c("name-heading", None), 2),
                suggested: flow
                    .registered_name
                    .clone()
                    .unwrap_or_else(|| t.text("name-default")),
                max_length: MAX_PASSKEY_NAME,
                error,
            },
        ),
        // Named by what was registered, not by what the campaign asked for.
        FlowStep::Done if flow.method.as_deref() == Some(PASSKEY_METHOD) => html(
            StatusCode::OK,
            t,
            &PasskeyDonePage {
                chrome: passkey_chrome(c("passkey-done-heading", None), 2),
                // A passkey left with the default name ("Passkey") is not named again:
                // "Your passkey Passkey is saved" says nothing.
                name: flow
                    .registered_name
                    .clone()
                    .filter(|name| !name.eq_ignore_ascii_case(&t.text("name-default")))
                    .unwrap_or_default(),
            },
        ),
        FlowStep::Saving => html(
            StatusCode::SERVICE_UNAVAILABLE,
            t,
            &SavingPage {
                chrome: c("saving-heading", Some(4)),
            },
        ),
        FlowStep::Approved => html(
            StatusCode::OK,
            t,
            &ApprovedPage {
                chrome: c("approved-heading", Some(4)),
                device_name: flow
                    .registered_name
                    .clone()
                    .unwrap_or_else(|| t.text("approved-your-phone")),
            },
        ),
        FlowStep::Done => html(
            StatusCode::OK,
            t,
            &DonePage {
                chrome: c("done-heading", Some(4)),
                method_name: match flow.method.as_deref().and_then(|m| campaign.method(m)) {
                    // Any authenticator app: said in the user's language.
                    Some(m) if m.id() != "totp" => m.display_name().to_owned(),
                    _ => t.text("code-your-app"),
                },
                announce_default: campaign.announces_default_method(),
            },
        ),
    };
    Ok(response)
}
