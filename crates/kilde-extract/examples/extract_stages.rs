//! Times each extraction stage over a JSON Lines corpus on one thread, to see where
//! ingest with extraction spends its time (docs/benchmarks.md):
//! `cargo run --release -p kilde-extract --example extract_stages -- /tmp/peers/corpus/news-da-100MB.jsonl`.
//! Stages run in the order `extract` runs them, each on the previous stage's output;
//! reading and parsing the file are not counted. Then `extract` runs again on the same
//! article, with its text and words already in the processor's caches: the gap to the
//! sum of the stages is what waiting on memory costs. Times are wall-clock on one
//! thread, so run it on a quiet machine and compare runs, not single numbers.
mod common;

use std::time::{Duration, Instant};

use kilde_extract::{NerModel, find_entities, find_quotes, find_timexes, link_mentions};

/// The allocator `kilde` itself uses, so the times are the ones ingest sees.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), String> {
    let path = std::env::args().nth(1).ok_or("usage: extract_stages FILE.jsonl")?;
    let bodies = common::read_bodies(&path)?;
    let model = NerModel::embedded();
    let mut times = [Duration::ZERO; 5];
    let mut found = [0usize; 3];
    for body in &bodies {
        let started = Instant::now();
        let mentions = find_entities(model, body);
        let tagged = Instant::now();
        let entities = link_mentions(body, mentions);
        let linked = Instant::now();
        let quotes = find_quotes(body, &entities);
        let quoted = Instant::now();
        let timexes = find_timexes(body, None);
        let dated = Instant::now();
        std::hint::black_box(kilde_extract::extract_with(model, body, None));
        times[4] += dated.elapsed();
        for (time, (from, to)) in times.iter_mut().zip([
            (started, tagged),
            (tagged, linked),
            (linked, quoted),
            (quoted, dated),
        ]) {
            *time += to - from;
        }
        found[0] += entities.len();
        found[1] += quotes.len();
        found[2] += timexes.len();
    }
    let bytes: usize = bodies.iter().map(String::len).sum();
    let tokens: usize = bodies.iter().map(|body| kilde_extract::ner::tokenize(body).len()).sum();
    println!(
        "{} articles, {:.1} MB of text, {:.1} M tagger tokens, one thread:",
        bodies.len(),
        bytes as f64 / 1e6,
        tokens as f64 / 1e6
    );
    let names = ["NER tagging", "name linking", "quotes", "dates", "all again, data warm"];
    for (name, time) in names.iter().zip(times) {
        println!("  {name:<26} {:>7.2} s", time.as_secs_f64());
    }
    let tagging = times[0].as_secs_f64();
    println!(
        "  tagging speed: {:.1} M tokens/s, tokenising included",
        tokens as f64 / tagging / 1e6
    );
    println!("  found: {} entities, {} quotes, {} dates", found[0], found[1], found[2]);
    Ok(())
}
