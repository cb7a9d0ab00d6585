//! Near-duplicate groups of the whole archive, kept in the side file [`DUPES_FILE`].
//!
//! After an ingest's last commit, [`regroup`] reads every live article's MinHash
//! signature from the `minhash` fast column (256 bytes each) and does the LSH banding in
//! memory, one band at a time: the articles sorted by that band's values, each run of
//! equal values a bucket of candidates; each candidate pair is verified on the two
//! signatures ([`kilde_extract::Signature::similarity`]); accepted pairs are joined with
//! union-find. No document is read until the groups are known, and then only their
//! members (for id and date).
//!
//! Why in memory rather than one index term per band: 42 nearly unique terms per article
//! almost doubled ingest time and memory (tantivy writes, sorts and merges them all),
//! while sorting the bands here costs under a second per 100 MB of text.
//!
//! Why a side file rather than a field: groups change whenever an article arrives that
//! joins two of them, and tantivy cannot update a stored document in place; the file is
//! rewritten whole (temporary file, then rename), so a killed ingest leaves the previous
//! file or the new one, never half of either.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use kilde_extract::Signature;
use kilde_extract::minhash::{BANDS, ROWS};
use kilde_model::ArticleDate;
use serde::{Deserialize, Serialize};
use tantivy::Searcher;
use tantivy::columnar::StrColumn;

use crate::{ArchiveIndex, Error};

/// File name of the groups inside the index folder.
pub const DUPES_FILE: &str = "kilde-dupes.json";
/// Version of [`DupeGroups`]' JSON shape.
pub const DUPES_FILE_VERSION: u32 = 1;

/// When two signed articles count as near-duplicates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DupeSettings {
    /// Accept a pair whose estimated Jaccard similarity reaches this: small edits,
    /// swapped words, an added byline.
    pub min_jaccard: f64,
    /// Accept a pair whose estimated containment reaches this, provided its Jaccard
    /// reaches [`containment_min_jaccard`](Self::containment_min_jaccard): a new first
    /// paragraph or cut paragraphs, which keep most of the shorter text inside the longer.
    pub min_containment: f64,
    /// Jaccard floor under the containment rule: the containment estimate grows noisy as
    /// the texts' sizes drift apart, and a short brief inside a long feature is not a reprint.
    pub containment_min_jaccard: f64,
    /// Band keys shared by more articles than this are skipped: such a bucket is
    /// boilerplate (a recurring standfirst), verifying it costs its size squared, and true
    /// duplicates also share other bands.
    pub max_bucket: u32,
}

impl Default for DupeSettings {
    /// The thresholds chosen on the dev half of the evaluation set (docs/quality.md), the
    /// loosest that keep dev precision at 1.000: containment 0.6 (below it precision
    /// falls, above it recall), with a Jaccard floor of 0.25, since at 0.2 a short cut copy
    /// whose few shingles sit in another article's borrowed lead passes by the noise of
    /// its estimate; the Jaccard rule alone matters little there, 0.4 sits at the LSH
    /// threshold of 42 × 3.
    fn default() -> Self {
        DupeSettings {
            min_jaccard: 0.4,
            min_containment: 0.6,
            containment_min_jaccard: 0.25,
            max_bucket: 200,
        }
    }
}

impl DupeSettings {
    /// Whether two signed texts are near-duplicates under these settings.
    pub fn accepts(&self, a: &Signature, b: &Signature) -> bool {
        let similarity = a.similarity(b);
        similarity.jaccard >= self.min_jaccard
            || (similarity.containment >= self.min_containment
                && similarity.jaccard >= self.containment_min_jaccard)
    }
}

/// One group of near-duplicate articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DupeGroup {
    /// Member ids, earliest date first, then by id; undated members last. A date known
    /// only to the month counts as its last day, so it follows the days of that month.
    pub ids: Vec<String>,
    /// Members in the group (`ids.len()`).
    pub size: usize,
    /// Date of the earliest member as written, when it has one.
    pub first_date: Option<String>,
}

/// The content of [`DUPES_FILE`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DupeGroups {
    /// [`DUPES_FILE_VERSION`].
    pub version: u32,
    /// The index commit (tantivy opstamp) the groups were computed for.
    pub opstamp: u64,
    /// Largest group first, then by first date and first id.
    pub groups: Vec<DupeGroup>,
}

/// What one grouping pass did, for logs and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupingStats {
    /// Live articles in the index.
    pub articles: u64,
    /// Band keys held by two or more articles.
    pub shared_keys: u64,
    /// Band keys skipped for holding more than [`DupeSettings::max_bucket`] articles.
    pub skipped_keys: u64,
    /// Candidate pairs whose signatures were compared.
    pub verified_pairs: u64,
    /// Pairs accepted as near-duplicates.
    pub accepted_pairs: u64,
    /// Groups found.
    pub groups: u64,
    /// Articles in some group.
    pub grouped_articles: u64,
    /// Wall time of the pass, in milliseconds.
    pub millis: u64,
}

/// Recomputes the groups of the whole index as of its last commit and writes them to
/// [`DUPES_FILE`] atomically.
#[tracing::instrument(skip_all, fields(dir = %index.dir().display()))]
pub fn regroup(index: &ArchiveIndex) -> Result<GroupingStats, Error> {
    let (groups, stats) = find_groups(index, &DupeSettings::default())?;
    write_groups(index.dir(), &groups)?;
    tracing::info!(groups = stats.groups, millis = stats.millis, "near-duplicates grouped");
    Ok(stats)
}

/// Computes the groups of the index's last commit without writing them.
pub fn find_groups(
    index: &ArchiveIndex,
    settings: &DupeSettings,
) -> Result<(DupeGroups, GroupingStats), Error> {
    let started = Instant::now();
    let opstamp = index.tantivy().load_metas()?.opstamp;
    // The signatures are read through a reader of their own, dropped before the members'
    // documents are read, so the memory-mapped signature column is unmapped and does not
    // add to the peak resident memory of an ingest.
    let (mut pass, articles) = {
        let reader = index.reader()?;
        let searcher = reader.searcher();
        (Pass::new(&searcher)?, searcher.num_docs())
    };
    let mut stats = GroupingStats { articles, ..Default::default() };
    pass.join_candidates(settings, &mut stats)?;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    if searcher.segment_readers().len() != pass.bases.len() {
        return Err(Error::Tantivy(tantivy::TantivyError::InternalError(
            "the index changed while near-duplicates were grouped".into(),
        )));
    }
    let groups = pass.groups(&searcher)?;
    stats.groups = groups.len() as u64;
    stats.grouped_articles = groups.iter().map(|g| g.size as u64).sum();
    stats.millis = started.elapsed().as_millis() as u64;
    Ok((DupeGroups { version: DUPES_FILE_VERSION, opstamp, groups }, stats))
}

/// Writes `groups` to [`DUPES_FILE`] in `dir` via a temporary file and a rename.
pub fn write_groups(dir: &Path, groups: &DupeGroups) -> Result<(), Error> {
    let path = dir.join(DUPES_FILE);
    let temporary = dir.join(format!("{DUPES_FILE}.tmp"));
    let text = serde_json::to_vec(groups)?;
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, &path))
        .map_err(|source| Error::Dupes { path, source })
}

/// Reads [`DUPES_FILE`] from `dir`; `None` when there is none (an index from before
/// grouping, or one whose ingest was killed before its first grouping pass).
pub fn read_groups(dir: &Path) -> Result<Option<DupeGroups>, Error> {
    let path = dir.join(DUPES_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Dupes { path, source }),
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|error| Error::Dupes {
        path,
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, error),
    })
}

/// The state of one grouping pass over a searcher: articles are numbered globally,
/// segment by segment.
struct Pass {
    /// Global number of each segment's first document.
    bases: Vec<u32>,
    /// Each live article's signature, by global number (`None`: deleted or unsigned).
    signatures: Vec<Option<Signature>>,
    parents: Vec<u32>,
}

impl Pass {
    fn new(searcher: &Searcher) -> Result<Self, Error> {
        let segments = searcher.segment_readers();
        let mut bases = Vec::with_capacity(segments.len());
        let mut signatures = Vec::new();
        let mut bytes = Vec::new();
        for segment in segments {
            bases.push(signatures.len() as u32);
            let column = segment.fast_fields().bytes("minhash")?;
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                let mut signature = None;
                if let Some(column) = &column
                    && alive.is_none_or(|bits| bits.is_alive(doc))
                    && let Some(ord) = column.term_ords(doc).next()
                {
                    bytes.clear();
                    column.ord_to_bytes(ord, &mut bytes).map_err(io)?;
                    signature = Signature::from_bytes(&bytes);
                }
                signatures.push(signature);
            }
        }
        let parents = (0..signatures.len() as u32).collect();
        Ok(Pass { bases, signatures, parents })
    }

    /// Band by band: sorts the signed articles by the band's values; each run of equal
    /// values is a bucket whose pairs are verified and joined.
    fn join_candidates(
        &mut self,
        settings: &DupeSettings,
        stats: &mut GroupingStats,
    ) -> Result<(), Error> {
        let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(self.signatures.len());
        let mut members = Vec::new();
        for band in 0..BANDS {
            keyed.clear();
            for (global, signature) in self.signatures.iter().enumerate() {
                if let Some(key) = signature.as_ref().and_then(|s| band_key(s, band)) {
                    keyed.push((key, global as u32));
                }
            }
            keyed.sort_unstable();
            for run in keyed.chunk_by(|a, b| a.0 == b.0) {
                if run.len() < 2 {
                    continue;
                }
                stats.shared_keys += 1;
                if run.len() > settings.max_bucket as usize {
                    stats.skipped_keys += 1;
                    continue;
                }
                members.clear();
                members.extend(run.iter().map(|(_, global)| *global));
                self.join_bucket(&members, settings, stats)?;
            }
        }
        Ok(())
    }

    /// Verifies every pair of a bucket not yet in one group, joining those accepted.
    fn join_bucket(
        &mut self,
        members: &[u32],
        settings: &DupeSettings,
        stats: &mut GroupingStats,
    ) -> Result<(), Error> {
        for (i, &a) in members.iter().enumerate() {
            for &b in members.get(i + 1..).unwrap_or_default() {
                if self.find(a) == self.find(b) {
                    continue;
                }
                stats.verified_pairs += 1;
                let accepted = match (self.signature(a)?, self.signature(b)?) {
                    (Some(x), Some(y)) => settings.accepts(&x, &y),
                    _ => false,
                };
                if accepted {
                    stats.accepted_pairs += 1;
                    self.union(a, b);
                }
            }
        }
        Ok(())
    }

    /// The signature of a global document, if it is live and signed.
    fn signature(&mut self, global: u32) -> Result<Option<Signature>, Error> {
        Ok(self.signatures.get(global as usize).cloned().flatten())
    }

    /// Segment ordinal and local doc id of a global document.
    fn locate(&self, global: u32) -> (usize, u32) {
        let segment = self.bases.partition_point(|&base| base <= global).saturating_sub(1);
        let base = self.bases.get(segment).copied().unwrap_or(0);
        (segment, global - base)
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while let Some(&parent) = self.parents.get(x as usize) {
            if parent == x {
                break;
            }
            // Path halving: point x at its grandparent as we go.
            let grandparent = self.parents.get(parent as usize).copied().unwrap_or(parent);
            if let Some(slot) = self.parents.get_mut(x as usize) {
                *slot = grandparent;
            }
            x = grandparent;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (root_a, root_b) = (self.find(a), self.find(b));
        // The smaller number becomes the root, so groups do not depend on visiting order.
        let (root, child) = if root_a < root_b { (root_a, root_b) } else { (root_b, root_a) };
        if let Some(slot) = self.parents.get_mut(child as usize) {
            *slot = root;
        }
    }

    /// The groups of two or more, members read from the document store.
    fn groups(&mut self, searcher: &Searcher) -> Result<Vec<DupeGroup>, Error> {
        let mut columns = Vec::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            columns.push((fast.str("id")?, fast.str("date_text")?));
        }
        let mut components: HashMap<u32, Vec<u32>> = HashMap::new();
        for global in 0..self.parents.len() as u32 {
            let root = self.find(global);
            if root != global {
                components.entry(root).or_default().push(global);
            }
        }
        let mut groups = Vec::with_capacity(components.len());
        for (root, mut members) in components {
            members.push(root);
            groups.push(self.group(&columns, &members)?);
        }
        groups.sort_by(|a, b| {
            b.size
                .cmp(&a.size)
                .then_with(|| a.first_date.cmp(&b.first_date))
                .then(a.ids.cmp(&b.ids))
        });
        Ok(groups)
    }

    /// A group's members with their ids and dates, read from the fast columns: reading
    /// the stored documents of every grouped article would pull much of the document store
    /// into memory at the end of a large ingest.
    fn group(
        &self,
        columns: &[(Option<StrColumn>, Option<StrColumn>)],
        members: &[u32],
    ) -> Result<DupeGroup, Error> {
        let mut dated = Vec::with_capacity(members.len());
        for &global in members {
            let (segment, local) = self.locate(global);
            let Some((ids, dates)) = columns.get(segment) else { continue };
            let id = first_str(ids.as_ref(), local)?.unwrap_or_default();
            let date = first_str(dates.as_ref(), local)?;
            dated.push((sort_day(date.as_deref()), id, date));
        }
        dated.sort();
        let first_date = dated.first().and_then(|(_, _, date)| date.clone());
        let ids: Vec<String> = dated.into_iter().map(|(_, id, _)| id).collect();
        Ok(DupeGroup { size: ids.len(), ids, first_date })
    }
}

/// The first value of a document in a string column.
fn first_str(column: Option<&StrColumn>, doc: u32) -> Result<Option<String>, Error> {
    let Some(column) = column else { return Ok(None) };
    let Some(ord) = column.term_ords(doc).next() else { return Ok(None) };
    let mut text = String::new();
    Ok(column.ord_to_str(ord, &mut text).map_err(io)?.then_some(text))
}

/// One band of a signature as a number: its [`ROWS`] 16-bit values side by side, so
/// equal keys mean equal values (no hash collisions).
fn band_key(signature: &Signature, band: usize) -> Option<u64> {
    let rows = signature.values.get(band * ROWS..(band + 1) * ROWS)?;
    Some(rows.iter().fold(band as u64, |key, value| (key << 16) | u64::from(*value)))
}

/// The key that orders group members: the *last* day a date stands for, so a member
/// dated only to the month (`2019-12`) comes after those dated to a day of that month; it
/// is known to be earlier only when its whole month is. Undated members come last.
fn sort_day(date: Option<&str>) -> (u16, u8, u8) {
    date.and_then(|text| text.parse::<ArticleDate>().ok())
        .map_or((u16::MAX, u8::MAX, u8::MAX), |date| date.last_day())
}

/// An I/O failure reading the index's files, as tantivy reports its own.
fn io(error: std::io::Error) -> Error {
    Error::Tantivy(error.into())
}
