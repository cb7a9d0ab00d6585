//! `find_timexes` never panics, and its offsets always slice the text it was given.
#![allow(clippy::unwrap_used)]

use kilde_extract::find_timexes;
use kilde_model::ArticleDate;
use proptest::prelude::*;

/// Danish date words mixed with arbitrary characters, so that matchers get far.
fn danish_noise() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("i".to_string()),
        Just("for".to_string()),
        Just("siden".to_string()),
        Just("år".to_string()),
        Just("3.".to_string()),
        Just("maj".to_string()),
        Just("kvartal".to_string()),
        Just("90'erne".to_string()),
        Just("næste".to_string()),
        Just("uge".to_string()),
        Just("fredags".to_string()),
        "\\PC{0,4}",
    ];
    prop::collection::vec(word, 0..12).prop_map(|words| words.join(" "))
}

proptest! {
    #[test]
    fn offsets_slice_the_text(text in danish_noise(), year in 1000u16..=9999, month in 1u8..=12, day in 1u8..=28) {
        for date in [None, ArticleDate::month(year, month), ArticleDate::day(year, month, day)] {
            for timex in find_timexes(&text, date) {
                prop_assert_eq!(text.get(timex.byte_start..timex.byte_end), Some(timex.text.as_str()));
            }
        }
    }

    #[test]
    fn any_text_is_fine(text in "\\PC*") {
        let _ = find_timexes(&text, ArticleDate::day(2019, 7, 10));
    }
}
