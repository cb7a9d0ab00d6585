//! [`ExitStatus`] and how errors become messages and exit codes, in one place.

use std::process::ExitCode;

use kilde_query::QueryError;

use crate::output::Ui;

/// kilde's outcomes, mapped to process exit codes only in [`From`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: done.
    Success,
    /// 1: fatal error, nothing committed half-way.
    Failure,
    /// 2: usage error or bad query.
    Usage,
    /// 3: finished, but some records were rejected.
    Partial,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(match status {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Partial => 3,
        })
    }
}

/// Prints `error` as `kilde: error: …`, its causes and a hint, and picks the exit status.
/// A broken pipe (`kilde search … | head`) is no error: exit 0 silently.
pub fn report_error(error: &anyhow::Error, ui: &Ui) -> ExitStatus {
    if is_broken_pipe(error) {
        return ExitStatus::Success;
    }
    if let Some(QueryError::Parse(parse)) = error.downcast_ref::<QueryError>() {
        ui.error(&parse.to_string());
        if let Some(query) = error.downcast_ref::<QueryText>() {
            ui.note(&format!("  {}\n  {}^", query.0, " ".repeat(parse.position)));
        }
        ui.note(&format!("hint: {}", parse.hint));
        return ExitStatus::Usage;
    }
    ui.error(&format!("{error}"));
    for cause in error.chain().skip(1) {
        ui.note(&format!("caused by: {cause}"));
    }
    let hint = error.chain().find_map(|e| {
        e.downcast_ref::<kilde_index::Error>().and_then(kilde_index::Error::hint).or_else(
            || match e.downcast_ref::<QueryError>() {
                Some(QueryError::Index(index)) => index.hint(),
                _ => None,
            },
        )
    });
    if let Some(hint) = hint {
        ui.note(&format!("hint: {hint}"));
    }
    match error.downcast_ref::<QueryError>() {
        Some(e) if e.is_user_error() => ExitStatus::Usage,
        _ => ExitStatus::Failure,
    }
}

/// The query text, attached as context so a parse error can point into it.
#[derive(Debug)]
pub struct QueryText(pub String);

impl std::fmt::Display for QueryText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "in query `{}`", self.0)
    }
}

impl std::error::Error for QueryText {}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        let io_kind = e
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| e.downcast_ref::<serde_json::Error>().and_then(|j| j.io_error_kind()));
        io_kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
