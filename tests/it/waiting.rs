//! Feedback while the flow waits for the phone: time left, "still waiting", and what went wrong
//! with the test notification, naming the device.

use axum::http::StatusCode;
use serde_json::json;
use time::Duration;

use crate::support::harness::{ALICE, harness};

const FLOW: &str = "/registration-campaign";

#[tokio::test]
async fn the_scan_page_shows_how_long_its_qr_code_works() {
    let h = harness(json!({})).await;
    let (cookie, csrf) = h.nudged(&format!("user={ALICE}")).await;
    let cookie = h.next_to_scan(cookie, &format!("csrf={csrf}")).await;
    let scan = h.get(FLOW, &cookie).await;
    assert!(
        scan.body.contains("This QR code works for"),
        "{}",
        scan.body
    );
    assert!(scan.body.contains(">10:00<"), "{}", scan.body);
    h.clock.advance(Duration::seconds(4 * 60 + 15));
    assert!(h.get(FLOW, &cookie).await.body.contains(">5:45<"));
}

#[tokio::test]
async fn the_test_notification_shows_the_time_left() {
    let h = harness(json!({})).await;
    let test = h.push_test_notification().await;
    let page = h.get(FLOW, &test.cookie).await;
    assert!(
        page.body.contains("The notification expires in"),
        "{}",
        page.body
    );
    assert!(page.body.contains(">2:00<"), "{}", page.body);
    h.clock.advance(Duration::seconds(45));
    assert!(h.get(FLOW, &test.cookie).await.body.contains(">1:15<"));
}

#[tokio::test]
async fn next_while_the_notification_is_pending_says_still_waiting() {
    let h = harness(json!({})).await;
    let test = h.push_test_notification().await;
    let next = h
        .post_and_follow("/registration-campaign/next", &test.cookie, &test.form)
        .await;
    assert_eq!(next.status, StatusCode::OK);
    assert!(
        next.body
            .contains("Still waiting for your approval on Phone."),
        "{}",
        next.body
    );
    assert!(next.body.contains(&test.number), "the number stays shown");
}

#[tokio::test]
async fn a_wrong_number_a_denial_and_a_timeout_each_say_what_happened_on_the_device() {
    for (answer, expect) in [
        (
            Some(("approve", "wrong")),
            "The number entered on Phone didn't match",
        ),
        (Some(("deny", "")), "The notification was denied on Phone."),
        (None, "Phone didn't answer the notification in time."),
    ] {
        let h = harness(json!({})).await;
        let test = h.push_test_notification().await;
        match answer {
            Some((decision, number)) => {
                let number = if number == "wrong" {
                    if test.number == "10" { "11" } else { "10" }
                } else {
                    number
                };
                // A wrong number is refused with 422 `wrongNumber`; a denial is accepted.
                let reply = h.send(test.decide(decision, number)).await;
                assert!(
                    [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY].contains(&reply.status),
                    "{}",
                    reply.body
                );
            }
            None => h.clock.advance(Duration::minutes(3)),
        }
        let page = h.get(FLOW, &test.cookie).await;
        assert!(page.body.contains(expect), "{expect}: {}", page.body);
        assert!(page.body.contains("Choose Next to send a new one."));
        assert!(
            !page.body.contains("shown below"),
            "no number is shown: {}",
            page.body
        );
        assert!(!page.body.contains("your phone"), "{}", page.body);
    }
}

#[tokio::test]
async fn without_script_the_scan_page_waits_for_the_user_not_a_timer() {
    let h = harness(json!({})).await;
    let (cookie, csrf) = h.nudged(&format!("user={ALICE}")).await;
    let cookie = h.next_to_scan(cookie, &format!("csrf={csrf}")).await;
    let scan = h.get(FLOW, &cookie).await;
    assert!(!scan.body.contains("http-equiv=\"refresh\""));
    assert!(
        scan.body
            .contains("<a href=\"/registration-campaign\">I've scanned it</a>"),
        "{}",
        scan.body
    );
    let early = h
        .post_and_follow("/registration-campaign/next", &cookie, &scan.csrf_form())
        .await;
    assert!(
        early.body.contains("We haven't heard from your phone yet."),
        "{}",
        early.body
    );
}

/// Issue 24: every flow POST answers with a redirect, so a reload (or Back) shows the step
/// the flow is at and posts nothing again. Reloading after an early Next on the test step and a
/// denial on the phone shows the denial; it does not send a new notification.
#[tokio::test]
async fn a_reload_after_next_shows_what_happened_and_sends_nothing() {
    let h = harness(json!({})).await;
    let test = h.push_test_notification().await;
    let next = h
        .post("/registration-campaign/next", &test.cookie, &test.form)
        .await;
    assert_eq!(next.status, StatusCode::SEE_OTHER);
    assert_eq!(next.location(), FLOW);
    let cookie = next.flow_cookie().unwrap_or(test.cookie.clone());
    let waiting = h.get(FLOW, &cookie).await;
    assert!(waiting.body.contains("Still waiting for your approval"));
    // The phone denies; the browser reloads (a GET of the flow).
    let denied = h.send(test.decide("deny", "")).await;
    assert_eq!(denied.status, StatusCode::OK, "{}", denied.body);
    let reloaded = h.get(FLOW, &cookie).await;
    assert!(
        reloaded
            .body
            .contains("The notification was denied on Phone."),
        "{}",
        reloaded.body
    );
    assert!(
        !reloaded.body.contains("Still waiting"),
        "{}",
        reloaded.body
    );
}
