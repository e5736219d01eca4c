//! Composing messages: the `mail-*` messages of the user's language, as plain text and HTML.

use time::{Duration, OffsetDateTime, UtcOffset};

use super::{Message, MessageKind};
use crate::locale::Texts;
use crate::tenant::TenantId;

/// Who a message goes to, and what surrounds every message.
pub(crate) struct Envelope<'a> {
    pub(crate) tenant: &'a TenantId,
    pub(crate) user_id: &'a str,
    pub(crate) to: &'a str,
    pub(crate) name: &'a str,
    /// The organization's name (the branding's, else the language's "Your organization").
    pub(crate) organization: &'a str,
    /// The user's offset from UTC for the times shown.
    pub(crate) offset: UtcOffset,
}

/// "A sign-in method was added to your account".
#[derive(Debug, Clone)]
pub(crate) struct BindingNotice {
    /// The method's id: `push`, `totp`, `passkey` or another method's.
    pub(crate) method: String,
    /// The authenticator's name (the passkey's or the device's), if it has one.
    pub(crate) device: Option<String>,
    pub(crate) at: OffsetDateTime,
    pub(crate) ip: Option<String>,
    pub(crate) user_agent: Option<String>,
    /// The branding's support contact.
    pub(crate) support: Option<String>,
    /// The host's "it was not me" link.
    pub(crate) not_you_url: Option<String>,
}

/// A reminder of the user's deadline.
#[derive(Debug, Clone)]
pub(crate) struct Reminder {
    pub(crate) deadline: OffsetDateTime,
    pub(crate) now: OffsetDateTime,
    /// What to set up, in words ("an authenticator app", "a passkey", the app's name).
    pub(crate) method: String,
    /// Where to sign in, if the host gave it.
    pub(crate) sign_in_url: Option<String>,
}

/// Paragraphs written twice: as plain text and as HTML.
struct Body {
    text: Vec<String>,
    html: Vec<String>,
}

impl Body {
    fn new() -> Self {
        Self {
            text: Vec::new(),
            html: Vec::new(),
        }
    }

    fn push(&mut self, message: crate::locale::Message<'_>) {
        self.text.push(message.plain());
        self.html.push(format!("<p>{message}</p>"));
    }

    fn lines(&mut self, lines: Vec<crate::locale::Message<'_>>) {
        self.text.push(
            lines
                .iter()
                .map(|m| m.plain())
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let html: Vec<String> = lines.iter().map(ToString::to_string).collect();
        self.html.push(format!("<p>{}</p>", html.join("<br>\n")));
    }

    fn finish(self, t: &Texts, kind: MessageKind, subject: String, to: &Envelope<'_>) -> Message {
        let lang = t.language().as_str();
        let dir = t.direction();
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n{}\n</body></html>\n",
            crate::locale::escape_html(&subject),
            self.html.join("\n")
        );
        Message {
            kind,
            tenant: to.tenant.clone(),
            user_id: to.user_id.to_owned(),
            to: to.to.to_owned(),
            to_name: to.name.to_owned(),
            language: lang.to_owned(),
            subject,
            text: self.text.join("\n\n") + "\n",
            html,
        }
    }
}

impl BindingNotice {
    /// The notice in `t`'s language.
    pub(crate) fn compose(&self, t: &Texts, to: &Envelope<'_>) -> Message {
        let mut body = Body::new();
        body.push(t.fmt("mail-greeting").arg("name", to.name));
        body.push(
            t.fmt("mail-binding-intro")
                .arg("organization", to.organization),
        );
        let method = match self.method.as_str() {
            // Our protocol's app, or the privacyIDEA Authenticator's push token.
            "push" | "pipush" => t.text("mail-method-push"),
            "totp" => t.text("mail-method-totp"),
            "passkey" => t.text("mail-method-passkey"),
            other => t.fmt("mail-method-other").arg("method", other).plain(),
        };
        let when = when(t, self.at, to.offset);
        let browser = self.user_agent.as_deref().map(browser_in_words);
        let mut lines = vec![t.fmt("mail-binding-method").arg("method", method)];
        if let Some(device) = &self.device {
            lines.push(t.fmt("mail-binding-device").arg("device", device.as_str()));
        }
        lines.push(t.fmt("mail-binding-when").arg("when", when));
        lines.push(
            t.fmt("mail-binding-from")
                .arg("browser", browser.unwrap_or_else(|| t.text("mail-unknown")))
                .arg(
                    "ip",
                    self.ip.clone().unwrap_or_else(|| t.text("mail-unknown")),
                ),
        );
        body.lines(lines);
        body.push(t.fmt("mail-binding-was-you"));
        body.push(match &self.support {
            Some(support) => t
                .fmt("mail-binding-not-you")
                .arg("support", support.as_str()),
            None => t
                .fmt("mail-binding-not-you-organization")
                .arg("organization", to.organization),
        });
        if let Some(link) = &self.not_you_url {
            body.push(
                t.fmt("mail-binding-not-you-link")
                    .arg("link", link.as_str()),
            );
        }
        body.push(t.fmt("mail-automatic").arg("organization", to.organization));
        let subject = t.text("mail-binding-subject");
        body.finish(t, MessageKind::BindingNotice, subject, to)
    }
}

impl Reminder {
    /// Whole days (of 24 hours, rounded up) from `now` to the deadline; 0 once it has passed.
    pub(crate) fn days_left(&self) -> i64 {
        let left = self.deadline - self.now;
        if left <= Duration::ZERO {
            return 0;
        }
        let whole = left.whole_days();
        if left > Duration::days(whole) {
            whole + 1
        } else {
            whole
        }
    }

    /// The reminder in `t`'s language.
    pub(crate) fn compose(&self, t: &Texts, to: &Envelope<'_>) -> Message {
        let mut body = Body::new();
        let deadline = when(t, self.deadline, to.offset);
        let date = t.date(self.deadline.to_offset(to.offset).date());
        let days = self.days_left();
        body.push(t.fmt("mail-greeting").arg("name", to.name));
        body.push(
            t.fmt("mail-reminder-intro")
                .arg("organization", to.organization)
                .arg("method", self.method.as_str()),
        );
        body.push(match days {
            0 => t.fmt("mail-reminder-now-required"),
            _ => t
                .fmt("mail-reminder-by")
                .arg("when", deadline)
                .num("days", days),
        });
        body.push(t.fmt("mail-reminder-how"));
        if let Some(link) = &self.sign_in_url {
            body.push(t.fmt("mail-reminder-link").arg("link", link.as_str()));
        }
        body.push(t.fmt("mail-automatic").arg("organization", to.organization));
        let subject = match days {
            0 => t.text("mail-reminder-subject-now"),
            _ => t.fmt("mail-reminder-subject").arg("date", date).plain(),
        };
        body.finish(t, MessageKind::Reminder, subject, to)
    }
}

/// A time in words, in the user's offset: "15 January 2027 at 17:30 UTC".
fn when(t: &Texts, at: OffsetDateTime, offset: UtcOffset) -> String {
    let local = at.to_offset(offset);
    let date = t.date(local.date());
    let time = t.time_of_day(local.time(), offset);
    t.date_and_time(&date, &time)
}

/// A browser in a few words from its User-Agent ("Chrome on Windows"), else the header itself
/// cut to 120 characters.
pub(crate) fn browser_in_words(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(token, _)| user_agent.contains(token))
    .map(|(_, name)| *name);
    let system = [
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(token, _)| user_agent.contains(token))
    .map(|(_, name)| *name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} ({system})"),
        (Some(browser), None) => browser.to_owned(),
        _ => user_agent
            .chars()
            .filter(|c| !c.is_control())
            .take(120)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_in_words() {
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(browser_in_words(chrome), "Chrome (Windows)");
        let edge =
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0";
        assert_eq!(browser_in_words(edge), "Edge (Windows)");
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1";
        assert_eq!(browser_in_words(safari), "Safari (iOS)");
        assert_eq!(browser_in_words("curl/8.5.0"), "curl/8.5.0");
        assert_eq!(browser_in_words("a\nb"), "ab");
    }

    #[test]
    fn days_left_round_up_and_stop_at_zero() {
        let deadline = time::macros::datetime!(2027-01-15 00:00 UTC);
        let reminder = |now| Reminder {
            deadline,
            now,
            method: String::new(),
            sign_in_url: None,
        };
        assert_eq!(reminder(deadline - Duration::days(7)).days_left(), 7);
        assert_eq!(reminder(deadline - Duration::hours(25)).days_left(), 2);
        assert_eq!(reminder(deadline - Duration::hours(1)).days_left(), 1);
        assert_eq!(reminder(deadline).days_left(), 0);
        assert_eq!(reminder(deadline + Duration::hours(3)).days_left(), 0);
    }
}
