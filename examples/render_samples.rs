//! Writes every page of the flow, rendered with fixed sample inputs, to a folder that a static
//! file server can show, for design and accessibility reviews.
//!
//! `cargo run --example render_samples -- target/samples` then serve `target/samples` (for
//! example `python3 -m http.server -d target/samples`) and open
//! `/registration-campaign/prompt_3_skips_left.html`. A second argument names a language:
//! `cargo run --example render_samples -- target/samples-ar ar`.

use std::path::PathBuf;

use registration_campaign::layer::sample_pages;

fn main() -> std::io::Result<()> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/samples".into()),
    );
    let pages = out.join("registration-campaign");
    let assets = pages.join("assets");
    std::fs::create_dir_all(&assets)?;
    let root = env!("CARGO_MANIFEST_DIR");
    for asset in ["campaign.css", "campaign.js"] {
        std::fs::copy(format!("{root}/assets/{asset}"), assets.join(asset))?;
    }
    let locales = registration_campaign::locale::Locales::builtin();
    let language = std::env::args()
        .nth(2)
        .and_then(|tag| registration_campaign::locale::Language::parse(&tag))
        .unwrap_or_else(registration_campaign::locale::Language::english);
    let texts = locales.texts(&language);
    for page in sample_pages() {
        std::fs::write(
            pages.join(format!("{}.html", page.name)),
            (page.render)(&texts),
        )?;
    }
    println!(
        "wrote {} pages to {}",
        sample_pages().len(),
        pages.display()
    );
    Ok(())
}
