//! Raw-tantivy baseline for kilde's benchmarks (`bench/run.sh`).
//!
//! `tantivy-baseline ingest CORPUS.jsonl INDEX_DIR [--heap-mb 256] [--threads 2]`
//!   Indexes JSON Lines `{id, date, text, ...}` with tantivy's `default` tokenizer
//!   (simple + remove_long(40) + lowercase): id STRING|STORED, date i64 INDEXED|FAST
//!   (days since 1970-01-01), text TEXT|STORED. One writer (256 MB heap, 2 threads),
//!   one commit, then waits for merges. Prints `{"docs": N, "bytes": B}` on stdout.
//!
//! `tantivy-baseline query INDEX_DIR QUERIES.txt [--warmup 3] [--passes 5]`
//!   Times queries exactly like `kilde bench-queries` and peers_lib.py: one thread,
//!   warm-up passes, then each query timed per pass (parse + search + top-10 doc
//!   addresses, no stored fields read). Prints one JSON line with the same keys.
//!   Query syntax as in peers' queries.txt: `word`, `"a b"`, `a AND b`, `a OR b`,
//!   `date:YYYY-MM-DD..YYYY-MM-DD` (a range on the i64 date field, ANDed).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::ops::Bound;
use std::time::Instant;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery};
use tantivy::schema::{FAST, INDEXED, STORED, STRING, Schema, TEXT};
use tantivy::{Index, TantivyDocument, Term, doc};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let opt = |name: &str, default: usize| -> usize {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(|v| v.parse().expect("numeric option"))
            .unwrap_or(default)
    };
    match args.get(1).map(String::as_str) {
        Some("ingest") if args.len() >= 4 => {
            ingest(&args[2], &args[3], opt("--heap-mb", 256), opt("--threads", 2))
        }
        Some("query") if args.len() >= 4 => {
            query(&args[2], &args[3], opt("--warmup", 3), opt("--passes", 5))
        }
        _ => {
            eprintln!(
                "usage: tantivy-baseline ingest CORPUS.jsonl INDEX_DIR [--heap-mb 256] [--threads 2]\n       tantivy-baseline query INDEX_DIR QUERIES.txt [--warmup 3] [--passes 5]"
            );
            std::process::exit(2)
        }
    }
}

fn schema() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("id", STRING | STORED);
    b.add_i64_field("date", INDEXED | FAST);
    b.add_text_field("text", TEXT | STORED);
    b.build()
}

/// Days since 1970-01-01 of `YYYY-MM-DD` (proleptic Gregorian), None if malformed.
fn days(s: &str) -> Option<i64> {
    let mut it = s.get(..10)?.split('-');
    let (y, m, d): (i64, i64, i64) =
        (it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn ingest(corpus: &str, dir: &str, heap_mb: usize, threads: usize) -> Res<()> {
    let schema = schema();
    let (id, date, text) = (
        schema.get_field("id")?,
        schema.get_field("date")?,
        schema.get_field("text")?,
    );
    std::fs::create_dir_all(dir)?;
    let index = Index::create_in_dir(dir, schema)?;
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(threads, heap_mb * 1_000_000)?;
    let reader = BufReader::with_capacity(1 << 20, std::fs::File::open(corpus)?);
    let (mut docs, mut bytes) = (0u64, 0u64);
    for line in reader.lines() {
        let line = line?;
        bytes += line.len() as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let mut d = doc!(
            id => v["id"].as_str().unwrap_or_default(),
            text => v["text"].as_str().unwrap_or_default(),
        );
        if let Some(day) = v["date"].as_str().and_then(days) {
            d.add_i64(date, day);
        }
        writer.add_document(d)?;
        docs += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!("{{\"docs\": {docs}, \"bytes\": {bytes}}}");
    Ok(())
}

/// The peers' query mini-language -> tantivy query (QueryParser, AND by default, on `text`).
fn compile(parser: &QueryParser, date: tantivy::schema::Field, q: &str) -> Res<Box<dyn Query>> {
    let mut rest = q.to_string();
    let mut range = None;
    if let Some(start) = rest.find("date:") {
        let spec: String = rest[start + 5..].chars().take_while(|c| !c.is_whitespace()).collect();
        let (a, b) = spec.split_once("..").ok_or("bad date range")?;
        range = Some((days(a).ok_or("bad date")?, days(b).ok_or("bad date")?));
        rest.replace_range(start..start + 5 + spec.len(), "");
    }
    let text_query = parser.parse_query(rest.trim())?;
    Ok(match range {
        None => text_query,
        Some((a, b)) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, text_query),
            (
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_i64(date, a)),
                    Bound::Included(Term::from_field_i64(date, b)),
                )),
            ),
        ])),
    })
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let rank = (p / 100.0 * (values.len() - 1) as f64).round() as usize;
    values[rank.min(values.len() - 1)]
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn query(dir: &str, qpath: &str, warmup: usize, passes: usize) -> Res<()> {
    let queries: Vec<(String, String)> = std::fs::read_to_string(qpath)?
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t').map(|(k, q)| (k.to_string(), q.to_string())))
        .collect();
    let opened = Instant::now();
    let index = Index::open_in_dir(dir)?;
    let schema = index.schema();
    let (date, text) = (schema.get_field("date")?, schema.get_field("text")?);
    let searcher = index.reader()?.searcher();
    let mut parser = QueryParser::for_index(&index, vec![text]);
    parser.set_conjunction_by_default();
    let open_s = opened.elapsed().as_secs_f64();
    let top = TopDocs::with_limit(10).order_by_score();
    let run = |q: &str| -> Res<usize> {
        let compiled = compile(&parser, date, q)?;
        Ok(searcher.search(compiled.as_ref(), &top)?.len())
    };
    let (mut errors, mut hits) = (BTreeMap::new(), BTreeMap::new());
    for _ in 0..warmup {
        for (_, q) in &queries {
            match run(q) {
                Ok(n) => drop(hits.insert(q.clone(), n)),
                Err(e) => drop(errors.insert(q.clone(), e.to_string())),
            }
        }
    }
    let mut all = Vec::new();
    let mut by_kind: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for _ in 0..passes {
        for (kind, q) in queries.iter().filter(|(_, q)| !errors.contains_key(q)) {
            let t = Instant::now();
            let _ = std::hint::black_box(run(q));
            let ms = t.elapsed().as_secs_f64() * 1e3;
            all.push(ms);
            by_kind.entry(kind.clone()).or_default().push(ms);
        }
    }
    let out = serde_json::json!({
        "peer": "tantivy-rs",
        "queries": queries.len(),
        "errors": errors.len(),
        "error_examples": errors.iter().take(3).collect::<BTreeMap<_, _>>(),
        "warmup_passes": warmup,
        "timed_passes": passes,
        "open_s": round4(open_s),
        "p50_ms": round4(percentile(&mut all.clone(), 50.0)),
        "p95_ms": round4(percentile(&mut all.clone(), 95.0)),
        "mean_ms": round4(all.iter().sum::<f64>() / all.len().max(1) as f64),
        "p50_ms_by_kind": by_kind.into_iter().map(|(k, mut v)| (k, round4(percentile(&mut v, 50.0)))).collect::<BTreeMap<_, _>>(),
        "queries_with_hits": hits.values().filter(|n| **n > 0).count(),
    });
    println!("{out}");
    Ok(())
}
