//! Value accuracy of `find_timexes` on the team's gold set, `tests/gold/timex.tsv`.
#![allow(clippy::unwrap_used)]

use kilde_extract::find_timexes;
use kilde_model::ArticleDate;

const GOLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/gold/timex.tsv");

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
    let found = timexes.iter().find(|t| t.text.to_lowercase() == expression.to_lowercase());
    let value = found.map(|t| t.value.as_deref());
    if value != Some(gold) {
        let all: Vec<(&str, Option<&str>)> =
            timexes.iter().map(|t| (t.text.as_str(), t.value.as_deref())).collect();
        println!("miss: {sentence} | want {expression:?} = {gold:?} | got {all:?}");
    }
    value == Some(gold)
}

#[test]
fn gold_value_accuracy() {
    let gold = std::fs::read_to_string(GOLD).unwrap();
    let rows: Vec<&str> = gold.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
    let correct = rows.iter().filter(|line| is_correct(line)).count();
    let accuracy = correct as f64 / rows.len() as f64;
    println!("value accuracy: {correct}/{} = {accuracy:.3}", rows.len());
    assert!(accuracy >= MIN_ACCURACY, "accuracy {accuracy:.3} below {MIN_ACCURACY}");
}
