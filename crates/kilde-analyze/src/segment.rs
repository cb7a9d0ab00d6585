//! Word segmentation: where the words of a Danish text are, as byte ranges.
//!
//! Written for news text rather than taken from Unicode word boundaries, because
//! those split `bl.a.`, `12.000`, `2,5`, e-mail addresses and URLs into pieces that
//! a journalist never searches for, and they keep `Wikileaks-stifteren` whole while
//! kilde needs both the whole and its pieces.

/// What kind of word a [`Segment`] is; decides how it is analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// Letters (possibly with digits, inner `.` or `'`): stemmed and decompounded.
    Word,
    /// Digits with inner `.`/`,` (`12.000`, `2,5`): kept as written.
    Number,
    /// An e-mail address or URL: kept whole, lower-cased.
    Address,
}

/// One word of the text: `text[byte_start..byte_end]`, with its position in the
/// word sequence. Pieces of a hyphenated word follow the whole, the first piece at the
/// whole's position and each further piece one position on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Byte offset of the first byte.
    pub byte_start: usize,
    /// Byte offset one past the last byte.
    pub byte_end: usize,
    /// Position in the sequence of words (pieces of hyphenated words count).
    pub position: usize,
    /// How the word is analysed.
    pub kind: SegmentKind,
    /// True for the whole of a hyphenated word, whose pieces follow as their own segments.
    pub is_hyphenated_whole: bool,
}

/// Longest segment kept, in bytes; longer runs are not words (base64, hashes, junk).
const MAX_SEGMENT_BYTES: usize = 120;

/// All segments of `text`, in order. Never fails and never panics: text that is not
/// words simply yields no segments.
pub fn segment(text: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut position = 0;
    let mut cursor = 0;
    while let Some((start, end)) = next_run(text, cursor) {
        cursor = end;
        let Some(run) = text.get(start..end) else { break };
        if run.len() > MAX_SEGMENT_BYTES {
            continue;
        }
        push_run(run, start, &mut position, &mut segments);
    }
    segments
}

/// The next run of word material at or after `from`: alphanumerics joined by inner
/// `-`, `.`, `,`, `'`, `’`, `@` (a URL keeps everything up to white space). ASCII bytes
/// take a fast path; other characters are decoded one by one.
fn next_run(text: &str, from: usize) -> Option<(usize, usize)> {
    let start = next_alphanumeric(text, from)?;
    let tail = text.get(start..)?;
    if tail.starts_with("http://") || tail.starts_with("https://") || tail.starts_with("www.") {
        let len = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let url = tail.get(..len)?.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/');
        return Some((start, start + url.len().max(1)));
    }
    let bytes = text.as_bytes();
    let mut end = start;
    while let Some(&byte) = bytes.get(end) {
        if byte.is_ascii_alphanumeric() {
            end += 1;
            continue;
        }
        let Some(c) = text.get(end..).and_then(|rest| rest.chars().next()) else { break };
        let after = end + c.len_utf8();
        let is_glue = c.is_alphanumeric()
            || (matches!(c, '-' | '.' | ',' | '\'' | '’' | '@' | '‐')
                && text
                    .get(after..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_alphanumeric)
                && joins(text, end, c));
        if !is_glue {
            break;
        }
        end = after;
    }
    Some((start, end))
}

/// Byte offset of the first alphanumeric char at or after `from`.
fn next_alphanumeric(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        let byte = *bytes.get(at)?;
        if byte.is_ascii_alphanumeric() {
            return Some(at);
        }
        if byte.is_ascii() {
            at += 1;
            continue;
        }
        let c = text.get(at..)?.chars().next()?;
        if c.is_alphanumeric() {
            return Some(at);
        }
        at += c.len_utf8();
    }
}

/// Whether the joiner `c` at byte `at` of `text` glues its neighbours into one word:
/// `,` only between digits (`2,5`), the others between any alphanumerics.
fn joins(text: &str, at: usize, c: char) -> bool {
    if c != ',' {
        return true;
    }
    let before = text.get(..at).and_then(|s| s.chars().next_back());
    let after = text.get(at + 1..).and_then(|s| s.chars().next());
    before.is_some_and(|b| b.is_ascii_digit()) && after.is_some_and(|a| a.is_ascii_digit())
}

/// Adds the segments of one run: the run itself, and its pieces when it is hyphenated.
fn push_run(run: &str, start: usize, position: &mut usize, segments: &mut Vec<Segment>) {
    let kind = classify(run);
    let is_hyphenated = kind == SegmentKind::Word && run.contains(['-', '‐']);
    segments.push(Segment {
        byte_start: start,
        byte_end: start + run.len(),
        position: *position,
        kind,
        is_hyphenated_whole: is_hyphenated,
    });
    if !is_hyphenated {
        *position += 1;
        return;
    }
    let mut piece_start = 0;
    let pieces_end = std::iter::once((run.len(), '-'));
    for (idx, c) in run.char_indices().chain(pieces_end).filter(|(_, c)| matches!(c, '-' | '‐')) {
        if idx > piece_start {
            let piece = run.get(piece_start..idx).unwrap_or("");
            segments.push(Segment {
                byte_start: start + piece_start,
                byte_end: start + idx,
                position: *position,
                kind: classify(piece),
                is_hyphenated_whole: false,
            });
            *position += 1;
        }
        piece_start = idx + c.len_utf8();
    }
}

/// What kind of run `run` is. The number test comes first because it stops at the
/// first letter of a word; a URL run only comes from `next_run`'s URL branch.
fn classify(run: &str) -> SegmentKind {
    if run.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-')) {
        SegmentKind::Number
    } else if run.contains('@')
        || run.starts_with("www.")
        || (run.starts_with("http") && run.contains("://"))
    {
        SegmentKind::Address
    } else {
        SegmentKind::Word
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let words: Vec<&str> =
            segment(text).iter().map(|s| &text[s.byte_start..s.byte_end]).collect();
        assert_eq!(words, expected, "{text}");
    }

    #[test]
    fn keeps_abbreviations_numbers_and_addresses_whole() {
        check(
            "Der kom bl.a. 12.000 gæster, f.eks. fra Køge.",
            &["Der", "kom", "bl.a", "12.000", "gæster", "f.eks", "fra", "Køge"],
        );
        check(
            "Prisen steg 2,5 pct., sagde hun.",
            &["Prisen", "steg", "2,5", "pct", "sagde", "hun"],
        );
        check(
            "Skriv til redaktion@example.dk eller https://example.dk/sag?id=4.",
            &["Skriv", "til", "redaktion@example.dk", "eller", "https://example.dk/sag?id=4"],
        );
        check("i slutningen af 1990'erne", &["i", "slutningen", "af", "1990'erne"]);
    }

    #[test]
    fn hyphenated_words_give_whole_then_pieces() {
        let text = "Wikileaks-stifteren talte";
        let segments = segment(text);
        let words: Vec<(&str, usize)> =
            segments.iter().map(|s| (&text[s.byte_start..s.byte_end], s.position)).collect();
        assert_eq!(
            words,
            [("Wikileaks-stifteren", 0), ("Wikileaks", 0), ("stifteren", 1), ("talte", 2)]
        );
        assert!(segments[0].is_hyphenated_whole);
    }

    #[test]
    fn punctuation_alone_is_no_word() {
        check(" -- »« ... ", &[]);
        check("- Vi er glade, siger hun.", &["Vi", "er", "glade", "siger", "hun"]);
    }
}
