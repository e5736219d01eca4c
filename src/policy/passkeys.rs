//! The passkey (FIDO2) method configuration as the campaign reads it: who may use passkeys and
//! which kinds each passkey profile allows.

/// The id of the default passkey profile, which a new tenant (or a policy without profiles) has.
pub const DEFAULT_PASSKEY_PROFILE: &str = "00000000-0000-0000-0000-000000000001";

/// The most passkey profiles a policy may define.
pub const MAX_PASSKEY_PROFILES: usize = 3;

/// `fido2AuthenticationMethodConfiguration`, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fido2Configuration {
    /// `state` is `enabled`.
    pub enabled: bool,
    /// `isSelfServiceRegistrationAllowed`: users may register passkeys themselves.
    pub self_service_registration_allowed: bool,
    /// `includeTargets`, each with the ids of the profiles it allows (`allowedPasskeyProfiles`).
    pub include_targets: Vec<(super::Target, Vec<String>)>,
    /// `excludeTargets`.
    pub exclude_targets: Vec<super::Target>,
    /// `passkeyProfiles`; a policy that defines none has one, the default profile, made from the
    /// older top-level `isAttestationEnforced` and `keyRestrictions`.
    pub profiles: Vec<PasskeyProfile>,
}

impl Default for Fido2Configuration {
    /// Graph's default: disabled, self-service allowed, all users with the default profile.
    fn default() -> Self {
        Self {
            enabled: false,
            self_service_registration_allowed: true,
            include_targets: vec![(super::Target::all_users(), Vec::new())],
            exclude_targets: Vec::new(),
            profiles: vec![PasskeyProfile::legacy(false, KeyRestrictions::default())],
        }
    }
}

impl Fido2Configuration {
    /// The passkey profiles a user may register under: those of every include target that
    /// names the user, one of `groups` or `all_users`; none when the configuration is disabled
    /// or an exclude target matches.
    pub fn profiles_for<'a>(&'a self, user_id: &str, groups: &[String]) -> Vec<&'a PasskeyProfile> {
        let matches = |target: &super::Target| match (&target.id, target.target_type) {
            (super::TargetId::AllUsers, _) => true,
            (super::TargetId::Object(id), super::TargetType::User) => {
                id.eq_ignore_ascii_case(user_id)
            }
            (super::TargetId::Object(id), super::TargetType::Group) => {
                groups.iter().any(|g| g.eq_ignore_ascii_case(id))
            }
        };
        if !self.enabled || self.exclude_targets.iter().any(matches) {
            return Vec::new();
        }
        let mut profiles: Vec<&PasskeyProfile> = Vec::new();
        for (_, allowed) in self.include_targets.iter().filter(|(t, _)| matches(t)) {
            for profile in self.profiles_named(allowed) {
                if !profiles.iter().any(|p| p.id == profile.id) {
                    profiles.push(profile);
                }
            }
        }
        profiles
    }

    /// The profiles an include target's `allowedPasskeyProfiles` names; an empty list means the
    /// default profile.
    pub fn profiles_named(&self, allowed: &[String]) -> Vec<&PasskeyProfile> {
        if allowed.is_empty() {
            return self
                .profiles
                .iter()
                .filter(|p| p.id == DEFAULT_PASSKEY_PROFILE)
                .collect();
        }
        self.profiles
            .iter()
            .filter(|p| allowed.iter().any(|id| id.eq_ignore_ascii_case(&p.id)))
            .collect()
    }
}

impl Fido2Configuration {
    /// Warnings for the admin: profiles that restrict keys by model (AAGUID) without asking
    /// for attestation (`attestationEnforcement: disabled`). Graph allows it, and it means
    /// exactly this: the AAGUID is then the browser's claim, and any key can state an allowed
    /// model, so the restriction keeps out only honest keys.
    ///
    /// ```
    /// use registration_campaign::policy::AuthenticationMethodsPolicy;
    /// let policy = AuthenticationMethodsPolicy::default().apply_method_patch("Fido2", &serde_json::json!({
    ///     "state": "enabled",
    ///     "passkeyProfiles": [{"id": "00000000-0000-0000-0000-000000000001", "name": "Keys",
    ///         "passkeyTypes": "deviceBound", "attestationEnforcement": "disabled",
    ///         "keyRestrictions": {"isEnforced": true, "enforcementType": "allow",
    ///                             "aaGuids": ["cb69481e-8ff7-4039-93ec-0a2729a154a8"]}}]}))?;
    /// assert_eq!(policy.fido2().key_restriction_warnings().len(), 1);
    /// # Ok::<(), registration_campaign::policy::PolicyError>(())
    /// ```
    pub fn key_restriction_warnings(&self) -> Vec<String> {
        self.unattested_key_restrictions()
            .map(|p| {
                format!(
                    "passkey profile {} restricts keys by model (AAGUID) without attestation: the AAGUID is the browser's claim, so any key can pass as an allowed model; set attestationEnforcement to registrationOnly to enforce it",
                    p.id
                )
            })
            .collect()
    }
}

impl Fido2Configuration {
    /// The profiles [`key_restriction_warnings`](Self::key_restriction_warnings) warns about.
    pub fn unattested_key_restrictions(&self) -> impl Iterator<Item = &PasskeyProfile> {
        self.profiles
            .iter()
            .filter(|p| p.key_restrictions.is_enforced && !p.attestation_required)
    }
}

/// A passkey profile: which passkeys the users it applies to may register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeyProfile {
    /// The profile's id (a GUID, lower-case).
    pub id: String,
    /// Its name.
    pub name: String,
    /// `passkeyTypes`: device-bound passkeys allowed.
    pub device_bound: bool,
    /// `passkeyTypes`: synced passkeys allowed.
    pub synced: bool,
    /// `attestationEnforcement` is `registrationOnly`: the authenticator must attest its model.
    pub attestation_required: bool,
    /// `keyRestrictions`.
    pub key_restrictions: KeyRestrictions,
}

impl PasskeyProfile {
    /// The default profile made from the pre-profile settings (`isAttestationEnforced`,
    /// `keyRestrictions`), as Entra migrates them.
    pub(crate) fn legacy(attestation_required: bool, key_restrictions: KeyRestrictions) -> Self {
        Self {
            id: DEFAULT_PASSKEY_PROFILE.into(),
            name: "Default passkey profile".into(),
            device_bound: true,
            synced: true,
            attestation_required,
            key_restrictions,
        }
    }
}

/// `fido2KeyRestrictions`: authenticator models (AAGUIDs) allowed or blocked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyRestrictions {
    /// `isEnforced`.
    pub is_enforced: bool,
    /// `enforcementType` is `allow` (only the listed models) rather than `block`.
    pub allow_listed_only: bool,
    /// `aaGuids`, lower-case.
    pub aa_guids: Vec<String>,
}

impl KeyRestrictions {
    /// Whether an authenticator model passes these restrictions.
    pub fn permits(&self, aaguid: &str) -> bool {
        if !self.is_enforced {
            return true;
        }
        let listed = self.aa_guids.iter().any(|g| g.eq_ignore_ascii_case(aaguid));
        listed == self.allow_listed_only
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_restrictions_allow_or_block_the_listed_models_only_when_enforced() {
        let yubikey = "cb69481e-8ff7-4039-93ec-0a2729a154a8";
        let other = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";
        let mut rules = KeyRestrictions {
            is_enforced: false,
            allow_listed_only: true,
            aa_guids: vec![yubikey.into()],
        };
        assert!(rules.permits(other), "not enforced");
        rules.is_enforced = true;
        assert!(rules.permits(&yubikey.to_uppercase()) && !rules.permits(other));
        rules.allow_listed_only = false;
        assert!(!rules.permits(yubikey) && rules.permits(other));
    }
}
