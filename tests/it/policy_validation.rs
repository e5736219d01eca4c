//! Validation errors name the property path and the rule; PATCH merges only what it names.

use registration_campaign::policy::{
    AuthenticationMethodsPolicy, AuthenticationMode, CampaignState, PolicyError,
};
use serde_json::{Value, json};

const CAMPAIGN: &str = "registrationEnforcement.authenticationMethodsRegistrationCampaign";
const GROUP: &str = "3ee3a9de-0a86-4e12-a287-9769accf1ba2";

fn campaign(fields: Value) -> Value {
    json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": fields}})
}

fn errors(doc: Value) -> Vec<(String, String)> {
    let err: PolicyError = AuthenticationMethodsPolicy::from_value(&doc).unwrap_err();
    err.violations()
        .iter()
        .map(|v| (v.path.clone(), v.rule.clone()))
        .collect()
}

fn single_error(doc: Value) -> (String, String) {
    let mut all = errors(doc);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

#[test]
fn snooze_outside_0_to_14_is_rejected() {
    for days in [-1, 15, 365] {
        let (path, rule) = single_error(campaign(json!({"snoozeDurationInDays": days})));
        assert_eq!(path, format!("{CAMPAIGN}.snoozeDurationInDays"));
        assert!(rule.contains("between 0 and 14"), "{rule}");
    }
    for days in [0, 14] {
        let policy = AuthenticationMethodsPolicy::from_value(&campaign(
            json!({"snoozeDurationInDays": days}),
        ))
        .unwrap();
        assert_eq!(i64::from(policy.campaign().snooze_duration_in_days), days);
    }
}

#[test]
fn wrong_json_types_are_rejected_with_the_path() {
    let cases = [
        (json!({"snoozeDurationInDays": "1"}), "snoozeDurationInDays"),
        (json!({"snoozeDurationInDays": 1.5}), "snoozeDurationInDays"),
        (
            json!({"snoozeDurationInDays": null}),
            "snoozeDurationInDays",
        ),
        (
            json!({"enforceRegistrationAfterAllowedSnoozes": "true"}),
            "enforceRegistrationAfterAllowedSnoozes",
        ),
        (json!({"state": true}), "state"),
        (json!({"includeTargets": {}}), "includeTargets"),
        (json!({"excludeTargets": "none"}), "excludeTargets"),
        (json!({"includeTargets": [7]}), "includeTargets[0]"),
    ];
    for (fields, field) in cases {
        let (path, _) = single_error(campaign(fields.clone()));
        assert_eq!(path, format!("{CAMPAIGN}.{field}"), "{fields}");
    }
    let (path, _) = single_error(json!({"registrationEnforcement": []}));
    assert_eq!(path, "registrationEnforcement");
    let (path, _) = single_error(json!([]));
    assert_eq!(path, "");
}

#[test]
fn unknown_state_is_rejected() {
    for state in ["on", "Enabled", "unknownFutureValue"] {
        let (path, rule) = single_error(campaign(json!({"state": state})));
        assert_eq!(path, format!("{CAMPAIGN}.state"));
        assert!(rule.contains(state), "{rule}");
    }
}

#[test]
fn unknown_target_type_is_rejected() {
    let (path, rule) = single_error(campaign(json!({"includeTargets": [
        {"id": GROUP, "targetType": "role", "targetedAuthenticationMethod": "microsoftAuthenticator"}
    ]})));
    assert_eq!(path, format!("{CAMPAIGN}.includeTargets[0].targetType"));
    assert!(rule.contains("role"));
}

#[test]
fn all_users_is_only_a_group() {
    let (path, rule) = single_error(campaign(json!({"includeTargets": [
        {"id": "all_users", "targetType": "user", "targetedAuthenticationMethod": "microsoftAuthenticator"}
    ]})));
    assert_eq!(path, format!("{CAMPAIGN}.includeTargets[0].targetType"));
    assert!(rule.contains("all_users"));
    let (path, _) = single_error(campaign(json!({"excludeTargets": [
        {"id": "all_users", "targetType": "user"}
    ]})));
    assert_eq!(path, format!("{CAMPAIGN}.excludeTargets[0].targetType"));
}

#[test]
fn unsupported_targeted_method_is_rejected() {
    for method in ["sms", "softwareOath", "", "passkey", "windowsHello"] {
        let (path, _) = single_error(campaign(json!({"includeTargets": [
            {"id": "all_users", "targetType": "group", "targetedAuthenticationMethod": method}
        ]})));
        assert_eq!(
            path,
            format!("{CAMPAIGN}.includeTargets[0].targetedAuthenticationMethod")
        );
    }
}

#[test]
fn fido2_targets_are_read_in_any_case_and_written_as_fido2() {
    for method in ["fido2", "Fido2", "FIDO2"] {
        let policy = AuthenticationMethodsPolicy::from_value(&campaign(json!({"includeTargets": [
            {"id": "all_users", "targetType": "group", "targetedAuthenticationMethod": method}
        ]})))
        .unwrap();
        assert_eq!(
            policy.to_value()["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]
                ["includeTargets"][0]["targetedAuthenticationMethod"],
            "fido2",
            "{method}"
        );
    }
}

#[test]
fn ids_must_be_guids_or_all_users() {
    for id in [
        "alice",
        "all-users",
        "ALL_USERS",
        "3ee3a9de0a864e12a2879769accf1ba2",
        "",
    ] {
        let (path, rule) = single_error(campaign(json!({"excludeTargets": [
            {"id": id, "targetType": "group"}
        ]})));
        assert_eq!(path, format!("{CAMPAIGN}.excludeTargets[0].id"));
        assert!(rule.contains("GUID"), "{rule}");
    }
}

#[test]
fn upper_case_guids_are_accepted_and_normalized() {
    let policy = AuthenticationMethodsPolicy::from_value(&campaign(json!({"excludeTargets": [
        {"id": GROUP.to_uppercase(), "targetType": "group"}
    ]})))
    .unwrap();
    assert_eq!(
        policy.to_value()["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]["excludeTargets"]
            [0]["id"],
        GROUP
    );
}

#[test]
fn unknown_properties_are_rejected_at_every_level() {
    let (path, _) = single_error(json!({"campaignMode": "on"}));
    assert_eq!(path, "campaignMode");
    let (path, _) = single_error(json!({"registrationEnforcement": {"nudge": {}}}));
    assert_eq!(path, "registrationEnforcement.nudge");
    let (path, _) = single_error(campaign(json!({"snoozeDays": 3})));
    assert_eq!(path, format!("{CAMPAIGN}.snoozeDays"));
    let (path, _) = single_error(campaign(json!({"includeTargets": [
        {"id": "all_users", "targetType": "group", "color": "blue"}
    ]})));
    assert_eq!(path, format!("{CAMPAIGN}.includeTargets[0].color"));
}

#[test]
fn odata_annotations_are_accepted_and_ignored() {
    let doc = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#authenticationMethodsPolicy",
        "registrationEnforcement": {
            "@odata.type": "#microsoft.graph.registrationEnforcement",
            "authenticationMethodsRegistrationCampaign": {
                "includeTargets@odata.context": "x",
                "state": "enabled"
            }
        }
    });
    let policy = AuthenticationMethodsPolicy::from_value(&doc).unwrap();
    assert_eq!(policy.campaign().state, CampaignState::Enabled);
}

#[test]
fn duplicate_targets_are_rejected() {
    let (path, rule) = single_error(campaign(json!({"includeTargets": [
        {"id": GROUP, "targetType": "group"},
        {"id": GROUP.to_uppercase(), "targetType": "group"}
    ]})));
    assert_eq!(path, format!("{CAMPAIGN}.includeTargets[1]"));
    assert!(rule.contains("includeTargets[0]"), "{rule}");
    // The same id as a user and as a group are different targets.
    AuthenticationMethodsPolicy::from_value(&campaign(json!({"excludeTargets": [
        {"id": GROUP, "targetType": "group"},
        {"id": GROUP, "targetType": "user"}
    ]})))
    .unwrap();
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let all = errors(campaign(json!({
        "snoozeDurationInDays": 20,
        "state": "on",
        "includeTargets": [{"id": "x", "targetType": "group"}]
    })));
    assert_eq!(all.len(), 3, "{all:?}");
}

#[test]
fn defaults_follow_graph() {
    let policy = AuthenticationMethodsPolicy::from_value(&json!({})).unwrap();
    let c =
        policy.to_value()["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]
            .clone();
    assert_eq!(
        c,
        json!({
            "snoozeDurationInDays": 1,
            "enforceRegistrationAfterAllowedSnoozes": true,
            "state": "default",
            "excludeTargets": [],
            "includeTargets": [{"id": "all_users", "targetType": "group", "targetedAuthenticationMethod": "microsoftAuthenticator"}]
        })
    );
    assert!(policy.authenticator().enabled);
    assert_eq!(
        policy.authenticator().include_targets[0].1,
        AuthenticationMode::Any
    );
}

#[test]
fn patch_changes_only_what_it_names() {
    let policy = AuthenticationMethodsPolicy::default()
        .apply_patch(&campaign(json!({
            "state": "enabled",
            "snoozeDurationInDays": 7,
            "excludeTargets": [{"id": GROUP, "targetType": "group"}]
        })))
        .unwrap();
    let patched = policy
        .apply_patch(&campaign(json!({"snoozeDurationInDays": 0})))
        .unwrap();
    let c = patched.campaign();
    assert_eq!(c.snooze_duration_in_days, 0);
    assert_eq!(
        c.state,
        CampaignState::Enabled,
        "state was not in the patch"
    );
    assert_eq!(
        c.exclude_targets.len(),
        1,
        "excludeTargets was not in the patch"
    );
    // Collections are replaced, not appended to.
    let cleared = patched
        .apply_patch(&campaign(json!({"excludeTargets": []})))
        .unwrap();
    assert!(cleared.campaign().exclude_targets.is_empty());
}

#[test]
fn a_rejected_patch_leaves_the_policy_unchanged() {
    let policy = AuthenticationMethodsPolicy::default()
        .apply_patch(&campaign(json!({"state": "enabled"})))
        .unwrap();
    let before = policy.to_value();
    let err = policy
        .apply_patch(&campaign(
            json!({"state": "disabled", "snoozeDurationInDays": 99}),
        ))
        .unwrap_err();
    assert_eq!(
        err.violations()[0].path,
        format!("{CAMPAIGN}.snoozeDurationInDays")
    );
    assert_eq!(policy.to_value(), before);
}

#[test]
fn patch_ignores_read_only_properties_but_not_a_foreign_id() {
    let policy = AuthenticationMethodsPolicy::default();
    let patched = policy
        .apply_patch(&json!({"displayName": "Mine", "policyVersion": "9"}))
        .unwrap();
    assert_eq!(
        patched.to_value()["displayName"],
        "Authentication Methods Policy"
    );
    let err = policy.apply_patch(&json!({"id": "other"})).unwrap_err();
    assert_eq!(err.violations()[0].path, "id");
    let err = policy.apply_patch(&json!([1])).unwrap_err();
    assert_eq!(err.violations()[0].path, "");
}

#[test]
fn authenticator_patch_changes_mode_and_validates() {
    let policy = AuthenticationMethodsPolicy::default();
    let patched = policy
        .apply_authenticator_patch(&json!({
            "includeTargets": [{"id": GROUP, "targetType": "group", "authenticationMode": "deviceBasedPush"}]
        }))
        .unwrap();
    assert_eq!(
        patched.authenticator().include_targets[0].1,
        AuthenticationMode::DeviceBasedPush
    );
    assert!(patched.authenticator().enabled);
    let doc = patched.authenticator_document();
    assert_eq!(
        doc["@odata.type"],
        "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration"
    );
    let err = policy
        .apply_authenticator_patch(&json!({"includeTargets": [{"id": GROUP, "targetType": "group", "authenticationMode": "sometimes"}]}))
        .unwrap_err();
    assert_eq!(
        err.violations()[0].path,
        "authenticationMethodConfigurations[0].includeTargets[0].authenticationMode"
    );
    let err = policy
        .apply_authenticator_patch(&json!({"state": "paused"}))
        .unwrap_err();
    assert!(err.violations()[0].path.ends_with(".state"));
}

#[test]
fn invalid_json_text_is_a_clear_error() {
    let err = AuthenticationMethodsPolicy::from_json("{\"registrationEnforcement\": ").unwrap_err();
    assert!(err.to_string().contains("not valid JSON"), "{err}");
}

fn fido2(config: Value) -> Result<AuthenticationMethodsPolicy, PolicyError> {
    AuthenticationMethodsPolicy::default().apply_method_patch("Fido2", &config)
}

const PROFILE_A: &str = "9a4c9f1e-2c4b-4e6d-8a3f-1b2c3d4e5f60";

fn profile(id: &str, types: &str) -> Value {
    json!({"id": id, "name": "Profile", "passkeyTypes": types,
           "attestationEnforcement": "disabled",
           "keyRestrictions": {"isEnforced": false, "enforcementType": "block", "aaGuids": []}})
}

#[test]
fn fido2_profiles_are_read_with_their_rules() {
    let policy = fido2(json!({
        "state": "enabled",
        "includeTargets": [{"id": "all_users", "targetType": "group", "isRegistrationRequired": false,
                            "allowedPasskeyProfiles": [PROFILE_A.to_uppercase()]}],
        "passkeyProfiles": [
            profile("00000000-0000-0000-0000-000000000001", "deviceBound,synced"),
            {"id": PROFILE_A, "name": "Security keys only", "passkeyTypes": "deviceBound",
             "attestationEnforcement": "registrationOnly",
             "keyRestrictions": {"isEnforced": true, "enforcementType": "allow",
                                 "aaGuids": ["CB69481E-8FF7-4039-93EC-0A2729A154A8"]}}
        ]
    }))
    .unwrap();
    let config = policy.fido2();
    assert!(config.enabled);
    let allowed = config.profiles_named(&config.include_targets[0].1);
    assert_eq!(allowed.len(), 1);
    let only = allowed[0];
    assert_eq!(only.id, PROFILE_A);
    assert!(only.device_bound && !only.synced && only.attestation_required);
    assert!(
        only.key_restrictions
            .permits("cb69481e-8ff7-4039-93ec-0a2729a154a8")
    );
    assert!(
        !only
            .key_restrictions
            .permits("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4")
    );
}

#[test]
fn a_policy_without_profiles_has_the_default_one_from_the_older_settings() {
    let policy = fido2(json!({"state": "enabled", "isAttestationEnforced": true})).unwrap();
    let config = policy.fido2();
    let allowed = config.profiles_named(&[]);
    assert_eq!(allowed.len(), 1);
    assert_eq!(allowed[0].id, "00000000-0000-0000-0000-000000000001");
    assert!(allowed[0].attestation_required && allowed[0].synced && allowed[0].device_bound);
}

#[test]
fn bad_fido2_configurations_are_rejected_with_the_path_and_change_nothing() {
    let path = "authenticationMethodConfigurations[1]";
    let cases = [
        (
            json!({"includeTargets": [{"id": "all_users", "targetType": "group",
                    "allowedPasskeyProfiles": [PROFILE_A]}]}),
            "includeTargets[0].allowedPasskeyProfiles[0]",
            "no passkey profile",
        ),
        (
            json!({"passkeyProfiles": [profile(PROFILE_A, "deviceBound"), profile(PROFILE_A, "synced")]}),
            "passkeyProfiles[1].id",
            "duplicate",
        ),
        (
            json!({"passkeyProfiles": [
                profile("00000000-0000-0000-0000-000000000001", "synced"),
                profile(PROFILE_A, "synced"),
                profile("9a4c9f1e-2c4b-4e6d-8a3f-1b2c3d4e5f61", "synced"),
                profile("9a4c9f1e-2c4b-4e6d-8a3f-1b2c3d4e5f62", "synced")]}),
            "passkeyProfiles",
            "at most 3",
        ),
        (
            json!({"passkeyProfiles": [profile(PROFILE_A, "cloud")]}),
            "passkeyProfiles[0].passkeyTypes",
            "unknown passkey type",
        ),
        (
            json!({"keyRestrictions": {"isEnforced": true, "enforcementType": "allow", "aaGuids": ["yubikey"]}}),
            "keyRestrictions.aaGuids[0]",
            "GUID",
        ),
        (
            json!({"keyRestrictions": {"isEnforced": true, "enforcementType": "sometimes", "aaGuids": []}}),
            "keyRestrictions.enforcementType",
            "allow or block",
        ),
        (
            json!({"isPasskeyMagic": true}),
            "isPasskeyMagic",
            "unknown property",
        ),
    ];
    let before = AuthenticationMethodsPolicy::default();
    for (config, field, rule) in cases {
        let err = fido2(config.clone()).unwrap_err();
        assert!(
            err.violations().iter().any(|v| v.path.starts_with(path)
                && v.path.ends_with(field)
                && v.rule.contains(rule)),
            "{config}: {err}"
        );
    }
    assert_eq!(before, AuthenticationMethodsPolicy::default());
}

/// Issue 24: Microsoft's Graph SDKs (Python, v1.0 and beta) read the whole policy and PATCH it
/// back, dropping the flags-enum `passkeyTypes` they cannot parse. Graph keeps an omitted
/// property as it was; so must a profile matched by `id`.
#[test]
fn a_graph_sdk_round_trip_that_drops_passkey_types_keeps_them() {
    let policy = fido2(json!({
        "state": "enabled",
        "passkeyProfiles": [
            profile("00000000-0000-0000-0000-000000000001", "deviceBound,synced"),
            profile(PROFILE_A, "deviceBound")
        ]
    }))
    .unwrap();
    let mut read = policy.to_value();
    let configurations = read["authenticationMethodConfigurations"]
        .as_array_mut()
        .unwrap();
    for configuration in configurations.iter_mut() {
        if let Some(profiles) = configuration
            .get_mut("passkeyProfiles")
            .and_then(Value::as_array_mut)
        {
            for profile in profiles {
                profile.as_object_mut().unwrap().remove("passkeyTypes");
            }
        }
    }
    let patched = policy
        .apply_patch(&read)
        .expect("the SDK's round trip is accepted");
    let all = patched.to_value().to_string();
    assert!(all.contains("\"passkeyTypes\":\"deviceBound\""), "{all}");
    assert!(
        all.contains("\"passkeyTypes\":\"deviceBound,synced\""),
        "{all}"
    );
    // A profile the PATCH does not list is gone (the list says which profiles there are), and
    // a new profile still needs every required property.
    let fewer = policy
        .apply_method_patch(
            "Fido2",
            &json!({"passkeyProfiles": [{"id": "00000000-0000-0000-0000-000000000001", "name": "Renamed"}]}),
        )
        .unwrap();
    let text = fewer.to_value().to_string();
    assert!(!text.contains(PROFILE_A), "{text}");
    assert!(text.contains("Renamed"), "{text}");
    let new = policy.apply_method_patch(
        "Fido2",
        &json!({"passkeyProfiles": [{"id": "11111111-0000-4000-8000-000000000001", "name": "New"}]}),
    );
    assert!(new.is_err());
}

/// Issue 24: an unknown property in a method configuration whose Graph schema is known is
/// refused at any depth, with its path, and nothing changes.
#[test]
fn unknown_properties_of_simple_method_configurations_are_refused_at_any_depth() {
    let mut deep = json!("x");
    for _ in 0..25 {
        deep = json!({ "nested": deep });
    }
    let policy = AuthenticationMethodsPolicy::default();
    for (body, path) in [
        (
            json!({"state": "enabled", "unknownSetting": deep.clone()}),
            "unknownSetting",
        ),
        (
            json!({"includeTargets": [{"id": "all_users", "targetType": "group", "extra": deep.clone()}]}),
            "includeTargets[0].extra",
        ),
        (
            json!({"excludeTargets": [{"id": PROFILE_A, "targetType": "group", "isUsableForSignIn": true}]}),
            "excludeTargets[0].isUsableForSignIn",
        ),
    ] {
        let err = policy.apply_method_patch("Sms", &body).unwrap_err();
        assert!(err.to_string().contains(path), "{err}");
    }
    // What Graph's own Sms configuration has is accepted.
    policy
        .apply_method_patch(
            "sms",
            &json!({"@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration",
                    "state": "enabled",
                    "includeTargets": [{"id": "all_users", "targetType": "group",
                                        "isRegistrationRequired": false, "isUsableForSignIn": true}]}),
        )
        .unwrap();
}
