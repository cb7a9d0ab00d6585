//! `kilde train ner`: rebuilds the NER model from the shared data, deterministically.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use kilde_extract::ner::{SHIPPED_SEED, train_danish};
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
    /// the Apertium gazetteer and wdanish; the same data and seed give the same bytes
    Ner {
        /// The shared data folder (with ner-da-plank2019, ner-nb-norne, lexicon)
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        /// Where to write the model
        #[arg(long, default_value = "crates/kilde-extract/data/ner-da.bin")]
        out: PathBuf,
        /// Shuffle seed (the shipped model uses the default)
        #[arg(long, default_value_t = SHIPPED_SEED)]
        seed: u64,
    },
}

/// Trains and writes the model, then prints its dev scores.
pub fn run(args: Args, ui: &Ui) -> Result<ExitStatus> {
    let What::Ner { data, out, seed } = args.what;
    let started = Instant::now();
    ui.info(&format!("kilde: training the NER model from {} (seed {seed})", data.display()));
    let trained = train_danish(&data, seed).context("training the NER model")?;
    let bytes = trained.model.to_bytes();
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    let scores = NerEval::from_scores(&trained.model.evaluate(&trained.dev));
    ui.info(&format!(
        "kilde: wrote {} ({} bytes) in {:.0} s; dev micro F1 {:.3}, PER F1 {:.3} (epoch {})",
        out.display(),
        bytes.len(),
        started.elapsed().as_secs_f64(),
        scores.micro.f1,
        scores.per_label.get("PER").map_or(0.0, |s| s.f1),
        trained.report.best_epoch,
    ));
    Ok(ExitStatus::Success)
}
