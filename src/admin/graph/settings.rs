//! `GET`/`PATCH {prefix}/registrationCampaign/settings`: the campaign settings beyond Graph,
//! with the policy's ETags, errors and audit.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{Api, GraphError, GraphJson, Reader, Writer, actor, change_error, etag, unavailable};
use crate::campaign::StoredSettings;

pub(super) async fn get_settings(api: Api, reader: Reader) -> Result<Response, GraphError> {
    let stored = api
        .campaign
        .settings()
        .await
        .map_err(|e| unavailable(&reader.ids, &e))?;
    Ok(settings_response(StatusCode::OK, &stored, &reader.root))
}

pub(super) async fn patch_settings(
    api: Api,
    Writer(writer): Writer,
    GraphJson(body): GraphJson<Value>,
) -> Result<Response, GraphError> {
    let ids = &writer.ids;
    let before = api
        .campaign
        .active_policy()
        .await
        .map_err(|e| unavailable(ids, &e))?;
    let stored = api
        .campaign
        .change_settings(
            &body,
            writer.if_match,
            &actor(&writer.principal),
            &ids.request_id,
        )
        .await
        .map_err(|error| change_error(ids, error))?;
    let mut response = settings_response(StatusCode::OK, &stored, &writer.root);
    let shift = api
        .campaign
        .shift_to_settings(&before, &stored.settings)
        .await;
    super::append_shift_warning(&mut response, shift);
    Ok(response)
}

fn settings_response(status: StatusCode, stored: &StoredSettings, root: &str) -> Response {
    let mut body = stored.settings.to_value();
    if let Some(object) = body.as_object_mut() {
        object.insert(
            "@odata.context".into(),
            Value::String(format!("{root}/$metadata#registrationCampaign/settings")),
        );
    }
    let mut response = (status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::ETAG, etag(stored.version));
    response
}
