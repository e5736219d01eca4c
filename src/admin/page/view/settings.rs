//! The settings section: the deadline and the group rules, as stored or as the admin typed
//! them.

use time::OffsetDateTime;

use crate::admin::page::directory::Directory;
use crate::admin::page::forms::{ErrorLine, FieldErrors};
use crate::admin::page::settings_form::{RuleFields, SettingsField, SettingsForm};
use crate::admin::page::words::When;
use crate::campaign::StoredSettings;
use crate::locale::Texts;

/// What the section shows.
pub(super) struct SettingsSection {
    /// What a settings save says.
    pub(super) notice: Option<String>,
    pub(super) version: String,
    pub(super) deadline: String,
    /// The stored deadline for people: "15 Jan 2027, 00:00 UTC (in 48 days)".
    pub(super) deadline_note: Option<String>,
    pub(super) rows: Vec<RuleFields>,
    pub(super) errors: FieldErrors<SettingsField>,
    pub(super) error_summary: Vec<ErrorLine>,
}

/// The section for `stored`, or for the refused form the admin typed.
pub(super) fn section(
    stored: &StoredSettings,
    typed: Option<(SettingsForm, FieldErrors<SettingsField>)>,
    directory: Option<&dyn Directory>,
    notice: Option<String>,
    now: OffsetDateTime,
    t: &Texts,
) -> SettingsSection {
    let (form, errors) = typed.unwrap_or_else(|| {
        (
            SettingsForm::from_settings(&stored.settings, stored.version, directory),
            FieldErrors::default(),
        )
    });
    SettingsSection {
        notice,
        rows: form.rows(),
        version: form.version,
        deadline: form.deadline,
        deadline_note: stored.settings.deadline.map(|at| deadline_note(at, now, t)),
        error_summary: errors.summary(t),
        errors,
    }
}

/// When the deadline is, and how far off.
fn deadline_note(at: OffsetDateTime, now: OffsetDateTime, t: &Texts) -> String {
    let when = When::at(at, t).text;
    // Calendar days in UTC, as the prompt counts them for a user in UTC.
    let at_utc = at.to_offset(time::UtcOffset::UTC);
    match (at_utc.date() - now.date()).whole_days() {
        _ if at <= now => t.fmt("admin-deadline-passed").arg("when", when).plain(),
        0 => t.fmt("admin-deadline-today").arg("when", when).plain(),
        d => t
            .fmt("admin-deadline-in-days")
            .arg("when", when)
            .num("days", d)
            .plain(),
    }
}
