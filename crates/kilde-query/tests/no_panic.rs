//! Arbitrary Unicode never panics the query parser.

use proptest::prelude::*;

proptest! {
    #[test]
    fn parser_never_panics(query in "\\PC{0,40}") {
        let _ = kilde_query::parse(&query);
    }

    #[test]
    fn parser_never_panics_on_query_syntax(query in "[a-zæøå\"()*=:.+ -]{0,30}|(AND|OR|NOT|date:|source:)[0-9.-]{0,12}") {
        let _ = kilde_query::parse(&query);
    }
}
