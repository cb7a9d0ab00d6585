//! One file per resource; [`router`] puts them together.

mod articles;
mod facets;
mod ingest;
mod openapi;
mod search;
mod web;

use axum::Router;
use axum::routing::{get, post};
use kilde_query::{Archive, QueryError};

use crate::{ApiError, AppState};

pub use openapi::OPENAPI_JSON;

/// Every API path the router answers, as `docs/openapi.json` must describe them.
pub const API_ROUTES: [&str; 11] = [
    "/api/search",
    "/api/kwic",
    "/api/articles/{id}",
    "/api/timeline",
    "/api/entities",
    "/api/quotes",
    "/api/network",
    "/api/dupes",
    "/api/stats",
    "/api/openapi.json",
    "/api/ingest",
];

/// Every route of the API and the UI.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search::search))
        .route("/api/kwic", get(search::kwic))
        .route("/api/articles/{id}", get(articles::article))
        .route("/api/timeline", get(facets::timeline))
        .route("/api/entities", get(facets::entities))
        .route("/api/quotes", get(facets::quotes))
        .route("/api/network", get(facets::network))
        .route("/api/dupes", get(facets::dupes))
        .route("/api/stats", get(facets::stats))
        .route("/api/openapi.json", get(openapi::spec))
        .route("/api/ingest", post(ingest::ingest))
        .route("/api/{*rest}", get(api_not_found).post(api_not_found))
        .merge(web::router())
}

async fn api_not_found() -> ApiError {
    ApiError::NotFound("no such endpoint; see /api/openapi.json".into())
}

/// Runs a question to the archive on the blocking pool: tantivy searches are CPU work.
pub(crate) async fn with_archive<T: Send + 'static>(
    state: &AppState,
    question: impl FnOnce(&Archive) -> Result<T, QueryError> + Send + 'static,
) -> Result<T, ApiError> {
    let archive = state.archive.clone();
    tokio::task::spawn_blocking(move || question(&archive))
        .await
        .map_err(|error| ApiError::Internal(format!("search task failed: {error}")))?
        .map_err(ApiError::from)
}
