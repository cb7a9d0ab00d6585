//! [`ArchiveWriter`]: adds articles, replaces edited ones, skips unchanged ones.

use std::collections::HashMap;

use kilde_model::Article;
use tantivy::schema::Value;
use tantivy::{IndexReader, IndexWriter, Searcher, TantivyDocument, Term};

use crate::{Error, Fields};

/// What adding one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    /// The id was new.
    Added,
    /// The id was known with other content; the old version is replaced.
    Replaced,
    /// The id was known with the same content; nothing changed.
    Unchanged,
}

/// Writes articles into the index in batches. Nothing is visible to readers, and
/// nothing survives a crash, until [`commit`](Self::commit); a commit is atomic, so a
/// killed ingest leaves the last committed index whole.
pub struct ArchiveWriter {
    writer: IndexWriter,
    fields: Fields,
    /// Reloaded after each commit, so `committed` always sees the last one.
    reader: IndexReader,
    /// The index as of the last commit, to find known ids and their content hash.
    committed: Searcher,
    /// Ids added since the last commit with their content hash.
    pending: HashMap<String, u64>,
}

impl ArchiveWriter {
    pub(crate) fn new(writer: IndexWriter, fields: Fields, reader: IndexReader) -> Self {
        let committed = reader.searcher();
        ArchiveWriter { writer, fields, reader, committed, pending: HashMap::new() }
    }

    /// Adds `article`, replacing an earlier version with the same id and other content.
    pub fn add(&mut self, article: &Article) -> Result<AddOutcome, Error> {
        let hash = content_hash(article);
        let id = article.id.as_str();
        let known_hash = match self.pending.get(id) {
            Some(hash) => Some(*hash),
            None => self.committed_hash(id)?,
        };
        let outcome = match known_hash {
            Some(known) if known == hash => return Ok(AddOutcome::Unchanged),
            Some(_) => {
                self.writer.delete_term(Term::from_field_text(self.fields.id, id));
                AddOutcome::Replaced
            }
            None => AddOutcome::Added,
        };
        self.writer.add_document(self.document(article, hash))?;
        self.pending.insert(id.to_string(), hash);
        Ok(outcome)
    }

    /// Makes everything added so far durable and visible, atomically.
    pub fn commit(&mut self) -> Result<(), Error> {
        self.writer.commit()?;
        self.reader.reload()?;
        self.committed = self.reader.searcher();
        self.pending.clear();
        Ok(())
    }

    /// Commits, then waits for background merges so the folder is left tidy.
    pub fn finish(mut self) -> Result<(), Error> {
        self.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }

    fn committed_hash(&self, id: &str) -> Result<Option<u64>, Error> {
        let term = Term::from_field_text(self.fields.id, id);
        for segment in self.committed.segment_readers() {
            let postings = segment.inverted_index(self.fields.id)?;
            let Some(mut docs) = postings
                .read_postings(&term, tantivy::schema::IndexRecordOption::Basic)
                .map_err(|error| Error::Tantivy(error.into()))?
            else {
                continue;
            };
            let hashes = segment.fast_fields().u64("content_hash")?;
            let alive = segment.alive_bitset();
            let mut doc = tantivy::DocSet::doc(&docs);
            while doc != tantivy::TERMINATED {
                if alive.is_none_or(|bits| bits.is_alive(doc)) {
                    return Ok(hashes.first(doc));
                }
                doc = tantivy::DocSet::advance(&mut docs);
            }
        }
        Ok(None)
    }

    fn document(&self, article: &Article, hash: u64) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, article.id.as_str());
        doc.add_u64(f.content_hash, hash);
        if let Some(date) = article.date {
            let (year, month, day) = date.first_day();
            doc.add_i64(f.date, i64::from(year) * 10_000 + i64::from(month) * 100 + i64::from(day));
            doc.add_text(f.date_text, date.to_string());
        }
        if let Some(source) = &article.source {
            doc.add_text(f.source, source);
        }
        match article.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(title) => doc.add_text(f.title, title),
            None => doc.add_text(f.lead, article.title_or_lead()),
        }
        doc.add_text(f.body, &article.text);
        if let Some(url) = &article.url {
            doc.add_text(f.url, url);
        }
        doc
    }
}

/// A hash of everything stored about an article: equal hashes mean nothing to update.
pub fn content_hash(article: &Article) -> u64 {
    let mut hasher = blake3::Hasher::new();
    let date = article.date.map(|d| d.to_string());
    for part in [
        Some(article.text.as_str()),
        date.as_deref(),
        article.source.as_deref(),
        article.title.as_deref(),
        article.url.as_deref(),
    ] {
        hasher.update(part.unwrap_or("\u{0}").as_bytes());
        hasher.update(&[0xff]);
    }
    let bytes = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&bytes.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// The headline of a stored article, or its lead sentence when it has none.
pub fn stored_title(doc: &TantivyDocument, fields: &Fields) -> String {
    stored_text(doc, fields.title).or_else(|| stored_text(doc, fields.lead)).unwrap_or_default()
}

/// Reads a stored text field of a document, if present.
pub fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string)
}
