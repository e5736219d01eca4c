//! One named test per rule of the reference behaviour (see the table in `decision`'s docs).

use registration_campaign::decision::{CampaignRules, Decision, PassReason, Required, decide};
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::policy::TargetedMethod::MicrosoftAuthenticator;
use registration_campaign::{
    AuthMethod, ClientKind, SignInFacts, TenantPlan, TenantSettings, UserCampaignState, UserType,
};
use serde_json::{Value, json};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const USER: &str = "5f7c2a51-4b0e-4c3a-9d8e-0a1b2c3d4e5f";
const OTHER_USER: &str = "11111111-2222-3333-4444-555555555555";
const SALES: &str = "3ee3a9de-0a86-4e12-a287-9769accf1ba2";
const CONTRACTORS: &str = "dad4ae4a-730c-4e52-826c-0d9094971f04";
const NOW: OffsetDateTime = datetime!(2026-11-28 09:00 UTC);

/// An enabled campaign for all users, with the given campaign fields on top.
fn policy(fields: Value) -> AuthenticationMethodsPolicy {
    let mut campaign = json!({"state": "enabled"});
    campaign
        .as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    AuthenticationMethodsPolicy::default()
        .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": campaign}}))
        .unwrap()
}

fn sms_user() -> SignInFacts {
    let mut s = SignInFacts::new(USER, AuthMethod::Sms);
    s.groups = vec![SALES.into()];
    s
}

fn decide_with(
    policy: &AuthenticationMethodsPolicy,
    sign_in: &SignInFacts,
    state: &UserCampaignState,
    plan: TenantPlan,
) -> Decision {
    decide(
        &CampaignRules::new(policy),
        sign_in,
        state,
        &TenantSettings {
            plan,
            ..Default::default()
        },
        NOW,
    )
}

fn fresh(policy: &AuthenticationMethodsPolicy, sign_in: &SignInFacts) -> Decision {
    decide_with(
        policy,
        sign_in,
        &UserCampaignState::default(),
        TenantPlan::Paid,
    )
}

fn passes(decision: Decision, reason: &str) {
    assert!(matches!(decision, Decision::PassThrough(_)), "{decision:?}");
    assert_eq!(decision.reason_code(), reason);
}

fn nudged(decision: Decision) {
    assert!(matches!(decision, Decision::Nudge { .. }), "{decision:?}");
}

fn snoozed(count: u32, at: OffsetDateTime) -> UserCampaignState {
    UserCampaignState {
        snooze_count: count,
        last_snoozed_at: Some(at),
        registered_at: None,
    }
}

#[test]
fn disabled_campaign_never_nudges() {
    passes(
        fresh(&policy(json!({"state": "disabled"})), &sms_user()),
        "campaignDisabled",
    );
}

#[test]
fn enabled_campaign_nudges_targeted_users() {
    let d = fresh(&policy(json!({})), &sms_user());
    assert_eq!(
        d,
        Decision::Nudge {
            deadline: None,
            method: MicrosoftAuthenticator,
            skips_left: Some(3),
            snooze_until: NOW + Duration::days(1),
            allowed_snoozes: Some(3),
        }
    );
    assert_eq!(d.reason_code(), "inScope");
}

#[test]
fn microsoft_managed_nudges_only_after_text_or_voice_mfa() {
    let p = policy(json!({"state": "default"}));
    nudged(fresh(&p, &sms_user()));
    let mut voice = sms_user();
    voice.mfa_method = AuthMethod::Voice;
    nudged(fresh(&p, &voice));
    for method in [
        AuthMethod::SoftwareOath,
        AuthMethod::Email,
        AuthMethod::MicrosoftAuthenticatorOath,
    ] {
        let mut s = sms_user();
        s.mfa_method = method;
        s.registered_methods = vec![method];
        passes(fresh(&p, &s), "notTelephonyMfa");
    }
}

#[test]
fn include_by_user_id() {
    let p = policy(json!({"includeTargets": [{"id": USER, "targetType": "user"}]}));
    nudged(fresh(&p, &sms_user()));
    let mut other = sms_user();
    other.user_id = OTHER_USER.into();
    passes(fresh(&p, &other), "notTargeted");
}

#[test]
fn include_by_group_id() {
    let p = policy(json!({"includeTargets": [{"id": SALES, "targetType": "group"}]}));
    nudged(fresh(&p, &sms_user()));
    let mut outsider = sms_user();
    outsider.groups = vec![CONTRACTORS.into()];
    passes(fresh(&p, &outsider), "notTargeted");
}

#[test]
fn a_user_id_listed_as_a_group_does_not_match_the_user() {
    let p = policy(json!({"includeTargets": [{"id": USER, "targetType": "group"}]}));
    passes(fresh(&p, &sms_user()), "notTargeted");
}

#[test]
fn ids_match_case_insensitively() {
    let p = policy(json!({"includeTargets": [{"id": SALES, "targetType": "group"}]}));
    let mut s = sms_user();
    s.groups = vec![SALES.to_uppercase()];
    nudged(fresh(&p, &s));
}

#[test]
fn exclusion_by_user_wins_over_inclusion() {
    let p = policy(json!({"excludeTargets": [{"id": USER, "targetType": "user"}]}));
    passes(fresh(&p, &sms_user()), "excluded");
}

#[test]
fn exclusion_by_group_wins_over_inclusion_by_user() {
    let p = policy(json!({
        "includeTargets": [{"id": USER, "targetType": "user"}],
        "excludeTargets": [{"id": SALES, "targetType": "group"}]
    }));
    passes(fresh(&p, &sms_user()), "excluded");
}

#[test]
fn authenticator_disabled_in_method_policy_means_not_eligible() {
    let p = policy(json!({}))
        .apply_authenticator_patch(&json!({"state": "disabled"}))
        .unwrap();
    passes(fresh(&p, &sms_user()), "authenticatorNotEnabled");
}

#[test]
fn authenticator_not_enabled_for_this_user_means_not_eligible() {
    let p = policy(json!({}))
        .apply_authenticator_patch(&json!({"includeTargets": [{"id": CONTRACTORS, "targetType": "group", "authenticationMode": "any"}]}))
        .unwrap();
    passes(fresh(&p, &sms_user()), "authenticatorNotEnabled");
    let p = policy(json!({}))
        .apply_authenticator_patch(
            &json!({"excludeTargets": [{"id": SALES, "targetType": "group"}]}),
        )
        .unwrap();
    passes(fresh(&p, &sms_user()), "authenticatorNotEnabled");
}

#[test]
fn authenticator_push_or_any_mode_is_eligible() {
    for mode in ["any", "push"] {
        let p = policy(json!({}))
            .apply_authenticator_patch(&json!({"includeTargets": [{"id": SALES, "targetType": "group", "authenticationMode": mode}]}))
            .unwrap();
        nudged(fresh(&p, &sms_user()));
    }
}

#[test]
fn passwordless_mode_is_not_eligible() {
    let p = policy(json!({}))
        .apply_authenticator_patch(&json!({"includeTargets": [{"id": "all_users", "targetType": "group", "authenticationMode": "deviceBasedPush"}]}))
        .unwrap();
    passes(fresh(&p, &sms_user()), "passwordlessMode");
}

#[test]
fn a_push_target_outweighs_a_passwordless_target() {
    let p = policy(json!({}))
        .apply_authenticator_patch(&json!({"includeTargets": [
            {"id": "all_users", "targetType": "group", "authenticationMode": "deviceBasedPush"},
            {"id": SALES, "targetType": "group", "authenticationMode": "push"}
        ]}))
        .unwrap();
    nudged(fresh(&p, &sms_user()));
}

#[test]
fn authenticator_push_already_set_up_means_no_nudge() {
    for method in [
        AuthMethod::MicrosoftAuthenticatorPush,
        AuthMethod::MicrosoftAuthenticatorPasswordless,
    ] {
        let mut s = sms_user();
        s.registered_methods = vec![AuthMethod::Sms, method];
        passes(fresh(&policy(json!({})), &s), "alreadyRegistered");
    }
}

#[test]
fn authenticator_for_codes_only_or_a_third_party_app_is_nudged() {
    for method in [
        AuthMethod::MicrosoftAuthenticatorOath,
        AuthMethod::SoftwareOath,
    ] {
        let mut s = sms_user();
        s.registered_methods = vec![method];
        s.mfa_method = method;
        nudged(fresh(&policy(json!({})), &s));
    }
}

#[test]
fn no_nudge_on_ios_or_android() {
    let mut s = sms_user();
    s.client = ClientKind::from_user_agent(Some(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
    ));
    passes(fresh(&policy(json!({})), &s), "mobileDevice");
}

#[test]
fn no_nudge_in_a_non_browser_client() {
    let mut s = sms_user();
    s.client = ClientKind::NonBrowser;
    passes(fresh(&policy(json!({})), &s), "nonBrowserClient");
}

#[test]
fn no_nudge_in_sso_without_interactive_mfa() {
    let mut s = sms_user();
    s.interactive = false;
    passes(fresh(&policy(json!({})), &s), "singleSignOn");
}

#[test]
fn no_nudge_in_the_session_that_registered_another_method() {
    let mut s = sms_user();
    s.registered_method_this_session = true;
    passes(fresh(&policy(json!({})), &s), "registeredMethodThisSession");
}

#[test]
fn no_nudge_when_conditional_access_blocks_registration() {
    let mut s = sms_user();
    s.conditional_access.registration_blocked = true;
    passes(
        fresh(&policy(json!({})), &s),
        "registrationBlockedByConditionalAccess",
    );
}

#[test]
fn no_nudge_when_terms_of_use_are_shown() {
    let mut s = sms_user();
    s.conditional_access.terms_of_use = true;
    passes(fresh(&policy(json!({})), &s), "termsOfUse");
}

#[test]
fn no_nudge_when_a_custom_control_redirects() {
    let mut s = sms_user();
    s.conditional_access.custom_control = true;
    passes(fresh(&policy(json!({})), &s), "customControl");
}

#[test]
fn guests_in_scope_are_nudged() {
    let mut s = sms_user();
    s.user_type = UserType::Guest;
    nudged(fresh(&policy(json!({})), &s));
}

#[test]
fn snoozed_users_pass_until_the_snooze_duration_has_passed() {
    let p = policy(json!({"snoozeDurationInDays": 3}));
    let at = NOW - Duration::days(2);
    let d = decide_with(&p, &sms_user(), &snoozed(1, at), TenantPlan::Paid);
    assert_eq!(
        d,
        Decision::PassThrough(PassReason::Snoozed {
            until: at + Duration::days(3)
        })
    );
    // Exactly when the snooze ends, the nudge is back with one skip fewer.
    let d = decide_with(
        &p,
        &sms_user(),
        &snoozed(1, NOW - Duration::days(3)),
        TenantPlan::Paid,
    );
    assert_eq!(
        d,
        Decision::Nudge {
            deadline: None,
            method: MicrosoftAuthenticator,
            skips_left: Some(2),
            snooze_until: NOW + Duration::days(3),
            allowed_snoozes: Some(3),
        }
    );
}

#[test]
fn snooze_zero_nudges_at_every_mfa() {
    let p =
        policy(json!({"snoozeDurationInDays": 0, "enforceRegistrationAfterAllowedSnoozes": false}));
    let d = decide_with(&p, &sms_user(), &snoozed(7, NOW), TenantPlan::Paid);
    assert_eq!(
        d,
        Decision::Nudge {
            deadline: None,
            method: MicrosoftAuthenticator,
            skips_left: None,
            snooze_until: NOW,
            allowed_snoozes: None,
        }
    );
}

#[test]
fn limited_snoozes_allow_three_then_require_registration() {
    let p = policy(json!({"snoozeDurationInDays": 0}));
    for (count, left) in [(0, 3), (1, 2), (2, 1)] {
        let d = decide_with(
            &p,
            &sms_user(),
            &snoozed(count, NOW - Duration::hours(1)),
            TenantPlan::Paid,
        );
        assert_eq!(
            d,
            Decision::Nudge {
                deadline: None,
                method: MicrosoftAuthenticator,
                skips_left: Some(left),
                snooze_until: NOW,
                allowed_snoozes: Some(3),
            }
        );
    }
    let d = decide_with(
        &p,
        &sms_user(),
        &snoozed(3, NOW - Duration::hours(1)),
        TenantPlan::Paid,
    );
    assert_eq!(
        d,
        Decision::RequireRegistration {
            method: MicrosoftAuthenticator,
            because: Required::SnoozeLimitReached,
        }
    );
    assert_eq!(d.reason_code(), "snoozeLimitReached");
}

#[test]
fn required_registration_waits_for_the_last_snooze_to_run_out() {
    let p = policy(json!({"snoozeDurationInDays": 1}));
    let d = decide_with(
        &p,
        &sms_user(),
        &snoozed(3, NOW - Duration::hours(1)),
        TenantPlan::Paid,
    );
    passes(d, "snoozed");
    let d = decide_with(
        &p,
        &sms_user(),
        &snoozed(3, NOW - Duration::days(1)),
        TenantPlan::Paid,
    );
    assert_eq!(
        d,
        Decision::RequireRegistration {
            method: MicrosoftAuthenticator,
            because: Required::SnoozeLimitReached,
        }
    );
}

#[test]
fn unlimited_snoozes_never_require_registration() {
    let p = policy(json!({"enforceRegistrationAfterAllowedSnoozes": false}));
    let d = decide_with(
        &p,
        &sms_user(),
        &snoozed(50, NOW - Duration::days(2)),
        TenantPlan::Paid,
    );
    assert!(
        matches!(
            d,
            Decision::Nudge {
                deadline: None,
                method: MicrosoftAuthenticator,
                skips_left: None,
                ..
            }
        ),
        "{d:?}"
    );
}

#[test]
fn free_and_trial_tenants_get_at_most_three_snoozes() {
    let p = policy(json!({"enforceRegistrationAfterAllowedSnoozes": false}));
    for plan in [TenantPlan::Free, TenantPlan::Trial] {
        let d = decide_with(&p, &sms_user(), &snoozed(2, NOW - Duration::days(2)), plan);
        assert!(
            matches!(
                d,
                Decision::Nudge {
                    deadline: None,
                    method: MicrosoftAuthenticator,
                    skips_left: Some(1),
                    ..
                }
            ),
            "{d:?}"
        );
        let d = decide_with(&p, &sms_user(), &snoozed(3, NOW - Duration::days(2)), plan);
        assert_eq!(
            d,
            Decision::RequireRegistration {
                method: MicrosoftAuthenticator,
                because: Required::SnoozeLimitReached,
            }
        );
    }
}

#[test]
fn snooze_counts_survive_policy_changes() {
    // The count lives in the user's state, not the policy: a new duration applies to it at once.
    let state = snoozed(3, NOW - Duration::days(2));
    let p = policy(
        json!({"snoozeDurationInDays": 14, "enforceRegistrationAfterAllowedSnoozes": false}),
    );
    passes(
        decide_with(&p, &sms_user(), &state, TenantPlan::Paid),
        "snoozed",
    );
    let p = p
        .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"snoozeDurationInDays": 1, "enforceRegistrationAfterAllowedSnoozes": true}}}))
        .unwrap();
    assert_eq!(
        decide_with(&p, &sms_user(), &state, TenantPlan::Paid),
        Decision::RequireRegistration {
            method: MicrosoftAuthenticator,
            because: Required::SnoozeLimitReached,
        }
    );
}

#[test]
fn registration_through_the_campaign_ends_the_nudges() {
    let state = UserCampaignState {
        snooze_count: 3,
        last_snoozed_at: None,
        registered_at: Some(NOW - Duration::days(30)),
    };
    passes(
        decide_with(&policy(json!({})), &sms_user(), &state, TenantPlan::Paid),
        "alreadyRegistered",
    );
}

#[test]
fn rules_are_checked_in_the_documented_order() {
    // Excluded and on a phone: the policy reason comes first.
    let p = policy(json!({"excludeTargets": [{"id": SALES, "targetType": "group"}]}));
    let mut s = sms_user();
    s.client = ClientKind::Mobile;
    passes(fresh(&p, &s), "excluded");
    // Disabled beats everything.
    passes(
        fresh(&policy(json!({"state": "disabled"})), &s),
        "campaignDisabled",
    );
}

#[test]
fn campaign_rules_index_a_large_policy() {
    let include: Vec<Value> = (0..1000)
        .map(|i| json!({"id": format!("00000000-0000-0000-0000-{i:012}"), "targetType": "group"}))
        .collect();
    let exclude: Vec<Value> = (0..1000)
        .map(|i| json!({"id": format!("10000000-0000-0000-0000-{i:012}"), "targetType": "group"}))
        .collect();
    let p = policy(json!({"includeTargets": include, "excludeTargets": exclude}));
    let mut s = sms_user();
    s.groups = (0..50)
        .map(|i| format!("20000000-0000-0000-0000-{i:012}"))
        .collect();
    passes(fresh(&p, &s), "notTargeted");
    s.groups.push("00000000-0000-0000-0000-000000000999".into());
    nudged(fresh(&p, &s));
    s.groups.push("10000000-0000-0000-0000-000000000500".into());
    passes(fresh(&p, &s), "excluded");
}
