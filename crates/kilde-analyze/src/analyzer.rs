//! The Danish analyzers as tantivy tokenizers, and the word analysis they share with the
//! query side: [`danish_forms_analyzer`] for article bodies, [`danish_analyzer`] for
//! titles, [`WordAnalyzer`] for one word at a time.
//!
//! **Bodies hold written forms only.** Each word of a body is indexed once, as its
//! written form lower-cased, `=form` (for `=ord`, `"phrases"` and prefixes). What a form
//! means (lemma or stem, other spellings, compound parts) is not indexed per occurrence:
//! the index keeps a map from each term to the forms that carry it, built from the
//! index's own forms after every ingest (`kilde_index::forms`), and a query word is
//! looked up as all of its forms. Indexing the terms beside every occurrence cost 1.55
//! tokens per word, and the postings update per token was a third of all ingest time;
//! the map has one entry per distinct form.
//!
//! The one thing a form alone does not tell is whether a capitalised word was a name
//! (`Bastrup` is not split into *bas* + *trup*, an unknown lower-case compound is). A
//! capitalised word inside a sentence that would be split if it were written in lower
//! case is therefore also indexed as `^form` ([`NAME_MARK`]), and the map treats a form
//! as a name when most articles that hold it hold it that way.
//!
//! **Titles** are short, so they keep the full analysis in one field: the written form
//! as `=form`, then every index term that differs from it, all at the word's position.

use std::cell::RefCell;

use frostem::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::decompound::{CompoundPart, compound_parts};
use crate::fold::{
    accent_variants, digraph_readings, has_danish_letter, has_digraph, normalize_letters,
    replace_digraphs, strip_diacritics,
};
use crate::lexicon::Lexicon;
use crate::segment::{Segment, SegmentKind, segment};

/// How the Danish analyzer treats words. Stored in the index, because an index
/// analysed one way cannot be searched the other way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeSettings {
    /// Index the parts of compounds as well (`overvågningsrapporter` → `rapport`).
    pub decompound: bool,
    /// Reduce words to the term of their lemma (`rapporterne` → `rapport`, `børnene` →
    /// `barn`), or to their Danish Snowball stem when the lexicon does not know them.
    pub stem: bool,
}

impl Default for AnalyzeSettings {
    fn default() -> Self {
        AnalyzeSettings { decompound: true, stem: true }
    }
}

/// The name under which the Danish analyzer is registered with tantivy.
pub const DANISH_ANALYZER: &str = "kilde_da";
/// The name under which the Danish body analyzer (written forms only) is registered.
pub const DANISH_FORMS_ANALYZER: &str = "kilde_da_forms";
/// Marks a token as a written form: `=rapporterne` next to the term `rapport`.
pub const EXACT_MARK: char = '=';
/// Marks a form written as a name inside a sentence, where the same form in lower case
/// would be split into parts: `^bastrup` beside `=bastrup`.
pub const NAME_MARK: char = '^';

/// The full Danish analyzer (forms and index terms), for titles. If index and query
/// analysis ever differ, `rapport` stops finding `overvågningsrapporter`, so queries
/// use the same [`WordAnalyzer`] through [`WordAnalyzer::query_term`], and the forms map
/// of the bodies through [`WordAnalyzer::form_terms`].
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
    TextAnalyzer::from(DanishTokenizer {
        words: WordAnalyzer::new(settings),
        tokens: TokenBuffer::default(),
    })
}

/// The body analyzer: each word as its written form, `=form`, plus `^form` where a
/// capitalised word inside a sentence would be split in lower case (see the module doc).
///
/// ```
/// use kilde_analyze::{AnalyzeSettings, danish_forms_analyzer};
/// let mut analyzer = danish_forms_analyzer(AnalyzeSettings::default());
/// let mut stream = analyzer.token_stream("Overvågningsrapporterne blev lækket");
/// let mut tokens = Vec::new();
/// while let Some(token) = stream.next() {
///     tokens.push(token.text.clone());
/// }
/// assert_eq!(tokens, ["=overvågningsrapporterne", "=blev", "=lækket"]);
/// ```
pub fn danish_forms_analyzer(settings: AnalyzeSettings) -> TextAnalyzer {
    TextAnalyzer::from(FormsTokenizer {
        words: WordAnalyzer::new(settings),
        tokens: TokenBuffer::default(),
        scratch: String::new(),
    })
}

/// The analysis of single words. Cheap to clone: the word cache lives per thread (see
/// [`TermCache`]), because tantivy clones the analyzer for every new segment and a
/// per-clone cache would start cold each time.
#[derive(Clone)]
pub struct WordAnalyzer {
    settings: AnalyzeSettings,
    lexicon: &'static Lexicon,
    stemmer: Stemmer,
}

/// Entries kept in one thread's cache before it starts over.
const CACHE_CAPACITY: usize = 300_000;

/// Word as written → its index terms, for one thread and one [`AnalyzeSettings`].
/// News text repeats its words, so most words are analysed once per indexing thread.
#[derive(Default)]
struct TermCache {
    settings: Option<AnalyzeSettings>,
    terms: hashbrown::HashMap<String, Box<[Box<str>]>>,
    /// Word as written → every token the tokenizer emits for it (`=form` first, then
    /// the index terms that differ from the form), so a repeated word costs one lookup
    /// and copies. Index 1 holds capitalised words at a sentence start, which are
    /// analysed as if written in lower case.
    tokens: [hashbrown::HashMap<String, Box<[Box<str>]>>; 2],
    /// Capitalised word as written → whether it gets a [`NAME_MARK`] token.
    name_marks: hashbrown::HashMap<String, bool>,
}

impl TermCache {
    /// Starts over when the settings change or the cache is full.
    fn prepare(&mut self, settings: AnalyzeSettings) {
        let size = self.terms.len()
            + self.tokens.iter().map(|t| t.len()).sum::<usize>()
            + self.name_marks.len();
        if self.settings != Some(settings) || size >= CACHE_CAPACITY {
            self.terms.clear();
            self.tokens.iter_mut().for_each(|t| t.clear());
            self.name_marks.clear();
            self.settings = Some(settings);
        }
    }
}

thread_local! {
    static TERM_CACHE: RefCell<TermCache> = RefCell::new(TermCache::default());
}
/// Most readings of a word's ASCII digraphs tried against the lexicon.
const MAX_DIGRAPH_READINGS: usize = 16;
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
        }
    }

    /// The lexicon this analyzer splits and folds with.
    pub fn lexicon(&self) -> &'static Lexicon {
        self.lexicon
    }

    /// Calls `f` with the index terms of one word as written: its own term first, then
    /// other spellings and compound parts (empty only for words too long to be words).
    /// `f` must not analyse words itself: the thread's cache is borrowed meanwhile.
    pub fn with_index_terms<R>(
        &self,
        word: &str,
        kind: SegmentKind,
        f: impl FnOnce(&[Box<str>]) -> R,
    ) -> R {
        TERM_CACHE.with(|cell| {
            let Ok(mut cache) = cell.try_borrow_mut() else {
                let terms: Vec<Box<str>> =
                    self.compute_index_terms(word, kind).into_iter().map(Into::into).collect();
                return f(&terms);
            };
            cache.prepare(self.settings);
            let terms = cache.terms.entry_ref(word).or_insert_with(|| {
                self.compute_index_terms(word, kind).into_iter().map(Into::into).collect()
            });
            f(terms)
        })
    }

    /// The index terms of one word as written, as [`with_index_terms`](Self::with_index_terms) gives them.
    pub fn index_terms(&self, word: &str, kind: SegmentKind) -> Vec<String> {
        self.with_index_terms(word, kind, |terms| terms.iter().map(|t| t.to_string()).collect())
    }

    /// Calls `f(segment, token)` for every token of every word of `text`, exactly as the
    /// title tokenizer ([`danish_analyzer`]) emits them: first the written form as
    /// `=form`, then each index term that differs from the form. The highlighter uses
    /// this when it is asked to mark analysed terms.
    pub fn analyze_text(&self, text: &str, mut f: impl FnMut(&Segment, &str)) {
        for seg in segment(text) {
            let Some(word) = text.get(seg.byte_start..seg.byte_end) else { continue };
            // A capital that only starts a sentence says nothing about names.
            let starts_sentence = word.chars().next().is_some_and(char::is_uppercase)
                && is_sentence_start(text, seg.byte_start);
            self.with_tokens(word, seg.kind, starts_sentence, |tokens| {
                for token in tokens {
                    f(&seg, token);
                }
            });
        }
    }

    /// Calls `f(segment, token)` for every token the body analyzer emits, in order:
    /// `=form` for every word, then `^form` after a capitalised word inside a sentence
    /// that would be split in lower case. `scratch` holds the token while `f` runs.
    pub fn analyze_forms(
        &self,
        text: &str,
        scratch: &mut String,
        mut f: impl FnMut(&Segment, &str),
    ) {
        for seg in segment(text) {
            let Some(word) = text.get(seg.byte_start..seg.byte_end) else { continue };
            scratch.clear();
            scratch.push(EXACT_MARK);
            push_lowercase(scratch, word);
            f(&seg, scratch);
            let is_capitalised = seg.kind == SegmentKind::Word
                && word.chars().next().is_some_and(char::is_uppercase);
            if is_capitalised
                && !is_sentence_start(text, seg.byte_start)
                && self.has_name_mark(word, seg.kind)
            {
                scratch.replace_range(..EXACT_MARK.len_utf8(), NAME_MARK.encode_utf8(&mut [0; 4]));
                f(&seg, scratch);
            }
        }
    }

    /// Whether the capitalised `word` is analysed differently as a name than its
    /// lower-case form is (it would be split), from the thread's cache.
    fn has_name_mark(&self, word: &str, kind: SegmentKind) -> bool {
        let compute = || {
            let lower = word.to_lowercase();
            self.terms_of_lower(&lower, kind, true) != self.terms_of_lower(&lower, kind, false)
        };
        TERM_CACHE.with(|cell| {
            let Ok(mut cache) = cell.try_borrow_mut() else { return compute() };
            cache.prepare(self.settings);
            *cache.name_marks.entry_ref(word).or_insert_with(compute)
        })
    }

    /// The index terms of a written form as the body index holds it (lower-cased,
    /// `=` stripped), read as a name (never split) or as an ordinary word: what the
    /// forms map records for it. Includes the form itself when it is its own term.
    pub fn form_terms(&self, form: &str, as_name: bool) -> Vec<String> {
        let kind = segment(form)
            .first()
            .filter(|seg| seg.byte_start == 0 && seg.byte_end == form.len())
            .map_or(SegmentKind::Word, |seg| seg.kind);
        self.terms_of_lower(form, kind, as_name)
    }

    /// Calls `f` with the tokens of one word as written: `=form`, then its index terms
    /// that differ from the form, from the thread's cache.
    fn with_tokens(
        &self,
        word: &str,
        kind: SegmentKind,
        starts_sentence: bool,
        f: impl FnOnce(&[Box<str>]),
    ) {
        TERM_CACHE.with(|cell| {
            let Ok(mut cache) = cell.try_borrow_mut() else {
                return f(&self.compute_tokens(word, kind, starts_sentence));
            };
            cache.prepare(self.settings);
            let map = &mut cache.tokens[usize::from(starts_sentence)];
            let tokens = map
                .entry_ref(word)
                .or_insert_with(|| self.compute_tokens(word, kind, starts_sentence));
            f(tokens)
        })
    }

    fn compute_tokens(
        &self,
        word: &str,
        kind: SegmentKind,
        starts_sentence: bool,
    ) -> Box<[Box<str>]> {
        let mut exact = String::with_capacity(word.len() + 1);
        exact.push(EXACT_MARK);
        push_lowercase(&mut exact, word);
        let uncapitalised = starts_sentence.then(|| uncapitalise(word));
        let analysed = uncapitalised.as_deref().unwrap_or(word);
        let form = exact.get(EXACT_MARK.len_utf8()..).unwrap_or_default();
        let terms = self.compute_index_terms(analysed, kind);
        let mut tokens: Vec<Box<str>> = Vec::with_capacity(terms.len() + 1);
        tokens.extend(terms.into_iter().filter(|t| t != form).map(Into::into));
        tokens.insert(0, exact.into());
        tokens.into()
    }

    fn compute_index_terms(&self, word: &str, kind: SegmentKind) -> Vec<String> {
        let is_capitalised = word.chars().next().is_some_and(char::is_uppercase);
        self.terms_of_lower(&word.to_lowercase(), kind, is_capitalised)
    }

    /// The index terms of a lower-cased word. `is_capitalised` says it was written with
    /// a capital inside a sentence, so that a word the dictionaries do not know is taken
    /// for a name and not split.
    fn terms_of_lower(&self, lower: &str, kind: SegmentKind, is_capitalised: bool) -> Vec<String> {
        if kind != SegmentKind::Word {
            return vec![lower.to_string()];
        }
        let lower = normalize_letters(lower).into_owned();
        let spelled = self.danish_spelling(&lower);
        let mut terms = self.word_terms(spelled.as_deref().unwrap_or(&lower));
        if spelled.is_some() {
            for term in self.word_terms(&lower) {
                push_new(&mut terms, term);
            }
        }
        let is_name = is_capitalised && self.is_unknown(&lower);
        if self.settings.decompound && !lower.contains(['-', '‐']) && !is_name {
            let parts = compound_parts(&lower, self.lexicon)
                .or_else(|| spelled.as_deref().and_then(|s| compound_parts(s, self.lexicon)));
            for part in parts.unwrap_or_default() {
                self.push_part_terms(&mut terms, &part);
            }
        }
        terms
    }

    /// A head brings the terms of all its lemmas, as a whole word would (`ejerne`: `ejer`
    /// and `eje`); a modifier stands for one lemma, so it brings that lemma's term.
    fn push_part_terms(&self, terms: &mut Vec<String>, part: &CompoundPart) {
        if part.is_head {
            for term in self.word_terms(&part.lemma) {
                push_new(terms, term);
            }
        } else if let Some(term) = self.word_terms(&part.lemma).into_iter().next() {
            push_new(terms, term);
        }
    }

    /// Whether the dictionaries do not know `lower`: written with a capital, such a word
    /// is taken for a name and is not split (`Bastrup` is not *bas* + *trup*). The
    /// tokenizer lower-cases the first letter of a word that starts a sentence, so such
    /// compounds keep their parts there.
    fn is_unknown(&self, lower: &str) -> bool {
        !self.lexicon.entry(lower).is_some_and(|e| e.is_analysed() || e.is_common())
    }

    /// The term a query word must match: the first of its [`index_terms`](Self::index_terms),
    /// never its compound parts (a search for `overvågningsrapport` wants that word, not
    /// every `rapport`), plus spelling variants for words the dictionary does not know.
    pub fn query_term(&self, word: &str) -> QueryTerm {
        let lower = normalize_letters(&word.to_lowercase()).into_owned();
        let spelled = self.danish_spelling(&lower);
        let term = self.primary_term(spelled.as_deref().unwrap_or(&lower));
        let mut spelling_variants = Vec::new();
        if !self.lexicon.is_common_word(&lower) {
            if term.is_ascii() {
                spelling_variants
                    .extend(accent_variants(&term, MAX_ACCENT_VARIANTS).into_iter().skip(1));
            } else if has_danish_letter(&lower) {
                let stripped = strip_diacritics(&lower);
                if !self.lexicon.is_common_word(&stripped) {
                    spelling_variants.push(self.primary_term(&stripped));
                }
            }
        }
        spelling_variants.retain(|v| *v != term);
        QueryTerm { term, spelling_variants }
    }

    /// `aa oe ae` as `å ø æ` when `lower` is not a dictionary word written that way: the
    /// first reading the lexicon knows (`faeroerne` → `færøerne`), else all replaced.
    fn danish_spelling(&self, lower: &str) -> Option<String> {
        if !has_digraph(lower) || self.lexicon.is_common_word(lower) {
            return None;
        }
        let readings = digraph_readings(lower, MAX_DIGRAPH_READINGS);
        let known = readings.iter().find(|r| self.lexicon.entry(r).is_some());
        Some(known.cloned().unwrap_or_else(|| replace_digraphs(lower)))
    }

    /// The word's own term: the first of [`Self::word_terms`].
    fn primary_term(&self, word: &str) -> String {
        self.word_terms(word).into_iter().next().unwrap_or_else(|| word.to_string())
    }

    /// The terms of one word (not its compound parts), its preferred lemma's first: the
    /// term of each of its lemmas when the lexicon knows them (`børnene` → `barn`,
    /// `ejerne` → `ejer`, `eje`), else its Snowball stem. Lemmas first because Snowball
    /// alone cannot see irregular plurals, and its R1 region cuts short words differently
    /// from their inflected forms (`ejer` stays, `ejerne` → `ejern`).
    fn word_terms(&self, word: &str) -> Vec<String> {
        if !self.settings.stem {
            return vec![word.to_string()];
        }
        // Function words keep their stem: the preposition `for` is not the past of `fare`.
        let is_function_word = self.lexicon.entry(word).is_some_and(|e| e.is_closed_class());
        let lemmas = if is_function_word { Vec::new() } else { self.lexicon.lemmas(word) };
        if lemmas.is_empty() {
            return vec![self.stemmer.stem(word).into_owned()];
        }
        let mut terms = Vec::with_capacity(lemmas.len());
        for lemma in &lemmas {
            push_new(&mut terms, self.lemma_term(&lemma.text));
        }
        terms
    }

    /// The term of a lemma: its Snowball stem, so that inflected forms the lexicon does
    /// not know still meet it, unless the stem is a different word. Snowball takes
    /// derivational suffixes too (`farlig` → `far`, `ledighed` → `led`, `kurs` → `kur`),
    /// and such a lemma keeps its own form as its term, or `far` would find `farlige`.
    fn lemma_term(&self, lemma: &str) -> String {
        let stem = self.stemmer.stem(lemma);
        if stem != lemma && self.is_other_word(&stem, lemma) {
            lemma.to_string()
        } else {
            stem.into_owned()
        }
    }

    /// Whether `word` is a word in its own right, not only a form of `lemma`.
    fn is_other_word(&self, word: &str, lemma: &str) -> bool {
        let Some(entry) = self.lexicon.entry(word) else { return false };
        if entry.is_closed_class() {
            return true;
        }
        let lemmas = self.lexicon.lemmas(word);
        if lemmas.is_empty() { entry.is_common() } else { lemmas.iter().any(|l| l.text != lemma) }
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
    tokens: TokenBuffer,
}

impl Tokenizer for DanishTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        let DanishTokenizer { words, tokens } = self;
        tokens.clear();
        words.analyze_text(text, |seg, term| tokens.push(seg).push_str(term));
        tokens.stream()
    }
}

/// Segments, then emits each word's written form (and name mark) at the word's position
/// and offsets: the body analyzer.
#[derive(Clone)]
struct FormsTokenizer {
    words: WordAnalyzer,
    tokens: TokenBuffer,
    scratch: String,
}

impl Tokenizer for FormsTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        let FormsTokenizer { words, tokens, scratch } = self;
        tokens.clear();
        words.analyze_forms(text, scratch, |seg, token| tokens.push(seg).push_str(token));
        tokens.stream()
    }
}

/// Whether the word at `byte_start` begins the text, a line or a sentence (after `.`, `!`,
/// `?` or `:`, and any quotes, brackets or dashes).
fn is_sentence_start(text: &str, byte_start: usize) -> bool {
    let before = text.get(..byte_start).unwrap_or_default();
    let trimmed = before.trim_end_matches(|c: char| {
        (c.is_whitespace() && c != '\n')
            || matches!(c, '"' | '\'' | '«' | '»' | '(' | '–' | '-' | '„' | '“')
    });
    trimmed.is_empty() || trimmed.ends_with(['.', '!', '?', ':', '\n'])
}

/// `word` with its first letter in lower case.
fn uncapitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// Appends `word` in lower case, with a fast path for ASCII.
fn push_lowercase(out: &mut String, word: &str) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Tokens of the last text, kept between calls so their strings are reused rather than
/// allocated anew for every word: most of an analyzer's time is otherwise allocation.
#[derive(Clone, Default)]
struct TokenBuffer {
    tokens: Vec<Token>,
    used: usize,
}

impl TokenBuffer {
    fn clear(&mut self) {
        self.used = 0;
    }

    /// A new token at `seg`'s place; returns its (empty) text to fill.
    fn push(&mut self, seg: &Segment) -> &mut String {
        if self.used == self.tokens.len() {
            self.tokens.push(Token::default());
        }
        let index = self.used;
        self.used += 1;
        let token = &mut self.tokens[index];
        token.offset_from = seg.byte_start;
        token.offset_to = seg.byte_end;
        token.position = seg.position;
        token.position_length = 1;
        token.text.clear();
        &mut token.text
    }

    fn stream(&mut self) -> VecTokenStream<'_> {
        VecTokenStream::new(&mut self.tokens[..self.used])
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

    /// Every token `analyzer` emits for `text`, in order.
    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    fn terms(text: &str) -> Vec<String> {
        tokens(danish_analyzer(AnalyzeSettings::default()), text)
    }

    fn forms(text: &str) -> Vec<String> {
        tokens(danish_forms_analyzer(AnalyzeSettings::default()), text)
    }

    fn query(word: &str) -> String {
        WordAnalyzer::new(AnalyzeSettings::default()).query_term(word).term
    }

    /// Whether `tokens` hold the term `term`, as a term or as a written form.
    fn holds(tokens: &[String], term: &str) -> bool {
        tokens.iter().any(|t| t == term || t.strip_prefix(EXACT_MARK) == Some(term))
    }

    /// `query` finds `word` when the query term is among the word's tokens.
    fn check(query_word: &str, word: &str, expected: bool) {
        let found = holds(&terms(word), &query(query_word));
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
    fn irregular_plurals_meet_their_lemma() {
        check("barn", "børnene", true);
        check("mand", "mændene", true);
        check("bog", "bøgerne", true);
        check("bøger", "bogen", true);
    }

    #[test]
    fn short_words_meet_their_longer_forms() {
        check("ejer", "ejerne", true);
        check("kurs", "kurserne", true);
        check("handel", "handlen", true);
    }

    #[test]
    fn compound_parts_are_lemmatised() {
        check("ejer", "husejerne", true);
        check("barn", "børnebøgerne", true);
        check("bog", "børnebøgerne", true);
        check("arbejde", "arbejdsgiverne", true);
    }

    #[test]
    fn derived_words_keep_their_own_term() {
        check("far", "farlige", false);
        check("led", "ledigheden", false);
        check("sag", "sagde", false);
        check("fare", "for", false);
    }

    #[test]
    fn names_are_not_split_but_sentence_starts_are() {
        let all = terms("I går mødte vi Bastrup.");
        assert!(!holds(&all, &query("trup")), "{all:?}");
        let all = terms("Hestevognene kørte.");
        assert!(holds(&all, &query("vogn")), "{all:?}");
    }

    #[test]
    fn ascii_spellings_meet_danish_letters() {
        check("Koebenhavn", "København", true);
        check("Aarhus", "Århus", true);
        check("Århus", "Aarhus", true);
        check("Faeroerne", "Færøerne", true);
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
        assert!(holds(&all, &query("Wikileaks")), "{all:?}");
        assert!(holds(&all, &query("stifter")), "{all:?}");
        assert!(holds(&all, &query("Wikileaks-stifteren")), "{all:?}");
    }

    #[test]
    fn written_forms_come_first_and_are_not_repeated_as_terms() {
        assert_eq!(terms("Russiske hackere"), ["=russiske", "russisk", "=hackere", "hacker"]);
        assert_eq!(terms("og London"), ["=og", "=london"]);
    }

    #[test]
    fn bodies_hold_written_forms_and_mark_names_that_would_split() {
        assert_eq!(
            forms("Bastrup sagde, at Bastrup købte en Sandholm-grund."),
            [
                "=bastrup",
                "=sagde",
                "=at",
                "=bastrup",
                "^bastrup",
                "=købte",
                "=en",
                "=sandholm-grund",
                "=sandholm",
                "^sandholm",
                "=grund"
            ]
        );
        // Known words and names that would not split get no mark.
        assert_eq!(
            forms("vi så Hestevognene og London"),
            ["=vi", "=så", "=hestevognene", "=og", "=london"]
        );
    }

    #[test]
    fn form_terms_read_a_form_as_a_word_or_as_a_name() {
        let words = WordAnalyzer::new(AnalyzeSettings::default());
        let as_word = words.form_terms("overvågningsrapporterne", false);
        assert!(as_word.contains(&query("rapport")), "{as_word:?}");
        assert!(words.form_terms("bastrup", false).contains(&"trup".to_string()));
        assert_eq!(words.form_terms("bastrup", true), ["bastrup"]);
        assert_eq!(words.form_terms("12.000", false), ["12.000"]);
    }
}
