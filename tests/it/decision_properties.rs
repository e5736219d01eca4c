//! Properties of the decision engine and the snooze state machine over generated inputs.

use std::sync::Arc;

use proptest::prelude::*;
use registration_campaign::decision::{CampaignRules, Decision, allowed_snoozes, decide};
use registration_campaign::policy::{AuthenticationMethodsPolicy, TargetedMethod};
use registration_campaign::store::{CampaignStore, MemoryStore, SnoozeOutcome};
use registration_campaign::{
    AuthMethod, ClientKind, ConditionalAccessSignals, SignInFacts, TenantPlan, TenantSettings,
    UserCampaignState, UserType,
};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

const IDS: [&str; 4] = [
    "00000000-0000-0000-0000-000000000001",
    "00000000-0000-0000-0000-000000000002",
    "00000000-0000-0000-0000-000000000003",
    "00000000-0000-0000-0000-000000000004",
];

fn method() -> impl Strategy<Value = AuthMethod> {
    prop_oneof![
        Just(AuthMethod::Sms),
        Just(AuthMethod::Voice),
        Just(AuthMethod::Email),
        Just(AuthMethod::SoftwareOath),
        Just(AuthMethod::MicrosoftAuthenticatorPush),
        Just(AuthMethod::MicrosoftAuthenticatorOath),
        Just(AuthMethod::MicrosoftAuthenticatorPasswordless),
        Just(AuthMethod::Fido2),
    ]
}

fn target() -> impl Strategy<Value = serde_json::Value> {
    (0..IDS.len() + 1, any::<bool>()).prop_map(|(i, user)| match IDS.get(i) {
        Some(id) => json!({"id": id, "targetType": if user { "user" } else { "group" }}),
        None => json!({"id": "all_users", "targetType": "group"}),
    })
}

fn policy() -> impl Strategy<Value = AuthenticationMethodsPolicy> {
    (
        prop_oneof![Just("default"), Just("enabled"), Just("disabled")],
        0u8..=14,
        any::<bool>(),
        proptest::collection::vec(
            (target(), prop_oneof![Just("microsoftAuthenticator"), Just("fido2")]),
            0..4,
        ),
        proptest::collection::vec(target(), 0..3),
        prop_oneof![Just("any"), Just("push"), Just("deviceBasedPush")],
        prop_oneof![Just("enabled"), Just("disabled")],
    )
        .prop_filter_map(
            "duplicate targets",
            |(state, snooze, enforce, include, exclude, mode, fido2)| {
                let include: Vec<Value> = include
                    .into_iter()
                    .map(|(mut target, method)| {
                        target["targetedAuthenticationMethod"] = json!(method);
                        target
                    })
                    .collect();
                AuthenticationMethodsPolicy::default()
                .apply_patch(&json!({
                    "registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
                        "state": state, "snoozeDurationInDays": snooze,
                        "enforceRegistrationAfterAllowedSnoozes": enforce,
                        "includeTargets": include, "excludeTargets": exclude}},
                    "authenticationMethodConfigurations": [
                        {"id": "MicrosoftAuthenticator",
                         "includeTargets": [{"id": "all_users", "targetType": "group", "authenticationMode": mode}]},
                        {"id": "Fido2", "state": fido2}]
                }))
                .ok()
            },
        )
}

fn sign_in() -> impl Strategy<Value = SignInFacts> {
    (
        0..IDS.len(),
        proptest::collection::vec(0..IDS.len(), 0..3),
        proptest::collection::vec(method(), 0..3),
        method(),
        any::<[bool; 6]>(),
        prop_oneof![
            Just(ClientKind::DesktopBrowser),
            Just(ClientKind::Mobile),
            Just(ClientKind::NonBrowser)
        ],
    )
        .prop_map(|(user, groups, methods, mfa, flags, client)| {
            let mut facts = SignInFacts::new(IDS[user], mfa);
            facts.user_type = if flags[0] {
                UserType::Guest
            } else {
                UserType::Member
            };
            facts.groups = groups.into_iter().map(|g| IDS[g].to_owned()).collect();
            facts.registered_methods = methods;
            facts.registered_method_this_session = flags[1];
            facts.interactive = flags[2];
            facts.client = client;
            facts.conditional_access = ConditionalAccessSignals {
                registration_blocked: flags[3],
                terms_of_use: flags[4],
                custom_control: flags[5],
            };
            facts
        })
}

fn user_state() -> impl Strategy<Value = UserCampaignState> {
    (
        0u32..10,
        proptest::option::of(-30i64..30),
        proptest::option::of(-30i64..0),
    )
        .prop_map(|(count, snoozed, registered)| UserCampaignState {
            snooze_count: count,
            last_snoozed_at: snoozed.map(|d| now() + Duration::days(d)),
            registered_at: registered.map(|d| now() + Duration::days(d)),
        })
}

fn now() -> OffsetDateTime {
    time::macros::datetime!(2026-11-28 09:00 UTC)
}

fn plan() -> impl Strategy<Value = TenantPlan> {
    prop_oneof![
        Just(TenantPlan::Paid),
        Just(TenantPlan::Free),
        Just(TenantPlan::Trial)
    ]
}

fn is_excluded(policy: &AuthenticationMethodsPolicy, s: &SignInFacts) -> bool {
    use registration_campaign::policy::{TargetId, TargetType};
    policy
        .campaign()
        .exclude_targets
        .iter()
        .any(|t| match (&t.id, t.target_type) {
            (TargetId::AllUsers, _) => true,
            (TargetId::Object(id), TargetType::User) => *id == s.user_id,
            (TargetId::Object(id), TargetType::Group) => s.groups.contains(id),
        })
}

proptest! {
    #[test]
    fn excluded_users_are_never_nudged(p in policy(), s in sign_in(), st in user_state(), plan in plan()) {
        let d = decide(&CampaignRules::new(&p), &s, &st, &TenantSettings { plan, ..Default::default() }, now());
        if is_excluded(&p, &s) {
            prop_assert!(!d.shows_campaign(), "{d:?}");
        }
    }

    #[test]
    fn disabled_campaigns_never_nudge(p in policy(), s in sign_in(), st in user_state(), plan in plan()) {
        let d = decide(&CampaignRules::new(&p), &s, &st, &TenantSettings { plan, ..Default::default() }, now());
        if p.campaign().state == registration_campaign::policy::CampaignState::Disabled {
            prop_assert_eq!(d.reason_code(), "campaignDisabled");
        }
    }

    /// The way out of every required state (issue 21): the flow refuses to start an enrollment
    /// for a user who registered through the campaign, so no decision may nudge or require
    /// such a user, whatever method the campaign now targets (a TOTP registrant under a
    /// passkey campaign, a passkey whose provider nobody knows).
    #[test]
    fn no_decision_asks_a_campaign_registrant_for_what_the_flow_refuses(
        p in policy(), s in sign_in(), st in user_state(), plan in plan(), hours in 0i64..10_000
    ) {
        let rules = CampaignRules::new(&p);
        let tenant = TenantSettings { plan, ..Default::default() };
        let registered = UserCampaignState {
            registered_at: Some(now() - Duration::hours(hours)),
            ..st
        };
        let d = decide(&rules, &s, &registered, &tenant, now());
        prop_assert!(matches!(d, Decision::PassThrough(_)), "{:?} for {:?}", d, registered);
    }

    #[test]
    fn skips_left_never_exceed_the_limit(p in policy(), s in sign_in(), st in user_state(), plan in plan()) {
        let rules = CampaignRules::new(&p);
        let tenant = TenantSettings { plan, ..Default::default() };
        let d = decide(&rules, &s, &st, &tenant, now());
        let managed_passkey = p.campaign().state == registration_campaign::policy::CampaignState::Default;
        if let Decision::Nudge { skips_left, method, .. } = d {
            if managed_passkey && method == TargetedMethod::Fido2 {
                // Microsoft managed passkey nudges have unlimited skips, whatever the plan.
                prop_assert_eq!(skips_left, None);
                return Ok(());
            }
            match allowed_snoozes(&rules, &tenant) {
                Some(limit) => {
                    prop_assert!(st.snooze_count < limit);
                    prop_assert_eq!(skips_left, Some(limit - st.snooze_count));
                }
                None => prop_assert_eq!(skips_left, None),
            }
        }
        if plan != TenantPlan::Paid {
            prop_assert!(allowed_snoozes(&rules, &tenant) == Some(3));
        }
    }

    #[test]
    fn the_same_inputs_give_the_same_decision(p in policy(), s in sign_in(), st in user_state(), plan in plan()) {
        let tenant = TenantSettings { plan, ..Default::default() };
        let a = decide(&CampaignRules::new(&p), &s, &st, &tenant, now());
        let b = decide(&CampaignRules::new(&p.clone()), &s.clone(), &st, &tenant, now());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn only_browsers_are_nudged_and_only_desktops_for_the_authenticator(p in policy(), s in sign_in(), st in user_state()) {
        let d = decide(&CampaignRules::new(&p), &s, &st, &TenantSettings::default(), now());
        if let Decision::Nudge { method, .. } = d {
            prop_assert!(s.interactive);
            match method {
                TargetedMethod::MicrosoftAuthenticator => prop_assert_eq!(s.client, ClientKind::DesktopBrowser),
                // Phones make passkeys; apps and scripts cannot.
                TargetedMethod::Fido2 => prop_assert_ne!(s.client, ClientKind::NonBrowser),
            }
        }
    }

    #[test]
    fn policy_parsing_never_panics(text in "\\PC{0,200}") {
        let _ = AuthenticationMethodsPolicy::from_json(&text);
    }

    #[test]
    fn concurrent_snoozes_count_each_attempt_once_within_the_limit(
        attempts in proptest::collection::vec(0u8..8, 1..40),
        limit in proptest::option::of(0u32..6),
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(4).build().unwrap();
        let distinct = attempts.iter().collect::<std::collections::HashSet<_>>().len() as u32;
        let (counted, state) = runtime.block_on(async {
            let store = Arc::new(MemoryStore::new());
            let tasks: Vec<_> = attempts.iter().map(|a| {
                let store = store.clone();
                let attempt = format!("attempt-{a}");
                tokio::spawn(async move { store.record_snooze(&registration_campaign::TenantId::default_tenant(), "u", &attempt, now(), limit).await.unwrap() })
            }).collect();
            let mut counted = 0;
            for t in tasks {
                if t.await.unwrap().outcome == SnoozeOutcome::Counted { counted += 1; }
            }
            (counted, store.user_state(&registration_campaign::TenantId::default_tenant(), "u").await.unwrap())
        });
        let expected = limit.map_or(distinct, |l| distinct.min(l));
        prop_assert_eq!(counted, expected);
        prop_assert_eq!(state.snooze_count, expected);
    }
}
