//! MinHash signatures of article text and their LSH band keys, for finding near-duplicate
//! articles (the same wire story reprinted with a new lead, cuts or small edits).
//!
//! Why hand-written: the method is a page of arithmetic, and kilde needs it reproducible
//! bit for bit across builds and machines (signatures are stored in the index), which rules out
//! `std`'s randomly seeded hashers and crates whose hash output may change between versions.
//!
//! **Method** (Broder 1997, "On the resemblance and containment of documents"; Leskovec,
//! Rajaraman, Ullman, *Mining of Massive Datasets*, ch. 3; Li, Owen & Zhang 2012, "One
//! Permutation Hashing"; Shrivastava 2017, "Optimal Densification for Fast and Accurate
//! Minwise Hashing"; Li & König 2010, "b-Bit Minwise Hashing"):
//! 1. The text is split into paragraphs (at blank lines) and words (runs of letters and
//!    digits, lower-cased). Each paragraph gives the shingles of [`SHINGLE_WORDS`]
//!    consecutive words; a paragraph shorter than that is one shingle. Shingles do not
//!    cross paragraphs, so reordered paragraphs keep their shingles.
//! 2. Each shingle is hashed once to 64 bits (FNV-1a per word, combined through the
//!    SplitMix64 finaliser), and that one hash serves as one random permutation
//!    (one-permutation hashing): its top 7 bits put the shingle in one of [`NUM_HASHES`]
//!    bins, and each bin keeps the smallest hash that fell into it. Classic MinHash runs
//!    every shingle through 128 hash functions instead; one hash per shingle is what makes
//!    signing cheap. A bin that no shingle fell into borrows the minimum of another bin
//!    (optimal densification): the bins are probed in an order fixed by the empty bin's
//!    number alone, and the first filled one lends its minimum. Two texts probe in the same
//!    order, so a borrowed pair agrees exactly when the first bin drawn that is filled in
//!    either text is filled in both with the same minimum, which happens with probability
//!    equal to their Jaccard similarity, as for a pair of filled bins. Every empty bin
//!    draws its own probes, so different bins borrow independently, like separate hash
//!    functions (rotation densification, which borrows from the next filled bin, ties
//!    neighbouring bins together and is far noisier on short texts). That matters for
//!    kilde's texts: a 160-word article has about 160 shingles and leaves about 36 of the
//!    128 bins empty, a text at [`MIN_SHINGLES`] leaves at least 123. Each bin's value is
//!    then re-mixed together with its bin number, and
//!    the low 16 bits are kept (b-bit MinHash, b = 16): half the bytes of 32-bit values, at
//!    a chance collision rate of 1/65536, which [`Signature::similarity`] corrects for.
//!    The re-mix keeps those chance collisions independent across bins that borrowed the
//!    same minimum.
//! 3. The fraction of equal values estimates the Jaccard similarity of the shingle sets.
//!    With the number of shingles stored beside the values, it also estimates the
//!    *containment* `|A ∩ B| / min(|A|, |B|)`: a copy with a new first paragraph, or one
//!    with its last paragraphs cut, has a modest Jaccard but a containment near 1.
//! 4. [`BANDS`] bands of [`ROWS`] values each: two texts with equal values in any band are
//!    candidates (the grouping pass sorts the signatures by each band in turn). A pair with Jaccard `s` shares a band with
//!    probability `1 − (1 − s^ROWS)^BANDS`: 0.94 at s = 0.4, 0.996 at s = 0.5, and below
//!    0.005 at s = 0.05, where unrelated articles on one topic sit.
//!
//! Parameters were chosen on the dev half of the evaluation set (see `docs/quality.md`).
//!
//! **Invariants:** no I/O, no panic on any text, the same text always gives the same
//! signature and keys.
//!
//! ```
//! use kilde_extract::minhash::signature;
//!
//! let wire = "Regeringen vil bygge ti nye sygehuse i Jylland inden 2030.\n\n\
//!             Det oplyser sundhedsministeren til Ritzau tirsdag.";
//! let reprint = "Regeringen vil bygge ti nye sygehuse i Jylland inden 2030.\n\n\
//!                Det oplyser sundhedsministeren til Berlingske tirsdag.";
//! let (a, b) = (signature(wire).unwrap(), signature(reprint).unwrap());
//! assert!(a.similarity(&b).jaccard > 0.4);
//! assert_eq!(a.band_keys().len(), kilde_extract::minhash::BANDS);
//! ```

use crate::fnv::Fnv1a;

/// Words per shingle. Three keeps a typo or a swapped word from touching more than three
/// shingles, while three-word sequences are rare enough that articles on one topic
/// share few of them.
pub const SHINGLE_WORDS: usize = 3;
/// Values in a signature, one per bin of one-permutation hashing (a power of two: the top
/// bits of a shingle's hash pick its bin). The standard error of the Jaccard estimate is
/// about `sqrt(J(1 − J) / 128)`, at most 0.044, as with 128 hash functions: up to a sixth
/// lower for texts of one or two hundred shingles, and up to a quarter higher for texts of
/// a few dozen shingles or fewer, where two shingles that share a bin leave one of them
/// unseen.
pub const NUM_HASHES: usize = 128;
/// LSH bands, each [`ROWS`] values: 42 × 3 uses 126 of the 128 values.
pub const BANDS: usize = 42;
/// Values per band.
pub const ROWS: usize = 3;
/// Texts with fewer shingles get no signature: a handful of words is mostly a byline or a
/// caption, and the estimates would be too coarse to group on. From 5 shingles on, the
/// possible Jaccard values of two texts lie further apart (0, 1/9, 1/4, 3/7 … for two
/// texts of 5) than the estimate's standard error (about 0.05 there, with most bins
/// borrowed).
pub const MIN_SHINGLES: u32 = 5;
/// Changes whenever the shingling, hashing or banding changes; it is part of each signed
/// article's content hash, so that re-ingesting replaces signatures made by an older build.
/// Signatures of two versions must never be compared (their values mean different
/// things), so a change here also bumps the index schema version in `kilde-index`, which
/// refuses an index written with the old one. Version 1 was 128 multiply-shift hash
/// functions; version 2 is one-permutation hashing with densification.
pub const MINHASH_VERSION: u32 = 2;

/// Bytes of [`Signature::to_bytes`]: the shingle count, then the values, little-endian.
const SIGNATURE_BYTES: usize = 4 + 2 * NUM_HASHES;
/// Chance that two unrelated 16-bit values are equal.
const CHANCE_EQUAL: f64 = 1.0 / 65536.0;
/// Seed of the probe orders of empty bins; fixed so signatures are the same on every machine.
const SEED: u64 = 0x6b69_6c64_6520_6d68; // "kilde mh"
/// Bits of a shingle's hash that pick its bin: the top 7 of 64 for 128 bins.
const BIN_BITS: u32 = NUM_HASHES.trailing_zeros();
const _: () = assert!(NUM_HASHES.is_power_of_two() && NUM_HASHES <= 128);
/// Hashed probes an empty bin makes before it sweeps the bins in order. Enough that the
/// sweep is all but never reached (a text of 5 shingles misses with all of them with
/// probability about `(123/128)^512`, below 10⁻⁸); it only bounds the work for a text
/// whose shingles all fell into one or two bins.
const PROBES: u64 = 4 * NUM_HASHES as u64;
/// SplitMix64's increment (the golden ratio in 64 bits): steps the probe sequences and
/// keys the re-mix of each bin's value by its bin number.
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// The MinHash signature of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// One value per bin: the low 16 bits of its minimum (or the one it borrowed),
    /// re-mixed with the bin number.
    pub values: [u16; NUM_HASHES],
    /// Distinct shingles in the text, for the containment estimate.
    pub shingles: u32,
}

/// How alike two texts are, estimated from their signatures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// Estimated Jaccard similarity of the shingle sets, 0..=1.
    pub jaccard: f64,
    /// Estimated share of the smaller text's shingles found in the other, 0..=1.
    pub containment: f64,
}

/// The signature of `text`, or `None` when it has fewer than [`MIN_SHINGLES`] shingles.
pub fn signature(text: &str) -> Option<Signature> {
    let hashes = shingle_hashes(text);
    let shingles = u32::try_from(hashes.len()).unwrap_or(u32::MAX);
    if shingles < MIN_SHINGLES {
        return None;
    }
    Some(Signature { values: one_permutation(&hashes), shingles })
}

/// Step 2 of the method: each bin's minimum over the shingle hashes, empty bins filled
/// by densification, each value re-mixed with its bin number and cut to 16 bits. All
/// values are zero when there are no hashes (never the case for a signed text).
fn one_permutation(hashes: &[u64]) -> [u16; NUM_HASHES] {
    let mut minima = [u64::MAX; NUM_HASHES];
    // Bit `b` set: bin `b` holds a shingle. Kept apart from `minima` because a hash may
    // itself be `u64::MAX`.
    let mut filled: u128 = 0;
    for &hash in hashes {
        let bin = (hash >> (64 - BIN_BITS)) as usize;
        minima[bin] = minima[bin].min(hash);
        filled |= 1 << bin;
    }
    let mut values = [0u16; NUM_HASHES];
    if filled == 0 {
        return values;
    }
    for (bin, value) in values.iter_mut().enumerate() {
        let source = if filled >> bin & 1 == 1 { bin } else { lender(filled, bin) };
        // Re-mixed with the bin number: a minimum lent to several bins would otherwise
        // repeat there, and so would a chance 16-bit collision with another text, against
        // the independence that `CHANCE_EQUAL` assumes.
        let keyed = minima[source].wrapping_add(GOLDEN.wrapping_mul(bin as u64 + 1));
        *value = (mix(keyed) & 0xffff) as u16;
    }
    values
}

/// The filled bin whose minimum the empty bin `bin` borrows (optimal densification,
/// Shrivastava 2017): bins drawn uniformly by a hash of `bin` and the attempt number,
/// the first filled one wins. The draws depend on the bin number alone, never on the
/// text, which is what makes two texts borrow alike: they stop at the same bin whenever
/// the first bin drawn that is filled in either text is filled in both. Uniform draws for
/// each empty bin of its own (rather than the next filled bin to the right, as in
/// rotation densification) keep the borrowed values independent, which short texts with
/// most bins empty need. Past [`PROBES`] draws the bins
/// are swept in order, so the search always ends (`filled` must not be zero).
fn lender(filled: u128, bin: usize) -> usize {
    let mut state = mix(SEED ^ bin as u64);
    let drawn = (0..PROBES).map(|_| {
        state = state.wrapping_add(GOLDEN);
        (mix(state) >> (64 - BIN_BITS)) as usize
    });
    let swept = (1..=NUM_HASHES).map(|step| (bin + step) % NUM_HASHES);
    drawn.chain(swept).find(|&candidate| filled >> candidate & 1 == 1).unwrap_or(bin)
}

impl Signature {
    /// One key per band as text: the band number and its values in hex (`"07" + 3 × 4
    /// digits`), for logs and for checking by eye which bands two signatures share.
    pub fn band_keys(&self) -> Vec<String> {
        self.values
            .chunks_exact(ROWS)
            .take(BANDS)
            .enumerate()
            .map(|(band, rows)| {
                let mut key = format!("{band:02x}");
                for value in rows {
                    key.push_str(&format!("{value:04x}"));
                }
                key
            })
            .collect()
    }

    /// Estimated Jaccard similarity and containment of the two texts' shingle sets.
    pub fn similarity(&self, other: &Signature) -> Similarity {
        let equal = self.values.iter().zip(other.values.iter()).filter(|(a, b)| a == b).count();
        let share = equal as f64 / NUM_HASHES as f64;
        let jaccard = ((share - CHANCE_EQUAL) / (1.0 - CHANCE_EQUAL)).clamp(0.0, 1.0);
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        // |A ∩ B| = J (|A| + |B|) / (1 + J), from J = |A ∩ B| / (|A| + |B| − |A ∩ B|).
        let common = jaccard * (a + b) / (1.0 + jaccard);
        let containment = (common / a.min(b).max(1.0)).min(1.0);
        Similarity { jaccard, containment }
    }

    /// The signature as stored in the index: shingle count, then values, little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(SIGNATURE_BYTES);
        bytes.extend_from_slice(&self.shingles.to_le_bytes());
        for value in self.values {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes
    }

    /// Reads [`to_bytes`](Self::to_bytes) output; `None` for bytes of another length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != SIGNATURE_BYTES {
            return None;
        }
        let (count, rest) = bytes.split_at(4);
        let shingles = u32::from_le_bytes(count.try_into().ok()?);
        let mut values = [0u16; NUM_HASHES];
        for (value, pair) in values.iter_mut().zip(rest.chunks_exact(2)) {
            *value = u16::from_le_bytes([pair[0], pair[1]]);
        }
        Some(Signature { values, shingles })
    }
}

/// The distinct 64-bit hashes of the text's shingles, sorted.
fn shingle_hashes(text: &str) -> Vec<u64> {
    let mut hashes = Vec::new();
    let mut words: Vec<u64> = Vec::new();
    // Paragraphs are runs of lines between blank lines (lines of only whitespace); a
    // line break separates words like any other non-alphanumeric character, so each
    // paragraph's words are its lines' words in order, taken without copying the text.
    let mut end_paragraph = |words: &mut Vec<u64>| {
        if !words.is_empty() {
            let width = SHINGLE_WORDS.min(words.len());
            hashes.extend(words.windows(width).map(hash_shingle));
            words.clear();
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            end_paragraph(&mut words);
            continue;
        }
        words.extend(
            line.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(hash_word),
        );
    }
    end_paragraph(&mut words);
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// FNV-1a over the UTF-8 bytes of the lower-cased word, without allocating: each word is
/// hashed once and shared by the shingles it is part of.
fn hash_word(word: &str) -> u64 {
    let mut hash = Fnv1a::new();
    if word.is_ascii() {
        // Most words: ASCII lower-casing gives the same bytes as `char::to_lowercase`.
        word.bytes().for_each(|byte| hash.byte(byte.to_ascii_lowercase()));
    } else {
        let mut buffer = [0u8; 4];
        for c in word.chars().flat_map(char::to_lowercase) {
            hash.bytes(c.encode_utf8(&mut buffer).as_bytes());
        }
    }
    hash.finish()
}

/// Combines the word hashes of one shingle, order-sensitive, through SplitMix64's
/// finaliser so that all bits are well mixed: the top ones pick the shingle's bin, and the
/// order of the whole hash is the one random permutation of one-permutation hashing.
fn hash_shingle(words: &[u64]) -> u64 {
    words.iter().fold(0x243f_6a88_85a3_08d3, |hash, &word| mix(hash ^ word))
}

/// SplitMix64's finaliser (Steele, Lea, Flood 2014).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Folketinget har vedtaget en ny klimalov med et bredt flertal.\n\n\
        Loven forpligter regeringen til at skære udledningen med 70 procent inden 2030.\n\n\
        Klimaministeren kalder det en historisk dag for dansk klimapolitik.\n\n\
        Enhedslisten og Venstre stemte også for loven, oplyser Ritzau.";

    /// Shingle hashes as first defined: paragraphs copied out with their lines joined,
    /// every character lower-cased through `char::to_lowercase`. The fast paths must give
    /// the same hashes, or stored signatures would stop matching new ones.
    fn reference_shingle_hashes(text: &str) -> Vec<u64> {
        let word_hash = |word: &str| {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            lower.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
            })
        };
        let mut hashes = Vec::new();
        let mut paragraph = String::new();
        for line in text.lines().map(Some).chain([None]) {
            match line {
                Some(line) if !line.trim().is_empty() => {
                    paragraph.push_str(line);
                    paragraph.push(' ');
                }
                _ => {
                    let words: Vec<u64> = paragraph
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .map(word_hash)
                        .collect();
                    let width = SHINGLE_WORDS.min(words.len()).max(1);
                    hashes.extend(words.windows(width).map(hash_shingle));
                    paragraph.clear();
                }
            }
        }
        hashes.sort_unstable();
        hashes.dedup();
        hashes
    }

    #[test]
    fn fast_shingle_hashing_equals_the_definition() {
        for text in [
            WIRE,
            "ÆBLER og Østers i ÅRHUS\r\nstiger i pris.\r\n\r\n  \n---\n\nİstanbul ẞTRASSE",
            "Ét ord",
            "",
        ] {
            assert_eq!(shingle_hashes(text), reference_shingle_hashes(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_shingle_hashing_equals_the_definition_on_any_text(
            text in "[a-zA-ZæøåÆØÅéİẞ0-9 ,.\n\r-]{0,200}"
        ) {
            proptest::prop_assert_eq!(shingle_hashes(&text), reference_shingle_hashes(&text));
        }
    }

    fn check(a: &str, b: &str, at_least_jaccard: f64, at_least_containment: f64) {
        let (a, b) = (signature(a).unwrap(), signature(b).unwrap());
        let similarity = a.similarity(&b);
        assert!(similarity.jaccard >= at_least_jaccard, "{similarity:?}");
        assert!(similarity.containment >= at_least_containment, "{similarity:?}");
    }

    #[test]
    fn identical_texts_are_equal() {
        check(WIRE, WIRE, 1.0, 1.0);
    }

    #[test]
    fn reordered_paragraphs_keep_their_shingles() {
        let mut reordered: Vec<&str> = WIRE.split("\n\n").collect();
        reordered.reverse();
        check(WIRE, &reordered.join("\n\n"), 1.0, 1.0);
    }

    #[test]
    fn cut_copy_is_contained() {
        let cut: Vec<&str> = WIRE.split("\n\n").take(2).collect();
        check(WIRE, &cut.join("\n\n"), 0.3, 0.8);
    }

    #[test]
    fn unrelated_texts_differ() {
        let other = "Odense Zoo har fået to nye giraffer fra en park i Sverige. \
                     Dyrene skal vænne sig til staldene inden de kommer ud.";
        let (a, b) = (signature(WIRE).unwrap(), signature(other).unwrap());
        assert!(a.similarity(&b).jaccard < 0.1);
    }

    #[test]
    fn short_text_has_no_signature() {
        assert_eq!(signature("Af Ritzau"), None);
        assert_eq!(signature(""), None);
    }

    #[test]
    fn bytes_round_trip() {
        let signature = signature(WIRE).unwrap();
        assert_eq!(Signature::from_bytes(&signature.to_bytes()), Some(signature));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }

    /// Random 64-bit values standing in for shingle hashes (SplitMix64, fixed seed).
    fn random_hashes(state: &mut u64, count: usize) -> Vec<u64> {
        (0..count)
            .map(|_| {
                *state = state.wrapping_add(GOLDEN);
                mix(*state)
            })
            .collect()
    }

    /// Densification keeps the estimate unbiased where it matters most: short texts whose
    /// bins are mostly borrowed. Two sets of `size` hashes sharing `shared`, 300 times.
    #[test]
    fn estimate_is_unbiased_for_short_and_long_texts() {
        let mut state = 7;
        for (size, shared) in [(5, 2), (5, 3), (20, 10), (160, 60), (1000, 500)] {
            let jaccard = shared as f64 / (2 * size - shared) as f64;
            let mut sum = 0.0;
            for _ in 0..300 {
                let common = random_hashes(&mut state, shared);
                let mut a = random_hashes(&mut state, size - shared);
                let mut b = random_hashes(&mut state, size - shared);
                a.extend_from_slice(&common);
                b.extend_from_slice(&common);
                let sign = |hashes: &[u64]| Signature {
                    values: one_permutation(hashes),
                    shingles: hashes.len() as u32,
                };
                sum += sign(&a).similarity(&sign(&b)).jaccard;
            }
            let mean = sum / 300.0;
            assert!((mean - jaccard).abs() < 0.01, "{size} {shared}: {mean:.4} for {jaccard:.4}");
        }
    }

    #[test]
    fn empty_bins_always_find_a_lender() {
        for only in [0, 1, 64, 127] {
            let filled = 1u128 << only;
            assert!((0..NUM_HASHES).all(|bin| bin == only || lender(filled, bin) == only));
        }
        assert_eq!(one_permutation(&[]), [0; NUM_HASHES]);
    }

    /// Signatures are stored in indexes: any change to these values needs a new
    /// `MINHASH_VERSION` (and index schema version).
    #[test]
    fn values_are_pinned() {
        let values = signature(WIRE).unwrap().values;
        assert_eq!(values[..6], [12954, 38181, 57601, 4501, 64817, 30080]);
    }

    #[test]
    fn keys_are_stable() {
        let keys = signature(WIRE).unwrap().band_keys();
        assert_eq!(keys.len(), BANDS);
        assert!(keys.iter().all(|k| k.len() == 2 + 4 * ROWS));
        assert_eq!(keys, signature(WIRE).unwrap().band_keys());
    }
}
