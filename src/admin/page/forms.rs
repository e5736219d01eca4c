//! The admin page's forms: what the admin typed, turned into a Graph PATCH or a what-if
//! request, and the errors each field shows.

use serde::Deserialize;
use serde_json::{Value, json};

use super::super::whatif::WhatIfRequest;
use super::directory::Directory;
use super::targets::{TargetLine, read_targets};
use crate::locale::Texts;
use crate::policy::{PolicyError, Target, TargetType, TargetedMethod, is_directory_object_id};
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
    /// `preview`: show what the form means without saving.
    #[serde(default)]
    pub(super) action: Option<String>,
    /// What the admin confirmed, among the changes that stop nudges.
    #[serde(default)]
    pub(super) confirm: Option<String>,
}

/// A field of a form that can show an error beside it.
pub(super) trait FormField: Copy + PartialEq {
    /// The field's `id` in the page, which the error summary links to.
    fn anchor(self) -> String;
    /// The field's name as its label says it, for the error summary.
    fn label(self, t: &Texts) -> String;
    /// Where the field is in the form, so the summary lists problems from top to bottom.
    fn position(self) -> (usize, usize);
}

/// A field of the policy form that can show an error beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PolicyField {
    State,
    Snooze,
    Include,
    Exclude,
}

impl FormField for PolicyField {
    fn anchor(self) -> String {
        match self {
            Self::State => "state",
            Self::Snooze => "snooze",
            Self::Include => "include",
            Self::Exclude => "exclude",
        }
        .to_owned()
    }

    fn label(self, t: &Texts) -> String {
        t.text(match self {
            Self::State => "admin-state",
            Self::Snooze => "admin-snooze",
            Self::Include => "admin-include",
            Self::Exclude => "admin-exclude",
        })
    }

    fn position(self) -> (usize, usize) {
        (self as usize, 0)
    }
}

impl PolicyField {
    /// The field that shows a policy violation, from the violation's Graph path.
    pub(super) fn of_graph_path(path: &str) -> Option<Self> {
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

/// One line of the error summary, linking to its field when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ErrorLine {
    pub(super) anchor: Option<String>,
    pub(super) text: String,
}

/// Why a form was refused: every problem, each beside the field it is about. The form's own
/// reading and the policy's (or settings') validation both add to it, so all show at once.
#[derive(Debug)]
pub(super) struct FieldErrors<F = PolicyField> {
    /// In the order found; `None`: about no field of the form.
    entries: Vec<(Option<F>, String)>,
}

impl<F> Default for FieldErrors<F> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
        }
    }
}

impl<F: FormField> FieldErrors<F> {
    pub(super) fn push(&mut self, field: F, rule: impl Into<String>) {
        self.entries.push((Some(field), rule.into()));
    }

    /// Adds the violations of a validation, each beside the field `field_of` finds for its
    /// path (or in the summary only).
    pub(super) fn add_violations(
        &mut self,
        error: &PolicyError,
        field_of: impl Fn(&str) -> Option<F>,
    ) {
        for violation in error.violations() {
            match field_of(&violation.path) {
                Some(field) => self.push(field, violation.rule.clone()),
                None => self.entries.push((None, violation.to_string())),
            }
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every problem, for the summary at the top of the form, in the form's order (problems
    /// about no field last).
    pub(super) fn summary(&self, t: &Texts) -> Vec<ErrorLine> {
        let mut entries: Vec<&(Option<F>, String)> = self.entries.iter().collect();
        entries.sort_by_key(|(field, _)| field.map_or((usize::MAX, 0), FormField::position));
        entries
            .into_iter()
            .map(|(field, rule)| match field {
                Some(field) => ErrorLine {
                    anchor: Some(field.anchor()),
                    text: format!("{}: {rule}", field.label(t)),
                },
                None => ErrorLine {
                    anchor: None,
                    text: rule.clone(),
                },
            })
            .collect()
    }

    /// What to show beside `field`, if anything.
    pub(super) fn of(&self, field: F) -> Option<String> {
        let rules: Vec<&str> = self
            .entries
            .iter()
            .filter(|(f, _)| *f == Some(field))
            .map(|(_, rule)| rule.as_str())
            .collect();
        (!rules.is_empty()).then(|| rules.join(" "))
    }
}

impl FieldErrors<PolicyField> {
    /// The errors of a rejected policy PATCH.
    pub(super) fn from_policy_error(error: &PolicyError) -> Self {
        let mut errors = Self::default();
        errors.add_violations(error, PolicyField::of_graph_path);
        errors
    }
}

/// The policy form read: the PATCH it asks for (without the fields that could not be read),
/// what each target line means, and the problems found reading it.
#[derive(Debug)]
pub(super) struct PolicyRead {
    pub(super) patch: Value,
    pub(super) include: Vec<TargetLine>,
    pub(super) exclude: Vec<TargetLine>,
    pub(super) errors: FieldErrors,
}

impl PolicyForm {
    /// Reads the form. Include targets keep the method they ask for when they are already in
    /// the policy (a passkey target stays one), and ask for the Authenticator otherwise.
    pub(super) fn read(
        &self,
        directory: Option<&dyn Directory>,
        stored_includes: &[(Target, TargetedMethod)],
        t: &Texts,
    ) -> PolicyRead {
        let mut errors = FieldErrors::default();
        let mut campaign = serde_json::Map::new();
        campaign.insert("state".into(), json!(self.state));
        match self.snooze.trim().parse::<i64>() {
            Ok(n) => {
                campaign.insert("snoozeDurationInDays".into(), json!(n));
            }
            Err(_) => errors.push(PolicyField::Snooze, t.text("admin-snooze-invalid")),
        }
        campaign.insert(
            "enforceRegistrationAfterAllowedSnoozes".into(),
            json!(self.limited.is_some()),
        );
        let (include, problems) = read_targets(&self.include, directory);
        for problem in problems {
            errors.push(PolicyField::Include, problem);
        }
        let (exclude, problems) = read_targets(&self.exclude, directory);
        for problem in problems {
            errors.push(PolicyField::Exclude, problem);
        }
        let method_of = |line: &TargetLine| {
            stored_includes
                .iter()
                .find(|(t, _)| t.target_type == line.target_type && t.id.to_string() == line.id)
                .map_or(TargetedMethod::MicrosoftAuthenticator, |(_, m)| *m)
        };
        let include_json: Vec<Value> = include
            .iter()
            .map(|line| {
                json!({"id": line.id, "targetType": line.target_type.as_graph(),
                       "targetedAuthenticationMethod": method_of(line).as_graph()})
            })
            .collect();
        let exclude_json: Vec<Value> = exclude
            .iter()
            .map(|line| json!({"id": line.id, "targetType": line.target_type.as_graph()}))
            .collect();
        campaign.insert("includeTargets".into(), Value::Array(include_json));
        campaign.insert("excludeTargets".into(), Value::Array(exclude_json));
        PolicyRead {
            patch: json!({"registrationEnforcement": {
                "authenticationMethodsRegistrationCampaign": campaign}}),
            include,
            exclude,
            errors,
        }
    }

    /// Whether the admin asked for a preview rather than a save.
    pub(super) fn wants_preview(&self) -> bool {
        self.action.as_deref() == Some("preview")
    }

    /// Whether the admin confirmed exactly these changes that stop nudges (see
    /// `view::Confirmation::kinds`).
    pub(super) fn confirms(&self, kinds: &str) -> bool {
        self.confirm.as_deref() == Some(kinds)
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

/// The user a what-if is about, as the form found them.
#[derive(Debug)]
pub(super) struct WhatIfUser {
    pub(super) request: WhatIfRequest,
    /// The directory described the user (groups, methods, ...).
    pub(super) from_directory: bool,
}

/// The user typed in a what-if (an id, or a sign-in or display name matching one user), as the
/// host's [`UserDirectory`](crate::UserDirectory) knows them: the same facts a sign-in is
/// decided with. `None` without a directory, for an unknown user, or when it fails.
pub(super) async fn host_user(campaign: &crate::Campaign, typed: &str) -> Option<WhatIfRequest> {
    let directory = campaign.directory()?;
    let tenant = campaign.tenant_id();
    let user = if typed.is_empty() {
        None
    } else if let Ok(Some(user)) = directory.user(tenant, typed).await {
        Some(user)
    } else {
        match directory.find_users(tenant, typed).await {
            Ok(mut found) if found.len() == 1 => found.pop(),
            _ => None,
        }
    }?;
    Some(WhatIfRequest::from(&user))
}

impl WhatIfForm {
    /// The what-if request this form asks for: the user by id or sign-in name, described by
    /// the directory when it knows them; groups and methods typed in the form replace the
    /// directory's. `Err` says what to type.
    pub(super) fn to_request(
        &self,
        directory: Option<&dyn Directory>,
        host_user: Option<WhatIfRequest>,
        t: &Texts,
    ) -> Result<WhatIfUser, String> {
        let typed = self.id.trim();
        if typed.is_empty() {
            return Err(t.text("admin-what-if-enter-user"));
        }
        let id = if let Some(user) = &host_user {
            user.id.clone()
        } else if is_directory_object_id(typed) {
            typed.to_ascii_lowercase()
        } else {
            let users: Vec<_> = directory
                .map(|d| d.find_by_name(typed))
                .unwrap_or_default()
                .into_iter()
                .filter(|o| o.target_type == TargetType::User)
                .collect();
            match users.as_slice() {
                [one] => one.id.to_ascii_lowercase(),
                [] => {
                    return Err(t
                        .fmt("admin-what-if-unknown-user")
                        .arg("typed", typed)
                        .plain());
                }
                several => {
                    return Err(t
                        .fmt("admin-what-if-ambiguous")
                        .arg("typed", typed)
                        .num("count", several.len())
                        .plain());
                }
            }
        };
        let known = directory.and_then(|d| d.what_if_user(&id)).or(host_user);
        let from_directory = known.is_some();
        let mut request = known.unwrap_or_else(|| WhatIfRequest {
            id: id.clone(),
            ..WhatIfRequest::default()
        });
        request.id = id;
        let groups: Vec<String> = comma_list(&self.groups).map(str::to_owned).collect();
        if !groups.is_empty() {
            request.groups = groups;
        }
        let methods = parse_methods(&self.methods)?;
        if !methods.is_empty() {
            request.methods = methods;
        }
        if request.methods.is_empty()
            && request
                .sign_in
                .as_ref()
                .and_then(|s| s.mfa_method)
                .is_none()
        {
            return Err(t.text(if from_directory {
                "admin-what-if-no-methods"
            } else {
                "admin-what-if-undescribed"
            }));
        }
        let mut sign_in = request.sign_in.take().unwrap_or_default();
        if let Some(agent) = Some(self.user_agent.trim()).filter(|u| !u.is_empty()) {
            sign_in.user_agent = Some(agent.to_owned());
        }
        request.sign_in = Some(sign_in);
        Ok(WhatIfUser {
            request,
            from_directory,
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
    fn unreadable_fields_are_each_reported_and_left_out_of_the_patch() {
        let form = PolicyForm {
            state: "enabled".into(),
            snooze: "two".into(),
            include: "all_users\nnonsense".into(),
            ..PolicyForm::default()
        };
        let read = form.read(None, &[], &Texts::english());
        assert_eq!(read.errors.summary(&Texts::english()).len(), 2);
        assert!(read.errors.of(PolicyField::Snooze).is_some());
        assert!(
            read.errors
                .of(PolicyField::Include)
                .is_some_and(|e| e.starts_with("line 2: no user or group is named \"nonsense\"")),
            "{:?}",
            read.errors
        );
        assert_eq!(read.errors.of(PolicyField::State), None);
        let campaign =
            &read.patch["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"];
        assert!(campaign.get("snoozeDurationInDays").is_none());
        assert_eq!(campaign["includeTargets"].as_array().unwrap().len(), 1);
        assert_eq!(
            read.errors.summary(&Texts::english())[0],
            ErrorLine {
                anchor: Some("snooze".into()),
                text: "Days allowed to snooze: must be a whole number of days from 0 to 14".into()
            }
        );
    }

    #[test]
    fn an_include_target_keeps_the_method_it_asks_for() {
        let pilots = "9a55e000-0000-4000-8000-0000000000b2";
        let stored = [(
            Target {
                id: crate::policy::TargetId::Object(pilots.into()),
                target_type: crate::policy::TargetType::Group,
            },
            TargetedMethod::Fido2,
        )];
        let form = PolicyForm {
            snooze: "1".into(),
            include: format!("group {pilots}\nall_users"),
            ..PolicyForm::default()
        };
        let read = form.read(None, &stored, &Texts::english());
        let includes = &read.patch["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]
            ["includeTargets"];
        assert_eq!(includes[0]["targetedAuthenticationMethod"], "fido2");
        assert_eq!(
            includes[1]["targetedAuthenticationMethod"],
            "microsoftAuthenticator"
        );
    }
}
