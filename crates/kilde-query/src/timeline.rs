//! Timelines: articles per month (or year) matching each of several queries.
//!
//! Counted by a tantivy histogram aggregation over the `date` fast field, which holds
//! the first day as `YYYYMMDD`: an interval of 100 puts each month in its own bucket
//! (`20190700`), 10 000 each year, so no stored document is read. Months without
//! articles are filled in with zeros, so series line up bucket for bucket.

use std::collections::HashMap;

use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};

use crate::archive::Archive;
use crate::compile::date_query;
use crate::facets::aggregate;
use crate::parser::date_bound;
use crate::{ParseError, QueryError};

/// Bucket width of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    /// One bucket per calendar month (`2019-07`).
    #[default]
    Month,
    /// One bucket per year (`2019`).
    Year,
}

/// What a timeline request asks.
#[derive(Debug, Clone, Default)]
pub struct TimelineRequest {
    /// One series per query.
    pub queries: Vec<String>,
    /// Bucket width.
    pub by: Granularity,
    /// First bucket (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`); the archive's first date otherwise.
    pub from: Option<String>,
    /// Last bucket; the archive's last date otherwise.
    pub to: Option<String>,
    /// Share of all articles in each bucket instead of counts.
    pub normalize: bool,
}

/// One query's counts, bucket by bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The query.
    pub query: String,
    /// Articles (or their share of all articles) per bucket.
    pub counts: Vec<f64>,
}

/// Buckets and the series over them.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Bucket names: `2019-07` by month, `2019` by year.
    pub buckets: Vec<String>,
    /// One series per query, in request order.
    pub series: Vec<Series>,
}

/// Most buckets one timeline holds (a century by month).
const MAX_BUCKETS: usize = 1200;

impl Archive {
    /// Counts the articles each query matches per bucket.
    pub fn timeline(&self, request: &TimelineRequest) -> Result<Timeline, QueryError> {
        let searcher = self.searcher();
        let limits = self.date_limits(request)?;
        let interval = match request.by {
            Granularity::Month => 100,
            Granularity::Year => 10_000,
        };
        let all = self.histogram(&searcher, Box::new(AllQuery), limits, interval)?;
        let all_by_key: HashMap<i64, u64> = all.iter().copied().collect();
        let Some(span) = bucket_span(&all, limits, request.by) else {
            return Ok(Timeline {
                buckets: Vec::new(),
                series: request
                    .queries
                    .iter()
                    .map(|q| Series { query: q.clone(), counts: Vec::new() })
                    .collect(),
            });
        };
        let keys = bucket_keys(span, request.by);
        let mut series = Vec::with_capacity(request.queries.len());
        for query in &request.queries {
            let (compiled, _) = self.compile(&searcher, query, None, None)?;
            let counts: HashMap<i64, u64> =
                self.histogram(&searcher, compiled, limits, interval)?.into_iter().collect();
            let values = keys
                .iter()
                .map(|key| {
                    let count = counts.get(key).copied().unwrap_or(0) as f64;
                    let total = all_by_key.get(key).copied().unwrap_or(0) as f64;
                    if request.normalize {
                        if total > 0.0 { count / total } else { 0.0 }
                    } else {
                        count
                    }
                })
                .collect();
            series.push(Series { query: query.clone(), counts: values });
        }
        Ok(Timeline { buckets: keys.iter().map(|k| bucket_name(*k, request.by)).collect(), series })
    }

    /// `(first day, last day)` as `YYYYMMDD` from the request, open ends as 0 / max.
    fn date_limits(&self, request: &TimelineRequest) -> Result<(i64, i64), QueryError> {
        let bound = |text: &Option<String>,
                     is_start: bool,
                     flag: &str|
         -> Result<Option<i64>, QueryError> {
            let Some(text) = text else { return Ok(None) };
            date_bound(text.trim(), is_start).map(Some).ok_or_else(|| {
                ParseError::new(
                    0,
                    format!("{flag} `{text}` is not a date"),
                    "write YYYY, YYYY-MM or YYYY-MM-DD",
                )
                .into()
            })
        };
        Ok((
            bound(&request.from, true, "--from")?.unwrap_or(0),
            bound(&request.to, false, "--to")?.unwrap_or(99_991_231),
        ))
    }

    /// `(bucket key, count)` pairs of `query` within `limits`, keys as `YYYYMM00` or `YYYY0000`.
    fn histogram(
        &self,
        searcher: &tantivy::Searcher,
        query: Box<dyn Query>,
        (from, to): (i64, i64),
        interval: i64,
    ) -> Result<Vec<(i64, u64)>, QueryError> {
        let query = BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, date_query(self.fields(), from, to)),
        ]);
        let request = serde_json::json!({
            "per_bucket": {"histogram": {"field": "date", "interval": interval, "min_doc_count": 1}}
        });
        let json = aggregate(searcher, &query, request)?;
        let buckets = json["per_bucket"]["buckets"].as_array().cloned().unwrap_or_default();
        Ok(buckets
            .iter()
            .filter_map(|b| Some((b["key"].as_f64()? as i64, b["doc_count"].as_u64()?)))
            .filter(|(_, count)| *count > 0)
            .collect())
    }
}

/// First and last bucket as `(year, month)`: the request's limits where given, else
/// the archive's first and last article.
fn bucket_span(
    all: &[(i64, u64)],
    (from, to): (i64, i64),
    by: Granularity,
) -> Option<((i64, i64), (i64, i64))> {
    let first = if from > 0 { from } else { all.first()?.0 };
    let last = if to < 99_991_231 { to } else { all.last()?.0 };
    let month = |day: i64| match by {
        Granularity::Month => (day / 10_000, (day / 100 % 100).max(1)),
        Granularity::Year => (day / 10_000, 1),
    };
    let (first, last) = (month(first), month(last));
    (first <= last).then_some((first, last))
}

/// Every bucket key from the first to the last, `YYYYMM00` or `YYYY0000`, at most
/// [`MAX_BUCKETS`].
fn bucket_keys(((y0, m0), (y1, m1)): ((i64, i64), (i64, i64)), by: Granularity) -> Vec<i64> {
    let mut keys = Vec::new();
    let (mut year, mut month) = (y0, m0);
    while (year, month) <= (y1, m1) && keys.len() < MAX_BUCKETS {
        match by {
            Granularity::Month => {
                keys.push(year * 10_000 + month * 100);
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
            }
            Granularity::Year => {
                keys.push(year * 10_000);
                year += 1;
            }
        }
    }
    keys
}

fn bucket_name(key: i64, by: Granularity) -> String {
    match by {
        Granularity::Month => format!("{:04}-{:02}", key / 10_000, key / 100 % 100),
        Granularity::Year => format!("{:04}", key / 10_000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_run_across_new_year_without_gaps() {
        let keys = bucket_keys(((2018, 11), (2019, 2)), Granularity::Month);
        let names: Vec<String> = keys.iter().map(|k| bucket_name(*k, Granularity::Month)).collect();
        assert_eq!(names, ["2018-11", "2018-12", "2019-01", "2019-02"]);
    }

    #[test]
    fn the_span_follows_the_archive_unless_limits_are_given() {
        let all = [(20_190_300, 2), (20_190_700, 1)];
        assert_eq!(
            bucket_span(&all, (0, 99_991_231), Granularity::Month),
            Some(((2019, 3), (2019, 7)))
        );
        assert_eq!(
            bucket_span(&all, (20_190_101, 20_191_231), Granularity::Year),
            Some(((2019, 1), (2019, 1)))
        );
        assert_eq!(bucket_span(&[], (0, 99_991_231), Granularity::Month), None);
    }
}
