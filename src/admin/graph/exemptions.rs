//! `PUT`/`DELETE {prefix}/registrationCampaign/users/{id}/exemption`: an admin exempts one
//! user until a date, with a reason (DESIGN.md 2a), audited like policy changes.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Api, GraphError, GraphJson, Writer, actor, unavailable};
use crate::campaign::ExemptionError;

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
    let until = object
        .get("until")
        .and_then(Value::as_str)
        .and_then(|text| OffsetDateTime::parse(text, &Rfc3339).ok())
        .ok_or_else(|| {
            bad("until: must be an RFC 3339 date-time such as 2027-01-15T00:00:00Z".into())
        })?;
    let reason = object
        .get("reason")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("reason: is required (1 to 200 characters)".into()))?;
    api.campaign
        .knows_user(&id)
        .await
        .map_err(|e| unavailable(ids, &e))?
        .then_some(())
        .ok_or_else(|| unknown_user(&writer, &id))?;
    match api
        .campaign
        .exempt(&id, until, reason, &actor(&writer.principal))
        .await
    {
        Ok(_) => {}
        Err(ExemptionError::Store(e)) => return Err(unavailable(ids, &e)),
        Err(refused) => return Err(bad(refused.to_string())),
    }
    let row = api
        .campaign
        .user_report_row(&id)
        .await
        .map_err(|e| unavailable(ids, &e))?;
    Ok((StatusCode::OK, axum::Json(row)).into_response())
}

/// `DELETE …/users/{id}/exemption` → 204, also when the user had none.
pub(super) async fn delete_exemption(
    api: Api,
    Writer(writer): Writer,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    let ids = &writer.ids;
    if !api
        .campaign
        .knows_user(&id)
        .await
        .map_err(|e| unavailable(ids, &e))?
    {
        return Err(unknown_user(&writer, &id));
    }
    api.campaign
        .remove_exemption(&id, &actor(&writer.principal))
        .await
        .map_err(|e| unavailable(ids, &e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn unknown_user(writer: &super::Reader, id: &str) -> GraphError {
    writer.ids.error(
        StatusCode::NOT_FOUND,
        "itemNotFound",
        format!("No user {id:?} is known to the directory or the campaign."),
    )
}
