//! The keys that sign flow tokens, with ids so that they can be rotated, and the HS256 JWTs
//! they sign (compact form, RFC 7519), written here with HMAC-SHA-256 so that the flow needs no
//! JWT library: the algorithm is pinned, the MAC compared in constant time.

use hmac::Mac;
use rand::RngCore;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::enroll::protocol::{b64, unb64};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// A signing key for flow tokens, with its id.
#[derive(Clone)]
pub struct FlowKey {
    kid: String,
    secret: Vec<u8>,
}

impl std::fmt::Debug for FlowKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret.
        f.debug_struct("FlowKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// Errors building a flow key.
#[derive(Debug, thiserror::Error)]
pub enum FlowKeyError {
    /// HS256 keys must have at least 256 bits.
    #[error("a flow key must be at least 32 bytes long (got {0})")]
    TooShort(usize),
}

impl FlowKey {
    #[cfg(test)]
    pub(crate) fn kid(&self) -> &str {
        &self.kid
    }

    fn mac(&self, signing_input: &str) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(&self.secret).expect("HMAC takes keys of any length");
        mac.update(signing_input.as_bytes());
        mac
    }

    /// A key with id `kid` from a secret of at least 32 bytes.
    pub fn new(kid: impl Into<String>, secret: &[u8]) -> Result<Self, FlowKeyError> {
        if secret.len() < 32 {
            return Err(FlowKeyError::TooShort(secret.len()));
        }
        Ok(Self {
            kid: kid.into(),
            secret: secret.to_vec(),
        })
    }

    /// A random key: fine for one process, but every instance sharing users needs the same key.
    pub fn random() -> Self {
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        // The id is random on its own: nothing about the secret may be read from a token header.
        let mut kid = [0u8; 6];
        rand::rngs::OsRng.fill_bytes(&mut kid);
        let kid: String = kid.iter().map(|b| format!("{b:02x}")).collect();
        Self {
            kid: format!("random-{kid}"),
            secret: secret.to_vec(),
        }
    }
}

/// The current key and the previous ones still accepted.
#[derive(Debug, Clone)]
pub struct FlowKeys {
    current: FlowKey,
    previous: Vec<FlowKey>,
}

impl FlowKeys {
    /// Signs with `current`.
    pub fn new(current: FlowKey) -> Self {
        Self {
            current,
            previous: Vec::new(),
        }
    }

    /// Also accepts tokens signed with `key` (for rotation).
    pub fn with_previous(mut self, key: FlowKey) -> Self {
        self.previous.push(key);
        self
    }

    /// The key with id `kid`, current or previous.
    pub(crate) fn find(&self, kid: &str) -> Option<&FlowKey> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.kid == kid)
    }
}

/// The JOSE header of the tokens: HS256 and the key's id.
#[derive(Serialize, serde::Deserialize)]
struct Header {
    alg: String,
    typ: Option<String>,
    kid: Option<String>,
}

impl FlowKeys {
    /// `claims` as an HS256 JWT signed with the current key.
    pub(crate) fn sign(&self, claims: &impl Serialize) -> Result<String, serde_json::Error> {
        let key = &self.current;
        let header = Header {
            alg: "HS256".into(),
            typ: Some("JWT".into()),
            kid: Some(key.kid.clone()),
        };
        let input = format!(
            "{}.{}",
            b64(&serde_json::to_vec(&header)?),
            b64(&serde_json::to_vec(claims)?)
        );
        let signature = key.mac(&input).finalize().into_bytes();
        Ok(format!("{input}.{}", b64(&signature)))
    }

    /// The claims of `token` if it is an HS256 JWT signed by one of these keys (named by its
    /// `kid`); `None` for anything else: another algorithm, an unknown key, a bad signature,
    /// claims that do not parse.
    pub(crate) fn verify<T: DeserializeOwned>(&self, token: &str) -> Option<T> {
        let mut parts = token.split('.');
        let (header, claims, signature) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let parsed: Header = serde_json::from_slice(&unb64(header)?).ok()?;
        if parsed.alg != "HS256" {
            return None;
        }
        let key = self.find(parsed.kid.as_deref()?)?;
        let input = &token[..header.len() + 1 + claims.len()];
        key.mac(input).verify_slice(&unb64(signature)?).ok()?;
        serde_json::from_slice(&unb64(claims)?).ok()
    }

    /// The keys accepted besides the current one.
    pub(crate) fn previous_keys(self) -> Vec<FlowKey> {
        self.previous
    }
}

/// The keys derived from one host secret (`CampaignBuilder::keys_from_secret`).
pub(crate) struct DerivedKeys {
    pub flow: FlowKey,
    pub sealing: crate::enroll::SecretKey,
}

impl DerivedKeys {
    /// HMAC-SHA-256 of a fixed label under `secret`, one label per key. The flow key's id is
    /// derived too (under its own label), so it names the secret without revealing it.
    pub(crate) fn new(secret: &[u8]) -> Result<Self, FlowKeyError> {
        if secret.len() < 32 {
            return Err(FlowKeyError::TooShort(secret.len()));
        }
        let derive = |label: &str| -> [u8; 32] {
            use hmac::Mac;
            let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(secret)
                .expect("HMAC takes keys of any length");
            mac.update(b"registration-campaign/");
            mac.update(label.as_bytes());
            mac.finalize().into_bytes().into()
        };
        let id = derive("flow-key-id");
        let kid: String = id[..6].iter().map(|b| format!("{b:02x}")).collect();
        Ok(Self {
            flow: FlowKey::new(format!("derived-{kid}"), &derive("flow-key"))?,
            sealing: crate::enroll::SecretKey::new(derive("secret-key")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::DerivedKeys;

    #[test]
    fn keys_derived_from_one_secret_are_stable_and_apart() {
        let a = DerivedKeys::new(&[1u8; 32]).unwrap();
        let again = DerivedKeys::new(&[1u8; 32]).unwrap();
        let b = DerivedKeys::new(&[2u8; 32]).unwrap();
        assert_eq!(a.flow.kid(), again.flow.kid());
        assert_ne!(a.flow.kid(), b.flow.kid());
        let sealed = a.sealing.seal(b"held", "ctx").unwrap();
        assert_eq!(again.sealing.open(&sealed, "ctx").unwrap(), b"held");
        assert!(b.sealing.open(&sealed, "ctx").is_none());
        assert!(DerivedKeys::new(&[1u8; 31]).is_err());
    }
}
