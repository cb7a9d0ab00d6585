//! Emission scores for tagging, summed once per distinct word instead of once per token.
//!
//! Why: a token's score for each label is the sum of the weight rows of ~26 hashed
//! features, and the weight table is far larger than the processor's cache, so tagging was
//! mostly waiting on memory. But every feature depends on at most one token (the token
//! itself, or one neighbour seen from a capitalised or lower-case token), except one that
//! depends only on three capitalisation codes. So each distinct word's partial sums — as
//! the token itself, and as each neighbour — are computed once per thread and reused, and a
//! token costs one cache look-up and six row additions. The sums are integers, so the
//! result is exactly the sum of the rows looked up one by one, in any order.

use std::cell::RefCell;

use super::Label;
use super::features::{
    BOUNDARY_END, BOUNDARY_START, CAP_CODES, NEIGHBOUR_OFFSETS, Prepared, prepare,
    push_capitalisation_feature, push_intrinsic_features, push_neighbour_features,
};
use super::perceptron::NerModel;

const LABELS: usize = Label::COUNT;
type Row = [i32; LABELS];

/// Slots of one thread's word cache (a power of two): direct-mapped, so memory stays
/// bounded (~43 MB per thread) and a rare word simply replaces another. Measured in
/// the ingest with extraction (100 MB, two threads): 2^17 slots take 3.5 % less wall
/// time than 2^16 for +45 MB peak memory. 2^18 gained 2.5 % more in one pair of runs
/// and nothing in the next (differences of 2–3 % are within this machine's noise), for
/// +85 MB a thread.
const SLOTS: usize = 1 << 17;

/// What one word adds to the scores of the tokens around it, by where it stands.
#[derive(Clone)]
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
    slots: Vec<Option<Slot>>,
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
            slot => slot.insert(WordCache::new(model)),
        };
        let hashes: Vec<u64> = tokens.iter().map(|t| fnv1a(t)).collect();
        hashes.iter().for_each(|&hash| cache.touch(hash));
        let mut words: Vec<WordRows> =
            tokens.iter().zip(&hashes).map(|(t, &hash)| cache.rows(model, t, hash)).collect();
        if let (Some(word), Some(token), Some(&hash)) =
            (words.first_mut(), tokens.first(), hashes.first())
        {
            cache.fill_itself_first(model, word, token, hash);
        }
        (0..words.len()).map(|idx| cache.emission(model, &words, idx)).collect()
    })
}

impl WordCache {
    fn new(model: &NerModel) -> WordCache {
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
        let slots = std::iter::repeat_with(|| None).take(SLOTS).collect();
        WordCache { model: model.id(), slots, boundary, capitalisation }
    }

    /// The slot that holds `word` (whose [`fnv1a`] is `hash`), if it is cached.
    fn slot_mut(&mut self, word: &str, hash: u64) -> Option<&mut Slot> {
        let slot = self.slots.get_mut((hash as usize) & (SLOTS - 1))?.as_mut()?;
        (slot.hash == hash && slot.word.is(word)).then_some(slot)
    }

    /// Reads the slot of `hash` without using it, so that the memory loads of a whole
    /// sentence's slots run at once: one after another, each waiting on memory, they were
    /// half of the tagger's time in the cache.
    fn touch(&self, hash: u64) {
        if let Some(Some(slot)) = self.slots.get((hash as usize) & (SLOTS - 1)) {
            std::hint::black_box(slot.hash);
        }
    }

    fn rows(&mut self, model: &NerModel, word: &str, hash: u64) -> WordRows {
        if let Some(slot) = self.slot_mut(word, hash) {
            return slot.rows.clone();
        }
        let rows = word_rows(model, &prepare(word, &model.lexicon));
        if let Some(entry) = self.slots.get_mut((hash as usize) & (SLOTS - 1)) {
            *entry = Some(Slot { hash, word: SlotWord::new(word), rows: rows.clone() });
        }
        rows
    }

    /// Computes the opening-token row of `word` (the first token of a sentence) and keeps
    /// it in the cache as well; `hash` is the token's [`fnv1a`].
    fn fill_itself_first(&mut self, model: &NerModel, word: &mut WordRows, token: &str, hash: u64) {
        if word.itself_first.is_some() {
            return;
        }
        let mut keys = Vec::with_capacity(24);
        push_intrinsic_features(&prepare(token, &model.lexicon), true, &mut keys);
        let row = model.row_sum(&keys);
        word.itself_first = Some(row);
        if let Some(slot) = self.slot_mut(token, hash) {
            slot.rows.itself_first = Some(row);
        }
    }

    fn emission(&self, model: &NerModel, words: &[WordRows], idx: usize) -> [f32; LABELS] {
        let Some(word) = words.get(idx) else { return [0.0; LABELS] };
        let cap = cap_index(word.is_capitalised);
        let mut sum = match (idx, word.itself_first) {
            (0, Some(first)) => first,
            _ => word.itself,
        };
        let previous = idx.checked_sub(1).and_then(|p| words.get(p));
        let next = words.get(idx + 1);
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
