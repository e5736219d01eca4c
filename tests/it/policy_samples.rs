//! Every Graph sample in `tests/fixtures/graph/` (copied from the project's reference notes) is
//! accepted or rejected exactly as the contract says.

use registration_campaign::policy::{
    AuthenticationMethodsPolicy, CampaignState, TargetId, TargetedMethod,
};
use serde_json::Value;

const PLACEHOLDER: &str = "*********PLEASE ENTER GUID***********";

fn sample(name: &str) -> String {
    let path = format!("{}/tests/fixtures/graph/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn sample_value(name: &str) -> Value {
    serde_json::from_str(&sample(name)).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

const GET_RESPONSES: &[&str] = &[
    "get-response-beta-2022.json",
    "get-response-v1.0-2022.json",
    "get-response-v1.0-current.json",
    "get-response-v1.0-page-variant-beta-context.json",
    "patch-response-beta.json",
    "patch-response-v1.0.json",
];

const PATCH_BODIES_WITH_REAL_IDS: &[&str] = &[
    "patch-request-beta.json",
    "patch-request-v1.0.json",
    "patch-request-entra-all-users-authenticator.json",
    "patch-request-system-credential-preferences.json",
];

#[test]
fn every_sample_file_is_json() {
    let dir = format!("{}/tests/fixtures/graph", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        count += 1;
    }
    assert_eq!(count, 17, "a sample was added or lost");
}

#[test]
fn every_get_and_patch_response_is_a_valid_policy() {
    for name in GET_RESPONSES {
        let policy = AuthenticationMethodsPolicy::from_json(&sample(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        // What we return parses again to the same thing.
        let again = AuthenticationMethodsPolicy::from_value(&policy.to_value()).unwrap();
        assert_eq!(again, policy, "{name} does not round-trip");
    }
}

#[test]
fn get_responses_keep_properties_the_campaign_does_not_use() {
    let original = sample_value("get-response-v1.0-current.json");
    let policy = AuthenticationMethodsPolicy::from_value(&original).unwrap();
    let out = policy.to_value();
    for key in [
        "policyVersion",
        "policyMigrationState",
        "lastModifiedDateTime",
        "systemCredentialPreferences",
        "reportSuspiciousActivitySettings",
        "description",
        "displayName",
    ] {
        assert_eq!(out[key], original[key], "{key} changed");
    }
    // Other method configurations come back exactly as given.
    let configs = |v: &Value| {
        v["authenticationMethodConfigurations"]
            .as_array()
            .unwrap()
            .clone()
    };
    let (before, after) = (configs(&original), configs(&out));
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        if b["id"] != "MicrosoftAuthenticator" {
            assert_eq!(a, b);
        } else {
            assert_eq!(a["featureSettings"], b["featureSettings"]);
            assert_eq!(a["excludeTargets"], b["excludeTargets"]);
            assert_eq!(a["includeTargets"][0]["authenticationMode"], "any");
        }
    }
    // Top-level annotations are ignored on input.
    assert!(out.get("@odata.context").is_none());
    assert!(out.get("@microsoft.graph.tips").is_none());
}

#[test]
fn the_2022_beta_sample_keeps_its_legacy_per_target_feature_states() {
    let policy =
        AuthenticationMethodsPolicy::from_json(&sample("get-response-beta-2022.json")).unwrap();
    let authenticator = policy.authenticator_document();
    assert_eq!(
        authenticator["includeTargets"][0]["numberMatchingRequiredState"],
        "default"
    );
    assert!(!policy.authenticator().enabled);
    assert_eq!(policy.campaign().state, CampaignState::Default);
}

#[test]
fn patch_bodies_with_real_ids_apply_to_the_default_policy() {
    for name in PATCH_BODIES_WITH_REAL_IDS {
        let body = sample_value(name);
        AuthenticationMethodsPolicy::default()
            .apply_patch(&body)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        AuthenticationMethodsPolicy::from_value(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn the_beta_patch_sample_enables_the_campaign_for_one_group() {
    let policy = AuthenticationMethodsPolicy::default()
        .apply_patch(&sample_value("patch-request-beta.json"))
        .unwrap();
    let campaign = policy.campaign();
    assert_eq!(campaign.state, CampaignState::Enabled);
    assert_eq!(campaign.snooze_duration_in_days, 1);
    assert_eq!(
        campaign.include_targets[0].0.id,
        TargetId::Object("3ee3a9de-0a86-4e12-a287-9769accf1ba2".into())
    );
    // The sample predates enforceRegistrationAfterAllowedSnoozes: the default applies.
    assert!(campaign.enforce_registration_after_allowed_snoozes);
}

#[test]
fn placeholder_ids_are_rejected_with_the_path_of_each() {
    let base = "registrationEnforcement.authenticationMethodsRegistrationCampaign";
    for (name, paths) in [
        (
            "patch-request-entra-include-specific.json",
            vec!["includeTargets[0].id", "includeTargets[1].id"],
        ),
        (
            "patch-request-entra-include-exclude.json",
            vec![
                "excludeTargets[0].id",
                "excludeTargets[1].id",
                "includeTargets[0].id",
                "includeTargets[1].id",
            ],
        ),
    ] {
        let err = AuthenticationMethodsPolicy::default()
            .apply_patch(&sample_value(name))
            .unwrap_err();
        let got: Vec<_> = err.violations().iter().map(|v| v.path.clone()).collect();
        let want: Vec<_> = paths.iter().map(|p| format!("{base}.{p}")).collect();
        assert_eq!(got, want, "{name}");
        assert!(
            err.violations()
                .iter()
                .all(|v| v.rule.contains(PLACEHOLDER))
        );
    }
}

#[test]
fn the_passkey_sample_is_accepted_and_targets_fido2() {
    // Issue 11: Microsoft's current passkey campaign body must be accepted (it was refused as
    // "not supported yet").
    let body = sample_value("patch-request-entra-all-users-passkey.json");
    let policy = AuthenticationMethodsPolicy::default()
        .apply_patch(&body)
        .unwrap();
    assert_eq!(
        policy.campaign().include_targets[0].1,
        TargetedMethod::Fido2
    );
    assert_eq!(
        policy.to_value()["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]["includeTargets"]
            [0]["targetedAuthenticationMethod"],
        "fido2"
    );
}

#[test]
fn error_samples_are_graph_error_bodies_not_policies() {
    for name in [
        "error-403-authorization-requestdenied.json",
        "error-403-authorization-requestdenied-troubleshoot.json",
        "error-example-graph-errors-doc.json",
    ] {
        let body = sample_value(name);
        assert!(body["error"]["code"].is_string(), "{name}");
        assert!(
            body["error"]["innerError"]["request-id"].is_string(),
            "{name}"
        );
        let err = AuthenticationMethodsPolicy::from_value(&body).unwrap_err();
        assert_eq!(err.violations()[0].path, "error");
    }
}

#[test]
fn the_fido2_configuration_sample_applies_to_the_default_policy_and_reads_back() {
    let body = sample_value("fido2-configuration-patch-passkey-profiles.json");
    let policy = AuthenticationMethodsPolicy::default()
        .apply_method_patch("fido2", &body)
        .unwrap();
    let read = policy.method_configuration("Fido2").unwrap();
    for (key, value) in body.as_object().unwrap() {
        assert_eq!(&read[key], value, "{key}");
    }
    let stored = policy.to_stored_json().unwrap();
    let reread = AuthenticationMethodsPolicy::from_json(&stored).unwrap();
    assert_eq!(reread.method_configuration("FIDO2"), Some(read));
}
