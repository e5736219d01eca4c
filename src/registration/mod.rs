//! What a registration gives the user: the kind of method, the authenticator the host keeps,
//! and the [`Registration`] handed to the host's directory. The enrollment methods produce it
//! ([`crate::enroll`]); the host's [`UserDirectory`](crate::UserDirectory) keeps it.

mod passkey_credential;

use time::OffsetDateTime;

use crate::tenant::TenantId;
pub use passkey_credential::PasskeyCredential;

/// The kind of authenticator that was registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegisteredMethod {
    /// A push device (Ed25519 key, number matching).
    Push,
    /// A TOTP authenticator app.
    Totp,
    /// A passkey (WebAuthn).
    Passkey,
    /// A method added by the host.
    Custom(&'static str),
}

impl std::fmt::Display for RegisteredMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Push => "push",
            Self::Totp => "totp",
            Self::Passkey => "passkey",
            Self::Custom(id) => id,
        })
    }
}

/// What was registered, with what the host keeps for it. `Debug` never prints a secret.
#[derive(Clone, PartialEq, Eq)]
pub enum Authenticator {
    /// A push device: its id and Ed25519 public key.
    Push {
        /// The device id.
        device_id: String,
        /// The device's Ed25519 public key.
        public_key: [u8; 32],
    },
    /// A TOTP authenticator app: the base32 secret the host needs to check codes later. Store
    /// it encrypted.
    Totp {
        /// The base32 secret.
        secret: String,
    },
    /// A passkey: what the host keeps to sign the user in with it later.
    Passkey(PasskeyCredential),
    /// A method added by the host, by its id.
    Custom {
        /// The method's id ([`EnrollmentMethod::id`](crate::enroll::EnrollmentMethod::id)).
        method: &'static str,
    },
}

impl Authenticator {
    /// The kind of method.
    pub fn method(&self) -> RegisteredMethod {
        match self {
            Self::Push { .. } => RegisteredMethod::Push,
            Self::Totp { .. } => RegisteredMethod::Totp,
            Self::Passkey(_) => RegisteredMethod::Passkey,
            Self::Custom { method } => RegisteredMethod::Custom(method),
        }
    }
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Push { device_id, .. } => f
                .debug_struct("Push")
                .field("device_id", device_id)
                .finish_non_exhaustive(),
            Self::Totp { .. } => f.write_str("Totp { secret: <redacted> }"),
            Self::Passkey(passkey) => f.debug_tuple("Passkey").field(passkey).finish(),
            Self::Custom { method } => f.debug_struct("Custom").field("method", method).finish(),
        }
    }
}

/// A newly registered authenticator, handed to the host's
/// [`UserDirectory::save_registration`](crate::UserDirectory::save_registration) so that it can
/// keep it. `Debug` never prints the TOTP secret.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// The organization of the user who registered.
    pub tenant: TenantId,
    /// The user who registered (an id of `tenant`).
    pub user_id: String,
    /// What was registered.
    pub authenticator: Authenticator,
    /// A name for the new authenticator (the device's name, "Authenticator app", or for a
    /// passkey its provider's name when known, else "Passkey").
    pub display_name: String,
    /// When it was registered.
    pub registered_at: OffsetDateTime,
}

impl Registration {
    /// The kind of method that was registered (`push`, `totp`, or a host's method id).
    pub fn method(&self) -> RegisteredMethod {
        self.authenticator.method()
    }

    /// What the user now has, in the decision's terms ([`SignInFacts::registered_methods`](crate::SignInFacts::registered_methods)):
    /// a push device is `microsoftAuthenticatorPush`, an authenticator app `softwareOath`, a
    /// passkey `fido2`; `None` for a host's own method.
    pub fn auth_method(&self) -> Option<crate::AuthMethod> {
        match self.authenticator {
            Authenticator::Push { .. } => Some(crate::AuthMethod::MicrosoftAuthenticatorPush),
            Authenticator::Totp { .. } => Some(crate::AuthMethod::SoftwareOath),
            Authenticator::Passkey(_) => Some(crate::AuthMethod::Fido2),
            Authenticator::Custom { .. } => None,
        }
    }

    /// The base32 TOTP secret of a registered authenticator app (`None` for anything else).
    pub fn totp_secret(&self) -> Option<&str> {
        match &self.authenticator {
            Authenticator::Totp { secret } => Some(secret),
            _ => None,
        }
    }
}
