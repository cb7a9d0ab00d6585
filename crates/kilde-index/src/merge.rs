//! [`BoundedMergePolicy`]: merges small segments in groups of bounded size.
//!
//! tantivy's default log merge policy merges every segment of one size level at once;
//! a bulk ingest makes dozens of segments of the same size, so at the end it merges the
//! whole index in one go, reading all of it (1 GB of mapped pages for a 1 GB corpus)
//! and costing a tenth of the ingest time. This policy only merges segments below
//! [`MAX_MERGED_DOCS`] into groups of at most that many documents, so memory stays
//! bounded and the search side still gets few enough segments.

use tantivy::index::SegmentMeta;
use tantivy::indexer::{MergeCandidate, MergePolicy};

/// Documents in one merged segment at most.
pub const MAX_MERGED_DOCS: u32 = 100_000;
/// Fewest segments worth merging together.
const MIN_SEGMENTS_IN_MERGE: usize = 6;

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct BoundedMergePolicy;

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let mut small: Vec<&SegmentMeta> =
            segments.iter().filter(|s| s.num_docs() < MAX_MERGED_DOCS / 2).collect();
        small.sort_by_key(|s| s.num_docs());
        let mut candidates = Vec::new();
        let mut group = Vec::new();
        let mut group_docs = 0;
        for segment in small {
            if group_docs + segment.num_docs() > MAX_MERGED_DOCS {
                push_group(&mut candidates, std::mem::take(&mut group));
                group_docs = 0;
            }
            group.push(segment.id());
            group_docs += segment.num_docs();
        }
        push_group(&mut candidates, group);
        candidates
    }
}

fn push_group(candidates: &mut Vec<MergeCandidate>, group: Vec<tantivy::index::SegmentId>) {
    if group.len() >= MIN_SEGMENTS_IN_MERGE {
        candidates.push(MergeCandidate(group));
    }
}

#[cfg(test)]
mod tests {
    use tantivy::Index;
    use tantivy::index::SegmentId;
    use tantivy::schema::Schema;

    use super::*;

    fn check(doc_counts: &[u32], expected_group_sizes: &[usize]) {
        let index = Index::create_in_ram(Schema::builder().build());
        let metas: Vec<SegmentMeta> = doc_counts
            .iter()
            .map(|n| index.new_segment_meta(SegmentId::generate_random(), *n))
            .collect();
        let candidates = BoundedMergePolicy.compute_merge_candidates(&metas);
        let sizes: Vec<usize> = candidates.iter().map(|c| c.0.len()).collect();
        assert_eq!(sizes, expected_group_sizes, "{doc_counts:?}");
        for candidate in candidates {
            let docs: u32 = metas
                .iter()
                .filter(|m| candidate.0.contains(&m.id()))
                .map(SegmentMeta::num_docs)
                .sum();
            assert!(docs <= MAX_MERGED_DOCS);
        }
    }

    #[test]
    fn many_small_segments_merge_into_one() {
        check(&[1_000; 30], &[30]);
    }

    #[test]
    fn groups_stop_at_the_document_bound_and_large_segments_stay() {
        let mut counts = vec![10_000; 12];
        counts.extend([80_000, 80_000]);
        check(&counts, &[10]);
    }

    #[test]
    fn a_handful_of_bulk_segments_is_left_alone() {
        check(&[18_000; 20], &[]);
    }
}
