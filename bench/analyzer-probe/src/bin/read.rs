//! Times kilde_ingest::read_file alone over a corpus (is reading the ingest bottleneck?).
use std::time::Instant;
use kilde_ingest::{ReadSettings, discover, read_file};
fn main() {
    let p = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let files = discover(&[p]).unwrap();
    let s = ReadSettings::default();
    let t = Instant::now();
    let (mut n, mut b) = (0, 0usize);
    for f in &files { for r in read_file(f, &s) { let r = r.unwrap(); n += 1; b += r.article.text.len(); } }
    println!("kilde_ingest::read_file  {:.2} s  {n} records {b} text bytes", t.elapsed().as_secs_f64());
}
