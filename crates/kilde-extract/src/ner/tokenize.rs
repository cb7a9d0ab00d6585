//! A tokenizer that splits punctuation off words the way the CoNLL data does.

/// A token with byte offsets into the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token text.
    pub text: &'a str,
    /// Byte offset of its first character.
    pub byte_start: usize,
    /// Byte offset just past it.
    pub byte_end: usize,
}

/// Splits on whitespace, then peels punctuation off both ends of each word, one character
/// per token. Inner punctuation stays (`SID-huset`, `3.5`), and a final period stays on
/// words that already hold one (`f.eks.`), because the treebank keeps such abbreviations.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    // About one token per five bytes of Danish news: one allocation for most articles.
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut start: Option<usize> = None;
    let mut idx = 0;
    while let Some((is_space, len)) = crate::scan::whitespace_at(text, idx) {
        match (is_space, start) {
            (true, Some(s)) => {
                split_word(text, s, idx, &mut tokens);
                start = None;
            }
            (false, None) => start = Some(idx),
            _ => {}
        }
        idx += len;
    }
    if let Some(s) = start {
        split_word(text, s, text.len(), &mut tokens);
    }
    tokens
}

/// Groups tokens into sentences, ending one after `.`, `!` or `?`.
pub(crate) fn sentences<'t, 'a>(tokens: &'t [Token<'a>]) -> impl Iterator<Item = &'t [Token<'a>]> {
    tokens.split_inclusive(|t| matches!(t.text, "." | "!" | "?"))
}

fn split_word<'a>(text: &'a str, start: usize, end: usize, out: &mut Vec<Token<'a>>) {
    let Some(word) = text.get(start..end) else { return };
    let is_alphanumeric = |c: Option<char>| c.is_some_and(crate::scan::is_alphanumeric);
    if is_alphanumeric(word.chars().next()) && is_alphanumeric(word.chars().next_back()) {
        // Nothing to peel: most words, and no need to index their characters.
        out.push(Token { text: word, byte_start: start, byte_end: end });
        return;
    }
    let (core_start, core_end) = core_bounds(word);
    let push = |out: &mut Vec<Token<'a>>, a: usize, b: usize| {
        if let Some(t) = text.get(start + a..start + b) {
            out.push(Token { text: t, byte_start: start + a, byte_end: start + b });
        }
    };
    let push_each_char = |out: &mut Vec<Token<'a>>, from: usize, to: usize| {
        for (i, c) in word.get(from..to).unwrap_or("").char_indices() {
            push(out, from + i, from + i + c.len_utf8());
        }
    };
    push_each_char(out, 0, core_start);
    if core_start < core_end {
        push(out, core_start, core_end);
    }
    push_each_char(out, core_end, word.len());
}

/// Byte bounds of `word` without its leading and trailing punctuation, keeping a final
/// period when the rest holds one too (`f.eks.`); a word of punctuation only is all lead.
fn core_bounds(word: &str) -> (usize, usize) {
    let Some(core_start) = word.find(crate::scan::is_alphanumeric) else {
        return (word.len(), word.len());
    };
    let last = word.char_indices().rev().find(|(_, c)| crate::scan::is_alphanumeric(*c));
    let core_end = last.map_or(word.len(), |(i, c)| i + c.len_utf8());
    let core_has_period = word.get(core_start..core_end).is_some_and(|core| core.contains('.'));
    let trail = word.get(core_end..).unwrap_or("");
    if core_has_period && trail.starts_with('.') {
        return (core_start, core_end + 1);
    }
    (core_start, core_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let tokens = tokenize(text);
        let actual: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        assert_eq!(actual, expected);
        assert!(tokens.iter().all(|t| text.get(t.byte_start..t.byte_end) == Some(t.text)));
    }

    #[test]
    fn splits_punctuation() {
        check(
            "Kjeld går, (igen) til SID-huset.",
            &["Kjeld", "går", ",", "(", "igen", ")", "til", "SID-huset", "."],
        );
        check("«Nej!» sagde hun f.eks.", &["«", "Nej", "!", "»", "sagde", "hun", "f.eks."]);
        check("  Ærø  ", &["Ærø"]);
        check("...", &[".", ".", "."]);
        check(
            "(f.eks.), «Ærø»... 3.5%",
            &["(", "f.eks.", ")", ",", "«", "Ærø", "»", ".", ".", ".", "3.5", "%"],
        );
        check("USA.) -Ja", &["USA", ".", ")", "-", "Ja"]);
    }

    /// The char-by-char split [`tokenize`] replaced, as the reference.
    fn tokenize_by_chars(text: &str) -> Vec<Token<'_>> {
        let mut tokens = Vec::new();
        let mut start: Option<usize> = None;
        for (idx, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    split_word(text, s, idx, &mut tokens);
                    start = None;
                }
                (false, None) => start = Some(idx),
                _ => {}
            }
        }
        tokens
    }

    #[test]
    fn splits_on_the_same_white_space_as_char_is_whitespace() {
        for text in [
            "Kjeld\tgår\x0bnu\x0c,\r\n(igen)\u{a0}til\u{2003}Ærø\u{85}x\u{3000}y ",
            "æøå ÆØÅ\u{200b}ord «citat» – tankestreg…",
            "",
            " ",
            "én",
        ] {
            assert_eq!(tokenize(text), tokenize_by_chars(text), "{text:?}");
        }
    }
}
