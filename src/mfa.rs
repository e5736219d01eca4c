//! The marker a host puts on its MFA-completion response.

use crate::directory::DirectoryUser;
use crate::known_passkeys::Platform;
use crate::sign_in::{AuthMethod, ClientKind, ConditionalAccessSignals, SignInFacts};
use crate::tenant::TenantId;

/// Put this in the extensions of the response that completes MFA (usually a redirect to the
/// app). The campaign layer sees it, asks the host's [`UserDirectory`](crate::UserDirectory) for
/// the user, decides, and either lets that response through untouched or sends the user into
/// the setup flow, returning them to the response's `Location` afterwards.
///
/// It carries only what belongs to this one sign-in: the tenant, the user id, the MFA method,
/// and how the sign-in went. The layer adds the client (from the request's `User-Agent`).
///
/// ```
/// use registration_campaign::{AuthMethod, MfaCompleted};
/// let mut response = http::Response::builder()
///     .status(303)
///     .header("location", "/")
///     .body(())
///     .unwrap();
/// let mfa = MfaCompleted::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Email);
/// response.extensions_mut().insert(mfa);
/// ```
#[non_exhaustive]
#[derive(Debug, Clone)]
pub struct MfaCompleted {
    /// The organization the user signed in to (the [default tenant](TenantId::default_tenant)
    /// unless the host serves several).
    pub tenant: TenantId,
    /// The user's id in that tenant.
    pub user_id: String,
    /// The method used for this MFA.
    pub mfa_method: AuthMethod,
    /// MFA was performed interactively now; `false` for a single sign-on that reused an
    /// earlier MFA (never nudged).
    pub interactive: bool,
    /// The user registered another method earlier in this same sign-in session.
    pub registered_method_this_session: bool,
    /// Conditional Access signals for this sign-in.
    pub conditional_access: ConditionalAccessSignals,
    /// The sign-in's `ui_locales` hint (OpenID Connect: space-separated tags, preferred
    /// first): counts after the user's own language and before the browser's.
    pub ui_locales: Option<String>,
    /// Identifies this MFA attempt; snoozes are counted once per attempt. A random id is used
    /// when the host has none.
    pub attempt_id: String,
    /// The user as the host already has them, instead of asking its directory.
    pub(crate) user: Option<DirectoryUser>,
    /// Set by the layer from the request.
    pub(crate) client: ClientKind,
    /// Set by the layer from the request.
    pub(crate) platform: Platform,
}

impl MfaCompleted {
    /// `user_id` of the default tenant completed an interactive MFA with `mfa_method`.
    pub fn new(user_id: impl Into<String>, mfa_method: AuthMethod) -> Self {
        Self {
            tenant: TenantId::default_tenant(),
            user_id: user_id.into(),
            mfa_method,
            interactive: true,
            registered_method_this_session: false,
            conditional_access: ConditionalAccessSignals::default(),
            ui_locales: None,
            attempt_id: uuid::Uuid::new_v4().to_string(),
            user: None,
            client: ClientKind::DesktopBrowser,
            platform: Platform::Other,
        }
    }

    /// The sign-in was to `tenant`.
    pub fn in_tenant(mut self, tenant: TenantId) -> Self {
        self.tenant = tenant;
        self
    }

    /// Whether MFA was performed interactively now (default `true`).
    pub fn interactive(mut self, interactive: bool) -> Self {
        self.interactive = interactive;
        self
    }

    /// The user registered another method earlier in this sign-in session.
    pub fn registered_method_this_session(mut self) -> Self {
        self.registered_method_this_session = true;
        self
    }

    /// What Conditional Access did during this sign-in.
    pub fn with_conditional_access(mut self, signals: ConditionalAccessSignals) -> Self {
        self.conditional_access = signals;
        self
    }

    /// The sign-in's `ui_locales` hint.
    pub fn with_ui_locales(mut self, ui_locales: impl Into<String>) -> Self {
        self.ui_locales = Some(ui_locales.into());
        self
    }

    /// Uses the host's own id for this MFA attempt.
    pub fn with_attempt_id(mut self, attempt_id: impl Into<String>) -> Self {
        self.attempt_id = attempt_id.into();
        self
    }

    /// The user as the host already has them: the layer then does not ask the directory.
    ///
    /// ```
    /// use registration_campaign::{AuthMethod, DirectoryUser, MfaCompleted};
    /// let alice = DirectoryUser::new("a11ce", "Alice").with_methods([AuthMethod::Sms]);
    /// let mfa = MfaCompleted::new("a11ce", AuthMethod::Sms).with_user(alice);
    /// # let _ = mfa;
    /// ```
    pub fn with_user(mut self, user: DirectoryUser) -> Self {
        self.user = Some(user);
        self
    }

    /// The decision's facts for this sign-in by `user`.
    pub(crate) fn facts(&self, user: &DirectoryUser) -> SignInFacts {
        let mut facts = SignInFacts::new(self.user_id.clone(), self.mfa_method);
        facts.tenant = self.tenant.clone();
        facts.user_type = user.user_type;
        facts.groups.clone_from(&user.groups);
        facts
            .registered_methods
            .clone_from(&user.registered_methods);
        if !facts.registered_methods.contains(&self.mfa_method) {
            // The method the user just used is one they have.
            facts.registered_methods.push(self.mfa_method);
        }
        facts.passkeys.clone_from(&user.passkeys);
        facts.locale.clone_from(&user.locale);
        facts.ui_locales.clone_from(&self.ui_locales);
        facts.registered_method_this_session = self.registered_method_this_session;
        facts.interactive = self.interactive;
        facts.client = self.client;
        facts.platform = self.platform;
        facts.conditional_access = self.conditional_access;
        facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign_in::UserType;

    #[test]
    fn the_facts_join_the_sign_in_and_the_directory_user() {
        let tenant = TenantId::new("fabrikam").unwrap();
        let user = DirectoryUser::new("u1", "Uma")
            .with_methods([AuthMethod::Email])
            .with_groups(["g1"])
            .with_user_type(UserType::Guest)
            .with_locale("de");
        let mfa = MfaCompleted::new("u1", AuthMethod::Sms)
            .in_tenant(tenant.clone())
            .interactive(false)
            .with_ui_locales("fr");
        let facts = mfa.facts(&user);
        assert_eq!(facts.tenant, tenant);
        assert_eq!(facts.user_type, UserType::Guest);
        assert_eq!(facts.groups, ["g1"]);
        assert_eq!(
            facts.registered_methods,
            [AuthMethod::Email, AuthMethod::Sms],
            "the MFA method used counts as registered"
        );
        assert!(!facts.interactive);
        assert_eq!(facts.locale.as_deref(), Some("de"));
        assert_eq!(facts.ui_locales.as_deref(), Some("fr"));
    }
}
