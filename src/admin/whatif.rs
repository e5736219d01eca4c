//! What-if: the real engine's decision for a user described by an admin, with the user's
//! current snooze state from the store.

use serde::{Deserialize, Serialize};

use crate::campaign::Campaign;
use crate::decision::{Explanation, decide};
use crate::known_passkeys::{KnownPasskey, Platform};
use crate::sign_in::{AuthMethod, ClientKind, ConditionalAccessSignals, SignInFacts, UserType};
use crate::state::UserCampaignState;
use crate::store::StoreError;

/// A desktop browser, when the what-if does not name a client.
const DESKTOP_USER_AGENT: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/// A user in the demo's users-file format (README, "The demo"), plus an optional `signIn`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WhatIfRequest {
    /// The user's object id.
    pub id: String,
    /// Accepted and ignored.
    #[serde(default)]
    pub user_principal_name: Option<String>,
    /// Accepted and ignored (a users-file entry can be pasted as it is).
    #[serde(default)]
    pub password: Option<String>,
    /// Accepted and ignored.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Member or guest.
    #[serde(default)]
    pub user_type: UserType,
    /// Group object ids.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Registered methods.
    #[serde(default)]
    pub methods: Vec<AuthMethod>,
    /// Conditional Access signals.
    #[serde(default)]
    pub conditional_access: ConditionalAccessSignals,
    /// The passkeys the user has (a users-file entry's `passkeys`).
    #[serde(default)]
    pub passkeys: Vec<KnownPasskey>,
    /// The sign-in to evaluate.
    #[serde(default)]
    pub sign_in: Option<WhatIfSignIn>,
}

impl From<&crate::DirectoryUser> for WhatIfRequest {
    /// A user as the host's directory describes them.
    fn from(user: &crate::DirectoryUser) -> Self {
        Self {
            id: user.id.clone(),
            user_principal_name: user.sign_in_name.clone(),
            display_name: Some(user.display_name.clone()),
            user_type: user.user_type,
            groups: user.groups.clone(),
            methods: user.registered_methods.clone(),
            passkeys: user.passkeys.clone(),
            ..Self::default()
        }
    }
}

/// The sign-in part of a what-if.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WhatIfSignIn {
    /// The browser's `User-Agent` (default: a desktop browser).
    pub user_agent: Option<String>,
    /// The MFA method (default: the first `sms`/`voice`, else the first method).
    pub mfa_method: Option<AuthMethod>,
    /// Interactive MFA (default `true`; `false` = single sign-on).
    pub interactive: Option<bool>,
    /// Another method was registered in this session (default `false`).
    pub registered_method_this_session: Option<bool>,
}

/// The answer: the decision, its reason, and the state it was based on.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatIfAnswer {
    /// The decision's fields.
    #[serde(flatten)]
    pub explanation: Explanation,
    /// The user's campaign state from the store.
    pub state: UserCampaignState,
    /// The policy version it was decided with (0: Graph's defaults).
    pub policy_version: u64,
    /// For `alreadyRegistered` through the campaign: what the user registered (`push`,
    /// `totp`, `passkey`, or a host's method id); its time is `state.registeredAt`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_method: Option<String>,
    /// For `alreadyRegistered` by the directory: the first of the user's methods that the
    /// campaign accepts as the app it asks for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfied_by: Option<AuthMethod>,
}

impl WhatIfRequest {
    /// The sign-in facts this request describes. Fails when no MFA method can be told: no
    /// `signIn.mfaMethod` and no registered method.
    pub fn sign_in_facts(&self) -> Result<SignInFacts, String> {
        let sign_in = self.sign_in.clone().unwrap_or_default();
        let mfa_method = sign_in
            .mfa_method
            .or_else(|| AuthMethod::default_mfa_method(&self.methods))
            .ok_or_else(|| {
                format!(
                    "user {} has no methods and signIn.mfaMethod is not given: no MFA is possible",
                    self.id
                )
            })?;
        let user_agent = sign_in.user_agent.as_deref().unwrap_or(DESKTOP_USER_AGENT);
        Ok(SignInFacts {
            tenant: crate::tenant::TenantId::default_tenant(),
            user_id: self.id.clone(),
            user_type: self.user_type,
            groups: self.groups.clone(),
            registered_methods: self.methods.clone(),
            mfa_method,
            registered_method_this_session: sign_in.registered_method_this_session.unwrap_or(false),
            interactive: sign_in.interactive.unwrap_or(true),
            client: ClientKind::from_user_agent(Some(user_agent)),
            platform: Platform::from_user_agent(Some(user_agent)),
            passkeys: self.passkeys.clone(),
            conditional_access: self.conditional_access,
            locale: None,
            ui_locales: None,
        })
    }
}

/// Why a what-if could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum WhatIfError {
    /// The request does not describe a sign-in.
    #[error("{0}")]
    Invalid(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Campaign {
    /// Decides for a described user with the policy in force and their stored state. Nothing
    /// is recorded.
    pub async fn what_if(&self, request: &WhatIfRequest) -> Result<WhatIfAnswer, WhatIfError> {
        let mut facts = request.sign_in_facts().map_err(WhatIfError::Invalid)?;
        facts.tenant = self.tenant_id().clone();
        let policy = self.active_policy().await?;
        let state = self.store().user_state(&request.id).await?;
        let decision = decide(&policy.rules, &facts, &state, self.tenant(), self.now());
        let decision = self.with_admin_actions(&request.id, decision).await?;
        let explanation = decision.explain();
        // Say which registration made the user "already registered": the campaign's own (with
        // its method), else the directory's method the campaign accepts.
        let (registered_method, satisfied_by) = match explanation.reason {
            "alreadyRegistered" if state.registered_at.is_some() => {
                (self.registered_method(&request.id).await?, None)
            }
            "alreadyRegistered" => (
                None,
                facts
                    .registered_methods
                    .iter()
                    .copied()
                    .find(|&m| self.tenant().authenticator_apps.satisfied_by(m)),
            ),
            _ => (None, None),
        };
        Ok(WhatIfAnswer {
            explanation,
            state,
            policy_version: policy.version,
            registered_method,
            satisfied_by,
        })
    }
}
