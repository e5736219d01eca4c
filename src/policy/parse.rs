//! Reading and validating Graph JSON into the typed views, with every problem named by path.

use serde_json::{Map, Value, json};

use super::error::Violations;
use super::model::{
    AuthenticationMode, AuthenticatorConfiguration, CampaignState, RegistrationCampaign, Target,
    TargetId, TargetType, TargetedMethod,
};

/// The fixed `id` of the policy singleton.
pub(crate) const POLICY_ID: &str = "authenticationMethodsPolicy";
/// The `id` of the Microsoft Authenticator method configuration.
pub(crate) const AUTHENTICATOR_ID: &str = "MicrosoftAuthenticator";
/// The `@odata.type` of the Microsoft Authenticator method configuration.
pub(crate) const AUTHENTICATOR_ODATA_TYPE: &str =
    "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration";
pub(crate) const CAMPAIGN_PATH: &str =
    "registrationEnforcement.authenticationMethodsRegistrationCampaign";

/// Top-level properties Graph defines that the campaign keeps but does not interpret.
const OPAQUE_OBJECT_PROPERTIES: &[&str] = &[
    "reportSuspiciousActivitySettings",
    "systemCredentialPreferences",
    "microsoftAuthenticatorPlatformSettings",
];
const NULLABLE_STRING_PROPERTIES: &[&str] = &["displayName", "description", "policyVersion"];
const MIGRATION_STATES: &[&str] = &[
    "preMigration",
    "migrationInProgress",
    "migrationComplete",
    "unknownFutureValue",
];
/// Per-target feature states of the 2021-2022 beta schema, kept as they were.
const LEGACY_TARGET_FEATURES: &[&str] = &[
    "outlookMobileAllowedState",
    "displayAppInformationRequiredState",
    "numberMatchingRequiredState",
];
const FEATURE_SETTINGS: &[&str] = &[
    "companionAppAllowedState",
    "numberMatchingRequiredState",
    "displayAppInformationRequiredState",
    "displayLocationInformationRequiredState",
];

/// An OData instance annotation such as `@odata.context` or `includeTargets@odata.context`.
pub(crate) fn is_annotation(key: &str) -> bool {
    key.contains('@')
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The result of reading a whole policy document.
pub(crate) struct ParsedPolicy {
    pub document: Map<String, Value>,
    pub campaign: RegistrationCampaign,
    pub authenticator: AuthenticatorConfiguration,
}

/// Validates a whole `authenticationMethodsPolicy` document and returns it normalized: top-level
/// annotations dropped, defaults filled in, the campaign and the Authenticator configuration
/// rewritten from their validated form, everything else kept as it was.
pub(crate) fn parse_policy(value: &Value, errors: &mut Violations) -> Option<ParsedPolicy> {
    let Some(object) = value.as_object() else {
        errors.push(
            "",
            format!("the policy must be a JSON object, not {}", type_name(value)),
        );
        return None;
    };

    let mut campaign = None;
    let mut configurations = None;
    let mut document = Map::new();
    document.insert("id".into(), Value::String(POLICY_ID.into()));

    for (key, v) in object {
        if is_annotation(key) {
            continue;
        }
        match key.as_str() {
            "id" => match v.as_str() {
                Some(POLICY_ID) => {}
                Some(other) => errors.push(
                    "id",
                    format!("must be \"{POLICY_ID}\" (the policy is a singleton), not \"{other}\""),
                ),
                None => errors.push("id", format!("must be a string, not {}", type_name(v))),
            },
            k if NULLABLE_STRING_PROPERTIES.contains(&k) => {
                if !(v.is_string() || v.is_null()) {
                    errors.push(k, format!("must be a string or null, not {}", type_name(v)));
                }
                document.insert(key.clone(), v.clone());
            }
            "lastModifiedDateTime" => {
                match v {
                    Value::Null => {}
                    Value::String(s) => {
                        if time::OffsetDateTime::parse(
                            s,
                            &time::format_description::well_known::Rfc3339,
                        )
                        .is_err()
                        {
                            errors.push(key, "must be an RFC 3339 date-time");
                        }
                    }
                    other => errors.push(
                        key,
                        format!("must be a date-time string, not {}", type_name(other)),
                    ),
                }
                document.insert(key.clone(), v.clone());
            }
            "policyMigrationState" => {
                match v {
                    Value::Null => {}
                    Value::String(s) if MIGRATION_STATES.contains(&s.as_str()) => {}
                    Value::String(s) => errors.push(
                        key,
                        format!(
                            "unknown value \"{s}\" (expected one of {})",
                            MIGRATION_STATES.join(", ")
                        ),
                    ),
                    other => {
                        errors.push(key, format!("must be a string, not {}", type_name(other)))
                    }
                }
                document.insert(key.clone(), v.clone());
            }
            "reconfirmationInDays" => {
                if !(v.is_null() || v.is_i64()) {
                    errors.push(key, format!("must be an integer, not {}", type_name(v)));
                }
                document.insert(key.clone(), v.clone());
            }
            "registrationEnforcement" => {
                campaign = parse_registration_enforcement(v, errors);
                // Written back below once the campaign is known.
                document.insert(key.clone(), Value::Null);
            }
            k if OPAQUE_OBJECT_PROPERTIES.contains(&k) => {
                if !(v.is_object() || v.is_null()) {
                    errors.push(k, format!("must be an object, not {}", type_name(v)));
                }
                document.insert(key.clone(), v.clone());
            }
            "authenticationMethodConfigurations" => {
                configurations = parse_configurations(v, errors);
                document.insert(key.clone(), Value::Null);
            }
            unknown => errors.push(
                unknown,
                "unknown property (not part of Graph's authenticationMethodsPolicy)",
            ),
        }
    }

    let campaign = campaign.unwrap_or_default();
    let (authenticator, mut configurations) =
        configurations.unwrap_or_else(|| (AuthenticatorConfiguration::default(), Vec::new()));
    if !configurations.iter().any(is_authenticator) {
        configurations.insert(0, authenticator_document(&authenticator, &Map::new()));
    }
    document.insert(
        "registrationEnforcement".into(),
        json!({ "authenticationMethodsRegistrationCampaign": campaign_document(&campaign) }),
    );
    document.insert(
        "authenticationMethodConfigurations".into(),
        Value::Array(configurations),
    );

    Some(ParsedPolicy {
        document,
        campaign,
        authenticator,
    })
}

fn is_authenticator(configuration: &Value) -> bool {
    configuration
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| id.eq_ignore_ascii_case(AUTHENTICATOR_ID))
}

fn parse_registration_enforcement(
    value: &Value,
    errors: &mut Violations,
) -> Option<RegistrationCampaign> {
    let path = "registrationEnforcement";
    let Some(object) = value.as_object() else {
        if !value.is_null() {
            errors.push(path, format!("must be an object, not {}", type_name(value)));
        }
        return None;
    };
    let mut campaign = None;
    for (key, v) in object {
        if is_annotation(key) {
            continue;
        }
        if key == "authenticationMethodsRegistrationCampaign" {
            campaign = parse_campaign(v, errors);
        } else {
            errors.push(
                &child(path, key),
                "unknown property (registrationEnforcement has only authenticationMethodsRegistrationCampaign)",
            );
        }
    }
    campaign
}

/// Validates `authenticationMethodsRegistrationCampaign`, filling Graph's defaults.
pub(crate) fn parse_campaign(
    value: &Value,
    errors: &mut Violations,
) -> Option<RegistrationCampaign> {
    let path = CAMPAIGN_PATH;
    let Some(object) = value.as_object() else {
        if !value.is_null() {
            errors.push(path, format!("must be an object, not {}", type_name(value)));
        }
        return None;
    };
    let mut campaign = RegistrationCampaign::default();
    for (key, v) in object {
        if is_annotation(key) {
            continue;
        }
        let p = child(path, key);
        match key.as_str() {
            "snoozeDurationInDays" => match v.as_i64() {
                Some(days @ 0..=14) => campaign.snooze_duration_in_days = days as u8,
                Some(days) => errors.push(&p, format!("must be between 0 and 14 days, not {days}")),
                None => errors.push(
                    &p,
                    format!("must be an integer between 0 and 14, not {}", describe(v)),
                ),
            },
            "enforceRegistrationAfterAllowedSnoozes" => match v {
                Value::Bool(b) => campaign.enforce_registration_after_allowed_snoozes = *b,
                Value::Null => {}
                other => errors.push(
                    &p,
                    format!("must be true or false, not {}", describe(other)),
                ),
            },
            "state" => match v.as_str() {
                Some(s) => match CampaignState::from_graph(s) {
                    Some(state) => campaign.state = state,
                    None => errors.push(
                        &p,
                        format!("unknown value \"{s}\" (expected default, enabled or disabled)"),
                    ),
                },
                None => errors.push(&p, format!("must be a string, not {}", describe(v))),
            },
            "includeTargets" => {
                if let Some(items) = expect_array(v, &p, errors) {
                    let mut targets = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        let ip = format!("{p}[{i}]");
                        if let Some(target) = parse_campaign_include(item, &ip, errors) {
                            targets.push((target, ip));
                        }
                    }
                    report_duplicates(targets.iter().map(|((t, _), ip)| (t, ip.as_str())), errors);
                    campaign.include_targets = targets.into_iter().map(|(t, _)| t).collect();
                }
            }
            "excludeTargets" => {
                if let Some(items) = expect_array(v, &p, errors) {
                    campaign.exclude_targets = parse_target_list(items, &p, errors);
                }
            }
            _ => errors.push(
                &p,
                "unknown property (not part of Graph's authenticationMethodsRegistrationCampaign)",
            ),
        }
    }
    Some(campaign)
}

fn describe(v: &Value) -> String {
    match v {
        Value::Number(n) => format!("{n}"),
        Value::String(s) => format!("the string \"{s}\""),
        other => type_name(other).to_owned(),
    }
}

fn expect_array<'a>(v: &'a Value, path: &str, errors: &mut Violations) -> Option<&'a Vec<Value>> {
    match v {
        Value::Array(items) => Some(items),
        other => {
            errors.push(path, format!("must be an array, not {}", type_name(other)));
            None
        }
    }
}

fn report_duplicates<'a>(
    targets: impl Iterator<Item = (&'a Target, &'a str)>,
    errors: &mut Violations,
) {
    let mut seen: Vec<(&Target, &str)> = Vec::new();
    for (target, path) in targets {
        if let Some((_, first)) = seen.iter().find(|(t, _)| *t == target) {
            errors.push(
                path,
                format!(
                    "duplicate target {} {} (already listed at {first})",
                    target.target_type.as_graph(),
                    target.id
                ),
            );
        } else {
            seen.push((target, path));
        }
    }
}

fn parse_target_list(items: &[Value], path: &str, errors: &mut Violations) -> Vec<Target> {
    let mut targets = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let ip = format!("{path}[{i}]");
        if let Some(target) = parse_target(item, &ip, &[], errors) {
            targets.push((target, ip));
        }
    }
    report_duplicates(targets.iter().map(|(t, p)| (t, p.as_str())), errors);
    targets.into_iter().map(|(t, _)| t).collect()
}

/// Reads `{id, targetType}` plus the `extra` keys the caller handles itself.
fn parse_target(
    value: &Value,
    path: &str,
    extra: &[&str],
    errors: &mut Violations,
) -> Option<Target> {
    let Some(object) = value.as_object() else {
        errors.push(path, format!("must be an object, not {}", type_name(value)));
        return None;
    };
    for key in object.keys() {
        if !(is_annotation(key)
            || key == "id"
            || key == "targetType"
            || extra.contains(&key.as_str()))
        {
            errors.push(&child(path, key), "unknown property of a target");
        }
    }
    let target_type = match object.get("targetType") {
        None => {
            errors.push(&child(path, "targetType"), "is required (user or group)");
            None
        }
        Some(Value::String(s)) => {
            let parsed = TargetType::from_graph(s);
            if parsed.is_none() {
                errors.push(
                    &child(path, "targetType"),
                    format!("unknown value \"{s}\" (expected user or group)"),
                );
            }
            parsed
        }
        Some(other) => {
            errors.push(
                &child(path, "targetType"),
                format!("must be a string, not {}", type_name(other)),
            );
            None
        }
    };
    let id_path = child(path, "id");
    let id = match object.get("id") {
        None => {
            errors.push(
                &id_path,
                "is required (a user or group object id, or all_users)",
            );
            None
        }
        Some(Value::String(s)) if s == "all_users" => Some(TargetId::AllUsers),
        Some(Value::String(s)) if is_guid(s) => Some(TargetId::Object(s.to_ascii_lowercase())),
        Some(Value::String(s)) => {
            errors.push(
                &id_path,
                format!(
                    "\"{s}\" is not a directory object id (expected a GUID such as 3ee3a9de-0a86-4e12-a287-9769accf1ba2, or all_users)"
                ),
            );
            None
        }
        Some(other) => {
            errors.push(
                &id_path,
                format!("must be a string, not {}", type_name(other)),
            );
            None
        }
    };
    let (id, target_type) = (id?, target_type?);
    if id == TargetId::AllUsers && target_type == TargetType::User {
        errors.push(
            &child(path, "targetType"),
            "all_users is a group: use targetType \"group\" with id all_users",
        );
        return None;
    }
    Some(Target { id, target_type })
}

fn parse_campaign_include(
    value: &Value,
    path: &str,
    errors: &mut Violations,
) -> Option<(Target, TargetedMethod)> {
    let target = parse_target(value, path, &["targetedAuthenticationMethod"], errors);
    let method_path = child(path, "targetedAuthenticationMethod");
    let method = match value.get("targetedAuthenticationMethod") {
        None | Some(Value::Null) => Some(TargetedMethod::MicrosoftAuthenticator),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("microsoftAuthenticator") => {
            Some(TargetedMethod::MicrosoftAuthenticator)
        }
        Some(Value::String(s)) if s.eq_ignore_ascii_case("fido2") => {
            errors.push(
                &method_path,
                format!(
                    "\"{s}\" (passkey) campaigns are not supported yet; use \"microsoftAuthenticator\""
                ),
            );
            None
        }
        Some(Value::String(s)) => {
            errors.push(
                &method_path,
                format!("unsupported method \"{s}\" (expected \"microsoftAuthenticator\")"),
            );
            None
        }
        Some(other) => {
            errors.push(
                &method_path,
                format!("must be a string, not {}", type_name(other)),
            );
            None
        }
    };
    Some((target?, method?))
}

/// True for the 8-4-4-4-12 hexadecimal form of a GUID.
pub(crate) fn is_guid(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Validates `authenticationMethodConfigurations`: the Microsoft Authenticator entry strictly,
/// the others only for shape (they are kept as they were).
fn parse_configurations(
    value: &Value,
    errors: &mut Violations,
) -> Option<(AuthenticatorConfiguration, Vec<Value>)> {
    let path = "authenticationMethodConfigurations";
    let items = expect_array(value, path, errors)?;
    let mut authenticator = None;
    let mut out = Vec::with_capacity(items.len());
    let mut ids: Vec<(String, String)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ip = format!("{path}[{i}]");
        let Some(object) = item.as_object() else {
            errors.push(&ip, format!("must be an object, not {}", type_name(item)));
            continue;
        };
        let Some(id) = object.get("id").and_then(Value::as_str) else {
            errors.push(&child(&ip, "id"), "is required (a string)");
            continue;
        };
        if let Some((_, first)) = ids.iter().find(|(seen, _)| seen.eq_ignore_ascii_case(id)) {
            errors.push(
                &child(&ip, "id"),
                format!("duplicate method configuration \"{id}\" (already at {first})"),
            );
            continue;
        }
        ids.push((id.to_owned(), ip.clone()));
        if id.eq_ignore_ascii_case(AUTHENTICATOR_ID) {
            if let Some(parsed) = parse_authenticator(object, &ip, errors) {
                out.push(authenticator_document(&parsed, object));
                authenticator = Some(parsed);
            }
        } else {
            out.push(item.clone());
        }
    }
    Some((authenticator.unwrap_or_default(), out))
}

/// Validates the Microsoft Authenticator method configuration object.
pub(crate) fn parse_authenticator(
    object: &Map<String, Value>,
    path: &str,
    errors: &mut Violations,
) -> Option<AuthenticatorConfiguration> {
    let before = errors.len();
    let mut config = AuthenticatorConfiguration::default();
    for (key, v) in object {
        let p = child(path, key);
        if key == "@odata.type" {
            if v.as_str() != Some(AUTHENTICATOR_ODATA_TYPE) {
                errors.push(&p, format!("must be \"{AUTHENTICATOR_ODATA_TYPE}\""));
            }
            continue;
        }
        if is_annotation(key) {
            continue;
        }
        match key.as_str() {
            "id" => {}
            "state" => match v.as_str() {
                Some("enabled") => config.enabled = true,
                Some("disabled") => config.enabled = false,
                Some(s) => errors.push(
                    &p,
                    format!("unknown value \"{s}\" (expected enabled or disabled)"),
                ),
                None => errors.push(&p, format!("must be a string, not {}", type_name(v))),
            },
            "isSoftwareOathEnabled" => {
                if !(v.is_boolean() || v.is_null()) {
                    errors.push(&p, format!("must be true or false, not {}", describe(v)));
                }
            }
            "excludeTargets" => {
                if let Some(items) = expect_array(v, &p, errors) {
                    config.exclude_targets = parse_target_list(items, &p, errors);
                }
            }
            "includeTargets" => {
                if let Some(items) = expect_array(v, &p, errors) {
                    let mut targets = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        let ip = format!("{p}[{i}]");
                        if let Some(t) = parse_authenticator_include(item, &ip, errors) {
                            targets.push((t, ip));
                        }
                    }
                    report_duplicates(targets.iter().map(|((t, _), ip)| (t, ip.as_str())), errors);
                    config.include_targets = targets.into_iter().map(|(t, _)| t).collect();
                }
            }
            "featureSettings" => match v {
                Value::Object(features) => {
                    for (name, setting) in features {
                        if is_annotation(name) {
                            continue;
                        }
                        let fp = child(&p, name);
                        if !FEATURE_SETTINGS.contains(&name.as_str()) {
                            errors.push(&fp, "unknown Microsoft Authenticator feature setting");
                        } else if !(setting.is_object() || setting.is_null()) {
                            errors.push(&fp, format!("must be an object, not {}", type_name(setting)));
                        }
                    }
                }
                Value::Null => {}
                other => errors.push(&p, format!("must be an object, not {}", type_name(other))),
            },
            _ => errors.push(
                &p,
                "unknown property (not part of Graph's microsoftAuthenticatorAuthenticationMethodConfiguration)",
            ),
        }
    }
    (errors.len() == before).then_some(config)
}

fn parse_authenticator_include(
    value: &Value,
    path: &str,
    errors: &mut Violations,
) -> Option<(Target, AuthenticationMode)> {
    let mut extra = vec!["authenticationMode", "isRegistrationRequired"];
    extra.extend_from_slice(LEGACY_TARGET_FEATURES);
    let target = parse_target(value, path, &extra, errors);
    for feature in LEGACY_TARGET_FEATURES {
        if let Some(v) = value.get(*feature)
            && v.as_str().and_then(CampaignState::from_graph).is_none()
        {
            errors.push(
                &child(path, feature),
                format!("must be default, enabled or disabled, not {}", describe(v)),
            );
        }
    }
    if let Some(v) = value.get("isRegistrationRequired")
        && !v.is_boolean()
    {
        errors.push(
            &child(path, "isRegistrationRequired"),
            format!("must be true or false, not {}", describe(v)),
        );
    }
    let mode_path = child(path, "authenticationMode");
    let mode = match value.get("authenticationMode") {
        None | Some(Value::Null) => Some(AuthenticationMode::Any),
        Some(Value::String(s)) => {
            let mode = AuthenticationMode::from_graph(s);
            if mode.is_none() {
                errors.push(
                    &mode_path,
                    format!("unknown value \"{s}\" (expected any, push or deviceBasedPush)"),
                );
            }
            mode
        }
        Some(other) => {
            errors.push(
                &mode_path,
                format!("must be a string, not {}", type_name(other)),
            );
            None
        }
    };
    Some((target?, mode?))
}

fn target_document(target: &Target) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), Value::String(target.id.to_string()));
    m.insert(
        "targetType".into(),
        Value::String(target.target_type.as_graph().into()),
    );
    m
}

/// The normalized JSON of a campaign, in Graph's property order.
pub(crate) fn campaign_document(campaign: &RegistrationCampaign) -> Value {
    let include: Vec<Value> = campaign
        .include_targets
        .iter()
        .map(|(target, method)| {
            let mut m = target_document(target);
            m.insert(
                "targetedAuthenticationMethod".into(),
                Value::String(method.as_graph().into()),
            );
            Value::Object(m)
        })
        .collect();
    let exclude: Vec<Value> = campaign
        .exclude_targets
        .iter()
        .map(|t| Value::Object(target_document(t)))
        .collect();
    json!({
        "snoozeDurationInDays": campaign.snooze_duration_in_days,
        "enforceRegistrationAfterAllowedSnoozes": campaign.enforce_registration_after_allowed_snoozes,
        "state": campaign.state.as_graph(),
        "excludeTargets": exclude,
        "includeTargets": include,
    })
}

/// The normalized JSON of the Authenticator configuration. `original` supplies the properties
/// the campaign keeps but does not interpret (`isSoftwareOathEnabled`, `featureSettings`, and
/// `isRegistrationRequired` of each include target).
pub(crate) fn authenticator_document(
    config: &AuthenticatorConfiguration,
    original: &Map<String, Value>,
) -> Value {
    let mut m = Map::new();
    m.insert(
        "@odata.type".into(),
        Value::String(AUTHENTICATOR_ODATA_TYPE.into()),
    );
    m.insert("id".into(), Value::String(AUTHENTICATOR_ID.into()));
    m.insert(
        "state".into(),
        Value::String(
            if config.enabled {
                "enabled"
            } else {
                "disabled"
            }
            .into(),
        ),
    );
    if let Some(v) = original.get("isSoftwareOathEnabled") {
        m.insert("isSoftwareOathEnabled".into(), v.clone());
    }
    m.insert(
        "excludeTargets".into(),
        Value::Array(
            config
                .exclude_targets
                .iter()
                .map(|t| Value::Object(target_document(t)))
                .collect(),
        ),
    );
    if let Some(v) = original.get("featureSettings") {
        let features: Map<String, Value> = v
            .as_object()
            .map(|f| {
                f.iter()
                    .filter(|(k, _)| !is_annotation(k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        m.insert("featureSettings".into(), Value::Object(features));
    }
    let original_includes = original.get("includeTargets").and_then(Value::as_array);
    m.insert(
        "includeTargets".into(),
        Value::Array(
            config
                .include_targets
                .iter()
                .enumerate()
                .map(|(i, (target, mode))| {
                    let mut t = target_document(target);
                    let original = original_includes
                        .and_then(|items| items.get(i))
                        .and_then(Value::as_object);
                    let kept = |key: &str| original.and_then(|o| o.get(key)).cloned();
                    t.insert(
                        "isRegistrationRequired".into(),
                        kept("isRegistrationRequired").unwrap_or(Value::Bool(false)),
                    );
                    t.insert(
                        "authenticationMode".into(),
                        Value::String(mode.as_graph().into()),
                    );
                    for feature in LEGACY_TARGET_FEATURES {
                        if let Some(v) = kept(feature) {
                            t.insert((*feature).into(), v);
                        }
                    }
                    Value::Object(t)
                })
                .collect(),
        ),
    );
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_shape_is_checked_exactly() {
        assert!(is_guid("3ee3a9de-0a86-4e12-a287-9769accf1ba2"));
        assert!(is_guid("3EE3A9DE-0A86-4E12-A287-9769ACCF1BA2"));
        assert!(!is_guid("*********PLEASE ENTER GUID***********"));
        assert!(!is_guid("3ee3a9de0a864e12a2879769accf1ba2"));
        assert!(!is_guid("3ee3a9de-0a86-4e12-a287-9769accf1bag"));
        assert!(!is_guid(""));
    }
}
