//! The demo host's own pages: askama views in `examples/demo/templates/`.
//!
//! askama looks for templates under the crate's `templates/` directory; the paths below step out
//! of it so that the demo stays one folder a host can copy (in your own crate, put these files in
//! `templates/` and drop the `../examples/demo/templates/` part).

use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use registration_campaign::locale::{LanguageWishes, Locales, Texts};

/// The demo's stylesheet for its sign-in forms, served at `/demo.css`.
pub const DEMO_CSS: &str = include_str!("assets/demo.css");

/// The demo's own messages, one Fluent file per language (`locales/<tag>/demo.ftl`).
const DEMO_MESSAGES: &[(&str, &str)] = &[
    ("en", include_str!("locales/en/demo.ftl")),
    ("de", include_str!("locales/de/demo.ftl")),
    ("fr", include_str!("locales/fr/demo.ftl")),
    ("es", include_str!("locales/es/demo.ftl")),
    ("ja", include_str!("locales/ja/demo.ftl")),
    ("ar", include_str!("locales/ar/demo.ftl")),
];

/// The campaign's languages with the demo's own messages added, as a host adds its own: one
/// catalog serves the flow and the host's pages.
pub fn locales() -> Locales {
    DEMO_MESSAGES
        .iter()
        .fold(Locales::builtin(), |locales, (tag, ftl)| {
            locales
                .with_ftl(tag, &format!("examples/demo/locales/{tag}/demo.ftl"), ftl)
                .expect("the demo's messages parse")
        })
}

/// The language of a page of the demo: the browser's `Accept-Language`.
pub fn texts(locales: &Locales, headers: &HeaderMap) -> Texts {
    locales.negotiate(LanguageWishes {
        accept_language: headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        ..Default::default()
    })
}

#[derive(Template)]
#[template(path = "../examples/demo/templates/login.html")]
pub struct LoginPage<'a> {
    pub t: &'a Texts,
    pub campaign_css: &'a str,
    /// What the user typed, shown again after a wrong password.
    pub username: &'a str,
    pub wrong_credentials: bool,
}

#[derive(Template)]
#[template(path = "../examples/demo/templates/mfa.html")]
pub struct MfaPage<'a> {
    pub t: &'a Texts,
    pub campaign_css: &'a str,
    /// Where the campaign serves its scripts (`passkey.js`).
    pub campaign_prefix: &'a str,
    /// The code comes from the user's authenticator app (else a text message).
    pub authenticator_app: bool,
    /// **Use a passkey**, for a user who has one.
    pub passkey: Option<&'a registration_campaign::enroll::PasskeySignInStart>,
    /// Why the last code was refused.
    pub problem: Option<String>,
}

/// A number-matched push was sent to the user's device.
#[derive(Template)]
#[template(path = "../examples/demo/templates/push.html")]
pub struct PushPage<'a> {
    pub t: &'a Texts,
    pub campaign_css: &'a str,
    pub number: &'a str,
    pub device_name: &'a str,
    /// The phone shows several numbers and the user taps this one (privacyIDEA Authenticator).
    pub by_choice: bool,
    pub message: Option<String>,
    /// The text-message form inside never shows an error here.
    pub problem: Option<&'a str>,
}

/// A page with one message and one link onwards.
#[derive(Template)]
#[template(path = "../examples/demo/templates/message.html")]
pub struct MessagePage<'a> {
    pub t: &'a Texts,
    pub campaign_css: &'a str,
    pub heading: String,
    pub message: String,
    pub link_href: &'a str,
    pub link_text: String,
}

#[derive(Template)]
#[template(path = "../examples/demo/templates/home.html")]
pub struct HomePage<'a> {
    pub t: &'a Texts,
    pub campaign_css: &'a str,
    pub display_name: &'a str,
    pub user_principal_name: &'a str,
    pub is_admin: bool,
}

/// Renders `page` with `status`.
pub fn render(status: StatusCode, t: &Texts, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (
            status,
            [
                (header::CONTENT_LANGUAGE, t.language().to_string()),
                (header::VARY, "Accept-Language".to_owned()),
            ],
            Html(html),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a demo page failed to render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /demo.css`
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        DEMO_CSS,
    )
        .into_response()
}
