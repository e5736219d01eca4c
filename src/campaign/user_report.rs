//! The per-user status report: every user the campaign has met (and, when the host directory
//! lists its users, every targeted user), with where they stand.

use time::OffsetDateTime;

use super::Campaign;
use super::report_records::{METHOD_KIND, PageRecords};
use super::user_population::{Member, UserReportOrder, facts_of};
use super::user_report_row::{UserReportRow, UserStatus};
use crate::decision::{Decision, PassReason, UserLimits, decide, user_limits};
use crate::directory::DirectoryUser;
use crate::state::UserCampaignState;
use crate::store::{Record, StoreError};

/// At most this many users are read for one page when a status filter skips most of them; the
/// page then ends early with a link to go on, so no request scans the whole store.
const SCAN_BUDGET: u32 = 5_000;
const BATCH: u32 = 500;

/// One page of the report, and where to continue after it, if there is more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserReportPage {
    /// The rows, in the report's order.
    pub rows: Vec<UserReportRow>,
    /// Pass as `after` for the next page (with the same filter and order).
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

    /// [`user_report`](Self::user_report), keeping the users `filter` keeps, in its order.
    /// When the host directory lists its users, the report covers every targeted user it
    /// lists (those never shown the campaign as [`UserStatus::NotYetShown`]) besides the users
    /// the campaign met.
    pub async fn user_report_filtered(
        &self,
        after: Option<&str>,
        top: u32,
        filter: &UserReportFilter,
    ) -> Result<UserReportPage, StoreError> {
        if filter.order == UserReportOrder::UserId && !self.directory_lists_users().await {
            return self.met_users_page(after, top, filter).await;
        }
        let members = self.population(filter.order).await?;
        self.members_page(&members, after, top, filter).await
    }

    /// [`user_report_filtered`](Self::user_report_filtered) and
    /// [`user_report_count`](Self::user_report_count) together, walking the users once.
    pub async fn user_report_counted(
        &self,
        after: Option<&str>,
        top: u32,
        filter: &UserReportFilter,
    ) -> Result<(UserReportPage, Option<u64>), StoreError> {
        let members = self.population(filter.order).await?;
        let page = if filter.order == UserReportOrder::UserId && !self.directory_lists_users().await
        {
            self.met_users_page(after, top, filter).await?
        } else {
            self.members_page(&members, after, top, filter).await?
        };
        Ok((page, self.count_members(&members, filter).await?))
    }

    /// One page of `members`, in their order, after the cursor `after`.
    async fn members_page(
        &self,
        members: &[Member],
        after: Option<&str>,
        top: u32,
        filter: &UserReportFilter,
    ) -> Result<UserReportPage, StoreError> {
        let start = after.map_or(0, |after| {
            members.partition_point(|m| m.cursor.as_str() <= after)
        });
        let active = self.active_policy().await?;
        let now = self.now();
        let mut rows = Vec::new();
        let mut scanned = 0;
        for chunk in members[start..].chunks(top.clamp(1, BATCH) as usize) {
            let records = self.chunk_records(chunk).await?;
            for member in chunk {
                scanned += 1;
                let (row, groups) = self.member_row(&active, member, &records, now).await;
                if filter.keeps(&row, &groups) {
                    rows.push(row);
                }
                let more = start + scanned < members.len();
                if rows.len() as u32 == top || (scanned as u32 >= SCAN_BUDGET && more) {
                    return Ok(UserReportPage {
                        rows,
                        next_after: more.then(|| member.cursor.clone()),
                    });
                }
            }
        }
        Ok(UserReportPage {
            rows,
            next_after: None,
        })
    }

    /// How many users the report with `filter` has (`@odata.count`); `None` when there are
    /// more than [`MAX_POPULATION`](super::MAX_POPULATION) users to look at.
    pub async fn user_report_count(
        &self,
        filter: &UserReportFilter,
    ) -> Result<Option<u64>, StoreError> {
        let members = self.population(filter.order).await?;
        self.count_members(&members, filter).await
    }

    /// How many of `members` the filter keeps; `None` past [`MAX_POPULATION`](super::MAX_POPULATION).
    async fn count_members(
        &self,
        members: &[Member],
        filter: &UserReportFilter,
    ) -> Result<Option<u64>, StoreError> {
        if members.len() >= super::MAX_POPULATION {
            return Ok(None);
        }
        if filter.keeps_everyone() {
            return Ok(Some(members.len() as u64));
        }
        let active = self.active_policy().await?;
        let now = self.now();
        let mut count = 0;
        for chunk in members.chunks(BATCH as usize) {
            let records = self.chunk_records(chunk).await?;
            for member in chunk {
                let (row, groups) = self.member_row(&active, member, &records, now).await;
                count += u64::from(filter.keeps(&row, &groups));
            }
        }
        Ok(Some(count))
    }

    async fn member_row(
        &self,
        active: &super::ActivePolicy,
        member: &Member,
        records: &PageRecords,
        now: OffsetDateTime,
    ) -> (UserReportRow, Vec<String>) {
        let known = match &member.known {
            Some(user) => Some(user.clone()),
            None => self.directory_user_for_report(&member.user_id).await,
        };
        self.report_row(
            active,
            member.user_id.clone(),
            member.state,
            known,
            records,
            now,
        )
    }

    async fn chunk_records(&self, chunk: &[Member]) -> Result<PageRecords, StoreError> {
        let ids: Vec<String> = chunk.iter().map(|m| m.user_id.clone()).collect();
        self.page_records(&ids).await
    }

    /// The users the campaign met, in user id order, read by keyset from the store.
    async fn met_users_page(
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
            let ids: Vec<String> = batch.iter().map(|(id, _)| id.clone()).collect();
            let records = self.page_records(&ids).await?;
            for (user_id, state) in batch {
                scanned += 1;
                cursor = Some(user_id.clone());
                let known = self.directory_user_for_report(&user_id).await;
                let (row, groups) = self.report_row(&active, user_id, state, known, &records, now);
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
    pub(crate) async fn directory_user_for_report(&self, user_id: &str) -> Option<DirectoryUser> {
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
    #[cfg(feature = "admin")]
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
        let known = self.directory_user_for_report(user_id).await;
        let records = self.page_records(&[user_id.to_owned()]).await?;
        let (row, _) = self.report_row(
            &active,
            user_id.to_owned(),
            state,
            known,
            &records,
            self.now(),
        );
        Ok(row)
    }

    fn report_row(
        &self,
        active: &super::ActivePolicy,
        user_id: String,
        state: UserCampaignState,
        known: Option<DirectoryUser>,
        records: &PageRecords,
        now: OffsetDateTime,
    ) -> (UserReportRow, Vec<String>) {
        // Groups matter only to group rules.
        let groups: &[String] = match &known {
            Some(user) if active.rules.has_group_rules() => &user.groups,
            _ => &[],
        };
        let limits = user_limits(&active.rules, groups, self.tenant());
        let (mut status, mut snoozed_until) = classify(&state, limits, now);
        if status != UserStatus::Registered
            && let Some(user) = &known
        {
            // The directory says the user already has what the campaign asks for.
            let facts = facts_of(self, &user_id, Some(user));
            if matches!(
                decide(&active.rules, &facts, &state, self.tenant(), now),
                Decision::PassThrough(
                    PassReason::AlreadyRegistered | PassReason::PasskeyAlreadyUsableHere
                )
            ) {
                (status, snoozed_until) = (UserStatus::Registered, None);
            }
        }
        let exempt_until = match status {
            UserStatus::Registered => None,
            _ => records.exemption(&user_id).map(|e| e.until),
        };
        if exempt_until.is_some() {
            (status, snoozed_until) = (UserStatus::Exempt, None);
        }
        let snooze_extended_until = match status {
            UserStatus::Registered | UserStatus::Exempt => None,
            _ => records.snooze_extension(&user_id).map(|e| e.until),
        };
        if let Some(until) = snooze_extended_until {
            status = UserStatus::Snoozed;
            snoozed_until = snoozed_until.max(Some(until));
        }
        let (registered_method, source) = if state.registered_at.is_some() {
            (
                records.registered_method(&user_id),
                records.registration_source(&user_id),
            )
        } else {
            (None, None)
        };
        let history = records.nudge_history(&user_id);
        if status == UserStatus::Due
            && state == UserCampaignState::default()
            && history == super::nudge_history::NudgeHistory::default()
        {
            status = UserStatus::NotYetShown;
        }
        let (user_principal_name, display_name, groups) = match known {
            Some(user) => (user.sign_in_name, Some(user.display_name), user.groups),
            None => (None, None, Vec::new()),
        };
        let row = UserReportRow {
            user_id,
            user_principal_name,
            display_name,
            status,
            snooze_count: history.snoozes(state.snooze_count),
            shown_count: history.shown,
            skip_count: history.skipped,
            left_count: history.left(state.snooze_count),
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
        (row, groups)
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
    /// The report's order.
    pub order: UserReportOrder,
}

impl UserReportFilter {
    /// Whether the filter keeps every user.
    pub fn keeps_everyone(&self) -> bool {
        Self {
            order: UserReportOrder::default(),
            ..self.clone()
        } == Self::default()
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
