//! Linear-chain CRF training for the tagger the perceptron trains: same features, same
//! BIO labels and allowed transitions, same model file.
//!
//! Why hand-written: the Rust CRF crates are `crfsuite` (bindings that build the C
//! library CRFsuite) and `crfs` (a pure-Rust CRFsuite port); both work on their own string
//! attributes and model format, so their weights would have to be mapped back onto our
//! hashed keys, domain copies and i16 file, and the features extracted twice. `argmin`
//! has L-BFGS, but brings a generic solver stack (argmin-math, num-traits, rand, anyhow,
//! thiserror, …) for what is here one loop of ~80 lines. Owning the ~500 lines keeps one
//! feature pipeline, one file format and byte-for-byte rebuilds.
//!
//! Method: Lafferty, McCallum and Pereira (2001), "Conditional Random Fields:
//! Probabilistic Models for Segmenting and Labeling Sequence Data". The L2-regularised
//! negative log-likelihood is minimised by L-BFGS (Liu and Nocedal 1989; the two-loop
//! recursion of Nocedal and Wright, "Numerical Optimization", algorithm 7.4) with a
//! backtracking Armijo line search. Forward-backward runs on exponentiated scores with
//! each position's largest emission (and the largest transition and start weight)
//! subtracted and each forward step normalised, the logarithms of the normalisers summing
//! to log Z (the scaling CRFsuite uses): the same numbers as log-space recursions without
//! a logarithm per label pair. Unlike log space it can underflow when the scores along
//! every path differ by more than ~700, i.e. with weights far larger than L2 lets them
//! grow from zero (the likely reason why L-BFGS took no step when started from a
//! perceptron scaled up ×14). Forbidden
//! BIO transitions get probability zero. Danish sentences weigh `target_repeats` times a
//! Norwegian one instead of being repeated. Everything runs on one thread in a fixed
//! order, so the same data gives the same model bytes. The iteration kept is chosen on
//! dev, every [`CrfConfig::check_every`] iterations.

use std::collections::VecDeque;

use super::features::Domain;
use super::lexicon::Lexicon;
use super::perceptron::{Dense, LABELS, NerModel, Numbered, TrainData, TrainReport};
use super::{Label, Sentence};

/// Settings of CRF training.
#[derive(Debug, Clone, PartialEq)]
pub struct CrfConfig {
    /// Strength of the L2 penalty `l2 / 2 · ‖θ‖²`, against a log-likelihood summed (not
    /// averaged) over the weighted sentences.
    pub l2: f64,
    /// Upper bound on L-BFGS iterations.
    pub max_iterations: usize,
    /// Iterations between two dev checks; the best check is kept.
    pub check_every: usize,
    /// Correction pairs L-BFGS keeps.
    pub history: usize,
}

impl Default for CrfConfig {
    fn default() -> CrfConfig {
        CrfConfig { l2: 0.3, max_iterations: 400, check_every: 5, history: 8 }
    }
}

/// Trains a CRF on target (weighted by `target_repeats`) plus transfer sentences, keeping
/// the dev check with the best micro F1. `min_count` is counted as if the target
/// sentences were repeated, as the perceptron counts it.
pub(super) fn train_crf(
    data: TrainData<'_>,
    lexicon: Lexicon,
    target_repeats: usize,
    min_count: usize,
    config: &CrfConfig,
) -> (NerModel, TrainReport) {
    let (keys, dense, report) = crf_weights(data, &lexicon, target_repeats, min_count, config);
    (NerModel::from_dense(&keys, &dense, lexicon), report)
}

/// The CRF's float weights at the best dev check, with the key of each row.
fn crf_weights(
    data: TrainData<'_>,
    lexicon: &Lexicon,
    target_repeats: usize,
    min_count: usize,
    config: &CrfConfig,
) -> (Vec<u32>, Dense, TrainReport) {
    let corpus = Corpus::new(data, lexicon, target_repeats, min_count, config.l2);
    let (dense, report) = crf_dense(&corpus, data.dev, lexicon, config);
    (corpus.keys, dense, report)
}

/// Minimises the CRF objective of `corpus`, checking on `dev`; the best check's weights.
fn crf_dense(
    corpus: &Corpus,
    dev: &[Sentence],
    lexicon: &Lexicon,
    config: &CrfConfig,
) -> (Dense, TrainReport) {
    let mut theta = vec![0.0; corpus.dimension()];
    let every = config.check_every.max(1);
    let mut report = TrainReport::default();
    let mut best: Option<Dense> = None;
    let mut check = |iteration: usize, theta: &[f64], is_last: bool| {
        if !iteration.is_multiple_of(every) && !is_last {
            return;
        }
        let dense = corpus.dense(theta);
        let model = NerModel::from_dense(&corpus.keys, &dense, lexicon.clone());
        let scores = model.evaluate(dev);
        let f1 = scores.micro.f1();
        report.dev_per_f1_by_epoch.push(scores.kind(super::EntityKind::Per).f1());
        if report.dev_f1_by_epoch.iter().all(|previous| f1 > *previous) {
            report.best_epoch = report.dev_f1_by_epoch.len() + 1;
            best = Some(dense);
        }
        report.dev_f1_by_epoch.push(f1);
        report.checked_at.push(iteration);
    };
    minimise(|x, g| corpus.objective(x, g), &mut theta, config, &mut check);
    (best.unwrap_or_else(|| corpus.dense(&theta)), report)
}

/// Numbered training sentences with their weights, and the parameter layout: a row of
/// `LABELS` weights per feature, then transitions `[previous][label]`, then start weights.
struct Corpus {
    sentences: Vec<(Vec<Vec<u32>>, Vec<usize>, f64)>,
    keys: Vec<u32>,
    l2: f64,
}

impl Corpus {
    fn new(
        data: TrainData<'_>,
        lexicon: &Lexicon,
        target_repeats: usize,
        min_count: usize,
        l2: f64,
    ) -> Corpus {
        let repeats = target_repeats.max(1);
        let mut train: Vec<(&Sentence, Domain)> = Vec::new();
        for _ in 0..repeats {
            train.extend(data.target.iter().map(|s| (s, Domain::Target)));
        }
        train.extend(data.transfer.iter().map(|s| (s, Domain::Transfer)));
        let Numbered { sentences, keys } = Numbered::new(&train, lexicon, min_count);
        let first_transfer = data.target.len() * repeats;
        let weight = |idx: usize| if idx < first_transfer { repeats as f64 } else { 1.0 };
        let sentences = sentences
            .into_iter()
            .enumerate()
            .filter(|(idx, _)| *idx < data.target.len() || *idx >= first_transfer)
            .map(|(idx, (features, gold))| (features, gold, weight(idx)))
            .collect();
        Corpus { sentences, keys, l2 }
    }

    fn dimension(&self) -> usize {
        self.keys.len() * LABELS + LABELS * LABELS + LABELS
    }

    /// The parameters as float weights.
    fn dense(&self, theta: &[f64]) -> Dense {
        let n = self.keys.len() * LABELS;
        let (rows, rest) = theta.split_at(n.min(theta.len()));
        let rows = rows.chunks_exact(LABELS).map(|row| std::array::from_fn(|y| row[y] as f32));
        let at = |i: usize| rest.get(i).map_or(0.0, |w| *w as f32);
        Dense {
            rows: rows.collect(),
            transitions: std::array::from_fn(|p| std::array::from_fn(|y| at(p * LABELS + y))),
            start: std::array::from_fn(|y| at(LABELS * LABELS + y)),
        }
    }

    /// The penalised negative log-likelihood at `theta`, its gradient written to
    /// `gradient`; both are [`Self::dimension`] long.
    fn objective(&self, theta: &[f64], gradient: &mut [f64]) -> f64 {
        gradient.fill(0.0);
        let n = (self.keys.len() * LABELS).min(theta.len()).min(gradient.len());
        let (rows, rest) = theta.split_at(n);
        let chain = Chain::new(rest);
        let mut chain_gradient = vec![0.0; rest.len()];
        let mut work = Work::default();
        let (row_gradient, _) = gradient.split_at_mut(n);
        let mut loss = 0.0;
        for (features, gold, weight) in &self.sentences {
            let sentence = SentenceRef { features, gold, weight: *weight };
            loss += work.add_sentence(rows, &chain, sentence, row_gradient, &mut chain_gradient);
        }
        if let Some(tail) = gradient.get_mut(n..) {
            tail.iter_mut().zip(&chain_gradient).for_each(|(g, c)| *g = *c);
        }
        for (g, w) in gradient.iter_mut().zip(theta) {
            loss += 0.5 * self.l2 * w * w;
            *g += self.l2 * w;
        }
        loss
    }
}

/// Transition and start weights, and their exponentials with forbidden moves at zero.
/// The exponentials are taken after subtracting the largest allowed weight of each kind
/// (`transition_max`, `start_max`), so none overflows however large the weights grow;
/// the forward pass adds the maxima back into log Z.
struct Chain<'a> {
    weights: &'a [f64],
    transition_exp: [[f64; LABELS]; LABELS],
    start_exp: [f64; LABELS],
    transition_max: f64,
    start_max: f64,
}

impl<'a> Chain<'a> {
    fn new(weights: &'a [f64]) -> Chain<'a> {
        let at = |i: usize| weights.get(i).copied().unwrap_or(0.0);
        let allowed =
            |y: usize, p: Option<usize>| Label::from_index(y).can_follow(p.map(Label::from_index));
        let pairs = (0..LABELS).flat_map(|p| (0..LABELS).map(move |y| (p, y)));
        let transition_max = pairs
            .filter(|&(p, y)| allowed(y, Some(p)))
            .fold(f64::NEG_INFINITY, |m, (p, y)| m.max(at(p * LABELS + y)));
        let start_max = (0..LABELS)
            .filter(|&y| allowed(y, None))
            .fold(f64::NEG_INFINITY, |m, y| m.max(at(LABELS * LABELS + y)));
        let transition_exp = std::array::from_fn(|p| {
            std::array::from_fn(|y| {
                let w = at(p * LABELS + y) - transition_max;
                if allowed(y, Some(p)) { w.exp() } else { 0.0 }
            })
        });
        let start_exp = std::array::from_fn(|y| {
            let w = at(LABELS * LABELS + y) - start_max;
            if allowed(y, None) { w.exp() } else { 0.0 }
        });
        Chain { weights, transition_exp, start_exp, transition_max, start_max }
    }

    fn transition(&self, previous: usize, label: usize) -> f64 {
        self.weights.get(previous * LABELS + label).copied().unwrap_or(0.0)
    }

    fn start(&self, label: usize) -> f64 {
        self.weights.get(LABELS * LABELS + label).copied().unwrap_or(0.0)
    }
}

/// One training sentence: each token's feature numbers, gold labels, weight.
#[derive(Clone, Copy)]
struct SentenceRef<'a> {
    features: &'a [Vec<u32>],
    gold: &'a [usize],
    weight: f64,
}

/// Buffers reused from sentence to sentence.
#[derive(Default)]
struct Work {
    /// Emission scores, then their exponentials less each position's maximum.
    emission: Vec<[f64; LABELS]>,
    alpha: Vec<[f64; LABELS]>,
    beta: Vec<[f64; LABELS]>,
    /// Forward normalisers.
    scale: Vec<f64>,
}

impl Work {
    /// Adds one sentence's weighted gradient and returns its weighted negative
    /// log-likelihood.
    fn add_sentence(
        &mut self,
        rows: &[f64],
        chain: &Chain<'_>,
        sentence: SentenceRef<'_>,
        row_gradient: &mut [f64],
        chain_gradient: &mut [f64],
    ) -> f64 {
        if sentence.features.is_empty() {
            return 0.0;
        }
        let gold_score = self.score_emissions(rows, chain, sentence);
        let offset = self.exponentiate_offset();
        let log_z = offset + self.forward(chain);
        self.backward(chain);
        self.add_emission_gradient(sentence, row_gradient);
        self.add_chain_gradient(chain, sentence, chain_gradient);
        sentence.weight * (log_z - gold_score)
    }

    /// Fills the emission scores and returns the gold path's score.
    fn score_emissions(&mut self, rows: &[f64], chain: &Chain<'_>, s: SentenceRef<'_>) -> f64 {
        self.emission.clear();
        for token in s.features {
            let mut sums = [0.0; LABELS];
            for f in token {
                let start = *f as usize * LABELS;
                if let Some(row) = rows.get(start..start + LABELS) {
                    sums.iter_mut().zip(row).for_each(|(s, w)| *s += w);
                }
            }
            self.emission.push(sums);
        }
        let mut score = 0.0;
        let mut previous = None;
        for (sums, &y) in self.emission.iter().zip(s.gold) {
            score += sums.get(y).copied().unwrap_or(0.0);
            score += previous.map_or_else(|| chain.start(y), |p| chain.transition(p, y));
            previous = Some(y);
        }
        score
    }

    /// Replaces each emission row by `exp(score - max)` and returns the sum of the maxima.
    fn exponentiate_offset(&mut self) -> f64 {
        let mut offset = 0.0;
        for row in self.emission.iter_mut() {
            let max = row.iter().fold(f64::NEG_INFINITY, |m, s| m.max(*s));
            row.iter_mut().for_each(|s| *s = (*s - max).exp());
            offset += max;
        }
        offset
    }

    /// Normalised forward pass over the exponentiated emissions; returns the log of the
    /// product of the normalisers plus the maxima taken out of the chain's exponentials.
    fn forward(&mut self, chain: &Chain<'_>) -> f64 {
        self.alpha.clear();
        self.scale.clear();
        let steps = self.emission.len().saturating_sub(1) as f64;
        let mut log_z = chain.start_max + steps * chain.transition_max;
        for e in &self.emission {
            let mut next: [f64; LABELS] = match self.alpha.last() {
                None => std::array::from_fn(|y| chain.start_exp[y] * e[y]),
                Some(a) => std::array::from_fn(|y| {
                    e[y] * (0..LABELS).map(|p| a[p] * chain.transition_exp[p][y]).sum::<f64>()
                }),
            };
            let c = next.iter().sum::<f64>().max(f64::MIN_POSITIVE);
            next.iter_mut().for_each(|a| *a /= c);
            self.alpha.push(next);
            self.scale.push(c);
            log_z += c.ln();
        }
        log_z
    }

    /// Backward pass scaled by the forward normalisers, so `alpha[t][y] * beta[t][y]` is
    /// the marginal of label `y` at `t`.
    fn backward(&mut self, chain: &Chain<'_>) {
        let len = self.emission.len();
        self.beta.clear();
        self.beta.resize(len, [1.0; LABELS]);
        for t in (0..len.saturating_sub(1)).rev() {
            let (Some(e), Some(c), Some(after)) =
                (self.emission.get(t + 1), self.scale.get(t + 1), self.beta.get(t + 1))
            else {
                continue;
            };
            let next: [f64; LABELS] = std::array::from_fn(|y| e[y] * after[y] / c);
            let row: [f64; LABELS] = std::array::from_fn(|p| {
                (0..LABELS).map(|y| chain.transition_exp[p][y] * next[y]).sum::<f64>()
            });
            if let Some(b) = self.beta.get_mut(t) {
                *b = row;
            }
        }
    }

    /// Adds `weight · (marginal − gold)` to the rows of every feature of every token.
    fn add_emission_gradient(&self, s: SentenceRef<'_>, row_gradient: &mut [f64]) {
        let positions = self.alpha.iter().zip(&self.beta).zip(s.features).zip(s.gold);
        for (((a, b), token), &gold) in positions {
            let mut delta: [f64; LABELS] = std::array::from_fn(|y| a[y] * b[y]);
            if let Some(d) = delta.get_mut(gold) {
                *d -= 1.0;
            }
            delta.iter_mut().for_each(|d| *d *= s.weight);
            for f in token {
                let start = *f as usize * LABELS;
                if let Some(row) = row_gradient.get_mut(start..start + LABELS) {
                    row.iter_mut().zip(&delta).for_each(|(g, d)| *g += d);
                }
            }
        }
    }

    /// Adds `weight · (expected − gold)` counts of transitions and starts.
    fn add_chain_gradient(&self, chain: &Chain<'_>, s: SentenceRef<'_>, gradient: &mut [f64]) {
        let (transitions, start) = gradient.split_at_mut(LABELS * LABELS);
        if let (Some(a), Some(b)) = (self.alpha.first(), self.beta.first()) {
            start.iter_mut().enumerate().for_each(|(y, g)| *g += s.weight * a[y] * b[y]);
        }
        for t in 1..self.alpha.len() {
            let (Some(a), Some(e), Some(b), Some(c)) =
                (self.alpha.get(t - 1), self.emission.get(t), self.beta.get(t), self.scale.get(t))
            else {
                continue;
            };
            for (p, row) in transitions.chunks_exact_mut(LABELS).enumerate() {
                let from = s.weight * a[p] / c;
                for (y, g) in row.iter_mut().enumerate() {
                    *g += from * chain.transition_exp[p][y] * e[y] * b[y];
                }
            }
        }
        let mut previous = None;
        for &y in s.gold {
            let slot = match previous {
                None => start.get_mut(y),
                Some(p) => transitions.get_mut(p * LABELS + y),
            };
            if let Some(g) = slot {
                *g -= s.weight;
            }
            previous = Some(y);
        }
    }
}

/// A correction pair `(s, y, 1 / sᵀy)` of L-BFGS.
type Pair = (Vec<f64>, Vec<f64>, f64);

/// Minimises `f` (value, gradient written to its second argument) from `x` by L-BFGS,
/// calling `after(iteration, x, is_last)` after each iteration. Stops after
/// `max_iterations`, when the line search finds no decrease, or when the value changes by
/// less than a relative 1e-7.
fn minimise(
    f: impl Fn(&[f64], &mut [f64]) -> f64,
    x: &mut Vec<f64>,
    config: &CrfConfig,
    after: &mut impl FnMut(usize, &[f64], bool),
) {
    let mut gradient = vec![0.0; x.len()];
    let mut value = f(x, &mut gradient);
    let mut pairs: VecDeque<Pair> = VecDeque::new();
    for iteration in 1..=config.max_iterations {
        let mut direction = two_loop(&gradient, &pairs);
        if dot(&direction, &gradient) >= 0.0 {
            pairs.clear();
            direction = gradient.iter().map(|g| -g).collect();
        }
        let first_step = if iteration == 1 { 1.0 / norm(&gradient).max(1e-12) } else { 1.0 };
        let Some((next_x, next_gradient, next_value)) =
            line_search(&f, x, value, &gradient, &direction, first_step)
        else {
            after(iteration, x, true);
            return;
        };
        let s: Vec<f64> = next_x.iter().zip(x.iter()).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = next_gradient.iter().zip(&gradient).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        if sy > 1e-10 {
            if pairs.len() == config.history.max(1) {
                pairs.pop_front();
            }
            pairs.push_back((s, y, 1.0 / sy));
        }
        let converged = (value - next_value).abs() <= 1e-7 * next_value.abs().max(1.0);
        (*x, gradient, value) = (next_x, next_gradient, next_value);
        let is_last = converged || iteration == config.max_iterations;
        after(iteration, x, is_last);
        if converged {
            return;
        }
    }
}

/// `-H·g` for the inverse Hessian approximation of the stored pairs.
fn two_loop(gradient: &[f64], pairs: &VecDeque<Pair>) -> Vec<f64> {
    let mut q: Vec<f64> = gradient.iter().map(|g| -g).collect();
    let mut alphas = Vec::with_capacity(pairs.len());
    for (s, y, rho) in pairs.iter().rev() {
        let alpha = rho * dot(s, &q);
        q.iter_mut().zip(y).for_each(|(q, y)| *q -= alpha * y);
        alphas.push(alpha);
    }
    if let Some((s, y, _)) = pairs.back() {
        let gamma = dot(s, y) / dot(y, y).max(1e-300);
        q.iter_mut().for_each(|q| *q *= gamma);
    }
    for ((s, y, rho), alpha) in pairs.iter().zip(alphas.iter().rev()) {
        let beta = rho * dot(y, &q);
        q.iter_mut().zip(s).for_each(|(q, s)| *q += (alpha - beta) * s);
    }
    q
}

/// Backtracking from `step` until the Armijo condition holds; `None` if the step shrinks
/// to nothing.
fn line_search(
    f: &impl Fn(&[f64], &mut [f64]) -> f64,
    x: &[f64],
    value: f64,
    gradient: &[f64],
    direction: &[f64],
    mut step: f64,
) -> Option<(Vec<f64>, Vec<f64>, f64)> {
    let slope = dot(gradient, direction);
    let mut next_gradient = vec![0.0; x.len()];
    for _ in 0..40 {
        let next_x: Vec<f64> = x.iter().zip(direction).map(|(x, d)| x + step * d).collect();
        let next_value = f(&next_x, &mut next_gradient);
        if next_value <= value + 1e-4 * step * slope {
            return Some((next_x, next_gradient, next_value));
        }
        step *= 0.5;
    }
    None
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finite differences of the objective on a tiny corpus agree with its gradient.
    #[test]
    fn gradient_matches_finite_differences() {
        let data = "Mette\tB-PER\nbor\tO\ni\tO\nOdense\tB-LOC\n.\tO\n\n\
            Lars\tB-PER\nLøkke\tI-PER\nbor\tO\ni\tO\nVejle\tB-LOC\n";
        let sentences = super::super::parse_conll(data);
        let sets = TrainData { target: &sentences, transfer: &sentences, dev: &sentences };
        let corpus = Corpus::new(sets, &Lexicon::default(), 2, 1, 0.5);
        let n = corpus.dimension();
        let theta: Vec<f64> = (0..n).map(|i| ((i * 37 % 11) as f64 - 5.0) / 10.0).collect();
        let mut gradient = vec![0.0; n];
        corpus.objective(&theta, &mut gradient);
        let mut scratch = vec![0.0; n];
        for i in (0..n).step_by(7) {
            let mut plus = theta.clone();
            let mut minus = theta.clone();
            plus[i] += 1e-5;
            minus[i] -= 1e-5;
            let numeric = (corpus.objective(&plus, &mut scratch)
                - corpus.objective(&minus, &mut scratch))
                / 2e-5;
            assert!((numeric - gradient[i]).abs() < 1e-4, "{i}: {numeric} vs {}", gradient[i]);
        }
    }

    #[test]
    fn large_transition_weights_do_not_overflow() {
        let data = "Mette\tB-PER\nFrederiksen\tI-PER\nbor\tO\n";
        let sentences = super::super::parse_conll(data);
        let sets = TrainData { target: &sentences, transfer: &[], dev: &sentences };
        let corpus = Corpus::new(sets, &Lexicon::default(), 1, 1, 0.0);
        let n = corpus.dimension();
        let theta: Vec<f64> =
            (0..n).map(|i| if i >= n - LABELS * (LABELS + 1) { 1000.0 } else { 0.0 }).collect();
        let mut gradient = vec![0.0; n];
        let loss = corpus.objective(&theta, &mut gradient);
        assert!(loss.is_finite() && gradient.iter().all(|g| g.is_finite()), "{loss}");
    }

    #[test]
    fn learns_a_tiny_pattern() {
        let data = "Mette\tB-PER\nbor\tO\ni\tO\nOdense\tB-LOC\n.\tO\n\n\
            Lars\tB-PER\nbor\tO\ni\tO\nVejle\tB-LOC\n.\tO\n";
        let sentences = super::super::parse_conll(data);
        let sets = TrainData { target: &sentences, transfer: &[], dev: &sentences };
        let config = CrfConfig { max_iterations: 50, ..CrfConfig::default() };
        let (model, report) = train_crf(sets, Lexicon::default(), 1, 1, &config);
        let tags: Vec<String> = model
            .tag(&["Mette", "bor", "i", "Vejle", "."])
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(tags, ["B-PER", "O", "O", "B-LOC", "O"]);
        assert_eq!(report.checked_at.len(), report.dev_f1_by_epoch.len());
    }

    #[test]
    fn training_twice_gives_the_same_bytes() {
        let data = "Mette\tB-PER\nbor\tO\ni\tO\nOdense\tB-LOC\n.\tO\n";
        let sentences = super::super::parse_conll(data);
        let sets = TrainData { target: &sentences, transfer: &sentences, dev: &sentences };
        let config = CrfConfig { max_iterations: 20, ..CrfConfig::default() };
        let bytes = || train_crf(sets, Lexicon::default(), 2, 1, &config).0.to_bytes();
        assert_eq!(bytes(), bytes());
    }
}
