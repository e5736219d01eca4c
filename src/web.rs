//! Small HTTP helpers shared by the flow, the device API and the admin page: strict security
//! headers, cookie lookup, and the origin users reach the service at.

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

/// The origin users reach this service at, for absolute URLs (QR codes, `@odata` links): the
/// campaign's configured public origin if there is one, else the request's `Host` (only
/// host-name characters; `localhost` otherwise) with `https` when a proxy says so in
/// `X-Forwarded-Proto` or `secure` is set, else `http`.
pub(crate) fn public_origin(
    campaign: &crate::Campaign,
    headers: &HeaderMap,
    secure: bool,
) -> String {
    if let Some(origin) = campaign.configured_origin() {
        return origin.to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let forwarded_https = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let scheme = if secure || forwarded_https {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// The absolute URL under which devices reach the campaign's tenant
/// (`https://login.example.com/registration-campaign`, with `/t/{tenant}` after it for any
/// tenant but the default one): the device API is `{flow_url}/device/v1`, the short
/// enrollment URLs `{flow_url}/d/{slot}`.
pub(crate) fn flow_url(campaign: &crate::Campaign, headers: &HeaderMap) -> String {
    let origin = public_origin(campaign, headers, campaign.secure_cookies());
    format!("{origin}{}", campaign.tenant_path())
}

// Localized texts are HTML already (their arguments escaped by `locale`): the templates print
// them as they are.
impl askama::filters::HtmlSafe for crate::locale::Text<'_> {}
impl askama::filters::HtmlSafe for crate::locale::Message<'_> {}

/// The client's address: the last entry of the host's trusted proxy header
/// ([`client_ip_header`](crate::CampaignBuilder::client_ip_header)), else the connection's
/// (axum's `ConnectInfo<SocketAddr>`), else unknown.
pub(crate) fn client_ip(
    campaign: &crate::Campaign,
    parts: &axum::http::request::Parts,
) -> Option<std::net::IpAddr> {
    if let Some(name) = campaign.client_ip_header() {
        // `X-Forwarded-For: client, proxy1`: the proxy appends the address it saw last.
        return parts
            .headers
            .get_all(name)
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok());
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip())
}
