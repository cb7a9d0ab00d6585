//! End to end: who, where, when and who said what — `kilde analyze`, the name and date
//! query fields, `kilde entities` and `kilde quotes` — on the real seed article (read by
//! path from `../shared/seeds`) and on small articles written for these tests.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{json, kilde, stderr};
use serde_json::Value;

fn seed_file() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path()
}

/// The text a record's char offsets point at.
fn span(text: &str, item: &Value) -> String {
    let (start, end) = (item["start"].as_u64().unwrap(), item["end"].as_u64().unwrap());
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

fn analyze_seed() -> Value {
    let index = tempfile::tempdir().unwrap();
    let output = kilde(index.path(), &["analyze", seed_file().to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one article, one line");
    serde_json::from_str(lines[0]).unwrap()
}

#[test]
fn analyze_gives_offsets_that_point_at_the_spans() {
    let record = analyze_seed();
    let text = record["text"].as_str().unwrap();
    assert_eq!(record["date"], "2019-07");
    for entity in record["entities"].as_array().unwrap() {
        assert_eq!(span(text, entity), entity["text"].as_str().unwrap());
    }
    for timex in record["timex"].as_array().unwrap() {
        assert_eq!(span(text, timex), timex["text"].as_str().unwrap());
    }
    for quote in record["quotes"].as_array().unwrap() {
        assert_eq!(span(text, quote), quote["content"].as_str().unwrap());
    }
}

#[test]
fn seed_names_are_found_with_their_labels_and_merged() {
    let record = analyze_seed();
    let entities = record["entities"].as_array().unwrap();
    let labels_of = |canonical: &str| -> Vec<String> {
        entities
            .iter()
            .filter(|e| e["canonical"] == canonical)
            .map(|e| e["label"].as_str().unwrap().to_string())
            .collect()
    };
    for (name, label) in [
        ("Julian Assange", "PER"),
        ("CNN", "ORG"),
        ("WikiLeaks", "ORG"),
        ("Ecuador", "LOC"),
        ("London", "LOC"),
        ("Sverige", "LOC"),
        ("USA", "LOC"),
        ("Donald Trump", "PER"),
        ("Hillary Clinton", "PER"),
        ("Robert Mueller", "PER"),
    ] {
        let labels = labels_of(name);
        assert!(!labels.is_empty(), "{name} not found: {entities:?}");
        assert!(labels.iter().all(|l| l == label), "{name} should be {label}: {labels:?}");
    }
    let assange: Vec<&str> = entities
        .iter()
        .filter(|e| e["text"].as_str().unwrap().contains("Assange"))
        .map(|e| e["canonical"].as_str().unwrap())
        .collect();
    assert!(assange.len() >= 5, "every Assange mention: {assange:?}");
    assert!(assange.iter().all(|c| *c == "Julian Assange"), "{assange:?}");
}

#[test]
fn seed_quotes_have_speaker_and_channel() {
    let record = analyze_seed();
    let quotes = record["quotes"].as_array().unwrap();
    let by_cue = |cue: &str| quotes.iter().find(|q| q["cue"] == cue);
    let cnn = by_cue("skriver").expect("`Det skriver CNN mandag` is a quote");
    assert_eq!(
        (&cnn["speaker"], &cnn["speaker_type"], &cnn["channel"]),
        (&"CNN".into(), &"ORG".into(), &"CNN".into())
    );
    assert!(cnn["content"].as_str().unwrap().starts_with("Han modtog også pakker"), "{cnn}");
    let source = by_cue("bekræfter").expect("`bekræfter over for CNN` is a quote");
    assert_eq!(source["speaker"], "en efterretningskilde i Ecuador");
    assert_eq!(source["speaker_type"], Value::Null);
    assert_eq!(source["channel"], "CNN");
    assert_eq!(source["content"], "overvågningsrapporterne er autentiske");
    let interview = by_cue("oplyste").expect("`oplyste Assange i et interview` is a quote");
    assert_eq!(interview["speaker"], "Julian Assange");
    assert_eq!(interview["kind"], "indirect");
}

#[test]
fn seed_dates_resolve_against_the_article_date() {
    let record = analyze_seed();
    let values: Vec<(String, Value)> = record["timex"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["text"].as_str().unwrap().to_lowercase(), t["value"].clone()))
        .collect();
    for (text, value) in
        [("i april i år", "2019-04"), ("i juni 2016", "2016-06"), ("syv år siden", "2012")]
    {
        assert!(values.contains(&(text.to_string(), value.into())), "{text} → {value}: {values:?}");
    }
    let monday = values.iter().find(|(t, _)| t == "mandag").expect("mandag is found");
    assert_eq!(monday.1, Value::Null, "a weekday needs an article date with a day");
}

/// Three short articles written for this test: two name the same minister, one a mayor.
const ARTICLES: &str = r#"{"id": "m1", "date": "2020-03-02", "source": "Ritzau", "text": "Skatteminister Morten Bødskov fremlægger i dag et nyt udspil om boligskat.\n\n- Vi skal have et system, som folk kan regne med, siger Morten Bødskov til DR.\n\nBødskov vil ikke sige, hvad udspillet koster."}
{"id": "m2", "date": "2020-05-14", "source": "Politiken", "text": "Morten Bødskov erkender over for Politiken, at boligskatten bliver forsinket igen.\n\nI marts sagde ministeren, at reglerne ville være klar i juni 2016."}
{"id": "m3", "date": "2020-06-01", "source": "Fyens Stiftstidende", "text": "Borgmester Peter Rahbæk Juel glæder sig over den nye havn i Odense.\n\n- Det er en stor dag for byen, siger Peter Rahbæk Juel til Fyens Stiftstidende."}
"#;

fn ingest_articles() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("artikler.jsonl");
    std::fs::write(&input, ARTICLES).unwrap();
    let index = dir.path().join("index");
    let output = kilde(&index, &["ingest", input.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    dir
}

fn ids(index: &Path, query: &str) -> Vec<String> {
    let value = json(&kilde(index, &["search", query, "--json", "--sort", "date"]));
    value["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().into()).collect()
}

#[test]
fn name_and_date_fields_find_articles() {
    let dir = ingest_articles();
    let index = dir.path().join("index");
    assert_eq!(ids(&index, "person:\"Morten Bødskov\""), ["m1", "m2"]);
    assert_eq!(ids(&index, "person:bodskov"), ["m1", "m2"], "ASCII spelling of ø");
    assert_eq!(ids(&index, "person:Boedskov"), ["m1", "m2"], "the other ASCII spelling");
    assert_eq!(ids(&index, "person:\"Bødskov Morten\""), Vec::<String>::new());
    assert_eq!(ids(&index, "place:Odense"), ["m3"]);
    assert_eq!(ids(&index, "speaker:Juel"), ["m3"]);
    assert_eq!(ids(&index, "channel:DR"), ["m1"]);
    assert_eq!(ids(&index, "mentions:2016-06"), ["m2"]);
    assert_eq!(ids(&index, "mentions:2016"), ["m2"]);
    assert_eq!(ids(&index, "boligskat AND NOT channel:DR"), ["m2"]);
    let output = kilde(&index, &["search", "persn:Bødskov"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("person:"), "the hint lists the fields: {}", stderr(&output));
}

#[test]
fn entities_counts_articles_per_canonical_name() {
    let dir = ingest_articles();
    let index = dir.path().join("index");
    let all = json(&kilde(&index, &["entities", "--json"]));
    let entities = all["entities"].as_array().unwrap();
    assert!(all["total"].as_u64().unwrap() >= entities.len() as u64);
    let first = &entities[0];
    assert_eq!(
        (&first["name"], &first["label"], &first["articles"]),
        (&"Morten Bødskov".into(), &"PER".into(), &2.into())
    );
    let in_m3 = json(&kilde(&index, &["entities", "havn", "--label", "PER", "--json"]));
    let names: Vec<&str> =
        in_m3["entities"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Peter Rahbæk Juel"]);
    let output = kilde(&index, &["entities", "--label", "PERSON"]);
    assert_eq!(output.status.code(), Some(2), "a bad label is a usage error");
}

#[test]
fn quotes_filter_by_speaker_channel_and_words() {
    let dir = ingest_articles();
    let index = dir.path().join("index");
    let by_speaker = json(&kilde(&index, &["quotes", "--speaker", "Bødskov", "--json"]));
    let quotes = by_speaker["quotes"].as_array().unwrap();
    assert_eq!(by_speaker["total"].as_u64().unwrap() as usize, quotes.len());
    assert!(quotes.len() >= 2, "{quotes:?}");
    assert!(quotes.iter().all(|q| q["speaker"] == "Morten Bødskov"), "{quotes:?}");
    assert_eq!(quotes[0]["id"], "m1", "oldest first");
    for key in ["id", "date", "speaker", "channel", "cue", "content", "kind"] {
        assert!(quotes[0].get(key).is_some(), "{key} in {}", quotes[0]);
    }
    let to_dr = json(&kilde(&index, &["quotes", "--channel", "DR", "--json"]));
    assert_eq!(to_dr["total"], 1);
    assert_eq!(to_dr["quotes"][0]["content"], "Vi skal have et system, som folk kan regne med");
    let about_havn = json(&kilde(&index, &["quotes", "byen", "--json"]));
    assert_eq!(about_havn["total"], 1, "only quotes holding the query's words");
    assert_eq!(about_havn["quotes"][0]["speaker"], "Peter Rahbæk Juel");
}

#[test]
fn analyze_reads_standard_input_in_order_and_reports_bad_lines() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kilde"))
        .args(["analyze", "-", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = format!("{ARTICLES}{{\"tekst\": \"forkert nøgle\"}}\n");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(3), "a rejected record gives exit 3");
    assert!(stderr(&output).contains("stdin:4:"), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let records: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["m1", "m2", "m3"]);
}

#[test]
fn eval_ner_scores_conll_and_conllu_files() {
    let dir = tempfile::tempdir().unwrap();
    let conll = dir.path().join("lille.conll");
    std::fs::write(
        &conll,
        "Mette\tB-PER\nFrederiksen\tI-PER\nbesøgte\tO\nAarhus\tB-LOC\n.\tO\n\nDR\tB-ORG\nsendte\tO\nnyheder\tO\n.\tO\n",
    )
    .unwrap();
    let conllu = dir.path().join("lille.conllu");
    std::fs::write(
        &conllu,
        "# text = Mette Frederiksen besøgte Aarhus.\n1\tMette\tMette\tPROPN\t_\t_\t3\tnsubj\t_\tname=B-PER\n2\tFrederiksen\tFrederiksen\tPROPN\t_\t_\t1\tflat\t_\tname=I-PER\n3\tbesøgte\tbesøge\tVERB\t_\t_\t0\troot\t_\tname=O\n4\tAarhus\tAarhus\tPROPN\t_\t_\t3\tobj\t_\tSpaceAfter=No|name=B-LOC\n5\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\tname=O\n\n",
    )
    .unwrap();
    let index = dir.path().join("index");
    for (file, support) in [
        (&conll, [("PER", 1), ("LOC", 1), ("ORG", 1)]),
        (&conllu, [("PER", 1), ("LOC", 1), ("ORG", 0)]),
    ] {
        let value =
            json(&kilde(&index, &["eval", "ner", "--gold", file.to_str().unwrap(), "--json"]));
        for (label, count) in support {
            assert_eq!(value["per_label"][label]["support"], count, "{label} in {value}");
        }
        let f1 = value["micro"]["f1"].as_f64().unwrap();
        assert!(f1 > 0.5, "the shipped model finds most of these names: {value}");
    }
    let output =
        kilde(&index, &["eval", "ner", "--gold", conll.to_str().unwrap(), "--min-f1", "1.01"]);
    assert_eq!(output.status.code(), Some(1), "a missed floor fails");
}

#[test]
fn timeline_and_network_answer_in_their_formats() {
    let dir = ingest_articles();
    let index = dir.path().join("index");
    let timeline = json(&kilde(&index, &["timeline", "boligskat", "havn", "--json"]));
    assert_eq!(
        timeline["buckets"],
        serde_json::json!(["2020-03", "2020-04", "2020-05", "2020-06"])
    );
    assert_eq!(timeline["series"][0]["counts"], serde_json::json!([1, 0, 1, 0]));
    assert_eq!(timeline["series"][1]["query"], "havn");
    let csv = kilde(&index, &["timeline", "boligskat", "--csv", "--by", "year"]);
    assert_eq!(String::from_utf8(csv.stdout).unwrap(), "bucket,boligskat\n2020,2\n");
    let shares = json(&kilde(&index, &["timeline", "boligskat", "--normalize", "--json"]));
    assert_eq!(shares["series"][0]["counts"][0], 1.0);
    let network = json(&kilde(&index, &["network", "--label", "PER"]));
    let names: Vec<&str> =
        network["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Morten Bødskov"), "{names:?}");
    assert!(network["nodes"].as_array().unwrap().iter().all(|n| n["label"] == "PER"));
    let gexf = kilde(&index, &["network", "--format", "gexf"]);
    let xml = String::from_utf8(gexf.stdout).unwrap();
    assert!(
        xml.starts_with("<?xml")
            && xml.contains("<gexf")
            && xml.contains("label=\"Morten Bødskov\""),
        "{xml}"
    );
}
