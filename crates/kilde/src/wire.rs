//! The JSON shapes of `--json` output: a contract other tools read, with the field
//! names the issues fix. (When the HTTP API arrives, these move to `kilde-serve`.)

use kilde_model::{EntityFinding, Findings, QuoteFinding, TimexFinding};
use serde::Serialize;

/// `kilde search --json`.
#[derive(Debug, Serialize)]
pub struct SearchResponse {
    /// Matching articles in all.
    pub total: usize,
    /// Search time in milliseconds.
    pub took_ms: u64,
    /// The page of hits.
    pub hits: Vec<SearchHit>,
}

/// One hit of [`SearchResponse`].
#[derive(Debug, Serialize)]
pub struct SearchHit {
    /// Article id.
    pub id: String,
    /// Date as written (`2019-07` or `2019-07-15`).
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Headline or lead sentence.
    pub title: String,
    /// BM25 score.
    pub score: f32,
    /// HTML-escaped passage with `<mark>…</mark>` around matches.
    pub snippet: String,
    /// Near-duplicates of this article collapsed into this hit; left out when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub similar: usize,
}

fn is_zero(value: &usize) -> bool {
    *value == 0
}

/// `kilde dupes --json`.
#[derive(Debug, Serialize)]
pub struct DupesResponse {
    /// The groups, largest first.
    pub groups: Vec<DupeGroup>,
}

/// One group of [`DupesResponse`].
#[derive(Debug, Serialize)]
pub struct DupeGroup {
    /// Member ids, earliest first.
    pub ids: Vec<String>,
    /// Number of members.
    pub size: usize,
    /// Date of the earliest member as written.
    pub first_date: Option<String>,
}

/// `kilde kwic --json`.
#[derive(Debug, Serialize)]
pub struct KwicResponse {
    /// Occurrences in all.
    pub total: usize,
    /// The lines shown.
    pub lines: Vec<KwicLine>,
}

/// One line of [`KwicResponse`].
#[derive(Debug, Serialize)]
pub struct KwicLine {
    /// Article id.
    pub id: String,
    /// Article date.
    pub date: Option<String>,
    /// Context before the match.
    pub left: String,
    /// The match as written.
    #[serde(rename = "match")]
    pub matched: String,
    /// Context after the match.
    pub right: String,
}

/// `kilde show --json`.
#[derive(Debug, Serialize)]
pub struct Article {
    /// Article id.
    pub id: String,
    /// Date as written.
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Headline or lead sentence.
    pub title: String,
    /// Where it was published.
    pub url: Option<String>,
    /// Body text.
    pub text: String,
    /// Named entities, merged within the article (absent when ingested with `--no-extract`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<EntityFinding>>,
    /// Quotes and reported speech.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quotes: Option<Vec<QuoteFinding>>,
    /// Dates in the text, resolved against the article date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timex: Option<Vec<TimexFinding>>,
}

/// `kilde analyze`: one line per article.
#[derive(Debug, Serialize)]
pub struct AnalyzedArticle {
    /// Article id.
    pub id: String,
    /// Date as written, when known.
    pub date: Option<String>,
    /// The text the offsets point into.
    pub text: String,
    /// `entities`, `quotes` and `timex`, offsets in chars.
    #[serde(flatten)]
    pub findings: Findings,
}

/// `kilde entities --json`.
#[derive(Debug, Serialize)]
pub struct EntitiesResponse {
    /// Distinct entities in the matching articles.
    pub total: u64,
    /// The most frequent ones.
    pub entities: Vec<EntityCount>,
}

/// One entity of [`EntitiesResponse`].
#[derive(Debug, Serialize)]
pub struct EntityCount {
    /// Canonical name.
    pub name: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: String,
    /// Matching articles naming it.
    pub articles: u64,
}

/// `kilde quotes --json`.
#[derive(Debug, Serialize)]
pub struct QuotesResponse {
    /// Quotes matching in all.
    pub total: usize,
    /// The page shown.
    pub quotes: Vec<QuoteLine>,
}

/// One quote of [`QuotesResponse`].
#[derive(Debug, Serialize)]
pub struct QuoteLine {
    /// Article id.
    pub id: String,
    /// Article date.
    pub date: Option<String>,
    /// Who said it: a canonical name, or the noun phrase for an unnamed speaker.
    pub speaker: Option<String>,
    /// The medium it was said to or published in.
    pub channel: Option<String>,
    /// The reporting verb as written.
    pub cue: Option<String>,
    /// What was said.
    pub content: String,
    /// `direct` or `indirect`.
    pub kind: &'static str,
}

/// `kilde timeline --json`.
#[derive(Debug, Serialize)]
pub struct TimelineResponse {
    /// Bucket names (`2019-07`, or `2019` by year), oldest first.
    pub buckets: Vec<String>,
    /// One series per query.
    pub series: Vec<TimelineSeries>,
}

/// One query of [`TimelineResponse`].
#[derive(Debug, Serialize)]
pub struct TimelineSeries {
    /// The query.
    pub query: String,
    /// Articles per bucket (integers), or their share of all articles (`--normalize`).
    pub counts: Vec<serde_json::Value>,
}

/// `kilde network --format json`.
#[derive(Debug, Serialize)]
pub struct NetworkResponse {
    /// Articles the graph was built from.
    pub articles: usize,
    /// Entities, most articles first.
    pub nodes: Vec<NetworkNode>,
    /// Co-occurrences, heaviest first.
    pub edges: Vec<NetworkEdge>,
}

/// One node of [`NetworkResponse`].
#[derive(Debug, Serialize)]
pub struct NetworkNode {
    /// Id used by edges.
    pub id: usize,
    /// Canonical name.
    pub name: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: String,
    /// Articles naming it.
    pub articles: u64,
}

/// One edge of [`NetworkResponse`].
#[derive(Debug, Serialize)]
pub struct NetworkEdge {
    /// Node id.
    pub source: usize,
    /// Node id.
    pub target: usize,
    /// Articles naming both.
    pub weight: u64,
}

/// `kilde stats --json`.
#[derive(Debug, Serialize)]
pub struct Stats {
    /// Articles in the index.
    pub articles: u64,
    /// First and last publication day.
    pub date_span: Option<DateSpan>,
    /// Sources with article counts.
    pub sources: Vec<SourceCount>,
    /// Bytes of the index folder.
    pub index_bytes: u64,
}

/// First and last day of [`Stats`].
#[derive(Debug, Serialize)]
pub struct DateSpan {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
}

/// One source of [`Stats`].
#[derive(Debug, Serialize)]
pub struct SourceCount {
    /// The source as written.
    pub source: String,
    /// Its articles.
    pub articles: u64,
}

/// `kilde ingest --json`: the summary.
#[derive(Debug, Default, Serialize)]
pub struct IngestSummary {
    /// Files read.
    pub files: u64,
    /// New articles.
    pub added: u64,
    /// Articles whose earlier version was replaced.
    pub replaced: u64,
    /// Articles already in the index unchanged.
    pub unchanged: u64,
    /// Records rejected (see the report).
    pub rejected: u64,
    /// Records decoded from Windows-1252/Latin-1.
    pub latin1_records: u64,
    /// Input bytes read (after decompression).
    pub bytes: u64,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Input megabytes (10^6 bytes) per second.
    pub mb_per_second: f64,
}

/// One line of `--report FILE` (JSON Lines).
#[derive(Debug, Serialize)]
pub struct RejectedRecord {
    /// The file.
    pub path: String,
    /// The line (1-based; 1 for whole-file problems).
    pub line: u64,
    /// Why it was rejected.
    pub reason: String,
}

/// `kilde eval compounds --json`.
#[derive(Debug, Serialize)]
pub struct CompoundEval {
    /// Rows evaluated.
    pub rows: usize,
    /// Precision of "query finds word".
    pub precision: f64,
    /// Recall of "query finds word".
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Rows found but marked 0.
    pub false_positives: Vec<[String; 2]>,
    /// Rows marked 1 but not found.
    pub false_negatives: Vec<[String; 2]>,
}
