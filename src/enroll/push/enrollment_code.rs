//! Enrollment by code (`docs/device-protocol.md`, section 3a): for a device that cannot scan
//! the QR code, the page shows a short URL `{flow}/d/{SLOT}` and a nine-digit code. The device
//! posts the code to the URL and gets the enrollment URI the QR code holds.
//!
//! The slot (6 characters of 31, about 30 bits) and the code (about 30 bits) are guessed
//! together, so a guess has about 2⁻⁶⁰ odds per open enrollment. The store knows the pair only
//! by its SHA-256 (the record's id) and keeps the credential sealed with the campaign key under
//! that id; a pair works once, and only while its enrollment is open (10 minutes).

use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::super::{EnrollContext, EnrollError, EnrollmentCode};
use super::credential_id;
use super::device_api::DeviceApi;
use super::records::Enrollment;
use super::refusals::{ProtocolError, Refusal, reject, unknown_code};
use crate::enroll::SecretKey;
use crate::enroll::protocol::{self, b64};
use crate::store::{Document, TypedRecord};

/// Letters and digits nobody confuses (no 0/O, 1/I/L).
const SLOT_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const SLOT_LEN: usize = 6;
const CODE_DIGITS: usize = 9;

/// A pair waiting to be redeemed (id: SHA-256 of `SLOT:CODE`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CodeRecord {
    pub(super) user: String,
    /// The enrollment credential, sealed under this record's id.
    pub(super) sealed: String,
    pub(super) used: bool,
}

impl Document for CodeRecord {
    const KIND: &'static str = "push-enrollment-code";
}

/// The record id of a slot and code.
pub(super) fn record_id(slot: &str, code: &str) -> String {
    b64(&Sha256::digest(format!("{slot}:{code}").as_bytes()))
}

/// The sealing context of the credential in the record `id`.
pub(super) fn credential_context(id: &str) -> String {
    format!("{}:{id}", CodeRecord::KIND)
}

fn manual_context(credential_id: &str) -> String {
    format!("push-enrollment-manual:{credential_id}")
}

/// A slot as typed: upper-cased, and `None` unless it could be one of ours.
pub(super) fn normalize_slot(slot: &str) -> Option<String> {
    let slot = slot.to_ascii_uppercase();
    (slot.len() == SLOT_LEN && slot.bytes().all(|b| SLOT_ALPHABET.contains(&b))).then_some(slot)
}

/// A code as typed: digits only once spaces and hyphens are dropped, and `None` unless nine.
pub(super) fn normalize_code(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.len() == CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

fn new_pair() -> (String, String) {
    let mut rng = rand::rngs::OsRng;
    let slot = (0..SLOT_LEN)
        .map(|_| char::from(SLOT_ALPHABET[rng.gen_range(0..SLOT_ALPHABET.len())]))
        .collect();
    let code = format!("{:09}", rng.gen_range(0..1_000_000_000u32));
    (slot, code)
}

/// Issues a pair for the enrollment whose credential is `credential`; returns it sealed for
/// the enrollment record (the scan page shows it from there).
pub(super) async fn issue(
    cx: &EnrollContext<'_>,
    credential: &[u8],
    credential_id: &str,
    expires_at: OffsetDateTime,
) -> Result<String, EnrollError> {
    for _ in 0..4 {
        let (slot, code) = new_pair();
        let id = record_id(&slot, &code);
        let record = TypedRecord::new(
            &id,
            cx.user_id,
            CodeRecord {
                user: cx.user_id.into(),
                sealed: cx.seal(credential, &credential_context(&id))?,
                used: false,
            },
            Some(expires_at),
        )?;
        if record.insert(cx.store(), cx.now).await? {
            return Ok(cx.seal(
                format!("{slot}:{code}").as_bytes(),
                &manual_context(credential_id),
            )?);
        }
    }
    Err(EnrollError::Invalid("enrollment code collisions".into()))
}

/// The code and short URL of an enrollment, from its sealed pair.
pub(super) fn open(
    cx: &EnrollContext<'_>,
    sealed: &str,
    credential_id: &str,
) -> Option<EnrollmentCode> {
    let plain = cx.open(sealed, &manual_context(credential_id))?;
    let pair = String::from_utf8(plain).ok()?;
    let (slot, code) = pair.split_once(':')?;
    Some(EnrollmentCode {
        code: code.to_owned(),
        url: format!("{}/d/{slot}", cx.flow_url),
    })
}

/// The credential sealed in `record` (stored under `id`).
pub(super) fn credential(key: &SecretKey, id: &str, record: &CodeRecord) -> Option<Vec<u8>> {
    key.open(&record.sealed, &credential_context(id))
}

/// Exchanges a slot and code for the enrollment URI, once.
pub(crate) async fn redeem(
    api: &DeviceApi<'_>,
    flow_url: &str,
    slot: &str,
    request: protocol::RedeemRequest,
) -> Result<protocol::RedeemResponse, ProtocolError> {
    let code = normalize_code(&request.code).ok_or_else(|| {
        reject(
            Refusal::BadRequest,
            "badCode",
            "code must be nine digits (spaces and hyphens are ignored)",
        )
    })?;
    let slot = normalize_slot(slot).ok_or_else(unknown_code)?;
    let store = api.store;
    let at = api.now;
    let id = record_id(&slot, &code);
    let mut record = TypedRecord::<CodeRecord>::load(store, &id, at)
        .await?
        .filter(|r| !r.value.used)
        .ok_or_else(unknown_code)?;
    let credential = credential(api.secret_key, &id, &record.value).ok_or_else(unknown_code)?;
    let enrollment = TypedRecord::<Enrollment>::load(store, &credential_id(&credential), at)
        .await?
        .filter(|e| e.value.user == record.value.user && e.value.device.is_none())
        .ok_or_else(unknown_code)?;
    // Claim the pair (compare-and-swap): of two devices racing, one gets the URI.
    record.value.used = true;
    if !record.save(store).await? {
        return Err(unknown_code());
    }
    let server = format!("{flow_url}/device/v1");
    Ok(protocol::RedeemResponse {
        enrollment_uri: protocol::enrollment_uri(
            &server,
            &credential,
            &enrollment.value.account,
            api.issuer,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_codes_and_slots_are_forgiving_but_exact() {
        assert_eq!(normalize_code("123 456-789").as_deref(), Some("123456789"));
        assert_eq!(normalize_code("12345678"), None);
        assert_eq!(normalize_code("12345678x"), None);
        assert_eq!(normalize_slot("k7m2qx").as_deref(), Some("K7M2QX"));
        assert_eq!(normalize_slot("K7M2Q0"), None, "0 is not in the alphabet");
        assert_eq!(normalize_slot("K7M2Q"), None);
    }

    #[test]
    fn new_pairs_have_the_documented_shape() {
        let (slot, code) = new_pair();
        assert!(normalize_slot(&slot).is_some(), "{slot}");
        assert!(normalize_code(&code).is_some(), "{code}");
        assert_ne!(new_pair(), new_pair());
    }
}
