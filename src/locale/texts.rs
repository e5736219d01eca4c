//! [`Texts`]: one language's messages, as pages use them, and the [`Message`]s they format.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use fluent_bundle::{FluentArgs, FluentValue};
use fluent_syntax::ast;

use super::Language;
use super::bundle::{Catalog, Counted, MAX_COUNTED, Shared};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Index {
    Language(usize),
    Pseudo,
}

/// One language's messages, as a page uses them: cheap to clone.
///
/// Messages are HTML: in templates, [`get`](Self::get) and [`fmt`](Self::fmt) are written
/// without escaping, and the string arguments given to `fmt` are escaped. [`text`](Self::text)
/// and [`Message::plain`] are plain text (for a `String` the template escapes).
#[derive(Clone)]
pub struct Texts {
    pub(super) shared: Arc<Shared>,
    pub(super) index: Index,
    /// Whose dates and numbers (the language's own, or a narrower tag's).
    pub(super) formats: Arc<super::formats::Formats>,
}

impl fmt::Debug for Texts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Texts({})", self.language())
    }
}

impl Texts {
    fn catalog(&self) -> &Catalog {
        match self.index {
            Index::Language(i) => &self.shared.catalogs[i],
            Index::Pseudo => &self.shared.pseudo,
        }
    }

    /// The language these texts are in.
    pub fn language(&self) -> &Language {
        &self.catalog().language
    }

    /// The dates, times and numbers of these texts' locale.
    pub(super) fn cldr(&self) -> &super::cldr::Cldr {
        &self.formats.cldr
    }

    /// Text written from CLDR data; accented like every message in the pseudo-locale, so that
    /// its tests see every word of a page go through the texts.
    pub(super) fn as_data(&self, text: String) -> String {
        match self.index {
            Index::Pseudo => super::pseudo::pseudo_text(&text).into_owned(),
            Index::Language(_) => text,
        }
    }

    /// The tag whose dates and numbers these texts write (`ar-SA`; the language's own tag
    /// when nothing narrower was asked for).
    pub fn formats_locale(&self) -> &str {
        &self.formats.tag
    }

    /// `"rtl"` or `"ltr"`.
    pub fn direction(&self) -> &'static str {
        self.language().direction()
    }

    /// Whether this is English (the built-in or a host's), whose script texts are the
    /// scripts' own defaults.
    pub fn is_english(&self) -> bool {
        self.index == Index::Language(0)
    }

    /// A message without variables, as HTML.
    pub fn get<'a>(&'a self, id: &'a str) -> Text<'a> {
        Text(self.lookup_fixed(id))
    }

    /// A message without variables, as plain text.
    pub fn text(&self, id: &str) -> String {
        self.lookup_fixed(id).into_owned()
    }

    /// A message with variables: add them, then write it (HTML) or call
    /// [`plain`](Message::plain).
    pub fn fmt<'a>(&'a self, id: &'a str) -> Message<'a> {
        Message {
            texts: self,
            id,
            args: Vec::new(),
        }
    }

    fn lookup_fixed<'a>(&'a self, id: &'a str) -> Cow<'a, str> {
        if let Some(text) = self.catalog().fixed.get(id) {
            return Cow::Borrowed(text);
        }
        // A message with variables used without them, or a missing one.
        match self.find(id) {
            Some((catalog, pattern)) => {
                let mut errors = Vec::new();
                catalog.bundle.format_pattern(pattern, None, &mut errors)
            }
            None => Cow::Borrowed(id),
        }
    }

    /// The message `id` in this language, else English (counted).
    fn find(&self, id: &str) -> Option<(&Catalog, &ast::Pattern<&str>)> {
        let own = self.catalog();
        if let Some(pattern) = own.bundle.get_message(id).and_then(|m| m.value()) {
            return Some((own, pattern));
        }
        self.missing(id);
        let english = &self.shared.catalogs[0];
        if let Some(pattern) = english.bundle.get_message(id).and_then(|m| m.value()) {
            return Some((english, pattern));
        }
        None
    }

    fn missing(&self, id: &str) {
        self.shared.missing.fetch_add(1, Ordering::Relaxed);
        let language = self.language().to_string();
        metrics::counter!("registration_campaign_missing_translations_total", "language" => language.clone())
            .increment(1);
        let key = match self.index {
            Index::Language(i) => i,
            Index::Pseudo => usize::MAX,
        };
        let first = self
            .shared
            .warned
            .lock()
            .map(|mut seen| seen.insert((key, id.into())))
            .unwrap_or(false);
        if first {
            tracing::warn!(target: "registration_campaign", %language, message = id, "a message is missing; English is shown instead");
        }
    }
}

/// A message without variables (see [`Texts::get`]): HTML, written as it is.
#[derive(Debug, Clone)]
pub struct Text<'a>(Cow<'a, str>);

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A message and its arguments (see [`Texts::fmt`]). Displays as HTML (string arguments
/// escaped); [`plain`](Self::plain) gives plain text.
#[derive(Debug)]
pub struct Message<'a> {
    texts: &'a Texts,
    id: &'a str,
    args: Vec<(&'a str, Arg<'a>)>,
}

#[derive(Debug)]
enum Arg<'a> {
    Text(Cow<'a, str>),
    Html(Cow<'a, str>),
    Number(i64),
}

impl<'a> Message<'a> {
    /// A text argument (escaped in HTML).
    pub fn arg(mut self, name: &'a str, value: impl TextArg<'a>) -> Self {
        self.args.push((name, Arg::Text(value.into_text())));
        self
    }

    /// A number argument: selects plural forms (`{ $n -> [one] ... *[other] ... }`).
    pub fn num(mut self, name: &'a str, value: impl Number) -> Self {
        self.args.push((name, Arg::Number(value.as_i64())));
        self
    }

    /// An argument that is already HTML (another message's output, page markup), written as
    /// it is. Never pass user input here.
    pub fn html(mut self, name: &'a str, value: impl fmt::Display) -> Self {
        self.args
            .push((name, Arg::Html(Cow::Owned(value.to_string()))));
        self
    }

    /// The message as plain text (arguments as given).
    pub fn plain(&self) -> String {
        let mut out = String::new();
        let _ = self.write(&mut out, false);
        out
    }

    fn write(&self, out: &mut impl fmt::Write, html: bool) -> fmt::Result {
        let counted = self.counted_hash();
        if let Some(hash) = counted
            && let Ok(memo) = self.texts.shared.counted.read()
            && let Some(hit) = memo.get(&hash).filter(|hit| self.is(hit))
        {
            return out.write_str(&hit.text);
        }
        let Some((catalog, pattern)) = self.texts.find(self.id) else {
            return out.write_str(self.id);
        };
        if let Some(hash) = counted {
            let mut text = String::new();
            self.format(catalog, pattern, &mut text, html)?;
            out.write_str(&text)?;
            let numbers = self
                .args
                .iter()
                .filter_map(|(name, value)| match value {
                    Arg::Number(n) => Some((Box::<str>::from(*name), *n)),
                    Arg::Text(_) | Arg::Html(_) => None,
                })
                .collect();
            if let Ok(mut memo) = self.texts.shared.counted.write() {
                if memo.len() >= MAX_COUNTED {
                    memo.clear();
                }
                let entry = Counted {
                    index: self.catalog_index(),
                    formats: self.texts.formats.tag.clone(),
                    id: self.id.into(),
                    numbers,
                    text: text.into(),
                };
                memo.insert(hash, entry);
            }
            return Ok(());
        }
        self.format(catalog, pattern, out, html)
    }

    fn catalog_index(&self) -> usize {
        match self.texts.index {
            Index::Language(i) => i,
            Index::Pseudo => usize::MAX,
        }
    }

    /// The memo hash of a message whose arguments are all numbers; `None` for others.
    fn counted_hash(&self) -> Option<u64> {
        use std::hash::{BuildHasher, Hash, Hasher};
        if self.args.is_empty() {
            return None;
        }
        let mut hasher = foldhash::fast::FixedState::with_seed(0x5eed).build_hasher();
        self.catalog_index().hash(&mut hasher);
        self.texts.formats.tag.hash(&mut hasher);
        self.id.hash(&mut hasher);
        for (name, value) in &self.args {
            let Arg::Number(n) = value else {
                return None;
            };
            name.hash(&mut hasher);
            n.hash(&mut hasher);
        }
        Some(hasher.finish())
    }

    /// Whether `hit` is this message with these numbers.
    fn is(&self, hit: &Counted) -> bool {
        hit.index == self.catalog_index()
            && hit.formats == self.texts.formats.tag
            && *hit.id == *self.id
            && hit.numbers.len() == self.args.len()
            && hit
                .numbers
                .iter()
                .zip(&self.args)
                .all(|((n, v), (name, arg))| {
                    **n == **name && matches!(arg, Arg::Number(a) if a == v)
                })
    }

    fn format(
        &self,
        catalog: &Catalog,
        pattern: &ast::Pattern<&str>,
        out: &mut impl fmt::Write,
        html: bool,
    ) -> fmt::Result {
        let mut args = FluentArgs::with_capacity(self.args.len());
        for (name, value) in &self.args {
            let value: FluentValue<'_> = match value {
                Arg::Text(text) if html => escape(text),
                Arg::Text(text) | Arg::Html(text) => FluentValue::from(&**text),
                Arg::Number(n) => FluentValue::from(*n),
            };
            args.set(*name, value);
        }
        let mut errors = Vec::new();
        super::formats::writing_with(&self.texts.formats, || {
            catalog
                .bundle
                .write_pattern(out, pattern, Some(&args), &mut errors)
        })?;
        if !errors.is_empty() {
            tracing::debug!(target: "registration_campaign", message = self.id, ?errors, "a message was formatted with errors");
        }
        Ok(())
    }
}

/// Text a message can take as an argument: strings, borrowed or owned (templates hand over
/// references), and numbers written as text (a year).
pub trait TextArg<'a> {
    /// The text.
    fn into_text(self) -> Cow<'a, str>;
}

impl<'a> TextArg<'a> for &'a str {
    fn into_text(self) -> Cow<'a, str> {
        Cow::Borrowed(self)
    }
}

impl<'a> TextArg<'a> for &'a &'a str {
    fn into_text(self) -> Cow<'a, str> {
        Cow::Borrowed(self)
    }
}

impl<'a> TextArg<'a> for &'a String {
    fn into_text(self) -> Cow<'a, str> {
        Cow::Borrowed(self)
    }
}

impl<'a> TextArg<'a> for &'a &'a String {
    fn into_text(self) -> Cow<'a, str> {
        Cow::Borrowed(self)
    }
}

impl<'a> TextArg<'a> for String {
    fn into_text(self) -> Cow<'a, str> {
        Cow::Owned(self)
    }
}

impl<'a> TextArg<'a> for Cow<'a, str> {
    fn into_text(self) -> Cow<'a, str> {
        self
    }
}

impl<'a> TextArg<'a> for i32 {
    fn into_text(self) -> Cow<'a, str> {
        Cow::Owned(self.to_string())
    }
}

/// A whole number a message can count with (templates hand over references).
pub trait Number {
    /// The number.
    fn as_i64(&self) -> i64;
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            fn as_i64(&self) -> i64 {
                i64::try_from(*self).unwrap_or(i64::MAX)
            }
        }
    )*};
}
number!(u8, u16, u32, u64, usize, i32, i64);

impl<T: Number + ?Sized> Number for &T {
    fn as_i64(&self) -> i64 {
        (**self).as_i64()
    }
}

/// Escapes `text` for HTML with the same bytes as the templates' own escaping (askama's numeric
/// references for `&`, `<`, `>`, `"` and `'`), so localized pages keep the same bytes; borrowed
/// when nothing needs escaping, as in most names.
fn escape(text: &str) -> FluentValue<'_> {
    if !text
        .bytes()
        .any(|b| matches!(b, b'<' | b'>' | b'&' | b'"' | b'\''))
    {
        return FluentValue::from(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&#38;"),
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    FluentValue::from(out)
}

/// `text` escaped for HTML with the same bytes as the pages' own escaping, for HTML written
/// outside a template (the HTML part of a message).
pub(crate) fn escape_html(text: &str) -> String {
    match escape(text) {
        FluentValue::String(escaped) => escaped.into_owned(),
        _ => text.to_owned(),
    }
}

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_escaped_with_the_templates_bytes() {
        use askama::filters::Escaper;
        let text = "Alice <Admin> & \"Co\" 'x' é";
        let mut templates = String::new();
        askama::filters::Html
            .write_escaped_str(&mut templates, text)
            .unwrap();
        assert!(matches!(escape(text), FluentValue::String(escaped) if escaped == templates));
        assert!(matches!(
            escape("plain"),
            FluentValue::String(Cow::Borrowed("plain"))
        ));
    }
}
