//! Quotes and reported speech: who said what, to which medium.
//!
//! Why hand-written: no crate attributes quotes in Danish, and Danish news writes speech in
//! a handful of fixed shapes that rules catch well (the approach of Pouliquen et al. 2007,
//! "Automatic detection of quotations in multilingual news", and of Pareti 2015's
//! attribution cue/source/content triples):
//!
//! - **direct**: `»…,« siger X`, `"…," sagde X`, `'…,' skriver X`, a paragraph opening with a
//!   dialogue dash (`- …, siger X til DR.`), `X kalder Y »…«`; a bare dash paragraph goes
//!   on with the previous speaker;
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
    let candidates = detect::candidates(text);
    let quoted: Vec<Span> =
        candidates.iter().filter(|c| c.kind == QuoteKind::Direct).map(|c| c.content).collect();
    let mut ctx = Context::new(text, entities, &quoted);
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
