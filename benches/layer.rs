//! Pass-through overhead of the layer against the same app without it, in one run, and the
//! time to render each page of the flow in each built-in language.
//!
//! Run: `cargo bench --bench layer`

use std::hint::black_box;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use criterion::{Criterion, criterion_group, criterion_main};
use registration_campaign::Campaign;
use registration_campaign::layer::sample_pages;
use registration_campaign::store::MemoryStore;
use tower::ServiceExt;

fn app() -> Router {
    Router::new().route("/hello", get(|| async { "hello" }))
}

fn pass_through(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
    // `with_state` finalizes the routers as `axum::serve` does, so neither side pays for
    // building routes per request.
    let without = app().with_state(());
    let with = app().layer(campaign.layer()).with_state(());
    // The layer around the whole router, as `ServiceBuilder` puts it: no per-route boxing.
    let around = tower::Layer::layer(&campaign.layer(), app().with_state(()));
    let request = || {
        Request::get("/hello")
            .header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
            )
            .body(Body::empty())
            .unwrap()
    };
    let mut group = c.benchmark_group("pass-through");
    group.bench_function("without layer", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(without.clone().oneshot(request()).await.unwrap()) })
    });
    group.bench_function("with layer", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(with.clone().oneshot(request()).await.unwrap()) })
    });
    group.bench_function("with layer around the router", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(around.clone().oneshot(request()).await.unwrap()) })
    });
    group.finish();
}

/// Every sample page in every built-in language (`render/de/prompt_3_skips_left`).
fn render_pages(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    let locales = registration_campaign::locale::Locales::builtin();
    for language in locales.languages() {
        let texts = locales.texts(language);
        for page in sample_pages() {
            group.bench_function(format!("{language}/{}", page.name), |b| {
                b.iter(|| black_box((page.render)(&texts)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, pass_through, render_pages);
criterion_main!(benches);
