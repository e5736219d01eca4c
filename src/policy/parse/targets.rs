//! Include and exclude targets: `{id, targetType}` plus whatever a list adds to each target.

use serde_json::Value;

use super::{GraphEnum, child, enum_field, expect_array, is_annotation, is_guid, type_name};
use crate::policy::error::Violations;
use crate::policy::model::{Target, TargetId, TargetType};

impl GraphEnum for TargetType {
    const VALUES: &'static [(&'static str, Self)] = &[("user", Self::User), ("group", Self::Group)];
}

/// Something a target list holds: a [`Target`], or a target with settings of its own.
pub(super) trait Targeted {
    fn target(&self) -> &Target;
}

impl Targeted for Target {
    fn target(&self) -> &Target {
        self
    }
}

impl<T> Targeted for (Target, T) {
    fn target(&self) -> &Target {
        &self.0
    }
}

/// Reads a target list with `read` per item, then reports any target listed twice.
pub(super) fn parse_list<T: Targeted>(
    value: &Value,
    path: &str,
    errors: &mut Violations,
    mut read: impl FnMut(&Value, &str, &mut Violations) -> Option<T>,
) -> Option<Vec<T>> {
    let items = expect_array(value, path, errors)?;
    let mut read_items: Vec<(T, String)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        if let Some(read_item) = read(item, &item_path, errors) {
            read_items.push((read_item, item_path));
        }
    }
    for (i, (item, item_path)) in read_items.iter().enumerate() {
        let target = item.target();
        if let Some((_, first)) = read_items[..i].iter().find(|(t, _)| t.target() == target) {
            errors.push(
                item_path,
                format!(
                    "duplicate target {} {} (already listed at {first})",
                    target.target_type.as_graph(),
                    target.id
                ),
            );
        }
    }
    Some(read_items.into_iter().map(|(item, _)| item).collect())
}

/// Reads a plain `{id, targetType}` list (exclusions).
pub(super) fn parse_plain_list(
    value: &Value,
    path: &str,
    errors: &mut Violations,
) -> Option<Vec<Target>> {
    parse_list(value, path, errors, |item, item_path, errors| {
        parse_target(item, item_path, &[], errors)
    })
}

/// Reads `{id, targetType}`; any other key must be one of `extra`, which the caller reads.
pub(super) fn parse_target(
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
    let type_path = child(path, "targetType");
    let target_type = match object.get("targetType") {
        None => {
            errors.push(&type_path, "is required (user or group)");
            None
        }
        Some(v) => enum_field::<TargetType>(v, &type_path, errors),
    };
    let id = parse_id(object.get("id"), &child(path, "id"), errors);
    let (id, target_type) = (id?, target_type?);
    if id == TargetId::AllUsers && target_type == TargetType::User {
        errors.push(
            &type_path,
            "all_users is a group: use targetType \"group\" with id all_users",
        );
        return None;
    }
    Some(Target { id, target_type })
}

fn parse_id(value: Option<&Value>, path: &str, errors: &mut Violations) -> Option<TargetId> {
    match value {
        None => {
            errors.push(
                path,
                "is required (a user or group object id, or all_users)",
            );
            None
        }
        Some(Value::String(s)) if s == "all_users" => Some(TargetId::AllUsers),
        Some(Value::String(s)) if is_guid(s) => Some(TargetId::Object(s.to_ascii_lowercase())),
        Some(Value::String(s)) => {
            errors.push(
                path,
                format!(
                    "\"{s}\" is not a directory object id (expected a GUID such as 3ee3a9de-0a86-4e12-a287-9769accf1ba2, or all_users)"
                ),
            );
            None
        }
        Some(other) => {
            errors.push(path, format!("must be a string, not {}", type_name(other)));
            None
        }
    }
}
