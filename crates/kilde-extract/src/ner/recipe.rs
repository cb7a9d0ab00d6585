//! The recipe of the shipped model: which data, how mixed, which settings. Shared by
//! `kilde train ner` and `examples/train_ner.rs`, so both build the same bytes; like
//! [`read_conll`](super::read_conll) it reads files, so it is for tools, not for the
//! extraction stage.
//!
//! Training set: Plank (2019) train-10k weighted five times, plus NorNE Bokmål train
//! mapped to PER/ORG/LOC/MISC with its most frequent words respelt in Danish. Word lists:
//! the Apertium gazetteer, wdanish, and how often PAROLE-DK tags each word as a proper
//! noun (documents holding dev sentences left out). The shipped model is a linear-chain
//! CRF fitted by L-BFGS, the check kept chosen on Plank dev; the averaged perceptron is
//! still there (`Objective::Perceptron`). Same data, same bytes.

use std::path::{Path, PathBuf};

use super::{
    CrfConfig, Lexicon, NerError, NerModel, Objective, Sentence, TrainConfig, TrainData,
    TrainReport,
};
use super::{read_conll, respell_bokmal, train};

/// Shuffle seed of the perceptron (the shipped CRF has no shuffles, so no seed).
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

/// Trains the shipped Danish model from `data` (the shared data folder:
/// `ner-da-plank2019`, `ner-nb-norne`, `lexicon`, `news-da/parole-dk`): the CRF with
/// its default settings.
pub fn train_danish(data: &Path) -> Result<Trained, NerError> {
    train_danish_with(data, SHIPPED_SEED, Objective::Crf(CrfConfig::default()))
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
    let lexicon = Lexicon::from_sources(&gazetteer, &words);
    let meta = read(data.join("news-da/parole-dk/parole-dk-meta.tsv"))?;
    let tokens = read(data.join("news-da/parole-dk/parole-dk-tokens.conll"))?;
    let counts = proper_noun_counts(&tokens, &dev_documents(&meta));
    Ok(lexicon.with_proper_nouns(counts.iter().map(|(w, c)| (w.as_str(), c.0, c.1))))
}

/// PAROLE-DK documents that hold sentences of the UD (and so Plank) dev set: left out of
/// every count, so no feature is built from the sentences models are selected on.
fn dev_documents(meta_tsv: &str) -> std::collections::HashSet<String> {
    let mut lines = meta_tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name);
    let (Some(id), Some(dev)) = (column("id"), column("ud_ddt_dev_sentences")) else {
        return Default::default();
    };
    lines
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter(|row| row.get(dev).is_some_and(|d| *d != "-"))
        .filter_map(|row| row.get(id).map(|i| (*i).to_string()))
        .collect()
}

/// For each lower-case word of the PAROLE-DK tokens (`FORM\tLEMMA\tMSD`, multi-word units
/// joined by `_`), how often its tag is a proper noun (`NP…`) and how often it is seen.
fn proper_noun_counts(
    tokens_conll: &str,
    left_out: &std::collections::HashSet<String>,
) -> std::collections::BTreeMap<String, (u32, u32)> {
    let mut counts = std::collections::BTreeMap::<String, (u32, u32)>::new();
    let mut skip = false;
    for line in tokens_conll.lines() {
        if let Some(doc) = line.strip_prefix("# newdoc id = ") {
            skip = left_out.contains(doc.trim());
            continue;
        }
        if skip || line.starts_with('#') {
            continue;
        }
        let mut columns = line.split('\t');
        let (Some(form), Some(_), Some(msd)) = (columns.next(), columns.next(), columns.next())
        else {
            continue;
        };
        let proper = u32::from(msd.starts_with("NP"));
        for word in form.split('_').filter(|w| !w.is_empty()) {
            let entry = counts.entry(word.to_lowercase()).or_default();
            entry.0 += proper;
            entry.1 += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_proper_nouns_outside_dev_documents() {
        let meta = "id\tfile\tud_ddt_dev_sentences\n\
            parole-dk-0001\ta.tag\t-\n\
            parole-dk-0002\tb.tag\tdev-3,dev-9\n";
        let tokens = "# newdoc id = parole-dk-0001\n\
            Vejle\tVejle\tNP--U==-\n\
            ligger\tligge\tVADR=----A-\n\
            i_dag\ti_dag\tRGU\n\n\
            vejle\tvejle\tNCCSU==I\n\n\
            # newdoc id = parole-dk-0002\n\
            Holstebro\tHolstebro\tNP--U==-\n";
        let left_out = dev_documents(meta);
        assert_eq!(left_out.len(), 1);
        assert!(left_out.contains("parole-dk-0002"));
        let counts = proper_noun_counts(tokens, &left_out);
        assert_eq!(counts.get("vejle"), Some(&(1, 2)));
        assert_eq!(counts.get("ligger"), Some(&(0, 1)));
        assert_eq!(counts.get("dag"), Some(&(0, 1)));
        assert_eq!(counts.get("holstebro"), None);
    }
}
