//! Names for well-known passkey providers, by AAGUID, to suggest a name for a new passkey. The
//! table (with its sources) is the core's, in `known_passkeys`, which also says where each
//! provider's passkeys can be used. An AAGUID is not proof of anything without attestation:
//! use it to name a passkey, and to enforce an allow or block list only as the policy's
//! `keyRestrictions` ask.

use uuid::Uuid;
#[cfg(test)]
use uuid::uuid;

use crate::known_passkeys::provider;

/// The name suggested for a passkey when its provider is not known.
pub const DEFAULT_PASSKEY_NAME: &str = "Passkey";

/// The provider's name for a well-known AAGUID ("Google Password Manager"), if it is one.
///
/// ```
/// use registration_campaign::enroll::passkey_provider_name;
/// let gpm = uuid::Uuid::parse_str("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4").unwrap();
/// assert_eq!(passkey_provider_name(&gpm), Some("Google Password Manager"));
/// assert_eq!(passkey_provider_name(&uuid::Uuid::nil()), None);
/// ```
pub fn passkey_provider_name(aaguid: &Uuid) -> Option<&'static str> {
    provider(aaguid).map(|p| p.name)
}

/// The name to suggest for a new passkey: its provider's, else "Passkey".
#[cfg_attr(not(feature = "passkeys"), allow(dead_code))]
pub(crate) fn suggested_name(aaguid: &Uuid) -> &'static str {
    passkey_provider_name(aaguid).unwrap_or(DEFAULT_PASSKEY_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_zero_aaguids_get_the_default_name() {
        assert_eq!(suggested_name(&Uuid::nil()), "Passkey");
        assert_eq!(
            suggested_name(&uuid!("bada5566-a7aa-401f-bd96-45619a55120d")),
            "1Password"
        );
    }
}
