//! Times MinHash signing over a JSON Lines corpus on one thread, for
//! docs/benchmarks.md ("Grouping cost"):
//! `cargo run --release -p kilde-extract --example sign_corpus -- /tmp/peers/corpus/news-da-100MB.jsonl`.
//! Reading and parsing the file are not counted; the CPU time is the thread's own (from
//! `/proc/thread-self/stat`, Linux only), so other work on the machine does not inflate it.
mod common;

use std::time::Instant;

fn main() -> Result<(), String> {
    let path = std::env::args().nth(1).ok_or("usage: sign_corpus FILE.jsonl")?;
    let bodies = common::read_bodies(&path)?;
    let cpu_before = thread_cpu_seconds();
    let started = Instant::now();
    let signed = bodies.iter().filter_map(|body| kilde_extract::signature(body)).count();
    let seconds = started.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds().zip(cpu_before).map(|(after, before)| after - before);
    let bytes: usize = bodies.iter().map(String::len).sum();
    if signed == 0 {
        return Err(format!("no article in {path} was signed (is there a `text` field?)"));
    }
    let cpu = cpu.map_or_else(|| "CPU time unknown".to_string(), |cpu| format!("{cpu:.2} CPU-s"));
    println!(
        "{} articles, {signed} signed, {:.1} MB of text in {seconds:.2} s on one thread \
         ({cpu}, {:.0} MB/s)",
        bodies.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / seconds
    );
    Ok(())
}

/// User plus system time of the calling thread: fields 14 and 15 of
/// `/proc/thread-self/stat`, in clock ticks of 1/100 s.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |n: usize| fields.get(n - 3)?.parse::<u64>().ok();
    Some((ticks(14)? + ticks(15)?) as f64 / 100.0)
}
