//! Encryption at rest for enrollment secrets (ChaCha20-Poly1305 with a configured key).

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;

use super::protocol::{b64, unb64};

/// Sealing failed (the input was too large to encrypt).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the value could not be sealed")]
pub struct SealError;

impl From<SealError> for crate::store::StoreError {
    fn from(e: SealError) -> Self {
        Self::Decode(e.to_string())
    }
}

/// The key that seals secrets the store keeps (TOTP secrets during enrollment). Every instance
/// sharing a store needs the same key; the default is random per process.
#[derive(Clone)]
pub struct SecretKey(Key);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

impl SecretKey {
    /// A key from 32 bytes.
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(Key::from(bytes))
    }

    /// A random key.
    pub fn random() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self::new(bytes)
    }

    /// Encrypts `plain`, binding it to `context` (the record it belongs to): [`open`](Self::open)
    /// with another context fails. Sealing fails only for absurdly large input (beyond 256 GiB).
    pub fn seal(&self, plain: &[u8], context: &str) -> Result<String, SealError> {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let cipher = ChaCha20Poly1305::new(&self.0);
        let payload = chacha20poly1305::aead::Payload {
            msg: plain,
            aad: context.as_bytes(),
        };
        let sealed = cipher
            .encrypt(&Nonce::from(nonce), payload)
            .map_err(|_| SealError)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(b64(&out))
    }

    /// Decrypts what [`seal`](Self::seal) produced for the same `context`; `None` for anything
    /// else (another key or context, or tampered bytes).
    pub fn open(&self, sealed: &str, context: &str) -> Option<Vec<u8>> {
        let bytes = unb64(sealed)?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, body) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().ok()?;
        let cipher = ChaCha20Poly1305::new(&self.0);
        let payload = chacha20poly1305::aead::Payload {
            msg: body,
            aad: context.as_bytes(),
        };
        cipher.decrypt(&Nonce::from(nonce), payload).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_the_same_key_and_context() {
        let key = SecretKey::random();
        let sealed = key.seal(b"secret", "totp:1").unwrap();
        assert!(!sealed.contains("secret"));
        assert_eq!(key.open(&sealed, "totp:1").unwrap(), b"secret");
        assert!(key.open(&sealed, "totp:2").is_none());
        assert!(SecretKey::random().open(&sealed, "totp:1").is_none());
        assert!(key.open("AAAA", "totp:1").is_none());
    }
}
