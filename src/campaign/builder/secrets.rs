//! The builder's keys and cookies: the sealing key, the flow keys and their rotation, and
//! whether cookies are `Secure`.

use super::CampaignBuilder;
use crate::campaign::keys::{DerivedKeys, FlowKey, FlowKeyError, FlowKeys};
use crate::enroll::SecretKey;

impl CampaignBuilder {
    /// The key that seals enrollment secrets in the store. Instances sharing a store need the
    /// same key; the default is random per process.
    pub fn secret_key(mut self, key: SecretKey) -> Self {
        self.secret_key = Some(key);
        self
    }

    /// `Secure` cookies with the `__Secure-` prefix (default `true`; turn off only for plain-http
    /// development).
    pub fn secure_cookies(mut self, secure: bool) -> Self {
        self.secure_cookies = secure;
        self
    }

    /// The header in which the host's reverse proxy puts the client's address
    /// (`X-Forwarded-For`, `X-Real-IP`): its last entry, the one the proxy added, is recorded
    /// with each registration and shown in the binding notice. Without it, the connection's
    /// address is used (axum's `ConnectInfo<SocketAddr>`, when the host serves with
    /// `into_make_service_with_connect_info`). Name a header only if a proxy you run always
    /// sets it: a client can write any header itself.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use registration_campaign::{Campaign, store::MemoryStore};
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .client_ip_header(axum::http::HeaderName::from_static("x-forwarded-for"))
    ///     .build();
    /// # let _ = campaign;
    /// ```
    pub fn client_ip_header(mut self, header: axum::http::HeaderName) -> Self {
        self.client_ip_header = Some(header);
        self
    }

    /// Keys that sign flow tokens. Every instance serving the same users needs the same keys;
    /// the default is a random key, good for one process only.
    pub fn flow_keys(mut self, keys: FlowKeys) -> Self {
        self.keys = Some(keys);
        self
    }

    /// Every key from one host secret of at least 32 bytes: the flow keys (flow cookies and
    /// required hints) and the [`secret_key`](Self::secret_key) (sealed enrollment secrets and
    /// held cookies), each derived with HMAC-SHA-256 under its own label. Give every instance
    /// the same secret and open flows survive restarts and work on any instance. To rotate,
    /// pass the old secret to [`previous_secret`](Self::previous_secret) for at least
    /// [`FLOW_LIFETIME`](crate::FLOW_LIFETIME) (15 minutes): flow cookies and hints signed
    /// with it stay valid; sealed data of flows open at the switch must be started again.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, store::MemoryStore};
    /// let secret = [7u8; 32]; // read it from your secret store, never from the source
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .keys_from_secret(&secret)?
    ///     .build();
    /// # let _ = campaign;
    /// # Ok::<(), registration_campaign::FlowKeyError>(())
    /// ```
    pub fn keys_from_secret(mut self, secret: &[u8]) -> Result<Self, FlowKeyError> {
        let derived = DerivedKeys::new(secret)?;
        let previous = self.keys.take().map(|keys| keys.previous_keys());
        let mut keys = FlowKeys::new(derived.flow);
        for key in previous.into_iter().flatten() {
            keys = keys.with_previous(key);
        }
        self.keys = Some(keys);
        self.secret_key = Some(derived.sealing);
        Ok(self)
    }

    /// Also accepts flow cookies and hints signed with keys derived from `secret` (the secret
    /// before a rotation; see [`keys_from_secret`](Self::keys_from_secret)). Call it after
    /// `keys_from_secret`.
    pub fn previous_secret(mut self, secret: &[u8]) -> Result<Self, FlowKeyError> {
        let derived = DerivedKeys::new(secret)?;
        let keys = self
            .keys
            .take()
            .unwrap_or_else(|| FlowKeys::new(FlowKey::random()));
        self.keys = Some(keys.with_previous(derived.flow));
        Ok(self)
    }
}
