//! Limits on a policy document as it will be stored, so that whatever is written can be read
//! back.
//!
//! A PATCH body is parsed by serde_json, whose reader stops at 128 levels of nesting; the stored
//! document is nested more deeply than the body (the Authenticator configuration sits two levels
//! down, and the audit entry one more), and properties Graph defines but the campaign does not
//! interpret are kept verbatim. Without limits a body the reader just accepted could be stored
//! as a document nobody can read again. The limits below leave a wide margin under the reader's
//! and are far above anything Graph itself accepts.

use serde_json::Value;

use super::error::Violations;

/// The deepest nesting of objects and arrays in a stored policy; the document itself is level 1.
pub const MAX_POLICY_DEPTH: usize = 32;
/// The largest stored policy, in bytes of its JSON.
pub const MAX_DOCUMENT_BYTES: usize = 256 * 1024;
/// The most include or exclude targets in one list (the campaign's, or a method
/// configuration's).
pub const MAX_TARGETS: usize = 500;
/// The most method configurations in `authenticationMethodConfigurations`.
pub const MAX_METHOD_CONFIGURATIONS: usize = 32;
/// The most items in any other array of the document.
pub const MAX_ARRAY_ITEMS: usize = 1000;

/// At most this many limit problems are reported for one document: a small body that is
/// nested too deeply in many places must not get a huge error message.
const MAX_REPORTED: usize = 20;

/// Checks nesting and counts everywhere in `document`, naming the path of each problem (the
/// first [`MAX_REPORTED`] of them).
pub(crate) fn check_shape(document: &Value, errors: &mut Violations) {
    let before = errors.len();
    walk(document, "", 1, before + MAX_REPORTED, errors);
}

fn walk(value: &Value, path: &str, depth: usize, stop_at: usize, errors: &mut Violations) {
    if errors.len() >= stop_at {
        return;
    }
    let container = matches!(value, Value::Object(_) | Value::Array(_));
    if container && depth > MAX_POLICY_DEPTH {
        errors.push(
            path,
            format!(
                "nested deeper than {MAX_POLICY_DEPTH} levels (a stored policy may be at most \
                 {MAX_POLICY_DEPTH} levels deep)"
            ),
        );
        // Nothing below this point is looked at: one error per over-deep branch.
        return;
    }
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                let member_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(member, &member_path, depth + 1, stop_at, errors);
            }
        }
        Value::Array(items) => {
            let limit = array_limit(path);
            if items.len() > limit.0 {
                errors.push(
                    path,
                    format!("at most {} {} (found {})", limit.0, limit.1, items.len()),
                );
                return;
            }
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), depth + 1, stop_at, errors);
            }
        }
        _ => {}
    }
}

fn array_limit(path: &str) -> (usize, &'static str) {
    if path == "authenticationMethodConfigurations" {
        (MAX_METHOD_CONFIGURATIONS, "method configurations")
    } else if path.ends_with(".includeTargets") || path.ends_with(".excludeTargets") {
        (MAX_TARGETS, "targets")
    } else {
        (MAX_ARRAY_ITEMS, "items")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(value: &Value) -> Vec<String> {
        let mut errors = Violations::default();
        check_shape(value, &mut errors);
        match errors.into_result(()) {
            Ok(()) => Vec::new(),
            Err(e) => e.violations().iter().map(ToString::to_string).collect(),
        }
    }

    fn nested(depth: usize) -> Value {
        let mut value = json!({});
        for _ in 1..depth {
            value = json!({ "a": value });
        }
        value
    }

    #[test]
    fn depth_counts_the_document_as_level_one() {
        assert!(problems(&nested(MAX_POLICY_DEPTH)).is_empty());
        let deep = problems(&nested(MAX_POLICY_DEPTH + 1));
        assert_eq!(deep.len(), 1);
        let path = vec!["a"; MAX_POLICY_DEPTH].join(".");
        assert!(
            deep[0].starts_with(&format!("{path}: nested deeper than 32")),
            "{deep:?}"
        );
        // Arrays count as levels too; scalars do not.
        let mut value = json!([1]);
        for _ in 1..MAX_POLICY_DEPTH {
            value = json!([value]);
        }
        assert!(problems(&value).is_empty());
        assert_eq!(problems(&json!([value])).len(), 1);
    }

    #[test]
    fn target_lists_and_configurations_are_counted() {
        let targets: Vec<Value> = (0..=MAX_TARGETS).map(|_| json!({})).collect();
        let doc = json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "includeTargets": targets}}});
        assert_eq!(
            problems(&doc),
            vec![
                "registrationEnforcement.authenticationMethodsRegistrationCampaign.includeTargets: \
                 at most 500 targets (found 501)"
            ]
        );
        let configurations: Vec<Value> =
            (0..=MAX_METHOD_CONFIGURATIONS).map(|_| json!({})).collect();
        assert_eq!(
            problems(&json!({ "authenticationMethodConfigurations": configurations })),
            vec!["authenticationMethodConfigurations: at most 32 method configurations (found 33)"]
        );
        let items: Vec<Value> = (0..=MAX_ARRAY_ITEMS).map(|i| json!(i)).collect();
        assert_eq!(problems(&json!({ "x": { "y": items } })).len(), 1);
    }

    #[test]
    fn a_document_too_deep_in_many_places_gets_a_short_answer() {
        let mut wide = serde_json::Map::new();
        for i in 0..1000 {
            wide.insert(format!("k{i}"), json!({}));
        }
        let at_the_limit = nested(MAX_POLICY_DEPTH);
        let mut doc = json!({});
        // The wide object sits at level MAX_POLICY_DEPTH, so each of its members is one too deep.
        let mut slot = &mut doc;
        for _ in 1..MAX_POLICY_DEPTH - 1 {
            slot["a"] = json!({});
            slot = &mut slot["a"];
        }
        slot["w"] = Value::Object(wide);
        assert!(problems(&at_the_limit).is_empty());
        assert_eq!(problems(&doc).len(), MAX_REPORTED);
    }
}
