//! What the flow answers outside a step's own page: redirects, the flow cookie, a page as
//! HTML with its language headers, the page chrome, and the expired, problem and required
//! pages; and which language a page is in.

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::pages::{Chrome, ExpiredPage, ProblemPage, RequiredPage, Step, TOTAL_STEPS};
use super::record::{Flow, FlowStep, PASSKEY_METHOD};
use super::token::FlowToken;
use crate::campaign::Campaign;
use crate::enroll::EnrollmentMethod;
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
pub(crate) fn app_store_links<'a>(
    campaign: &'a Campaign,
    flow: Option<&Flow>,
) -> Option<(&'a str, &'a str)> {
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

pub(crate) fn chrome(
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
