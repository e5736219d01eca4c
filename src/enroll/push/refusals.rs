//! Why the push protocol refuses a message (`docs/device-protocol.md` lists each refusal
//! with its HTTP status, which the routes give it), and the checks every message shares: the
//! encoding and length of its fields and its Ed25519 signature.

use ed25519_dalek::{Signature, VerifyingKey};

use crate::enroll::protocol::unb64;
use crate::store::StoreError;

pub(super) fn unknown_code() -> ProtocolError {
    reject(
        Refusal::NotFound,
        "unknownCode",
        "the code is unknown, used or expired",
    )
}

/// Why a protocol message was refused, in the protocol's terms; the routes give each its HTTP
/// status (`docs/device-protocol.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Malformed or out of range (400).
    BadRequest,
    /// The signature does not verify (401).
    Unauthorized,
    /// Unknown device, challenge or code (404).
    NotFound,
    /// Already used, answered or registered (409).
    Conflict,
    /// The flow or challenge has ended (410).
    Gone,
    /// Well-formed but wrong for this challenge (422).
    Unprocessable,
    /// Too many wrong answers (429).
    TooManyRequests,
    /// The store could not be reached (503).
    Unavailable,
}

/// A protocol error: why, a machine-readable code, a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub(crate) struct ProtocolError {
    /// Why it was refused.
    pub(crate) refusal: Refusal,
    /// A stable code (`badSignature`, `replayedNonce`, ...).
    pub(crate) code: &'static str,
    /// What was wrong.
    pub(crate) message: String,
}

pub(super) fn reject(
    refusal: Refusal,
    code: &'static str,
    message: impl Into<String>,
) -> ProtocolError {
    ProtocolError {
        refusal,
        code,
        message: message.into(),
    }
}

impl From<StoreError> for ProtocolError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "push protocol store failure");
        reject(
            Refusal::Unavailable,
            "unavailable",
            "the server could not store this; try again",
        )
    }
}

pub(super) fn decode_fixed<const N: usize>(
    text: &str,
    field: &str,
) -> Result<[u8; N], ProtocolError> {
    let bytes = unb64(text).ok_or_else(|| {
        reject(
            Refusal::BadRequest,
            "badEncoding",
            format!("{field} is not base64url without padding"),
        )
    })?;
    bytes.try_into().map_err(|b: Vec<u8>| {
        reject(
            Refusal::BadRequest,
            "badLength",
            format!("{field} must be {N} bytes, not {}", b.len()),
        )
    })
}

pub(super) fn verify(
    public_key: &[u8; 32],
    message: &[u8],
    signature: &str,
) -> Result<(), ProtocolError> {
    let signature: [u8; 64] = decode_fixed(signature, "signature")?;
    let key = VerifyingKey::from_bytes(public_key).map_err(|_| {
        reject(
            Refusal::BadRequest,
            "badKey",
            "publicKey is not an Ed25519 point",
        )
    })?;
    key.verify_strict(message, &Signature::from_bytes(&signature))
        .map_err(|_| {
            reject(
                Refusal::Unauthorized,
                "badSignature",
                "the signature does not verify",
            )
        })
}

pub(super) fn too_many_failures() -> ProtocolError {
    reject(
        Refusal::TooManyRequests,
        "tooManyFailures",
        "too many wrong answers; try again in ten minutes",
    )
}

pub(super) fn flow_ended() -> ProtocolError {
    reject(
        Refusal::Gone,
        "flowEnded",
        "the setup this belongs to has ended (skipped, finished or signed out)",
    )
}

pub(super) fn already_answered() -> ProtocolError {
    reject(
        Refusal::Conflict,
        "alreadyAnswered",
        "the challenge was already answered",
    )
}
