//! Signing in with a registered passkey, for hosts: the proof that a registration is real.
//!
//! [`PasskeyMethod::start_sign_in`] keeps webauthn-rs's authentication state in a
//! `passkey-sign-in` record (id = random, owner = the user, 5 minutes) and gives the browser
//! its request options; [`PasskeyMethod::finish_sign_in`] takes the record out with a
//! compare-and-swap before verifying the assertion, so each challenge signs in at most once.

use rand::RngCore;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use webauthn_rs::prelude::{Passkey, PasskeyAuthentication, PublicKeyCredential, WebauthnError};

use super::ceremony::{CEREMONY_LIFETIME, MAX_RESPONSE_BYTES, embeddable, passkey};
use super::method::PasskeyMethod;
use crate::enroll::protocol::b64;
use crate::registration::PasskeyCredential;
use crate::store::{Document, StoreError, TenantStore, TypedRecord};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SignInCeremony {
    user: String,
    state: PasskeyAuthentication,
    used: bool,
}

impl Document for SignInCeremony {
    const KIND: &'static str = "passkey-sign-in";
}

/// A started passkey sign-in: put `options_json` in the page for `assets/passkey.js`, and keep
/// `ceremony_id` (in the host's session) for [`PasskeyMethod::finish_sign_in`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeySignInStart {
    /// Names the server-side state; not a secret, but tied to the user.
    pub ceremony_id: String,
    /// The `PublicKeyCredentialRequestOptions` as JSON (`{"publicKey": {...}}`).
    pub options_json: String,
}

/// A verified passkey sign-in: which passkey was used, and its state now. Store
/// `passkey_json` back into the user's [`PasskeyCredential`] when `updated` is set
/// ([`PasskeyCredential::apply`] does it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeySignedIn {
    /// The credential id used (base64url).
    pub credential_id: String,
    /// The authenticator's signature counter (0 for most synced passkeys).
    pub counter: u32,
    /// The backup-eligible flag now.
    pub backup_eligible: bool,
    /// The backup-state flag now.
    pub backup_state: bool,
    /// The passkey with its counter and flags brought up to date.
    pub passkey_json: String,
    /// Whether anything in the stored passkey changed.
    pub updated: bool,
}

impl PasskeyCredential {
    /// Brings this passkey up to date after `signed_in` used it; `false` if it was another.
    pub fn apply(&mut self, signed_in: &PasskeySignedIn) -> bool {
        if self.credential_id != signed_in.credential_id {
            return false;
        }
        self.passkey_json.clone_from(&signed_in.passkey_json);
        self.backup_eligible = signed_in.backup_eligible;
        self.backup_state = signed_in.backup_state;
        true
    }
}

/// Why a passkey sign-in failed.
#[derive(Debug, thiserror::Error)]
pub enum PasskeySignInError {
    /// The user has no passkey the server can read.
    #[error("the user has no passkey")]
    NoPasskey,
    /// The sign-in is unknown, belongs to another user, expired, or was already answered.
    #[error("the passkey sign-in expired or was already used")]
    Expired,
    /// The assertion was refused; the message is a sentence for the user.
    #[error("{0}")]
    Refused(&'static str),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl PasskeyMethod {
    /// Starts a passkey sign-in for `user_id` with any of `passkeys` (user verification
    /// required). `store` and `now` are the campaign's (`campaign.store()`, `campaign.now()`).
    pub async fn start_sign_in(
        &self,
        store: &TenantStore,
        now: OffsetDateTime,
        user_id: &str,
        passkeys: &[PasskeyCredential],
    ) -> Result<PasskeySignInStart, PasskeySignInError> {
        let keys: Vec<Passkey> = passkeys
            .iter()
            .filter_map(|p| passkey(&p.passkey_json))
            .collect();
        if keys.is_empty() {
            return Err(PasskeySignInError::NoPasskey);
        }
        let (options, state) = self
            .webauthn
            .start_passkey_authentication(&keys)
            .map_err(|_| PasskeySignInError::NoPasskey)?;
        let options_json = embeddable(
            &serde_json::to_string(&options).map_err(|e| StoreError::Decode(e.to_string()))?,
        );
        let mut id = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut id);
        let ceremony_id = b64(&id);
        let record = TypedRecord::new(
            &ceremony_id,
            user_id,
            SignInCeremony {
                user: user_id.into(),
                state,
                used: false,
            },
            Some(now + CEREMONY_LIFETIME),
        )?;
        if !record.insert(store, now).await? {
            return Err(StoreError::Decode("passkey sign-in id collision".into()).into());
        }
        Ok(PasskeySignInStart {
            ceremony_id,
            options_json,
        })
    }

    /// Verifies the browser's assertion (`response_json`, as `assets/passkey.js` posts it)
    /// for the sign-in `ceremony_id` of `user_id`, whose passkeys are `passkeys`. The sign-in
    /// is used up whatever the outcome.
    pub async fn finish_sign_in(
        &self,
        store: &TenantStore,
        now: OffsetDateTime,
        user_id: &str,
        ceremony_id: &str,
        response_json: &str,
        passkeys: &[PasskeyCredential],
    ) -> Result<PasskeySignedIn, PasskeySignInError> {
        let mut record = TypedRecord::<SignInCeremony>::load(store, ceremony_id, now)
            .await?
            .filter(|r| r.value.user == user_id && !r.value.used)
            .ok_or(PasskeySignInError::Expired)?;
        record.value.used = true;
        if !record.save(store).await? {
            return Err(PasskeySignInError::Expired);
        }
        if response_json.len() > MAX_RESPONSE_BYTES {
            return Err(PasskeySignInError::Refused(UNREADABLE));
        }
        let assertion: PublicKeyCredential = serde_json::from_str(response_json)
            .map_err(|_| PasskeySignInError::Refused(UNREADABLE))?;
        let result = self
            .webauthn
            .finish_passkey_authentication(&assertion, &record.value.state)
            .map_err(|error| {
                tracing::info!(?error, "a passkey sign-in was refused");
                PasskeySignInError::Refused(match error {
                    WebauthnError::UserNotVerified | WebauthnError::UserNotPresent => {
                        "Your device didn't check that it's you, so you weren't signed in. Try again and complete that step."
                    }
                    WebauthnError::InvalidRPOrigin | WebauthnError::InvalidRPIDHash => {
                        "This passkey is for a different website."
                    }
                    WebauthnError::CredentialPossibleCompromise => {
                        "This passkey's counter went backwards, which can mean it was copied. Sign in another way and contact your administrator."
                    }
                    _ => "That passkey didn't work. Please try again.",
                })
            })?;
        let credential_id = b64(result.cred_id());
        let mut used = passkeys
            .iter()
            .find(|p| p.credential_id == credential_id)
            .and_then(|p| passkey(&p.passkey_json))
            .ok_or(PasskeySignInError::Refused(
                "That passkey isn't registered for your account.",
            ))?;
        let updated = used.update_credential(&result).unwrap_or(false);
        let passkey_json =
            serde_json::to_string(&used).map_err(|e| StoreError::Decode(e.to_string()))?;
        Ok(PasskeySignedIn {
            credential_id,
            counter: result.counter(),
            backup_eligible: result.backup_eligible(),
            backup_state: result.backup_state(),
            passkey_json,
            updated,
        })
    }
}

const UNREADABLE: &str = "Your browser sent an answer we couldn't read. Please try again.";
