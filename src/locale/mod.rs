//! Localization: the pages in the user's language.
//!
//! Messages are [Fluent](https://projectfluent.org) files, one folder per language
//! (`locales/en/campaign.ftl`, compiled into the crate), with plural forms chosen by CLDR's rules
//! (`{ $skips -> [one] ... *[other] ... }`; Arabic has zero, one, two, few, many and other).
//! [`Locales`] holds every language; a host adds languages or overrides messages with a folder
//! of `.ftl` files ([`Locales::with_dir`]). A message missing from a language falls back to
//! English, and is counted (`registration_campaign_missing_translations_total{language}`) and
//! logged once: a page never shows a blank.
//!
//! Which language a page is in ([`negotiate`]): the host's choice for the user
//! ([`SignInFacts::locale`](crate::SignInFacts::locale)) wins, then the sign-in's `ui_locales`
//! hint ([`SignInFacts::ui_locales`](crate::SignInFacts::ui_locales)), then the browser's
//! `Accept-Language` (by `q`), then the campaign's default. A setup flow keeps the language it
//! started with on every page.
//!
//! Dates, times and numbers come from CLDR through ICU4X (`cldr`), in the formats of the tag
//! the user asked for (`ar-SA` writes Arabic-Indic digits with the `ar` messages).
//!
//! The module knows nothing of HTTP or of the flow; see `docs/localization.md` for the design.

mod bundle;
mod catalog;
pub(crate) mod cldr;
mod dates;
mod formats;
mod language;
mod negotiate;
mod pseudo;
mod texts;

use std::path::PathBuf;

#[doc(hidden)]
pub use catalog::builtin_sources;
pub use catalog::{Locales, PSEUDO};
pub use language::Language;
pub use negotiate::{LanguageWishes, negotiate, parse_accept_language};
pub(crate) use texts::escape_html;
pub use texts::{Message, Number, Text, TextArg, Texts};

/// Why messages could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LocaleError {
    /// A folder or a setting names something that is not a language tag.
    #[error("{0:?} is not a language tag (expected a BCP 47 tag such as de or pt-BR)")]
    BadTag(String),
    /// The default language has no messages.
    #[error("no messages for {0}: it cannot be the default language")]
    Unavailable(String),
    /// A file or folder could not be read.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
    /// A file is not valid Fluent.
    #[error("{file}, line {line}: {error}")]
    Syntax {
        /// The file.
        file: String,
        /// The line of the first error.
        line: usize,
        /// The first error.
        error: String,
    },
    /// A message has markup other than `<strong>` and `<code>`, or an `&`.
    #[error(
        "{file}, message {message}: {found:?} is not allowed (messages are HTML; only <strong> and <code> may be used, and & must be written as a word)"
    )]
    Markup {
        /// The file.
        file: String,
        /// The message id.
        message: String,
        /// The start of what was found.
        found: String,
    },
}
