//! The policy compiled for fast lookups: one hash probe per user or group id.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

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
    group_rule_index: IdIndex<usize>,
    /// Bits that apply to everyone through `all_users`.
    all_users: u16,
    index: IdIndex<u16>,
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
            group_rule_index: IdIndex::default(),
            all_users: 0,
            index: IdIndex::default(),
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
        self.group_rule_index = IdIndex::default();
        for (i, rule) in self.group_rules.iter().enumerate() {
            // The first rule for a group wins.
            if self.group_rule_index.get(&rule.group_id).is_none() {
                *self.group_rule_index.entry(&rule.group_id) = i;
            }
        }
        self
    }

    /// Whether any group rule is set (without one, a user's groups change nothing of how they
    /// are nudged).
    pub(crate) fn has_group_rules(&self) -> bool {
        !self.group_rules.is_empty()
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
            .filter_map(|g| self.group_rule_index.get(g))
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
            TargetId::Object(id) => *self.index.entry(id) |= bit,
        }
    }

    fn bits(&self, id: &str) -> u16 {
        self.index.get(id).unwrap_or(0)
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

/// Object ids (stored in lower case) and a value for each, looked up ignoring ASCII case, as
/// Entra compares object ids.
///
/// A decision looks up the user and every group of theirs (50 groups: 51 lookups, nearly all of
/// them misses), so a lookup must cost a few nanoseconds. Instead of hashing all 36 bytes of a
/// GUID (after a scan for capitals), the primary table is keyed by a 64-bit fingerprint of its
/// first and last 8 bytes with ASCII case folded (`| 0x20`), which for GUIDs carry 64 random
/// bits: a miss costs two loads, a multiply and one probe, and a hit is confirmed against the
/// whole id. Ids whose fingerprint is already taken by another id (rare by chance; possible on
/// purpose) go to an overflow table keyed by the whole lower-case id, consulted only when a
/// fingerprint matches an id that is not the one looked up, so a crafted policy can make some
/// lookups slower (one more probe) but never wrong.
#[derive(Clone)]
struct IdIndex<T> {
    primary: HashMap<u64, (Box<str>, T), BuildHasherDefault<Fingerprinted>>,
    overflow: HashMap<Box<str>, T, foldhash::fast::FixedState>,
}

impl<T> Default for IdIndex<T> {
    fn default() -> Self {
        Self {
            primary: HashMap::default(),
            overflow: HashMap::default(),
        }
    }
}

impl<T: Copy + Default> IdIndex<T> {
    /// How many ids it holds.
    fn len(&self) -> usize {
        self.primary.len() + self.overflow.len()
    }

    /// The value for `id`, in any letter case.
    #[inline]
    fn get(&self, id: &str) -> Option<T> {
        let (stored, value) = self.primary.get(&fingerprint(id.as_bytes()))?;
        if stored.eq_ignore_ascii_case(id) {
            return Some(*value);
        }
        if self.overflow.is_empty() {
            return None;
        }
        self.overflow.get(id.to_ascii_lowercase().as_str()).copied()
    }

    /// The value for `id` (lower case), inserted as `T::default()` if absent.
    fn entry(&mut self, id: &str) -> &mut T {
        let id = id.to_ascii_lowercase();
        let slot = self
            .primary
            .entry(fingerprint(id.as_bytes()))
            .or_insert_with(|| (id.as_str().into(), T::default()));
        if *slot.0 == *id {
            return &mut slot.1;
        }
        self.overflow.entry(id.into()).or_default()
    }
}

/// 64 bits from the first and last 8 bytes of `id` (all of it when shorter) with ASCII case
/// folded, and its length: equal for two ids that are equal ignoring case.
#[inline]
fn fingerprint(id: &[u8]) -> u64 {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let (first, last) = match (id.first_chunk::<8>(), id.last_chunk::<8>()) {
        (Some(first), Some(last)) => (u64::from_le_bytes(*first), u64::from_le_bytes(*last)),
        _ => {
            let mut short = [0u8; 8];
            short[..id.len()].copy_from_slice(id);
            (u64::from_le_bytes(short), 0)
        }
    };
    // foldhash's folded multiply: every input bit reaches the high bits (hashbrown's tag)
    // and the low bits (its bucket).
    let product = u128::from((first | FOLD) ^ 0x243f_6a88_85a3_08d3)
        * u128::from((last | FOLD) ^ (id.len() as u64) ^ 0x1319_8a2e_0370_7344);
    (product as u64) ^ ((product >> 64) as u64)
}

/// The hasher of fingerprints: they are hashes already.
#[derive(Default)]
struct Fingerprinted(u64);

impl Hasher for Fingerprinted {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed; anything else still gets a usable hash.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, fingerprint: u64) {
        self.0 = fingerprint;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "3ee3a9de-0a86-4e12-a287-9769accf1ba2";
    /// The same first and last 8 bytes and length as `A`: the same fingerprint.
    const A_TWIN: &str = "3ee3a9de-ffff-ffff-ffff-ffffaccf1ba2";

    #[test]
    fn ids_are_found_in_any_letter_case_and_only_they() {
        let mut index = IdIndex::<u16>::default();
        *index.entry(A) |= 1;
        *index.entry(&A.to_ascii_uppercase()) |= 2;
        assert_eq!(index.len(), 1);
        assert_eq!(index.get(A), Some(3));
        assert_eq!(index.get("3EE3A9DE-0A86-4e12-A287-9769ACCF1BA2"), Some(3));
        assert_eq!(index.get("3ee3a9de-0a86-4e12-a287-9769accf1ba3"), None);
        assert_eq!(index.get(""), None);
        assert_eq!(index.get("short"), None);
        // A byte that only folds to a digit is not that digit.
        assert_eq!(index.get(&A.replace('3', "\u{13}")), None);
    }

    #[test]
    fn ids_with_the_same_fingerprint_are_told_apart() {
        assert_eq!(fingerprint(A.as_bytes()), fingerprint(A_TWIN.as_bytes()));
        let mut index = IdIndex::<u16>::default();
        assert_eq!(index.get(A_TWIN), None);
        *index.entry(A) = 1;
        assert_eq!(
            index.get(A_TWIN),
            None,
            "a fingerprint match alone is no match"
        );
        *index.entry(A_TWIN) = 2;
        *index.entry(&A_TWIN.to_ascii_uppercase()) |= 4;
        assert_eq!(index.len(), 2);
        assert_eq!(index.get(A), Some(1));
        assert_eq!(index.get(&A_TWIN.to_ascii_uppercase()), Some(6));
    }

    #[test]
    fn short_ids_work_too() {
        let mut index = IdIndex::<u16>::default();
        *index.entry("abc") = 1;
        *index.entry("") = 2;
        assert_eq!(index.get("ABC"), Some(1));
        assert_eq!(index.get(""), Some(2));
        assert_eq!(index.get("abd"), None);
    }
}
