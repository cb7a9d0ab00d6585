//! TEMPORARY SHIM (not committed): replaced by the quotes branch.
#![allow(missing_docs)]
use crate::ner::{EntityKind, Mention, NerModel, find_entities};
pub struct EntityMention {
    pub text: String,
    pub label: EntityKind,
    pub byte_start: usize,
    pub byte_end: usize,
    pub canonical: String,
}
pub fn article_entities(model: &NerModel, text: &str) -> Vec<EntityMention> {
    link_mentions(text, find_entities(model, text))
}
pub fn link_mentions(_text: &str, mentions: Vec<Mention>) -> Vec<EntityMention> {
    mentions
        .into_iter()
        .map(|m| EntityMention {
            canonical: m.text.clone(),
            text: m.text,
            label: m.label,
            byte_start: m.byte_start,
            byte_end: m.byte_end,
        })
        .collect()
}
