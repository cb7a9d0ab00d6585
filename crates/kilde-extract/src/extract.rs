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
    let entities = article_names(model, text);
    let quotes = find_quotes(text, &entities);
    let timexes = find_timexes(text, date);
    Findings {
        entities: entity_findings(text, &entities),
        quotes: quote_findings(text, &quotes),
        timex: timex_findings(text, &timexes),
    }
}

/// The names of an article as extraction stores them: tagged, merged, propagated to the
/// mentions the tagger missed, and coordinated places aligned. Quotes are attributed
/// against these.
pub fn article_names(model: &NerModel, text: &str) -> Vec<EntityMention> {
    let mut entities = article_entities(model, text);
    propagate_names(text, &mut entities);
    align_coordinated_places(text, &mut entities);
    entities
}

/// A name keeps its identity through an article: where the tagger found `Julian Assange`
/// (or `Assange` linked to him) but missed another `Assange` or `Assanges`, that word is
/// a mention too. Forms looked for: every mention's text, and the surname (last word) of
/// every person named in full; only capitalised forms of three letters or more, at word
/// boundaries, outside mentions already found.
fn propagate_names(text: &str, entities: &mut Vec<EntityMention>) {
    let mut forms: Vec<(String, EntityKind, String)> = Vec::new();
    for mention in entities.iter() {
        let mut push = |form: &str| {
            let is_name =
                form.chars().count() >= 3 && form.chars().next().is_some_and(char::is_uppercase);
            if is_name && !forms.iter().any(|(f, _, _)| f == form) {
                forms.push((form.to_string(), mention.label, mention.canonical.clone()));
            }
        };
        push(&mention.text);
        if mention.label == EntityKind::Per
            && let Some((_, surname)) = mention.canonical.rsplit_once(' ')
        {
            push(surname);
        }
    }
    let mut found = Vec::new();
    for (form, label, canonical) in &forms {
        for (start, _) in text.match_indices(form.as_str()) {
            let end = start + form.len();
            let after = text.get(end..).unwrap_or("");
            let end = if after.starts_with('s')
                && !after.get(1..).unwrap_or("").starts_with(char::is_alphanumeric)
            {
                end + 1
            } else {
                end
            };
            let starts_word = !text.get(..start).unwrap_or("").ends_with(char::is_alphanumeric);
            let ends_word = !text.get(end..).unwrap_or("").starts_with(char::is_alphanumeric);
            let overlaps = |m: &EntityMention| m.byte_start < end && start < m.byte_end;
            if starts_word
                && ends_word
                && !entities.iter().any(overlaps)
                && !found.iter().any(overlaps)
            {
                found.push(EntityMention {
                    text: text.get(start..end).unwrap_or(form).to_string(),
                    label: *label,
                    byte_start: start,
                    byte_end: end,
                    canonical: canonical.clone(),
                });
            }
        }
    }
    entities.extend(found);
    entities.sort_by_key(|m| (m.byte_start, m.byte_end));
}

/// Names joined by `og`, `eller` or a comma are the same kind of thing: in `til Sverige og
/// USA` both are places, though a tagger trained on news where `USA` often acts (and is
/// then an organisation) calls the second one ORG. An ORG coordinated with a place becomes
/// a place, in all its mentions in the article.
fn align_coordinated_places(text: &str, entities: &mut [EntityMention]) {
    let mut places = Vec::new();
    for pair in entities.windows(2) {
        let [a, b] = pair else { continue };
        let between = text.get(a.byte_end..b.byte_start).unwrap_or("x");
        if !matches!(between, " og " | " eller " | ", ") {
            continue;
        }
        match (a.label, b.label) {
            (EntityKind::Loc, EntityKind::Org) => places.push(b.canonical.clone()),
            (EntityKind::Org, EntityKind::Loc) => places.push(a.canonical.clone()),
            _ => {}
        }
    }
    for mention in entities.iter_mut().filter(|m| places.contains(&m.canonical)) {
        mention.label = EntityKind::Loc;
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

/// A medium the model took for a place, a thing or a person (`(Ritzau)` at the end of
/// wire copy is tagged LOC by a model that never saw bylines; `Berlingske` looks like a
/// surname) is an organisation. A person keeps the label unless the name is on the media
/// list itself, since a pattern like `…posten` could be a surname.
fn corrected_label(mention: &EntityMention) -> EntityLabel {
    let name = &mention.canonical;
    match mention.label {
        EntityKind::Loc | EntityKind::Misc if quote::is_medium_name(name) => EntityLabel::Org,
        EntityKind::Per if quote::is_listed_medium(name) => EntityLabel::Org,
        kind => label_of(kind),
    }
}

fn entity_findings(text: &str, mentions: &[EntityMention]) -> Vec<EntityFinding> {
    let mut offsets = CharOffsets::new(text);
    mentions
        .iter()
        .map(|m| EntityFinding {
            text: m.text.clone(),
            label: corrected_label(m),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_the_tagger_missed_once_is_still_a_mention() {
        let text = "Julian Assange blev anholdt. Senere sagde Assange, at Assanges advokat var klar. Assangevej er lukket.";
        let mut entities = vec![EntityMention {
            text: "Julian Assange".into(),
            label: EntityKind::Per,
            byte_start: 0,
            byte_end: 14,
            canonical: "Julian Assange".into(),
        }];
        propagate_names(text, &mut entities);
        let texts: Vec<&str> = entities.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["Julian Assange", "Assange", "Assanges"]);
        assert!(entities.iter().all(|e| e.canonical == "Julian Assange"));
        for e in &entities {
            assert_eq!(&text[e.byte_start..e.byte_end], e.text);
        }
    }

    #[test]
    fn a_name_coordinated_with_a_place_is_a_place() {
        let text = "Han frygtede at blive udleveret til Sverige og USA. USA afviste.";
        let mention = |name: &str, label, nth: usize| {
            let start = text.match_indices(name).nth(nth).map_or(0, |(i, _)| i);
            EntityMention {
                text: name.into(),
                label,
                byte_start: start,
                byte_end: start + name.len(),
                canonical: name.into(),
            }
        };
        let mut entities = vec![
            mention("Sverige", EntityKind::Loc, 0),
            mention("USA", EntityKind::Org, 0),
            mention("USA", EntityKind::Org, 1),
        ];
        align_coordinated_places(text, &mut entities);
        assert!(entities.iter().all(|e| e.label == EntityKind::Loc));
        let mut apart =
            vec![mention("Sverige", EntityKind::Loc, 0), mention("USA", EntityKind::Org, 1)];
        align_coordinated_places(text, &mut apart);
        assert_eq!(apart[1].label, EntityKind::Org, "not coordinated: left alone");
    }

    #[test]
    fn a_wire_byline_is_an_organisation() {
        let mention = |label| EntityMention {
            text: "Ritzau".into(),
            label,
            byte_start: 0,
            byte_end: 6,
            canonical: "Ritzau".into(),
        };
        assert_eq!(corrected_label(&mention(EntityKind::Loc)), EntityLabel::Org);
        assert_eq!(corrected_label(&mention(EntityKind::Per)), EntityLabel::Org);
        let surname =
            EntityMention { canonical: "Jens Holmposten".into(), ..mention(EntityKind::Per) };
        assert_eq!(corrected_label(&surname), EntityLabel::Per);
        let place = EntityMention { canonical: "Odense".into(), ..mention(EntityKind::Loc) };
        assert_eq!(corrected_label(&place), EntityLabel::Loc);
    }
}
