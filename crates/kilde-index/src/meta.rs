//! `kilde-index.json`: the schema version and analyzer settings beside tantivy's files.
//!
//! tantivy records its own format but not how kilde analysed the text; an index
//! analysed differently from the running build would silently stop finding
//! compounds, so kilde refuses it with a clear error instead.

use std::fs;
use std::path::{Path, PathBuf};

use kilde_analyze::AnalyzeSettings;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The schema version this build reads and writes. Bump it whenever the schema or
/// the analysis changes in a way that makes old indexes give wrong answers, including a
/// new [`MINHASH_VERSION`](kilde_extract::minhash::MINHASH_VERSION): an ingest into an
/// index holding older signatures would leave the articles it does not touch with them,
/// and the grouping pass would compare the two kinds as if they were one. Version 5:
/// one-permutation MinHash signatures. Version 6: bodies indexed as written forms only,
/// searched through the forms map.
pub const SCHEMA_VERSION: u32 = 6;
/// File name of the description inside the index folder.
pub const META_FILE: &str = "kilde-index.json";

/// What kilde writes about an index, beside tantivy's own files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// See [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// How text was analysed when indexed; queries analyse the same way.
    pub analyzer: AnalyzeSettings,
    /// The kilde version that created the index.
    pub created_by: String,
}

impl IndexMeta {
    /// The description of a new index made by this build.
    pub fn current(analyzer: AnalyzeSettings) -> Self {
        IndexMeta {
            schema_version: SCHEMA_VERSION,
            analyzer,
            created_by: format!("kilde {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

pub(crate) fn meta_path(dir: &Path) -> PathBuf {
    dir.join(META_FILE)
}

/// Reads the description, or `None` when the folder has none.
pub(crate) fn read_meta(dir: &Path) -> Result<Option<IndexMeta>, Error> {
    let path = meta_path(dir);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Meta { path, source }),
    };
    let meta: IndexMeta = serde_json::from_str(&text).map_err(|error| Error::Meta {
        path: path.clone(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, error),
    })?;
    if meta.schema_version != SCHEMA_VERSION {
        return Err(Error::SchemaVersion {
            dir: dir.to_path_buf(),
            found: meta.schema_version,
            expected: SCHEMA_VERSION,
        });
    }
    Ok(Some(meta))
}

/// Writes the description atomically (temporary file, then rename).
pub(crate) fn write_meta(dir: &Path, meta: &IndexMeta) -> Result<(), Error> {
    let path = meta_path(dir);
    let temporary = dir.join(format!("{META_FILE}.tmp"));
    let text = serde_json::to_string_pretty(meta).map_err(|error| Error::Meta {
        path: path.clone(),
        source: std::io::Error::other(error),
    })?;
    fs::write(&temporary, text)
        .and_then(|()| fs::rename(&temporary, &path))
        .map_err(|source| Error::Meta { path, source })
}
