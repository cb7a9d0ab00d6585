//! [`Archive`]: the query side of one index folder — search, KWIC, show and stats.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

use kilde_analyze::WordAnalyzer;
use kilde_index::{ArchiveIndex, Fields, FormsMap, stored_text, stored_title};
use kilde_model::Findings;
use tantivy::aggregation::AggregationCollector;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocAddress, IndexReader, Order, Searcher, TantivyDocument};

use crate::compile::{Compiler, date_query};
use crate::dupes::DupeMap;
use crate::facets::parse_findings;
use crate::highlight::{best_snippet, find_matches, kwic_parts};
use crate::parser::{date_bound, parse};
use crate::{MatchTerms, ParseError, QueryError, Snippet};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Best BM25 score first.
    #[default]
    Score,
    /// Oldest first.
    DateAscending,
    /// Newest first.
    DateDescending,
}

/// A search as the CLI and the API ask it.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query text.
    pub query: String,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip first.
    pub offset: usize,
    /// Order of hits.
    pub sort: SortOrder,
    /// Only articles dated on or after this (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only articles dated on or before this.
    pub to: Option<String>,
    /// Show every near-duplicate as its own hit instead of one hit per group.
    pub expand: bool,
}

/// One search result.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// Publication date as written, when known.
    pub date: Option<String>,
    /// Outlet, when known.
    pub source: Option<String>,
    /// Headline or lead sentence.
    pub title: String,
    /// BM25 score (0 when sorted by date).
    pub score: f32,
    /// The best passage with the matches marked.
    pub snippet: Snippet,
    /// Other members of this article's near-duplicate group, collapsed into this hit
    /// (0 when it has none, or with [`SearchRequest::expand`]).
    pub similar: usize,
}

/// What a search found.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// Matching articles in all.
    pub total: usize,
    /// Wall time of the search, in milliseconds.
    pub took_ms: u64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
}

/// How KWIC lines are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KwicSort {
    /// By the words just before the match (concordance order).
    #[default]
    Left,
    /// By the words just after the match.
    Right,
    /// By article date, oldest first.
    Date,
}

/// One keyword-in-context line.
#[derive(Debug, Clone)]
pub struct KwicLine {
    /// Article id.
    pub id: String,
    /// Article date, when known.
    pub date: Option<String>,
    /// Context before the match.
    pub left: String,
    /// The matched word as written.
    pub matched: String,
    /// Context after the match.
    pub right: String,
}

/// A stored article as `show` prints it.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    /// Article id.
    pub id: String,
    /// Publication date as written.
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Headline or lead sentence.
    pub title: String,
    /// Where it was published.
    pub url: Option<String>,
    /// The body text.
    pub text: String,
    /// What extraction found, when the article was ingested with it.
    pub findings: Option<Findings>,
}

/// What the archive holds.
#[derive(Debug, Clone)]
pub struct ArchiveStats {
    /// Articles in the index.
    pub articles: u64,
    /// Earliest and latest publication date (`YYYY-MM-DD` of the first day).
    pub date_span: Option<(String, String)>,
    /// Sources with their article counts, most first.
    pub sources: Vec<(String, u64)>,
    /// Bytes the index folder takes.
    pub index_bytes: u64,
}

/// Most documents a KWIC request reads; enough for a concordance, bounded for memory.
const KWIC_MAX_DOCS: usize = 5_000;
/// Most chars of a snippet.
const SNIPPET_CHARS: usize = 220;

/// An opened archive, ready for questions. Cheap to share: searches take `&self`.
pub struct Archive {
    index: ArchiveIndex,
    reader: IndexReader,
    /// Query analysis and highlighting (its word cache is per thread).
    words: WordAnalyzer,
    /// Near-duplicate groups with the groups file's modification time (see `dupes.rs`).
    pub(crate) dupes: Mutex<Option<(Option<SystemTime>, Arc<DupeMap>)>>,
    /// The forms map of the commit last searched (see `kilde_index::forms`).
    forms: Mutex<Option<Arc<FormsMap>>>,
}

impl Archive {
    /// Opens the index in `dir` for reading.
    pub fn open(dir: &Path) -> Result<Archive, QueryError> {
        Self::open_with(dir, false)
    }

    /// Opens the index in `dir` for a long-running reader: new commits (from another
    /// process's ingest) become visible by themselves shortly after they land.
    pub fn open_live(dir: &Path) -> Result<Archive, QueryError> {
        Self::open_with(dir, true)
    }

    fn open_with(dir: &Path, is_live: bool) -> Result<Archive, QueryError> {
        let index = ArchiveIndex::open(dir)?;
        let reader = if is_live { index.live_reader()? } else { index.reader()? };
        let words = WordAnalyzer::new(index.meta().analyzer);
        Ok(Archive { index, reader, words, dupes: Mutex::new(None), forms: Mutex::new(None) })
    }

    /// The forms map for what `searcher` sees: kept while the commit stays the same,
    /// else read from the folder or rebuilt (after another process's ingest).
    pub(crate) fn forms_map(&self, searcher: &Searcher) -> Result<Arc<FormsMap>, QueryError> {
        let stamp = kilde_index::forms::commit_stamp(searcher);
        let mut cached = self.forms.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(map) = cached.as_ref()
            && map.stamp() == stamp
        {
            return Ok(map.clone());
        }
        let map = Arc::new(FormsMap::current(&self.index, searcher)?);
        *cached = Some(map.clone());
        Ok(map)
    }

    /// Makes the last commit visible now.
    pub fn reload(&self) -> Result<(), QueryError> {
        Ok(self.reader.reload()?)
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        self.index.dir()
    }

    pub(crate) fn fields(&self) -> &Fields {
        self.index.fields()
    }

    /// The query analysis, shared with highlighting.
    pub(crate) fn words(&self) -> &WordAnalyzer {
        &self.words
    }

    /// A searcher over the last commit the reader saw.
    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Parses and compiles `query`, with the date limits applied.
    pub(crate) fn compile(
        &self,
        searcher: &Searcher,
        query: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<(Box<dyn Query>, MatchTerms), QueryError> {
        let node = parse(query)?;
        let forms = self.forms_map(searcher)?;
        let mut compiler = Compiler {
            fields: self.fields(),
            words: &self.words,
            searcher,
            forms: &forms,
            terms: MatchTerms::default(),
        };
        let mut compiled = compiler.compile(&node)?;
        if from.is_some() || to.is_some() {
            let from_day = date_limit(from, true, "--from")?.unwrap_or(0);
            let to_day = date_limit(to, false, "--to")?.unwrap_or(99_991_231);
            compiled = Box::new(BooleanQuery::new(vec![
                (Occur::Must, compiled),
                (Occur::Must, date_query(self.fields(), from_day, to_day)),
            ]));
        }
        Ok((compiled, compiler.terms))
    }

    /// Runs a search: total count, the requested page of hits (near-duplicates collapsed
    /// unless `request.expand`), snippets.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, QueryError> {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let (query, terms) = self.compile(
            &searcher,
            &request.query,
            request.from.as_deref(),
            request.to.as_deref(),
        )?;
        let (total, hits) = self.page_of_hits(&searcher, query.as_ref(), &terms, request)?;
        Ok(SearchResults { total, took_ms: started.elapsed().as_millis() as u64, hits })
    }

    pub(crate) fn top_docs(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
    ) -> Result<(usize, Vec<(f32, DocAddress)>), QueryError> {
        let top = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        Ok(match request.sort {
            SortOrder::Score => {
                let (total, hits) = searcher.search(query, &(Count, top.order_by_score()))?;
                (total, hits)
            }
            SortOrder::DateAscending | SortOrder::DateDescending => {
                let order =
                    if request.sort == SortOrder::DateAscending { Order::Asc } else { Order::Desc };
                let (total, hits) = searcher
                    .search(query, &(Count, top.order_by_fast_field::<i64>("date", order)))?;
                (total, hits.into_iter().map(|(_, address)| (0.0, address)).collect())
            }
        })
    }

    pub(crate) fn hit(&self, doc: &TantivyDocument, score: f32, terms: &MatchTerms) -> Hit {
        let f = self.fields();
        let text = stored_text(doc, f.body).unwrap_or_default();
        let matches = find_matches(&text, terms, &self.words);
        Hit {
            id: stored_text(doc, f.id).unwrap_or_default(),
            date: stored_text(doc, f.date_text),
            source: stored_text(doc, f.source),
            title: stored_title(doc, f),
            score,
            snippet: best_snippet(&text, &matches, SNIPPET_CHARS),
            similar: 0,
        }
    }

    /// Parses, compiles and runs `query`, returning only the number of top hits
    /// collected: the benchmark path, timed like the peer engines (no stored fields).
    pub fn search_top_only(&self, query: &str, limit: usize) -> Result<usize, QueryError> {
        let searcher = self.reader.searcher();
        let (compiled, _) = self.compile(&searcher, query, None, None)?;
        let top = searcher
            .search(compiled.as_ref(), &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        Ok(top.len())
    }

    /// Every occurrence of `query`'s terms in the matching articles, as KWIC lines,
    /// with the total number of occurrences.
    pub fn kwic(
        &self,
        query: &str,
        width: usize,
        limit: usize,
        sort: KwicSort,
    ) -> Result<(usize, Vec<KwicLine>), QueryError> {
        let searcher = self.reader.searcher();
        let (compiled, terms) = self.compile(&searcher, query, None, None)?;
        if terms.is_empty() {
            return Err(ParseError::new(
                0,
                "KWIC needs a word or phrase to show in context",
                "give a word, e.g. `kilde kwic rapport`",
            )
            .into());
        }
        let top = TopDocs::with_limit(KWIC_MAX_DOCS).order_by_fast_field::<i64>("date", Order::Asc);
        let addresses = searcher.search(compiled.as_ref(), &top)?;
        let mut lines = Vec::new();
        for (_, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = stored_text(&doc, self.fields().body).unwrap_or_default();
            let (id, date) = (
                stored_text(&doc, self.fields().id).unwrap_or_default(),
                stored_text(&doc, self.fields().date_text),
            );
            for range in find_matches(&text, &terms, &self.words) {
                let parts = kwic_parts(&text, &range, width);
                lines.push(KwicLine {
                    id: id.clone(),
                    date: date.clone(),
                    left: parts.left,
                    matched: parts.matched,
                    right: parts.right,
                });
            }
        }
        sort_kwic(&mut lines, sort);
        let total = lines.len();
        lines.truncate(limit);
        Ok((total, lines))
    }

    /// The stored article with this id.
    pub fn show(&self, id: &str) -> Result<StoredArticle, QueryError> {
        let searcher = self.reader.searcher();
        let f = self.fields();
        let query = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Err(QueryError::NotFound { id: id.to_string() });
        };
        let doc: TantivyDocument = searcher.doc(*address)?;
        Ok(StoredArticle {
            id: stored_text(&doc, f.id).unwrap_or_default(),
            date: stored_text(&doc, f.date_text),
            source: stored_text(&doc, f.source),
            title: stored_title(&doc, f),
            url: stored_text(&doc, f.url),
            text: stored_text(&doc, f.body).unwrap_or_default(),
            findings: parse_findings(stored_text(&doc, f.findings)),
        })
    }

    /// Articles, date span, sources and index size, from tantivy aggregations.
    pub fn stats(&self) -> Result<ArchiveStats, QueryError> {
        let searcher = self.reader.searcher();
        let request: Aggregations = serde_json::from_value(serde_json::json!({
            "sources": {"terms": {"field": "source", "size": 1000}},
            "first": {"min": {"field": "date"}},
            "last": {"max": {"field": "date"}},
        }))
        .map_err(|error| tantivy::TantivyError::InvalidArgument(error.to_string()))?;
        let collector = AggregationCollector::from_aggs(request, Default::default());
        let result = searcher.search(&tantivy::query::AllQuery, &collector)?;
        let json = serde_json::to_value(result)
            .map_err(|error| tantivy::TantivyError::InternalError(error.to_string()))?;
        let day = |key: &str| json[key]["value"].as_f64().map(|v| format_day(v as i64));
        let sources = json["sources"]["buckets"]
            .as_array()
            .map(|buckets| {
                buckets
                    .iter()
                    .filter_map(|b| {
                        Some((
                            self.source_display_name(&searcher, b["key"].as_str()?),
                            b["doc_count"].as_u64()?,
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(ArchiveStats {
            articles: searcher.num_docs(),
            date_span: day("first").zip(day("last")),
            sources,
            index_bytes: self.index.size_bytes(),
        })
    }

    /// The source as written in some article, for a lower-cased facet key.
    fn source_display_name(&self, searcher: &Searcher, key: &str) -> String {
        let query = TermQuery::new(
            Term::from_field_text(self.fields().source, key),
            IndexRecordOption::Basic,
        );
        searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .ok()
            .and_then(|top| {
                top.first().and_then(|(_, address)| searcher.doc::<TantivyDocument>(*address).ok())
            })
            .and_then(|doc| stored_text(&doc, self.fields().source))
            .unwrap_or_else(|| key.to_string())
    }
}

fn date_limit(text: Option<&str>, is_start: bool, flag: &str) -> Result<Option<i64>, QueryError> {
    let Some(text) = text else { return Ok(None) };
    date_bound(text.trim(), is_start).map(Some).ok_or_else(|| {
        ParseError::new(
            0,
            format!("{flag} `{text}` is not a date"),
            "write YYYY, YYYY-MM or YYYY-MM-DD",
        )
        .into()
    })
}

fn format_day(yyyymmdd: i64) -> String {
    format!("{:04}-{:02}-{:02}", yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100)
}

fn sort_kwic(lines: &mut [KwicLine], sort: KwicSort) {
    match sort {
        KwicSort::Left => lines.sort_by_cached_key(|l| {
            let words: Vec<String> =
                l.left.split_whitespace().rev().map(str::to_lowercase).collect();
            (words, l.matched.to_lowercase())
        }),
        KwicSort::Right => {
            lines.sort_by_cached_key(|l| (l.matched.to_lowercase(), l.right.to_lowercase()))
        }
        KwicSort::Date => lines.sort_by(|a, b| a.date.cmp(&b.date)),
    }
}
