//! `GET {prefix}/reports/registrationCampaign/users`: the per-user status report, paged by
//! keyset, filterable by status, as JSON or CSV.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Api, GraphError, Reader, unavailable};
use crate::campaign::{
    USER_REPORT_CSV_HEADER, UserReportFilter, UserReportOrder, UserReportRow, UserStatus,
};

const USER_REPORT_DEFAULT_PAGE: u32 = 100;
const USER_REPORT_MAX_PAGE: u32 = 1000;

/// The per-user status report (DESIGN.md 2a): `$top`, `$skiptoken`, `$filter` (status,
/// registeredMethod, groupId), `$search=TEXT` (in the display name or sign-in name),
/// `$orderby=displayName` (or `userId`), `$count=true`, `$format=csv`.
pub(super) async fn user_report(api: Api, reader: Reader) -> Result<Response, GraphError> {
    let query = UserReportQuery::parse(&reader.query).map_err(|message| {
        reader
            .ids
            .error(StatusCode::BAD_REQUEST, "BadRequest", message)
    })?;
    let after = query.after.as_deref();
    let (page, count) = if query.count {
        let (page, count) = api
            .campaign
            .user_report_counted(after, query.top, &query.filter)
            .await
            .map_err(|e| unavailable(&reader.ids, &e))?;
        (page, Some(count))
    } else {
        let page = api
            .campaign
            .user_report_filtered(after, query.top, &query.filter)
            .await
            .map_err(|e| unavailable(&reader.ids, &e))?;
        (page, None)
    };
    if query.csv {
        return Ok((
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"registration-campaign-users.csv\"",
                ),
            ],
            user_report_csv(&page.rows),
        )
            .into_response());
    }
    let root = &reader.root;
    let mut body = json!({
        "@odata.context": format!("{root}/$metadata#reports/registrationCampaign/users"),
    });
    if let Some(count) = count {
        let count = count.ok_or_else(|| {
            reader.ids.error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                format!(
                    "$count is answered for at most {} users; page through the report instead",
                    crate::campaign::MAX_POPULATION
                ),
            )
        })?;
        body["@odata.count"] = json!(count);
    }
    body["value"] = json!(page.rows);
    if let Some(after) = page.next_after {
        let mut next = form_urlencoded::Serializer::new(String::new());
        next.append_pair("$top", &query.top.to_string());
        next.append_pair("$skiptoken", &skip_token(&after));
        if let Some(filter) = &query.filter_text {
            next.append_pair("$filter", filter);
        }
        if let Some(search) = &query.filter.search {
            next.append_pair("$search", search);
        }
        if query.filter.order == UserReportOrder::DisplayName {
            next.append_pair("$orderby", "displayName");
        }
        body["@odata.nextLink"] = Value::String(format!(
            "{root}/reports/registrationCampaign/users?{}",
            next.finish()
        ));
    }
    Ok((StatusCode::OK, axum::Json(body)).into_response())
}

/// The user report's query options, validated.
struct UserReportQuery {
    top: u32,
    after: Option<String>,
    filter: UserReportFilter,
    /// `$filter` as given, for the next page's link.
    filter_text: Option<String>,
    csv: bool,
    count: bool,
}

impl UserReportQuery {
    fn parse(query: &str) -> Result<Self, String> {
        let mut parsed = Self {
            top: USER_REPORT_DEFAULT_PAGE,
            after: None,
            filter: UserReportFilter::default(),
            filter_text: None,
            csv: false,
            count: false,
        };
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match key.to_ascii_lowercase().as_str() {
                "$top" => {
                    parsed.top = value
                        .parse()
                        .ok()
                        .filter(|top| (1..=USER_REPORT_MAX_PAGE).contains(top))
                        .ok_or_else(|| {
                            format!("$top must be a whole number from 1 to {USER_REPORT_MAX_PAGE}, not '{value}'")
                        })?;
                }
                "$skiptoken" => {
                    parsed.after = Some(
                        read_skip_token(&value)
                            .ok_or("$skiptoken is not one this report gave out")?,
                    );
                }
                "$filter" => {
                    read_filter(&value, &mut parsed.filter)?;
                    parsed.filter_text = Some(value.trim().to_owned());
                }
                "$search" => {
                    // Graph quotes search terms: `"Heidi"`.
                    let text = value.trim().trim_matches('"').trim();
                    if text.is_empty() || text.chars().count() > 200 {
                        return Err("$search must be 1 to 200 characters".into());
                    }
                    parsed.filter.search = Some(text.to_owned());
                }
                "$orderby" => {
                    parsed.filter.order = match value.trim() {
                        "displayName" | "displayName asc" => UserReportOrder::DisplayName,
                        "userId" | "userId asc" => UserReportOrder::UserId,
                        _ => {
                            return Err(format!(
                                "unknown $orderby '{value}' (expected displayName or userId)"
                            ));
                        }
                    };
                }
                "$count" => {
                    parsed.count = match value.trim() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(format!("$count must be true or false, not '{value}'")),
                    };
                }
                "$format" => {
                    parsed.csv = match value.to_ascii_lowercase().as_str() {
                        "csv" | "text/csv" => true,
                        "json" | "application/json" => false,
                        _ => {
                            return Err(format!(
                                "unknown $format '{value}' (expected csv or json)"
                            ));
                        }
                    };
                }
                _ => {}
            }
        }
        Ok(parsed)
    }
}

/// `status eq 'required' and groupId eq 'GUID' and registeredMethod eq 'passkey'`: each
/// property at most once, joined by `and`.
fn read_filter(text: &str, filter: &mut UserReportFilter) -> Result<(), String> {
    const EXPECTED: &str = "$filter must be clauses such as status eq 'required', registeredMethod eq 'passkey' or groupId eq 'GUID', joined by and";
    for clause in text.trim().split(" and ") {
        let (property, rest) = clause.trim().split_once(" eq '").ok_or(EXPECTED)?;
        let value = rest
            .strip_suffix('\'')
            .filter(|v| !v.contains('\''))
            .ok_or(EXPECTED)?;
        let slot = match property.trim() {
            "status" => {
                let status = UserStatus::parse(value).ok_or_else(|| {
                    format!("unknown status '{value}' (expected snoozed, due, required, registered, exempt or notYetShown)")
                })?;
                filter.status.replace(status).is_some()
            }
            "registeredMethod" => filter.registered_method.replace(value.to_owned()).is_some(),
            "groupId" if crate::policy::is_directory_object_id(value) => filter
                .group_id
                .replace(value.to_ascii_lowercase())
                .is_some(),
            "groupId" => {
                return Err(format!(
                    "groupId must be a group object id (a GUID), not '{value}'"
                ));
            }
            _ => return Err(EXPECTED.into()),
        };
        if slot {
            return Err(format!("$filter names {} twice", property.trim()));
        }
    }
    Ok(())
}

/// An opaque page token: the last user id of the page, base64url.
fn skip_token(after: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("u:{after}"))
}

fn read_skip_token(token: &str) -> Option<String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("u:")
        .map(str::to_owned)
}

fn user_report_csv(rows: &[UserReportRow]) -> String {
    let mut csv = String::from(USER_REPORT_CSV_HEADER);
    for row in rows {
        csv.push_str(&row.csv_line());
    }
    csv
}
