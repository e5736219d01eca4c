//! Campaign settings beyond Graph: a deadline, per-group rules and reminders before deadlines.
//!
//! They live outside Graph's `authenticationMethodsPolicy`, so Graph scripts stay valid, and are
//! read and changed at `{prefix}/registrationCampaign/settings` with the same tokens, ETags and
//! audit as the policy.
//!
//! ```
//! use registration_campaign::settings::CampaignSettings;
//! let settings = CampaignSettings::default().apply_patch(&serde_json::json!({
//!     "deadline": "2027-01-15T00:00:00Z",
//!     "groupRules": [{"groupId": "3ee3a9de-0a86-4e12-a287-9769accf1ba2",
//!                     "snoozeDurationInDays": 3, "allowedSnoozes": 5}]
//! }))?;
//! assert_eq!(settings.group_rules[0].allowed_snoozes, Some(Some(5)));
//! let err = settings.apply_patch(&serde_json::json!({"groupRules": [{"groupId": "sales"}]}))
//!     .unwrap_err();
//! assert!(err.to_string().starts_with("groupRules[0].groupId"));
//! # Ok::<(), registration_campaign::policy::PolicyError>(())
//! ```

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::policy::PolicyError;

/// The most group rules a campaign may have.
pub const MAX_GROUP_RULES: usize = 100;
/// The most snoozes a group rule may allow.
pub const MAX_ALLOWED_SNOOZES: u32 = 10;
/// The most reminders before a deadline.
pub const MAX_REMINDERS: usize = 5;
/// The most days before a deadline a reminder may be sent.
pub const MAX_REMINDER_DAYS: u8 = 60;

/// The campaign settings beyond Graph.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignSettings {
    /// After it, a targeted user's nudge has no skip. `None`: no deadline.
    #[serde(serialize_with = "rfc3339_or_null")]
    pub deadline: Option<OffsetDateTime>,
    /// Ordered; the first rule for a group the user belongs to applies.
    pub group_rules: Vec<GroupRule>,
    /// Messages to users who still have to register, before their deadline.
    pub reminders: Reminders,
}

/// When users who still have to register are reminded of their deadline (the campaign's, or
/// their group rule's). Nothing is sent without a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reminders {
    /// Days before the deadline, each 0..=60, at most 5, no two alike; largest first. A
    /// reminder is due that many days (of 24 hours) before the deadline; `0` is a last notice
    /// at the deadline itself.
    pub days_before_deadline: Vec<u8>,
}

/// Values that replace the policy's for the members of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupRule {
    /// The group's object id (lower-case).
    pub group_id: String,
    /// Snooze length in days (0..=14); `None`: the policy's.
    pub snooze_duration_in_days: Option<u8>,
    /// `None`: the policy's; `Some(None)`: unlimited; `Some(Some(n))`: `n` snoozes (0..=10).
    #[serde(serialize_with = "allowed_or_null")]
    pub allowed_snoozes: Option<Option<u32>>,
    /// This group's deadline; `None`: the campaign-wide one.
    #[serde(serialize_with = "rfc3339_or_null")]
    pub deadline: Option<OffsetDateTime>,
}

fn rfc3339_or_null<S: Serializer>(at: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match at.map(|at| at.format(&Rfc3339)) {
        Some(Ok(text)) => s.serialize_str(&text),
        Some(Err(e)) => Err(serde::ser::Error::custom(e)),
        None => s.serialize_none(),
    }
}

/// Written back as given: absent (the policy's) and unlimited both read back from `null`, so
/// "the policy's" is written as the property missing.
fn allowed_or_null<S: Serializer>(allowed: &Option<Option<u32>>, s: S) -> Result<S::Ok, S::Error> {
    match allowed {
        Some(Some(n)) => s.serialize_u32(*n),
        _ => s.serialize_none(),
    }
}

impl CampaignSettings {
    /// Reads and validates a whole settings document; every problem is reported with its path.
    pub fn from_value(value: &Value) -> Result<Self, PolicyError> {
        let mut errors = Vec::new();
        let settings = read_settings(value, &mut errors);
        match errors.is_empty() {
            true => Ok(settings),
            false => Err(PolicyError::from_pairs(errors)),
        }
    }

    /// Applies a PATCH: the properties sent replace the stored ones (a sent `groupRules`
    /// replaces the whole list); the result is validated as a whole.
    pub fn apply_patch(&self, patch: &Value) -> Result<Self, PolicyError> {
        let Some(changes) = patch.as_object() else {
            return Err(PolicyError::single(
                "",
                "the request body must be a JSON object",
            ));
        };
        let mut merged = match self.to_value() {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        for (key, value) in changes {
            if !key.contains('@') {
                merged.insert(key.clone(), value.clone());
            }
        }
        Self::from_value(&Value::Object(merged))
    }

    /// The document as the API returns it.
    pub fn to_value(&self) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        // "The policy's" is the property left out; unlimited is `null`.
        if let Some(rules) = value.get_mut("groupRules").and_then(Value::as_array_mut) {
            for (rule, typed) in rules.iter_mut().zip(&self.group_rules) {
                if typed.allowed_snoozes.is_none()
                    && let Some(object) = rule.as_object_mut()
                {
                    object.remove("allowedSnoozes");
                }
            }
        }
        value
    }

    /// The first group rule for one of `groups`.
    pub fn rule_for<'a>(&self, groups: impl IntoIterator<Item = &'a String>) -> Option<&GroupRule> {
        let groups: Vec<&String> = groups.into_iter().collect();
        self.group_rules.iter().find(|rule| {
            groups
                .iter()
                .any(|g| g.eq_ignore_ascii_case(&rule.group_id))
        })
    }
}

type Errors = Vec<(String, String)>;

fn read_settings(value: &Value, errors: &mut Errors) -> CampaignSettings {
    let mut settings = CampaignSettings::default();
    let Some(object) = value.as_object() else {
        errors.push((String::new(), "the settings must be a JSON object".into()));
        return settings;
    };
    for (key, v) in object {
        if key.contains('@') {
            continue;
        }
        match key.as_str() {
            "deadline" => settings.deadline = read_deadline(v, "deadline", errors),
            "groupRules" => settings.group_rules = read_rules(v, errors),
            "reminders" => settings.reminders = read_reminders(v, errors),
            _ => errors.push((
                key.clone(),
                "unknown property (expected deadline, groupRules or reminders)".into(),
            )),
        }
    }
    settings
}

fn read_deadline(v: &Value, path: &str, errors: &mut Errors) -> Option<OffsetDateTime> {
    let text = match v {
        Value::Null => return None,
        Value::String(text) => text,
        _ => {
            errors.push((path.into(), "must be an RFC 3339 date-time or null".into()));
            return None;
        }
    };
    match OffsetDateTime::parse(text, &Rfc3339) {
        Ok(at) if (2000..=2100).contains(&at.year()) => Some(at),
        Ok(_) => {
            errors.push((
                path.into(),
                "must be between the years 2000 and 2100".into(),
            ));
            None
        }
        Err(_) => {
            errors.push((
                path.into(),
                format!("\"{text}\" is not an RFC 3339 date-time such as 2027-01-15T00:00:00Z"),
            ));
            None
        }
    }
}

fn read_reminders(value: &Value, errors: &mut Errors) -> Reminders {
    let mut reminders = Reminders::default();
    let Some(object) = value.as_object() else {
        errors.push((
            "reminders".into(),
            "must be an object such as {\"daysBeforeDeadline\": [7, 1]}".into(),
        ));
        return reminders;
    };
    for (key, v) in object {
        let path = format!("reminders.{key}");
        if key != "daysBeforeDeadline" {
            errors.push((
                path,
                "unknown property (expected daysBeforeDeadline)".into(),
            ));
            continue;
        }
        let Some(items) = v.as_array() else {
            errors.push((path, "must be an array of whole numbers of days".into()));
            continue;
        };
        if items.len() > MAX_REMINDERS {
            errors.push((
                path,
                format!(
                    "at most {MAX_REMINDERS} reminders are allowed, not {}",
                    items.len()
                ),
            ));
            continue;
        }
        for (i, item) in items.iter().enumerate() {
            let day = item
                .as_u64()
                .filter(|d| *d <= u64::from(MAX_REMINDER_DAYS))
                .and_then(|d| u8::try_from(d).ok());
            match day {
                Some(day) if reminders.days_before_deadline.contains(&day) => {
                    errors.push((format!("{path}[{i}]"), format!("{day} days is given twice")))
                }
                Some(day) => reminders.days_before_deadline.push(day),
                None => errors.push((
                    format!("{path}[{i}]"),
                    format!("must be a whole number of days from 0 to {MAX_REMINDER_DAYS}"),
                )),
            }
        }
    }
    reminders
        .days_before_deadline
        .sort_unstable_by(|a, b| b.cmp(a));
    reminders
}

fn read_rules(value: &Value, errors: &mut Errors) -> Vec<GroupRule> {
    let Some(items) = value.as_array() else {
        errors.push(("groupRules".into(), "must be an array".into()));
        return Vec::new();
    };
    if items.len() > MAX_GROUP_RULES {
        errors.push((
            "groupRules".into(),
            format!(
                "at most {MAX_GROUP_RULES} group rules are allowed, not {}",
                items.len()
            ),
        ));
        return Vec::new();
    }
    let mut rules: Vec<GroupRule> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("groupRules[{i}]");
        let Some(rule) = read_rule(item, &path, errors) else {
            continue;
        };
        if let Some(first) = rules.iter().position(|r| r.group_id == rule.group_id) {
            errors.push((
                format!("{path}.groupId"),
                format!(
                    "duplicate rule for group {} (already groupRules[{first}])",
                    rule.group_id
                ),
            ));
        }
        rules.push(rule);
    }
    rules
}

fn read_rule(value: &Value, path: &str, errors: &mut Errors) -> Option<GroupRule> {
    let Some(object) = value.as_object() else {
        errors.push((path.into(), "must be an object".into()));
        return None;
    };
    let mut rule = GroupRule {
        group_id: String::new(),
        snooze_duration_in_days: None,
        allowed_snoozes: None,
        deadline: None,
    };
    let mut has_group = false;
    for (key, v) in object {
        let p = format!("{path}.{key}");
        match key.as_str() {
            "groupId" => match v.as_str() {
                Some(id) if crate::policy::is_directory_object_id(id) => {
                    rule.group_id = id.to_ascii_lowercase();
                    has_group = true;
                }
                _ => {
                    errors.push((p, "must be a group object id (a GUID)".into()));
                    has_group = true;
                }
            },
            "snoozeDurationInDays" => match v {
                Value::Null => {}
                _ => match v.as_u64().filter(|d| *d <= 14) {
                    Some(days) => rule.snooze_duration_in_days = u8::try_from(days).ok(),
                    None => errors.push((p, "must be a whole number of days from 0 to 14, or null".into())),
                },
            },
            "allowedSnoozes" => match v {
                Value::Null => rule.allowed_snoozes = Some(None),
                _ => match v.as_u64().filter(|n| *n <= u64::from(MAX_ALLOWED_SNOOZES)) {
                    Some(n) => rule.allowed_snoozes = u32::try_from(n).ok().map(Some),
                    None => errors.push((
                        p,
                        format!("must be a whole number from 0 to {MAX_ALLOWED_SNOOZES}, or null for unlimited"),
                    )),
                },
            },
            "deadline" => rule.deadline = read_deadline(v, &p, errors),
            _ => errors.push((
                p,
                "unknown property (expected groupId, snoozeDurationInDays, allowedSnoozes or deadline)"
                    .into(),
            )),
        }
    }
    if !has_group {
        errors.push((format!("{path}.groupId"), "is required".into()));
    }
    Some(rule)
}
