//! [`Locales`]: every language's messages, loaded and checked (the texts of one language are
//! `texts.rs`).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use fluent_bundle::FluentResource;
use fluent_syntax::ast;

use super::bundle::{Bundle, Catalog, FastMap, Shared, Source};
use super::negotiate::LanguageWishes;
use super::pseudo::pseudo_text;
use super::texts::{Index, Texts};
use super::{Language, LocaleError};

/// The built-in messages, compiled into the crate: `locales/<tag>/<name>.ftl` (English always,
/// the other languages with the `languages` feature). A unit test checks that this list names
/// every file of the directory.
const BUILT_IN: &[(&str, &str, &str)] = &[
    (
        "en",
        "campaign.ftl",
        include_str!("../../../locales/en/campaign.ftl"),
    ),
    (
        "en",
        "admin.ftl",
        include_str!("../../../locales/en/admin.ftl"),
    ),
    #[cfg(feature = "languages")]
    (
        "de",
        "campaign.ftl",
        include_str!("../../../locales/de/campaign.ftl"),
    ),
    #[cfg(feature = "languages")]
    (
        "de",
        "admin.ftl",
        include_str!("../../../locales/de/admin.ftl"),
    ),
    #[cfg(feature = "languages")]
    (
        "fr",
        "campaign.ftl",
        include_str!("../../../locales/fr/campaign.ftl"),
    ),
    #[cfg(feature = "languages")]
    (
        "fr",
        "admin.ftl",
        include_str!("../../../locales/fr/admin.ftl"),
    ),
    #[cfg(feature = "languages")]
    (
        "es",
        "campaign.ftl",
        include_str!("../../../locales/es/campaign.ftl"),
    ),
    #[cfg(feature = "languages")]
    (
        "es",
        "admin.ftl",
        include_str!("../../../locales/es/admin.ftl"),
    ),
    #[cfg(feature = "languages")]
    (
        "ja",
        "campaign.ftl",
        include_str!("../../../locales/ja/campaign.ftl"),
    ),
    #[cfg(feature = "languages")]
    (
        "ja",
        "admin.ftl",
        include_str!("../../../locales/ja/admin.ftl"),
    ),
    #[cfg(feature = "languages")]
    (
        "ar",
        "campaign.ftl",
        include_str!("../../../locales/ar/campaign.ftl"),
    ),
    #[cfg(feature = "languages")]
    (
        "ar",
        "admin.ftl",
        include_str!("../../../locales/ar/admin.ftl"),
    ),
];

/// The pseudo-locale's tag: English with every letter accented, for tests that look for text
/// that escaped translation. Never chosen by negotiation.
pub const PSEUDO: &str = "en-XA";

/// Markup a message may contain. Messages are HTML: arguments are escaped, the message's own
/// text is not, so it may emphasize a word or mark one as code, and nothing else.
const ALLOWED_TAGS: &[&str] = &["<strong>", "</strong>", "<code>", "</code>"];

/// The messages of every language the pages can be shown in: the built-in ones (English,
/// German, French, Spanish, Japanese, Arabic), plus any a host adds or overrides with `.ftl`
/// files ([`with_dir`](Self::with_dir)). Cheap to clone.
///
/// ```
/// use registration_campaign::locale::{LanguageWishes, Locales};
/// let locales = Locales::builtin();
/// let texts = locales.negotiate(LanguageWishes {
///     accept_language: Some("de-DE,de;q=0.9,en;q=0.8"),
///     ..Default::default()
/// });
/// assert_eq!(texts.language().as_str(), "de");
/// assert_eq!(texts.text("skip-for-now"), "Jetzt überspringen");
/// assert_eq!(texts.fmt("prompt-skips-left").num("skips", 2).plain(),
///            "Sie können diesen Schritt noch 2-mal überspringen.");
/// ```
#[derive(Clone)]
pub struct Locales {
    shared: Arc<Shared>,
}

impl fmt::Debug for Locales {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locales")
            .field("languages", &self.shared.languages)
            .field("default", &self.default_language())
            .finish_non_exhaustive()
    }
}

impl Default for Locales {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Locales {
    /// The built-in languages, English by default.
    pub fn builtin() -> Self {
        static BUILT: std::sync::OnceLock<Locales> = std::sync::OnceLock::new();
        BUILT
            .get_or_init(|| {
                let sources = BUILT_IN
                    .iter()
                    .map(|(tag, name, text)| {
                        let language = Language::parse(tag).expect("built-in tags are valid");
                        parse(&language, name, (*text).to_owned())
                            .unwrap_or_else(|e| panic!("built-in messages: {e}"))
                    })
                    .collect();
                Self::build(sources, Language::english()).expect("built-in messages build")
            })
            .clone()
    }

    /// Adds or overrides messages with the `.ftl` files of `dir`, one folder per language named
    /// by its tag (`dir/de/campaign.ftl`, `dir/it/campaign.ftl`): a message of a built-in
    /// language replaces the built-in one, a new folder adds a language. Files whose name does
    /// not end in `.ftl` are ignored. A message missing from a language falls back to English.
    ///
    /// Errors name the file: a folder whose name is not a language tag, a file that does not
    /// parse as Fluent, or a message with markup other than `<strong>` and `<code>`.
    pub fn with_dir(self, dir: impl AsRef<Path>) -> Result<Self, LocaleError> {
        let dir = dir.as_ref();
        let io = |path: &Path, error: std::io::Error| LocaleError::Io {
            path: path.to_owned(),
            error,
        };
        let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| io(dir, e))?
            .map(|entry| entry.map(|e| e.path()).map_err(|e| io(dir, e)))
            .collect::<Result<_, _>>()?;
        folders.sort();
        let mut sources = self.shared.sources.clone();
        for folder in folders.into_iter().filter(|p| p.is_dir()) {
            let name = folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let language =
                Language::parse(&name).ok_or_else(|| LocaleError::BadTag(name.clone()))?;
            let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
                .map_err(|e| io(&folder, e))?
                .map(|entry| entry.map(|e| e.path()).map_err(|e| io(&folder, e)))
                .collect::<Result<_, _>>()?;
            files.sort();
            for file in files
                .into_iter()
                .filter(|f| f.extension().is_some_and(|e| e == "ftl"))
            {
                let text = std::fs::read_to_string(&file).map_err(|e| io(&file, e))?;
                sources.push(parse(&language, &file.display().to_string(), text)?);
            }
        }
        Self::build(sources, self.default_language().clone())
    }

    /// Adds or overrides messages of `language` with one Fluent resource (`name` is shown in
    /// errors), as [`with_dir`](Self::with_dir) does with each file.
    pub fn with_ftl(self, language: &str, name: &str, ftl: &str) -> Result<Self, LocaleError> {
        let language =
            Language::parse(language).ok_or_else(|| LocaleError::BadTag(language.into()))?;
        let mut sources = self.shared.sources.clone();
        sources.push(parse(&language, name, ftl.to_owned())?);
        Self::build(sources, self.default_language().clone())
    }

    /// The language shown when neither the host nor the browser names an available one
    /// (English unless changed). Errors if `tag` is not one of [`languages`](Self::languages).
    pub fn with_default_language(self, tag: &str) -> Result<Self, LocaleError> {
        let wanted = Language::parse(tag).ok_or_else(|| LocaleError::BadTag(tag.into()))?;
        if !self.shared.languages.contains(&wanted) {
            return Err(LocaleError::Unavailable(wanted.to_string()));
        }
        Self::build(self.shared.sources.clone(), wanted)
    }

    /// Every language the pages can be shown in, English first.
    pub fn languages(&self) -> &[Language] {
        &self.shared.languages
    }

    /// The language shown when nothing else decides.
    pub fn default_language(&self) -> &Language {
        &self.shared.languages[self.shared.default]
    }

    /// The texts of `language` if it is available (or the language it narrows, `ar` for
    /// `ar-SA`, with the dates and numbers of `language`), else of the default language.
    pub fn texts(&self, language: &Language) -> Texts {
        let languages = &self.shared.languages;
        let index = Language::fallbacks(language.as_str())
            .find_map(|tag| {
                languages
                    .iter()
                    .position(|l| l.as_str().eq_ignore_ascii_case(tag))
            })
            .unwrap_or(self.shared.default);
        let formats = match languages[index].as_str().len() < language.as_str().len() {
            true => self.shared.formats.get(language.as_str()),
            false => self.shared.catalogs[index].formats.clone(),
        };
        Texts {
            shared: self.shared.clone(),
            index: Index::Language(index),
            formats,
        }
    }

    /// The texts of the language the wishes choose (see [`negotiate`](super::negotiate())), with the dates and
    /// numbers of the wish that chose it (`ar-SA`).
    pub fn negotiate(&self, wishes: LanguageWishes<'_>) -> Texts {
        let (language, wish) =
            super::negotiate::negotiate_locale(self.languages(), wishes, self.default_language());
        self.texts(wish.as_ref().unwrap_or(&language))
    }

    /// The pseudo-locale [`PSEUDO`]: English with accented letters, for tests.
    pub fn pseudo(&self) -> Texts {
        Texts {
            shared: self.shared.clone(),
            index: Index::Pseudo,
            formats: self.shared.pseudo.formats.clone(),
        }
    }

    /// How many times a message was missing and English (or the message id) was shown
    /// instead, since start.
    pub fn missing_translations(&self) -> u64 {
        self.shared.missing.load(Ordering::Relaxed)
    }

    fn build(sources: Vec<Source>, default: Language) -> Result<Self, LocaleError> {
        let mut languages = vec![Language::english()];
        for source in &sources {
            if !languages.contains(&source.language) {
                languages.push(source.language.clone());
            }
        }
        let catalogs: Vec<Catalog> = languages
            .iter()
            .map(|language| {
                let resources = sources.iter().filter(|s| &s.language == language);
                catalog(language.clone(), language, resources, None)
            })
            .collect();
        let english = sources.iter().filter(|s| s.language == Language::english());
        let pseudo_tag = Language::parse(PSEUDO).expect("the pseudo tag is valid");
        let pseudo = catalog(pseudo_tag, &Language::english(), english, Some(pseudo_text));
        let default = languages.iter().position(|l| *l == default).unwrap_or(0);
        Ok(Self {
            shared: Arc::new(Shared {
                catalogs,
                pseudo,
                languages,
                default,
                sources,
                missing: AtomicU64::new(0),
                warned: Mutex::new(HashSet::new()),
                counted: Default::default(),
                formats: Default::default(),
            }),
        })
    }
}

/// Parses one resource and checks its messages' markup.
fn parse(language: &Language, name: &str, text: String) -> Result<Source, LocaleError> {
    let resource = FluentResource::try_new(text).map_err(|(resource, errors)| {
        let first = &errors[0];
        let line = resource.source()[..first.pos.start.min(resource.source().len())]
            .matches('\n')
            .count()
            + 1;
        LocaleError::Syntax {
            file: name.to_owned(),
            line,
            error: first.kind.to_string(),
        }
    })?;
    for entry in resource.entries() {
        if let ast::Entry::Message(message) = entry {
            let patterns = message
                .value
                .iter()
                .chain(message.attributes.iter().map(|a| &a.value));
            for pattern in patterns {
                if let Some(bad) = bad_markup(pattern) {
                    return Err(LocaleError::Markup {
                        file: name.to_owned(),
                        message: message.id.name.to_owned(),
                        found: bad,
                    });
                }
            }
        }
    }
    Ok(Source {
        language: language.clone(),
        resource: Arc::new(resource),
    })
}

/// The first markup of `pattern` that is not allowed (a tag other than `<strong>` or `<code>`, an `&`).
fn bad_markup(pattern: &ast::Pattern<&str>) -> Option<String> {
    let mut texts = Vec::new();
    collect_text(pattern, &mut texts);
    for text in texts {
        let mut rest = text;
        while let Some(i) = rest.find(['<', '>', '&']) {
            let tail = &rest[i..];
            match ALLOWED_TAGS.iter().find(|t| tail.starts_with(**t)) {
                Some(tag) => rest = &tail[tag.len()..],
                None => return Some(tail.chars().take(20).collect()),
            }
        }
    }
    None
}

fn collect_text<'s>(pattern: &ast::Pattern<&'s str>, out: &mut Vec<&'s str>) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => out.push(value),
            ast::PatternElement::Placeable { expression } => collect_expression(expression, out),
        }
    }
}

fn collect_expression<'s>(expression: &ast::Expression<&'s str>, out: &mut Vec<&'s str>) {
    match expression {
        ast::Expression::Select { variants, .. } => {
            for variant in variants {
                collect_text(&variant.value, out);
            }
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
            collect_expression(expression, out);
        }
        ast::Expression::Inline(_) => {}
    }
}

/// The catalog of `language`, from `resources` in order (later ones override earlier ones).
fn catalog<'s>(
    language: Language,
    rules_of: &Language,
    resources: impl Iterator<Item = &'s Source>,
    transform: Option<fn(&str) -> Cow<'_, str>>,
) -> Catalog {
    let rules: unic_langid::LanguageIdentifier = rules_of.as_str().parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![rules]);
    // Unicode isolation marks keep a Latin name from reordering the punctuation around it in
    // right-to-left text; left-to-right pages do not need them (and stay byte for byte as
    // they were before localization).
    bundle.set_use_isolating(language.is_right_to_left());
    bundle.set_transform(transform);
    bundle.set_formatter(Some(super::formats::format_number));
    let resources: Vec<&Source> = resources.collect();
    for source in &resources {
        bundle.add_resource_overriding(source.resource.clone());
    }
    let mut fixed = FastMap::default();
    let ids: HashSet<&str> = resources
        .iter()
        .flat_map(|s| message_ids(&s.resource))
        .collect();
    for id in ids {
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        if errors.is_empty() {
            fixed.insert(id.into(), text.into());
        }
    }
    Catalog {
        formats: super::formats::Formats::new(rules_of.as_str()),
        language,
        bundle,
        fixed,
    }
}

/// Every message id of a resource.
pub(crate) fn message_ids(resource: &FluentResource) -> impl Iterator<Item = &str> {
    resource.entries().filter_map(|entry| match entry {
        ast::Entry::Message(m) => Some(m.id.name),
        _ => None,
    })
}

impl Texts {
    /// The built-in English messages.
    pub fn english() -> Self {
        Self::english_ref().clone()
    }

    /// The built-in English messages, shared.
    pub(crate) fn english_ref() -> &'static Self {
        static ENGLISH: std::sync::OnceLock<Texts> = std::sync::OnceLock::new();
        ENGLISH.get_or_init(|| Locales::builtin().texts(&Language::english()))
    }
}

/// The sources of the built-in languages, for tests: `(tag, file name, text)`.
#[doc(hidden)]
pub fn builtin_sources() -> &'static [(&'static str, &'static str, &'static str)] {
    BUILT_IN
}

#[cfg(test)]
mod tests;
