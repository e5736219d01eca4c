//! Branding and wording: the organization's name, logo, accent colour and stylesheet; who the
//! user is; and footers that name the method of the page.

use axum::http::{StatusCode, header};
use registration_campaign::Branding;
use serde_json::json;

use crate::support::harness::{ALICE, Harness, harness, harness_built, push_then_totp};

const FLOW: &str = "/registration-campaign";

async fn branded() -> Harness {
    let branding = Branding::builder()
        .organization_name("Contoso")
        .logo_url("/static/contoso.svg")
        .accent_color("#8A2BE2")
        .stylesheet("h1 { letter-spacing: 0.01em; }")
        .build()
        .unwrap();
    harness_built(json!({}), |b| {
        b.methods(push_then_totp()).branding(branding)
    })
    .await
}

#[tokio::test]
async fn the_organizations_name_logo_and_stylesheet_are_on_every_page() {
    let h = branded().await;
    let (cookie, _) = h.nudged(&format!("user={ALICE}")).await;
    for path in [FLOW, "/registration-campaign/nope"] {
        let page = h.get(path, &cookie).await;
        assert!(
            page.body
                .contains("<img class=\"logo\" src=\"/static/contoso.svg\" alt=\"Contoso\">"),
            "{path}: {}",
            page.body
        );
        assert!(
            page.body
                .contains("/registration-campaign/assets/brand.css?v="),
            "{path}"
        );
        assert!(
            page.body.contains("Contoso asks you"),
            "{path}: {}",
            page.body
        );
    }
    let prompt = h.get(FLOW, &cookie).await;
    assert!(
        prompt
            .body
            .contains("Contoso requires additional security information")
    );
    let css = h.get("/registration-campaign/assets/brand.css", "").await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    assert!(css.body.contains("--accent: #8a2be2;"), "{}", css.body);
    assert!(css.body.contains("h1 { letter-spacing: 0.01em; }"));
    // The CSP is as strict as ever: the sheet comes from the flow itself.
    let csp = prompt.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("style-src 'self'") && !csp.contains("unsafe-inline"));
}

#[tokio::test]
async fn without_branding_there_is_no_brand_stylesheet_and_the_text_is_generic() {
    let h = harness(json!({})).await;
    let (cookie, _) = h.nudged(&format!("user={ALICE}")).await;
    let prompt = h.get(FLOW, &cookie).await;
    assert!(!prompt.body.contains("brand.css"));
    assert!(!prompt.body.contains("class=\"logo\""));
    assert!(prompt.body.contains("Your organization requires"));
    let css = h.get("/registration-campaign/assets/brand.css", "").await;
    assert_eq!(css.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_prompt_names_the_user_by_display_and_sign_in_name() {
    let h = harness(json!({})).await;
    let (cookie, _) = h
        .nudged(&format!("user={ALICE}&upn=alice%40contoso.test"))
        .await;
    let prompt = h.get(FLOW, &cookie).await.body;
    assert!(
        prompt.contains("<p class=\"identity-name\">Alice</p>"),
        "{prompt}"
    );
    assert!(prompt.contains("<p class=\"identity-account\">alice@contoso.test</p>"));
    assert!(prompt.contains("Signed in as"));
}

#[tokio::test]
async fn the_required_prompt_says_before_you_continue_not_signed_in() {
    let h = harness(json!({"snoozeDurationInDays": 0})).await;
    h.use_every_skip().await;
    let (cookie, _) = h.nudged(&format!("user={ALICE}&attempt=required")).await;
    let prompt = h.get(FLOW, &cookie).await.body;
    assert!(prompt.contains("maximum number of times"), "{prompt}");
    assert!(prompt.contains("Before you continue"), "{prompt}");
    assert!(!prompt.contains("Signed in as"), "{prompt}");
}

#[tokio::test]
async fn footers_name_the_method_of_the_page() {
    let h = harness(json!({})).await;
    let (cookie, csrf) = h.nudged(&format!("user={ALICE}")).await;
    let cookie = h.next_to_scan(cookie, &format!("csrf={csrf}")).await;
    let push = h.get(FLOW, &cookie).await;
    assert!(
        push.body
            .contains("asks you to set up Microsoft Authenticator")
    );
    let totp = h
        .post(
            "/registration-campaign/alternative",
            &cookie,
            &push.csrf_form(),
        )
        .await;
    let totp = h.get(FLOW, &totp.flow_cookie().unwrap()).await;
    assert!(totp.body.contains("otpauth://"));
    assert!(
        totp.body
            .contains("asks you to set up an authenticator app"),
        "{}",
        totp.body
    );
    let missing = h.get("/registration-campaign/nope", &cookie).await;
    assert!(
        !missing.body.contains("Microsoft Authenticator"),
        "{}",
        missing.body
    );
}

#[tokio::test]
async fn the_setup_instructions_match_what_the_app_will_show_for_the_method() {
    // TOTP in any app: the library's default names no app; a host that names Microsoft
    // Authenticator gets its words ("Other account").
    let neutral = harness_built(json!({}), |b| b).await;
    let named = harness_built(json!({}), |b| b.app_name("Microsoft Authenticator")).await;
    let push = harness(json!({})).await;
    for (h, expect, never) in [
        (&neutral, "add an account or a code", "Microsoft"),
        (&named, "Other account", "Work or school account"),
        (&push, "Work or school account", "Other account"),
    ] {
        let (mut cookie, csrf) = h.nudged(&format!("user={ALICE}")).await;
        for _ in 0..2 {
            cookie = h
                .post(
                    "/registration-campaign/next",
                    &cookie,
                    &format!("csrf={csrf}"),
                )
                .await
                .flow_cookie()
                .unwrap();
        }
        let setup = h.get(FLOW, &cookie).await.body;
        assert!(setup.contains("Set up your account"), "{setup}");
        assert!(setup.contains(expect), "{expect}: {setup}");
        assert!(!setup.contains(never), "{never}: {setup}");
    }
}
