//! Build tasks of kilde that are not part of the product: `cargo run -p xtask -- lexicon`
//! rebuilds the Danish lexicon that `kilde-analyze` ships, from `../shared/data` by path.
//!
//! The output is deterministic (sorted keys, no timestamps, no randomness): running the
//! command twice on the same data gives the same bytes, so the committed file can be checked.

mod hunspell;
mod lexicon;

use std::path::PathBuf;

use anyhow::{Result, bail};

const USAGE: &str = "usage: cargo run -p xtask -- lexicon [--data DIR] [--out FILE]";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("lexicon") => {
            let data = flag(&args, "--data").unwrap_or_else(|| PathBuf::from("../shared/data"));
            let out = flag(&args, "--out")
                .unwrap_or_else(|| PathBuf::from("crates/kilde-analyze/data/da-lexicon.fst"));
            lexicon::build_lexicon(&data, &out)
        }
        _ => bail!("{USAGE}"),
    }
}

fn flag(args: &[String], name: &str) -> Option<PathBuf> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(PathBuf::from)
}
