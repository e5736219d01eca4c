//! A small W3C WebDriver client over plain HTTP/JSON, for headless Chromium through the system
//! `chromedriver` (no driver download, no extra crates).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Whether browser tests must run: CI sets `REGISTRATION_CAMPAIGN_BROWSER_TESTS=1` and then a
/// missing Chromium is a failure; elsewhere the tests are skipped with a notice.
pub fn browser_tests_required() -> bool {
    std::env::var("REGISTRATION_CAMPAIGN_BROWSER_TESTS").is_ok_and(|v| v == "1")
}

/// Finds chromedriver and Chromium, or says why the browser tests cannot run.
pub fn browser_available() -> Result<(PathBuf, PathBuf), String> {
    let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .ok_or("chromedriver is not installed (Debian: apt install chromium-driver)")?;
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .ok_or("chromium is not installed (Debian: apt install chromium)")?;
    Ok((driver, chromium))
}

/// The axe-core script, from `AXE_CORE_JS` or `target/npm/node_modules/axe-core/axe.min.js`
/// (where `.ci/run` installs it).
pub fn axe_source() -> Result<String, String> {
    let path = std::env::var("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/npm/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path)
        .map_err(|e| format!("axe-core at {}: {e} (npm install axe-core)", path.display()))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running chromedriver, killed on drop.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start(driver: &Path) -> Self {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok((200, body)) = http(port, "GET", "/status", None)
                && body["value"]["ready"] == true
            {
                return driver;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("chromedriver did not become ready");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver call (JSON in, JSON out), through the suite's HTTP client.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, Value), String> {
    let address = format!("127.0.0.1:{port}");
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = http::Request::builder()
        .method(method)
        .uri(path)
        .header(http::header::HOST, &address)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(http_body_util::Full::new(bytes::Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    let (parts, body) = super::http_request(&address, request, Duration::from_secs(60))?;
    Ok((
        parts.status.as_u16(),
        serde_json::from_slice(&body).unwrap_or(Value::Null),
    ))
}

/// One browser session.
pub struct Session {
    port: u16,
    id: String,
    /// Whether pages run scripts (the WebDriver's own scripts do not run without).
    pub javascript: bool,
    pub screenshots: PathBuf,
    shots: usize,
    _profile: PathBuf,
}

impl Session {
    /// A fresh headless Chromium with its own profile; `user_agent` overrides the browser's.
    pub fn new(driver: &Driver, chromium: &Path, journey: &str, user_agent: Option<&str>) -> Self {
        Self::with_script(driver, chromium, journey, user_agent, true)
    }

    /// Like [`new`](Self::new), with JavaScript turned off when `javascript` is false.
    pub fn with_script(
        driver: &Driver,
        chromium: &Path,
        journey: &str,
        user_agent: Option<&str>,
        javascript: bool,
    ) -> Self {
        Self::with_options(driver, chromium, journey, user_agent, javascript, None)
    }

    /// A desktop session whose browser asks for `languages` (its `Accept-Language`, as a
    /// German or Arabic Chromium sends it).
    pub fn with_languages(
        driver: &Driver,
        chromium: &Path,
        journey: &str,
        languages: &str,
    ) -> Self {
        Self::with_options(driver, chromium, journey, None, true, Some(languages))
    }

    fn with_options(
        driver: &Driver,
        chromium: &Path,
        journey: &str,
        user_agent: Option<&str>,
        javascript: bool,
        languages: Option<&str>,
    ) -> Self {
        let profile = std::env::temp_dir().join(format!("rc-chromium-{}", uuid::Uuid::new_v4()));
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--window-size=1280,1000".to_owned(),
            format!("--user-data-dir={}", profile.display()),
        ];
        if let Some(ua) = user_agent {
            args.push(format!("--user-agent={ua}"));
        }
        let mut prefs = if javascript {
            json!({})
        } else {
            json!({"profile.managed_default_content_settings.javascript": 2})
        };
        if let Some(languages) = languages {
            prefs["intl.accept_languages"] = json!(languages);
            args.push(format!(
                "--lang={}",
                languages.split(',').next().unwrap_or(languages)
            ));
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium.to_string_lossy(), "args": args, "prefs": prefs}
        }}});
        let (status, body) = http(driver.port, "POST", "/session", Some(&capabilities)).unwrap();
        assert_eq!(status, 200, "new session: {body}");
        let id = body["value"]["sessionId"].as_str().unwrap().to_owned();
        let screenshots = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/screenshots")
            .join(journey);
        std::fs::create_dir_all(&screenshots).unwrap();
        Self {
            port: driver.port,
            id,
            javascript,
            screenshots,
            shots: 0,
            _profile: profile,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, reply) = http(
            self.port,
            method,
            &format!("/session/{}{path}", self.id),
            body.as_ref(),
        )
        .unwrap();
        assert_eq!(status, 200, "{method} {path}: {reply}");
        reply["value"].clone()
    }

    /// Adds a WebDriver virtual authenticator (CTAP2, built in, with discoverable credentials
    /// and user verification) that answers every passkey dialog; returns its id.
    pub fn add_virtual_authenticator(&self) -> String {
        let id = self.call(
            "POST",
            "/webauthn/authenticator",
            Some(json!({"protocol": "ctap2", "transport": "internal", "hasResidentKey": true,
                        "hasUserVerification": true, "isUserConsenting": true, "isUserVerified": true})),
        );
        id.as_str().unwrap_or_default().to_owned()
    }

    /// Makes the virtual authenticator's user verification succeed or fail (a wrong
    /// fingerprint or PIN).
    pub fn set_user_verified(&self, authenticator: &str, verified: bool) {
        self.call(
            "POST",
            &format!("/webauthn/authenticator/{authenticator}/uv"),
            Some(json!({"isUserVerified": verified})),
        );
    }

    /// The credentials the virtual authenticator holds.
    pub fn virtual_credentials(&self, authenticator: &str) -> Vec<Value> {
        self.call(
            "GET",
            &format!("/webauthn/authenticator/{authenticator}/credentials"),
            None,
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url})));
    }

    pub fn url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    pub fn source(&self) -> String {
        self.call("GET", "/source", None)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    pub fn find(&self, css: &str) -> String {
        self.find_all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element {css} on {}", self.url()))
    }

    pub fn find_all(&self, css: &str) -> Vec<String> {
        let found = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e[ELEMENT].as_str().unwrap().to_owned())
            .collect()
    }

    /// The submit button whose visible text is exactly `text`.
    pub fn button(&self, text: &str) -> Option<String> {
        let xpath = format!("//button[normalize-space(.)='{text}']");
        let found = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "xpath", "value": xpath})),
        );
        found
            .as_array()
            .unwrap()
            .first()
            .map(|e| e[ELEMENT].as_str().unwrap().to_owned())
    }

    /// Clicks the first element matching `css`.
    pub fn click(&self, css: &str) {
        let element = self.find(css);
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    pub fn click_button(&self, text: &str) {
        let button = self
            .button(text)
            .unwrap_or_else(|| panic!("no button {text:?} on {}", self.url()));
        self.call("POST", &format!("/element/{button}/click"), Some(json!({})));
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.call(
            "POST",
            &format!("/element/{element}/clear"),
            Some(json!({})),
        );
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({"text": text})),
        );
    }

    pub fn select(&self, css: &str, value: &str) {
        let option = self.find(&format!("{css} option[value='{value}']"));
        self.call("POST", &format!("/element/{option}/click"), Some(json!({})));
    }

    pub fn text(&self, css: &str) -> String {
        let element = self.find(css);
        self.call("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    pub fn execute(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Presses keys (WebDriver key codes, such as `\u{E004}` for Tab) on the focused element.
    pub fn press(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|c| {
                [
                    json!({"type": "keyDown", "value": c.to_string()}),
                    json!({"type": "keyUp", "value": c.to_string()}),
                ]
            })
            .collect();
        self.call(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
        self.call("DELETE", "/actions", None);
    }

    /// Waits until the page source contains `text`.
    pub fn wait_for(&self, text: &str, within: Duration) {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if self.source().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!(
            "{text:?} did not appear on {}:\n{}",
            self.url(),
            self.source()
        );
    }

    /// Resizes the browser window (CSS pixels).
    pub fn resize(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    /// The browser's Reload button.
    pub fn refresh(&self) {
        self.call("POST", "/refresh", Some(json!({})));
    }

    /// The browser's Back button.
    pub fn back(&self) {
        self.call("POST", "/back", Some(json!({})));
    }

    /// Opens a new tab and returns its handle (the current tab stays current).
    pub fn new_tab(&self) -> String {
        let tab = self.call("POST", "/window/new", Some(json!({"type": "tab"})));
        tab["handle"].as_str().unwrap().to_owned()
    }

    /// The current tab's handle.
    pub fn tab(&self) -> String {
        self.call("GET", "/window", None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Makes the tab `handle` current.
    pub fn switch_to(&self, handle: &str) {
        self.call("POST", "/window", Some(json!({"handle": handle})));
    }

    /// Saves a PNG of the page as `NN-name.png` in this journey's folder.
    pub fn screenshot(&mut self, name: &str) {
        let data = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap())
            .unwrap();
        self.shots += 1;
        std::fs::write(
            self.screenshots
                .join(format!("{:02}-{name}.png", self.shots)),
            png,
        )
        .unwrap();
    }

    /// Runs axe-core on the page; returns the serious and critical violations.
    pub fn axe(&self, axe_source: &str) -> Vec<String> {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": format!("{axe_source}; return true;"), "args": []})),
        );
        let script = "var done = arguments[arguments.length - 1];\
            axe.run(document, {resultTypes: ['violations']}).then(function (r) {\
              done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })\
                .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); }));\
            }).catch(function (e) { done(['axe failed: ' + e]); });";
        let found = self.call(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": []})),
        );
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap_or("").to_owned())
            .collect()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.id), None);
    }
}
