//! The device side of the push protocol: `register`, `poll` and `answer` (every message signed
//! by the device's key), as functions of the protocol's messages; enrollment by code is
//! `enrollment_code::redeem`. Their HTTP routes are the flow's (`flow/device_routes.rs`).

use async_trait::async_trait;
use time::{Duration, OffsetDateTime};

use super::records::{Challenge, Device, Enrollment, PushChallengeState, SeenNonce};
use super::refusals::{
    ProtocolError, Refusal, already_answered, decode_fixed, flow_ended, reject, too_many_failures,
    verify,
};
use super::{CLOCK_WINDOW, ENROLLMENT_LIFETIME, MAX_FAILED_ANSWERS, credential_id};
use crate::enroll::SecretKey;
use crate::enroll::protocol::{self, b64, unb64};
use crate::store::{Document, StoreError, TenantStore, TypedRecord};

/// What the device endpoints need from the campaign, without the campaign itself: the
/// tenant's store, the sealing key, the issuer shown on devices, the time, and whether the
/// user's setup flow still holds an enrollment.
pub(crate) struct DeviceApi<'a> {
    /// The tenant's store.
    pub(crate) store: &'a TenantStore,
    /// The key that seals enrollment secrets.
    pub(crate) secret_key: &'a SecretKey,
    /// The issuer devices show.
    pub(crate) issuer: &'a str,
    /// The time of the request.
    pub(crate) now: OffsetDateTime,
    /// The setup flows (`flow::record` answers).
    pub(crate) flows: &'a dyn OpenFlows,
}

/// Whether a user's setup flow is still open: a flow that was skipped, finished, signed out
/// of or replaced refuses its device's messages at once.
#[async_trait]
pub(crate) trait OpenFlows: Send + Sync {
    /// Whether `user`'s flow is open and, given `credential`, holds the enrollment begun with
    /// it.
    async fn holds_enrollment(
        &self,
        user: &str,
        credential: Option<&[u8]>,
    ) -> Result<bool, StoreError>;
}

/// `POST register`: a device proves it holds a key and binds it to an open enrollment.
pub(crate) async fn register(
    api: &DeviceApi<'_>,
    request: protocol::RegisterRequest,
) -> Result<protocol::RegisterResponse, ProtocolError> {
    let store = api.store;
    let at = api.now;
    let credential = unb64(&request.credential)
        .filter(|c| c.len() >= 16)
        .ok_or_else(|| {
            reject(
                Refusal::BadRequest,
                "badEncoding",
                "credential is not base64url of at least 16 bytes",
            )
        })?;
    let public_key: [u8; 32] = decode_fixed(&request.public_key, "publicKey")?;
    let name = request.device_name.trim();
    // Control and invisible formatting characters (bidirectional overrides, zero-width) could
    // make one device's name look like another's.
    let invisible = |c: char| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
    };
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(invisible) {
        return Err(reject(
            Refusal::BadRequest,
            "badDeviceName",
            "deviceName must be 1 to 64 printable characters",
        ));
    }
    let message = protocol::signed_bytes(
        protocol::REGISTER_CONTEXT,
        &[&credential, &public_key, request.device_name.as_bytes()],
    );
    verify(&public_key, &message, &request.signature)?;
    let Some(mut enrollment) =
        TypedRecord::<Enrollment>::load(store, &credential_id(&credential), at).await?
    else {
        return Err(reject(
            Refusal::NotFound,
            "unknownCredential",
            "the credential is unknown or expired",
        ));
    };
    if enrollment.value.device.is_some() {
        return Err(reject(
            Refusal::Conflict,
            "credentialUsed",
            "the credential was already used",
        ));
    }
    // A flow that was skipped, finished, signed out of or replaced refuses at once.
    if !api
        .flows
        .holds_enrollment(&enrollment.value.user, Some(&credential))
        .await?
    {
        return Err(flow_ended());
    }
    let device_id = protocol::device_id(&public_key);
    // Refuse before anything changes: a rejected message leaves the store as it was.
    if store.record(Device::KIND, &device_id, at).await?.is_some() {
        return Err(reject(
            Refusal::Conflict,
            "deviceExists",
            "this key is already registered",
        ));
    }
    let device = TypedRecord::new(
        &device_id,
        &enrollment.value.user,
        Device {
            user: enrollment.value.user.clone(),
            public_key: b64(&public_key),
            name: name.to_owned(),
            active: false,
            failures: Vec::new(),
        },
        enrollment.record.expires_at,
    )?;
    enrollment.value.device = Some(device_id.clone());
    // Claim the credential first (compare-and-swap): of two devices racing, one wins.
    if !enrollment.save(store).await? {
        return Err(reject(
            Refusal::Conflict,
            "credentialUsed",
            "the credential was already used",
        ));
    }
    if !device.insert(store, at).await? {
        // Lost a race for this key: give the credential back, so a refused message leaves the
        // enrollment as it was.
        enrollment.value.device = None;
        let _ = enrollment.save(store).await;
        return Err(reject(
            Refusal::Conflict,
            "deviceExists",
            "this key is already registered",
        ));
    }
    Ok(protocol::RegisterResponse {
        device_id,
        fingerprint: protocol::fingerprint(&public_key),
    })
}

async fn load_device(
    api: &DeviceApi<'_>,
    device_id: &str,
) -> Result<(TypedRecord<Device>, [u8; 32]), ProtocolError> {
    let device = TypedRecord::<Device>::load(api.store, device_id, api.now)
        .await?
        .ok_or_else(|| {
            reject(
                Refusal::NotFound,
                "unknownDevice",
                "the device is unknown or its enrollment expired",
            )
        })?;
    let key: [u8; 32] = unb64(&device.value.public_key)
        .and_then(|k| k.try_into().ok())
        .ok_or_else(|| StoreError::Decode("device key".into()))?;
    Ok((device, key))
}

/// Counts one wrong answer of `device_id` with a compare-and-swap loop; `false` when the
/// device already has the most wrong answers allowed in ten minutes.
async fn count_failure(
    store: &TenantStore,
    device_id: &str,
    at: OffsetDateTime,
) -> Result<bool, ProtocolError> {
    let recent = at.unix_timestamp() - 600;
    for _ in 0..64 {
        let Some(mut device) = TypedRecord::<Device>::load(store, device_id, at).await? else {
            return Err(reject(
                Refusal::NotFound,
                "unknownDevice",
                "the device is unknown or its enrollment expired",
            ));
        };
        device.value.failures.retain(|t| *t > recent);
        if device.value.failures.len() >= MAX_FAILED_ANSWERS {
            return Ok(false);
        }
        device.value.failures.push(at.unix_timestamp());
        if device.save(store).await? {
            return Ok(true);
        }
    }
    Err(StoreError::Backend("the device record kept changing".into()).into())
}

/// Gives back the attempt an approval counted before it was judged right (best effort: the
/// count only limits guesses).
async fn refund_attempt(store: &TenantStore, device_id: &str, at: OffsetDateTime) {
    for _ in 0..16 {
        let Ok(Some(mut device)) = TypedRecord::<Device>::load(store, device_id, at).await else {
            return;
        };
        let Some(i) = device
            .value
            .failures
            .iter()
            .rposition(|t| *t == at.unix_timestamp())
        else {
            return;
        };
        device.value.failures.remove(i);
        if device.save(store).await.unwrap_or(true) {
            return;
        }
    }
}

/// `POST poll`: a device asks for pending challenges (signed, fresh, never replayed).
pub(crate) async fn poll(
    api: &DeviceApi<'_>,
    request: protocol::PollRequest,
) -> Result<protocol::PollResponse, ProtocolError> {
    let store = api.store;
    let at = api.now;
    let nonce = unb64(&request.nonce)
        .filter(|n| (16..=64).contains(&n.len()))
        .ok_or_else(|| {
            reject(
                Refusal::BadRequest,
                "badNonce",
                "nonce must be base64url of 16 to 64 bytes",
            )
        })?;
    let (_, key) = load_device(api, &request.device_id).await?;
    let timestamp = request.timestamp.to_string();
    let message = protocol::signed_bytes(
        protocol::POLL_CONTEXT,
        &[request.device_id.as_bytes(), timestamp.as_bytes(), &nonce],
    );
    verify(&key, &message, &request.signature)?;
    let skew = at.unix_timestamp().abs_diff(request.timestamp);
    if skew > CLOCK_WINDOW.whole_seconds().unsigned_abs() {
        return Err(reject(
            Refusal::Unprocessable,
            "staleTimestamp",
            format!("timestamp is {skew} s from the server's clock (at most 60 s)"),
        ));
    }
    let seen = TypedRecord::new(
        &format!("{}:{}", request.device_id, request.nonce),
        &request.device_id,
        SeenNonce,
        // Longer than any timestamp the window accepts, so a nonce is remembered as long as
        // a poll carrying it could pass the clock check.
        Some(at + CLOCK_WINDOW * 2 + Duration::seconds(1)),
    )?;
    if !seen.insert(store, at).await? {
        return Err(reject(
            Refusal::Conflict,
            "replayedNonce",
            "this nonce was already used",
        ));
    }
    let mut pending: Vec<_> = TypedRecord::<Challenge>::list(store, &request.device_id, at)
        .await?
        .into_iter()
        .filter(|c| c.value.state == PushChallengeState::Pending)
        .collect();
    pending.sort_by_key(|c| c.value.expires_at);
    let challenges = pending
        .into_iter()
        .map(|c| protocol::PendingChallenge {
            challenge_id: c.record.id,
            nonce: c.value.nonce,
            app: c.value.app,
            account: c.value.account,
            purpose: c.value.purpose,
            expires_at: c.value.expires_at,
        })
        .collect();
    Ok(protocol::PollResponse { challenges })
}

/// `POST answer`: the device approves (with the number) or denies a challenge, once.
pub(crate) async fn answer(
    api: &DeviceApi<'_>,
    request: protocol::AnswerRequest,
) -> Result<protocol::AnswerResponse, ProtocolError> {
    let store = api.store;
    let at = api.now;
    let (mut device, key) = load_device(api, &request.device_id).await?;
    let device_id = request.device_id.clone();
    let Some(mut challenge) =
        TypedRecord::<Challenge>::load(store, &request.challenge_id, at).await?
    else {
        return Err(reject(
            Refusal::NotFound,
            "unknownChallenge",
            "the challenge is unknown or expired",
        ));
    };
    if challenge.value.device != request.device_id {
        return Err(reject(
            Refusal::NotFound,
            "unknownChallenge",
            "the challenge is unknown or expired",
        ));
    }
    let nonce = unb64(&challenge.value.nonce)
        .ok_or_else(|| StoreError::Decode("challenge nonce".into()))?;
    let number = request.number.clone().unwrap_or_default();
    let message = protocol::signed_bytes(
        protocol::ANSWER_CONTEXT,
        &[
            request.device_id.as_bytes(),
            request.challenge_id.as_bytes(),
            &nonce,
            request.decision.as_bytes(),
            number.as_bytes(),
        ],
    );
    verify(&key, &message, &request.signature)?;
    let recent = at.unix_timestamp() - 600;
    device.value.failures.retain(|t| *t > recent);
    if device.value.failures.len() >= MAX_FAILED_ANSWERS {
        return Err(too_many_failures());
    }
    if challenge.value.state != PushChallengeState::Pending {
        return Err(already_answered());
    }
    // A test notification belongs to a setup flow: once that flow has ended, it is refused.
    if challenge.value.purpose == "registration"
        && !api
            .flows
            .holds_enrollment(&challenge.value.user, None)
            .await?
    {
        return Err(flow_ended());
    }
    let approve = match request.decision.as_str() {
        "deny" => false,
        "approve" if number.is_empty() => {
            return Err(reject(
                Refusal::BadRequest,
                "numberRequired",
                "an approval must carry the number shown in the browser",
            ));
        }
        "approve" => true,
        other => {
            return Err(reject(
                Refusal::BadRequest,
                "badDecision",
                format!("decision must be approve or deny, not {other:?}"),
            ));
        }
    };
    // Every approval is counted against the device *before* it is judged, atomically, and a
    // right or a wrong number takes the same path up to the challenge's compare-and-swap: a
    // burst of guesses is cut off at the limit whatever the numbers, and the fastest request
    // is not the one with the right number. A right one gets its count back below.
    if approve && !count_failure(store, &device_id, at).await? {
        return Err(too_many_failures());
    }
    let right = approve
        && bool::from(subtle::ConstantTimeEq::ct_eq(
            number.as_bytes(),
            challenge.value.number.as_bytes(),
        ));
    let state = match (approve, right) {
        (false, _) => PushChallengeState::Denied,
        (true, true) => PushChallengeState::Approved,
        (true, false) => PushChallengeState::WrongNumber,
    };
    // One answer per challenge: the first to land decides, right or wrong; every later one is
    // refused.
    challenge.value.state = state;
    // An answered challenge stays readable for a while, so a browser that looks late still
    // sees the answer rather than an expiry.
    challenge.record.expires_at = Some(at + ENROLLMENT_LIFETIME);
    if !challenge.save(store).await? {
        return Err(already_answered());
    }
    let result = match state {
        PushChallengeState::Approved => {
            refund_attempt(store, &device_id, at).await;
            Ok("approved")
        }
        PushChallengeState::Denied => Ok("denied"),
        _ => Err(reject(
            Refusal::Unprocessable,
            "wrongNumber",
            "that is not the number shown in the browser; the request was refused",
        )),
    };
    result.map(|r| protocol::AnswerResponse { result: r.into() })
}
