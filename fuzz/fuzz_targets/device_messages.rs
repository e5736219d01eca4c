//! Every device-protocol endpoint answers any body without panicking, and refuses bodies that
//! no enrolled device signed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for endpoint in ["register", "poll", "answer"] {
        let status = registration_campaign::fuzzing::device_message_status(endpoint, text);
        assert!((400..500).contains(&status), "{endpoint} answered {status} to {text:?}");
    }
});
