//! The host's passkeys, as the passkey method needs to see them.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::credential::PasskeyCredential;
use crate::campaign::BoxError;

/// Where the host keeps its users' passkeys. The passkey method asks it, at each registration,
/// for the user's existing credentials (which the browser is told not to create again) and who
/// owns the new credential id: a credential id registered to anyone is refused, so one passkey
/// can never sign in two accounts.
///
/// Credential ids are base64url without padding, as in [`PasskeyCredential::credential_id`].
///
/// ```
/// use async_trait::async_trait;
/// use registration_campaign::BoxError;
/// use registration_campaign::enroll::PasskeyDirectory;
///
/// /// The host's own table of passkeys (here a vector of `(user id, credential id)`).
/// struct HostPasskeys(Vec<(String, String)>);
///
/// #[async_trait]
/// impl PasskeyDirectory for HostPasskeys {
///     async fn credential_ids(&self, user_id: &str) -> Result<Vec<String>, BoxError> {
///         Ok(self.0.iter().filter(|(u, _)| u == user_id).map(|(_, c)| c.clone()).collect())
///     }
///     async fn credential_owner(&self, credential_id: &str) -> Result<Option<String>, BoxError> {
///         Ok(self.0.iter().find(|(_, c)| c == credential_id).map(|(u, _)| u.clone()))
///     }
/// }
/// ```
#[async_trait]
pub trait PasskeyDirectory: Send + Sync + 'static {
    /// The credential ids of the passkeys `user_id` already has.
    async fn credential_ids(&self, user_id: &str) -> Result<Vec<String>, BoxError>;

    /// The user a credential id is registered to, if any.
    async fn credential_owner(&self, credential_id: &str) -> Result<Option<String>, BoxError>;
}

/// A [`PasskeyDirectory`] in memory, for tests and demos: add each registration with
/// [`add`](Self::add) (from the campaign's `on_registered` callback).
#[derive(Debug, Default)]
pub struct MemoryPasskeyDirectory {
    /// Credential id to owner.
    owners: Mutex<HashMap<String, String>>,
}

impl MemoryPasskeyDirectory {
    /// An empty directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `user_id` owns `passkey`. Returns `false`, changing nothing, if the
    /// credential id is already registered (to anyone).
    pub fn add(&self, user_id: &str, passkey: &PasskeyCredential) -> bool {
        self.add_id(user_id, &passkey.credential_id)
    }

    /// Records that `user_id` owns the credential `credential_id`; `false` if it is taken.
    pub fn add_id(&self, user_id: &str, credential_id: &str) -> bool {
        let mut owners = self.owners.lock().unwrap_or_else(|e| e.into_inner());
        if owners.contains_key(credential_id) {
            return false;
        }
        owners.insert(credential_id.to_owned(), user_id.to_owned());
        true
    }

    /// How many passkeys are registered, for all users.
    pub fn len(&self) -> usize {
        self.owners.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether no passkey is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[async_trait]
impl PasskeyDirectory for MemoryPasskeyDirectory {
    async fn credential_ids(&self, user_id: &str) -> Result<Vec<String>, BoxError> {
        let owners = self.owners.lock().unwrap_or_else(|e| e.into_inner());
        let mut ids: Vec<String> = owners
            .iter()
            .filter(|(_, owner)| *owner == user_id)
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        Ok(ids)
    }

    async fn credential_owner(&self, credential_id: &str) -> Result<Option<String>, BoxError> {
        let owners = self.owners.lock().unwrap_or_else(|e| e.into_inner());
        Ok(owners.get(credential_id).cloned())
    }
}
