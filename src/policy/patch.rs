//! Graph's PATCH semantics on the policy document: only what the body names changes.
//!
//! Complex properties merge property by property, collections are replaced, method
//! configurations merge by `id` (any case), and read-only properties are ignored. The merged
//! document is then validated as a whole by the caller, so a bad PATCH changes nothing.

use serde_json::{Map, Value};

use super::error::PolicyError;
use super::parse::{AUTHENTICATOR_ID, POLICY_ID, is_annotation};

/// Properties the service owns; a PATCH may carry them (as in a GET response sent back) but
/// cannot change them.
const READ_ONLY_PROPERTIES: &[&str] = &[
    "id",
    "displayName",
    "description",
    "lastModifiedDateTime",
    "policyVersion",
];

const CONFIGURATIONS: &str = "authenticationMethodConfigurations";

/// The document with a policy PATCH body applied, not yet validated.
pub(super) fn merge_policy_patch(
    document: &Map<String, Value>,
    patch: &Value,
) -> Result<Value, PolicyError> {
    let patch = request_object(patch)?;
    let mut merged = document.clone();
    for (key, value) in patch {
        if is_annotation(key) {
            continue;
        }
        if READ_ONLY_PROPERTIES.contains(&key.as_str()) {
            if key == "id" && value.as_str() != Some(POLICY_ID) {
                return Err(PolicyError::single(
                    "id",
                    format!("must be \"{POLICY_ID}\" (the policy is a singleton)"),
                ));
            }
            continue;
        }
        if key == CONFIGURATIONS {
            merge_configurations(&mut merged, value)?;
            continue;
        }
        match merged.get_mut(key) {
            Some(existing) => merge_value(existing, value),
            None => {
                merged.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(Value::Object(merged))
}

/// The document with a PATCH of the Microsoft Authenticator method configuration applied
/// (Graph's `PATCH .../authenticationMethodConfigurations/MicrosoftAuthenticator`).
pub(super) fn merge_authenticator_patch(
    document: &Map<String, Value>,
    patch: &Value,
) -> Result<Value, PolicyError> {
    let object = request_object(patch)?;
    if let Some(id) = object.get("id")
        && !id
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case(AUTHENTICATOR_ID))
    {
        return Err(PolicyError::single(
            "id",
            format!("must be \"{AUTHENTICATOR_ID}\""),
        ));
    }
    let mut body = object.clone();
    body.insert("id".into(), Value::String(AUTHENTICATOR_ID.into()));
    merge_policy_patch(
        document,
        &serde_json::json!({ CONFIGURATIONS: [Value::Object(body)] }),
    )
}

fn request_object(patch: &Value) -> Result<&Map<String, Value>, PolicyError> {
    patch
        .as_object()
        .ok_or_else(|| PolicyError::single("", "the request body must be a JSON object"))
}

/// OData PATCH semantics: objects merge property by property, anything else is replaced.
fn merge_value(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(existing), Value::Object(changes)) => {
            for (key, value) in changes {
                if is_annotation(key) {
                    continue;
                }
                match existing.get_mut(key) {
                    Some(slot) => merge_value(slot, value),
                    None => {
                        existing.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (slot, value) => *slot = value.clone(),
    }
}

/// Method configurations merge by `id`: a known one is patched, a new one is added.
fn merge_configurations(
    document: &mut Map<String, Value>,
    patch: &Value,
) -> Result<(), PolicyError> {
    let Some(changes) = patch.as_array() else {
        return Err(PolicyError::single(CONFIGURATIONS, "must be an array"));
    };
    let configurations = document
        .entry(CONFIGURATIONS)
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(existing) = configurations else {
        return Err(PolicyError::single(CONFIGURATIONS, "must be an array"));
    };
    for (i, change) in changes.iter().enumerate() {
        let Some(id) = change.get("id").and_then(Value::as_str) else {
            return Err(PolicyError::single(
                format!("{CONFIGURATIONS}[{i}].id"),
                "is required to say which method configuration to change",
            ));
        };
        match existing.iter_mut().find(|c| {
            c.get("id")
                .and_then(Value::as_str)
                .is_some_and(|other| other.eq_ignore_ascii_case(id))
        }) {
            Some(slot) => merge_value(slot, change),
            None => existing.push(change.clone()),
        }
    }
    Ok(())
}
