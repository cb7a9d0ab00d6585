//! Times MinHash signing over a JSON Lines corpus on one thread, for
//! docs/benchmarks.md ("Grouping cost"):
//! `cargo run --release -p kilde-extract --example sign_corpus -- /tmp/peers/corpus/news-da-100MB.jsonl`.
#![allow(clippy::unwrap_used)]

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: sign_corpus FILE.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let bodies: Vec<String> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|value| value["text"].as_str().map(String::from))
        .collect();
    let started = Instant::now();
    let signed = bodies.iter().filter_map(|body| kilde_extract::signature(body)).count();
    let seconds = started.elapsed().as_secs_f64();
    let bytes: usize = bodies.iter().map(String::len).sum();
    assert!(signed > 0, "no article was signed");
    println!(
        "{} articles, {signed} signed, {:.1} MB of text in {seconds:.2} s on one thread ({:.0} MB/s)",
        bodies.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / seconds
    );
}
