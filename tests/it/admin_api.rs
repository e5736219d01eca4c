//! The Graph-compatible admin API: every status code, every scope/role combination, every way a
//! token can be wrong, audit log, report and what-if.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ed25519_dalek::pkcs8::{EncodePrivateKey, EncodePublicKey};
use http_body_util::BodyExt;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use registration_campaign::admin::{
    AUTHENTICATION_POLICY_ADMINISTRATOR, AdminAuth, GLOBAL_ADMINISTRATOR, GLOBAL_READER, graph_api,
};
use registration_campaign::funnel::FunnelEvent;
use registration_campaign::store::MemoryStore;
use registration_campaign::{Campaign, ManualClock};
use serde_json::{Value, json};
use time::macros::datetime;
use tower::ServiceExt;

use crate::support::Reply;
use crate::support::admin::*;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn campaign_patch(fields: Value) -> String {
    json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": fields}})
        .to_string()
}

#[tokio::test]
async fn a_configured_public_origin_is_used_for_odata_links_whatever_the_host_header() {
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-28 09:00 UTC)));
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .clock(clock)
        .public_origin("https://login.contoso.test/")
        .build();
    let auth = AdminAuth::hs256(SECRET, ISSUER, AUDIENCE);
    let app = Router::new().nest("/v1.0", graph_api(campaign.clone(), auth));
    let api = Api { app, campaign };
    let reply = api.get(POLICY, &writer()).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.json());
    let body = reply.json();
    assert_eq!(
        body["@odata.context"],
        "https://login.contoso.test/v1.0/$metadata#authenticationMethodsPolicy"
    );
}

#[tokio::test]
async fn get_returns_the_policy_with_odata_context_and_etag() {
    let api = api();
    let reply = api.get(POLICY, &writer()).await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    assert_eq!(
        body["@odata.context"],
        "http://graph.test/v1.0/$metadata#authenticationMethodsPolicy"
    );
    assert_eq!(body["id"], "authenticationMethodsPolicy");
    assert_eq!(
        body["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]["state"],
        "default"
    );
    assert_eq!(reply.headers[header::ETAG], "W/\"0\"");
    assert!(reply.headers.contains_key("request-id"));
    let beta = api
        .get("/beta/policies/authenticationMethodsPolicy", &writer())
        .await;
    assert_eq!(
        beta.json()["@odata.context"],
        "http://graph.test/beta/$metadata#authenticationMethodsPolicy"
    );
}

#[tokio::test]
async fn path_segments_match_case_insensitively() {
    let api = api();
    for path in [
        "/v1.0/policies/authenticationmethodspolicy",
        "/v1.0/Policies/AuthenticationMethodsPolicy",
        "/v1.0/POLICIES/AUTHENTICATIONMETHODSPOLICY/",
    ] {
        assert_eq!(
            api.get(path, &writer()).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    let lower = "/v1.0/policies/authenticationmethodspolicy/authenticationmethodconfigurations/microsoftauthenticator";
    assert_eq!(api.get(lower, &writer()).await.status, StatusCode::OK);
}

#[tokio::test]
async fn every_graph_sample_patch_with_real_ids_is_accepted() {
    let api = api();
    for name in [
        "patch-request-beta.json",
        "patch-request-v1.0.json",
        "patch-request-entra-all-users-authenticator.json",
        "patch-request-system-credential-preferences.json",
    ] {
        let reply = api
            .patch(POLICY, &writer(), &fixture(&format!("graph/{name}")))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{name}: {}",
            reply.body.clone()
        );
        assert_eq!(
            reply.json()["@odata.context"],
            "http://graph.test/v1.0/$metadata#authenticationMethodsPolicy"
        );
    }
    let policy = api.get(POLICY, &writer()).await.json();
    assert_eq!(
        policy["systemCredentialPreferences"]["state"], "enabled",
        "kept as sent"
    );
}

#[tokio::test]
async fn a_rejected_patch_leaves_the_policy_byte_identical() {
    let api = api();
    api.patch(
        POLICY,
        &writer(),
        &campaign_patch(json!({"state": "enabled"})),
    )
    .await;
    let before = api.get(POLICY, &writer()).await.body;
    let placeholder = fixture("graph/patch-request-entra-include-specific.json");
    let huge = format!("{{\"description\": \"{}\"}}", "x".repeat(70_000));
    let cases: Vec<(&str, String, StatusCode, &str, &str)> = vec![
        (
            "application/json",
            campaign_patch(json!({"snoozeDurationInDays": 15})),
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "snoozeDurationInDays",
        ),
        (
            "application/json",
            campaign_patch(json!({"snoozeDurationInDays": "3"})),
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "snoozeDurationInDays",
        ),
        (
            "application/json",
            campaign_patch(json!({"state": "sometimes"})),
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "state",
        ),
        (
            "application/json",
            json!({"nudgeEveryone": true}).to_string(),
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "nudgeEveryone",
        ),
        (
            "application/json",
            placeholder,
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "includeTargets[0].id",
        ),
        (
            "application/json",
            "{\"registrationEnforcement\": ".into(),
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "not valid JSON",
        ),
        (
            "application/json",
            "".into(),
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "empty",
        ),
        (
            "application/json",
            "[1, 2]".into(),
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "JSON object",
        ),
        (
            "text/plain",
            campaign_patch(json!({"state": "disabled"})),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            "application/json",
        ),
        (
            "application/json",
            huge,
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            "larger than",
        ),
    ];
    for (content_type, body, status, code, mention) in cases {
        let reply = api
            .call(
                "PATCH",
                POLICY,
                Some(&writer()),
                Some(content_type),
                &body,
                None,
            )
            .await;
        assert_eq!(reply.status, status, "{}", &body[..body.len().min(80)]);
        assert_eq!(reply.error_code(), code);
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(mention), "{message}");
        assert!(reply.json()["error"]["innerError"]["request-id"].is_string());
        assert!(reply.json()["error"]["innerError"]["date"].is_string());
        assert_eq!(
            api.get(POLICY, &writer()).await.body,
            before,
            "nothing changed"
        );
    }
    let (audit, _) = api.campaign.audit_log(0, 100).await.unwrap();
    assert_eq!(audit.len(), 1, "only the accepted change is audited");
}

#[tokio::test]
async fn if_match_prevents_lost_updates() {
    let api = api();
    let etag = api.get(POLICY, &writer()).await.headers[header::ETAG]
        .to_str()
        .unwrap()
        .to_owned();
    let first = api
        .call(
            "PATCH",
            POLICY,
            Some(&writer()),
            Some("application/json"),
            &campaign_patch(json!({"snoozeDurationInDays": 3})),
            Some(&etag),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.headers[header::ETAG], "W/\"1\"");
    let second = api
        .call(
            "PATCH",
            POLICY,
            Some(&writer()),
            Some("application/json"),
            &campaign_patch(json!({"snoozeDurationInDays": 5})),
            Some(&etag),
        )
        .await;
    assert_eq!(second.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(second.error_code(), "PreconditionFailed");
    let policy = api.get(POLICY, &writer()).await.json();
    assert_eq!(
        policy["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]["snoozeDurationInDays"],
        3
    );
    let any = api
        .call(
            "PATCH",
            POLICY,
            Some(&writer()),
            Some("application/json"),
            &campaign_patch(json!({"snoozeDurationInDays": 5})),
            Some("*"),
        )
        .await;
    assert_eq!(any.status, StatusCode::OK);
}

#[tokio::test]
async fn the_authenticator_configuration_has_its_own_get_and_patch() {
    let api = api();
    let reply = api.get(AUTHENTICATOR, &writer()).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json()["@odata.type"],
        "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration"
    );
    let patch = json!({"@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration",
        "includeTargets": [{"id": "all_users", "targetType": "group", "authenticationMode": "deviceBasedPush"}]});
    let reply = api
        .patch(AUTHENTICATOR, &writer(), &patch.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.body.is_empty());
    let after = api.get(AUTHENTICATOR, &writer()).await.json();
    assert_eq!(
        after["includeTargets"][0]["authenticationMode"],
        "deviceBasedPush"
    );
    let bad = api.patch(AUTHENTICATOR, &writer(), &json!({"includeTargets": [{"id": "all_users", "targetType": "group", "authenticationMode": "pin"}]}).to_string()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("authenticationMode")
    );
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods_get_404_and_405() {
    let api = api();
    assert_eq!(
        api.get("/v1.0/policies/somethingElse", &writer())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get("/v1.0/policies/somethingElse", &writer())
            .await
            .error_code(),
        "itemNotFound"
    );
    let post = api
        .call(
            "POST",
            POLICY,
            Some(&writer()),
            Some("application/json"),
            "{}",
            None,
        )
        .await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(post.headers[header::ALLOW], "GET, PATCH");
    // A method configuration takes DELETE too (issue 11: back to Graph's default).
    let post = api
        .call("POST", AUTHENTICATOR, Some(&writer()), None, "", None)
        .await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(post.headers[header::ALLOW], "GET, PATCH, DELETE");
}

const METHODS: &str =
    "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations";

/// Reproduction (issue 11, item 5): Microsoft's Graph SDKs list the method configurations and
/// address each by id; only the Authenticator answered, and DELETE was refused.
#[tokio::test]
async fn every_method_configuration_graph_defines_is_addressable_in_any_case() {
    let api = api();
    let list = api.get(METHODS, &writer()).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body.clone());
    let list = list.json();
    assert!(list["@odata.context"].as_str().unwrap().ends_with(
        "/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations"
    ));
    let ids: Vec<&str> = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for id in [
        "Fido2",
        "MicrosoftAuthenticator",
        "Sms",
        "Voice",
        "Email",
        "SoftwareOath",
        "TemporaryAccessPass",
        "X509Certificate",
        "HardwareOath",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
        for spelling in [id.to_owned(), id.to_lowercase(), id.to_uppercase()] {
            let one = api.get(&format!("{METHODS}/{spelling}"), &writer()).await;
            assert_eq!(one.status, StatusCode::OK, "{spelling}");
            assert_eq!(one.json()["id"], id, "{spelling}");
        }
    }
    let unknown = api
        .get(&format!("{METHODS}/carrierPigeon"), &writer())
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json()["error"]["code"], "itemNotFound");
    let unknown = api
        .patch(
            &format!("{METHODS}/carrierPigeon"),
            &writer(),
            r#"{"state":"enabled"}"#,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // PATCH changes one, DELETE brings it back to Graph's default, both with 204.
    let sms = format!("{METHODS}/sms");
    assert_eq!(api.get(&sms, &writer()).await.json()["state"], "disabled");
    let patched = api.patch(&sms, &writer(), r#"{"state":"enabled"}"#).await;
    assert_eq!(patched.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get(&sms, &writer()).await.json()["state"], "enabled");
    let policy = api.get(POLICY, &writer()).await.json();
    let stored = policy["authenticationMethodConfigurations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "Sms")
        .cloned()
        .unwrap();
    assert_eq!(stored["state"], "enabled", "kept in the policy document");
    let deleted = api
        .call("DELETE", &sms, Some(&writer()), None, "", None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get(&sms, &writer()).await.json()["state"], "disabled");

    // DELETE of the Authenticator brings back a new tenant's: enabled for all users, any mode.
    let patch = json!({"state": "disabled", "includeTargets": [{"id": "all_users", "targetType": "group", "authenticationMode": "push"}]});
    api.patch(AUTHENTICATOR, &writer(), &patch.to_string())
        .await;
    assert!(
        !api.campaign
            .active_policy()
            .await
            .unwrap()
            .policy
            .authenticator()
            .enabled
    );
    let deleted = api
        .call("DELETE", AUTHENTICATOR, Some(&writer()), None, "", None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let authenticator = api.get(AUTHENTICATOR, &writer()).await.json();
    assert_eq!(authenticator["state"], "enabled");
    assert_eq!(
        authenticator["includeTargets"][0]["authenticationMode"],
        "any"
    );
    let audit = api
        .get("/v1.0/auditLogs/registrationCampaign", &writer())
        .await
        .json();
    assert_eq!(
        audit["value"][0]["target"],
        "authenticationMethodConfigurations/MicrosoftAuthenticator"
    );
    assert_eq!(
        audit["value"][2]["target"],
        "authenticationMethodConfigurations/Sms"
    );
}

#[tokio::test]
async fn responses_carry_graphs_full_shape_with_defaults() {
    let api = api();
    let policy = api.get(POLICY, &writer()).await.json();
    assert_eq!(policy["displayName"], "Authentication Methods Policy");
    assert!(
        policy["description"]
            .as_str()
            .unwrap()
            .starts_with("The tenant-wide policy")
    );
    assert_eq!(policy["policyVersion"], "1.5");
    let authenticator = api.get(AUTHENTICATOR, &writer()).await.json();
    assert_eq!(authenticator["isSoftwareOathEnabled"], false);
    for feature in [
        "companionAppAllowedState",
        "numberMatchingRequiredState",
        "displayAppInformationRequiredState",
        "displayLocationInformationRequiredState",
    ] {
        assert!(
            authenticator["featureSettings"][feature]["state"].is_string(),
            "{feature}: {authenticator}"
        );
    }
}

#[tokio::test]
async fn a_fido2_configuration_reads_back_as_it_was_sent_plus_defaults() {
    let api = api();
    let sent: Value = serde_json::from_str(&fixture(
        "graph/fido2-configuration-patch-passkey-profiles.json",
    ))
    .unwrap();
    let reply = api
        .patch(&format!("{METHODS}/Fido2"), &writer(), &sent.to_string())
        .await;
    assert_eq!(
        reply.status,
        StatusCode::NO_CONTENT,
        "{}",
        reply.body.clone()
    );
    let read = api.get(&format!("{METHODS}/fido2"), &writer()).await.json();
    for (key, value) in sent.as_object().unwrap() {
        assert_eq!(&read[key], value, "{key}");
    }
    assert_eq!(read["id"], "Fido2");
    assert_eq!(read["isAttestationEnforced"], false, "a default Graph adds");
}

#[tokio::test]
async fn every_scope_and_role_combination_is_authorized_as_graph_does() {
    let api = api();
    // (claims, may read, may write)
    let cases = [
        (
            json!({"scp": "Policy.Read.AuthenticationMethod", "wids": [GLOBAL_READER]}),
            true,
            false,
        ),
        (
            json!({"scp": "Policy.Read.All", "wids": [GLOBAL_READER]}),
            true,
            false,
        ),
        (
            json!({"scp": "Policy.Read.All", "wids": [GLOBAL_ADMINISTRATOR]}),
            true,
            false,
        ),
        (
            json!({"scp": "Policy.ReadWrite.AuthenticationMethod", "wids": [AUTHENTICATION_POLICY_ADMINISTRATOR]}),
            true,
            true,
        ),
        (
            json!({"scp": "Policy.ReadWrite.AuthenticationMethod", "wids": [GLOBAL_ADMINISTRATOR]}),
            true,
            true,
        ),
        (
            json!({"scp": "Policy.ReadWrite.AuthenticationMethod", "wids": [GLOBAL_READER]}),
            true,
            false,
        ),
        (
            json!({"scp": "Policy.ReadWrite.AuthenticationMethod"}),
            false,
            false,
        ),
        (
            json!({"scp": "User.Read Policy.Read.AuthenticationMethod", "wids": [AUTHENTICATION_POLICY_ADMINISTRATOR]}),
            true,
            false,
        ),
        (
            json!({"scp": "User.Read", "wids": [GLOBAL_ADMINISTRATOR]}),
            false,
            false,
        ),
        (
            json!({"scp": "", "wids": [GLOBAL_ADMINISTRATOR]}),
            false,
            false,
        ),
        (
            json!({"roles": ["Policy.ReadWrite.AuthenticationMethod"]}),
            true,
            true,
        ),
        (json!({"roles": ["Policy.Read.All"]}), true, false),
        (
            json!({"roles": ["Policy.Read.AuthenticationMethod"]}),
            true,
            false,
        ),
        (json!({"roles": ["User.Read.All"]}), false, false),
        (json!({}), false, false),
        // A delegated token is judged by its scopes only, whatever roles it also carries.
        (
            json!({"scp": "User.Read", "roles": ["Policy.ReadWrite.AuthenticationMethod"], "wids": [GLOBAL_ADMINISTRATOR]}),
            false,
            false,
        ),
    ];
    for (extra, read, write) in cases {
        let token = hs256(&claims(extra.clone()));
        let got = api.get(POLICY, &token).await;
        assert_eq!(got.status == StatusCode::OK, read, "read with {extra}");
        if !read {
            assert_eq!(got.status, StatusCode::FORBIDDEN);
            assert_eq!(got.error_code(), "Authorization_RequestDenied");
            assert_eq!(
                got.json()["error"]["message"],
                "Insufficient privileges to complete the operation."
            );
        }
        let patched = api
            .patch(
                POLICY,
                &token,
                &campaign_patch(json!({"snoozeDurationInDays": 2})),
            )
            .await;
        assert_eq!(
            patched.status == StatusCode::OK,
            write,
            "write with {extra}"
        );
        if !write {
            assert_eq!(patched.status, StatusCode::FORBIDDEN, "write with {extra}");
        }
        for path in [
            "/v1.0/auditLogs/registrationCampaign",
            "/v1.0/reports/registrationCampaign",
        ] {
            assert_eq!(
                api.get(path, &token).await.status == StatusCode::OK,
                read,
                "{path} with {extra}"
            );
        }
    }
}

fn assert_401(reply: &Reply, why: &str) {
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{why}");
    assert_eq!(reply.error_code(), "InvalidAuthenticationToken", "{why}");
    let challenge = reply.headers[header::WWW_AUTHENTICATE].to_str().unwrap();
    assert!(
        challenge.starts_with("Bearer error=\"invalid_token\", error_description=\"access token "),
        "{why}: {challenge}"
    );
}

/// A writer's claims with `extra` added or replacing.
fn writer_claims_with(extra: Value) -> Value {
    let scope = json!({"scp": "Policy.ReadWrite.AuthenticationMethod", "wids": [AUTHENTICATION_POLICY_ADMINISTRATOR]});
    let mut c = claims(scope);
    c.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    c
}

#[tokio::test]
async fn bad_tokens_are_all_refused_with_401() {
    let api = api();
    let scope = json!({"scp": "Policy.ReadWrite.AuthenticationMethod", "wids": [AUTHENTICATION_POLICY_ADMINISTRATOR]});
    let with = writer_claims_with;
    let without = |field: &str| {
        let mut c = claims(scope.clone());
        c.as_object_mut().unwrap().remove(field);
        c
    };
    let b64 = |v: &Value| base64_url(v.to_string().as_bytes());
    let unsigned = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims(scope.clone()))
    );
    let mut tampered = writer();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let rs_public = fixture("keys/rs256-public.pem");
    let cases: Vec<(&str, String)> = vec![
        ("expired", hs256(&with(json!({"exp": NOW - 120})))),
        ("not yet valid", hs256(&with(json!({"nbf": NOW + 120})))),
        (
            "wrong issuer",
            hs256(&with(json!({"iss": "https://evil.test"}))),
        ),
        (
            "wrong audience",
            hs256(&with(json!({"aud": "someone-else"}))),
        ),
        ("no exp", hs256(&without("exp"))),
        ("no aud", hs256(&without("aud"))),
        ("no iss", hs256(&without("iss"))),
        (
            "iss an array that names the issuer",
            hs256(&with(json!({"iss": [ISSUER, "https://evil.test"]}))),
        ),
        (
            "iss a one-item array",
            hs256(&with(json!({"iss": [ISSUER]}))),
        ),
        ("no iat", hs256(&without("iat"))),
        ("iat not a number", hs256(&with(json!({"iat": "today"})))),
        (
            "iat in the future beyond the leeway",
            hs256(&with(json!({"iat": NOW + 120}))),
        ),
        (
            "lifetime over 24 h",
            hs256(&with(
                json!({"iat": NOW - 10, "exp": NOW - 10 + 24 * 3600 + 1}),
            )),
        ),
        (
            "exp a year away",
            hs256(&with(json!({"exp": NOW + 365 * 24 * 3600}))),
        ),
        (
            "typ of another token kind",
            with_typ("dpop+jwt", &claims(scope.clone())),
        ),
        ("typ JWE", with_typ("JWE", &claims(scope.clone()))),
        ("exp not a number", hs256(&with(json!({"exp": "tomorrow"})))),
        ("alg none", unsigned),
        ("bad signature", tampered),
        (
            "signed with another secret",
            jsonwebtoken::encode(
                &Header::new(Algorithm::HS256),
                &claims(scope.clone()),
                &EncodingKey::from_secret(b"another secret of at least 32 bytes!!"),
            )
            .unwrap(),
        ),
        (
            "HS384 instead of HS256",
            jsonwebtoken::encode(
                &Header::new(Algorithm::HS384),
                &claims(scope.clone()),
                &EncodingKey::from_secret(SECRET),
            )
            .unwrap(),
        ),
        (
            "HS256 keyed with an RS256 public key",
            jsonwebtoken::encode(
                &Header::new(Algorithm::HS256),
                &claims(scope.clone()),
                &EncodingKey::from_secret(rs_public.as_bytes()),
            )
            .unwrap(),
        ),
        ("garbage", "not.a.token".into()),
    ];
    for (why, token) in cases {
        assert_401(&api.get(POLICY, &token).await, why);
    }
    let missing = api.call("GET", POLICY, None, None, "", None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.error_code(), "InvalidAuthenticationToken");
    assert_eq!(
        missing.headers[header::WWW_AUTHENTICATE],
        "Bearer",
        "no error code without a token"
    );
    // Within the leeway (30 s) a just-expired token still works; beyond it, not.
    assert_eq!(
        api.get(POLICY, &hs256(&with(json!({"exp": NOW - 10}))))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn token_types_and_lifetimes_that_are_accepted() {
    let api = api();
    let claims = claims(
        json!({"scp": "Policy.ReadWrite.AuthenticationMethod", "wids": [AUTHENTICATION_POLICY_ADMINISTRATOR]}),
    );
    for typ in ["JWT", "jwt", "at+jwt", "AT+JWT", "application/at+jwt"] {
        assert_eq!(
            api.get(POLICY, &with_typ(typ, &claims)).await.status,
            StatusCode::OK,
            "typ {typ}"
        );
    }
    let mut no_typ = Header::new(Algorithm::HS256);
    no_typ.typ = None;
    let token = jsonwebtoken::encode(&no_typ, &claims, &EncodingKey::from_secret(SECRET)).unwrap();
    assert_eq!(
        api.get(POLICY, &token).await.status,
        StatusCode::OK,
        "no typ"
    );
    // Exactly 24 h, and an iat within the leeway ahead of our clock.
    let mut day = claims.clone();
    day["iat"] = json!(NOW - 10);
    day["exp"] = json!(NOW - 10 + 24 * 3600);
    assert_eq!(api.get(POLICY, &hs256(&day)).await.status, StatusCode::OK);
    let mut skewed = claims.clone();
    skewed["iat"] = json!(NOW + 20);
    assert_eq!(
        api.get(POLICY, &hs256(&skewed)).await.status,
        StatusCode::OK
    );

    // The maximum lifetime is the host's to choose.
    let hour = api_with(
        AdminAuth::hs256(SECRET, ISSUER, AUDIENCE)
            .with_max_token_lifetime(std::time::Duration::from_secs(3600)),
    );
    let mut two_hours = claims.clone();
    two_hours["iat"] = json!(NOW - 10);
    two_hours["exp"] = json!(NOW - 10 + 2 * 3600);
    assert_401(
        &hour.get(POLICY, &hs256(&two_hours)).await,
        "2 h over a 1 h maximum",
    );
    let mut one_hour = two_hours.clone();
    one_hour["exp"] = json!(NOW - 10 + 3600);
    assert_eq!(
        hour.get(POLICY, &hs256(&one_hour)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_rs256_deployment_refuses_hs256_tokens_keyed_with_its_public_key() {
    let public = fixture("keys/rs256-public.pem");
    let auth =
        AdminAuth::public_key_pem(Algorithm::RS256, public.as_bytes(), ISSUER, AUDIENCE).unwrap();
    let api = api_with(auth);
    let forged = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims(json!({"roles": ["Policy.ReadWrite.AuthenticationMethod"]})),
        &EncodingKey::from_secret(public.as_bytes()),
    )
    .unwrap();
    assert_401(&api.get(POLICY, &forged).await, "key confusion");
    assert!(
        AdminAuth::public_key_pem(
            Algorithm::ES256,
            fixture("keys/es256-public.pem").as_bytes(),
            ISSUER,
            AUDIENCE
        )
        .is_ok()
    );
    assert!(
        AdminAuth::public_key_pem(Algorithm::HS256, public.as_bytes(), ISSUER, AUDIENCE).is_err()
    );
}

#[tokio::test]
async fn eddsa_tokens_verify_with_a_public_key_or_a_jwks_and_ignore_header_key_urls() {
    let key = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
    let private = key.to_pkcs8_der().unwrap();
    let public_pem = key
        .verifying_key()
        .to_public_key_pem(Default::default())
        .unwrap();
    let encoding = EncodingKey::from_ed_der(private.as_bytes());
    let auth = AdminAuth::public_key_pem(Algorithm::EdDSA, public_pem.as_bytes(), ISSUER, AUDIENCE)
        .unwrap();
    let api = api_with(auth);
    let roles = claims(json!({"roles": ["Policy.Read.All"]}));
    let token = jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &roles, &encoding).unwrap();
    assert_eq!(api.get(POLICY, &token).await.status, StatusCode::OK);
    // A token pointing at an attacker's key set is still checked against our key only.
    let other = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
    let mut header = Header::new(Algorithm::EdDSA);
    header.jku = Some("https://evil.test/jwks.json".into());
    header.x5u = Some("https://evil.test/cert.pem".into());
    let forged = jsonwebtoken::encode(
        &header,
        &roles,
        &EncodingKey::from_ed_der(other.to_pkcs8_der().unwrap().as_bytes()),
    )
    .unwrap();
    assert_401(&api.get(POLICY, &forged).await, "jku/x5u ignored");
    // The same key from a JWKS, by kid.
    let x = base64_url(key.verifying_key().as_bytes());
    let jwks = json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "kid": "k1", "alg": "EdDSA", "use": "sig"}]}).to_string();
    let api = api_with(AdminAuth::jwks(Algorithm::EdDSA, &jwks, ISSUER, AUDIENCE).unwrap());
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some("k1".into());
    let token = jsonwebtoken::encode(&header, &roles, &encoding).unwrap();
    assert_eq!(api.get(POLICY, &token).await.status, StatusCode::OK);
    header.kid = Some("k2".into());
    let unknown_kid = jsonwebtoken::encode(&header, &roles, &encoding).unwrap();
    assert_401(&api.get(POLICY, &unknown_kid).await, "unknown kid");
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn the_audit_log_records_who_when_and_what_newest_first_in_pages() {
    let api = api();
    for days in 1..=5 {
        let reply = api
            .patch(
                POLICY,
                &writer(),
                &campaign_patch(json!({"snoozeDurationInDays": days})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let page = api
        .get("/v1.0/auditLogs/registrationCampaign?$top=2", &writer())
        .await
        .json();
    let entries = page["value"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["version"], 5, "newest first");
    assert_eq!(
        entries[0]["initiatedBy"]["id"],
        "ad000000-0000-4000-8000-000000000001"
    );
    assert_eq!(
        entries[0]["initiatedBy"]["userPrincipalName"],
        "admin@contoso.test"
    );
    assert_eq!(
        entries[0]["before"]["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]
            ["snoozeDurationInDays"],
        4
    );
    assert_eq!(
        entries[0]["after"]["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]
            ["snoozeDurationInDays"],
        5
    );
    assert!(entries[0]["requestId"].as_str().unwrap().len() >= 32);
    let next = page["@odata.nextLink"].as_str().unwrap();
    assert_eq!(
        next,
        "http://graph.test/v1.0/auditLogs/registrationCampaign?$top=2&$skiptoken=2"
    );
    let last = api
        .get(
            "/v1.0/auditLogs/registrationCampaign?$top=2&$skiptoken=4",
            &writer(),
        )
        .await
        .json();
    assert_eq!(last["value"].as_array().unwrap().len(), 1);
    assert!(last.get("@odata.nextLink").is_none());
}

#[tokio::test]
async fn the_report_counts_funnel_events_as_json_and_csv() {
    let api = api();
    for event in [
        FunnelEvent::NudgeShown,
        FunnelEvent::NudgeShown,
        FunnelEvent::NudgeShown,
        FunnelEvent::Skipped,
        FunnelEvent::Download,
        FunnelEvent::Registered,
    ] {
        api.campaign.record_event(event);
    }
    api.campaign.flush_events().await;
    let report = api
        .get("/v1.0/reports/registrationCampaign?days=3", &writer())
        .await
        .json();
    let days = report["days"].as_array().unwrap();
    assert_eq!(days.len(), 3);
    let today = &days[2];
    assert_eq!(today["date"], "2026-11-28");
    assert_eq!(today["nudgeShown"], 3);
    assert_eq!(today["skipped"], 1);
    assert_eq!(today["registered"], 1);
    assert_eq!(today["scan"], 1, "closed: registered implies scanned");
    assert_eq!(today["abandoned"], 1);
    assert_eq!(today["conversion"], 0.333);
    assert_eq!(report["total"]["nudgeShown"], 3);
    let csv = api
        .get(
            "/v1.0/reports/registrationCampaign?days=3&$format=csv",
            &writer(),
        )
        .await;
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let text = csv.body;
    // A registration counts as scanned and tested too (the steps are closed): the funnel
    // only shrinks, in the JSON, the CSV and the admin page alike.
    assert!(
        text.lines()
            .any(|l| l == "2026-11-28,3,0,1,1,1,1,1,1,1,0.333"),
        "{text}"
    );
    // Query options as clients encode them: `$` as `%24`, the media type with `%2F`, any case.
    for query in [
        "%24format=csv&days=3",
        "$format=text%2Fcsv&days=3",
        "%24FORMAT=CSV&DAYS=3",
    ] {
        let csv = api
            .get(
                &format!("/v1.0/reports/registrationCampaign?{query}"),
                &writer(),
            )
            .await;
        assert_eq!(
            csv.headers[header::CONTENT_TYPE],
            "text/csv; charset=utf-8",
            "{query}"
        );
        let text = csv.body;
        assert_eq!(
            text.lines().count(),
            4,
            "{query}: a header and 3 days\n{text}"
        );
    }
}

#[tokio::test]
async fn what_if_answers_with_the_engine_and_the_stored_state() {
    let api = api();
    api.patch(
        POLICY,
        &writer(),
        &campaign_patch(json!({"state": "enabled", "snoozeDurationInDays": 0})),
    )
    .await;
    let user = "a11ce000-0000-4000-8000-000000000001";
    for attempt in ["a1", "a2", "a3"] {
        api.campaign
            .store()
            .record_snooze(user, attempt, api.campaign.now(), Some(3))
            .await
            .unwrap();
    }
    let ask = |body: Value| {
        let api = &api;
        async move {
            api.call(
                "POST",
                "/v1.0/reports/registrationCampaign/whatIf",
                Some(&writer()),
                Some("application/json"),
                &body.to_string(),
                None,
            )
            .await
        }
    };
    let reply = ask(json!({"id": user, "methods": ["sms"]})).await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    assert_eq!(body["decision"], "requireRegistration");
    assert_eq!(body["reason"], "snoozeLimitReached");
    assert_eq!(body["state"]["snoozeCount"], 3);
    let phone = ask(json!({"id": user, "methods": ["sms"], "signIn": {"userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)"}})).await.json();
    // Strict enforcement: a phone's User-Agent does not lift required registration.
    assert_eq!(phone["decision"], "requireRegistration");
    assert_eq!(phone["reason"], "snoozeLimitReached");
    let bad = ask(json!({"id": user, "methods": ["pigeon"]})).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let reader = hs256(&claims(json!({"roles": ["Policy.Read.All"]})));
    let read_only = api
        .call(
            "POST",
            "/v1.0/reports/registrationCampaign/whatIf",
            Some(&reader),
            Some("application/json"),
            &json!({"id": user, "methods": ["voice"]}).to_string(),
            None,
        )
        .await;
    assert_eq!(
        read_only.status,
        StatusCode::OK,
        "a what-if changes nothing, so reading is enough"
    );
    let no_mfa = ask(json!({"id": user})).await;
    assert_eq!(no_mfa.status, StatusCode::BAD_REQUEST);
    assert!(
        no_mfa.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no MFA is possible")
    );
}

#[tokio::test]
async fn every_admin_api_response_says_no_store() {
    let api = api();
    let reader = hs256(&claims(json!({"roles": ["Policy.Read.All"]})));
    let audit = "/v1.0/auditLogs/registrationCampaign";
    let report = "/v1.0/reports/registrationCampaign";
    let what_if = "/v1.0/reports/registrationCampaign/whatIf";
    let user =
        json!({"id": "a11ce000-0000-4000-8000-000000000001", "methods": ["sms"]}).to_string();
    let w = writer();
    let json_type = Some("application/json");
    let snooze = campaign_patch(json!({"snoozeDurationInDays": 2}));
    let too_big = format!("{{\"x\": \"{}\"}}", "x".repeat(70 * 1024));
    let cases: Vec<(&str, Reply)> = vec![
        ("GET policy", api.get(POLICY, &w).await),
        ("PATCH policy", api.patch(POLICY, &w, &snooze).await),
        ("GET authenticator", api.get(AUTHENTICATOR, &w).await),
        (
            "PATCH authenticator",
            api.patch(AUTHENTICATOR, &w, r#"{"state": "enabled"}"#)
                .await,
        ),
        ("audit log", api.get(audit, &w).await),
        ("report", api.get(report, &w).await),
        (
            "report CSV",
            api.get(&format!("{report}?$format=csv"), &w).await,
        ),
        (
            "what-if",
            api.call("POST", what_if, Some(&w), json_type, &user, None)
                .await,
        ),
        (
            "no token",
            api.call("GET", POLICY, None, None, "", None).await,
        ),
        ("bad token", api.get(POLICY, "not.a.token").await),
        ("forbidden", api.patch(POLICY, &reader, &snooze).await),
        ("not found", api.get("/v1.0/policies/nothing", &w).await),
        (
            "method not allowed",
            api.call("DELETE", POLICY, Some(&w), None, "", None).await,
        ),
        ("bad request", api.patch(POLICY, &w, "{").await),
        (
            "stale If-Match",
            api.call(
                "PATCH",
                POLICY,
                Some(&w),
                json_type,
                &snooze,
                Some("W/\"0\""),
            )
            .await,
        ),
        ("too large", api.patch(POLICY, &w, &too_big).await),
        (
            "wrong content type",
            api.call("PATCH", POLICY, Some(&w), Some("text/plain"), &snooze, None)
                .await,
        ),
    ];
    let mut statuses = Vec::new();
    for (why, reply) in &cases {
        statuses.push(reply.status.as_u16());
        assert_eq!(
            reply
                .headers
                .get(header::CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{why} ({})",
            reply.status
        );
    }
    assert_eq!(
        statuses,
        [
            200, 200, 200, 204, 200, 200, 200, 200, 401, 401, 403, 404, 405, 400, 412, 413, 415
        ],
        "every kind of answer was seen"
    );
}

#[tokio::test]
async fn a_client_request_id_is_echoed_in_the_header_and_in_errors() {
    let api = api();
    let send = |path: &str, token: Option<String>| {
        let mut request = Request::get(path)
            .header(header::HOST, "graph.test")
            .header("client-request-id", "3f2c0a9e-caller-chosen");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        api.app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
    };
    for (path, token, status) in [
        (POLICY, Some(writer()), StatusCode::OK),
        (
            "/v1.0/policies/nothingHere",
            Some(writer()),
            StatusCode::NOT_FOUND,
        ),
        (POLICY, None, StatusCode::UNAUTHORIZED),
    ] {
        let response = send(path, token).await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(
            response.headers()["client-request-id"],
            "3f2c0a9e-caller-chosen"
        );
        assert!(response.headers().contains_key("request-id"));
        if status != StatusCode::OK {
            let body = response.into_body().collect().await.unwrap().to_bytes();
            let body: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(
                body["error"]["innerError"]["client-request-id"],
                "3f2c0a9e-caller-chosen"
            );
        }
    }
}

/// Issue 24: key restrictions without attestation are Graph-valid but trust the browser's
/// claim; the answer to the PATCH says so in a `Warning` header (a 204 has no body).
#[tokio::test]
async fn key_restrictions_without_attestation_are_accepted_with_a_warning() {
    let api = api();
    let profile = |attestation: &str| {
        json!({"state": "enabled", "passkeyProfiles": [{
            "id": "00000000-0000-0000-0000-000000000001", "name": "YubiKeys only",
            "passkeyTypes": "deviceBound", "attestationEnforcement": attestation,
            "keyRestrictions": {"isEnforced": true, "enforcementType": "allow",
                                "aaGuids": ["cb69481e-8ff7-4039-93ec-0a2729a154a8"]}}]})
        .to_string()
    };
    let unattested = api
        .patch(&format!("{METHODS}/Fido2"), &writer(), &profile("disabled"))
        .await;
    assert_eq!(unattested.status, StatusCode::NO_CONTENT);
    let warning = unattested
        .headers
        .get(header::WARNING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(warning.starts_with("299 - \""), "{warning}");
    assert!(warning.contains("without attestation"), "{warning}");
    let attested = api
        .patch(
            &format!("{METHODS}/Fido2"),
            &writer(),
            &profile("registrationOnly"),
        )
        .await;
    assert_eq!(attested.status, StatusCode::NO_CONTENT);
    assert!(attested.headers.get(header::WARNING).is_none());
}

/// Issue 25: every refused token said "access token validation failure", a wrong audience and
/// a 48-hour lifetime alike. The reason is in `WWW-Authenticate`'s `error_description` now.
#[tokio::test]
async fn a_refused_token_says_why_in_www_authenticate() {
    let api = api();
    let with = writer_claims_with;
    for (token, reason) in [
        (
            hs256(&with(json!({"aud": "someone-else"}))),
            "invalid audience",
        ),
        (
            hs256(&with(json!({"iss": "https://evil.test"}))),
            "invalid issuer",
        ),
        (hs256(&with(json!({"exp": NOW - 120}))), "expired"),
        (
            hs256(&with(json!({"iat": NOW - 3600, "exp": NOW + 47 * 3600}))),
            "lives longer",
        ),
    ] {
        let reply = api.get(POLICY, &token).await;
        let challenge = reply.headers[header::WWW_AUTHENTICATE].to_str().unwrap();
        assert!(challenge.contains(reason), "{reason}: {challenge}");
    }
}
