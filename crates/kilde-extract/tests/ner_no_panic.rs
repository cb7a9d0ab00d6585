//! `find_entities` never panics, and its offsets always slice the text it was given.
#![allow(clippy::unwrap_used)]

use kilde_extract::ner::{NerModel, find_entities};
use proptest::prelude::*;

proptest! {
    #[test]
    fn offsets_slice_the_text(text in "\\PC{0,60}") {
        for mention in find_entities(NerModel::embedded(), &text) {
            prop_assert_eq!(text.get(mention.byte_start..mention.byte_end), Some(mention.text.as_str()));
        }
    }
}
