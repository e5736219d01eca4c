//! The registration ceremony: its store record, the options sent to the browser, and the
//! checks on the browser's answer.
//!
//! One record of kind `passkey-enrollment` per enrollment (id = the enrollment handle, owner =
//! the user, 15 minutes) holds the current ceremony: webauthn-rs's registration state, made
//! when the create page is rendered and valid for 5 minutes. A new render replaces it. A
//! submission takes it out with a compare-and-swap *before* the answer is verified, so each
//! challenge is answered at most once, whatever the outcome: a replayed or raced answer finds
//! no ceremony, or loses the swap.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;
use webauthn_rs::prelude::{
    AttestationCaList, Credential, CredentialID, Passkey, PasskeyRegistration,
    RegisterPublicKeyCredential, Webauthn, WebauthnError,
};
use webauthn_rs_proto::{AttestationConveyancePreference, ResidentKeyRequirement};

use crate::enroll::protocol::b64;
use crate::registration::PasskeyCredential;
use crate::store::Document;

/// How long the browser has to answer one challenge (also the options' `timeout`).
pub(crate) const CEREMONY_LIFETIME: Duration = Duration::minutes(5);
/// How long an enrollment lives: the flow's own lifetime.
pub(crate) const ENROLLMENT_LIFETIME: Duration = Duration::minutes(15);
/// The largest browser answer read; a real one is 1 to 4 KiB.
pub(crate) const MAX_RESPONSE_BYTES: usize = 64 * 1024;

/// A passkey enrollment in the store.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Enrollment {
    pub(crate) user: String,
    /// The ceremony whose options the page shows, until a submission takes it.
    pub(crate) ceremony: Option<Ceremony>,
    /// A passkey was registered: nothing more is accepted.
    pub(crate) registered: bool,
}

impl Document for Enrollment {
    const KIND: &'static str = "passkey-enrollment";
}

/// One challenge and what webauthn-rs needs to check its answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Ceremony {
    pub(crate) state: PasskeyRegistration,
    /// The user's existing credential ids (base64url), excluded from this ceremony.
    pub(crate) excluded: Vec<String>,
    /// Unix seconds after which the answer is refused.
    pub(crate) expires_at: i64,
    /// The creation options the page hands the browser (embeddable JSON), so that showing the
    /// page again reads them instead of starting a new ceremony. Empty in records written
    /// before pages became read-only.
    #[serde(default)]
    pub(crate) options_json: String,
}

impl Ceremony {
    pub(crate) fn expired(&self, now: OffsetDateTime) -> bool {
        now.unix_timestamp() >= self.expires_at
    }
}

/// A credential id claimed by a registration (id = the credential id, owner = the user), so
/// that two registrations racing with the same id cannot both pass the host's directory check.
/// The host's directory is the lasting record; the claim expires after a day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CredentialClaim;

impl Document for CredentialClaim {
    const KIND: &'static str = "passkey-credential";
}

/// How long a credential claim is kept.
pub(crate) const CLAIM_LIFETIME: Duration = Duration::days(1);

/// The WebAuthn user handle for `user_id`: stable, so that an authenticator keeps one
/// discoverable passkey per account and site, and opaque, because authenticators may show or
/// sync it (the WebAuthn spec says it must not carry personal data).
pub fn passkey_user_handle(user_id: &str) -> Uuid {
    let digest = Sha256::new()
        .chain_update(b"registration-campaign passkey user handle\0")
        .chain_update(user_id.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// The creation options for the browser (JSON) and the ceremony that checks the answer.
pub(crate) fn start(
    webauthn: &Webauthn,
    user_id: &str,
    account: &str,
    exclude: Vec<CredentialID>,
    attestation: bool,
    now: OffsetDateTime,
) -> Result<(String, Ceremony), WebauthnError> {
    let excluded = exclude.iter().map(|id| b64(id)).collect();
    let exclude = (!exclude.is_empty()).then_some(exclude);
    let (mut options, state) = webauthn.start_passkey_registration(
        passkey_user_handle(user_id),
        account,
        account,
        exclude,
    )?;
    // webauthn-rs asks for no resident key; a passkey is a discoverable credential, so ask for
    // one, without requiring it (security keys with full storage still work). The check of
    // the answer does not depend on either value.
    if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
        selection.resident_key = Some(ResidentKeyRequirement::Preferred);
        selection.require_resident_key = false;
    }
    // Attestation only when a profile enforces it: it costs the user a consent prompt in some
    // browsers, and synced passkeys never provide it.
    if attestation {
        options.public_key.attestation = Some(AttestationConveyancePreference::Direct);
    }
    let json = serde_json::to_string(&options).map_err(|_| WebauthnError::Configuration)?;
    let options_json = embeddable(&json);
    Ok((
        options_json.clone(),
        Ceremony {
            state,
            excluded,
            expires_at: (now + CEREMONY_LIFETIME).unix_timestamp(),
            options_json,
        },
    ))
}

/// `json` with `<`, `>` and `&` written as `\u` escapes (they occur only inside strings, such
/// as the account name), so that it can be placed as it is inside a
/// `<script type="application/json">` element: no `</script>` or comment can end it early.
pub(crate) fn embeddable(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// Why the browser's answer was refused: a message id (the user's words are in the flow's
/// language, `locales/*/campaign.ftl`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal(pub(crate) &'static str);

pub(crate) const MALFORMED: Refusal = Refusal("passkey-unreadable");
const WRONG_SITE: Refusal = Refusal("passkey-wrong-site");
const WRONG_CHALLENGE: Refusal = Refusal("passkey-wrong-request");
const NOT_VERIFIED: Refusal = Refusal("passkey-not-verified");
const ALREADY_YOURS: Refusal = Refusal("passkey-already-yours");
const NOT_VERIFIABLE: Refusal = Refusal("passkey-not-verifiable");

impl Refusal {
    /// The refusal for a credential already registered to this user (`mine`) or another.
    pub(crate) fn taken(mine: bool) -> Self {
        if mine {
            ALREADY_YOURS
        } else {
            Refusal("passkey-taken")
        }
    }
}

/// The user's answer, parsed; anything that is not a credential's JSON is refused.
pub(crate) fn parse(code: &str) -> Result<RegisterPublicKeyCredential, Refusal> {
    if code.len() > MAX_RESPONSE_BYTES {
        return Err(MALFORMED);
    }
    serde_json::from_str(code).map_err(|_| MALFORMED)
}

/// Checks the answer with webauthn-rs (challenge, origin, RP id, user presence and
/// verification, signature, algorithm, excluded credentials) and reads what the policy's rules
/// and the host need from it.
pub(crate) fn finish(
    webauthn: &Webauthn,
    attestation_cas: Option<&AttestationCaList>,
    answer: &RegisterPublicKeyCredential,
    ceremony: &Ceremony,
    now: OffsetDateTime,
) -> Result<PasskeyCredential, Refusal> {
    let passkey = webauthn
        .finish_passkey_registration(answer, &ceremony.state)
        .map_err(|error| {
            // The error names the failed check only: no credential data.
            tracing::info!(?error, "a passkey registration was refused");
            match error {
                WebauthnError::MismatchedChallenge => WRONG_CHALLENGE,
                WebauthnError::InvalidRPOrigin
                | WebauthnError::InvalidRPIDHash
                | WebauthnError::CredentialCrossOrigin => WRONG_SITE,
                WebauthnError::UserNotVerified | WebauthnError::UserNotPresent => NOT_VERIFIED,
                WebauthnError::CredentialExcludedFromRequest
                | WebauthnError::CredentialAlteredAlgFromRequest
                    if excluded(answer, ceremony) =>
                {
                    ALREADY_YOURS
                }
                WebauthnError::ParseCBORFailure(_)
                | WebauthnError::ParseJSONFailure(_)
                | WebauthnError::ParseNOMFailure
                | WebauthnError::ParseInsufficientBytesAvailable => MALFORMED,
                _ => NOT_VERIFIABLE,
            }
        })?;
    let passkey_json = serde_json::to_string(&passkey).map_err(|_| NOT_VERIFIABLE)?;
    let aaguid = aaguid(&answer.response.attestation_object);
    let credential = Credential::from(passkey);
    let attested = attestation_cas.is_some_and(|cas| attested(&credential, cas, &aaguid));
    // Hints for later sign-ins, not a security property: taken as the browser reported them
    // (webauthn-rs keeps them only with packed or TPM attestation).
    let transports = answer
        .response
        .transports
        .iter()
        .flatten()
        .filter_map(|t| serde_json::to_value(t).ok()?.as_str().map(str::to_owned))
        .collect();
    Ok(PasskeyCredential {
        credential_id: b64(&credential.cred_id),
        passkey_json,
        aaguid,
        backup_eligible: credential.backup_eligible,
        backup_state: credential.backup_state,
        transports,
        attested,
        registered_at: now,
    })
}

/// webauthn-rs reports an excluded credential with a generic error; tell it apart by the id
/// the browser sent.
fn excluded(answer: &RegisterPublicKeyCredential, ceremony: &Ceremony) -> bool {
    let id = b64(&answer.raw_id);
    ceremony.excluded.contains(&id)
}

/// Whether the credential's attestation chains to one of `cas`, and the AAGUID is one that
/// trust anchor vouches for (unless it vouches for every model it signed).
fn attested(credential: &Credential, cas: &AttestationCaList, aaguid: &Uuid) -> bool {
    match credential.verify_attestation(cas) {
        Ok(Some(ca)) => ca.blanket_allow() || ca.aaguids().contains_key(aaguid),
        Ok(None) => false,
        Err(error) => {
            tracing::info!(?error, "a passkey's attestation did not verify");
            false
        }
    }
}

/// The AAGUID in a verified attestation object's authenticator data (all zeros if absent).
/// Layout: rpIdHash (32) | flags (1) | signCount (4) | AAGUID (16) | ...; the attested
/// credential data flag (0x40) says the AAGUID is there.
pub(crate) fn aaguid(attestation_object: &[u8]) -> Uuid {
    use serde_cbor_2::Value;
    let Ok(Value::Map(map)) = serde_cbor_2::from_slice::<Value>(attestation_object) else {
        return Uuid::nil();
    };
    let Some(Value::Bytes(auth_data)) = map.get(&Value::Text("authData".into())) else {
        return Uuid::nil();
    };
    match (auth_data.get(32), auth_data.get(37..53)) {
        (Some(flags), Some(id)) if flags & 0x40 != 0 => {
            Uuid::from_slice(id).unwrap_or_else(|_| Uuid::nil())
        }
        _ => Uuid::nil(),
    }
}

/// A passkey from its serialized form, as the host stored it.
pub(crate) fn passkey(json: &str) -> Option<Passkey> {
    serde_json::from_str(json).ok()
}
