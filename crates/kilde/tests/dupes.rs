//! `kilde dupes` and the collapsing of near-duplicates in `kilde search`, run through
//! the real binary: on reprints of one short story written for this test, and on the
//! seven reprint groups of the bundled demo (demo/README.md).
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{json, kilde};
use serde_json::Value;

/// A wire story and reprints of it: a new lead, the last paragraph cut, words swapped.
const WIRE: &str = "Færgen mellem Bøjden og Fynshav sejler ikke i weekenden, fordi en motor er gået i stykker.\n\n\
Rederiet venter på en reservedel fra Tyskland, og den kommer tidligst fredag.\n\n\
Passagerer med billet kan få pengene tilbage eller tage turen over Lillebæltsbroen.\n\n\
Det er tredje gang i år, at færgen må blive i havn på grund af motorproblemer.\n\n\
Borgmesteren vil nu bede rederiet om en plan for, hvordan de gamle motorer skiftes ud.";

fn story() -> String {
    let reprint_lead = format!(
        "Sommerhusgæster på Als må finde en anden vej hjem.\n\n{}",
        WIRE.rsplit_once("\n\n").unwrap().0
    );
    let swapped = WIRE.replace("fredag", "på fredag").replace("Borgmesteren", "Borgmester Ib Lund");
    let distinct = "Færgen mellem Spodsbjerg og Tårs får nye motorer til sommer.\n\n\
        Rederiet har bestilt motorerne i Tyskland, og de skal monteres i maj.\n\n\
        Borgmesteren glæder sig over, at færgen bliver mere stabil.";
    [
        ("ritzau-1", "2021-06-03", WIRE.to_string()),
        ("fyens-1", "2021-06-04", reprint_lead),
        ("jv-1", "2021-06-04", swapped),
        ("fyens-2", "2021-07-01", distinct.to_string()),
    ]
    .iter()
    .map(|(id, date, text)| {
        serde_json::json!({"id": id, "date": date, "source": "Test", "text": text}).to_string()
            + "\n"
    })
    .collect()
}

fn ingest_story() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("faerge.jsonl");
    std::fs::write(&input, story()).unwrap();
    let output = kilde(&dir.path().join("index"), &["ingest", input.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    dir
}

fn hits(index: &Path, args: &[&str]) -> Vec<(String, u64)> {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.push("--json");
    json(&kilde(index, &all))["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["id"].as_str().unwrap().to_string(), h["similar"].as_u64().unwrap_or(0)))
        .collect()
}

#[test]
fn reprints_form_one_group_listed_earliest_first() {
    let dir = ingest_story();
    let index = dir.path().join("index");
    let groups = json(&kilde(&index, &["dupes", "--json"]));
    assert_eq!(
        groups,
        serde_json::json!({"groups": [
            {"ids": ["ritzau-1", "fyens-1", "jv-1"], "size": 3, "first_date": "2021-06-03"}
        ]})
    );
    let bigger = json(&kilde(&index, &["dupes", "--json", "--min-size", "4"]));
    assert_eq!(bigger, serde_json::json!({"groups": []}));
    assert!(dir.path().join("index/kilde-dupes.json").exists());
}

#[test]
fn search_collapses_a_group_to_its_earliest_member() {
    let dir = ingest_story();
    let index = dir.path().join("index");
    let collapsed = hits(&index, &["færgen"]);
    assert_eq!(collapsed.len(), 2, "{collapsed:?}");
    assert!(collapsed.contains(&("ritzau-1".to_string(), 2)), "{collapsed:?}");
    assert!(collapsed.contains(&("fyens-2".to_string(), 0)), "{collapsed:?}");
    let total = json(&kilde(&index, &["search", "færgen", "--json"]))["total"].as_u64();
    assert_eq!(total, Some(4), "total counts matching articles");
    let expanded = hits(&index, &["færgen", "--expand"]);
    assert_eq!(expanded.len(), 4);
    assert!(expanded.iter().all(|(_, similar)| *similar == 0));
    let human = kilde(&index, &["search", "færgen"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("+2 similar"));
}

#[test]
fn a_group_shows_its_best_member_when_the_earliest_does_not_match() {
    let dir = ingest_story();
    let index = dir.path().join("index");
    assert_eq!(hits(&index, &["sommerhusgæster"]), [("fyens-1".to_string(), 2)]);
}

#[test]
fn paging_counts_collapsed_hits() {
    let dir = ingest_story();
    let index = dir.path().join("index");
    let first = hits(&index, &["færgen", "--sort", "date", "--limit", "1"]);
    let second = hits(&index, &["færgen", "--sort", "date", "--limit", "1", "--offset", "1"]);
    assert_eq!(first, [("ritzau-1".to_string(), 2)]);
    assert_eq!(second, [("fyens-2".to_string(), 0)]);
}

#[test]
fn the_demo_reprint_groups_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("demo-index");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let roots: Vec<String> = ["tekst", "jsonl", "komprimeret", "latin1"]
        .iter()
        .map(|root| demo.join(root).display().to_string())
        .collect();
    let mut args = vec!["ingest", "--no-extract"];
    args.extend(roots.iter().map(String::as_str));
    assert_eq!(kilde(&index, &args).status.code(), Some(0));
    let groups = json(&kilde(&index, &["dupes", "--json"]));
    let mut found: Vec<Vec<String>> = groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let mut ids: Vec<String> =
                g["ids"].as_array().unwrap().iter().map(|id| id.as_str().unwrap().into()).collect();
            ids.sort();
            ids
        })
        .collect();
    found.sort();
    let mut expected: Vec<Vec<String>> = [
        &["ritzau-2017-1114", "berlingske-2017-1115", "nordjyske/2017-11-hackere-ministerier.txt"]
            [..],
        &[
            "ritzau-2018-0724",
            "jydskevestkysten/2018-07-toerke-landbrug.txt",
            "fyens/2018-07-toerken.txt.gz",
        ],
        &[
            "ritzau-2019-1206",
            "politiken-2019-1206",
            "fyens/2019-12-klimaloven.txt",
            "dr-2019-1207",
        ],
        &["ritzau-2020-0402", "tvsyd/2020-04-vaernemidler.txt.gz"],
        &["ritzau-2021-0518", "jp-2021-0519", "nordjyske/2021-05-vestas-ordre.txt"],
        &["ritzau-2018-0209", "fyens/2018-02-listeria-rullepoelse.txt", "tv2-2018-0210"],
        &["ritzau-2021-0914", "2021-09-nyt-ouh-forsinket.txt"],
    ]
    .iter()
    .map(|ids| {
        let mut ids: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
        ids.sort();
        ids
    })
    .collect();
    expected.sort();
    assert_eq!(found, expected);
    for group in groups["groups"].as_array().unwrap() {
        // The wire original is the earliest (same-day reprints are then ordered by id).
        let ids = group["ids"].as_array().unwrap();
        let wire = ids.iter().filter_map(Value::as_str).find(|id| id.starts_with("ritzau-"));
        let digits = wire.unwrap().trim_start_matches("ritzau-").replace('-', "");
        let wire_date = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]);
        assert_eq!(group["first_date"], wire_date.as_str(), "{group}");
    }
}
