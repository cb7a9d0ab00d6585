//! Expands the Danish Hunspell dictionary (Stavekontrolden) into full forms with their
//! lemma, word class and compound role, the way `unmunch` would.
//!
//! Why hand-written: the only thing kilde needs from Hunspell is the list of forms each
//! `.dic` entry generates and the compound flags on them, and Stavekontrolden's `.aff`
//! uses a small subset of the format (numeric flags, suffix rules with simple
//! conditions, two levels of suffixes). A crate that checks spelling would hide exactly
//! that information.
//!
//! What the flags mean is read from the `.aff` itself: `COMPOUNDBEGIN`, `COMPOUNDMIDDLE`,
//! `COMPOUNDEND`, `ONLYINCOMPOUND`, `NEEDAFFIX` and `FORBIDDENWORD` name their flags, and
//! the comment above each suffix class says which word class it inflects
//! (`#Substantiv, fælleskøn` → noun). The forms a compound-begin flag generates are the
//! modifier forms with Stavekontrolden's linking element (`folk` → `folke-`), which is
//! the information the Apertium lists lack for many words.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

/// The word class a suffix class inflects, from the comment above it in the `.aff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Noun,
    Adjective,
    Verb,
    /// Genitive, compound linkers, proper nouns: the class of the entry decides.
    Other,
}

/// One generated form of one dictionary entry.
#[derive(Debug, Clone)]
pub struct Form {
    pub form: String,
    /// The entry's word, or its `st:` field (`ældre st:gammel`).
    pub lemma: String,
    pub class: Class,
    /// Comparative or superlative: kept as its own lemma, not reduced to the positive.
    pub is_comparison: bool,
    /// May begin or continue a compound (`folke-`).
    pub is_modifier: bool,
    /// May end a compound.
    pub is_head: bool,
    /// Valid only inside a compound (linker forms such as `folke`).
    pub is_bound: bool,
    /// A form of a plural-only noun (`børn`, `børnene`): its entry is a plural, not a
    /// lemma, so the form's lemma is unknown.
    pub is_plural_entry: bool,
}

/// The parsed `.aff`: suffix rules per flag and the special flags.
pub struct Affixes {
    suffixes: BTreeMap<u32, Vec<Suffix>>,
    classes: BTreeMap<u32, Class>,
    /// Noun classes whose entries are plurals (`#Substantiv, kun flertal`).
    plural_only: Vec<u32>,
    compound_begin: u32,
    compound_middle: u32,
    compound_end: u32,
    only_in_compound: u32,
    need_affix: u32,
    forbidden: u32,
}

struct Suffix {
    strip: String,
    add: String,
    continuation: Vec<u32>,
    condition: Vec<CharClass>,
    is_comparison: bool,
}

/// One position of a rule's condition: `.`, `e` or `[^aeo]`.
enum CharClass {
    Any,
    OneOf(Vec<char>, bool),
}

impl CharClass {
    fn matches(&self, c: char) -> bool {
        match self {
            CharClass::Any => true,
            CharClass::OneOf(set, negated) => set.contains(&c) != *negated,
        }
    }
}

/// Parses the affix file; unknown directives are ignored.
pub fn parse_affixes(text: &str) -> Result<Affixes> {
    let mut affixes = Affixes {
        suffixes: BTreeMap::new(),
        classes: BTreeMap::new(),
        plural_only: Vec::new(),
        compound_begin: 0,
        compound_middle: 0,
        compound_end: 0,
        only_in_compound: 0,
        need_affix: 0,
        forbidden: 0,
    };
    let mut last_comment = "";
    for line in text.lines() {
        if let Some(comment) = line.strip_prefix('#') {
            last_comment = comment;
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            ["COMPOUNDBEGIN", flag] => affixes.compound_begin = flag.parse()?,
            ["COMPOUNDMIDDLE", flag] => affixes.compound_middle = flag.parse()?,
            ["COMPOUNDEND", flag] => affixes.compound_end = flag.parse()?,
            ["ONLYINCOMPOUND", flag] => affixes.only_in_compound = flag.parse()?,
            ["NEEDAFFIX", flag] => affixes.need_affix = flag.parse()?,
            ["FORBIDDENWORD", flag] => affixes.forbidden = flag.parse()?,
            ["SFX", flag, _cross, _count] => {
                let flag = flag.parse()?;
                affixes.classes.insert(flag, class_of_comment(last_comment));
                if last_comment.contains("kun flertal") {
                    affixes.plural_only.push(flag);
                }
            }
            ["SFX", flag, strip, add, condition, morph @ ..] => {
                let suffix = parse_suffix(strip, add, condition, morph)
                    .with_context(|| format!("bad suffix rule {line:?}"))?;
                affixes.suffixes.entry(flag.parse()?).or_default().push(suffix);
            }
            _ => {}
        }
    }
    Ok(affixes)
}

fn class_of_comment(comment: &str) -> Class {
    let comment = comment.trim_start_matches("x ");
    if comment.starts_with("Substantiv") || comment.starts_with("Verbalsubstantiv") {
        Class::Noun
    } else if comment.starts_with("Verbum") {
        Class::Verb
    } else if comment.starts_with("Adjektiv") {
        Class::Adjective
    } else {
        Class::Other
    }
}

fn parse_suffix(strip: &str, add: &str, condition: &str, morph: &[&str]) -> Result<Suffix> {
    let (add, continuation) = match add.split_once('/') {
        Some((add, flags)) => (add, parse_flags(flags)?),
        None => (add, Vec::new()),
    };
    let zero = |s: &str| if s == "0" { String::new() } else { s.to_string() };
    Ok(Suffix {
        strip: zero(strip),
        add: zero(add),
        continuation,
        condition: parse_condition(condition),
        is_comparison: morph.iter().any(|m| m.contains("KOMPARATIV") || m.contains("SUPERLATIV")),
    })
}

fn parse_flags(flags: &str) -> Result<Vec<u32>> {
    flags
        .split(',')
        .filter(|f| !f.is_empty())
        .map(|f| f.parse().with_context(|| format!("bad flag {f:?}")))
        .collect()
}

fn parse_condition(condition: &str) -> Vec<CharClass> {
    let mut classes = Vec::new();
    let mut chars = condition.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => classes.push(CharClass::Any),
            '[' => {
                let mut set: Vec<char> = chars.by_ref().take_while(|&c| c != ']').collect();
                let negated = set.first() == Some(&'^');
                if negated {
                    set.remove(0);
                }
                classes.push(CharClass::OneOf(set, negated));
            }
            other => classes.push(CharClass::OneOf(vec![other], false)),
        }
    }
    classes
}

impl Suffix {
    /// The form this rule makes of `word`, if its condition holds.
    fn apply(&self, word: &str) -> Option<String> {
        let chars: Vec<char> = word.chars().collect();
        let tail = chars.len().checked_sub(self.condition.len())?;
        let matches = self.condition.iter().zip(&chars[tail..]).all(|(class, &c)| class.matches(c));
        if !matches {
            return None;
        }
        let stem = word.strip_suffix(self.strip.as_str())?;
        Some(format!("{stem}{}", self.add))
    }
}

/// Every form of every entry of `dic` (first line is the entry count).
pub fn expand(dic: &str, affixes: &Affixes) -> Result<Vec<Form>> {
    let mut forms = Vec::new();
    for line in dic.lines().skip(1) {
        let Some(entry) = parse_entry(line) else { continue };
        if entry.flags.contains(&affixes.forbidden) || entry.word.contains(' ') {
            continue;
        }
        affixes.expand_entry(&entry, &mut forms);
    }
    Ok(forms)
}

struct Entry {
    word: String,
    flags: Vec<u32>,
    lemma: Option<String>,
}

/// `word/1,2,3 st:lemma al:…`; fields after the word are separated by white space.
/// `None` for an empty line or a word with a slash in it.
fn parse_entry(line: &str) -> Option<Entry> {
    let mut fields = line.split(['\t', ' ']).filter(|f| !f.is_empty());
    let first = fields.next()?;
    let (word, flags) = match first.split_once('/') {
        // `A/S` and `c/o` are words with a slash, not flags.
        Some((word, flags)) => match parse_flags(flags) {
            Ok(flags) => (word, flags),
            Err(_) => return None,
        },
        None => (first, Vec::new()),
    };
    let mut lemma = None;
    let mut word = word.to_string();
    for field in fields {
        if let Some(stem) = field.strip_prefix("st:") {
            lemma = Some(stem.to_string());
        } else if !field.contains(':') {
            // A multi-word entry (`a cappella`): skipped by the caller.
            word.push(' ');
            word.push_str(field);
        }
    }
    Some(Entry { word, flags, lemma })
}

impl Affixes {
    fn expand_entry(&self, entry: &Entry, out: &mut Vec<Form>) {
        // `cyber-` is a prefix entry; its lemma is `cyber`.
        let lemma = entry.lemma.as_deref().unwrap_or(&entry.word).trim_end_matches('-');
        let lemma = lemma.to_string();
        let class = self.entry_class(&entry.flags);
        let first = out.len();
        if !entry.flags.contains(&self.need_affix) {
            out.push(self.form(entry.word.clone(), &lemma, class, false, &entry.flags));
        }
        for flag in &entry.flags {
            self.apply_flag(*flag, &entry.word, &lemma, class, 0, out);
        }
        if entry.flags.iter().any(|f| self.plural_only.contains(f)) {
            out.iter_mut().skip(first).for_each(|form| form.is_plural_entry = true);
        }
    }

    /// The class of an entry: that of its first inflection class that has one.
    fn entry_class(&self, flags: &[u32]) -> Class {
        flags
            .iter()
            .filter_map(|f| self.classes.get(f))
            .copied()
            .find(|c| *c != Class::Other)
            .unwrap_or(Class::Other)
    }

    fn apply_flag(
        &self,
        flag: u32,
        word: &str,
        lemma: &str,
        entry_class: Class,
        depth: usize,
        out: &mut Vec<Form>,
    ) {
        let Some(rules) = self.suffixes.get(&flag) else { return };
        let class = match self.classes.get(&flag) {
            Some(Class::Other) | None => entry_class,
            Some(own) => *own,
        };
        for rule in rules {
            let Some(form) = rule.apply(word) else { continue };
            if !rule.continuation.contains(&self.need_affix) {
                out.push(self.form(
                    form.clone(),
                    lemma,
                    class,
                    rule.is_comparison,
                    &rule.continuation,
                ));
            }
            if depth == 0 {
                for next in &rule.continuation {
                    self.apply_flag(*next, &form, lemma, class, depth + 1, out);
                }
            }
        }
    }

    fn form(
        &self,
        form: String,
        lemma: &str,
        class: Class,
        is_comparison: bool,
        flags: &[u32],
    ) -> Form {
        Form {
            form,
            lemma: lemma.to_string(),
            class,
            is_comparison,
            is_modifier: flags.contains(&self.compound_begin)
                || flags.contains(&self.compound_middle),
            is_head: flags.contains(&self.compound_end),
            is_bound: flags.contains(&self.only_in_compound),
            is_plural_entry: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AFF: &str = "\
COMPOUNDBEGIN 32
COMPOUNDMIDDLE 33
COMPOUNDEND 34
ONLYINCOMPOUND 36
NEEDAFFIX 8
FORBIDDENWORD 6
#Substantiv, fælleskøn
SFX 2 Y 2
SFX 2 0 n/34 e\t+BESTEMT_ENTAL
SFX 2 0 en/34 [^e]\t+BESTEMT_ENTAL
#Sammensætning, fugeelement -e-
SFX 30 Y 1
SFX 30 0 e/32,36 .
#Sammensætning, ord sidst i sammensætning
SFX 39 Y 1
SFX 39 0 0/34 .
";

    fn check(dic: &str, expected: &[(&str, &str, bool, bool)]) {
        let affixes = parse_affixes(AFF).unwrap();
        let forms = expand(&format!("1\n{dic}\n"), &affixes).unwrap();
        let got: Vec<_> = forms
            .iter()
            .filter(|f| f.is_modifier || f.is_head)
            .map(|f| (f.form.as_str(), f.lemma.as_str(), f.is_modifier, f.is_head))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn expands_inflections_and_linkers() {
        check(
            "hund/2,30,39",
            &[
                ("hunden", "hund", false, true),
                ("hunde", "hund", true, false),
                ("hund", "hund", false, true),
            ],
        );
        check("ældre st:gammel", &[]);
    }
}
