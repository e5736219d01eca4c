//! Helpers shared by the tests that run the demo server as a process.

#![allow(dead_code)]

pub mod faulty_store;
pub mod harness;
pub mod postgres;
pub mod webdriver;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The path of an example binary built by `cargo test`.
pub fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// A running demo server, killed on drop.
pub struct Demo {
    child: Child,
    pub address: String,
    pub admin_token: String,
    /// Admin tokens of the tenants given with `--tenants`, by tenant id.
    pub tenant_tokens: std::collections::HashMap<String, String>,
    /// The demo's `--clock-file`: how many seconds ahead of the system clock it runs.
    clock_file: PathBuf,
}

impl Demo {
    /// The demo with `--tenants` and `--users` files written into `data` from these documents.
    pub fn with_tenants(data: &Path, tenants: serde_json::Value, users: serde_json::Value) -> Self {
        let (tenants_file, users_file) = (data.join("tenants.json"), data.join("users.json"));
        std::fs::write(&tenants_file, tenants.to_string()).unwrap();
        std::fs::write(&users_file, users.to_string()).unwrap();
        Self::start(
            data,
            &[
                "--tenants",
                tenants_file.to_str().unwrap(),
                "--users",
                users_file.to_str().unwrap(),
            ],
        )
    }

    /// The demo on an ephemeral port with the MFA code `123456`, its data in `data`, and a
    /// clock the test can move ([`Demo::advance_clock`]).
    pub fn start(data: &Path, extra: &[&str]) -> Self {
        let clock_file = data.join("clock-offset-seconds");
        let mut child = Command::new(example("demo"))
            .args(["--listen", "127.0.0.1:0", "--mfa-code", "123456", "--data"])
            .arg(data)
            .arg("--clock-file")
            .arg(&clock_file)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the demo example is built by cargo test");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut address = None;
        let mut admin_token = String::new();
        let mut tenant_tokens = std::collections::HashMap::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix("registration-campaign demo listening on http://")
            {
                address = Some(rest.trim_end_matches('/').to_owned());
            }
            if let Some(rest) = line.strip_prefix("admin bearer token for tenant ")
                && let (Some((tenant, _)), Some((_, token))) =
                    (rest.split_once(' '), rest.rsplit_once(": "))
            {
                tenant_tokens.insert(tenant.to_owned(), token.to_owned());
            }
            if let Some(token) = line.strip_prefix("admin bearer token (valid 1 hour): ") {
                admin_token = token.to_owned();
                break;
            }
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self {
            child,
            address: address.expect("the demo printed its address"),
            admin_token,
            tenant_tokens,
            clock_file,
        }
    }

    /// Moves the demo's time (its sessions', its push sign-in's and the campaign's) forward by
    /// `seconds`, from its next request on: idle sessions and timeouts without waiting.
    pub fn advance_clock(&self, seconds: u64) {
        let now: u64 = std::fs::read_to_string(&self.clock_file)
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(0);
        std::fs::write(&self.clock_file, (now + seconds).to_string()).unwrap();
    }

    /// The admin token the demo printed for `tenant` (given with `--tenants`).
    pub fn admin_token_for(&self, tenant: &str) -> &str {
        self.tenant_tokens
            .get(tenant)
            .unwrap_or_else(|| panic!("the demo printed no token for tenant {tenant}"))
    }

    /// Asks the process to stop (SIGTERM, as a service manager does) and waits for it.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        self.child.wait().expect("the demo ends")
    }

    /// Ends the process at once, as `kill -9` would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of the first `name="csrf"` input.
    pub fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .expect("a csrf field");
        self.body[at + 19..].split('"').next().unwrap().to_owned()
    }
}

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
        let headers: Vec<(String, String)> = parts
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        for value in parts.headers.get_all(http::header::SET_COOKIE) {
            let cookie = cookie::Cookie::parse(value.to_str().unwrap().to_owned()).unwrap();
            if cookie.max_age() == Some(cookie::time::Duration::ZERO) {
                self.cookies.remove(cookie.name());
            } else {
                self.cookies
                    .insert(cookie.name().to_owned(), cookie.value().to_owned());
            }
        }
        let body = String::from_utf8_lossy(&raw_body)
            .replace("&#39;", "'")
            .replace("&#34;", "\"")
            .replace("&#38;", "&");
        Reply {
            status: parts.status.as_u16(),
            headers,
            body,
        }
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

pub fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rc-demo-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// RFC 6238 (SHA-1, 6 digits, 30 s) written out independently of the library.
pub fn totp(secret_base32: &str, unix: u64) -> String {
    use hmac::{Hmac, Mac};
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut count, mut key) = (0u64, 0, Vec::new());
    for c in secret_base32.bytes() {
        bits = (bits << 5) | alphabet.iter().position(|a| *a == c).unwrap() as u64;
        count += 5;
        if count >= 8 {
            count -= 8;
            key.push((bits >> count) as u8);
        }
    }
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&key).unwrap();
    mac.update(&(unix / 30).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let value = u32::from_be_bytes(digest[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
    format!("{:06}", value % 1_000_000)
}

/// Rasterizes the QR SVG the page shows (one `h`/`v` square per dark module) and decodes it.
pub fn decode_qr(html: &str) -> String {
    let svg_start = html.find("<svg").expect("an inline SVG QR code");
    let svg = &html[svg_start..html[svg_start..].find("</svg>").unwrap() + svg_start];
    let view_box = svg
        .split("viewBox=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let size: usize = view_box.split(' ').nth(2).unwrap().parse().unwrap();
    let path = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut pixels = vec![255u8; size * size];
    for square in path.split('M').filter(|s| !s.is_empty()) {
        let (origin, rest) = square.split_once('h').unwrap();
        let (x, y) = origin.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let side: usize = rest.split('v').next().unwrap().parse().unwrap();
        for dy in 0..side {
            for dx in 0..side {
                pixels[(y + dy) * size + x + dx] = 0;
            }
        }
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| pixels[y * size + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the page");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    content
}

/// The device simulator (`examples/device.rs`) run as a process, with its own state file.
pub struct Device {
    pub state: std::path::PathBuf,
}

impl Device {
    pub fn new(dir: &std::path::Path) -> Self {
        Self {
            state: dir.join("device-state.json"),
        }
    }

    pub fn run(&self, args: &[&str]) -> (bool, Vec<serde_json::Value>) {
        let output: std::process::Output = Command::new(example("device"))
            .arg("--state")
            .arg(&self.state)
            .args(args)
            .output()
            .expect("the device example is built by cargo test");
        let lines = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(
            output.status.code() != Some(2),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.success(), lines)
    }
}

/// The base32 secret of an `otpauth://` URI.
pub fn otpauth_secret(uri: &str) -> String {
    uri.split("secret=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("an otpauth URI with a secret")
        .to_owned()
}

/// The code an authenticator app shows now for `secret`.
pub fn totp_now(secret: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    totp(secret, now)
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

/// The text of the element with `id` in `html` (up to its first child tag).
pub fn element_text(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let rest = &html[at..];
    let text = rest[rest.find('>')? + 1..].split('<').next()?;
    Some(text.replace("&#38;", "&"))
}

/// A host directory for tests whose users come with the sign-in (`MfaCompleted::with_user`):
/// it knows no user and hands each registration to `save`.
pub struct SaveWith<F>(pub F);

#[registration_campaign::async_trait]
impl<F> registration_campaign::UserDirectory for SaveWith<F>
where
    F: Fn(&registration_campaign::Registration) -> Result<(), registration_campaign::BoxError>
        + Send
        + Sync
        + 'static,
{
    async fn user(
        &self,
        _tenant: &registration_campaign::TenantId,
        _id: &str,
    ) -> Result<Option<registration_campaign::DirectoryUser>, registration_campaign::BoxError> {
        Ok(None)
    }

    async fn save_registration(
        &self,
        _tenant: &registration_campaign::TenantId,
        registration: &registration_campaign::Registration,
    ) -> Result<(), registration_campaign::BoxError> {
        (self.0)(registration)
    }
}
