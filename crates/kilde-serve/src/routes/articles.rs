//! `GET /api/articles/{id}`: one stored article with its entities, quotes and dates.

use axum::Json;
use axum::extract::{Path, State};

use super::with_archive;
use crate::params::MAX_PARAM_CHARS;
use crate::wire::Article;
use crate::{ApiError, AppState};

/// The article, or 404.
pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Article>, ApiError> {
    if id.chars().count() > MAX_PARAM_CHARS {
        return Err(ApiError::TooLarge { name: "id".into(), limit: MAX_PARAM_CHARS });
    }
    let stored = with_archive(&state, move |archive| archive.show(&id)).await?;
    Ok(Json(Article::from_stored(stored)))
}
