//! Enrollment by code (`docs/device-protocol.md`, section 3a) through the layer: what the short
//! URL accepts and refuses.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use crate::support::element_text;
use crate::support::harness::{ALICE, Harness, harness, json_post};

/// Walks Alice to the scan step; returns the short URL's path and the code as shown.
async fn short_code(h: &Harness) -> (String, String) {
    let (cookie, csrf) = h.nudged(&format!("user={ALICE}")).await;
    let cookie = h.next_to_scan(cookie, &format!("csrf={csrf}")).await;
    let scan = h.get("/registration-campaign", &cookie).await.body;
    let url = element_text(&scan, "enrollment-url").unwrap();
    let code = element_text(&scan, "enrollment-code").unwrap();
    let path = url[url.find("/registration-campaign/d/").unwrap()..].to_owned();
    (path, code)
}

fn error_code(body: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    value["error"]["code"].as_str().unwrap_or("").to_owned()
}

#[tokio::test]
async fn the_short_url_takes_the_code_as_typed_once() {
    let h = harness(json!({})).await;
    let (path, code) = short_code(&h).await;
    let typed = format!("{}-{}", &code[..7], &code[8..]);
    let lower = path.to_ascii_lowercase();
    let redeemed = h.send(json_post(&lower, &json!({"code": typed}))).await;
    assert_eq!(redeemed.status, StatusCode::OK, "{}", redeemed.body);
    let uri: serde_json::Value = serde_json::from_str(&redeemed.body).unwrap();
    assert!(
        uri["enrollmentUri"]
            .as_str()
            .unwrap()
            .starts_with("rcpush://enroll?v=1&server=http%3A%2F%2Flocalhost%2Fregistration-campaign%2Fdevice%2Fv1&credential=")
    );
    let again = h.send(json_post(&path, &json!({"code": code}))).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&again.body), "unknownCode");
}

#[tokio::test]
async fn the_short_url_refuses_what_is_not_a_code_and_changes_nothing() {
    let h = harness(json!({})).await;
    let (path, code) = short_code(&h).await;
    let wrong_slot = format!("{}22222Z", &path[..path.len() - 6]);
    for (request, status, error) in [
        (
            json_post(&path, &json!({"code": "12345678"})),
            StatusCode::BAD_REQUEST,
            "badCode",
        ),
        (
            json_post(&path, &json!({"code": code, "extra": 1})),
            StatusCode::BAD_REQUEST,
            "malformedRequest",
        ),
        (
            json_post(&wrong_slot, &json!({"code": code})),
            StatusCode::NOT_FOUND,
            "unknownCode",
        ),
        (
            json_post("/registration-campaign/d/0", &json!({"code": code})),
            StatusCode::NOT_FOUND,
            "unknownCode",
        ),
        (
            Request::post(&path)
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from(format!("{{\"code\":\"{code}\"}}")))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "malformedRequest",
        ),
    ] {
        let reply = h.send(request).await;
        assert_eq!(reply.status, status, "{}", reply.body);
        assert_eq!(error_code(&reply.body), error);
    }
    // Still redeemable after all of that.
    let redeemed = h.send(json_post(&path, &json!({"code": code}))).await;
    assert_eq!(redeemed.status, StatusCode::OK, "{}", redeemed.body);
}
