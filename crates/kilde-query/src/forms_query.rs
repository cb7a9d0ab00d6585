//! [`FormsQuery`]: the written forms of one word, scored by BM25 as one term.
//!
//! A query word reaches the body through all of its forms (`rapport`, `rapporten`,
//! `overvågningsrapporterne`, …; see `kilde_index::forms`). A plain `BooleanQuery` of
//! `TermQuery`s would score each form on its own, so a rare form would outrank the word
//! itself and an article using three forms would score three times. tantivy has no
//! query for "these terms are one term" (its `TermSetQuery` gives a constant score), so
//! this one sums the forms' frequencies per article and scores the sum with one BM25
//! weight over the combined document frequency: the score the word would get if every
//! form had been indexed with the word's own term.

use std::fmt;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// Articles holding any of `terms` (all in one field), scored as one term.
#[derive(Clone)]
pub(crate) struct FormsQuery {
    field: Field,
    terms: Vec<Term>,
}

impl FormsQuery {
    /// A query for `terms`, which must all be of `field`.
    pub fn new(field: Field, terms: Vec<Term>) -> Self {
        FormsQuery { field, terms }
    }
}

impl fmt::Debug for FormsQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FormsQuery({} terms)", self.terms.len())
    }
}

impl Query for FormsQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match enable_scoring {
            EnableScoring::Enabled { statistics_provider, .. } => {
                let total_docs = statistics_provider.total_num_docs()?.max(1);
                let total_tokens = statistics_provider.total_num_tokens(self.field)?;
                let mut doc_freq = 0u64;
                for term in &self.terms {
                    doc_freq = doc_freq.saturating_add(statistics_provider.doc_freq(term)?);
                }
                // Forms of one word often share an article: the sum overcounts, so it
                // is capped where it would make the idf meaningless.
                let doc_freq = doc_freq.min(total_docs);
                Some(Bm25Weight::for_one_term(
                    doc_freq,
                    total_docs,
                    total_tokens as Score / total_docs as Score,
                ))
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(FormsWeight { field: self.field, terms: self.terms.clone(), bm25 }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, false);
        }
    }
}

struct FormsWeight {
    field: Field,
    terms: Vec<Term>,
    /// `None` when scoring is off (counting, sorting by date).
    bm25: Option<Bm25Weight>,
}

impl FormsWeight {
    fn forms_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<FormsScorer> {
        let inverted = reader.inverted_index(self.field)?;
        let option = if self.bm25.is_some() {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let mut postings: Vec<(DocId, u32)> = Vec::new();
        let mut lists = 0;
        for term in &self.terms {
            let Some(mut list) = inverted.read_postings(term, option)? else { continue };
            lists += 1;
            let mut doc = list.doc();
            while doc != TERMINATED {
                postings.push((doc, tantivy::postings::Postings::term_freq(&list)));
                doc = list.advance();
            }
        }
        if lists > 1 {
            postings.sort_unstable_by_key(|(doc, _)| *doc);
            postings.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    kept.1 = kept.1.saturating_add(later.1);
                }
                same
            });
        }
        let fieldnorms = match &self.bm25 {
            Some(_) => Some(reader.get_fieldnorms_reader(self.field)?),
            None => None,
        };
        let bm25 = self.bm25.as_ref().map(|w| w.boost_by(boost));
        Ok(FormsScorer { postings, cursor: 0, fieldnorms, bm25 })
    }
}

impl Weight for FormsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.forms_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.forms_scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("BM25 of the word's forms as one term", scorer.score()))
    }
}

/// The union of the forms' postings of one segment, frequencies summed per article.
struct FormsScorer {
    postings: Vec<(DocId, u32)>,
    cursor: usize,
    fieldnorms: Option<FieldNormReader>,
    bm25: Option<Bm25Weight>,
}

impl DocSet for FormsScorer {
    fn advance(&mut self) -> DocId {
        self.cursor = (self.cursor + 1).min(self.postings.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let rest = self.postings.get(self.cursor..).unwrap_or_default();
        self.cursor += rest.partition_point(|(doc, _)| *doc < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.postings.get(self.cursor).map_or(TERMINATED, |(doc, _)| *doc)
    }

    fn size_hint(&self) -> u32 {
        u32::try_from(self.postings.len()).unwrap_or(u32::MAX)
    }
}

impl Scorer for FormsScorer {
    fn score(&mut self) -> Score {
        let (Some(bm25), Some(fieldnorms)) = (&self.bm25, &self.fieldnorms) else { return 1.0 };
        let Some((doc, freq)) = self.postings.get(self.cursor) else { return 0.0 };
        bm25.score(fieldnorms.fieldnorm_id(*doc), *freq)
    }
}
