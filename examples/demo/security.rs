//! The demo host's own protections, as middleware rather than code in each handler.
//!
//! The campaign's pages set their own headers and CSRF tokens; these cover the host's pages
//! (`/login`, `/mfa`, `/`) and every request that reaches the server.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The longest `Cookie` header accepted (all `Cookie` lines together). Browsers send at most a
/// few KB to one site; the campaign's own cookie is well under 4 KB.
pub const MAX_COOKIE_BYTES: usize = 16 * 1024;
/// The longest request head accepted (all header names and values).
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// The demo's pages use same-origin stylesheets and scripts (the campaign's `passkey.js` for
/// **Use a passkey**), no inline script or style, and no frames.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Security headers for the demo's pages. Pages carry session state (who is signed in, the
/// number to match), so none of them may be cached.
pub async fn page_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ] {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}

/// Refuses a state-changing request unless it comes from this origin.
///
/// A browser that sends `Sec-Fetch-Site` says exactly where a request comes from; only
/// `same-origin` passes. Otherwise the `Origin` header must name this host; `Origin: null`
/// (sandboxed frames, `data:` URLs, some redirects) is refused. A request with neither header
/// (curl, old browsers) passes: the session cookie is also `SameSite=Lax`.
pub async fn same_origin_posts(request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let headers = request.headers();
        let fetch_site = headers.get("sec-fetch-site").map(HeaderValue::as_bytes);
        let refused = match (fetch_site, headers.get(header::ORIGIN)) {
            (Some(site), _) => site != b"same-origin",
            (None, Some(origin)) => {
                let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
                !origin
                    .to_str()
                    .ok()
                    .zip(host)
                    .is_some_and(|(origin, host)| origin_is_host(origin, host))
            }
            (None, None) => false,
        };
        if refused {
            return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
        }
    }
    next.run(request).await
}

/// `http://HOST` or `https://HOST` exactly (so `Origin: null` and look-alikes do not match).
fn origin_is_host(origin: &str, host: &str) -> bool {
    origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|authority| authority.eq_ignore_ascii_case(host))
}

/// Answers `431 Request Header Fields Too Large` to a request whose cookies or head are
/// oversized, before anything (the campaign layer included) parses them.
pub async fn limit_request_headers(request: Request, next: Next) -> Response {
    let cookie_bytes: usize = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .map(|v| v.len())
        .sum();
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if cookie_bytes > MAX_COOKIE_BYTES || header_bytes > MAX_HEADER_BYTES {
        return (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            [(header::CONNECTION, "close")],
            "request headers too large: clear this site's cookies and try again",
        )
            .into_response();
    }
    next.run(request).await
}
