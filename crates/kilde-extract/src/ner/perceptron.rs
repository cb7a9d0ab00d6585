//! The averaged structured perceptron: weights, Viterbi decoding, training, model files.
//!
//! Why hand-written: the model is a few hundred lines and needs no crates; owning it keeps
//! the file format small (i16 weights) and the training byte-for-byte reproducible.
//! Method: Collins (2002), "Discriminative Training Methods for Hidden Markov Models:
//! Theory and Experiments with Perceptron Algorithms", with weight averaging and
//! first-order transitions over BIO labels decoded by Viterbi.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use super::conll::{NerScores, Sentence, score};
use super::crf::{CrfConfig, train_crf};
use super::emission_cache;
#[cfg(test)]
use super::features::for_each_token_features;
#[cfg(test)]
use super::features::shared_features;
use super::features::{Domain, TARGET_SALT, sentence_features};
use super::lexicon::Lexicon;
use super::{Label, NerError, valid_path};

pub(super) const LABELS: usize = Label::COUNT;
const MAGIC: &[u8; 8] = b"KNERv002";
/// The first format, without proper-noun classes: still read.
const MAGIC_V1: &[u8; 8] = b"KNERv001";

/// A trained tagger: lexicon, quantised feature weights and label transitions.
#[derive(Debug, Clone)]
pub struct NerModel {
    pub(crate) lexicon: Lexicon,
    table: FeatureTable,
    /// For tagging Danish: each shared key's row plus its Danish copy's row, summed, so a
    /// token costs one lookup per feature instead of two. Derived from `table`.
    tagging: TaggingTable,
    scale: f32,
    transitions: [[f32; LABELS]; LABELS],
    start: [f32; LABELS],
    /// Tells a thread's emission cache which model its sums came from.
    id: u64,
}

impl PartialEq for NerModel {
    fn eq(&self, other: &Self) -> bool {
        self.lexicon == other.lexicon
            && self.table == other.table
            && self.scale == other.scale
            && self.transitions == other.transitions
            && self.start == other.start
    }
}

/// Source of model ids.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Open-addressing map from feature key to a row of i16 weights. Slots hold
/// `(key, row index)`; key 0 marks a free slot, which the feature hash never produces.
#[derive(Debug, Clone, PartialEq, Default)]
struct FeatureTable<W = i16> {
    slots: Vec<(u32, u32)>,
    keys: Vec<u32>,
    rows: Vec<[W; LABELS]>,
}

impl<W> FeatureTable<W> {
    fn build(keys: Vec<u32>, rows: Vec<[W; LABELS]>) -> FeatureTable<W> {
        let capacity = (keys.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0u32, 0u32); capacity];
        for (row, key) in keys.iter().enumerate() {
            let mut slot = *key as usize & (capacity - 1);
            while slots.get(slot).is_some_and(|s| s.0 != 0) {
                slot = (slot + 1) & (capacity - 1);
            }
            if let Some(s) = slots.get_mut(slot) {
                *s = (*key, row as u32);
            }
        }
        FeatureTable { slots, keys, rows }
    }

    /// The row of `key`; tagging uses [`TaggingTable`], so only the tests look here.
    #[cfg(test)]
    fn get(&self, key: u32) -> Option<&[W; LABELS]> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut slot = key as usize & mask;
        loop {
            let (k, row) = *self.slots.get(slot)?;
            if k == key {
                return self.rows.get(row as usize);
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }
}

impl FeatureTable {
    /// The tagging table: for every key `k` a token may have, `row(k) + row(copy(k))`,
    /// where `copy` is the Danish domain copy. Each stored key `t` is the shared key
    /// itself and the copy of exactly one key (`copy` is a rotation and an xor, so it can
    /// be inverted), so adding `row(t)` under both gives the same sums as looking up both
    /// keys of every feature, collisions included. `copy` maps the one key whose copy
    /// would be 0 to 1; that key gets `row(1)` too.
    fn merged_for_target(&self) -> TaggingTable {
        let uncopy = |t: u32| (t ^ TARGET_SALT).rotate_right(7);
        let mut sums: HashMap<u32, [i32; LABELS]> = HashMap::with_capacity(self.keys.len() * 2);
        let mut add = |key: u32, row: &[i16; LABELS]| {
            let sum = sums.entry(key).or_insert([0; LABELS]);
            for (s, w) in sum.iter_mut().zip(row) {
                *s += i32::from(*w);
            }
        };
        for (key, row) in self.keys.iter().zip(&self.rows) {
            add(*key, row);
            add(uncopy(*key), row);
            if *key == 1 {
                add(uncopy(0), row);
            }
        }
        let mut entries: Vec<(u32, [i32; LABELS])> =
            sums.into_iter().filter(|(key, _)| *key != 0).collect();
        entries.sort_unstable_by_key(|e| e.0);
        TaggingTable::build(&entries)
    }
}

/// Open addressing with each row stored in its slot, so a lookup touches one cache line
/// where a slot-then-row table touches two: tagging reads ~50 rows per token, and the
/// table is far larger than the processor's cache.
#[derive(Debug, Clone, PartialEq, Default)]
struct TaggingTable {
    /// `(key, row)`; key 0 marks a free slot.
    slots: Vec<(u32, [i32; LABELS])>,
}

impl TaggingTable {
    fn build(entries: &[(u32, [i32; LABELS])]) -> TaggingTable {
        let capacity = (entries.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0u32, [0i32; LABELS]); capacity];
        for (key, row) in entries {
            let mut slot = *key as usize & (capacity - 1);
            while slots.get(slot).is_some_and(|s| s.0 != 0) {
                slot = (slot + 1) & (capacity - 1);
            }
            if let Some(s) = slots.get_mut(slot) {
                *s = (*key, *row);
            }
        }
        TaggingTable { slots }
    }

    fn get(&self, key: u32) -> Option<&[i32; LABELS]> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut slot = key as usize & mask;
        loop {
            let (k, row) = self.slots.get(slot)?;
            if *k == key {
                return Some(row);
            }
            if *k == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }
}

impl NerModel {
    fn new(
        lexicon: Lexicon,
        table: FeatureTable,
        scale: f32,
        transitions: [[f32; LABELS]; LABELS],
        start: [f32; LABELS],
    ) -> NerModel {
        let tagging = table.merged_for_target();
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        NerModel { lexicon, table, tagging, scale, transitions, start, id }
    }

    /// Reads a model written by [`NerModel::to_bytes`]; fails on a wrong magic or short file.
    pub fn load(bytes: &[u8]) -> Result<NerModel, NerError> {
        let mut r = Reader { bytes, pos: 0 };
        let magic = r.take(MAGIC.len())?;
        if magic != MAGIC && magic != MAGIC_V1 {
            return Err(NerError::BadModel { offset: 0 });
        }
        let n_lex = r.u32()? as usize;
        let keys = (0..n_lex).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
        let flags = r.take(n_lex)?.to_vec();
        let mut proper = Vec::new();
        if magic == MAGIC {
            let n_proper = r.u32()? as usize;
            let proper_keys = (0..n_proper).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
            let classes = r.take(n_proper)?;
            proper = proper_keys.into_iter().zip(classes.iter().copied()).collect();
        }
        let scale = r.f32()?;
        let mut transitions = [[0.0; LABELS]; LABELS];
        for row in transitions.iter_mut() {
            for w in row.iter_mut() {
                *w = r.f32()?;
            }
        }
        let mut start = [0.0; LABELS];
        for w in start.iter_mut() {
            *w = r.f32()?;
        }
        let n_rows = r.u32()? as usize;
        let row_keys = (0..n_rows).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
        let mut rows = Vec::with_capacity(n_rows);
        for _ in 0..n_rows {
            let mut row = [0i16; LABELS];
            for w in row.iter_mut() {
                *w = r.i16()?;
            }
            rows.push(row);
        }
        let lexicon = Lexicon::new(keys, flags).with_proper_classes(proper);
        Ok(NerModel::new(lexicon, FeatureTable::build(row_keys, rows), scale, transitions, start))
    }

    /// The model as bytes, little-endian; the same model always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend((self.lexicon.keys.len() as u32).to_le_bytes());
        self.lexicon.keys.iter().for_each(|k| out.extend(k.to_le_bytes()));
        out.extend(&self.lexicon.flags);
        out.extend((self.lexicon.proper_keys.len() as u32).to_le_bytes());
        self.lexicon.proper_keys.iter().for_each(|k| out.extend(k.to_le_bytes()));
        out.extend(&self.lexicon.proper_classes);
        out.extend(self.scale.to_le_bytes());
        self.transitions.iter().flatten().for_each(|w| out.extend(w.to_le_bytes()));
        self.start.iter().for_each(|w| out.extend(w.to_le_bytes()));
        out.extend((self.table.keys.len() as u32).to_le_bytes());
        self.table.keys.iter().for_each(|k| out.extend(k.to_le_bytes()));
        self.table.rows.iter().flatten().for_each(|w| out.extend(w.to_le_bytes()));
        out
    }

    /// One BIO label per token, the best-scoring valid sequence (an `I-X` only follows
    /// `B-X` or `I-X`).
    pub fn tag(&self, tokens: &[&str]) -> Vec<Label> {
        let emissions = emission_cache::emissions(self, tokens);
        viterbi(&emissions, &self.transitions, &self.start)
            .into_iter()
            .map(Label::from_index)
            .collect()
    }

    /// Tags every sentence and scores the result against its gold labels.
    pub fn evaluate(&self, sentences: &[Sentence]) -> NerScores {
        score(sentences.iter().map(|s| {
            let tokens: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            (s.labels.clone(), self.tag(&tokens))
        }))
    }

    /// Quantises f32 weights to i16 with one scale; all-zero rows are dropped.
    pub(super) fn from_dense(keys: &[u32], dense: &Dense, lexicon: Lexicon) -> NerModel {
        let Dense { rows: dense, transitions, start } = dense;
        let (transitions, start) = (*transitions, *start);
        let max = dense.iter().flatten().fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
        let mut entries: Vec<(u32, [i16; LABELS])> = keys
            .iter()
            .zip(dense)
            .map(|(key, row)| (*key, row.map(|w| (w / scale).round() as i16)))
            .filter(|(_, row)| row.iter().any(|w| *w != 0))
            .collect();
        entries.sort_unstable_by_key(|e| e.0);
        let (keys, rows) = entries.into_iter().unzip();
        NerModel::new(lexicon, FeatureTable::build(keys, rows), scale, transitions, start)
    }

    /// Number of feature rows and lexicon words, for reports.
    pub fn sizes(&self) -> (usize, usize) {
        (self.table.keys.len(), self.lexicon.keys.len())
    }

    /// Identifies this model (and its clones) for per-thread caches of its sums.
    pub(super) fn id(&self) -> u64 {
        self.id
    }

    /// The summed rows of a token's shared features and their Danish copies, from the
    /// merged table, before scaling.
    pub(super) fn row_sum(&self, features: &[u32]) -> [i32; LABELS] {
        let mut sums = [0i32; LABELS];
        for row in features.iter().filter_map(|f| self.tagging.get(*f)) {
            for (sum, w) in sums.iter_mut().zip(row) {
                *sum += *w;
            }
        }
        sums
    }

    /// Row sums as emission scores.
    pub(super) fn scaled(&self, sums: [i32; LABELS]) -> [f32; LABELS] {
        sums.map(|s| s as f32 * self.scale)
    }

    /// [`Self::emission`] of a token's shared features and their Danish copies, from the
    /// merged table.
    #[cfg(test)]
    fn tagging_emission(&self, features: &[u32]) -> [f32; LABELS] {
        self.scaled(self.row_sum(features))
    }

    /// Emission scores by looking up every key, domain copies included: what
    /// [`Self::tagging_emission`] must equal.
    #[cfg(test)]
    fn emission(&self, features: &[u32]) -> [f32; LABELS] {
        let mut sums = [0i32; LABELS];
        for row in features.iter().filter_map(|f| self.table.get(*f)) {
            for (sum, w) in sums.iter_mut().zip(row) {
                *sum += i32::from(*w);
            }
        }
        sums.map(|s| s as f32 * self.scale)
    }
}

/// Training settings. Epochs are chosen on the dev set, so `max_epochs` is an upper bound.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Upper bound on passes over the training data.
    pub max_epochs: usize,
    /// Seed of the per-epoch shuffle; the same seed gives the same model bytes.
    pub seed: u64,
    /// Features seen fewer times than this in the training data are left out; rare
    /// features are where a perceptron overfits.
    pub min_feature_count: usize,
    /// How often the target sentences are repeated per epoch, so transfer data does not
    /// drown them.
    pub target_repeats: usize,
    /// Perceptrons trained side by side on differently shuffled data and averaged; more
    /// runs lower the variance that a single shuffle order brings.
    pub runs: usize,
    /// What training optimises: the perceptron's mistakes or a CRF's likelihood.
    pub objective: Objective,
}

/// The training objective of [`train`].
#[derive(Debug, Clone, PartialEq)]
pub enum Objective {
    /// The averaged structured perceptron of this module, `runs` shuffled runs averaged.
    Perceptron,
    /// A linear-chain CRF fitted by L-BFGS ([`super::crf`]); deterministic, so `seed`
    /// and `runs` do not apply.
    Crf(CrfConfig),
}

/// What training did: dev micro F1 at each check and the check kept. The perceptron
/// checks after every epoch, the CRF every few L-BFGS iterations.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    /// Dev micro F1 of the model at each check.
    pub dev_f1_by_epoch: Vec<f64>,
    /// Dev PER F1 of the model at each check.
    pub dev_per_f1_by_epoch: Vec<f64>,
    /// The check (1-based) whose model was kept.
    pub best_epoch: usize,
    /// The epoch or L-BFGS iteration (1-based) of each check.
    pub checked_at: Vec<usize>,
}

/// Training data: Danish sentences and other-language sentences for transfer.
#[derive(Debug, Clone, Copy)]
pub struct TrainData<'a> {
    /// Danish gold sentences (Plank train-10k).
    pub target: &'a [Sentence],
    /// Transfer sentences already mapped to the four kinds (NorNE Bokmål).
    pub transfer: &'a [Sentence],
    /// Danish gold sentences for choosing the epoch (Plank dev).
    pub dev: &'a [Sentence],
}

/// Trains on target (repeated) plus transfer data with `config.objective` and keeps the
/// epoch (or CRF check) with the best micro F1 on dev. Deterministic: the order is a
/// seeded shuffle and no hash map order leaks out.
pub fn train(
    data: TrainData<'_>,
    lexicon: Lexicon,
    config: &TrainConfig,
) -> (NerModel, TrainReport) {
    match &config.objective {
        Objective::Perceptron => train_perceptron(data, lexicon, config),
        Objective::Crf(crf) => {
            train_crf(data, lexicon, config.target_repeats, config.min_feature_count, crf)
        }
    }
}

fn train_perceptron(
    data: TrainData<'_>,
    lexicon: Lexicon,
    config: &TrainConfig,
) -> (NerModel, TrainReport) {
    let (keys, dense, report) = perceptron_weights(data, &lexicon, config);
    (NerModel::from_dense(&keys, &dense, lexicon), report)
}

/// The perceptron's float weights at the best epoch, with the key of each row.
fn perceptron_weights(
    data: TrainData<'_>,
    lexicon: &Lexicon,
    config: &TrainConfig,
) -> (Vec<u32>, Dense, TrainReport) {
    let mut train: Vec<(&Sentence, Domain)> = Vec::new();
    for _ in 0..config.target_repeats {
        train.extend(data.target.iter().map(|s| (s, Domain::Target)));
    }
    train.extend(data.transfer.iter().map(|s| (s, Domain::Transfer)));
    let first = Trainer::new(&train, lexicon, config.min_feature_count);
    let mut runs: Vec<(Trainer, u64)> = (0..config.runs.max(1) as u64)
        .map(|k| (first.clone(), (config.seed + 7919 * k) | 1))
        .collect();
    let mut report = TrainReport::default();
    let mut best: Option<Dense> = None;
    let mut order: Vec<usize> = (0..train.len()).collect();
    for epoch in 1..=config.max_epochs {
        for (state, rng) in runs.iter_mut() {
            shuffle(&mut order, rng);
            for &idx in &order {
                state.learn(idx);
            }
        }
        let dense = ensemble(&runs);
        let scores = NerModel::from_dense(&first.keys, &dense, lexicon.clone()).evaluate(data.dev);
        let f1 = scores.micro.f1();
        report.dev_per_f1_by_epoch.push(scores.kind(super::EntityKind::Per).f1());
        let is_better = report.dev_f1_by_epoch.iter().all(|prev| f1 > *prev);
        report.dev_f1_by_epoch.push(f1);
        report.checked_at.push(epoch);
        if is_better {
            report.best_epoch = epoch;
            best = Some(dense);
        }
    }
    let dense = best.unwrap_or_else(|| ensemble(&runs));
    (first.keys, dense, report)
}

/// Float weights before quantisation: a row per numbered feature, then the label
/// transitions `[previous][label]` and the start weights.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Dense {
    pub(super) rows: Vec<[f32; LABELS]>,
    pub(super) transitions: [[f32; LABELS]; LABELS],
    pub(super) start: [f32; LABELS],
}

impl Dense {
    fn zero(n: usize) -> Dense {
        Dense {
            rows: vec![[0.0; LABELS]; n],
            transitions: [[0.0; LABELS]; LABELS],
            start: [0.0; LABELS],
        }
    }

    /// Every weight, rows first, for sums over all of them.
    pub(super) fn weights_mut(&mut self) -> impl Iterator<Item = &mut f32> {
        let Dense { rows, transitions, start } = self;
        rows.iter_mut().flatten().chain(transitions.iter_mut().flatten()).chain(start.iter_mut())
    }

    /// Every weight, in the order of [`Dense::weights_mut`].
    pub(super) fn weights(&self) -> impl Iterator<Item = &f32> {
        self.rows.iter().flatten().chain(self.transitions.iter().flatten()).chain(&self.start)
    }
}

/// The mean of the runs' averaged weights.
fn ensemble(runs: &[(Trainer, u64)]) -> Dense {
    let Some(((first, _), rest)) = runs.split_first() else { return Dense::zero(0) };
    let mut dense = first.averaged();
    for (run, _) in rest {
        let other = run.averaged();
        dense.weights_mut().zip(other.weights()).for_each(|(a, b)| *a += b);
    }
    let n = runs.len() as f32;
    dense.weights_mut().for_each(|w| *w /= n);
    dense
}

/// Training sentences with their feature keys numbered densely, in order of first
/// appearance, and their gold label indices: what both trainers learn from.
pub(super) struct Numbered {
    /// Per sentence: each token's feature numbers, and the gold label of each token.
    pub(super) sentences: Vec<(Vec<Vec<u32>>, Vec<usize>)>,
    /// The key of each feature number.
    pub(super) keys: Vec<u32>,
}

impl Numbered {
    /// Numbers the features of `train`, leaving out those seen fewer than `min_count`
    /// times in it (repeated sentences count each time). Deterministic: numbers follow
    /// the order of `train`, never a hash map's order.
    pub(super) fn new(
        train: &[(&Sentence, Domain)],
        lexicon: &Lexicon,
        min_count: usize,
    ) -> Numbered {
        let raw: Vec<Vec<Vec<u32>>> = train
            .iter()
            .map(|(s, domain)| {
                let tokens: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
                sentence_features(&tokens, lexicon, *domain)
            })
            .collect();
        let mut counts: HashMap<u32, usize> = HashMap::new();
        raw.iter().flatten().flatten().for_each(|key| *counts.entry(*key).or_default() += 1);
        let mut index: HashMap<u32, u32> = HashMap::new();
        let mut keys = Vec::new();
        let mut number = |key: u32| -> Option<u32> {
            if counts.get(&key).copied().unwrap_or(0) < min_count {
                return None;
            }
            Some(*index.entry(key).or_insert_with(|| {
                keys.push(key);
                keys.len() as u32 - 1
            }))
        };
        let sentences = raw
            .into_iter()
            .zip(train)
            .map(|(features, (s, _))| {
                let numbered = features
                    .into_iter()
                    .map(|token| token.into_iter().filter_map(&mut number).collect())
                    .collect();
                (numbered, valid_path(s.labels.iter().map(|l| l.index()).collect()))
            })
            .collect();
        Numbered { sentences, keys }
    }
}

/// Weights during training, dense over features numbered in order of first appearance.
#[derive(Clone)]
struct Trainer {
    sentences: Vec<(Vec<Vec<u32>>, Vec<usize>)>,
    keys: Vec<u32>,
    weights: Vec<[f32; LABELS]>,
    totals: Vec<[f32; LABELS]>,
    transitions: [[f32; LABELS]; LABELS],
    transition_totals: [[f32; LABELS]; LABELS],
    start: [f32; LABELS],
    start_totals: [f32; LABELS],
    step: f32,
}

impl Trainer {
    fn new(train: &[(&Sentence, Domain)], lexicon: &Lexicon, min_count: usize) -> Trainer {
        let Numbered { sentences, keys } = Numbered::new(train, lexicon, min_count);
        let n = keys.len();
        Trainer {
            sentences,
            keys,
            weights: vec![[0.0; LABELS]; n],
            totals: vec![[0.0; LABELS]; n],
            transitions: [[0.0; LABELS]; LABELS],
            transition_totals: [[0.0; LABELS]; LABELS],
            start: [0.0; LABELS],
            start_totals: [0.0; LABELS],
            step: 1.0,
        }
    }

    fn learn(&mut self, idx: usize) {
        let Some((features, gold)) = self.sentences.get(idx) else { return };
        let emissions: Vec<[f32; LABELS]> = features
            .iter()
            .map(|token| {
                let mut sums = [0.0f32; LABELS];
                for row in token.iter().filter_map(|f| self.weights.get(*f as usize)) {
                    sums.iter_mut().zip(row).for_each(|(s, w)| *s += w);
                }
                sums
            })
            .collect();
        let predicted = viterbi(&emissions, &self.transitions, &self.start);
        if predicted != *gold {
            let (features, gold) = (features.clone(), gold.clone());
            self.update(&features, &gold, 1.0);
            self.update(&features, &predicted, -1.0);
        }
        self.step += 1.0;
    }

    /// Adds `delta` along one label path; totals collect `step * delta` for averaging.
    fn update(&mut self, features: &[Vec<u32>], path: &[usize], delta: f32) {
        let timed = self.step * delta;
        let mut previous: Option<usize> = None;
        for (token, &label) in features.iter().zip(path) {
            for f in token {
                if let (Some(w), Some(t)) =
                    (self.weights.get_mut(*f as usize), self.totals.get_mut(*f as usize))
                {
                    add_at(w, label, delta);
                    add_at(t, label, timed);
                }
            }
            match previous {
                None => {
                    add_at(&mut self.start, label, delta);
                    add_at(&mut self.start_totals, label, timed);
                }
                Some(p) => {
                    if let (Some(w), Some(t)) =
                        (self.transitions.get_mut(p), self.transition_totals.get_mut(p))
                    {
                        add_at(w, label, delta);
                        add_at(t, label, timed);
                    }
                }
            }
            previous = Some(label);
        }
    }

    /// Averaged weights `w - totals / step`.
    fn averaged(&self) -> Dense {
        let average = |w: f32, t: f32| w - t / self.step;
        let rows: Vec<[f32; LABELS]> = self
            .weights
            .iter()
            .zip(&self.totals)
            .map(|(w, t)| std::array::from_fn(|y| average(w[y], t[y])))
            .collect();
        let transitions = std::array::from_fn(|p| {
            std::array::from_fn(|y| average(self.transitions[p][y], self.transition_totals[p][y]))
        });
        let start = std::array::from_fn(|y| average(self.start[y], self.start_totals[y]));
        Dense { rows, transitions, start }
    }
}

fn add_at(row: &mut [f32; LABELS], label: usize, delta: f32) {
    if let Some(w) = row.get_mut(label) {
        *w += delta;
    }
}

/// Best label path under first-order scores, with invalid BIO transitions forbidden.
///
/// Each step scans every predecessor for every label, with the forbidden ones scored
/// `-inf`: such a candidate never wins the strict `>`, so the result is the one a scan of
/// only the allowed predecessors gives, ties included (the first wins). The scan has no
/// branches, so the compiler turns its inner loop into vector instructions.
fn viterbi(
    emissions: &[[f32; LABELS]],
    transitions: &[[f32; LABELS]; LABELS],
    start: &[f32; LABELS],
) -> Vec<usize> {
    let Some(first) = emissions.first() else { return Vec::new() };
    let mut score: [f32; LABELS] = std::array::from_fn(|y| {
        if Label::from_index(y).can_follow(None) { first[y] + start[y] } else { f32::NEG_INFINITY }
    });
    let allowed = allowed_transitions(transitions);
    let mut back: Vec<[u8; LABELS]> = Vec::with_capacity(emissions.len());
    for emission in emissions.iter().skip(1) {
        let (best, from) = viterbi_step(&score, &allowed);
        back.push(from);
        score = std::array::from_fn(|y| best[y] + emission[y]);
    }
    let mut best = (0..LABELS).fold(0, |b, y| if score[y] > score[b] { y } else { b });
    let mut path = vec![best];
    for from in back.iter().rev() {
        best = usize::from(from[best]);
        path.push(best);
    }
    path.reverse();
    path
}

/// `transitions` with the transitions [`Label::can_follow`] forbids (`I-X` after anything
/// but `B-X` or `I-X`, `B-X` right after `B-X` or `I-X`) set to `-inf`.
fn allowed_transitions(transitions: &[[f32; LABELS]; LABELS]) -> [[f32; LABELS]; LABELS] {
    std::array::from_fn(|p| {
        let previous = Label::from_index(p);
        std::array::from_fn(|y| {
            let is_allowed = Label::from_index(y).can_follow(Some(previous));
            if is_allowed { transitions[p][y] } else { f32::NEG_INFINITY }
        })
    })
}

/// For every label, the best score of reaching it from `score` and the predecessor that
/// gives it (the first of equals; 0 when none is finite).
fn viterbi_step(
    score: &[f32; LABELS],
    allowed: &[[f32; LABELS]; LABELS],
) -> ([f32; LABELS], [u8; LABELS]) {
    let mut best = [f32::NEG_INFINITY; LABELS];
    let mut from = [0u8; LABELS];
    for (p, (s, row)) in (0u8..).zip(score.iter().zip(allowed)) {
        for ((b, f), t) in best.iter_mut().zip(from.iter_mut()).zip(row) {
            let candidate = s + t;
            let is_better = candidate > *b;
            *b = if is_better { candidate } else { *b };
            *f = if is_better { p } else { *f };
        }
    }
    (best, from)
}

/// Fisher–Yates with xorshift64: no crate, and the same seed gives the same order.
fn shuffle(order: &mut [usize], rng: &mut u64) {
    for i in (1..order.len()).rev() {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        let j = (*rng % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        let end = self.pos.checked_add(n).ok_or(NerError::BadModel { offset: self.pos })?;
        let slice = self.bytes.get(self.pos..end).ok_or(NerError::BadModel { offset: self.pos })?;
        self.pos = end;
        Ok(slice)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], NerError> {
        let offset = self.pos;
        self.take(N)?.try_into().map_err(|_| NerError::BadModel { offset })
    }
    fn u32(&mut self) -> Result<u32, NerError> {
        self.array().map(u32::from_le_bytes)
    }
    fn f32(&mut self) -> Result<f32, NerError> {
        self.array().map(f32::from_le_bytes)
    }
    fn i16(&mut self) -> Result<i16, NerError> {
        self.array().map(i16::from_le_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_merged_tagging_table_scores_as_two_lookups_do() {
        let model = crate::ner::NerModel::embedded();
        let sentence = [
            "Statsminister",
            "Mette",
            "Frederiksen",
            "besøgte",
            "Odense",
            "Kommune",
            "i",
            "går",
            ".",
        ];
        let merged = shared_features(&sentence, &model.lexicon);
        let full = sentence_features(&sentence, &model.lexicon, Domain::Target);
        for (shared, all) in merged.iter().zip(&full) {
            assert_eq!(model.tagging_emission(shared), model.emission(all));
        }
    }

    /// Sums of every key of each token, looked up one by one: what tagging computed before
    /// the per-word cache.
    fn uncached_emissions(model: &NerModel, tokens: &[&str]) -> Vec<[f32; LABELS]> {
        let mut emissions = Vec::new();
        for_each_token_features(tokens, &model.lexicon, |keys| {
            emissions.push(model.tagging_emission(keys));
        });
        emissions
    }

    #[test]
    fn cached_emissions_equal_the_sums_of_every_feature() {
        let model = crate::ner::NerModel::embedded();
        let text = "Mette Frederiksen besøgte Odense Kommune i går . \
            Hun mødte borgmester Peter Rahbæk Juel fra Socialdemokratiet , \
            og Odense Kommune bekræfter over for TV 2 Fyn , at mødet fandt sted . \
            Overvågningsrapporterne fra Forsvarsministeriets Efterretningstjeneste nævner Odense .";
        let tokens: Vec<&str> = text.split(' ').collect();
        // Whole sentences and every shorter window, so that each token is seen at the
        // sentence edges too, and words come back from the cache after the first pass;
        // long words too, which the cache keeps outside its slots.
        for len in [1, 2, 3, 5, tokens.len()] {
            for window in tokens.windows(len) {
                assert_eq!(
                    emission_cache::emissions(model, window),
                    uncached_emissions(model, window),
                    "{window:?}"
                );
            }
        }
        assert!(emission_cache::emissions(model, &[]).is_empty());
    }

    #[test]
    fn a_full_cache_starts_over_and_a_longer_sentence_bypasses_it() {
        let model = crate::ner::NerModel::embedded();
        let text = "Mette Frederiksen besøgte Odense Kommune i går . \
            Hun mødte borgmester Peter Rahbæk Juel fra Socialdemokratiet .";
        let tokens: Vec<&str> = text.split(' ').collect();
        // Windows of 1 to 4 words fill a cache of 8 words again and again; 5 words and
        // more are more than half of it.
        for len in 1..=6 {
            let windows: Vec<&[&str]> = tokens.windows(len).collect();
            let (cached, most_held) =
                emission_cache::emissions_through_small_cache(model, &windows, 8);
            for (window, emissions) in windows.iter().zip(cached) {
                assert_eq!(emissions, uncached_emissions(model, window), "{window:?}");
            }
            assert!(most_held <= 8, "{len}-word windows: the cache grew to {most_held} words");
            assert_eq!(most_held == 0, len > 4, "{len}-word windows: {most_held} words held");
        }
    }

    #[test]
    fn a_second_model_on_the_same_thread_gets_its_own_sums() {
        let tokens = ["Mette", "bor", "i", "Odense", "."];
        let embedded = crate::ner::NerModel::embedded();
        assert_eq!(
            emission_cache::emissions(embedded, &tokens),
            uncached_emissions(embedded, &tokens)
        );
        let tiny = tiny_model();
        assert_eq!(emission_cache::emissions(&tiny, &tokens), uncached_emissions(&tiny, &tokens));
        assert_eq!(
            emission_cache::emissions(embedded, &tokens),
            uncached_emissions(embedded, &tokens)
        );
    }
    use crate::ner::conll::parse_conll;

    fn check(model: &NerModel, tokens: &[&str], expected: &[&str]) {
        let tags: Vec<String> = model.tag(tokens).iter().map(ToString::to_string).collect();
        assert_eq!(tags, expected, "{tokens:?}");
    }

    fn tiny_config() -> TrainConfig {
        TrainConfig {
            max_epochs: 5,
            seed: 7,
            min_feature_count: 1,
            target_repeats: 1,
            runs: 1,
            objective: Objective::Perceptron,
        }
    }

    fn tiny_model() -> NerModel {
        let data = "Mette\tB-PER\nbor\tO\ni\tO\nOdense\tB-LOC\n.\tO\n\n\
            Lars\tB-PER\nbor\tO\ni\tO\nVejle\tB-LOC\n.\tO\n";
        let sentences = parse_conll(data);
        let data = TrainData { target: &sentences, transfer: &[], dev: &sentences };
        train(data, Lexicon::default(), &tiny_config()).0
    }

    #[test]
    fn learns_a_tiny_pattern() {
        check(
            &tiny_model(),
            &["Mette", "bor", "i", "Vejle", "."],
            &["B-PER", "O", "O", "B-LOC", "O"],
        );
    }

    #[test]
    fn bytes_round_trip() {
        let model = tiny_model();
        let loaded = NerModel::load(&model.to_bytes()).unwrap();
        assert_eq!(loaded.to_bytes(), model.to_bytes());
        assert!(NerModel::load(b"KNERv001\x01").is_err());
    }

    /// Viterbi as it was written first: only the allowed predecessors, with branches.
    fn viterbi_allowed_only(
        emissions: &[[f32; LABELS]],
        transitions: &[[f32; LABELS]; LABELS],
        start: &[f32; LABELS],
    ) -> Vec<usize> {
        let Some(first) = emissions.first() else { return Vec::new() };
        let can_follow =
            |y: usize, p: Option<usize>| Label::from_index(y).can_follow(p.map(Label::from_index));
        let mut score: [f32; LABELS] = std::array::from_fn(|y| {
            if can_follow(y, None) { first[y] + start[y] } else { f32::NEG_INFINITY }
        });
        let mut back = Vec::new();
        for emission in &emissions[1..] {
            let mut next = [f32::NEG_INFINITY; LABELS];
            let mut from = [0usize; LABELS];
            for y in 0..LABELS {
                for p in (0..LABELS).filter(|&p| can_follow(y, Some(p))) {
                    if score[p] + transitions[p][y] > next[y] {
                        next[y] = score[p] + transitions[p][y];
                        from[y] = p;
                    }
                }
                next[y] += emission[y];
            }
            back.push(from);
            score = next;
        }
        let mut best = (0..LABELS).fold(0, |b, y| if score[y] > score[b] { y } else { b });
        let mut path = vec![best];
        for from in back.iter().rev() {
            best = from[best];
            path.push(best);
        }
        path.reverse();
        path
    }

    #[test]
    fn viterbi_equals_a_scan_of_allowed_predecessors() {
        // Small integer scores make many ties, which must go the same way.
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = |range: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % range) as f32 - (range / 2) as f32
        };
        for length in [1usize, 2, 3, 7, 30] {
            for _ in 0..200 {
                let transitions = std::array::from_fn(|_| std::array::from_fn(|_| next(5)));
                let start = std::array::from_fn(|_| next(5));
                let emissions: Vec<[f32; LABELS]> =
                    (0..length).map(|_| std::array::from_fn(|_| next(7))).collect();
                assert_eq!(
                    viterbi(&emissions, &transitions, &start),
                    viterbi_allowed_only(&emissions, &transitions, &start)
                );
            }
        }
    }

    #[test]
    fn proper_noun_classes_travel_in_the_model_file() {
        let data = "Mette\tB-PER\nbor\tO\ni\tO\nOdense\tB-LOC\n.\tO\n";
        let sentences = parse_conll(data);
        let lexicon = Lexicon::default().with_proper_nouns([("odense", 9, 9), ("bor", 0, 5)]);
        let config = TrainConfig { min_feature_count: 1, ..tiny_config() };
        let sets = TrainData { target: &sentences, transfer: &[], dev: &sentences };
        let model = train(sets, lexicon, &config).0;
        let loaded = NerModel::load(&model.to_bytes()).unwrap();
        assert_eq!(loaded.lexicon, model.lexicon);
        assert_ne!(loaded.lexicon.proper_noun_class("odense"), 0);
        assert_eq!(loaded.lexicon.proper_noun_class("vejle"), 0);
    }

    #[test]
    fn never_puts_two_names_of_one_kind_side_by_side() {
        let (per_begin, per_inside) = (Label::B(super::super::EntityKind::Per).index(), 2);
        let mut emissions = [[0.0; LABELS]; 3];
        emissions[0][per_begin] = 5.0;
        emissions[1][per_inside] = 5.0;
        emissions[2][per_begin] = 5.0;
        emissions[2][per_inside] = 1.0;
        let path = viterbi(&emissions, &[[0.0; LABELS]; LABELS], &[0.0; LABELS]);
        assert_eq!(path, [per_begin, per_inside, per_inside]);
    }

    #[test]
    fn never_starts_inside() {
        let emissions = [[0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]];
        let path = viterbi(&emissions, &[[0.0; LABELS]; LABELS], &[0.0; LABELS]);
        assert!(Label::from_index(path[0]).can_follow(None));
    }
}
