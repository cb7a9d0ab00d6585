//! The query language: words, `"phrases"`, `=exact`, `prefix*`, `AND`/`OR`/`NOT`,
//! `+`/`-`, parentheses, and the fields `source:`, `title:`, `date:`, the name fields
//! `person:`, `org:`, `place:`, `misc:`, `speaker:`, `channel:`, and `mentions:`.
//!
//! Hand-written rather than tantivy's `QueryParser`, because a word here is not one
//! term but a Danish analysis (stem, spelling variants, compound parts in the index),
//! phrases go to the exact-form field, dates take `2019-01..2019-06`, and errors must
//! point at a position and say how to fix the query. Juxtaposed terms are ANDed, as
//! journalists expect from archive search; `OR` binds looser than `AND`.

use kilde_model::ArticleDate;

use crate::ParseError;

/// A parsed query. Spans are char offsets into the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A word, analysed the Danish way.
    Word(String),
    /// A word that must match as written (`=ord`, or `"ord"` alone).
    Exact(String),
    /// Words that must follow each other as written.
    Phrase(Vec<String>),
    /// Written forms starting with this prefix (`rapport*`).
    Prefix(String),
    /// Articles from this source (`source:Ritzau`).
    Source(String),
    /// A word in the title (`title:klima`).
    Title(String),
    /// A name in one of the name fields (`person:"Julian Assange"`, `speaker:Assange`):
    /// its words in order, as the name analyzer folds them.
    Name {
        /// Which names.
        field: NameField,
        /// The name as written in the query.
        name: String,
    },
    /// Articles whose text speaks of this date (`mentions:2016-06`), lower-cased.
    Mentions(String),
    /// Articles dated within `[from, to]`, both `YYYYMMDD`, inclusive.
    DateRange {
        /// First day, `YYYYMMDD`.
        from: i64,
        /// Last day, `YYYYMMDD`.
        to: i64,
    },
    /// All must match.
    And(Vec<Node>),
    /// Any may match.
    Or(Vec<Node>),
    /// Must not match.
    Not(Box<Node>),
}

/// The fields that hold names found by extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameField {
    /// People (`person:`).
    Person,
    /// Organisations (`org:`).
    Org,
    /// Places (`place:`).
    Place,
    /// Other names (`misc:`).
    Misc,
    /// Speakers of quotes (`speaker:`).
    Speaker,
    /// Media quotes were made to (`channel:`).
    Channel,
}

/// Parses `query`; an empty or malformed query is a [`ParseError`].
pub fn parse(query: &str) -> Result<Node, ParseError> {
    let tokens = lex(query)?;
    if tokens.is_empty() {
        return Err(ParseError::new(0, "the query is empty", "type a word, e.g. `rapport`"));
    }
    let mut parser = Parser { tokens, next: 0, end: query.chars().count() };
    let node = parser.or_expr()?;
    match parser.peek() {
        None => Ok(node),
        Some(Token { kind: Kind::RParen, pos }) => Err(ParseError::new(
            *pos,
            "`)` without a matching `(`",
            "remove the `)` or add a `(` before it",
        )),
        Some(token) => Err(ParseError::new(token.pos, "unexpected text", "check the query syntax")),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Term(String),
    Phrase(String),
    LParen,
    RParen,
    And,
    Or,
    Not,
    Plus,
    Minus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    kind: Kind,
    pos: usize,
}

fn lex(query: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let pos = i;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' | ')' => {
                tokens
                    .push(Token { kind: if c == '(' { Kind::LParen } else { Kind::RParen }, pos });
                i += 1;
            }
            '"' | '“' | '”' | '»' | '«' => {
                let (text, next) = quoted(&chars, i)?;
                tokens.push(Token { kind: Kind::Phrase(text), pos });
                i = next;
            }
            '+' | '-' if chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) => {
                tokens.push(Token { kind: if c == '+' { Kind::Plus } else { Kind::Minus }, pos });
                i += 1;
            }
            _ => {
                let (text, next) = bare_term(&chars, i);
                let kind = match text.as_str() {
                    "AND" | "&&" => Kind::And,
                    "OR" | "||" => Kind::Or,
                    "NOT" => Kind::Not,
                    _ => Kind::Term(text),
                };
                tokens.push(Token { kind, pos });
                i = next;
            }
        }
    }
    Ok(tokens)
}

/// The text of a quoted phrase starting at `start`, and the index after its closing quote.
fn quoted(chars: &[char], start: usize) -> Result<(String, usize), ParseError> {
    let close = |c: char| matches!(c, '"' | '“' | '”' | '«' | '»');
    let mut i = start + 1;
    let mut text = String::new();
    while let Some(&c) = chars.get(i) {
        if close(c) {
            return Ok((text, i + 1));
        }
        text.push(c);
        i += 1;
    }
    Err(ParseError::new(
        start,
        "the phrase has no closing quote",
        "add a closing `\"` at the end of the phrase",
    ))
}

/// A bare term: up to white space or a parenthesis; a quoted value after `field:` is
/// part of it (`source:"TV 2"`).
fn bare_term(chars: &[char], start: usize) -> (String, usize) {
    let mut i = start;
    let mut text = String::new();
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() || c == '(' || c == ')' {
            break;
        }
        if c == '"'
            && text.ends_with(':')
            && let Ok((value, next)) = quoted(chars, i)
        {
            text.push('"');
            text.push_str(&value);
            text.push('"');
            i = next;
            continue;
        }
        text.push(c);
        i += 1;
    }
    (text, i)
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn bump(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.next).cloned();
        self.next += 1;
        token
    }

    fn or_expr(&mut self) -> Result<Node, ParseError> {
        let mut alternatives = vec![self.and_expr()?];
        while let Some(Token { kind: Kind::Or, pos }) = self.peek().cloned() {
            self.bump();
            self.expect_operand(pos, "OR")?;
            alternatives.push(self.and_expr()?);
        }
        Ok(if alternatives.len() == 1 { alternatives.remove(0) } else { Node::Or(alternatives) })
    }

    fn and_expr(&mut self) -> Result<Node, ParseError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek().cloned() {
                Some(Token { kind: Kind::And, pos }) => {
                    self.bump();
                    self.expect_operand(pos, "AND")?;
                    parts.push(self.unary()?);
                }
                Some(Token { kind: Kind::Or | Kind::RParen, .. }) | None => break,
                Some(_) => parts.push(self.unary()?),
            }
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Node::And(parts) })
    }

    /// Fails when an operator at `pos` has nothing after it.
    fn expect_operand(&self, pos: usize, operator: &str) -> Result<(), ParseError> {
        match self.peek() {
            None | Some(Token { kind: Kind::Or | Kind::And | Kind::RParen, .. }) => {
                Err(ParseError::new(
                    pos,
                    format!("`{operator}` has no term after it"),
                    format!("add a word after `{operator}` or remove it"),
                ))
            }
            Some(_) => Ok(()),
        }
    }

    fn unary(&mut self) -> Result<Node, ParseError> {
        let Some(token) = self.bump() else {
            return Err(ParseError::new(self.end, "the query ends too early", "add a word"));
        };
        match token.kind {
            Kind::Not | Kind::Minus => {
                let operator = if token.kind == Kind::Not { "NOT" } else { "-" };
                if self.peek().is_none() {
                    return Err(ParseError::new(
                        token.pos,
                        format!("`{operator}` has no term after it"),
                        format!("add the word to exclude after `{operator}`"),
                    ));
                }
                Ok(Node::Not(Box::new(self.unary()?)))
            }
            Kind::Plus => self.unary(),
            Kind::LParen => self.group(token.pos),
            Kind::RParen => Err(ParseError::new(
                token.pos,
                "`)` without a matching `(`",
                "remove the `)` or add a `(` before it",
            )),
            Kind::And | Kind::Or => Err(ParseError::new(
                token.pos,
                format!(
                    "`{}` needs a term before it",
                    if token.kind == Kind::And { "AND" } else { "OR" }
                ),
                "put a word before the operator, or write it in lower case to search for it",
            )),
            Kind::Phrase(text) => phrase(&text, token.pos),
            Kind::Term(text) => term(&text, token.pos),
        }
    }

    fn group(&mut self, open: usize) -> Result<Node, ParseError> {
        if matches!(self.peek(), Some(Token { kind: Kind::RParen, .. })) {
            return Err(ParseError::new(
                open,
                "empty parentheses",
                "put a word between `(` and `)`",
            ));
        }
        let inner = self.or_expr()?;
        match self.bump() {
            Some(Token { kind: Kind::RParen, .. }) => Ok(inner),
            _ => {
                Err(ParseError::new(open, "`(` is never closed", "add a `)` where the group ends"))
            }
        }
    }
}

fn phrase(text: &str, pos: usize) -> Result<Node, ParseError> {
    let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    match words.len() {
        0 => Err(ParseError::new(pos, "the phrase is empty", "put words between the quotes")),
        1 => Ok(Node::Exact(words.into_iter().next().unwrap_or_default())),
        _ => Ok(Node::Phrase(words)),
    }
}

/// Fields a query may name before `:`.
const FIELDS: &str =
    "source:, title:, date:, person:, org:, place:, misc:, speaker:, channel:, mentions:";

/// The name field a query names, in English or Danish.
fn name_field(field: &str) -> Option<NameField> {
    Some(match field {
        "person" | "per" => NameField::Person,
        "org" | "organisation" | "organization" => NameField::Org,
        "place" | "sted" | "loc" => NameField::Place,
        "misc" => NameField::Misc,
        "speaker" | "taler" => NameField::Speaker,
        "channel" | "kanal" | "medie" => NameField::Channel,
        _ => return None,
    })
}

fn term(text: &str, pos: usize) -> Result<Node, ParseError> {
    if let Some((field, value)) = split_field(text) {
        let value_pos = pos + field.chars().count() + 1;
        let value = value.trim_matches('"');
        if value.is_empty() {
            return Err(ParseError::new(
                value_pos,
                format!("`{field}:` has no value"),
                format!("write e.g. `{field}:…` with no space after the colon"),
            ));
        }
        return match field.to_ascii_lowercase().as_str() {
            "source" | "kilde" => Ok(Node::Source(value.to_string())),
            "title" | "titel" => Ok(Node::Title(value.to_string())),
            "date" | "dato" => date_range(value, value_pos),
            "mentions" => Ok(Node::Mentions(value.to_lowercase())),
            other => match name_field(other) {
                Some(field) => Ok(Node::Name { field, name: value.to_string() }),
                None => Err(ParseError::new(
                    pos,
                    format!("unknown field `{other}:`"),
                    format!("known fields are {FIELDS}; to search for the text, put it in quotes"),
                )),
            },
        };
    }
    if let Some(exact) = text.strip_prefix('=') {
        if exact.is_empty() {
            return Err(ParseError::new(
                pos,
                "`=` has no word after it",
                "write `=ord` to match only that form",
            ));
        }
        return Ok(Node::Exact(exact.to_string()));
    }
    if let Some(prefix) = text.strip_suffix('*') {
        if prefix.chars().count() < 2 || prefix.contains('*') {
            return Err(ParseError::new(
                pos,
                "a prefix needs at least two letters before `*`",
                "write e.g. `rapport*`",
            ));
        }
        return Ok(Node::Prefix(prefix.to_string()));
    }
    Ok(Node::Word(text.to_string()))
}

/// `field:value` when `text` starts with letters and a colon (but not a URL).
fn split_field(text: &str) -> Option<(&str, &str)> {
    let (field, value) = text.split_once(':')?;
    let is_name = !field.is_empty() && field.chars().all(|c| c.is_ascii_alphabetic());
    (is_name && !value.starts_with("//")).then_some((field, value))
}

/// `2019`, `2019-07`, `2019-07-15`, or `FROM..TO` of those with either end open.
fn date_range(value: &str, pos: usize) -> Result<Node, ParseError> {
    let (from_text, to_text) = value.split_once("..").unwrap_or((value, value));
    let bound = |text: &str, offset: usize, is_start: bool| -> Result<Option<i64>, ParseError> {
        if text.is_empty() {
            return Ok(None);
        }
        date_bound(text, is_start).map(Some).ok_or_else(|| {
            ParseError::new(
                pos + offset,
                format!("`{text}` is not a date"),
                "write dates as YYYY, YYYY-MM or YYYY-MM-DD, ranges as FROM..TO, e.g. `date:2019-01..2019-06`",
            )
        })
    };
    let from = bound(from_text, 0, true)?.unwrap_or(0);
    let to_offset =
        value.find("..").map_or(0, |i| value.get(..i).map_or(0, |s| s.chars().count()) + 2);
    let to = bound(to_text, to_offset, false)?.unwrap_or(99_991_231);
    if from > to {
        return Err(ParseError::new(
            pos,
            "the range ends before it starts",
            "put the earlier date first",
        ));
    }
    Ok(Node::DateRange { from, to })
}

/// `YYYYMMDD` of the first (or last) day a date of any precision covers.
pub(crate) fn date_bound(text: &str, is_start: bool) -> Option<i64> {
    let day = if let Ok(date) = text.parse::<ArticleDate>() {
        if is_start { date.first_day() } else { date.last_day() }
    } else if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        let year: u16 = text.parse().ok()?;
        if is_start { (year, 1, 1) } else { (year, 12, 31) }
    } else {
        return None;
    };
    let (year, month, day) = day;
    Some(i64::from(year) * 10_000 + i64::from(month) * 100 + i64::from(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str, expected: Node) {
        assert_eq!(parse(query), Ok(expected), "{query}");
    }

    fn check_error(query: &str, position: usize, hint_part: &str) {
        let error = parse(query).unwrap_err();
        assert_eq!(error.position, position, "{query}: {error:?}");
        assert!(error.hint.contains(hint_part), "{query}: {error:?}");
    }

    fn word(text: &str) -> Node {
        Node::Word(text.into())
    }

    #[test]
    fn juxtaposition_is_and_and_or_binds_looser() {
        check(
            "skat OR afgift reform",
            Node::Or(vec![word("skat"), Node::And(vec![word("afgift"), word("reform")])]),
        );
        check(
            "Ecuador AND date:2019-07",
            Node::And(vec![word("Ecuador"), Node::DateRange { from: 20190701, to: 20190731 }]),
        );
    }

    #[test]
    fn phrases_exact_prefix_and_negation() {
        check("\"russiske hackere\"", Node::Phrase(vec!["russiske".into(), "hackere".into()]));
        check("\"hackere\"", Node::Exact("hackere".into()));
        check("=valget", Node::Exact("valget".into()));
        check("rapport*", Node::Prefix("rapport".into()));
        check("klima -vind", Node::And(vec![word("klima"), Node::Not(Box::new(word("vind")))]));
        check(
            "(skat OR moms) NOT told",
            Node::And(vec![
                Node::Or(vec![word("skat"), word("moms")]),
                Node::Not(Box::new(word("told"))),
            ]),
        );
    }

    #[test]
    fn fields_and_date_ranges() {
        check("source:\"TV 2\"", Node::Source("TV 2".into()));
        check(
            "person:\"Julian Assange\"",
            Node::Name { field: NameField::Person, name: "Julian Assange".into() },
        );
        check("speaker:Assange", Node::Name { field: NameField::Speaker, name: "Assange".into() });
        check("Kanal:DR", Node::Name { field: NameField::Channel, name: "DR".into() });
        check("mentions:2019-Q3", Node::Mentions("2019-q3".into()));
        check("date:2019-01..2019-06", Node::DateRange { from: 20190101, to: 20190630 });
        check("date:2019", Node::DateRange { from: 20190101, to: 20191231 });
        check("date:..2018-02", Node::DateRange { from: 0, to: 20180228 });
        check("https://example.dk", word("https://example.dk"));
    }

    #[test]
    fn errors_point_at_the_problem_and_suggest_a_fix() {
        check_error("\"russiske hackere", 0, "closing");
        check_error("(skat OR moms", 0, "`)`");
        check_error("skat)", 4, "remove");
        check_error("skat AND", 5, "after `AND`");
        check_error("OR skat", 0, "before");
        check_error("date:2019-13", 5, "YYYY-MM");
        check_error("date:2019-01..2019-13", 14, "YYYY-MM");
        check_error("forfatter:Hansen", 0, "known fields");
        check_error("", 0, "type a word");
        check_error("r*", 0, "rapport*");
    }

    #[test]
    fn never_panics_on_odd_queries() {
        for query in [
            "((((",
            "))))",
            "\"",
            "-",
            "+",
            "NOT",
            ":",
            "date:..",
            "a:b:c",
            "æøå*",
            "= ",
            "«»",
            "date:2019..2018",
        ] {
            let _ = parse(query);
        }
    }
}
