//! Which tenants exist: the host's [`TenantDirectory`], or a fixed [`TenantList`].

use std::collections::HashMap;
use std::fmt;

use crate::state::TenantSettings;
use crate::tenant::TenantId;

/// Which tenants exist, and each one's settings (its plan caps snoozes on free and trial
/// tenants). The campaign asks it at every sign-in and admin request that names a tenant, so
/// it must answer from memory.
///
/// The default tenant always exists, with the builder's
/// [`tenant_plan`](crate::CampaignBuilder::tenant_plan); a directory is only asked about the
/// others.
///
/// ```
/// use registration_campaign::{TenantDirectory, TenantId, TenantSettings};
/// #[derive(Debug)]
/// struct Realms;
/// impl TenantDirectory for Realms {
///     fn tenant(&self, id: &TenantId) -> Option<TenantSettings> {
///         id.as_str().starts_with("realm-").then(TenantSettings::default)
///     }
/// }
/// ```
pub trait TenantDirectory: fmt::Debug + Send + Sync + 'static {
    /// The tenant's settings, or `None` for a tenant the host does not know.
    fn tenant(&self, id: &TenantId) -> Option<TenantSettings>;

    /// Every tenant besides the default one, for the background work that visits each tenant
    /// (reminders, and the outbox's retries). The default lists none: only the default tenant
    /// is visited, and a binding notice of another tenant is still sent when it is written.
    fn tenant_ids(&self) -> Vec<TenantId> {
        Vec::new()
    }
}

/// A fixed list of tenants, for [`CampaignBuilder::tenant`](crate::CampaignBuilder::tenant).
#[derive(Debug, Default, Clone)]
pub struct TenantList {
    tenants: HashMap<TenantId, TenantSettings>,
}

impl TenantList {
    /// Adds (or replaces) a tenant.
    pub fn insert(&mut self, id: TenantId, settings: TenantSettings) {
        self.tenants.insert(id, settings);
    }

    /// How many tenants the list holds.
    pub fn len(&self) -> usize {
        self.tenants.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.tenants.is_empty()
    }
}

impl TenantDirectory for TenantList {
    fn tenant(&self, id: &TenantId) -> Option<TenantSettings> {
        self.tenants.get(id).copied()
    }

    fn tenant_ids(&self) -> Vec<TenantId> {
        let mut ids: Vec<TenantId> = self.tenants.keys().cloned().collect();
        ids.sort();
        ids
    }
}
