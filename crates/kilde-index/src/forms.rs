//! The forms map: every Danish index term → the written forms of the archive's bodies
//! that carry it (`rapport` → `overvågningsrapporterne`, `rapporten`, …), kept in the
//! side file [`FORMS_FILE`].
//!
//! Bodies are indexed as written forms only (see `kilde_analyze`'s module doc for why);
//! this map is how a query word still finds every inflection and every compound that
//! holds it. It is a pure function of the forms in the index, so it can always be
//! rebuilt from the index alone: [`FormsMap::build`] reads every segment's term
//! dictionary, analyses each distinct form once and stores `term \0 form` keys in an
//! `fst` set (about 1 MB per 65,000 forms).
//!
//! Each map records the commit it was built for as a [`commit_stamp`] (the set of
//! segments). An ingest rebuilds it after its last commit; a reader that finds the file
//! missing or stale (a killed ingest, another process still ingesting) rebuilds it in
//! memory with [`FormsMap::current`], so a search never misses a committed article.

use std::fs;
use std::path::Path;

use fst::{IntoStreamer, Set, SetBuilder, Streamer};
use kilde_analyze::{EXACT_MARK, NAME_MARK, WordAnalyzer};
use kilde_extract::fnv::Fnv1a;
use rayon::prelude::*;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::{ArchiveIndex, Error};

/// File name of the forms map inside the index folder.
pub const FORMS_FILE: &str = "kilde-forms.fst";
/// First bytes of [`FORMS_FILE`]: the format, then the commit stamp (u64 LE), then the set.
const MAGIC: &[u8; 8] = b"kforms01";
/// Separates the term from the form in a key.
const SEPARATOR: u8 = 0;

/// Term → written forms of one index's bodies.
pub struct FormsMap {
    stamp: u64,
    set: Set<Vec<u8>>,
}

impl FormsMap {
    /// The map for what `searcher` sees: the file's when it was built for the same
    /// commit, else rebuilt from the index (and saved, when the folder is writable).
    pub fn current(index: &ArchiveIndex, searcher: &Searcher) -> Result<FormsMap, Error> {
        let stamp = commit_stamp(searcher);
        if let Some(map) = FormsMap::read(index.dir())?
            && map.stamp == stamp
        {
            return Ok(map);
        }
        let words = WordAnalyzer::new(index.meta().analyzer);
        let map = FormsMap::build(searcher, index.fields().body, &words)?;
        if let Err(error) = map.write(index.dir()) {
            tracing::warn!("{error}; the forms map is rebuilt in memory on every open");
        }
        Ok(map)
    }

    /// Builds the map from the forms in `field` of every segment `searcher` sees.
    pub fn build(
        searcher: &Searcher,
        field: Field,
        words: &WordAnalyzer,
    ) -> Result<FormsMap, Error> {
        let (forms, names) = distinct_forms(searcher, field)?;
        // Analysing every distinct form is most of the work: spread it over all cores.
        let keys: Result<Vec<Vec<Vec<u8>>>, Error> = forms
            .par_iter()
            .map(|form| {
                let as_name =
                    names.binary_search(form).is_ok() && is_mostly_name(searcher, field, form)?;
                let terms = words.form_terms(form, as_name);
                Ok(terms.iter().filter(|term| *term != form).map(|term| key(term, form)).collect())
            })
            .collect();
        let mut keys: Vec<Vec<u8>> = keys?.into_iter().flatten().collect();
        keys.sort_unstable();
        keys.dedup();
        let mut builder = SetBuilder::memory();
        for key in &keys {
            builder.insert(key).map_err(fst_error)?;
        }
        let set = Set::new(builder.into_inner().map_err(fst_error)?).map_err(fst_error)?;
        Ok(FormsMap { stamp: commit_stamp(searcher), set })
    }

    /// The forms other than `term` itself that carry `term`, in byte order. (A form that
    /// is its own term is looked up as `=term` directly.)
    pub fn forms(&self, term: &str) -> Vec<String> {
        let (start, end) = key_range(term);
        let mut stream = self.set.range().ge(&start).lt(&end).into_stream();
        let mut forms = Vec::new();
        while let Some(key) = stream.next() {
            if let Some(form) = key.get(start.len()..).and_then(|f| std::str::from_utf8(f).ok()) {
                forms.push(form.to_string());
            }
        }
        forms
    }

    /// Whether some form other than `term` itself carries `term`.
    pub fn has_forms(&self, term: &str) -> bool {
        let (start, end) = key_range(term);
        self.set.range().ge(&start).lt(&end).into_stream().next().is_some()
    }

    /// Number of (term, form) pairs.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether the map holds no pairs (an empty archive, or one of numbers only).
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// The commit the map was built for (see [`commit_stamp`]).
    pub fn stamp(&self) -> u64 {
        self.stamp
    }

    /// Reads [`FORMS_FILE`] from `dir`; `None` when there is none or it is of another
    /// format (it is then rebuilt).
    pub fn read(dir: &Path) -> Result<Option<FormsMap>, Error> {
        let path = dir.join(FORMS_FILE);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Forms { path, source }),
        };
        let Some((header, set)) = bytes.split_at_checked(MAGIC.len() + 8) else { return Ok(None) };
        let (magic, stamp) = header.split_at(MAGIC.len());
        let Ok(stamp) = <[u8; 8]>::try_from(stamp) else { return Ok(None) };
        if magic != MAGIC {
            return Ok(None);
        }
        // A damaged set is rebuilt like a missing one.
        Ok(Set::new(set.to_vec())
            .ok()
            .map(|set| FormsMap { stamp: u64::from_le_bytes(stamp), set }))
    }

    /// Writes the map to [`FORMS_FILE`] in `dir` via a temporary file and a rename. The
    /// temporary file is named after the process: two readers that rebuild a stale map
    /// at once (a server and a CLI search) must not write into one file.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        let path = dir.join(FORMS_FILE);
        let temporary = dir.join(format!("{FORMS_FILE}.{}.tmp", std::process::id()));
        let mut bytes = Vec::with_capacity(MAGIC.len() + 8 + self.set.as_fst().as_bytes().len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&self.stamp.to_le_bytes());
        bytes.extend_from_slice(self.set.as_fst().as_bytes());
        fs::write(&temporary, &bytes).and_then(|()| fs::rename(&temporary, &path)).map_err(
            |source| {
                // A half-written temporary file (disk full) is of no use to anyone.
                let _ = fs::remove_file(&temporary);
                Error::Forms { path, source }
            },
        )
    }
}

/// Identifies the commit a searcher sees by its segments: a stable hash (FNV-1a) of
/// their ids, sorted. Deletions do not change it, and need not: a form left only in
/// deleted articles makes a query look up a term that matches nothing.
pub fn commit_stamp(searcher: &Searcher) -> u64 {
    let mut ids: Vec<String> =
        searcher.segment_readers().iter().map(|r| r.segment_id().uuid_string()).collect();
    ids.sort_unstable();
    let mut hash = Fnv1a::new();
    for id in &ids {
        hash.bytes(id.as_bytes());
        hash.byte(b',');
    }
    hash.finish()
}

/// The distinct written forms (`=form`) and name-marked forms (`^form`) of `field`,
/// without their marks, each sorted. Duplicates are dropped after every segment, so
/// memory follows the archive's distinct forms, not forms times segments.
fn distinct_forms(searcher: &Searcher, field: Field) -> Result<(Vec<String>, Vec<String>), Error> {
    let mut forms = Vec::new();
    let mut names = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream().map_err(|error| Error::Tantivy(error.into()))?;
        while stream.advance() {
            let Ok(token) = std::str::from_utf8(stream.key()) else { continue };
            if let Some(form) = token.strip_prefix(EXACT_MARK) {
                forms.push(form.to_string());
            } else if let Some(form) = token.strip_prefix(NAME_MARK) {
                names.push(form.to_string());
            }
        }
        for list in [&mut forms, &mut names] {
            list.sort_unstable();
            list.dedup();
        }
    }
    Ok((forms, names))
}

/// Whether at least half of the articles holding `form` hold it written as a name, so
/// the archive reads it as one (`Bastrup`) rather than as a compound to split.
fn is_mostly_name(searcher: &Searcher, field: Field, form: &str) -> Result<bool, Error> {
    let marked = |mark: char| Term::from_field_text(field, &format!("{mark}{form}"));
    let as_name = searcher.doc_freq(&marked(NAME_MARK))?;
    let in_all = searcher.doc_freq(&marked(EXACT_MARK))?;
    Ok(as_name.saturating_mul(2) >= in_all)
}

/// The keys of all forms of `term`: from `term\0` up to, not including, `term\x01`.
fn key_range(term: &str) -> (Vec<u8>, Vec<u8>) {
    let start = key(term, "");
    let mut end = start.clone();
    if let Some(last) = end.last_mut() {
        *last = SEPARATOR + 1;
    }
    (start, end)
}

fn key(term: &str, form: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(term.len() + 1 + form.len());
    key.extend_from_slice(term.as_bytes());
    key.push(SEPARATOR);
    key.extend_from_slice(form.as_bytes());
    key
}

fn fst_error(error: fst::Error) -> Error {
    Error::Forms { path: FORMS_FILE.into(), source: std::io::Error::other(error) }
}
