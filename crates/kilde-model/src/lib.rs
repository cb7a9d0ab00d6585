//! Shared vocabulary of kilde: the [`Article`] every stage passes along, its
//! [`ArticleId`] and its [`ArticleDate`], and the [`Findings`] extraction makes in it.
//!
//! This crate depends on no other workspace crate, does no I/O and holds no
//! policy: it only names things, so every stage speaks of them the same way.
//!
//! ```
//! use kilde_model::ArticleDate;
//! let date: ArticleDate = "2019-07".parse().unwrap();
//! assert_eq!(date.to_string(), "2019-07");
//! assert!("2019-13".parse::<ArticleDate>().is_err());
//! ```
#![warn(missing_docs)]

mod date;
mod error;
mod findings;

pub use date::ArticleDate;
pub use error::DateError;
pub use findings::{
    CharOffsets, EntityFinding, EntityLabel, Findings, QuoteFinding, QuoteKind, TimexFinding,
};

use std::fmt;

/// The stable identity of an article inside one archive: the JSON `id` field,
/// else the path of the file relative to the ingested root.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One news article as read from the pile, before any analysis.
///
/// `text` is the body with paragraphs separated by blank lines (`\n\n`); line
/// endings are already `\n` and a byte-order mark is already gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Identity inside the archive.
    pub id: ArticleId,
    /// Publication date, at month or day precision, when known.
    pub date: Option<ArticleDate>,
    /// The outlet or feed the article came from (`Ritzau`, `Fyens Stiftstidende`).
    pub source: Option<String>,
    /// The headline, when the input has one.
    pub title: Option<String>,
    /// Where the article was published, when the input says.
    pub url: Option<String>,
    /// The body text.
    pub text: String,
}

impl Article {
    /// The headline, or the first sentence of the body when the input has no
    /// title: the seed format has none, yet a result list needs a line to show.
    pub fn title_or_lead(&self) -> String {
        if let Some(title) = self.title.as_deref().filter(|t| !t.trim().is_empty()) {
            return title.trim().to_string();
        }
        lead_sentence(&self.text)
    }
}

/// The first sentence of `text`, at most about 160 chars, cut on a word boundary.
///
/// A sentence ends at `.`, `!` or `?` followed by white space, unless the
/// word before it is short and lower-case (`bl.a.`, `f.eks.`, `ca.`).
pub fn lead_sentence(text: &str) -> String {
    const MAX_CHARS: usize = 160;
    let first_paragraph = text.trim_start().split("\n\n").next().unwrap_or("").trim();
    let mut end = first_paragraph.len();
    let bytes = first_paragraph.as_bytes();
    for (idx, ch) in first_paragraph.char_indices() {
        if matches!(ch, '.' | '!' | '?')
            && bytes.get(idx + 1).is_none_or(|b| b.is_ascii_whitespace())
            && !ends_with_abbreviation(&first_paragraph[..idx])
        {
            end = idx + 1;
            break;
        }
    }
    let sentence = first_paragraph[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    if sentence.chars().count() <= MAX_CHARS {
        return sentence;
    }
    let mut cut: String = sentence.chars().take(MAX_CHARS).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    cut.push('…');
    cut
}

/// Whether `before` (the text before a full stop) ends with a word that is
/// an abbreviation rather than the end of a sentence.
fn ends_with_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let letters = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    !letters.is_empty()
        && (letters.contains('.')
            || (letters.chars().count() <= 3 && letters.chars().all(char::is_lowercase)))
        && !letters.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        assert_eq!(lead_sentence(text), expected);
    }

    #[test]
    fn lead_sentence_stops_at_first_full_stop() {
        check("Regionen lukker to skoler. Det oplyser borgmesteren.", "Regionen lukker to skoler.");
    }

    #[test]
    fn lead_sentence_skips_abbreviations() {
        check(
            "Der kom bl.a. klager fra Aarhus og ca. 40 borgere. Resten kom senere.",
            "Der kom bl.a. klager fra Aarhus og ca. 40 borgere.",
        );
    }

    #[test]
    fn lead_sentence_uses_first_paragraph_only() {
        check("Ingen punktum her\n\nAnden sætning. Tredje.", "Ingen punktum her");
    }

    #[test]
    fn long_lead_is_cut_on_a_word() {
        let text = "ord ".repeat(100);
        let lead = lead_sentence(&text);
        assert!(lead.ends_with('…'));
        assert!(lead.chars().count() <= 161);
    }
}
