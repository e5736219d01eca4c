//! Passkeys (WebAuthn), registered with webauthn-rs 0.6 and its RustCrypto backend (no
//! OpenSSL): [`PasskeyMethod`], the policy's passkey profile rules ([`PasskeyRules`]), the
//! host's passkeys (through [`UserDirectory`](crate::UserDirectory)), and passkey sign-in for hosts
//! ([`PasskeyMethod::start_sign_in`]).
//!
//! The browser side is `assets/passkey.js` (no inline script): it reads the options the scan
//! view carries ([`ScanView::Passkey`](super::ScanView::Passkey)), calls
//! `navigator.credentials.create`, and posts the credential as JSON in the step form's `code`
//! field.
//!
//! - `ceremony.rs`: the registration ceremony's record, options and checks of the answer.
//! - `method.rs`: [`PasskeyMethod`] and its [`EnrollmentMethod`](super::EnrollmentMethod) steps.
//! - `rules.rs`: passkey profiles (device-bound or synced, attestation, AAGUID lists).
//! - `providers.rs`: provider names by AAGUID, for the suggested passkey name.
//! - `sign_in.rs`: passkey sign-in.
//!
//! Without the `passkeys` feature only the data types remain ([`PasskeyCredential`],
//! [`PasskeyRules`]), so that hosts and the flow compile the same either way.

#[cfg(feature = "passkeys")]
mod ceremony;
#[cfg(feature = "passkeys")]
mod method;
mod providers;
mod rules;
#[cfg(feature = "passkeys")]
mod sign_in;
#[cfg(all(test, feature = "passkeys"))]
mod tests;

pub use crate::registration::PasskeyCredential;
#[cfg(feature = "passkeys")]
pub use ceremony::passkey_user_handle;
#[cfg(feature = "passkeys")]
pub use method::{PasskeyConfigError, PasskeyMethod};
pub use providers::{DEFAULT_PASSKEY_NAME, passkey_provider_name};
pub use rules::{
    KeyRestrictionKind, KeyRestrictions, PasskeyFacts, PasskeyRuleViolation, PasskeyRules,
    check_passkey,
};
#[cfg(feature = "passkeys")]
pub use sign_in::{PasskeySignInError, PasskeySignInStart, PasskeySignedIn};
