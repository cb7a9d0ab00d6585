//! Times the Danish analyzer alone over a JSON Lines corpus, on one thread: the number
//! behind "Where kilde's ingest time goes" in docs/benchmarks.md.
//!
//! `cargo run --release -p kilde-analyze --example tokenize_corpus -- CORPUS.jsonl`
use std::io::BufRead;
use std::time::Instant;

use kilde_analyze::{AnalyzeSettings, danish_analyzer};
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};

fn tokens(analyzer: &mut TextAnalyzer, texts: &[String]) -> (usize, f64) {
    let started = Instant::now();
    let mut count = 0;
    for text in texts {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            count += 1;
        }
    }
    (count, started.elapsed().as_secs_f64())
}

fn main() -> Result<(), String> {
    let path = std::env::args().nth(1).ok_or("usage: tokenize_corpus CORPUS.jsonl")?;
    let file = std::fs::File::open(&path).map_err(|e| format!("opening {path}: {e}"))?;
    let mut texts: Vec<String> = Vec::new();
    for (number, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{path}:{}: {e}", number + 1))?;
        let value: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("{path}:{}: {e}", number + 1))?;
        texts.push(value["text"].as_str().unwrap_or_default().to_string());
    }
    let mut default =
        TokenizerManager::default().get("default").ok_or("tantivy has no `default` tokenizer")?;
    let (n, s) = tokens(&mut default, &texts);
    println!("tantivy default  {s:>6.2} s  {n} tokens");
    let mut danish = danish_analyzer(AnalyzeSettings::default());
    let (n, s) = tokens(&mut danish, &texts);
    println!("kilde danish     {s:>6.2} s  {n} tokens");
    Ok(())
}
