//! `kilde train ner`: rebuilds the NER model from the shared data, deterministically.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use kilde_extract::ner::{Objective, SHIPPED_SEED, train_danish, train_danish_with};
use kilde_serve::wire::NerEval;

use crate::exit::ExitStatus;
use crate::output::Ui;

/// Train a model shipped with kilde.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    /// The Danish NER tagger: Plank 2019 train (dev for model selection), NorNE Bokmål,
    /// the Apertium gazetteer, wdanish and PAROLE-DK's proper nouns; the same data give
    /// the same bytes
    Ner {
        /// The shared data folder (with ner-da-plank2019, ner-nb-norne, lexicon, news-da)
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        /// Where to write the model
        #[arg(long, default_value = "crates/kilde-extract/data/ner-da.bin")]
        out: PathBuf,
        /// How to fit the weights (the shipped model is the CRF)
        #[arg(long, value_enum, default_value_t = Fit::Crf)]
        objective: Fit,
        /// Shuffle seed of the perceptron (the CRF has no shuffles)
        #[arg(long, default_value_t = SHIPPED_SEED)]
        seed: u64,
    },
}

/// Training objectives `kilde train ner` offers.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Fit {
    /// Linear-chain CRF, L-BFGS on the L2-penalised log-likelihood (shipped)
    Crf,
    /// Averaged structured perceptron, five shuffled runs averaged
    Perceptron,
}

/// Trains and writes the model, then prints its dev scores.
pub fn run(args: Args, ui: &Ui) -> Result<ExitStatus> {
    let What::Ner { data, out, objective, seed } = args.what;
    let started = Instant::now();
    ui.info(&format!("kilde: training the NER model from {}", data.display()));
    let trained = match objective {
        Fit::Crf => train_danish(&data),
        Fit::Perceptron => train_danish_with(&data, seed, Objective::Perceptron),
    }
    .context("training the NER model")?;
    let bytes = trained.model.to_bytes();
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    let scores = NerEval::from_scores(&trained.model.evaluate(&trained.dev));
    ui.info(&format!(
        "kilde: wrote {} ({} bytes) in {:.0} s; dev micro F1 {:.3}, PER F1 {:.3} (kept {})",
        out.display(),
        bytes.len(),
        started.elapsed().as_secs_f64(),
        scores.micro.f1,
        scores.per_label.get("PER").map_or(0.0, |s| s.f1),
        kept_step(&trained.report),
    ));
    Ok(ExitStatus::Success)
}

/// The epoch (perceptron) or L-BFGS iteration (CRF) whose weights were kept, as words.
fn kept_step(report: &kilde_extract::ner::TrainReport) -> String {
    let step = report.best_epoch.checked_sub(1).and_then(|i| report.checked_at.get(i));
    step.map_or_else(|| "the last step".to_string(), |s| format!("step {s}"))
}
