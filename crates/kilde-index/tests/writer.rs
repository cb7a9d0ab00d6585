//! The index keeps one version per article id and refuses foreign schema versions.
#![allow(clippy::unwrap_used)]

use kilde_index::{AddOutcome, ArchiveIndex, Error, META_FILE};
use kilde_model::{Article, ArticleId};

fn article(id: &str, text: &str) -> Article {
    Article {
        id: ArticleId(id.into()),
        date: "2020-03-12".parse().ok(),
        source: Some("Fyens Stiftstidende".into()),
        title: None,
        url: None,
        text: text.into(),
    }
}

fn add_all(index: &ArchiveIndex, articles: &[Article]) -> Vec<AddOutcome> {
    let mut writer = index.writer(50_000_000, 1).unwrap();
    let outcomes = articles.iter().map(|a| writer.add(a).unwrap()).collect();
    writer.finish().unwrap();
    outcomes
}

#[test]
fn reingesting_the_same_articles_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let index = ArchiveIndex::create_or_open(dir.path(), Default::default()).unwrap();
    let pile =
        [article("a", "Odense Kommune lukker en skole."), article("b", "Svendborg får ny havn.")];
    assert_eq!(add_all(&index, &pile), [AddOutcome::Added, AddOutcome::Added]);
    assert_eq!(add_all(&index, &pile), [AddOutcome::Unchanged, AddOutcome::Unchanged]);
    assert_eq!(index.reader().unwrap().searcher().num_docs(), 2);
}

#[test]
fn an_edited_article_replaces_its_old_version() {
    let dir = tempfile::tempdir().unwrap();
    let index = ArchiveIndex::create_or_open(dir.path(), Default::default()).unwrap();
    add_all(&index, &[article("a", "Odense Kommune lukker en skole.")]);
    let outcomes = add_all(&index, &[article("a", "Odense Kommune lukker alligevel ikke skolen.")]);
    assert_eq!(outcomes, [AddOutcome::Replaced]);
    assert_eq!(index.reader().unwrap().searcher().num_docs(), 1);
}

#[test]
fn the_same_id_twice_in_one_batch_keeps_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let index = ArchiveIndex::create_or_open(dir.path(), Default::default()).unwrap();
    let outcomes = add_all(&index, &[article("a", "første udgave"), article("a", "anden udgave")]);
    assert_eq!(outcomes, [AddOutcome::Added, AddOutcome::Replaced]);
    assert_eq!(index.reader().unwrap().searcher().num_docs(), 1);
}

#[test]
fn another_schema_version_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    ArchiveIndex::create_or_open(dir.path(), Default::default()).unwrap();
    let meta_path = dir.path().join(META_FILE);
    let text = std::fs::read_to_string(&meta_path).unwrap();
    std::fs::write(
        &meta_path,
        text.replace(
            &format!("\"schema_version\": {}", kilde_index::SCHEMA_VERSION),
            "\"schema_version\": 99",
        ),
    )
    .unwrap();
    let Err(error) = ArchiveIndex::open(dir.path()) else {
        panic!("opened an index of another version")
    };
    assert!(matches!(error, Error::SchemaVersion { found: 99, .. }), "{error}");
    assert!(error.hint().unwrap().contains("re-ingest"));
}

#[test]
fn a_folder_without_an_index_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(ArchiveIndex::open(dir.path()), Err(Error::Missing { .. })));
}

#[test]
fn an_id_seen_before_a_mid_batch_commit_is_still_known_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let index = ArchiveIndex::create_or_open(dir.path(), Default::default()).unwrap();
    let mut writer = index.writer(50_000_000, 1).unwrap();
    assert_eq!(writer.add(&article("a", "Thisted får ny skole.")).unwrap(), AddOutcome::Added);
    writer.commit().unwrap();
    assert_eq!(writer.add(&article("a", "Thisted får ny skole.")).unwrap(), AddOutcome::Unchanged);
    assert_eq!(
        writer.add(&article("a", "Thisted får alligevel ingen skole.")).unwrap(),
        AddOutcome::Replaced
    );
    writer.finish().unwrap();
    assert_eq!(index.reader().unwrap().searcher().num_docs(), 1);
}
