//! The policy parser and the PATCH merge never panic, and what they accept parses again to the
//! same policy.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registration_campaign::policy::AuthenticationMethodsPolicy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(policy) = AuthenticationMethodsPolicy::from_json(text) {
        let again = AuthenticationMethodsPolicy::from_value(&policy.to_value()).expect("round trip");
        assert_eq!(again, policy);
    }
    if let Ok(patch) = serde_json::from_str::<serde_json::Value>(text) {
        let base = AuthenticationMethodsPolicy::default();
        let _ = base.apply_patch(&patch);
        let _ = base.apply_authenticator_patch(&patch);
    }
});
