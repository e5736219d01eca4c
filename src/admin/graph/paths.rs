//! Graph's paths match without case and with or without a trailing slash; user ids keep
//! their case.

use axum::extract::Request;
use axum::http::Uri;

/// Graph's paths match without case and with or without a trailing slash.
pub(super) fn lower_case_path(mut request: Request) -> Request {
    let uri = request.uri();
    let path = uri.path();
    let trimmed = match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    };
    if trimmed.len() != path.len() || path.bytes().any(|b| b.is_ascii_uppercase()) {
        let lowered = lower_case_keeping_user_id(trimmed);
        let lowered = match uri.query() {
            Some(query) => format!("{lowered}?{query}"),
            None => lowered,
        };
        if let Ok(uri) = lowered.parse::<Uri>() {
            *request.uri_mut() = uri;
        }
    }
    request
}

/// The path in lower case, except a user id (`/registrationCampaign/users/{id}/…`): user ids
/// are the host's, and may be case-sensitive.
fn lower_case_keeping_user_id(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let is_user_path = segments.len() >= 4
        && segments[1].eq_ignore_ascii_case("registrationCampaign")
        && segments[2].eq_ignore_ascii_case("users");
    segments
        .iter()
        .enumerate()
        .map(|(i, segment)| match i {
            3 if is_user_path => (*segment).to_owned(),
            _ => segment.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("/")
}
