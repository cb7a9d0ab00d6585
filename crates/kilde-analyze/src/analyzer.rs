//! The Danish analyzer as tantivy tokenizers, and the word analysis both share with
//! the query side: [`danish_analyzer`] for the searchable body, [`exact_analyzer`] for
//! the written forms, [`WordAnalyzer`] for one word at a time.

use std::collections::HashMap;

use frostem::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::fold::{
    accent_variants, has_danish_letter, has_digraph, normalize_letters, replace_digraphs,
    strip_diacritics,
};
use crate::lexicon::Lexicon;
use crate::segment::{Segment, SegmentKind, segment};
use crate::split_compound;

/// How the Danish analyzer treats words. Stored in the index, because an index
/// analysed one way cannot be searched the other way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeSettings {
    /// Index the parts of compounds as well (`overvågningsrapporter` → `rapport`).
    pub decompound: bool,
    /// Reduce words to their Danish Snowball stem (`rapporterne` → `rapport`).
    pub stem: bool,
}

impl Default for AnalyzeSettings {
    fn default() -> Self {
        AnalyzeSettings { decompound: true, stem: true }
    }
}

/// The name under which the Danish analyzer is registered with tantivy.
pub const DANISH_ANALYZER: &str = "kilde_da";
/// The name under which the exact-form analyzer is registered with tantivy.
pub const EXACT_ANALYZER: &str = "kilde_exact";

/// The one Danish analyzer, for indexing: if index and query analysis ever differ,
/// `rapport` stops finding `overvågningsrapporter`, so queries use the same
/// [`WordAnalyzer`] through [`WordAnalyzer::query_term`].
///
/// ```
/// use kilde_analyze::{AnalyzeSettings, danish_analyzer};
/// let mut analyzer = danish_analyzer(AnalyzeSettings::default());
/// let mut stream = analyzer.token_stream("Overvågningsrapporterne blev lækket");
/// let mut terms = Vec::new();
/// while let Some(token) = stream.next() {
///     terms.push(token.text.clone());
/// }
/// assert!(terms.contains(&"rapport".to_string()));
/// assert!(terms.contains(&"overvågning".to_string()));
/// ```
pub fn danish_analyzer(settings: AnalyzeSettings) -> TextAnalyzer {
    TextAnalyzer::from(DanishTokenizer { words: WordAnalyzer::new(settings), tokens: Vec::new() })
}

/// Lower-cased written forms, no stemming or folding: for phrases and `=ord`.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(ExactTokenizer { tokens: Vec::new() })
}

/// The analysis of single words, with a cache: news text repeats its words, so most
/// words are analysed once per indexing thread.
#[derive(Clone)]
pub struct WordAnalyzer {
    settings: AnalyzeSettings,
    lexicon: &'static Lexicon,
    stemmer: Stemmer,
    cache: HashMap<Box<str>, Box<[Box<str>]>>,
}

/// Entries kept in one [`WordAnalyzer`]'s cache before it starts over.
const CACHE_CAPACITY: usize = 200_000;
/// Most accent variants tried for one query word.
const MAX_ACCENT_VARIANTS: usize = 48;

/// The terms to look up for one query word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The term the word is indexed as.
    pub term: String,
    /// Other spellings of the same word (`kobenhavn` for `københavn`, or the reverse)
    /// worth looking up when the index has them; empty for dictionary words.
    pub spelling_variants: Vec<String>,
}

impl WordAnalyzer {
    /// A word analyzer over the embedded lexicon.
    pub fn new(settings: AnalyzeSettings) -> Self {
        WordAnalyzer {
            settings,
            lexicon: Lexicon::embedded(),
            stemmer: Stemmer::new(Algorithm::Danish),
            cache: HashMap::new(),
        }
    }

    /// The lexicon this analyzer splits and folds with.
    pub fn lexicon(&self) -> &'static Lexicon {
        self.lexicon
    }

    /// Index terms of one word as written: its own term first, then other spellings and
    /// compound parts. Empty only for words too long to be words.
    pub fn index_terms(&mut self, word: &str, kind: SegmentKind) -> &[Box<str>] {
        if self.cache.len() >= CACHE_CAPACITY {
            self.cache.clear();
        }
        if !self.cache.contains_key(word) {
            let terms = self.compute_index_terms(word, kind);
            self.cache.insert(word.into(), terms.into_iter().map(String::into_boxed_str).collect());
        }
        self.cache.get(word).map_or(&[], |terms| terms)
    }

    fn compute_index_terms(&self, word: &str, kind: SegmentKind) -> Vec<String> {
        let lower = word.to_lowercase();
        if kind != SegmentKind::Word {
            return vec![lower];
        }
        let lower = normalize_letters(&lower).into_owned();
        let spelled = self.danish_spelling(&lower);
        let mut terms = vec![self.stem(spelled.as_deref().unwrap_or(&lower))];
        if spelled.is_some() {
            push_new(&mut terms, self.stem(&lower));
        }
        if self.settings.decompound && !lower.contains(['-', '‐']) {
            let parts = split_compound(&lower, self.lexicon)
                .or_else(|| spelled.as_deref().and_then(|s| split_compound(s, self.lexicon)));
            for part in parts.unwrap_or_default() {
                push_new(&mut terms, self.stem(part));
            }
        }
        terms
    }

    /// The term a query word must match: the first of its [`index_terms`](Self::index_terms),
    /// never its compound parts (a search for `overvågningsrapport` wants that word, not
    /// every `rapport`), plus spelling variants for words the dictionary does not know.
    pub fn query_term(&self, word: &str) -> QueryTerm {
        let lower = normalize_letters(&word.to_lowercase()).into_owned();
        let spelled = self.danish_spelling(&lower);
        let term = self.stem(spelled.as_deref().unwrap_or(&lower));
        let mut spelling_variants = Vec::new();
        if !self.lexicon.is_common_word(&lower) {
            if term.is_ascii() {
                spelling_variants
                    .extend(accent_variants(&term, MAX_ACCENT_VARIANTS).into_iter().skip(1));
            } else if has_danish_letter(&lower) {
                let stripped = strip_diacritics(&lower);
                if !self.lexicon.is_common_word(&stripped) {
                    spelling_variants.push(self.stem(&stripped));
                }
            }
        }
        spelling_variants.retain(|v| *v != term);
        QueryTerm { term, spelling_variants }
    }

    /// `aa oe ae` as `å ø æ` when `lower` is not a dictionary word written that way.
    fn danish_spelling(&self, lower: &str) -> Option<String> {
        (has_digraph(lower) && !self.lexicon.is_common_word(lower)).then(|| replace_digraphs(lower))
    }

    fn stem(&self, word: &str) -> String {
        if self.settings.stem { self.stemmer.stem(word).into_owned() } else { word.to_string() }
    }
}

fn push_new(terms: &mut Vec<String>, term: String) {
    if !terms.contains(&term) {
        terms.push(term);
    }
}

/// Segments, then emits every index term of each word at the word's position and
/// offsets, so highlighting a compound part highlights the whole word.
#[derive(Clone)]
struct DanishTokenizer {
    words: WordAnalyzer,
    tokens: Vec<Token>,
}

impl Tokenizer for DanishTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.tokens.clear();
        for seg in segment(text) {
            let Some(word) = text.get(seg.byte_start..seg.byte_end) else { continue };
            for term in self.words.index_terms(word, seg.kind) {
                self.tokens.push(token(&seg, term.to_string()));
            }
        }
        VecTokenStream::new(&mut self.tokens)
    }
}

/// Segments and lower-cases: the written form of every word.
#[derive(Clone)]
struct ExactTokenizer {
    tokens: Vec<Token>,
}

impl Tokenizer for ExactTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.tokens.clear();
        for seg in segment(text) {
            if let Some(word) = text.get(seg.byte_start..seg.byte_end) {
                self.tokens.push(token(&seg, word.to_lowercase()));
            }
        }
        VecTokenStream::new(&mut self.tokens)
    }
}

fn token(seg: &Segment, text: String) -> Token {
    Token {
        offset_from: seg.byte_start,
        offset_to: seg.byte_end,
        position: seg.position,
        text,
        position_length: 1,
    }
}

/// A token stream over tokens computed up front.
struct VecTokenStream<'a> {
    tokens: &'a mut [Token],
    index: Option<usize>,
    /// Returned before the first `advance` and after the end, instead of panicking.
    outside: Token,
}

impl<'a> VecTokenStream<'a> {
    fn new(tokens: &'a mut [Token]) -> Self {
        VecTokenStream { tokens, index: None, outside: Token::default() }
    }
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let next = self.index.map_or(0, |i| i + 1);
        self.index = Some(next);
        next < self.tokens.len()
    }

    fn token(&self) -> &Token {
        self.index.and_then(|i| self.tokens.get(i)).unwrap_or(&self.outside)
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.index.and_then(|i| self.tokens.get_mut(i)) {
            Some(token) => token,
            None => &mut self.outside,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut analyzer = danish_analyzer(AnalyzeSettings::default());
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    fn query(word: &str) -> String {
        WordAnalyzer::new(AnalyzeSettings::default()).query_term(word).term
    }

    /// `query` finds `word` when the query term is among the word's index terms.
    fn check(query_word: &str, word: &str, expected: bool) {
        let found = terms(word).contains(&query(query_word));
        assert_eq!(found, expected, "{query_word} → {word}: index terms {:?}", terms(word));
    }

    #[test]
    fn compound_parts_are_found() {
        check("rapport", "overvågningsrapporter", true);
        check("overvågning", "overvågningsrapporterne", true);
        check("skat", "skattelettelser", true);
        check("valg", "præsidentvalget", true);
        check("ambassade", "ambassaden", true);
    }

    #[test]
    fn substrings_are_not_found() {
        check("is", "politiske", false);
        check("ris", "krise", false);
        check("tal", "hospitalet", false);
    }

    #[test]
    fn ascii_spellings_meet_danish_letters() {
        check("Koebenhavn", "København", true);
        check("Aarhus", "Århus", true);
        check("Århus", "Aarhus", true);
        check("København", "Koebenhavn", true);
        check("for", "før", false);
    }

    #[test]
    fn unknown_ascii_words_get_accent_variants() {
        let analyzer = WordAnalyzer::new(AnalyzeSettings::default());
        assert!(
            analyzer.query_term("Kobenhavn").spelling_variants.contains(&"københavn".to_string())
        );
        assert!(analyzer.query_term("for").spelling_variants.is_empty());
        assert!(
            analyzer.query_term("København").spelling_variants.contains(&"kobenhavn".to_string())
        );
    }

    #[test]
    fn hyphenated_words_index_whole_and_pieces() {
        let all = terms("Wikileaks-stifteren");
        assert!(all.contains(&query("Wikileaks")), "{all:?}");
        assert!(all.contains(&query("stifter")), "{all:?}");
        assert!(all.contains(&query("Wikileaks-stifteren")), "{all:?}");
    }

    #[test]
    fn exact_analyzer_keeps_written_forms() {
        let mut analyzer = exact_analyzer();
        let mut stream = analyzer.token_stream("Russiske hackere");
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        assert_eq!(out, ["russiske", "hackere"]);
    }
}
