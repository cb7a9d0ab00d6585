//! MinHash signatures of article text and their LSH band keys, for finding near-duplicate
//! articles (the same wire story reprinted with a new lead, cuts or small edits).
//!
//! Why hand-written: the method is a page of arithmetic, and kilde needs it reproducible
//! bit for bit across builds and machines (signatures are stored in the index), which rules out
//! `std`'s randomly seeded hashers and crates whose hash output may change between versions.
//!
//! **Method** (Broder 1997, "On the resemblance and containment of documents"; Leskovec,
//! Rajaraman, Ullman, *Mining of Massive Datasets*, ch. 3; Li & König 2010, "b-Bit
//! Minwise Hashing"):
//! 1. The text is split into paragraphs (at blank lines) and words (runs of letters and
//!    digits, lower-cased). Each paragraph gives the shingles of [`SHINGLE_WORDS`]
//!    consecutive words; a paragraph shorter than that is one shingle. Shingles do not
//!    cross paragraphs, so reordered paragraphs keep their shingles.
//! 2. Each shingle is hashed to 64 bits (FNV-1a per word, combined through the SplitMix64
//!    finaliser), and
//!    [`NUM_HASHES`] hash functions `h_i(x) = (a_i·x + b_i) >> 32` (multiply-shift, fixed
//!    seed) give one minimum each. Of every minimum the low 16 bits are kept (b-bit
//!    MinHash, b = 16): half the bytes of 32-bit values, at a chance collision rate of
//!    1/65536, which [`Signature::similarity`] corrects for.
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

/// Words per shingle. Three keeps a typo or a swapped word from touching more than three
/// shingles, while three-word sequences are rare enough that articles on one topic
/// share few of them.
pub const SHINGLE_WORDS: usize = 3;
/// Values in a signature: the standard error of the Jaccard estimate is
/// `sqrt(J(1 − J) / 128)`, at most 0.044.
pub const NUM_HASHES: usize = 128;
/// LSH bands, each [`ROWS`] values: 42 × 3 uses 126 of the 128 values.
pub const BANDS: usize = 42;
/// Values per band.
pub const ROWS: usize = 3;
/// Texts with fewer shingles get no signature: a handful of words is mostly a byline or a
/// caption, and the estimates would be too coarse to group on.
pub const MIN_SHINGLES: u32 = 5;
/// Changes whenever the shingling, hashing or banding changes, so that re-ingesting
/// replaces signatures made by an older build.
pub const MINHASH_VERSION: u32 = 1;

/// Bytes of [`Signature::to_bytes`]: the shingle count, then the values, little-endian.
const SIGNATURE_BYTES: usize = 4 + 2 * NUM_HASHES;
/// Chance that two unrelated 16-bit values are equal.
const CHANCE_EQUAL: f64 = 1.0 / 65536.0;
/// Seed of the hash family; fixed so signatures are the same on every machine.
const SEED: u64 = 0x6b69_6c64_6520_6d68; // "kilde mh"

/// The MinHash signature of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Low 16 bits of each hash function's minimum over the shingles.
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
    let family = hash_family();
    let mut minima = [u32::MAX; NUM_HASHES];
    for &x in &hashes {
        for (minimum, &(a, b)) in minima.iter_mut().zip(family.iter()) {
            let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
            *minimum = (*minimum).min(h);
        }
    }
    let mut values = [0u16; NUM_HASHES];
    for (value, minimum) in values.iter_mut().zip(minima) {
        *value = (minimum & 0xffff) as u16;
    }
    Some(Signature { values, shingles })
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
    for paragraph in paragraphs(text) {
        words.clear();
        words.extend(
            paragraph
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(hash_word),
        );
        if words.is_empty() {
            continue;
        }
        let width = SHINGLE_WORDS.min(words.len());
        hashes.extend(words.windows(width).map(hash_shingle));
    }
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// Paragraphs: text between blank lines (lines of only whitespace).
fn paragraphs(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut current = String::new();
    let mut lines = text.lines().map(Some).chain(std::iter::once(None));
    std::iter::from_fn(move || {
        for line in lines.by_ref() {
            match line {
                Some(line) if !line.trim().is_empty() => {
                    current.push_str(line);
                    current.push(' ');
                }
                _ if !current.is_empty() => return Some(std::mem::take(&mut current)),
                _ => {}
            }
        }
        None
    })
}

/// FNV-1a over the UTF-8 bytes of the lower-cased word, without allocating: each word is
/// hashed once and shared by the shingles it is part of.
fn hash_word(word: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buffer = [0u8; 4];
    for c in word.chars().flat_map(char::to_lowercase) {
        for &byte in c.encode_utf8(&mut buffer).as_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Combines the word hashes of one shingle, order-sensitive, through SplitMix64's
/// finaliser so that the low and high bits are both well mixed for the multiply-shift family.
fn hash_shingle(words: &[u64]) -> u64 {
    words.iter().fold(0x243f_6a88_85a3_08d3, |hash, &word| mix(hash ^ word))
}

/// SplitMix64's finaliser (Steele, Lea, Flood 2014).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The `(a, b)` pairs of the hash family, `a` odd, from SplitMix64 with [`SEED`].
fn hash_family() -> [(u64, u64); NUM_HASHES] {
    let mut state = SEED;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(state)
    };
    let mut family = [(0u64, 0u64); NUM_HASHES];
    for pair in family.iter_mut() {
        *pair = (next() | 1, next());
    }
    family
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Folketinget har vedtaget en ny klimalov med et bredt flertal.\n\n\
        Loven forpligter regeringen til at skære udledningen med 70 procent inden 2030.\n\n\
        Klimaministeren kalder det en historisk dag for dansk klimapolitik.\n\n\
        Enhedslisten og Venstre stemte også for loven, oplyser Ritzau.";

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

    #[test]
    fn keys_are_stable() {
        let keys = signature(WIRE).unwrap().band_keys();
        assert_eq!(keys.len(), BANDS);
        assert!(keys.iter().all(|k| k.len() == 2 + 4 * ROWS));
        assert_eq!(keys, signature(WIRE).unwrap().band_keys());
    }
}
