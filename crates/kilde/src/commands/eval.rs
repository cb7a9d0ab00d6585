//! `kilde eval compounds --gold FILE.tsv`: precision and recall of "query finds word"
//! through the real index path (ingest into a temporary index, then search).
//! `kilde eval ner --gold FILE`: CoNLL exact-span scores of the shipped NER model.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use kilde_index::ArchiveIndex;
use kilde_model::{Article, ArticleId};
use kilde_query::{Archive, SearchRequest};

use crate::exit::ExitStatus;
use crate::output::Ui;
use kilde_serve::wire::{CompoundEval, NerEval};

/// Measure kilde's quality on a gold list.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    /// Compound and spelling search: TSV `query<TAB>word<TAB>match` (1 or 0)
    Compounds {
        /// The gold list
        #[arg(long)]
        gold: PathBuf,
        /// Fail (exit 1) when precision is below this
        #[arg(long, value_name = "P")]
        min_precision: Option<f64>,
        /// Fail (exit 1) when recall is below this
        #[arg(long, value_name = "R")]
        min_recall: Option<f64>,
        /// Print JSON on stdout
        #[arg(long)]
        json: bool,
    },
    /// Named entities: CoNLL (token TAB BIO-tag) or CoNLL-U (`name=B-PER` in the last
    /// column), exact-span precision, recall and F1 per label and micro-averaged
    Ner {
        /// The gold file
        #[arg(long)]
        gold: PathBuf,
        /// Fail (exit 1) when micro F1 is below this
        #[arg(long, value_name = "F1")]
        min_f1: Option<f64>,
        /// Fail (exit 1) when PER F1 is below this
        #[arg(long, value_name = "F1")]
        min_per_f1: Option<f64>,
        /// Print JSON on stdout
        #[arg(long)]
        json: bool,
    },
}

/// Runs the evaluation.
pub fn run(args: Args, ui: &Ui) -> Result<ExitStatus> {
    match args.what {
        What::Compounds { gold, min_precision, min_recall, json } => {
            let rows = read_gold(&gold)?;
            let result = evaluate_compounds(&rows)?;
            if json {
                super::print_json(&result)?;
            } else {
                print_result(&result)?;
            }
            let floors_met = min_precision.is_none_or(|p| result.precision >= p)
                && min_recall.is_none_or(|r| result.recall >= r);
            if !floors_met {
                ui.error(&format!(
                    "compound search is below its floor: precision {:.3} (floor {}), recall {:.3} (floor {})",
                    result.precision,
                    min_precision.map_or("-".into(), |p| p.to_string()),
                    result.recall,
                    min_recall.map_or("-".into(), |r| r.to_string()),
                ));
                return Ok(ExitStatus::Failure);
            }
            Ok(ExitStatus::Success)
        }
        What::Ner { gold, min_f1, min_per_f1, json } => {
            let model = kilde_extract::NerModel::embedded();
            let scores = kilde_extract::evaluate_conll(model, &gold)
                .with_context(|| format!("evaluating on {}", gold.display()))?;
            let result = NerEval::from_scores(&scores);
            if json {
                super::print_json(&result)?;
            } else {
                print_ner(&result)?;
            }
            let per_f1 = result.per_label.get("PER").map_or(0.0, |s| s.f1);
            let floors_met = min_f1.is_none_or(|f| result.micro.f1 >= f)
                && min_per_f1.is_none_or(|f| per_f1 >= f);
            if !floors_met {
                ui.error(&format!(
                    "NER is below its floor: micro F1 {:.3} (floor {}), PER F1 {per_f1:.3} (floor {})",
                    result.micro.f1,
                    min_f1.map_or("-".into(), |f| f.to_string()),
                    min_per_f1.map_or("-".into(), |f| f.to_string()),
                ));
                return Ok(ExitStatus::Failure);
            }
            Ok(ExitStatus::Success)
        }
    }
}

fn print_ner(result: &NerEval) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "label  precision  recall     F1  support")?;
    for (label, s) in &result.per_label {
        writeln!(out, "{label:<5}  {:>9.3}  {:>6.3}  {:>5.3}  {:>7}", s.p, s.r, s.f1, s.support)?;
    }
    let m = &result.micro;
    writeln!(out, "micro  {:>9.3}  {:>6.3}  {:>5.3}", m.p, m.r, m.f1)?;
    Ok(())
}

struct GoldRow {
    query: String,
    word: String,
    is_match: bool,
}

fn read_gold(path: &PathBuf) -> Result<Vec<GoldRow>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut rows = Vec::new();
    for (number, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [query, word, label] = fields.as_slice() else {
            bail!("{}:{}: expected query<TAB>word<TAB>match", path.display(), number + 1);
        };
        let is_match = match label.trim() {
            "1" => true,
            "0" => false,
            other => bail!("{}:{}: match is `{other}`, not 1 or 0", path.display(), number + 1),
        };
        rows.push(GoldRow { query: query.trim().into(), word: word.trim().into(), is_match });
    }
    Ok(rows)
}

/// Indexes each distinct word as one article and asks each distinct query.
fn evaluate_compounds(rows: &[GoldRow]) -> Result<CompoundEval> {
    let dir = tempfile::tempdir().context("creating a temporary index")?;
    let words: BTreeSet<&str> = rows.iter().map(|r| r.word.as_str()).collect();
    let index = ArchiveIndex::create_or_open(dir.path(), Default::default())?;
    let mut writer = index.writer(50_000_000, 1)?;
    for word in &words {
        let article = Article {
            id: ArticleId(word.to_string()),
            date: None,
            source: None,
            title: Some(String::new()),
            url: None,
            text: word.to_string(),
        };
        writer.add(&article)?;
    }
    writer.finish()?;
    let archive = Archive::open(dir.path())?;
    let mut found: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        if found.contains_key(row.query.as_str()) {
            continue;
        }
        let request = SearchRequest {
            query: row.query.clone(),
            limit: words.len(),
            expand: true,
            ..Default::default()
        };
        let ids = archive
            .search(&request)
            .with_context(|| format!("searching `{}`", row.query))?
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        found.insert(row.query.as_str(), ids);
    }
    let (mut true_positives, mut false_positives, mut false_negatives) =
        (0usize, Vec::new(), Vec::new());
    for row in rows {
        let is_found = found.get(row.query.as_str()).is_some_and(|ids| ids.contains(&row.word));
        match (is_found, row.is_match) {
            (true, true) => true_positives += 1,
            (true, false) => false_positives.push([row.query.clone(), row.word.clone()]),
            (false, true) => false_negatives.push([row.query.clone(), row.word.clone()]),
            (false, false) => {}
        }
    }
    let ratio =
        |part: usize, whole: usize| if whole == 0 { 1.0 } else { part as f64 / whole as f64 };
    let precision = ratio(true_positives, true_positives + false_positives.len());
    let recall = ratio(true_positives, true_positives + false_negatives.len());
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Ok(CompoundEval { rows: rows.len(), precision, recall, f1, false_positives, false_negatives })
}

fn print_result(result: &CompoundEval) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "rows:      {}", result.rows)?;
    writeln!(out, "precision: {:.3}", result.precision)?;
    writeln!(out, "recall:    {:.3}", result.recall)?;
    writeln!(out, "f1:        {:.3}", result.f1)?;
    for [query, word] in &result.false_positives {
        writeln!(out, "  false positive: {query} → {word}")?;
    }
    for [query, word] in &result.false_negatives {
        writeln!(out, "  missed:         {query} → {word}")?;
    }
    Ok(())
}
