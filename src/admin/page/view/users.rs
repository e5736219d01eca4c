//! The user table section: one page of the per-user report, its status filters, the next
//! page and the CSV.

use crate::admin::page::words::{When, method_in_words};
use crate::admin::page::{PageState, USERS_PER_PAGE};
use crate::campaign::{UserReportFilter, UserReportOrder, UserReportRow, UserStatus};
use crate::locale::Texts;
use crate::policy::TargetType;

/// The user table: one page, its filter and where the next page is.
pub(super) struct UsersView {
    pub(super) filters: Vec<FilterLink>,
    /// The status shown (`snoozed`, ...), or `all`: messages choose their words by it.
    pub(super) status: &'static str,
    /// "3 snoozed users", "1 user", and how many in all when the report can count them.
    pub(super) caption: String,
    /// The name searched for (empty: none).
    pub(super) search: String,
    /// The page's own URL (the search form's action).
    pub(super) action: String,
    pub(super) rows: Vec<UserRow>,
    pub(super) next: Option<String>,
    pub(super) csv: String,
    /// The same CSV for a spreadsheet in the admin's language.
    pub(super) csv_excel: String,
    pub(super) unavailable: bool,
    /// What an exemption's grant or removal says.
    pub(super) notice: Option<String>,
    /// Whether the notice says why nothing changed.
    pub(super) notice_is_error: bool,
}

/// A status filter link of the user table.
pub(super) struct FilterLink {
    pub(super) label: String,
    pub(super) href: String,
    pub(super) current: bool,
}

/// A row of the user table.
pub(super) struct UserRow {
    pub(super) user_id: String,
    pub(super) name: Option<String>,
    pub(super) status: String,
    /// Whether resetting the user's snoozes would change anything (the button is offered).
    pub(super) resettable: bool,
    pub(super) shown_count: u32,
    pub(super) skip_count: u32,
    pub(super) left_count: u32,
    pub(super) last_shown_at: Option<When>,
    pub(super) snoozed_until: Option<When>,
    pub(super) registered_at: Option<When>,
    pub(super) registered_method: String,
    /// When the user's exemption ends, if one runs.
    pub(super) exempt_until: Option<When>,
    /// Whether an admin extended the user's snooze (ending it is offered).
    pub(super) snooze_extended: bool,
}

/// The user table's query: a status filter and the user id to continue after.
#[derive(Debug, Default, serde::Deserialize)]
pub(in crate::admin::page) struct UsersQuery {
    #[serde(default)]
    pub(in crate::admin::page) status: Option<String>,
    #[serde(default)]
    pub(in crate::admin::page) after: Option<String>,
    /// A name (display or sign-in) to search for.
    #[serde(default)]
    pub(in crate::admin::page) q: Option<String>,
}

impl UsersQuery {
    pub(in crate::admin::page) fn status(&self) -> Option<UserStatus> {
        self.status.as_deref().and_then(UserStatus::parse)
    }
}

pub(super) async fn users_view(
    state: &PageState,
    mount: &str,
    query: &UsersQuery,
    t: &Texts,
) -> UsersView {
    let status = query.status();
    let search = query
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| q.chars().take(200).collect::<String>());
    let link = |status: Option<UserStatus>, after: Option<&str>, path: &str| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(s) = status {
            q.append_pair("status", s.as_str());
        }
        if let Some(search) = &search {
            q.append_pair("q", search);
        }
        if let Some(after) = after {
            q.append_pair("after", after);
        }
        let q = q.finish();
        let q = if q.is_empty() { q } else { format!("?{q}") };
        format!("{}{q}", page_url(mount, path))
    };
    let filters = [
        ("admin-users-all", None),
        ("admin-status-snoozed", Some(UserStatus::Snoozed)),
        ("admin-status-due", Some(UserStatus::Due)),
        ("admin-status-required", Some(UserStatus::Required)),
        ("admin-status-registered", Some(UserStatus::Registered)),
        ("admin-status-exempt", Some(UserStatus::Exempt)),
        ("admin-status-notYetShown", Some(UserStatus::NotYetShown)),
    ]
    .into_iter()
    .map(|(label, s)| FilterLink {
        label: t.text(label),
        href: format!("{}#users-heading", link(s, None, "")),
        current: s == status,
    })
    .collect();
    let status_key = status.map_or("all", UserStatus::as_str);
    // With a directory that lists its users, the table covers all of them, by name.
    let listed = state.campaign.directory_lists_users().await;
    let filter = UserReportFilter {
        status,
        search: search.clone(),
        order: if listed {
            UserReportOrder::DisplayName
        } else {
            UserReportOrder::UserId
        },
        ..UserReportFilter::default()
    };
    // With a listing directory the total comes from the same walk as the page.
    let after = query.after.as_deref();
    let (page, total) = if listed {
        match state
            .campaign
            .user_report_counted(after, USERS_PER_PAGE, &filter)
            .await
        {
            Ok((page, total)) => (Ok(page), total),
            Err(e) => (Err(e), None),
        }
    } else {
        let page = state
            .campaign
            .user_report_filtered(after, USERS_PER_PAGE, &filter)
            .await;
        (page, None)
    };
    let (rows, next, unavailable) = match page {
        Ok(page) => {
            let rows = page
                .rows
                .into_iter()
                .map(|row| user_row(state, row, t))
                .collect();
            let next = page
                .next_after
                .map(|after| format!("{}#users-heading", link(status, Some(&after), "")));
            (rows, next, false)
        }
        Err(e) => {
            tracing::error!(error = %e, "admin page: the user report is unavailable");
            (Vec::new(), None, true)
        }
    };
    let mut caption = t
        .fmt("admin-users-caption")
        .arg("status", status_key)
        .num("count", rows.len())
        .plain();
    if let Some(total) = total {
        caption.push(' ');
        caption.push_str(&t.fmt("admin-users-total").num("total", total).plain());
    }
    UsersView {
        filters,
        status: status_key,
        caption,
        search: search.clone().unwrap_or_default(),
        action: format!("{}#users-heading", page_url(mount, "")),
        rows,
        next,
        csv: link(status, None, "/users.csv"),
        csv_excel: {
            let csv = link(status, None, "/users.csv");
            let joiner = if csv.contains('?') { '&' } else { '?' };
            format!("{csv}{joiner}excel=1")
        },
        unavailable,
        notice: None,
        notice_is_error: false,
    }
}

/// The URL of `path` under the page's mount (`""`: the page itself, as it is routed both
/// nested, `/admin`, and at the root, `/`).
pub(super) fn page_url(mount: &str, path: &str) -> String {
    match (mount, path) {
        ("", "") => "/".to_owned(),
        (mount, path) => format!("{mount}{path}"),
    }
}

fn user_row(state: &PageState, row: UserReportRow, t: &Texts) -> UserRow {
    UserRow {
        name: state
            .directory
            .as_ref()
            .and_then(|d| d.display_name(TargetType::User, &row.user_id))
            .or_else(|| row.display_name.clone()),
        user_id: row.user_id,
        status: t.text(match row.status {
            UserStatus::Snoozed => "admin-status-snoozed",
            UserStatus::Due => "admin-status-due",
            UserStatus::Required => "admin-status-required",
            UserStatus::Registered => "admin-status-registered",
            UserStatus::Exempt => "admin-status-exempt",
            UserStatus::NotYetShown => "admin-status-notYetShown",
        }),
        resettable: row.snooze_count > 0
            && !matches!(row.status, UserStatus::Registered | UserStatus::Exempt),
        shown_count: row.shown_count,
        skip_count: row.skip_count,
        left_count: row.left_count,
        last_shown_at: row.last_shown_at.map(|at| When::at(at, t)),
        snoozed_until: row.snoozed_until.map(|at| When::at(at, t)),
        registered_at: row.registered_at.map(|at| When::at(at, t)),
        exempt_until: row.exempt_until.map(|at| When::at(at, t)),
        snooze_extended: row.snooze_extended_until.is_some(),
        registered_method: row
            .registered_method
            .map(|method| method_in_words(&method, t))
            .unwrap_or_default(),
    }
}
