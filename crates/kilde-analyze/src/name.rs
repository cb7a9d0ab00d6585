//! The name analyzer: how entity, speaker and channel names are indexed and queried,
//! so that `person:assange` finds `Julian Assange` and `place:Aarhus` finds `Århus`.
//!
//! Names are not Danish words: they are neither stemmed nor split, only cut into
//! words, lower-cased and spelled in ASCII the way Danes do without the letters
//! (`æ ø å` → `ae oe aa`; `ä ö ü` → `ae oe ue`; accents dropped). A word with `ø` or
//! `å` is indexed a second time, at the same position, with the other common ASCII
//! spelling (`ø` → `o`, `å` → `a`), so `Bodskov` and `Boedskov` both find `Bødskov`.
//! Unlike the body analyzer, this folds every name, because a name has no dictionary
//! reading that folding could spoil (`Møller` and `Moeller` are the same person).

use tantivy::tokenizer::{
    SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name under which [`name_analyzer`] is registered with an index.
pub const NAME_ANALYZER: &str = "kilde_name";

/// Splits on anything but letters and digits, lower-cases and folds (see the module).
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default()).filter(NameFolding).build()
}

/// The words of `name` as a query looks for them (the first spelling of each):
/// `Jens-Peter Ørsted` → `["jens", "peter", "oersted"]`. Splits as [`name_analyzer`]'s
/// `SimpleTokenizer` does (on anything but letters and digits) without building an
/// analyzer, since quote filters call it once per quote.
pub fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut folded = String::with_capacity(word.len());
            fold_name_word(word, &mut folded);
            folded
        })
        .collect()
}

/// Lower-cases `word` and spells it in ASCII: `Århus` → `aarhus`, `Müller` → `mueller`.
pub fn fold_name_word(word: &str, out: &mut String) {
    fold_with(word, out, false);
}

/// The second ASCII spelling of a word with `ø` or `å` (`Bødskov` → `bodskov`,
/// `Århus` → `arhus`), or `None` when it has only one.
pub fn short_fold(word: &str) -> Option<String> {
    let has_variant = word.chars().any(|c| matches!(c, 'ø' | 'Ø' | 'å' | 'Å'));
    has_variant.then(|| {
        let mut out = String::new();
        fold_with(word, &mut out, true);
        out
    })
}

fn fold_with(word: &str, out: &mut String, is_short: bool) {
    out.clear();
    for c in word.chars() {
        for lower in c.to_lowercase() {
            match lower {
                'ø' if is_short => out.push('o'),
                'å' if is_short => out.push('a'),
                'æ' | 'ä' => out.push_str("ae"),
                'ø' | 'ö' => out.push_str("oe"),
                'å' => out.push_str("aa"),
                'ü' => out.push_str("ue"),
                'ß' => out.push_str("ss"),
                'á' | 'à' | 'â' | 'ã' => out.push('a'),
                'é' | 'è' | 'ê' | 'ë' => out.push('e'),
                'í' | 'ì' | 'î' | 'ï' => out.push('i'),
                'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
                'ú' | 'ù' | 'û' => out.push('u'),
                'ç' => out.push('c'),
                'ñ' => out.push('n'),
                other => out.push(other),
            }
        }
    }
}

/// The token filter behind [`name_analyzer`].
#[derive(Clone, Copy, Debug, Default)]
pub struct NameFolding;

impl TokenFilter for NameFolding {
    type Tokenizer<T: Tokenizer> = NameFoldingFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> NameFoldingFilter<T> {
        NameFoldingFilter { tokenizer }
    }
}

/// A tokenizer wrapped by [`NameFolding`].
#[derive(Clone, Debug)]
pub struct NameFoldingFilter<T> {
    tokenizer: T,
}

impl<T: Tokenizer> Tokenizer for NameFoldingFilter<T> {
    type TokenStream<'a> = NameFoldingStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        NameFoldingStream {
            tail: self.tokenizer.token_stream(text),
            second: None,
            current: Token::default(),
        }
    }
}

/// The token stream of [`NameFoldingFilter`].
#[derive(Debug)]
pub struct NameFoldingStream<T> {
    tail: T,
    /// The second spelling of the word just given, to give next.
    second: Option<Token>,
    current: Token,
}

impl<T: TokenStream> TokenStream for NameFoldingStream<T> {
    fn advance(&mut self) -> bool {
        if let Some(second) = self.second.take() {
            self.current = second;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token();
        let mut folded = token.clone();
        if token.text.is_ascii() {
            folded.text.make_ascii_lowercase();
        } else {
            fold_name_word(&token.text, &mut folded.text);
            self.second = short_fold(&token.text).map(|text| Token { text, ..token.clone() });
        }
        self.current = folded;
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_letters_meet_their_ascii_spellings() {
        assert_eq!(name_words("Århus"), name_words("Aarhus"));
        assert_eq!(name_words("Lars Løkke Rasmussen"), name_words("lars loekke rasmussen"));
        assert_eq!(name_words("Müller"), vec!["mueller"]);
    }

    #[test]
    fn o_slash_and_a_ring_get_both_ascii_spellings_at_one_position() {
        let mut analyzer = name_analyzer();
        let mut stream = analyzer.token_stream("Morten Bødskov");
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push((stream.token().text.clone(), stream.token().position));
        }
        let expected = [("morten", 0), ("boedskov", 1), ("bodskov", 1)];
        assert_eq!(tokens, expected.map(|(t, p)| (t.to_string(), p)));
        assert_eq!(name_words("Morten Bødskov"), ["morten", "boedskov"]);
        let indexed: Vec<&str> = tokens.iter().map(|(t, _)| t.as_str()).collect();
        assert!(name_words("Morten Bødskov").iter().all(|w| indexed.contains(&w.as_str())));
    }

    #[test]
    fn names_are_cut_into_words_not_stemmed() {
        assert_eq!(name_words("Jens-Peter Ørsted"), vec!["jens", "peter", "oersted"]);
        assert_eq!(name_words("TV 2"), vec!["tv", "2"]);
        assert_eq!(name_words("Kommunernes"), vec!["kommunernes"]);
    }
}
