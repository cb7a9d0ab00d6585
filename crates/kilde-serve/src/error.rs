//! [`ApiError`]: every failure of a request as one JSON shape with the right status.
//!
//! `{"error": {"code": "bad_query", "message": "…", "position": 7, "hint": "…"}}`.
//! User errors (bad query, unknown id, invalid or oversized parameters) say what to
//! fix; internal errors are logged with their causes and reach the client only as a
//! generic message, so index paths and internals never leak.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kilde_query::QueryError;
use serde::Serialize;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The query text is malformed (400).
    #[error("{message}")]
    BadQuery {
        /// What is wrong.
        message: String,
        /// Char offset in the query.
        position: usize,
        /// How to fix it.
        hint: String,
    },
    /// No such article or route (404).
    #[error("{0}")]
    NotFound(String),
    /// A parameter has a value that cannot be used (422).
    #[error("parameter `{name}`: {message}")]
    InvalidParameter {
        /// The parameter.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// A parameter or the body is larger than the server accepts (413).
    #[error("parameter `{name}` is longer than {limit} characters")]
    TooLarge {
        /// The parameter.
        name: String,
        /// The largest accepted length.
        limit: usize,
    },
    /// Writing is switched off (403).
    #[error("this server is read-only; start it with `kilde serve --allow-ingest` to add articles")]
    ReadOnly,
    /// Something failed inside the server (500); details are logged only.
    #[error("internal error")]
    Internal(String),
}

/// The body of every error response.
#[derive(Debug, Serialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Debug, Serialize)]
struct ErrorDetail {
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadQuery { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::InvalidParameter { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::ReadOnly => StatusCode::FORBIDDEN,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadQuery { .. } => "bad_query",
            ApiError::NotFound(_) => "not_found",
            ApiError::InvalidParameter { .. } => "invalid_parameter",
            ApiError::TooLarge { .. } => "too_large",
            ApiError::ReadOnly => "read_only",
            ApiError::Internal(_) => "internal",
        }
    }

    /// An invalid parameter.
    pub fn invalid(name: &str, message: impl Into<String>) -> Self {
        ApiError::InvalidParameter { name: name.to_string(), message: message.into() }
    }
}

impl From<QueryError> for ApiError {
    fn from(error: QueryError) -> Self {
        match error {
            QueryError::Parse(parse) => ApiError::BadQuery {
                message: parse.message.clone(),
                position: parse.position,
                hint: parse.hint.clone(),
            },
            QueryError::NotFound { id } => ApiError::NotFound(format!("no article with id `{id}`")),
            other => {
                let mut causes = other.to_string();
                let mut source = std::error::Error::source(&other);
                while let Some(cause) = source {
                    causes.push_str(": ");
                    causes.push_str(&cause.to_string());
                    source = cause.source();
                }
                ApiError::Internal(causes)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let (position, hint) = match &self {
            ApiError::BadQuery { position, hint, .. } => (Some(*position), Some(hint.clone())),
            _ => (None, None),
        };
        let body = ErrorBody {
            error: ErrorDetail { code: self.code(), message: self.to_string(), position, hint },
        };
        (self.status(), Json(body)).into_response()
    }
}
