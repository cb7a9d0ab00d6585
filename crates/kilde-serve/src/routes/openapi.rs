//! `GET /api/openapi.json`: the OpenAPI 3.1 description of every endpoint.
//!
//! Written by hand in `docs/openapi.json` rather than derived: the API is a dozen
//! read-only endpoints whose shapes are fixed by the issues, and a test checks that
//! every route of the router is described there.

use axum::http::header;
use axum::response::IntoResponse;

/// The description, as committed in `docs/openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../../../../docs/openapi.json");

/// Serves the description.
pub async fn spec() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}
