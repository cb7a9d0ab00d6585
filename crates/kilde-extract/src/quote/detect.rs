//! Finding quote candidates: where the words are, which verb reports them and which phrase
//! names the speaker. Who the phrase means is left to [`super::speaker`].

use super::QuoteKind;
use super::lexicon;
use super::text::{Layout, Marked, Span, Word, sentences, slice, words};

/// Where a quote's speaker comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SpeakerSource {
    /// A phrase in the reporting clause.
    Phrase(Span),
    /// A bare dash paragraph or quote paragraph: the previous quote's speaker goes on.
    Continuation,
}

/// A quote before its speaker is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// The reported words, without marks, dash, `at` or final punctuation.
    pub content: Span,
    /// Direct or reported speech.
    pub kind: QuoteKind,
    /// The reporting word (`siger`, `ifølge`), if any.
    pub cue: Option<Span>,
    /// Who spoke.
    pub speaker: SpeakerSource,
    /// Where a channel may be named (`til DR`).
    pub channel_region: Option<Span>,
    /// Whether the speaker publishes (`Det skriver CNN`, `ifølge Reuters`): a medium
    /// speaker is then the channel too.
    pub publishes: bool,
    /// The sentence holding the reporting clause.
    pub sentence: Span,
}

/// All candidates of the article, in text order, without overlapping contents.
pub(crate) fn candidates(layout: &mut Layout<'_>) -> Vec<Candidate> {
    let text = layout.text();
    let mut found = Vec::new();
    let mut previous: Option<Span> = None;
    let mut k = 0;
    while let Some((para, marked)) = layout.paragraph(k) {
        k += 1;
        let rest = match dash_quote(text, para, &marked) {
            Some((cand, rest)) => {
                found.push(cand);
                rest
            }
            None => Some(para),
        };
        let Some(rest) = rest else {
            previous = None;
            continue;
        };
        for &sentence in layout.sentences(rest, &marked).iter() {
            let ws = layout.words(sentence);
            sentence_candidates(text, sentence, para, &marked, previous, &ws, &mut found);
            previous = Some(sentence);
        }
    }
    found.sort_by_key(|c| (c.content.start, std::cmp::Reverse(c.content.end)));
    let mut kept: Vec<Candidate> = Vec::with_capacity(found.len());
    for cand in found {
        if !kept.iter().any(|k| k.content.overlaps(cand.content)) {
            kept.push(cand);
        }
    }
    kept
}

/// The candidates one sentence holds.
fn sentence_candidates(
    text: &str,
    sentence: Span,
    para: Span,
    marked: &[Marked],
    previous: Option<Span>,
    ws: &[Word<'_>],
    found: &mut Vec<Candidate>,
) {
    let inner: Vec<&Marked> = marked.iter().filter(|m| sentence.contains(m.outer)).collect();
    let mut direct = Vec::new();
    for m in &inner {
        direct.extend(marked_quote(text, sentence, para, m));
    }
    let quoted: Vec<Span> = direct.iter().map(|c: &Candidate| c.content).collect();
    let cues = Cues::of(ws);
    if !cues.is_empty() {
        let free = |w: &Word<'_>| !inner.iter().any(|m| m.outer.contains(w.span));
        found.extend(at_clauses(text, sentence, ws, &cues, &free));
        found.extend(det_clause(text, sentence, ws, &cues, previous));
        found.extend(ifoelge(text, sentence, ws, &cues, &free));
        if inner.is_empty() && quoted.is_empty() {
            let kind = QuoteKind::Indirect;
            found.extend(clause_after(text, sentence, sentence.start, kind, ws, &cues));
        }
    }
    found.extend(direct);
}

/// Where a sentence's reporting verbs and `ifølge` are, found in one pass over its
/// words: reported speech always hangs on one of them, so the clause matchers look only
/// there, and a sentence without any (most of them) is done after this pass.
struct Cues {
    /// Each reporting verb (participles too), in word order.
    reporting: Vec<Cue>,
    /// Word indexes of `ifølge`, in order.
    ifoelge: Vec<usize>,
}

/// One reporting verb of a sentence.
#[derive(Clone, Copy)]
struct Cue {
    /// Its word index.
    index: usize,
    /// Present or past tense, not a participle.
    is_finite: bool,
    /// Written in lower case (`siger`, not `Siger`).
    is_lower_case: bool,
}

impl Cues {
    fn of(ws: &[Word<'_>]) -> Cues {
        let mut cues = Cues { reporting: Vec::new(), ifoelge: Vec::new() };
        for (index, w) in ws.iter().enumerate() {
            let lower = w.lower();
            if let Some(is_finite) = lexicon::reporting_verb(&lower) {
                let is_lower_case = matches!(lower, std::borrow::Cow::Borrowed(_));
                cues.reporting.push(Cue { index, is_finite, is_lower_case });
            } else if lower == "ifølge" {
                cues.ifoelge.push(index);
            }
        }
        cues
    }

    fn is_empty(&self) -> bool {
        self.reporting.is_empty() && self.ifoelge.is_empty()
    }

    /// The reporting verb at word `index`, if that word is one.
    fn at(&self, index: usize) -> Option<Cue> {
        let found = self.reporting.binary_search_by_key(&index, |c| c.index).ok()?;
        self.reporting.get(found).copied()
    }
}

/// A paragraph opening with a dialogue dash: the quote, and the rest of the paragraph
/// after its reporting clause (if any text follows it).
fn dash_quote(text: &str, para: Span, marked: &[Marked]) -> Option<(Candidate, Option<Span>)> {
    let body = slice(text, para);
    let dash_len = ["- ", "– ", "— "].iter().find(|d| body.starts_with(**d))?.len();
    let start = para.start + dash_len;
    let after = Span { start, end: para.end };
    for sentence in sentences(text, after, marked) {
        let ws = words(text, sentence);
        let cues = Cues::of(&ws);
        if let Some(mut cand) = clause_after(text, sentence, start, QuoteKind::Direct, &ws, &cues) {
            cand.content = trim_content(text, Span { start, end: cand.content.end });
            let rest = (sentence.end < para.end)
                .then(|| Span { start: skip_space(text, sentence.end), end: para.end });
            return Some((cand, rest));
        }
    }
    let content = trim_content(text, after);
    let cand = Candidate {
        content,
        kind: QuoteKind::Direct,
        cue: None,
        speaker: SpeakerSource::Continuation,
        channel_region: None,
        publishes: false,
        sentence: after,
    };
    Some((cand, None))
}

/// `…, siger X til Y.` at the end of `sentence`: the content runs from `content_start` to
/// the comma. The speaker phrase must end the sentence within a few words.
fn clause_after(
    text: &str,
    sentence: Span,
    content_start: usize,
    kind: QuoteKind,
    ws: &[Word<'_>],
    cues: &Cues,
) -> Option<Candidate> {
    let verbs = cues.reporting.iter().filter(|c| c.is_finite && c.is_lower_case && c.index > 0);
    for (i, w) in verbs.filter_map(|c| Some((c.index, ws.get(c.index)?))) {
        let before = slice(text, Span { start: content_start, end: w.raw.start }).trim_end();
        if !before.ends_with(',') {
            continue;
        }
        let tail = ws.get(i + 1..).unwrap_or(&[]);
        if tail.is_empty() || tail.len() > 14 || tail.iter().any(|t| t.core == "at") {
            continue;
        }
        let region = Span { start: w.span.end, end: sentence.end };
        let content = trim_content(text, Span { start: content_start, end: w.raw.start });
        if content.start >= content.end {
            return None;
        }
        return Some(Candidate {
            content,
            kind,
            cue: Some(w.span),
            speaker: SpeakerSource::Phrase(super::speaker::phrase_after_verb(text, region)),
            channel_region: Some(region),
            publishes: false,
            sentence,
        });
    }
    None
}

/// A stretch in quotation marks that is a quote: followed by a reporting verb (`»…,«
/// siger hun`), named by `kalder` (`kalder planen »et slag i ansigtet«`), or standing alone
/// as a paragraph after a quote. Titles, scare quotes and questions are none of these.
fn marked_quote(text: &str, sentence: Span, para: Span, m: &Marked) -> Option<Candidate> {
    let content = trim_content(text, m.inner);
    if content.start >= content.end || slice(text, m.inner).trim_end().ends_with('?') {
        return None;
    }
    let after = Span { start: m.outer.end, end: sentence.end };
    let after_words = words(text, after);
    let inside_comma = slice(text, m.inner).trim_end().ends_with(',');
    if let Some(verb) = after_words.first().filter(|w| lexicon::is_reporting_finite(w.core)) {
        let gap = slice(text, Span { start: m.outer.end, end: verb.raw.start });
        if inside_comma || gap.trim().is_empty() || gap.trim() == "," {
            let region = Span { start: verb.span.end, end: sentence.end };
            return Some(Candidate {
                content,
                kind: QuoteKind::Direct,
                cue: Some(verb.span),
                speaker: SpeakerSource::Phrase(super::speaker::phrase_after_verb(text, region)),
                channel_region: Some(region),
                publishes: false,
                sentence,
            });
        }
    }
    named_quote(text, sentence, m, content)
        .or_else(|| colon_quote(text, sentence, m, content))
        .or_else(|| lone_quote(text, para, m, content))
}

/// `Hun siger: »…«`: a reporting clause ending in a colon introduces the quote.
fn colon_quote(text: &str, sentence: Span, m: &Marked, content: Span) -> Option<Candidate> {
    let before = Span { start: sentence.start, end: m.outer.start };
    if !slice(text, before).trim_end().ends_with(':') {
        return None;
    }
    let ws = words(text, before);
    let verb_idx = ws.iter().rposition(|w| lexicon::is_reporting_finite(&w.lower()))?;
    let verb = ws.get(verb_idx)?;
    let between = ws.get(verb_idx + 1..).unwrap_or(&[]);
    let speaker = match between.first() {
        Some(first) if !lexicon::is_not_subject(&first.lower()) => {
            let region = Span { start: first.raw.start, end: m.outer.start };
            super::speaker::phrase_after_verb(text, region)
        }
        _ => subject_before(text, Span { start: sentence.start, end: verb.raw.start }),
    };
    Some(Candidate {
        content,
        kind: QuoteKind::Direct,
        cue: Some(verb.span),
        speaker: SpeakerSource::Phrase(speaker),
        channel_region: Some(Span { start: verb.span.end, end: m.outer.start }),
        publishes: false,
        sentence,
    })
}

/// `X kalder Y »…«`: the quote names something; the speaker is the subject before the verb.
fn named_quote(text: &str, sentence: Span, m: &Marked, content: Span) -> Option<Candidate> {
    let before = Span { start: sentence.start, end: m.outer.start };
    let ws = words(text, before);
    let verb_idx = ws.iter().rposition(|w| lexicon::is_naming_verb(&w.lower()))?;
    if ws.len() - verb_idx > 5 {
        return None;
    }
    let verb = ws.get(verb_idx)?;
    Some(Candidate {
        content,
        kind: QuoteKind::Direct,
        cue: Some(verb.span),
        speaker: SpeakerSource::Phrase(subject_before(
            text,
            Span { start: sentence.start, end: verb.raw.start },
        )),
        channel_region: None,
        publishes: false,
        sentence,
    })
}

/// A paragraph that is only a quotation: it goes on with the previous speaker.
fn lone_quote(text: &str, para: Span, m: &Marked, content: Span) -> Option<Candidate> {
    let tail = slice(text, Span { start: m.outer.end, end: para.end }).trim();
    let is_whole = m.outer.start == para.start && (tail.is_empty() || tail == ".");
    is_whole.then_some(Candidate {
        content,
        kind: QuoteKind::Direct,
        cue: None,
        speaker: SpeakerSource::Continuation,
        channel_region: None,
        publishes: false,
        sentence: para,
    })
}

/// `X siger (til Y), at …` and `siger han, at …`: the content runs from after `at` to the
/// end of the sentence.
fn at_clauses(
    text: &str,
    sentence: Span,
    ws: &[Word<'_>],
    cues: &Cues,
    free: &dyn Fn(&Word<'_>) -> bool,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, verb) in cues.reporting.iter().filter_map(|c| Some((c.index, ws.get(c.index)?))) {
        if !free(verb) {
            continue;
        }
        let Some(at_idx) = find_at(text, ws, cues, i) else { continue };
        let (Some(at), Some(next)) = (ws.get(at_idx), ws.get(at_idx + 1)) else { continue };
        let content = trim_content(text, Span { start: next.raw.start, end: sentence.end });
        let between = ws.get(i + 1..at_idx).unwrap_or(&[]);
        let speaker = subject_phrase(text, sentence, verb, between, at);
        out.push(Candidate {
            content,
            kind: QuoteKind::Indirect,
            cue: Some(verb.span),
            speaker: SpeakerSource::Phrase(speaker),
            channel_region: Some(Span { start: verb.span.end, end: at.raw.start }),
            publishes: false,
            sentence,
        });
    }
    out
}

/// The index of the `at` that opens the reported clause: within eleven words after the verb
/// (`oplyste Assange i et interview med en britisk tv-station, at`),
/// right after a comma, with no other reporting verb in between.
fn find_at(text: &str, ws: &[Word<'_>], cues: &Cues, verb_idx: usize) -> Option<usize> {
    for j in verb_idx + 1..(verb_idx + 12).min(ws.len()) {
        let w = ws.get(j)?;
        if j > verb_idx + 1 && cues.at(j).is_some() {
            return None;
        }
        let prev = ws.get(j - 1)?;
        let gap = slice(text, Span { start: prev.span.end, end: w.raw.start });
        if w.core == "at" && gap.contains(',') {
            return Some(j);
        }
        if gap.contains(['.', ':', ';']) {
            return None;
        }
    }
    None
}

/// The speaker phrase of `verb`: after it if the subject is inverted (`siger hun, at`),
/// else the sentence before it.
fn subject_phrase(
    text: &str,
    sentence: Span,
    verb: &Word<'_>,
    between: &[Word<'_>],
    at: &Word<'_>,
) -> Span {
    match between.first() {
        Some(first) if !lexicon::is_not_subject(&first.lower()) => {
            let region = Span { start: first.raw.start, end: at.raw.start };
            let phrase = super::speaker::phrase_after_verb(text, region);
            Span { start: phrase.start, end: phrase.end.min(last_comma(text, phrase)) }
        }
        _ => subject_before(text, Span { start: sentence.start, end: verb.raw.start }),
    }
}

/// The subject at the start of `region`: up to its first finite verb (`Kim Lyster kalder
/// … og siger`) and before a relative clause (`En tolk, der stadig er i Kabul,`).
fn subject_before(text: &str, region: Span) -> Span {
    let ws = words(text, region);
    let mut end = region.end;
    for (i, w) in ws.iter().enumerate() {
        let lower = w.lower();
        let is_verb = lexicon::is_common_finite(&lower) || lexicon::is_naming_verb(&lower);
        if i > 0 && is_verb {
            end = w.raw.start;
            break;
        }
        let comma = slice(text, Span { start: w.span.end, end: w.raw.end }).contains(',');
        let next = ws.get(i + 1).map(Word::lower).unwrap_or_default();
        if comma && matches!(next.as_ref(), "der" | "som" | "hvis" | "hvor" | "da" | "men" | "og") {
            end = w.span.end;
            break;
        }
    }
    Span { start: region.start, end }
}

/// The phrase end without a trailing comma.
fn last_comma(text: &str, phrase: Span) -> usize {
    let body = slice(text, phrase);
    phrase.start + body.trim_end().trim_end_matches(',').len()
}

/// `Det skriver CNN.`: the content is the previous sentence.
fn det_clause(
    text: &str,
    sentence: Span,
    ws: &[Word<'_>],
    cues: &Cues,
    previous: Option<Span>,
) -> Option<Candidate> {
    let (Some(det), Some(verb)) = (ws.first(), ws.get(1)) else { return None };
    let is_finite = cues.at(1).is_some_and(|c| c.is_finite);
    if !is_finite || ws.len() < 3 || det.lower() != "det" {
        return None;
    }
    if ws.iter().any(|w| w.core == "at") {
        return None;
    }
    let content = trim_content(text, previous?);
    let region = Span { start: verb.span.end, end: sentence.end };
    Some(Candidate {
        content,
        kind: QuoteKind::Indirect,
        cue: Some(verb.span),
        speaker: SpeakerSource::Phrase(super::speaker::phrase_after_verb(text, region)),
        channel_region: Some(region),
        publishes: true,
        sentence,
    })
}

/// `Ifølge X er …`: the source runs to the finite verb, the content from it to the end.
/// A closing `…, ifølge X.` takes the sentence before it.
fn ifoelge(
    text: &str,
    sentence: Span,
    ws: &[Word<'_>],
    cues: &Cues,
    free: &dyn Fn(&Word<'_>) -> bool,
) -> Option<Candidate> {
    let idx = cues.ifoelge.iter().copied().find(|&i| ws.get(i).is_some_and(free))?;
    let cue = ws.get(idx)?;
    let after = ws.get(idx + 1..)?;
    let verb_pos = after.iter().take(10).position(|w| lexicon::is_common_finite(&w.lower()));
    let (source, content) = match verb_pos {
        Some(0) | None if idx > 0 => {
            let src = Span { start: cue.span.end, end: sentence.end };
            (src, Span { start: sentence.start, end: cue.raw.start })
        }
        Some(p) => {
            let verb = after.get(p)?;
            (
                Span { start: cue.span.end, end: verb.raw.start },
                Span { start: verb.raw.start, end: sentence.end },
            )
        }
        None => return None,
    };
    let content = trim_content(text, content);
    (content.start < content.end).then_some(Candidate {
        content,
        kind: QuoteKind::Indirect,
        cue: Some(cue.span),
        speaker: SpeakerSource::Phrase(source),
        channel_region: None,
        publishes: true,
        sentence,
    })
}

/// The span without surrounding spaces and a final `,`, `.`, `:` or `;` (a `!` or `?`
/// stays; quotes keep their own question marks).
pub(crate) fn trim_content(text: &str, span: Span) -> Span {
    let body = slice(text, span);
    let lead = body.len() - body.trim_start().len();
    let trimmed = body.trim().trim_end_matches([',', '.', ':', ';', ' ']).trim_end();
    let start = span.start + lead;
    Span { start, end: start + trimmed.len() }
}

/// The first non-space byte at or after `idx`.
fn skip_space(text: &str, idx: usize) -> usize {
    let rest = text.get(idx..).unwrap_or("");
    idx + (rest.len() - rest.trim_start().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_are_the_reporting_verbs_and_ifoelge_of_a_sentence() {
        let text = "Ifølge DR har ministeren sagt, at hun Siger op, skriver avisen.";
        let ws = words(text, Span { start: 0, end: text.len() });
        let cues = Cues::of(&ws);
        let found: Vec<(&str, bool, bool)> = cues
            .reporting
            .iter()
            .map(|c| (ws[c.index].core, c.is_finite, c.is_lower_case))
            .collect();
        assert_eq!(found, [("sagt", false, true), ("Siger", true, false), ("skriver", true, true)]);
        assert_eq!(cues.ifoelge, [0]);
        let siger = cues.reporting[1].index;
        assert!(cues.at(siger).is_some());
        assert!(cues.at(siger - 1).is_none());
        let plain = "Broen over fjorden lukker i to uger.";
        assert!(Cues::of(&words(plain, Span { start: 0, end: plain.len() })).is_empty());
    }
}
