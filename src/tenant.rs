//! Tenants: the organizations one campaign serves, each with its own policy, settings, users,
//! flows, devices, audit log and funnel counts.
//!
//! A host with one organization never names a tenant: everything lives in the
//! [default tenant](TenantId::default_tenant). A host serving many organizations (B2B SaaS,
//! Keycloak realms, Auth0 tenants) names the tenant of each sign-in in
//! [`SignInFacts::tenant`](crate::SignInFacts::tenant), tells the campaign which tenants exist
//! with a [`TenantDirectory`](crate::TenantDirectory), and scopes host calls with
//! [`Campaign::for_tenant`](crate::Campaign::for_tenant).

use std::fmt;
use std::sync::Arc;

/// The longest tenant id, in bytes.
pub const MAX_TENANT_ID_BYTES: usize = 64;

/// The id of the default tenant: where a single-organization host's data lives, and what an
/// admin token without a `tid` claim manages.
pub const DEFAULT_TENANT: &str = "default";

/// A tenant's id: 1 to 64 bytes of `A-Z a-z 0-9 - _ .` (a GUID, a realm name, a slug). Ids
/// are compared exactly, except GUIDs, which are kept in lower case.
///
/// ```
/// use registration_campaign::TenantId;
/// let fabrikam = TenantId::new("6f1c5f3e-8a52-4f0e-9d55-0e3f3d1c2b7a").unwrap();
/// assert!(fabrikam.is_guid());
/// assert!(TenantId::new("").is_err());
/// assert!(TenantId::new("a/b").is_err());
/// assert!(TenantId::default_tenant().is_default());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantId(Arc<str>);

/// Why a tenant id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TenantIdError {
    /// The id is empty.
    #[error("a tenant id cannot be empty")]
    Empty,
    /// The id is longer than [`MAX_TENANT_ID_BYTES`].
    #[error("a tenant id is at most {MAX_TENANT_ID_BYTES} bytes; this one has {0}")]
    TooLong(usize),
    /// The id holds a character outside `A-Z a-z 0-9 - _ .`.
    #[error("a tenant id holds only A-Z a-z 0-9 - _ . (found {0:?})")]
    BadCharacter(char),
    /// The host requires GUIDs ([`CampaignBuilder::require_guid_tenant_ids`](crate::CampaignBuilder::require_guid_tenant_ids)).
    #[error("tenant ids must be GUIDs on this campaign; {0:?} is not one")]
    NotAGuid(String),
    /// No tenant with this id is known to the campaign's [`TenantDirectory`](crate::TenantDirectory).
    #[error("no tenant {0:?} is known to this campaign")]
    Unknown(String),
}

impl TenantId {
    /// Checks and wraps a tenant id.
    pub fn new(id: &str) -> Result<Self, TenantIdError> {
        if id.is_empty() {
            return Err(TenantIdError::Empty);
        }
        if id.len() > MAX_TENANT_ID_BYTES {
            return Err(TenantIdError::TooLong(id.len()));
        }
        if let Some(bad) = id
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        {
            return Err(TenantIdError::BadCharacter(bad));
        }
        // A GUID names one tenant whatever its case (Entra writes them in lower case).
        if crate::policy::is_directory_object_id(id) {
            return Ok(Self(Arc::from(id.to_ascii_lowercase())));
        }
        Ok(Self(Arc::from(id)))
    }

    /// The default tenant ([`DEFAULT_TENANT`]).
    pub fn default_tenant() -> Self {
        Self(Arc::from(DEFAULT_TENANT))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is the default tenant.
    pub fn is_default(&self) -> bool {
        &*self.0 == DEFAULT_TENANT
    }

    /// Whether the id is a GUID (`8-4-4-4-12` hex digits).
    pub fn is_guid(&self) -> bool {
        crate::policy::is_directory_object_id(&self.0)
    }
}

impl Default for TenantId {
    fn default() -> Self {
        Self::default_tenant()
    }
}

impl fmt::Debug for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for TenantId {
    type Err = TenantIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl serde::Serialize for TenantId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for TenantId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::new(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        assert_eq!(TenantId::new(""), Err(TenantIdError::Empty));
        assert_eq!(
            TenantId::new(&"a".repeat(65)),
            Err(TenantIdError::TooLong(65))
        );
        assert!(TenantId::new(&"a".repeat(64)).is_ok());
        assert_eq!(
            TenantId::new("fabrikam corp"),
            Err(TenantIdError::BadCharacter(' '))
        );
        assert_eq!(
            TenantId::new("t\u{0}"),
            Err(TenantIdError::BadCharacter('\u{0}'))
        );
        assert!(TenantId::new("realm_1.eu-west").is_ok());
        assert!(
            TenantId::new("6F1C5F3E-8A52-4F0E-9D55-0E3F3D1C2B7A")
                .unwrap()
                .is_guid()
        );
        assert!(!TenantId::new("fabrikam").unwrap().is_guid());
        assert_eq!(
            TenantId::new("6F1C5F3E-8A52-4F0E-9D55-0E3F3D1C2B7A").unwrap(),
            TenantId::new("6f1c5f3e-8a52-4f0e-9d55-0e3f3d1c2b7a").unwrap()
        );
    }

    #[test]
    fn ids_read_from_json_are_checked() {
        assert!(serde_json::from_str::<TenantId>("\"contoso\"").is_ok());
        assert!(serde_json::from_str::<TenantId>("\"\"").is_err());
        assert!(serde_json::from_str::<TenantId>("7").is_err());
    }
}
