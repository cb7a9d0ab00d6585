//! The recipe of the shipped model: which data, how mixed, which settings. Shared by
//! `kilde train ner` and `examples/train_ner.rs`, so both build the same bytes; like
//! [`read_conll`](super::read_conll) it reads files, so it is for tools, not for the
//! extraction stage.
//!
//! Training set: Plank (2019) train-10k repeated five times, plus NorNE Bokmål train
//! mapped to PER/ORG/LOC/MISC with its most frequent words respelt in Danish; five
//! perceptrons with different shuffles are averaged and epochs are chosen on Plank dev.
//! Same data and seed, same bytes.

use std::path::{Path, PathBuf};

use super::{
    Lexicon, NerError, NerModel, Objective, Sentence, TrainConfig, TrainData, TrainReport,
};
use super::{read_conll, respell_bokmal, train};

/// Seed of the shipped model.
pub const SHIPPED_SEED: u64 = 2019;
/// How often the Danish sentences are repeated, so NorNE does not drown them.
const DANISH_REPEATS: usize = 5;

/// What training made, with the dev sentences it was selected on.
pub struct Trained {
    /// The model.
    pub model: NerModel,
    /// Dev F1 per epoch and the epoch kept.
    pub report: TrainReport,
    /// Plank dev, for scores and speed.
    pub dev: Vec<Sentence>,
    /// Danish and Norwegian training sentences.
    pub sentences: (usize, usize),
}

/// Trains the Danish model from `data` (the shared data folder: `ner-da-plank2019`,
/// `ner-nb-norne`, `lexicon`) with shuffle seed `seed`: the shipped recipe.
pub fn train_danish(data: &Path, seed: u64) -> Result<Trained, NerError> {
    train_danish_with(data, seed, Objective::Perceptron)
}

/// [`train_danish`] with another training objective, on the same data and features.
pub fn train_danish_with(
    data: &Path,
    seed: u64,
    objective: Objective,
) -> Result<Trained, NerError> {
    let lexicon = read_lexicon(data)?;
    let danish = read_conll(&data.join("ner-da-plank2019/da_ddt-ud-ner-train-10k.conll"))?;
    let mut norne = read_conll(&data.join("ner-nb-norne/no_bokmaal-ndt-train.conll"))?;
    respell_bokmal(&mut norne);
    let dev = read_conll(&data.join("ner-da-plank2019/da_ddt-ud-ner-dev.conll"))?;
    let config = TrainConfig {
        max_epochs: 15,
        seed,
        min_feature_count: 3,
        target_repeats: DANISH_REPEATS,
        runs: 5,
        objective,
    };
    let sets = TrainData { target: &danish, transfer: &norne, dev: &dev };
    let (model, report) = train(sets, lexicon, &config);
    Ok(Trained { model, report, sentences: (danish.len(), norne.len()), dev })
}

fn read_lexicon(data: &Path) -> Result<Lexicon, NerError> {
    let read = |path: PathBuf| {
        std::fs::read_to_string(&path).map_err(|source| NerError::Read { path, source })
    };
    let gazetteer = read(data.join("lexicon/apertium-dan/dan-gazetteer-np.tsv"))?;
    let words = read(data.join("lexicon/wdanish/danish.txt"))?;
    Ok(Lexicon::from_sources(&gazetteer, &words))
}
