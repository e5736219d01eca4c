//! The facts about one sign-in that the host hands to the campaign after MFA.

use crate::known_passkeys::{KnownPasskey, Platform};
use crate::tenant::TenantId;
use serde::{Deserialize, Serialize};

/// An authentication method a user has registered (the demo users file spelling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AuthMethod {
    /// A code by text message.
    Sms,
    /// A voice call.
    Voice,
    /// A one-time code by email.
    Email,
    /// A third-party authenticator app with TOTP codes.
    SoftwareOath,
    /// Microsoft Authenticator (or a compatible app) with push notifications.
    MicrosoftAuthenticatorPush,
    /// Microsoft Authenticator used only for TOTP codes.
    MicrosoftAuthenticatorOath,
    /// Microsoft Authenticator passwordless phone sign-in.
    MicrosoftAuthenticatorPasswordless,
    /// A FIDO2 security key or passkey.
    Fido2,
}

impl AuthMethod {
    /// The users-file spelling (`sms`, `microsoftAuthenticatorPush`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sms => "sms",
            Self::Voice => "voice",
            Self::Email => "email",
            Self::SoftwareOath => "softwareOath",
            Self::MicrosoftAuthenticatorPush => "microsoftAuthenticatorPush",
            Self::MicrosoftAuthenticatorOath => "microsoftAuthenticatorOath",
            Self::MicrosoftAuthenticatorPasswordless => "microsoftAuthenticatorPasswordless",
            Self::Fido2 => "fido2",
        }
    }

    /// Telephony methods: the ones a "Microsoft managed" campaign moves users away from.
    pub fn is_telephony(self) -> bool {
        matches!(self, Self::Sms | Self::Voice)
    }

    /// Methods that already give the user Authenticator push notifications.
    pub fn provides_authenticator_push(self) -> bool {
        matches!(
            self,
            Self::MicrosoftAuthenticatorPush | Self::MicrosoftAuthenticatorPasswordless
        )
    }

    /// The method a host would use for the MFA of a user with these methods when it does not say:
    /// the first text message or voice method, else the first method.
    pub fn default_mfa_method(methods: &[AuthMethod]) -> Option<AuthMethod> {
        methods
            .iter()
            .copied()
            .find(|m| m.is_telephony())
            .or_else(|| methods.first().copied())
    }
}

/// Member or guest (B2B) user. Guests are nudged when they are in scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UserType {
    /// A member of the tenant.
    #[default]
    Member,
    /// A guest from another organization.
    Guest,
}

/// What kind of client the sign-in came from, as far as the campaign cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKind {
    /// A browser on a desktop operating system: the only place the nudge appears.
    DesktopBrowser,
    /// Any client on iOS, iPadOS or Android (browser, embedded view or app).
    Mobile,
    /// Not a browser: a native app, a command-line tool, an API client.
    NonBrowser,
}

impl ClientKind {
    /// Classifies a `User-Agent` header. A missing or empty header is not a browser.
    ///
    /// ```
    /// use registration_campaign::ClientKind;
    /// let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    /// assert_eq!(ClientKind::from_user_agent(Some(chrome)), ClientKind::DesktopBrowser);
    /// let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    /// assert_eq!(ClientKind::from_user_agent(Some(iphone)), ClientKind::Mobile);
    /// assert_eq!(ClientKind::from_user_agent(Some("curl/8.5.0")), ClientKind::NonBrowser);
    /// ```
    pub fn from_user_agent(user_agent: Option<&str>) -> Self {
        let Some(ua) = user_agent.map(str::trim).filter(|ua| !ua.is_empty()) else {
            return Self::NonBrowser;
        };
        const MOBILE_MARKERS: &[&str] = &["Android", "iPhone", "iPad", "iPod", "CriOS", "FxiOS"];
        if MOBILE_MARKERS.iter().any(|m| ua.contains(m)) {
            return Self::Mobile;
        }
        // iPadOS 13+ asks for desktop sites and says "Macintosh"; Safari there still carries
        // "Mobile/" in its token list, desktop Safari does not.
        if ua.contains("Macintosh") && ua.contains("Mobile/") {
            return Self::Mobile;
        }
        if ua.starts_with("Mozilla/") {
            Self::DesktopBrowser
        } else {
            Self::NonBrowser
        }
    }
}

/// What Conditional Access did during this sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ConditionalAccessSignals {
    /// A policy blocks access to "Register security information" for this sign-in.
    pub registration_blocked: bool,
    /// A terms-of-use screen was shown during this sign-in.
    pub terms_of_use: bool,
    /// A custom control redirected the user during this sign-in.
    pub custom_control: bool,
}

/// Everything the decision needs to know about one completed MFA sign-in.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInFacts {
    /// The organization the user signed in to: whose policy, settings and user state apply
    /// (the [default tenant](TenantId::default_tenant) unless the host serves several). The
    /// campaign must know it (see [`CampaignBuilder::tenant`](crate::CampaignBuilder::tenant)),
    /// else the sign-in passes through and the host's log says why.
    pub tenant: TenantId,
    /// The user's object id (a GUID to be targetable by user; compared case-insensitively).
    pub user_id: String,
    /// Member or guest.
    pub user_type: UserType,
    /// Object ids of the groups the user belongs to (transitively).
    pub groups: Vec<String>,
    /// Methods the user has registered.
    pub registered_methods: Vec<AuthMethod>,
    /// The method used for this MFA.
    pub mfa_method: AuthMethod,
    /// The user registered another method earlier in this same sign-in session.
    pub registered_method_this_session: bool,
    /// MFA was performed interactively now; `false` for a single sign-on that reused an earlier
    /// MFA.
    pub interactive: bool,
    /// The client the sign-in came from.
    pub client: ClientKind,
    /// The operating system of the browser the sign-in came from (set by the layer from the
    /// `User-Agent`).
    pub platform: Platform,
    /// The passkeys the user already has, as the host knows them: a passkey campaign does not
    /// nudge a user who has one usable from this browser.
    pub passkeys: Vec<KnownPasskey>,
    /// Conditional Access signals for this sign-in.
    pub conditional_access: ConditionalAccessSignals,
    /// The language the host chose for this user (a saved preference, a BCP 47 tag such as
    /// `de` or `pt-BR`): the setup pages are shown in it when it is available, whatever the
    /// browser asks for.
    pub locale: Option<String>,
    /// The sign-in's `ui_locales` hint (OpenID Connect: space-separated tags, preferred
    /// first), carried by the host: counts after [`locale`](Self::locale) and before the
    /// browser's `Accept-Language`.
    pub ui_locales: Option<String>,
}

impl SignInFacts {
    /// Facts for an interactive desktop-browser sign-in of a member with no Conditional Access
    /// interruptions; adjust the public fields for anything else.
    pub fn new(user_id: impl Into<String>, mfa_method: AuthMethod) -> Self {
        Self {
            tenant: TenantId::default_tenant(),
            user_id: user_id.into(),
            user_type: UserType::Member,
            groups: Vec::new(),
            registered_methods: vec![mfa_method],
            mfa_method,
            registered_method_this_session: false,
            interactive: true,
            client: ClientKind::DesktopBrowser,
            platform: Platform::Other,
            passkeys: Vec::new(),
            conditional_access: ConditionalAccessSignals::default(),
            locale: None,
            ui_locales: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn android_and_ios_are_mobile_including_embedded_views() {
        for ua in [
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 14; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0 Mobile Safari/537.36",
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        ] {
            assert_eq!(
                ClientKind::from_user_agent(Some(ua)),
                ClientKind::Mobile,
                "{ua}"
            );
        }
    }

    #[test]
    fn desktop_safari_and_firefox_are_desktop_browsers() {
        for ua in [
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        ] {
            assert_eq!(
                ClientKind::from_user_agent(Some(ua)),
                ClientKind::DesktopBrowser
            );
        }
    }

    #[test]
    fn missing_or_tool_user_agents_are_not_browsers() {
        assert_eq!(ClientKind::from_user_agent(None), ClientKind::NonBrowser);
        assert_eq!(
            ClientKind::from_user_agent(Some("  ")),
            ClientKind::NonBrowser
        );
        assert_eq!(
            ClientKind::from_user_agent(Some("MSAL.NET/4.61 (Windows)")),
            ClientKind::NonBrowser
        );
    }

    #[test]
    fn default_mfa_method_prefers_telephony() {
        use AuthMethod::*;
        assert_eq!(
            AuthMethod::default_mfa_method(&[SoftwareOath, Voice, Sms]),
            Some(Voice)
        );
        assert_eq!(
            AuthMethod::default_mfa_method(&[Email, SoftwareOath]),
            Some(Email)
        );
        assert_eq!(AuthMethod::default_mfa_method(&[]), None);
    }
}
