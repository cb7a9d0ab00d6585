//! Extraction: article text → findings about it; for now, the dates in the text.
//!
//! [`find_timexes`] finds Danish temporal expressions (`i april i år`, `for syv år
//! siden`, `i næste uge`) and gives each its ISO 8601 / TimeML value, resolved against
//! the article's publication date. Mentions, entities and quotes will join it here.
//!
//! **Invariants:** no I/O, no failure on any text, no panic; offsets are byte offsets
//! into the text. An expression that needs more than the article date knows (`i går`
//! in an article dated only to the month) is still found, with no value.
//!
//! ```
//! use kilde_extract::find_timexes;
//! use kilde_model::ArticleDate;
//!
//! let found = find_timexes("Planen blev vedtaget i april i år.", ArticleDate::month(2019, 7));
//! let first = found.first().map(|t| (t.text.as_str(), t.value.as_deref()));
//! assert_eq!(first, Some(("i april i år", Some("2019-04"))));
//! ```
#![warn(missing_docs)]

pub mod date;
pub mod entities;
pub mod extract;
pub mod fnv;
pub mod minhash;
pub mod ner;
pub mod quote;
mod scan;

pub use date::{Timex, find_timexes};
pub use entities::{EntityMention, article_entities, link_mentions};
pub use extract::{EXTRACTION_VERSION, extract, extract_with};
pub use minhash::{Signature, Similarity, signature};
pub use ner::{NerModel, NerScores, evaluate_conll, find_entities};
pub use quote::{Quote, QuoteKind, find_quotes};
