//! The catalog's tests: loading, checking and pseudo-localizing messages.

use super::*;

#[test]
fn counted_messages_are_remembered_per_language_and_number() {
    let locales = Locales::builtin();
    let en = locales.texts(&Language::english());
    let de = locales.texts(&Language::parse("de").unwrap());
    for _ in 0..2 {
        for (n, text) in [(1, "1 more time"), (2, "2 more times"), (1, "1 more time")] {
            let shown = en.fmt("prompt-skips-left").num("skips", n).to_string();
            assert!(shown.contains(text), "{shown}");
        }
        let shown = de.fmt("prompt-skips-left").num("skips", 2).to_string();
        assert!(shown.contains("2-mal"), "{shown}");
        let step = en.fmt("step-of").num("number", 2).num("total", 4).plain();
        assert_eq!(step, "Step 2 of 4");
        let step = en.fmt("step-of").num("total", 2).num("number", 4).plain();
        assert_eq!(step, "Step 4 of 2", "the same numbers under other names");
    }
}

#[test]
fn arguments_are_escaped_in_html_only() {
    let en = Texts::english();
    let html = en
        .fmt("approved-connected")
        .arg("device", "<b>Bob's</b>")
        .to_string();
    assert_eq!(html, "&#60;b&#62;Bob&#39;s&#60;/b&#62; is connected.");
    let plain = en
        .fmt("approved-connected")
        .arg("device", "<b>Bob's</b>")
        .plain();
    assert_eq!(plain, "<b>Bob's</b> is connected.");
}

#[test]
fn the_pseudo_locale_accents_letters_but_not_markup() {
    assert_eq!(
        pseudo_text("Your <strong>passkey</strong>"),
        "Ýöûŕ <strong>þàššķéý</strong>"
    );
}
