//! The settings form (deadline and group rules, DESIGN.md 2a): what the admin typed, turned into
//! a settings PATCH, and the errors each field shows.

use serde_json::{Map, Value, json};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

use super::directory::Directory;
use super::forms::{FieldErrors, FormField};
use crate::policy::{TargetType, is_directory_object_id};
use crate::settings::{CampaignSettings, MAX_GROUP_RULES};

/// Empty rows the form offers for new group rules.
pub(super) const BLANK_RULES: usize = 2;

/// One group rule's fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct RuleFields {
    /// A group id or a group's name.
    pub(super) group: String,
    /// Days, or empty for the policy's.
    pub(super) snooze: String,
    /// `""` (the policy's), `unlimited`, or 0 to 10.
    pub(super) skips: String,
    /// A date or date-time, or empty for the campaign's deadline.
    pub(super) deadline: String,
}

impl RuleFields {
    fn is_blank(&self) -> bool {
        [&self.group, &self.snooze, &self.skips, &self.deadline]
            .iter()
            .all(|f| f.trim().is_empty())
    }
}

/// The settings form's fields, as typed.
#[derive(Debug, Clone, Default)]
pub(super) struct SettingsForm {
    pub(super) csrf: String,
    /// The settings version the form was shown with (`If-Match`).
    pub(super) version: String,
    pub(super) deadline: String,
    /// Reminder days before the deadline, as typed: `7, 1`.
    pub(super) reminders: String,
    /// In order; blank rows are ignored.
    pub(super) rules: Vec<RuleFields>,
}

/// A field of the settings form that can show an error beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SettingsField {
    Deadline,
    Reminders,
    /// The group of the rule in form row N.
    Group(usize),
    Snooze(usize),
    Skips(usize),
    RuleDeadline(usize),
}

impl FormField for SettingsField {
    fn anchor(self) -> String {
        match self {
            Self::Deadline => "deadline".into(),
            Self::Reminders => "reminders".into(),
            Self::Group(n) => format!("rule{n}-group"),
            Self::Snooze(n) => format!("rule{n}-snooze"),
            Self::Skips(n) => format!("rule{n}-skips"),
            Self::RuleDeadline(n) => format!("rule{n}-deadline"),
        }
    }

    fn label(self, t: &crate::locale::Texts) -> String {
        let rule = |id: &str, n: usize| t.fmt(id).num("number", n + 1).plain();
        match self {
            Self::Deadline => t.text("admin-deadline"),
            Self::Reminders => t.text("admin-reminders"),
            Self::Group(n) => rule("admin-field-rule-group", n),
            Self::Snooze(n) => rule("admin-field-rule-snooze", n),
            Self::Skips(n) => rule("admin-field-rule-snoozes", n),
            Self::RuleDeadline(n) => rule("admin-field-rule-deadline", n),
        }
    }

    fn position(self) -> (usize, usize) {
        match self {
            Self::Deadline => (0, 0),
            Self::Reminders => (0, 1),
            Self::Group(n) => (n + 1, 0),
            Self::Snooze(n) => (n + 1, 1),
            Self::Skips(n) => (n + 1, 2),
            Self::RuleDeadline(n) => (n + 1, 3),
        }
    }
}

/// The form read: the settings PATCH (the whole document) and the problems found reading it.
#[derive(Debug)]
pub(super) struct SettingsRead {
    pub(super) patch: Value,
    pub(super) errors: FieldErrors<SettingsField>,
    /// The form row of each rule in the PATCH, to place the settings' own errors.
    rows: Vec<usize>,
}

impl SettingsRead {
    /// The field a settings violation is about, from its path (`groupRules[2].deadline`).
    pub(super) fn field_of(&self, path: &str) -> Option<SettingsField> {
        if path == "deadline" {
            return Some(SettingsField::Deadline);
        }
        if path.starts_with("reminders") {
            return Some(SettingsField::Reminders);
        }
        let rest = path.strip_prefix("groupRules[")?;
        let (index, property) = rest.split_once("].")?;
        let row = *self.rows.get(index.parse::<usize>().ok()?)?;
        match property {
            "groupId" => Some(SettingsField::Group(row)),
            "snoozeDurationInDays" => Some(SettingsField::Snooze(row)),
            "allowedSnoozes" => Some(SettingsField::Skips(row)),
            "deadline" => Some(SettingsField::RuleDeadline(row)),
            _ => None,
        }
    }
}

impl SettingsForm {
    /// The form from its posted pairs: `csrf`, `version`, `deadline`, and `ruleN_group`,
    /// `ruleN_snooze`, `ruleN_skips`, `ruleN_deadline` for each row N.
    pub(super) fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (key, value) in pairs {
            match key.as_str() {
                "csrf" => form.csrf = value,
                "version" => form.version = value,
                "deadline" => form.deadline = value,
                "reminders" => form.reminders = value,
                _ => {
                    let Some((row, field)) = key
                        .strip_prefix("rule")
                        .and_then(|rest| rest.split_once('_'))
                    else {
                        continue;
                    };
                    // More rows than the settings allow (plus the blank ones) are not read.
                    let Some(row) = row
                        .parse::<usize>()
                        .ok()
                        .filter(|n| *n < MAX_GROUP_RULES + BLANK_RULES)
                    else {
                        continue;
                    };
                    if form.rules.len() <= row {
                        form.rules.resize(row + 1, RuleFields::default());
                    }
                    let rule = &mut form.rules[row];
                    match field {
                        "group" => rule.group = value,
                        "snooze" => rule.snooze = value,
                        "skips" => rule.skips = value,
                        "deadline" => rule.deadline = value,
                        _ => {}
                    }
                }
            }
        }
        form
    }

    /// The form showing stored settings, with the group's name where the directory knows it.
    pub(super) fn from_settings(
        settings: &CampaignSettings,
        version: u64,
        directory: Option<&dyn Directory>,
    ) -> Self {
        let rules = settings
            .group_rules
            .iter()
            .map(|rule| RuleFields {
                group: directory
                    .and_then(|d| d.display_name(TargetType::Group, &rule.group_id))
                    // A name shown is read back as this group only if it names nothing else.
                    .filter(|name| {
                        directory.is_some_and(|d| {
                            d.find_by_name(name)
                                .iter()
                                .filter(|o| o.target_type == TargetType::Group)
                                .count()
                                == 1
                        })
                    })
                    .unwrap_or_else(|| rule.group_id.clone()),
                snooze: rule
                    .snooze_duration_in_days
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                skips: match rule.allowed_snoozes {
                    None => String::new(),
                    Some(None) => "unlimited".into(),
                    Some(Some(n)) => n.to_string(),
                },
                deadline: rule.deadline.map(deadline_text).unwrap_or_default(),
            })
            .collect();
        Self {
            csrf: String::new(),
            version: version.to_string(),
            deadline: settings.deadline.map(deadline_text).unwrap_or_default(),
            reminders: settings
                .reminders
                .days_before_deadline
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            rules,
        }
    }

    /// The rows to show: the typed or stored rules and blank rows for new ones.
    pub(super) fn rows(&self) -> Vec<RuleFields> {
        let mut rows: Vec<RuleFields> = self.rules.clone();
        while rows.last().is_some_and(RuleFields::is_blank) {
            rows.pop();
        }
        let room = (MAX_GROUP_RULES + BLANK_RULES).saturating_sub(rows.len());
        rows.extend(std::iter::repeat_n(
            RuleFields::default(),
            BLANK_RULES.min(room),
        ));
        rows
    }

    /// Reads the form into a PATCH of the whole settings document.
    pub(super) fn read(&self, directory: Option<&dyn Directory>) -> SettingsRead {
        let mut errors = FieldErrors::default();
        let mut patch = Map::new();
        match read_deadline(&self.deadline) {
            Ok(deadline) => {
                patch.insert("deadline".into(), deadline);
            }
            Err(why) => errors.push(SettingsField::Deadline, why),
        }
        let days: Result<Vec<u64>, _> = self
            .reminders
            .split([',', ' '])
            .filter(|d| !d.is_empty())
            .map(str::parse::<u64>)
            .collect();
        match days {
            Ok(days) => {
                patch.insert("reminders".into(), json!({ "daysBeforeDeadline": days }));
            }
            Err(_) => errors.push(
                SettingsField::Reminders,
                "must be whole numbers of days separated by commas, such as 7, 1",
            ),
        }
        let mut rules = Vec::new();
        let mut rows = Vec::new();
        for (row, fields) in self.rules.iter().enumerate() {
            if fields.is_blank() {
                continue;
            }
            let mut rule = Map::new();
            match read_group(&fields.group, directory) {
                Ok(id) => {
                    rule.insert("groupId".into(), json!(id));
                }
                Err(why) => errors.push(SettingsField::Group(row), why),
            }
            let snooze = fields.snooze.trim();
            if !snooze.is_empty() {
                match snooze.parse::<u64>() {
                    Ok(days) => {
                        rule.insert("snoozeDurationInDays".into(), json!(days));
                    }
                    Err(_) => errors.push(
                        SettingsField::Snooze(row),
                        "must be a whole number of days from 0 to 14, or empty for the policy's",
                    ),
                }
            }
            match fields.skips.trim() {
                "" => {}
                "unlimited" => {
                    rule.insert("allowedSnoozes".into(), Value::Null);
                }
                n => match n.parse::<u64>() {
                    Ok(n) => {
                        rule.insert("allowedSnoozes".into(), json!(n));
                    }
                    Err(_) => errors.push(
                        SettingsField::Skips(row),
                        "must be a whole number from 0 to 10, unlimited, or empty for the policy's",
                    ),
                },
            }
            match read_deadline(&fields.deadline) {
                Ok(Value::Null) => {}
                Ok(deadline) => {
                    rule.insert("deadline".into(), deadline);
                }
                Err(why) => errors.push(SettingsField::RuleDeadline(row), why),
            }
            // A rule whose group could not be read is left out; its error is shown already.
            if rule.contains_key("groupId") {
                rules.push(Value::Object(rule));
                rows.push(row);
            }
        }
        patch.insert("groupRules".into(), Value::Array(rules));
        SettingsRead {
            patch: Value::Object(patch),
            errors,
            rows,
        }
    }
}

/// How the form shows a deadline: the date alone at midnight UTC, else RFC 3339.
fn deadline_text(at: OffsetDateTime) -> String {
    if at.time() == Time::MIDNIGHT && at.offset().is_utc() {
        at.date()
            .format(format_description!("[year]-[month]-[day]"))
            .unwrap_or_default()
    } else {
        at.format(&Rfc3339).unwrap_or_default()
    }
}

/// A typed deadline as the settings' JSON: empty is `null`; a date is 00:00 UTC that day; a
/// date and time without an offset (as a browser's date-time field sends it) is UTC; anything
/// else must be RFC 3339. The settings check the range.
fn read_deadline(text: &str) -> Result<Value, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Value::Null);
    }
    let at = if let Ok(day) = Date::parse(text, format_description!("[year]-[month]-[day]")) {
        day.midnight().assume_utc()
    } else if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        at
    } else if let Ok(at) = PrimitiveDateTime::parse(
        &text.replacen(' ', "T", 1),
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
    ) {
        at.assume_utc()
    } else {
        return Err(format!(
            "\"{text}\" is not a date such as 2027-01-15 (00:00 UTC that day) or a time such as 2027-01-15T17:00:00Z"
        ));
    };
    at.format(&Rfc3339)
        .map(Value::String)
        .map_err(|_| format!("\"{text}\" cannot be written as a date-time"))
}

/// A group by id or by a name the directory knows.
fn read_group(text: &str, directory: Option<&dyn Directory>) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("enter a group's ID or name".into());
    }
    if is_directory_object_id(text) {
        let id = text.to_ascii_lowercase();
        if directory.and_then(|d| d.kind_of(&id)) == Some(TargetType::User) {
            return Err(format!("{id} is a user, not a group"));
        }
        return Ok(id);
    }
    let groups: Vec<_> = directory
        .map(|d| d.find_by_name(text))
        .unwrap_or_default()
        .into_iter()
        .filter(|o| o.target_type == TargetType::Group)
        .collect();
    match groups.as_slice() {
        [one] => Ok(one.id.to_ascii_lowercase()),
        [] => Err(format!(
            "no group is named \"{text}\": enter the group's ID (a GUID) or its name"
        )),
        several => Err(format!(
            "\"{text}\" names {} groups: enter the ID of the one you mean",
            several.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAFF: &str = "5a1e5000-0000-4000-8000-0000000000a1";

    fn form(pairs: &[(&str, &str)]) -> SettingsForm {
        SettingsForm::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn dates_and_rules_become_the_settings_patch() {
        let read = form(&[
            ("deadline", "2027-01-15"),
            ("reminders", "7, 1"),
            ("rule0_group", STAFF),
            ("rule0_snooze", "3"),
            ("rule0_skips", "unlimited"),
            ("rule0_deadline", "2027-02-01T17:30"),
            ("rule1_group", ""),
            ("rule2_group", STAFF),
            ("rule2_skips", "5"),
        ])
        .read(None);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        assert_eq!(
            read.patch,
            json!({"deadline": "2027-01-15T00:00:00Z", "groupRules": [
                {"groupId": STAFF, "snoozeDurationInDays": 3, "allowedSnoozes": null,
                 "deadline": "2027-02-01T17:30:00Z"},
                {"groupId": STAFF, "allowedSnoozes": 5}],
                "reminders": {"daysBeforeDeadline": [7, 1]}})
        );
        assert_eq!(
            read.field_of("reminders.daysBeforeDeadline[0]"),
            Some(SettingsField::Reminders)
        );
        // The settings' own duplicate check points at form row 2, not patch index 1.
        assert_eq!(
            read.field_of("groupRules[1].groupId"),
            Some(SettingsField::Group(2))
        );
        assert_eq!(read.field_of("deadline"), Some(SettingsField::Deadline));
    }

    #[test]
    fn every_unreadable_field_is_reported_at_once() {
        let read = form(&[
            ("deadline", "next week"),
            ("rule0_group", "sales"),
            ("rule0_snooze", "three"),
            ("rule1_group", STAFF),
            ("rule1_skips", "many"),
            ("rule1_deadline", "soon"),
        ])
        .read(None);
        let fields: Vec<String> = read
            .errors
            .summary(&crate::locale::Texts::english())
            .into_iter()
            .map(|e| e.anchor.unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                "deadline",
                "rule0-group",
                "rule0-snooze",
                "rule1-skips",
                "rule1-deadline"
            ]
        );
        assert_eq!(read.patch["groupRules"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn stored_settings_show_as_typed_and_read_back_the_same() {
        let settings = CampaignSettings::default()
            .apply_patch(&json!({"deadline": "2027-01-15T00:00:00Z", "groupRules": [
                {"groupId": STAFF, "allowedSnoozes": null, "deadline": "2027-02-01T17:30:00+01:00"}]}))
            .unwrap();
        let shown = SettingsForm::from_settings(&settings, 4, None);
        assert_eq!(shown.deadline, "2027-01-15");
        assert_eq!(shown.rules[0].skips, "unlimited");
        assert_eq!(shown.rules[0].deadline, "2027-02-01T17:30:00+01:00");
        assert_eq!(shown.rows().len(), 1 + BLANK_RULES);
        let again = CampaignSettings::default()
            .apply_patch(&shown.read(None).patch)
            .unwrap();
        assert_eq!(again, settings);
    }
}
