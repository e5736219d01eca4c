//! The policy section: the form (as stored, or as the admin typed it), what its target lists
//! mean, and a change that stops nudges, confirmed before it is saved.

use crate::admin::page::directory::Directory;
use crate::admin::page::forms::{ErrorLine, FieldErrors, PolicyForm};
use crate::admin::page::targets::TargetLine;
use crate::campaign::policy_changes::AdminPolicyView;
use crate::locale::Texts;
use crate::policy::CampaignState;

/// What the section shows.
pub(super) struct PolicySection {
    /// What a policy save, preview or confirmation says.
    pub(super) notice: Option<String>,
    /// Passkey profiles whose key restrictions trust the browser's claim (no attestation).
    pub(super) passkey_warnings: Vec<String>,
    pub(super) fields: PolicyFields,
    pub(super) errors: FieldErrors,
    pub(super) error_summary: Vec<ErrorLine>,
    /// What the error summary says did not happen (a message id): the save, or the preview.
    pub(super) not_done: &'static str,
    pub(super) targets: Vec<TargetRow>,
    pub(super) targets_caption: String,
    pub(super) confirm: Option<Confirmation>,
}

/// The policy form's values: the stored policy, or what the admin typed.
pub(super) struct PolicyFields {
    /// The policy version the form was first shown with (`If-Match`): kept while the admin
    /// previews or confirms, so a change made meanwhile by someone else is not overwritten.
    pub(super) version: String,
    pub(super) state: &'static str,
    pub(super) snooze: String,
    pub(super) limited: bool,
    pub(super) include: String,
    pub(super) exclude: String,
}

/// A row of the table of what the target lists mean.
pub(super) struct TargetRow {
    pub(super) list: String,
    pub(super) typed: String,
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) id: String,
}

/// A change that stops nudges, shown for confirmation before it is saved.
pub(in crate::admin::page) struct Confirmation {
    pub(in crate::admin::page) message: String,
    pub(in crate::admin::page) button: String,
    /// What the confirm button confirms (`disable`, `empty-include`, or both): a form changed
    /// after the question is asked again.
    pub(in crate::admin::page) kinds: String,
}

/// The policy form as the admin typed it, with what its lines mean and why it is shown again.
pub(super) struct TypedPolicyForm {
    pub(super) form: PolicyForm,
    pub(super) include: Vec<TargetLine>,
    pub(super) exclude: Vec<TargetLine>,
    pub(super) errors: FieldErrors,
    pub(super) shown: TypedPolicy,
}

impl TypedPolicyForm {
    /// `form` with what its include and exclude `lines` mean, shown as `shown`.
    pub(super) fn new(
        form: PolicyForm,
        (include, exclude): (Vec<TargetLine>, Vec<TargetLine>),
        errors: FieldErrors,
        shown: TypedPolicy,
    ) -> Self {
        Self {
            form,
            include,
            exclude,
            errors,
            shown,
        }
    }
}

/// How the policy form is shown: as stored, or as typed with what it means.
pub(super) enum TypedPolicy {
    Refused,
    RefusedPreview,
    Preview,
    Confirm(Confirmation),
}

/// The section for the policy in `view`, or for the form the admin typed.
pub(super) fn section(
    view: &AdminPolicyView,
    typed: Option<TypedPolicyForm>,
    directory: Option<&dyn Directory>,
    notice: Option<String>,
    t: &Texts,
) -> PolicySection {
    let stored = view.policy.campaign();
    let stored_lines = |targets: &mut dyn Iterator<Item = &crate::policy::Target>| {
        targets
            .map(|target| TargetLine::stored(target, directory))
            .collect::<Vec<_>>()
    };
    let not_done = match typed.as_ref().map(|t| &t.shown) {
        Some(TypedPolicy::RefusedPreview) => "admin-policy-not-previewed",
        _ => "admin-policy-not-saved",
    };
    let (fields, include, exclude, errors, targets_caption, confirm) = match typed {
        Some(TypedPolicyForm {
            form,
            include,
            exclude,
            errors,
            shown,
        }) => {
            let fields = PolicyFields {
                state: form.state_shown(),
                version: form.version,
                snooze: form.snooze,
                limited: form.limited.is_some(),
                include: form.include,
                exclude: form.exclude,
            };
            let (caption, confirm) = match shown {
                TypedPolicy::Refused | TypedPolicy::RefusedPreview => {
                    (t.text("admin-targets-refused"), None)
                }
                TypedPolicy::Preview => (t.text("admin-targets-preview"), None),
                TypedPolicy::Confirm(c) => (t.text("admin-targets-confirm"), Some(c)),
            };
            (fields, include, exclude, errors, caption, confirm)
        }
        None => {
            let include = stored_lines(&mut stored.include_targets.iter().map(|(t, _)| t));
            let exclude = stored_lines(&mut stored.exclude_targets.iter());
            let fields = PolicyFields {
                version: view.version.to_string(),
                state: stored.state.as_graph(),
                snooze: stored.snooze_duration_in_days.to_string(),
                limited: stored.enforce_registration_after_allowed_snoozes,
                include: typed_lines(&include),
                exclude: typed_lines(&exclude),
            };
            (
                fields,
                include,
                exclude,
                FieldErrors::default(),
                t.text("admin-targets-stored"),
                None,
            )
        }
    };
    let targets = include
        .into_iter()
        .map(|l| ("admin-include", l))
        .chain(exclude.into_iter().map(|l| ("admin-exclude", l)))
        .map(|(list, l)| TargetRow {
            list: t.text(list),
            typed: l.typed,
            kind: t
                .fmt("admin-target-type")
                .arg("type", l.target_type.as_graph())
                .plain(),
            name: match l.name.as_deref() {
                Some("All users") if l.id == "all_users" => t.text("admin-all-users"),
                Some(name) => name.to_owned(),
                None => t.text("admin-not-in-directory"),
            },
            id: l.id,
        })
        .collect();
    PolicySection {
        notice,
        passkey_warnings: view
            .policy
            .fido2()
            .unattested_key_restrictions()
            .map(|profile| {
                t.fmt("admin-passkey-unattested")
                    .arg("profile", profile.name.as_str())
                    .plain()
            })
            .collect(),
        fields,
        error_summary: errors.summary(t),
        not_done,
        errors,
        targets,
        targets_caption,
        confirm,
    }
}

/// A target list as the form's text area shows it, a line per target.
fn typed_lines(lines: &[TargetLine]) -> String {
    lines
        .iter()
        .map(|l| l.typed.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether saving `form` would stop nudges that the stored policy gives: the campaign turned
/// off, or nobody left in the include list. Such a change is confirmed first.
pub(in crate::admin::page) fn needs_confirmation(
    stored: &crate::policy::RegistrationCampaign,
    form: &PolicyForm,
    include: &[TargetLine],
    t: &Texts,
) -> Option<Confirmation> {
    let disabling = form.state == "disabled" && stored.state != CampaignState::Disabled;
    let emptying = include.is_empty() && !stored.include_targets.is_empty();
    let (message, button, kinds) = match (disabling, emptying) {
        (false, false) => return None,
        (true, false) => (
            "admin-confirm-disable",
            "admin-confirm-disable-button",
            "disable",
        ),
        (false, true) => (
            "admin-confirm-empty",
            "admin-confirm-empty-button",
            "empty-include",
        ),
        (true, true) => (
            "admin-confirm-both",
            "admin-confirm-both-button",
            "disable empty-include",
        ),
    };
    Some(Confirmation {
        message: t.text(message),
        button: t.text(button),
        kinds: kinds.into(),
    })
}
