//! The push method's records: enrollments, devices, challenges and used poll nonces.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::CHALLENGE_LIFETIME;
use super::random_b64;
use crate::store::{Document, StoreError, TenantStore, TypedRecord};
use rand::Rng;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Enrollment {
    pub(super) user: String,
    pub(super) account: String,
    pub(super) device: Option<String>,
    pub(super) challenge: Option<String>,
    pub(super) tests: u32,
    /// The short URL's slot and the code (`SLOT:CODE`), sealed; see `enrollment_code`.
    #[serde(default)]
    pub(super) manual: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Device {
    pub(super) user: String,
    pub(super) public_key: String,
    pub(super) name: String,
    pub(super) active: bool,
    /// Unix seconds of recent wrong-number answers (rate limit).
    pub(super) failures: Vec<i64>,
}

impl Document for Enrollment {
    const KIND: &'static str = "push-enrollment";
}

impl Document for Device {
    const KIND: &'static str = "push-device";
}

impl Document for Challenge {
    const KIND: &'static str = "push-challenge";
}

/// A poll nonce already seen (the record's id is the device id and nonce).
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct SeenNonce;

impl Document for SeenNonce {
    const KIND: &'static str = "push-poll-nonce";
}

/// Where a push challenge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PushChallengeState {
    /// Waiting for the device.
    Pending,
    /// Approved with the right number.
    Approved,
    /// Denied on the device.
    Denied,
    /// Approved with a wrong number: refused.
    WrongNumber,
    /// Not answered in time (or unknown).
    Expired,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Challenge {
    pub(super) user: String,
    pub(super) device: String,
    pub(super) nonce: String,
    pub(super) number: String,
    pub(super) purpose: String,
    pub(super) app: String,
    pub(super) account: String,
    pub(super) state: PushChallengeState,
    pub(super) expires_at: i64,
}

/// Where a challenge is made: the store, the app name shown on the device, and the time.
pub(crate) struct ChallengeSite<'a> {
    pub(crate) store: &'a TenantStore,
    pub(crate) issuer: &'a str,
    pub(crate) at: OffsetDateTime,
}

pub(super) async fn new_challenge(
    site: ChallengeSite<'_>,
    user: &str,
    device: &str,
    purpose: &str,
    account: &str,
) -> Result<(String, String), StoreError> {
    let at = site.at;
    let id = random_b64(16);
    let number = format!("{}", rand::rngs::OsRng.gen_range(10..100));
    let challenge = TypedRecord::new(
        &id,
        device,
        Challenge {
            user: user.into(),
            device: device.into(),
            nonce: random_b64(32),
            number: number.clone(),
            purpose: purpose.into(),
            app: site.issuer.into(),
            account: account.into(),
            state: PushChallengeState::Pending,
            expires_at: (at + CHALLENGE_LIFETIME).unix_timestamp(),
        },
        Some(at + CHALLENGE_LIFETIME),
    )?;
    challenge.insert(site.store, at).await?;
    Ok((id, number))
}

pub(super) async fn challenge_state(
    store: &TenantStore,
    at: OffsetDateTime,
    id: &str,
    user: &str,
) -> Result<(PushChallengeState, Option<Challenge>), StoreError> {
    let found = TypedRecord::<Challenge>::load(store, id, at).await?;
    Ok(match found {
        Some(c) if c.value.user == user => (c.value.state, Some(c.value)),
        _ => (PushChallengeState::Expired, None),
    })
}
