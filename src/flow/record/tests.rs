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

/// Issue 25, item 2: whatever order a flow's steps come in (a passkey flow never shows the
/// download page, an authenticator app's code registers without a test notification, Back
/// and replays repeat steps), what it counts is prefix-closed and each event at most once;
/// so summed over any number of flows, Started ≥ Scanned ≥ Tested ≥ Approved ≥ Registered,
/// with no closing needed at read time.
mod funnel_counts {
    use super::*;
    use crate::funnel::{DayCounts, FunnelEvent};
    use proptest::prelude::*;

    fn event() -> impl Strategy<Value = FunnelEvent> {
        prop::sample::select(FunnelEvent::PROGRESS.to_vec())
    }

    /// A step of a flow, or a switch of its method (push to an app's code and back).
    fn action() -> impl Strategy<Value = Result<FunnelEvent, &'static str>> {
        prop_oneof![
            4 => event().prop_map(Ok),
            1 => prop::sample::select(vec!["push", "totp"]).prop_map(Err),
        ]
    }

    proptest! {
        #[test]
        fn a_flows_counted_steps_are_prefix_closed_and_counted_once(
            flows in prop::collection::vec(prop::collection::vec(event(), 0..8), 1..20)
        ) {
            let mut day = DayCounts::default();
            for steps in flows {
                let mut f = flow();
                let mut recorded = Vec::new();
                for step in steps {
                    recorded.extend(f.count_through(step).events);
                }
                let mut once = recorded.clone();
                once.dedup();
                prop_assert_eq!(once.len(), recorded.len(), "each event once: {:?}", recorded);
                prop_assert!(
                    FunnelEvent::PROGRESS[..recorded.len()] == recorded[..],
                    "a prefix of the steps, in order: {:?}", recorded
                );
                for event in recorded {
                    day.add(event, 1);
                }
            }
            prop_assert!(day.download >= day.scan);
            prop_assert!(day.scan >= day.test_sent);
            prop_assert!(day.test_sent >= day.test_approved);
            prop_assert!(day.test_approved >= day.registered);
            prop_assert_eq!(day.closed(), day);
        }

        #[test]
        fn each_methods_funnel_only_shrinks_and_counts_each_step_once(
            flows in prop::collection::vec(prop::collection::vec(action(), 0..12), 1..20)
        ) {
            let mut by_method: std::collections::BTreeMap<String, DayCounts> = Default::default();
            for actions in flows {
                let mut f = flow();
                let mut seen = Vec::new();
                for action in actions {
                    match action {
                        Err(method) => f.method = Some(method.to_owned()),
                        Ok(step) => {
                            if let Some((method, events)) = f.count_through(step).by_method {
                                for event in events {
                                    prop_assert!(!seen.contains(&(method.clone(), event)), "{method} {event:?} twice");
                                    seen.push((method.clone(), event));
                                    by_method.entry(method.clone()).or_default().add(event, 1);
                                }
                            }
                        }
                    }
                }
            }
            for (method, c) in by_method {
                prop_assert!(c.scan >= c.test_sent, "{method}: {c:?}");
                prop_assert!(c.test_sent >= c.test_approved, "{method}: {c:?}");
                prop_assert!(c.test_approved >= c.registered, "{method}: {c:?}");
                prop_assert_eq!(c.download, 0);
            }
        }
    }

    #[test]
    fn days_counted_before_the_steps_were_closed_read_closed() {
        // A passkey flow counted as scanned and registered but never started or tested.
        let old = DayCounts {
            nudge_shown: 3,
            scan: 2,
            registered: 1,
            ..DayCounts::default()
        };
        let closed = old.closed();
        assert_eq!(
            (
                closed.download,
                closed.scan,
                closed.test_sent,
                closed.test_approved,
                closed.registered
            ),
            (2, 2, 1, 1, 1)
        );
        assert_eq!(closed.nudge_shown, 3);
    }
}
