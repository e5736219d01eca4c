//! A browser-like HTTP client for the demo server (a cookie jar, a desktop User-Agent), and
//! the suite's one HTTP client for synchronous code, on hyper.

use std::collections::HashMap;
use std::time::Duration;

use super::{Reply, decode_qr, otpauth_secret, totp_now};

/// A browser-like client: a cookie jar and a desktop User-Agent.
pub struct Browser {
    pub address: String,
    pub user_agent: String,
    /// The `Accept-Language` header it sends, if any.
    pub accept_language: Option<String>,
    cookies: HashMap<String, String>,
}

/// Sends `request` to `address` with hyper's client, on a connection of its own, from
/// synchronous test code: every HTTP client of the suite (the demo's browser, the WebDriver
/// client) goes through here. Any framing (`Content-Length`, chunked) is read.
pub fn http_request(
    address: &str,
    request: http::Request<http_body_util::Full<bytes::Bytes>>,
    within: Duration,
) -> Result<(http::response::Parts, bytes::Bytes), String> {
    thread_local! {
        static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the test's HTTP client");
    }
    RUNTIME.with(|runtime| {
        runtime.block_on(async {
            let stream = tokio::net::TcpStream::connect(address)
                .await
                .map_err(|e| format!("connect {address}: {e}"))?;
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                    .await
                    .map_err(|e| e.to_string())?;
            tokio::spawn(connection);
            let response = tokio::time::timeout(within, sender.send_request(request))
                .await
                .map_err(|_| format!("{address} did not answer within {within:?}"))?
                .map_err(|e| e.to_string())?;
            let (parts, body) = response.into_parts();
            let bytes = http_body_util::BodyExt::collect(body)
                .await
                .map_err(|e| e.to_string())?
                .to_bytes();
            Ok((parts, bytes))
        })
    })
}

/// How long a request may take before the test fails.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

pub const DESKTOP_CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

impl Browser {
    pub fn new(address: &str) -> Self {
        Self {
            address: address.to_owned(),
            user_agent: DESKTOP_CHROME.into(),
            accept_language: None,
            cookies: HashMap::new(),
        }
    }

    /// The value of the cookie `name` this browser keeps, if any.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    /// Keeps `name=value` as if a response had set it (a test planting a cookie).
    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_owned(), value.to_owned());
    }

    /// Posts a flow form and follows its `303` to the flow, as a browser does (every flow POST
    /// is answered with a redirect: Post/Redirect/Get).
    pub fn post_and_follow(&mut self, path: &str, form: &str) -> Reply {
        let posted = self.post(path, form);
        assert_eq!(posted.status, 303, "{}", posted.body);
        let to = posted.header("location").unwrap_or("/").to_owned();
        self.get(&to)
    }

    pub fn get(&mut self, path: &str) -> Reply {
        self.request("GET", path, None, &[])
    }

    pub fn post(&mut self, path: &str, form: &str) -> Reply {
        self.request(
            "POST",
            path,
            Some(("application/x-www-form-urlencoded", form)),
            &[],
        )
    }

    /// Sends one request over a new connection (hyper's HTTP/1.1 client), keeping cookies as
    /// a browser would: `Max-Age=0` removes one.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<(&str, &str)>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = http::Request::builder()
            .method(method)
            .uri(path)
            .header(http::header::HOST, &self.address)
            .header(http::header::USER_AGENT, &self.user_agent);
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if !cookie.is_empty() {
            request = request.header(http::header::COOKIE, cookie.join("; "));
        }
        if let Some(languages) = &self.accept_language {
            request = request.header(http::header::ACCEPT_LANGUAGE, languages);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let (content_type, body) = body.unwrap_or(("text/plain", ""));
        if method != "GET" {
            request = request.header(http::header::CONTENT_TYPE, content_type);
        }
        let request = request
            .body(http_body_util::Full::new(bytes::Bytes::from(
                body.to_owned(),
            )))
            .unwrap();
        let (parts, raw_body) =
            http_request(&self.address, request, REQUEST_TIMEOUT).expect("the server answers");
        for value in parts.headers.get_all(http::header::SET_COOKIE) {
            let cookie = cookie::Cookie::parse(value.to_str().unwrap().to_owned()).unwrap();
            if cookie.max_age() == Some(cookie::time::Duration::ZERO) {
                self.cookies.remove(cookie.name());
            } else {
                self.cookies
                    .insert(cookie.name().to_owned(), cookie.value().to_owned());
            }
        }
        Reply::new(parts.status, parts.headers, &raw_body)
    }

    /// Signs in with password and the demo's MFA code; returns the response to the MFA post.
    pub fn sign_in(&mut self, upn: &str, password: &str) -> Reply {
        let login = self.post(
            "/login",
            &format!(
                "username={}&password={password}",
                upn.replace('@', "%40").replace('#', "%23")
            ),
        );
        assert_eq!(login.status, 303, "{}", login.body);
        self.post("/mfa", "code=123456")
    }

    pub fn sign_out(&mut self) {
        self.post("/logout", "");
    }
}

impl Browser {
    /// From the campaign prompt: Next to the scan step, switch to TOTP, and enter a valid code
    /// read from the QR code. Returns the answer to the code (a 303 to "Success!").
    pub fn register_by_totp(&mut self) -> Reply {
        let csrf = self.get("/registration-campaign").csrf();
        for _ in 0..3 {
            self.post("/registration-campaign/next", &format!("csrf={csrf}"));
        }
        self.post(
            "/registration-campaign/alternative",
            &format!("csrf={csrf}"),
        );
        let uri = decode_qr(&self.get("/registration-campaign").body);
        let code = totp_now(&otpauth_secret(&uri));
        self.post(
            "/registration-campaign/code",
            &format!("csrf={csrf}&code={code}"),
        )
    }
}
