//! What the privacyIDEA push method keeps in the campaign store, as typed records:
//! - `pipush-token` (id = serial, owner = user): the enrollment until the app completes it and
//!   a test is approved (10 minutes), then kept: the app's public key, the server's key
//!   (sealed), the current test challenge;
//! - `pipush-challenge` (id = nonce, owner = serial, 2 minutes): a test or sign-in challenge,
//!   its options and the right one, and how it was answered;
//! - `pipush-poll` (id = hash of `serial|timestamp`, 2 minutes): polls already answered, so a
//!   signed poll is never answered twice;
//! - `pipush-key` (id = hash of the app's public key, owner = serial): which token a key
//!   enrolled, so one key never enrolls a second token.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::store::Document;

/// One token: an enrollment, then the app's binding.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Token {
    pub(super) user: String,
    /// SHA-256 of the enrollment credential (hex): the credential itself is only in the QR
    /// code and the flow's sealed handle.
    pub(super) credential_hash: String,
    /// Where the app enrolls, polls and answers, as the app's `Uri` prints it.
    pub(super) url: String,
    /// The app's public key (base64 DER), once it enrolled.
    pub(super) app_key: Option<String>,
    /// The server's key for this token (sealed PKCS#8), once the app enrolled.
    pub(super) server_key: Option<String>,
    /// The current test challenge's nonce.
    pub(super) challenge: Option<String>,
    /// Test challenges sent.
    pub(super) tests: u32,
    /// Whether a test was approved and the registration counted.
    pub(super) active: bool,
}

impl Document for Token {
    const KIND: &'static str = "pipush-token";
}

/// How a challenge was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) enum ChallengeState {
    Pending,
    Approved,
    Declined,
    /// The user tapped another option than the page showed: refused, and ended.
    WrongOption,
    /// Replaced by a newer test.
    Withdrawn,
}

/// A challenge for the app to answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Challenge {
    pub(super) serial: String,
    pub(super) user: String,
    /// The notification's title (the issuer).
    pub(super) title: String,
    /// What the app asks.
    pub(super) question: String,
    /// The options the app shows; the page shows `correct`.
    pub(super) options: Vec<String>,
    pub(super) correct: String,
    pub(super) state: ChallengeState,
    /// Until when it can be answered (Unix seconds).
    pub(super) expires_at: i64,
}

impl Document for Challenge {
    const KIND: &'static str = "pipush-challenge";
}

/// An app key bound to a token: one key enrolls one token, once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct KeyBinding {
    pub(super) serial: String,
}

impl Document for KeyBinding {
    const KIND: &'static str = "pipush-key";
}

/// A poll already answered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct PollSeen {}

impl Document for PollSeen {
    const KIND: &'static str = "pipush-poll";
}

/// Hex SHA-256, for ids and credential hashes.
pub(super) fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
