//! Whatever the continue-URL check accepts is a same-origin path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registration_campaign::safe_continue_url;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(url) = safe_continue_url(text) {
        assert!(url.starts_with('/') && !url.starts_with("//") && !url.contains('\\'));
        assert!(url.bytes().all(|b| (0x21..0x7f).contains(&b)));
    }
});
