//! Char look-ups by byte offset that answer ASCII from the byte alone.
//!
//! The tagger's tokenizer, the quote finder and the date finder each walk every char of
//! every article; decoding each char was a measurable share of extraction (≈ 5 % for the
//! tokenizer alone), while Danish news is almost all ASCII. These helpers decode only
//! multi-byte chars, and answer exactly what the `char` methods answer.

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
}
