//! The JSON shapes of the API and of `--json` output: a contract other tools read,
//! with the field names the issues fix. Both the CLI and the API build them with the
//! `from_*` constructors here, so the two cannot drift apart.

use kilde_model::{EntityFinding, Findings, QuoteFinding, TimexFinding};
use kilde_query::{
    ArchiveStats, EntityCounts, Network, QuoteList, SearchResults, StoredArticle, Timeline,
};
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
    /// `PER` or `ORG` for a named speaker, `null` for an unnamed one.
    pub speaker_type: Option<String>,
    /// The medium it was said to or published in.
    pub channel: Option<String>,
    /// The reporting verb as written.
    pub cue: Option<String>,
    /// What was said.
    pub content: String,
    /// `direct` or `indirect`.
    pub kind: &'static str,
    /// The article's headline or lead sentence.
    pub title: String,
    /// The article's source.
    pub source: Option<String>,
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
    /// Groups of near-duplicate articles in the whole archive after this ingest.
    pub near_duplicate_groups: u64,
    /// Seconds the grouping pass took (part of `seconds`).
    pub grouping_seconds: f64,
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

/// `kilde eval ner --json`.
#[derive(Debug, Serialize)]
pub struct NerEval {
    /// Micro-averaged over all labels.
    pub micro: Prf,
    /// Per label: `PER`, `ORG`, `LOC`, `MISC`.
    pub per_label: std::collections::BTreeMap<String, LabelScores>,
}

/// Precision, recall and F1.
#[derive(Debug, Serialize)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
}

/// One label of [`NerEval`].
#[derive(Debug, Serialize)]
pub struct LabelScores {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
    /// Gold spans of this label.
    pub support: usize,
}

impl NerEval {
    /// The scores of an NER evaluation.
    pub fn from_scores(scores: &kilde_extract::NerScores) -> Self {
        let micro =
            Prf { p: scores.micro.precision(), r: scores.micro.recall(), f1: scores.micro.f1() };
        let per_label = scores
            .per_kind
            .iter()
            .map(|(kind, c)| {
                let s = LabelScores {
                    p: c.precision(),
                    r: c.recall(),
                    f1: c.f1(),
                    support: c.support(),
                };
                (kind.as_str().to_string(), s)
            })
            .collect();
        NerEval { micro, per_label }
    }
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

impl SearchResponse {
    /// The response for a search's results; snippets marked with `<mark>`.
    pub fn from_results(results: SearchResults) -> Self {
        let hits = results
            .hits
            .into_iter()
            .map(|h| SearchHit {
                id: h.id,
                date: h.date,
                source: h.source,
                title: h.title,
                score: h.score,
                snippet: h.snippet.to_html(),
                similar: h.similar,
            })
            .collect();
        SearchResponse { total: results.total, took_ms: results.took_ms, hits }
    }
}

impl KwicResponse {
    /// The response for KWIC lines out of `total` occurrences.
    pub fn from_lines(total: usize, lines: Vec<kilde_query::KwicLine>) -> Self {
        let lines = lines
            .into_iter()
            .map(|l| KwicLine {
                id: l.id,
                date: l.date,
                left: l.left,
                matched: l.matched,
                right: l.right,
            })
            .collect();
        KwicResponse { total, lines }
    }
}

impl Article {
    /// A stored article with what extraction found in it.
    pub fn from_stored(a: StoredArticle) -> Self {
        let findings = a.findings;
        Article {
            id: a.id,
            date: a.date,
            source: a.source,
            title: a.title,
            url: a.url,
            text: a.text,
            entities: findings.as_ref().map(|f| f.entities.clone()),
            quotes: findings.as_ref().map(|f| f.quotes.clone()),
            timex: findings.map(|f| f.timex),
        }
    }
}

impl Stats {
    /// The archive's statistics.
    pub fn from_stats(stats: ArchiveStats) -> Self {
        Stats {
            articles: stats.articles,
            date_span: stats.date_span.map(|(from, to)| DateSpan { from, to }),
            sources: stats
                .sources
                .into_iter()
                .map(|(source, articles)| SourceCount { source, articles })
                .collect(),
            index_bytes: stats.index_bytes,
        }
    }
}

impl EntitiesResponse {
    /// The top entities.
    pub fn from_counts(counts: EntityCounts) -> Self {
        let entities = counts
            .entities
            .into_iter()
            .map(|e| EntityCount { name: e.name, label: e.label.to_string(), articles: e.articles })
            .collect();
        EntitiesResponse { total: counts.total, entities }
    }
}

impl QuotesResponse {
    /// A page of quotes.
    pub fn from_list(list: QuoteList) -> Self {
        let quotes = list
            .quotes
            .into_iter()
            .map(|q| QuoteLine {
                id: q.id,
                date: q.date,
                speaker: q.quote.speaker,
                speaker_type: q.quote.speaker_type.map(|l| l.to_string()),
                channel: q.quote.channel,
                cue: q.quote.cue,
                content: q.quote.content,
                kind: q.quote.kind.as_str(),
                title: q.title,
                source: q.source,
            })
            .collect();
        QuotesResponse { total: list.total, quotes }
    }
}

impl TimelineResponse {
    /// The series of a timeline: integer counts, or float shares when `normalized`.
    pub fn from_timeline(timeline: Timeline, normalized: bool) -> Self {
        let count = |value: f64| {
            if normalized { serde_json::json!(value) } else { serde_json::json!(value as u64) }
        };
        let series = timeline
            .series
            .into_iter()
            .map(|s| TimelineSeries {
                query: s.query,
                counts: s.counts.into_iter().map(count).collect(),
            })
            .collect();
        TimelineResponse { buckets: timeline.buckets, series }
    }
}

impl NetworkResponse {
    /// A co-occurrence network.
    pub fn from_network(network: &Network) -> Self {
        NetworkResponse {
            articles: network.articles,
            nodes: network
                .nodes
                .iter()
                .map(|n| NetworkNode {
                    id: n.id,
                    name: n.name.clone(),
                    label: n.label.to_string(),
                    articles: n.articles,
                })
                .collect(),
            edges: network
                .edges
                .iter()
                .map(|e| NetworkEdge { source: e.source, target: e.target, weight: e.weight })
                .collect(),
        }
    }
}

impl DupesResponse {
    /// Near-duplicate groups, largest first.
    pub fn from_groups(groups: Vec<kilde_query::DupeGroup>) -> Self {
        let groups = groups
            .into_iter()
            .map(|g| DupeGroup { ids: g.ids, size: g.size, first_date: g.first_date })
            .collect();
        DupesResponse { groups }
    }
}
