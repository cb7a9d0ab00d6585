//! Prints the spans a NER model gets wrong on a CoNLL file, one sentence per block:
//! what to read before changing features.
//!
//! ```text
//! cargo run --release -p kilde-extract --example ner_errors -- MODEL.bin GOLD.conll [LABEL]
//! ```

use std::collections::BTreeSet;
use std::process::ExitCode;

use kilde_extract::ner::conll::spans;
use kilde_extract::ner::{NerModel, read_conll};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(model_path), Some(gold_path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: ner_errors MODEL.bin GOLD.conll [PER|ORG|LOC|MISC]");
        return ExitCode::from(2);
    };
    let only = args.get(2).map(|l| l.to_uppercase());
    let model = match std::fs::read(model_path)
        .map_err(|e| e.to_string())
        .and_then(|b| NerModel::load(&b).map_err(|e| e.to_string()))
    {
        Ok(model) => model,
        Err(e) => {
            eprintln!("ner_errors: {model_path}: {e}");
            return ExitCode::from(2);
        }
    };
    let sentences = match read_conll(std::path::Path::new(gold_path)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ner_errors: {e}");
            return ExitCode::from(2);
        }
    };
    for (number, sentence) in sentences.iter().enumerate() {
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        let predicted = model.tag(&tokens);
        let show = |s: &(usize, usize, kilde_extract::ner::EntityKind)| {
            let words = tokens.get(s.0..s.1).unwrap_or_default().join(" ");
            format!("{:?} [{words}]", s.2)
        };
        let keep = |s: &&(usize, usize, kilde_extract::ner::EntityKind)| {
            only.as_ref().is_none_or(|l| format!("{:?}", s.2).to_uppercase() == *l)
        };
        let gold: BTreeSet<_> = spans(&sentence.labels).into_iter().collect();
        let found: BTreeSet<_> = spans(&predicted).into_iter().collect();
        let missed: Vec<String> = gold.difference(&found).filter(keep).map(show).collect();
        let wrong: Vec<String> = found.difference(&gold).filter(keep).map(show).collect();
        if missed.is_empty() && wrong.is_empty() {
            continue;
        }
        println!("#{number}: {}", tokens.join(" "));
        missed.iter().for_each(|m| println!("  missed {m}"));
        wrong.iter().for_each(|w| println!("  wrong  {w}"));
    }
    ExitCode::SUCCESS
}
