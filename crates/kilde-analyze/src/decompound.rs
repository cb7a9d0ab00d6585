//! Danish decompounding: `overvågningsrapporter` → `overvågning` + `rapporter`.
//!
//! Why hand-written: Lucene's and tantivy's compound filters match every dictionary
//! word found inside a token, so `is` finds `politiske` and `tal` finds `hospitalet`.
//! Danish compounds are not substrings but a sequence of *modifier forms* ending in a
//! *head*, and each modifier takes a particular linking element (`overvågning-s-`,
//! `skatte-`, `sygehus-`). The Apertium Danish analyser lists exactly those modifier
//! forms, so kilde splits only where the lexicon allows:
//!
//! 1. every non-final part is a listed modifier form (with its own linker);
//! 2. the final part is a full form the analyser accepts at the end of a compound;
//! 3. every part has at least [`MIN_PART_CHARS`] chars and none is a closed-class word
//!    (`for-svaret` is not *for* + *svaret*), so short spurious parts cannot appear;
//! 4. the split with the fewest parts wins (`rap` + `porter` loses to `rapporter`), then
//!    the one with the most frequent parts; it is used only when its parts are more
//!    frequent than the word as a whole (Koehn & Knight 2003, "Empirical methods for
//!    compound splitting"): `politiske` is more frequent than *politi* + *ske*;
//! 5. each part is split again by the same rules, so `sikkerhedsrådsmødet` gives
//!    `sikkerhedsråd`, `mødet`, and from the first part `sikkerhed` and `råd`.
//!
//! ```
//! use kilde_analyze::{Lexicon, split_compound};
//! let parts = split_compound("overvågningsrapporter", Lexicon::embedded()).unwrap();
//! assert_eq!(parts, ["overvågning", "rapporter"]);
//! assert_eq!(split_compound("politiske", Lexicon::embedded()), None);
//! ```

use crate::lexicon::{Entry, Lexicon};

/// The shortest part a compound may have, in chars; shorter ones are too often accidental.
pub const MIN_PART_CHARS: usize = 3;
/// The most parts one compound is split into.
const MAX_PARTS: usize = 4;
/// Score taken off for each part beyond two: prefer the simplest split that works.
const EXTRA_PART_PENALTY: f32 = 0.75;
/// Zipf used for a part the lexicon lists without a frequency.
const UNKNOWN_PART_ZIPF: f32 = 1.0;

/// The parts of a compound, each in its lemma form for modifiers (linker removed) and
/// as written for the head, then the parts of those parts; `None` when `word` (lower
/// case) is not a compound.
pub fn split_compound<'w>(word: &'w str, lexicon: &Lexicon) -> Option<Vec<&'w str>> {
    let top = split_once(word, lexicon)?;
    let mut parts = top.clone();
    for part in top {
        if let Some(sub_parts) = split_compound(part, lexicon) {
            parts.extend(sub_parts.into_iter().filter(|p| !parts.contains(p)).collect::<Vec<_>>());
        }
    }
    Some(parts)
}

/// The best top-level split of `word`, without looking inside its parts.
fn split_once<'w>(word: &'w str, lexicon: &Lexicon) -> Option<Vec<&'w str>> {
    if word.chars().count() < 2 * MIN_PART_CHARS {
        return None;
    }
    let mut memo = vec![None; word.len() + 1];
    let best = best_split(word, 0, lexicon, &mut memo, 0, 2)?;
    let whole_zipf = lexicon.entry(word).and_then(Entry::zipf);
    if whole_zipf.is_some_and(|zipf| zipf >= best.score()) {
        return None;
    }
    Some(best.parts.iter().map(|&(start, end)| &word[start..end]).collect())
}

/// One way to split a suffix of the word: lemma byte ranges and summed part Zipf.
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
}

/// The best split of `word[start..]` into modifiers and a head with at least
/// `min_parts` parts; memoised per start for `min_parts == 1`.
fn best_split(
    word: &str,
    start: usize,
    lexicon: &Lexicon,
    memo: &mut Vec<Option<Option<Candidate>>>,
    depth: usize,
    min_parts: usize,
) -> Option<Candidate> {
    let is_memoised = min_parts == 1;
    if let Some(known) = memo.get(start).filter(|_| is_memoised).and_then(Clone::clone) {
        return known;
    }
    let rest = word.get(start..)?;
    let mut best = lexicon
        .entry(rest)
        .filter(|e| min_parts == 1 && e.is_head() && usable_part(rest, *e))
        .map(|e| Candidate { parts: vec![(start, word.len())], zipf_sum: part_zipf(e) });
    if depth + 1 < MAX_PARTS {
        for (offset, _) in rest.char_indices().skip(MIN_PART_CHARS) {
            let mid = start + offset;
            let Some(modifier) = modifier_lemma(word, start, mid, lexicon) else { continue };
            let Some(tail) = best_split(word, mid, lexicon, memo, depth + 1, 1) else { continue };
            let mut parts = vec![modifier.0];
            parts.extend_from_slice(&tail.parts);
            let candidate = Candidate { parts, zipf_sum: modifier.1 + tail.zipf_sum };
            if best.as_ref().is_none_or(|b| candidate.is_better_than(b)) {
                best = Some(candidate);
            }
        }
    }
    if let Some(slot) = memo.get_mut(start).filter(|_| is_memoised) {
        *slot = Some(best.clone());
    }
    best
}

/// The lemma range and Zipf of `word[start..end]` when it is a usable modifier form.
fn modifier_lemma(
    word: &str,
    start: usize,
    end: usize,
    lexicon: &Lexicon,
) -> Option<((usize, usize), f32)> {
    let form = word.get(start..end)?;
    let entry = lexicon.entry(form).filter(|e| e.is_modifier() && usable_part(form, *e))?;
    let linker_bytes: usize =
        form.chars().rev().take(entry.linker_chars()).map(char::len_utf8).sum();
    let lemma_end = end - linker_bytes;
    let lemma = word.get(start..lemma_end)?;
    let zipf = lexicon.entry(lemma).map_or(part_zipf(entry), part_zipf).max(part_zipf(entry));
    Some(((start, lemma_end), zipf))
}

fn usable_part(form: &str, entry: Entry) -> bool {
    form.chars().count() >= MIN_PART_CHARS && !entry.is_closed_class()
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

    #[test]
    fn splits_compounds_with_linking_elements() {
        check("overvågningsrapporter", Some(&["overvågning", "rapporter"]));
        check("skattelettelser", Some(&["skatte", "lettelser"]));
        check("præsidentvalget", Some(&["præsident", "valget"]));
        check("sygehusbyggeriet", Some(&["sygehus", "byggeriet", "syge", "hus"]));
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
    fn never_panics_on_odd_input() {
        for word in ["", "æøå", "ååååååååå", "a-b-c-d-e-f", "123456789", "sss\u{301}sss"]
        {
            let _ = split_compound(word, Lexicon::embedded());
        }
    }
}
