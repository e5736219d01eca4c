//! The demo's users file (its format: README, "The demo").

use registration_campaign::admin::WhatIfRequest;
use registration_campaign::{AuthMethod, ConditionalAccessSignals, TenantId, UserType};
use serde::Deserialize;

/// A user of one organization: the same id in two tenants is two users.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserKey {
    pub tenant: TenantId,
    pub id: String,
}

/// `{"users": [...]}`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsersFile {
    pub users: Vec<DirectoryUser>,
}

/// One user of the demo directory.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DirectoryUser {
    pub id: String,
    pub user_principal_name: String,
    pub password: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub user_type: UserType,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub methods: Vec<AuthMethod>,
    #[serde(default)]
    pub conditional_access: ConditionalAccessSignals,
    /// The organization the user belongs to (default: the default tenant).
    #[serde(default)]
    pub tenant_id: TenantId,
    /// Where binding notices and reminders go (default: the user principal name).
    #[serde(default)]
    pub mail: Option<String>,
}

impl DirectoryUser {
    /// Who this user is, across tenants.
    pub fn key(&self) -> UserKey {
        UserKey {
            tenant: self.tenant_id.clone(),
            id: self.id.clone(),
        }
    }

    /// In the demo, users whose UPN starts with `admin@` may use the admin page.
    pub fn is_admin(&self) -> bool {
        self.user_principal_name.starts_with("admin@")
    }

    /// This user as a what-if describes them (the admin page's what-if looks users up here).
    pub fn what_if_request(&self) -> WhatIfRequest {
        WhatIfRequest {
            id: self.id.clone(),
            user_principal_name: Some(self.user_principal_name.clone()),
            display_name: Some(self.display_name.clone()),
            user_type: self.user_type,
            groups: self.groups.clone(),
            methods: self.methods.clone(),
            conditional_access: self.conditional_access,
            ..WhatIfRequest::default()
        }
    }
}
