//! How the reports' CSV files are written: for tools, or for a spreadsheet in the reader's
//! language.
//!
//! - [`CsvDialect::Standard`] (`$format=csv`, the default downloads): RFC 4180 with `,`
//!   between fields, `.` in decimals, RFC 3339 times, UTF-8 without a byte order mark. What
//!   pandas, R and scripts read without options.
//! - [`CsvDialect::spreadsheet`] ("CSV for Excel" on the admin page): what Excel opens by
//!   double-click in the reader's language. Excel splits on the list separator of the
//!   computer's region, which is `;` wherever `,` is the decimal separator (Germany, France,
//!   Spain…), and reads `0.200` there as two hundred; it reads a file as UTF-8 only after a
//!   byte order mark. So this dialect writes `;` and decimal commas where the language writes
//!   decimal commas, a byte order mark, and times as `2026-11-28 09:00:00` (UTC), which Excel
//!   turns into dates. A `sep=;` first line was not used: with it Excel ignores the byte order
//!   mark and garbles every accented name.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

use crate::locale::Texts;

/// A way of writing CSV (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// RFC 4180, `,` and `.`, RFC 3339 times: for tools.
    #[default]
    Standard,
    /// For a spreadsheet: a byte order mark, `separator` between fields, `decimal` in
    /// decimals, `yyyy-mm-dd hh:mm:ss` times.
    Spreadsheet {
        /// Between fields: `;` or `,`.
        separator: char,
        /// In decimals: `,` or `.`.
        decimal: char,
    },
}

impl CsvDialect {
    /// The spreadsheet dialect of the language of `texts`: `;` and `,` where it writes decimal
    /// commas (as CLDR says), else `,` and `.`.
    pub fn spreadsheet(texts: &Texts) -> Self {
        if texts.decimal_separator() == ',' {
            Self::Spreadsheet {
                separator: ';',
                decimal: ',',
            }
        } else {
            Self::Spreadsheet {
                separator: ',',
                decimal: '.',
            }
        }
    }

    /// What starts the file: a UTF-8 byte order mark for a spreadsheet.
    pub fn preamble(self) -> &'static str {
        match self {
            Self::Standard => "",
            Self::Spreadsheet { .. } => "\u{feff}",
        }
    }

    /// Between fields.
    pub fn separator(self) -> char {
        match self {
            Self::Standard => ',',
            Self::Spreadsheet { separator, .. } => separator,
        }
    }

    /// A line of `fields`, each already written by this dialect, and a line break.
    pub fn line<I: IntoIterator<Item = String>>(self, fields: I) -> String {
        let mut line = fields
            .into_iter()
            .collect::<Vec<_>>()
            .join(&self.separator().to_string());
        line.push_str(if matches!(self, Self::Spreadsheet { .. }) {
            "\r\n"
        } else {
            "\n"
        });
        line
    }

    /// A text field: quoted when it needs to be, and never read as a formula by a spreadsheet
    /// (a leading `=`, `+`, `-` or `@` gets a `'`).
    pub fn text(self, text: &str) -> String {
        let text = if text.starts_with(['=', '+', '-', '@']) {
            format!("'{text}")
        } else {
            text.to_owned()
        };
        if text.contains(['"', '\n', '\r', self.separator()]) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    }

    /// A time, or an empty field.
    pub fn time(self, at: Option<OffsetDateTime>) -> String {
        let Some(at) = at else {
            return String::new();
        };
        let utc = at.to_offset(time::UtcOffset::UTC);
        match self {
            Self::Standard => utc.format(&Rfc3339).unwrap_or_default(),
            Self::Spreadsheet { .. } => utc
                .format(format_description!(
                    "[year]-[month]-[day] [hour]:[minute]:[second]"
                ))
                .unwrap_or_default(),
        }
    }

    /// A number with `digits` decimals: `0.200`, or `0,200` in a decimal-comma spreadsheet.
    pub fn decimal(self, value: f64, digits: usize) -> String {
        let written = format!("{value:.digits$}");
        match self {
            Self::Spreadsheet { decimal: ',', .. } => written.replace('.', ","),
            _ => written,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CsvDialect;
    use crate::locale::{Language, Locales};
    use time::macros::datetime;

    #[test]
    fn each_dialect_writes_for_its_reader() {
        let locales = Locales::builtin();
        let german = CsvDialect::spreadsheet(&locales.texts(&Language::parse("de").unwrap()));
        assert_eq!(
            german,
            CsvDialect::Spreadsheet {
                separator: ';',
                decimal: ','
            }
        );
        let english = CsvDialect::spreadsheet(&locales.texts(&Language::english()));
        assert_eq!(english.separator(), ',');
        let at = Some(datetime!(2026-11-28 10:00 +01:00));
        assert_eq!(german.time(at), "2026-11-28 09:00:00");
        assert_eq!(CsvDialect::Standard.time(at), "2026-11-28T09:00:00Z");
        assert_eq!(german.decimal(0.2, 3), "0,200");
        assert_eq!(CsvDialect::Standard.decimal(0.2, 3), "0.200");
        assert_eq!(german.text("Müller; Anna"), "\"Müller; Anna\"");
        assert_eq!(german.text("Müller, Anna"), "Müller, Anna");
        assert_eq!(
            CsvDialect::Standard.text("Müller, Anna"),
            "\"Müller, Anna\""
        );
        assert_eq!(CsvDialect::Standard.text("=HYPERLINK()"), "'=HYPERLINK()");
        assert_eq!(german.line(["a".into(), "b".into()]), "a;b\r\n");
        assert_eq!(german.preamble(), "\u{feff}");
    }
}
