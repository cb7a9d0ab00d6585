//! Text layout for quote attribution: paragraphs, quotation marks, sentences and words,
//! all as byte spans into the article text.

use hashbrown::HashMap;
use std::borrow::Cow;
use std::rc::Rc;

/// A byte range into the article text; `start <= end`, both on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Span {
    /// First byte.
    pub start: usize,
    /// Just past the last byte.
    pub end: usize,
}

impl Span {
    /// Whether `other` lies inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A stretch of text in quotation marks: `outer` includes the marks, `inner` does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marked {
    /// From the opening mark to just past the closing one.
    pub outer: Span,
    /// Between the marks.
    pub inner: Span,
}

/// A word: `core` without surrounding punctuation, `raw` as split on whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// The word without leading or trailing punctuation (`DR` in `(DR),`).
    pub core: &'a str,
    /// Where `core` is.
    pub span: Span,
    /// The whitespace-separated token, punctuation included.
    pub raw: Span,
}

impl<'a> Word<'a> {
    /// The word in lower case; borrowed when it already is (most words), since the
    /// word lists are checked for every word of every sentence.
    pub fn lower(&self) -> Cow<'a, str> {
        if crate::scan::has_uppercase(self.core) {
            Cow::Owned(self.core.to_lowercase())
        } else {
            Cow::Borrowed(self.core)
        }
    }

    /// Whether the word starts with a capital letter.
    pub fn is_capitalised(&self) -> bool {
        self.core.chars().next().is_some_and(char::is_uppercase)
    }
}

/// The text of `span`, or `""` if the span does not slice the text.
pub(crate) fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// Paragraphs: stretches between line breaks, trimmed of surrounding whitespace.
pub(crate) fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let trimmed_start = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = offset + trimmed_start;
            out.push(Span { start, end: start + trimmed.len() });
        }
        offset += line.len() + 1;
    }
    out
}

/// The closing mark for an opening one, if it is a quotation mark.
fn closer_for(open: char) -> Option<char> {
    match open {
        '»' => Some('«'),
        '«' => Some('»'),
        '"' => Some('"'),
        '“' => Some('”'),
        '„' => Some('“'),
        '\'' => Some('\''),
        '‘' => Some('’'),
        _ => None,
    }
}

/// Quoted stretches in `span`, outermost only. A straight `'` opens only after a space or
/// a bracket and before a letter, and closes only before a space or punctuation, so the
/// apostrophes of `DF's` and `1950'erne` are not quotation marks.
pub(crate) fn marked_spans(text: &str, span: Span) -> Vec<Marked> {
    let body = slice(text, span);
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    // Only quotation marks can open or close, so the scan jumps from mark to mark and
    // reads the characters around each one.
    for (idx, mark) in body.match_indices(QUOTATION_MARKS) {
        let Some(c) = mark.chars().next() else { continue };
        let prev = body.get(..idx).and_then(|before| before.chars().next_back());
        let next = body.get(idx + mark.len()..).and_then(|after| after.chars().next());
        match open {
            None => {
                let Some(close) = closer_for(c) else { continue };
                if opens_here(c, prev, next) {
                    open = Some((idx, close));
                }
            }
            Some((start, close)) if c == close && closes_here(c, prev, next) => {
                let abs = |i: usize| span.start + i;
                out.push(Marked {
                    outer: Span { start: abs(start), end: abs(idx + c.len_utf8()) },
                    inner: Span { start: abs(start + open_len(text, abs(start))), end: abs(idx) },
                });
                open = None;
            }
            Some(_) => {}
        }
    }
    out
}

/// Every character that opens or closes a quotation ([`closer_for`] and its results).
const QUOTATION_MARKS: [char; 9] = ['»', '«', '"', '“', '„', '\'', '‘', '”', '’'];

/// Byte length of the opening mark at `idx`.
fn open_len(text: &str, idx: usize) -> usize {
    text.get(idx..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8)
}

/// Whether `c` may open a quotation here.
fn opens_here(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let after_gap = prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '-' | '–'));
    let before_text = next.is_some_and(|n| !n.is_whitespace());
    match c {
        '\'' | '"' | '‘' => after_gap && before_text,
        _ => before_text,
    }
}

/// Whether `c` may close a quotation here.
fn closes_here(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let after_text = prev.is_some_and(|p| !p.is_whitespace());
    let before_gap = next.is_none_or(|n| !n.is_alphanumeric());
    match c {
        '\'' | '"' | '’' => after_text && before_gap,
        _ => after_text,
    }
}

/// Sentences of `span`: a sentence ends after `.`, `!` or `?` (and any closing marks)
/// followed by a space and a capital, a digit-free opening mark or a dash. Ends inside
/// quotation marks do not count, nor do `13. april` or `kl. 14`.
pub(crate) fn sentences(text: &str, span: Span, marked: &[Marked]) -> Vec<Span> {
    let body = slice(text, span);
    let mut out = Vec::new();
    let mut start = span.start;
    for (idx, _) in body.match_indices(['.', '!', '?']) {
        let abs = span.start + idx;
        if marked.iter().any(|m| m.inner.start <= abs && abs < m.inner.end) {
            continue;
        }
        // The mark is one byte; after it come closing marks, a gap and the next opening.
        let after = body.get(idx + 1..).unwrap_or("");
        let mut rest = after
            .char_indices()
            .skip_while(|(_, c)| matches!(c, '«' | '»' | '"' | '\'' | '”' | ')'));
        let Some((gap, c)) = rest.next() else { continue };
        let opens_next = rest
            .next()
            .filter(|(_, n)| n.is_uppercase() || matches!(n, '»' | '"' | '\'' | '“' | '-' | '–'));
        if let (true, Some((next, _))) = (c.is_whitespace(), opens_next) {
            out.push(Span { start, end: abs + 1 + gap });
            start = abs + 1 + next;
        }
    }
    if start < span.end {
        out.push(Span { start, end: span.end });
    }
    out
}

/// Words of `span` with their spans; punctuation is trimmed from both ends of each token,
/// but inner punctuation stays (`Jyllands-Posten`, `A/S`, `fcm.dk`).
pub(crate) fn words(text: &str, span: Span) -> Vec<Word<'_>> {
    let body = slice(text, span);
    // About one word per six bytes of Danish news: one allocation for most spans.
    let mut out = Vec::with_capacity(body.len() / 6);
    let mut start: Option<usize> = None;
    let mut idx = 0;
    while let Some((is_space, len)) = crate::scan::whitespace_at(body, idx) {
        match (is_space, start) {
            (true, Some(s)) => {
                push_word(text, Span { start: span.start + s, end: span.start + idx }, &mut out);
                start = None;
            }
            (false, None) => start = Some(idx),
            _ => {}
        }
        idx += len;
    }
    if let Some(s) = start {
        push_word(text, Span { start: span.start + s, end: span.start + body.len() }, &mut out);
    }
    out
}

/// Adds the token at `raw` without its outer punctuation; tokens of punctuation only vanish.
fn push_word<'a>(text: &'a str, raw: Span, out: &mut Vec<Word<'a>>) {
    let token = slice(text, raw);
    let is_punctuation = |c: char| !crate::scan::is_alphanumeric(c);
    let lead = token.len() - token.trim_start_matches(is_punctuation).len();
    let core = token.get(lead..).unwrap_or("").trim_end_matches(is_punctuation);
    if core.is_empty() {
        return;
    }
    let start = raw.start + lead;
    out.push(Word { core, span: Span { start, end: start + core.len() }, raw });
}

/// Whether `word` opens its sentence, or follows a colon, quotation mark or dash (so a
/// capital there proves nothing).
pub(crate) fn is_sentence_initial(sentence: Span, word: &Word<'_>, text: &str) -> bool {
    let before = slice(text, Span { start: sentence.start, end: word.span.start });
    let last = before.trim_end().chars().next_back();
    before.chars().all(|c| !c.is_alphanumeric())
        || last.is_some_and(|c| matches!(c, ':' | '»' | '«' | '"' | '-' | '–' | '.' | '!' | '?'))
}

/// An article's paragraphs with their quotation marks, and the sentences and words of each
/// region asked for, each worked out once: candidate detection and the speaker context
/// both walk every sentence of the article. Handed out as shared slices, so asking again
/// copies nothing.
pub(crate) struct Layout<'a> {
    text: &'a str,
    paragraphs: Vec<(Span, Rc<[Marked]>)>,
    sentences: HashMap<Span, Rc<[Span]>>,
    words: HashMap<Span, Rc<[Word<'a>]>>,
}

impl<'a> Layout<'a> {
    pub fn new(text: &'a str) -> Layout<'a> {
        let paragraphs = paragraphs(text)
            .into_iter()
            .map(|para| (para, Rc::from(marked_spans(text, para))))
            .collect();
        Layout { text, paragraphs, sentences: HashMap::new(), words: HashMap::new() }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Paragraph `k` and its quotation marks.
    pub fn paragraph(&self, k: usize) -> Option<(Span, Rc<[Marked]>)> {
        self.paragraphs.get(k).cloned()
    }

    /// [`sentences`] of `region` (inside a paragraph whose marks are `marked`).
    pub fn sentences(&mut self, region: Span, marked: &[Marked]) -> Rc<[Span]> {
        let text = self.text;
        self.sentences
            .entry(region)
            .or_insert_with(|| sentences(text, region, marked).into())
            .clone()
    }

    /// [`words`] of `span`.
    pub fn words(&mut self, span: Span) -> Rc<[Word<'a>]> {
        let text = self.text;
        self.words.entry(span).or_insert_with(|| words(text, span).into()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char split [`words`] replaced, as the reference.
    fn words_by_chars(text: &str, span: Span) -> Vec<Word<'_>> {
        let body = slice(text, span);
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        for (idx, c) in body.char_indices().chain(std::iter::once((body.len(), ' '))) {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    let raw = Span { start: span.start + s, end: span.start + idx };
                    push_word(text, raw, &mut out);
                    start = None;
                }
                (false, None) => start = Some(idx),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn words_split_where_the_char_scan_split() {
        let text = "»Det er (DR),\tsagde\u{a0}hun\u{2003}til Jyllands-Posten A/S… « fcm.dk\r\nÆrø ";
        for span in [
            Span { start: 0, end: text.len() },
            Span { start: 2, end: text.len() - 1 },
            Span { start: 0, end: 0 },
        ] {
            assert_eq!(words(text, span), words_by_chars(text, span));
        }
    }
}
