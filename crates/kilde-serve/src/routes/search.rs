//! `GET /api/search` and `GET /api/kwic`.

use axum::Json;
use axum::extract::{RawQuery, State};
use kilde_query::{KwicSort, SearchRequest, SortOrder};

use super::with_archive;
use crate::params::{MAX_PAGE, Params};
use crate::wire::{KwicResponse, SearchResponse};
use crate::{ApiError, AppState};

/// Ranked hits with marked snippets: the JSON of `kilde search --json`.
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let sort = match params.choice("sort", &["score", "date", "-date"], "score")? {
        "date" => SortOrder::DateAscending,
        "-date" => SortOrder::DateDescending,
        _ => SortOrder::Score,
    };
    let request = SearchRequest {
        query: params.required("q")?,
        limit: params.number("limit", 10, MAX_PAGE)?,
        offset: params.number("offset", 0, 1_000_000)?,
        sort,
        from: params.text("from"),
        to: params.text("to"),
        expand: params.flag("expand")?,
    };
    let results = with_archive(&state, move |archive| archive.search(&request)).await?;
    Ok(Json(SearchResponse::from_results(results)))
}

/// Keyword-in-context lines: the JSON of `kilde kwic --json`.
pub async fn kwic(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<KwicResponse>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let query = params.required("q")?;
    let width = params.number("width", 40, 500)?;
    let limit = params.number("limit", 100, MAX_PAGE)?;
    let sort = match params.choice("sort", &["left", "right", "date"], "left")? {
        "right" => KwicSort::Right,
        "date" => KwicSort::Date,
        _ => KwicSort::Left,
    };
    let (total, lines) =
        with_archive(&state, move |archive| archive.kwic(&query, width, limit, sort)).await?;
    Ok(Json(KwicResponse::from_lines(total, lines)))
}
