//! Helpers shared by the tests that run the demo server as a process.

#![allow(dead_code)]

pub mod webdriver;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
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
}

impl Demo {
    pub fn start(data: &Path, extra: &[&str]) -> Self {
        let mut child = Command::new(example("demo"))
            .args(["--listen", "127.0.0.1:0", "--mfa-code", "123456", "--data"])
            .arg(data)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the demo example is built by cargo test");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut address = None;
        let mut admin_token = String::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix("registration-campaign demo listening on http://")
            {
                address = Some(rest.trim_end_matches('/').to_owned());
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
        }
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
    cookies: HashMap<String, String>,
}

pub const DESKTOP_CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

impl Browser {
    pub fn new(address: &str) -> Self {
        Self {
            address: address.to_owned(),
            user_agent: DESKTOP_CHROME.into(),
            cookies: HashMap::new(),
        }
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

    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<(&str, &str)>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {}\r\nConnection: close\r\n",
            self.address, self.user_agent
        );
        if !cookie.is_empty() {
            request += &format!("Cookie: {}\r\n", cookie.join("; "));
        }
        for (name, value) in headers {
            request += &format!("{name}: {value}\r\n");
        }
        let (content_type, body) = body.unwrap_or(("text/plain", ""));
        if method != "GET" {
            request += &format!(
                "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
                body.len()
            );
        }
        request += "\r\n";
        request += body;
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        for (name, value) in &headers {
            if name.eq_ignore_ascii_case("set-cookie") {
                let pair = value.split(';').next().unwrap();
                let (k, v) = pair.split_once('=').unwrap();
                if value.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        let body = body
            .replace("&#39;", "'")
            .replace("&#34;", "\"")
            .replace("&#38;", "&");
        Reply {
            status,
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
