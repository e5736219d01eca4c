//! Telling people, read from a real SMTP server: the binding notice after each method, in the
//! user's language with the address and browser it came from; reminders on the configured
//! days, once each, across two instances; and retries when the server refuses.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use registration_campaign::notify::Notifications;
use registration_campaign::store::CampaignStore;
use registration_campaign::{
    Campaign, CampaignBuilder, DirectoryUser, ManualClock, MemoryDirectory, TenantId,
};
use serde_json::json;
use time::Duration;

use crate::support;
use crate::support::harness::{
    ALICE, CHROME, EXEMPT, Harness, START, UnixNow, harness_built, policy, push_then_totp,
};
use crate::support::smtp::{Mail, MailServer};

const BOB: &str = "b0b00000-0000-4000-8000-000000000002";
const CAROL: &str = "ca201000-0000-4000-8000-000000000003";
const DAVE: &str = "da7e0000-0000-4000-8000-000000000004";
const ERIN: &str = "e2170000-0000-4000-8000-000000000005";

fn alice() -> DirectoryUser {
    DirectoryUser::new(ALICE, "Alice")
        .with_mail("alice@contoso.test")
        .with_methods([registration_campaign::AuthMethod::Sms])
}

/// The directory of these tests: Alice (mail), Bob (no address), Carol (French), Dave
/// (excluded by group), Erin (already has an authenticator app).
fn directory() -> Arc<MemoryDirectory> {
    let users = MemoryDirectory::new();
    let tenant = TenantId::default_tenant();
    users.add(&tenant, alice());
    users.add(
        &tenant,
        DirectoryUser::new(BOB, "Bob").with_methods([registration_campaign::AuthMethod::Sms]),
    );
    users.add(
        &tenant,
        DirectoryUser::new(CAROL, "Carole")
            .with_mail("carole@contoso.test")
            .with_locale("fr")
            .with_methods([registration_campaign::AuthMethod::Sms]),
    );
    users.add(
        &tenant,
        DirectoryUser::new(DAVE, "Dave")
            .with_mail("dave@contoso.test")
            .with_groups([EXEMPT]),
    );
    users.add(
        &tenant,
        DirectoryUser::new(ERIN, "Erin")
            .with_mail("erin@contoso.test")
            .with_methods([registration_campaign::AuthMethod::MicrosoftAuthenticatorPush]),
    );
    Arc::new(users)
}

/// The campaign of these tests: the directory above, Contoso's branding with a support
/// contact, the host's proxy header, and notifications to `mail`.
fn notifying(builder: CampaignBuilder, mail: &MailServer) -> CampaignBuilder {
    let branding = registration_campaign::Branding::builder()
        .organization_name("Contoso")
        .support_contact("the Contoso help desk (+49 30 1234 5678)")
        .build()
        .unwrap();
    builder
        .methods(push_then_totp())
        .directory(directory())
        .branding(branding)
        .client_ip_header(header::HeaderName::from_static("x-forwarded-for"))
        .notifications(
            Notifications::new(mail.notifier())
                .not_you_url("https://contoso.test/security/report")
                .sign_in_url("https://contoso.test/login"),
        )
}

async fn harness(mail: &MailServer) -> Harness {
    harness_built(json!({}), |builder| notifying(builder, mail)).await
}

impl Harness {
    /// Registers Alice's authenticator app by TOTP from a fresh nudge (`query` adds to the
    /// sign-in), posting the code from 203.0.113.7 through the host's proxy.
    async fn register_by_totp(&self, query: &str) {
        let (cookie, csrf) = self.nudged(&format!("user={ALICE}{query}")).await;
        let cookie = self.next_to_scan(cookie, &format!("csrf={csrf}")).await;
        let push = self.get("/registration-campaign", &cookie).await;
        let cookie = self
            .post(
                "/registration-campaign/alternative",
                &cookie,
                &push.csrf_form(),
            )
            .await
            .flow_cookie()
            .unwrap();
        // The setup link as text, in any language.
        let page = self.get("/registration-campaign", &cookie).await;
        let at = page.body.find("otpauth://totp/").expect("an otpauth link");
        let link = page.body[at..]
            .split(['<', '"'])
            .next()
            .unwrap()
            .replace("&amp;", "&");
        let code = support::totp(&support::otpauth_secret(&link), self.clock.now_unix());
        let done = self
            .send(
                Request::post("/registration-campaign/code")
                    .header(header::COOKIE, &cookie)
                    .header(header::USER_AGENT, CHROME)
                    .header("x-forwarded-for", "198.51.100.1, 203.0.113.7")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(format!("{}&code={code}", page.csrf_form())))
                    .unwrap(),
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert!(self.state().await.registered_at.is_some());
    }
}

fn only(inbox: &[Mail]) -> &Mail {
    assert_eq!(inbox.len(), 1, "{inbox:#?}");
    &inbox[0]
}

#[tokio::test]
async fn an_authenticator_app_registration_is_told_to_the_user_with_where_it_came_from() {
    let mail = MailServer::start();
    let h = harness(&mail).await;
    h.register_by_totp("").await;
    let round = h.campaign.send_notifications().await.unwrap();
    assert_eq!((round.sent, round.failed), (1, 0));

    let inbox = mail.inbox();
    let notice = only(&inbox);
    assert_eq!(notice.to, ["alice@contoso.test"]);
    assert!(notice.to_header.contains("Alice"), "{}", notice.to_header);
    assert_eq!(notice.subject, "A sign-in method was added to your account");
    for expected in [
        "Hello Alice,",
        "A new sign-in method was added to your Contoso account.",
        "Method: an authenticator app (codes)",
        "When: 28 November 2026 at 09:00 UTC",
        "From: Chrome (Windows), IP address 203.0.113.7",
        "Contact the Contoso help desk (+49 30 1234 5678) now.",
        "Report it here: https://contoso.test/security/report",
    ] {
        assert!(
            notice.text.contains(expected),
            "{expected:?} in {}",
            notice.text
        );
    }
    assert!(notice.html.contains("<html lang=\"en\""), "{}", notice.html);
    assert!(
        notice.html.contains("IP address 203.0.113.7"),
        "{}",
        notice.html
    );

    // Recorded with the registration and in the audit log.
    let source = h
        .campaign
        .registration_source(ALICE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(source.method, "totp");
    assert_eq!(source.ip_address.as_deref(), Some("203.0.113.7"));
    assert_eq!(source.user_agent.as_deref(), Some(CHROME));
    assert_eq!(source.at, START);
    let report = h.campaign.user_report(None, 10, None).await.unwrap();
    assert_eq!(
        report.rows[0].registered_ip_address.as_deref(),
        Some("203.0.113.7")
    );
    assert_eq!(
        report.rows[0].registered_user_agent.as_deref(),
        Some(CHROME)
    );
    assert!(report.rows[0].csv_line().contains(",203.0.113.7,"));
    let (audit, _) = h.campaign.audit_log(0, 10).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.target.ends_with("/registration"))
        .expect("the registration in the audit log");
    assert_eq!(entry.initiated_by.id, ALICE);
    assert_eq!(entry.after["ipAddress"], "203.0.113.7");

    // Sent once: another round sends nothing.
    let again = h.campaign.send_notifications().await.unwrap();
    assert_eq!(again.sent, 0);
    assert_eq!(mail.inbox().len(), 1);
}

#[tokio::test]
async fn the_notice_is_in_the_language_of_the_flow() {
    let mail = MailServer::start();
    let h = harness(&mail).await;
    h.register_by_totp("&locale=de&offset_minutes=60").await;
    h.campaign.send_notifications().await.unwrap();
    let inbox = mail.inbox();
    let notice = only(&inbox);
    assert_eq!(
        notice.subject,
        "Ihrem Konto wurde eine Anmeldemethode hinzugefügt"
    );
    assert!(
        notice
            .text
            .contains("Methode: eine Authenticator-App (Codes)"),
        "{}",
        notice.text
    );
    assert!(notice.html.contains("<html lang=\"de\""), "{}", notice.html);
}

#[tokio::test]
async fn a_push_device_registration_is_told_with_the_devices_name() {
    let mail = MailServer::start();
    let h = harness(&mail).await;
    let test = h.push_test_notification().await;
    assert_eq!(
        h.send(test.answer(&test.number)).await.status,
        StatusCode::OK
    );
    let next = h
        .post("/registration-campaign/next", &test.cookie, &test.form)
        .await;
    assert_eq!(next.status, StatusCode::SEE_OTHER);
    assert!(h.state().await.registered_at.is_some());
    h.campaign.send_notifications().await.unwrap();
    let inbox = mail.inbox();
    let notice = only(&inbox);
    assert!(
        notice
            .text
            .contains("Method: an authenticator app with notifications"),
        "{}",
        notice.text
    );
    assert!(notice.text.contains("Name: "), "{}", notice.text);
    // The request came straight, without the proxy's header: the address is unknown.
    assert!(
        notice.text.contains("IP address unknown"),
        "{}",
        notice.text
    );
}

#[tokio::test]
async fn a_refused_message_is_retried_with_backoff_and_sent_once() {
    let mail = MailServer::start();
    let h = harness(&mail).await;
    mail.refuse_next(2);
    h.register_by_totp("").await;

    let first = h.campaign.send_notifications().await.unwrap();
    assert_eq!((first.sent, first.failed), (0, 1));
    // Not due again before its backoff (1 minute, then 2).
    h.clock.advance(Duration::seconds(30));
    assert_eq!(h.campaign.send_notifications().await.unwrap().failed, 0);
    h.clock.advance(Duration::seconds(30));
    assert_eq!(h.campaign.send_notifications().await.unwrap().failed, 1);
    h.clock.advance(Duration::minutes(1));
    assert_eq!(
        h.campaign.send_notifications().await.unwrap().sent,
        0,
        "2 minutes after the second"
    );
    h.clock.advance(Duration::minutes(1));
    assert_eq!(h.campaign.send_notifications().await.unwrap().sent, 1);
    assert_eq!(mail.inbox().len(), 1);
    h.clock.advance(Duration::hours(1));
    assert_eq!(h.campaign.send_notifications().await.unwrap().sent, 0);
    assert_eq!(mail.inbox().len(), 1);
}

/// Settings with a deadline 10 days after [`START`] and reminders 7 and 1 days before it.
async fn with_deadline(campaign: &Campaign) {
    let deadline = START + Duration::days(10);
    let text = deadline
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let patch = json!({"deadline": text, "reminders": {"daysBeforeDeadline": [1, 7]}});
    let actor = registration_campaign::admin::Actor::default();
    campaign
        .change_settings(&patch, None, &actor, "test")
        .await
        .unwrap();
}

fn subjects(inbox: &[Mail]) -> Vec<(String, String)> {
    let mut subjects: Vec<(String, String)> = inbox
        .iter()
        .map(|m| (m.to[0].clone(), m.subject.clone()))
        .collect();
    subjects.sort();
    subjects
}

#[tokio::test]
async fn reminders_go_to_users_who_still_have_to_register_on_the_configured_days_once() {
    let mail = MailServer::start();
    let h = harness(&mail).await;
    with_deadline(&h.campaign).await;

    // Nothing is due ten days ahead.
    assert_eq!(
        h.campaign
            .send_notifications()
            .await
            .unwrap()
            .reminders_queued,
        0
    );
    // Seven days before: Alice and Carole (Bob has no address, Dave is excluded, Erin has an app).
    h.clock.advance(Duration::days(3));
    let round = h.campaign.send_notifications().await.unwrap();
    assert_eq!((round.reminders_queued, round.sent), (2, 2));
    assert_eq!(
        subjects(&mail.inbox()),
        [
            (
                "alice@contoso.test".to_owned(),
                "Set up your sign-in method by 8 December 2026".to_owned()
            ),
            (
                "carole@contoso.test".to_owned(),
                "Configurez votre méthode de connexion avant le 8 décembre 2026".to_owned()
            ),
        ]
    );
    let alice = mail
        .inbox()
        .into_iter()
        .find(|m| m.to[0] == "alice@contoso.test")
        .unwrap();
    assert!(
        alice
            .text
            .contains("Contoso asks you to set up an authenticator app"),
        "{}",
        alice.text
    );
    assert!(
        alice
            .text
            .contains("by 8 December 2026 at 09:00 UTC (7 days from now)"),
        "{}",
        alice.text
    );
    assert!(
        alice.text.contains("Sign in: https://contoso.test/login"),
        "{}",
        alice.text
    );

    // Once: later runs of the same window send nothing more.
    h.clock.advance(Duration::days(2));
    assert_eq!(h.campaign.send_notifications().await.unwrap().sent, 0);
    let run = h.campaign.last_reminder_run().await.unwrap().unwrap();
    assert_eq!(run.users_checked, 5);
    assert_eq!(run.without_address, 1, "Bob");
    assert_eq!(
        run.upcoming,
        [(7, 0), (1, 3)],
        "Alice, Bob and Carole still have the 1-day one ahead"
    );

    // Alice registers; one day before, only Carole is reminded.
    h.register_by_totp("").await;
    h.clock.advance(Duration::days(4));
    let round = h.campaign.send_notifications().await.unwrap();
    assert_eq!(round.reminders_queued, 1);
    let inbox = mail.inbox();
    let last: Vec<_> = inbox
        .iter()
        .filter(|m| m.subject.contains("avant"))
        .collect();
    assert_eq!(last.len(), 2, "Carole's two reminders");
    assert!(last[1].text.contains("d'ici un jour"), "{}", last[1].text);
    // Past the deadline (no 0-day reminder configured): nothing.
    h.clock.advance(Duration::days(2));
    assert_eq!(
        h.campaign
            .send_notifications()
            .await
            .unwrap()
            .reminders_queued,
        0
    );
}

#[tokio::test]
async fn nothing_is_sent_without_a_deadline() {
    let mail = MailServer::start();
    let h = harness(&mail).await;
    let patch = json!({"reminders": {"daysBeforeDeadline": [7, 1, 0]}});
    let actor = registration_campaign::admin::Actor::default();
    h.campaign
        .change_settings(&patch, None, &actor, "test")
        .await
        .unwrap();
    for _ in 0..3 {
        h.clock.advance(Duration::days(5));
        assert_eq!(
            h.campaign
                .send_notifications()
                .await
                .unwrap()
                .reminders_queued,
            0
        );
    }
    assert!(mail.inbox().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_postgresql_send_each_reminder_once() {
    let Ok(url) = std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL") else {
        eprintln!("skipped: REGISTRATION_CAMPAIGN_POSTGRES_URL is not set");
        return;
    };
    let schema = support::postgres::create_test_schema(&url, "notify").await;
    let store = |schema: String| {
        use std::str::FromStr;
        let options = sqlx::postgres::PgConnectOptions::from_str(&url)
            .unwrap()
            .options([("search_path", schema)]);
        async move {
            Arc::new(
                registration_campaign::store::PostgresStore::connect_with(options)
                    .await
                    .unwrap(),
            ) as Arc<dyn CampaignStore>
        }
    };
    let mail = MailServer::start();
    let clock = Arc::new(ManualClock::new(START));
    let on = |store| notifying(Campaign::builder(store).clock(clock.clone()), &mail).build();
    let one = on(store(schema.clone()).await);
    let two = on(store(schema.clone()).await);
    one.replace_policy(policy(json!({}))).await.unwrap();
    with_deadline(&one).await;
    clock.advance(Duration::days(3));
    for _ in 0..3 {
        let (a, b) = tokio::join!(one.send_notifications(), two.send_notifications());
        a.unwrap();
        b.unwrap();
    }
    assert_eq!(subjects(&mail.inbox()).len(), 2, "{:#?}", mail.inbox());
    support::postgres::drop_test_schema(&url, &schema).await;
}

/// The demo as outside checks run it: `--smtp` to a mail server, a registration through the
/// browser, then the demo's clock moved towards a deadline set through the admin API.
#[test]
fn the_demo_sends_a_binding_notice_and_reminders_to_its_smtp_server() {
    use support::{Browser, Demo};
    let mail = MailServer::start();
    let dir = support::temp_dir();
    let smtp = mail.address.to_string();
    let demo = Demo::start(&dir, &["--smtp", &smtp, "--reminder-check-seconds", "1"]);
    crate::demo_server::register_grace_by_totp(&demo.address);
    let inbox = mail.wait_for(1, std::time::Duration::from_secs(20));
    let notice = only(&inbox);
    assert_eq!(notice.to, ["grace@contoso.test"]);
    assert_eq!(notice.subject, "A sign-in method was added to your account");
    assert!(
        notice.text.contains("IP address 127.0.0.1"),
        "{}",
        notice.text
    );
    assert!(notice.text.contains("Contoso"), "{}", notice.text);
    let metrics = Browser::new(&demo.address).get("/metrics");
    assert!(
        metrics
            .body
            .contains("registration_campaign_messages_sent_total{kind=\"bindingNotice\"} 1"),
        "{}",
        metrics.body
    );

    // A deadline in 10 days with a reminder 7 days before; then 3 days pass.
    let deadline = (time::OffsetDateTime::now_utc() + Duration::days(10))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let mut admin = Browser::new(&demo.address);
    let body = json!({"deadline": deadline, "reminders": {"daysBeforeDeadline": [7]}}).to_string();
    let patched = admin.request(
        "PATCH",
        "/v1.0/registrationCampaign/settings",
        Some(("application/json", &body)),
        &[("Authorization", &format!("Bearer {}", demo.admin_token))],
    );
    assert_eq!(patched.status, 200, "{}", patched.body);
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert_eq!(mail.inbox().len(), 1, "no reminder 10 days ahead");
    demo.advance_clock(3 * 24 * 60 * 60 + 60);
    // The demo reads its clock file at every request.
    assert_eq!(admin.get("/healthz").status, 200);
    mail.wait_for(2, std::time::Duration::from_secs(20));
    let inbox = mail.settled(std::time::Duration::from_secs(3));
    let reminders: Vec<&Mail> = inbox
        .iter()
        .filter(|m| m.subject.starts_with("Set up your sign-in method by"))
        .collect();
    assert!(!reminders.is_empty(), "{inbox:#?}");
    assert!(
        reminders.iter().all(|m| m.to[0] != "grace@contoso.test"),
        "Grace registered: {reminders:#?}"
    );
    assert!(
        reminders[0].text.contains("Sign in: http://"),
        "{}",
        reminders[0].text
    );
    // Once each, however often the check runs.
    let count = mail.inbox().len();
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert_eq!(mail.inbox().len(), count);
    let mut to: Vec<&String> = reminders.iter().map(|m| &m.to[0]).collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len(), reminders.len(), "one reminder per user");
}

#[tokio::test]
async fn an_exempt_user_gets_no_reminder() {
    let mail = MailServer::start();
    let h = harness(&mail).await;
    with_deadline(&h.campaign).await;
    let actor = registration_campaign::admin::Actor::default();
    h.campaign
        .exempt(
            ALICE,
            START + Duration::days(30),
            "Break-glass account",
            &actor,
        )
        .await
        .unwrap();
    h.clock.advance(Duration::days(3));
    let round = h.campaign.send_notifications().await.unwrap();
    assert_eq!(round.reminders_queued, 1, "Carole only");
    assert_eq!(
        subjects(&mail.inbox())
            .into_iter()
            .map(|(to, _)| to)
            .collect::<Vec<_>>(),
        ["carole@contoso.test"]
    );
}
