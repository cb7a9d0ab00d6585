//! Turns a parsed [`Node`] into a tantivy query, and remembers which terms to highlight.

use std::collections::BTreeSet;
use std::ops::Bound;

use kilde_analyze::segment::segment;
use kilde_analyze::{EXACT_MARK, WordAnalyzer};
use kilde_index::Fields;
use tantivy::Searcher;
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Term};

use crate::parser::{NameField, Node};
use crate::{ParseError, QueryError};

/// Terms of a query whose occurrences a snippet or KWIC line should mark.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchTerms {
    /// Terms of the Danish analyzer (`body`).
    pub analyzed: BTreeSet<String>,
    /// Lower-cased written forms (`=form` tokens).
    pub exact: BTreeSet<String>,
    /// Lower-cased prefixes of written forms.
    pub prefixes: BTreeSet<String>,
}

impl MatchTerms {
    /// Whether there is nothing to mark (a query of dates or sources only).
    pub fn is_empty(&self) -> bool {
        self.analyzed.is_empty() && self.exact.is_empty() && self.prefixes.is_empty()
    }
}

/// Compiles nodes against one searcher (spelling variants are kept only when the
/// index has them).
pub(crate) struct Compiler<'a> {
    pub fields: &'a Fields,
    pub words: &'a WordAnalyzer,
    pub searcher: &'a Searcher,
    pub terms: MatchTerms,
}

impl Compiler<'_> {
    pub fn compile(&mut self, node: &Node) -> Result<Box<dyn Query>, QueryError> {
        self.compile_node(node, true)
    }

    /// `is_positive` is false under a `NOT`: such terms are not highlighted.
    fn compile_node(
        &mut self,
        node: &Node,
        is_positive: bool,
    ) -> Result<Box<dyn Query>, QueryError> {
        Ok(match node {
            Node::Word(text) => {
                self.word(text, &[self.fields.body, self.fields.title], is_positive)?
            }
            Node::Title(text) => self.word(text, &[self.fields.title], is_positive)?,
            Node::Exact(text) => self.exact(text, is_positive)?,
            Node::Phrase(words) => self.phrase(words, is_positive)?,
            Node::Prefix(prefix) => self.prefix(prefix, is_positive)?,
            Node::Source(name) => {
                let term = Term::from_field_text(self.fields.source, &name.to_lowercase());
                Box::new(TermQuery::new(term, IndexRecordOption::Basic))
            }
            Node::DateRange { from, to } => date_query(self.fields, *from, *to),
            Node::Name { field, name } => name_query(name_field(self.fields, *field), name)?,
            Node::Mentions(value) => {
                let term = Term::from_field_text(self.fields.mentions, value);
                Box::new(TermQuery::new(term, IndexRecordOption::Basic))
            }
            Node::And(parts) => self.and(parts, is_positive)?,
            Node::Or(parts) => {
                let mut clauses = Vec::new();
                for part in parts {
                    clauses.push((Occur::Should, self.compile_node(part, is_positive)?));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, self.compile_node(inner, !is_positive)?),
            ])),
        })
    }

    fn and(&mut self, parts: &[Node], is_positive: bool) -> Result<Box<dyn Query>, QueryError> {
        let mut clauses = Vec::new();
        for part in parts {
            match part {
                Node::Not(inner) => {
                    clauses.push((Occur::MustNot, self.compile_node(inner, !is_positive)?))
                }
                other => clauses.push((Occur::Must, self.compile_node(other, is_positive)?)),
            }
        }
        if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// A word: every segment of it must match (in any of `fields`), each through its
    /// Danish term or a spelling variant the index has.
    fn word(
        &mut self,
        text: &str,
        fields: &[tantivy::schema::Field],
        is_positive: bool,
    ) -> Result<Box<dyn Query>, QueryError> {
        let mut segments = Vec::new();
        for seg in segment(text) {
            let inside_previous =
                segments.last().is_some_and(|(_, end): &(usize, usize)| seg.byte_start < *end);
            if !inside_previous {
                segments.push((seg.byte_start, seg.byte_end));
            }
        }
        if segments.is_empty() {
            return Err(ParseError::new(
                0,
                format!("`{text}` has no letters or digits to search for"),
                "search for a word",
            )
            .into());
        }
        let mut must = Vec::new();
        for (start, end) in segments {
            let Some(piece) = text.get(start..end) else { continue };
            let query_term = self.words.query_term(piece);
            let mut alternatives = vec![query_term.term];
            for variant in query_term.spelling_variants {
                if self.has_term(&variant)? {
                    alternatives.push(variant);
                }
            }
            let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for term in &alternatives {
                for field in fields {
                    // A word written as its own term is indexed only as `=term`.
                    for text in [term.clone(), exact_token(term)] {
                        let term = Term::from_field_text(*field, &text);
                        should.push((
                            Occur::Should,
                            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                        ));
                    }
                }
            }
            if is_positive {
                self.terms.analyzed.extend(alternatives);
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(should)) as Box<dyn Query>));
        }
        Ok(Box::new(BooleanQuery::new(must)))
    }

    /// Whether some article holds `term`, as a term or as a written form.
    fn has_term(&self, term: &str) -> Result<bool, QueryError> {
        for text in [term.to_string(), exact_token(term)] {
            if self.searcher.doc_freq(&Term::from_field_text(self.fields.body, &text))? > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn exact(&mut self, text: &str, is_positive: bool) -> Result<Box<dyn Query>, QueryError> {
        let words = exact_words(text);
        let [word] = words.as_slice() else { return self.phrase(&words, is_positive) };
        if is_positive {
            self.terms.exact.insert(word.clone());
        }
        let term = Term::from_field_text(self.fields.body, &exact_token(word));
        Ok(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)))
    }

    fn phrase(
        &mut self,
        words: &[String],
        is_positive: bool,
    ) -> Result<Box<dyn Query>, QueryError> {
        let forms: Vec<String> = words.iter().flat_map(|w| exact_words(w)).collect();
        match forms.as_slice() {
            [] => Err(ParseError::new(
                0,
                "the phrase has no words to search for",
                "put words between the quotes",
            )
            .into()),
            [single] => self.exact(single, is_positive),
            _ => {
                if is_positive {
                    self.terms.exact.extend(forms.iter().cloned());
                }
                let terms = forms
                    .iter()
                    .map(|w| Term::from_field_text(self.fields.body, &exact_token(w)))
                    .collect();
                Ok(Box::new(PhraseQuery::new(terms)))
            }
        }
    }

    fn prefix(&mut self, prefix: &str, is_positive: bool) -> Result<Box<dyn Query>, QueryError> {
        let lower = prefix.to_lowercase();
        let mut spellings = vec![escape_regex(&lower)];
        if kilde_analyze::fold::has_digraph(&lower) {
            spellings.push(escape_regex(&kilde_analyze::fold::replace_digraphs(&lower)));
        }
        let pattern =
            format!("{}({}).*", escape_regex(&EXACT_MARK.to_string()), spellings.join("|"));
        let query = RegexQuery::from_pattern(&pattern, self.fields.body)?;
        if is_positive {
            if kilde_analyze::fold::has_digraph(&lower) {
                self.terms.prefixes.insert(kilde_analyze::fold::replace_digraphs(&lower));
            }
            self.terms.prefixes.insert(lower);
        }
        Ok(Box::new(query))
    }
}

/// The token under which a written form is indexed: `=form`.
fn exact_token(form: &str) -> String {
    let mut token = String::with_capacity(form.len() + 1);
    token.push(EXACT_MARK);
    token.push_str(form);
    token
}

/// Written forms of `text`, lower-cased, as the index holds them after [`EXACT_MARK`].
fn exact_words(text: &str) -> Vec<String> {
    segment(text)
        .iter()
        .filter_map(|s| text.get(s.byte_start..s.byte_end))
        .map(str::to_lowercase)
        .collect()
}

/// Articles with `name` in a name field: its words in order, folded as indexed, so
/// `Assange` finds `Julian Assange` and `"Lars Løkke"` finds `Lars Løkke Rasmussen`.
pub(crate) fn name_query(
    field: tantivy::schema::Field,
    name: &str,
) -> Result<Box<dyn Query>, QueryError> {
    let words = kilde_analyze::name_words(name);
    let mut terms: Vec<Term> = words.iter().map(|w| Term::from_field_text(field, w)).collect();
    match terms.len() {
        0 => Err(ParseError::new(
            0,
            format!("`{name}` has no letters or digits to look for"),
            "write a name, e.g. `person:\"Julian Assange\"`",
        )
        .into()),
        1 => {
            let term = terms.remove(0);
            Ok(Box::new(TermQuery::new(term, IndexRecordOption::Basic)))
        }
        _ => Ok(Box::new(PhraseQuery::new(terms))),
    }
}

/// The index field behind a query's name field.
pub(crate) fn name_field(fields: &Fields, field: NameField) -> tantivy::schema::Field {
    match field {
        NameField::Person => fields.person,
        NameField::Org => fields.org,
        NameField::Place => fields.place,
        NameField::Misc => fields.misc,
        NameField::Speaker => fields.speaker,
        NameField::Channel => fields.channel,
    }
}

/// Articles whose first day lies in `[from, to]` (both `YYYYMMDD`).
pub(crate) fn date_query(fields: &Fields, from: i64, to: i64) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_i64(fields.date, from)),
        Bound::Included(Term::from_field_i64(fields.date, to)),
    ))
}

fn escape_regex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
