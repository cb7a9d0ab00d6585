//! [`FormsQuery`]: the written forms of one word, scored by BM25 as one term.
//!
//! A query word reaches the body through all of its forms (`rapport`, `rapporten`,
//! `overvågningsrapporterne`, …; see `kilde_index::forms`). A plain `BooleanQuery` of
//! `TermQuery`s would score each form on its own, so a rare form would outrank the word
//! itself and an article using three forms would score three times. tantivy has no
//! query for "these terms are one term" (its `TermSetQuery` gives a constant score), so
//! this one sums the forms' frequencies per article and scores the sum with one BM25
//! weight over the combined document frequency: the score the word would get if every
//! form had been indexed with the word's own term. The union itself is tantivy's (a
//! boolean union of per-form scorers whose "score" is the form's frequency), so it
//! skips as tantivy's own unions do when an `AND` asks it to.

use std::fmt;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25Weight, BooleanWeight, EmptyScorer, EnableScoring, Explanation, Occur, Query, Scorer,
    SumCombiner, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

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
    /// tantivy's own union of the forms' postings (it seeks and skips, so an `AND` with a
    /// rarer word reads only what it needs), each scoring its term frequency, so that the
    /// union's summed score is the word's frequency in the article.
    fn forms_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<FormsScorer> {
        let frequencies: Vec<(Occur, Box<dyn Weight>)> = self
            .terms
            .iter()
            .map(|term| {
                (Occur::Should, Box::new(FrequencyWeight { term: term.clone() }) as Box<dyn Weight>)
            })
            .collect();
        let union = BooleanWeight::with_minimum_number_should_match(
            frequencies,
            1,
            true,
            Box::new(SumCombiner::default),
        );
        let fieldnorms = match &self.bm25 {
            Some(_) => Some(reader.get_fieldnorms_reader(self.field)?),
            None => None,
        };
        let bm25 = self.bm25.as_ref().map(|w| w.boost_by(boost));
        Ok(FormsScorer { union: union.scorer(reader, 1.0)?, fieldnorms, bm25 })
    }
}

impl Weight for FormsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.forms_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.forms_scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("BM25 of the word's forms as one term", scorer.score()))
    }
}

/// The union of the forms' postings of one segment, scored by BM25 on the summed
/// frequency.
struct FormsScorer {
    union: Box<dyn Scorer>,
    fieldnorms: Option<FieldNormReader>,
    bm25: Option<Bm25Weight>,
}

impl DocSet for FormsScorer {
    fn advance(&mut self) -> DocId {
        self.union.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.union.seek(target)
    }

    fn doc(&self) -> DocId {
        self.union.doc()
    }

    fn size_hint(&self) -> u32 {
        self.union.size_hint()
    }
}

impl Scorer for FormsScorer {
    fn score(&mut self) -> Score {
        let (Some(bm25), Some(fieldnorms)) = (&self.bm25, &self.fieldnorms) else { return 1.0 };
        // Frequencies are small integers, exact in an f32.
        let frequency = self.union.score().round() as u32;
        bm25.score(fieldnorms.fieldnorm_id(self.union.doc()), frequency)
    }
}

/// One form's postings, scoring its frequency in the article.
struct FrequencyWeight {
    term: Term,
}

impl Weight for FrequencyWeight {
    fn scorer(&self, reader: &SegmentReader, _: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inverted = reader.inverted_index(self.term.field())?;
        Ok(match inverted.read_postings(&self.term, IndexRecordOption::WithFreqs)? {
            Some(postings) => Box::new(FrequencyScorer(postings)),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, _: &SegmentReader, _: DocId) -> tantivy::Result<Explanation> {
        Ok(Explanation::new("term frequency", 0.0))
    }
}

struct FrequencyScorer(SegmentPostings);

impl DocSet for FrequencyScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl Scorer for FrequencyScorer {
    fn score(&mut self) -> Score {
        self.0.term_freq() as Score
    }
}
