//! The policy compiled for fast lookups: one hash probe per user or group id.

use std::collections::HashMap;
use std::fmt;

use time::Duration;

use crate::settings::{CampaignSettings, GroupRule};

use crate::policy::{
    AuthenticationMethodsPolicy, AuthenticationMode, CampaignState, Target, TargetId, TargetType,
    TargetedMethod,
};

// One bit per (list, target type); an id can sit in several lists at once.
const CAMPAIGN_INCLUDE_USER: u16 = 1 << 0;
const CAMPAIGN_INCLUDE_GROUP: u16 = 1 << 1;
const CAMPAIGN_EXCLUDE_USER: u16 = 1 << 2;
const CAMPAIGN_EXCLUDE_GROUP: u16 = 1 << 3;
const AUTHENTICATOR_PUSH_USER: u16 = 1 << 4;
const AUTHENTICATOR_PUSH_GROUP: u16 = 1 << 5;
const AUTHENTICATOR_PASSWORDLESS_USER: u16 = 1 << 6;
const AUTHENTICATOR_PASSWORDLESS_GROUP: u16 = 1 << 7;
const AUTHENTICATOR_EXCLUDE_USER: u16 = 1 << 8;
const AUTHENTICATOR_EXCLUDE_GROUP: u16 = 1 << 9;
const CAMPAIGN_PASSKEY_USER: u16 = 1 << 10;
const CAMPAIGN_PASSKEY_GROUP: u16 = 1 << 11;
const FIDO2_INCLUDE_USER: u16 = 1 << 12;
const FIDO2_INCLUDE_GROUP: u16 = 1 << 13;
const FIDO2_EXCLUDE_USER: u16 = 1 << 14;
const FIDO2_EXCLUDE_GROUP: u16 = 1 << 15;

const USER_BITS: u16 = CAMPAIGN_INCLUDE_USER
    | CAMPAIGN_EXCLUDE_USER
    | AUTHENTICATOR_PUSH_USER
    | AUTHENTICATOR_PASSWORDLESS_USER
    | AUTHENTICATOR_EXCLUDE_USER
    | CAMPAIGN_PASSKEY_USER
    | FIDO2_INCLUDE_USER
    | FIDO2_EXCLUDE_USER;
const GROUP_BITS: u16 = CAMPAIGN_INCLUDE_GROUP
    | CAMPAIGN_EXCLUDE_GROUP
    | AUTHENTICATOR_PUSH_GROUP
    | AUTHENTICATOR_PASSWORDLESS_GROUP
    | AUTHENTICATOR_EXCLUDE_GROUP
    | CAMPAIGN_PASSKEY_GROUP
    | FIDO2_INCLUDE_GROUP
    | FIDO2_EXCLUDE_GROUP;

/// Where a user stands in the policy's include and exclude lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Membership {
    pub campaign_included: bool,
    pub campaign_excluded: bool,
    /// Authenticator enabled for the user with mode `any` or `push`.
    pub authenticator_push: bool,
    /// Authenticator enabled for the user only with mode `deviceBasedPush`.
    pub authenticator_passwordless: bool,
    pub authenticator_excluded: bool,
    /// In a campaign include target that asks for a passkey (`fido2`).
    pub campaign_passkey: bool,
    /// In the Fido2 configuration's include targets (with at least one passkey profile).
    pub fido2_included: bool,
    pub fido2_excluded: bool,
}

/// A policy prepared for [`decide`](super::decide): the settings it needs and a hash index of
/// every targeted id. Build it once per policy version; it is cheap to share behind an `Arc`.
#[derive(Clone)]
pub struct CampaignRules {
    pub(crate) state: CampaignState,
    pub(crate) snooze: Duration,
    pub(crate) enforce_after_allowed_snoozes: bool,
    pub(crate) authenticator_enabled: bool,
    pub(crate) fido2_enabled: bool,
    /// The campaign-wide deadline (settings beyond Graph).
    pub(crate) deadline: Option<time::OffsetDateTime>,
    /// Group rules in their order, and each group's first rule.
    group_rules: Vec<GroupRule>,
    group_rule_index: HashMap<Box<str>, usize, foldhash::fast::FixedState>,
    /// Bits that apply to everyone through `all_users`.
    all_users: u16,
    index: HashMap<Box<str>, u16, foldhash::fast::FixedState>,
}

impl fmt::Debug for CampaignRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CampaignRules")
            .field("state", &self.state)
            .field("snooze", &self.snooze)
            .field(
                "enforce_after_allowed_snoozes",
                &self.enforce_after_allowed_snoozes,
            )
            .field("authenticator_enabled", &self.authenticator_enabled)
            .field("fido2_enabled", &self.fido2_enabled)
            .field("targeted_ids", &self.index.len())
            .finish()
    }
}

impl CampaignRules {
    /// Compiles a validated policy.
    pub fn new(policy: &AuthenticationMethodsPolicy) -> Self {
        let campaign = policy.campaign();
        let authenticator = policy.authenticator();
        let fido2 = policy.fido2();
        let mut rules = Self {
            state: campaign.state,
            snooze: Duration::days(i64::from(campaign.snooze_duration_in_days)),
            enforce_after_allowed_snoozes: campaign.enforce_registration_after_allowed_snoozes,
            authenticator_enabled: authenticator.enabled,
            fido2_enabled: fido2.enabled,
            deadline: None,
            group_rules: Vec::new(),
            group_rule_index: HashMap::default(),
            all_users: 0,
            index: HashMap::default(),
        };
        for (target, method) in &campaign.include_targets {
            rules.add(target, CAMPAIGN_INCLUDE_USER, CAMPAIGN_INCLUDE_GROUP);
            if *method == TargetedMethod::Fido2 {
                rules.add(target, CAMPAIGN_PASSKEY_USER, CAMPAIGN_PASSKEY_GROUP);
            }
        }
        for (target, allowed) in &fido2.include_targets {
            // A target whose profiles do not exist (a profile list emptied by a PATCH) lets
            // its users use no passkey.
            if !fido2.profiles_named(allowed).is_empty() {
                rules.add(target, FIDO2_INCLUDE_USER, FIDO2_INCLUDE_GROUP);
            }
        }
        for target in &fido2.exclude_targets {
            rules.add(target, FIDO2_EXCLUDE_USER, FIDO2_EXCLUDE_GROUP);
        }
        for target in &campaign.exclude_targets {
            rules.add(target, CAMPAIGN_EXCLUDE_USER, CAMPAIGN_EXCLUDE_GROUP);
        }
        for (target, mode) in &authenticator.include_targets {
            match mode {
                AuthenticationMode::Any | AuthenticationMode::Push => {
                    rules.add(target, AUTHENTICATOR_PUSH_USER, AUTHENTICATOR_PUSH_GROUP)
                }
                AuthenticationMode::DeviceBasedPush => rules.add(
                    target,
                    AUTHENTICATOR_PASSWORDLESS_USER,
                    AUTHENTICATOR_PASSWORDLESS_GROUP,
                ),
            }
        }
        for target in &authenticator.exclude_targets {
            rules.add(
                target,
                AUTHENTICATOR_EXCLUDE_USER,
                AUTHENTICATOR_EXCLUDE_GROUP,
            );
        }
        rules
    }

    /// Adds the campaign settings beyond Graph: the deadline and the group rules.
    pub fn with_settings(mut self, settings: &CampaignSettings) -> Self {
        self.deadline = settings.deadline;
        self.group_rules = settings.group_rules.clone();
        self.group_rule_index = HashMap::default();
        for (i, rule) in self.group_rules.iter().enumerate() {
            self.group_rule_index
                .entry(rule.group_id.as_str().into())
                .or_insert(i);
        }
        self
    }

    /// The first group rule (in the settings' order) for one of `groups`.
    pub(crate) fn group_rule<'a>(
        &self,
        groups: impl IntoIterator<Item = &'a String>,
    ) -> Option<&GroupRule> {
        if self.group_rules.is_empty() {
            return None;
        }
        groups
            .into_iter()
            .filter_map(|g| lookup(&self.group_rule_index, g))
            .min()
            .and_then(|i| self.group_rules.get(i))
    }

    /// The deadline of a member of `groups`: their group rule's, else the campaign's (as
    /// `decide` reads it), so a flow can say which deadline passed.
    pub(crate) fn deadline_for<'a>(
        &self,
        groups: impl IntoIterator<Item = &'a String>,
    ) -> Option<time::OffsetDateTime> {
        self.group_rule(groups)
            .and_then(|rule| rule.deadline)
            .or(self.deadline)
    }

    fn add(&mut self, target: &Target, user_bit: u16, group_bit: u16) {
        let bit = match target.target_type {
            TargetType::User => user_bit,
            TargetType::Group => group_bit,
        };
        match &target.id {
            TargetId::AllUsers => self.all_users |= bit,
            TargetId::Object(id) => *self.index.entry(id.as_str().into()).or_default() |= bit,
        }
    }

    fn bits(&self, id: &str) -> u16 {
        lookup(&self.index, id).unwrap_or(0)
    }

    /// Looks up the user and each of their groups once.
    pub(crate) fn membership<'a>(
        &self,
        user_id: &str,
        groups: impl IntoIterator<Item = &'a String>,
    ) -> Membership {
        let mut bits = self.all_users | (self.bits(user_id) & USER_BITS);
        for group in groups {
            bits |= self.bits(group) & GROUP_BITS;
        }
        let any = |mask: u16| bits & mask != 0;
        Membership {
            campaign_included: any(CAMPAIGN_INCLUDE_USER | CAMPAIGN_INCLUDE_GROUP),
            campaign_excluded: any(CAMPAIGN_EXCLUDE_USER | CAMPAIGN_EXCLUDE_GROUP),
            authenticator_push: any(AUTHENTICATOR_PUSH_USER | AUTHENTICATOR_PUSH_GROUP),
            authenticator_passwordless: any(
                AUTHENTICATOR_PASSWORDLESS_USER | AUTHENTICATOR_PASSWORDLESS_GROUP
            ),
            authenticator_excluded: any(AUTHENTICATOR_EXCLUDE_USER | AUTHENTICATOR_EXCLUDE_GROUP),
            campaign_passkey: any(CAMPAIGN_PASSKEY_USER | CAMPAIGN_PASSKEY_GROUP),
            fido2_included: any(FIDO2_INCLUDE_USER | FIDO2_INCLUDE_GROUP),
            fido2_excluded: any(FIDO2_EXCLUDE_USER | FIDO2_EXCLUDE_GROUP),
        }
    }
}

/// The value for an object id in an index of lower-case ids. A fold without early exit
/// vectorizes: checking for capitals costs a few nanoseconds, and the lower-case copy is made
/// only for ids that do have capitals.
fn lookup<T: Copy>(
    index: &HashMap<Box<str>, T, foldhash::fast::FixedState>,
    id: &str,
) -> Option<T> {
    let has_upper = id
        .bytes()
        .fold(false, |acc, b| acc | b.is_ascii_uppercase());
    let found = if has_upper {
        index.get(id.to_ascii_lowercase().as_str())
    } else {
        index.get(id)
    };
    found.copied()
}
