//! Which passkeys a user may register: the rules of the policy's passkey profiles, checked on a
//! verified credential.
//!
//! The flow builds one [`PasskeyRules`] per passkey profile the user may register under
//! (`fido2AuthenticationMethodConfiguration.passkeyProfiles`, or the older top-level
//! `isAttestationEnforced` and `keyRestrictions`), and hands them to the method through
//! [`EnrollContext::with_passkey_rules`](crate::enroll::EnrollContext::with_passkey_rules).
//! A new passkey is kept when it fits at least one of them; otherwise the enrollment refuses it
//! with the first profile's reason and stores nothing.
//!
//! | profile property | rule | decided from |
//! |---|---|---|
//! | `passkeyTypes` without `synced` | [`allow_synced`](PasskeyRules::allow_synced) `false` | the backup-eligible (BE) flag is set |
//! | `passkeyTypes` without `deviceBound` | [`allow_device_bound`](PasskeyRules::allow_device_bound) `false` | the BE flag is clear |
//! | `attestationEnforcement: registrationOnly` | [`require_attestation`](PasskeyRules::require_attestation) | the attestation chains to a trust anchor the host gave the method |
//! | `keyRestrictions` | [`key_restrictions`](PasskeyRules::key_restrictions) | the AAGUID (allow or block list, only when `isEnforced`) |

use uuid::Uuid;

use super::providers::passkey_provider_name;
use crate::registration::PasskeyCredential;

/// Whether an AAGUID list lets listed models in, or keeps them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum KeyRestrictionKind {
    /// Only the listed AAGUIDs may register (Graph's `allow`).
    #[default]
    Allow,
    /// The listed AAGUIDs may not register (Graph's `block`).
    Block,
}

/// A profile's `keyRestrictions`: an AAGUID allow or block list, enforced or not.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct KeyRestrictions {
    /// Graph's `isEnforced`: when `false` the list is kept but not applied.
    pub is_enforced: bool,
    /// Graph's `enforcementType`.
    pub enforcement: KeyRestrictionKind,
    /// Graph's `aaGuids`. An enforced allow list that is empty lets no passkey in.
    pub aaguids: Vec<Uuid>,
}

impl KeyRestrictions {
    /// No restriction.
    pub const NONE: Self = Self {
        is_enforced: false,
        enforcement: KeyRestrictionKind::Allow,
        aaguids: Vec::new(),
    };

    fn admits(&self, aaguid: &Uuid) -> bool {
        if !self.is_enforced {
            return true;
        }
        let listed = self.aaguids.contains(aaguid);
        match self.enforcement {
            KeyRestrictionKind::Allow => listed,
            KeyRestrictionKind::Block => !listed,
        }
    }
}

/// The rules of one passkey profile. [`PasskeyRules::PERMISSIVE`] (every passkey, no
/// attestation) is what a method sees when the flow gives it none.
///
/// ```
/// use registration_campaign::enroll::{PasskeyFacts, PasskeyRules, PasskeyRuleViolation};
/// let device_bound_only = PasskeyRules { allow_synced: false, ..PasskeyRules::PERMISSIVE };
/// let synced = PasskeyFacts { aaguid: uuid::Uuid::nil(), backup_eligible: true, attested: false };
/// assert_eq!(device_bound_only.check(&synced), Err(PasskeyRuleViolation::SyncedNotAllowed));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PasskeyRules {
    /// Device-bound passkeys (backup-eligible flag clear: a security key, a TPM) are allowed.
    pub allow_device_bound: bool,
    /// Synced passkeys (backup-eligible flag set: a password manager, a phone's account) are
    /// allowed.
    pub allow_synced: bool,
    /// `registrationOnly` attestation: the passkey must come with attestation that chains to one
    /// of the trust anchors given to
    /// [`PasskeyMethod::with_attestation_cas`](crate::enroll::PasskeyMethod::with_attestation_cas).
    /// Attestation is then requested from the browser.
    pub require_attestation: bool,
    /// The AAGUID allow or block list.
    pub key_restrictions: KeyRestrictions,
}

impl From<&crate::policy::PasskeyProfile> for PasskeyRules {
    /// The rules of a policy's passkey profile. AAGUIDs were checked to be GUIDs when the
    /// policy was read.
    fn from(profile: &crate::policy::PasskeyProfile) -> Self {
        let restrictions = &profile.key_restrictions;
        Self {
            allow_device_bound: profile.device_bound,
            allow_synced: profile.synced,
            require_attestation: profile.attestation_required,
            key_restrictions: KeyRestrictions {
                is_enforced: restrictions.is_enforced,
                enforcement: if restrictions.allow_listed_only {
                    KeyRestrictionKind::Allow
                } else {
                    KeyRestrictionKind::Block
                },
                aaguids: restrictions
                    .aa_guids
                    .iter()
                    .filter_map(|g| Uuid::parse_str(g).ok())
                    .collect(),
            },
        }
    }
}

impl Default for PasskeyRules {
    fn default() -> Self {
        Self::PERMISSIVE
    }
}

/// What the rules look at in a verified passkey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasskeyFacts {
    /// The authenticator model's id (all zeros when the provider hides it).
    pub aaguid: Uuid,
    /// The backup-eligible (BE) flag: set for a passkey that can be synced.
    pub backup_eligible: bool,
    /// The attestation chained to a trust anchor the method was given.
    pub attested: bool,
}

impl From<&PasskeyCredential> for PasskeyFacts {
    fn from(c: &PasskeyCredential) -> Self {
        Self {
            aaguid: c.aaguid,
            backup_eligible: c.backup_eligible,
            attested: c.attested,
        }
    }
}

/// Why a passkey does not fit the rules. `Display` is a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasskeyRuleViolation {
    /// The user may register under no profile.
    #[error("Your organization doesn't allow you to create a passkey here.")]
    NoProfile,
    /// A synced passkey where only device-bound ones are allowed.
    #[error(
        "Your organization only allows passkeys that stay on one device, such as a security key. This passkey can sync between devices, so it wasn't saved."
    )]
    SyncedNotAllowed,
    /// A device-bound passkey where only synced ones are allowed.
    #[error(
        "Your organization only allows passkeys that sync between your devices, such as passkeys saved in a password manager. This passkey stays on one device, so it wasn't saved."
    )]
    DeviceBoundNotAllowed,
    /// Attestation is required and this passkey has none that could be verified.
    #[error(
        "Your organization only allows passkeys from device models it can verify, and this passkey couldn't be verified, so it wasn't saved. Try a security key from your organization."
    )]
    AttestationRequired,
    /// The AAGUID is not on the allow list, or is on the block list.
    #[error(
        "Your organization doesn't allow passkeys from {}, so this passkey wasn't saved. Try saving it somewhere else.",
        provider.unwrap_or("this provider")
    )]
    ProviderNotAllowed {
        /// The provider's name, when it is a well-known one.
        provider: Option<&'static str>,
    },
}

impl PasskeyRuleViolation {
    /// What the user is told, in their language (`Display` is the English sentence, for logs).
    pub fn user_message(&self, texts: &crate::locale::Texts) -> String {
        match self {
            Self::NoProfile => texts.text("passkey-rule-no-profile"),
            Self::SyncedNotAllowed => texts.text("passkey-rule-synced"),
            Self::DeviceBoundNotAllowed => texts.text("passkey-rule-device-bound"),
            Self::AttestationRequired => texts.text("passkey-rule-attestation"),
            Self::ProviderNotAllowed {
                provider: Some(provider),
            } => texts
                .fmt("passkey-rule-provider")
                .arg("provider", provider)
                .plain(),
            Self::ProviderNotAllowed { provider: None } => {
                texts.text("passkey-rule-provider-unknown")
            }
        }
    }
}

impl PasskeyRules {
    /// Every passkey, no attestation: the default.
    pub const PERMISSIVE: Self = Self {
        allow_device_bound: true,
        allow_synced: true,
        require_attestation: false,
        key_restrictions: KeyRestrictions::NONE,
    };

    /// Whether a passkey with `facts` fits this profile, and if not, why (checked in the
    /// order of the table in the module docs).
    pub fn check(&self, facts: &PasskeyFacts) -> Result<(), PasskeyRuleViolation> {
        if facts.backup_eligible && !self.allow_synced {
            return Err(PasskeyRuleViolation::SyncedNotAllowed);
        }
        if !facts.backup_eligible && !self.allow_device_bound {
            return Err(PasskeyRuleViolation::DeviceBoundNotAllowed);
        }
        if self.require_attestation && !facts.attested {
            return Err(PasskeyRuleViolation::AttestationRequired);
        }
        if !self.key_restrictions.admits(&facts.aaguid) {
            return Err(PasskeyRuleViolation::ProviderNotAllowed {
                provider: passkey_provider_name(&facts.aaguid),
            });
        }
        Ok(())
    }
}

/// Whether a passkey fits at least one of `profiles`; if none, the first profile's reason.
pub fn check_passkey(
    profiles: &[PasskeyRules],
    facts: &PasskeyFacts,
) -> Result<(), PasskeyRuleViolation> {
    let mut first = None;
    for rules in profiles {
        match rules.check(facts) {
            Ok(()) => return Ok(()),
            Err(e) => {
                first.get_or_insert(e);
            }
        }
    }
    Err(first.unwrap_or(PasskeyRuleViolation::NoProfile))
}

/// Whether the browser should be asked for attestation: some profile needs it.
#[cfg_attr(not(feature = "passkeys"), allow(dead_code))]
pub(crate) fn wants_attestation(profiles: &[PasskeyRules]) -> bool {
    profiles.iter().any(|r| r.require_attestation)
}

#[cfg(test)]
mod tests {
    use super::*;

    const YUBIKEY: Uuid = uuid::uuid!("ee882879-721c-4913-9775-3dfcce97072a");
    const GPM: Uuid = uuid::uuid!("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4");

    fn facts(aaguid: Uuid, synced: bool, attested: bool) -> PasskeyFacts {
        PasskeyFacts {
            aaguid,
            backup_eligible: synced,
            attested,
        }
    }

    #[test]
    fn the_permissive_rules_take_any_passkey() {
        for synced in [false, true] {
            assert_eq!(
                PasskeyRules::PERMISSIVE.check(&facts(Uuid::nil(), synced, false)),
                Ok(())
            );
        }
    }

    #[test]
    fn passkey_types_are_decided_by_the_backup_eligible_flag() {
        let device_bound_only = PasskeyRules {
            allow_synced: false,
            ..PasskeyRules::PERMISSIVE
        };
        let synced_only = PasskeyRules {
            allow_device_bound: false,
            ..PasskeyRules::PERMISSIVE
        };
        assert_eq!(
            device_bound_only.check(&facts(YUBIKEY, false, false)),
            Ok(())
        );
        assert_eq!(
            device_bound_only.check(&facts(GPM, true, false)),
            Err(PasskeyRuleViolation::SyncedNotAllowed)
        );
        assert_eq!(synced_only.check(&facts(GPM, true, false)), Ok(()));
        assert_eq!(
            synced_only.check(&facts(YUBIKEY, false, false)),
            Err(PasskeyRuleViolation::DeviceBoundNotAllowed)
        );
    }

    #[test]
    fn attestation_must_have_been_verified_when_required() {
        let rules = PasskeyRules {
            require_attestation: true,
            ..PasskeyRules::PERMISSIVE
        };
        assert_eq!(
            rules.check(&facts(YUBIKEY, false, false)),
            Err(PasskeyRuleViolation::AttestationRequired)
        );
        assert_eq!(rules.check(&facts(YUBIKEY, false, true)), Ok(()));
    }

    #[test]
    fn aaguid_lists_apply_only_when_enforced() {
        let allow = |enforced| PasskeyRules {
            key_restrictions: KeyRestrictions {
                is_enforced: enforced,
                enforcement: KeyRestrictionKind::Allow,
                aaguids: vec![YUBIKEY],
            },
            ..PasskeyRules::PERMISSIVE
        };
        let block = PasskeyRules {
            key_restrictions: KeyRestrictions {
                is_enforced: true,
                enforcement: KeyRestrictionKind::Block,
                aaguids: vec![GPM],
            },
            ..PasskeyRules::PERMISSIVE
        };
        assert_eq!(allow(true).check(&facts(YUBIKEY, false, false)), Ok(()));
        let refused = allow(true).check(&facts(GPM, true, false)).unwrap_err();
        assert_eq!(
            refused,
            PasskeyRuleViolation::ProviderNotAllowed {
                provider: Some("Google Password Manager")
            }
        );
        assert!(
            refused.to_string().contains("Google Password Manager"),
            "{refused}"
        );
        assert_eq!(allow(false).check(&facts(GPM, true, false)), Ok(()));
        assert!(block.check(&facts(GPM, true, false)).is_err());
        assert_eq!(block.check(&facts(Uuid::nil(), true, false)), Ok(()));
        let nameless = allow(true)
            .check(&facts(Uuid::nil(), true, false))
            .unwrap_err();
        assert!(nameless.to_string().contains("this provider"), "{nameless}");
    }

    #[test]
    fn a_passkey_fitting_any_profile_is_kept_else_the_first_reason_is_given() {
        let device_bound_only = PasskeyRules {
            allow_synced: false,
            ..PasskeyRules::PERMISSIVE
        };
        let attested_only = PasskeyRules {
            require_attestation: true,
            ..PasskeyRules::PERMISSIVE
        };
        let both = [device_bound_only.clone(), attested_only.clone()];
        assert_eq!(check_passkey(&both, &facts(GPM, true, true)), Ok(()));
        assert_eq!(
            check_passkey(&both, &facts(GPM, true, false)),
            Err(PasskeyRuleViolation::SyncedNotAllowed)
        );
        assert_eq!(
            check_passkey(&[], &facts(GPM, true, true)),
            Err(PasskeyRuleViolation::NoProfile)
        );
        assert!(wants_attestation(&both));
        assert!(!wants_attestation(&[device_bound_only]));
    }
}
