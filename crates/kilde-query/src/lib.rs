//! The query stage: questions → answers from a kilde index. A query string is
//! parsed ([`parse`]), compiled with the same Danish analysis the index used (a word
//! becomes all the written forms the index's forms map lists for it, scored as one term),
//! run by tantivy (BM25, or by date), and each hit gets a snippet that marks those forms
//! in the stored text; KWIC lines come from the same marks. Near-duplicate
//! groups found at ingest collapse to one hit with "+N similar" ([`Archive::dupes`]).
//!
//! **Invariants:** a malformed query is a [`ParseError`] with a char position and a
//! hint, never a panic; no query reaches tantivy's own parser; every date limit is
//! inclusive and whole-day.
//!
//! ```no_run
//! use kilde_query::{Archive, SearchRequest};
//! let archive = Archive::open(std::path::Path::new("kilde-index")).unwrap();
//! let request = SearchRequest { query: "rapport AND date:2019".into(), limit: 10, ..Default::default() };
//! for hit in archive.search(&request).unwrap().hits {
//!     println!("{} {}", hit.id, hit.snippet.to_terminal(false));
//! }
//! ```
#![warn(missing_docs)]

mod archive;
mod compile;
mod dupes;
mod error;
mod facets;
mod forms_query;
mod highlight;
mod network;
mod parser;
mod timeline;

pub use archive::{
    Archive, ArchiveStats, Hit, KwicLine, KwicSort, SearchRequest, SearchResults, SortOrder,
    StoredArticle,
};
pub use compile::MatchTerms;
pub use error::{ParseError, QueryError};
pub use facets::{
    ArticleQuote, EntityCount, EntityCounts, QUOTES_MAX_DOCS, QuoteList, QuotesRequest,
};
pub use highlight::{KwicParts, Snippet, best_snippet, find_matches, kwic_parts};
pub use kilde_index::DupeGroup;
pub use network::{Edge, NETWORK_MAX_DOCS, Network, NetworkNode, NetworkRequest};
pub use parser::{NameField, Node, parse};
pub use timeline::{Granularity, Series, Timeline, TimelineRequest};
