//! [`ReadSettings`]: how to read input — format, defaults, JSON field names, size limit.

use std::fmt;
use std::str::FromStr;

use kilde_model::ArticleDate;

use crate::error::Error;

/// The largest record (text file or JSON line) read by default: 16 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// How to read a file's content, once compression and tar are unwrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Decide by file name (`.jsonl`, `.ndjson`, `.json` are JSON Lines), else by
    /// content: a first non-blank character `{` means JSON Lines, anything else text.
    #[default]
    Auto,
    /// One article per file, optionally with a ` date YYYY-MM` header.
    Text,
    /// One JSON object per line.
    Jsonl,
}

impl FromStr for Format {
    type Err = String;

    /// Parses `auto`, `text` or `jsonl`; the error names the accepted values.
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "auto" => Ok(Self::Auto),
            "text" => Ok(Self::Text),
            "jsonl" => Ok(Self::Jsonl),
            other => Err(format!("unknown format `{other}`; use auto, text or jsonl")),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Auto => "auto",
            Self::Text => "text",
            Self::Jsonl => "jsonl",
        })
    }
}

/// Names of the JSON fields, for `--field text=body` style remapping.
///
/// Each field holds the JSON key that kilde's field of the same name is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNames {
    /// Key of the article id (a string or a number).
    pub id: String,
    /// Key of the date (`YYYY-MM`, `YYYY-MM-DD` or an ISO date-time).
    pub date: String,
    /// Key of the headline.
    pub title: String,
    /// Key of the outlet.
    pub source: String,
    /// Key of the web address.
    pub url: String,
    /// Key of the body text, the one required field.
    pub text: String,
}

impl Default for FieldNames {
    fn default() -> Self {
        Self {
            id: "id".to_string(),
            date: "date".to_string(),
            title: "title".to_string(),
            source: "source".to_string(),
            url: "url".to_string(),
            text: "text".to_string(),
        }
    }
}

impl FieldNames {
    /// Applies one mapping `FIELD=KEY`: kilde's field `FIELD` is then read from the
    /// JSON key `KEY`, e.g. `text=body`. White space around either side is ignored.
    ///
    /// Fails when there is no `=`, either side is empty, or `FIELD` is not one of
    /// id, date, title, source, url, text.
    pub fn remap(&mut self, spec: &str) -> Result<(), Error> {
        let spec_error = || Error::FieldSpec { spec: spec.to_string() };
        let (field, key) = spec.split_once('=').ok_or_else(spec_error)?;
        let (field, key) = (field.trim(), key.trim());
        if field.is_empty() || key.is_empty() {
            return Err(spec_error());
        }
        let slot = match field {
            "id" => &mut self.id,
            "date" => &mut self.date,
            "title" => &mut self.title,
            "source" => &mut self.source,
            "url" => &mut self.url,
            "text" => &mut self.text,
            _ => {
                return Err(Error::UnknownField {
                    spec: spec.to_string(),
                    field: field.to_string(),
                });
            }
        };
        *slot = key.to_string();
        Ok(())
    }

    /// The keys in the fixed order id, date, title, source, url, text.
    pub(crate) fn keys(&self) -> [&str; 6] {
        [&self.id, &self.date, &self.title, &self.source, &self.url, &self.text]
    }
}

/// Everything [`read_file`](crate::read_file) needs to know besides the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadSettings {
    /// How to read content; compression and tar are honoured whatever the format.
    pub format: Format,
    /// Date of articles whose input has none (a text file without header, a JSON
    /// record without date).
    pub default_date: Option<ArticleDate>,
    /// Outlet of articles whose input names none; always used for text files,
    /// which have no source of their own.
    pub default_source: Option<String>,
    /// The JSON keys each article field is read from.
    pub fields: FieldNames,
    /// The largest text file or JSON line accepted, in bytes. Larger records are
    /// rejected without being held in memory.
    pub max_record_bytes: usize,
}

impl Default for ReadSettings {
    fn default() -> Self {
        Self {
            format: Format::Auto,
            default_date: None,
            default_source: None,
            fields: FieldNames::default(),
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(specs: &[&str], expected: Result<[&str; 6], &str>) {
        let mut names = FieldNames::default();
        let result = specs.iter().try_for_each(|spec| names.remap(spec));
        match (result, expected) {
            (Ok(()), Ok(keys)) => assert_eq!(names.keys(), keys),
            (Err(error), Err(message)) => assert_eq!(error.to_string(), message),
            (result, expected) => panic!("{specs:?}: got {result:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn remap_changes_only_the_named_field() {
        check(&["text=body"], Ok(["id", "date", "title", "source", "url", "body"]));
        check(
            &["text = brødtekst", "date=published"],
            Ok(["id", "published", "title", "source", "url", "brødtekst"]),
        );
    }

    #[test]
    fn remap_rejects_unknown_fields_and_bad_specs() {
        check(
            &["tekst=body"],
            Err(
                "unknown field `tekst` in field mapping `tekst=body`; the fields are id, date, title, source, url and text",
            ),
        );
        check(&["text"], Err("field mapping `text` is not of the form FIELD=KEY, e.g. text=body"));
        check(
            &["text="],
            Err("field mapping `text=` is not of the form FIELD=KEY, e.g. text=body"),
        );
    }

    #[test]
    fn format_parses_its_own_names() {
        for format in [Format::Auto, Format::Text, Format::Jsonl] {
            assert_eq!(format.to_string().parse::<Format>(), Ok(format));
        }
        assert!("xml".parse::<Format>().is_err());
    }
}
