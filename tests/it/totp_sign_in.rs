//! `Campaign::verify_totp`: a host checks sign-in codes against the TOTP secret it stored.

use std::sync::Arc;

use registration_campaign::enroll::{TOTP_LOCKOUT, TotpSignIn};
use registration_campaign::store::MemoryStore;
use registration_campaign::{Campaign, ManualClock};
use time::Duration;

use crate::support::harness::{START, UnixNow};
use crate::support::totp;

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const USER: &str = "a11ce000-0000-4000-8000-000000000001";

fn campaign() -> (Campaign, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(START));
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .clock(clock.clone())
        .build();
    (campaign, clock)
}

#[tokio::test]
async fn a_code_works_once_with_one_step_of_drift() {
    let (campaign, clock) = campaign();
    let now = clock.now_unix();
    let current = totp(SECRET, now);
    assert_eq!(
        campaign.verify_totp(USER, SECRET, &current).await.unwrap(),
        TotpSignIn::Accepted
    );
    assert_eq!(
        campaign.verify_totp(USER, SECRET, &current).await.unwrap(),
        TotpSignIn::AlreadyUsed
    );
    // The previous step's code (a phone clock 30 s behind) is still good, once.
    let previous = totp(SECRET, now - 30);
    assert_eq!(
        campaign.verify_totp(USER, SECRET, &previous).await.unwrap(),
        TotpSignIn::Accepted
    );
    // Two steps away is not.
    let old = totp(SECRET, now - 90);
    assert!(matches!(
        campaign.verify_totp(USER, SECRET, &old).await.unwrap(),
        TotpSignIn::Wrong { .. }
    ));
    // Another user's state is their own.
    let next = totp(SECRET, now + 30);
    assert_eq!(
        campaign
            .verify_totp("other", SECRET, &current)
            .await
            .unwrap(),
        TotpSignIn::Accepted
    );
    assert_eq!(
        campaign.verify_totp(USER, SECRET, &next).await.unwrap(),
        TotpSignIn::Accepted
    );
}

#[tokio::test]
async fn five_wrong_codes_lock_the_user_out_through_the_store() {
    let (campaign, clock) = campaign();
    for left in [4, 3, 2, 1] {
        assert_eq!(
            campaign.verify_totp(USER, SECRET, "000000").await.unwrap(),
            TotpSignIn::Wrong {
                attempts_left: left
            }
        );
    }
    let until = START + TOTP_LOCKOUT;
    assert_eq!(
        campaign.verify_totp(USER, SECRET, "000000").await.unwrap(),
        TotpSignIn::LockedOut { until }
    );
    let right = totp(SECRET, clock.now_unix());
    assert_eq!(
        campaign.verify_totp(USER, SECRET, &right).await.unwrap(),
        TotpSignIn::LockedOut { until },
        "even a right code waits"
    );
    clock.advance(TOTP_LOCKOUT + Duration::seconds(1));
    let right = totp(SECRET, clock.now_unix());
    assert_eq!(
        campaign.verify_totp(USER, SECRET, &right).await.unwrap(),
        TotpSignIn::Accepted
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_code_sent_twenty_times_at_once_is_accepted_once() {
    let (campaign, clock) = campaign();
    let code = totp(SECRET, clock.now_unix());
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (campaign, code) = (campaign.clone(), code.clone());
            tokio::spawn(async move { campaign.verify_totp(USER, SECRET, &code).await })
        })
        .collect();
    let mut accepted = 0;
    for task in tasks {
        if task.await.unwrap().unwrap() == TotpSignIn::Accepted {
            accepted += 1;
        }
    }
    assert_eq!(accepted, 1);
}
