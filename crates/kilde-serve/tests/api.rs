//! The API end to end, in process (`tower::ServiceExt::oneshot`, no socket): every
//! endpoint answers the documented JSON on a small archive of articles written for
//! this test, and bad requests get JSON errors with the right status, never a panic.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use kilde_index::ArchiveIndex;
use kilde_model::{Article, ArticleId};
use kilde_query::Archive;
use kilde_serve::{IngestFn, ServeOptions, app, wire::IngestSummary};
use serde_json::Value;
use tower::ServiceExt;

const ARTICLES: [(&str, &str, &str); 3] = [
    (
        "fyn/havn-1",
        "2019-06-12",
        "Odense Kommune åbner en ny havnebus i april i år. Borgmester Peter Rahbæk Juel glæder sig.\n\n- Det er en stor dag for byen, siger Peter Rahbæk Juel til Fyens Stiftstidende.",
    ),
    (
        "fyn/havn-2",
        "2019-07-02",
        "Havnebussen i Odense er forsinket. Rahbæk Juel erkender over for DR, at planen var for optimistisk.",
    ),
    (
        "kbh/klima",
        "2020-01-15",
        "Klimaminister Dan Jørgensen fremlægger en klimaplan for København. Det skriver Politiken.",
    ),
];

/// The real seed article, read by path from `../shared/seeds` (never copied here).
fn seed() -> (String, String) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let path = std::fs::read_dir(dir).unwrap().next().unwrap().unwrap().path();
    let raw = std::fs::read_to_string(&path).unwrap();
    let text = raw.trim_start().strip_prefix("date 2019-07").unwrap_or(&raw).trim().to_string();
    (path.file_name().unwrap().to_string_lossy().into_owned(), text)
}

fn archive() -> (tempfile::TempDir, Arc<Archive>) {
    let dir = tempfile::tempdir().unwrap();
    let index = ArchiveIndex::create_or_open(dir.path(), Default::default()).unwrap();
    let mut writer = index.writer(20_000_000, 1).unwrap();
    let (seed_id, seed_text) = seed();
    let seed_article = [(seed_id.as_str(), "2019-07", seed_text.as_str())];
    for (id, date, text) in ARTICLES.iter().copied().chain(seed_article) {
        let article = Article {
            id: ArticleId(id.into()),
            date: date.parse().ok(),
            source: Some("Ritzau".into()),
            title: None,
            url: None,
            text: text.into(),
        };
        let findings = kilde_extract::extract(&article.text, article.date);
        writer.add_with_findings(&article, Some(&findings)).unwrap();
    }
    writer.finish().unwrap();
    let archive = Arc::new(Archive::open(dir.path()).unwrap());
    (dir, archive)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let response =
        app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, json)
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn every_endpoint_answers_its_documented_shape() {
    let (_dir, archive) = archive();
    let app = app(archive, ServeOptions::default());
    let (status, search) = get(&app, "/api/search?q=havnebus&sort=date").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(keys(&search), ["hits", "took_ms", "total"]);
    assert_eq!(search["total"], 2);
    assert_eq!(search["hits"][0]["id"], "fyn/havn-1");
    assert!(search["hits"][0]["snippet"].as_str().unwrap().contains("<mark>havnebus</mark>"));

    let (status, article) = get(&app, "/api/articles/fyn%2Fhavn-1").await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = article["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["canonical"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Peter Rahbæk Juel"), "{names:?}");
    assert_eq!(article["quotes"][0]["channel"], "Fyens Stiftstidende");
    assert_eq!(article["timex"][0]["value"], "2019-04");

    let (_, kwic) = get(&app, "/api/kwic?q=havnebus").await;
    assert_eq!(keys(&kwic), ["lines", "total"]);
    assert!(kwic["lines"][0]["match"].as_str().unwrap().to_lowercase().starts_with("havnebus"));
    assert_eq!(kwic["total"], 2);

    let (_, timeline) = get(&app, "/api/timeline?q=havnebus&q=klima").await;
    assert_eq!(timeline["buckets"][0], "2019-06");
    assert_eq!(timeline["series"][0]["counts"][0], 1);
    assert_eq!(timeline["series"][1]["query"], "klima");

    let (_, entities) = get(&app, "/api/entities?label=PER").await;
    assert_eq!(keys(&entities), ["entities", "total"]);
    let juel =
        entities["entities"].as_array().unwrap().iter().find(|e| e["name"] == "Peter Rahbæk Juel");
    assert_eq!(juel.map(|e| &e["articles"]), Some(&Value::from(1)), "{entities}");

    let (_, quotes) = get(&app, "/api/quotes?speaker=Juel").await;
    assert_eq!(quotes["total"], 2);
    assert_eq!(quotes["quotes"][1]["channel"], "DR");

    let (_, network) = get(&app, "/api/network").await;
    assert_eq!(keys(&network), ["articles", "edges", "nodes"]);
    assert_eq!(network["articles"], 4);

    let (_, stats) = get(&app, "/api/stats").await;
    assert_eq!(stats["articles"], 4);

    let (_, dupes) = get(&app, "/api/dupes?min_size=2").await;
    assert_eq!(keys(&dupes), ["groups"]);

    let (status, spec) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(spec["openapi"], "3.1.0");
}

#[tokio::test]
async fn the_seed_article_answers_with_its_names_quotes_and_dates() {
    let (_dir, archive) = archive();
    let app = app(archive, ServeOptions::default());
    let (seed_id, _) = seed();
    let (status, article) = get(&app, &format!("/api/articles/{seed_id}")).await;
    assert_eq!(status, StatusCode::OK, "{article}");
    let names: Vec<(&str, &str)> = article["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["canonical"].as_str().unwrap(), e["label"].as_str().unwrap()))
        .collect();
    for expected in [("Julian Assange", "PER"), ("CNN", "ORG"), ("London", "LOC")] {
        assert!(names.contains(&expected), "{expected:?} in {names:?}");
    }
    let quotes = article["quotes"].as_array().unwrap();
    assert!(quotes.iter().any(|q| q["speaker"] == "CNN" && q["channel"] == "CNN"));
    let timex = article["timex"].as_array().unwrap();
    assert!(timex.iter().any(|t| t["value"] == "2019-04"));
    let (_, hits) =
        get(&app, "/api/search?q=person:%22Julian%20Assange%22%20AND%20channel:CNN").await;
    assert_eq!(hits["hits"][0]["id"], seed_id.as_str());
    let (_, quotes) = get(&app, "/api/quotes?speaker=Assange").await;
    assert!(quotes["total"].as_u64().unwrap() >= 1, "{quotes}");
    let (_, timeline) = get(&app, "/api/timeline?q=mentions:2016-06").await;
    assert!(timeline["buckets"].as_array().unwrap().contains(&Value::from("2019-07")));
}

#[tokio::test]
async fn the_openapi_description_covers_every_route() {
    let spec: Value = serde_json::from_str(kilde_serve::OPENAPI_JSON).unwrap();
    let paths = spec["paths"].as_object().unwrap();
    for route in kilde_serve::API_ROUTES {
        assert!(paths.contains_key(route), "{route} is not in docs/openapi.json");
    }
    assert_eq!(paths.len(), kilde_serve::API_ROUTES.len());
}

#[tokio::test]
async fn bad_requests_get_json_errors_with_the_right_status() {
    let (_dir, archive) = archive();
    let app = app(archive, ServeOptions::default());
    let cases = [
        ("/api/search?q=havn%20AND%20(", StatusCode::BAD_REQUEST, "bad_query"),
        ("/api/search?q=persn:Juel", StatusCode::BAD_REQUEST, "bad_query"),
        ("/api/search", StatusCode::UNPROCESSABLE_ENTITY, "invalid_parameter"),
        ("/api/search?q=havn&limit=100000", StatusCode::UNPROCESSABLE_ENTITY, "invalid_parameter"),
        ("/api/search?q=havn&limit=-1", StatusCode::UNPROCESSABLE_ENTITY, "invalid_parameter"),
        ("/api/search?q=havn&sort=random", StatusCode::UNPROCESSABLE_ENTITY, "invalid_parameter"),
        ("/api/search?q=havn&from=2019-13", StatusCode::BAD_REQUEST, "bad_query"),
        ("/api/entities?label=PERSON", StatusCode::UNPROCESSABLE_ENTITY, "invalid_parameter"),
        ("/api/timeline", StatusCode::UNPROCESSABLE_ENTITY, "invalid_parameter"),
        ("/api/articles/findes-ikke", StatusCode::NOT_FOUND, "not_found"),
        ("/api/findes-ikke", StatusCode::NOT_FOUND, "not_found"),
    ];
    for (uri, status, code) in cases {
        let (got, body) = get(&app, uri).await;
        assert_eq!(got, status, "{uri}: {body}");
        assert_eq!(body["error"]["code"], code, "{uri}: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{uri}");
    }
    let (_, body) = get(&app, "/api/search?q=havn%20AND%20(").await;
    assert_eq!(body["error"]["position"], 10, "the end of `havn AND (`");
    let long = format!("/api/search?q={}", "ord%20".repeat(1_000));
    let (status, body) = get(&app, &long).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
}

#[tokio::test]
async fn concurrent_searches_share_one_archive() {
    let (_dir, archive) = archive();
    let app = app(archive, ServeOptions::default());
    let mut tasks = Vec::new();
    for i in 0..32 {
        let app = app.clone();
        let query = if i % 2 == 0 { "havnebus" } else { "klimaplan" };
        tasks.push(tokio::spawn(async move { get(&app, &format!("/api/search?q={query}")).await }));
    }
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, StatusCode::OK);
        assert!(body["total"].as_u64().unwrap() >= 1);
    }
}

#[tokio::test]
async fn ingest_is_refused_unless_allowed_and_then_searchable_at_once() {
    let (dir, archive) = archive();
    let post = |app: Router, body: &'static str| async move {
        let request = Request::post("/api/ingest").body(Body::from(body)).unwrap();
        let response = app.oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice::<Value>(&bytes).unwrap())
    };
    let read_only = app(archive.clone(), ServeOptions::default());
    let (status, body) = post(read_only, "{\"text\": \"Ny artikel om færger.\"}\n").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "read_only");

    let index_dir = dir.path().to_path_buf();
    let ingest: IngestFn = Arc::new(move |body: Vec<u8>| {
        let index = ArchiveIndex::create_or_open(&index_dir, Default::default())
            .map_err(|e| e.to_string())?;
        let mut writer = index.writer(20_000_000, 1).map_err(|e| e.to_string())?;
        let text = String::from_utf8(body).map_err(|e| e.to_string())?;
        let value: Value = serde_json::from_str(text.trim()).map_err(|e| e.to_string())?;
        let article = Article {
            id: ArticleId("upload-1".into()),
            date: None,
            source: None,
            title: None,
            url: None,
            text: value["text"].as_str().unwrap_or_default().into(),
        };
        writer.add(&article).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
        Ok(IngestSummary { added: 1, ..IngestSummary::default() })
    });
    let writable = app(archive, ServeOptions { ingest: Some(ingest) });
    let (status, body) = post(writable.clone(), "{\"text\": \"Ny artikel om færger.\"}\n").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["added"], 1);
    let (_, search) = get(&writable, "/api/search?q=færge").await;
    assert_eq!(search["total"], 1, "visible without a restart");
}
