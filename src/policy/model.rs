//! Typed views of the parts of the policy that the campaign acts on.
//!
//! Names and spellings follow Microsoft Graph exactly; `as_graph` gives the wire spelling, and
//! `Serialize` writes the same spelling (the policy's write-back is serialized from these views).

use std::fmt;

use serde::{Serialize, Serializer};

/// `advancedConfigState` of the registration campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
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
}

/// `authenticationMethodTargetType`: what kind of directory object a target names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
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

impl Serialize for TargetId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A user or group the campaign (or a method configuration) includes or excludes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// The object id or `all_users`.
    pub id: TargetId,
    /// User or group.
    pub target_type: TargetType,
}

impl Target {
    /// The `all_users` group.
    pub fn all_users() -> Self {
        Self {
            id: TargetId::AllUsers,
            target_type: TargetType::Group,
        }
    }
}

/// The authenticator a campaign asks users to register (`targetedAuthenticationMethod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TargetedMethod {
    /// `microsoftAuthenticator`: an authenticator app with push notifications.
    MicrosoftAuthenticator,
    /// `fido2`: a passkey (Graph's reference spells it `Fido2`; any case is read, `fido2` is
    /// written).
    Fido2,
}

impl TargetedMethod {
    /// The Graph spelling.
    pub fn as_graph(self) -> &'static str {
        match self {
            Self::MicrosoftAuthenticator => "microsoftAuthenticator",
            Self::Fido2 => "fido2",
        }
    }
}

/// The `authenticationMethodsRegistrationCampaign` settings, validated and with defaults applied.
///
/// Fields are in Graph's order; serializing gives the campaign object as Graph writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationCampaign {
    /// `snoozeDurationInDays`, 0..=14; 0 means the user is nudged at every MFA.
    pub snooze_duration_in_days: u8,
    /// `enforceRegistrationAfterAllowedSnoozes`: three snoozes, then registration is required.
    pub enforce_registration_after_allowed_snoozes: bool,
    /// `state`.
    pub state: CampaignState,
    /// `excludeTargets`; an exclusion wins over any inclusion.
    pub exclude_targets: Vec<Target>,
    /// `includeTargets` with the method each asks for.
    #[serde(serialize_with = "serialize_campaign_includes")]
    pub include_targets: Vec<(Target, TargetedMethod)>,
}

/// Writes each include target as `{id, targetType, targetedAuthenticationMethod}`.
fn serialize_campaign_includes<S: Serializer>(
    targets: &[(Target, TargetedMethod)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Include<'a> {
        #[serde(flatten)]
        target: &'a Target,
        targeted_authentication_method: TargetedMethod,
    }
    serializer.collect_seq(targets.iter().map(|(target, method)| Include {
        target,
        targeted_authentication_method: *method,
    }))
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
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
