//! What the tests share: one response type and one in-process `send` (`reply`), the layer in
//! process (`harness`), the admin API in process (`admin`), the demo and the device simulator
//! as processes (`demo`), an HTTP client for them (`browser`), a WebDriver client
//! (`webdriver`), stores that fail on purpose (`faulty_store`), PostgreSQL schemas
//! (`postgres`), and small helpers (TOTP, QR codes, page text).

#![allow(dead_code)]

pub mod admin;
mod browser;
mod demo;
pub mod faulty_store;
pub mod harness;
pub mod postgres;
mod reply;
pub mod smtp;
pub mod webdriver;

pub use browser::{Browser, DESKTOP_CHROME, http_request};
pub use demo::{Demo, Device, example};
pub use reply::{Reply, send};

use std::path::PathBuf;

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
