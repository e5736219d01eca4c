//! Localization (issue 14): every language has every message, no page escapes translation,
//! the host's choice of language wins, and a host can add or override languages.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use fluent_bundle::FluentResource;
use fluent_syntax::ast;
use proptest::prelude::*;
use registration_campaign::layer::sample_pages;
use registration_campaign::locale::{
    Language, LanguageWishes, LocaleError, Locales, builtin_sources, negotiate,
    parse_accept_language,
};
use serde_json::json;

use crate::support::harness::{ALICE, CHROME, harness};

fn ids(text: &str) -> BTreeSet<String> {
    let resource = FluentResource::try_new(text.to_owned()).expect("built-in messages parse");
    resource
        .entries()
        .filter_map(|e| match e {
            ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_language_has_every_message_and_no_other() {
    let sources = builtin_sources();
    let english: BTreeSet<String> = sources
        .iter()
        .filter(|(tag, ..)| *tag == "en")
        .flat_map(|(_, _, text)| ids(text))
        .collect();
    assert!(english.len() > 150, "{}", english.len());
    let languages: BTreeSet<&str> = sources.iter().map(|(tag, ..)| *tag).collect();
    assert_eq!(
        languages,
        ["ar", "de", "en", "es", "fr", "ja"].into_iter().collect()
    );
    for language in languages {
        let theirs: BTreeSet<String> = sources
            .iter()
            .filter(|(tag, ..)| *tag == language)
            .flat_map(|(_, _, text)| ids(text))
            .collect();
        let missing: Vec<_> = english.difference(&theirs).collect();
        let extra: Vec<_> = theirs.difference(&english).collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
        assert!(extra.is_empty(), "{language} has extra {extra:?}");
    }
}

#[test]
fn the_demos_own_messages_exist_in_every_language_too() {
    let root = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/demo/locales"
    ));
    let read = |tag: &str| ids(&std::fs::read_to_string(root.join(tag).join("demo.ftl")).unwrap());
    let english = read("en");
    for tag in ["de", "fr", "es", "ja", "ar"] {
        assert_eq!(read(tag), english, "{tag}");
    }
}

#[test]
fn the_demo_serves_its_own_pages_and_the_flow_in_the_browsers_language() {
    let data = crate::support::temp_dir();
    let demo = crate::support::Demo::start(&data, &[]);
    let mut browser = crate::support::Browser::new(&demo.address);
    browser.accept_language = Some("de-DE,de;q=0.9,en;q=0.5".into());
    let login = browser.get("/login");
    assert!(login.body.contains("<html lang=\"de\">"), "{}", login.body);
    assert!(login.body.contains(">Anmelden</button>"));
    // The forms post to the same routes with the same fields.
    assert!(login.body.contains("action=\"/login\"") && login.body.contains("name=\"username\""));
    let nudge = browser.sign_in("alice@contoso.test", "alice-demo");
    assert_eq!(nudge.status, 303);
    let prompt = browser.get("/registration-campaign");
    assert!(
        prompt.body.contains("<html lang=\"de\">"),
        "{}",
        prompt.body
    );
    assert!(prompt.body.contains(">Jetzt überspringen</button>"));
    let csrf = prompt.csrf();
    let skipped = browser.post(
        "/registration-campaign/skip",
        &format!("csrf={csrf}&step=prompt"),
    );
    assert_eq!(skipped.status, 303, "{}", skipped.body);
    let home = browser.get("/");
    assert!(home.body.contains("Angemeldet als Alice"), "{}", home.body);

    let mut arabic = crate::support::Browser::new(&demo.address);
    arabic.accept_language = Some("ar".into());
    let login = arabic.get("/login");
    assert!(
        login.body.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        login.body
    );
    // No Accept-Language: today's English pages.
    let mut english = crate::support::Browser::new(&demo.address);
    let login = english.get("/login");
    assert!(login.body.contains("<html lang=\"en\">") && login.body.contains(">Sign in</button>"));
}

#[test]
fn the_built_in_list_names_every_file_of_the_locales_folder() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
    let mut on_disk = BTreeSet::new();
    for folder in std::fs::read_dir(root).unwrap() {
        let folder = folder.unwrap().path();
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            on_disk.insert(format!(
                "{}/{}",
                folder.file_name().unwrap().to_string_lossy(),
                file.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    let compiled: BTreeSet<String> = builtin_sources()
        .iter()
        .map(|(tag, name, _)| format!("{tag}/{name}"))
        .collect();
    assert_eq!(on_disk, compiled);
}

/// The visible words of a page: text between tags and the attributes people read or hear.
fn visible_texts(html: &str) -> Vec<String> {
    let mut html = html.to_owned();
    for (open, close) in [
        ("<svg", "</svg>"),
        ("<script", "</script>"),
        ("<code", "</code>"),
    ] {
        while let Some(start) = html.find(open) {
            let end = html[start..]
                .find(close)
                .map_or(html.len(), |e| start + e + close.len());
            html.replace_range(start..end, " ");
        }
    }
    let mut out = Vec::new();
    let mut rest = html.as_str();
    while let Some(lt) = rest.find('<') {
        out.push(rest[..lt].to_owned());
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
        let tag = &rest[lt..gt];
        for attribute in [
            "alt",
            "title",
            "aria-label",
            "data-copy-label",
            "placeholder",
        ]
        .iter()
        .map(|a| format!(" {a}=\""))
        .chain(tag.match_indices(" data-text-").map(|(i, _)| {
            let name_end = tag[i..].find('=').map_or(tag.len(), |e| i + e);
            format!("{}=\"", &tag[i..name_end])
        })) {
            if let Some(at) = tag.find(&attribute) {
                let value = &tag[at + attribute.len()..];
                out.push(value.split('"').next().unwrap_or_default().to_owned());
            }
        }
        rest = &rest[gt..];
    }
    out.push(rest.to_owned());
    out
}

/// Words of at least two plain ASCII letters in `text`, after removing the sample data.
fn untranslated(text: &str) -> Vec<String> {
    const DATA: &[&str] = &[
        "Alice &#60;Admin&#62; &#38; Co",
        "Alice&#39;s Pixel",
        "alice@contoso.test",
        "Microsoft Authenticator",
        "Google Password Manager",
        "Work laptop &#60;Chrome&#62;",
        "Contoso",
        "Alice",
    ];
    let mut text = text.to_owned();
    for data in DATA {
        text = text.replace(data, " ");
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_pseudo_locale_leaves_no_english_on_any_page() {
    let locales = Locales::builtin();
    let pseudo = locales.pseudo();
    assert_eq!(pseudo.text("next"), "Ñéẋţ");
    let mut escaped = Vec::new();
    for page in sample_pages() {
        let html = (page.render)(&pseudo);
        assert!(html.contains("<html lang=\"en-XA\">"), "{}", page.name);
        for text in visible_texts(&html) {
            for word in untranslated(&text) {
                escaped.push(format!("{}: {word:?} in {:?}", page.name, text.trim()));
            }
        }
    }
    assert!(escaped.is_empty(), "untranslated:\n{}", escaped.join("\n"));
    // The check itself finds English: every English page has words it would flag.
    for page in sample_pages() {
        let english = page.render_english();
        let found: Vec<String> = visible_texts(&english)
            .iter()
            .flat_map(|t| untranslated(t))
            .collect();
        assert!(found.len() > 5, "{}: {found:?}", page.name);
    }
}

#[test]
fn every_page_renders_in_every_language_without_a_missing_message() {
    let locales = Locales::builtin();
    for language in locales.languages() {
        let texts = locales.texts(language);
        for page in sample_pages() {
            let html = (page.render)(&texts);
            let lang = format!("<html lang=\"{language}\"");
            assert!(html.contains(&lang), "{language} {}", page.name);
            assert_eq!(
                html.contains("dir=\"rtl\""),
                language.as_str() == "ar",
                "{language} {}",
                page.name
            );
            assert_eq!(html.matches("<h1").count(), 1, "{language} {}", page.name);
            // A missing message would show its id.
            for id in ["skip-for-now", "step-of", "prompt-heading", "footer-asks"] {
                assert!(!html.contains(id), "{language} {}: {id}", page.name);
            }
            // The forms post to the same routes with the same fields in every language.
            let english = page.render_english();
            let forms = |html: &str| -> Vec<String> {
                html.split("<form")
                    .skip(1)
                    .map(|f| f.split('>').next().unwrap_or_default().to_owned())
                    .collect()
            };
            assert_eq!(forms(&html), forms(&english), "{language} {}", page.name);
        }
    }
    assert_eq!(locales.missing_translations(), 0);
}

#[test]
fn german_and_arabic_say_it_their_way() {
    let locales = Locales::builtin();
    let page = |tag: &str, name: &str| {
        let texts = locales.texts(&Language::parse(tag).unwrap());
        let page = sample_pages().into_iter().find(|p| p.name == name).unwrap();
        (page.render)(&texts).replace(['\u{2068}', '\u{2069}'], "")
    };
    let de = page("de", "prompt_deadline_12_days_3_skips_left");
    assert!(de.contains(">Weiter</button>"), "{de}");
    assert!(de.contains(">Jetzt überspringen</button>"));
    assert!(
        de.contains("In 12 Tagen erforderlich (bis 15. Januar 2027)"),
        "{de}"
    );
    assert!(de.contains("noch 3-mal übersprungen haben"));
    let de = page("de", "prompt_1_skips_left");
    assert!(de.contains("noch ein weiteres Mal überspringen"), "{de}");
    let ar = page("ar", "prompt_2_skips_left");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(ar.contains("مرتين أخريين"), "Arabic has a dual: {ar}");
    let ar = page("ar", "prompt_3_skips_left");
    assert!(ar.contains("3 مرات أخرى"), "few: {ar}");
    let ja = page("ja", "step_3_scan_totp_wrong_code_required");
    assert!(ja.contains("残り 3 回入力できます。"), "{ja}");
}

#[test]
fn a_host_directory_adds_a_language_and_overrides_a_message() {
    let dir = crate::support::temp_dir();
    std::fs::create_dir_all(dir.join("it")).unwrap();
    std::fs::create_dir_all(dir.join("de")).unwrap();
    std::fs::write(
        dir.join("it/campaign.ftl"),
        "next = Avanti\nskip-for-now = Salta per ora\n",
    )
    .unwrap();
    std::fs::write(dir.join("de/campaign.ftl"), "next = Fortfahren\n").unwrap();
    std::fs::write(dir.join("de/README.txt"), "not a message file").unwrap();
    let locales = Locales::builtin().with_dir(&dir).unwrap();
    assert!(locales.languages().iter().any(|l| l.as_str() == "it"));
    let it = locales.negotiate(LanguageWishes {
        accept_language: Some("it-IT,it;q=0.9"),
        ..Default::default()
    });
    assert_eq!(it.text("next"), "Avanti");
    // Not translated: English, counted, never blank.
    assert_eq!(locales.missing_translations(), 0);
    assert_eq!(it.text("back"), "Back");
    assert_eq!(locales.missing_translations(), 1);
    let de = locales.texts(&Language::parse("de").unwrap());
    assert_eq!(de.text("next"), "Fortfahren");
    assert_eq!(de.text("back"), "Zurück");
    let page = sample_pages().into_iter().next().unwrap();
    let html = (page.render)(&it);
    assert!(html.contains("<html lang=\"it\">") && html.contains(">Avanti</button>"));
}

#[test]
fn a_broken_host_file_is_a_clear_error() {
    let dir = crate::support::temp_dir();
    std::fs::create_dir_all(dir.join("fr")).unwrap();
    std::fs::write(
        dir.join("fr/campaign.ftl"),
        "next = Suivant\nbroken line {\n",
    )
    .unwrap();
    let error = Locales::builtin().with_dir(&dir).unwrap_err();
    assert!(
        matches!(error, LocaleError::Syntax { line: 2, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("campaign.ftl"), "{error}");

    let dir = crate::support::temp_dir();
    std::fs::create_dir_all(dir.join("fr")).unwrap();
    std::fs::write(dir.join("fr/campaign.ftl"), "next = <b>Suivant</b>\n").unwrap();
    let error = Locales::builtin().with_dir(&dir).unwrap_err();
    assert!(matches!(error, LocaleError::Markup { .. }), "{error}");

    let dir = crate::support::temp_dir();
    std::fs::create_dir_all(dir.join("not a tag")).unwrap();
    assert!(matches!(
        Locales::builtin().with_dir(&dir),
        Err(LocaleError::BadTag(_))
    ));
    assert!(matches!(
        Locales::builtin().with_default_language("sv"),
        Err(LocaleError::Unavailable(_))
    ));
}

#[tokio::test]
async fn the_hosts_choice_beats_the_hint_which_beats_the_browser() {
    // Snoozes of 0 days: every sign-in is nudged.
    let h = harness(
        json!({"snoozeDurationInDays": 0, "enforceRegistrationAfterAllowedSnoozes": false}),
    )
    .await;
    let prompt = |query: String, accept: &'static str| {
        let h = &h;
        async move {
            let redirect = h
                .send(
                    Request::post(format!("/mfa?{query}"))
                        .header(header::USER_AGENT, CHROME)
                        .header(header::ACCEPT_LANGUAGE, accept)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(redirect.status, StatusCode::SEE_OTHER, "{}", redirect.body);
            let cookie = redirect.flow_cookie().unwrap();
            // Later pages are in the flow's language, whatever this request says.
            h.send(
                Request::get("/registration-campaign")
                    .header(header::COOKIE, &cookie)
                    .header(header::ACCEPT_LANGUAGE, "es")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
        }
    };
    let browser = prompt(format!("user={ALICE}&attempt=1"), "de-DE,de;q=0.9").await;
    assert!(
        browser.body.contains("<html lang=\"de\">"),
        "{}",
        browser.body
    );
    assert!(browser.body.contains(">Weiter</button>"));
    assert_eq!(browser.headers.get("content-language").unwrap(), "de");
    let host = prompt(
        format!("user={ALICE}&attempt=2&locale=ar"),
        "de-DE,de;q=0.9",
    )
    .await;
    assert!(
        host.body.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        host.body
    );
    let hint = prompt(format!("user={ALICE}&attempt=3&ui_locales=ja%20fr"), "de").await;
    assert!(hint.body.contains("<html lang=\"ja\">"), "{}", hint.body);
    let nothing = prompt(format!("user={ALICE}&attempt=4"), "sv").await;
    assert!(nothing.body.contains("<html lang=\"en\">"));
    assert!(
        nothing.body.contains(">Next</button>") && nothing.body.contains(">Skip for now</button>")
    );
    // Pages outside a flow follow the browser.
    let expired = h
        .send(
            Request::get("/registration-campaign")
                .header(header::ACCEPT_LANGUAGE, "fr-CA,fr;q=0.8")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(
        expired.body.contains("<html lang=\"fr\">"),
        "{}",
        expired.body
    );
    assert!(
        expired
            .body
            .contains("Votre session de configuration a expiré.")
    );
    assert_eq!(expired.headers.get("vary").unwrap(), "Accept-Language");
}

proptest! {
    #[test]
    fn the_accept_language_parser_never_panics(header in ".{0,3000}") {
        let parsed = parse_accept_language(&header);
        prop_assert!(parsed.len() <= 16);
        let available = Locales::builtin().languages().to_vec();
        let wishes = LanguageWishes { host_locale: Some(&header), ui_locales: Some(&header), accept_language: Some(&header) };
        let chosen = negotiate(&available, wishes, &Language::english());
        prop_assert!(available.contains(&chosen));
    }

    #[test]
    fn well_formed_headers_pick_the_best_available(q1 in 1u16..=1000, q2 in 1u16..=1000) {
        let header = format!("de;q={}, fr;q={}", f64::from(q1) / 1000.0, f64::from(q2) / 1000.0);
        let available = Locales::builtin().languages().to_vec();
        let wishes = LanguageWishes { accept_language: Some(&header), ..Default::default() };
        let chosen = negotiate(&available, wishes, &Language::english());
        let expected = if q2 > q1 { "fr" } else { "de" };
        prop_assert_eq!(chosen.as_str(), expected);
    }
}
