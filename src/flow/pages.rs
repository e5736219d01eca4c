//! The askama page of each step. Each struct fills one template in `templates/campaign/`.

use askama::Template;

pub(crate) use super::due::{Due, Reminder};

/// Parts every page shares.
#[derive(Debug, Clone)]
pub(crate) struct Chrome {
    pub title: String,
    pub prefix: String,
    pub asset_version: String,
    pub csrf: String,
    /// The flow step the page shows, echoed by its forms so a stale form acts on nothing.
    pub flow_step: &'static str,
    pub step: Option<Step>,
    /// The app the pages name; `None`: "an authenticator app", no product named.
    pub app_name: Option<String>,
    /// "Contoso", or "Your organization".
    pub organization: String,
    /// The organization's logo, if branded.
    pub logo_url: Option<String>,
    /// The brand stylesheet's version, if there is one.
    pub brand_css: Option<String>,
    /// What the footer says the organization asks the user to set up (none on pages that are
    /// about no method, such as "Page not found").
    pub footer_method: Option<String>,
    pub can_skip: bool,
    /// Whether the page has **Back** (every step after the prompt until registration).
    pub can_go_back: bool,
    /// Whether the page has **Sign out** (a required registration's pages).
    pub can_sign_out: bool,
    /// The page's language and its messages.
    pub t: crate::locale::Texts,
}

/// "Step N of M".
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    pub number: u8,
    pub total: u8,
}

/// Steps of the setup, after the prompt.
pub(crate) const TOTAL_STEPS: u8 = 4;

#[derive(Template)]
#[template(path = "campaign/prompt.html")]
pub(crate) struct PromptPage {
    pub chrome: Chrome,
    pub user_display_name: String,
    pub sign_in_name: Option<String>,
    pub skips: Skips,
    /// The user's deadline, if they have one: a countdown, or why registration is required.
    pub due: Option<Due>,
    /// When **Skip for now** brings the prompt back.
    pub reminder: Reminder,
    /// A passkey campaign (else the authenticator app's).
    pub passkey: bool,
}

impl PromptPage {
    /// How long until registration is required ("Required in 12 days (by 15 January 2027)"),
    /// when the user has a deadline ahead.
    pub(crate) fn required(&self) -> Option<String> {
        let Some(Due::Ahead { days, at }) = &self.due else {
            return None;
        };
        let t = &self.chrome.t;
        Some(match (days, &at.time) {
            (0, Some(time)) => t
                .fmt("required-today-by")
                .arg("time", time.as_str())
                .plain(),
            (0, None) => t.text("required-today"),
            (days, _) => t
                .fmt("required-in-days")
                .num("days", *days)
                .arg("when", at.full.as_str())
                .plain(),
        })
    }
}

/// Steps of a passkey setup, after the prompt: create, name.
pub(crate) const PASSKEY_STEPS: u8 = 2;

/// "Create a passkey": the button starts the browser's passkey dialog.
#[derive(Template)]
#[template(path = "campaign/passkey.html")]
pub(crate) struct PasskeyPage {
    pub chrome: Chrome,
    /// The creation options for the page's script (escaped for a `<script>` data block).
    pub options_json: String,
    pub error: Option<String>,
    /// The other way to set up, when the campaign has one.
    pub alternative: Option<String>,
}

/// "Passkey created".
#[derive(Template)]
#[template(path = "campaign/passkey_done.html")]
pub(crate) struct PasskeyDonePage {
    pub chrome: Chrome,
    /// The name the user gave it.
    pub name: String,
}

/// "Name your passkey".
#[derive(Template)]
#[template(path = "campaign/name.html")]
pub(crate) struct NamePage {
    pub chrome: Chrome,
    /// The name suggested from the passkey's provider.
    pub suggested: String,
    pub max_length: usize,
    pub error: Option<String>,
}

/// What the prompt says about skipping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skips {
    /// No skip: registration is required.
    Required,
    /// This many skips left, counting this one.
    Left(u32),
    /// Skips are not limited.
    Unlimited,
}

impl Skips {
    /// From the flow's `required` and `skips_left`.
    pub(crate) fn new(required: bool, skips_left: Option<u32>) -> Self {
        match (required, skips_left) {
            (true, _) | (false, Some(0)) => Self::Required,
            (false, Some(n)) => Self::Left(n),
            (false, None) => Self::Unlimited,
        }
    }
}

#[derive(Template)]
#[template(path = "campaign/download.html")]
pub(crate) struct DownloadPage {
    pub chrome: Chrome,
    /// The named app's store pages; `None`: the page names no store.
    pub store_links: Option<StoreLinks>,
}

/// An app's pages in the App Store and Google Play.
pub(crate) struct StoreLinks {
    pub ios: String,
    pub android: String,
}

#[derive(Template)]
#[template(path = "campaign/setup.html")]
pub(crate) struct SetupPage {
    pub chrome: Chrome,
    /// The app will connect itself (push): a work or school account; otherwise the app adds a
    /// code-generating account ("Other account" in Microsoft Authenticator).
    pub connects_itself: bool,
}

pub(crate) use crate::enroll::DeviceInfo;

/// Time left, shown as `m:ss` (the page's script counts it down).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Countdown {
    pub seconds: u32,
}

impl Countdown {
    /// The time from `now` until `until`, none if it has passed.
    pub(crate) fn until(until: time::OffsetDateTime, now: time::OffsetDateTime) -> Self {
        let seconds = (until - now).whole_seconds().clamp(0, i64::from(u32::MAX));
        Self {
            seconds: u32::try_from(seconds).unwrap_or(0),
        }
    }
}

impl Countdown {
    /// The countdown as page markup: the time left, which the page's script counts down.
    /// `role="timer"` is not announced at every tick.
    pub(crate) fn html(&self) -> String {
        format!(
            "<span class=\"countdown\" role=\"timer\" data-countdown=\"{}\">{self}</span>",
            self.seconds
        )
    }
}

impl std::fmt::Display for Countdown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{:02}", self.seconds / 60, self.seconds % 60)
    }
}

#[derive(Template)]
#[template(path = "campaign/scan.html")]
pub(crate) struct ScanPage {
    pub chrome: Chrome,
    pub qr_svg: String,
    pub qr_text: String,
    pub device: Option<DeviceInfo>,
    /// The short code and URL for entering by hand.
    pub code: Option<crate::enroll::EnrollmentCode>,
    /// How long the QR code still works, if it expires.
    pub expires_in: Option<Countdown>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "campaign/test.html")]
pub(crate) struct TestPage {
    pub chrome: Chrome,
    pub device_name: String,
    pub state: TestState,
    /// The user taps the number among several on the phone (privacyIDEA), not types it.
    pub by_choice: bool,
}

/// Where the test notification stands, as the test page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TestState {
    /// Sent: the user enters `number` on the phone.
    Waiting {
        /// The two-digit number to enter.
        number: String,
        /// How long the notification can still be answered.
        expires_in: Countdown,
        /// The user chose Next before answering on the phone.
        still_waiting: bool,
    },
    /// Approved (the page is about to move on).
    Approved,
    /// Denied, a wrong number, or expired: what happened, and Next sends a new one.
    Failed {
        /// Shown in an alert.
        message: String,
    },
}

#[derive(Template)]
#[template(path = "campaign/approved.html")]
pub(crate) struct ApprovedPage {
    pub chrome: Chrome,
    pub device_name: String,
}

#[derive(Template)]
#[template(path = "campaign/totp.html")]
pub(crate) struct TotpPage {
    pub chrome: Chrome,
    pub heading: String,
    pub qr_svg: String,
    pub otpauth_uri: String,
    /// The secret as the copy button copies it.
    pub secret: String,
    /// The secret in groups of four, as people read it.
    pub secret_groups: String,
    pub account: String,
    pub issuer: String,
    pub error: Option<String>,
    pub attempts_left: Option<u32>,
    /// The label of the button that switches to the campaign's other method, if it has one.
    pub alternative: Option<String>,
}

#[derive(Template)]
#[template(path = "campaign/done.html")]
pub(crate) struct DonePage {
    pub chrome: Chrome,
    /// The method that was registered, as the sentence's subject.
    pub method_name: String,
    /// Say that it is now the default sign-in method (the host asked to).
    pub announce_default: bool,
}

#[derive(Template)]
#[template(path = "campaign/expired.html")]
pub(crate) struct ExpiredPage {
    pub chrome: Chrome,
    pub continue_url: String,
}

#[derive(Template)]
#[template(path = "campaign/problem.html")]
pub(crate) struct ProblemPage {
    pub chrome: Chrome,
    pub heading: String,
    pub message: String,
    pub continue_url: String,
}

/// The authenticator works but the host could not save it: Next tries again.
#[derive(Template)]
#[template(path = "campaign/saving.html")]
pub(crate) struct SavingPage {
    pub chrome: Chrome,
}

/// The gate's page for a required user with no open flow in this browser.
#[derive(Template)]
#[template(path = "campaign/required.html")]
pub(crate) struct RequiredPage {
    pub chrome: Chrome,
    /// The host's sign-out endpoint.
    pub sign_out_path: String,
    /// Whether it takes a `POST` (a form) or a `GET` (a link).
    pub sign_out_post: bool,
}
