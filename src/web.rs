//! Small HTTP helpers shared by the flow and the admin page: strict security headers and
//! cookie lookup.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

/// The setup flow's pages: scripts, styles and images from the flow itself only.
pub(crate) const FLOW_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'; object-src 'none'";

/// The admin page: no script at all.
#[cfg(feature = "admin")]
pub(crate) const ADMIN_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Whether a response may keep a cache policy of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Caching {
    /// `no-store` unless the response set a policy (static assets do).
    NoStoreByDefault,
    /// Always `no-store`.
    #[cfg_attr(not(feature = "admin"), allow(dead_code))]
    NoStore,
}

/// Adds the strict headers every page of ours carries: `csp`, no framing, no referrer, no
/// sniffing, and the cache rule.
pub(crate) fn secure(mut response: Response, csp: &'static str, caching: Caching) -> Response {
    let headers = response.headers_mut();
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    let no_store = HeaderValue::from_static("no-store");
    match caching {
        Caching::NoStore => {
            headers.insert(header::CACHE_CONTROL, no_store);
        }
        Caching::NoStoreByDefault => {
            headers.entry(header::CACHE_CONTROL).or_insert(no_store);
        }
    }
    response
}

/// The value of the cookie called `name` in a request's `Cookie` headers.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie_in(headers.get_all(header::COOKIE), name)
}

/// The value of the cookie called `name` in `Cookie` header values.
pub(crate) fn cookie_in<'a>(
    values: impl IntoIterator<Item = &'a HeaderValue>,
    name: &str,
) -> Option<String> {
    values
        .into_iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}
