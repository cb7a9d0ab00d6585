//! What the extraction stage found in one article: named entities, quotes and dates.
//!
//! These are the shapes that travel from extraction to the index (stored per article),
//! to `kilde analyze`'s JSON Lines and to the API, so they are serialisable and their
//! field names are a contract. Offsets are in Unicode scalar values (chars) into the
//! article text, end exclusive: `text.chars().skip(start).take(end - start)` is the span.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The kind of a named entity, in the DaNE / CoNLL convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityLabel {
    /// People.
    Per,
    /// Organisations, including media and countries acting as actors.
    Org,
    /// Places.
    Loc,
    /// Other names: events, products, works.
    Misc,
}

impl EntityLabel {
    /// All labels, in a fixed order.
    pub const ALL: [EntityLabel; 4] =
        [EntityLabel::Per, EntityLabel::Org, EntityLabel::Loc, EntityLabel::Misc];

    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Org => "ORG",
            EntityLabel::Loc => "LOC",
            EntityLabel::Misc => "MISC",
        }
    }

    /// Parses a label name, case-insensitively; `None` for anything else.
    pub fn parse(text: &str) -> Option<EntityLabel> {
        EntityLabel::ALL.into_iter().find(|label| label.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One mention of a named entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityFinding {
    /// The mention as written (`Assanges`, `Wikileaks` inside `Wikileaks-stifteren`).
    pub text: String,
    /// Its kind.
    pub label: EntityLabel,
    /// First char of the mention.
    pub start: usize,
    /// Char just past the mention.
    pub end: usize,
    /// The entity's name in this article: its fullest form (`Julian Assange`).
    pub canonical: String,
}

/// Direct speech in quote marks or after a dialogue dash, or reported speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// `»…«`, `"…"`, `'…'` or a dialogue-dash paragraph.
    Direct,
    /// `X siger, at …`, `ifølge X`, `Det skriver X`.
    Indirect,
}

impl QuoteKind {
    /// `direct` or `indirect`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// A statement and who made it, to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteFinding {
    /// The canonical name of the speaker, or the noun phrase naming an unnamed one.
    pub speaker: Option<String>,
    /// `PER` or `ORG` for a named speaker; `None` for an unnamed one.
    pub speaker_type: Option<EntityLabel>,
    /// The medium the statement was made to or published in.
    pub channel: Option<String>,
    /// The reporting verb as written (`siger`, `skriver`, `ifølge`).
    pub cue: Option<String>,
    /// The quoted or reported words, without quote marks or an introducing `at`.
    pub content: String,
    /// Direct or reported speech.
    pub kind: QuoteKind,
    /// First char of `content` in the text.
    pub start: usize,
    /// Char just past `content`.
    pub end: usize,
}

/// A temporal expression and the date it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimexFinding {
    /// The expression as written (`i april i år`).
    pub text: String,
    /// ISO 8601 / TimeML value (`2019-04`, `2019-W09`, `1990s`), or `None` when the
    /// article date does not pin it down.
    pub value: Option<String>,
    /// First char of the expression.
    pub start: usize,
    /// Char just past the expression.
    pub end: usize,
}

/// Everything extraction found in one article, each list in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Findings {
    /// Named entities, merged within the article (see [`EntityFinding::canonical`]).
    pub entities: Vec<EntityFinding>,
    /// Quotes and reported speech.
    pub quotes: Vec<QuoteFinding>,
    /// Dates in the text, resolved against the article date.
    pub timex: Vec<TimexFinding>,
}

impl Findings {
    /// Distinct `(canonical, label)` pairs, sorted: the entities an article is about.
    pub fn distinct_entities(&self) -> Vec<(&str, EntityLabel)> {
        let mut names: Vec<(&str, EntityLabel)> =
            self.entities.iter().map(|e| (e.canonical.as_str(), e.label)).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// Converts byte offsets into one text to char offsets, walking the text once for a
/// whole sorted batch instead of counting from the start for every span.
#[derive(Debug)]
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    /// Starts at the beginning of `text`.
    pub fn new(text: &'a str) -> Self {
        CharOffsets { text, byte: 0, chars: 0 }
    }

    /// The char offset of byte offset `byte` (clamped to the text; a byte inside a
    /// char counts as that char's start). Fast when called with growing offsets;
    /// a smaller offset restarts the walk from the beginning.
    pub fn char_at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let slice = self.text.as_bytes().get(self.byte..byte).unwrap_or_default();
        // A char starts at every byte that is not a UTF-8 continuation byte.
        self.chars += slice.iter().filter(|b| (**b & 0xC0) != 0x80).count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_chars_not_bytes() {
        let text = "Grønland og Århus";
        let mut offsets = CharOffsets::new(text);
        let byte = text.find("og").unwrap_or_default();
        assert_eq!(offsets.char_at(byte), 9);
        let byte = text.find("Århus").unwrap_or_default();
        assert_eq!(offsets.char_at(byte), 12);
        assert_eq!(offsets.char_at(text.len()), text.chars().count());
        assert_eq!(offsets.char_at(0), 0);
    }

    #[test]
    fn labels_serialise_in_upper_case() {
        let json = serde_json::to_string(&EntityLabel::Per).unwrap_or_default();
        assert_eq!(json, "\"PER\"");
        assert_eq!(EntityLabel::parse("loc"), Some(EntityLabel::Loc));
        assert_eq!(EntityLabel::parse("person"), None);
    }
}
