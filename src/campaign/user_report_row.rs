//! One row of the per-user report: a user's status and their counts, as JSON and CSV.

use serde::Serialize;
use time::OffsetDateTime;

use crate::csv::CsvDialect;

/// Where a user stands in the campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum UserStatus {
    /// A snooze is running.
    Snoozed,
    /// Nudged at the next sign-in.
    Due,
    /// No skip left (every snooze used, or the deadline passed).
    Required,
    /// Registered through the campaign, or already has what the campaign asks for (the host
    /// directory says so; `registeredAt` is then empty).
    Registered,
    /// An admin exempted the user ([`Campaign::exempt`](crate::Campaign::exempt)): neither
    /// nudged nor required until the exemption ends.
    Exempt,
    /// Targeted, listed by the host directory, and never shown the campaign yet: nudged at
    /// their first sign-in (a user past the deadline is `required` instead).
    NotYetShown,
}

impl UserStatus {
    /// The report's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Snoozed => "snoozed",
            Self::Due => "due",
            Self::Required => "required",
            Self::Registered => "registered",
            Self::Exempt => "exempt",
            Self::NotYetShown => "notYetShown",
        }
    }

    /// Reads the report's spelling.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Snoozed,
            Self::Due,
            Self::Required,
            Self::Registered,
            Self::Exempt,
            Self::NotYetShown,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserReportRow {
    /// The user's id.
    pub user_id: String,
    /// The name the user signs in with, from the host directory (`None` if it does not know).
    pub user_principal_name: Option<String>,
    /// The user's display name, from the host directory (`None` if it does not know).
    pub display_name: Option<String>,
    /// Where they stand.
    pub status: UserStatus,
    /// Snoozes: `skip_count + left_count` (a nudge left without a choice snoozes too, as in
    /// Entra); the policy's limit of snoozes applies to this count.
    pub snooze_count: u32,
    /// Setup flows shown to the user (nudges and required registrations).
    pub shown_count: u32,
    /// "Skip for now" pressed.
    pub skip_count: u32,
    /// Nudges left without a choice (the browser was closed, or the flow is still open).
    pub left_count: u32,
    /// When a setup flow was last shown.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_shown_at: Option<OffsetDateTime>,
    /// The last snooze.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_snoozed_at: Option<OffsetDateTime>,
    /// When the running snooze ends (`None` when none runs).
    #[serde(with = "time::serde::rfc3339::option")]
    pub snoozed_until: Option<OffsetDateTime>,
    /// When they registered.
    #[serde(with = "time::serde::rfc3339::option")]
    pub registered_at: Option<OffsetDateTime>,
    /// What they registered (`push`, `totp`, `passkey`, or a host's method id).
    pub registered_method: Option<String>,
    /// The address the registration came from, when it was recorded.
    pub registered_ip_address: Option<String>,
    /// The browser's `User-Agent` when they registered, when it was recorded.
    pub registered_user_agent: Option<String>,
    /// When an admin's exemption of the user ends, if one runs.
    #[serde(with = "time::serde::rfc3339::option")]
    pub exempt_until: Option<OffsetDateTime>,
    /// When an admin's extension of the user's snooze ends, if one runs (the status is then
    /// `snoozed`, until this or the user's own snooze, whichever is later).
    #[serde(with = "time::serde::rfc3339::option")]
    pub snooze_extended_until: Option<OffsetDateTime>,
}

/// The report's CSV header: the JSON field names.
pub const USER_REPORT_CSV_HEADER: &str = "userId,userPrincipalName,displayName,status,snoozeCount,shownCount,skipCount,leftCount,lastShownAt,lastSnoozedAt,snoozedUntil,registeredAt,registeredMethod,registeredIpAddress,registeredUserAgent,exemptUntil,snoozeExtendedUntil\n";

impl UserReportRow {
    /// The row as a line of the report's CSV (see [`USER_REPORT_CSV_HEADER`]).
    pub fn csv_line(&self) -> String {
        self.csv_line_in(CsvDialect::Standard)
    }

    /// The row as a line of the report's CSV in `dialect` (see [`user_report_csv_header`]).
    pub fn csv_line_in(&self, dialect: CsvDialect) -> String {
        let text = |value: Option<&str>| dialect.text(value.unwrap_or(""));
        dialect.line([
            text(Some(&self.user_id)),
            text(self.user_principal_name.as_deref()),
            text(self.display_name.as_deref()),
            self.status.as_str().to_owned(),
            self.snooze_count.to_string(),
            self.shown_count.to_string(),
            self.skip_count.to_string(),
            self.left_count.to_string(),
            dialect.time(self.last_shown_at),
            dialect.time(self.last_snoozed_at),
            dialect.time(self.snoozed_until),
            dialect.time(self.registered_at),
            text(self.registered_method.as_deref()),
            text(self.registered_ip_address.as_deref()),
            text(self.registered_user_agent.as_deref()),
            dialect.time(self.exempt_until),
            dialect.time(self.snooze_extended_until),
        ])
    }
}

/// The report's CSV header in `dialect`, after its preamble (see [`USER_REPORT_CSV_HEADER`]).
pub fn user_report_csv_header(dialect: CsvDialect) -> String {
    let names = USER_REPORT_CSV_HEADER
        .trim_end()
        .split(',')
        .map(str::to_owned);
    format!("{}{}", dialect.preamble(), dialect.line(names))
}
