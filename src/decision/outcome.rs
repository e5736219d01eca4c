//! What the decision says: pass through (and why), nudge, or require registration, with the
//! explanation the admin's what-if shows.

use std::fmt;

use time::OffsetDateTime;

use crate::policy::TargetedMethod;

/// Why a sign-in passes through without a nudge.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PassReason {
    /// The campaign is disabled.
    CampaignDisabled,
    /// The user or one of their groups is excluded.
    Excluded,
    /// The user is in no include target.
    NotTargeted,
    /// Microsoft managed: only sign-ins with text-message or voice MFA are nudged.
    NotTelephonyMfa,
    /// Microsoft Authenticator is not enabled for this user.
    AuthenticatorNotEnabled,
    /// Authenticator is enabled for this user only in passwordless mode.
    PasswordlessMode,
    /// The user already has Authenticator push notifications set up.
    AlreadyRegistered,
    /// The sign-in came from iOS or Android.
    MobileDevice,
    /// The sign-in came from an app, not a browser.
    NonBrowserClient,
    /// Single sign-on without an interactive MFA.
    SingleSignOn,
    /// The user registered another method in this session.
    RegisteredMethodThisSession,
    /// Conditional Access blocks security-info registration for this sign-in.
    RegistrationBlockedByConditionalAccess,
    /// A terms-of-use screen was shown in this sign-in.
    TermsOfUse,
    /// A Conditional Access custom control redirected this sign-in.
    CustomControl,
    /// Registration is required, but the tenant lets phones and non-browser clients through
    /// anyway ([`Enforcement::ClientExemptions`](crate::Enforcement)).
    ClientExemptionWhileRequired,
    /// A passkey campaign targets the user, but passkeys are not enabled for them (the Fido2
    /// configuration is off, excludes them, or gives them no passkey profile).
    NotEnabledForPasskeys,
    /// A passkey campaign does not nudge guests.
    GuestPasskey,
    /// The user already has a passkey that works from this browser.
    PasskeyAlreadyUsableHere,
    /// The user snoozed the nudge and the snooze has not run out.
    Snoozed {
        /// When the snooze ends.
        until: OffsetDateTime,
    },
    /// An admin exempted the user until then (a break-glass account, a user waiting for a
    /// company phone): not nudged, not required.
    Exempted {
        /// When the exemption ends.
        until: OffsetDateTime,
    },
    /// An admin extended the user's snooze until then: not nudged, not required.
    SnoozeExtended {
        /// When the extension ends.
        until: OffsetDateTime,
    },
}

impl PassReason {
    /// The machine-readable reason (`campaignDisabled`, `excluded`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            Self::CampaignDisabled => "campaignDisabled",
            Self::Excluded => "excluded",
            Self::NotTargeted => "notTargeted",
            Self::NotTelephonyMfa => "notTelephonyMfa",
            Self::AuthenticatorNotEnabled => "authenticatorNotEnabled",
            Self::PasswordlessMode => "passwordlessMode",
            Self::AlreadyRegistered => "alreadyRegistered",
            Self::MobileDevice => "mobileDevice",
            Self::NonBrowserClient => "nonBrowserClient",
            Self::SingleSignOn => "singleSignOn",
            Self::RegisteredMethodThisSession => "registeredMethodThisSession",
            Self::RegistrationBlockedByConditionalAccess => {
                "registrationBlockedByConditionalAccess"
            }
            Self::TermsOfUse => "termsOfUse",
            Self::CustomControl => "customControl",
            Self::ClientExemptionWhileRequired => "clientExemptionWhileRequired",
            Self::NotEnabledForPasskeys => "notEnabledForPasskeys",
            Self::GuestPasskey => "guestPasskey",
            Self::PasskeyAlreadyUsableHere => "passkeyAlreadyUsableHere",
            Self::Snoozed { .. } => "snoozed",
            Self::Exempted { .. } => "exempted",
            Self::SnoozeExtended { .. } => "snoozeExtended",
        }
    }
}

/// What to do after one MFA sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Let the sign-in continue untouched.
    PassThrough(PassReason),
    /// Show the setup prompt with a **Skip for now** button.
    Nudge {
        /// Skips the user has left, counting this one; `None` when unlimited.
        skips_left: Option<u32>,
        /// When a snooze taken now would end.
        snooze_until: OffsetDateTime,
        /// The number of snoozes allowed in all (`None`: unlimited), for recording this one:
        /// computed once, here, with the policy and plan in force.
        allowed_snoozes: Option<u32>,
        /// What the user is asked to register.
        method: TargetedMethod,
        /// When registration becomes required whatever the skips left (the campaign's or the
        /// user's group's deadline), for a countdown.
        deadline: Option<OffsetDateTime>,
    },
    /// Show the setup prompt without a skip.
    RequireRegistration {
        /// What the user must register.
        method: TargetedMethod,
        /// Why there is no skip.
        because: Required,
    },
}

/// Why registration is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Required {
    /// The user has used every allowed snooze.
    SnoozeLimitReached,
    /// The user's deadline (campaign-wide, or their group's) has passed.
    DeadlinePassed,
}

impl Decision {
    /// The machine-readable reason: the pass reason, `inScope` for a nudge, or
    /// `snoozeLimitReached` when registration is required.
    pub fn reason_code(&self) -> &'static str {
        match self {
            Self::PassThrough(reason) => reason.code(),
            Self::Nudge { .. } => "inScope",
            Self::RequireRegistration {
                because: Required::SnoozeLimitReached,
                ..
            } => "snoozeLimitReached",
            Self::RequireRegistration {
                because: Required::DeadlinePassed,
                ..
            } => "deadlinePassed",
        }
    }

    /// `passThrough`, `nudge` or `requireRegistration`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::PassThrough(_) => "passThrough",
            Self::Nudge { .. } => "nudge",
            Self::RequireRegistration { .. } => "requireRegistration",
        }
    }

    /// Whether the user is shown the campaign at all.
    pub fn shows_campaign(&self) -> bool {
        !matches!(self, Self::PassThrough(_))
    }

    /// What the user is asked to register, when the campaign is shown.
    pub fn method(&self) -> Option<TargetedMethod> {
        match self {
            Self::Nudge { method, .. } | Self::RequireRegistration { method, .. } => Some(*method),
            Self::PassThrough(_) => None,
        }
    }
}

/// A decision as JSON-friendly fields: what `campaign explain` prints and the what-if API returns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// `passThrough`, `nudge` or `requireRegistration`.
    pub decision: &'static str,
    /// The machine-readable reason.
    pub reason: &'static str,
    /// Skips left counting this nudge; 0 when required; `null` when unlimited or passing.
    pub skips_left: Option<u32>,
    /// For a nudge: when a skip taken now would end. For `snoozed`: when the snooze ends.
    #[serde(with = "time::serde::rfc3339::option")]
    pub snooze_until: Option<OffsetDateTime>,
    /// What the user is asked to register (`microsoftAuthenticator` or `fido2`), when the
    /// campaign is shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targeted_method: Option<&'static str>,
}

impl Decision {
    /// The decision as [`Explanation`] fields.
    pub fn explain(&self) -> Explanation {
        let (skips_left, snooze_until) = match self {
            Self::Nudge {
                skips_left,
                snooze_until,
                ..
            } => (*skips_left, Some(*snooze_until)),
            Self::RequireRegistration { .. } => (Some(0), None),
            Self::PassThrough(
                PassReason::Snoozed { until } | PassReason::SnoozeExtended { until },
            ) => (None, Some(*until)),
            Self::PassThrough(_) => (None, None),
        };
        Explanation {
            decision: self.kind(),
            reason: self.reason_code(),
            skips_left,
            snooze_until,
            targeted_method: self.method().map(TargetedMethod::as_graph),
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.kind(), self.reason_code())
    }
}
