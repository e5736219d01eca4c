//! TOTP enrollment (RFC 6238) for any authenticator app, and QR codes as inline SVG.

use rand::RngCore;
use totp_rs::{Algorithm, Secret, Totp};

/// Wrong codes allowed for one secret before a new one is issued.
pub(crate) const MAX_WRONG_CODES: u8 = 5;

/// A fresh 160-bit secret from the operating system's CSPRNG, base32-encoded.
pub(crate) fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::from(bytes).to_base32()
}

fn totp(secret: &str, issuer: &str, account: &str) -> Option<Totp> {
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(Secret::try_from_base32(secret).ok()?)
        .with_issuer(Some(issuer.replace(':', "")))
        .with_account_name(account.replace(':', ""))
        .build()
        .ok()
}

/// The `otpauth://totp/...` URI an authenticator app scans.
pub(crate) fn otpauth_uri(secret: &str, issuer: &str, account: &str) -> String {
    totp(secret, issuer, account)
        .and_then(|t| t.to_url().ok())
        .unwrap_or_default()
}

/// Whether `code` is the code for `unix_time`, or one 30-second step either side.
pub(crate) fn verify(secret: &str, code: &str, unix_time: u64) -> bool {
    let code = code.trim();
    code.len() == 6
        && code.bytes().all(|b| b.is_ascii_digit())
        && totp(secret, "x", "x").is_some_and(|t| t.check(code, unix_time).is_some())
}

/// The secret in groups of four, for typing it in by hand.
pub(crate) fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A QR code as an inline SVG with a four-module quiet zone, sized for phones.
///
/// Encoding costs about a millisecond (mask selection), and the scan page is rendered again on
/// every wrong code or reload, so the last few codes are kept. The cache is small and cleared
/// when full: it holds enrollment secrets, which should not linger in memory in bulk.
pub(crate) fn qr_svg(text: &str) -> String {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    const CAPACITY: usize = 64;
    static CACHE: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(svg) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(text) {
        return svg.clone();
    }
    let svg = encode_qr_svg(text);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= CAPACITY {
        cache.clear();
    }
    cache.insert(text.to_owned(), svg.clone());
    svg
}

fn encode_qr_svg(text: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build()
            .replacen("<?xml version=\"1.0\" standalone=\"yes\"?>", "", 1)
            .replacen("<svg ", "<svg role=\"img\" aria-label=\"QR code\" ", 1),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_160_bits_and_distinct() {
        let a = new_secret();
        assert_eq!(a.len(), 32, "20 bytes = 32 base32 characters");
        assert_ne!(a, new_secret());
    }

    #[test]
    fn codes_verify_with_one_step_of_drift_only() {
        let secret = new_secret();
        let t = totp(&secret, "x", "x").unwrap();
        let now = 1_800_000_000;
        let code = t.generate(now).to_string();
        assert!(verify(&secret, &code, now));
        assert!(verify(&secret, &code, now + 30));
        assert!(verify(&secret, &code, now - 30));
        assert!(!verify(&secret, &code, now + 90));
        assert!(!verify(&secret, "12345", now));
        assert!(!verify(&secret, "abcdef", now));
    }

    #[test]
    fn the_uri_names_issuer_and_account() {
        let uri = otpauth_uri(&new_secret(), "Contoso", "alice@contoso.test");
        assert!(
            uri.starts_with("otpauth://totp/Contoso:alice%40contoso.test?"),
            "{uri}"
        );
        assert!(uri.contains("issuer=Contoso"));
    }
}
