//! The one response type of the suite, and the one way to send a request in process.
//!
//! Every client of the tests ends in a [`Reply`]: [`send`] (a router, in process), the demo's
//! [`Browser`](super::Browser) (hyper over TCP), the layer [`Harness`](super::harness::Harness)
//! and the admin API's [`Api`](super::admin::Api).

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// A response: status, headers, and the body as text.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as a person reads it: askama's escapes of `'`, `"` and `&` are undone (JSON
    /// bodies never contain them).
    pub body: String,
    /// The body exactly as sent, for checks of the escaping itself.
    pub raw: String,
}

/// Sends `request` to `app` in process.
pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    Reply::new(parts.status, parts.headers, &bytes)
}

impl Reply {
    /// The reply made of a response's parts.
    pub fn new(status: StatusCode, headers: HeaderMap, body: &[u8]) -> Self {
        let raw = String::from_utf8_lossy(body).into_owned();
        let body = raw
            .replace("&#39;", "'")
            .replace("&#34;", "\"")
            .replace("&#38;", "&");
        Self {
            status,
            headers,
            body,
            raw,
        }
    }

    /// The first value of header `name`, if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Location` header, or `""`.
    pub fn location(&self) -> &str {
        self.header(header::LOCATION.as_str()).unwrap_or("")
    }

    /// The body as JSON (`null` if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// A Graph error's `error.code`.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    /// The flow cookie it sets, as `name=value`.
    pub fn flow_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("registration-campaign="))
            .map(|c| c.split(';').next().unwrap().to_owned())
    }

    /// The value of the first `name="csrf"` input.
    pub fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .expect("a form with a csrf token");
        self.body[at + 19..].split('"').next().unwrap().to_owned()
    }

    /// The page's form fields: its CSRF token and step.
    pub fn csrf_form(&self) -> String {
        let at = self
            .body
            .find("name=\"step\" value=\"")
            .expect("a step field");
        let step = self.body[at + 19..].split('"').next().unwrap();
        format!("csrf={}&step={step}", self.csrf())
    }
}
