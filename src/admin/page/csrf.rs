//! CSRF protection of the admin forms: a sealed, time-stamped token bound to the admin's
//! sign-in session, in a `SameSite=Strict` cookie and in each form.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use rand::RngCore;
use subtle::ConstantTimeEq;

use super::{AdminSession, forbidden};
use crate::campaign::Campaign;
use crate::campaign::audit::Actor;

const CSRF_COOKIE: &str = "registration-campaign-admin-csrf";
/// Over https the cookie gets the `__Host-` prefix: no subdomain can plant or overwrite it.
const SECURE_CSRF_COOKIE: &str = "__Host-registration-campaign-admin-csrf";
const CSRF_CONTEXT: &str = "registration-campaign admin csrf";
/// How long a page's form stays valid.
const CSRF_LIFETIME: time::Duration = time::Duration::hours(1);
/// Tokens issued this far "in the future" are still taken (instances' clocks differ a little).
const CSRF_CLOCK_SKEW: time::Duration = time::Duration::minutes(1);
/// The answer to a form whose token is missing, foreign or malformed.
/// The message id of the answer to a form that failed its CSRF check.
pub(super) const CSRF_REFUSED: &str = "admin-csrf-refused";

fn csrf_cookie_name(campaign: &Campaign) -> &'static str {
    if campaign.secure_cookies() {
        SECURE_CSRF_COOKIE
    } else {
        CSRF_COOKIE
    }
}

/// Who is using the page, from the request extensions the host's admin sign-in set.
pub(super) struct SignedIn {
    pub(super) actor: Actor,
    /// The name to show as signed in (the UPN, else the id), when the host said who it is.
    pub(super) shown_name: Option<String>,
    /// What a CSRF token is bound to: this admin in this sign-in session.
    csrf_binding: String,
}

impl SignedIn {
    pub(super) fn from(extensions: &axum::http::Extensions) -> Self {
        let given = extensions.get::<Actor>().cloned();
        let shown_name = given.as_ref().map(|a| {
            a.user_principal_name
                .clone()
                .unwrap_or_else(|| a.id.clone())
        });
        let actor = given.unwrap_or_else(|| Actor {
            id: "admin-page".into(),
            user_principal_name: None,
        });
        let session = extensions
            .get::<AdminSession>()
            .map_or("", |s| s.0.as_str());
        let tenant = extensions
            .get::<crate::tenant::TenantId>()
            .cloned()
            .unwrap_or_default();
        // Sealed as associated data: a token opens only for the same admin, tenant and session
        // (a tenant id holds no newline, so the fields cannot run into each other).
        let csrf_binding = format!(
            "{CSRF_CONTEXT}\n{}\n{}\n{tenant}\n{session}",
            actor.id.len(),
            actor.id
        );
        Self {
            shown_name,
            actor,
            csrf_binding,
        }
    }
}

/// A new token: when it was issued and random bytes, sealed with the campaign's key for this
/// admin's session, so only this server can make one and it opens for no one else.
fn new_csrf_token(campaign: &Campaign, admin: &SignedIn) -> String {
    let mut plain = campaign.now().unix_timestamp().to_be_bytes().to_vec();
    let mut random = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut random);
    plain.extend_from_slice(&random);
    // Sealing cannot fail for 24 bytes; if it ever did, the empty token is refused (fails
    // closed) and the error is logged.
    campaign
        .secret_key()
        .seal(&plain, &admin.csrf_binding)
        .unwrap_or_else(|error| {
            tracing::error!(%error, "an admin CSRF token could not be sealed");
            String::new()
        })
}

/// How old a token this server sealed for this admin's session is; `None` for any other
/// token (planted, another admin's or session's, or issued "in the future").
fn csrf_age(campaign: &Campaign, admin: &SignedIn, token: &str) -> Option<time::Duration> {
    let plain = campaign.secret_key().open(token, &admin.csrf_binding)?;
    let issued: [u8; 8] = plain.get(..8)?.try_into().ok()?;
    let issued = time::OffsetDateTime::from_unix_timestamp(i64::from_be_bytes(issued)).ok()?;
    let age = campaign.now() - issued;
    (age >= -CSRF_CLOCK_SKEW).then_some(age)
}

fn csrf_cookie_value(campaign: &Campaign, headers: &HeaderMap) -> Option<String> {
    crate::web::cookie(headers, csrf_cookie_name(campaign))
}

/// The token for a page: the cookie's while it is this admin's and young enough to outlive
/// the page for a while, else a new one.
pub(super) fn page_csrf_token(
    campaign: &Campaign,
    headers: &HeaderMap,
    admin: &SignedIn,
) -> String {
    csrf_cookie_value(campaign, headers)
        .filter(|token| csrf_age(campaign, admin, token).is_some_and(|age| age < CSRF_LIFETIME / 2))
        .unwrap_or_else(|| new_csrf_token(campaign, admin))
}

enum Csrf {
    Valid,
    Expired,
    Refused,
}

/// The form's token must equal the `SameSite=Strict` cookie's, which this server sealed for
/// this admin's session less than [`CSRF_LIFETIME`] ago, and the browser must not call the
/// request cross-site.
fn check_csrf(campaign: &Campaign, headers: &HeaderMap, admin: &SignedIn, submitted: &str) -> Csrf {
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site");
    let Some(cookie) = csrf_cookie_value(campaign, headers) else {
        return Csrf::Refused;
    };
    if cross_site || !bool::from(cookie.as_bytes().ct_eq(submitted.as_bytes())) {
        return Csrf::Refused;
    }
    match csrf_age(campaign, admin, &cookie) {
        None => Csrf::Refused,
        Some(age) if age >= CSRF_LIFETIME => Csrf::Expired,
        Some(_) => Csrf::Valid,
    }
}

/// The answer to a form that failed its CSRF check, or `None` when it passed.
pub(super) fn refuse_csrf(
    campaign: &Campaign,
    headers: &HeaderMap,
    admin: &SignedIn,
    submitted: &str,
) -> Option<Response> {
    let message = match check_csrf(campaign, headers, admin, submitted) {
        Csrf::Valid => return None,
        Csrf::Expired => "admin-form-expired",
        Csrf::Refused => CSRF_REFUSED,
    };
    Some(forbidden(
        super::admin_texts(campaign, headers).text(message),
    ))
}

/// Sets the page's token as the `SameSite=Strict` cookie the next form is checked against.
pub(super) fn set_csrf_cookie(campaign: &Campaign, response: &mut Response, token: &str) {
    let secure = if campaign.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}",
        csrf_cookie_name(campaign)
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}
