//! The admin plane: a Graph-compatible policy API guarded by JWT bearer tokens, an audit log,
//! an admin page, the campaign report, and what-if.
//!
//! - [`graph_api`]: `GET`/`PATCH {prefix}/policies/authenticationMethodsPolicy`, the Microsoft
//!   Authenticator method configuration, `GET {prefix}/auditLogs/registrationCampaign`,
//!   `GET {prefix}/reports/registrationCampaign` (JSON, or CSV with `?$format=csv`) and
//!   `POST {prefix}/reports/registrationCampaign/whatIf`. See `docs/admin-api.md`.
//! - [`admin_page`]: the same, as an HTML page for people.
//! - [`AdminAuth`]: how bearer tokens are checked, and [`Principal`]'s Graph permission rules.

mod auth;
mod graph;
mod page;
pub(crate) mod report;
mod whatif;

pub use crate::campaign::audit::{Actor, AuditEntry};
pub use crate::campaign::policy_changes::{ChangeError, PolicyTarget};
pub use auth::{
    AUTHENTICATION_POLICY_ADMINISTRATOR, AdminAuth, AuthConfigError, DEFAULT_MAX_TOKEN_LIFETIME,
    GLOBAL_ADMINISTRATOR, GLOBAL_READER, MAX_LEEWAY_SECONDS, Principal, READ_ALL,
    READ_AUTHENTICATION_METHOD, READ_WRITE_AUTHENTICATION_METHOD, TokenError,
};
pub use graph::{BODY_LIMIT, graph_api};
pub use page::{AdminSession, Directory, DirectoryObject, admin_page};
pub use whatif::{WhatIfAnswer, WhatIfError, WhatIfRequest, WhatIfSignIn};
