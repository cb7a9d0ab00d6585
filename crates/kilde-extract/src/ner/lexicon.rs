//! Word lists baked into the model: gazetteer classes and "is a common word".
//!
//! The lists help most on names the small Danish training set never shows, so they travel
//! inside the model file and inference needs nothing else. Words are stored as 32-bit
//! hashes of their lower-case form; a false hit is about one in ten thousand unknown words.

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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lexicon {
    pub(crate) keys: Vec<u32>,
    pub(crate) flags: Vec<u8>,
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

    pub(crate) fn from_entries(mut entries: Vec<(u32, u8)>) -> Lexicon {
        entries.sort_unstable();
        let mut lexicon = Lexicon::default();
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
        match self.keys.binary_search(&key) {
            Ok(idx) => self.flags.get(idx).copied().unwrap_or(0),
            Err(_) => 0,
        }
    }
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
    fn finds_classes_and_common_words() {
        check("brygge", NAME_PART);
        check("aarhus", LOC);
        check("jensens", PER_LAST);
        check("bo", COMMON | DICT_CAPITALISED);
        check("hus", COMMON);
        check("ukendt", 0);
    }
}
