//! The Danish analyzer: text → index terms, as tantivy tokenizers.
//!
//! Input is any text; output is a stream of terms with byte offsets and positions.
//! The same [`WordAnalyzer`] serves indexing ([`danish_analyzer`]) and queries
//! ([`WordAnalyzer::query_term`]), so the two cannot drift apart.
//!
//! The pipeline for each word: [`segment`] finds it (keeping `bl.a.`, `12.000`, e-mail
//! addresses and URLs whole, and giving a hyphenated word's pieces too), then it is
//! lower-cased, foreign letters are normalised ([`fold`]), ASCII digraphs become Danish
//! letters when the word is not in the dictionary, and it becomes the term of each of its
//! lemmas ([`Lexicon::lemmas`]: `børnene` → `barn`), or its Danish Snowball stem when the
//! lexicon does not know it. [`compound_parts`] adds the terms of its compound parts at
//! the same position (`hundeejerne` → `hund`, `ejer`).
//!
//! **Invariants:** no I/O, no failure on any text, no panic; offsets are byte offsets
//! into the analysed text.
//!
//! ```
//! use kilde_analyze::{AnalyzeSettings, WordAnalyzer, segment::SegmentKind};
//! let words = WordAnalyzer::new(AnalyzeSettings::default());
//! let query = words.query_term("rapport").term;
//! let indexed = words.index_terms("overvågningsrapporterne", SegmentKind::Word);
//! assert!(indexed.contains(&query));
//! ```
#![warn(missing_docs)]

mod analyzer;
mod decompound;
mod error;
pub mod fold;
mod lexicon;
pub mod name;
pub mod segment;

pub use analyzer::{
    AnalyzeSettings, DANISH_ANALYZER, DANISH_FORMS_ANALYZER, EXACT_MARK, NAME_MARK, QueryTerm,
    WordAnalyzer, danish_analyzer, danish_forms_analyzer,
};
pub use decompound::{
    CompoundPart, MAX_WHOLE_LEMMA_CHARS, MIN_PART_CHARS, compound_parts, split_compound,
};
pub use error::Error;
pub use lexicon::{Entry, Lemma, Lexicon, WordClasses};
pub use name::{NAME_ANALYZER, name_analyzer, name_words};
