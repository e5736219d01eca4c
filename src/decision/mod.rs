//! The eligibility decision: one pure function from (policy, sign-in, user state, tenant, now) to
//! pass through, nudge, or require registration, with a machine-readable reason.
//!
//! Every rule of the reference behaviour is one branch of [`decide`], checked in this order (the
//! first that applies gives the reason):
//!
//! | # | Rule | Outcome (reason) |
//! |---|------|------------------|
//! | 1 | campaign `state` is `disabled` | pass (`campaignDisabled`) |
//! | 2 | user or one of their groups is in `excludeTargets` (exclusion wins) | pass (`excluded`) |
//! | 3 | neither the user, a group, nor `all_users` is in `includeTargets` | pass (`notTargeted`) |
//! | 4 | `state` is `default` ("Microsoft managed") and this MFA was not by text message or voice | pass (`notTelephonyMfa`) |
//! | 5 | Authenticator disabled, not enabled for the user, or the user excluded from it | pass (`authenticatorNotEnabled`) |
//! | 6 | Authenticator enabled for the user only in passwordless mode (`deviceBasedPush`) | pass (`passwordlessMode`) |
//! | 7 | user already has Authenticator push (or passwordless), or registered through the campaign (any method; in passkey campaigns too) | pass (`alreadyRegistered`) |
//! | 8 | sign-in from iOS or Android | pass (`mobileDevice`), unless rules 10-16 require registration (see below) |
//! | 9 | sign-in from a client that is not a browser | pass (`nonBrowserClient`), unless rules 10-16 require registration |
//! | 10 | single sign-on without interactive MFA | pass (`singleSignOn`) |
//! | 11 | user registered another method in this session | pass (`registeredMethodThisSession`) |
//! | 12 | Conditional Access blocks "Register security information" | pass (`registrationBlockedByConditionalAccess`) |
//! | 13 | a terms-of-use screen was shown | pass (`termsOfUse`) |
//! | 14 | a Conditional Access custom control redirected | pass (`customControl`) |
//! | 15 | the last snooze is younger than `snoozeDurationInDays` | pass (`snoozed`) |
//! | 16 | snoozes are limited and the user has used all three | require (`snoozeLimitReached`) |
//! | 17 | otherwise | nudge with a skip (`inScope`) |
//!
//! Snoozes are limited when `enforceRegistrationAfterAllowedSnoozes` is true, and always on free
//! and trial tenants.
//!
//! Rules 8 and 9 trust the client's User-Agent, which the client chooses. So they only spare a
//! user a *nudge*: when rules 10-16 end in required registration, the decision is
//! `requireRegistration` whatever the client ([`Enforcement::Strict`](crate::Enforcement), the
//! default). With [`Enforcement::ClientExemptions`](crate::Enforcement) (Entra's behaviour,
//! bypassable) such a sign-in passes with reason `clientExemptionWhileRequired`.
//!
//! # Example
//!
//! ```
//! use registration_campaign::decision::{decide, CampaignRules, Decision};
//! use registration_campaign::policy::{AuthenticationMethodsPolicy, TargetedMethod};
//! use registration_campaign::{AuthMethod, SignInFacts, TenantSettings, UserCampaignState};
//! use time::macros::datetime;
//!
//! let policy = AuthenticationMethodsPolicy::default(); // Microsoft managed, all users
//! let rules = CampaignRules::new(&policy);
//! let sign_in = SignInFacts::new("5f7c2a51-4b0e-4c3a-9d8e-0a1b2c3d4e5f", AuthMethod::Sms);
//! let now = datetime!(2026-11-28 09:00 UTC);
//!
//! let decision = decide(&rules, &sign_in, &UserCampaignState::default(), &TenantSettings::default(), now);
//! assert_eq!(
//!     decision,
//!     Decision::Nudge {
//!         skips_left: Some(3),
//!         snooze_until: datetime!(2026-11-29 09:00 UTC),
//!         allowed_snoozes: Some(3),
//!         method: TargetedMethod::MicrosoftAuthenticator,
//!         deadline: None,
//!     }
//! );
//! assert_eq!(decision.reason_code(), "inScope");
//! ```

mod outcome;
mod rules;

use time::OffsetDateTime;

use crate::policy::RegistrationCampaign;
use crate::policy::{CampaignState, TargetedMethod};
use crate::sign_in::{ClientKind, SignInFacts, UserType};
use crate::state::{Enforcement, TenantSettings, UserCampaignState};

pub use outcome::{Decision, Explanation, PassReason, Required};
pub use rules::CampaignRules;

/// The number of snoozes a user gets before registration is required, or `None` if unlimited.
pub fn allowed_snoozes(rules: &CampaignRules, tenant: &TenantSettings) -> Option<u32> {
    capped_for_plan(policy_allowed_snoozes(rules), tenant)
}

/// The policy's own limit: three with `enforceRegistrationAfterAllowedSnoozes`, else none.
fn policy_allowed_snoozes(rules: &CampaignRules) -> Option<u32> {
    rules
        .enforce_after_allowed_snoozes
        .then_some(RegistrationCampaign::ALLOWED_SNOOZES)
}

/// Free and trial tenants keep the three-snooze cap, whatever the policy or a group rule says
/// (a rule can lower it, not raise it).
fn capped_for_plan(allowed: Option<u32>, tenant: &TenantSettings) -> Option<u32> {
    let cap = RegistrationCampaign::ALLOWED_SNOOZES;
    if tenant.plan.limits_snoozes() {
        Some(allowed.map_or(cap, |n| n.min(cap)))
    } else {
        allowed
    }
}

/// How a campaign path nudges: its snooze length, number of snoozes and deadline.
#[derive(Debug, Clone, Copy)]
struct Nudging {
    method: TargetedMethod,
    snooze: time::Duration,
    allowed_snoozes: Option<u32>,
    deadline: Option<OffsetDateTime>,
}

impl Nudging {
    /// The policy's values, replaced by the user's group rule where it sets them; free and
    /// trial tenants keep the three-snooze cap whatever a rule says.
    fn configured(
        rules: &CampaignRules,
        sign_in: &SignInFacts,
        tenant: &TenantSettings,
        method: TargetedMethod,
    ) -> Self {
        let limits = user_limits(rules, &sign_in.groups, tenant);
        Self {
            method,
            snooze: limits.snooze,
            allowed_snoozes: limits.allowed_snoozes,
            deadline: limits.deadline,
        }
    }
}

/// How a user is nudged once the campaign settings apply: the snooze length, the snoozes they
/// get (`None`: unlimited) and their deadline, from their group rule where it sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UserLimits {
    pub(crate) snooze: time::Duration,
    pub(crate) allowed_snoozes: Option<u32>,
    pub(crate) deadline: Option<OffsetDateTime>,
}

/// The limits of a member of `groups`, exactly as [`decide`] applies them at sign-in (the
/// per-user report gives each user the status their next sign-in would give).
pub(crate) fn user_limits<'a>(
    rules: &CampaignRules,
    groups: impl IntoIterator<Item = &'a String>,
    tenant: &TenantSettings,
) -> UserLimits {
    let rule = rules.group_rule(groups);
    UserLimits {
        snooze: rule
            .and_then(|r| r.snooze_duration_in_days)
            .map_or(rules.snooze, |days| time::Duration::days(i64::from(days))),
        allowed_snoozes: capped_for_plan(
            rule.and_then(|r| r.allowed_snoozes)
                .unwrap_or_else(|| policy_allowed_snoozes(rules)),
            tenant,
        ),
        deadline: rule.and_then(|r| r.deadline).or(rules.deadline),
    }
}

/// Microsoft managed passkey nudges: one day of snooze, unlimited skips, not configurable.
const MANAGED_PASSKEY_SNOOZE: time::Duration = time::Duration::days(1);

/// Decides what one completed MFA sign-in leads to. Pure and total: no I/O, no panics, the same
/// inputs always give the same answer.
pub fn decide(
    rules: &CampaignRules,
    sign_in: &SignInFacts,
    state: &UserCampaignState,
    tenant: &TenantSettings,
    now: OffsetDateTime,
) -> Decision {
    use PassReason::*;
    let pass = Decision::PassThrough;

    if rules.state == CampaignState::Disabled {
        return pass(CampaignDisabled);
    }
    let membership = rules.membership(&sign_in.user_id, &sign_in.groups);
    if membership.campaign_excluded {
        return pass(Excluded);
    }
    if !membership.campaign_included {
        return pass(NotTargeted);
    }
    let passkeys_enabled =
        rules.fido2_enabled && membership.fido2_included && !membership.fido2_excluded;
    let passkey_campaign = match rules.state {
        // Microsoft managed: passkeys for members who may use them, else the Authenticator.
        CampaignState::Default => passkeys_enabled && sign_in.user_type == UserType::Member,
        _ => membership.campaign_passkey,
    };
    if passkey_campaign {
        return decide_passkey(rules, sign_in, state, tenant, now, passkeys_enabled);
    }
    decide_authenticator(rules, &membership, sign_in, state, tenant, now)
}

/// Rules for a passkey campaign (issue 11): after MFA by any method, for members enabled for
/// passkeys who have none usable from this browser. Phones are nudged too (they make passkeys);
/// clients that are not browsers cannot.
fn decide_passkey(
    rules: &CampaignRules,
    sign_in: &SignInFacts,
    state: &UserCampaignState,
    tenant: &TenantSettings,
    now: OffsetDateTime,
    passkeys_enabled: bool,
) -> Decision {
    use PassReason::*;
    let pass = Decision::PassThrough;
    if !passkeys_enabled {
        return pass(NotEnabledForPasskeys);
    }
    if sign_in.user_type == UserType::Guest {
        return pass(GuestPasskey);
    }
    // A user who registered through the campaign (a passkey whose provider is unknown, or an
    // authenticator app before the campaign moved to passkeys) is done: requiring more would
    // require a registration the flow refuses to start, and lock them out.
    if state.registered_at.is_some() {
        return pass(AlreadyRegistered);
    }
    // Signing in with a passkey proves one works here, whatever the host knows of it.
    if sign_in.mfa_method == crate::sign_in::AuthMethod::Fido2
        || sign_in
            .passkeys
            .iter()
            .any(|p| p.usable_on(sign_in.platform))
    {
        return pass(PasskeyAlreadyUsableHere);
    }
    let nudging = if rules.state == CampaignState::Default {
        Nudging {
            method: TargetedMethod::Fido2,
            snooze: MANAGED_PASSKEY_SNOOZE,
            allowed_snoozes: None,
            deadline: None,
        }
    } else {
        Nudging::configured(rules, sign_in, tenant, TargetedMethod::Fido2)
    };
    let outcome = decide_sign_in(sign_in, state, now, nudging);
    with_client_exemption(
        sign_in.client == ClientKind::NonBrowser,
        NonBrowserClient,
        outcome,
        tenant,
    )
}

/// Rules 3 to 9 for the Authenticator campaign, then the sign-in itself.
fn decide_authenticator(
    rules: &CampaignRules,
    membership: &rules::Membership,
    sign_in: &SignInFacts,
    state: &UserCampaignState,
    tenant: &TenantSettings,
    now: OffsetDateTime,
) -> Decision {
    use PassReason::*;
    let pass = Decision::PassThrough;
    if rules.state == CampaignState::Default && !sign_in.mfa_method.is_telephony() {
        return pass(NotTelephonyMfa);
    }
    if !rules.authenticator_enabled || membership.authenticator_excluded {
        return pass(AuthenticatorNotEnabled);
    }
    if !membership.authenticator_push {
        return pass(if membership.authenticator_passwordless {
            PasswordlessMode
        } else {
            AuthenticatorNotEnabled
        });
    }
    if state.registered_at.is_some()
        || sign_in
            .registered_methods
            .iter()
            .any(|&m| tenant.authenticator_apps.satisfied_by(m))
    {
        return pass(AlreadyRegistered);
    }
    let nudging = Nudging::configured(
        rules,
        sign_in,
        tenant,
        TargetedMethod::MicrosoftAuthenticator,
    );
    let outcome = decide_sign_in(sign_in, state, now, nudging);
    match sign_in.client {
        ClientKind::Mobile => with_client_exemption(true, MobileDevice, outcome, tenant),
        ClientKind::NonBrowser => with_client_exemption(true, NonBrowserClient, outcome, tenant),
        ClientKind::DesktopBrowser => outcome,
    }
}

/// A client the campaign does not nudge (rules 8 and 9) still gets a *required* registration
/// under strict enforcement, never a way around it.
fn with_client_exemption(
    exempt: bool,
    reason: PassReason,
    outcome: Decision,
    tenant: &TenantSettings,
) -> Decision {
    match (exempt, outcome) {
        (false, outcome) => outcome,
        (true, required @ Decision::RequireRegistration { .. }) => match tenant.enforcement {
            Enforcement::Strict => required,
            Enforcement::ClientExemptions => {
                Decision::PassThrough(PassReason::ClientExemptionWhileRequired)
            }
        },
        (true, _) => Decision::PassThrough(reason),
    }
}

/// Rules 10 to 17: the sign-in itself, its Conditional Access signals, and the snooze state.
fn decide_sign_in(
    sign_in: &SignInFacts,
    state: &UserCampaignState,
    now: OffsetDateTime,
    nudging: Nudging,
) -> Decision {
    use PassReason::*;
    let pass = Decision::PassThrough;
    if !sign_in.interactive {
        return pass(SingleSignOn);
    }
    if sign_in.registered_method_this_session {
        return pass(RegisteredMethodThisSession);
    }
    let ca = &sign_in.conditional_access;
    if ca.registration_blocked {
        return pass(RegistrationBlockedByConditionalAccess);
    }
    if ca.terms_of_use {
        return pass(TermsOfUse);
    }
    if ca.custom_control {
        return pass(CustomControl);
    }
    if nudging.deadline.is_some_and(|deadline| now >= deadline) {
        return Decision::RequireRegistration {
            method: nudging.method,
            because: Required::DeadlinePassed,
        };
    }
    if let Some(last) = state.last_snoozed_at {
        let until = last.saturating_add(nudging.snooze);
        if now < until {
            return pass(Snoozed { until });
        }
    }
    match nudging.allowed_snoozes {
        Some(limit) if state.snooze_count >= limit => Decision::RequireRegistration {
            method: nudging.method,
            because: Required::SnoozeLimitReached,
        },
        allowed => Decision::Nudge {
            skips_left: allowed.map(|limit| limit - state.snooze_count),
            snooze_until: now.saturating_add(nudging.snooze),
            allowed_snoozes: allowed,
            method: nudging.method,
            deadline: nudging.deadline,
        },
    }
}
