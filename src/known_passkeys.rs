//! The passkeys a user already has, as the host knows them, and whether one of them can be used
//! from the browser this sign-in came from (then the passkey campaign does not nudge).

use serde::{Deserialize, Serialize};
use uuid::{Uuid, uuid};

/// A passkey the user has registered, as the host stored it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KnownPasskey {
    /// The authenticator model's AAGUID, if the host has it.
    pub aaguid: Option<String>,
    /// The backup-eligible flag: a synced passkey (kept by a passkey provider).
    pub backup_eligible: bool,
    /// The WebAuthn transports the authenticator reported (`usb`, `nfc`, `ble`, `hybrid`,
    /// `internal`).
    pub transports: Vec<String>,
}

/// The operating system a browser runs on, from its `User-Agent`, as far as passkeys care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Platform {
    /// macOS, iOS or iPadOS.
    Apple,
    /// Windows.
    Windows,
    /// Android.
    Android,
    /// Anything else, or unknown.
    #[default]
    Other,
}

impl Platform {
    /// Classifies a `User-Agent` header.
    ///
    /// ```
    /// use registration_campaign::Platform;
    /// let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    /// assert_eq!(Platform::from_user_agent(Some(mac)), Platform::Apple);
    /// assert_eq!(Platform::from_user_agent(None), Platform::Other);
    /// ```
    pub fn from_user_agent(user_agent: Option<&str>) -> Self {
        let ua = user_agent.unwrap_or("");
        if ["iPhone", "iPad", "iPod", "Macintosh"]
            .iter()
            .any(|m| ua.contains(m))
        {
            Self::Apple
        } else if ua.contains("Android") {
            Self::Android
        } else if ua.contains("Windows") {
            Self::Windows
        } else {
            Self::Other
        }
    }
}

/// Where a provider's passkeys can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Apple devices (iCloud Keychain, Apple Passwords).
    Apple,
    /// Android (Google Password Manager).
    Android,
    /// Windows (Windows Hello).
    Windows,
    /// Wherever the provider is installed: a password manager's synced passkeys, a security
    /// key's (which also say so by their transports).
    Anywhere,
}

/// A well-known passkey provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Provider {
    pub(crate) aaguid: Uuid,
    /// The name the community list gives it.
    pub(crate) name: &'static str,
    pub(crate) reach: Reach,
}

const fn known(aaguid: Uuid, name: &'static str, reach: Reach) -> Provider {
    Provider {
        aaguid,
        name,
        reach,
    }
}

/// Well-known providers by AAGUID (the model id an authenticator puts in every new credential).
/// Every value was checked against the community list of passkey provider AAGUIDs,
/// <https://github.com/passkeydeveloper/passkey-authenticator-aaguids> (`aaguid.json` at commit
/// 47b6f84 of 2026-08-07, and `dist/<aaguid>/meta.json` for the YubiKey models), and the names
/// are the ones that list gives.
const PROVIDERS: &[Provider] = &[
    known(
        uuid!("fbfc3007-154e-4ecc-8c0b-6e020557d7bd"),
        "Apple Passwords",
        Reach::Apple,
    ),
    known(
        uuid!("dd4ec289-e01d-41c9-bb89-70fa845d4bf2"),
        "iCloud Keychain (Managed)",
        Reach::Apple,
    ),
    known(
        uuid!("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"),
        "Google Password Manager",
        Reach::Android,
    ),
    known(
        uuid!("adce0002-35bc-c60a-648b-0b25f1f05503"),
        "Chrome on Mac",
        Reach::Apple,
    ),
    known(
        uuid!("08987058-cadc-4b81-b6e1-30de50dcbe96"),
        "Windows Hello",
        Reach::Windows,
    ),
    known(
        uuid!("9ddd1817-af5a-4672-a2b9-3e3dd95000a9"),
        "Windows Hello",
        Reach::Windows,
    ),
    known(
        uuid!("6028b017-b1d4-4c02-b4b3-afcdafc96bb2"),
        "Windows Hello",
        Reach::Windows,
    ),
    known(
        uuid!("bada5566-a7aa-401f-bd96-45619a55120d"),
        "1Password",
        Reach::Anywhere,
    ),
    known(
        uuid!("d548826e-79b4-db40-a3d8-11116f7e8349"),
        "Bitwarden",
        Reach::Anywhere,
    ),
    known(
        uuid!("531126d6-e717-415c-9320-3d9aa6981239"),
        "Dashlane",
        Reach::Anywhere,
    ),
    known(
        uuid!("53414d53-554e-4700-0000-000000000000"),
        "Samsung Pass",
        Reach::Android,
    ),
    known(
        uuid!("ee882879-721c-4913-9775-3dfcce97072a"),
        "YubiKey 5 Series",
        Reach::Anywhere,
    ),
    known(
        uuid!("2fc0579f-8113-47ea-b116-bb5a8db9202a"),
        "YubiKey 5 Series with NFC",
        Reach::Anywhere,
    ),
    known(
        uuid!("d7781e5d-e353-46aa-afe2-3ca49f13332a"),
        "YubiKey 5 Series with NFC",
        Reach::Anywhere,
    ),
    known(
        uuid!("73bb0cd4-e502-49b8-9c6f-b59445bf720b"),
        "YubiKey 5 FIPS Series",
        Reach::Anywhere,
    ),
];

/// The well-known provider with this AAGUID.
pub(crate) fn provider(aaguid: &Uuid) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.aaguid == *aaguid)
}

impl KnownPasskey {
    /// Whether this passkey can sign the user in from a browser on `platform`.
    ///
    /// A roaming authenticator (a security key over USB, NFC or Bluetooth, or a phone through
    /// `hybrid`) works from any browser. A platform passkey works where its provider does:
    /// iCloud Keychain on Apple devices, Google Password Manager on Android, Windows Hello on
    /// Windows; a synced passkey of any other provider (a password manager) is taken to follow
    /// the user everywhere. A device-bound platform passkey of an unknown provider is not
    /// counted: the user may be on another device, and a nudge they can skip is the safe side.
    pub fn usable_on(&self, platform: Platform) -> bool {
        let roaming = self
            .transports
            .iter()
            .any(|t| matches!(t.as_str(), "usb" | "nfc" | "ble" | "hybrid"));
        if roaming {
            return true;
        }
        let aaguid = self
            .aaguid
            .as_deref()
            .and_then(|a| Uuid::parse_str(a).ok())
            .unwrap_or(Uuid::nil());
        match provider(&aaguid).map(|p| p.reach) {
            Some(Reach::Apple) => platform == Platform::Apple,
            Some(Reach::Android) => platform == Platform::Android,
            Some(Reach::Windows) => platform == Platform::Windows,
            // A synced passkey follows its (known or unknown) provider everywhere; an
            // authenticator that hides its model (the nil AAGUID) could be anywhere.
            Some(Reach::Anywhere) | None => self.backup_eligible && !aaguid.is_nil(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passkey(aaguid: &str, backup_eligible: bool, transports: &[&str]) -> KnownPasskey {
        KnownPasskey {
            aaguid: Some(aaguid.into()),
            backup_eligible,
            transports: transports.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    #[test]
    fn every_provider_is_listed_once() {
        for (i, a) in PROVIDERS.iter().enumerate() {
            assert!(!a.aaguid.is_nil());
            assert!(
                PROVIDERS[i + 1..].iter().all(|b| a.aaguid != b.aaguid),
                "{} twice",
                a.aaguid
            );
        }
    }

    #[test]
    fn a_passkey_is_usable_where_its_provider_or_transport_reaches() {
        use Platform::*;
        let yubikey = passkey(
            "cb69481e-8ff7-4039-93ec-0a2729a154a8",
            false,
            &["usb", "nfc"],
        );
        let icloud = passkey(
            "fbfc3007-154e-4ecc-8c0b-6e020557d7bd",
            true,
            &["internal", "hybrid"],
        );
        let icloud_local = passkey("fbfc3007-154e-4ecc-8c0b-6e020557d7bd", true, &["internal"]);
        let hello = passkey("08987058-cadc-4b81-b6e1-30de50dcbe96", false, &["internal"]);
        let password_manager = passkey("bada5566-a7aa-401f-bd96-45619a55120d", true, &["internal"]);
        let unknown = passkey("00000000-0000-0000-0000-000000000000", true, &["internal"]);
        for platform in [Apple, Windows, Android, Other] {
            assert!(yubikey.usable_on(platform) && icloud.usable_on(platform));
            assert!(password_manager.usable_on(platform));
            assert!(!unknown.usable_on(platform));
        }
        assert!(icloud_local.usable_on(Apple) && !icloud_local.usable_on(Windows));
        assert!(hello.usable_on(Windows) && !hello.usable_on(Apple));
    }
}
