//! [`Lexicon`]: the Danish word list that ships inside the binary (`data/da-lexicon.fst`).
//!
//! Built by `cargo run -p xtask -- lexicon` from the Apertium Danish analyser (full forms
//! and compound-left forms), wdanish, wordfreq and word counts of real Danish news text,
//! all under `../shared/data` (see the README for sources and licences). One `fst` map
//! from lower-case form to a packed [`Entry`]; lookups are a few hundred nanoseconds and
//! the map is used straight from the static bytes, so loading costs nothing.

use std::sync::OnceLock;

use crate::Error;

static EMBEDDED_LEXICON: &[u8] = include_bytes!("../data/da-lexicon.fst");

/// What the lexicon knows about one lower-case word form.
///
/// The bit layout is written by `xtask/src/main.rs` (module `entry`); the two must agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry(u64);

impl Entry {
    const ZIPF_MASK: u64 = 0xff;
    const MODIFIER: u64 = 1 << 8;
    const HEAD: u64 = 1 << 9;
    const COMMON: u64 = 1 << 10;
    const CLOSED_CLASS: u64 = 1 << 11;
    const LINKER_SHIFT: u32 = 12;
    const HAS_ZIPF: u64 = 1 << 14;

    /// Zipf frequency (log10 of occurrences per billion words), when known.
    pub fn zipf(self) -> Option<f32> {
        (self.0 & Self::HAS_ZIPF != 0).then(|| (self.0 & Self::ZIPF_MASK) as f32 / 20.0)
    }

    /// The form may stand first or in the middle of a compound (`overvågnings-`).
    pub fn is_modifier(self) -> bool {
        self.0 & Self::MODIFIER != 0
    }

    /// The form may end a compound (`-rapporter`).
    pub fn is_head(self) -> bool {
        self.0 & Self::HEAD != 0
    }

    /// A Danish dictionary word written in lower case (not only a proper noun).
    pub fn is_common(self) -> bool {
        self.0 & Self::COMMON != 0
    }

    /// Also a preposition, adverb, pronoun, determiner or conjunction (`for`, `over`).
    pub fn is_closed_class(self) -> bool {
        self.0 & Self::CLOSED_CLASS != 0
    }

    /// How many chars of a modifier form are its linking element (`overvågnings` → 1).
    pub fn linker_chars(self) -> usize {
        ((self.0 >> Self::LINKER_SHIFT) & 0b11) as usize
    }
}

/// The shipped Danish lexicon: an `fst` map from lower-case word form to [`Entry`].
pub struct Lexicon {
    map: fst::Map<&'static [u8]>,
}

impl Lexicon {
    /// The lexicon compiled into the binary, parsed once.
    pub fn embedded() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            Lexicon::from_static(EMBEDDED_LEXICON)
                .expect("the embedded lexicon is built by xtask and checked by a unit test")
        })
    }

    /// A lexicon over `bytes` written by `xtask lexicon`.
    pub fn from_static(bytes: &'static [u8]) -> Result<Lexicon, Error> {
        let map = fst::Map::new(bytes).map_err(|source| Error::Lexicon { source })?;
        Ok(Lexicon { map })
    }

    /// What is known about `word` (lower case), if anything.
    pub fn entry(&self, word: &str) -> Option<Entry> {
        self.map.get(word).map(Entry)
    }

    /// Whether `word` (lower case) is a common Danish word, not only a name.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.entry(word).is_some_and(Entry::is_common)
    }

    /// Number of word forms in the lexicon.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the lexicon has no words at all.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_loads_and_knows_danish() {
        let lexicon = Lexicon::embedded();
        assert!(lexicon.len() > 100_000);
        let rapporter = lexicon.entry("rapporter").unwrap();
        assert!(rapporter.is_head() && rapporter.is_common());
        let overvaagnings = lexicon.entry("overvågnings").unwrap();
        assert!(overvaagnings.is_modifier());
        assert_eq!(overvaagnings.linker_chars(), 1);
        assert!(lexicon.entry("for").unwrap().is_closed_class());
        assert!(lexicon.entry("og").unwrap().zipf().unwrap() > 7.0);
        assert!(!lexicon.is_common_word("københavn"));
    }
}
