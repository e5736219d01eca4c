//! Telling people: the messages the campaign sends, and the [`Notifier`] the host provides to
//! deliver them.
//!
//! Two messages, composed by the campaign in the user's language from the Fluent catalog
//! (`mail-*` messages), with a plain-text and an HTML part:
//! - a **binding notice** after every registration: which method was added, when, from which
//!   IP address and browser, and what to do if it was not the user (NIST SP 800-63B-4 asks
//!   for a notice through a channel independent of the sign-in that bound it);
//! - **reminders** before a user's deadline, on the days the campaign settings name.
//!
//! The campaign hands each message to the host's [`Notifier`] with the recipient from the host
//! directory ([`DirectoryUser::mail`](crate::DirectoryUser::mail)). [`LogNotifier`] writes
//! them to the log, for development; [`SmtpNotifier`] (feature `smtp`) sends them by mail with
//! lettre. Delivery goes through a store-backed outbox, so a message is claimed before it is
//! sent, sent by one instance, and retried with backoff when the notifier fails (see
//! [`Notifications`]).

mod compose;
mod settings;
#[cfg(feature = "smtp")]
mod smtp;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::BoxError;
use crate::tenant::TenantId;

pub(crate) use compose::{BindingNotice, Envelope, Reminder};
pub use settings::{DEFAULT_REMINDER_CHECK, Notifications};
#[cfg(feature = "smtp")]
pub use smtp::{SmtpError, SmtpNotifier};

/// What a message is about.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MessageKind {
    /// "A sign-in method was added to your account", after a registration.
    BindingNotice,
    /// A reminder of the user's deadline.
    Reminder,
}

impl MessageKind {
    /// The kind as metrics and logs name it: `bindingNotice` or `reminder`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::BindingNotice => "bindingNotice",
            Self::Reminder => "reminder",
        }
    }
}

/// One composed message, ready to send.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// What it is about.
    pub kind: MessageKind,
    /// The tenant of the user it is for.
    pub tenant: TenantId,
    /// The user it is for.
    pub user_id: String,
    /// The address it goes to (the directory's `mail`).
    pub to: String,
    /// The user's display name, for the recipient's name.
    pub to_name: String,
    /// The language it is written in (a BCP 47 tag).
    pub language: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part (a whole document; every value in it is escaped).
    pub html: String,
}

/// Delivers the campaign's messages: the host's mail (or SMS, or chat) system.
///
/// A `send` that returns an error is retried later with backoff; a `send` that succeeded is
/// never repeated, unless the process dies between sending and recording it (then another
/// instance sends it again after a two-minute claim runs out).
///
/// ```
/// use registration_campaign::notify::{Message, Notifier};
/// use registration_campaign::{BoxError, async_trait};
///
/// /// Hands messages to the host's own mail queue.
/// struct MailQueue;
///
/// #[async_trait]
/// impl Notifier for MailQueue {
///     async fn send(&self, message: &Message) -> Result<(), BoxError> {
///         println!("to {}: {}", message.to, message.subject);
///         Ok(())
///     }
/// }
/// ```
#[async_trait]
pub trait Notifier: Send + Sync + 'static {
    /// Sends one message.
    async fn send(&self, message: &Message) -> Result<(), BoxError>;
}

/// A [`Notifier`] that writes every message to the log (`tracing`, at `info`, target
/// `registration_campaign::notify`), for development and demos: nothing is sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogNotifier;

#[async_trait]
impl Notifier for LogNotifier {
    async fn send(&self, message: &Message) -> Result<(), BoxError> {
        tracing::info!(
            target: "registration_campaign::notify",
            kind = message.kind.as_str(),
            to = %message.to,
            subject = %message.subject,
            "message (not sent: LogNotifier)\n{}",
            message.text
        );
        Ok(())
    }
}
