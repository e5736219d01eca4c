//! The flow record's tests: starting, steps, feedback, and what each status allows.

use super::*;
use time::macros::datetime;

fn start() -> (Flow, String) {
    Flow::start(
        NewFlow {
            attempt: "a".into(),
            continue_url: "/".into(),
            required: false,
            skips_left: Some(3),
            allowed_snoozes: Some(3),
            snooze_days: 1,
            deadline: None,
            utc_offset: None,
            display_name: "Alice".into(),
            sign_in_name: None,
            held: None,
            passkey_rules: None,
            language: crate::locale::Language::english(),
        },
        datetime!(2026-11-28 09:00 UTC),
    )
}

fn flow() -> Flow {
    start().0
}

#[test]
fn csrf_tokens_tell_other_flows_from_forgeries() {
    let f = flow();
    let other = flow();
    assert_eq!(f.check_csrf(&f.csrf_token()), CsrfCheck::Valid);
    assert_eq!(f.check_csrf(&other.csrf_token()), CsrfCheck::OtherFlow);
    let forged = format!("{}.{}", f.public_id, other.csrf_secret);
    assert_eq!(f.check_csrf(&forged), CsrfCheck::Invalid);
    assert_eq!(f.check_csrf(""), CsrfCheck::Invalid);
    assert_eq!(f.check_csrf(&f.csrf_secret), CsrfCheck::Invalid);
}

#[test]
fn the_record_keeps_only_a_hash_of_the_flow_id() {
    let (f, id) = start();
    assert!(f.is(&id));
    assert!(!f.is("another"));
    assert!(!serde_json::to_string(&f).unwrap().contains(&id));
}

#[test]
fn back_goes_one_step_until_the_authenticator_is_registered() {
    assert_eq!(FlowStep::Download.previous(), Some(FlowStep::Prompt));
    assert_eq!(FlowStep::Verify.previous(), Some(FlowStep::Scan));
    for step in [
        FlowStep::Prompt,
        FlowStep::Saving,
        FlowStep::Approved,
        FlowStep::Done,
    ] {
        assert_eq!(step.previous(), None, "{step:?}");
    }
}

#[test]
fn a_record_from_before_deadlines_still_reads_and_shows_no_deadline_in_utc() {
    let mut old = serde_json::to_value(flow()).unwrap();
    let object = old.as_object_mut().unwrap();
    object.remove("deadline");
    object.remove("utcOffset");
    let read: Flow = serde_json::from_value(old).unwrap();
    assert_eq!(read.deadline(), None);
    assert_eq!(read.utc_offset(), time::UtcOffset::UTC);
}

#[test]
fn the_deadline_and_the_users_offset_survive_the_store() {
    let (mut new_flow, _) = start();
    new_flow.deadline = Some(datetime!(2027-01-15 00:00 UTC).unix_timestamp());
    new_flow.utc_offset = Some(3600);
    let read: Flow = serde_json::from_str(&serde_json::to_string(&new_flow).unwrap()).unwrap();
    assert_eq!(read.deadline(), Some(datetime!(2027-01-15 00:00 UTC)));
    assert_eq!(read.utc_offset(), time::macros::offset!(+1));
}

#[test]
fn steps_round_trip_by_name() {
    for step in [FlowStep::Prompt, FlowStep::Saving, FlowStep::Done] {
        assert_eq!(FlowStep::from_name(step.name()), Some(step));
    }
    assert_eq!(FlowStep::from_name("nope"), None);
}
