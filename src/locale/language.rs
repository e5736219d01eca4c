//! [`Language`]: a BCP 47 language tag in its canonical spelling.

use std::fmt;
use std::sync::Arc;

/// The longest tag accepted (RFC 5646 recommends at least 35 characters of buffer).
const MAX_TAG: usize = 35;

/// A language the pages can be shown in, as a canonical BCP 47 tag (`en`, `de`, `pt-BR`,
/// `zh-Hant`).
///
/// ```
/// use registration_campaign::locale::Language;
/// let tag = Language::parse("PT-br").unwrap();
/// assert_eq!(tag.as_str(), "pt-BR");
/// assert!(Language::parse("ar").unwrap().is_right_to_left());
/// assert!(Language::parse("not a tag").is_none());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language(Arc<str>);

impl Language {
    /// Parses and canonicalizes a tag; `None` for anything that is not a well-formed language
    /// tag (`*`, empty, too long, stray characters).
    pub fn parse(tag: &str) -> Option<Self> {
        let tag = tag.trim();
        if tag.is_empty()
            || tag.len() > MAX_TAG
            || !tag
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return None;
        }
        let id: unic_langid::LanguageIdentifier = tag.parse().ok()?;
        if id.language.is_empty() {
            return None;
        }
        Some(Self(id.to_string().into()))
    }

    /// English, the language every message exists in.
    pub fn english() -> Self {
        Self("en".into())
    }

    /// The tag, as `<html lang>` and `Content-Language` carry it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language subtag alone (`pt` for `pt-BR`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// Whether the language is written right to left (Arabic, Hebrew, Persian, Urdu, ... or a
    /// tag with the Arabic or Hebrew script): the pages get `dir="rtl"`.
    pub fn is_right_to_left(&self) -> bool {
        const RTL: &[&str] = &[
            "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "ug", "ur", "yi",
        ];
        let mut subtags = self.0.split('-');
        let primary = subtags.next().unwrap_or_default();
        let script = subtags.find(|s| s.len() == 4);
        match script {
            Some("Arab" | "Hebr" | "Thaa" | "Syrc" | "Nkoo" | "Adlm" | "Rohg") => true,
            Some(_) => false,
            None => RTL.contains(&primary),
        }
    }

    /// `"rtl"` or `"ltr"`, for the `dir` attribute.
    pub fn direction(&self) -> &'static str {
        if self.is_right_to_left() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The tags to try for this one, most specific first (`zh-Hant-TW`, `zh-Hant`, `zh`): RFC 4647
    /// lookup.
    pub(crate) fn fallbacks(tag: &str) -> impl Iterator<Item = &str> {
        let mut rest = Some(tag);
        std::iter::from_fn(move || {
            let current = rest?;
            rest = current.rfind('-').map(|i| &current[..i]);
            Some(current)
        })
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Language({})", self.0)
    }
}

impl std::str::FromStr for Language {
    type Err = super::LocaleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| super::LocaleError::BadTag(s.chars().take(40).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_canonical_and_garbage_is_refused() {
        assert_eq!(Language::parse("de").unwrap().as_str(), "de");
        assert_eq!(Language::parse("EN_us").unwrap().as_str(), "en-US");
        assert_eq!(
            Language::parse("zh-hant-tw").unwrap().as_str(),
            "zh-Hant-TW"
        );
        for bad in ["", "*", "en US", "<script>", "x", &"a".repeat(40), "en--US"] {
            assert!(Language::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn arabic_and_hebrew_are_right_to_left_latin_is_not() {
        for rtl in ["ar", "ar-EG", "he", "fa", "ur", "az-Arab"] {
            assert!(Language::parse(rtl).unwrap().is_right_to_left(), "{rtl}");
        }
        for ltr in ["en", "de", "ja", "az-Latn", "ku-Latn"] {
            assert!(!Language::parse(ltr).unwrap().is_right_to_left(), "{ltr}");
        }
    }

    #[test]
    fn lookup_truncates_from_the_end() {
        let tags: Vec<_> = Language::fallbacks("zh-Hant-TW").collect();
        assert_eq!(tags, ["zh-Hant-TW", "zh-Hant", "zh"]);
    }
}
