//! One decision for a policy with 1,000 include and 1,000 exclude targets and a user in 50
//! groups (issue target: a median under 1 µs).
//!
//! Run: `cargo bench --bench decision`

use criterion::{Criterion, criterion_group, criterion_main};
use registration_campaign::decision::{CampaignRules, decide};
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::{AuthMethod, SignInFacts, TenantSettings, UserCampaignState};
use serde_json::json;
use std::hint::black_box;

fn large_policy() -> AuthenticationMethodsPolicy {
    let include: Vec<_> = (0..1000)
        .map(|i| json!({"id": format!("00000000-0000-4000-8000-{i:012}"), "targetType": "group"}))
        .collect();
    let exclude: Vec<_> = (0..1000)
        .map(|i| json!({"id": format!("10000000-0000-4000-8000-{i:012}"), "targetType": "group"}))
        .collect();
    AuthenticationMethodsPolicy::default()
        .apply_patch(
            &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "includeTargets": include, "excludeTargets": exclude}}}),
        )
        .expect("valid policy")
}

fn bench(c: &mut Criterion) {
    let rules = CampaignRules::new(&large_policy());
    let mut sign_in = SignInFacts::new("5f7c2a51-4b0e-4c3a-9d8e-0a1b2c3d4e5f", AuthMethod::Sms);
    // 49 groups that match nothing, and the last one included: every id is looked up.
    sign_in.groups = (0..49)
        .map(|i| format!("20000000-0000-4000-8000-{i:012}"))
        .collect();
    sign_in
        .groups
        .push("00000000-0000-4000-8000-000000000777".into());
    let state = UserCampaignState::default();
    let tenant = TenantSettings::default();
    let now = time::OffsetDateTime::now_utc();
    assert!(decide(&rules, &sign_in, &state, &tenant, now).shows_campaign());

    c.bench_function("decide/1000 include + 1000 exclude, 50 groups", |b| {
        b.iter(|| decide(black_box(&rules), black_box(&sign_in), &state, &tenant, now))
    });
    c.bench_function("compile rules/1000 include + 1000 exclude", |b| {
        let policy = large_policy();
        b.iter(|| CampaignRules::new(black_box(&policy)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
