//! The flow's cookies: how they are named, scoped, set, found and removed.
//!
//! - The flow cookie carries the flow token. It is a session cookie (no `Max-Age`: closing the
//!   browser ends it), `HttpOnly`, `SameSite=Lax`, and scoped to the flow's prefix, so host
//!   routes never see it. Over https it is `Secure` with the `__Secure-` prefix (`__Host-`
//!   would force `Path=/`).
//! - The required hint tells a later sign-in of the same browser that its user must register,
//!   so that a store outage cannot let that user through (see `after_mfa`). It holds a signed
//!   hash of the user id, never the id itself, and is scoped to the whole site because the
//!   host's MFA route must see it.

use cookie::{Cookie, SameSite};
use http::{HeaderMap, HeaderValue, header};
use time::{Duration, OffsetDateTime};

/// How the campaign's cookies are named and scoped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CookieSettings<'a> {
    pub secure: bool,
    pub path: &'a str,
}

impl crate::campaign::Campaign {
    /// How this campaign's cookies are named and scoped.
    pub(crate) fn cookie_settings(&self) -> CookieSettings<'_> {
        CookieSettings {
            secure: self.secure_cookies(),
            path: self.prefix(),
        }
    }
}

/// How long the required hint lasts.
const HINT_LIFETIME: Duration = Duration::days(30);

impl CookieSettings<'_> {
    /// The flow cookie's name.
    pub(crate) fn name(&self) -> &'static str {
        if self.secure {
            "__Secure-registration-campaign"
        } else {
            "registration-campaign"
        }
    }

    /// The required hint's name.
    pub(crate) fn hint_name(&self) -> &'static str {
        if self.secure {
            "__Secure-registration-campaign-required"
        } else {
            "registration-campaign-required"
        }
    }

    /// The flow cookie holding `token`.
    pub(crate) fn build(&self, token: String) -> Cookie<'static> {
        let mut cookie = Cookie::new(self.name(), token);
        cookie.set_http_only(true);
        cookie.set_same_site(SameSite::Lax);
        cookie.set_secure(self.secure);
        cookie.set_path(self.path.to_owned());
        cookie
    }

    /// Removes the flow cookie.
    pub(crate) fn removal(&self) -> Cookie<'static> {
        expire(self.build(String::new()))
    }

    /// The required hint holding `value`.
    pub(crate) fn hint(&self, value: String) -> Cookie<'static> {
        let mut cookie = Cookie::new(self.hint_name(), value);
        cookie.set_http_only(true);
        cookie.set_same_site(SameSite::Lax);
        cookie.set_secure(self.secure);
        cookie.set_path("/");
        cookie.set_max_age(HINT_LIFETIME);
        cookie
    }

    /// Removes the required hint.
    pub(crate) fn hint_removal(&self) -> Cookie<'static> {
        expire(self.hint(String::new()))
    }

    /// The flow token from a request's `Cookie` headers.
    pub(crate) fn find(&self, headers: &HeaderMap) -> Option<String> {
        crate::web::cookie(headers, self.name())
    }

    /// The required hint from a request's `Cookie` header.
    pub(crate) fn find_hint(&self, cookies: Option<&HeaderValue>) -> Option<String> {
        crate::web::cookie_in(cookies, self.hint_name())
    }
}

fn expire(mut cookie: Cookie<'static>) -> Cookie<'static> {
    cookie.set_max_age(Duration::ZERO);
    cookie.set_expires(OffsetDateTime::UNIX_EPOCH);
    cookie
}

/// Appends `cookie` to a response's headers.
pub(crate) fn set(headers: &mut HeaderMap, cookie: &Cookie<'_>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        headers.append(header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(secure: bool) -> CookieSettings<'static> {
        CookieSettings {
            secure,
            path: "/registration-campaign",
        }
    }

    #[test]
    fn the_flow_cookie_is_a_session_cookie_scoped_to_the_prefix() {
        for secure in [false, true] {
            let cookie = settings(secure).build("t".into()).to_string();
            assert!(cookie.contains("Path=/registration-campaign"), "{cookie}");
            assert!(!cookie.contains("Max-Age"), "{cookie}");
            assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
            assert_eq!(cookie.contains("Secure"), secure);
        }
        assert!(
            settings(true)
                .build("t".into())
                .to_string()
                .starts_with("__Secure-registration-campaign=t")
        );
    }

    #[test]
    fn finds_the_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; registration-campaign=tok; b=2"),
        );
        assert_eq!(settings(false).find(&headers).as_deref(), Some("tok"));
        assert_eq!(settings(true).find(&headers), None);
    }
}
