//! End-to-end tests of the `kilde` binary on small Danish articles written for these
//! tests, and on the real seed article read by path from `../shared/seeds`.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{kilde, stderr};
use serde_json::Value;

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}\n{}", String::from_utf8_lossy(&output.stdout), stderr(output))
    })
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

fn search_ids(index: &Path, query: &str) -> Vec<String> {
    let output = kilde(index, &["search", query, "--json", "--limit", "50"]);
    assert!(output.status.success(), "{query}: {}", stderr(&output));
    json(&output)["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn seed_article_is_found_the_danish_way() {
    let index = tempfile::tempdir().unwrap();
    let output = kilde(index.path(), &["ingest", seeds().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let seed_id = std::fs::read_dir(seeds())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name()
        .into_string()
        .unwrap();
    for query in [
        "rapport",
        "overvågningsrapport",
        "\"russiske hackere\"",
        "Ecuador AND date:2019-07",
        "ambassade",
        "praesidentvalget",
        "Praesidentvalg*",
        "=overvågningsrapporterne",
    ] {
        assert_eq!(search_ids(index.path(), query), std::slice::from_ref(&seed_id), "{query}");
    }
    for query in ["Ecuador AND date:2018", "\"hackere russiske\"", "is", "=overvågningsrapport"] {
        assert!(search_ids(index.path(), query).is_empty(), "{query} should not match");
    }
}

#[test]
fn search_json_has_the_issue_shape_and_marks_compound_hits() {
    let index = tempfile::tempdir().unwrap();
    let pile = tempfile::tempdir().unwrap();
    let jsonl = "{\"id\": \"fyn-1\", \"date\": \"2020-05-04\", \"source\": \"Fyens Stiftstidende\", \"title\": \"Sygehus forsinket\", \"text\": \"Sygehusbyggeriet i Odense er forsinket igen, oplyser regionen.\"}\n";
    let file = write(pile.path(), "fyn.jsonl", jsonl);
    assert!(kilde(index.path(), &["ingest", file.to_str().unwrap()]).status.success());
    let output = kilde(index.path(), &["search", "byggeri", "--json"]);
    let body = json(&output);
    assert_eq!(body["total"], 1);
    assert!(body["took_ms"].is_u64());
    let hit = &body["hits"][0];
    assert_eq!(hit["id"], "fyn-1");
    assert_eq!(hit["date"], "2020-05-04");
    assert_eq!(hit["source"], "Fyens Stiftstidende");
    assert_eq!(hit["title"], "Sygehus forsinket");
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>Sygehusbyggeriet</mark>"), "{hit}");
}

#[test]
fn bad_records_are_reported_and_the_rest_is_kept() {
    let index = tempfile::tempdir().unwrap();
    let pile = tempfile::tempdir().unwrap();
    write(pile.path(), "god.txt", " date 2018-03 Havnen i Svendborg får ny færgeterminal.");
    write(pile.path(), "dato.txt", " date 2018-13 Denne dato findes ikke.");
    write(pile.path(), "tom.txt", "");
    let lines = "{\"id\": \"a\", \"text\": \"Køge Kommune sparer på vejene.\"}\n{\"id\": \"b\", \"text\": \n{\"id\": \"c\"}\n";
    write(pile.path(), "eksport.jsonl", lines);
    let report = pile.path().join("afvist.jsonl");
    let output = kilde(
        index.path(),
        &["ingest", pile.path().to_str().unwrap(), "--report", report.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let messages = stderr(&output);
    assert!(messages.contains("dato.txt:1: date `2018-13` has month 13"), "{messages}");
    assert!(messages.contains("eksport.jsonl:2: invalid JSON"), "{messages}");
    assert!(messages.contains("eksport.jsonl:3: no `text` field"), "{messages}");
    assert!(messages.contains("tom.txt:1: file is empty"), "{messages}");
    let rejected: Vec<Value> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rejected.len(), 4);
    assert!(
        rejected
            .iter()
            .any(|r| r["line"] == 2 && r["reason"].as_str().unwrap().starts_with("invalid JSON"))
    );
    assert_eq!(search_ids(index.path(), "færgeterminal"), ["god.txt"]);
    assert_eq!(search_ids(index.path(), "vej"), ["a"]);
}

#[test]
fn reingesting_adds_nothing_and_edits_replace() {
    let index = tempfile::tempdir().unwrap();
    let pile = tempfile::tempdir().unwrap();
    write(pile.path(), "a.txt", " date 2021-02 Aarhus Universitet ansætter ny rektor.");
    write(pile.path(), "b.txt", " date 2021-03 Vejle åbner en ny bro over fjorden.");
    let first = json(&kilde(index.path(), &["ingest", pile.path().to_str().unwrap(), "--json"]));
    assert_eq!((first["added"].as_u64(), first["unchanged"].as_u64()), (Some(2), Some(0)));
    let again = json(&kilde(index.path(), &["ingest", pile.path().to_str().unwrap(), "--json"]));
    assert_eq!((again["added"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(2)));
    write(pile.path(), "b.txt", " date 2021-03 Vejle udskyder den nye bro over fjorden.");
    let edited = json(&kilde(index.path(), &["ingest", pile.path().to_str().unwrap(), "--json"]));
    assert_eq!((edited["replaced"].as_u64(), edited["unchanged"].as_u64()), (Some(1), Some(1)));
    let stats = json(&kilde(index.path(), &["stats", "--json"]));
    assert_eq!(stats["articles"], 2);
    assert_eq!(search_ids(index.path(), "udskyder"), ["b.txt"]);
    assert_eq!(search_ids(index.path(), "Århus"), ["a.txt"]);
}

#[test]
fn malformed_query_exits_2_and_points_at_the_problem() {
    let index = tempfile::tempdir().unwrap();
    let pile = tempfile::tempdir().unwrap();
    write(pile.path(), "a.txt", "Nyborg får en ny skole.");
    kilde(index.path(), &["ingest", pile.path().to_str().unwrap()]);
    for (query, hint) in [
        ("\"ny skole", "closing"),
        ("skole AND", "after `AND`"),
        ("date:2019-13", "YYYY-MM"),
        ("(skole", "`)`"),
    ] {
        let output = kilde(index.path(), &["search", query]);
        assert_eq!(output.status.code(), Some(2), "{query}");
        let message = stderr(&output);
        assert!(message.starts_with("kilde: error: "), "{message}");
        assert!(message.contains("hint: ") && message.contains(hint), "{query}: {message}");
        assert!(message.contains('^'), "{query}: {message}");
    }
}

#[test]
fn missing_index_is_a_fatal_error_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let output = kilde(&dir.path().join("ingen"), &["search", "skole"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("hint: create it with `kilde ingest"), "{}", stderr(&output));
}

#[test]
fn kwic_show_and_stats_answer_in_json() {
    let index = tempfile::tempdir().unwrap();
    let pile = tempfile::tempdir().unwrap();
    let lines = "{\"id\": \"v1\", \"date\": \"2019-05\", \"source\": \"DR\", \"text\": \"Folketingsvalget nærmer sig. Valget afgør, hvem der danner regering.\"}\n{\"id\": \"v2\", \"date\": \"2021-11\", \"source\": \"TV 2\", \"text\": \"Ved kommunalvalget steg valgdeltagelsen.\"}\n";
    let file = write(pile.path(), "valg.jsonl", lines);
    kilde(index.path(), &["ingest", file.to_str().unwrap()]);
    let kwic =
        json(&kilde(index.path(), &["kwic", "valg", "--json", "--sort", "date", "--width", "10"]));
    assert_eq!(kwic["total"], 4);
    let matches: Vec<&str> =
        kwic["lines"].as_array().unwrap().iter().map(|l| l["match"].as_str().unwrap()).collect();
    assert_eq!(
        matches[..2].iter().copied().collect::<std::collections::BTreeSet<_>>(),
        ["Folketingsvalget", "Valget"].into()
    );
    assert!(kwic["lines"][0]["left"].as_str().unwrap().chars().count() <= 10);
    assert_eq!(kwic["lines"][3]["id"], "v2");
    let show = json(&kilde(index.path(), &["show", "v2", "--json"]));
    assert_eq!(show["text"], "Ved kommunalvalget steg valgdeltagelsen.");
    assert_eq!(show["source"], "TV 2");
    assert_eq!(
        show["title"], "Ved kommunalvalget steg valgdeltagelsen.",
        "no title: the lead is shown"
    );
    let unknown = kilde(index.path(), &["show", "v9"]);
    assert_eq!(unknown.status.code(), Some(2));
    let stats = json(&kilde(index.path(), &["stats", "--json"]));
    assert_eq!(stats["articles"], 2);
    assert_eq!(stats["date_span"]["from"], "2019-05-01");
    assert_eq!(stats["date_span"]["to"], "2021-11-01");
    assert_eq!(stats["sources"].as_array().unwrap().len(), 2);
    let newest = json(&kilde(index.path(), &["search", "valg", "--json", "--sort", "-date"]));
    assert_eq!(newest["hits"][0]["id"], "v2");
    let filtered = json(&kilde(index.path(), &["search", "valg", "--json", "--from", "2020"]));
    assert_eq!(filtered["total"], 1);
}

#[test]
fn killed_ingest_leaves_a_searchable_index_and_a_rerun_completes_it() {
    let index = tempfile::tempdir().unwrap();
    let pile = tempfile::tempdir().unwrap();
    let first = write(
        pile.path(),
        "first.jsonl",
        "{\"id\": \"f\", \"text\": \"Roskilde Festival aflyses.\"}\n",
    );
    kilde(index.path(), &["ingest", first.to_str().unwrap()]);
    let mut big = String::new();
    for n in 0..20_000 {
        big.push_str(&format!("{{\"id\": \"n{n}\", \"text\": \"Nyhed nummer {n} om kommunens budget og skolernes økonomi.\"}}\n"));
    }
    let big_file = write(pile.path(), "big.jsonl", &big);
    let mut child = Command::new(env!("CARGO_BIN_EXE_kilde"))
        .arg("--index")
        .arg(index.path())
        .args(["ingest", big_file.to_str().unwrap(), "-q"])
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(search_ids(index.path(), "festival"), ["f"]);
    let rerun = kilde(index.path(), &["ingest", big_file.to_str().unwrap(), "-q"]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert_eq!(json(&kilde(index.path(), &["stats", "--json"]))["articles"], 20_001);
}

#[test]
fn demo_ingests_the_whole_demo_archive_and_every_showcase_finds_something() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("demo-index");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let output = kilde(&index, &["demo", "--json", "--demo-dir", demo.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["ingest"]["added"], 69);
    assert_eq!(report["ingest"]["rejected"], 0);
    assert_eq!(report["ingest"]["latin1_records"], 2);
    for search in report["searches"].as_array().unwrap() {
        assert!(search["total"].as_u64().unwrap() > 0, "{search}");
    }
    let again = kilde(&index, &["demo", "--json", "--demo-dir", demo.to_str().unwrap()]);
    assert_eq!(json(&again)["ingest"]["added"], 69, "the demo starts from a fresh index");
}

#[test]
fn fields_negation_paging_colour_and_tsv_work_from_the_cli() {
    let index = tempfile::tempdir().unwrap();
    let pile = tempfile::tempdir().unwrap();
    let lines = "{\"id\": \"r1\", \"date\": \"2018-02-01\", \"source\": \"Ritzau\", \"title\": \"Havnen udvides\", \"text\": \"Esbjerg Havn udvides med en ny kaj til vindmøller.\"}\n\
{\"id\": \"r2\", \"date\": \"2018-03-01\", \"source\": \"Ritzau\", \"text\": \"Fiskerne i Esbjerg frygter, at havneudvidelsen koster pladser.\"}\n\
{\"id\": \"j1\", \"date\": \"2018-04-01\", \"source\": \"JydskeVestkysten\", \"text\": \"Esbjerg Kommune holder borgermøde om havnen.\"}\n";
    let file = write(pile.path(), "havn.jsonl", lines);
    kilde(index.path(), &["ingest", file.to_str().unwrap()]);
    let mut by_source = search_ids(index.path(), "source:ritzau havn");
    by_source.sort();
    assert_eq!(by_source, ["r1", "r2"]);
    assert_eq!(search_ids(index.path(), "title:havn"), ["r1"]);
    let mut not_ritzau = search_ids(index.path(), "Esbjerg -source:Ritzau");
    not_ritzau.sort();
    assert_eq!(not_ritzau, ["j1"]);
    assert_eq!(
        search_ids(index.path(), "NOT havn").len(),
        0,
        "every article speaks of the harbour"
    );
    let page = json(&kilde(
        index.path(),
        &["search", "Esbjerg", "--json", "--sort", "date", "--limit", "1", "--offset", "1"],
    ));
    assert_eq!((page["total"].as_u64(), page["hits"][0]["id"].as_str()), (Some(3), Some("r2")));
    let coloured = kilde(index.path(), &["--color", "always", "search", "kaj"]);
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\u{1b}[1;33mkaj\u{1b}[0m"));
    let plain = kilde(index.path(), &["--color", "never", "search", "kaj"]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));
    let tsv = kilde(index.path(), &["kwic", "havn", "--tsv", "--sort", "date"]);
    let rows: Vec<Vec<String>> = String::from_utf8_lossy(&tsv.stdout)
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 3, "one line per occurrence in the bodies: {rows:?}");
    assert!(rows.iter().all(|r| r.len() == 5));
    assert_eq!(
        (rows[0][0].as_str(), rows[0][1].as_str(), rows[0][3].as_str()),
        ("r1", "2018-02-01", "Havn")
    );
    assert_eq!(rows[1][3], "havneudvidelsen", "compound hits are KWIC lines too");
}
