//! Where does kilde's ingest CPU go? Single thread, one pass per stage over the corpus text:
//! JSON reading, tantivy's default tokenizer, kilde's segmenter, exact analyzer and Danish
//! analyzer (warm cache, cache reset every 1000 docs, without decompounding/stemming).
use std::io::BufRead;
use std::time::Instant;
use kilde_analyze::{AnalyzeSettings, danish_analyzer, exact_analyzer, segment::segment};
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};

fn count(a: &mut TextAnalyzer, t: &str) -> usize {
    let mut s = a.token_stream(t);
    let mut n = 0;
    while s.advance() { n += s.token().text.len(); }
    n
}

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let t = Instant::now();
    let mut texts = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(&path).unwrap()).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        texts.push(v["text"].as_str().unwrap().to_string());
    }
    println!("read+json(Value)     {:>7.2} s  {} docs", t.elapsed().as_secs_f64(), texts.len());
    let run = |name: &str, mk: &dyn Fn() -> TextAnalyzer, fresh_every: usize| {
        let t = Instant::now();
        let mut a = mk();
        let mut n = 0usize;
        for (i, x) in texts.iter().enumerate() {
            if fresh_every > 0 && i % fresh_every == 0 { a = mk(); }
            n += count(&mut a, x);
        }
        println!("{name:<20} {:>7.2} s  ({n} token bytes)", t.elapsed().as_secs_f64());
    };
    let tm = TokenizerManager::default();
    run("tantivy default", &|| tm.get("default").unwrap(), 0);
    let t = Instant::now();
    let mut n = 0;
    for x in &texts { n += segment(x).len(); }
    println!("segment() only       {:>7.2} s  ({n} segments)", t.elapsed().as_secs_f64());
    run("kilde exact", &|| exact_analyzer(), 0);
    let s = AnalyzeSettings::default();
    // load the embedded lexicon once, outside the timings
    let t = Instant::now();
    count(&mut danish_analyzer(s), "Overvågningsrapporterne blev lækket");
    println!("lexicon load (once)  {:>7.2} s", t.elapsed().as_secs_f64());
    run("kilde danish warm", &|| danish_analyzer(s), 0);
    run("kilde danish cold/1k", &|| danish_analyzer(s), 1000);
    run("danish no-decomp", &|| danish_analyzer(AnalyzeSettings { decompound: false, stem: true }), 0);
    run("danish no-stem/dec", &|| danish_analyzer(AnalyzeSettings { decompound: false, stem: false }), 0);
}
