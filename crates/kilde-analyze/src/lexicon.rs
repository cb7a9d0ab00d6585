//! [`Lexicon`]: the Danish word list that ships inside the binary (`data/da-lexicon.fst`).
//!
//! Built by `cargo run -p xtask -- lexicon` from the Apertium Danish analyser (full forms,
//! lemmas and compound-left forms), Stavekontrolden's Hunspell dictionary (inflections,
//! lemmas and compound-begin forms with their linking elements), wdanish, wordfreq and
//! word counts of real Danish news text, all under `../shared/data` (see the README for
//! sources and licences). One `fst` map from lower-case form to a packed [`Entry`], then a
//! small table of lemma endings; lookups are a few hundred nanoseconds and the map is used
//! straight from the static bytes, so loading costs nothing.
//!
//! Lemmas are stored as rules on the form (`ejerne` → strip 2 chars; `børnene` → strip 7,
//! add `barn`), at most two per form, so the lemma table costs no extra keys.

use std::sync::OnceLock;

use crate::Error;

static EMBEDDED_LEXICON: &[u8] = include_bytes!("../data/da-lexicon.fst");

/// Marks the end of the `fst` bytes and the start of the lemma-ending table.
const MAGIC: &[u8; 8] = b"KLDLEX02";

/// What the lexicon knows about one lower-case word form.
///
/// The bit layout is written by `xtask/src/lexicon.rs` (module `entry`); the two must agree.
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
    const SELF_SHIFT: u32 = 15;
    const ANALYSED: u64 = 1 << 18;
    const NAME: u64 = 1 << 19;
    const COMPARISON: u64 = 1 << 20;
    const RULE_SHIFTS: [u32; 2] = [22, 43];
    const RULE_MASK: u64 = (1 << 21) - 1;

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

    /// Also a preposition, adverb, pronoun, determiner, conjunction, numeral or ordinal
    /// (`for`, `over`, `tre`, `anden`).
    pub fn is_closed_class(self) -> bool {
        self.0 & Self::CLOSED_CLASS != 0
    }

    /// How many chars of a modifier form are its linking element (`overvågnings` → 1).
    pub fn linker_chars(self) -> usize {
        ((self.0 >> Self::LINKER_SHIFT) & 0b11) as usize
    }

    /// A proper noun and nothing else (`washington`, `belgien`).
    pub fn is_name_only(self) -> bool {
        self.0 & Self::NAME != 0 && !self.is_common()
    }

    /// A comparative or superlative (`nærmeste`, `ældre`), which is its own lemma.
    pub fn is_comparison(self) -> bool {
        self.0 & Self::COMPARISON != 0
    }

    /// The form is a noun, adjective or verb form whose lemmas the lexicon knows.
    pub fn is_analysed(self) -> bool {
        self.0 & Self::ANALYSED != 0
    }

    /// The word classes in which the form is itself the lemma (`ejer`: noun, `bære`: verb).
    pub fn lemma_classes(self) -> WordClasses {
        WordClasses(((self.0 >> Self::SELF_SHIFT) & 0b111) as u8)
    }

    fn rules(self) -> impl Iterator<Item = LemmaRule> {
        Self::RULE_SHIFTS
            .into_iter()
            .map(move |shift| LemmaRule((self.0 >> shift) & Self::RULE_MASK))
            .filter(|rule| rule.0 != 0)
    }
}

/// A set of word classes: noun, adjective, verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordClasses(u8);

impl WordClasses {
    const NOUN: u8 = 1;
    const ADJECTIVE: u8 = 2;
    const VERB: u8 = 4;

    /// Includes the noun class.
    pub fn is_noun(self) -> bool {
        self.0 & Self::NOUN != 0
    }

    /// Includes the adjective class.
    pub fn is_adjective(self) -> bool {
        self.0 & Self::ADJECTIVE != 0
    }

    /// Includes the verb class.
    pub fn is_verb(self) -> bool {
        self.0 & Self::VERB != 0
    }

    /// No class at all.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The rank of the set's first class: noun 0, adjective 1, verb 2, none 8.
    fn first_class(self) -> u32 {
        self.0.trailing_zeros()
    }

    /// Whether the two sets have a class in common.
    pub fn shares_class_with(self, other: WordClasses) -> bool {
        self.0 & other.0 != 0
    }
}

/// One lemma of a form: `barn` for `børnene`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lemma {
    /// The lemma, lower case.
    pub text: String,
    /// The classes in which the form belongs to this lemma.
    pub classes: WordClasses,
}

/// Strip 5 bits of chars, add ending number (12 bits), class bits (4 bits).
#[derive(Clone, Copy)]
struct LemmaRule(u64);

impl LemmaRule {
    const MODIFIER: u8 = 8;

    fn strip_chars(self) -> usize {
        (self.0 & 0b1_1111) as usize
    }

    fn ending(self) -> usize {
        ((self.0 >> 5) & 0xfff) as usize
    }

    fn classes(self) -> u8 {
        ((self.0 >> 17) & 0b1111) as u8
    }

    fn is_modifier(self) -> bool {
        self.classes() & Self::MODIFIER != 0
    }
}

/// The shipped Danish lexicon: an `fst` map from lower-case word form to [`Entry`].
pub struct Lexicon {
    map: fst::Map<&'static [u8]>,
    endings: Vec<&'static str>,
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

    /// A lexicon over `bytes` written by `xtask lexicon`: the `fst` map, a marker, the
    /// lemma endings separated by `\n`, and the map's length as a little-endian `u64`.
    pub fn from_static(bytes: &'static [u8]) -> Result<Lexicon, Error> {
        let (map_bytes, endings) = split_layout(bytes).ok_or(Error::Lexicon {
            source: fst::Error::Fst(fst::raw::Error::Format { size: bytes.len() }),
        })?;
        let map = fst::Map::new(map_bytes).map_err(|source| Error::Lexicon { source })?;
        Ok(Lexicon { map, endings: endings.split('\n').collect() })
    }

    /// What is known about `word` (lower case), if anything.
    pub fn entry(&self, word: &str) -> Option<Entry> {
        self.map.get(word).map(Entry)
    }

    /// Whether `word` (lower case) is a common Danish word, not only a name.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.entry(word).is_some_and(Entry::is_common)
    }

    /// The noun, adjective and verb lemmas of `word` (lower case), the likeliest first:
    /// nouns before adjectives before verbs, and within a class the word itself when it
    /// is a lemma (`ejer` before `eje`), then frequent lemma families before rare ones.
    /// So `huse` is first the plural of `hus`, then the verb `huse`. Empty when the
    /// lexicon has no such analysis. Comparatives and superlatives are their own lemma
    /// (`ældre` stays `ældre`).
    pub fn lemmas(&self, word: &str) -> Vec<Lemma> {
        let Some(entry) = self.entry(word).filter(|e| e.is_analysed()) else { return Vec::new() };
        let mut lemmas = Vec::with_capacity(2);
        for rule in entry.rules().filter(|r| !r.is_modifier()) {
            if let Some(text) = self.apply(word, rule) {
                let classes = WordClasses(rule.classes() & 0b111);
                lemmas.push(Lemma { text, classes });
            }
        }
        let own = entry.lemma_classes();
        if !own.is_empty() {
            let at =
                lemmas.iter().take_while(|l| l.classes.first_class() < own.first_class()).count();
            lemmas.insert(at, Lemma { text: word.to_string(), classes: own });
        }
        lemmas
    }

    /// The lemma of `form` used as a compound modifier: `arbejds` → `arbejde`,
    /// `folke` → `folk`, `kurs` → `kurs`. `None` when `form` is no modifier form.
    pub fn modifier_lemma(&self, form: &str) -> Option<String> {
        let entry = self.entry(form).filter(|e| e.is_modifier())?;
        match entry.rules().find(|r| r.is_modifier()) {
            Some(rule) => self.apply(form, rule),
            None => Some(form.to_string()),
        }
    }

    fn apply(&self, form: &str, rule: LemmaRule) -> Option<String> {
        let keep = form.chars().count().checked_sub(rule.strip_chars())?;
        let ending = self.endings.get(rule.ending())?;
        let mut lemma: String = form.chars().take(keep).collect();
        lemma.push_str(ending);
        Some(lemma)
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

/// The `fst` bytes and the lemma-ending table of a lexicon file, if it has that layout.
fn split_layout(bytes: &'static [u8]) -> Option<(&'static [u8], &'static str)> {
    let (rest, len_bytes) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    let map_len = usize::try_from(u64::from_le_bytes(len_bytes.try_into().ok()?)).ok()?;
    let (map_bytes, tail) = rest.split_at_checked(map_len)?;
    let endings = std::str::from_utf8(tail.strip_prefix(MAGIC)?).ok()?;
    Some((map_bytes, endings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_lemmas(word: &str, expected: &[&str]) {
        let lemmas = Lexicon::embedded().lemmas(word);
        let texts: Vec<&str> = lemmas.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, expected, "{word}");
    }

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

    #[test]
    fn lemmas_cover_irregular_plurals() {
        check_lemmas("børnene", &["barn"]);
        check_lemmas("hestene", &["hest"]);
        check_lemmas("hest", &["hest"]);
        check_lemmas("xyzzy", &[]);
    }

    #[test]
    fn comparatives_are_their_own_lemma() {
        check_lemmas("ældre", &["ældre"]);
        assert!(Lexicon::embedded().entry("ældre").unwrap().is_comparison());
    }

    #[test]
    fn nouns_come_before_verbs() {
        check_lemmas("huse", &["hus", "huse"]);
    }

    #[test]
    fn modifier_forms_know_their_lemma() {
        let lexicon = Lexicon::embedded();
        assert_eq!(lexicon.modifier_lemma("overvågnings").as_deref(), Some("overvågning"));
        assert_eq!(lexicon.modifier_lemma("heste").as_deref(), Some("hest"));
        assert_eq!(lexicon.modifier_lemma("arbejds").as_deref(), Some("arbejde"));
        assert_eq!(lexicon.modifier_lemma("hesten"), None);
    }
}
