//! What an include or exclude line means: `all_users`, `group GUID`, `user GUID`, a bare GUID
//! (the directory tells user from group), a user's sign-in name or a user's or group's name.

use super::directory::{Directory, DirectoryObject};
use crate::policy::{Target, TargetId, TargetType, is_directory_object_id};

/// One line of a target list, as understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TargetLine {
    /// What the admin typed.
    pub(super) typed: String,
    pub(super) target_type: TargetType,
    /// `all_users` or an object id (or, when the policy is to judge it, the text after
    /// `user`/`group`).
    pub(super) id: String,
    /// The name the directory knows it by.
    pub(super) name: Option<String>,
}

impl TargetLine {
    /// A stored target, as the form shows it.
    pub(super) fn stored(target: &Target, directory: Option<&dyn Directory>) -> Self {
        let (id, name) = match &target.id {
            TargetId::AllUsers => ("all_users".to_owned(), Some("All users".to_owned())),
            TargetId::Object(id) => (
                id.clone(),
                directory.and_then(|d| d.display_name(target.target_type, id)),
            ),
        };
        // Shown as the admin would type it: by its name when the name leads back to this
        // target alone (a saved "Staff" stays "Staff"), else by type and id.
        let typed = match &target.id {
            TargetId::Object(_) => name
                .as_deref()
                .filter(|name| {
                    read_line(name, directory)
                        .is_ok_and(|line| line.id == id && line.target_type == target.target_type)
                })
                .map_or_else(|| text_of(target), str::to_owned),
            TargetId::AllUsers => text_of(target),
        };
        Self {
            typed,
            target_type: target.target_type,
            id,
            name,
        }
    }
}

/// The line the form shows for a stored target.
pub(super) fn text_of(target: &Target) -> String {
    match &target.id {
        TargetId::AllUsers => "all_users".to_owned(),
        TargetId::Object(id) => format!("{} {id}", target.target_type.as_graph()),
    }
}

/// Reads a target list, one target per line. Returns what each readable line means and, for
/// the others, why not (`line N: ...`); every line is read, so every problem shows at once.
pub(super) fn read_targets(
    text: &str,
    directory: Option<&dyn Directory>,
) -> (Vec<TargetLine>, Vec<String>) {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text
        .lines()
        .map(str::trim)
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
    {
        match read_line(line, directory) {
            Ok(target) => lines.push(target),
            Err(why) => errors.push(format!("line {}: {why}", n + 1)),
        }
    }
    (lines, errors)
}

fn read_line(line: &str, directory: Option<&dyn Directory>) -> Result<TargetLine, String> {
    let understood = |target_type, id: &str, name| TargetLine {
        typed: line.to_owned(),
        target_type,
        id: id.to_owned(),
        name,
    };
    if line.eq_ignore_ascii_case("all_users") {
        return Ok(understood(
            TargetType::Group,
            "all_users",
            Some("All users".into()),
        ));
    }
    let (kind, value) = match line.split_once(char::is_whitespace) {
        Some((word, rest)) if word.eq_ignore_ascii_case("user") => {
            (Some(TargetType::User), rest.trim())
        }
        Some((word, rest)) if word.eq_ignore_ascii_case("group") => {
            (Some(TargetType::Group), rest.trim())
        }
        _ => (None, line),
    };
    if is_directory_object_id(value) {
        let id = value.to_ascii_lowercase();
        let kind = match kind {
            Some(kind) => kind,
            None => directory.and_then(|d| d.kind_of(&id)).ok_or_else(|| {
                format!(
                    "{id} is not a user or group the directory knows: write \"user {id}\" or \"group {id}\""
                )
            })?,
        };
        let name = directory.and_then(|d| d.display_name(kind, &id));
        return Ok(understood(kind, &id, name));
    }
    let found: Vec<DirectoryObject> = directory
        .map(|d| d.find_by_name(value))
        .unwrap_or_default()
        .into_iter()
        .filter(|o| kind.is_none_or(|k| o.target_type == k))
        .collect();
    match (found.as_slice(), kind) {
        ([one], _) => Ok(understood(
            one.target_type,
            &one.id.to_ascii_lowercase(),
            Some(one.display_name.clone()),
        )),
        // "group sales": the policy's own check says what a directory object id looks like.
        ([], Some(kind)) => Ok(understood(kind, value, None)),
        ([], None) => Err(format!(
            "no user or group is named \"{value}\": write a sign-in name, a group's name, \"user ID\", \"group ID\" or all_users"
        )),
        (several, _) => Err(format!(
            "\"{value}\" names {} objects ({}): write the ID of the one you mean",
            several.len(),
            several
                .iter()
                .map(|o| format!("{} {}", o.target_type.as_graph(), o.id))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAFF: &str = "5a1e5000-0000-4000-8000-0000000000a1";
    const ALICE: &str = "a11ce000-0000-4000-8000-000000000001";

    struct Names;

    impl Directory for Names {
        fn display_name(&self, target_type: TargetType, id: &str) -> Option<String> {
            match (target_type, id) {
                (TargetType::Group, STAFF) => Some("Staff".into()),
                (TargetType::User, ALICE) => Some("Alice".into()),
                _ => None,
            }
        }

        fn find_by_name(&self, name: &str) -> Vec<DirectoryObject> {
            let object = |target_type, id: &str, display_name: &str| DirectoryObject {
                target_type,
                id: id.into(),
                display_name: display_name.into(),
                sign_in_name: None,
            };
            match name.to_ascii_lowercase().as_str() {
                "staff" => vec![object(TargetType::Group, STAFF, "Staff")],
                "alice@contoso.test" | "alice" => vec![object(TargetType::User, ALICE, "Alice")],
                "pilots" => vec![
                    object(TargetType::Group, STAFF, "Pilots"),
                    object(TargetType::User, ALICE, "Pilots"),
                ],
                _ => Vec::new(),
            }
        }
    }

    fn read(
        text: &str,
        directory: Option<&dyn Directory>,
    ) -> (Vec<(TargetType, String)>, Vec<String>) {
        let (lines, errors) = read_targets(text, directory);
        (
            lines.into_iter().map(|l| (l.target_type, l.id)).collect(),
            errors,
        )
    }

    #[test]
    fn bare_ids_and_names_are_looked_up_in_the_directory() {
        let text = format!(
            "{STAFF}\n{}\nalice@contoso.test\nStaff\nall_users\nuser {ALICE}",
            ALICE.to_uppercase()
        );
        let (lines, errors) = read(&text, Some(&Names));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            lines,
            [
                (TargetType::Group, STAFF.into()),
                (TargetType::User, ALICE.into()),
                (TargetType::User, ALICE.into()),
                (TargetType::Group, STAFF.into()),
                (TargetType::Group, "all_users".into()),
                (TargetType::User, ALICE.into()),
            ]
        );
    }

    #[test]
    fn every_unreadable_line_says_why_and_what_to_write() {
        let unknown = "0e000000-0000-4000-8000-000000000000";
        let text = format!("{unknown}\nnobody\npilots\n\nuser pilots");
        let (lines, errors) = read(&text, Some(&Names));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with(&format!(
            "line 1: {unknown} is not a user or group the directory knows: write \"user {unknown}\""
        )));
        assert!(errors[1].starts_with("line 2: no user or group is named \"nobody\""));
        assert!(errors[2].starts_with("line 3: \"pilots\" names 2 objects"));
        // "user pilots" names one object once the kind is given.
        assert_eq!(lines, [(TargetType::User, ALICE.into())]);
    }

    #[test]
    fn without_a_directory_a_bare_id_needs_its_kind() {
        let (lines, errors) = read(&format!("group {STAFF}\n{ALICE}"), None);
        assert_eq!(lines, [(TargetType::Group, STAFF.into())]);
        assert_eq!(errors.len(), 1);
        // A kind with something that is not an id is left to the policy's own check.
        let (lines, errors) = read("group not-a-guid", None);
        assert_eq!(lines, [(TargetType::Group, "not-a-guid".into())]);
        assert!(errors.is_empty());
    }
}
