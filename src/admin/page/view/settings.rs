//! The settings section: the deadline and the group rules, as stored or as the admin typed
//! them.

use time::OffsetDateTime;

use crate::admin::page::directory::Directory;
use crate::admin::page::forms::{ErrorLine, FieldErrors};
use crate::admin::page::settings_form::{RuleFields, SettingsField, SettingsForm};
use crate::admin::page::words::When;
use crate::campaign::{ReminderRun, StoredSettings};
use crate::locale::Texts;

/// What the section shows.
pub(super) struct SettingsSection {
    /// What a settings save says.
    pub(super) notice: Option<String>,
    pub(super) version: String,
    pub(super) deadline: String,
    /// The stored deadline for people: "15 Jan 2027, 00:00 UTC (in 48 days)".
    pub(super) deadline_note: Option<String>,
    pub(super) reminders: String,
    /// The last reminder run: what is ahead, and when it ran.
    pub(super) reminder_plan: Option<String>,
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
    run: Option<&ReminderRun>,
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
        reminders: form.reminders,
        reminder_plan: run.map(|run| reminder_plan(run, t)),
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

/// "Last checked 6 Dec 2026, 10:00 UTC: 7 days before: 1,234 users; 1 day before: 1,240
/// users. 3 users have no mail address."
fn reminder_plan(run: &ReminderRun, t: &Texts) -> String {
    let at = OffsetDateTime::parse(&run.at, &time::format_description::well_known::Rfc3339)
        .map(|at| When::at(at, t).text)
        .unwrap_or_else(|_| run.at.clone());
    let ahead: Vec<String> = run
        .upcoming
        .iter()
        .map(|(days, users)| {
            t.fmt("admin-reminder-ahead")
                .num("days", *days)
                .num("users", *users)
                .plain()
        })
        .collect();
    let mut plan = t
        .fmt("admin-reminder-plan")
        .arg("when", at)
        .arg("ahead", ahead.join("; "))
        .num("queued", run.queued)
        .plain();
    if run.without_address > 0 {
        plan.push(' ');
        plan.push_str(
            &t.fmt("admin-reminder-no-address")
                .num("users", run.without_address)
                .plain(),
        );
    }
    plan
}
