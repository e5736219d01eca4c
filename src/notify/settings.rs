//! [`Notifications`]: the host's notifier and the links its messages carry.

use std::sync::Arc;
use std::time::Duration;

use super::Notifier;

/// How often the reminder plan is checked, by default.
pub const DEFAULT_REMINDER_CHECK: Duration = Duration::from_secs(15 * 60);

/// What the campaign needs to tell people: the host's [`Notifier`] and the links its messages
/// carry. Give it to [`CampaignBuilder::notifications`](crate::CampaignBuilder::notifications);
/// the messages are then delivered by
/// [`Campaign::background_tasks`](crate::Campaign::background_tasks).
///
/// ```
/// use std::sync::Arc;
/// use registration_campaign::notify::{LogNotifier, Notifications};
/// let notifications = Notifications::new(Arc::new(LogNotifier))
///     .not_you_url("https://contoso.com/security/report")
///     .sign_in_url("https://contoso.com/login");
/// # let _ = notifications;
/// ```
#[derive(Clone)]
pub struct Notifications {
    pub(crate) notifier: Arc<dyn Notifier>,
    pub(crate) not_you_url: Option<String>,
    pub(crate) sign_in_url: Option<String>,
    pub(crate) reminder_check: Duration,
}

impl std::fmt::Debug for Notifications {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifications")
            .field("not_you_url", &self.not_you_url)
            .field("sign_in_url", &self.sign_in_url)
            .field("reminder_check", &self.reminder_check)
            .finish_non_exhaustive()
    }
}

impl Notifications {
    /// Messages go to `notifier`.
    pub fn new(notifier: Arc<dyn Notifier>) -> Self {
        Self {
            notifier,
            not_you_url: None,
            sign_in_url: None,
            reminder_check: DEFAULT_REMINDER_CHECK,
        }
    }

    /// Where a user who did not add the method reports it: shown in every binding notice,
    /// beside the branding's support contact.
    pub fn not_you_url(mut self, url: impl Into<String>) -> Self {
        self.not_you_url = Some(url.into());
        self
    }

    /// Where users sign in: shown in reminders.
    pub fn sign_in_url(mut self, url: impl Into<String>) -> Self {
        self.sign_in_url = Some(url.into());
        self
    }

    /// How often the reminder plan is checked (default 15 minutes): a reminder goes out at
    /// most this long after it is due.
    pub fn reminder_check(mut self, every: Duration) -> Self {
        self.reminder_check = every;
        self
    }
}
