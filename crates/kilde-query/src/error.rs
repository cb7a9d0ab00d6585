//! Errors of the query stage: the user's mistakes ([`ParseError`]) apart from the
//! index's failures, so the CLI can exit 2 and the API answer 400 for the former.

/// A query that cannot be understood, with where and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at character {position})")]
pub struct ParseError {
    /// Char offset (0-based) in the query where the problem is.
    pub position: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl ParseError {
    pub(crate) fn new(
        position: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        ParseError { position, message: message.into(), hint: hint.into() }
    }
}

/// Why a question to the archive failed.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The query text is malformed: the user's to fix.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// No article has this id.
    #[error("no article with id `{id}`")]
    NotFound {
        /// The id asked for.
        id: String,
    },
    /// The index could not be opened.
    #[error(transparent)]
    Index(#[from] kilde_index::Error),
    /// tantivy failed while searching.
    #[error("the index could not be searched")]
    Search(#[from] tantivy::TantivyError),
}

impl QueryError {
    /// Whether the user caused this (bad query, unknown id) rather than the index.
    pub fn is_user_error(&self) -> bool {
        matches!(self, QueryError::Parse(_) | QueryError::NotFound { .. })
    }
}
