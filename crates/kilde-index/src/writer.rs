//! [`ArchiveWriter`]: adds articles, replaces edited ones, skips unchanged ones.

use std::collections::HashMap;
use std::path::PathBuf;

use kilde_analyze::{AnalyzeSettings, WordAnalyzer};

use kilde_extract::minhash::{MINHASH_VERSION, Signature};
use kilde_model::{Article, Findings};
use tantivy::schema::Value;
use tantivy::{IndexReader, IndexWriter, Searcher, TantivyDocument, Term};

use crate::{Error, Fields, FormsMap};

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

/// What the pipeline derived from one article, stored beside it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Derived<'a> {
    /// What extraction found, when it ran.
    pub findings: Option<&'a Findings>,
    /// The body's MinHash signature, for near-duplicate grouping; `None` for a text too
    /// short to sign, and such an article is never grouped.
    pub signature: Option<&'a Signature>,
}

/// Mixed into the content hash of signed articles (an odd constant, so every
/// [`MINHASH_VERSION`] gives another hash).
const SIGNED_SALT: u64 = 0x9e37_79b9_7f4a_7c15;

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
    /// The index folder and its analysis, for the forms map written by [`Self::finish`].
    dir: PathBuf,
    analyzer: AnalyzeSettings,
}

impl ArchiveWriter {
    pub(crate) fn new(
        writer: IndexWriter,
        fields: Fields,
        reader: IndexReader,
        dir: PathBuf,
        analyzer: AnalyzeSettings,
    ) -> Self {
        let committed = reader.searcher();
        ArchiveWriter { writer, fields, reader, committed, pending: HashMap::new(), dir, analyzer }
    }

    /// Adds `article` without findings, replacing an earlier version with the same id
    /// and other content.
    pub fn add(&mut self, article: &Article) -> Result<AddOutcome, Error> {
        self.add_with_findings(article, None)
    }

    /// Adds `article` with what extraction found in it; the findings are part of the
    /// content, so the same text with other findings (a newer model) replaces the old.
    pub fn add_with_findings(
        &mut self,
        article: &Article,
        findings: Option<&Findings>,
    ) -> Result<AddOutcome, Error> {
        self.add_derived(article, &Derived { findings, signature: None })
    }

    /// Adds `article` with everything derived from it (findings, MinHash signature).
    /// Like findings, the presence of a signature and its [`MINHASH_VERSION`] are part of
    /// the content hash, so re-ingesting with signatures fills them in.
    pub fn add_derived(
        &mut self,
        article: &Article,
        derived: &Derived<'_>,
    ) -> Result<AddOutcome, Error> {
        let findings_json = derived.findings.map(serde_json::to_string).transpose()?;
        let mut hash = content_hash(article, findings_json.as_deref());
        if derived.signature.is_some() {
            hash = hash.rotate_left(17) ^ u64::from(MINHASH_VERSION).wrapping_mul(SIGNED_SALT);
        }
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
        let mut doc = self.document(article, hash);
        if let (Some(findings), Some(json)) = (derived.findings, findings_json) {
            add_findings(&mut doc, &self.fields, findings, json);
        }
        if let Some(signature) = derived.signature {
            add_signature(&mut doc, &self.fields, signature);
        }
        self.writer.add_document(doc)?;
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

    /// Commits, waits for background merges so the folder is left tidy, then writes
    /// the forms map for the final segments (a reader rebuilds it if this never runs).
    pub fn finish(mut self) -> Result<(), Error> {
        self.commit()?;
        self.writer.wait_merging_threads()?;
        self.reader.reload()?;
        let words = WordAnalyzer::new(self.analyzer);
        FormsMap::build(&self.reader.searcher(), self.fields.body, &words)?.write(&self.dir)
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

/// Indexes the names, speakers, channels and mentioned dates of `findings`, and stores
/// `json` (their serialisation) for `show` and the API.
fn add_findings(doc: &mut TantivyDocument, fields: &Fields, findings: &Findings, json: String) {
    for (name, label) in findings.distinct_entities() {
        doc.add_text(fields.entity_field(label), name);
    }
    let mut speakers: Vec<&str> =
        findings.quotes.iter().filter_map(|q| q.speaker.as_deref()).collect();
    speakers.sort_unstable();
    speakers.dedup();
    for speaker in speakers {
        doc.add_text(fields.speaker, speaker);
    }
    let mut channels: Vec<&str> =
        findings.quotes.iter().filter_map(|q| q.channel.as_deref()).collect();
    channels.sort_unstable();
    channels.dedup();
    for channel in channels {
        doc.add_text(fields.channel, channel);
    }
    let mut mentioned: Vec<String> =
        findings.timex.iter().filter_map(|t| t.value.as_deref()).flat_map(mention_terms).collect();
    mentioned.sort_unstable();
    mentioned.dedup();
    for value in mentioned {
        doc.add_text(fields.mentions, value);
    }
    doc.add_text(fields.findings, json);
}

/// Keeps the signature's bytes in a fast column for the grouping pass.
fn add_signature(doc: &mut TantivyDocument, fields: &Fields, signature: &Signature) {
    doc.add_bytes(fields.minhash, &signature.to_bytes());
}

/// The `mentions:` terms of one resolved date value: the value lower-cased, and for a
/// calendar date also its month and year (`2016-06-15` → `2016-06-15`, `2016-06`,
/// `2016`); week, quarter, half and season values add their year (`2019-q3` → `2019`).
pub fn mention_terms(value: &str) -> Vec<String> {
    let value = value.to_lowercase();
    let mut terms = vec![value.clone()];
    let bytes = value.as_bytes();
    let is_year = |end: usize| bytes.get(..end).is_some_and(|b| b.iter().all(u8::is_ascii_digit));
    if value.len() > 4 && is_year(4) && bytes.get(4) == Some(&b'-') {
        terms.push(value[..4].to_string());
        let is_month = bytes.get(5..7).is_some_and(|b| b.iter().all(u8::is_ascii_digit));
        if value.len() > 7 && is_month {
            terms.push(value[..7].to_string());
        }
    }
    terms
}

/// A hash of everything stored about an article: equal hashes mean nothing to update.
/// `findings_json` is what extraction found, when it ran.
pub fn content_hash(article: &Article, findings_json: Option<&str>) -> u64 {
    let mut hasher = blake3::Hasher::new();
    let date = article.date.map(|d| d.to_string());
    for part in [
        Some(article.text.as_str()),
        date.as_deref(),
        article.source.as_deref(),
        article.title.as_deref(),
        article.url.as_deref(),
        findings_json,
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
