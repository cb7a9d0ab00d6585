//! Emission scores for tagging, summed once per distinct word instead of once per token.
//!
//! Why: a token's score for each label is the sum of the weight rows of ~26 hashed
//! features, and the weight table is far larger than the processor's cache, so tagging was
//! mostly waiting on memory. But every feature depends on at most one token (the token
//! itself, or one neighbour seen from a capitalised or lower-case token), except one that
//! depends only on three capitalisation codes. So each distinct word's partial sums — as
//! the token itself, and as each neighbour — are computed once per thread and reused, and a
//! token costs a cache look-up (and a second one, already in the processor's cache, to
//! borrow the rows) and six row additions. The sums are integers, so the result is exactly
//! the sum of the rows looked up one by one, in any order.

use std::cell::RefCell;

use hashbrown::HashTable;

use super::Label;
use super::features::{
    BOUNDARY_END, BOUNDARY_START, CAP_CODES, NEIGHBOUR_OFFSETS, Prepared, prepare,
    push_capitalisation_feature, push_intrinsic_features, push_neighbour_features,
};
use super::perceptron::NerModel;

const LABELS: usize = Label::COUNT;
type Row = [i32; LABELS];

/// Words one thread's cache holds before it starts over: the most a hash table of
/// 2^17 slots holds (7/8 of them), ~43 MB a thread. Start over, not evict: a full table
/// is emptied at the start of a sentence and refills with the words in use.
///
/// Why a hash table and not a direct-mapped array of 2^17 slots (what this was): in the
/// 100 MB benchmark corpus (68k distinct words) two words sharing a slot pushed each other
/// out 820k times, and a word's sums cost ~1.3 µs to compute; the table misses only the
/// first time a thread sees a word. Its control bytes (128 kB) stay in the processor's
/// cache, so a hit still reads one place in main memory.
const CAPACITY: usize = (1 << 17) / 8 * 7;

/// What one word adds to the scores of the tokens around it, by where it stands.
struct WordRows {
    is_capitalised: bool,
    /// As the token itself, not opening the sentence.
    itself: Row,
    /// As the token itself, opening the sentence: computed when first needed, because
    /// most words never open one.
    itself_first: Option<Row>,
    /// As the neighbour at −1 and +1, seen from a capitalised token (index 0) or a
    /// lower-case one (index 1): the adjacent word's gazetteer classes are paired with the
    /// token's capitalisation.
    adjacent: [[Row; 2]; 2],
    /// As the neighbour at −2 and +2, where only the word itself counts.
    distant: [Row; 2],
}

impl WordRows {
    /// The rows this word adds as the neighbour at `NEIGHBOUR_OFFSETS[offset]` of a token
    /// with capitalisation index `cap`.
    fn as_neighbour(&self, offset: usize, cap: usize) -> &Row {
        match offset {
            0 => &self.distant[0],
            1 => &self.adjacent[0][cap],
            2 => &self.adjacent[1][cap],
            _ => &self.distant[1],
        }
    }
}

struct Slot {
    hash: u64,
    word: SlotWord,
    rows: WordRows,
}

/// Bytes of a word kept inside its slot; longer words live on the heap.
const INLINE_WORD: usize = 22;

/// The word of a slot: inline when short (most words), so a hit reads one place in
/// memory instead of following a pointer to compare the word.
enum SlotWord {
    Inline { len: u8, bytes: [u8; INLINE_WORD] },
    Heap(Box<str>),
}

impl SlotWord {
    fn new(word: &str) -> SlotWord {
        let mut bytes = [0u8; INLINE_WORD];
        match (bytes.get_mut(..word.len()), u8::try_from(word.len())) {
            (Some(prefix), Ok(len)) => {
                prefix.copy_from_slice(word.as_bytes());
                SlotWord::Inline { len, bytes }
            }
            _ => SlotWord::Heap(word.into()),
        }
    }

    fn is(&self, word: &str) -> bool {
        match self {
            SlotWord::Inline { len, bytes } => {
                bytes.get(..usize::from(*len)) == Some(word.as_bytes())
            }
            SlotWord::Heap(boxed) => &**boxed == word,
        }
    }
}

/// One thread's cache, for one model at a time.
struct WordCache {
    model: u64,
    /// Most words it holds before it starts over.
    capacity: usize,
    slots: HashTable<Slot>,
    /// The neighbour rows of the missing tokens past either end of a sentence.
    boundary: [[Row; 2]; 4],
    /// Capitalisation feature rows by previous (`S`, `C`, `c`), own (`C`, `c`) and next
    /// (`E`, `C`, `c`) code.
    capitalisation: [[[Row; 3]; 2]; 3],
}

thread_local! {
    static WORD_CACHE: RefCell<Option<WordCache>> = const { RefCell::new(None) };
}

/// The emission scores of every token of a sentence, as [`NerModel`]'s features give them.
pub(super) fn emissions(model: &NerModel, tokens: &[&str]) -> Vec<[f32; LABELS]> {
    WORD_CACHE.with(|cell| {
        let mut cache = cell.borrow_mut();
        let cache = match &mut *cache {
            Some(cache) if cache.model == model.id() => cache,
            slot => slot.insert(WordCache::new(model, CAPACITY)),
        };
        cache.emissions(model, tokens)
    })
}

/// [`emissions`] of each sentence in turn, through one new cache that should hold at
/// most `capacity` words, and the most words it held: for testing the cache when full.
#[cfg(test)]
pub(super) fn emissions_through_small_cache(
    model: &NerModel,
    sentences: &[&[&str]],
    capacity: usize,
) -> (Vec<Vec<[f32; LABELS]>>, usize) {
    let mut cache = WordCache::new(model, capacity);
    let mut most_held = 0;
    let emissions = sentences
        .iter()
        .map(|tokens| {
            let emissions = cache.emissions(model, tokens);
            most_held = most_held.max(cache.slots.len());
            emissions
        })
        .collect();
    (emissions, most_held)
}

impl WordCache {
    fn new(model: &NerModel, capacity: usize) -> WordCache {
        let mut keys = Vec::with_capacity(8);
        let boundary = std::array::from_fn(|o| {
            std::array::from_fn(|c| {
                keys.clear();
                push_neighbour_features(None, NEIGHBOUR_OFFSETS[o], CAP_CODES[c], &mut keys);
                model.row_sum(&keys)
            })
        });
        let [capitalised, lower_case] = CAP_CODES;
        let previous = [BOUNDARY_START, capitalised, lower_case];
        let next = [BOUNDARY_END, capitalised, lower_case];
        let capitalisation = std::array::from_fn(|p| {
            std::array::from_fn(|c| {
                std::array::from_fn(|n| {
                    keys.clear();
                    push_capitalisation_feature(previous[p], CAP_CODES[c], next[n], &mut keys);
                    model.row_sum(&keys)
                })
            })
        });
        let slots = HashTable::with_capacity(capacity);
        WordCache { model: model.id(), capacity, slots, boundary, capitalisation }
    }

    /// The emission scores of `tokens`, one sentence.
    ///
    /// First every word missing from the cache is added (this also brings the cached ones
    /// in from memory, all at once, since the look-ups do not wait on each other), then
    /// the scores are summed from rows borrowed in place. A sentence longer than half the
    /// cache, which no real text has, is scored without it.
    fn emissions(&mut self, model: &NerModel, tokens: &[&str]) -> Vec<[f32; LABELS]> {
        if tokens.len() > self.capacity / 2 {
            return self.uncached_emissions(model, tokens);
        }
        if self.slots.len() + tokens.len() > self.capacity {
            self.slots.clear();
        }
        let hashes: Vec<u64> = tokens.iter().map(|t| fnv1a(t)).collect();
        for (token, &hash) in tokens.iter().zip(&hashes) {
            if self.slot(token, hash).is_none() {
                let rows = word_rows(model, &prepare(token, &model.lexicon));
                let slot = Slot { hash, word: SlotWord::new(token), rows };
                self.slots.insert_unique(hash, slot, |s| s.hash);
            }
        }
        if let (Some(token), Some(&hash)) = (tokens.first(), hashes.first()) {
            self.fill_itself_first(model, token, hash);
        }
        let words: Option<Vec<&WordRows>> = tokens
            .iter()
            .zip(&hashes)
            .map(|(token, &hash)| self.slot(token, hash).map(|s| &s.rows))
            .collect();
        match words {
            Some(words) => (0..words.len()).map(|idx| self.emission(model, &words, idx)).collect(),
            None => self.uncached_emissions(model, tokens),
        }
    }

    /// [`Self::emissions`] computing every word's rows anew.
    fn uncached_emissions(&self, model: &NerModel, tokens: &[&str]) -> Vec<[f32; LABELS]> {
        let mut words: Vec<WordRows> =
            tokens.iter().map(|t| word_rows(model, &prepare(t, &model.lexicon))).collect();
        if let (Some(word), Some(token)) = (words.first_mut(), tokens.first()) {
            word.itself_first = Some(itself_first_row(model, token));
        }
        let words: Vec<&WordRows> = words.iter().collect();
        (0..words.len()).map(|idx| self.emission(model, &words, idx)).collect()
    }

    /// The slot that holds `word` (whose [`fnv1a`] is `hash`), if it is cached.
    fn slot(&self, word: &str, hash: u64) -> Option<&Slot> {
        self.slots.find(hash, |s| s.hash == hash && s.word.is(word))
    }

    /// Computes the opening-token row of the cached `token` (the first of a sentence), if
    /// it is not there yet; `hash` is the token's [`fnv1a`].
    fn fill_itself_first(&mut self, model: &NerModel, token: &str, hash: u64) {
        let slot = self.slots.find_mut(hash, |s| s.hash == hash && s.word.is(token));
        if let Some(slot) = slot.filter(|s| s.rows.itself_first.is_none()) {
            slot.rows.itself_first = Some(itself_first_row(model, token));
        }
    }

    fn emission(&self, model: &NerModel, words: &[&WordRows], idx: usize) -> [f32; LABELS] {
        let Some(word) = words.get(idx).copied() else { return [0.0; LABELS] };
        let cap = cap_index(word.is_capitalised);
        let mut sum = match (idx, word.itself_first) {
            (0, Some(first)) => first,
            _ => word.itself,
        };
        let previous = idx.checked_sub(1).and_then(|p| words.get(p)).copied();
        let next = words.get(idx + 1).copied();
        let code = |w: Option<&WordRows>| w.map_or(0, |w| 1 + cap_index(w.is_capitalised));
        add(&mut sum, &self.capitalisation[code(previous)][cap][code(next)]);
        for (o, offset) in NEIGHBOUR_OFFSETS.into_iter().enumerate() {
            let row = match idx.checked_add_signed(offset).and_then(|n| words.get(n)) {
                Some(neighbour) => neighbour.as_neighbour(o, cap),
                None => &self.boundary[o][cap],
            };
            add(&mut sum, row);
        }
        model.scaled(sum)
    }
}

/// The row of `token`'s own features when it opens a sentence.
fn itself_first_row(model: &NerModel, token: &str) -> Row {
    let mut keys = Vec::with_capacity(24);
    push_intrinsic_features(&prepare(token, &model.lexicon), true, &mut keys);
    model.row_sum(&keys)
}

fn word_rows(model: &NerModel, word: &Prepared) -> WordRows {
    let mut keys = Vec::with_capacity(24);
    let mut sum_of = |push: &dyn Fn(&mut Vec<u32>)| {
        keys.clear();
        push(&mut keys);
        model.row_sum(&keys)
    };
    let itself = sum_of(&|keys| push_intrinsic_features(word, false, keys));
    let mut as_neighbour = |offset: isize, cap: &str| {
        sum_of(&|keys| push_neighbour_features(Some(word), offset, cap, keys))
    };
    let adjacent = [-1, 1].map(|offset| CAP_CODES.map(|cap| as_neighbour(offset, cap)));
    let distant = [-2, 2].map(|offset| as_neighbour(offset, CAP_CODES[0]));
    WordRows {
        is_capitalised: word.is_capitalised(),
        itself,
        itself_first: None,
        adjacent,
        distant,
    }
}

/// Index into [`CAP_CODES`].
fn cap_index(is_capitalised: bool) -> usize {
    usize::from(!is_capitalised)
}

fn add(sum: &mut Row, row: &Row) {
    for (s, w) in sum.iter_mut().zip(row) {
        *s += *w;
    }
}

/// The cache slot's hash of a word (equality is checked on the word itself).
fn fnv1a(word: &str) -> u64 {
    crate::fnv::fnv1a(word.as_bytes())
}
