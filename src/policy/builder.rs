//! A typed way to write a campaign policy, next to Graph's JSON.

use serde_json::{Value, json};

use super::{AuthenticationMethodsPolicy, PolicyError};

/// Builds an [`AuthenticationMethodsPolicy`] whose campaign is spelled out in code. The result
/// is the same Graph document an admin would send, checked by the same rules (so
/// [`build`](Self::build) names the property and rule a value breaks).
///
/// ```
/// use registration_campaign::policy::{CampaignPolicy, CampaignState};
/// let policy = CampaignPolicy::enabled()
///     .all_users()
///     .exclude_group("c0ffee00-0000-4000-8000-00000000e0c1")
///     .snooze_days(1)
///     .limited()
///     .build()?;
/// assert_eq!(policy.campaign().state, CampaignState::Enabled);
/// assert_eq!(policy.campaign().snooze_duration_in_days, 1);
/// assert!(CampaignPolicy::enabled().all_users().snooze_days(15).build().is_err());
/// # Ok::<(), registration_campaign::policy::PolicyError>(())
/// ```
#[must_use]
#[derive(Debug, Clone)]
pub struct CampaignPolicy {
    state: &'static str,
    snooze_days: u32,
    limited: bool,
    include: Vec<Value>,
    exclude: Vec<Value>,
}

impl CampaignPolicy {
    /// A campaign that nudges every targeted user (`state: enabled`), with Graph's defaults:
    /// one day of snooze, limited snoozes, and no one targeted yet.
    pub fn enabled() -> Self {
        Self::with_state("enabled")
    }

    /// The common case: an enabled campaign that targets every user (the same as
    /// `enabled().all_users()`).
    ///
    /// ```
    /// use registration_campaign::policy::CampaignPolicy;
    /// let every_mfa = CampaignPolicy::for_all_users().snooze_days(0).build()?;
    /// assert_eq!(every_mfa.campaign().snooze_duration_in_days, 0);
    /// # Ok::<(), registration_campaign::policy::PolicyError>(())
    /// ```
    pub fn for_all_users() -> Self {
        Self::enabled().all_users()
    }

    /// A campaign that nudges nobody (`state: disabled`).
    pub fn disabled() -> Self {
        Self::with_state("disabled")
    }

    fn with_state(state: &'static str) -> Self {
        Self {
            state,
            snooze_days: 1,
            limited: true,
            include: Vec::new(),
            exclude: Vec::new(),
        }
    }

    fn target(id: &str, target_type: &str) -> Value {
        json!({"id": id, "targetType": target_type,
               "targetedAuthenticationMethod": "microsoftAuthenticator"})
    }

    /// Targets every user.
    pub fn all_users(mut self) -> Self {
        self.include.push(Self::target("all_users", "group"));
        self
    }

    /// Targets the members of group `id`.
    pub fn group(mut self, id: &str) -> Self {
        self.include.push(Self::target(id, "group"));
        self
    }

    /// Targets user `id`.
    pub fn user(mut self, id: &str) -> Self {
        self.include.push(Self::target(id, "user"));
        self
    }

    /// Never nudges the members of group `id` (an exclusion wins over any target).
    pub fn exclude_group(mut self, id: &str) -> Self {
        self.exclude.push(json!({"id": id, "targetType": "group"}));
        self
    }

    /// Never nudges user `id`.
    pub fn exclude_user(mut self, id: &str) -> Self {
        self.exclude.push(json!({"id": id, "targetType": "user"}));
        self
    }

    /// How long **Skip for now** holds the nudge off: 0 to 14 days, 0 = at every MFA.
    pub fn snooze_days(mut self, days: u32) -> Self {
        self.snooze_days = days;
        self
    }

    /// Three skips, then registration is required (Graph's
    /// `enforceRegistrationAfterAllowedSnoozes: true`, the default).
    pub fn limited(mut self) -> Self {
        self.limited = true;
        self
    }

    /// Skips without limit.
    pub fn unlimited(mut self) -> Self {
        self.limited = false;
        self
    }

    /// The Graph document this builder describes.
    pub fn to_graph_json(&self) -> Value {
        json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": self.state,
            "snoozeDurationInDays": self.snooze_days,
            "enforceRegistrationAfterAllowedSnoozes": self.limited,
            "includeTargets": self.include,
            "excludeTargets": self.exclude,
        }}})
    }

    /// The policy, checked as Graph's JSON is.
    pub fn build(&self) -> Result<AuthenticationMethodsPolicy, PolicyError> {
        AuthenticationMethodsPolicy::from_value(&self.to_graph_json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{CampaignState, TargetId, TargetType};

    #[test]
    fn the_builder_writes_the_graph_document_an_admin_would_send() {
        let built = CampaignPolicy::enabled()
            .group("5a1e5000-0000-4000-8000-0000000000a1")
            .exclude_user("a11ce000-0000-4000-8000-000000000001")
            .snooze_days(0)
            .unlimited()
            .build()
            .unwrap();
        let pasted = AuthenticationMethodsPolicy::from_json(
            r#"{"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
                "state": "enabled", "snoozeDurationInDays": 0,
                "enforceRegistrationAfterAllowedSnoozes": false,
                "includeTargets": [{"id": "5a1e5000-0000-4000-8000-0000000000a1",
                    "targetType": "group", "targetedAuthenticationMethod": "microsoftAuthenticator"}],
                "excludeTargets": [{"id": "a11ce000-0000-4000-8000-000000000001", "targetType": "user"}]}}}"#,
        )
        .unwrap();
        assert_eq!(built.campaign(), pasted.campaign());
        assert_eq!(built.campaign().state, CampaignState::Enabled);
        assert_eq!(
            built.campaign().exclude_targets[0].target_type,
            TargetType::User
        );
        assert!(matches!(
            built.campaign().include_targets[0].0.id,
            TargetId::Object(_)
        ));
    }

    #[test]
    fn a_value_out_of_range_names_the_property() {
        let error = CampaignPolicy::enabled()
            .all_users()
            .snooze_days(15)
            .build()
            .unwrap_err();
        assert!(
            error.to_string().contains("snoozeDurationInDays"),
            "{error}"
        );
    }
}
