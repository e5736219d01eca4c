//! Renders every sample page of the flow N times (or only those whose name contains FILTER) in
//! LANGUAGE (default `en`), for instruction counts that do not depend on how busy the machine is:
//!
//! ```text
//! cargo build --release --example render_instructions
//! for n in 100 300; do
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/render_instructions $n prompt_3_skips_left de 2>&1 | grep Collected
//! done   # instructions per render = (difference) / 200
//! ```

use registration_campaign::layer::sample_pages;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let filter = args.next().unwrap_or_default();
    let locales = registration_campaign::locale::Locales::builtin();
    let language = args
        .next()
        .and_then(|tag| registration_campaign::locale::Language::parse(&tag))
        .unwrap_or_else(registration_campaign::locale::Language::english);
    let texts = locales.texts(&language);
    let pages: Vec<_> = sample_pages()
        .into_iter()
        .filter(|p| p.name.contains(&filter))
        .collect();
    let mut bytes = 0;
    for _ in 0..n {
        for page in &pages {
            bytes += std::hint::black_box((page.render)(&texts)).len();
        }
    }
    println!("{} pages, {bytes} bytes", pages.len());
}
