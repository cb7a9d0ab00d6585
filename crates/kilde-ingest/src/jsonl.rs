//! JSON Lines records: one object per line, read with a bounded buffer so one
//! huge or broken line costs only itself.

use std::io::{self, BufRead, Read};

use kilde_model::{Article, ArticleDate, ArticleId, DateError};

use crate::decode::{
    UTF8_BOM, UTF16BE_BOM, UTF16LE_BOM, decode_line, normalize_newlines, trim_in_place,
};
use crate::error::RecordError;
use crate::json::{self, DATE, ID, Parsed, SOURCE, TEXT, TITLE, URL, Value};
use crate::open::Origin;
use crate::record::{Location, Record};
use crate::settings::ReadSettings;

/// The records of one JSON Lines stream, in line order.
///
/// Blank lines are skipped. After an I/O error the iterator ends, because the
/// stream cannot be trusted to resume; every other error costs one line.
pub(crate) struct JsonLines<'a, R> {
    reader: R,
    /// The current line's bytes; reused so a line costs no allocation of its own.
    buf: Vec<u8>,
    /// The number of the last line read, 1-based.
    line: u64,
    has_content: bool,
    is_done: bool,
    origin: Origin,
    settings: &'a ReadSettings,
}

impl<'a, R: BufRead> JsonLines<'a, R> {
    pub(crate) fn new(reader: R, origin: Origin, settings: &'a ReadSettings) -> Self {
        let buf = Vec::with_capacity(8 * 1024);
        Self { reader, buf, line: 0, has_content: false, is_done: false, origin, settings }
    }

    fn next_line(&mut self) -> Option<Result<Record, RecordError>> {
        self.buf.clear();
        let limit_bytes = self.settings.max_record_bytes;
        let read = match read_bounded_line(&mut self.reader, &mut self.buf, limit_bytes) {
            Ok(read) => read,
            Err(error) => {
                self.is_done = true;
                return Some(Err(self.error_read(error)));
            }
        };
        let (line, bytes) = match read {
            LineRead::End => {
                self.is_done = true;
                return self.end_of_stream();
            }
            LineRead::TooLong { content_bytes } => {
                self.line += 1;
                self.has_content = true;
                let (path, line) = (self.origin.path.clone(), self.line);
                return Some(Err(RecordError::LineTooLarge {
                    path,
                    line,
                    bytes: content_bytes,
                    limit_bytes,
                }));
            }
            LineRead::Line { bytes } => (self.line + 1, bytes),
        };
        self.line = line;
        let mut content = strip_line_ending(&self.buf);
        if line == 1 {
            if content.starts_with(UTF16LE_BOM) || content.starts_with(UTF16BE_BOM) {
                self.is_done = true;
                return Some(Err(RecordError::Utf16Lines { path: self.origin.path.clone(), line }));
            }
            content = content.strip_prefix(UTF8_BOM).unwrap_or(content);
        }
        if content.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        self.has_content = true;
        Some(parse_record(content, line, bytes, &self.origin, self.settings))
    }

    fn end_of_stream(&self) -> Option<Result<Record, RecordError>> {
        let path = self.origin.path.clone();
        match (self.has_content, self.line) {
            (true, _) => None,
            (false, 0) => Some(Err(RecordError::EmptyFile { path, line: 1 })),
            (false, _) => Some(Err(RecordError::BlankFile { path, line: 1 })),
        }
    }

    fn error_read(&self, error: io::Error) -> RecordError {
        RecordError::Read { path: self.origin.path.clone(), line: self.line + 1, error }
    }
}

impl<R: BufRead> Iterator for JsonLines<'_, R> {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.is_done {
            if let Some(item) = self.next_line() {
                return Some(item);
            }
        }
        None
    }
}

/// The outcome of reading one line with a size limit.
#[derive(Debug, PartialEq, Eq)]
enum LineRead {
    /// No bytes were left.
    End,
    /// A line of `bytes` bytes, line ending included, is in the buffer.
    Line { bytes: u64 },
    /// The line's content (without line ending) exceeded the limit; it was skipped.
    TooLong { content_bytes: u64 },
}

/// Reads one line into `buf` if its content fits in `limit_bytes`; otherwise
/// skips the line, holding at most `limit_bytes + 1` bytes of it.
fn read_bounded_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit_bytes: usize,
) -> io::Result<LineRead> {
    let limit = u64::try_from(limit_bytes).unwrap_or(u64::MAX).saturating_add(1);
    let read = Read::take(&mut *reader, limit).read_until(b'\n', buf)? as u64;
    if read == 0 {
        return Ok(LineRead::End);
    }
    if buf.last() == Some(&b'\n') || read < limit {
        return Ok(LineRead::Line { bytes: read });
    }
    let mut content_bytes = read;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(LineRead::TooLong { content_bytes });
        }
        match available.iter().position(|&byte| byte == b'\n') {
            Some(idx) => {
                content_bytes += idx as u64;
                reader.consume(idx + 1);
                return Ok(LineRead::TooLong { content_bytes });
            }
            None => {
                let len = available.len();
                content_bytes += len as u64;
                reader.consume(len);
            }
        }
    }
}

fn strip_line_ending(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Turns one non-blank line into a record.
fn parse_record(
    content: &[u8],
    line: u64,
    bytes: u64,
    origin: &Origin,
    settings: &ReadSettings,
) -> Result<Record, RecordError> {
    let path = || origin.path.clone();
    let (text, encoding) =
        decode_line(content).ok_or_else(|| RecordError::Undecodable { path: path(), line })?;
    let fields = match json::parse_line(&text, settings.fields.keys()) {
        Ok(Parsed::Object(fields)) => fields,
        Ok(Parsed::NotObject(found)) => {
            return Err(RecordError::NotAnObject { path: path(), line, found });
        }
        Err(error) => {
            let (message, column) = json::describe_error(&error);
            return Err(RecordError::InvalidJson { path: path(), line, message, column });
        }
    };
    let article = build_article(fields, line, origin, settings)?;
    Ok(Record { article, location: Location { path: path(), line }, encoding, bytes })
}

/// Validates the fields and fills in defaults.
fn build_article(
    mut fields: json::Fields,
    line: u64,
    origin: &Origin,
    settings: &ReadSettings,
) -> Result<Article, RecordError> {
    let checker = FieldChecker { origin, line, settings };
    let text = checker.text(fields.take(TEXT))?;
    let id = match checker.id(fields.take(ID))? {
        Some(id) => id,
        None => format!("{}:{line}", origin.id),
    };
    let date = checker.date(fields.take(DATE))?.or(settings.default_date);
    let title = checker.optional_string(TITLE, fields.take(TITLE))?;
    let source = checker
        .optional_string(SOURCE, fields.take(SOURCE))?
        .or_else(|| settings.default_source.clone());
    let url = checker.optional_string(URL, fields.take(URL))?;
    Ok(Article { id: ArticleId(id), date, source, title, url, text })
}

/// Checks one record's fields and words the errors with the user's own key names.
struct FieldChecker<'c> {
    origin: &'c Origin,
    line: u64,
    settings: &'c ReadSettings,
}

impl FieldChecker<'_> {
    fn key(&self, idx: usize) -> String {
        self.settings.fields.keys().get(idx).map_or_else(String::new, |key| key.to_string())
    }

    fn wrong_type(&self, idx: usize, value: &Value, expected: &'static str) -> RecordError {
        let (path, line, key) = (self.origin.path.clone(), self.line, self.key(idx));
        RecordError::WrongType { path, line, key, found: value.kind(), expected }
    }

    fn empty(&self, idx: usize) -> RecordError {
        RecordError::EmptyField {
            path: self.origin.path.clone(),
            line: self.line,
            key: self.key(idx),
        }
    }

    /// The required text: a non-blank string, trimmed, with `\n` line endings.
    fn text(&self, value: Option<Value>) -> Result<String, RecordError> {
        match value {
            None | Some(Value::Null) => Err(RecordError::MissingText {
                path: self.origin.path.clone(),
                line: self.line,
                key: self.key(TEXT),
            }),
            Some(Value::String(text)) if text.trim().is_empty() => Err(self.empty(TEXT)),
            Some(Value::String(text)) => Ok(trim_in_place(normalize_newlines(text))),
            Some(other) => Err(self.wrong_type(TEXT, &other, "a string")),
        }
    }

    /// The id: a string (trimmed, not blank) or a number as written; `None` when absent.
    fn id(&self, value: Option<Value>) -> Result<Option<String>, RecordError> {
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(id)) if id.trim().is_empty() => Err(self.empty(ID)),
            Some(Value::String(id)) => Ok(Some(trim_in_place(id))),
            Some(Value::Number(number)) => Ok(Some(number)),
            Some(other) => Err(self.wrong_type(ID, &other, "a string or a number")),
        }
    }

    /// The date; `None` when absent, null or a blank string.
    fn date(&self, value: Option<Value>) -> Result<Option<ArticleDate>, RecordError> {
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
            Some(Value::String(text)) => parse_date(&text).map(Some).map_err(|error| {
                RecordError::InvalidDate { path: self.origin.path.clone(), line: self.line, error }
            }),
            Some(other) => Err(self.wrong_type(DATE, &other, "a string")),
        }
    }

    /// An optional string field, trimmed; `None` when absent, null or blank.
    fn optional_string(
        &self,
        idx: usize,
        value: Option<Value>,
    ) -> Result<Option<String>, RecordError> {
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
            Some(Value::String(text)) => Ok(Some(trim_in_place(text))),
            Some(other) => Err(self.wrong_type(idx, &other, "a string")),
        }
    }
}

/// Parses `YYYY-MM`, `YYYY-MM-DD`, or an ISO date-time `YYYY-MM-DDTHH:MM…`
/// (also with a space instead of `T`), whose date part is taken as written.
fn parse_date(text: &str) -> Result<ArticleDate, DateError> {
    let text = text.trim();
    let date_part = match text.as_bytes().get(10) {
        Some(b'T' | b't' | b' ') => text.get(..10).unwrap_or(text),
        _ => text,
    };
    date_part.parse()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `input` as JSON Lines and renders each outcome as
    /// `line id date source title | text` or `line error: reason`.
    fn check_with(settings: &ReadSettings, input: &[u8], expected: &[&str]) {
        let origin = Origin { path: "ritzau.jsonl".into(), id: "ritzau.jsonl".into() };
        let actual: Vec<String> = JsonLines::new(input, origin, settings)
            .map(|result| match result {
                Ok(record) => {
                    let article = record.article;
                    let date = article.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
                    let source = article.source.unwrap_or_else(|| "-".into());
                    let title = article.title.unwrap_or_else(|| "-".into());
                    format!(
                        "{} {} {date} {source} {title} | {}",
                        record.location.line, article.id, article.text
                    )
                }
                Err(error) => format!("{} error: {}", error.location().line, error.reason()),
            })
            .collect();
        assert_eq!(actual, expected);
    }

    fn check(input: &str, expected: &[&str]) {
        check_with(&ReadSettings::default(), input.as_bytes(), expected);
    }

    #[test]
    fn reads_fields_and_defaults() {
        check(
            concat!(
                r#"{"id": "a1", "date": "2019-07", "source": "Ritzau", "title": "Valg", "text": " Valget er udskrevet. "}"#,
                "\n",
                r#"{"id": 17, "text": "Ingen dato."}"#,
            ),
            &["1 a1 2019-07 Ritzau Valg | Valget er udskrevet.", "2 17 - - - | Ingen dato."],
        );
    }

    #[test]
    fn bad_line_in_the_middle_costs_only_itself() {
        check(
            "{\"text\": \"Før.\"}\n\n{\"text\": \"Midt\" \"i\"}\n{\"text\": \"Efter.\"}\n",
            &[
                "1 ritzau.jsonl:1 - - - | Før.",
                "3 error: invalid JSON: expected `,` or `}` at column 17",
                "4 ritzau.jsonl:4 - - - | Efter.",
            ],
        );
    }

    #[test]
    fn field_errors_are_specific() {
        check(
            concat!(
                "{\"body\": \"Teksten ligger forkert.\"}\n",
                "{\"text\": \"  \"}\n",
                "{\"text\": 42}\n",
                "{\"text\": \"Tekst.\", \"title\": [\"a\"]}\n",
                "{\"text\": \"Tekst.\", \"id\": true}\n",
                "{\"text\": \"Tekst.\", \"date\": \"2019-13\"}\n",
                "[\"Tekst.\"]\n",
            ),
            &[
                "1 error: no `text` field (is the text under another key? use --field text=KEY)",
                "2 error: `text` is empty",
                "3 error: `text` is a number, not a string",
                "4 error: `title` is an array, not a string",
                "5 error: `id` is a boolean, not a string or a number",
                "6 error: date `2019-13` has month 13, which is not 1 to 12",
                "7 error: line is an array, not a JSON object",
            ],
        );
    }

    #[test]
    fn dates_in_every_accepted_form() {
        check(
            concat!(
                "{\"text\": \"A.\", \"date\": \"2019-07-15T08:30:00+02:00\"}\n",
                "{\"text\": \"B.\", \"date\": \"2019-07-15 08:30\"}\n",
                "{\"text\": \"C.\", \"date\": \"\"}\n",
                "{\"text\": \"D.\", \"date\": \"2019-02-29T10:00\"}\n",
            ),
            &[
                "1 ritzau.jsonl:1 2019-07-15 - - | A.",
                "2 ritzau.jsonl:2 2019-07-15 - - | B.",
                "3 ritzau.jsonl:3 - - - | C.",
                "4 error: date `2019-02-29` has day 29, which 2019-02 does not have",
            ],
        );
    }

    #[test]
    fn remapped_fields_and_settings_defaults() {
        let mut settings = ReadSettings {
            default_date: "2020-01".parse().ok(),
            default_source: Some("Fyens".into()),
            ..ReadSettings::default()
        };
        settings.fields.remap("text=body").unwrap();
        settings.fields.remap("date=published").unwrap();
        check_with(
            &settings,
            concat!(
                "{\"body\": \"Havnen er åben.\", \"published\": \"2021-05-01\"}\n",
                "{\"body\": \"Uden dato.\", \"date\": \"1999-01\", \"source\": \"DR\"}\n",
                "{\"text\": \"Gammel nøgle.\"}\n",
            )
            .as_bytes(),
            &[
                "1 ritzau.jsonl:1 2021-05-01 Fyens - | Havnen er åben.",
                "2 ritzau.jsonl:2 2020-01 DR - | Uden dato.",
                "3 error: no `body` field, where the text is read from (--field text=body)",
            ],
        );
    }

    #[test]
    fn oversized_line_is_skipped_and_the_next_one_read() {
        let settings = ReadSettings { max_record_bytes: 40, ..ReadSettings::default() };
        let long = format!("{{\"text\": \"{}\"}}", "ø".repeat(100));
        let input = format!("{long}\n{{\"text\": \"Kort.\"}}\n{long}");
        check_with(
            &settings,
            input.as_bytes(),
            &[
                "1 error: line is 212 bytes, over the 40-byte limit",
                "2 ritzau.jsonl:2 - - - | Kort.",
                "3 error: line is 212 bytes, over the 40-byte limit",
            ],
        );
    }

    #[test]
    fn latin1_lines_bom_and_crlf() {
        check_with(
            &ReadSettings::default(),
            b"\xEF\xBB\xBF{\"text\": \"Linje et.\"}\r\n{\"text\": \"K\xf8ge \\r\\nSt\xe6vns\"}\r\n",
            &["1 ritzau.jsonl:1 - - - | Linje et.", "2 ritzau.jsonl:2 - - - | Køge \nStævns"],
        );
    }

    #[test]
    fn empty_and_utf16_files_are_one_error() {
        check("", &["1 error: file is empty"]);
        check("\n \n", &["1 error: file holds only white space"]);
        check_with(
            &ReadSettings::default(),
            b"\xFF\xFE{\x00}\x00\n\x00{\x00}\x00",
            &["1 error: JSON Lines in UTF-16 are not supported; save the file as UTF-8"],
        );
    }

    #[test]
    fn bounded_reader_counts_bytes() {
        let mut input: &[u8] = b"abc\nabcdefgh\nab";
        let mut buf = Vec::new();
        let mut reads = Vec::new();
        loop {
            buf.clear();
            let read = read_bounded_line(&mut input, &mut buf, 4).unwrap();
            if read == LineRead::End {
                break;
            }
            reads.push(read);
        }
        assert_eq!(
            reads,
            [
                LineRead::Line { bytes: 4 },
                LineRead::TooLong { content_bytes: 8 },
                LineRead::Line { bytes: 2 }
            ]
        );
    }
}
