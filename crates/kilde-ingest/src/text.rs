//! Plain-text records: one article per file, with an optional ` date YYYY-MM` header.

use std::io::Read;

use kilde_model::{Article, ArticleDate, ArticleId};

use crate::decode::{decode_file, normalize_newlines, trim_in_place};
use crate::error::RecordError;
use crate::open::Origin;
use crate::record::{Location, Record};
use crate::settings::ReadSettings;

/// Reads a whole text file as one record, never holding more than
/// `max_record_bytes + 1` bytes of it.
///
/// `known_size` is the size on disk when the stream is not compressed; a file
/// known to be too large is rejected without reading it.
pub(crate) fn read_text(
    input: impl Read,
    known_size: Option<u64>,
    origin: &Origin,
    settings: &ReadSettings,
) -> Result<Record, RecordError> {
    let limit_bytes = settings.max_record_bytes;
    let limit = u64::try_from(limit_bytes).unwrap_or(u64::MAX);
    let too_large = |bytes| RecordError::FileTooLarge {
        path: origin.path.clone(),
        line: 1,
        bytes,
        limit_bytes,
    };
    if let Some(size) = known_size.filter(|&size| size > limit) {
        return Err(too_large(Some(size)));
    }
    let capacity = known_size.and_then(|size| usize::try_from(size).ok()).unwrap_or(8 * 1024);
    let mut bytes = Vec::with_capacity(capacity);
    input
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| RecordError::Read { path: origin.path.clone(), line: 1, error })?;
    if bytes.len() > limit_bytes {
        return Err(too_large(None));
    }
    parse_text(bytes, origin, settings)
}

/// Turns the bytes of one text file into a record: decode, normalise line
/// endings, take off the date header, trim.
pub(crate) fn parse_text(
    bytes: Vec<u8>,
    origin: &Origin,
    settings: &ReadSettings,
) -> Result<Record, RecordError> {
    let path = || origin.path.clone();
    let byte_count = bytes.len() as u64;
    if bytes.is_empty() {
        return Err(RecordError::EmptyFile { path: path(), line: 1 });
    }
    let (text, encoding) =
        decode_file(bytes).ok_or_else(|| RecordError::Undecodable { path: path(), line: 1 })?;
    let mut text = normalize_newlines(text);
    if text.trim().is_empty() {
        return Err(match text.is_empty() {
            true => RecordError::EmptyFile { path: path(), line: 1 },
            false => RecordError::BlankFile { path: path(), line: 1 },
        });
    }
    let mut date = settings.default_date;
    if let Some((token, body_start)) = split_header(&text) {
        let parsed = token.parse::<ArticleDate>().map_err(|error| RecordError::InvalidDate {
            path: path(),
            line: 1,
            error,
        })?;
        date = Some(parsed);
        text.drain(..body_start);
        if text.trim().is_empty() {
            return Err(RecordError::HeaderOnly { path: path(), line: 1 });
        }
    }
    let article = Article {
        id: ArticleId(origin.id.clone()),
        date,
        source: settings.default_source.clone(),
        title: None,
        url: None,
        text: trim_in_place(text),
    };
    Ok(Record {
        article,
        location: Location { path: path(), line: 1 },
        encoding,
        bytes: byte_count,
    })
}

/// Finds the seed format's header: leading white space, `date`, spaces or tabs,
/// then a word starting with a digit, which is the date to parse.
///
/// Returns that word and the byte offset where the body starts, or `None` when
/// the text does not start with a header (then `date` is just a word of text).
fn split_header(text: &str) -> Option<(&str, usize)> {
    let after_keyword = text.trim_start().strip_prefix("date")?;
    let token_area = after_keyword.trim_start_matches([' ', '\t']);
    if token_area.len() == after_keyword.len()
        || !token_area.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let token_len = token_area.find(char::is_whitespace).unwrap_or(token_area.len());
    let token = token_area.get(..token_len)?;
    let body_start = text.len() - token_area.len() + token_len;
    Some((token, body_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `input` as a text file and renders the outcome as
    /// `date|text` or `error: reason`.
    fn check(input: &[u8], expected: &str) {
        let origin = Origin { path: "fyens/a.txt".into(), id: "fyens/a.txt".into() };
        let actual = match parse_text(input.to_vec(), &origin, &ReadSettings::default()) {
            Ok(record) => {
                let date = record.article.date.map(|d| d.to_string()).unwrap_or_default();
                format!("{date}|{}", record.article.text)
            }
            Err(error) => format!("error: {}", error.reason()),
        };
        assert_eq!(actual, expected);
    }

    #[test]
    fn header_at_month_and_day_precision() {
        check(b" date 2019-07 Byr\xC3\xA5det m\xC3\xB8des i dag.", "2019-07|Byrådet mødes i dag.");
        check(
            "date 2021-03-09\nFærgen sejler igen.\n".as_bytes(),
            "2021-03-09|Færgen sejler igen.",
        );
        check(b"\t date  2020-02-29\tSkud\xC3\xA5rsdag.", "2020-02-29|Skudårsdag.");
    }

    #[test]
    fn no_header_keeps_the_whole_text() {
        check(b"  Regnen faldt hele natten.\n\n", "|Regnen faldt hele natten.");
        check(b"date er et engelsk ord.", "|date er et engelsk ord.");
        check(b"dates 2019-07 er ikke en header.", "|dates 2019-07 er ikke en header.");
    }

    #[test]
    fn bad_header_dates_are_rejected() {
        check(b" date 2019-13 Tekst.", "error: date `2019-13` has month 13, which is not 1 to 12");
        check(
            b" date 2019-02-30 Tekst.",
            "error: date `2019-02-30` has day 30, which 2019-02 does not have",
        );
        check(
            b" date 2019 Tekst.",
            "error: date `2019` is not a date of the form YYYY-MM or YYYY-MM-DD",
        );
    }

    #[test]
    fn empty_inputs_are_rejected() {
        check(b"", "error: file is empty");
        check(b" \r\n\t", "error: file holds only white space");
        check(b" date 2019-07 \n", "error: file has a date header but no text");
        check(b"\xEF\xBB\xBF", "error: file is empty");
    }

    #[test]
    fn line_endings_are_normalised() {
        check(
            b"date 2019-07\r\nF\xC3\xB8rste.\r\n\r\nAndet.\rTredje.",
            "2019-07|Første.\n\nAndet.\nTredje.",
        );
    }

    #[test]
    fn oversized_text_is_rejected_before_reading() {
        let origin = Origin { path: "stor.txt".into(), id: "stor.txt".into() };
        let settings = ReadSettings { max_record_bytes: 10, ..ReadSettings::default() };
        let error = read_text(&b"kort"[..], Some(11), &origin, &settings).unwrap_err();
        assert_eq!(error.reason(), "file is 11 bytes, over the 10-byte limit");
        let error = read_text(&b"Alt for lang tekst."[..], None, &origin, &settings).unwrap_err();
        assert_eq!(error.reason(), "file is over the 10-byte limit");
        let record = read_text(&b"Kort tekst"[..], None, &origin, &settings).unwrap();
        assert_eq!(record.article.text, "Kort tekst");
    }
}
