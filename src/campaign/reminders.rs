//! Reminders before a deadline: which users get one, and when.
//!
//! For each user the host directory lists ([`UserDirectory::list_users`]), the campaign takes
//! their deadline (their group rule's, else the campaign's; nothing is sent without one) and
//! the reminder days of the settings. A reminder of `d` days is due from `d` days before the
//! deadline until the deadline (`0`: from the deadline, for a day). Of the reminders due, only
//! the nearest to the deadline is written, so a late start sends one message, not several.
//! The user must be one the next sign-in would nudge or require, or one who snoozed: targeted,
//! not excluded, not registered.
//!
//! [`UserDirectory::list_users`]: crate::UserDirectory::list_users

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::Campaign;
use crate::decision::{Decision, PassReason, decide, user_limits};
use crate::directory::DirectoryUser;
use crate::mfa::MfaCompleted;
use crate::notify::{BindingNotice, Reminder};
use crate::policy::TargetedMethod;
use crate::sign_in::AuthMethod;
use crate::store::{Record, StoreError};

const RUN_KIND: &str = "reminder-run";
const RUN_ID: &str = "last";

/// What the last reminder run found, for the admin page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderRun {
    /// When it ran (RFC 3339).
    pub at: String,
    /// Users the directory listed.
    pub users_checked: u64,
    /// Reminders written to the outbox by this run.
    pub queued: u64,
    /// Users who still have to register and have no mail address.
    pub without_address: u64,
    /// For each reminder day (largest first): the users who still have it ahead of them.
    pub upcoming: Vec<(u8, u64)>,
}

/// The reminder of `days` that is due at `now` for `deadline`, if any: the nearest to the
/// deadline among those due.
pub(crate) fn due_reminder(
    days: &[u8],
    deadline: OffsetDateTime,
    now: OffsetDateTime,
) -> Option<u8> {
    days.iter()
        .copied()
        .filter(|&d| match d {
            0 => deadline <= now && now < deadline + Duration::days(1),
            d => deadline - Duration::days(i64::from(d)) <= now && now < deadline,
        })
        .min()
}

impl Campaign {
    /// Writes the reminders due now for this tenant's users to the outbox (each once, ever)
    /// and remembers what the run found. Does nothing without notifications, a directory,
    /// reminder days or any deadline.
    pub(crate) async fn plan_reminders(&self) -> Result<Option<ReminderRun>, StoreError> {
        let (Some(_), Some(directory)) = (self.outbox(), self.directory()) else {
            return Ok(None);
        };
        let policy = self.active_policy().await?;
        let settings = &policy.settings.settings;
        let days = &settings.reminders.days_before_deadline;
        let any_deadline = settings.deadline.is_some()
            || settings.group_rules.iter().any(|r| r.deadline.is_some());
        if days.is_empty() || !any_deadline {
            return Ok(None);
        }
        let now = self.now();
        let mut run = ReminderRun {
            at: now
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            upcoming: days.iter().map(|&d| (d, 0)).collect(),
            ..ReminderRun::default()
        };
        let mut page: Option<String> = None;
        loop {
            let listed = match directory
                .list_users(self.tenant_id(), page.as_deref())
                .await
            {
                Ok(listed) => listed,
                Err(error) => {
                    tracing::warn!(target: "registration_campaign", %error, "the directory could not list users for reminders; trying again at the next run");
                    break;
                }
            };
            for user in &listed.users {
                run.users_checked += 1;
                self.remind(user, &policy, days, now, &mut run).await?;
            }
            match listed.next {
                Some(next) => page = Some(next),
                None => break,
            }
        }
        let record = Record {
            kind: RUN_KIND.into(),
            id: RUN_ID.into(),
            owner: RUN_ID.into(),
            version: 0,
            document: serde_json::to_string(&run).map_err(|e| StoreError::Decode(e.to_string()))?,
            expires_at: None,
        };
        self.store().upsert_record(&record).await?;
        Ok(Some(run))
    }

    /// The reminder due for one user, if they still have to register.
    async fn remind(
        &self,
        user: &DirectoryUser,
        policy: &super::ActivePolicy,
        days: &[u8],
        now: OffsetDateTime,
        run: &mut ReminderRun,
    ) -> Result<(), StoreError> {
        let limits = user_limits(&policy.rules, &user.groups, self.tenant());
        let Some(deadline) = limits.deadline else {
            return Ok(());
        };
        if now >= deadline + Duration::days(1) {
            return Ok(());
        }
        let state = self.store().user_state(&user.id).await?;
        let facts = MfaCompleted::new(user.id.clone(), AuthMethod::Sms)
            .in_tenant(self.tenant_id().clone())
            .facts(user);
        let decided = |state: &crate::UserCampaignState| match decide(
            &policy.rules,
            &facts,
            state,
            self.tenant(),
            now,
        ) {
            Decision::Nudge { method, .. } | Decision::RequireRegistration { method, .. } => {
                Ok(Some(method))
            }
            Decision::PassThrough(PassReason::Snoozed { .. }) => Err(()),
            Decision::PassThrough(_) => Ok(None),
        };
        // A snoozed user still has to register: what would they be asked once it ends?
        let method = decided(&state).or_else(|()| {
            let unsnoozed = crate::UserCampaignState {
                last_snoozed_at: None,
                ..state
            };
            decided(&unsnoozed).or(Ok::<_, ()>(None))
        });
        let Ok(Some(method)) = method else {
            return Ok(());
        };
        if self.exemption(&user.id).await?.is_some() {
            return Ok(());
        }
        for (d, upcoming) in &mut run.upcoming {
            if now < deadline - Duration::days(i64::from(*d)) {
                *upcoming += 1;
            }
        }
        let Some(due) = due_reminder(days, deadline, now) else {
            return Ok(());
        };
        let Some(to) = user.mail.as_deref() else {
            run.without_address += 1;
            return Ok(());
        };
        let texts = self.texts_for(user);
        let organization = self.organization_in(&texts);
        let envelope = crate::notify::Envelope {
            tenant: self.tenant_id(),
            user_id: &user.id,
            to,
            name: &user.display_name,
            organization: &organization,
            offset: user.utc_offset.unwrap_or(time::UtcOffset::UTC),
        };
        let reminder = Reminder {
            deadline,
            now,
            method: self.method_in_words(&texts, method),
            sign_in_url: self.outbox().and_then(|o| o.settings.sign_in_url.clone()),
        };
        let key = format!(
            "reminder:{}:{}:{due}",
            user.id,
            crate::store::to_millis(deadline)
        );
        if self
            .enqueue_message(&key, reminder.compose(&texts, &envelope))
            .await?
        {
            run.queued += 1;
        }
        Ok(())
    }

    /// The last reminder run of this tenant, if any.
    pub async fn last_reminder_run(&self) -> Result<Option<ReminderRun>, StoreError> {
        let record = self.store().record(RUN_KIND, RUN_ID, self.now()).await?;
        Ok(record.and_then(|r| serde_json::from_str(&r.document).ok()))
    }

    /// The user's language: theirs if the catalog has it, else the campaign's default.
    pub(crate) fn texts_for(&self, user: &DirectoryUser) -> crate::locale::Texts {
        let wishes = crate::locale::LanguageWishes {
            host_locale: user.locale.as_deref(),
            ..Default::default()
        };
        self.locales().negotiate(wishes)
    }

    pub(crate) fn organization_in(&self, texts: &crate::locale::Texts) -> String {
        self.branding()
            .organization()
            .map_or_else(|| texts.text("organization-default"), str::to_owned)
    }

    fn method_in_words(&self, texts: &crate::locale::Texts, method: TargetedMethod) -> String {
        match method {
            TargetedMethod::Fido2 => texts.text("method-a-passkey"),
            TargetedMethod::MicrosoftAuthenticator => self
                .app_name()
                .map_or_else(|| texts.text("method-an-authenticator-app"), str::to_owned),
        }
    }

    /// Writes the binding notice of a registration to the outbox, when the campaign has
    /// notifications and the directory gives the user an address.
    pub(crate) async fn notify_binding(
        &self,
        user_id: &str,
        language: &crate::locale::Language,
        notice: BindingNotice,
    ) -> Result<(), StoreError> {
        if self.outbox().is_none() {
            return Ok(());
        }
        let Some(directory) = self.directory() else {
            return Ok(());
        };
        let user = match directory.user(self.tenant_id(), user_id).await {
            Ok(Some(user)) => user,
            Ok(None) => return Ok(()),
            Err(error) => {
                tracing::warn!(target: "registration_campaign", %error, "the directory could not be asked for the user's address; no binding notice");
                return Ok(());
            }
        };
        let Some(to) = user.mail.as_deref() else {
            tracing::info!(target: "registration_campaign", "the user has no mail address; no binding notice");
            return Ok(());
        };
        let texts = self.locales().texts(language);
        let organization = self.organization_in(&texts);
        let envelope = crate::notify::Envelope {
            tenant: self.tenant_id(),
            user_id,
            to,
            name: &user.display_name,
            organization: &organization,
            offset: user.utc_offset.unwrap_or(time::UtcOffset::UTC),
        };
        let key = format!("binding:{user_id}:{}", crate::store::to_millis(notice.at));
        self.enqueue_message(&key, notice.compose(&texts, &envelope))
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::due_reminder;
    use time::Duration;
    use time::macros::datetime;

    #[test]
    fn the_nearest_due_reminder_is_chosen() {
        let deadline = datetime!(2027-01-15 00:00 UTC);
        let days = [7, 1, 0];
        let at = |d: i64| deadline - Duration::hours(d);
        assert_eq!(due_reminder(&days, deadline, at(24 * 8)), None);
        assert_eq!(due_reminder(&days, deadline, at(24 * 7)), Some(7));
        assert_eq!(due_reminder(&days, deadline, at(24 * 3)), Some(7));
        assert_eq!(due_reminder(&days, deadline, at(24)), Some(1));
        assert_eq!(due_reminder(&days, deadline, at(1)), Some(1));
        assert_eq!(due_reminder(&days, deadline, deadline), Some(0));
        assert_eq!(
            due_reminder(&days, deadline, deadline + Duration::hours(23)),
            Some(0)
        );
        assert_eq!(
            due_reminder(&days, deadline, deadline + Duration::days(1)),
            None
        );
        assert_eq!(due_reminder(&[7, 1], deadline, deadline), None);
    }
}
