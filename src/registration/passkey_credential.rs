//! What a host keeps for a registered passkey.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A newly registered passkey: everything a host needs to sign the user in with it later
/// ([`PasskeyMethod::start_sign_in`](crate::enroll::PasskeyMethod::start_sign_in)) and to show
/// it in the user's security info. It holds no secret (a passkey's private key never leaves the
/// authenticator), but `Debug` leaves out the serialized credential to keep logs short.
///
/// It serializes to JSON (camelCase) as a whole, so a host can store it as one document.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasskeyCredential {
    /// The credential id, base64url without padding (unique across all users).
    pub credential_id: String,
    /// webauthn-rs's `Passkey` as JSON: the public key, algorithm, signature counter and
    /// flags, for signing in later. Replace it with the updated one a sign-in returns.
    pub passkey_json: String,
    /// The authenticator model's id (all zeros when the provider hides it).
    pub aaguid: Uuid,
    /// The backup-eligible flag: a synced passkey.
    pub backup_eligible: bool,
    /// The backup-state flag: the passkey is backed up (synced) now.
    pub backup_state: bool,
    /// The transports the browser reported (`internal`, `hybrid`, `usb`, `nfc`, `ble`), if any.
    pub transports: Vec<String>,
    /// The passkey's attestation chained to one of the method's trust anchors.
    pub attested: bool,
    /// When it was registered.
    #[serde(with = "time::serde::rfc3339")]
    pub registered_at: OffsetDateTime,
}

impl PasskeyCredential {
    /// What a passkey campaign needs to know of this passkey at a later sign-in.
    pub fn known(&self) -> crate::KnownPasskey {
        crate::KnownPasskey {
            aaguid: Some(self.aaguid.to_string()),
            backup_eligible: self.backup_eligible,
            transports: self.transports.clone(),
        }
    }
}

impl std::fmt::Debug for PasskeyCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasskeyCredential")
            .field("credential_id", &self.credential_id)
            .field("aaguid", &self.aaguid)
            .field("backup_eligible", &self.backup_eligible)
            .field("backup_state", &self.backup_state)
            .field("transports", &self.transports)
            .field("attested", &self.attested)
            .field("registered_at", &self.registered_at)
            .finish_non_exhaustive()
    }
}
