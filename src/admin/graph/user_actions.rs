//! An admin's actions on one user under `{prefix}/registrationCampaign/users/{id}` (DESIGN.md
//! 2a), writers only, each audited like policy changes:
//! - `PUT`/`DELETE …/exemption`: exempt until a date, with a reason; end it.
//! - `POST …/resetSnoozes`: every skip again, nudged at the next sign-in.
//! - `POST …/snooze` with `{"until"}`: a snooze until then (not a skip: neither nudged nor
//!   required before it); `DELETE …/snooze` ends it.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Api, GraphError, GraphJson, Writer, actor, unavailable};
use crate::campaign::{ExemptionError, SnoozeExtensionError};

/// `PUT …/users/{id}/exemption` with `{"until": RFC 3339, "reason": "…"}` → 200 and the
/// user's report row.
pub(super) async fn put_exemption(
    api: Api,
    Writer(writer): Writer,
    Path(id): Path<String>,
    GraphJson(body): GraphJson<Value>,
) -> Result<Response, GraphError> {
    let ids = &writer.ids;
    let bad = |message: String| ids.error(StatusCode::BAD_REQUEST, "BadRequest", message);
    let Some(object) = body.as_object() else {
        return Err(bad("the request body must be a JSON object".into()));
    };
    if let Some(unknown) = object
        .keys()
        .find(|k| !["until", "reason"].contains(&k.as_str()))
    {
        return Err(bad(format!(
            "{unknown}: unknown property (expected until and reason)"
        )));
    }
    let until = read_until(object).ok_or_else(|| bad(UNTIL_EXPECTED.into()))?;
    let reason = object
        .get("reason")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("reason: is required (1 to 200 characters)".into()))?;
    known(&api, &writer, &id).await?;
    match api
        .campaign
        .exempt(&id, until, reason, &actor(&writer.principal))
        .await
    {
        Ok(_) => {}
        Err(ExemptionError::Store(e)) => return Err(unavailable(ids, &e)),
        Err(refused) => return Err(bad(refused.to_string())),
    }
    report_row(&api, &writer, &id).await
}

/// `DELETE …/users/{id}/exemption` → 204, also when the user had none.
pub(super) async fn delete_exemption(
    api: Api,
    Writer(writer): Writer,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    known(&api, &writer, &id).await?;
    api.campaign
        .remove_exemption(&id, &actor(&writer.principal))
        .await
        .map_err(|e| unavailable(&writer.ids, &e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST …/users/{id}/resetSnoozes` (no body, or `{}`) → 200 and the user's report row.
pub(super) async fn reset_snoozes(
    api: Api,
    Writer(writer): Writer,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    known(&api, &writer, &id).await?;
    api.campaign
        .reset_snoozes(&id, &actor(&writer.principal))
        .await
        .map_err(|e| unavailable(&writer.ids, &e))?;
    report_row(&api, &writer, &id).await
}

/// `POST …/users/{id}/snooze` with `{"until": RFC 3339}` (at most 90 days ahead) → 200 and
/// the user's report row.
pub(super) async fn snooze(
    api: Api,
    Writer(writer): Writer,
    Path(id): Path<String>,
    GraphJson(body): GraphJson<Value>,
) -> Result<Response, GraphError> {
    let ids = &writer.ids;
    let bad = |message: String| ids.error(StatusCode::BAD_REQUEST, "BadRequest", message);
    let Some(object) = body.as_object() else {
        return Err(bad("the request body must be a JSON object".into()));
    };
    if let Some(unknown) = object.keys().find(|k| k.as_str() != "until") {
        return Err(bad(format!("{unknown}: unknown property (expected until)")));
    }
    let until = read_until(object).ok_or_else(|| bad(UNTIL_EXPECTED.into()))?;
    known(&api, &writer, &id).await?;
    match api
        .campaign
        .extend_snooze(&id, until, &actor(&writer.principal))
        .await
    {
        Ok(_) => {}
        Err(SnoozeExtensionError::Store(e)) => return Err(unavailable(ids, &e)),
        Err(refused) => return Err(bad(refused.to_string())),
    }
    report_row(&api, &writer, &id).await
}

/// `DELETE …/users/{id}/snooze` → 204 (an admin's snooze ends), also when none ran.
pub(super) async fn delete_snooze(
    api: Api,
    Writer(writer): Writer,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    known(&api, &writer, &id).await?;
    api.campaign
        .remove_snooze_extension(&id, &actor(&writer.principal))
        .await
        .map_err(|e| unavailable(&writer.ids, &e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

const UNTIL_EXPECTED: &str = "until: must be an RFC 3339 date-time such as 2027-01-15T00:00:00Z";

fn read_until(object: &serde_json::Map<String, Value>) -> Option<OffsetDateTime> {
    object
        .get("until")
        .and_then(Value::as_str)
        .and_then(|text| OffsetDateTime::parse(text, &Rfc3339).ok())
}

/// Refuses with 404 a user neither the directory nor the campaign knows.
async fn known(api: &Api, writer: &super::Reader, id: &str) -> Result<(), GraphError> {
    let known = api
        .campaign
        .knows_user(id)
        .await
        .map_err(|e| unavailable(&writer.ids, &e))?;
    if known {
        Ok(())
    } else {
        Err(unknown_user(writer, id))
    }
}

/// 200 with the user's row of the per-user report, as it is after the action.
async fn report_row(api: &Api, writer: &super::Reader, id: &str) -> Result<Response, GraphError> {
    let row = api
        .campaign
        .user_report_row(id)
        .await
        .map_err(|e| unavailable(&writer.ids, &e))?;
    Ok((StatusCode::OK, axum::Json(row)).into_response())
}

fn unknown_user(writer: &super::Reader, id: &str) -> GraphError {
    writer.ids.error(
        StatusCode::NOT_FOUND,
        "itemNotFound",
        format!("No user {id:?} is known to the directory or the campaign."),
    )
}
