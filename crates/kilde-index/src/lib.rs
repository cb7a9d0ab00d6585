//! The index stage: [`Article`](kilde_model::Article)s → one tantivy folder. This crate
//! owns the schema ([`Fields`]), the description file beside it ([`IndexMeta`]) and
//! the writer that makes re-ingesting idempotent ([`ArchiveWriter`]), and the
//! near-duplicate groups computed after each ingest ([`dupes::regroup`]).
//!
//! **Invariants:** every write goes through [`ArchiveWriter`], whose commits are
//! atomic; an index whose `kilde-index.json` names another schema version is refused
//! with [`Error::SchemaVersion`]; the analyzers are registered from the settings stored
//! in the index, never from the caller's, so queries analyse as indexing did.
//!
//! ```
//! use kilde_index::ArchiveIndex;
//! use kilde_model::{Article, ArticleId};
//! let dir = tempfile::tempdir().unwrap();
//! let index = ArchiveIndex::create_or_open(dir.path(), Default::default()).unwrap();
//! let mut writer = index.writer(50_000_000, 1).unwrap();
//! let article = Article { id: ArticleId("a1".into()), date: "2019-07".parse().ok(),
//!     source: None, title: None, url: None, text: "Regionen åbner et nyt sygehus.".into() };
//! writer.add(&article).unwrap();
//! writer.finish().unwrap();
//! assert_eq!(index.reader().unwrap().searcher().num_docs(), 1);
//! ```
#![warn(missing_docs)]

pub mod dupes;
mod error;
pub mod forms;
mod merge;
mod meta;
mod schema;
mod writer;

use std::path::{Path, PathBuf};

use kilde_analyze::AnalyzeSettings;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use dupes::{DUPES_FILE, DupeGroup, DupeGroups, DupeSettings, GroupingStats, regroup};
pub use error::Error;
pub use forms::{FORMS_FILE, FormsMap};
pub use merge::{BoundedMergePolicy, MAX_MERGED_DOCS};
pub use meta::{IndexMeta, META_FILE, SCHEMA_VERSION};
pub use schema::{Fields, KEYWORD_ANALYZER};
pub use writer::{
    AddOutcome, ArchiveWriter, Derived, content_hash, mention_terms, stored_text, stored_title,
};

/// An opened kilde index folder.
pub struct ArchiveIndex {
    index: Index,
    fields: Fields,
    meta: IndexMeta,
    dir: PathBuf,
}

impl ArchiveIndex {
    /// Opens the index in `dir`, creating folder and index when there is none yet.
    /// An existing index keeps its own analyzer settings; `settings` apply to new ones.
    pub fn create_or_open(dir: &Path, settings: AnalyzeSettings) -> Result<Self, Error> {
        std::fs::create_dir_all(dir)
            .map_err(|source| Error::CreateDir { dir: dir.to_path_buf(), source })?;
        let meta = match meta::read_meta(dir)? {
            Some(meta) => meta,
            None => {
                let meta = IndexMeta::current(settings);
                let (schema, _) = schema::build_schema();
                let directory = open_directory(dir)?;
                if !Index::exists(&directory).map_err(|error| Error::Tantivy(error.into()))? {
                    Index::create(directory, schema, tantivy::IndexSettings::default())?;
                }
                meta::write_meta(dir, &meta)?;
                meta
            }
        };
        Self::open_with(dir, meta)
    }

    /// Opens an existing index for reading; a folder without one is [`Error::Missing`].
    pub fn open(dir: &Path) -> Result<Self, Error> {
        let meta =
            meta::read_meta(dir)?.ok_or_else(|| Error::Missing { dir: dir.to_path_buf() })?;
        Self::open_with(dir, meta)
    }

    fn open_with(dir: &Path, meta: IndexMeta) -> Result<Self, Error> {
        let index = Index::open(open_directory(dir)?)?;
        schema::register_analyzers(&index, meta.analyzer);
        let fields = schema::fields_of(&index.schema())?;
        Ok(ArchiveIndex { index, fields, meta, dir: dir.to_path_buf() })
    }

    /// A writer with `heap_bytes` of indexing memory shared by `threads` threads.
    pub fn writer(&self, heap_bytes: usize, threads: usize) -> Result<ArchiveWriter, Error> {
        let writer = match self.index.writer_with_num_threads(threads.max(1), heap_bytes) {
            Ok(writer) => writer,
            Err(tantivy::TantivyError::LockFailure(..)) => {
                return Err(Error::Locked { dir: self.dir.clone() });
            }
            Err(other) => return Err(other.into()),
        };
        writer.set_merge_policy(Box::new(BoundedMergePolicy));
        Ok(ArchiveWriter::new(
            writer,
            self.fields,
            self.reader()?,
            self.dir.clone(),
            self.meta.analyzer,
        ))
    }

    /// A reader that sees the last commit; reload it to see later ones.
    pub fn reader(&self) -> Result<IndexReader, Error> {
        Ok(self.index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?)
    }

    /// A reader that follows commits by itself (shortly after they land): for a server
    /// that stays up while another process ingests.
    pub fn live_reader(&self) -> Result<IndexReader, Error> {
        Ok(self.index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?)
    }

    /// The fields of the schema.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The tantivy index, for queries.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// What `kilde-index.json` says.
    pub fn meta(&self) -> &IndexMeta {
        &self.meta
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Bytes taken by the folder's files.
    pub fn size_bytes(&self) -> u64 {
        std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()
            })
            .unwrap_or(0)
    }
}

fn open_directory(dir: &Path) -> Result<MmapDirectory, Error> {
    MmapDirectory::open(dir).map_err(|error| Error::Tantivy(error.into()))
}
