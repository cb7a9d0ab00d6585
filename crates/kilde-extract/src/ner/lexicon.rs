//! Word lists baked into the model: gazetteer classes, "is a common word", and how
//! often a tagged corpus (PAROLE-DK) calls a word a proper noun.
//!
//! The lists help most on names the small Danish training set never shows, so they travel
//! inside the model file and inference needs nothing else. Words are stored as 32-bit
//! hashes of their lower-case form; a false hit is about one in ten thousand unknown words.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use super::features::hash_str;

/// The lower-case form is a common word (the word list has it in lower case).
pub const COMMON: u8 = 1;
/// The word list has it capitalised (a proper noun or abbreviation).
pub const DICT_CAPITALISED: u8 = 2;
/// Gazetteer: first name.
pub const PER_FIRST: u8 = 4;
/// Gazetteer: family name.
pub const PER_LAST: u8 = 8;
/// Gazetteer: place name.
pub const LOC: u8 = 16;
/// Gazetteer: organisation.
pub const ORG: u8 = 32;
/// Gazetteer: other name (`al` class).
pub const MISC: u8 = 64;
/// Gazetteer: one word of a multi-word name (`Islands` in `Islands Brygge`).
pub const NAME_PART: u8 = 128;
/// Gazetteer classes, for the genitive fallback.
const GAZETTEER: u8 = PER_FIRST | PER_LAST | LOC | ORG | MISC;

/// Sorted word hashes with their flag bits.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub(crate) keys: Vec<u32>,
    pub(crate) flags: Vec<u8>,
    /// Sorted word hashes of a tagged corpus's words, with how often the corpus tags
    /// them as proper nouns (classes as [`proper_noun_class`] gives them).
    pub(crate) proper_keys: Vec<u32>,
    pub(crate) proper_classes: Vec<u8>,
    /// Tells the thread's [`FlagCache`] which lexicon its entries came from.
    id: u64,
}

impl PartialEq for Lexicon {
    fn eq(&self, other: &Self) -> bool {
        self.keys == other.keys
            && self.flags == other.flags
            && self.proper_keys == other.proper_keys
            && self.proper_classes == other.proper_classes
    }
}

/// Source of lexicon ids; 0 is left for empty default lexicons.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Slots of the per-thread flag cache (a power of two).
const CACHE_SLOTS: usize = 1 << 16;

/// Recent lookups of one thread, direct-mapped by word hash: the lexicon's million keys
/// do not fit in the processor's cache, so every miss-and-search stalls on memory, while
/// news text spends most of its tokens on a few thousand words.
struct FlagCache {
    lexicon: u64,
    /// `(word hash, flags)`; hash 0 marks an empty slot (the hash is never 0).
    slots: Vec<(u32, u8)>,
}

thread_local! {
    static FLAG_CACHE: RefCell<FlagCache> =
        const { RefCell::new(FlagCache { lexicon: u64::MAX, slots: Vec::new() }) };
}

impl Lexicon {
    /// Builds the lexicon from the Apertium gazetteer TSV (`form, lemma, class, ...`) and a
    /// word list with one word per line. Multi-word gazetteer names are left out, because
    /// features look at one token at a time.
    pub fn from_sources(gazetteer_tsv: &str, word_list: &str) -> Lexicon {
        let mut entries: Vec<(u32, u8)> = Vec::new();
        for line in gazetteer_tsv.lines().skip(1) {
            let mut columns = line.split('\t');
            let (Some(form), Some(_), Some(class)) =
                (columns.next(), columns.next(), columns.next())
            else {
                continue;
            };
            let flag = match class {
                "ant" => PER_FIRST,
                "cog" => PER_LAST,
                "top" => LOC,
                "org" => ORG,
                "al" => MISC,
                _ => 0,
            };
            if flag != 0 && !form.contains(' ') {
                entries.push((hash_str(&form.to_lowercase()), flag));
            } else if flag != 0 {
                let parts =
                    form.split(' ').filter(|w| w.chars().next().is_some_and(char::is_uppercase));
                entries.extend(parts.map(|w| (hash_str(&w.to_lowercase()), NAME_PART)));
            }
        }
        for word in word_list.lines().map(str::trim).filter(|w| !w.is_empty()) {
            let is_lower = word.chars().next().is_some_and(char::is_lowercase);
            let flag = if is_lower { COMMON } else { DICT_CAPITALISED };
            entries.push((hash_str(&word.to_lowercase()), flag));
        }
        Lexicon::from_entries(entries)
    }

    /// A lexicon over sorted `keys` and their `flags`.
    pub(crate) fn new(keys: Vec<u32>, flags: Vec<u8>) -> Lexicon {
        Lexicon {
            keys,
            flags,
            proper_keys: Vec::new(),
            proper_classes: Vec::new(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Adds the proper-noun classes of words counted in a part-of-speech tagged corpus:
    /// `(lower-case word, times tagged as a proper noun, times seen)`.
    pub fn with_proper_nouns<'a>(
        self,
        counts: impl IntoIterator<Item = (&'a str, u32, u32)>,
    ) -> Lexicon {
        let entries = counts
            .into_iter()
            .map(|(word, proper, seen)| (hash_str(word), proper_noun_class(proper, seen)))
            .collect();
        self.with_proper_classes(entries)
    }

    /// Adds proper-noun classes by word hash, as a model file stores them.
    pub(crate) fn with_proper_classes(mut self, mut entries: Vec<(u32, u8)>) -> Lexicon {
        entries.sort_unstable();
        entries.dedup_by_key(|e| e.0);
        self.proper_keys = entries.iter().map(|e| e.0).collect();
        self.proper_classes = entries.iter().map(|e| e.1).collect();
        self.id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        self
    }

    /// The proper-noun class of a lower-case word: 0 when the corpus never saw it.
    pub fn proper_noun_class(&self, lower: &str) -> u8 {
        let key = hash_str(lower);
        interpolation_search(&self.proper_keys, key)
            .and_then(|idx| self.proper_classes.get(idx).copied())
            .unwrap_or(0)
    }

    pub(crate) fn from_entries(mut entries: Vec<(u32, u8)>) -> Lexicon {
        entries.sort_unstable();
        let mut lexicon = Lexicon::new(Vec::new(), Vec::new());
        for (key, flag) in entries {
            if lexicon.keys.last() == Some(&key) {
                if let Some(last) = lexicon.flags.last_mut() {
                    *last |= flag;
                }
            } else {
                lexicon.keys.push(key);
                lexicon.flags.push(flag);
            }
        }
        lexicon
    }

    /// Flag bits for a lower-case word; a genitive `-s` is stripped when the full form has
    /// no gazetteer class (`Aarhus'`, `Jensens`).
    pub fn lookup(&self, lower: &str) -> u8 {
        let key = hash_str(lower);
        FLAG_CACHE.with(|cell| {
            let Ok(mut cache) = cell.try_borrow_mut() else { return self.lookup_uncached(lower) };
            if cache.lexicon != self.id || cache.slots.is_empty() {
                cache.lexicon = self.id;
                cache.slots.clear();
                cache.slots.resize(CACHE_SLOTS, (0, 0));
            }
            let slot = key as usize & (CACHE_SLOTS - 1);
            match cache.slots.get(slot) {
                Some((cached, flags)) if *cached == key => *flags,
                _ => {
                    let flags = self.lookup_uncached(lower);
                    if let Some(entry) = cache.slots.get_mut(slot) {
                        *entry = (key, flags);
                    }
                    flags
                }
            }
        })
    }

    fn lookup_uncached(&self, lower: &str) -> u8 {
        let flags = self.flags_of(lower);
        if flags & GAZETTEER != 0 {
            return flags;
        }
        let stem = lower.strip_suffix('s').or_else(|| lower.strip_suffix('\''));
        match stem {
            Some(stem) if !stem.is_empty() => flags | (self.flags_of(stem) & GAZETTEER),
            _ => flags,
        }
    }

    fn flags_of(&self, lower: &str) -> u8 {
        let key = hash_str(lower);
        interpolation_search(&self.keys, key)
            .and_then(|idx| self.flags.get(idx).copied())
            .unwrap_or(0)
    }
}

/// The class of a word the corpus tagged `proper` times as a proper noun out of `seen`:
/// 1 never, 2 rarely (under a quarter), 3 sometimes, 4 mostly (three quarters or more);
/// +4 when seen fewer than three times, so a single sighting weighs less.
fn proper_noun_class(proper: u32, seen: u32) -> u8 {
    let share = f64::from(proper) / f64::from(seen.max(1));
    let band = if proper == 0 {
        1
    } else if share < 0.25 {
        2
    } else if share < 0.75 {
        3
    } else {
        4
    };
    if seen < 3 { band + 4 } else { band }
}

/// Position of `key` in sorted `keys`. The keys are hashes, so they are spread evenly
/// over `u32` and interpolating finds a key in two or three probes where a binary
/// search over a million keys takes twenty, each a cache miss: this lookup runs twice
/// per token of every article ingested.
pub(crate) fn interpolation_search(keys: &[u32], key: u32) -> Option<usize> {
    let (mut lo, mut hi) = (0usize, keys.len());
    while lo < hi {
        let (first, last) = (*keys.get(lo)?, *keys.get(hi - 1)?);
        if key < first || key > last {
            return None;
        }
        let span = u64::from(last - first);
        let offset =
            (u64::from(key - first) * (hi - 1 - lo) as u64).checked_div(span).unwrap_or(0) as usize;
        let mid = lo + offset;
        match keys.get(mid)?.cmp(&key) {
            std::cmp::Ordering::Equal => return Some(mid),
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: &str, expected: u8) {
        let gazetteer = "#form\tlemma\tclass\n\
            Aarhus\tAarhus\ttop\tLOC\tnp.top\nIslands Brygge\tIslands Brygge\ttop\tLOC\tnp.top\nJensen\tJensen\tcog\tPER-last\tnp.cog\n";
        let lexicon = Lexicon::from_sources(gazetteer, "hus\nbo\nBo\n");
        assert_eq!(lexicon.lookup(word), expected, "{word}");
    }

    #[test]
    fn interpolation_search_finds_what_binary_search_finds() {
        let keys: Vec<u32> = (0..5_000u32).map(|i| i.wrapping_mul(2_654_435_761) | 1).collect();
        let mut keys = keys;
        keys.sort_unstable();
        keys.dedup();
        for probe in keys.iter().copied().chain([0, 2, u32::MAX, 12_345]) {
            assert_eq!(interpolation_search(&keys, probe), keys.binary_search(&probe).ok());
        }
        assert_eq!(interpolation_search(&[], 7), None);
        assert_eq!(interpolation_search(&[7, 7, 7], 7).map(|i| i < 3), Some(true));
    }

    #[test]
    fn proper_noun_classes_follow_the_share_and_the_count() {
        assert_eq!(proper_noun_class(0, 10), 1);
        assert_eq!(proper_noun_class(1, 10), 2);
        assert_eq!(proper_noun_class(5, 10), 3);
        assert_eq!(proper_noun_class(10, 10), 4);
        assert_eq!(proper_noun_class(2, 2), 8);
        let lexicon = Lexicon::default().with_proper_nouns([("vejle", 7, 8), ("hus", 0, 40)]);
        assert_eq!(lexicon.proper_noun_class("vejle"), 4);
        assert_eq!(lexicon.proper_noun_class("hus"), 1);
        assert_eq!(lexicon.proper_noun_class("ukendt"), 0);
    }

    #[test]
    fn finds_classes_and_common_words() {
        check("brygge", NAME_PART);
        check("aarhus", LOC);
        check("jensens", PER_LAST);
        check("bo", COMMON | DICT_CAPITALISED);
        check("hus", COMMON);
        check("ukendt", 0);
    }
}
