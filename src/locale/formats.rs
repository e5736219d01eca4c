//! Which locale's dates and numbers a [`Texts`](super::Texts) writes: the messages come from
//! the language's catalog (`ar`), the formats from the full tag the user asked for (`ar-SA`
//! writes Arabic-Indic digits where CLDR says so, `de-CH` writes "5’000"). Formats are built
//! once per tag and shared; numbers inside messages are written through Fluent's formatter hook.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fluent_bundle::FluentValue;

use super::cldr::Cldr;

/// At most this many tags' formats are kept (tags come from request headers).
const MAX_CACHED: usize = 64;

/// One locale's formats and the tag they were built for.
#[derive(Debug)]
pub(crate) struct Formats {
    pub(crate) tag: Box<str>,
    pub(crate) cldr: Cldr,
}

impl Formats {
    pub(crate) fn new(tag: &str) -> Arc<Self> {
        Arc::new(Self {
            tag: tag.into(),
            cldr: Cldr::new(tag),
        })
    }
}

/// The formats of tags other than the catalogs' own, built on first use.
#[derive(Debug, Default)]
pub(crate) struct FormatsCache(Mutex<HashMap<Box<str>, Arc<Formats>>>);

impl FormatsCache {
    /// The formats of `tag`, built now if no one asked for them before.
    pub(crate) fn get(&self, tag: &str) -> Arc<Formats> {
        if let Ok(cache) = self.0.lock()
            && let Some(found) = cache.get(tag)
        {
            return found.clone();
        }
        let built = Formats::new(tag);
        if let Ok(mut cache) = self.0.lock()
            && cache.len() < MAX_CACHED
        {
            cache.insert(tag.into(), built.clone());
        }
        built
    }
}

thread_local! {
    /// The formats of the message being written on this thread, for [`format_number`].
    static WRITING: RefCell<Option<Arc<Formats>>> = const { RefCell::new(None) };
}

/// Runs `write` (a Fluent pattern being written) with `formats` for its numbers.
pub(crate) fn writing_with<R>(formats: &Arc<Formats>, write: impl FnOnce() -> R) -> R {
    let previous = WRITING.with(|w| w.replace(Some(formats.clone())));
    let result = write();
    WRITING.with(|w| *w.borrow_mut() = previous);
    result
}

/// Fluent's formatter hook: whole numbers in the digits and grouping of the formats being
/// written with (Western digits outside [`writing_with`]); anything else is left to Fluent.
pub(crate) fn format_number<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    if n.options.minimum_fraction_digits.is_some()
        || n.value.fract() != 0.0
        || n.value.abs() >= 1e15
    {
        return None;
    }
    // Whole and below 1e15: exact as an i64.
    #[allow(clippy::cast_possible_truncation)]
    let whole = n.value as i64;
    Some(WRITING.with(|w| match &*w.borrow() {
        Some(formats) => formats.cldr.integer(whole),
        None => whole.to_string(),
    }))
}
