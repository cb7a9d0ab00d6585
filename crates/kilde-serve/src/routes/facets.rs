//! `GET /api/timeline`, `/api/entities`, `/api/quotes`, `/api/network`, `/api/stats`:
//! the archive seen through its dates, names and quotes.

use axum::Json;
use axum::extract::{RawQuery, State};
use kilde_model::EntityLabel;
use kilde_query::{Granularity, NetworkRequest, QuotesRequest, TimelineRequest};

use super::with_archive;
use crate::params::{MAX_PAGE, Params};
use crate::wire::{
    DupesResponse, EntitiesResponse, NetworkResponse, QuotesResponse, Stats, TimelineResponse,
};
use crate::{ApiError, AppState};

/// Most series in one timeline.
const MAX_SERIES: usize = 20;
/// Most nodes in one network.
const MAX_NODES: usize = 2_000;

/// Articles per month for each `q` (repeatable), like `kilde timeline --json`.
pub async fn timeline(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TimelineResponse>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let queries = params.all("q");
    if queries.is_empty() {
        return Err(ApiError::invalid("q", "is required (repeat it for several series)"));
    }
    if queries.len() > MAX_SERIES {
        return Err(ApiError::invalid("q", format!("at most {MAX_SERIES} series")));
    }
    let by = match params.choice("by", &["month", "year"], "month")? {
        "year" => Granularity::Year,
        _ => Granularity::Month,
    };
    let normalize = params.flag("normalize")?;
    let request = TimelineRequest {
        queries,
        by,
        from: params.text("from"),
        to: params.text("to"),
        normalize,
    };
    let timeline = with_archive(&state, move |archive| archive.timeline(&request)).await?;
    Ok(Json(TimelineResponse::from_timeline(timeline, normalize)))
}

fn label(params: &Params) -> Result<Option<EntityLabel>, ApiError> {
    params
        .text("label")
        .map(|text| {
            EntityLabel::parse(&text).ok_or_else(|| {
                ApiError::invalid("label", format!("`{text}` is not PER, ORG, LOC or MISC"))
            })
        })
        .transpose()
}

/// Top entities of the articles `q` matches (all when absent), like `kilde entities --json`.
pub async fn entities(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<EntitiesResponse>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let query = params.text("q");
    let label = label(&params)?;
    let limit = params.number("limit", 25, MAX_PAGE)?;
    let counts =
        with_archive(&state, move |archive| archive.entities(query.as_deref(), label, limit))
            .await?;
    Ok(Json(EntitiesResponse::from_counts(counts)))
}

/// Quotes filtered by `q`, `speaker` and `channel`, like `kilde quotes --json`.
pub async fn quotes(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<QuotesResponse>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let request = QuotesRequest {
        query: params.text("q"),
        speaker: params.text("speaker"),
        channel: params.text("channel"),
        limit: params.number("limit", 50, MAX_PAGE)?,
        offset: params.number("offset", 0, 1_000_000)?,
    };
    let list = with_archive(&state, move |archive| archive.quotes(&request)).await?;
    Ok(Json(QuotesResponse::from_list(list)))
}

/// Co-occurrence network of the articles `q` matches, like `kilde network`.
pub async fn network(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<NetworkResponse>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let mut labels = Vec::new();
    for text in params.all("label") {
        labels.push(EntityLabel::parse(&text).ok_or_else(|| {
            ApiError::invalid("label", format!("`{text}` is not PER, ORG, LOC or MISC"))
        })?);
    }
    let request = NetworkRequest {
        query: params.text("q"),
        labels,
        min_weight: params.number("min_weight", 1, u64::MAX)?,
        max_nodes: params.number("limit", 100, MAX_NODES)?,
    };
    let network = with_archive(&state, move |archive| archive.network(&request)).await?;
    Ok(Json(NetworkResponse::from_network(&network)))
}

/// Articles, date span, sources and index size, like `kilde stats --json`.
pub async fn stats(State(state): State<AppState>) -> Result<Json<Stats>, ApiError> {
    let stats = with_archive(&state, |archive| archive.stats()).await?;
    Ok(Json(Stats::from_stats(stats)))
}

/// Near-duplicate groups with at least `min_size` members, like `kilde dupes --json`.
pub async fn dupes(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<DupesResponse>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let min_size = params.number("min_size", 2usize, 1_000_000)?.max(1);
    let groups = with_archive(&state, move |archive| archive.dupes(min_size)).await?;
    Ok(Json(DupesResponse::from_groups(groups)))
}
