//! Near-duplicates on the query side: listing the groups ingest found, and collapsing
//! each group's hits to one with "+N similar".
//!
//! The groups come from the side file the index stage writes after every ingest
//! ([`kilde_index::dupes`]); a missing file means no groups, so an index written before
//! grouping existed still searches as before.
//!
//! Collapsing keeps `total` as the number of matching articles and collapses in rank
//! order: a group takes the place of its best-ranked matching member, and is shown as its
//! earliest member (the original, usually the wire copy) when that member matches too.
//! To fill a page after collapsing, hits are fetched from the top, at least twice the
//! page's end, four times more on each retry, until the page is full or every match is seen.

use std::collections::HashMap;
use std::sync::Arc;

use kilde_index::dupes::read_groups;
use kilde_index::{DupeGroup, stored_text};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::archive::{Archive, Hit, SearchRequest, SortOrder};
use crate::{MatchTerms, QueryError};

/// The groups of an archive with each member's group, loaded once per [`Archive`].
#[derive(Debug, Default)]
pub(crate) struct DupeMap {
    groups: Vec<DupeGroup>,
    group_of: HashMap<String, usize>,
}

impl DupeMap {
    fn new(groups: Vec<DupeGroup>) -> DupeMap {
        let mut group_of = HashMap::new();
        for (g, group) in groups.iter().enumerate() {
            for id in &group.ids {
                group_of.insert(id.clone(), g);
            }
        }
        DupeMap { groups, group_of }
    }
}

/// A matching article with its score.
type Ranked = (f32, TantivyDocument);

/// One line of a collapsed result list: the best-ranked matching member of a group, or
/// an article in none.
struct Entry {
    first: Ranked,
    group: Option<usize>,
}

/// Ranked hits collapsed by group.
struct Collapsed {
    entries: Vec<Entry>,
    /// Each group's earliest member, when it is among the hits.
    earliest: HashMap<usize, Ranked>,
}

/// One search being collapsed: what every step needs.
struct Ask<'a> {
    searcher: &'a Searcher,
    query: &'a dyn Query,
    terms: &'a MatchTerms,
    request: &'a SearchRequest,
    map: &'a DupeMap,
}

impl Archive {
    /// The near-duplicate groups with at least `min_size` members, largest first.
    pub fn dupes(&self, min_size: usize) -> Result<Vec<DupeGroup>, QueryError> {
        let map = self.dupe_map()?;
        Ok(map.groups.iter().filter(|g| g.size >= min_size).cloned().collect())
    }

    /// The groups, read from the side file on first use and again whenever the file
    /// changes (a server stays up while another process ingests and regroups).
    pub(crate) fn dupe_map(&self) -> Result<Arc<DupeMap>, QueryError> {
        let modified = std::fs::metadata(self.dir().join(kilde_index::dupes::DUPES_FILE))
            .and_then(|m| m.modified())
            .ok();
        let mut cached = self.dupes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((seen, map)) = cached.as_ref()
            && *seen == modified
        {
            return Ok(map.clone());
        }
        let groups = read_groups(self.dir())?.map(|file| file.groups).unwrap_or_default();
        let map = Arc::new(DupeMap::new(groups));
        *cached = Some((modified, map.clone()));
        Ok(map)
    }

    /// The requested page of hits, collapsed by group unless `request.expand` is set.
    pub(crate) fn page_of_hits(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        terms: &MatchTerms,
        request: &SearchRequest,
    ) -> Result<(usize, Vec<Hit>), QueryError> {
        let map = self.dupe_map()?;
        if request.expand || map.groups.is_empty() {
            let (total, addresses) = self.top_docs(searcher, query, request)?;
            let mut hits = Vec::with_capacity(addresses.len());
            for (score, address) in addresses {
                hits.push(self.hit(&searcher.doc(address)?, score, terms));
            }
            return Ok((total, hits));
        }
        let ask = Ask { searcher, query, terms, request, map: &map };
        let wanted = request.offset.saturating_add(request.limit.max(1));
        let mut fetch = wanted.saturating_mul(2).saturating_add(16);
        loop {
            let top = SearchRequest { limit: fetch, offset: 0, ..request.clone() };
            let (total, addresses) = self.top_docs(searcher, query, &top)?;
            let seen_all = addresses.len() >= total || addresses.len() < fetch;
            let Collapsed { entries, earliest } = self.collapse(&ask, addresses)?;
            if entries.len() >= wanted || seen_all {
                let page = entries.into_iter().skip(request.offset).take(request.limit);
                let mut hits = Vec::new();
                for entry in page {
                    hits.push(self.entry_hit(&ask, entry, &earliest)?);
                }
                return Ok((total, hits));
            }
            fetch = fetch.saturating_mul(4);
        }
    }

    /// Collapses ranked hits: one entry per group at its best rank; also keeps, per
    /// group, its earliest member when that member is among the hits.
    fn collapse(
        &self,
        ask: &Ask<'_>,
        addresses: Vec<(f32, DocAddress)>,
    ) -> Result<Collapsed, QueryError> {
        let map = ask.map;
        let mut entries = Vec::new();
        let mut earliest = HashMap::new();
        let mut placed = std::collections::HashSet::new();
        for (score, address) in addresses {
            let doc: TantivyDocument = ask.searcher.doc(address)?;
            let id = stored_text(&doc, self.fields().id).unwrap_or_default();
            let group = map.group_of.get(&id).copied();
            if let Some(g) = group {
                if map.groups.get(g).and_then(|group| group.ids.first()) == Some(&id) {
                    earliest.insert(g, (score, doc.clone()));
                }
                if !placed.insert(g) {
                    continue;
                }
            }
            entries.push(Entry { first: (score, doc), group });
        }
        Ok(Collapsed { entries, earliest })
    }

    /// The hit shown for one entry: the group's earliest member if it matches the query,
    /// else the entry's own best-ranked member.
    fn entry_hit(
        &self,
        ask: &Ask<'_>,
        entry: Entry,
        earliest: &HashMap<usize, Ranked>,
    ) -> Result<Hit, QueryError> {
        let Some(g) = entry.group else {
            let (score, doc) = entry.first;
            return Ok(self.hit(&doc, score, ask.terms));
        };
        let similar = ask.map.groups.get(g).map_or(0, |group| group.size.saturating_sub(1));
        let shown = match earliest.get(&g) {
            Some((score, doc)) => Some((*score, doc.clone())),
            None => self.matching_member(ask, g)?,
        };
        let (score, doc) = shown.unwrap_or(entry.first);
        let mut hit = self.hit(&doc, score, ask.terms);
        hit.similar = similar;
        Ok(hit)
    }

    /// The group's earliest member with its score, if it matches the query.
    fn matching_member(&self, ask: &Ask<'_>, g: usize) -> Result<Option<Ranked>, QueryError> {
        let Some(id) = ask.map.groups.get(g).and_then(|group| group.ids.first()) else {
            return Ok(None);
        };
        let term =
            TermQuery::new(Term::from_field_text(self.fields().id, id), IndexRecordOption::Basic);
        let only = BooleanQuery::new(vec![
            (Occur::Must, ask.query.box_clone()),
            (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(term), 0.0))),
        ]);
        let top = ask.searcher.search(&only, &TopDocs::with_limit(1).order_by_score())?;
        let Some(&(score, address)) = top.first() else { return Ok(None) };
        let score = if ask.request.sort == SortOrder::Score { score } else { 0.0 };
        Ok(Some((score, ask.searcher.doc(address)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_map_to_their_group() {
        let group = |ids: &[&str]| DupeGroup {
            ids: ids.iter().map(|id| id.to_string()).collect(),
            size: ids.len(),
            first_date: None,
        };
        let map = DupeMap::new(vec![group(&["a", "b"]), group(&["c", "d", "e"])]);
        assert_eq!(map.group_of.get("b"), Some(&0));
        assert_eq!(map.group_of.get("e"), Some(&1));
        assert_eq!(map.group_of.get("x"), None);
    }
}
