//! The keys that sign flow tokens, with ids so that they can be rotated.

use jsonwebtoken::{DecodingKey, EncodingKey};
use rand::RngCore;

/// A signing key for flow tokens, with its id.
#[derive(Clone)]
pub struct FlowKey {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
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
    pub(crate) fn kid(&self) -> &str {
        &self.kid
    }

    pub(crate) fn encoding(&self) -> &EncodingKey {
        &self.encoding
    }

    pub(crate) fn decoding(&self) -> &DecodingKey {
        &self.decoding
    }

    /// A key with id `kid` from a secret of at least 32 bytes.
    pub fn new(kid: impl Into<String>, secret: &[u8]) -> Result<Self, FlowKeyError> {
        if secret.len() < 32 {
            return Err(FlowKeyError::TooShort(secret.len()));
        }
        Ok(Self {
            kid: kid.into(),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
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
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
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

    /// The key new tokens are signed with.
    pub(crate) fn current(&self) -> &FlowKey {
        &self.current
    }

    /// The key with id `kid`, current or previous.
    pub(crate) fn find(&self, kid: &str) -> Option<&FlowKey> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.kid == kid)
    }
}

impl FlowKeys {
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
