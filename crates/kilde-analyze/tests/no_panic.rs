//! Arbitrary Unicode never panics the analyzer, and offsets always cut the text on
//! char boundaries.

use kilde_analyze::{AnalyzeSettings, Lexicon, danish_analyzer, split_compound};
use proptest::prelude::*;

proptest! {
    #[test]
    fn analyzer_never_panics_and_offsets_are_char_boundaries(text in "\\PC{0,80}") {
        let mut analyzer = danish_analyzer(AnalyzeSettings::default());
        let mut stream = analyzer.token_stream(&text);
        while let Some(token) = stream.next() {
            prop_assert!(text.get(token.offset_from..token.offset_to).is_some());
        }
    }

    #[test]
    fn decompounder_never_panics(word in "[a-zæøåé-]{0,40}") {
        let _ = split_compound(&word, Lexicon::embedded());
    }
}
