//! Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252;
//! plus the binary check and line-ending normalisation.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::record::TextEncoding;

/// The UTF-8 byte-order mark.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// The UTF-16 little-endian byte-order mark.
pub(crate) const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
/// The UTF-16 big-endian byte-order mark.
pub(crate) const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// Decodes a whole file, dropping a byte-order mark and a trailing DOS end-of-file
/// mark (Ctrl-Z).
///
/// Returns `None` when the bytes are binary: malformed UTF-16, NUL in UTF-8 or
/// UTF-16, or control characters in text read as Windows-1252.
pub(crate) fn decode_file(mut bytes: Vec<u8>) -> Option<(String, TextEncoding)> {
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        return decode_utf16(UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        return decode_utf16(UTF_16BE, rest);
    }
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    let (mut text, encoding) = match String::from_utf8(bytes) {
        Ok(text) => (text, TextEncoding::Utf8),
        Err(error) => {
            (decode_windows_1252(error.as_bytes()).into_owned(), TextEncoding::Windows1252)
        }
    };
    if text.ends_with('\u{1a}') {
        text.pop();
    }
    (!looks_binary(&text, encoding)).then_some((text, encoding))
}

/// Decodes one JSON line: UTF-8 as is, anything else as Windows-1252.
///
/// Returns `None` when the line read as Windows-1252 holds control characters.
/// UTF-8 lines are not checked: the JSON parser rejects raw control characters.
pub(crate) fn decode_line(bytes: &[u8]) -> Option<(Cow<'_, str>, TextEncoding)> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some((Cow::Borrowed(text), TextEncoding::Utf8));
    }
    let text = decode_windows_1252(bytes);
    (!looks_binary(&text, TextEncoding::Windows1252)).then_some((text, TextEncoding::Windows1252))
}

/// Turns CRLF and lone CR into `\n`; text without CR is returned untouched.
pub(crate) fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Removes leading and trailing white space without a new allocation.
pub(crate) fn trim_in_place(mut text: String) -> String {
    let end = text.trim_end().len();
    text.truncate(end);
    let start = text.len() - text.trim_start().len();
    text.drain(..start);
    text
}

fn decode_utf16(encoding: &'static Encoding, bytes: &[u8]) -> Option<(String, TextEncoding)> {
    let mut text =
        encoding.decode_without_bom_handling_and_without_replacement(bytes)?.into_owned();
    if text.ends_with('\u{1a}') {
        text.pop();
    }
    (!looks_binary(&text, TextEncoding::Utf16)).then_some((text, TextEncoding::Utf16))
}

fn decode_windows_1252(bytes: &[u8]) -> Cow<'_, str> {
    WINDOWS_1252.decode_without_bom_handling(bytes).0
}

/// Whether decoded text is more likely binary data than writing.
///
/// Windows-1252 decodes every byte, so there the test is strict: any C0 control
/// other than tab, line feed, carriage return and form feed, or any C1 control
/// (the five bytes Windows-1252 leaves undefined), means binary. UTF-8 and UTF-16
/// already passed a strict decoder, so only NUL counts there.
fn looks_binary(text: &str, encoding: TextEncoding) -> bool {
    match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf16 => text.contains('\0'),
        TextEncoding::Windows1252 => text.chars().any(|c| {
            (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
                || ('\u{80}'..='\u{9f}').contains(&c)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], expected: Option<(&str, TextEncoding)>) {
        let decoded = decode_file(bytes.to_vec());
        assert_eq!(decoded.as_ref().map(|(text, encoding)| (text.as_str(), *encoding)), expected);
    }

    #[test]
    fn utf8_with_and_without_bom() {
        check("Bølgerne går højt.".as_bytes(), Some(("Bølgerne går højt.", TextEncoding::Utf8)));
        check(b"\xEF\xBB\xBFR\xC3\xA5d", Some(("Råd", TextEncoding::Utf8)));
    }

    #[test]
    fn latin1_falls_back_to_windows_1252() {
        check(
            b"\xc6bler og \xf8l p\xe5 \x93kroen\x94",
            Some(("Æbler og øl på “kroen”", TextEncoding::Windows1252)),
        );
    }

    #[test]
    fn utf16_needs_its_bom() {
        check(b"\xFF\xFEs\x00\xF8\x00", Some(("sø", TextEncoding::Utf16)));
        check(b"\xFE\xFF\x00s\x00\xF8", Some(("sø", TextEncoding::Utf16)));
        check(b"\xFF\xFEs", None);
    }

    #[test]
    fn binary_is_rejected() {
        check(b"\x7fELF\x02\x01\x01\x00\x00\x00\xb7", None);
        check(b"\0\0\0\0", None);
        check(b"\x81\x8d\x8f", None);
    }

    #[test]
    fn dos_end_of_file_mark_is_dropped() {
        check(b"Slut\r\n\x1a", Some(("Slut\r\n", TextEncoding::Utf8)));
    }

    #[test]
    fn line_endings_become_newlines() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n".to_string()), "a\nb\nc\n");
        assert_eq!(trim_in_place("  \n æble \n".to_string()), "æble");
    }

    #[test]
    fn json_lines_fall_back_per_line() {
        let (text, encoding) = decode_line(b"{\"text\":\"K\xf8benhavn\"}").unwrap();
        assert_eq!(
            (text.as_ref(), encoding),
            ("{\"text\":\"København\"}", TextEncoding::Windows1252)
        );
        assert!(decode_line(b"{\x00\x01}\xff").is_none());
    }
}
