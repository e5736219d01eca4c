//! Reading Graph JSON into the typed views.
//!
//! One walker per part of the document (`document`, `campaign`, `targets`, `authenticator`).
//! Each walks every key, so every problem is reported with its path, not just the first; the
//! small typed readers here (`enum_field`, `bool_field`, `expect_array`, ...) give the same
//! message for the same mistake wherever it is made.

mod authenticator;
mod campaign;
mod configurations;
mod document;
mod fido2;
mod targets;

use serde_json::{Map, Value};

use super::error::Violations;

pub(crate) use authenticator::AUTHENTICATOR_ID;
pub(crate) use document::{POLICY_ID, parse_policy};

/// An OData instance annotation such as `@odata.context` or `includeTargets@odata.context`.
pub(crate) fn is_annotation(key: &str) -> bool {
    key.contains('@')
}

/// The path of `key` inside the object at `path`.
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

/// A value as an error message names it: numbers and strings shown, other kinds by type.
fn describe(v: &Value) -> String {
    match v {
        Value::Number(n) => format!("{n}"),
        Value::String(s) => format!("the string \"{s}\""),
        other => type_name(other).to_owned(),
    }
}

/// "a, b or c".
fn alternatives(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A Graph enumeration, with the spelling of each value.
pub(super) trait GraphEnum: Sized + Copy + 'static {
    /// Every value with its Graph spelling, in Graph's order.
    const VALUES: &'static [(&'static str, Self)];
}

/// Reads a Graph enumeration value (exact spelling).
fn enum_field<T: GraphEnum>(v: &Value, path: &str, errors: &mut Violations) -> Option<T> {
    let names: Vec<&str> = T::VALUES.iter().map(|(name, _)| *name).collect();
    one_of(v, path, &names, errors)
        .and_then(|s| T::VALUES.iter().find(|(name, _)| *name == s))
        .map(|(_, value)| *value)
}

/// Reads a string that must be one of `allowed`.
fn one_of<'v>(
    v: &'v Value,
    path: &str,
    allowed: &[&str],
    errors: &mut Violations,
) -> Option<&'v str> {
    match v {
        Value::String(s) if allowed.contains(&s.as_str()) => Some(s),
        Value::String(s) => {
            errors.push(
                path,
                format!("unknown value \"{s}\" (expected {})", alternatives(allowed)),
            );
            None
        }
        other => {
            errors.push(path, format!("must be a string, not {}", describe(other)));
            None
        }
    }
}

/// Handles the keys every method configuration shares that carry no setting: its
/// `@odata.type` (which must be `odata_type`) and OData annotations. `true` when `key` was one.
fn configuration_metadata(
    key: &str,
    v: &Value,
    path: &str,
    odata_type: &str,
    errors: &mut Violations,
) -> bool {
    if key == "@odata.type" {
        if v.as_str() != Some(odata_type) {
            errors.push(path, format!("must be \"{odata_type}\""));
        }
        return true;
    }
    is_annotation(key)
}

/// Reads a method configuration's `state`: `true` for `enabled`.
fn method_state(v: &Value, path: &str, errors: &mut Violations) -> Option<bool> {
    one_of(v, path, &["enabled", "disabled"], errors).map(|state| state == "enabled")
}

/// Reads `true` or `false`.
fn bool_field(v: &Value, path: &str, errors: &mut Violations) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        other => {
            errors.push(
                path,
                format!("must be true or false, not {}", describe(other)),
            );
            None
        }
    }
}

/// Reads an array.
fn expect_array<'a>(v: &'a Value, path: &str, errors: &mut Violations) -> Option<&'a Vec<Value>> {
    match v {
        Value::Array(items) => Some(items),
        other => {
            errors.push(path, format!("must be an array, not {}", type_name(other)));
            None
        }
    }
}

/// Reads an object; `null` is accepted as "not given" (`None` without an error).
fn optional_object<'a>(
    v: &'a Value,
    path: &str,
    errors: &mut Violations,
) -> Option<&'a Map<String, Value>> {
    match v {
        Value::Object(object) => Some(object),
        Value::Null => None,
        other => {
            errors.push(path, format!("must be an object, not {}", type_name(other)));
            None
        }
    }
}

/// Serializes a written-back part of the document; a failure is a violation, never a
/// silently wrong document.
fn to_document<T: serde::Serialize>(part: &T, path: &str, errors: &mut Violations) -> Value {
    serde_json::to_value(part).unwrap_or_else(|e| {
        errors.push(path, format!("could not be written back: {e}"));
        Value::Null
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{AuthenticationMode, CampaignState, TargetType};

    #[test]
    fn guid_shape_is_checked_exactly() {
        assert!(is_guid("3ee3a9de-0a86-4e12-a287-9769accf1ba2"));
        assert!(is_guid("3EE3A9DE-0A86-4E12-A287-9769ACCF1BA2"));
        assert!(!is_guid("*********PLEASE ENTER GUID***********"));
        assert!(!is_guid("3ee3a9de0a864e12a2879769accf1ba2"));
        assert!(!is_guid("3ee3a9de-0a86-4e12-a287-9769accf1bag"));
        assert!(!is_guid(""));
    }

    /// The spelling read is the spelling written back (serde) and shown (`as_graph`).
    fn spellings_agree<T>(as_graph: impl Fn(T) -> &'static str)
    where
        T: GraphEnum + serde::Serialize + PartialEq + std::fmt::Debug,
    {
        for (name, value) in T::VALUES {
            assert_eq!(serde_json::to_value(value).ok(), Some(Value::from(*name)));
            assert_eq!(as_graph(*value), *name);
            let mut errors = Violations::default();
            assert_eq!(
                enum_field::<T>(&Value::from(*name), "p", &mut errors),
                Some(*value)
            );
        }
    }

    #[test]
    fn every_enumeration_reads_writes_and_shows_the_same_spelling() {
        spellings_agree(CampaignState::as_graph);
        spellings_agree(TargetType::as_graph);
        spellings_agree(AuthenticationMode::as_graph);
    }

    #[test]
    fn a_wrong_enumeration_value_names_the_alternatives() {
        let mut errors = Violations::default();
        assert_eq!(
            enum_field::<CampaignState>(&Value::from("on"), "state", &mut errors),
            None
        );
        assert_eq!(
            errors.into_result(()).unwrap_err().to_string(),
            "state: unknown value \"on\" (expected default, enabled or disabled)"
        );
    }
}
