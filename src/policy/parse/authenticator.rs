//! The Microsoft Authenticator method configuration
//! (`microsoftAuthenticatorAuthenticationMethodConfiguration`).

use serde::Serialize;
use serde_json::{Map, Value};

use super::targets::{parse_list, parse_plain_list, parse_target};
use super::{
    GraphEnum, bool_field, child, configuration_metadata, enum_field, is_annotation, method_state,
    optional_object, to_document,
};
use crate::policy::error::Violations;
use crate::policy::methods::default_feature_settings;
use crate::policy::model::{AuthenticationMode, AuthenticatorConfiguration, CampaignState, Target};

/// The `id` of the Microsoft Authenticator method configuration.
pub(crate) const AUTHENTICATOR_ID: &str = "MicrosoftAuthenticator";
/// The `@odata.type` of the Microsoft Authenticator method configuration.
const AUTHENTICATOR_ODATA_TYPE: &str =
    "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration";

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

impl GraphEnum for AuthenticationMode {
    const VALUES: &'static [(&'static str, Self)] = &[
        ("any", Self::Any),
        ("push", Self::Push),
        ("deviceBasedPush", Self::DeviceBasedPush),
    ];
}

/// Validates the Microsoft Authenticator method configuration object.
pub(super) fn parse_authenticator(
    object: &Map<String, Value>,
    path: &str,
    errors: &mut Violations,
) -> Option<AuthenticatorConfiguration> {
    let before = errors.len();
    let mut config = AuthenticatorConfiguration::default();
    for (key, v) in object {
        let p = child(path, key);
        if configuration_metadata(key, v, &p, AUTHENTICATOR_ODATA_TYPE, errors) {
            continue;
        }
        match key.as_str() {
            "id" => {}
            "state" => {
                if let Some(enabled) = method_state(v, &p, errors) {
                    config.enabled = enabled;
                }
            }
            "isSoftwareOathEnabled" => {
                if !v.is_null() {
                    bool_field(v, &p, errors);
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
            "featureSettings" => {
                for (name, setting) in optional_object(v, &p, errors).into_iter().flatten() {
                    if is_annotation(name) {
                        continue;
                    }
                    let fp = child(&p, name);
                    if !FEATURE_SETTINGS.contains(&name.as_str()) {
                        errors.push(&fp, "unknown Microsoft Authenticator feature setting");
                    } else {
                        optional_object(setting, &fp, errors);
                    }
                }
            }
            _ => errors.push(
                &p,
                "unknown property (not part of Graph's microsoftAuthenticatorAuthenticationMethodConfiguration)",
            ),
        }
    }
    (errors.len() == before).then_some(config)
}

fn parse_include(
    value: &Value,
    path: &str,
    errors: &mut Violations,
) -> Option<(Target, AuthenticationMode)> {
    let mut extra = vec!["authenticationMode", "isRegistrationRequired"];
    extra.extend_from_slice(LEGACY_TARGET_FEATURES);
    let target = parse_target(value, path, &extra, errors);
    for feature in LEGACY_TARGET_FEATURES {
        if let Some(v) = value.get(*feature) {
            let fp = child(path, feature);
            enum_field::<CampaignState>(v, &fp, errors);
        }
    }
    if let Some(v) = value.get("isRegistrationRequired") {
        bool_field(v, &child(path, "isRegistrationRequired"), errors);
    }
    let mode = match value.get("authenticationMode") {
        None | Some(Value::Null) => Some(AuthenticationMode::Any),
        Some(v) => enum_field(v, &child(path, "authenticationMode"), errors),
    };
    Some((target?, mode?))
}

/// The Authenticator configuration as Graph writes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AuthenticatorDocument<'a> {
    #[serde(rename = "@odata.type")]
    odata_type: &'static str,
    id: &'static str,
    state: &'static str,
    is_software_oath_enabled: Value,
    exclude_targets: &'a [Target],
    feature_settings: Value,
    include_targets: Vec<IncludeTarget<'a>>,
}

/// One include target of the Authenticator configuration, as Graph writes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IncludeTarget<'a> {
    #[serde(flatten)]
    target: &'a Target,
    is_registration_required: Value,
    authentication_mode: AuthenticationMode,
    /// The legacy per-target feature states, as given.
    #[serde(flatten)]
    legacy_features: Map<String, Value>,
}

/// The normalized JSON of the Authenticator configuration, in Graph's full shape. `original`
/// supplies the properties the campaign keeps but does not interpret (`isSoftwareOathEnabled`,
/// `featureSettings`, and `isRegistrationRequired` and the legacy feature states of each include
/// target); missing ones get a new tenant's values.
pub(super) fn authenticator_document(
    config: &AuthenticatorConfiguration,
    original: &Map<String, Value>,
    errors: &mut Violations,
) -> Value {
    let original_includes = original.get("includeTargets").and_then(Value::as_array);
    let include_targets = config
        .include_targets
        .iter()
        .enumerate()
        .map(|(i, (target, mode))| {
            let original = original_includes
                .and_then(|items| items.get(i))
                .and_then(Value::as_object);
            let kept = |key: &str| original.and_then(|o| o.get(key)).cloned();
            IncludeTarget {
                target,
                is_registration_required: kept("isRegistrationRequired")
                    .unwrap_or(Value::Bool(false)),
                authentication_mode: *mode,
                legacy_features: LEGACY_TARGET_FEATURES
                    .iter()
                    .filter_map(|feature| Some(((*feature).to_owned(), kept(feature)?)))
                    .collect(),
            }
        })
        .collect();
    // Graph always returns both; a policy that omits them has a new tenant's values.
    let feature_settings = match original.get("featureSettings") {
        Some(Value::Object(settings)) => Value::Object(
            settings
                .iter()
                .filter(|(k, _)| !is_annotation(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        _ => default_feature_settings(),
    };
    let is_software_oath_enabled = original
        .get("isSoftwareOathEnabled")
        .filter(|v| v.is_boolean())
        .cloned()
        .unwrap_or(Value::Bool(false));
    let document = AuthenticatorDocument {
        odata_type: AUTHENTICATOR_ODATA_TYPE,
        id: AUTHENTICATOR_ID,
        state: if config.enabled {
            "enabled"
        } else {
            "disabled"
        },
        is_software_oath_enabled,
        exclude_targets: &config.exclude_targets,
        feature_settings,
        include_targets,
    };
    to_document(&document, AUTHENTICATOR_ID, errors)
}
