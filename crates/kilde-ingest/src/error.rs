//! Errors of ingest: [`Error`] stops a run before it starts, [`RecordError`] costs one record.

use std::fmt;
use std::io;
use std::path::PathBuf;

use kilde_model::DateError;

use crate::record::Location;

/// A fatal, up-front error: the paths or the settings cannot be used at all.
///
/// Once reading has started nothing is fatal any more; see [`RecordError`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A path given to [`discover`](crate::discover) does not exist.
    #[error("{path} does not exist")]
    NotFound {
        /// The path as given.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// A path given to [`discover`](crate::discover) exists but cannot be inspected.
    #[error("cannot read {path}")]
    Unreadable {
        /// The path as given.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// A folder given to [`discover`](crate::discover) cannot be listed.
    #[error("cannot list folder {path}")]
    List {
        /// The folder as given.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// A field mapping names a field kilde does not have.
    #[error(
        "unknown field `{field}` in field mapping `{spec}`; the fields are id, date, title, source, url and text"
    )]
    UnknownField {
        /// The mapping as given, e.g. `txt=body`.
        spec: String,
        /// The kilde field name that is not known.
        field: String,
    },
    /// A field mapping is not `FIELD=KEY`.
    #[error("field mapping `{spec}` is not of the form FIELD=KEY, e.g. text=body")]
    FieldSpec {
        /// The mapping as given.
        spec: String,
    },
}

/// Why one record was skipped. Ingest reports it and goes on, so every variant
/// names what the user must open: the file, and the line (1-based).
///
/// For a plain-text file, which is one record, and for failures that concern a
/// whole file (it cannot be opened, it is empty), the line is 1. Inside a tar
/// archive the path is `<archive path>/<entry path>`.
///
/// `Display` gives `PATH:LINE: reason`. The reason already holds the cause
/// (the I/O error, serde_json's message), because rejected records end up as one
/// line of a report; therefore no variant has a `source()`.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The file, or a compressed or archived stream inside it, could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// The line being read when it failed.
        line: u64,
        /// What failed.
        error: io::Error,
    },
    /// The file has no bytes at all.
    EmptyFile {
        /// The file.
        path: PathBuf,
        /// Always 1.
        line: u64,
    },
    /// The file holds only white space (or, for JSON Lines, only blank lines).
    BlankFile {
        /// The file.
        path: PathBuf,
        /// Always 1.
        line: u64,
    },
    /// A text file has a ` date YYYY-MM` header and nothing after it.
    HeaderOnly {
        /// The file.
        path: PathBuf,
        /// Always 1.
        line: u64,
    },
    /// A tar archive holds no regular files.
    EmptyArchive {
        /// The archive.
        path: PathBuf,
        /// Always 1.
        line: u64,
    },
    /// A text file is larger than [`ReadSettings::max_record_bytes`](crate::ReadSettings).
    FileTooLarge {
        /// The file.
        path: PathBuf,
        /// Always 1.
        line: u64,
        /// The size in bytes, when known without decompressing all of it.
        bytes: Option<u64>,
        /// The limit in bytes.
        limit_bytes: usize,
    },
    /// A JSON line is longer than [`ReadSettings::max_record_bytes`](crate::ReadSettings).
    LineTooLarge {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// Its length in bytes, without the line ending.
        bytes: u64,
        /// The limit in bytes.
        limit_bytes: usize,
    },
    /// The bytes are not UTF-8, and read as Windows-1252 they hold control characters.
    Undecodable {
        /// The file.
        path: PathBuf,
        /// The line, or 1 for a text file.
        line: u64,
    },
    /// A JSON Lines file starts with a UTF-16 byte-order mark.
    Utf16Lines {
        /// The file.
        path: PathBuf,
        /// Always 1.
        line: u64,
    },
    /// A line is not valid JSON.
    InvalidJson {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// serde_json's message, without its position.
        message: String,
        /// The 1-based column (in bytes) where parsing failed.
        column: usize,
    },
    /// A line is valid JSON but not an object.
    NotAnObject {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// What it is instead: `an array`, `a string`, …
        found: &'static str,
    },
    /// A JSON record has no text field (or it is `null`).
    MissingText {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// The JSON key the text is read from.
        key: String,
    },
    /// A field that must not be empty is empty or only white space.
    EmptyField {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// The JSON key.
        key: String,
    },
    /// A JSON field has the wrong type, e.g. a number where a string belongs.
    WrongType {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// The JSON key.
        key: String,
        /// What it is: `a number`, `an array`, …
        found: &'static str,
        /// What it should be: `a string`, `a string or a number`.
        expected: &'static str,
    },
    /// A date (the text header or the JSON field) is not a real `YYYY-MM` or `YYYY-MM-DD`.
    InvalidDate {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// Why the date is wrong; it quotes the date as written.
        error: DateError,
    },
}

impl RecordError {
    /// Where the record is: the file and the 1-based line.
    pub fn location(&self) -> Location {
        let (path, line) = match self {
            Self::Read { path, line, .. }
            | Self::EmptyFile { path, line }
            | Self::BlankFile { path, line }
            | Self::HeaderOnly { path, line }
            | Self::EmptyArchive { path, line }
            | Self::FileTooLarge { path, line, .. }
            | Self::LineTooLarge { path, line, .. }
            | Self::Undecodable { path, line }
            | Self::Utf16Lines { path, line }
            | Self::InvalidJson { path, line, .. }
            | Self::NotAnObject { path, line, .. }
            | Self::MissingText { path, line, .. }
            | Self::EmptyField { path, line, .. }
            | Self::WrongType { path, line, .. }
            | Self::InvalidDate { path, line, .. } => (path, line),
        };
        Location { path: path.clone(), line: *line }
    }

    /// Why the record was skipped, without the location: lower case, no full stop.
    pub fn reason(&self) -> String {
        match self {
            Self::Read { error, .. } => format!("cannot read file: {error}"),
            Self::EmptyFile { .. } => "file is empty".to_string(),
            Self::BlankFile { .. } => "file holds only white space".to_string(),
            Self::HeaderOnly { .. } => "file has a date header but no text".to_string(),
            Self::EmptyArchive { .. } => "archive holds no files".to_string(),
            Self::FileTooLarge { bytes: Some(bytes), limit_bytes, .. } => {
                format!("file is {bytes} bytes, over the {limit_bytes}-byte limit")
            }
            Self::FileTooLarge { bytes: None, limit_bytes, .. } => {
                format!("file is over the {limit_bytes}-byte limit")
            }
            Self::LineTooLarge { bytes, limit_bytes, .. } => {
                format!("line is {bytes} bytes, over the {limit_bytes}-byte limit")
            }
            Self::Undecodable { .. } => {
                "bytes are neither UTF-8 nor Windows-1252 text (binary file?)".to_string()
            }
            Self::Utf16Lines { .. } => {
                "JSON Lines in UTF-16 are not supported; save the file as UTF-8".to_string()
            }
            Self::InvalidJson { message, column, .. } => {
                format!("invalid JSON: {message} at column {column}")
            }
            Self::NotAnObject { found, .. } => format!("line is {found}, not a JSON object"),
            Self::MissingText { key, .. } if key == "text" => {
                "no `text` field (is the text under another key? use --field text=KEY)".to_string()
            }
            Self::MissingText { key, .. } => {
                format!("no `{key}` field, where the text is read from (--field text={key})")
            }
            Self::EmptyField { key, .. } => format!("`{key}` is empty"),
            Self::WrongType { key, found, expected, .. } => {
                format!("`{key}` is {found}, not {expected}")
            }
            Self::InvalidDate { error, .. } => format!("date {error}"),
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.reason())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(error: RecordError, expected: &str) {
        assert_eq!(error.to_string(), expected);
    }

    fn path() -> PathBuf {
        PathBuf::from("fyens/nyheder.jsonl")
    }

    #[test]
    fn display_is_path_line_reason() {
        check(
            RecordError::LineTooLarge {
                path: path(),
                line: 7,
                bytes: 52428800,
                limit_bytes: 16777216,
            },
            "fyens/nyheder.jsonl:7: line is 52428800 bytes, over the 16777216-byte limit",
        );
        check(
            RecordError::MissingText { path: path(), line: 2, key: "text".into() },
            "fyens/nyheder.jsonl:2: no `text` field (is the text under another key? use --field text=KEY)",
        );
        check(
            RecordError::EmptyField { path: path(), line: 3, key: "text".into() },
            "fyens/nyheder.jsonl:3: `text` is empty",
        );
    }

    #[test]
    fn date_reason_quotes_the_date() {
        let error = "2019-13".parse::<kilde_model::ArticleDate>().unwrap_err();
        check(
            RecordError::InvalidDate { path: path(), line: 1, error },
            "fyens/nyheder.jsonl:1: date `2019-13` has month 13, which is not 1 to 12",
        );
    }

    #[test]
    fn location_and_reason_split_the_message() {
        let error = RecordError::EmptyFile { path: path(), line: 1 };
        assert_eq!(error.location().to_string(), "fyens/nyheder.jsonl:1");
        assert_eq!(error.reason(), "file is empty");
    }
}
