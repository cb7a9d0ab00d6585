//! Value accuracy of `find_timexes` on the team's gold lists: `tests/gold/timex.tsv`
//! (read while the rules were written) and `tests/gold/timex-heldout.tsv` (written
//! afterwards by someone who had seen neither the rules nor the first list).
//!
//! A gold expression counts as found when a timex overlaps it (TempEval's relaxed
//! match: the held-out list sometimes leaves out a leading `i`), and as correct when
//! that timex has the gold value.
#![allow(clippy::unwrap_used)]

use kilde_extract::find_timexes;
use kilde_model::ArticleDate;

const DEV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/gold/timex.tsv");
const HELD_OUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/gold/timex-heldout.tsv");

/// The floor for value accuracy.
const MIN_ACCURACY: f64 = 0.90;

/// Whether the gold expression is found in the sentence with the gold value; prints
/// the row when it is not.
fn is_correct(line: &str) -> bool {
    let fields: Vec<&str> = line.split('\t').collect();
    let [date, sentence, expression, gold] = fields.as_slice() else {
        println!("malformed gold row: {line}");
        return false;
    };
    let date: Option<ArticleDate> = date.parse().ok();
    let gold = (*gold != "null").then_some(*gold);
    let timexes = find_timexes(sentence, date);
    let lower = sentence.to_lowercase();
    let start = lower.find(&expression.to_lowercase()).filter(|_| lower.len() == sentence.len());
    let found = start.and_then(|start| {
        let end = start + expression.len();
        timexes.iter().find(|t| t.byte_start < end && start < t.byte_end)
    });
    let value = found.map(|t| t.value.as_deref());
    if value != Some(gold) {
        let all: Vec<(&str, Option<&str>)> =
            timexes.iter().map(|t| (t.text.as_str(), t.value.as_deref())).collect();
        println!("miss: {sentence} | want {expression:?} = {gold:?} | got {all:?}");
    }
    value == Some(gold)
}

fn accuracy(path: &str) -> f64 {
    let gold = std::fs::read_to_string(path).unwrap();
    let rows: Vec<&str> = gold.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
    let correct = rows.iter().filter(|line| is_correct(line)).count();
    let accuracy = correct as f64 / rows.len() as f64;
    println!("{path}: value accuracy {correct}/{} = {accuracy:.3}", rows.len());
    accuracy
}

#[test]
fn development_list_meets_the_floor() {
    let accuracy = accuracy(DEV);
    assert!(accuracy >= MIN_ACCURACY, "accuracy {accuracy:.3} below {MIN_ACCURACY}");
}

#[test]
fn held_out_list_meets_the_floor() {
    let accuracy = accuracy(HELD_OUT);
    assert!(accuracy >= MIN_ACCURACY, "accuracy {accuracy:.3} below {MIN_ACCURACY}");
}
