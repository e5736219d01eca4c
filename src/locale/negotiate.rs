//! Choosing the language of a page: the host's choice for the user, then the sign-in's
//! `ui_locales` hint, then the browser's `Accept-Language`, then the campaign's default.

use super::Language;

/// Only this much of an `Accept-Language` header is read: browsers send well under 200 bytes,
/// and a long header must not cost more than a short one.
const MAX_HEADER: usize = 1024;
/// At most this many entries are considered (of a header or a `ui_locales` list).
const MAX_ENTRIES: usize = 16;

/// The tags of an `Accept-Language` header, most wanted first, with their quality (`q`,
/// 0.001..=1). Entries with `q=0` (not wanted), a malformed `q`, `*`, or a tag that is not a
/// language tag are left out. Never panics; reads at most the first 1 KiB and 16 entries.
///
/// ```
/// use registration_campaign::locale::parse_accept_language;
/// let tags = parse_accept_language("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5");
/// let tags: Vec<_> = tags.iter().map(|(tag, q)| (tag.as_str(), *q)).collect();
/// assert_eq!(tags, [("fr-CH", 1000), ("fr", 900), ("en", 800), ("de", 700)]);
/// ```
///
/// Qualities are in thousandths (`q=0.9` is 900), so that they compare exactly.
pub fn parse_accept_language(header: &str) -> Vec<(Language, u16)> {
    let mut end = header.len().min(MAX_HEADER);
    while !header.is_char_boundary(end) {
        end -= 1;
    }
    let mut tags: Vec<(Language, u16)> = header[..end]
        .split(',')
        .take(MAX_ENTRIES)
        .filter_map(|entry| {
            let mut parts = entry.split(';');
            let tag = Language::parse(parts.next()?.trim())?;
            let mut q = 1000;
            for param in parts {
                let (name, value) = param.split_once('=')?;
                if name.trim().eq_ignore_ascii_case("q") {
                    q = quality(value.trim())?;
                }
            }
            (q > 0).then_some((tag, q))
        })
        .collect();
    // Stable: equal qualities keep the header's order.
    tags.sort_by_key(|t| std::cmp::Reverse(t.1));
    tags
}

/// `q`'s value in thousandths (RFC 9110: `0` to `1` with at most three decimals).
fn quality(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// What the request and the host say about the user's language, in the order they count.
#[derive(Debug, Clone, Copy, Default)]
pub struct LanguageWishes<'a> {
    /// The host's choice for this user (a saved preference): a tag.
    pub host_locale: Option<&'a str>,
    /// The sign-in's `ui_locales` hint (OpenID Connect: space-separated tags, preferred first).
    pub ui_locales: Option<&'a str>,
    /// The browser's `Accept-Language` header.
    pub accept_language: Option<&'a str>,
}

/// The first of `available` that the wishes name, source by source (a source that names no
/// available language passes to the next); `default` when none does. A wish matches an
/// available language by RFC 4647 lookup: `de-AT` is served by `de`, `zh-Hant-TW` by `zh-Hant`.
///
/// ```
/// use registration_campaign::locale::{Language, LanguageWishes, negotiate};
/// let available: Vec<Language> = ["en", "de", "ar"].iter().filter_map(|t| Language::parse(t)).collect();
/// let en = Language::english();
/// let browser = LanguageWishes { accept_language: Some("de-AT,de;q=0.9,en;q=0.5"), ..Default::default() };
/// assert_eq!(negotiate(&available, browser, &en).as_str(), "de");
/// // The user's saved preference wins over the browser.
/// let saved = LanguageWishes { host_locale: Some("ar"), ..browser };
/// assert_eq!(negotiate(&available, saved, &en).as_str(), "ar");
/// ```
pub fn negotiate(
    available: &[Language],
    wishes: LanguageWishes<'_>,
    default: &Language,
) -> Language {
    negotiate_locale(available, wishes, default).0
}

/// [`negotiate`], and the wish that chose it when it says more than the language (`ar-SA` for
/// `ar`): dates and numbers follow the wish.
pub(crate) fn negotiate_locale(
    available: &[Language],
    wishes: LanguageWishes<'_>,
    default: &Language,
) -> (Language, Option<Language>) {
    let host = wishes.host_locale.into_iter().filter_map(Language::parse);
    if let Some(found) = first_available(available, host) {
        return found;
    }
    let hint = wishes
        .ui_locales
        .into_iter()
        .flat_map(|list| {
            list.get(..list.len().min(MAX_HEADER))
                .unwrap_or_default()
                .split_ascii_whitespace()
        })
        .take(MAX_ENTRIES)
        .filter_map(Language::parse);
    if let Some(found) = first_available(available, hint) {
        return found;
    }
    let browser = wishes
        .accept_language
        .map(parse_accept_language)
        .unwrap_or_default();
    if let Some(found) = first_available(available, browser.into_iter().map(|(tag, _)| tag)) {
        return found;
    }
    (default.clone(), None)
}

fn first_available(
    available: &[Language],
    wanted: impl Iterator<Item = Language>,
) -> Option<(Language, Option<Language>)> {
    for tag in wanted {
        for candidate in Language::fallbacks(tag.as_str()) {
            if let Some(found) = available
                .iter()
                .find(|a| a.as_str().eq_ignore_ascii_case(candidate))
            {
                let more = (found.as_str().len() < tag.as_str().len()).then(|| tag.clone());
                return Some((found.clone(), more));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(tags: &[&str]) -> Vec<Language> {
        tags.iter().map(|t| Language::parse(t).unwrap()).collect()
    }

    fn pick(available: &[&str], wishes: LanguageWishes<'_>) -> String {
        negotiate(&langs(available), wishes, &Language::english()).to_string()
    }

    const BUILT_IN: &[&str] = &["en", "de", "fr", "es", "ja", "ar"];

    #[test]
    fn q_values_order_the_browsers_wishes() {
        let browser = |h| LanguageWishes {
            accept_language: Some(h),
            ..Default::default()
        };
        assert_eq!(pick(BUILT_IN, browser("ja;q=0.5, es;q=0.8")), "es");
        assert_eq!(pick(BUILT_IN, browser("it, fr;q=0.1")), "fr");
        assert_eq!(pick(BUILT_IN, browser("de-CH")), "de");
        assert_eq!(pick(BUILT_IN, browser("ar-EG,ar;q=0.9")), "ar");
        // q=0 means "not this one".
        assert_eq!(pick(BUILT_IN, browser("de;q=0, fr;q=0.2")), "fr");
        // Equal qualities keep the header's order.
        assert_eq!(pick(BUILT_IN, browser("fr;q=0.5, de;q=0.5")), "fr");
        assert_eq!(pick(BUILT_IN, browser("*")), "en");
        assert_eq!(pick(BUILT_IN, browser("")), "en");
    }

    #[test]
    fn the_host_beats_the_hint_which_beats_the_browser() {
        let all = LanguageWishes {
            host_locale: Some("ja"),
            ui_locales: Some("fr-CA es"),
            accept_language: Some("de"),
        };
        assert_eq!(pick(BUILT_IN, all), "ja");
        let no_host = LanguageWishes {
            host_locale: None,
            ..all
        };
        assert_eq!(pick(BUILT_IN, no_host), "fr");
        // A source naming nothing available passes to the next.
        let unknown = LanguageWishes {
            host_locale: Some("sv"),
            ui_locales: Some("fi nb"),
            accept_language: Some("de"),
        };
        assert_eq!(pick(BUILT_IN, unknown), "de");
        // A configured default when nothing matches.
        let none = LanguageWishes {
            accept_language: Some("sv"),
            ..Default::default()
        };
        let de = Language::parse("de").unwrap();
        assert_eq!(negotiate(&langs(BUILT_IN), none, &de).as_str(), "de");
    }

    #[test]
    fn malformed_entries_are_skipped_not_fatal() {
        let parsed = parse_accept_language(
            "de;q=2, fr;q=abc, es;q=0.5000, ja;q=1.0, ;;, en;q=.5, ar;q=0.25",
        );
        let tags: Vec<_> = parsed.iter().map(|(t, q)| (t.as_str(), *q)).collect();
        assert_eq!(tags, [("ja", 1000), ("ar", 250)]);
        assert!(parse_accept_language(&"de,".repeat(10_000)).len() <= MAX_ENTRIES);
        // A multi-byte character at the cut does not split a character.
        let long = format!("{}é", "a".repeat(MAX_HEADER - 1));
        let _ = parse_accept_language(&long);
    }
}
