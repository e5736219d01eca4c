//! Bearer tokens for the admin API: JWTs checked with a pinned algorithm, and Graph's
//! permission model (scopes, app roles, directory roles).

use std::collections::HashMap;

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::tenant::TenantId;

/// `Policy.Read.AuthenticationMethod`
pub const READ_AUTHENTICATION_METHOD: &str = "Policy.Read.AuthenticationMethod";
/// `Policy.Read.All`
pub const READ_ALL: &str = "Policy.Read.All";
/// `Policy.ReadWrite.AuthenticationMethod`
pub const READ_WRITE_AUTHENTICATION_METHOD: &str = "Policy.ReadWrite.AuthenticationMethod";
/// Directory role template id of Authentication Policy Administrator.
pub const AUTHENTICATION_POLICY_ADMINISTRATOR: &str = "0526716b-113d-4c15-b2c8-68e3c22b9f80";
/// Directory role template id of Global Administrator.
pub const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";
/// Directory role template id of Global Reader.
pub const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

/// The most clock skew tolerated on `exp`, `nbf` and `iat`.
pub const MAX_LEEWAY_SECONDS: u64 = 60;
/// The longest token lifetime (`exp` − `iat`) accepted unless the host sets another with
/// [`AdminAuth::with_max_token_lifetime`]: 24 hours.
pub const DEFAULT_MAX_TOKEN_LIFETIME: std::time::Duration =
    std::time::Duration::from_secs(24 * 3600);
/// Header `typ` values accepted (compared ignoring case); a token without `typ` is accepted too.
const ACCEPTED_TYPES: &[&str] = &["jwt", "at+jwt", "application/jwt", "application/at+jwt"];

/// Why a token was refused. The caller gets a 401 whose `WWW-Authenticate` names the reason
/// (`error_description`), as Entra's errors do; nothing of the token itself is echoed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// No `Authorization: Bearer` header.
    #[error("access token is empty")]
    Missing,
    /// Bad signature, malformed, or a claim of the wrong type.
    #[error("access token validation failure")]
    Invalid,
    /// The header's `alg` is not the algorithm this service pins.
    #[error("access token validation failure: the algorithm is not the one this service accepts")]
    WrongAlgorithm,
    /// The header's `typ` is neither `JWT` nor `at+jwt`.
    #[error("access token validation failure: typ must be JWT or at+jwt")]
    WrongType,
    /// No key of the JWKS has the token's `kid`.
    #[error("access token validation failure: no key has the token's kid")]
    UnknownKey,
    /// `aud` is not this service's audience.
    #[error("access token validation failure: invalid audience")]
    WrongAudience,
    /// `iss` is not the configured issuer (or not a string).
    #[error("access token validation failure: invalid issuer")]
    WrongIssuer,
    /// A required claim (`exp`, `iss`, `aud`, `iat`) is missing.
    #[error("access token validation failure: a required claim is missing")]
    MissingClaim,
    /// The lifetime (`exp` − `iat`) is longer than this service accepts.
    #[error("access token validation failure: the token lives longer than this service accepts")]
    TooLong,
    /// `exp` has passed or `nbf` has not come.
    #[error("access token has expired or is not yet valid")]
    Expired,
    /// The token's `tid` names a tenant this campaign does not serve.
    #[error("access token is for a tenant this service does not serve")]
    UnknownTenant,
}

/// Errors configuring admin authentication.
#[derive(Debug, thiserror::Error)]
pub enum AuthConfigError {
    /// A key could not be read.
    #[error("invalid key: {0}")]
    Key(String),
    /// The algorithm does not fit the key type.
    #[error("algorithm {0:?} is not supported here (use HS256, EdDSA, ES256 or RS256)")]
    Algorithm(Algorithm),
}

#[derive(Clone)]
enum Keys {
    Single(DecodingKey),
    /// Keys from a JWKS document, by `kid`.
    Set(HashMap<String, DecodingKey>),
}

/// How admin bearer tokens are verified: one pinned algorithm, its key (or a JWKS), the
/// expected issuer and audience.
#[derive(Clone)]
pub struct AdminAuth {
    algorithm: Algorithm,
    keys: Keys,
    issuer: String,
    audience: String,
    leeway: u64,
    max_lifetime: u64,
}

impl std::fmt::Debug for AdminAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminAuth")
            .field("algorithm", &self.algorithm)
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

/// The caller of an admin request, from a verified token.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Principal {
    /// `oid`.
    pub oid: Option<String>,
    /// `sub`.
    pub sub: Option<String>,
    /// `upn`.
    pub upn: Option<String>,
    /// Delegated scopes (`scp`, space-separated); present only in delegated tokens.
    pub scopes: Option<Vec<String>>,
    /// App roles (`roles`).
    pub roles: Vec<String>,
    /// Directory role template ids (`wids`).
    pub wids: Vec<String>,
    /// The tenant the token manages (`tid`; the default tenant without one).
    pub tenant: TenantId,
}

#[derive(Debug, Deserialize)]
struct Claims {
    /// jsonwebtoken also takes an array here; Graph's tokens carry one issuer, as a string.
    iss: String,
    iat: i64,
    exp: i64,
    #[serde(default)]
    nbf: Option<i64>,
    #[serde(default)]
    oid: Option<String>,
    #[serde(default)]
    sub: Option<String>,
    #[serde(default)]
    upn: Option<String>,
    #[serde(default)]
    scp: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    wids: Vec<String>,
    /// A string: an array, a number or an id that breaks the tenant id rules is refused.
    #[serde(default)]
    tid: Option<TenantId>,
}

impl AdminAuth {
    fn new(algorithm: Algorithm, keys: Keys, issuer: &str, audience: &str) -> Self {
        // Explicitly, so a host's feature unification can never leave jsonwebtoken without one.
        let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
        Self {
            algorithm,
            keys,
            issuer: issuer.into(),
            audience: audience.into(),
            leeway: 30,
            max_lifetime: DEFAULT_MAX_TOKEN_LIFETIME.as_secs(),
        }
    }

    /// HS256 with a shared secret (for development and the demo).
    pub fn hs256(secret: &[u8], issuer: &str, audience: &str) -> Self {
        Self::new(
            Algorithm::HS256,
            Keys::Single(DecodingKey::from_secret(secret)),
            issuer,
            audience,
        )
    }

    /// A public key in PEM for `EdDSA`, `ES256` or `RS256`.
    pub fn public_key_pem(
        algorithm: Algorithm,
        pem: &[u8],
        issuer: &str,
        audience: &str,
    ) -> Result<Self, AuthConfigError> {
        let key = match algorithm {
            Algorithm::EdDSA => DecodingKey::from_ed_pem(pem),
            Algorithm::ES256 => DecodingKey::from_ec_pem(pem),
            Algorithm::RS256 => DecodingKey::from_rsa_pem(pem),
            other => return Err(AuthConfigError::Algorithm(other)),
        }
        .map_err(|e| AuthConfigError::Key(e.to_string()))?;
        Ok(Self::new(algorithm, Keys::Single(key), issuer, audience))
    }

    /// Keys from a JWKS document (as an identity provider publishes them); tokens must name one
    /// with `kid`. The algorithm is still pinned: keys are only used with `algorithm`.
    pub fn jwks(
        algorithm: Algorithm,
        jwks_json: &str,
        issuer: &str,
        audience: &str,
    ) -> Result<Self, AuthConfigError> {
        if !matches!(
            algorithm,
            Algorithm::EdDSA | Algorithm::ES256 | Algorithm::RS256
        ) {
            return Err(AuthConfigError::Algorithm(algorithm));
        }
        let set: JwkSet =
            serde_json::from_str(jwks_json).map_err(|e| AuthConfigError::Key(e.to_string()))?;
        let mut keys = HashMap::new();
        for jwk in &set.keys {
            let Some(kid) = jwk.common.key_id.clone() else {
                continue;
            };
            let key =
                DecodingKey::from_jwk(jwk).map_err(|e| AuthConfigError::Key(e.to_string()))?;
            keys.insert(kid, key);
        }
        if keys.is_empty() {
            return Err(AuthConfigError::Key(
                "the JWKS has no key with a kid".into(),
            ));
        }
        Ok(Self::new(algorithm, Keys::Set(keys), issuer, audience))
    }

    /// Clock skew tolerated on `exp`, `nbf` and `iat`, at most 60 seconds (default 30).
    pub fn with_leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds.min(MAX_LEEWAY_SECONDS);
        self
    }

    /// The longest lifetime (`exp` − `iat`) a token may have (default 24 hours,
    /// [`DEFAULT_MAX_TOKEN_LIFETIME`]): a stolen token is worth no more than that, however far
    /// away its issuer put `exp`.
    pub fn with_max_token_lifetime(mut self, lifetime: std::time::Duration) -> Self {
        self.max_lifetime = lifetime.as_secs();
        self
    }

    /// Verifies `token` at `now`. Header key URLs (`jku`, `x5u`, `jwk`) are never followed: only
    /// the configured keys are used.
    ///
    /// Refused: another `alg` than the configured one; a `typ` other than `JWT` or `at+jwt`
    /// (any case, with or without `application/`); a bad signature; `iss` (a string: an array
    /// is refused) or `aud` other than configured; no `exp` or no `iat`; `exp` passed, `nbf`
    /// or `iat` still to come (beyond the leeway); `exp` − `iat` over the maximum lifetime.
    pub fn verify(&self, token: &str, now: OffsetDateTime) -> Result<Principal, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Invalid)?;
        if header.alg != self.algorithm {
            return Err(TokenError::WrongAlgorithm);
        }
        if let Some(typ) = &header.typ
            && !ACCEPTED_TYPES.iter().any(|t| typ.eq_ignore_ascii_case(t))
        {
            return Err(TokenError::WrongType);
        }
        let key = match &self.keys {
            Keys::Single(key) => key,
            Keys::Set(keys) => header
                .kid
                .as_deref()
                .and_then(|kid| keys.get(kid))
                .ok_or(TokenError::UnknownKey)?,
        };
        let mut validation = Validation::new(self.algorithm);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        // `iat` is required by `Claims` itself.
        // Time is checked below against the campaign's clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        let claims = jsonwebtoken::decode::<Claims>(token, key, &validation)
            .map_err(|error| {
                use jsonwebtoken::errors::ErrorKind;
                match error.kind() {
                    ErrorKind::InvalidAudience => TokenError::WrongAudience,
                    ErrorKind::InvalidIssuer => TokenError::WrongIssuer,
                    ErrorKind::MissingRequiredClaim(_) => TokenError::MissingClaim,
                    _ => TokenError::Invalid,
                }
            })?
            .claims;
        if claims.iss != self.issuer {
            return Err(TokenError::WrongIssuer);
        }
        let now = now.unix_timestamp();
        let leeway = self.leeway as i64;
        if claims.exp.saturating_add(leeway) <= now
            || claims
                .nbf
                .is_some_and(|nbf| nbf.saturating_sub(leeway) > now)
            || claims.iat.saturating_sub(leeway) > now
        {
            return Err(TokenError::Expired);
        }
        let max_lifetime = i64::try_from(self.max_lifetime).unwrap_or(i64::MAX);
        if claims.exp.saturating_sub(claims.iat) > max_lifetime {
            return Err(TokenError::TooLong);
        }
        Ok(Principal {
            oid: claims.oid,
            sub: claims.sub,
            upn: claims.upn,
            scopes: claims
                .scp
                .map(|s| s.split_whitespace().map(str::to_owned).collect()),
            roles: claims.roles,
            wids: claims.wids,
            tenant: claims.tid.unwrap_or_default(),
        })
    }
}

impl Principal {
    /// Delegated tokens (with `scp`) are judged by their scopes; app-only tokens by their roles.
    fn has(&self, permissions: &[&str]) -> bool {
        let granted = |p: &String| permissions.contains(&p.as_str());
        match &self.scopes {
            Some(scopes) => scopes.iter().any(granted),
            None => self.roles.iter().any(granted),
        }
    }

    fn has_directory_role(&self, roles: &[&str]) -> bool {
        self.wids
            .iter()
            .any(|w| roles.contains(&w.to_ascii_lowercase().as_str()))
    }

    fn is_delegated(&self) -> bool {
        self.scopes.is_some()
    }

    /// May read the policy: a read permission, and for delegated tokens a directory role that
    /// may read it.
    pub fn can_read(&self) -> bool {
        self.has(&[
            READ_AUTHENTICATION_METHOD,
            READ_ALL,
            READ_WRITE_AUTHENTICATION_METHOD,
        ]) && (!self.is_delegated()
            || self.has_directory_role(&[
                AUTHENTICATION_POLICY_ADMINISTRATOR,
                GLOBAL_ADMINISTRATOR,
                GLOBAL_READER,
            ]))
    }

    /// May change the policy: `Policy.ReadWrite.AuthenticationMethod`, and for delegated tokens
    /// Authentication Policy Administrator or Global Administrator.
    pub fn can_write(&self) -> bool {
        self.has(&[READ_WRITE_AUTHENTICATION_METHOD])
            && (!self.is_delegated()
                || self.has_directory_role(&[
                    AUTHENTICATION_POLICY_ADMINISTRATOR,
                    GLOBAL_ADMINISTRATOR,
                ]))
    }

    /// Who, for the audit log: `oid`, else `sub`.
    pub fn actor(&self) -> String {
        self.oid
            .clone()
            .or_else(|| self.sub.clone())
            .unwrap_or_else(|| "unknown".into())
    }
}
