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

/// Groups tokens into sentences, ending one after `.`, `!` or `?`.
pub(crate) fn sentences<'t, 'a>(tokens: &'t [Token<'a>]) -> impl Iterator<Item = &'t [Token<'a>]> {
    tokens.split_inclusive(|t| matches!(t.text, "." | "!" | "?"))
}

fn split_word<'a>(text: &'a str, start: usize, end: usize, out: &mut Vec<Token<'a>>) {
    let Some(word) = text.get(start..end) else { return };
    let is_alphanumeric = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if is_alphanumeric(word.chars().next()) && is_alphanumeric(word.chars().next_back()) {
        // Nothing to peel: most words, and no need to index their characters.
        out.push(Token { text: word, byte_start: start, byte_end: end });
        return;
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let is_punct = |c: char| !c.is_alphanumeric();
    let lead = chars.iter().take_while(|(_, c)| is_punct(*c)).count();
    let mut trail = chars.iter().skip(lead).rev().take_while(|(_, c)| is_punct(*c)).count();
    let core_end = chars.len() - trail;
    let core_has_period =
        chars.get(lead..core_end).is_some_and(|core| core.iter().any(|(_, c)| *c == '.'));
    if trail > 0 && core_has_period && chars.get(core_end).is_some_and(|(_, c)| *c == '.') {
        trail -= 1;
    }
    let bounds: Vec<usize> =
        chars.iter().map(|(i, _)| start + i).chain(std::iter::once(end)).collect();
    let mut push = |a: usize, b: usize| {
        let (Some(&s), Some(&e)) = (bounds.get(a), bounds.get(b)) else { return };
        if let Some(t) = text.get(s..e) {
            out.push(Token { text: t, byte_start: s, byte_end: e });
        }
    };
    (0..lead).for_each(|i| push(i, i + 1));
    if lead < chars.len() - trail {
        push(lead, chars.len() - trail);
    }
    (chars.len() - trail..chars.len()).for_each(|i| push(i, i + 1));
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
    }
}
