//! Who and who said what: entity counts over the articles a query matches, and the
//! quotes in them filtered by speaker and channel.
//!
//! Entity counts come from tantivy terms aggregations over the name fields' fast
//! columns (the canonical names, whole), so they cost one pass over the matching doc
//! ids, not a read of stored articles. Quotes are read from the stored findings of the
//! matching articles, newest work bounded by [`QUOTES_MAX_DOCS`].

use kilde_index::{stored_text, stored_title};
use kilde_model::{EntityLabel, Findings, QuoteFinding};
use tantivy::aggregation::AggregationCollector;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};
use tantivy::{Order, Searcher, TantivyDocument};

use crate::archive::Archive;
use crate::compile::{name_field, name_query};
use crate::highlight::find_matches;
use crate::parser::NameField;
use crate::{MatchTerms, QueryError};

/// Most articles whose quotes one `quotes` request reads.
pub const QUOTES_MAX_DOCS: usize = 20_000;

/// One entity and the number of matching articles that name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityCount {
    /// Canonical name.
    pub name: String,
    /// Its kind.
    pub label: EntityLabel,
    /// Matching articles that name it.
    pub articles: u64,
}

/// The top entities of the articles a query matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityCounts {
    /// Distinct entities in those articles (of the asked label), counted by tantivy's
    /// cardinality aggregation: exact for small sets, a close estimate for large ones.
    pub total: u64,
    /// The most frequent ones, most articles first, then by name.
    pub entities: Vec<EntityCount>,
}

/// A quote with the article it is from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleQuote {
    /// Article id.
    pub id: String,
    /// Article date as written.
    pub date: Option<String>,
    /// Article headline or lead sentence.
    pub title: String,
    /// Article source.
    pub source: Option<String>,
    /// The quote.
    pub quote: QuoteFinding,
}

/// What a quotes request asks.
#[derive(Debug, Clone, Default)]
pub struct QuotesRequest {
    /// Articles to look in (all when `None`); its words must occur in the quote itself.
    pub query: Option<String>,
    /// Only quotes whose speaker's name contains this name (`Assange`).
    pub speaker: Option<String>,
    /// Only quotes made to or published in this medium.
    pub channel: Option<String>,
    /// Quotes to return.
    pub limit: usize,
    /// Quotes to skip first.
    pub offset: usize,
}

/// Quotes found, oldest article first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteList {
    /// Quotes matching in all.
    pub total: usize,
    /// The requested page.
    pub quotes: Vec<ArticleQuote>,
}

impl Archive {
    /// The `limit` entities (of `label`, or of every label) named in most of the
    /// articles `query` matches (all articles when `None`).
    pub fn entities(
        &self,
        query: Option<&str>,
        label: Option<EntityLabel>,
        limit: usize,
    ) -> Result<EntityCounts, QueryError> {
        let searcher = self.searcher();
        let (compiled, _) = self.compile_optional(&searcher, query)?;
        let labels: Vec<EntityLabel> = match label {
            Some(label) => vec![label],
            None => EntityLabel::ALL.to_vec(),
        };
        let mut request = serde_json::Map::new();
        for label in &labels {
            let field = field_name(*label);
            request.insert(
                format!("{field}_top"),
                serde_json::json!({"terms": {"field": field, "size": limit.clamp(1, 10_000)}}),
            );
            request.insert(
                format!("{field}_distinct"),
                serde_json::json!({"cardinality": {"field": field}}),
            );
        }
        let json = aggregate(&searcher, compiled.as_ref(), serde_json::Value::Object(request))?;
        let mut counts = EntityCounts { total: 0, entities: Vec::new() };
        for label in labels {
            let field = field_name(label);
            counts.total +=
                json[format!("{field}_distinct")]["value"].as_f64().unwrap_or(0.0) as u64;
            let buckets = json[format!("{field}_top")]["buckets"].as_array().cloned();
            for bucket in buckets.unwrap_or_default() {
                let (Some(name), Some(articles)) =
                    (bucket["key"].as_str(), bucket["doc_count"].as_u64())
                else {
                    continue;
                };
                counts.entities.push(EntityCount { name: name.to_string(), label, articles });
            }
        }
        counts
            .entities
            .sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.name.cmp(&b.name)));
        counts.entities.truncate(limit);
        Ok(counts)
    }

    /// Quotes in the matching articles, filtered by speaker and channel, oldest first.
    pub fn quotes(&self, request: &QuotesRequest) -> Result<QuoteList, QueryError> {
        let searcher = self.searcher();
        let (mut query, terms) = self.compile_optional(&searcher, request.query.as_deref())?;
        let speaker = name_filter(request.speaker.as_deref());
        let channel = name_filter(request.channel.as_deref());
        for (filter, field) in [(&speaker, NameField::Speaker), (&channel, NameField::Channel)] {
            if let Some((name, _)) = filter {
                let by_name = name_query(name_field(self.fields(), field), name)?;
                query =
                    Box::new(BooleanQuery::new(vec![(Occur::Must, query), (Occur::Must, by_name)]));
            }
        }
        let top =
            TopDocs::with_limit(QUOTES_MAX_DOCS).order_by_fast_field::<i64>("date", Order::Asc);
        let mut found = Vec::new();
        for (_, address) in searcher.search(query.as_ref(), &top)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(findings) = self.stored_findings(&doc) else { continue };
            let id = stored_text(&doc, self.fields().id).unwrap_or_default();
            let date = stored_text(&doc, self.fields().date_text);
            let title = stored_title(&doc, self.fields());
            let source = stored_text(&doc, self.fields().source);
            for quote in findings.quotes {
                let keep = names_match(quote.speaker.as_deref(), &speaker)
                    && names_match(quote.channel.as_deref(), &channel)
                    && self.content_matches(&quote.content, &terms);
                if keep {
                    found.push(ArticleQuote {
                        id: id.clone(),
                        date: date.clone(),
                        title: title.clone(),
                        source: source.clone(),
                        quote,
                    });
                }
            }
        }
        let total = found.len();
        let quotes = found.into_iter().skip(request.offset).take(request.limit).collect();
        Ok(QuoteList { total, quotes })
    }

    /// The query for an optional query text: every article when there is none.
    pub(crate) fn compile_optional(
        &self,
        searcher: &Searcher,
        query: Option<&str>,
    ) -> Result<(Box<dyn Query>, MatchTerms), QueryError> {
        match query.map(str::trim).filter(|q| !q.is_empty()) {
            Some(query) => self.compile(searcher, query, None, None),
            None => Ok((Box::new(AllQuery), MatchTerms::default())),
        }
    }

    /// Whether a quote's words hold the query's words (always, for a query of fields).
    fn content_matches(&self, content: &str, terms: &MatchTerms) -> bool {
        terms.is_empty() || !find_matches(content, terms, self.words()).is_empty()
    }
}

/// The index field holding entities of `label`.
pub(crate) fn field_name(label: EntityLabel) -> &'static str {
    match label {
        EntityLabel::Per => "person",
        EntityLabel::Org => "org",
        EntityLabel::Loc => "place",
        EntityLabel::Misc => "misc",
    }
}

/// A name to filter by, with its folded words.
fn name_filter(name: Option<&str>) -> Option<(String, Vec<String>)> {
    let name = name?.trim();
    let words = kilde_analyze::name_words(name);
    (!words.is_empty()).then(|| (name.to_string(), words))
}

/// Whether `value` holds the filter's words in order (`Assange` in `Julian Assange`).
fn names_match(value: Option<&str>, filter: &Option<(String, Vec<String>)>) -> bool {
    let Some((_, wanted)) = filter else { return true };
    let Some(value) = value else { return false };
    let words = kilde_analyze::name_words(value);
    words.windows(wanted.len()).any(|window| window == wanted.as_slice())
}

/// Runs an aggregation request over the docs `query` matches, as JSON.
pub(crate) fn aggregate(
    searcher: &Searcher,
    query: &dyn Query,
    request: serde_json::Value,
) -> Result<serde_json::Value, QueryError> {
    let request: Aggregations = serde_json::from_value(request)
        .map_err(|error| tantivy::TantivyError::InvalidArgument(error.to_string()))?;
    let collector = AggregationCollector::from_aggs(request, Default::default());
    let result = searcher.search(query, &collector)?;
    Ok(serde_json::to_value(result)
        .map_err(|error| tantivy::TantivyError::InternalError(error.to_string()))?)
}

/// The findings stored with an article, if extraction ran on it.
pub(crate) fn parse_findings(json: Option<String>) -> Option<Findings> {
    serde_json::from_str(&json?).ok()
}

impl Archive {
    fn stored_findings(&self, doc: &TantivyDocument) -> Option<Findings> {
        parse_findings(stored_text(doc, self.fields().findings))
    }
}
