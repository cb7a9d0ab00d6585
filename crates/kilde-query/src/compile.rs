//! Turns a parsed [`Node`] into a tantivy query, and remembers which terms to highlight.

use std::collections::BTreeSet;
use std::ops::Bound;

use kilde_analyze::segment::segment;
use kilde_analyze::{EXACT_MARK, WordAnalyzer};
use kilde_index::{Fields, FormsMap};
use tantivy::Searcher;
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Term};

use crate::forms_query::FormsQuery;
use crate::parser::{NameField, Node};
use crate::{ParseError, QueryError};

/// Terms of a query whose occurrences a snippet or KWIC line should mark.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchTerms {
    /// Terms of the Danish analyzer, marked wherever the analysis of the text gives
    /// them (the compiler gives the forms a word matched instead, in `exact`).
    pub analyzed: BTreeSet<String>,
    /// Lower-cased written forms (`=form` tokens): what the index matched.
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
/// index has them) and its forms map.
pub(crate) struct Compiler<'a> {
    pub fields: &'a Fields,
    pub words: &'a WordAnalyzer,
    pub searcher: &'a Searcher,
    pub forms: &'a FormsMap,
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
            Node::Word(text) => self.word(text, true, is_positive)?,
            Node::Title(text) => self.word(text, false, is_positive)?,
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

    /// A word: every segment of it must match, each through its Danish term or a
    /// spelling variant the index has: in the title (which holds terms), and, unless
    /// only the title is asked for, in the body through every form that carries it.
    fn word(
        &mut self,
        text: &str,
        in_body: bool,
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
            let mut forms = BTreeSet::new();
            for term in &alternatives {
                // A word written as its own term is indexed only as `=term`.
                for text in [term.clone(), exact_token(term)] {
                    let term = Term::from_field_text(self.fields.title, &text);
                    should.push((
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                    ));
                }
                if in_body {
                    forms.insert(term.clone());
                    forms.extend(self.forms.forms(term));
                }
            }
            let mut body_terms: Vec<Term> = forms
                .iter()
                .map(|form| Term::from_field_text(self.fields.body, &exact_token(form)))
                .collect();
            // One form scores the same either way; tantivy's own term query is faster.
            let body: Option<Box<dyn Query>> = match body_terms.len() {
                0 => None,
                1 => Some(Box::new(TermQuery::new(
                    body_terms.remove(0),
                    IndexRecordOption::WithFreqs,
                ))),
                _ => Some(Box::new(FormsQuery::new(self.fields.body, body_terms))),
            };
            should.extend(body.map(|query| (Occur::Should, query)));
            if is_positive {
                self.terms.exact.extend(forms);
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(should)) as Box<dyn Query>));
        }
        Ok(Box::new(BooleanQuery::new(must)))
    }

    /// Whether some article holds `term`: as a written form, in the forms map, or in a
    /// title.
    fn has_term(&self, term: &str) -> Result<bool, QueryError> {
        if self.forms.has_forms(term) {
            return Ok(true);
        }
        let candidates = [
            Term::from_field_text(self.fields.body, &exact_token(term)),
            Term::from_field_text(self.fields.title, term),
            Term::from_field_text(self.fields.title, &exact_token(term)),
        ];
        for candidate in &candidates {
            if self.searcher.doc_freq(candidate)? > 0 {
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
