//! Bodies are indexed as written forms; a query word reaches all of its forms through
//! the index's forms map, scored as one term, and a stale or missing map is rebuilt.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use kilde_index::{ArchiveIndex, FORMS_FILE, FormsMap};
use kilde_model::{Article, ArticleId};
use kilde_query::{Archive, SearchRequest};

fn article(id: &str, text: &str) -> Article {
    Article {
        id: ArticleId(id.into()),
        date: "2021-02-03".parse().ok(),
        source: Some("Vejle Amts Folkeblad".into()),
        title: Some("Nyt fra kommunen".into()),
        url: None,
        text: text.into(),
    }
}

/// Writes `articles` and finishes the ingest (commit, merges, forms map).
fn ingest(dir: &Path, articles: &[Article]) {
    let index = ArchiveIndex::create_or_open(dir, Default::default()).unwrap();
    let mut writer = index.writer(50_000_000, 1).unwrap();
    for a in articles {
        writer.add(a).unwrap();
    }
    writer.finish().unwrap();
}

fn hits(dir: &Path, query: &str) -> Vec<(String, f32)> {
    let archive = Archive::open(dir).unwrap();
    let request =
        SearchRequest { query: query.into(), limit: 20, expand: true, ..Default::default() };
    let mut hits: Vec<(String, f32)> =
        archive.search(&request).unwrap().hits.into_iter().map(|h| (h.id, h.score)).collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0));
    hits
}

fn ids(dir: &Path, query: &str) -> Vec<String> {
    hits(dir, query).into_iter().map(|(id, _)| id).collect()
}

#[test]
fn a_word_finds_its_inflections_and_the_compounds_that_hold_it() {
    let dir = tempfile::tempdir().unwrap();
    ingest(
        dir.path(),
        &[
            article("a", "Ministeriet offentliggjorde overvågningsrapporterne i går."),
            article("b", "Rapporten blev sendt til udvalget."),
            article("c", "Politiske partier diskuterede skattelettelser."),
        ],
    );
    assert_eq!(ids(dir.path(), "rapport"), ["a", "b"]);
    assert_eq!(ids(dir.path(), "skat"), ["c"]);
    assert!(ids(dir.path(), "is").is_empty(), "`is` must not find `politiske`");
    assert_eq!(ids(dir.path(), "=rapporten"), ["b"]);
    let map = FormsMap::read(dir.path()).unwrap().expect("the ingest writes the forms map");
    assert!(map.forms("rapport").contains(&"overvågningsrapporterne".to_string()));
}

#[test]
fn the_forms_of_a_word_score_as_one_term() {
    let dir = tempfile::tempdir().unwrap();
    // Scored form by form, the rare `rapporten` would outweigh the common `rapport`.
    ingest(
        dir.path(),
        &[
            article("a", "Udvalget læste rapport fra amtet."),
            article("b", "Udvalget læste rapporten fra amtet."),
            article("c", "Her står rapport igen."),
            article("d", "Og her står rapport igen."),
        ],
    );
    let scores = hits(dir.path(), "rapport");
    assert_eq!(scores.len(), 4);
    let (a, b) = (scores[0].1, scores[1].1);
    assert!((a - b).abs() < 1e-5, "a {a} and b {b} should score alike");
}

#[test]
fn a_form_mostly_written_as_a_name_is_not_split() {
    let dir = tempfile::tempdir().unwrap();
    ingest(
        dir.path(),
        &[
            article("name", "I går mødte vi Bastrup på rådhuset. Bastrup sagde ja."),
            article("word", "Der lå en sandholm ude ved kysten."),
        ],
    );
    assert!(ids(dir.path(), "trup").is_empty(), "`trup` must not find the name Bastrup");
    assert_eq!(ids(dir.path(), "Bastrup"), ["name"]);
    assert_eq!(ids(dir.path(), "holm"), ["word"]);
}

#[test]
fn a_missing_or_stale_map_is_rebuilt_so_committed_articles_are_found() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &[article("old", "Byrådet vedtog budgettet.")]);
    // A killed ingest: its batch is committed, but it never wrote the forms map.
    let index = ArchiveIndex::open(dir.path()).unwrap();
    let mut writer = index.writer(50_000_000, 1).unwrap();
    writer.add(&article("new", "Borgmesteren fremlagde budgetforslagene.")).unwrap();
    writer.commit().unwrap();
    drop(writer);
    assert_eq!(ids(dir.path(), "budget"), ["new", "old"]);
    std::fs::remove_file(dir.path().join(FORMS_FILE)).unwrap();
    assert_eq!(ids(dir.path(), "forslag"), ["new"]);
}

#[test]
fn snippets_mark_the_forms_that_matched() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &[article("a", "Skattelettelserne kom efter lange forhandlinger om skat.")]);
    let archive = Archive::open(dir.path()).unwrap();
    let request = SearchRequest { query: "skat".into(), limit: 1, ..Default::default() };
    let hit = archive.search(&request).unwrap().hits.remove(0);
    assert_eq!(
        hit.snippet.to_html(),
        "<mark>Skattelettelserne</mark> kom efter lange forhandlinger om <mark>skat</mark>."
    );
}

#[test]
fn a_damaged_map_file_is_rebuilt_the_same() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &[article("a", "Skattelettelserne blev vedtaget af et flertal.")]);
    let written = FormsMap::read(dir.path()).unwrap().unwrap();
    assert!(!written.is_empty());
    std::fs::write(dir.path().join(FORMS_FILE), b"kforms01 not a set").unwrap();
    assert!(FormsMap::read(dir.path()).unwrap().is_none(), "a damaged file reads as missing");
    assert_eq!(ids(dir.path(), "skat"), ["a"]);
    let rebuilt = FormsMap::read(dir.path()).unwrap().expect("the search saves the rebuilt map");
    assert_eq!((rebuilt.len(), rebuilt.stamp()), (written.len(), written.stamp()));
}
