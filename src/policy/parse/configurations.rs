//! `authenticationMethodConfigurations`: one entry per method, unique by `id` (any case).

use serde_json::{Map, Value};

use super::authenticator::{AUTHENTICATOR_ID, authenticator_document, parse_authenticator};
use super::fido2::parse_fido2;
use super::{child, expect_array, is_annotation, type_name};
use crate::policy::error::Violations;
use crate::policy::model::AuthenticatorConfiguration;
use crate::policy::passkeys::Fido2Configuration;

/// The method configurations: the Authenticator's typed view, and every entry as it will be
/// written back.
pub(super) struct Configurations {
    pub(super) authenticator: AuthenticatorConfiguration,
    pub(super) fido2: Fido2Configuration,
    pub(super) documents: Vec<Value>,
}

/// Validates `authenticationMethodConfigurations`: the Microsoft Authenticator and Fido2 entries
/// strictly, the others only for shape (they are kept as they were). The Authenticator entry is added
/// with Graph's defaults when missing.
pub(super) fn parse_configurations(value: &Value, errors: &mut Violations) -> Configurations {
    let path = "authenticationMethodConfigurations";
    let items = expect_array(value, path, errors).map_or(&[][..], Vec::as_slice);
    let mut authenticator = None;
    let mut fido2 = None;
    let mut documents = Vec::with_capacity(items.len() + 1);
    let mut ids: Vec<(&str, String)> = Vec::new();
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
        ids.push((id, ip.clone()));
        if id.eq_ignore_ascii_case(AUTHENTICATOR_ID) {
            if let Some(parsed) = parse_authenticator(object, &ip, errors) {
                documents.push(authenticator_document(&parsed, object, errors));
                authenticator = Some(parsed);
            }
        } else if id.eq_ignore_ascii_case("Fido2") {
            fido2 = parse_fido2(object, &ip, errors);
            documents.push(item.clone());
        } else {
            check_known_properties(id, object, &ip, errors);
            documents.push(item.clone());
        }
    }
    let authenticator = authenticator.unwrap_or_else(|| {
        let default = AuthenticatorConfiguration::default();
        documents.insert(0, authenticator_document(&default, &Map::new(), errors));
        default
    });
    Configurations {
        authenticator,
        fido2: fido2.unwrap_or_default(),
        documents,
    }
}

/// Graph's properties of the simple method configurations (beyond `id`, `state`,
/// `excludeTargets`, `includeTargets`), and those of their include targets. Methods not
/// listed here (`X509Certificate`, `HardwareOath`, `QRCodePin`) carry nested settings this
/// campaign does not model; they are kept as they were, checked for shape and limits only.
const KNOWN_SCHEMAS: &[(&str, &[&str], &[&str])] = &[
    ("Sms", &[], &["isUsableForSignIn"]),
    (
        "Voice",
        &[
            "isOfficePhoneAllowed",
            "callerIdNumber",
            "isCustomGreetingEnabled",
        ],
        &[],
    ),
    ("Email", &["allowExternalIdToUseEmailOtp"], &[]),
    (
        "TemporaryAccessPass",
        &[
            "defaultLifetimeInMinutes",
            "defaultLength",
            "minimumLifetimeInMinutes",
            "maximumLifetimeInMinutes",
            "isUsableOnce",
        ],
        &[],
    ),
    ("SoftwareOath", &[], &[]),
];

/// Refuses properties Graph does not define in a method configuration whose schema is known,
/// at any depth: the configuration's own properties and its targets'.
fn check_known_properties(
    id: &str,
    object: &Map<String, Value>,
    path: &str,
    errors: &mut Violations,
) {
    let Some((name, own, include_target)) = KNOWN_SCHEMAS
        .iter()
        .find(|(name, _, _)| name.eq_ignore_ascii_case(id))
    else {
        return;
    };
    const COMMON: &[&str] = &["id", "state", "excludeTargets", "includeTargets"];
    const TARGET: &[&str] = &["id", "targetType", "isRegistrationRequired"];
    for (key, value) in object {
        if is_annotation(key) {
            continue;
        }
        let kp = child(path, key);
        if !COMMON.contains(&key.as_str()) && !own.contains(&key.as_str()) {
            errors.push(
                &kp,
                format!("unknown property (not part of Graph's {name} method configuration)"),
            );
            continue;
        }
        let extra: &[&str] = match key.as_str() {
            "includeTargets" => include_target,
            "excludeTargets" => &[],
            _ => continue,
        };
        let Some(targets) = value.as_array() else {
            errors.push(&kp, format!("must be an array, not {}", type_name(value)));
            continue;
        };
        for (i, target) in targets.iter().enumerate() {
            let tp = format!("{kp}[{i}]");
            let Some(target) = target.as_object() else {
                errors.push(&tp, format!("must be an object, not {}", type_name(target)));
                continue;
            };
            let allowed = |k: &str| {
                is_annotation(k)
                    || (TARGET.contains(&k)
                        && (key != "excludeTargets" || k != "isRegistrationRequired"))
                    || extra.contains(&k)
            };
            for k in target.keys().filter(|k| !allowed(k)) {
                errors.push(&child(&tp, k), "unknown property of a target");
            }
        }
    }
}
