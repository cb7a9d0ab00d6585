//! `POST /api/ingest`: JSON Lines in the body, added to the index; only with
//! `kilde serve --allow-ingest`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;

use crate::wire::IngestSummary;
use crate::{ApiError, AppState};

/// Ingests the body and makes it searchable at once.
pub async fn ingest(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<IngestSummary>, ApiError> {
    let Some(ingest) = state.options.ingest.clone() else { return Err(ApiError::ReadOnly) };
    let archive = state.archive.clone();
    let summary = tokio::task::spawn_blocking(move || {
        let summary = ingest(body.to_vec())?;
        archive.reload().map_err(|e| e.to_string())?;
        Ok::<_, String>(summary)
    })
    .await
    .map_err(|error| ApiError::Internal(format!("ingest task failed: {error}")))?
    .map_err(|error| ApiError::invalid("body", error))?;
    Ok(Json(summary))
}
