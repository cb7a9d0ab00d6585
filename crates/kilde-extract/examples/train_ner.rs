//! Trains the Danish NER model and writes `data/ner-da.bin`, with dev scores and tagging
//! speed; `kilde train ner` runs the same recipe (`kilde_extract::ner::train_danish`).
//!
//! ```text
//! cargo run --release -p kilde-extract --example train_ner -- \
//!     --data /work/shared/data --out crates/kilde-extract/data/ner-da.bin
//! ```
//!
//! Training set: Plank (2019) train-10k repeated five times, plus NorNE Bokmål train
//! mapped to PER/ORG/LOC/MISC with its most frequent words respelt in Danish; five
//! perceptrons with different shuffles are averaged and epochs are chosen on Plank dev.
//! Same data and seed, same bytes. `--seed N` (default 2019) changes the shuffles, to see
//! how much of a difference in dev F1 is shuffle noise.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use kilde_extract::ner::{EntityKind, NerModel, SHIPPED_SEED, Sentence, train_danish};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("train_ner: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let (data, out, seed) = parse_args()?;
    let started = Instant::now();
    let trained = train_danish(&data, seed).map_err(|e| e.to_string())?;
    let (danish, norne) = trained.sentences;
    eprintln!(
        "trained on {danish} Danish and {norne} Norwegian sentences, dev {}",
        trained.dev.len()
    );
    for (epoch, f1) in trained.report.dev_f1_by_epoch.iter().enumerate() {
        eprintln!("epoch {:2}: dev micro F1 {:.4}", epoch + 1, f1);
    }
    eprintln!(
        "kept epoch {}, trained in {:.1} s",
        trained.report.best_epoch,
        started.elapsed().as_secs_f64()
    );
    let model = trained.model;
    print_scores(&model, &trained.dev);
    print_speed(&model, &trained.dev);
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let (rows, words) = model.sizes();
    eprintln!(
        "wrote {} ({} bytes, {rows} feature rows, {words} lexicon words)",
        out.display(),
        bytes.len()
    );
    Ok(())
}

fn parse_args() -> Result<(PathBuf, PathBuf, u64), String> {
    let mut data = None;
    let mut out = None;
    let mut seed = SHIPPED_SEED;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data" => data = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            "--seed" => {
                let value = args.next().unwrap_or_default();
                seed = value.parse().map_err(|_| format!("--seed wants a number, not {value}"))?;
            }
            other => {
                return Err(format!(
                    "unknown argument {other}; use --data DIR --out FILE [--seed N]"
                ));
            }
        }
    }
    Ok((data.ok_or("missing --data DIR")?, out.ok_or("missing --out FILE")?, seed))
}

/// Tags dev ten times on one core and reports tokens per second (release builds only
/// give a meaningful number).
fn print_speed(model: &NerModel, dev: &[Sentence]) {
    let sentences: Vec<Vec<&str>> =
        dev.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
    let started = Instant::now();
    let mut tokens = 0usize;
    for _ in 0..10 {
        for sentence in &sentences {
            tokens += model.tag(sentence).len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!("tagged {tokens} tokens in {seconds:.2} s: {:.0} tokens/s", tokens as f64 / seconds);
}

fn print_scores(model: &NerModel, dev: &[Sentence]) {
    let scores = model.evaluate(dev);
    let rows = EntityKind::ALL
        .iter()
        .map(|k| (k.as_str(), scores.kind(*k)))
        .chain([("micro", scores.micro)]);
    for (name, c) in rows {
        eprintln!(
            "{name:>5}  P {:.4}  R {:.4}  F1 {:.4}  support {}",
            c.precision(),
            c.recall(),
            c.f1(),
            c.support()
        );
    }
}
