//! The embedded NER model on Plank (2019) dev, read by path from `../shared/data`.
//!
//! Held to the floors: micro F1 0.75 and PER F1 0.85 (the shipped CRF reaches
//! 0.769 and 0.853).
#![allow(clippy::unwrap_used)]

use std::path::Path;

use kilde_extract::ner::{EntityKind, NerModel, evaluate_conll, find_entities};

const DEV: &str = "../../../shared/data/ner-da-plank2019/da_ddt-ud-ner-dev.conll";

#[test]
fn dev_scores_stay_above_the_floor() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEV);
    let scores = evaluate_conll(NerModel::embedded(), &path).unwrap();
    assert_eq!(scores.micro.support(), 348);
    assert!(scores.micro.f1() >= 0.750, "micro F1 {:.4}", scores.micro.f1());
    let per = scores.kind(EntityKind::Per).f1();
    assert!(per >= 0.850, "PER F1 {per:.4}");
}

#[test]
fn finds_names_in_running_text() {
    let text = "Mette Frederiksen besøgte Aarhus i går.";
    let found = find_entities(NerModel::embedded(), text);
    let actual: Vec<(&str, EntityKind)> =
        found.iter().map(|m| (m.text.as_str(), m.label)).collect();
    assert_eq!(actual, [("Mette Frederiksen", EntityKind::Per), ("Aarhus", EntityKind::Loc)]);
    assert!(found.iter().all(|m| text.get(m.byte_start..m.byte_end) == Some(m.text.as_str())));
}

#[test]
fn text_without_names_gives_nothing() {
    assert!(
        find_entities(NerModel::embedded(), "det regner i dag , og vi bliver hjemme .").is_empty()
    );
    assert!(find_entities(NerModel::embedded(), "").is_empty());
}
