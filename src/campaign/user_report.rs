//! The per-user status report: every user the campaign has met, with where they stand.

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::Campaign;
use crate::decision::{UserLimits, user_limits};
use crate::state::UserCampaignState;
use crate::store::{Record, StoreError};

const METHOD_KIND: &str = "registered-method";
/// At most this many users are read for one page when a status filter skips most of them; the
/// page then ends early with a link to go on, so no request scans the whole store.
const SCAN_BUDGET: u32 = 5_000;
const BATCH: u32 = 500;

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
    /// Registered through the campaign.
    Registered,
    /// An admin exempted the user ([`Campaign::exempt`]): neither nudged nor required until
    /// the exemption ends.
    Exempt,
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
    /// Snoozes counted: every nudge shown counts one (as in Entra, so that closing the browser
    /// is a snooze), and the policy's limit applies to this count.
    pub snooze_count: u32,
    /// Setup flows shown to the user (nudges and required registrations).
    pub shown_count: u32,
    /// Of those, ended with "Skip for now".
    pub skip_count: u32,
    /// Of those, ended with neither a skip nor a registration (the browser was closed, or the
    /// flow is still open).
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
        let time = |at: Option<OffsetDateTime>| {
            at.and_then(|at| at.format(&Rfc3339).ok())
                .unwrap_or_default()
        };
        format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            csv_field(&self.user_id),
            csv_field(self.user_principal_name.as_deref().unwrap_or("")),
            csv_field(self.display_name.as_deref().unwrap_or("")),
            self.status.as_str(),
            self.snooze_count,
            self.shown_count,
            self.skip_count,
            self.left_count,
            time(self.last_shown_at),
            time(self.last_snoozed_at),
            time(self.snoozed_until),
            time(self.registered_at),
            csv_field(self.registered_method.as_deref().unwrap_or("")),
            csv_field(self.registered_ip_address.as_deref().unwrap_or("")),
            csv_field(self.registered_user_agent.as_deref().unwrap_or("")),
            time(self.exempt_until),
            time(self.snooze_extended_until),
        )
    }
}

/// A CSV field: quoted when it needs to be, and never read as a formula by a spreadsheet.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// One page of the report, and the user id to continue after, if there is more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserReportPage {
    /// The rows, in user id order.
    pub rows: Vec<UserReportRow>,
    /// Pass as `after` for the next page.
    pub next_after: Option<String>,
}

impl Campaign {
    /// One page of the per-user report: at most `top` users after the user id `after`, only
    /// those with `status` when given. A status is what the user's next sign-in would give:
    /// the policy and settings in force, with the user's group rule (its snoozes, snooze length
    /// and deadline) when group rules are set and the host's
    /// [`UserDirectory`](crate::UserDirectory) knows the user's groups.
    pub async fn user_report(
        &self,
        after: Option<&str>,
        top: u32,
        status: Option<UserStatus>,
    ) -> Result<UserReportPage, StoreError> {
        let filter = UserReportFilter {
            status,
            ..UserReportFilter::default()
        };
        self.user_report_filtered(after, top, &filter).await
    }

    /// [`user_report`](Self::user_report), keeping the users `filter` keeps.
    pub async fn user_report_filtered(
        &self,
        after: Option<&str>,
        top: u32,
        filter: &UserReportFilter,
    ) -> Result<UserReportPage, StoreError> {
        let filtered = !filter.keeps_everyone();
        let active = self.active_policy().await?;
        let now = self.now();
        let mut rows = Vec::new();
        let mut cursor = after.map(str::to_owned);
        let mut scanned = 0;
        loop {
            let want = if filtered {
                BATCH
            } else {
                top - rows.len() as u32
            };
            let batch = self.store().users_after(cursor.as_deref(), want).await?;
            let exhausted = (batch.len() as u32) < want;
            for (user_id, state) in batch {
                scanned += 1;
                cursor = Some(user_id.clone());
                let (row, groups) = self.report_row(&active, user_id, state, now).await?;
                if !filter.keeps(&row, &groups) {
                    continue;
                }
                rows.push(row);
                if rows.len() as u32 == top {
                    return Ok(UserReportPage {
                        rows,
                        next_after: cursor,
                    });
                }
            }
            if exhausted {
                return Ok(UserReportPage {
                    rows,
                    next_after: None,
                });
            }
            if scanned >= SCAN_BUDGET {
                return Ok(UserReportPage {
                    rows,
                    next_after: cursor,
                });
            }
        }
    }

    /// What the host directory knows of the user (names, groups), if it can say.
    async fn directory_user_for_report(&self, user_id: &str) -> Option<crate::DirectoryUser> {
        let directory = self.directory()?;
        match directory.user(self.tenant_id(), user_id).await {
            Ok(user) => user,
            Err(error) => {
                tracing::warn!(
                    target: "registration_campaign",
                    %error,
                    "the host directory could not give a user's names and groups; the report shows the campaign-wide status"
                );
                None
            }
        }
    }

    /// Remembers what a user registered, for the report.
    pub(crate) async fn remember_registered_method(
        &self,
        user_id: &str,
        method: &str,
    ) -> Result<(), StoreError> {
        self.store()
            .upsert_record(&Record {
                kind: METHOD_KIND.into(),
                id: user_id.into(),
                owner: user_id.into(),
                version: 1,
                document: serde_json::Value::String(method.into()).to_string(),
                expires_at: None,
            })
            .await
    }

    /// What `user_id` registered through the campaign (`push`, `totp`, `passkey`, or a host's
    /// method id), if the campaign saw it.
    pub(crate) async fn registered_method(
        &self,
        user_id: &str,
    ) -> Result<Option<String>, StoreError> {
        let record = self
            .store()
            .record(METHOD_KIND, user_id, self.now())
            .await?;
        Ok(record.and_then(|r| serde_json::from_str(&r.document).ok()))
    }
}

/// A user's status and the end of their running snooze, as [`decide`](crate::decision::decide)
/// would see them with `limits`: registered, past the deadline (required), snoozed, out of
/// snoozes (required), else due.
impl Campaign {
    /// The report's row of one user, as [`user_report`](Self::user_report) lists them.
    pub async fn user_report_row(&self, user_id: &str) -> Result<UserReportRow, StoreError> {
        let active = self.active_policy().await?;
        let state = self.store().user_state(user_id).await?;
        let (row, _) = self
            .report_row(&active, user_id.to_owned(), state, self.now())
            .await?;
        Ok(row)
    }

    async fn report_row(
        &self,
        active: &super::ActivePolicy,
        user_id: String,
        state: UserCampaignState,
        now: OffsetDateTime,
    ) -> Result<(UserReportRow, Vec<String>), StoreError> {
        let known = self.directory_user_for_report(&user_id).await;
        // Groups matter only to group rules.
        let groups: &[String] = match &known {
            Some(user) if active.rules.has_group_rules() => &user.groups,
            _ => &[],
        };
        let limits = user_limits(&active.rules, groups, self.tenant());
        let (mut status, mut snoozed_until) = classify(&state, limits, now);
        let exempt_until = match status {
            UserStatus::Registered => None,
            _ => self.exemption(&user_id).await?.map(|e| e.until),
        };
        if exempt_until.is_some() {
            (status, snoozed_until) = (UserStatus::Exempt, None);
        }
        let snooze_extended_until = match status {
            UserStatus::Registered | UserStatus::Exempt => None,
            _ => self.snooze_extension(&user_id).await?.map(|e| e.until),
        };
        if let Some(until) = snooze_extended_until {
            status = UserStatus::Snoozed;
            snoozed_until = snoozed_until.max(Some(until));
        }
        let (registered_method, source) = if state.registered_at.is_some() {
            (
                self.registered_method(&user_id).await?,
                self.registration_source(&user_id).await?,
            )
        } else {
            (None, None)
        };
        let history = self.nudge_history(&user_id).await?;
        let (user_principal_name, display_name, groups) = match known {
            Some(user) => (user.sign_in_name, Some(user.display_name), user.groups),
            None => (None, None, Vec::new()),
        };
        let row = UserReportRow {
            user_id,
            user_principal_name,
            display_name,
            status,
            snooze_count: state.snooze_count,
            shown_count: history.shown,
            skip_count: history.skipped,
            left_count: history.left(),
            last_shown_at: history.last_shown_at,
            last_snoozed_at: state.last_snoozed_at,
            snoozed_until,
            registered_at: state.registered_at,
            registered_method,
            registered_ip_address: source.as_ref().and_then(|s| s.ip_address.clone()),
            registered_user_agent: source.and_then(|s| s.user_agent),
            exempt_until,
            snooze_extended_until,
        };
        Ok((row, groups))
    }
}

/// What the per-user report keeps ([`Campaign::user_report_filtered`](crate::Campaign::user_report_filtered));
/// the default keeps everyone.
///
/// ```
/// use registration_campaign::{UserReportFilter, UserStatus};
/// let mut filter = UserReportFilter::default();
/// assert!(filter.keeps_everyone());
/// filter.status = Some(UserStatus::Required);
/// filter.group_id = Some("3ee3a9de-0a86-4e12-a287-9769accf1ba2".into());
/// assert!(!filter.keeps_everyone());
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserReportFilter {
    /// Only users with this status.
    pub status: Option<UserStatus>,
    /// Only users who registered this method through the campaign (`push`, `totp`, `passkey`,
    /// or another method's id).
    pub registered_method: Option<String>,
    /// Only members of this group (as the host directory gives their groups; ignoring case).
    pub group_id: Option<String>,
    /// Only users whose display name or sign-in name contains this, ignoring case.
    pub search: Option<String>,
}

impl UserReportFilter {
    /// Whether the filter keeps every user.
    pub fn keeps_everyone(&self) -> bool {
        *self == Self::default()
    }

    /// Whether `row`, whose user is in `groups`, is kept.
    pub(crate) fn keeps(&self, row: &UserReportRow, groups: &[String]) -> bool {
        if self.status.is_some_and(|s| s != row.status) {
            return false;
        }
        if let Some(method) = &self.registered_method
            && row.registered_method.as_deref() != Some(method.as_str())
        {
            return false;
        }
        if let Some(group) = &self.group_id
            && !groups.iter().any(|g| g.eq_ignore_ascii_case(group))
        {
            return false;
        }
        if let Some(search) = &self.search {
            let search = search.to_lowercase();
            let named = [&row.display_name, &row.user_principal_name]
                .into_iter()
                .flatten()
                .any(|name| name.to_lowercase().contains(&search));
            if !named {
                return false;
            }
        }
        true
    }
}

fn classify(
    state: &UserCampaignState,
    limits: UserLimits,
    now: OffsetDateTime,
) -> (UserStatus, Option<OffsetDateTime>) {
    if state.registered_at.is_some() {
        return (UserStatus::Registered, None);
    }
    if limits.deadline.is_some_and(|d| now >= d) {
        return (UserStatus::Required, None);
    }
    let until = state
        .last_snoozed_at
        .map(|last| last.saturating_add(limits.snooze))
        .filter(|until| now < *until);
    match (until, limits.allowed_snoozes) {
        (Some(until), _) => (UserStatus::Snoozed, Some(until)),
        (None, Some(limit)) if state.snooze_count >= limit => (UserStatus::Required, None),
        _ => (UserStatus::Due, None),
    }
}
