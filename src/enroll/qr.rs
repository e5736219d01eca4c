//! QR codes as inline SVG.

use std::collections::HashMap;
use std::sync::Mutex;

/// QR codes already encoded, by content. Encoding costs about a millisecond (mask selection),
/// and the scan page is rendered again on every reload or wrong code, so the last few codes are
/// kept, per campaign. The cache is small and cleared when full: it holds enrollment secrets,
/// which should not linger in memory in bulk.
#[derive(Debug, Default)]
pub(crate) struct QrCache {
    codes: Mutex<HashMap<String, String>>,
}

const CAPACITY: usize = 64;

impl QrCache {
    /// `text` as an inline SVG QR code with a four-module quiet zone, sized for phones.
    pub(crate) fn svg(&self, text: &str) -> String {
        let lock = || self.codes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(svg) = lock().get(text) {
            return svg.clone();
        }
        let svg = encode(text);
        let mut codes = lock();
        if codes.len() >= CAPACITY {
            codes.clear();
        }
        codes.insert(text.to_owned(), svg.clone());
        svg
    }
}

fn encode(text: &str) -> String {
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
