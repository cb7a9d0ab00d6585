//! Char tests that answer ASCII from the byte alone, and Danish letters without the
//! Unicode tables.
//!
//! The tagger's tokenizer, the quote finder and the date finder each walk every char of
//! every article; decoding each char was a measurable share of extraction (≈ 5 % for the
//! tokenizer alone), while Danish news is almost all ASCII, and the standard library
//! answers `is_alphanumeric` for `æ`, `ø` and `å` by searching its tables. These helpers
//! decode only multi-byte chars, and answer exactly what the `char` methods answer (the
//! tests check every Latin-1 char).

/// The char at byte `idx` (which must be a char boundary) and nothing at the end.
pub(crate) fn char_at(text: &str, idx: usize) -> Option<char> {
    let byte = *text.as_bytes().get(idx)?;
    if byte.is_ascii() { Some(char::from(byte)) } else { text.get(idx..)?.chars().next() }
}

/// Whether the char at byte `idx` (a char boundary) is white space in the sense of
/// [`char::is_whitespace`], and its length in bytes; `None` at the end.
pub(crate) fn whitespace_at(text: &str, idx: usize) -> Option<(bool, usize)> {
    let byte = *text.as_bytes().get(idx)?;
    if byte.is_ascii() {
        return Some((matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'), 1));
    }
    let c = text.get(idx..)?.chars().next()?;
    Some((c.is_whitespace(), c.len_utf8()))
}

/// [`char::is_alphanumeric`], with Latin-1 (`æ`, `ø`, `å`, `é`, …) answered by a match
/// instead of the Unicode table search the standard library does for every non-ASCII
/// char.
pub(crate) fn is_alphanumeric(c: char) -> bool {
    match u32::from(c) {
        0..=0x7f => c.is_ascii_alphanumeric(),
        // ª ² ³ µ ¹ º ¼ ½ ¾, and the letters but × and ÷.
        0xaa | 0xb2 | 0xb3 | 0xb5 | 0xb9 | 0xba | 0xbc..=0xbe => true,
        0xc0..=0xd6 | 0xd8..=0xf6 | 0xf8..=0xff => true,
        0x80..=0xff => false,
        _ => c.is_alphanumeric(),
    }
}

/// Whether `text` holds an upper-case char ([`char::is_uppercase`]), reading bytes up to
/// the first non-ASCII char (most words have none).
pub(crate) fn has_uppercase(text: &str) -> bool {
    for (idx, byte) in text.bytes().enumerate() {
        if byte.is_ascii_uppercase() {
            return true;
        }
        if !byte.is_ascii() {
            return text.get(idx..).is_some_and(|rest| rest.chars().any(char::is_uppercase));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_what_the_char_methods_answer() {
        let text = "a Æ\tø\u{a0}\u{85}\u{2003}\u{3000}x\x0b\x0c\r\n’\u{200b}é🙂 ";
        for (idx, c) in text.char_indices() {
            assert_eq!(char_at(text, idx), Some(c), "{idx}");
            assert_eq!(whitespace_at(text, idx), Some((c.is_whitespace(), c.len_utf8())), "{c:?}");
        }
        assert_eq!(char_at(text, text.len()), None);
        assert_eq!(whitespace_at(text, text.len()), None);
        for byte in 0u8..128 {
            let c = char::from(byte);
            let one = c.to_string();
            assert_eq!(whitespace_at(&one, 0), Some((c.is_whitespace(), 1)), "{byte}");
        }
    }

    #[test]
    fn alphanumeric_and_upper_case_as_the_char_methods_say() {
        let beyond_latin1 = ['Ā', 'ł', 'Ω', 'ж', '٣', '’', '\u{2003}', '🙂', '中'];
        for c in (0..=0xffu8).map(char::from).chain(beyond_latin1) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?} U+{:04X}", u32::from(c));
            let one = c.to_string();
            assert_eq!(has_uppercase(&one), c.is_uppercase(), "{c:?}");
        }
        for word in ["kilde", "Kilde", "kIlde", "ærø", "Ærø", "ærØ", "2019", "", "tv-Ørn"] {
            assert_eq!(has_uppercase(word), word.chars().any(char::is_uppercase), "{word}");
        }
    }
}
