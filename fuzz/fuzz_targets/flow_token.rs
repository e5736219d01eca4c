//! The flow cookie's token parser never panics and accepts nothing it did not sign.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    assert!(!registration_campaign::fuzzing::flow_token_accepted(text));
});
