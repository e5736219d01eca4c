//! The passkey (FIDO2) method configuration (`fido2AuthenticationMethodConfiguration`).
//!
//! Validated strictly and read into [`Fido2Configuration`]; the document itself is kept as it
//! was sent, so it reads back byte for byte.

use serde_json::{Map, Value};

use super::targets::{parse_list, parse_plain_list, parse_target};
use super::{
    bool_field, child, configuration_metadata, expect_array, is_annotation, is_guid, method_state,
    one_of, optional_object, type_name,
};
use crate::policy::error::Violations;
use crate::policy::passkeys::{
    DEFAULT_PASSKEY_PROFILE, Fido2Configuration, KeyRestrictions, MAX_PASSKEY_PROFILES,
    PasskeyProfile,
};
use crate::policy::{GraphMethod, Target, graph_method};

/// The Fido2 entry of Graph's method list.
pub(super) fn fido2_method() -> Option<GraphMethod> {
    graph_method("Fido2")
}

/// Validates the Fido2 method configuration object.
pub(super) fn parse_fido2(
    object: &Map<String, Value>,
    path: &str,
    errors: &mut Violations,
) -> Option<Fido2Configuration> {
    let before = errors.len();
    let mut config = Fido2Configuration::default();
    let mut attestation_enforced = false;
    let mut legacy_restrictions = KeyRestrictions::default();
    let mut profiles = None;
    for (key, v) in object {
        let p = child(path, key);
        let odata_type = fido2_method().map_or("", |m| m.odata_type);
        if configuration_metadata(key, v, &p, odata_type, errors) {
            continue;
        }
        match key.as_str() {
            "id" => {}
            "state" => {
                if let Some(enabled) = method_state(v, &p, errors) {
                    config.enabled = enabled;
                }
            }
            "isSelfServiceRegistrationAllowed" => {
                if !v.is_null()
                    && let Some(allowed) = bool_field(v, &p, errors)
                {
                    config.self_service_registration_allowed = allowed;
                }
            }
            "isAttestationEnforced" => {
                if !v.is_null()
                    && let Some(enforced) = bool_field(v, &p, errors)
                {
                    attestation_enforced = enforced;
                }
            }
            "keyRestrictions" => {
                if let Some(restrictions) = parse_key_restrictions(v, &p, errors) {
                    legacy_restrictions = restrictions;
                }
            }
            "defaultPasskeyProfile" => {
                if !(v.is_null() || v.as_str().is_some_and(is_guid)) {
                    errors.push(&p, "must be a passkey profile id (a GUID) or null");
                }
            }
            "excludeTargets" => {
                if let Some(targets) = parse_plain_list(v, &p, errors) {
                    config.exclude_targets = targets;
                }
            }
            "includeTargets" => {
                if let Some(targets) = parse_list(v, &p, errors, parse_include) {
                    config.include_targets = targets;
                }
            }
            "passkeyProfiles" => profiles = parse_profiles(v, &p, errors),
            _ => errors.push(
                &p,
                "unknown property (not part of Graph's fido2AuthenticationMethodConfiguration)",
            ),
        }
    }
    config.profiles = match profiles {
        Some(profiles) if !profiles.is_empty() => profiles,
        _ => vec![PasskeyProfile::legacy(
            attestation_enforced,
            legacy_restrictions,
        )],
    };
    check_profile_references(&config, path, errors);
    (errors.len() == before).then_some(config)
}

/// Every profile an include target names must exist.
fn check_profile_references(config: &Fido2Configuration, path: &str, errors: &mut Violations) {
    for (i, (_, allowed)) in config.include_targets.iter().enumerate() {
        for (j, id) in allowed.iter().enumerate() {
            if !config
                .profiles
                .iter()
                .any(|p| p.id.eq_ignore_ascii_case(id))
            {
                errors.push(
                    &format!("{path}.includeTargets[{i}].allowedPasskeyProfiles[{j}]"),
                    format!("no passkey profile has the id {id} (define it in passkeyProfiles)"),
                );
            }
        }
    }
}

fn parse_include(
    value: &Value,
    path: &str,
    errors: &mut Violations,
) -> Option<(Target, Vec<String>)> {
    let target = parse_target(
        value,
        path,
        &["isRegistrationRequired", "allowedPasskeyProfiles"],
        errors,
    );
    if let Some(v) = value.get("isRegistrationRequired") {
        bool_field(v, &child(path, "isRegistrationRequired"), errors);
    }
    let allowed = match value.get("allowedPasskeyProfiles") {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(v) => guid_list(v, &child(path, "allowedPasskeyProfiles"), errors),
    };
    Some((target?, allowed?))
}

/// A list of GUIDs, lower-cased.
fn guid_list(value: &Value, path: &str, errors: &mut Violations) -> Option<Vec<String>> {
    let items = expect_array(value, path, errors)?;
    let before = errors.len();
    let ids: Vec<String> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item.as_str() {
            Some(s) if is_guid(s) => Some(s.to_ascii_lowercase()),
            _ => {
                errors.push(
                    &format!("{path}[{i}]"),
                    format!(
                        "must be a GUID such as {DEFAULT_PASSKEY_PROFILE}, not {}",
                        type_name(item)
                    ),
                );
                None
            }
        })
        .collect();
    (errors.len() == before).then_some(ids)
}

fn parse_key_restrictions(
    value: &Value,
    path: &str,
    errors: &mut Violations,
) -> Option<KeyRestrictions> {
    let object = optional_object(value, path, errors)?;
    let before = errors.len();
    let mut restrictions = KeyRestrictions::default();
    for (key, v) in object {
        if is_annotation(key) {
            continue;
        }
        let p = child(path, key);
        match key.as_str() {
            "isEnforced" => restrictions.is_enforced = bool_field(v, &p, errors).unwrap_or(false),
            "enforcementType" => {
                restrictions.allow_listed_only =
                    one_of(v, &p, &["allow", "block"], errors) == Some("allow");
            }
            "aaGuids" => restrictions.aa_guids = guid_list(v, &p, errors).unwrap_or_default(),
            _ => errors.push(
                &p,
                "unknown property (not part of Graph's fido2KeyRestrictions)",
            ),
        }
    }
    (errors.len() == before).then_some(restrictions)
}

fn parse_profiles(
    value: &Value,
    path: &str,
    errors: &mut Violations,
) -> Option<Vec<PasskeyProfile>> {
    let items = expect_array(value, path, errors)?;
    if items.len() > MAX_PASSKEY_PROFILES {
        errors.push(
            path,
            format!(
                "at most {MAX_PASSKEY_PROFILES} passkey profiles are allowed, not {}",
                items.len()
            ),
        );
    }
    let mut profiles: Vec<PasskeyProfile> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let ip = format!("{path}[{i}]");
        if let Some(profile) = parse_profile(item, &ip, errors) {
            if profiles.iter().any(|p| p.id == profile.id) {
                errors.push(
                    &child(&ip, "id"),
                    format!("duplicate passkey profile {}", profile.id),
                );
            }
            profiles.push(profile);
        }
    }
    Some(profiles)
}

fn parse_profile(value: &Value, path: &str, errors: &mut Violations) -> Option<PasskeyProfile> {
    let Some(object) = value.as_object() else {
        errors.push(path, format!("must be an object, not {}", type_name(value)));
        return None;
    };
    let before = errors.len();
    let mut profile = PasskeyProfile::legacy(false, KeyRestrictions::default());
    let mut seen = Vec::new();
    for (key, v) in object {
        if is_annotation(key) {
            continue;
        }
        let p = child(path, key);
        seen.push(key.as_str());
        match key.as_str() {
            "id" => match v.as_str() {
                Some(s) if is_guid(s) => profile.id = s.to_ascii_lowercase(),
                _ => errors.push(&p, "must be a GUID"),
            },
            "name" => match v.as_str() {
                Some(s) if !s.trim().is_empty() && s.chars().count() <= 256 => {
                    profile.name = s.to_owned();
                }
                _ => errors.push(&p, "must be a name of 1 to 256 characters"),
            },
            "passkeyTypes" => {
                if let Some((device_bound, synced)) = parse_passkey_types(v, &p, errors) {
                    profile.device_bound = device_bound;
                    profile.synced = synced;
                }
            }
            "attestationEnforcement" => {
                if let Some(s) = one_of(v, &p, &["disabled", "registrationOnly"], errors) {
                    profile.attestation_required = s == "registrationOnly";
                }
            }
            "keyRestrictions" => {
                if let Some(restrictions) = parse_key_restrictions(v, &p, errors) {
                    profile.key_restrictions = restrictions;
                }
            }
            _ => errors.push(&p, "unknown property (not part of Graph's passkeyProfile)"),
        }
    }
    for required in ["id", "name", "passkeyTypes"] {
        if !seen.contains(&required) {
            errors.push(&child(path, required), "is required");
        }
    }
    (errors.len() == before).then_some(profile)
}

/// `passkeyTypes`: `deviceBound`, `synced`, or both as a comma-separated list.
fn parse_passkey_types(v: &Value, path: &str, errors: &mut Violations) -> Option<(bool, bool)> {
    let Some(text) = v.as_str() else {
        errors.push(path, format!("must be a string, not {}", type_name(v)));
        return None;
    };
    let (mut device_bound, mut synced) = (false, false);
    for part in text.split(',').map(str::trim) {
        match part {
            "deviceBound" => device_bound = true,
            "synced" => synced = true,
            other => {
                errors.push(
                    path,
                    format!("unknown passkey type \"{other}\" (expected deviceBound, synced, or \"deviceBound,synced\")"),
                );
                return None;
            }
        }
    }
    Some((device_bound, synced))
}
