//! TEMPORARY SHIM (not committed): replaced by the quotes branch.
#![allow(missing_docs)]
use crate::entities::EntityMention;
use crate::ner::EntityKind;
pub enum QuoteKind {
    Direct,
    Indirect,
}
pub struct Quote {
    pub speaker: Option<String>,
    pub speaker_type: Option<EntityKind>,
    pub channel: Option<String>,
    pub cue: Option<String>,
    pub content: String,
    pub kind: QuoteKind,
    pub byte_start: usize,
    pub byte_end: usize,
}
pub fn find_quotes(_text: &str, _entities: &[EntityMention]) -> Vec<Quote> {
    Vec::new()
}
