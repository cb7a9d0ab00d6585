//! Where a query's terms occur in an article's text, as byte ranges, and the
//! snippets and KWIC lines built from them.
//!
//! A query's words arrive as the written forms the index matched, so a compound part
//! (`rapport` in `overvågningsrapporterne`) marks the whole written word; analysed
//! terms, when a caller gives them, are found by analysing the text again.

use std::ops::Range;

use kilde_analyze::segment::segment;
use kilde_analyze::{EXACT_MARK, WordAnalyzer};

use crate::MatchTerms;

/// Byte ranges of `text` that match `terms`, sorted, without overlaps. Analysed terms
/// are found by running the index's own analysis over the text, so whatever the index
/// matched is marked, compound parts included.
pub fn find_matches(text: &str, terms: &MatchTerms, words: &WordAnalyzer) -> Vec<Range<usize>> {
    if terms.analyzed.is_empty() {
        return find_forms(text, terms);
    }
    let mut matches: Vec<Range<usize>> = Vec::new();
    words.analyze_text(text, |seg, token| {
        if is_match(token, terms) && matches.last().is_none_or(|last| last.end <= seg.byte_start) {
            matches.push(seg.byte_start..seg.byte_end);
        }
    });
    matches
}

/// [`find_matches`] for written forms and prefixes only: no analysis, one lower-casing
/// per word.
fn find_forms(text: &str, terms: &MatchTerms) -> Vec<Range<usize>> {
    let mut matches: Vec<Range<usize>> = Vec::new();
    let mut form = String::new();
    for seg in segment(text) {
        if matches.last().is_some_and(|last| last.end > seg.byte_start) {
            continue;
        }
        let Some(word) = text.get(seg.byte_start..seg.byte_end) else { continue };
        form.clear();
        form.extend(word.chars().flat_map(char::to_lowercase));
        if is_form_match(&form, terms) {
            matches.push(seg.byte_start..seg.byte_end);
        }
    }
    matches
}

fn is_form_match(form: &str, terms: &MatchTerms) -> bool {
    terms.exact.contains(form)
        || terms.analyzed.contains(form)
        || terms.prefixes.iter().any(|p| form.starts_with(p.as_str()))
}

/// Whether one index token (a term, or `=form`) is one the query asked for.
fn is_match(token: &str, terms: &MatchTerms) -> bool {
    match token.strip_prefix(EXACT_MARK) {
        Some(form) => is_form_match(form, terms),
        None => terms.analyzed.contains(token),
    }
}

/// A passage of an article with the ranges (bytes, into `text`) to mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The passage, white space folded, with `…` where it was cut.
    pub text: String,
    /// Byte ranges of `text` to mark.
    pub marks: Vec<Range<usize>>,
}

impl Snippet {
    /// HTML: text escaped, marks as `<mark>…</mark>`.
    pub fn to_html(&self) -> String {
        self.render(html_escape, |s| format!("<mark>{}</mark>", html_escape(s)))
    }

    /// Terminal text with marks in bold colour, or as `[…]` when colour is off.
    pub fn to_terminal(&self, colour: bool) -> String {
        if colour {
            self.render(str::to_string, |s| format!("\u{1b}[1;33m{s}\u{1b}[0m"))
        } else {
            self.render(str::to_string, |s| format!("[{s}]"))
        }
    }

    fn render(&self, plain: impl Fn(&str) -> String, marked: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        let mut cursor = 0;
        for mark in &self.marks {
            out.push_str(&plain(self.text.get(cursor..mark.start).unwrap_or("")));
            out.push_str(&marked(self.text.get(mark.clone()).unwrap_or("")));
            cursor = mark.end;
        }
        out.push_str(&plain(self.text.get(cursor..).unwrap_or("")));
        out
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The passage of about `max_chars` with the most distinct matches, starting a little
/// before the first of them; the start of the text when nothing matches.
pub fn best_snippet(text: &str, matches: &[Range<usize>], max_chars: usize) -> Snippet {
    let window_bytes = max_chars * 2;
    let mut best: Option<(usize, usize)> = None;
    for (i, first) in matches.iter().enumerate() {
        let distinct = matches[i..]
            .iter()
            .take_while(|m| m.end <= first.start + window_bytes)
            .filter_map(|m| text.get(m.clone()).map(str::to_lowercase))
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if best.is_none_or(|(count, _)| distinct > count) {
            best = Some((distinct, first.start));
        }
    }
    let anchor = best.map_or(0, |(_, start)| start);
    let start = context_start(text, anchor, max_chars / 4);
    let end = context_end(text, start, max_chars);
    cut(text, start, end, matches)
}

/// A char boundary about `chars_before` chars before `anchor`, at a word start.
fn context_start(text: &str, anchor: usize, chars_before: usize) -> usize {
    let before = text.get(..anchor).unwrap_or("");
    let mut start = before.char_indices().rev().nth(chars_before).map_or(0, |(i, _)| i);
    if start > 0
        && let Some(space) = text.get(start..anchor).and_then(|s| s.find(char::is_whitespace))
    {
        start += space + 1;
    }
    start.min(anchor)
}

/// A char boundary at most `max_chars` after `start`, at a word end.
fn context_end(text: &str, start: usize, max_chars: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    match rest.char_indices().nth(max_chars) {
        None => text.len(),
        Some((offset, _)) => {
            let window = rest.get(..offset).unwrap_or("");
            start + window.rfind(char::is_whitespace).unwrap_or(offset)
        }
    }
}

/// `text[start..end]` with white space folded and marks re-based onto the result.
fn cut(text: &str, start: usize, end: usize, matches: &[Range<usize>]) -> Snippet {
    let mut out = String::new();
    let mut marks = Vec::new();
    if start > 0 {
        out.push('…');
    }
    let mut last_was_space = false;
    let mut open_mark: Option<usize> = None;
    let matches: Vec<&Range<usize>> =
        matches.iter().filter(|m| m.start >= start && m.end <= end).collect();
    for (offset, c) in text.get(start..end).unwrap_or("").char_indices() {
        let at = start + offset;
        if matches.iter().any(|m| m.start == at) {
            open_mark = Some(out.len());
        }
        push_folded(&mut out, c, &mut last_was_space);
        if let Some(mark_start) = open_mark
            && matches.iter().any(|m| m.end == at + c.len_utf8())
        {
            marks.push(mark_start..out.len());
            open_mark = None;
        }
    }
    if end < text.len() {
        out.push('…');
    }
    Snippet { text: out, marks }
}

/// A keyword-in-context line: up to `width` chars each side of one match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicParts {
    /// Text before the match, white space folded.
    pub left: String,
    /// The matched word as written.
    pub matched: String,
    /// Text after the match, white space folded.
    pub right: String,
}

/// The KWIC parts for the match at `range` of `text`.
pub fn kwic_parts(text: &str, range: &Range<usize>, width: usize) -> KwicParts {
    let before = text.get(..range.start).unwrap_or("");
    let after = text.get(range.end..).unwrap_or("");
    let left: String = fold_space(before)
        .chars()
        .rev()
        .take(width)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let right: String = fold_space(after).chars().take(width).collect();
    KwicParts { left, matched: text.get(range.clone()).unwrap_or("").to_string(), right }
}

fn fold_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_was_space = false;
    for c in text.chars() {
        push_folded(&mut out, c, &mut last_was_space);
    }
    out
}

/// Appends `c`, turning any run of white space into one space.
fn push_folded(out: &mut String, c: char, last_was_space: &mut bool) {
    if c.is_whitespace() {
        if !*last_was_space {
            out.push(' ');
        }
        *last_was_space = true;
    } else {
        out.push(c);
        *last_was_space = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kilde_analyze::AnalyzeSettings;

    fn matches_of(text: &str, query_word: &str) -> Vec<String> {
        let words = WordAnalyzer::new(AnalyzeSettings::default());
        let mut terms = MatchTerms::default();
        terms.analyzed.insert(words.query_term(query_word).term);
        find_matches(text, &terms, &words).into_iter().map(|r| text[r].to_string()).collect()
    }

    #[test]
    fn compound_parts_mark_the_whole_word() {
        let text = "Rapporten byggede på overvågningsrapporterne fra ambassaden.";
        assert_eq!(matches_of(text, "rapport"), ["Rapporten", "overvågningsrapporterne"]);
    }

    #[test]
    fn snippet_marks_survive_whitespace_folding_and_html() {
        let text = "Indledning.\n\nSå kom <rapporten>   om   skatten frem.";
        let start = text.find("rapporten").unwrap();
        let matches = vec![Range { start, end: start + 9 }];
        let snippet = best_snippet(text, &matches, 160);
        assert_eq!(
            snippet.to_html(),
            "Indledning. Så kom &lt;<mark>rapporten</mark>&gt; om skatten frem."
        );
        assert_eq!(snippet.to_terminal(false), "Indledning. Så kom <[rapporten]> om skatten frem.");
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let text =
            format!("{} Skattelettelser i sigte. {}", "fyld ".repeat(200), "mere ".repeat(200));
        let start = text.find("Skattelettelser").unwrap();
        let matches = vec![Range { start, end: start + "Skattelettelser".len() }];
        let snippet = best_snippet(&text, &matches, 100);
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
        assert!(snippet.to_html().contains("<mark>Skattelettelser</mark>"));
        assert!(snippet.text.chars().count() <= 104);
    }

    #[test]
    fn kwic_parts_take_width_chars_each_side() {
        let text = "Det skriver CNN mandag om sagen.";
        let start = text.find("CNN").unwrap();
        let parts = kwic_parts(text, &(start..start + 3), 8);
        assert_eq!(
            parts,
            KwicParts { left: "skriver ".into(), matched: "CNN".into(), right: " mandag ".into() }
        );
    }
}
