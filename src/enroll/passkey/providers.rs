//! Names for well-known passkey providers, by AAGUID, to suggest a name for a new passkey.
//!
//! The AAGUID is the model id an authenticator puts in every new credential. Every value below
//! was checked against the community list of passkey provider AAGUIDs,
//! <https://github.com/passkeydeveloper/passkey-authenticator-aaguids> (`aaguid.json` at commit
//! 47b6f84 of 2026-08-07, and `dist/<aaguid>/meta.json` for the YubiKey models), and the names
//! are the ones that list gives. An AAGUID is not proof of anything without attestation: use
//! it to name a passkey, and to enforce an allow or block list only as the policy's
//! `keyRestrictions` ask.

use uuid::{Uuid, uuid};

/// `(AAGUID, provider name)`, from the list cited in the module docs.
const KNOWN: &[(Uuid, &str)] = &[
    // Apple's passkeys, synced through iCloud Keychain (the list's name since 2024).
    (
        uuid!("fbfc3007-154e-4ecc-8c0b-6e020557d7bd"),
        "Apple Passwords",
    ),
    (
        uuid!("dd4ec289-e01d-41c9-bb89-70fa845d4bf2"),
        "iCloud Keychain (Managed)",
    ),
    (
        uuid!("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"),
        "Google Password Manager",
    ),
    (
        uuid!("adce0002-35bc-c60a-648b-0b25f1f05503"),
        "Chrome on Mac",
    ),
    (
        uuid!("08987058-cadc-4b81-b6e1-30de50dcbe96"),
        "Windows Hello",
    ),
    (
        uuid!("9ddd1817-af5a-4672-a2b9-3e3dd95000a9"),
        "Windows Hello",
    ),
    (
        uuid!("6028b017-b1d4-4c02-b4b3-afcdafc96bb2"),
        "Windows Hello",
    ),
    (uuid!("bada5566-a7aa-401f-bd96-45619a55120d"), "1Password"),
    (uuid!("d548826e-79b4-db40-a3d8-11116f7e8349"), "Bitwarden"),
    (uuid!("531126d6-e717-415c-9320-3d9aa6981239"), "Dashlane"),
    (
        uuid!("53414d53-554e-4700-0000-000000000000"),
        "Samsung Pass",
    ),
    (
        uuid!("ee882879-721c-4913-9775-3dfcce97072a"),
        "YubiKey 5 Series",
    ),
    (
        uuid!("2fc0579f-8113-47ea-b116-bb5a8db9202a"),
        "YubiKey 5 Series with NFC",
    ),
    (
        uuid!("d7781e5d-e353-46aa-afe2-3ca49f13332a"),
        "YubiKey 5 Series with NFC",
    ),
    (
        uuid!("73bb0cd4-e502-49b8-9c6f-b59445bf720b"),
        "YubiKey 5 FIPS Series",
    ),
];

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
    KNOWN
        .iter()
        .find(|(known, _)| known == aaguid)
        .map(|(_, name)| *name)
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
    fn every_aaguid_is_listed_once() {
        for (i, (a, _)) in KNOWN.iter().enumerate() {
            assert!(!a.is_nil());
            assert!(KNOWN[i + 1..].iter().all(|(b, _)| a != b), "{a} twice");
        }
    }

    #[test]
    fn unknown_and_zero_aaguids_get_the_default_name() {
        assert_eq!(suggested_name(&Uuid::nil()), "Passkey");
        assert_eq!(
            suggested_name(&uuid!("bada5566-a7aa-401f-bd96-45619a55120d")),
            "1Password"
        );
    }
}
