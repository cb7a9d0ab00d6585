//! Trains the Danish NER model and writes `data/ner-da.bin`; the lead will move this
//! behind `kilde train ner`.
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

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use kilde_extract::ner::{
    EntityKind, Lexicon, NerModel, Sentence, TrainConfig, TrainData, read_conll, respell_bokmal,
    train,
};

/// How often the Danish sentences are repeated, so NorNE does not drown them.
const DANISH_REPEATS: usize = 5;

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
    let lexicon = read_lexicon(&data)?;
    let danish = read(&data.join("ner-da-plank2019/da_ddt-ud-ner-train-10k.conll"))?;
    let mut norne = read(&data.join("ner-nb-norne/no_bokmaal-ndt-train.conll"))?;
    respell_bokmal(&mut norne);
    let dev = read(&data.join("ner-da-plank2019/da_ddt-ud-ner-dev.conll"))?;
    eprintln!(
        "training on {} Danish and {} Norwegian sentences, dev {}",
        danish.len(),
        norne.len(),
        dev.len()
    );
    let config = TrainConfig {
        max_epochs: 15,
        seed,
        min_feature_count: 3,
        target_repeats: DANISH_REPEATS,
        runs: 5,
    };
    let data = TrainData { target: &danish, transfer: &norne, dev: &dev };
    let (model, report) = train(data, lexicon, &config);
    for (epoch, f1) in report.dev_f1_by_epoch.iter().enumerate() {
        eprintln!("epoch {:2}: dev micro F1 {:.4}", epoch + 1, f1);
    }
    eprintln!(
        "kept epoch {}, trained in {:.1} s",
        report.best_epoch,
        started.elapsed().as_secs_f64()
    );
    print_scores(&model, &dev);
    print_speed(&model, &dev);
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
    let mut seed = 2019;
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

fn read(path: &Path) -> Result<Vec<Sentence>, String> {
    read_conll(path).map_err(|e| format!("{e}"))
}

fn read_lexicon(data: &Path) -> Result<Lexicon, String> {
    let read = |p: PathBuf| {
        std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    let gazetteer = read(data.join("lexicon/apertium-dan/dan-gazetteer-np.tsv"))?;
    let words = read(data.join("lexicon/wdanish/danish.txt"))?;
    Ok(Lexicon::from_sources(&gazetteer, &words))
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
