//! The push-device protocol, version 1: message formats and the exact byte strings that are
//! signed. `docs/device-protocol.md` is the normative description; this module follows it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The URI scheme of enrollment QR codes.
pub const ENROLLMENT_SCHEME: &str = "rcpush";
/// Protocol version carried in enrollment URIs.
pub const VERSION: u32 = 1;
/// Context strings that start every signed message (domain separation).
pub const REGISTER_CONTEXT: &str = "registration-campaign push v1 register";
/// See [`REGISTER_CONTEXT`].
pub const POLL_CONTEXT: &str = "registration-campaign push v1 poll";
/// See [`REGISTER_CONTEXT`].
pub const ANSWER_CONTEXT: &str = "registration-campaign push v1 answer";

/// base64url without padding, as every binary field is encoded.
pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding.
pub fn unb64(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// `context || LP(field) || ...` with LP(x) = 4-byte big-endian length of x, then x.
pub fn signed_bytes(context: &str, fields: &[&[u8]]) -> Vec<u8> {
    let mut out =
        Vec::with_capacity(context.len() + fields.iter().map(|f| f.len() + 4).sum::<usize>());
    out.extend_from_slice(context.as_bytes());
    for field in fields {
        out.extend_from_slice(&(field.len() as u32).to_be_bytes());
        out.extend_from_slice(field);
    }
    out
}

/// The device id: base64url of the first 16 bytes of SHA-256 of the public key.
pub fn device_id(public_key: &[u8; 32]) -> String {
    b64(&Sha256::digest(public_key)[..16])
}

/// The key fingerprint shown in the browser and on the device: the first 8 bytes of SHA-256 of
/// the public key in hex, in groups of four.
pub fn fingerprint(public_key: &[u8; 32]) -> String {
    let digest = Sha256::digest(public_key);
    digest[..8]
        .chunks(2)
        .map(|pair| format!("{:02x}{:02x}", pair[0], pair[1]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `POST {server}/register`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterRequest {
    /// The enrollment credential from the QR code.
    pub credential: String,
    /// The device's Ed25519 public key (32 bytes).
    pub public_key: String,
    /// A name for the device, 1 to 64 characters.
    pub device_name: String,
    /// Ed25519 signature over `REGISTER_CONTEXT || LP(credential) || LP(publicKey) || LP(deviceName)`.
    pub signature: String,
}

/// `POST {short URL}`: enrollment by code (a device that cannot scan the QR code).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RedeemRequest {
    /// The nine-digit code shown in the browser; spaces and hyphens are ignored.
    pub code: String,
}

/// Answer to a redeemed code: the enrollment URI the QR code holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RedeemResponse {
    /// The `rcpush://enroll?...` URI; the device goes on with `register`.
    pub enrollment_uri: String,
}

/// Answer to a registration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterResponse {
    /// The device's id, used in every later message.
    pub device_id: String,
    /// The key fingerprint the browser shows.
    pub fingerprint: String,
}

/// `POST {server}/poll`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PollRequest {
    /// The device id.
    pub device_id: String,
    /// Unix seconds; must be within 60 s of the server's clock.
    pub timestamp: i64,
    /// 16 to 64 random bytes, never reused.
    pub nonce: String,
    /// Signature over `POLL_CONTEXT || LP(deviceId) || LP(timestamp as decimal) || LP(nonce)`.
    pub signature: String,
}

/// A challenge waiting for the device.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PendingChallenge {
    /// The challenge's id.
    pub challenge_id: String,
    /// Its single-use nonce (signed back in the answer).
    pub nonce: String,
    /// The app asking, for display.
    pub app: String,
    /// The account, for display.
    pub account: String,
    /// `registration` (the setup test) or `signIn`.
    pub purpose: String,
    /// Unix seconds after which answers are refused.
    pub expires_at: i64,
}

/// Answer to a poll.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PollResponse {
    /// Pending challenges, oldest first.
    pub challenges: Vec<PendingChallenge>,
}

/// `POST {server}/answer`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswerRequest {
    /// The device id.
    pub device_id: String,
    /// The challenge answered.
    pub challenge_id: String,
    /// `approve` or `deny`.
    pub decision: String,
    /// The two-digit number the user read in the browser (required to approve).
    #[serde(default)]
    pub number: Option<String>,
    /// Signature over `ANSWER_CONTEXT || LP(deviceId) || LP(challengeId) || LP(nonce bytes) ||
    /// LP(decision) || LP(number or empty)`.
    pub signature: String,
}

/// Answer to an answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerResponse {
    /// `approved` or `denied`.
    pub result: String,
}

/// A protocol error body: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// See [`ErrorBody`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Machine-readable code.
    pub code: String,
    /// What was wrong.
    pub message: String,
}

/// Builds the enrollment URI carried by the QR code.
pub fn enrollment_uri(server: &str, credential: &[u8], account: &str, issuer: &str) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    format!(
        "{ENROLLMENT_SCHEME}://enroll?v={VERSION}&server={}&credential={}&account={}&issuer={}",
        enc(server),
        b64(credential),
        enc(account),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_prefixes_keep_fields_apart() {
        assert_ne!(
            signed_bytes("c", &[b"ab", b"c"]),
            signed_bytes("c", &[b"a", b"bc"])
        );
        assert_eq!(signed_bytes("ctx", &[b"xy"]), b"ctx\0\0\0\x02xy");
    }

    #[test]
    fn ids_and_fingerprints_are_stable() {
        let key = [7u8; 32];
        assert_eq!(device_id(&key).len(), 22);
        assert_eq!(fingerprint(&key).len(), 19);
        assert_eq!(device_id(&key), device_id(&[7u8; 32]));
    }

    #[test]
    fn the_uri_encodes_every_parameter() {
        let uri = enrollment_uri(
            "http://127.0.0.1:3000/rc/device/v1",
            &[1, 2, 3],
            "Alice Smith",
            "Contoso & Co",
        );
        assert_eq!(
            uri,
            "rcpush://enroll?v=1&server=http%3A%2F%2F127.0.0.1%3A3000%2Frc%2Fdevice%2Fv1&credential=AQID&account=Alice%20Smith&issuer=Contoso%20%26%20Co"
        );
    }
}
