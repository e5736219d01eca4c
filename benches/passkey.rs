//! The server's cost of the two passkey registration steps, through the `EnrollmentMethod`
//! API with the memory store: rendering the create page (options with a fresh challenge, kept
//! in the store) and checking the browser's answer (webauthn-rs verification of a real
//! `SoftPasskey` credential, the rules, the directory, and the store writes). The software
//! authenticator's own work happens outside the measured time.
//!
//! Run: `cargo bench --bench passkey`

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use registration_campaign::TenantId;
use registration_campaign::enroll::{
    EnrollContext, EnrollmentMethod, PasskeyMethod, ScanView, SecretKey, Submitted,
};
use registration_campaign::store::{MemoryStore, TenantStore};
use url::Url;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;

const ORIGIN: &str = "https://login.contoso.test";

fn options(view: ScanView) -> String {
    match view {
        ScanView::Passkey { options_json } => options_json,
        _ => unreachable!("the passkey method shows a passkey view"),
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let store = TenantStore::new(Arc::new(MemoryStore::new()), TenantId::default_tenant());
    let key = SecretKey::random();
    let method = PasskeyMethod::new(
        "contoso.test",
        &Url::parse(ORIGIN).expect("origin"),
        "Contoso",
        Arc::new(registration_campaign::MemoryDirectory::new()),
    )
    .expect("configuration");
    let now = time::OffsetDateTime::now_utc();
    let cx = EnrollContext::for_testing("alice", now, &store, &key);
    let handle = rt.block_on(method.begin(&cx)).expect("begin");

    c.bench_function("passkey/create options (scan)", |b| {
        b.iter(|| rt.block_on(method.scan(&cx, &handle)).expect("scan"))
    });

    c.bench_function("passkey/finish registration (submit)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut authenticator = SoftPasskey::new(true);
            for _ in 0..iters {
                let handle = rt.block_on(method.begin(&cx)).expect("begin");
                let json = options(rt.block_on(method.scan(&cx, &handle)).expect("scan"));
                let answer = authenticator
                    .do_registration(
                        Url::parse(ORIGIN).expect("origin"),
                        serde_json::from_str(&json).expect("options"),
                    )
                    .expect("registration");
                let code = serde_json::to_string(&answer).expect("answer");
                let start = Instant::now();
                let submitted = rt.block_on(method.submit(&cx, &handle, Some(&code)));
                total += start.elapsed();
                assert!(matches!(submitted, Ok(Submitted::Registered(_))));
            }
            total
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
