//! The whole extraction stage for one article: entities, quotes and dates, with char
//! offsets, as [`Findings`] for the index, `kilde analyze` and the API.

use kilde_model::{
    ArticleDate, CharOffsets, EntityFinding, EntityLabel, Findings, QuoteFinding, QuoteKind,
    TimexFinding,
};

use crate::entities::{EntityMention, article_entities};
use crate::ner::{EntityKind, NerModel};
use crate::quote::{self, Quote, find_quotes};
use crate::{Timex, find_timexes};

/// Bumped whenever extraction may give other findings for the same text, so an
/// archive re-ingested with a newer kilde replaces what it stored.
pub const EXTRACTION_VERSION: u32 = 1;

/// Finds the entities, quotes and dates of one article with the shipped NER model.
/// Never fails: text with nothing to find gives empty lists.
pub fn extract(text: &str, date: Option<ArticleDate>) -> Findings {
    extract_with(NerModel::embedded(), text, date)
}

/// [`extract`] with another NER model.
pub fn extract_with(model: &NerModel, text: &str, date: Option<ArticleDate>) -> Findings {
    let entities = article_entities(model, text);
    let quotes = find_quotes(text, &entities);
    let timexes = find_timexes(text, date);
    Findings {
        entities: entity_findings(text, &entities),
        quotes: quote_findings(text, &quotes),
        timex: timex_findings(text, &timexes),
    }
}

/// The label of the model's kind in the shared vocabulary.
pub fn label_of(kind: EntityKind) -> EntityLabel {
    match kind {
        EntityKind::Per => EntityLabel::Per,
        EntityKind::Org => EntityLabel::Org,
        EntityKind::Loc => EntityLabel::Loc,
        EntityKind::Misc => EntityLabel::Misc,
    }
}

fn entity_findings(text: &str, mentions: &[EntityMention]) -> Vec<EntityFinding> {
    let mut offsets = CharOffsets::new(text);
    mentions
        .iter()
        .map(|m| EntityFinding {
            text: m.text.clone(),
            label: label_of(m.label),
            start: offsets.char_at(m.byte_start),
            end: offsets.char_at(m.byte_end),
            canonical: m.canonical.clone(),
        })
        .collect()
}

fn quote_findings(text: &str, quotes: &[Quote]) -> Vec<QuoteFinding> {
    let mut offsets = CharOffsets::new(text);
    quotes
        .iter()
        .map(|q| QuoteFinding {
            speaker: q.speaker.clone(),
            speaker_type: q.speaker_type.map(label_of),
            channel: q.channel.clone(),
            cue: q.cue.clone(),
            content: q.content.clone(),
            kind: match q.kind {
                quote::QuoteKind::Direct => QuoteKind::Direct,
                quote::QuoteKind::Indirect => QuoteKind::Indirect,
            },
            start: offsets.char_at(q.byte_start),
            end: offsets.char_at(q.byte_end),
        })
        .collect()
}

fn timex_findings(text: &str, timexes: &[Timex]) -> Vec<TimexFinding> {
    let mut offsets = CharOffsets::new(text);
    timexes
        .iter()
        .map(|t| TimexFinding {
            text: t.text.clone(),
            value: t.value.clone(),
            start: offsets.char_at(t.byte_start),
            end: offsets.char_at(t.byte_end),
        })
        .collect()
}
