//! Build tasks of kilde that are not part of the product: `cargo run -p xtask -- lexicon`
//! rebuilds the Danish lexicon that `kilde-analyze` ships, from `../shared/data` by path.
//!
//! The output is deterministic (sorted keys, no timestamps, no randomness): running the
//! command twice on the same data gives the same bytes, so the committed file can be checked.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Flags and fields packed into the `u64` value of each lexicon key. The layout is
/// mirrored by `kilde_analyze::lexicon`; change both together and rebuild.
mod entry {
    /// Bits 0..8: Zipf frequency × 20, rounded (0 when unknown); see `zipf_byte`.
    /// The form may stand as a non-final compound part (Apertium compound-left list).
    pub const MODIFIER: u64 = 1 << 8;
    /// The form may end a compound (Apertium `compound_right_ok`).
    pub const HEAD: u64 = 1 << 9;
    /// A common Danish word written in lower case (not only a proper noun).
    pub const COMMON: u64 = 1 << 10;
    /// Also a closed-class word (preposition, adverb, pronoun, determiner, conjunction).
    pub const CLOSED_CLASS: u64 = 1 << 11;
    /// Bits 12..14: chars to strip from a modifier form to reach its lemma (`-s-`, `-e-`).
    pub const LINKER_SHIFT: u32 = 12;
    /// The Zipf value is known (from wordfreq or from counts in real Danish text).
    pub const HAS_ZIPF: u64 = 1 << 14;
}

const USAGE: &str = "usage: cargo run -p xtask -- lexicon [--data DIR] [--out FILE]";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("lexicon") => {
            let data = flag(&args, "--data").unwrap_or_else(|| PathBuf::from("../shared/data"));
            let out = flag(&args, "--out")
                .unwrap_or_else(|| PathBuf::from("crates/kilde-analyze/data/da-lexicon.fst"));
            build_lexicon(&data, &out)
        }
        _ => bail!("{USAGE}"),
    }
}

fn flag(args: &[String], name: &str) -> Option<PathBuf> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(PathBuf::from)
}

/// Reads the word lists and frequencies and writes the `fst` map of lower-case form → entry.
fn build_lexicon(data: &Path, out: &Path) -> Result<()> {
    let mut entries: BTreeMap<String, u64> = BTreeMap::new();
    add_apertium_fullforms(&data.join("lexicon/apertium-dan/dan-fullforms.tsv"), &mut entries)?;
    add_apertium_modifiers(&data.join("lexicon/apertium-dan/dan-compound-left.tsv"), &mut entries)?;
    add_wdanish(&data.join("lexicon/wdanish/danish.txt"), &mut entries)?;
    let zipf = read_frequencies(data)?;
    for (word, value) in &zipf {
        let slot = entries.entry(word.clone()).or_insert(0);
        *slot |= u64::from(*value) | entry::HAS_ZIPF;
    }
    let mut builder = fst::MapBuilder::new(Vec::new())?;
    for (key, value) in &entries {
        builder.insert(key, *value)?;
    }
    let bytes = builder.into_inner()?;
    fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({} keys, {} bytes)", out.display(), entries.len(), bytes.len());
    Ok(())
}

fn read_lines(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Full forms: which may end a compound, which are common words, which are closed-class.
fn add_apertium_fullforms(path: &Path, entries: &mut BTreeMap<String, u64>) -> Result<()> {
    for line in read_lines(path)?.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [form, _lemma, tags, right_ok] = fields.as_slice() else { continue };
        if form.contains(' ') {
            continue;
        }
        let pos = tags.split('.').next().unwrap_or("");
        let mut flags = 0;
        if *right_ok == "1" && matches!(pos, "n" | "adj" | "vblex") {
            flags |= entry::HEAD;
        }
        if pos != "np" && form.chars().next().is_some_and(char::is_lowercase) {
            flags |= entry::COMMON;
        }
        if matches!(
            pos,
            "pr" | "adv" | "prn" | "det" | "cnjsub" | "cnjcoo" | "cnjadv" | "ij" | "part"
        ) {
            flags |= entry::CLOSED_CLASS;
        }
        *entries.entry(form.to_lowercase()).or_insert(0) |= flags;
    }
    Ok(())
}

/// Non-final compound parts with their linking element (`overvågnings` → `overvågning`).
fn add_apertium_modifiers(path: &Path, entries: &mut BTreeMap<String, u64>) -> Result<()> {
    for line in read_lines(path)?.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [form, lemma, tags] = fields.as_slice() else { continue };
        let pos = tags.split('.').next().unwrap_or("");
        if tags.contains("guio") || form.contains(' ') || !matches!(pos, "n" | "vblex" | "np") {
            continue;
        }
        let (form, lemma) = (form.to_lowercase(), lemma.to_lowercase());
        let linker_chars = form
            .strip_prefix(lemma.as_str())
            .map(|rest| rest.chars().count() as u64)
            .filter(|n| *n <= 3)
            .unwrap_or(0);
        let slot = entries.entry(form).or_insert(0);
        let old_linker = (*slot >> entry::LINKER_SHIFT) & 0b11;
        // A form with two analyses keeps the shorter linker: `ris` is a lemma, not `ri` + `s`.
        let linker =
            if *slot & entry::MODIFIER != 0 { old_linker.min(linker_chars) } else { linker_chars };
        *slot = (*slot & !(0b11 << entry::LINKER_SHIFT))
            | entry::MODIFIER
            | (linker << entry::LINKER_SHIFT);
    }
    Ok(())
}

/// wdanish words written in lower case are common words.
fn add_wdanish(path: &Path, entries: &mut BTreeMap<String, u64>) -> Result<()> {
    for word in read_lines(path)?.lines() {
        if word.chars().next().is_some_and(char::is_lowercase) && !word.contains(' ') {
            *entries.entry(word.to_string()).or_insert(0) |= entry::COMMON;
        }
    }
    Ok(())
}

/// Zipf × 20 per lower-case word: wordfreq where it knows the word, else counts in the
/// real Danish text of `news-da` on the same scale (log10 of frequency per billion words).
fn read_frequencies(data: &Path) -> Result<BTreeMap<String, u8>> {
    let mut zipf: BTreeMap<String, u8> = BTreeMap::new();
    let counts = count_news_words(&data.join("news-da"))?;
    let total: u64 = counts.values().sum();
    for (word, count) in &counts {
        if *count >= 2 {
            let value = ((*count as f64) / (total as f64) * 1e9).log10();
            zipf.insert(word.clone(), zipf_byte(value));
        }
    }
    let wordfreq = data.join("wordfreq-da/wordfreq-da.tsv");
    for line in read_lines(&wordfreq)?.lines() {
        let Some((word, value)) = line.split_once('\t') else { continue };
        let value: f64 = value.trim().parse().with_context(|| format!("bad zipf in {line:?}"))?;
        zipf.insert(word.to_lowercase(), zipf_byte(value));
    }
    Ok(zipf)
}

fn zipf_byte(value: f64) -> u8 {
    (value * 20.0).round().clamp(1.0, 255.0) as u8
}

/// Lower-case word counts over the `text` of every JSON Lines file under `news-da`.
fn count_news_words(dir: &Path) -> Result<BTreeMap<String, u64>> {
    let mut files = Vec::new();
    for sub in ["parole-dk", "leipzig-lcc"] {
        for item in fs::read_dir(dir.join(sub)).with_context(|| format!("listing {sub}"))? {
            let path = item?.path();
            if path.extension().is_some_and(|e| e == "jsonl") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut counts = BTreeMap::new();
    for file in files {
        for line in read_lines(&file)?.lines() {
            let Some(text) = json_text_field(line) else { continue };
            for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
                *counts.entry(word.to_lowercase()).or_insert(0) += 1;
            }
        }
    }
    Ok(counts)
}

/// The `text` value of one JSON Lines record, if it has one.
fn json_text_field(line: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value.get("text")?.as_str().map(str::to_string)
}
