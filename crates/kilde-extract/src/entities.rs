//! Entities: the names found in one article, merged so that every mention of a person or
//! organisation carries the article-wide name it belongs to.
//!
//! Why hand-written: no crate does in-article coreference of *names* for Danish, and the
//! rules a Danish news desk follows are few and regular: the first mention of a person is
//! the full name (`Julian Assange`), later ones the surname (`Assange`), possibly in the
//! genitive (`Assanges`), or as the first part of a hyphenated compound
//! (`Wikileaks-stifteren`). The method is the string-matching core of rule-based name
//! coreference (Lee et al. 2013, "Deterministic coreference resolution based on
//! entity-centric, precision-ranked rules", the *string match* and *proper head match*
//! sieves), restricted to names:
//!
//! 1. the name part of a hyphenated compound becomes a mention of its own;
//! 2. a final genitive `-s` is dropped when the base form is a name of the article;
//! 3. mentions with the same base form are one entity; a one-word person mention joins the
//!    nearest full name ending (or, if unambiguous, starting) with it; an organisation or
//!    place joins a longer name of the same kind it is a token prefix or suffix of, but only
//!    when exactly one such name exists;
//! 4. each entity takes its fullest form as `canonical` and its majority label (PER winning
//!    ties), so the tagger's one-off mistakes do not split a person in two.
//!
//! ```
//! use kilde_extract::entities::link_mentions;
//! use kilde_extract::ner::{EntityKind, Mention};
//!
//! let text = "Lise Holm vandt. Holms sejr var ventet.";
//! let mention = |a: usize, b: usize| Mention {
//!     byte_start: a, byte_end: b, label: EntityKind::Per, text: text[a..b].to_string(),
//! };
//! let linked = link_mentions(text, vec![mention(0, 9), mention(17, 22)]);
//! assert_eq!(linked[1].canonical, "Lise Holm");
//! ```

use std::collections::BTreeMap;

use hashbrown::HashMap;

use crate::ner::{EntityKind, Mention, NerModel, find_entities};
use crate::quote::{is_listed_medium, is_medium_name};

/// One mention of a named entity in an article, with the article-wide name it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    /// The mention as written (for a compound, only its name part: `Wikileaks`).
    pub text: String,
    /// The entity's label, agreed across the article (majority of its mentions).
    pub label: EntityKind,
    /// Byte offset of the first character of `text`.
    pub byte_start: usize,
    /// Byte offset just past `text`.
    pub byte_end: usize,
    /// The entity's fullest form in the article, without a genitive `-s`.
    pub canonical: String,
}

/// Finds names with the model and merges them within the article; in text order.
/// Never fails: a text without names gives an empty list.
pub fn article_entities(model: &NerModel, text: &str) -> Vec<EntityMention> {
    link_mentions(text, find_entities(model, text))
}

/// Merging only, from mentions already found (so it can be tested without the model).
/// Mentions whose offsets do not slice `text` are dropped. The result is in text order and
/// every `text` field equals the slice its offsets give.
pub fn link_mentions(text: &str, mentions: Vec<Mention>) -> Vec<EntityMention> {
    let drafts = collect_drafts(text, mentions);
    let known = known_forms(&drafts);
    let bases: Vec<String> = drafts.iter().map(|d| base_form(&d.text, &known)).collect();
    let mut sets = DisjointSets::new(drafts.len());
    link_equal_bases(&bases, &mut sets);
    link_short_forms(&drafts, &bases, &mut sets);
    let mut mentions = finish(drafts, &bases, &mut sets);
    for mention in &mut mentions {
        mention.label = media_kind(mention);
    }
    propagate_names(text, &mut mentions);
    align_coordinated_places(text, &mut mentions);
    mentions
}

/// A mention before merging; `is_guess` marks compound parts whose label the tagger did
/// not give, so they do not vote on the entity's label.
#[derive(Debug, Clone)]
struct Draft {
    byte_start: usize,
    byte_end: usize,
    text: String,
    label: EntityKind,
    is_guess: bool,
}

/// Tagger mentions, cut to their name part where they are compounds, plus compound names
/// the tagger missed; sorted, without overlaps.
fn collect_drafts(text: &str, mentions: Vec<Mention>) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = mentions
        .into_iter()
        .filter(|m| text.get(m.byte_start..m.byte_end) == Some(m.text.as_str()))
        .filter_map(|m| cut_compound(text, m))
        .collect();
    drafts.sort_by_key(|d| (d.byte_start, std::cmp::Reverse(d.byte_end)));
    let mut extra = missed_compounds(text, &drafts);
    drafts.append(&mut extra);
    drafts.sort_by_key(|d| (d.byte_start, std::cmp::Reverse(d.byte_end)));
    let mut kept: Vec<Draft> = Vec::with_capacity(drafts.len());
    for draft in drafts {
        if kept.last().is_none_or(|last| draft.byte_start >= last.byte_end) {
            kept.push(draft);
        }
    }
    kept
}

/// Byte length of the name part of a compound such as `Trump-administrationen`: the text
/// before the first hyphen that is followed by a lower-case letter. `None` if not a compound.
fn compound_name_len(word: &str) -> Option<usize> {
    let mut chars = word.char_indices().peekable();
    while let Some((idx, c)) = chars.next() {
        let next_is_lower = chars.peek().is_some_and(|(_, n)| n.is_lowercase());
        if c == '-' && next_is_lower && idx > 0 {
            return Some(idx);
        }
    }
    None
}

/// Keeps a tagger mention, cut to its name part if it ends in a compound (`Wikileaks-stifteren`).
fn cut_compound(text: &str, m: Mention) -> Option<Draft> {
    let (start, mut end) = (m.byte_start, m.byte_end);
    if let Some(len) = compound_name_len(&m.text) {
        end = start + len;
    }
    let name = text.get(start..end)?;
    if name.is_empty() {
        return None;
    }
    Some(Draft {
        byte_start: start,
        byte_end: end,
        text: name.to_string(),
        label: m.label,
        is_guess: false,
    })
}

/// Compounds like `Trump-administrationen` whose name part the tagger did not mark. The
/// name part must be capitalised; at a sentence start it must also be a name the article
/// already has, since any word is capitalised there.
fn missed_compounds(text: &str, drafts: &[Draft]) -> Vec<Draft> {
    let mut found = Vec::new();
    for (start, word) in hyphenated_words(text) {
        let Some(len) = compound_name_len(word) else { continue };
        let Some(name) = word.get(..len) else { continue };
        let is_name_like = name.chars().next().is_some_and(char::is_uppercase)
            && name.chars().count() >= 2
            && name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '\'');
        if !is_name_like || drafts.iter().any(|d| d.byte_start < start + len && start < d.byte_end)
        {
            continue;
        }
        let known_label = known_label(drafts, name);
        if known_label.is_none() && is_sentence_start(text, start) {
            continue;
        }
        let label = known_label.unwrap_or_else(|| guess_compound_label(word));
        found.push(Draft {
            byte_start: start,
            byte_end: start + len,
            text: name.to_string(),
            label,
            is_guess: true,
        });
    }
    found
}

/// The label of a name the article already has, as a whole mention or as the first or last
/// word of one (`Trump` of `Donald Trump`).
fn known_label(drafts: &[Draft], name: &str) -> Option<EntityKind> {
    let lower = name.to_lowercase();
    drafts
        .iter()
        .find(|d| {
            let text = d.text.to_lowercase();
            let mut words = text.split_whitespace();
            let (first, last) = (words.next(), text.split_whitespace().next_back());
            text == lower || first == Some(lower.as_str()) || last == Some(lower.as_str())
        })
        .map(|d| d.label)
}

/// A label for a compound's name part that the article names nowhere else: heads that
/// belong to a person (`Trump-administrationen`, `Biden-lejren`) give PER, anything else
/// ORG, the commonest case in news (`Labour-politikere`, `Novo-aktien`).
fn guess_compound_label(word: &str) -> EntityKind {
    const PERSON_HEADS: [&str; 6] =
        ["administration", "lejr", "regering", "kampagne", "familie", "tilhænger"];
    let head = word.to_lowercase();
    if PERSON_HEADS.iter().any(|h| head.contains(h)) { EntityKind::Per } else { EntityKind::Org }
}

/// Whitespace-separated words that hold a hyphen, with leading punctuation removed, and
/// their byte offsets, in text order. Found from the hyphens, since only such words can be
/// compounds and most words have none.
fn hyphenated_words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut previous_end = 0;
    for (hyphen, _) in text.match_indices('-') {
        // A further hyphen of the word just taken: skipped before scanning, so each word
        // is scanned once however many hyphens it has.
        if hyphen < previous_end {
            continue;
        }
        let before = text.get(..hyphen).unwrap_or("");
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let after = text.get(hyphen..).unwrap_or("");
        let end = after.find(char::is_whitespace).map_or(text.len(), |i| hyphen + i);
        previous_end = end;
        if let Some(word) = text.get(start..end) {
            let trimmed = word.trim_start_matches(|c: char| !c.is_alphanumeric());
            out.push((end - trimmed.len(), trimmed));
        }
    }
    out
}

/// Whether the word at `byte_idx` opens a sentence or paragraph (so capitals prove nothing).
pub(crate) fn is_sentence_start(text: &str, byte_idx: usize) -> bool {
    let before = text.get(..byte_idx).unwrap_or("");
    let last = before.trim_end_matches(['»', '«', '"', '\'', '“', '”', '(', ' ', '-', '–']);
    match last.chars().next_back() {
        None => true,
        Some(c) => matches!(c, '.' | '!' | '?' | ':' | '\n'),
    }
}

/// Lower-cased forms a genitive may reduce to: every mention, and every word of a
/// multi-word person name (`Andrades` → `Andrade` of `Luis Andrade`).
fn known_forms(drafts: &[Draft]) -> Vec<String> {
    let mut known: Vec<String> = drafts.iter().map(|d| d.text.to_lowercase()).collect();
    for d in drafts.iter().filter(|d| d.label == EntityKind::Per) {
        known.extend(d.text.split_whitespace().map(str::to_lowercase));
    }
    known
}

/// The mention without a genitive ending, if the ending is one: `Assanges` → `Assange`
/// when `Assange` is known, `DR's` → `DR`; `Mads` and `Los Angeles` stay as they are.
fn base_form(text: &str, known: &[String]) -> String {
    let stripped = text
        .strip_suffix("'s")
        .or_else(|| text.strip_suffix("’s"))
        .or_else(|| text.strip_suffix('\''))
        .or_else(|| text.strip_suffix('s'));
    match stripped {
        Some(base) if base.chars().count() >= 2 && known.contains(&base.to_lowercase()) => {
            base.to_string()
        }
        _ => text.to_string(),
    }
}

/// Merges mentions whose base forms are equal, ignoring case (`WikiLeaks`, `Wikileaks`).
fn link_equal_bases(bases: &[String], sets: &mut DisjointSets) {
    let lower: Vec<String> = bases.iter().map(|b| b.to_lowercase()).collect();
    for i in 0..lower.len() {
        if let Some(j) = (0..i).find(|&j| lower.get(j) == lower.get(i)) {
            sets.union(i, j);
        }
    }
}

/// Joins short forms to the longer name they abbreviate (rule 3 of the module doc).
fn link_short_forms(drafts: &[Draft], bases: &[String], sets: &mut DisjointSets) {
    let tokens: Vec<Vec<String>> =
        bases.iter().map(|b| b.split_whitespace().map(str::to_lowercase).collect()).collect();
    let mut index = ShortForms::new(drafts, &tokens);
    for (i, draft) in drafts.iter().enumerate() {
        let Some(short) = tokens.get(i) else { continue };
        let target = if draft.label == EntityKind::Per || short.len() == 1 {
            index.person_target(i, drafts, &tokens)
        } else {
            None
        };
        let target = target.or_else(|| index.same_kind_target(i, drafts, &tokens));
        if let Some(j) = target {
            sets.union(i, j);
        }
    }
}

/// The longer names of an article, indexed by their first and last words and by their
/// proper prefixes and suffixes, so a short form finds its full name without scanning
/// every mention: an article can repeat a name thousands of times.
struct ShortForms<'t> {
    /// Names of two or more words by last word, mention indices ascending.
    by_last: HashMap<&'t str, Vec<usize>>,
    /// The same, people only.
    people_by_last: HashMap<&'t str, Vec<usize>>,
    /// Names of two or more words by first word.
    by_first: HashMap<&'t str, Vec<usize>>,
    /// Mentions by label and a proper prefix or suffix of their words.
    by_part: HashMap<(EntityKind, &'t [String]), Vec<usize>>,
    /// [`unique_name`] answers already worked out, by first word or by label and words.
    first_answers: HashMap<&'t str, Option<usize>>,
    part_answers: HashMap<(EntityKind, &'t [String]), Option<usize>>,
}

impl<'t> ShortForms<'t> {
    fn new(drafts: &[Draft], tokens: &'t [Vec<String>]) -> ShortForms<'t> {
        let mut index = ShortForms {
            by_last: HashMap::new(),
            people_by_last: HashMap::new(),
            by_first: HashMap::new(),
            by_part: HashMap::new(),
            first_answers: HashMap::new(),
            part_answers: HashMap::new(),
        };
        for (j, (draft, words)) in drafts.iter().zip(tokens).enumerate() {
            if let (true, Some(first), Some(last)) = (words.len() > 1, words.first(), words.last())
            {
                index.by_last.entry(last.as_str()).or_default().push(j);
                index.by_first.entry(first.as_str()).or_default().push(j);
                if draft.label == EntityKind::Per {
                    index.people_by_last.entry(last.as_str()).or_default().push(j);
                }
            }
            for k in 1..words.len() {
                let (prefix, suffix) = (words.get(..k), words.get(words.len() - k..));
                for part in [prefix, suffix].into_iter().flatten() {
                    let list = index.by_part.entry((draft.label, part)).or_default();
                    if list.last() != Some(&j) {
                        list.push(j);
                    }
                }
            }
        }
        index
    }

    /// For a one-word mention: the nearest earlier (else later) PER name of more words
    /// ending with it (any longer name, if the one-word mention itself is tagged PER);
    /// failing that, for a PER mention, the one longer name starting with it (`Jonas` →
    /// `Jonas Krog`), if only one does.
    fn person_target(
        &mut self,
        i: usize,
        drafts: &[Draft],
        tokens: &'t [Vec<String>],
    ) -> Option<usize> {
        let [word] = tokens.get(i)?.as_slice() else { return None };
        let is_per = drafts.get(i).is_some_and(|d| d.label == EntityKind::Per);
        let by_last = if is_per { &self.by_last } else { &self.people_by_last };
        let ends = by_last.get(word.as_str()).map_or(&[][..], Vec::as_slice);
        let after = ends.partition_point(|&j| j < i);
        let earlier = after.checked_sub(1).and_then(|k| ends.get(k)).copied();
        let later = ends.get(after).filter(|&&j| j > i).copied();
        earlier.or(later).or_else(|| {
            if !is_per {
                return None;
            }
            let starts = self.by_first.get(word.as_str()).map_or(&[][..], Vec::as_slice);
            *self.first_answers.entry(word.as_str()).or_insert_with(|| unique_name(starts, tokens))
        })
    }

    /// For an organisation, place or other name: the one longer name of the same label
    /// that it is a token prefix or suffix of (`Region Syddanmark` for `Syddanmark`), but
    /// only if no other such name exists: with `Aarhus Kommune` and `Aarhus Universitet`,
    /// `Aarhus` stays.
    fn same_kind_target(
        &mut self,
        i: usize,
        drafts: &[Draft],
        tokens: &'t [Vec<String>],
    ) -> Option<usize> {
        let key = (drafts.get(i)?.label, tokens.get(i)?.as_slice());
        let candidates = self.by_part.get(&key).map_or(&[][..], Vec::as_slice);
        *self.part_answers.entry(key).or_insert_with(|| unique_name(candidates, tokens))
    }
}

/// The first candidate, if all candidates spell the same name.
fn unique_name(candidates: &[usize], tokens: &[Vec<String>]) -> Option<usize> {
    let first = *candidates.first()?;
    let all_same = candidates.iter().all(|&j| tokens.get(j) == tokens.get(first));
    all_same.then_some(first)
}

/// Gives every mention its entity's canonical form and majority label.
fn finish(drafts: Vec<Draft>, bases: &[String], sets: &mut DisjointSets) -> Vec<EntityMention> {
    let roots: Vec<usize> = (0..drafts.len()).map(|i| sets.find(i)).collect();
    // Each set's members (ascending) and then its name and label, worked out once per
    // set: an article can repeat one name thousands of times.
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (j, root) in roots.iter().enumerate() {
        members.entry(*root).or_default().push(j);
    }
    let named: HashMap<usize, (Option<String>, Option<EntityKind>)> = members
        .iter()
        .map(|(root, members)| {
            let name = canonical_form(members, bases, &drafts);
            (*root, (name, majority_label(members, &drafts)))
        })
        .collect();
    let mut out = Vec::with_capacity(drafts.len());
    for (draft, root) in drafts.iter().zip(&roots) {
        let (canonical, label) = named.get(root).cloned().unwrap_or((None, None));
        let canonical = canonical.unwrap_or_else(|| draft.text.clone());
        let label = label.unwrap_or(draft.label);
        out.push(EntityMention {
            text: draft.text.clone(),
            label,
            byte_start: draft.byte_start,
            byte_end: draft.byte_end,
            canonical,
        });
    }
    out
}

/// The fullest base form: most words, then most characters, then a form the tagger found
/// itself (`WikiLeaks` over the compound part `Wikileaks-`), then first in the text.
fn canonical_form(members: &[usize], bases: &[String], drafts: &[Draft]) -> Option<String> {
    let key = |j: usize| {
        let base = bases.get(j).map_or("", String::as_str);
        let is_tagged = drafts.get(j).is_some_and(|d| !d.is_guess);
        (base.split_whitespace().count(), base.chars().count(), is_tagged)
    };
    let mut best: Option<usize> = None;
    for &j in members {
        if best.is_none_or(|b| key(j) > key(b)) {
            best = Some(j);
        }
    }
    best.and_then(|j| bases.get(j).cloned())
}

/// The label most of the entity's tagged mentions carry; PER wins a tie it is part of,
/// otherwise the label seen first wins. Compound guesses vote only if nothing else does.
fn majority_label(members: &[usize], drafts: &[Draft]) -> Option<EntityKind> {
    let tagged: Vec<&Draft> =
        members.iter().filter_map(|&j| drafts.get(j)).filter(|d| !d.is_guess).collect();
    let voters: Vec<&Draft> = if tagged.is_empty() {
        members.iter().filter_map(|&j| drafts.get(j)).collect()
    } else {
        tagged
    };
    let count = |k: EntityKind| voters.iter().filter(|d| d.label == k).count();
    let top = EntityKind::ALL.iter().map(|&k| count(k)).max()?;
    if count(EntityKind::Per) == top {
        return Some(EntityKind::Per);
    }
    voters.iter().map(|d| d.label).find(|&k| count(k) == top)
}

/// Union-find over mention indices.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets { parent: (0..n).collect() }
    }

    fn find(&mut self, i: usize) -> usize {
        let mut root = i;
        while let Some(&p) = self.parent.get(root) {
            if p == root {
                break;
            }
            root = p;
        }
        if let Some(slot) = self.parent.get_mut(i) {
            *slot = root;
        }
        root
    }

    /// Joins the sets of `a` and `b`, keeping the smaller index (the earlier mention) as root.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        let (keep, drop) = if ra < rb { (ra, rb) } else { (rb, ra) };
        if let Some(slot) = self.parent.get_mut(drop) {
            *slot = keep;
        }
    }
}

/// A medium the model took for a place, a thing or a person (`(Ritzau)` at the end of
/// wire copy is tagged LOC by a model that never saw bylines; `Berlingske` looks like a
/// surname) is an organisation. A person keeps the label unless the name is on the media
/// list itself, since a pattern like `…posten` could be a surname.
fn media_kind(mention: &EntityMention) -> EntityKind {
    let name = &mention.canonical;
    match mention.label {
        EntityKind::Loc | EntityKind::Misc if is_medium_name(name) => EntityKind::Org,
        EntityKind::Per if is_listed_medium(name) => EntityKind::Org,
        kind => kind,
    }
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
    let occurrences = word_start_occurrences(text, &forms);
    let taken = TakenSpans::new(entities);
    let mut found: Vec<EntityMention> = Vec::new();
    // Spans of `found`, by start: they never overlap one another.
    let mut found_spans: BTreeMap<usize, usize> = BTreeMap::new();
    for ((form, label, canonical), starts) in forms.iter().zip(&occurrences) {
        let mut previous_end = 0;
        for &start in starts {
            if start < previous_end {
                continue;
            }
            previous_end = start + form.len();
            let end = start + form.len();
            let after = text.get(end..).unwrap_or("");
            let end = if after.starts_with('s')
                && !after.get(1..).unwrap_or("").starts_with(char::is_alphanumeric)
            {
                end + 1
            } else {
                end
            };
            let ends_word = !text.get(end..).unwrap_or("").starts_with(char::is_alphanumeric);
            let overlaps_found =
                found_spans.range(..end).next_back().is_some_and(|(_, &e)| start < e);
            if ends_word && !taken.overlaps(start, end) && !overlaps_found {
                found_spans.insert(start, end);
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

/// The spans of an article's mentions, for asking whether a new span overlaps any of
/// them in logarithmic time: sorted by start, with the largest end so far beside each.
pub(crate) struct TakenSpans {
    starts: Vec<usize>,
    max_ends: Vec<usize>,
}

impl TakenSpans {
    pub(crate) fn new(entities: &[EntityMention]) -> TakenSpans {
        let mut spans: Vec<(usize, usize)> =
            entities.iter().map(|m| (m.byte_start, m.byte_end)).collect();
        spans.sort_unstable();
        let starts = spans.iter().map(|s| s.0).collect();
        let max_ends = spans
            .iter()
            .scan(0, |max, s| {
                *max = (*max).max(s.1);
                Some(*max)
            })
            .collect();
        TakenSpans { starts, max_ends }
    }

    /// Whether some span `[s, e)` has `s < end` and `start < e`.
    pub(crate) fn overlaps(&self, start: usize, end: usize) -> bool {
        let before_end = self.starts.partition_point(|&s| s < end);
        before_end.checked_sub(1).and_then(|k| self.max_ends.get(k)).is_some_and(|&e| start < e)
    }
}

/// For each form, the byte offsets where it occurs at the start of a word (after a
/// character that is not a letter or digit), ascending. One pass over the text: each
/// word's leading run of letters and digits, with and without a genitive `s`, is looked up
/// among the forms' leading runs, instead of searching the text once per form.
fn word_start_occurrences(text: &str, forms: &[(String, EntityKind, String)]) -> Vec<Vec<usize>> {
    let leading_run = |s: &str| -> usize {
        s.char_indices().find(|(_, c)| !c.is_alphanumeric()).map_or(s.len(), |(i, _)| i)
    };
    let mut by_run: HashMap<&str, Vec<usize>> = HashMap::new();
    for (idx, (form, _, _)) in forms.iter().enumerate() {
        if let Some(run) = form.get(..leading_run(form)).filter(|r| !r.is_empty()) {
            by_run.entry(run).or_default().push(idx);
        }
    }
    let mut occurrences = vec![Vec::new(); forms.len()];
    // Every form starts with a capital (see `propagate_names`), so only capitalised word
    // starts can match.
    for start in capitalised_word_starts(text) {
        let rest = text.get(start..).unwrap_or("");
        let run = rest.get(..leading_run(rest)).unwrap_or("");
        for key in [Some(run), run.strip_suffix('s')].into_iter().flatten() {
            for &idx in by_run.get(key).into_iter().flatten() {
                let is_there =
                    forms.get(idx).is_some_and(|(form, _, _)| rest.starts_with(form.as_str()));
                if is_there && let Some(list) = occurrences.get_mut(idx) {
                    list.push(start);
                }
            }
        }
    }
    occurrences
}

/// Byte offsets of the capitalised letters that start a word (the character before is
/// not a letter or digit), ascending. Looks at bytes, not chars: only an ASCII capital or
/// the lead byte of a multi-byte char can start such a word, and everything else (most of
/// a text) is skipped without decoding. Name linking runs this over every article, where
/// a char-by-char scan was ≈ 5 % of extraction.
fn capitalised_word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter_map(move |(at, &byte)| {
        let starts_capital = if byte.is_ascii() {
            byte.is_ascii_uppercase()
        } else if byte >= 0xC0 {
            let c = text.get(at..).and_then(|rest| rest.chars().next());
            c.is_some_and(|c| c.is_alphanumeric() && c.is_uppercase())
        } else {
            false
        };
        let after_word = || text.get(..at).and_then(|before| before.chars().next_back());
        (starts_capital && !after_word().is_some_and(crate::scan::is_alphanumeric)).then_some(at)
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char scan [`capitalised_word_starts`] replaced, as the reference.
    fn word_starts_by_chars(text: &str) -> Vec<usize> {
        let mut found = Vec::new();
        let mut previous_is_alphanumeric = false;
        for (start, c) in text.char_indices() {
            let is_alphanumeric = c.is_alphanumeric();
            if is_alphanumeric && !previous_is_alphanumeric && c.is_uppercase() {
                found.push(start);
            }
            previous_is_alphanumeric = is_alphanumeric;
        }
        found
    }

    #[test]
    fn capitalised_word_starts_are_the_char_scans() {
        for text in [
            "Julian Assange mødte Ærø-Øen og ÅRHUS i går; élan Élise.",
            "»Det er Trump-administrationen«, siger 3M's chef. ÆØÅ æøå",
            "xÆble 2Øl ÅÅ ßẞ Ⓐb ǅx İstanbul",
            "",
        ] {
            let fast: Vec<usize> = capitalised_word_starts(text).collect();
            assert_eq!(fast, word_starts_by_chars(text), "{text}");
        }
    }

    /// The short-form rules as first written, scanning every mention: what the index
    /// must answer.
    fn person_target_scan(i: usize, drafts: &[Draft], tokens: &[Vec<String>]) -> Option<usize> {
        let short = tokens.get(i)?;
        if short.len() != 1 {
            return None;
        }
        let is_per = drafts.get(i).is_some_and(|d| d.label == EntityKind::Per);
        let is_full_per = |j: usize| {
            drafts.get(j).is_some_and(|d| d.label == EntityKind::Per || is_per)
                && tokens.get(j).is_some_and(|t| t.len() > short.len())
        };
        let ends_with = |j: usize| tokens.get(j).is_some_and(|t| t.ends_with(short));
        let earlier = (0..i).rev().find(|&j| is_full_per(j) && ends_with(j));
        let later = (i + 1..drafts.len()).find(|&j| is_full_per(j) && ends_with(j));
        earlier.or(later).or_else(|| {
            if !is_per {
                return None;
            }
            let starts: Vec<usize> = (0..drafts.len())
                .filter(|&j| is_full_per(j) && tokens.get(j).is_some_and(|t| t.starts_with(short)))
                .collect();
            unique_name(&starts, tokens)
        })
    }

    fn same_kind_target_scan(i: usize, drafts: &[Draft], tokens: &[Vec<String>]) -> Option<usize> {
        let label = drafts.get(i)?.label;
        let short = tokens.get(i)?;
        let candidates: Vec<usize> = (0..drafts.len())
            .filter(|&j| drafts.get(j).is_some_and(|d| d.label == label))
            .filter(|&j| {
                tokens.get(j).is_some_and(|t| {
                    t.len() > short.len() && (t.starts_with(short) || t.ends_with(short))
                })
            })
            .collect();
        unique_name(&candidates, tokens)
    }

    proptest::proptest! {
        #[test]
        fn indexed_short_forms_answer_as_the_scan_does(
            names in proptest::collection::vec(
                (0..4usize, proptest::collection::vec(0..4usize, 1..4)),
                0..24,
            )
        ) {
            const WORDS: [&str; 4] = ["anna", "holm", "lise", "berg"];
            let drafts: Vec<Draft> = names
                .iter()
                .map(|(label, _)| Draft {
                    byte_start: 0,
                    byte_end: 0,
                    text: String::new(),
                    label: EntityKind::ALL[*label],
                    is_guess: false,
                })
                .collect();
            let tokens: Vec<Vec<String>> = names
                .iter()
                .map(|(_, words)| words.iter().map(|w| WORDS[*w].to_string()).collect())
                .collect();
            let mut index = ShortForms::new(&drafts, &tokens);
            for i in 0..drafts.len() {
                proptest::prop_assert_eq!(
                    index.person_target(i, &drafts, &tokens),
                    person_target_scan(i, &drafts, &tokens)
                );
                proptest::prop_assert_eq!(
                    index.same_kind_target(i, &drafts, &tokens),
                    same_kind_target_scan(i, &drafts, &tokens)
                );
            }
        }
    }

    #[test]
    fn hyphenated_words_are_found_once_each_in_text_order() {
        let text = "Trump-administrationen og »Novo-aktien« steg, mens x-y-z-ordet - faldt.";
        let words: Vec<(usize, &str)> = hyphenated_words(text);
        let found: Vec<&str> = words.iter().map(|(_, w)| *w).collect();
        // A lone dash is a word of punctuation only: empty once trimmed, and never a name.
        assert_eq!(found, ["Trump-administrationen", "Novo-aktien«", "x-y-z-ordet", ""]);
        for (start, word) in &words {
            assert_eq!(text.get(*start..start + word.len()), Some(*word));
        }
    }

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
        assert_eq!(media_kind(&mention(EntityKind::Loc)), EntityKind::Org);
        assert_eq!(media_kind(&mention(EntityKind::Per)), EntityKind::Org);
        let surname =
            EntityMention { canonical: "Jens Holmposten".into(), ..mention(EntityKind::Per) };
        assert_eq!(media_kind(&surname), EntityKind::Per);
        let place = EntityMention { canonical: "Odense".into(), ..mention(EntityKind::Loc) };
        assert_eq!(media_kind(&place), EntityKind::Loc);
    }
}
