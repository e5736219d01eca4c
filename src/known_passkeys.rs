//! The passkeys a user already has, as the host knows them, and whether one of them can be used
//! from the browser this sign-in came from (then the passkey campaign does not nudge).

use serde::{Deserialize, Serialize};

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

/// Passkey providers whose passkeys only their own ecosystem offers.
const ICLOUD_KEYCHAIN: &[&str] = &[
    "fbfc3007-154e-4ecc-8c0b-6e020557d7bd",
    "dd4ec289-e01d-41c9-bb89-70fa845d4bf2",
];
const GOOGLE_PASSWORD_MANAGER: &str = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";
const WINDOWS_HELLO: &[&str] = &[
    "08987058-cadc-4b81-b6e1-30de50dcbe96",
    "9ddd1817-af5a-4672-a2b9-3e3dd95000a9",
    "6028b017-b1d4-4c02-b4b3-afcdafc96bb2",
];

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
        let aaguid = self.aaguid.as_deref().unwrap_or("").to_ascii_lowercase();
        if ICLOUD_KEYCHAIN.contains(&aaguid.as_str()) {
            platform == Platform::Apple
        } else if aaguid == GOOGLE_PASSWORD_MANAGER {
            platform == Platform::Android
        } else if WINDOWS_HELLO.contains(&aaguid.as_str()) {
            platform == Platform::Windows
        } else {
            self.backup_eligible && !aaguid.is_empty() && aaguid != ZERO_AAGUID
        }
    }
}

/// The AAGUID of authenticators that do not say what they are.
const ZERO_AAGUID: &str = "00000000-0000-0000-0000-000000000000";

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
        let unknown = passkey(ZERO_AAGUID, true, &["internal"]);
        for platform in [Apple, Windows, Android, Other] {
            assert!(yubikey.usable_on(platform) && icloud.usable_on(platform));
            assert!(password_manager.usable_on(platform));
            assert!(!unknown.usable_on(platform));
        }
        assert!(icloud_local.usable_on(Apple) && !icloud_local.usable_on(Windows));
        assert!(hello.usable_on(Windows) && !hello.usable_on(Apple));
    }
}
