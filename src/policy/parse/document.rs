//! The whole `authenticationMethodsPolicy` document: its top-level properties.

use serde_json::{Map, Value, json};

use super::campaign::parse_registration_enforcement;
use super::configurations::{Configurations, parse_configurations};
use super::{is_annotation, one_of, optional_object, to_document, type_name};
use crate::policy::error::Violations;
use crate::policy::model::{AuthenticatorConfiguration, RegistrationCampaign};
use crate::policy::passkeys::Fido2Configuration;

/// The fixed `id` of the policy singleton.
pub(crate) const POLICY_ID: &str = "authenticationMethodsPolicy";

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

/// Graph's values of the read-only properties it always returns.
const READ_ONLY_DEFAULTS: &[(&str, &str)] = &[
    ("displayName", "Authentication Methods Policy"),
    (
        "description",
        "The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings",
    ),
    ("policyVersion", "1.5"),
];

/// The result of reading a whole policy document.
pub(crate) struct ParsedPolicy {
    pub(crate) document: Map<String, Value>,
    pub(crate) campaign: RegistrationCampaign,
    pub(crate) authenticator: AuthenticatorConfiguration,
    pub(crate) fido2: Fido2Configuration,
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
                check_date_time(v, key, errors);
                document.insert(key.clone(), v.clone());
            }
            "policyMigrationState" => {
                if !v.is_null() {
                    one_of(v, key, MIGRATION_STATES, errors);
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
                optional_object(v, k, errors);
                document.insert(key.clone(), v.clone());
            }
            "authenticationMethodConfigurations" => {
                configurations = Some(parse_configurations(v, errors));
                // Written back below, with the Authenticator's defaults when missing.
                document.insert(key.clone(), Value::Null);
            }
            unknown => errors.push(
                unknown,
                "unknown property (not part of Graph's authenticationMethodsPolicy)",
            ),
        }
    }

    let campaign = campaign.unwrap_or_default();
    let Configurations {
        authenticator,
        fido2,
        documents,
    } = configurations.unwrap_or_else(|| parse_configurations(&json!([]), errors));
    let campaign_document = to_document(&campaign, "registrationEnforcement", errors);
    document.insert(
        "registrationEnforcement".into(),
        json!({ "authenticationMethodsRegistrationCampaign": campaign_document }),
    );
    document.insert(
        "authenticationMethodConfigurations".into(),
        Value::Array(documents),
    );

    Some(ParsedPolicy {
        document: with_read_only_defaults(document),
        campaign,
        authenticator,
        fido2,
    })
}

/// Graph always returns the read-only `displayName`, `description` and `policyVersion`; a
/// document without them gets Graph's values, right after `id` as Graph orders them.
fn with_read_only_defaults(document: Map<String, Value>) -> Map<String, Value> {
    let mut ordered = Map::new();
    ordered.insert("id".into(), Value::String(POLICY_ID.into()));
    for (key, default) in READ_ONLY_DEFAULTS {
        let value = document
            .get(*key)
            .cloned()
            .unwrap_or_else(|| Value::String((*default).into()));
        ordered.insert((*key).into(), value);
    }
    ordered.extend(document);
    ordered
}

fn check_date_time(v: &Value, path: &str, errors: &mut Violations) {
    match v {
        Value::Null => {}
        Value::String(s) => {
            if time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                .is_err()
            {
                errors.push(path, "must be an RFC 3339 date-time");
            }
        }
        other => errors.push(
            path,
            format!("must be a date-time string, not {}", type_name(other)),
        ),
    }
}
