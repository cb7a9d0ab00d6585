//! Scandinavian folding: how `Koebenhavn`, `Kobenhavn`, `Aarhus` and `Århus` meet
//! `København` without making `for` meet `før`.
//!
//! Folding every `ø` to `o` (Lucene's `ScandinavianFoldingFilter`) makes `før` = `for`,
//! `får` = `far` and `boede` = `bøde`, which Danish readers would never accept. So kilde
//! folds only words that are not Danish dictionary words, which is where ASCII
//! spellings occur: place and person names and foreign words.
//! - [`normalize_letters`] always maps the non-Danish letters `ä ö ü` to `æ ø u`.
//! - [`replace_digraphs`] turns `aa oe ae` into `å ø æ`, used on words the lexicon does
//!   not know (`koebenhavn` → `københavn`, but `boede` stays); [`digraph_readings`] gives
//!   the other readings (`faeroerne` → `færøerne`), of which the analyzer takes one the
//!   dictionary knows.
//! - [`strip_diacritics`] turns `å ø æ` into `a o ae`, used at query time for unknown
//!   words, so a query for `København` also finds an article that wrote `Kobenhavn`.

use std::borrow::Cow;

/// Maps `ä`, `ö`, `ü` (German and Swedish spellings) to `æ`, `ø`, `u`.
pub fn normalize_letters(word: &str) -> Cow<'_, str> {
    if !word.contains(['ä', 'ö', 'ü']) {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .map(|c| match c {
                'ä' => 'æ',
                'ö' => 'ø',
                'ü' => 'u',
                other => other,
            })
            .collect(),
    )
}

/// Whether `word` contains one of the ASCII digraphs `aa`, `oe`, `ae`.
pub fn has_digraph(word: &str) -> bool {
    word.contains("aa") || word.contains("oe") || word.contains("ae")
}

/// Replaces the ASCII digraphs `aa`, `oe`, `ae` by `å`, `ø`, `æ`, left to right.
pub fn replace_digraphs(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let replacement = match (c, chars.peek()) {
            ('a', Some('a')) => Some('å'),
            ('o', Some('e')) => Some('ø'),
            ('a', Some('e')) => Some('æ'),
            _ => None,
        };
        match replacement {
            Some(letter) => {
                out.push(letter);
                chars.next();
            }
            None => out.push(c),
        }
    }
    out
}

/// Every reading of the ASCII digraphs in `word`, [`replace_digraphs`]'s first, at most
/// `limit`: each digraph is the Danish letter, or the letter followed by the digraph's
/// second letter (`oe` in `faeroerne` is `øe`: `færøerne`). Used to pick the reading the
/// dictionary knows.
pub fn digraph_readings(word: &str, limit: usize) -> Vec<String> {
    let mut readings = vec![String::new()];
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let letter = match (c, chars.peek()) {
            ('a', Some('a')) => Some('å'),
            ('o', Some('e')) => Some('ø'),
            ('a', Some('e')) => Some('æ'),
            _ => None,
        };
        let Some((letter, second)) = letter.and_then(|l| Some((l, chars.next()?))) else {
            readings.iter_mut().for_each(|r| r.push(c));
            continue;
        };
        let can_branch = readings.len() * 2 <= limit;
        let mut kept = Vec::new();
        for reading in &mut readings {
            reading.push(letter);
            if can_branch {
                let mut with_second = reading.clone();
                with_second.push(second);
                kept.push(with_second);
            }
        }
        readings.extend(kept);
    }
    readings
}

/// Whether `word` contains `æ`, `ø` or `å`.
pub fn has_danish_letter(word: &str) -> bool {
    word.contains(['æ', 'ø', 'å'])
}

/// Writes `æ ø å` as `ae o a`: how Danish names look when typed on a foreign keyboard.
pub fn strip_diacritics(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push('o'),
            'å' => out.push('a'),
            other => out.push(other),
        }
    }
    out
}

/// Every way `word` (pure ASCII) could be `æ ø å` written without them, `word` itself
/// first, at most `limit` variants: `arhus` → `arhus`, `århus`, `ærhus`, `arhås`, ….
/// Used at query time against the index's term dictionary, which keeps only those
/// variants that some article really contains.
pub fn accent_variants(word: &str, limit: usize) -> Vec<String> {
    let mut variants = vec![String::new()];
    for c in word.chars() {
        let options: &[char] = match c {
            'a' => &['a', 'å', 'æ'],
            'o' => &['o', 'ø'],
            _ => &[],
        };
        if options.is_empty() || variants.len() * options.len() > limit {
            variants.iter_mut().for_each(|v| v.push(c));
            continue;
        }
        variants = variants
            .into_iter()
            .flat_map(|v| {
                options.iter().map(move |o| {
                    let mut next = v.clone();
                    next.push(*o);
                    next
                })
            })
            .collect();
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digraphs_become_danish_letters() {
        assert_eq!(replace_digraphs("koebenhavn"), "københavn");
        assert_eq!(replace_digraphs("aarhus"), "århus");
        assert_eq!(replace_digraphs("aeroe"), "ærø");
        assert_eq!(replace_digraphs("aabenraa"), "åbenrå");
        assert_eq!(replace_digraphs("aaa"), "åa");
        assert!(!has_digraph("kobenhavn"));
    }

    #[test]
    fn digraph_readings_keep_the_second_letter_too() {
        let readings = digraph_readings("faeroerne", 8);
        assert_eq!(readings[0], "færørne");
        assert!(readings.contains(&"færøerne".to_string()));
        assert_eq!(digraph_readings("aaaaaaaaaa", 4).len(), 4);
        assert_eq!(digraph_readings("hus", 4), ["hus"]);
    }

    #[test]
    fn stripping_matches_foreign_keyboards() {
        assert_eq!(strip_diacritics("københavn"), "kobenhavn");
        assert_eq!(strip_diacritics("ærø"), "aero");
        assert_eq!(normalize_letters("malmö"), "malmø");
    }

    #[test]
    fn accent_variants_start_with_the_word_and_respect_the_limit() {
        let variants = accent_variants("arhus", 64);
        assert_eq!(variants[0], "arhus");
        assert!(variants.contains(&"århus".to_string()));
        assert_eq!(variants.len(), 3);
        let many = accent_variants("aaaaaaaaaa", 50);
        assert!(many.len() <= 50);
        assert!(many.iter().all(|v| v.chars().count() == 10));
    }
}
