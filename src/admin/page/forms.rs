//! The admin page's forms: what the admin typed, turned into a Graph PATCH or a what-if
//! request, and the errors each field shows.

use serde::Deserialize;
use serde_json::{Value, json};

use super::super::whatif::{WhatIfRequest, WhatIfSignIn};
use crate::policy::{PolicyError, Target, TargetId};
use crate::sign_in::AuthMethod;

/// The policy form's fields, as typed.
#[derive(Debug, Default, Deserialize)]
pub(super) struct PolicyForm {
    pub(super) csrf: String,
    #[serde(default)]
    pub(super) version: String,
    #[serde(default)]
    pub(super) state: String,
    #[serde(default)]
    pub(super) snooze: String,
    #[serde(default)]
    pub(super) limited: Option<String>,
    #[serde(default)]
    pub(super) include: String,
    #[serde(default)]
    pub(super) exclude: String,
}

/// A field of the policy form that can show an error beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PolicyField {
    State,
    Snooze,
    Include,
    Exclude,
}

impl PolicyField {
    /// The form field's name, which also names its error in the summary.
    fn name(self) -> &'static str {
        match self {
            Self::State => "state",
            Self::Snooze => "snooze",
            Self::Include => "include",
            Self::Exclude => "exclude",
        }
    }

    /// The field that shows a policy violation, from the violation's Graph path.
    fn of_graph_path(path: &str) -> Option<Self> {
        let inside = path
            .strip_prefix("registrationEnforcement.authenticationMethodsRegistrationCampaign.")?;
        let property = inside.split(['.', '[']).next()?;
        match property {
            "state" => Some(Self::State),
            "snoozeDurationInDays" => Some(Self::Snooze),
            "includeTargets" => Some(Self::Include),
            "excludeTargets" => Some(Self::Exclude),
            _ => None,
        }
    }
}

/// Why a policy form was refused: every problem for the summary, and each field's own.
#[derive(Debug, Default)]
pub(super) struct FieldErrors {
    /// `path: rule` lines, in the order found.
    summary: Vec<String>,
    by_field: Vec<(PolicyField, String)>,
}

impl FieldErrors {
    fn push(&mut self, field: PolicyField, rule: String) {
        self.summary.push(format!("{}: {rule}", field.name()));
        self.by_field.push((field, rule));
    }

    /// The errors of a rejected PATCH, each beside the field that caused it when there is one.
    pub(super) fn from_policy_error(error: &PolicyError) -> Self {
        let mut errors = Self::default();
        for violation in error.violations() {
            errors.summary.push(violation.to_string());
            if let Some(field) = PolicyField::of_graph_path(&violation.path) {
                errors.by_field.push((field, violation.rule.clone()));
            }
        }
        errors
    }

    /// Every problem, as `path: rule` lines.
    pub(super) fn summary(&self) -> &[String] {
        &self.summary
    }

    /// What to show beside `field`, if anything.
    pub(super) fn of(&self, field: PolicyField) -> Option<String> {
        let rules: Vec<&str> = self
            .by_field
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, rule)| rule.as_str())
            .collect();
        (!rules.is_empty()).then(|| rules.join(" "))
    }
}

impl PolicyForm {
    /// The Graph PATCH body this form asks for, or the fields it could not read.
    pub(super) fn to_patch(&self) -> Result<Value, FieldErrors> {
        let mut errors = FieldErrors::default();
        let snooze = match self.snooze.trim().parse::<i64>() {
            Ok(n) => json!(n),
            Err(_) => {
                errors.push(
                    PolicyField::Snooze,
                    "must be a whole number of days from 0 to 14".into(),
                );
                Value::Null
            }
        };
        let include = targets_json(&self.include, true).unwrap_or_else(|e| {
            errors.push(PolicyField::Include, e);
            Vec::new()
        });
        let exclude = targets_json(&self.exclude, false).unwrap_or_else(|e| {
            errors.push(PolicyField::Exclude, e);
            Vec::new()
        });
        if !errors.summary.is_empty() {
            return Err(errors);
        }
        Ok(
            json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
                "state": self.state, "snoozeDurationInDays": snooze,
                "enforceRegistrationAfterAllowedSnoozes": self.limited.is_some(),
                "includeTargets": include, "excludeTargets": exclude}}}),
        )
    }

    /// The state option to show selected.
    pub(super) fn state_shown(&self) -> &'static str {
        match self.state.as_str() {
            "enabled" => "enabled",
            "disabled" => "disabled",
            _ => "default",
        }
    }
}

/// The what-if form's fields, as typed.
#[derive(Debug, Default, Deserialize)]
pub(super) struct WhatIfForm {
    pub(super) csrf: String,
    #[serde(default)]
    pub(super) id: String,
    #[serde(default)]
    pub(super) groups: String,
    #[serde(default)]
    pub(super) methods: String,
    #[serde(default)]
    pub(super) user_agent: String,
}

impl WhatIfForm {
    /// The what-if request this form asks for, or why a field could not be read.
    pub(super) fn to_request(&self) -> Result<WhatIfRequest, String> {
        Ok(WhatIfRequest {
            id: self.id.trim().to_owned(),
            groups: comma_list(&self.groups).map(str::to_owned).collect(),
            methods: parse_methods(&self.methods)?,
            sign_in: Some(WhatIfSignIn {
                user_agent: Some(self.user_agent.trim().to_owned()).filter(|u| !u.is_empty()),
                ..WhatIfSignIn::default()
            }),
            ..WhatIfRequest::default()
        })
    }
}

fn comma_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

fn parse_methods(text: &str) -> Result<Vec<AuthMethod>, String> {
    comma_list(text)
        .map(|m| serde_json::from_value(json!(m)).map_err(|_| format!("unknown method {m:?}")))
        .collect()
}

/// The target lines the form shows for a stored target list.
pub(super) fn targets_text(targets: impl Iterator<Item = Target>) -> String {
    targets
        .map(|t| match t.id {
            TargetId::AllUsers => "all_users".to_owned(),
            TargetId::Object(id) => format!("{} {id}", t.target_type.as_graph()),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses the target lines into Graph JSON; lines it cannot read become errors.
fn targets_json(text: &str, include: bool) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for (n, line) in text
        .lines()
        .map(str::trim)
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
    {
        let (kind, id) = match line.split_once(char::is_whitespace) {
            Some((kind, id)) => (kind.trim(), id.trim()),
            None if line == "all_users" => ("group", "all_users"),
            None => {
                return Err(format!(
                    "line {}: write \"group ID\", \"user ID\" or all_users",
                    n + 1
                ));
            }
        };
        let mut target = json!({"id": id, "targetType": kind});
        if include {
            target["targetedAuthenticationMethod"] = json!("microsoftAuthenticator");
        }
        out.push(target);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_violation_is_shown_beside_the_field_its_path_names() {
        let campaign = "registrationEnforcement.authenticationMethodsRegistrationCampaign";
        for (path, field) in [
            (format!("{campaign}.state"), Some(PolicyField::State)),
            (
                format!("{campaign}.snoozeDurationInDays"),
                Some(PolicyField::Snooze),
            ),
            (
                format!("{campaign}.includeTargets[2].id"),
                Some(PolicyField::Include),
            ),
            (
                format!("{campaign}.excludeTargets[0].targetType"),
                Some(PolicyField::Exclude),
            ),
            (
                format!("{campaign}.enforceRegistrationAfterAllowedSnoozes"),
                None,
            ),
            ("authenticationMethodConfigurations[0].state".into(), None),
        ] {
            assert_eq!(PolicyField::of_graph_path(&path), field, "{path}");
        }
    }

    #[test]
    fn unreadable_fields_are_each_reported_and_nothing_is_patched() {
        let form = PolicyForm {
            snooze: "two".into(),
            include: "all_users\nnonsense".into(),
            ..PolicyForm::default()
        };
        let errors = form.to_patch().unwrap_err();
        assert_eq!(errors.summary().len(), 2);
        assert!(errors.of(PolicyField::Snooze).is_some());
        assert_eq!(
            errors.of(PolicyField::Include).as_deref(),
            Some("line 2: write \"group ID\", \"user ID\" or all_users")
        );
        assert_eq!(errors.of(PolicyField::State), None);
    }
}
