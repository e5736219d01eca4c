//! `authenticationMethodConfigurations`: one entry per method, unique by `id` (any case).

use serde_json::{Map, Value};

use super::authenticator::{AUTHENTICATOR_ID, authenticator_document, parse_authenticator};
use super::fido2::parse_fido2;
use super::{child, expect_array, type_name};
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
