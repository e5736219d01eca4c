//! Encryption at rest for enrollment secrets (ChaCha20-Poly1305 with a configured key).

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;

use super::protocol::{b64, unb64};

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

    /// Encrypts `plain`, binding it to `context` (the record it belongs to).
    pub(crate) fn seal(&self, plain: &[u8], context: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let cipher = ChaCha20Poly1305::new(&self.0);
        let payload = chacha20poly1305::aead::Payload {
            msg: plain,
            aad: context.as_bytes(),
        };
        let sealed = cipher
            .encrypt(&Nonce::from(nonce), payload)
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        b64(&out)
    }

    /// Decrypts what [`seal`](Self::seal) produced for the same `context`.
    pub(crate) fn open(&self, sealed: &str, context: &str) -> Option<Vec<u8>> {
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
        let sealed = key.seal(b"secret", "totp:1");
        assert!(!sealed.contains("secret"));
        assert_eq!(key.open(&sealed, "totp:1").unwrap(), b"secret");
        assert!(key.open(&sealed, "totp:2").is_none());
        assert!(SecretKey::random().open(&sealed, "totp:1").is_none());
        assert!(key.open("AAAA", "totp:1").is_none());
    }
}
