//! [`SmtpNotifier`]: messages by mail, with lettre (feature `smtp`).

use async_trait::async_trait;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::{Message, Notifier};
use crate::BoxError;

/// Why an [`SmtpNotifier`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SmtpError {
    /// The sender is not a mail address (`Contoso <no-reply@contoso.com>` or a bare address).
    #[error("{0:?} is not a sender address: {1}")]
    From(String, lettre::address::AddressError),
    /// The relay could not be set up (its TLS settings).
    #[error("the SMTP relay {0:?} cannot be used: {1}")]
    Relay(String, lettre::transport::smtp::Error),
}

/// Sends the campaign's messages by mail through an SMTP server, as `multipart/alternative`
/// (plain text and HTML).
///
/// ```no_run
/// use std::sync::Arc;
/// use registration_campaign::notify::{Notifications, SmtpNotifier};
/// // A relay with STARTTLS and a login:
/// let mail = SmtpNotifier::starttls("smtp.contoso.com", "mailer", "secret", "Contoso <no-reply@contoso.com>")?;
/// let notifications = Notifications::new(Arc::new(mail));
/// # let _ = notifications;
/// # Ok::<(), registration_campaign::notify::SmtpError>(())
/// ```
#[derive(Clone)]
pub struct SmtpNotifier {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for SmtpNotifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpNotifier")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl SmtpNotifier {
    /// A relay that speaks STARTTLS on port 587 and takes a user name and password.
    pub fn starttls(
        relay: &str,
        user: &str,
        password: &str,
        from: &str,
    ) -> Result<Self, SmtpError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(relay)
            .map_err(|e| SmtpError::Relay(relay.to_owned(), e))?
            .credentials(Credentials::new(user.to_owned(), password.to_owned()))
            .build();
        Ok(Self {
            transport,
            from: sender(from)?,
        })
    }

    /// A server on `host:port` spoken to in plain SMTP, without TLS or a login: for a mail
    /// catcher in development, or a relay on the same host. Never across a network you do
    /// not trust.
    pub fn plain(host: &str, port: u16, from: &str) -> Result<Self, SmtpError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .build();
        Ok(Self {
            transport,
            from: sender(from)?,
        })
    }

    /// A notifier over a lettre transport the host built itself (TLS settings, pools, timeouts).
    pub fn with_transport(
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: &str,
    ) -> Result<Self, SmtpError> {
        Ok(Self {
            transport,
            from: sender(from)?,
        })
    }
}

/// `Name <address>` or a bare address; a name with characters RFC 5322 would need quoted
/// (`Contoso (IT) <it@contoso.com>`) is taken as written.
fn sender(from: &str) -> Result<Mailbox, SmtpError> {
    let error = |e| SmtpError::From(from.to_owned(), e);
    match from.parse() {
        Ok(mailbox) => Ok(mailbox),
        Err(e) => {
            let Some((name, rest)) = from.split_once('<') else {
                return Err(error(e));
            };
            let address = rest.trim().strip_suffix('>').unwrap_or(rest).trim();
            let name = name.trim().trim_matches('"').trim();
            Ok(Mailbox::new(
                (!name.is_empty()).then(|| name.to_owned()),
                address.parse().map_err(error)?,
            ))
        }
    }
}

#[async_trait]
impl Notifier for SmtpNotifier {
    async fn send(&self, message: &Message) -> Result<(), BoxError> {
        let to = Mailbox::new(Some(message.to_name.clone()), message.to.parse()?);
        let mail = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                message.text.clone(),
                message.html.clone(),
            ))?;
        self.transport.send(mail).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn senders_with_names_as_people_write_them() {
        let contoso = super::sender("Contoso (demo) <no-reply@contoso.test>").unwrap();
        assert_eq!(contoso.name.as_deref(), Some("Contoso (demo)"));
        assert_eq!(contoso.email.to_string(), "no-reply@contoso.test");
        assert!(super::sender("it@contoso.test").unwrap().name.is_none());
        assert!(super::sender("Contoso <not an address>").is_err());
        assert!(super::sender("nobody").is_err());
    }
}
