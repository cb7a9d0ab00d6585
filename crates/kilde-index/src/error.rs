//! Errors of the index stage.

use std::path::PathBuf;

/// Why the index could not be opened, written or read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// There is no kilde index in the folder.
    #[error("no kilde index in {dir}")]
    Missing {
        /// The folder looked in.
        dir: PathBuf,
    },
    /// The folder holds an index written by another schema version.
    #[error("the index in {dir} has schema version {found}, this kilde reads version {expected}")]
    SchemaVersion {
        /// The index folder.
        dir: PathBuf,
        /// The version found in `kilde-index.json`.
        found: u32,
        /// The version this build reads and writes.
        expected: u32,
    },
    /// `kilde-index.json` cannot be read or written.
    #[error("cannot use the index description {path}")]
    Meta {
        /// The description file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
    /// The folder cannot be created.
    #[error("cannot create the index folder {dir}")]
    CreateDir {
        /// The folder.
        dir: PathBuf,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
    /// Another process is writing to the index.
    #[error("another kilde process is writing to {dir}")]
    Locked {
        /// The index folder.
        dir: PathBuf,
    },
    /// tantivy failed underneath (disk full, corrupt files, …).
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
    /// The near-duplicate groups file cannot be read or written.
    #[error("cannot use the near-duplicate groups file {path}")]
    Dupes {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
    /// The forms map cannot be read, built or written.
    #[error("cannot use the forms map {path}")]
    Forms {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
    /// An article's findings could not be written as JSON.
    #[error("cannot store an article's findings")]
    Findings(#[from] serde_json::Error),
}

impl Error {
    /// A hint for the user on what to do about this error, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Missing { dir } => Some(format!(
                "create it with `kilde ingest PATH --index {}`, or point --index / KILDE_INDEX at an existing one",
                dir.display()
            )),
            Error::SchemaVersion { .. } => Some(
                "re-ingest the articles into a new folder (`kilde ingest PATH --index NEW_DIR`); \
                 the old folder stays readable by the kilde version that wrote it"
                    .to_string(),
            ),
            Error::Locked { .. } => {
                Some("wait for the other ingest to finish, then run this again".to_string())
            }
            _ => None,
        }
    }
}
