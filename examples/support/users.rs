//! The demo's users file (DESIGN.md section 3), shared by the `demo` and `campaign` examples.

use registration_campaign::{
    AuthMethod, ClientKind, ConditionalAccessSignals, SignInFacts, UserType,
};
use serde::Deserialize;

/// A desktop Chrome user agent, used when a sign-in does not say which client it came from.
pub const DESKTOP_BROWSER_USER_AGENT: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/// `{"users": [...]}`
#[allow(dead_code)] // read by the demo only
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsersFile {
    pub users: Vec<DirectoryUser>,
}

/// One user of the demo directory.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)] // each example reads the fields it needs
pub struct DirectoryUser {
    pub id: String,
    #[serde(default)]
    pub user_principal_name: String,
    #[serde(default)]
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
    /// Only in `campaign explain`'s USER.json: the sign-in to explain.
    #[serde(default)]
    pub sign_in: Option<SignIn>,
}

/// The optional `signIn` object of USER.json.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignIn {
    pub user_agent: Option<String>,
    pub mfa_method: Option<AuthMethod>,
    pub interactive: Option<bool>,
    pub registered_method_this_session: Option<bool>,
}

impl DirectoryUser {
    /// The facts of a sign-in by this user: `sign_in` fills in what the directory does not know.
    pub fn sign_in_facts(&self, sign_in: &SignIn) -> Result<SignInFacts, String> {
        let mfa_method = sign_in
            .mfa_method
            .or_else(|| AuthMethod::default_mfa_method(&self.methods))
            .ok_or_else(|| {
                format!(
                    "user {} has no methods and signIn.mfaMethod is not given: no MFA is possible",
                    self.id
                )
            })?;
        let user_agent = sign_in
            .user_agent
            .as_deref()
            .unwrap_or(DESKTOP_BROWSER_USER_AGENT);
        Ok(SignInFacts {
            user_id: self.id.clone(),
            user_type: self.user_type,
            groups: self.groups.clone(),
            registered_methods: self.methods.clone(),
            mfa_method,
            registered_method_this_session: sign_in.registered_method_this_session.unwrap_or(false),
            interactive: sign_in.interactive.unwrap_or(true),
            client: ClientKind::from_user_agent(Some(user_agent)),
            conditional_access: self.conditional_access,
        })
    }
}
