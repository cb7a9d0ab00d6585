//! Named entities: PER, ORG, LOC and MISC in Danish text, DaNE / CoNLL-2003 style.
//!
//! Why hand-written: an averaged structured perceptron (Collins 2002) over BIO labels with
//! Viterbi decoding is small, fast (no matrix library) and trains in seconds, and its model
//! file carries its own word lists. See [`perceptron`] for the method and [`features`] for
//! what it looks at: word forms, affixes, shapes, neighbours, gazetteer classes and whether
//! a capitalised word is a common lower-case word. [`crf`] trains the same model as a
//! linear-chain CRF instead (`train_ner --objective crf`); not shipped, as its dev scores
//! (micro 0.749, PER 0.835) miss the 0.75 and 0.85 floors too (docs/quality.md).
//!
//! - [`NerModel::embedded`] is the model trained by `examples/train_ner.rs` on Plank (2019)
//!   Danish data plus NorNE Bokmål mapped to the four kinds, its most frequent words
//!   respelt in Danish ([`bokmal`]).
//! - [`find_entities`] tokenises text and returns mentions with byte offsets.
//! - [`evaluate_conll`] scores a model on a CoNLL / CoNLL-U file (exact spans).
//!
//! ```
//! use kilde_extract::ner::{EntityKind, NerModel, find_entities};
//!
//! let found = find_entities(NerModel::embedded(), "Mette Frederiksen besøgte Aarhus i går.");
//! let per = found.iter().find(|m| m.label == EntityKind::Per).map(|m| m.text.as_str());
//! assert_eq!(per, Some("Mette Frederiksen"));
//! ```

pub mod bokmal;
pub mod conll;
pub mod crf;
mod emission_cache;
pub mod features;
pub mod lexicon;
pub mod perceptron;
pub mod recipe;
mod tokenize;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use bokmal::respell_bokmal;
pub use conll::{NerScores, Sentence, SpanCounts, parse_conll, read_conll};
pub use crf::CrfConfig;
pub use lexicon::Lexicon;
pub use perceptron::{NerModel, Objective, TrainConfig, TrainData, TrainReport, train};
pub use recipe::{SHIPPED_SEED, Trained, train_danish, train_danish_with};
pub use tokenize::tokenize;

/// The four entity kinds of the Danish gold data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// People, characters, named animals.
    Per,
    /// Companies, institutions, parties, teams; countries acting as actors.
    Org,
    /// Places, buildings, countries as places.
    Loc,
    /// Other names: products, events, works, laws.
    Misc,
}

impl EntityKind {
    /// All kinds, in label-index order.
    pub const ALL: [EntityKind; 4] =
        [EntityKind::Per, EntityKind::Org, EntityKind::Loc, EntityKind::Misc];

    /// The CoNLL name: `PER`, `ORG`, `LOC` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Per => "PER",
            EntityKind::Org => "ORG",
            EntityKind::Loc => "LOC",
            EntityKind::Misc => "MISC",
        }
    }
}

/// A BIO label: outside, or the beginning or inside of an entity of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// Not part of a name.
    O,
    /// First token of a name.
    B(EntityKind),
    /// A following token of a name.
    I(EntityKind),
}

impl Label {
    /// Number of labels: `O` plus `B-` and `I-` for four kinds.
    pub const COUNT: usize = 9;

    /// Dense index: `O` = 0, `B-k` = 1 + 2k, `I-k` = 2 + 2k in [`EntityKind::ALL`] order.
    pub fn index(self) -> usize {
        let kind_index = |k: EntityKind| EntityKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
        match self {
            Label::O => 0,
            Label::B(k) => 1 + 2 * kind_index(k),
            Label::I(k) => 2 + 2 * kind_index(k),
        }
    }

    /// Inverse of [`Label::index`]; indices out of range give `O`.
    pub fn from_index(idx: usize) -> Label {
        let kind = EntityKind::ALL.get(idx.saturating_sub(1) / 2).copied();
        match (idx, kind) {
            (0, _) | (_, None) => Label::O,
            (i, Some(k)) if i % 2 == 1 => Label::B(k),
            (_, Some(k)) => Label::I(k),
        }
    }

    /// Whether this label may follow `previous` (`None` = sentence start) in valid BIO.
    ///
    /// Beyond BIO itself, a name never starts right after a name of the same kind: the
    /// DaNE/CoNLL convention makes one name one span, and the training data agrees (2 of
    /// 340 Danish spans and 14 of 11,403 NorNE spans follow one of their kind, each an
    /// annotation slip such as `H. C.` `Andersen` split in two). Without this the tagger
    /// learns those slips and splits initials from surnames.
    pub fn can_follow(self, previous: Option<Label>) -> bool {
        let after_same = |k| matches!(previous, Some(Label::B(p) | Label::I(p)) if p == k);
        match self {
            Label::I(k) => after_same(k),
            Label::B(k) => !after_same(k),
            Label::O => true,
        }
    }
}

/// Gold label indices made a path [`Label::can_follow`] allows, so training never holds
/// up a path the decoder cannot produce: an `I-X` that may not follow its predecessor
/// becomes `B-X`, and a `B-X` right after an `X` becomes `I-X` (the two spans join).
pub(crate) fn valid_path(mut gold: Vec<usize>) -> Vec<usize> {
    let mut previous = None;
    for y in gold.iter_mut() {
        let label = Label::from_index(*y);
        if !label.can_follow(previous) {
            *y = match label {
                Label::I(kind) => Label::B(kind).index(),
                Label::B(kind) => Label::I(kind).index(),
                Label::O => *y,
            };
        }
        previous = Some(Label::from_index(*y));
    }
    gold
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Label::O => f.write_str("O"),
            Label::B(k) => write!(f, "B-{}", k.as_str()),
            Label::I(k) => write!(f, "I-{}", k.as_str()),
        }
    }
}

/// A name found in text. Offsets are byte offsets into the text given to [`find_entities`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the first character.
    pub byte_start: usize,
    /// Byte offset just past the last character.
    pub byte_end: usize,
    /// The kind of name.
    pub label: EntityKind,
    /// The text between the offsets.
    pub text: String,
}

/// Why a model or an evaluation file could not be used.
#[derive(Debug)]
pub enum NerError {
    /// The model bytes are not a model file, or end early; `offset` is where reading failed.
    BadModel {
        /// Byte offset in the model file.
        offset: usize,
    },
    /// A CoNLL file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl fmt::Display for NerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NerError::BadModel { offset } => write!(f, "not a NER model file (at byte {offset})"),
            NerError::Read { path, .. } => write!(f, "cannot read {}", path.display()),
        }
    }
}

impl std::error::Error for NerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NerError::Read { source, .. } => Some(source),
            NerError::BadModel { .. } => None,
        }
    }
}

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../data/ner-da.bin");

impl NerModel {
    /// The Danish model shipped in the crate, parsed on first use and shared afterwards.
    pub fn embedded() -> &'static NerModel {
        static MODEL: OnceLock<NerModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            NerModel::load(EMBEDDED_BYTES)
                .expect("data/ner-da.bin is written by train_ner and loaded by the ner tests")
        })
    }
}

/// Scores `model` on a CoNLL or CoNLL-U file with exact-span P/R/F1 per kind and micro.
/// Reads the file, so it is for evaluation tools, not for the extraction stage.
pub fn evaluate_conll(model: &NerModel, path: &Path) -> Result<NerScores, NerError> {
    Ok(model.evaluate(&read_conll(path)?))
}

/// Finds names in running text: tokenises like the CoNLL data, tags sentence by sentence
/// and turns BIO spans into mentions. Never fails; text without names gives no mentions.
pub fn find_entities(model: &NerModel, text: &str) -> Vec<Mention> {
    let tokens = tokenize(text);
    let mut mentions = Vec::new();
    for sentence in tokenize::sentences(&tokens) {
        let words: Vec<&str> = sentence.iter().map(|t| t.text).collect();
        let labels = model.tag(&words);
        for (first, end, kind) in conll::spans(&labels) {
            let (Some(a), Some(b)) =
                (sentence.get(first), end.checked_sub(1).and_then(|e| sentence.get(e)))
            else {
                continue;
            };
            let Some(text) = text.get(a.byte_start..b.byte_end) else { continue };
            mentions.push(Mention {
                byte_start: a.byte_start,
                byte_end: b.byte_end,
                label: kind,
                text: text.to_string(),
            });
        }
    }
    mentions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(idx: usize, expected: &str) {
        assert_eq!(Label::from_index(idx).to_string(), expected);
        assert_eq!(Label::from_index(idx).index(), idx);
    }

    #[test]
    fn label_indices() {
        check(0, "O");
        check(1, "B-PER");
        check(2, "I-PER");
        check(7, "B-MISC");
        check(8, "I-MISC");
    }

    #[test]
    fn a_name_never_starts_right_after_one_of_its_kind() {
        let per = EntityKind::Per;
        assert!(!Label::B(per).can_follow(Some(Label::I(per))));
        assert!(!Label::B(per).can_follow(Some(Label::B(per))));
        assert!(Label::B(per).can_follow(Some(Label::B(EntityKind::Org))));
        assert!(Label::B(per).can_follow(Some(Label::O)));
        assert!(Label::B(per).can_follow(None));
        assert!(!Label::I(per).can_follow(Some(Label::O)));
    }

    #[test]
    fn gold_paths_are_repaired_to_allowed_ones() {
        let (b, i) = (Label::B(EntityKind::Per).index(), Label::I(EntityKind::Per).index());
        let org = Label::B(EntityKind::Org).index();
        assert_eq!(valid_path(vec![0, i, i]), [0, b, i]);
        assert_eq!(valid_path(vec![b, i, b, 0]), [b, i, i, 0]);
        assert_eq!(valid_path(vec![org, b, 0, b]), [org, b, 0, b]);
    }
}
