//! QR codes as inline SVG.

/// A QR code as an inline SVG with a four-module quiet zone, sized for phones.
///
/// Encoding costs about a millisecond (mask selection), and the scan page is rendered again on
/// every reload or wrong code, so the last few codes are kept. The cache is small and cleared
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
    let svg = encode(text);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= CAPACITY {
        cache.clear();
    }
    cache.insert(text.to_owned(), svg.clone());
    svg
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
