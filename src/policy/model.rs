//! Typed views of the parts of the policy that the campaign acts on.
//!
//! Names and spellings follow Microsoft Graph exactly; `as_graph` gives the wire spelling.

use std::fmt;

/// `advancedConfigState` of the registration campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CampaignState {
    /// `default`: "Microsoft managed". Here: enabled for users who did this MFA by text message
    /// or voice call.
    Default,
    /// `enabled`: every targeted user is nudged.
    Enabled,
    /// `disabled`: nobody is nudged.
    Disabled,
}

impl CampaignState {
    /// The Graph spelling (`default`, `enabled`, `disabled`).
    pub fn as_graph(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::Enabled => "enabled",
            Self::Disabled => "disabled",
        }
    }

    pub(crate) fn from_graph(s: &str) -> Option<Self> {
        match s {
            "default" => Some(Self::Default),
            "enabled" => Some(Self::Enabled),
            "disabled" => Some(Self::Disabled),
            _ => None,
        }
    }
}

/// `authenticationMethodTargetType`: what kind of directory object a target names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetType {
    /// `user`
    User,
    /// `group`
    Group,
}

impl TargetType {
    /// The Graph spelling.
    pub fn as_graph(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Group => "group",
        }
    }

    pub(crate) fn from_graph(s: &str) -> Option<Self> {
        match s {
            "user" => Some(Self::User),
            "group" => Some(Self::Group),
            _ => None,
        }
    }
}

/// The id of a target: a directory object id (a GUID, kept lower-case) or the special
/// `all_users` group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TargetId {
    /// `all_users` (only valid with `targetType: group`).
    AllUsers,
    /// A user or group object id, lower-case.
    Object(String),
}

impl fmt::Display for TargetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AllUsers => f.write_str("all_users"),
            Self::Object(id) => f.write_str(id),
        }
    }
}

/// A user or group the campaign (or a method configuration) includes or excludes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// The object id or `all_users`.
    pub id: TargetId,
    /// User or group.
    pub target_type: TargetType,
}

/// The authenticator a campaign asks users to register (`targetedAuthenticationMethod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetedMethod {
    /// `microsoftAuthenticator`: an authenticator app with push notifications.
    MicrosoftAuthenticator,
}

impl TargetedMethod {
    /// The Graph spelling.
    pub fn as_graph(self) -> &'static str {
        match self {
            Self::MicrosoftAuthenticator => "microsoftAuthenticator",
        }
    }
}

/// The `authenticationMethodsRegistrationCampaign` settings, validated and with defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationCampaign {
    /// `state`.
    pub state: CampaignState,
    /// `snoozeDurationInDays`, 0..=14; 0 means the user is nudged at every MFA.
    pub snooze_duration_in_days: u8,
    /// `enforceRegistrationAfterAllowedSnoozes`: three snoozes, then registration is required.
    pub enforce_registration_after_allowed_snoozes: bool,
    /// `includeTargets` with the method each asks for.
    pub include_targets: Vec<(Target, TargetedMethod)>,
    /// `excludeTargets`; an exclusion wins over any inclusion.
    pub exclude_targets: Vec<Target>,
}

impl RegistrationCampaign {
    /// The number of snoozes allowed before registration is required, when limited.
    pub const ALLOWED_SNOOZES: u32 = 3;
}

impl Default for RegistrationCampaign {
    /// Graph's defaults: state `default`, one day of snooze, limited snoozes, all users included.
    fn default() -> Self {
        Self {
            state: CampaignState::Default,
            snooze_duration_in_days: 1,
            enforce_registration_after_allowed_snoozes: true,
            include_targets: vec![(
                Target {
                    id: TargetId::AllUsers,
                    target_type: TargetType::Group,
                },
                TargetedMethod::MicrosoftAuthenticator,
            )],
            exclude_targets: Vec::new(),
        }
    }
}

/// `microsoftAuthenticatorAuthenticationMode`: what the app may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthenticationMode {
    /// `any`: push notifications and passwordless phone sign-in.
    Any,
    /// `push`: push notifications only.
    Push,
    /// `deviceBasedPush`: passwordless only; such users are not eligible for the nudge.
    DeviceBasedPush,
}

impl AuthenticationMode {
    /// The Graph spelling.
    pub fn as_graph(self) -> &'static str {
        match self {
            Self::Any => "any",
            Self::Push => "push",
            Self::DeviceBasedPush => "deviceBasedPush",
        }
    }

    pub(crate) fn from_graph(s: &str) -> Option<Self> {
        match s {
            "any" => Some(Self::Any),
            "push" => Some(Self::Push),
            "deviceBasedPush" => Some(Self::DeviceBasedPush),
            _ => None,
        }
    }
}

/// The Microsoft Authenticator method configuration, as far as the campaign needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatorConfiguration {
    /// `state` is `enabled`.
    pub enabled: bool,
    /// `includeTargets` with their `authenticationMode`.
    pub include_targets: Vec<(Target, AuthenticationMode)>,
    /// `excludeTargets`.
    pub exclude_targets: Vec<Target>,
}

impl Default for AuthenticatorConfiguration {
    /// Enabled for all users in mode `any`, as a new Entra tenant has it.
    fn default() -> Self {
        Self {
            enabled: true,
            include_targets: vec![(
                Target {
                    id: TargetId::AllUsers,
                    target_type: TargetType::Group,
                },
                AuthenticationMode::Any,
            )],
            exclude_targets: Vec::new(),
        }
    }
}
