//! Who spoke, and to which medium: a speaker phrase becomes a name, resolving pronouns and
//! role nouns to the nearest fitting entity earlier in the article.
//!
//! Antecedents are the names of the article in text order (tagger entities, capitalised
//! runs the tagger missed) plus every speaker already attributed, so `han` after a quote by
//! `en dansk-afghansk tolk` points to the interpreter even though he has no name.

use hashbrown::HashMap;
use std::cell::{OnceCell, RefCell};

use crate::entities::{EntityMention, TakenSpans};
use crate::ner::EntityKind;

use super::lexicon::{
    self, DOCUMENT_NOUNS, PERSON_PRONOUNS, Role, RoleKind, SETTING_AFTER_I, SUBJECT_HEAD,
    SUBJECT_TAIL, TIME_WORDS,
};
use super::text::{Layout, Span, Word, is_sentence_initial, slice, words};

/// A resolved speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Speaker {
    /// Canonical name, or the noun phrase as written for an unnamed speaker.
    pub name: String,
    /// PER or ORG for a named speaker; `None` for an unnamed one.
    pub kind: Option<EntityKind>,
    /// Whether the speaker is a medium that publishes (then it is also the channel).
    pub is_medium: bool,
}

/// Something a pronoun, role noun or `avisen` can point back to.
#[derive(Debug, Clone)]
struct Antecedent {
    byte_start: usize,
    speaker: Speaker,
    /// Lower-cased words just before the name (`skatteminister` of `Skatteminister Anders
    /// Friis`): worked out only when a role noun asks, which few antecedents meet.
    titles: OnceCell<Vec<String>>,
    /// For unnamed speakers: the head noun's stem (`fiskeriminister`).
    head_stem: Option<String>,
    is_person: bool,
}

/// The article's names and the speakers found so far.
pub(crate) struct Context<'a> {
    text: &'a str,
    entities: &'a [EntityMention],
    antecedents: Vec<Antecedent>,
    /// [`org_runs`] of each line (by its first byte) asked about so far: every person
    /// mention asks about its line, and a paragraph can name many people.
    org_runs: RefCell<HashMap<usize, Vec<Span>>>,
    /// Byte offsets of the text's line breaks, ascending.
    line_breaks: Vec<usize>,
}

impl<'a> Context<'a> {
    /// Collects antecedents from entities and capitalised runs, skipping names inside
    /// direct quotes (a name a speaker mentions is not who speaks next).
    pub fn new(layout: &mut Layout<'a>, entities: &'a [EntityMention], quoted: &[Span]) -> Self {
        let text = layout.text();
        let line_breaks = text.match_indices('\n').map(|(i, _)| i).collect();
        let mut ctx = Context {
            text,
            entities,
            antecedents: Vec::new(),
            org_runs: RefCell::default(),
            line_breaks,
        };
        for e in entities {
            let span = Span { start: e.byte_start, end: e.byte_end };
            if quoted.iter().any(|q| q.contains(span)) || is_compound_part(text, span) {
                continue;
            }
            ctx.add_entity_antecedent(e);
        }
        ctx.add_run_antecedents(layout, quoted);
        ctx.antecedents.sort_by_key(|a| a.byte_start);
        ctx
    }

    fn add_entity_antecedent(&mut self, e: &EntityMention) {
        let is_medium =
            lexicon::is_medium_name(&e.canonical) && !lexicon::is_platform(&e.canonical);
        if !is_medium && !matches!(e.label, EntityKind::Per | EntityKind::Org) {
            return;
        }
        let kind = if is_medium { EntityKind::Org } else { e.label };
        let span = Span { start: e.byte_start, end: e.byte_end };
        // Checked only for people, and the cheap tests first: a run is a scan of the line.
        let is_person = kind == EntityKind::Per
            && !is_genitive(e)
            && !after_place_preposition(self.text, e)
            && !self.in_org_run(span);
        self.antecedents.push(Antecedent {
            byte_start: e.byte_start,
            speaker: Speaker { name: e.canonical.clone(), kind: Some(kind), is_medium },
            titles: OnceCell::new(),
            head_stem: None,
            is_person,
        });
    }

    /// Whether `span` lies inside a longer capitalised run that names an organisation
    /// (`Lindhardt` in `Lindhardt og Ringhof`), so a PER tag on it is a mistake.
    fn in_org_run(&self, span: Span) -> bool {
        let line = self.enclosing_line(span);
        let mut memo = self.org_runs.borrow_mut();
        let runs = memo.entry(line.start).or_insert_with(|| org_runs(self.text, line));
        // The runs are disjoint and in text order: only the last one starting at or
        // before `span` can hold it.
        let after = runs.partition_point(|run| run.start <= span.start);
        after
            .checked_sub(1)
            .and_then(|k| runs.get(k))
            .is_some_and(|run| run.contains(span) && *run != span)
    }

    /// The line (paragraph) around `span`, from the line breaks found once per article:
    /// searching the text for them at every mention made long one-line texts quadratic.
    fn enclosing_line(&self, span: Span) -> Span {
        let after_start = self.line_breaks.partition_point(|&b| b < span.start);
        let start =
            after_start.checked_sub(1).and_then(|k| self.line_breaks.get(k)).map_or(0, |b| b + 1);
        let after_end = self.line_breaks.partition_point(|&b| b < span.end);
        let end = self.line_breaks.get(after_end).copied().unwrap_or(self.text.len());
        Span { start, end }
    }

    /// Names the tagger missed: runs of two or more capitalised words, or one not at a
    /// sentence start (`Sydfyns Sparekasse`, `Forbrugerrådet Tænk`, `Århus Stiftstidende`).
    fn add_run_antecedents(&mut self, layout: &mut Layout<'a>, quoted: &[Span]) {
        let text = self.text;
        let taken = TakenSpans::new(self.entities);
        let mut k = 0;
        while let Some((para, marked)) = layout.paragraph(k) {
            k += 1;
            for &sentence in layout.sentences(para, &marked).iter() {
                let ws = layout.words(sentence);
                for run in capital_runs(&ws) {
                    let (Some(first), Some(last)) = (ws.get(run.0), ws.get(run.1)) else {
                        continue;
                    };
                    let span = Span { start: first.span.start, end: last.span.end };
                    let single_initial =
                        run.0 == run.1 && is_sentence_initial(sentence, first, text);
                    let covered = taken.overlaps(span.start, span.end);
                    if single_initial || covered || quoted.iter().any(|q| q.contains(span)) {
                        continue;
                    }
                    self.push_run(&ws, run, sentence);
                }
            }
        }
    }

    /// Adds a capitalised run as an antecedent: a medium, an organisation, or (two or three
    /// words with nothing organisation-like) a person. A role word opening the sentence is
    /// a title, not part of the name (`Forfatteren Helle Vinding`).
    fn push_run(&mut self, ws: &[Word<'_>], run: (usize, usize), sentence: Span) {
        let mut first_idx = run.0;
        let opens = ws.get(run.0).is_some_and(|w| is_sentence_initial(sentence, w, self.text));
        let is_lead =
            |w: &Word<'_>| lexicon::is_person_title(w.core) || lexicon::is_function_word(w.core);
        if opens && run.1 > run.0 && ws.get(run.0).is_some_and(is_lead) {
            first_idx += 1;
        }
        let (Some(first), Some(last)) = (ws.get(first_idx), ws.get(run.1)) else { return };
        let span = Span { start: first.span.start, end: last.span.end };
        let name = slice(self.text, span).to_string();
        let is_medium = lexicon::is_medium_name(&name) && !lexicon::is_platform(&name);
        let count = run.1 + 1 - first_idx;
        let is_person = !is_medium && (2..=3).contains(&count) && !lexicon::is_org_like(&name);
        let kind = if is_person { EntityKind::Per } else { EntityKind::Org };
        self.antecedents.push(Antecedent {
            byte_start: span.start,
            speaker: Speaker { name, kind: Some(kind), is_medium },
            titles: OnceCell::new(),
            head_stem: None,
            is_person,
        });
    }

    /// Records an attributed speaker, so later pronouns and roles can point to it.
    pub fn remember(&mut self, byte_start: usize, speaker: &Speaker, head_stem: Option<String>) {
        let is_person = match speaker.kind {
            Some(kind) => kind == EntityKind::Per,
            None => head_stem.as_deref().is_some_and(is_person_stem),
        };
        let antecedent = Antecedent {
            byte_start,
            speaker: speaker.clone(),
            titles: OnceCell::new(),
            head_stem,
            is_person,
        };
        let at = self.antecedents.partition_point(|a| a.byte_start <= byte_start);
        self.antecedents.insert(at, antecedent);
    }

    /// Resolves a speaker phrase; `None` if it names nobody (`man`, an empty phrase).
    /// Also returns the head noun's stem for unnamed speakers, to remember them by.
    pub fn resolve(&self, phrase: Span, sentence: Span) -> Option<(Speaker, Option<String>)> {
        let all = words(self.text, phrase);
        let ws = trim_phrase(&all);
        let first = ws.first()?;
        if ws.len() == 1
            && matches!(first.lower().as_ref(), "man" | "det" | "der" | "de" | "vi" | "jeg")
        {
            return None;
        }
        if ws.len() == 1 && PERSON_PRONOUNS.contains(&first.lower().as_ref()) {
            return self.nearest(first.span.start, |a| a.is_person).map(|s| (s, None));
        }
        if let Some(per) = self.person_in(ws) {
            return Some((per, None));
        }
        let head = head_words(ws);
        if let Some(found) = self.role_in(head, sentence) {
            return Some(found);
        }
        if let Some(named) = self.name_in(ws, head, sentence) {
            return Some((named, None));
        }
        self.unnamed(ws, head, sentence)
    }

    /// The first person named in the phrase, not in the genitive (`Klaus Meiers hustru,
    /// Petra Meier` → Petra Meier) and not as part of a compound.
    fn person_in(&self, ws: &[Word<'_>]) -> Option<Speaker> {
        let span = Span { start: ws.first()?.span.start, end: ws.last()?.span.end };
        self.entities
            .iter()
            .filter(|e| span.contains(Span { start: e.byte_start, end: e.byte_end }))
            .filter(|e| e.label == EntityKind::Per && !lexicon::is_medium_name(&e.canonical))
            .filter(|e| !is_genitive(e))
            .filter(|e| !self.in_org_run(Span { start: e.byte_start, end: e.byte_end }))
            .find(|e| !is_compound_part(self.text, Span { start: e.byte_start, end: e.byte_end }))
            .map(|e| Speaker {
                name: e.canonical.clone(),
                kind: Some(EntityKind::Per),
                is_medium: false,
            })
    }

    /// A definite role noun heading the phrase, resolved to the nearest fitting antecedent;
    /// a capitalised role word in mid-sentence is a name (`Skatteministeriet`), not a role.
    fn role_in(&self, head: &[Word<'_>], sentence: Span) -> Option<(Speaker, Option<String>)> {
        let idx = head.iter().rposition(|w| {
            (!w.is_capitalised() || is_sentence_initial(sentence, w, self.text))
                && lexicon::role_of(w.core).is_some()
        })?;
        let word = head.get(idx)?;
        if head.get(idx + 1).is_some_and(|n| n.is_capitalised()) {
            return None;
        }
        let role = lexicon::role_of(word.core)?;
        self.resolve_role(&role, word.span.start).map(|s| (s, None))
    }

    /// The antecedent a role noun points to: nearest earlier fitting one.
    pub fn resolve_role(&self, role: &Role, before: usize) -> Option<Speaker> {
        let fits = |a: &Antecedent| match role.kind {
            RoleKind::Medium => a.speaker.is_medium,
            RoleKind::Org { is_generic: true } => {
                a.speaker.kind == Some(EntityKind::Org) && !a.speaker.is_medium
            }
            RoleKind::Org { is_generic: false } => {
                let name = a.speaker.name.to_lowercase();
                let synonyms = lexicon::role_synonyms(role.class);
                a.speaker.kind != Some(EntityKind::Per)
                    && (name.contains(&role.stem) || synonyms.iter().any(|s| name.contains(s)))
            }
            RoleKind::Person => {
                a.is_person
                    && (a
                        .titles
                        .get_or_init(|| title_words(self.text, a.byte_start))
                        .iter()
                        .any(|t| title_fits(t, &role.stem))
                        || a.head_stem.as_deref().is_some_and(|h| h.ends_with(&role.stem)))
            }
        };
        self.nearest(before, fits)
    }

    /// The nearest antecedent before `before` that passes `fits`.
    fn nearest(&self, before: usize, fits: impl Fn(&Antecedent) -> bool) -> Option<Speaker> {
        self.antecedents
            .iter()
            .rev()
            .filter(|a| a.byte_start < before)
            .find(|a| fits(a))
            .map(|a| a.speaker.clone())
    }

    /// A name in the phrase's head (or, after a document noun such as `tal`, in the whole
    /// phrase): an organisation, a medium, or a capitalised run the tagger missed.
    fn name_in(&self, ws: &[Word<'_>], head: &[Word<'_>], sentence: Span) -> Option<Speaker> {
        let has_document = head.iter().any(|w| DOCUMENT_NOUNS.contains(&w.lower().as_ref()));
        let scope = if has_document { ws } else { head };
        for run in capital_runs(scope) {
            let (Some(first), Some(last)) = (scope.get(run.0), scope.get(run.1)) else { continue };
            let span = Span { start: first.span.start, end: last.span.end };
            let is_initial = run.0 == run.1 && is_sentence_initial(sentence, first, self.text);
            let is_person_role = lexicon::role_of(first.core)
                .is_some_and(|r| matches!(r.kind, RoleKind::Person | RoleKind::Medium));
            if is_initial && (scope.len() > 1 || is_person_role) {
                continue;
            }
            if is_compound_word(first.core) || is_genitive_run(scope, run.1) {
                continue;
            }
            if !has_document && self.is_place(span) {
                continue;
            }
            return Some(self.name_speaker(span));
        }
        None
    }

    /// Whether the tagger calls `span` one place (and it is no medium); two places side by
    /// side (`Fyns` `Badelaug`) are a name the tagger did not know.
    fn is_place(&self, span: Span) -> bool {
        self.entities.iter().any(|e| {
            e.label == EntityKind::Loc && e.byte_start == span.start && e.byte_end == span.end
        }) && !lexicon::is_medium_name(slice(self.text, span))
    }

    /// Turns a capitalised run into a named speaker: the entity's canonical name if the run
    /// is one (or a surname of one), else the run as written, typed ORG.
    fn name_speaker(&self, span: Span) -> Speaker {
        let written = slice(self.text, span);
        let lower = written.to_lowercase();
        let entity = self
            .entities
            .iter()
            .find(|e| e.canonical.to_lowercase() == lower || e.text.to_lowercase() == lower);
        let surname_of = self.entities.iter().find(|e| {
            e.label == EntityKind::Per
                && e.canonical.split_whitespace().count() > 1
                && e.canonical.to_lowercase().ends_with(&format!(" {lower}"))
        });
        let is_medium = lexicon::is_medium_name(written) && !lexicon::is_platform(written);
        let suffix = format!(" {lower}");
        let person_run = self.antecedents.iter().find(|a| {
            a.is_person
                && a.byte_start < span.start
                && a.speaker.name.to_lowercase().ends_with(&suffix)
        });
        if let (None, None, Some(a)) = (entity, surname_of, person_run) {
            return a.speaker.clone();
        }
        match entity.or(surname_of) {
            Some(e) if !is_medium => Speaker {
                name: e.canonical.clone(),
                kind: Some(if e.label == EntityKind::Per {
                    EntityKind::Per
                } else {
                    EntityKind::Org
                }),
                is_medium: false,
            },
            _ => Speaker { name: written.to_string(), kind: Some(EntityKind::Org), is_medium },
        }
    }

    /// An unnamed speaker: the phrase as written, its first letter lower-cased; a role word
    /// the article cannot resolve ends up here too (`udenrigsministeren`).
    fn unnamed(
        &self,
        ws: &[Word<'_>],
        head: &[Word<'_>],
        sentence: Span,
    ) -> Option<(Speaker, Option<String>)> {
        let (first, last) = (ws.first()?, ws.last()?);
        if ws.len() > 7 || !ws.iter().any(|w| !w.is_capitalised() || ws.len() == 1) {
            return None;
        }
        let written = slice(self.text, Span { start: first.span.start, end: last.span.end });
        let head_word = head.last()?;
        let role = lexicon::role_of(head_word.core);
        let head_stem =
            role.as_ref().map_or_else(|| head_word.lower().into_owned(), |r| r.stem.clone());
        let is_org_role = role.is_some_and(|r| !matches!(r.kind, RoleKind::Person));
        let keeps_capital = ws.len() == 1 && !is_sentence_initial(sentence, first, self.text);
        let is_named_org = ws.len() == 1 && (is_org_role || lexicon::role_of(first.core).is_none());
        let name =
            if keeps_capital || is_named_org { written.to_string() } else { lower_first(written) };
        let kind = (is_named_org && first.is_capitalised()).then_some(EntityKind::Org);
        Some((Speaker { name, kind, is_medium: false }, Some(head_stem)))
    }

    /// The medium a channel phrase names (`til DR`, `over for avisen`, `på Twitter`).
    pub fn channel_in(&self, region: Span) -> Option<String> {
        let ws = words(self.text, region);
        for (i, w) in ws.iter().enumerate() {
            let prep = w.lower();
            let is_intro = matches!(prep.as_ref(), "til" | "med" | "på")
                || (prep == "for" && i > 0 && ws.get(i - 1).is_some_and(|p| p.lower() == "over"));
            if !is_intro {
                continue;
            }
            let rest = ws.get(i + 1..).unwrap_or(&[]);
            if let Some(name) = self.medium_at(rest, prep == "på") {
                return Some(name);
            }
        }
        None
    }

    /// The medium at the start of `ws`: a name, a web address, or a media role resolved to
    /// the medium named before (`avisen`); `nyhedsbureauet Reuters` gives `Reuters`.
    fn medium_at(&self, ws: &[Word<'_>], is_on: bool) -> Option<String> {
        let first = ws.first()?;
        let role = lexicon::role_of(first.core).filter(|r| r.kind == RoleKind::Medium);
        if let Some(role) = role.filter(|_| !first.is_capitalised()) {
            let named_next = ws.get(1).filter(|w| w.is_capitalised());
            return match named_next {
                Some(_) => self.medium_at(ws.get(1..).unwrap_or(&[]), is_on),
                None => self.resolve_role(&role, first.span.start).map(|s| s.name),
            };
        }
        if lexicon::is_web_address(first.core) {
            return Some(first.core.to_string());
        }
        let run = capital_runs(ws).into_iter().next().filter(|r| r.0 == 0)?;
        let last = ws.get(run.1)?;
        let span = Span { start: first.span.start, end: last.span.end };
        let name = slice(self.text, span);
        let is_known_medium = lexicon::is_medium_name(name);
        let label = self.label_of(span);
        let fits = is_known_medium
            || (!is_on && matches!(label, None | Some(EntityKind::Org | EntityKind::Misc)));
        match (is_known_medium, fits) {
            (true, _) => Some(name.to_string()),
            (false, true) => Some(self.name_speaker(span).name),
            (false, false) => None,
        }
    }

    /// The label of the entity overlapping `span`, if any.
    fn label_of(&self, span: Span) -> Option<EntityKind> {
        self.entities
            .iter()
            .find(|e| Span { start: e.byte_start, end: e.byte_end }.overlaps(span))
            .map(|e| e.label)
    }
}

/// Whether a title word fits a role stem, in either form (`direktøren` and `direktør`).
fn title_fits(title: &str, stem: &str) -> bool {
    title.ends_with(stem) || lexicon::role_of(title).is_some_and(|r| r.stem.ends_with(stem))
}

/// Whether the stem of an unnamed speaker's head noun is a person (`vidne`, `minister`)
/// rather than an organisation or a group (`forsvarsministerium`, `kampagner`).
fn is_person_stem(stem: &str) -> bool {
    match lexicon::role_of(&format!("{stem}en")).or_else(|| lexicon::role_of(&format!("{stem}t"))) {
        Some(role) => role.kind == RoleKind::Person,
        None => !stem.ends_with('e') && !stem.ends_with("er") && !stem.ends_with("ium"),
    }
}

/// Whether the span is the name part of a hyphenated compound (`Labour` in `Labour-medlem`).
fn is_compound_part(text: &str, span: Span) -> bool {
    text.get(span.end..).is_some_and(|rest| {
        let mut chars = rest.chars();
        chars.next() == Some('-') && chars.next().is_some_and(char::is_lowercase)
    })
}

/// Whether a word is a compound headed by a common noun (`Labour-medlem`).
fn is_compound_word(word: &str) -> bool {
    word.split_once('-')
        .is_some_and(|(_, rest)| rest.chars().next().is_some_and(char::is_lowercase))
}

/// Whether a one-word PER mention follows `fra`, `i` or `på` (`Jens Ravn fra Aakirkeby`):
/// then it is a place the tagger took for a person.
fn after_place_preposition(text: &str, e: &EntityMention) -> bool {
    let before = text.get(..e.byte_start).unwrap_or("");
    let previous = before.split_whitespace().next_back().unwrap_or("");
    e.text.split_whitespace().count() == 1 && matches!(previous, "fra" | "i" | "på" | "ved")
}

/// The capitalised runs of `line` joined by `og`, `&` or `of`, which name organisations
/// (`Lindhardt og Ringhof`).
fn org_runs(text: &str, line: Span) -> Vec<Span> {
    let ws = words(text, line);
    capital_runs(&ws)
        .into_iter()
        .filter_map(|(a, b)| {
            let (first, last) = (ws.get(a)?, ws.get(b)?);
            let run = ws.get(a..=b)?;
            let has_connector = run.iter().any(|w| matches!(w.core, "og" | "&" | "of"));
            has_connector.then_some(Span { start: first.span.start, end: last.span.end })
        })
        .collect()
}

/// Whether a mention is in the genitive: `Assanges`, `DR's`, `Klaus Meiers`.
fn is_genitive(e: &EntityMention) -> bool {
    if e.text.ends_with("'s") || e.text.ends_with("’s") {
        return true;
    }
    e.text.strip_suffix('s').is_some_and(|base| {
        e.canonical != e.text && (e.canonical.ends_with(base) && !base.is_empty())
    })
}

/// Whether the run ending at `last` is a genitive before a noun (`NATO's generalsekretær`).
fn is_genitive_run(ws: &[Word<'_>], last: usize) -> bool {
    let Some(word) = ws.get(last) else { return false };
    let next_is_lower = ws.get(last + 1).is_some_and(|w| !w.is_capitalised());
    let core = word.core;
    (core.ends_with("'s") || core.ends_with("’s") || core.ends_with('s')) && next_is_lower
}

/// Up to five lower-cased words before `byte_start` in the same sentence: a name's titles
/// (`direktøren for Aalborg Zoo,` before `Kim Hald`).
fn title_words(text: &str, byte_start: usize) -> Vec<String> {
    let before = text.get(..byte_start).unwrap_or("");
    let from = before.rfind(['.', '\n', '»', '«']).map_or(0, |i| i + 1);
    let stretch = before.get(from..).unwrap_or("");
    let mut found: Vec<String> = stretch
        .split_whitespace()
        .rev()
        .take(5)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_lowercase())
        .collect();
    found.reverse();
    found
}

/// The phrase without leading conjunctions and trailing auxiliaries or adverbs.
fn trim_phrase<'w, 'a>(ws: &'w [Word<'a>]) -> &'w [Word<'a>] {
    let start = ws.iter().take_while(|w| SUBJECT_HEAD.contains(&w.lower().as_ref())).count();
    let rest = ws.get(start..).unwrap_or(&[]);
    let tail = rest.iter().rev().take_while(|w| SUBJECT_TAIL.contains(&w.lower().as_ref())).count();
    rest.get(..rest.len() - tail).unwrap_or(&[])
}

/// The phrase's head: the words before its first preposition or comma (`borgmesteren` of
/// `borgmesteren i Odesa`).
fn head_words<'w, 'a>(ws: &'w [Word<'a>]) -> &'w [Word<'a>] {
    const PREPOSITIONS: &[&str] = &["i", "fra", "hos", "på", "ved", "til", "for", "af", "om"];
    let mut end = ws.len();
    for (i, w) in ws.iter().enumerate() {
        if i > 0 && PREPOSITIONS.contains(&w.lower().as_ref()) {
            end = i;
            break;
        }
        if w.raw.end > w.span.end && i + 1 < ws.len() {
            end = i + 1;
            break;
        }
    }
    ws.get(..end).unwrap_or(ws)
}

/// Runs of capitalised words as (first, last) word indices; `og`, `&`, `of` and numbers
/// may continue a run (`Lindhardt og Ringhof`, `TV 2 Bornholm`), a comma or bracket ends one.
pub(crate) fn capital_runs(ws: &[Word<'_>]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let Some(w) = ws.get(i) else { break };
        let is_start = w.is_capitalised() && !is_compound_word(w.core);
        if !is_start || w.raw.start < w.span.start && !starts_with_quote(w) {
            i += 1;
            continue;
        }
        let mut last = i;
        while ends_clean(ws, last) {
            let next = last + 1;
            let Some(n) = ws.get(next) else { break };
            if n.is_capitalised() || n.core.chars().all(|c| c.is_ascii_digit()) {
                last = next;
            } else if matches!(n.core, "og" | "&" | "of" | "for")
                && ws.get(next + 1).is_some_and(|m| m.is_capitalised())
                && ends_clean(ws, next)
            {
                last = next + 1;
            } else {
                break;
            }
        }
        runs.push((i, last));
        i = last + 1;
    }
    runs
}

/// Whether a word at `idx` has no punctuation after it that would end a name.
fn ends_clean(ws: &[Word<'_>], idx: usize) -> bool {
    ws.get(idx).is_some_and(|w| w.raw.end == w.span.end || w.core.ends_with('-'))
}

/// Whether a word's leading punctuation is only a quotation mark (so it may still be a name).
fn starts_with_quote(w: &Word<'_>) -> bool {
    w.raw.start + 1 >= w.span.start
}

/// `text` with its first letter in lower case.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Where a speaker phrase after a reporting verb ends: before a channel or setting
/// (`til DR`, `over for`, `i et interview`, `på et pressemøde`, `mandag`), before a
/// relative clause (`, der …`) or at the end. An apposition stays (`direktør, Pia Skovgaard`).
pub(crate) fn phrase_after_verb(text: &str, region: Span) -> Span {
    let ws = words(text, region);
    let mut end = region.end;
    for (i, w) in ws.iter().enumerate() {
        let lower = w.lower();
        let next = ws.get(i + 1).map(Word::lower).unwrap_or_default();
        let cut = i > 0
            && (matches!(lower.as_ref(), "til" | "på" | "under" | "ved" | "med" | "selv")
                || (lower == "over" && next == "for")
                || (lower == "i" && SETTING_AFTER_I.contains(&next.as_ref()))
                || TIME_WORDS.contains(&lower.as_ref()));
        if cut {
            end = w.raw.start;
            break;
        }
        let has_comma = slice(text, Span { start: w.span.end, end: w.raw.end }).contains(',');
        let next_lower = ws.get(i + 1).is_some_and(|n| !n.is_capitalised());
        if has_comma && next_lower {
            end = w.span.end;
            break;
        }
    }
    Span { start: region.start, end: end.max(region.start) }
}
