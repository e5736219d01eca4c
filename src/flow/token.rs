//! The flow cookie's value: a short-lived HS256 JWT naming the user, the flow and the step the
//! browser was last sent to.
//!
//! Everything else about the flow (step, attempt, enrollment, CSRF secret, held cookies) is kept
//! server-side in the flow record (see `record`), so the cookie carries no secret but the flow id
//! itself. The signature lets forged cookies be refused, and rate limits apply, before the store
//! is touched. Keys have ids (`kid`) so they can be rotated: new tokens are signed with the
//! current key, and tokens signed with a previous key stay valid until they expire.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

pub(crate) use super::record::FlowStep;
pub(crate) use crate::campaign::FLOW_LIFETIME;
use crate::campaign::FlowKeys;
use crate::tenant::TenantId;
const ISSUER: &str = "registration-campaign";
const AUDIENCE: &str = "registration-campaign-flow";

/// The claims of a flow token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FlowToken {
    /// The tenant whose flow it is (absent for the default tenant).
    #[serde(default, skip_serializing_if = "TenantId::is_default")]
    pub tid: TenantId,
    /// User id: the flow record's key (within the tenant).
    pub sub: String,
    /// The flow id: a random 256-bit value whose hash the flow record keeps.
    pub fid: String,
    /// The step this browser was last sent to: a request made from an older step (a replay, a
    /// double click) acts on nothing and is shown where the flow is.
    pub stp: FlowStep,
    /// Expiry (Unix seconds).
    pub exp: i64,
    /// Issued at (Unix seconds): the flow's start; no step extends it.
    pub iat: i64,
    iss: String,
    aud: String,
}

/// Why a flow token was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum FlowTokenError {
    /// Bad signature, unknown key, wrong algorithm or claims, malformed.
    #[error("the setup session is not valid")]
    Invalid,
    /// Older than its expiry.
    #[error("the setup session expired")]
    Expired,
}

impl FlowToken {
    /// A token for flow `fid` of `tenant`'s `user`, started at `started` (Unix seconds), at
    /// `step`.
    pub(crate) fn new(
        tenant: &TenantId,
        user: &str,
        fid: &str,
        step: FlowStep,
        started: i64,
    ) -> Self {
        Self {
            tid: tenant.clone(),
            sub: user.to_owned(),
            fid: fid.to_owned(),
            stp: step,
            exp: started.saturating_add(FLOW_LIFETIME.whole_seconds()),
            iat: started,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
        }
    }

    /// Signs the claims.
    pub(crate) fn encode(&self, keys: &FlowKeys) -> Result<String, serde_json::Error> {
        keys.sign(self)
    }

    /// Verifies a token: HS256 only, a known `kid`, our issuer and audience, not expired at `now`.
    pub(crate) fn decode(
        token: &str,
        keys: &FlowKeys,
        now: OffsetDateTime,
    ) -> Result<Self, FlowTokenError> {
        let claims: FlowToken = keys.verify(token).ok_or(FlowTokenError::Invalid)?;
        if claims.iss != ISSUER || claims.aud != AUDIENCE {
            return Err(FlowTokenError::Invalid);
        }
        // Expiry is checked against the campaign's clock, and `iat` bounds the flow too,
        // whatever `exp` says.
        let now = now.unix_timestamp();
        if claims.exp <= now || now >= claims.iat.saturating_add(FLOW_LIFETIME.whole_seconds()) {
            return Err(FlowTokenError::Expired);
        }
        Ok(claims)
    }
}

/// The required hint: "this browser's user must register", signed, naming the user by a hash.
/// A sign-in that carries it is not let through when the store fails (see `after_mfa`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RequiredHint {
    /// SHA-256 of the user id.
    sub: String,
    exp: i64,
    iat: i64,
    aud: String,
}

const HINT_AUDIENCE: &str = "registration-campaign-required";

fn user_hash(user: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::enroll::protocol::b64(&Sha256::digest(user.as_bytes()))
}

impl RequiredHint {
    /// A hint for `user`, valid `lifetime` from `now`.
    pub(crate) fn new(user: &str, now: OffsetDateTime, lifetime: Duration) -> Self {
        Self {
            sub: user_hash(user),
            exp: now.saturating_add(lifetime).unix_timestamp(),
            iat: now.unix_timestamp(),
            aud: HINT_AUDIENCE.into(),
        }
    }

    /// Signs the hint.
    pub(crate) fn encode(&self, keys: &FlowKeys) -> Result<String, serde_json::Error> {
        keys.sign(self)
    }

    /// Whether `token` is a valid, unexpired hint for `user`.
    pub(crate) fn names(token: &str, keys: &FlowKeys, user: &str, now: OffsetDateTime) -> bool {
        keys.verify::<RequiredHint>(token).is_some_and(|hint| {
            hint.aud == HINT_AUDIENCE
                && hint.exp > now.unix_timestamp()
                && hint.sub == user_hash(user)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::{FlowKey, FlowKeyError};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-28 09:00 UTC);

    fn state() -> FlowToken {
        FlowToken::new(
            &TenantId::default_tenant(),
            "u",
            "flow-id",
            FlowStep::Prompt,
            NOW.unix_timestamp(),
        )
    }

    fn keys(kid: &str, byte: u8) -> FlowKeys {
        FlowKeys::new(FlowKey::new(kid, &[byte; 32]).unwrap())
    }

    #[test]
    fn round_trips_and_expires_after_15_minutes() {
        let k = keys("k1", 1);
        let original = state();
        let token = original.encode(&k).unwrap();
        assert_eq!(FlowToken::decode(&token, &k, NOW).unwrap(), original);
        let late = NOW + FLOW_LIFETIME;
        assert_eq!(
            FlowToken::decode(&token, &k, late),
            Err(FlowTokenError::Expired)
        );
        // Moving through the steps does not extend the flow.
        let later_step = FlowToken {
            stp: FlowStep::Scan,
            ..original.clone()
        }
        .encode(&k)
        .unwrap();
        assert!(FlowToken::decode(&later_step, &k, NOW + Duration::minutes(14)).is_ok());
        assert_eq!(
            FlowToken::decode(&later_step, &k, late),
            Err(FlowTokenError::Expired)
        );
    }

    #[test]
    fn tampered_foreign_and_unsigned_tokens_are_invalid() {
        let k = keys("k1", 1);
        let token = state().encode(&k).unwrap();
        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(
            FlowToken::decode(&tampered, &k, NOW),
            Err(FlowTokenError::Invalid)
        );
        let foreign = keys("k1", 2);
        assert_eq!(
            FlowToken::decode(&token, &foreign, NOW),
            Err(FlowTokenError::Invalid)
        );
        let (_, rest) = token.split_once('.').unwrap();
        let none_header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
        let unsigned = format!("{none_header}.{}.", rest.split_once('.').unwrap().0);
        assert_eq!(
            FlowToken::decode(&unsigned, &k, NOW),
            Err(FlowTokenError::Invalid)
        );
        assert_eq!(
            FlowToken::decode("garbage", &k, NOW),
            Err(FlowTokenError::Invalid)
        );
    }

    #[test]
    fn rotated_keys_accept_tokens_of_the_previous_key() {
        let old = keys("k1", 1);
        let token = state().encode(&old).unwrap();
        let rotated = FlowKeys::new(FlowKey::new("k2", &[3; 32]).unwrap())
            .with_previous(FlowKey::new("k1", &[1; 32]).unwrap());
        assert!(FlowToken::decode(&token, &rotated, NOW).is_ok());
        assert!(state().encode(&rotated).unwrap().len() > 10);
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(matches!(
            FlowKey::new("k", b"short"),
            Err(FlowKeyError::TooShort(5))
        ));
    }

    #[test]
    fn a_required_hint_names_one_user_until_it_expires() {
        let k = keys("k1", 1);
        let hint = RequiredHint::new("alice", NOW, Duration::days(30))
            .encode(&k)
            .unwrap();
        assert!(RequiredHint::names(&hint, &k, "alice", NOW));
        assert!(!RequiredHint::names(&hint, &k, "bob", NOW));
        assert!(!RequiredHint::names(
            &hint,
            &k,
            "alice",
            NOW + Duration::days(31)
        ));
        assert!(!RequiredHint::names(&hint, &keys("k1", 2), "alice", NOW));
        // A flow token is not a hint.
        let flow = state().encode(&k).unwrap();
        assert!(!RequiredHint::names(&flow, &k, "u", NOW));
    }

    #[test]
    fn random_key_ids_say_nothing_about_the_secret() {
        let (a, b) = (FlowKey::random(), FlowKey::random());
        assert_ne!(a.kid(), b.kid());
        assert!(a.kid().starts_with("random-"));
    }
}
