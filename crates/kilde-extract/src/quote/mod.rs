//! Quotes and reported speech: who said what, to which medium.
//!
//! Why hand-written: no crate attributes quotes in Danish, and Danish news writes speech in
//! a handful of fixed shapes that rules catch well (the approach of Pouliquen et al. 2007,
//! "Automatic detection of quotations in multilingual news", and of Pareti 2015's
//! attribution cue/source/content triples):
//!
//! - **direct**: `»…,« siger X`, `"…," sagde X`, `'…,' skriver X`, a paragraph opening with a
//!   dialogue dash (`- …, siger X til DR.`), `X siger: »…«`, `X kalder Y »…«`; a bare dash
//!   paragraph goes on with the previous speaker;
//! - **indirect**: `X siger/mener/oplyser … (til Y), at …`, `siger hun, at …`, `Ifølge X
//!   er …`, `…, fortæller X.`, and `Det skriver CNN.` whose content is the sentence before.
//!
//! The speaker phrase is resolved in [`speaker`]: a person named in it wins; a pronoun
//! (`han`, `hun`) or a role noun (`ministeren`, `politiet`, `avisen`) points to the nearest
//! fitting name or speaker before it; what cannot be resolved is kept as written
//! (`en efterretningskilde i Ecuador`, no type). A medium that publishes is both speaker
//! and channel. Titles, scare quotes (`'affaldsfri'`), questions and `siger man` are not
//! quotes.
//!
//! Measured on `tests/gold/quotes` in `docs/quality.md` (section "Quote attribution").
//!
//! ```
//! use kilde_extract::entities::article_entities;
//! use kilde_extract::ner::NerModel;
//! use kilde_extract::quote::{QuoteKind, find_quotes};
//!
//! let text = "Broen lukker i en uge. Det skriver DR.";
//! let quotes = find_quotes(text, &article_entities(NerModel::embedded(), text));
//! assert_eq!(quotes[0].speaker.as_deref(), Some("DR"));
//! assert_eq!(quotes[0].channel.as_deref(), Some("DR"));
//! assert_eq!(quotes[0].content, "Broen lukker i en uge");
//! assert_eq!(quotes[0].kind, QuoteKind::Indirect);
//! ```

mod detect;
mod lexicon;

pub use lexicon::{is_listed_medium, is_medium_name};
mod speaker;
mod text;

use crate::entities::EntityMention;
use crate::ner::EntityKind;

use detect::{Candidate, SpeakerSource};
use speaker::{Context, Speaker};
use text::{Span, slice};

/// Whether the words are quoted as said or reported in the writer's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    /// In quotation marks or after a dialogue dash.
    Direct,
    /// Reported speech: `siger, at …`, `ifølge …`, `Det skriver …`.
    Indirect,
}

impl QuoteKind {
    /// The name used in JSON: `direct` or `indirect`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// A quote or a piece of reported speech. Offsets are the byte span of `content` in the
/// article text: `&text[byte_start..byte_end] == content`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The canonical name of who spoke, or the noun phrase as written for an unnamed
    /// speaker (`en efterretningskilde i Ecuador`); `None` if no speaker was found.
    pub speaker: Option<String>,
    /// PER or ORG for a named speaker, `None` for an unnamed one.
    pub speaker_type: Option<EntityKind>,
    /// The medium the words were said to or published in (`CNN`); `None` if not stated.
    pub channel: Option<String>,
    /// The reporting word as written, lower-cased (`siger`, `ifølge`); `None` for a dash
    /// paragraph that continues the previous quote.
    pub cue: Option<String>,
    /// The words reported, without quotation marks, dash, `at` or final punctuation.
    pub content: String,
    /// Direct or indirect.
    pub kind: QuoteKind,
    /// Byte offset of the first character of `content`.
    pub byte_start: usize,
    /// Byte offset just past `content`.
    pub byte_end: usize,
}

/// Finds the quotes of an article, in text order, with speakers resolved against
/// `entities` (from [`crate::entities::article_entities`]). Never fails and never panics:
/// text without quotes gives an empty list.
pub fn find_quotes(text: &str, entities: &[EntityMention]) -> Vec<Quote> {
    let mut layout = text::Layout::new(text);
    let candidates = detect::candidates(&mut layout);
    if candidates.is_empty() {
        // Most articles quote someone, but the rest need no speaker context.
        return Vec::new();
    }
    let quoted: Vec<Span> =
        candidates.iter().filter(|c| c.kind == QuoteKind::Direct).map(|c| c.content).collect();
    let mut ctx = Context::new(&mut layout, entities, &quoted);
    let mut quotes = Vec::with_capacity(candidates.len());
    let mut previous: Option<Speaker> = None;
    for cand in candidates {
        let speaker = match cand.speaker {
            SpeakerSource::Continuation => previous.clone(),
            SpeakerSource::Phrase(phrase) => resolve_phrase(&mut ctx, phrase, &cand),
        };
        let is_dropped = speaker.is_none() && cand.kind == QuoteKind::Indirect;
        if let Some(quote) =
            (!is_dropped).then(|| build_quote(text, &ctx, &cand, speaker.as_ref())).flatten()
        {
            previous = speaker.or(previous);
            quotes.push(quote);
        }
    }
    quotes
}

/// Resolves a speaker phrase and remembers the speaker for later pronouns and roles.
fn resolve_phrase(ctx: &mut Context<'_>, phrase: Span, cand: &Candidate) -> Option<Speaker> {
    let (speaker, head_stem) = ctx.resolve(phrase, cand.sentence)?;
    ctx.remember(phrase.start, &speaker, head_stem);
    Some(speaker)
}

/// Assembles the quote; `None` if the content span does not slice the text.
fn build_quote(
    text: &str,
    ctx: &Context<'_>,
    cand: &Candidate,
    speaker: Option<&Speaker>,
) -> Option<Quote> {
    let content = text.get(cand.content.start..cand.content.end)?;
    if content.is_empty() {
        return None;
    }
    let publisher = speaker.filter(|s| cand.publishes && s.is_medium).map(|s| s.name.clone());
    let channel = publisher.or_else(|| cand.channel_region.and_then(|r| ctx.channel_in(r)));
    Some(Quote {
        speaker: speaker.map(|s| s.name.clone()),
        speaker_type: speaker.and_then(|s| s.kind),
        channel,
        cue: cand.cue.map(|c| slice(text, c).to_lowercase()),
        content: content.to_string(),
        kind: cand.kind,
        byte_start: cand.content.start,
        byte_end: cand.content.end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::article_entities;
    use crate::ner::NerModel;
    use proptest::prelude::*;

    /// What a test expects of one quote: speaker, channel, content.
    type Expected<'a> = (Option<&'a str>, Option<&'a str>, &'a str);

    fn quotes(text: &str) -> Vec<Quote> {
        find_quotes(text, &article_entities(NerModel::embedded(), text))
    }

    fn check(text: &str, expected: &[Expected<'_>]) {
        let found = quotes(text);
        let got: Vec<Expected<'_>> = found
            .iter()
            .map(|q| (q.speaker.as_deref(), q.channel.as_deref(), q.content.as_str()))
            .collect();
        assert_eq!(got, expected, "in {text:?}");
    }

    #[test]
    fn det_skriver_takes_the_previous_sentence() {
        check(
            "Broen over fjorden lukker i to uger. Det skriver CNN mandag.",
            &[(Some("CNN"), Some("CNN"), "Broen over fjorden lukker i to uger")],
        );
        let found = quotes("Broen lukker. Det skriver CNN mandag.");
        assert_eq!(found.first().and_then(|q| q.speaker_type), Some(EntityKind::Org));
    }

    #[test]
    fn unnamed_source_speaks_to_a_medium() {
        check(
            "Rapporten er ægte, bekræfter en efterretningskilde i Ecuador over for CNN.",
            &[(Some("en efterretningskilde i Ecuador"), Some("CNN"), "Rapporten er ægte")],
        );
        let found = quotes("En kilde i ministeriet bekræfter over for CNN, at planen er klar.");
        let first = found.first().unwrap();
        assert_eq!(first.speaker.as_deref(), Some("en kilde i ministeriet"));
        assert_eq!(first.speaker_type, None);
        assert_eq!(first.channel.as_deref(), Some("CNN"));
    }

    #[test]
    fn inverted_subject_with_surname_gets_the_full_name() {
        check(
            "Julian Assange holdt tale i går. I maj oplyste Assange i et interview med en \
             britisk tv-station, at bogen var færdig.",
            &[(Some("Julian Assange"), None, "bogen var færdig")],
        );
    }

    #[test]
    fn direct_quote_with_title_and_channel() {
        check(
            "»Vi åbner i morgen,« siger direktør Hanne Lind til DR.",
            &[(Some("Hanne Lind"), Some("DR"), "Vi åbner i morgen")],
        );
    }

    #[test]
    fn dash_paragraph_goes_on_with_the_previous_speaker() {
        let text = "- Vi er klar. Det bliver godt, siger træner Per Holm.\n\n- Nu venter vi bare.";
        check(
            text,
            &[
                (Some("Per Holm"), None, "Vi er klar. Det bliver godt"),
                (Some("Per Holm"), None, "Nu venter vi bare"),
            ],
        );
        assert_eq!(quotes(text).get(1).and_then(|q| q.cue.clone()), None);
    }

    #[test]
    fn pronoun_and_role_point_back() {
        check(
            "Sofie Dam vandt løbet. »Det gik fint,« siger hun.",
            &[(Some("Sofie Dam"), None, "Det gik fint")],
        );
        check(
            "Skatteminister Ole Berg (V) fremlagde planen. »Den er fair,« siger ministeren.",
            &[(Some("Ole Berg"), None, "Den er fair")],
        );
    }

    #[test]
    fn avisen_is_the_medium_named_before() {
        check(
            "Fabrikken lukker. Det skriver Politiken.\n\nDirektør Jens Mark siger til avisen, \
             at ordrerne mangler.",
            &[
                (Some("Politiken"), Some("Politiken"), "Fabrikken lukker"),
                (Some("Jens Mark"), Some("Politiken"), "ordrerne mangler"),
            ],
        );
    }

    #[test]
    fn ifoelge_a_medium_is_speaker_and_channel() {
        check(
            "Ifølge Reuters er aftalen underskrevet.",
            &[(Some("Reuters"), Some("Reuters"), "er aftalen underskrevet")],
        );
    }

    #[test]
    fn press_release_is_no_channel() {
        let found = quotes("Kommunen skriver i en pressemeddelelse, at skolen lukker.");
        let first = found.first().unwrap();
        assert_eq!(first.channel, None);
        assert_eq!(first.content, "skolen lukker");
    }

    #[test]
    fn titles_scare_quotes_questions_and_siger_man_are_not_quotes() {
        check("Filmen \"Den sidste vinter\" får premiere i dag.", &[]);
        check("Festivalen får en 'grøn' zone i år.", &[]);
        check("»Hvad sker der nu?« spørger mange.", &[]);
        check("Som man siger på egnen: Tiden læger alle sår.", &[]);
        check("Det er godt, siger man.", &[]);
    }

    #[test]
    fn every_span_slices_its_content() {
        let text = "Ifølge DR er »alt« fint. - Ja, siger Åse Ørum.\n\n»Æbler,« sagde hun til B.T.";
        for q in quotes(text) {
            assert_eq!(text.get(q.byte_start..q.byte_end), Some(q.content.as_str()));
        }
    }

    proptest! {
        #[test]
        fn no_panic_and_spans_slice_the_text(
            text in prop_oneof![
                "\\PC{0,80}",
                "[»«\"'\\-–,.:?! aeøåÆØÅSDHI\n]{0,120}",
                "((siger|sagde|Det|skriver|ifølge|Ifølge|han|hun|at|, at|»|«|'|- |\n\n|CNN|Åse Ørum|\\.) ){0,30}",
            ]
        ) {
            for q in quotes(&text) {
                prop_assert!(text.is_char_boundary(q.byte_start) && text.is_char_boundary(q.byte_end));
                prop_assert_eq!(text.get(q.byte_start..q.byte_end), Some(q.content.as_str()));
            }
        }
    }
}
