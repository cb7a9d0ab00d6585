//! Danish decompounding: `overvågningsrapporter` → `overvågning` + `rapporter`.
//!
//! Why hand-written: Lucene's and tantivy's compound filters match every dictionary
//! word found inside a token, so `is` finds `politiske` and `tal` finds `hospitalet`.
//! Danish compounds are not substrings but a sequence of *modifier forms* ending in a
//! *head*, and each modifier takes a particular linking element (`overvågning-s-`,
//! `folk-e-`, `sygehus-`). The Apertium Danish analyser and Stavekontrolden's Hunspell
//! dictionary list exactly those modifier forms, so kilde splits only where they allow:
//!
//! 1. every non-final part is a listed modifier form (with its own linker), and stands
//!    for its lemma (`arbejds-` for `arbejde`, `folke-` for `folk`);
//! 2. the final part is a noun or adjective form that may end a compound;
//! 3. every part has at least [`MIN_PART_CHARS`] chars; a modifier is no function word
//!    unless it is an adjective too (`for-svaret` is not *for* + *svaret*, but `let-bane`
//!    is a compound), and a head that is also a function word has four chars or more
//!    (`pleje-hjem`, not `ven-s-tre`);
//! 4. the split with the fewest parts wins (`rap` + `porter` loses to `rapporter`), then
//!    the one with the most frequent parts;
//! 5. each part is split again by the same rules, so `sikkerhedsrådsmødet` gives
//!    `sikkerhedsråd`, `mødet`, and from the first part `sikkerhed` and `råd`.
//!
//! These rules still allow accidental splits inside ordinary words, where a substring
//! happens to be a modifier and the rest happens to be a head. Four more rules stop them.
//! A word the dictionaries list is *lexicalised*; if they know its lemma, its parts are
//! those of its lemma, so all forms of a word split alike:
//!
//! 6. a lemma of at most [`MAX_WHOLE_LEMMA_CHARS`] chars is not split: short dictionary
//!    words are almost never transparent compounds (`lampe` is not *lam* + *pe*,
//!    `konsol` not *kon* + *sol*); nor is a verb form, because Danish compound verbs
//!    are particle verbs (`deltage` is not *del* + *tage*, roofs);
//! 7. the head of a lemma is itself a lemma of the same word class, because the head
//!    carries the compound's inflection: `passager` is not *pas* + *sager* (a plural);
//! 8. a word derived with a suffix (`-skab`, `-dom`, `-hed`, `-ing`, …) from a word the
//!    dictionaries know is split only inside its base, where the head is a derivation
//!    with the same suffix: `verdens` + `mesterskab` is a compound, but `venskab` is
//!    `ven` + the suffix `-skab` (not *skab*, a cupboard) and `vandring` is `vandre` +
//!    `-ing` (not *ring*);
//! 9. the parts must be more frequent than the whole ([`has_evidence`]): always for a
//!    lexicalised word, and for other words when a part is short.
//!
//! Names (`washington`), function words and comparatives (`nærmeste`) are never split. A
//! word no dictionary lists is split by rules 1–5, 8 and 9 alone: it is usually a
//! compound they did not list (`indbrudstyvene`).
//!
//! ```
//! use kilde_analyze::{Lexicon, split_compound};
//! let parts = split_compound("overvågningsrapporter", Lexicon::embedded()).unwrap();
//! assert_eq!(parts, ["overvågning", "rapporter"]);
//! assert_eq!(split_compound("politiske", Lexicon::embedded()), None);
//! ```

use crate::lexicon::{Entry, Lexicon, WordClasses};

/// The shortest part a compound may have, in chars; shorter ones are too often accidental.
pub const MIN_PART_CHARS: usize = 3;
/// Dictionary lemmas of at most this many chars are never split (rule 6).
pub const MAX_WHOLE_LEMMA_CHARS: usize = 6;
/// Parts this short need frequency evidence (rule 9).
const SHORT_PART_CHARS: usize = 3;
/// A lexicalised compound with a part this short gets no bonus in rule 9.
const SHORT_LEXICALISED_PART_CHARS: usize = 4;
/// The most parts one compound is split into.
const MAX_PARTS: usize = 4;
/// Score taken off for each part beyond two: prefer the simplest split that works.
const EXTRA_PART_PENALTY: f32 = 0.75;
/// Zipf used for a part the lexicon lists without a frequency.
const UNKNOWN_PART_ZIPF: f32 = 1.0;
/// Derivational suffixes that are also words (`skab`, `dom`, `hed`, `ring`, `ledning`,
/// `lig`, `bar`, `ende`) or end in one, so they look like compound heads (rule 8).
const DERIVATIONAL_SUFFIXES: [&str; 9] =
    ["skab", "dom", "hed", "ning", "ing", "else", "lig", "bar", "ende"];
/// Added to the parts' score of a lexicalised compound whose modifier is a free word
/// (rule 9).
const FREE_MODIFIER_BONUS: f32 = 0.5;

/// One part of a compound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompoundPart {
    /// The part as written, with its linking element (`overvågnings`); for the head of a
    /// lexicalised word, the head as written in the word (`ejerne`).
    pub written: String,
    /// What the part stands for: a modifier's lemma (`arbejds` → `arbejde`), the head's
    /// lemma for a lexicalised word, else the head as written (its lemmas are the head's).
    pub lemma: String,
    /// The final part of its compound.
    pub is_head: bool,
}

/// The parts of a compound, each in its lemma form for modifiers (linker removed) and
/// as written for the head, then the parts of those parts; `None` when `word` (lower
/// case) is not a compound. Parts the word does not spell out (`arbejds` stands for
/// `arbejde`) are given as written; [`compound_parts`] has their lemmas.
pub fn split_compound<'w>(word: &'w str, lexicon: &Lexicon) -> Option<Vec<&'w str>> {
    let parts = compound_parts(word, lexicon)?;
    let mut slices: Vec<&'w str> = Vec::with_capacity(parts.len());
    for part in &parts {
        let spelled = if part.is_head { &part.written } else { &part.lemma };
        let found = [spelled, &part.written, &part.lemma]
            .into_iter()
            .find_map(|text| word.find(text.as_str()).and_then(|at| word.get(at..at + text.len())));
        if let Some(slice) = found.filter(|s| !slices.contains(s)) {
            slices.push(slice);
        }
    }
    Some(slices)
}

/// The parts of a compound with their lemmas: the top-level split first, then the parts
/// of each part that is a compound itself; `None` when `word` (lower case) is not one.
pub fn compound_parts(word: &str, lexicon: &Lexicon) -> Option<Vec<CompoundPart>> {
    let top = split_top(word, lexicon)?;
    let mut parts = top.clone();
    for part in &top {
        for sub_part in compound_parts(&part.lemma, lexicon).unwrap_or_default() {
            if !parts.iter().any(|p| p.lemma == sub_part.lemma) {
                parts.push(sub_part);
            }
        }
    }
    Some(parts)
}

/// The best top-level split of `word`, without looking inside its parts.
fn split_top(word: &str, lexicon: &Lexicon) -> Option<Vec<CompoundPart>> {
    if word.chars().count() < 2 * MIN_PART_CHARS {
        return None;
    }
    match lexicon.entry(word) {
        Some(entry) if entry.is_closed_class() || entry.is_name_only() || entry.is_comparison() => {
            None
        }
        Some(entry) if entry.is_analysed() => split_lexicalised(word, lexicon),
        entry => {
            let split = best_split(word, 0, lexicon, &mut Memo::new(word, None), 0, 2)?;
            let &(head_start, _) = split.parts.last()?;
            if !respects_derivation(word, head_start, lexicon) {
                return None;
            }
            // A word the word lists know, though not its lemma, is lexicalised too.
            let is_listed = entry.is_some_and(Entry::is_common);
            let whole_zipf = entry.and_then(Entry::zipf);
            let has_evidence = has_evidence(&split, word, whole_zipf, is_listed, lexicon);
            has_evidence.then(|| split.into_parts(word, word, lexicon))
        }
    }
}

/// Rule 9 (Koehn & Knight 2003, "Empirical methods for compound splitting"): the
/// parts must be, on average, more frequent than the word as a whole. Short words turn
/// up by accident inside longer ones (`bil` + `lede` in `billede`, `cent` + `rum` in
/// `centrum`), so the test is asked of every lexicalised word, and of other words when
/// a part has at most [`SHORT_PART_CHARS`] chars. A lexicalised compound of long parts
/// whose modifier is a word in its own right (`stats-`, `udenrigs-`) gets
/// [`FREE_MODIFIER_BONUS`], because the whole of a well-worn compound like
/// `statsminister` is about as frequent as its parts; one that starts with a bound
/// prefix (`inter-`, `tekno-`) does not, so `international` stays whole.
fn has_evidence(
    split: &Candidate,
    word: &str,
    whole_zipf: Option<f32>,
    is_lexicalised: bool,
    lexicon: &Lexicon,
) -> bool {
    let Some(whole_zipf) = whole_zipf else { return true };
    let parts = || split.parts.iter().filter_map(|&(start, end)| word.get(start..end));
    let shortest = parts().map(|part| part.chars().count()).min().unwrap_or(0);
    if !is_lexicalised {
        return shortest > SHORT_PART_CHARS || split.score() > whole_zipf;
    }
    let is_free_modifier = parts()
        .next()
        .and_then(|first| lexicon.modifier_lemma(first))
        .is_some_and(|lemma| lexicon.entry(&lemma).is_some_and(Entry::is_analysed));
    let has_bonus = is_free_modifier && shortest > SHORT_LEXICALISED_PART_CHARS;
    split.score() + if has_bonus { FREE_MODIFIER_BONUS } else { 0.0 } > whole_zipf
}

/// Rules 6–9: split the word's lemma, then give the head as the word writes it.
fn split_lexicalised(word: &str, lexicon: &Lexicon) -> Option<Vec<CompoundPart>> {
    let lemmas = lexicon.lemmas(word);
    // A verb form is not split: Danish compound verbs are particle verbs (`deltage`,
    // `foretage`), and what follows the particle is no head (`tage`, roofs).
    if lemmas.iter().any(|l| l.classes.is_verb()) {
        return None;
    }
    let lemma = lemmas.into_iter().next()?;
    if lemma.text.chars().count() <= MAX_WHOLE_LEMMA_CHARS {
        return None;
    }
    let mut memo = Memo::new(&lemma.text, Some(lemma.classes));
    // Two parts at the top, modifier and head: a dictionary word that is a compound was
    // made of two words, each of which may be split again (rule 5).
    let split = best_split(&lemma.text, 0, lexicon, &mut memo, MAX_PARTS - 2, 2)?;
    let &(head_start, _) = split.parts.last()?;
    if !respects_derivation(&lemma.text, head_start, lexicon) {
        return None;
    }
    let whole_zipf =
        [word, &lemma.text].into_iter().filter_map(|w| lexicon.entry(w)?.zipf()).reduce(f32::max);
    if !has_evidence(&split, &lemma.text, whole_zipf, true, lexicon) {
        return None;
    }
    let word_head = word.strip_prefix(lemma.text.get(..head_start)?)?;
    let mut parts = split.into_parts(&lemma.text, &lemma.text, lexicon);
    if let Some(last) = parts.last_mut() {
        last.written = word_head.to_string();
    }
    Some(parts)
}

/// Rule 8: a derived lemma splits only inside its base, where the head is derived with
/// the same suffix, and only where the base itself may split: `virkelighed` is
/// `virkelig` + `-hed`, and `virkelig` is `virke` + `-lig`, so *virke* + *lighed* is
/// no split.
fn respects_derivation(lemma: &str, head_start: usize, lexicon: &Lexicon) -> bool {
    let Some((base, suffix)) = derivation(lemma, lexicon) else { return true };
    let Some(head) = lemma.get(head_start..) else { return false };
    head_start < base.len()
        && derivation(head, lexicon).is_some_and(|(_, head_suffix)| head_suffix == suffix)
        && respects_derivation(base, head_start, lexicon)
}

/// The base and suffix `word` is derived with, when the base is a lemma the lexicon knows,
/// possibly without its final `-e` (`ven` + `skab`, `vandr(e)` + `ing`). Before `-lig` the
/// base may end in `-s` (`sport(s)` + `lig`); before the others an `-s` is a linking
/// element, which makes a compound: `fængsels` + `dom`.
fn derivation<'w>(word: &'w str, lexicon: &Lexicon) -> Option<(&'w str, &'static str)> {
    DERIVATIONAL_SUFFIXES.into_iter().find_map(|suffix| {
        let base = word.strip_suffix(suffix).filter(|base| base.chars().count() >= 2)?;
        let is_known = is_lemma(base, lexicon)
            || is_lemma(&format!("{base}e"), lexicon)
            || (suffix == "lig" && base.strip_suffix('s').is_some_and(|b| is_lemma(b, lexicon)));
        is_known.then_some((base, suffix))
    })
}

fn is_lemma(word: &str, lexicon: &Lexicon) -> bool {
    lexicon.entry(word).is_some_and(|e| !e.lemma_classes().is_empty())
}

/// Best splits per start offset, and what the head must be.
struct Memo {
    best: Vec<Option<Option<Candidate>>>,
    /// When splitting a lemma: the head must be a lemma of one of these classes (rule 7).
    head_classes: Option<WordClasses>,
}

impl Memo {
    fn new(word: &str, head_classes: Option<WordClasses>) -> Memo {
        Memo { best: vec![None; word.len() + 1], head_classes }
    }
}

/// One way to split a suffix of the word: part byte ranges and summed part Zipf.
#[derive(Clone)]
struct Candidate {
    parts: Vec<(usize, usize)>,
    zipf_sum: f32,
}

impl Candidate {
    /// Fewer parts first, then more frequent parts.
    fn is_better_than(&self, other: &Candidate) -> bool {
        match self.parts.len().cmp(&other.parts.len()) {
            std::cmp::Ordering::Equal => self.score() > other.score(),
            fewer_or_more => fewer_or_more.is_lt(),
        }
    }

    fn score(&self) -> f32 {
        let count = self.parts.len() as f32;
        self.zipf_sum / count - EXTRA_PART_PENALTY * (count - 2.0).max(0.0)
    }

    /// The parts of `word` as written, with modifier lemmas; `lemma_word` is `word` or,
    /// for a lexicalised word, its lemma.
    fn into_parts(self, word: &str, lemma_word: &str, lexicon: &Lexicon) -> Vec<CompoundPart> {
        let last = self.parts.len().saturating_sub(1);
        let mut parts = Vec::with_capacity(self.parts.len());
        for (i, (start, end)) in self.parts.into_iter().enumerate() {
            let written = word.get(start..end).unwrap_or_default().to_string();
            let is_head = i == last;
            let lemma = if is_head {
                lemma_word.get(start..).unwrap_or_default().to_string()
            } else {
                lexicon.modifier_lemma(&written).unwrap_or_else(|| written.clone())
            };
            parts.push(CompoundPart { written, lemma, is_head });
        }
        parts
    }
}

/// The best split of `word[start..]` into modifiers and a head with at least
/// `min_parts` parts; memoised per start for `min_parts == 1`.
fn best_split(
    word: &str,
    start: usize,
    lexicon: &Lexicon,
    memo: &mut Memo,
    depth: usize,
    min_parts: usize,
) -> Option<Candidate> {
    let is_memoised = min_parts == 1;
    if let Some(known) = memo.best.get(start).filter(|_| is_memoised).and_then(Clone::clone) {
        return known;
    }
    let rest = word.get(start..)?;
    let mut best = lexicon
        .entry(rest)
        .filter(|e| min_parts == 1 && is_usable_head(rest, *e, memo.head_classes))
        .map(|e| Candidate { parts: vec![(start, word.len())], zipf_sum: part_zipf(e) });
    if depth + 1 < MAX_PARTS {
        for (offset, _) in rest.char_indices().skip(MIN_PART_CHARS) {
            let mid = start + offset;
            let Some(zipf) = modifier_zipf(word.get(start..mid)?, lexicon) else { continue };
            let Some(tail) = best_split(word, mid, lexicon, memo, depth + 1, 1) else { continue };
            let mut parts = vec![(start, mid)];
            parts.extend_from_slice(&tail.parts);
            let candidate = Candidate { parts, zipf_sum: zipf + tail.zipf_sum };
            if best.as_ref().is_none_or(|b| candidate.is_better_than(b)) {
                best = Some(candidate);
            }
        }
    }
    if let Some(slot) = memo.best.get_mut(start).filter(|_| is_memoised) {
        *slot = Some(best.clone());
    }
    best
}

/// A head may be a word that is also an adverb or preposition when it has four chars or
/// more (`pleje` + `hjem`, but not `ven-s` + `tre`).
fn is_usable_head(form: &str, entry: Entry, lemma_classes: Option<WordClasses>) -> bool {
    let is_lemma_head = match lemma_classes {
        None => true,
        Some(classes) => entry.lemma_classes().shares_class_with(classes),
    };
    let min_chars = if entry.is_closed_class() { MIN_PART_CHARS + 1 } else { MIN_PART_CHARS };
    entry.is_head() && is_lemma_head && form.chars().count() >= min_chars
}

/// The Zipf of a usable modifier form: that of its lemma or its own, whichever is higher,
/// but never that of a lemma which is also a function word (the preposition `mod` says
/// nothing about the noun `mod` in `mod-s-tand`). A modifier that is also an adverb,
/// preposition or the like must be an adjective too (`let` + `bane`, but not `for` +
/// `svaret`).
fn modifier_zipf(form: &str, lexicon: &Lexicon) -> Option<f32> {
    let is_open = |e: &Entry| !e.is_closed_class() || e.lemma_classes().is_adjective();
    let entry = lexicon
        .entry(form)
        .filter(|e| e.is_modifier() && form.chars().count() >= MIN_PART_CHARS && is_open(e))?;
    let lemma_zipf = lexicon
        .modifier_lemma(form)
        .and_then(|lemma| lexicon.entry(&lemma))
        .filter(|e| !e.is_closed_class())
        .map_or(UNKNOWN_PART_ZIPF, part_zipf);
    Some(lemma_zipf.max(part_zipf(entry)))
}

fn part_zipf(entry: Entry) -> f32 {
    entry.zipf().unwrap_or(UNKNOWN_PART_ZIPF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: &str, expected: Option<&[&str]>) {
        let parts = split_compound(word, Lexicon::embedded());
        assert_eq!(parts.as_deref(), expected, "{word}");
    }

    fn check_lemmas(word: &str, expected: &[&str]) {
        let parts = compound_parts(word, Lexicon::embedded()).unwrap_or_default();
        let lemmas: Vec<&str> = parts.iter().map(|p| p.lemma.as_str()).collect();
        assert_eq!(lemmas, expected, "{word}");
    }

    #[test]
    fn splits_compounds_with_linking_elements() {
        check("overvågningsrapporter", Some(&["overvågning", "rapporter"]));
        check("skattelettelser", Some(&["skat", "lettelser"]));
        check("præsidentvalget", Some(&["præsident", "valget"]));
    }

    #[test]
    fn modifiers_stand_for_their_lemma() {
        check_lemmas("arbejdsgiveren", &["arbejde", "giver"]);
        check_lemmas("hestevognen", &["hest", "vogn"]);
        check_lemmas("folkeskolerne", &["folk", "skole"]);
    }

    #[test]
    fn heads_of_lexicalised_words_are_lemmas() {
        let parts = compound_parts("husejerne", Lexicon::embedded()).unwrap();
        let head = parts.iter().find(|p| p.is_head).unwrap();
        assert_eq!((head.written.as_str(), head.lemma.as_str()), ("ejerne", "ejer"));
    }

    #[test]
    fn splits_parts_again() {
        let parts = split_compound("sikkerhedsrådsmødet", Lexicon::embedded()).unwrap();
        for part in ["sikkerhed", "råd", "mødet"] {
            assert!(parts.contains(&part), "{parts:?}");
        }
    }

    #[test]
    fn leaves_ordinary_words_whole() {
        check("politiske", None);
        check("krise", None);
        check("hospitalet", None);
        check("forsvaret", None);
        check("rapporter", None);
    }

    #[test]
    fn leaves_short_dictionary_words_whole() {
        check("konsollen", None);
        check("billedet", None);
        check("centrum", None);
    }

    #[test]
    fn heads_of_lemmas_are_lemmas() {
        check("passagererne", None);
    }

    #[test]
    fn derivations_are_not_compounds() {
        check("venskaber", None);
        check("sygdommene", None);
        check("vandringer", None);
        check("virkeligheden", None);
        check_lemmas("fængselsdommen", &["fængsel", "dom"]);
        check_lemmas("verdensmesterskaber", &["verden", "mesterskab"]);
    }

    #[test]
    fn verbs_names_and_function_words_are_not_split() {
        check("deltager", None);
        check("foretage", None);
        check("washington", None);
        check("hundrede", None);
        check("nærmeste", None);
    }

    #[test]
    fn bound_prefixes_need_frequency_evidence() {
        check("international", None);
        check("interessen", None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for word in ["", "æøå", "ååååååååå", "a-b-c-d-e-f", "123456789", "sss\u{301}sss"]
        {
            let _ = split_compound(word, Lexicon::embedded());
        }
    }
}
