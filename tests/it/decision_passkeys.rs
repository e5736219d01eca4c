//! The passkey campaign's rules (issue 11): who is nudged for a passkey, and how the Microsoft
//! managed state chooses between a passkey and the Authenticator.

use registration_campaign::decision::{CampaignRules, Decision, Required, decide};
use registration_campaign::policy::{AuthenticationMethodsPolicy, TargetedMethod};
use registration_campaign::{
    AuthMethod, ClientKind, Enforcement, KnownPasskey, Platform, SignInFacts, TenantSettings,
    UserCampaignState, UserType,
};
use serde_json::{Value, json};
use time::Duration;
use time::macros::datetime;

const USER: &str = "5f7c2a51-4b0e-4c3a-9d8e-0a1b2c3d4e5f";
const SALES: &str = "3ee3a9de-0a86-4e12-a287-9769accf1ba2";
const PROFILE: &str = "9a4c9f1e-2c4b-4e6d-8a3f-1b2c3d4e5f60";
const NOW: time::OffsetDateTime = datetime!(2026-11-28 09:00 UTC);

/// A campaign in `state` targeting all users with `method`, and the Fido2 configuration given.
fn policy(state: &str, method: &str, fido2: Value) -> AuthenticationMethodsPolicy {
    AuthenticationMethodsPolicy::default()
        .apply_patch(
            &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": state, "snoozeDurationInDays": 3,
            "includeTargets": [{"id": "all_users", "targetType": "group",
                                "targetedAuthenticationMethod": method}]}}}),
        )
        .unwrap()
        .apply_method_patch("Fido2", &fido2)
        .unwrap()
}

fn passkeys_on() -> Value {
    json!({"state": "enabled"})
}

fn member(mfa: AuthMethod) -> SignInFacts {
    let mut facts = SignInFacts::new(USER, mfa);
    facts.groups = vec![SALES.into()];
    facts
}

fn decide_for(policy: &AuthenticationMethodsPolicy, facts: &SignInFacts) -> Decision {
    decide_in(policy, facts, &UserCampaignState::default())
}

fn decide_in(
    policy: &AuthenticationMethodsPolicy,
    facts: &SignInFacts,
    state: &UserCampaignState,
) -> Decision {
    decide(
        &CampaignRules::new(policy),
        facts,
        state,
        &TenantSettings::default(),
        NOW,
    )
}

#[test]
fn a_fido2_target_nudges_for_a_passkey_after_mfa_by_any_method() {
    let p = policy("enabled", "fido2", passkeys_on());
    for mfa in [
        AuthMethod::Sms,
        AuthMethod::MicrosoftAuthenticatorPush,
        AuthMethod::Email,
    ] {
        let d = decide_for(&p, &member(mfa));
        assert_eq!(d.method(), Some(TargetedMethod::Fido2), "{mfa:?}: {d:?}");
        assert!(
            matches!(
                d,
                Decision::Nudge {
                    deadline: None,
                    skips_left: Some(3),
                    ..
                }
            ),
            "{d:?}"
        );
        assert_eq!(d.explain().targeted_method, Some("fido2"));
    }
}

#[test]
fn only_users_enabled_for_passkeys_are_nudged_for_one() {
    let off = policy("enabled", "fido2", json!({"state": "disabled"}));
    assert_eq!(
        decide_for(&off, &member(AuthMethod::Sms)).reason_code(),
        "notEnabledForPasskeys"
    );
    let excluded = policy(
        "enabled",
        "fido2",
        json!({"state": "enabled", "excludeTargets": [{"id": SALES, "targetType": "group"}]}),
    );
    assert_eq!(
        decide_for(&excluded, &member(AuthMethod::Sms)).reason_code(),
        "notEnabledForPasskeys"
    );
    let other_group = policy(
        "enabled",
        "fido2",
        json!({"state": "enabled", "includeTargets": [
            {"id": "dad4ae4a-730c-4e52-826c-0d9094971f04", "targetType": "group"}]}),
    );
    assert_eq!(
        decide_for(&other_group, &member(AuthMethod::Sms)).reason_code(),
        "notEnabledForPasskeys"
    );
    let profiled = policy(
        "enabled",
        "fido2",
        json!({"state": "enabled",
               "includeTargets": [{"id": SALES, "targetType": "group", "allowedPasskeyProfiles": [PROFILE]}],
               "passkeyProfiles": [{"id": PROFILE, "name": "Keys", "passkeyTypes": "deviceBound",
                                    "attestationEnforcement": "disabled",
                                    "keyRestrictions": {"isEnforced": false, "enforcementType": "block", "aaGuids": []}}]}),
    );
    assert!(matches!(
        decide_for(&profiled, &member(AuthMethod::Sms)),
        Decision::Nudge {
            deadline: None,
            method: TargetedMethod::Fido2,
            ..
        }
    ));
}

#[test]
fn guests_are_not_nudged_for_passkeys() {
    let p = policy("enabled", "fido2", passkeys_on());
    let mut guest = member(AuthMethod::Sms);
    guest.user_type = UserType::Guest;
    assert_eq!(decide_for(&p, &guest).reason_code(), "guestPasskey");
}

#[test]
fn a_passkey_usable_from_this_browser_means_no_nudge_but_one_elsewhere_does_not() {
    let p = policy("enabled", "fido2", passkeys_on());
    let mut facts = member(AuthMethod::Sms);
    facts.platform = Platform::Windows;
    facts.passkeys = vec![KnownPasskey {
        aaguid: Some("fbfc3007-154e-4ecc-8c0b-6e020557d7bd".into()),
        backup_eligible: true,
        transports: vec!["internal".into()],
    }];
    assert!(
        decide_for(&p, &facts).shows_campaign(),
        "an iCloud Keychain passkey does not help on Windows"
    );
    facts.platform = Platform::Apple;
    assert_eq!(
        decide_for(&p, &facts).reason_code(),
        "passkeyAlreadyUsableHere"
    );
    facts.platform = Platform::Windows;
    facts.passkeys.push(KnownPasskey {
        aaguid: Some("cb69481e-8ff7-4039-93ec-0a2729a154a8".into()),
        backup_eligible: false,
        transports: vec!["usb".into()],
    });
    assert_eq!(
        decide_for(&p, &facts).reason_code(),
        "passkeyAlreadyUsableHere"
    );
}

#[test]
fn a_sign_in_with_a_passkey_is_never_nudged_for_one() {
    let p = policy("enabled", "fido2", passkeys_on());
    // The host may know nothing of the passkey (an unknown provider, no details): the MFA
    // itself shows one works here.
    let d = decide_for(&p, &member(AuthMethod::Fido2));
    assert_eq!(d.reason_code(), "passkeyAlreadyUsableHere");
}

#[test]
fn phones_are_nudged_for_passkeys_but_apps_are_not() {
    let p = policy("enabled", "fido2", passkeys_on());
    let mut facts = member(AuthMethod::Sms);
    facts.client = ClientKind::Mobile;
    assert!(decide_for(&p, &facts).shows_campaign());
    facts.client = ClientKind::NonBrowser;
    assert_eq!(decide_for(&p, &facts).reason_code(), "nonBrowserClient");
    // ... until registration is required: then strict enforcement holds them too.
    let required = UserCampaignState {
        snooze_count: 3,
        last_snoozed_at: Some(NOW - Duration::days(30)),
        registered_at: None,
    };
    assert_eq!(
        decide_in(&p, &facts, &required),
        Decision::RequireRegistration {
            method: TargetedMethod::Fido2,
            because: Required::SnoozeLimitReached,
        }
    );
    assert_eq!(TenantSettings::default().enforcement, Enforcement::Strict);
}

#[test]
fn exclusions_snoozes_and_the_limit_apply_as_for_the_authenticator() {
    let p = policy("enabled", "fido2", passkeys_on());
    let facts = member(AuthMethod::Sms);
    let snoozed = UserCampaignState {
        snooze_count: 1,
        last_snoozed_at: Some(NOW - Duration::days(1)),
        registered_at: None,
    };
    assert_eq!(decide_in(&p, &facts, &snoozed).reason_code(), "snoozed");
    let done = UserCampaignState {
        snooze_count: 3,
        last_snoozed_at: Some(NOW - Duration::days(4)),
        registered_at: None,
    };
    assert_eq!(decide_in(&p, &facts, &done).kind(), "requireRegistration");
    let excluded = AuthenticationMethodsPolicy::default()
        .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled",
            "excludeTargets": [{"id": SALES, "targetType": "group"}],
            "includeTargets": [{"id": "all_users", "targetType": "group", "targetedAuthenticationMethod": "fido2"}]}}}))
        .unwrap()
        .apply_method_patch("Fido2", &passkeys_on())
        .unwrap();
    assert_eq!(decide_for(&excluded, &facts).reason_code(), "excluded");
}

#[test]
fn microsoft_managed_prefers_passkeys_with_a_day_of_snooze_and_unlimited_skips() {
    let p = policy("default", "microsoftAuthenticator", passkeys_on());
    // Passkeys are enabled: any MFA method, one-day snooze, no limit even after many skips.
    let many = UserCampaignState {
        snooze_count: 7,
        last_snoozed_at: Some(NOW - Duration::days(1)),
        registered_at: None,
    };
    let d = decide_in(&p, &member(AuthMethod::MicrosoftAuthenticatorPush), &many);
    assert_eq!(
        d,
        Decision::Nudge {
            deadline: None,
            skips_left: None,
            snooze_until: NOW + Duration::days(1),
            allowed_snoozes: None,
            method: TargetedMethod::Fido2
        }
    );
    // A guest, or passkeys off: the Authenticator's Microsoft managed behaviour, as before.
    let mut guest = member(AuthMethod::Sms);
    guest.user_type = UserType::Guest;
    assert_eq!(
        decide_for(&p, &guest).method(),
        Some(TargetedMethod::MicrosoftAuthenticator)
    );
    let off = policy(
        "default",
        "microsoftAuthenticator",
        json!({"state": "disabled"}),
    );
    assert_eq!(
        decide_for(&off, &member(AuthMethod::Sms)).method(),
        Some(TargetedMethod::MicrosoftAuthenticator)
    );
    assert_eq!(
        decide_for(&off, &member(AuthMethod::Email)).reason_code(),
        "notTelephonyMfa"
    );
}

#[test]
fn the_snooze_count_survives_a_change_of_targeted_method() {
    let authenticator = policy("enabled", "microsoftAuthenticator", passkeys_on());
    let passkey = policy("enabled", "fido2", passkeys_on());
    let state = UserCampaignState {
        snooze_count: 2,
        last_snoozed_at: Some(NOW - Duration::days(5)),
        registered_at: None,
    };
    let facts = member(AuthMethod::Sms);
    assert!(matches!(
        decide_in(&authenticator, &facts, &state),
        Decision::Nudge {
            deadline: None,
            skips_left: Some(1),
            method: TargetedMethod::MicrosoftAuthenticator,
            ..
        }
    ));
    assert!(matches!(
        decide_in(&passkey, &facts, &state),
        Decision::Nudge {
            deadline: None,
            skips_left: Some(1),
            method: TargetedMethod::Fido2,
            ..
        }
    ));
}
