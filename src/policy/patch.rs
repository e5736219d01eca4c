//! Graph's PATCH semantics on the policy document: only what the body names changes.
//!
//! Complex properties merge property by property, collections are replaced, method
//! configurations merge by `id` (any case), and read-only properties are ignored. The merged
//! document is then validated as a whole by the caller, so a bad PATCH changes nothing.

use serde_json::{Map, Value, json};

use super::error::PolicyError;
use super::methods::{default_configuration, graph_method};
use super::parse::{POLICY_ID, is_annotation};

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

/// The document with a PATCH of one method configuration applied (Graph's
/// `PATCH .../authenticationMethodConfigurations/{id}`). A built-in method the document does
/// not mention yet starts from Graph's default configuration.
pub(super) fn merge_method_patch(
    document: &Map<String, Value>,
    id: &str,
    patch: &Value,
) -> Result<Value, PolicyError> {
    let object = request_object(patch)?;
    if let Some(given) = object.get("id")
        && !given.as_str().is_some_and(|s| s.eq_ignore_ascii_case(id))
    {
        return Err(PolicyError::single("id", format!("must be \"{id}\"")));
    }
    let mut base = document.clone();
    if !configurations(&base).any(|c| has_id(c, id)) {
        let Some(method) = graph_method(id) else {
            return Err(PolicyError::single(
                "",
                format!("there is no method configuration \"{id}\""),
            ));
        };
        push_configuration(&mut base, default_configuration(method));
    }
    let mut body = object.clone();
    body.insert("id".into(), Value::String(canonical_id(&base, id)));
    merge_policy_patch(&base, &json!({ CONFIGURATIONS: [Value::Object(body)] }))
}

/// The document without the method configuration `id`, so that it reads as Graph's default
/// again (Graph's `DELETE .../authenticationMethodConfigurations/{id}`).
pub(super) fn remove_method(document: &Map<String, Value>, id: &str) -> Value {
    let mut document = document.clone();
    if let Some(Value::Array(configurations)) = document.get_mut(CONFIGURATIONS) {
        configurations.retain(|c| !has_id(c, id));
    }
    Value::Object(document)
}

fn has_id(configuration: &Value, id: &str) -> bool {
    configuration
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|other| other.eq_ignore_ascii_case(id))
}

/// The document's method configurations.
pub(super) fn configurations(document: &Map<String, Value>) -> impl Iterator<Item = &Value> {
    document
        .get(CONFIGURATIONS)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// The id as the document spells it (else as given).
fn canonical_id(document: &Map<String, Value>, id: &str) -> String {
    configurations(document)
        .find(|c| has_id(c, id))
        .and_then(|c| c.get("id"))
        .and_then(Value::as_str)
        .unwrap_or(id)
        .to_owned()
}

fn push_configuration(document: &mut Map<String, Value>, configuration: Value) {
    match document.get_mut(CONFIGURATIONS) {
        Some(Value::Array(configurations)) => configurations.push(configuration),
        _ => {
            document.insert(CONFIGURATIONS.into(), json!([configuration]));
        }
    }
}

fn request_object(patch: &Value) -> Result<&Map<String, Value>, PolicyError> {
    patch
        .as_object()
        .ok_or_else(|| PolicyError::single("", "the request body must be a JSON object"))
}

/// Collections whose entries have an `id` and merge entry by entry: the PATCH's list says
/// which entries there are, and an entry that names an existing one keeps the properties it
/// omits. Microsoft's Graph SDKs read the policy and PATCH it back, dropping a flags-enum value
/// they cannot parse (`passkeyTypes`): Graph then keeps it, and so does this.
const MERGED_BY_ID: &[&str] = &["passkeyProfiles"];

/// OData PATCH semantics: objects merge property by property, anything else is replaced
/// (collections in [`MERGED_BY_ID`] merge their entries by `id`).
fn merge_value(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(existing), Value::Object(changes)) => {
            for (key, value) in changes {
                if is_annotation(key) {
                    continue;
                }
                match existing.get_mut(key) {
                    Some(slot) if MERGED_BY_ID.contains(&key.as_str()) => {
                        merge_entries_by_id(slot, value)
                    }
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

/// The PATCH's entries, each merged onto the existing entry with the same `id` (any case).
fn merge_entries_by_id(target: &mut Value, patch: &Value) {
    let (Value::Array(existing), Value::Array(entries)) = (&*target, patch) else {
        *target = patch.clone();
        return;
    };
    let merged = entries
        .iter()
        .map(|entry| {
            let id = entry.get("id").and_then(Value::as_str);
            match id.and_then(|id| existing.iter().find(|e| has_id(e, id))) {
                Some(before) => {
                    let mut merged = before.clone();
                    merge_value(&mut merged, entry);
                    merged
                }
                None => entry.clone(),
            }
        })
        .collect();
    *target = Value::Array(merged);
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
        match existing.iter_mut().find(|c| has_id(c, id)) {
            Some(slot) => merge_value(slot, change),
            None => existing.push(change.clone()),
        }
    }
    Ok(())
}
