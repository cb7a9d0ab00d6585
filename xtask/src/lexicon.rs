//! `xtask lexicon`: builds `crates/kilde-analyze/data/da-lexicon.fst` from the Apertium
//! Danish lists, Stavekontrolden's Hunspell dictionary, wdanish, wordfreq and word counts
//! of the news text under `../shared/data`.
//!
//! The file is one `fst` map from lower-case form to a packed entry (flags, Zipf, and up to
//! two lemma rules), followed by the table of lemma endings the rules refer to. Lemmas come
//! from Apertium where it knows the form (it has the irregular plurals: `børnene` →
//! `barn`), else from Hunspell's paradigms; compound modifier forms and their linking
//! elements come from both.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::hunspell::{self, Class};

/// Flags and fields packed into the `u64` value of each lexicon key. The layout is
/// mirrored by `kilde_analyze::lexicon`; change both together and rebuild.
mod entry {
    /// Bits 0..8: Zipf frequency × 20, rounded (0 when unknown); see `zipf_byte`.
    /// The form may stand as a non-final compound part (Apertium compound-left list,
    /// Hunspell compound-begin forms).
    pub const MODIFIER: u64 = 1 << 8;
    /// The form may end a compound (Apertium `compound_right_ok`, Hunspell `COMPOUNDEND`).
    pub const HEAD: u64 = 1 << 9;
    /// A common Danish word written in lower case (not only a proper noun).
    pub const COMMON: u64 = 1 << 10;
    /// Also a closed-class word (preposition, adverb, pronoun, determiner, conjunction,
    /// numeral, ordinal).
    pub const CLOSED_CLASS: u64 = 1 << 11;
    /// Bits 12..14: chars to strip from a modifier form to reach its lemma (`-s-`, `-e-`).
    pub const LINKER_SHIFT: u32 = 12;
    /// The Zipf value is known (from wordfreq or from counts in real Danish text).
    pub const HAS_ZIPF: u64 = 1 << 14;
    /// Bits 15..18: the form is itself the lemma of a noun, adjective, verb analysis.
    pub const SELF_SHIFT: u32 = 15;
    /// The form has noun, adjective or verb analyses: its lemmas are known.
    pub const ANALYSED: u64 = 1 << 18;
    /// Also a proper noun in Apertium (`washington`); with no common reading, a name.
    pub const NAME: u64 = 1 << 19;
    /// A comparative or superlative (`nærmeste`): its own lemma, and never a compound.
    pub const COMPARISON: u64 = 1 << 20;
    /// Bits 22..43 and 43..64: two lemma rules, see [`super::LemmaRule`].
    pub const RULE_SHIFTS: [u32; 2] = [22, 43];
}

/// Word-class bits of a lemma rule and of `entry::SELF_SHIFT`.
mod class {
    pub const NOUN: u8 = 1;
    pub const ADJECTIVE: u8 = 2;
    pub const VERB: u8 = 4;
    /// The rule gives the lemma of the form used as a compound modifier (`arbejds`).
    pub const MODIFIER: u8 = 8;
}

/// Chars stripped from the form (5 bits), the ending added (12 bits, index into the
/// ending table) and class bits (4 bits): 21 bits in all.
struct LemmaRule {
    strip_chars: u64,
    ending: u64,
    classes: u8,
}

const MAX_STRIP_CHARS: usize = 31;
const MAX_ENDINGS: usize = 1 << 12;
/// Marks the start of the lemma-ending table after the `fst` bytes.
const MAGIC: &[u8; 8] = b"KLDLEX02";

/// What is known about one lower-case form while building.
#[derive(Default)]
struct FormInfo {
    flags: u64,
    /// Lemmas other than the form itself, with class bits.
    lemmas: BTreeMap<String, u8>,
    /// Hunspell's lemmas, added to Apertium's (see [`analyses`]).
    hunspell_lemmas: BTreeMap<String, u8>,
    /// Lemmas of the form as a compound modifier, with the rank of their word class.
    modifier_lemmas: BTreeSet<(u8, String)>,
}

type Forms = BTreeMap<String, FormInfo>;

/// Reads the word lists and frequencies and writes the lexicon file.
pub fn build_lexicon(data: &Path, out: &Path) -> Result<()> {
    let mut forms = Forms::new();
    let lexicon = data.join("lexicon");
    add_apertium_fullforms(&lexicon.join("apertium-dan/dan-fullforms.tsv"), &mut forms)?;
    add_apertium_modifiers(&lexicon.join("apertium-dan/dan-compound-left.tsv"), &mut forms)?;
    add_hunspell(&lexicon.join("hunspell-da"), &mut forms)?;
    add_wdanish(&lexicon.join("wdanish/danish.txt"), &mut forms)?;
    let zipf = read_frequencies(data)?;
    for (word, value) in &zipf {
        forms.entry(word.clone()).or_default().flags |= u64::from(*value) | entry::HAS_ZIPF;
    }
    add_family_frequencies(&mut forms, &zipf);
    let bytes = pack(&forms)?;
    fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({} keys, {} bytes)", out.display(), forms.len(), bytes.len());
    Ok(())
}

fn read_lines(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Full forms: lemmas, which forms may end a compound, which are common or closed-class.
fn add_apertium_fullforms(path: &Path, forms: &mut Forms) -> Result<()> {
    for line in read_lines(path)?.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [form, lemma, tags, right_ok] = fields.as_slice() else { continue };
        if form.contains(' ') {
            continue;
        }
        let pos = tags.split('.').next().unwrap_or("");
        let mut flags = 0;
        if *right_ok == "1" && matches!(pos, "n" | "adj") {
            flags |= entry::HEAD;
        }
        if pos != "np" && form.chars().next().is_some_and(char::is_lowercase) {
            flags |= entry::COMMON;
        }
        if pos == "np" {
            flags |= entry::NAME;
        }
        if matches!(
            pos,
            "pr" | "adv" | "prn" | "det" | "cnjsub" | "cnjcoo" | "cnjadv" | "ij" | "part" | "num"
        ) || tags.contains(".ord")
        {
            flags |= entry::CLOSED_CLASS;
        }
        let form = form.to_lowercase();
        let info = forms.entry(form.clone()).or_default();
        info.flags |= flags;
        let is_comparison = tags.contains(".comp") || tags.contains(".sup");
        let class = match pos {
            "n" => class::NOUN,
            "adj" => class::ADJECTIVE,
            "vblex" => class::VERB,
            _ => continue,
        };
        // `ældre` is not reduced to `gammel`: a search for one should not find the other.
        let lemma = if is_comparison { form.clone() } else { lemma.to_lowercase() };
        if is_comparison {
            info.flags |= entry::COMPARISON;
        }
        add_analysis(info, &form, lemma, class);
    }
    Ok(())
}

fn add_analysis(info: &mut FormInfo, form: &str, lemma: String, classes: u8) {
    info.flags |= entry::ANALYSED;
    if lemma == form {
        info.flags |= u64::from(classes) << entry::SELF_SHIFT;
    } else {
        *info.lemmas.entry(lemma).or_insert(0) |= classes;
    }
}

/// Non-final compound parts with their linking element (`overvågnings` → `overvågning`).
fn add_apertium_modifiers(path: &Path, forms: &mut Forms) -> Result<()> {
    for line in read_lines(path)?.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [form, lemma, tags] = fields.as_slice() else { continue };
        let pos = tags.split('.').next().unwrap_or("");
        if tags.contains("guio") || form.contains(' ') || !matches!(pos, "n" | "vblex" | "np") {
            continue;
        }
        let rank = if pos == "vblex" { VERB_RANK } else { NOUN_RANK };
        add_modifier(forms, form.to_lowercase(), lemma.to_lowercase(), rank);
    }
    Ok(())
}

/// Modifier readings are ranked by word class: most modifiers are nouns, so `skatte-`
/// is `skat` + `-e-` rather than the verb `skatte`, and `fiske-` is `fisk`. Within a
/// class Apertium's reading comes first ([`HUNSPELL_RANK`] is added to Hunspell's):
/// it lists `landbrugs-` as `landbrug` + `-s-`, Hunspell also has a word `landbrugs`.
const NOUN_RANK: u8 = 0;
const OTHER_RANK: u8 = 2;
const VERB_RANK: u8 = 4;
const HUNSPELL_RANK: u8 = 1;

fn add_modifier(forms: &mut Forms, form: String, lemma: String, rank: u8) {
    let info = forms.entry(form).or_default();
    info.flags |= entry::MODIFIER;
    info.modifier_lemmas.insert((rank, lemma));
}

/// Stavekontrolden: every inflected form, its compound flags and its lemma.
fn add_hunspell(dir: &Path, forms: &mut Forms) -> Result<()> {
    let affixes = hunspell::parse_affixes(&read_lines(&dir.join("da_DK.aff"))?)?;
    let expanded = hunspell::expand(&read_lines(&dir.join("da_DK.dic"))?, &affixes)?;
    for form in expanded {
        // Proper nouns come from Apertium; Hunspell's are mostly foreign names.
        if !form.form.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let lemma = form.lemma.to_lowercase();
        if form.is_modifier {
            let rank = HUNSPELL_RANK
                + match form.class {
                    Class::Noun => NOUN_RANK,
                    Class::Verb => VERB_RANK,
                    Class::Adjective | Class::Other => OTHER_RANK,
                };
            add_modifier(forms, form.form.trim_end_matches('-').to_string(), lemma.clone(), rank);
        }
        if form.is_bound || form.form.ends_with('-') {
            continue;
        }
        let info = forms.entry(form.form.clone()).or_default();
        info.flags |= entry::COMMON;
        let classes = match form.class {
            Class::Noun => class::NOUN,
            Class::Adjective => class::ADJECTIVE,
            Class::Verb => class::VERB,
            Class::Other => continue,
        };
        if form.is_head && classes != class::VERB {
            info.flags |= entry::HEAD;
        }
        if form.is_plural_entry {
            continue;
        }
        if form.is_comparison {
            info.flags |= entry::COMPARISON;
        }
        let lemma = if form.is_comparison { form.form.clone() } else { lemma };
        *info.hunspell_lemmas.entry(lemma).or_insert(0) |= classes;
    }
    Ok(())
}

/// A lemma's Zipf becomes that of its whole family, all forms with that lemma together,
/// when that is higher: the compound splitter compares lemmas, and a lemma form can be
/// rarer than its plural (`demokrat`, `demokrater`). A form with several lemmas shares
/// its frequency among them; a form that is also a function word adds nothing, or the
/// preposition `for` would make the verb `fore` frequent.
fn add_family_frequencies(forms: &mut Forms, zipf: &BTreeMap<String, u8>) {
    let mut families: BTreeMap<String, f64> = BTreeMap::new();
    for (form, value) in zipf {
        let Some(info) = forms.get(form).filter(|i| i.flags & entry::CLOSED_CLASS == 0) else {
            continue;
        };
        let mut lemmas: Vec<&str> = analyses(info).into_keys().collect();
        if info.flags >> entry::SELF_SHIFT & 0b111 != 0 && !lemmas.contains(&form.as_str()) {
            lemmas.push(form);
        }
        let share = 10f64.powf(f64::from(*value) / 20.0) / lemmas.len().max(1) as f64;
        for lemma in lemmas {
            *families.entry(lemma.to_string()).or_insert(0.0) += share;
        }
    }
    for (lemma, frequency) in families {
        let info = forms.entry(lemma).or_default();
        let family = u64::from(zipf_byte(frequency.log10()));
        if info.flags & entry::HAS_ZIPF == 0 || family > info.flags & 0xff {
            info.flags = (info.flags & !0xff) | family | entry::HAS_ZIPF;
        }
    }
}

/// wdanish words written in lower case are common words.
fn add_wdanish(path: &Path, forms: &mut Forms) -> Result<()> {
    for word in read_lines(path)?.lines() {
        if word.chars().next().is_some_and(char::is_lowercase) && !word.contains(' ') {
            forms.entry(word.to_string()).or_default().flags |= entry::COMMON;
        }
    }
    Ok(())
}

/// The `fst` bytes, then [`MAGIC`], then the lemma endings separated by `\n`, then the
/// `fst` length as a little-endian `u64`.
fn pack(forms: &Forms) -> Result<Vec<u8>> {
    let mut endings: BTreeMap<String, u64> = BTreeMap::new();
    endings.insert(String::new(), 0);
    let mut values = Vec::with_capacity(forms.len());
    let mut dropped = 0;
    for (form, info) in forms {
        let rules = lemma_rules(form, info, forms);
        dropped += rules.len().saturating_sub(entry::RULE_SHIFTS.len());
        let mut value = info.flags | modifier_linker(form, info);
        for (rule, shift) in rules.iter().zip(entry::RULE_SHIFTS) {
            let next_id = endings.len() as u64;
            let ending = *endings.entry(rule.1.clone()).or_insert(next_id);
            let packed = LemmaRule { strip_chars: rule.0 as u64, ending, classes: rule.2 };
            value |= packed.bits() << shift;
        }
        if !info.hunspell_lemmas.is_empty() {
            let mut self_classes = info.hunspell_lemmas.get(form).copied().unwrap_or(0);
            if is_adjective_only(info) {
                self_classes &= !class::NOUN;
            }
            value |= entry::ANALYSED | u64::from(self_classes) << entry::SELF_SHIFT;
        }
        values.push(value);
    }
    if endings.len() > MAX_ENDINGS {
        bail!("{} lemma endings do not fit in 12 bits", endings.len());
    }
    eprintln!("{} lemma endings, {dropped} lemma rules dropped (more than two)", endings.len());
    let mut builder = fst::MapBuilder::new(Vec::new())?;
    for ((key, _), value) in forms.iter().zip(values) {
        builder.insert(key, value)?;
    }
    let mut bytes = builder.into_inner()?;
    let fst_len = bytes.len() as u64;
    let mut by_id: Vec<(&u64, &String)> = endings.iter().map(|(e, id)| (id, e)).collect();
    by_id.sort();
    bytes.extend_from_slice(MAGIC);
    let table: Vec<&str> = by_id.iter().map(|(_, e)| e.as_str()).collect();
    bytes.extend_from_slice(table.join("\n").as_bytes());
    bytes.extend_from_slice(&fst_len.to_le_bytes());
    Ok(bytes)
}

impl LemmaRule {
    fn bits(&self) -> u64 {
        self.strip_chars | self.ending << 5 | u64::from(self.classes) << 17
    }
}

/// The form's analyses other than itself: Apertium's and Hunspell's. Hunspell adds
/// words Apertium lacks (`stifter`, the founder, beside the plural of `stift`), but not
/// nouns where Apertium has only an adjective: `danske` is the adjective `dansk` used as
/// a noun, and a search for it must find `dansk`.
fn analyses(info: &FormInfo) -> BTreeMap<&str, u8> {
    let mut all: BTreeMap<&str, u8> = BTreeMap::new();
    for (lemma, classes) in info.lemmas.iter().chain(&info.hunspell_lemmas) {
        *all.entry(lemma.as_str()).or_insert(0) |= classes;
    }
    if is_adjective_only(info) {
        for classes in all.values_mut() {
            *classes &= !class::NOUN;
        }
        all.retain(|_, classes| *classes != 0);
    }
    all
}

/// Apertium knows the form, and only as an adjective.
fn is_adjective_only(info: &FormInfo) -> bool {
    let apertium_classes = info.lemmas.values().fold(0, |all, c| all | c)
        | (info.flags >> entry::SELF_SHIFT & 0b111) as u8;
    info.flags & entry::ANALYSED != 0 && apertium_classes == class::ADJECTIVE
}

/// Zipf × 20 of a form (its family's, for a lemma), 0 when unknown.
fn zipf_of(form: &str, forms: &Forms) -> u64 {
    forms.get(form).map_or(0, |info| info.flags & 0xff)
}

/// Lemma rules as (strip chars, ending, classes), the modifier's lemma first, then the
/// full-form lemmas: nouns before adjectives before verbs, frequent lemma families first.
fn lemma_rules(form: &str, info: &FormInfo, forms: &Forms) -> Vec<(usize, String, u8)> {
    let mut rules = Vec::new();
    if let Some(lemma) = modifier_lemma(form, info) {
        rules.extend(rule_for(form, lemma, class::MODIFIER));
    }
    let all = analyses(info);
    let mut lemmas: Vec<(&str, u8)> = all.into_iter().filter(|(lemma, _)| *lemma != form).collect();
    lemmas.sort_by_key(|(lemma, classes)| {
        (classes.trailing_zeros(), std::cmp::Reverse(zipf_of(lemma, forms)), lemma.to_string())
    });
    for (lemma, classes) in lemmas {
        rules.extend(rule_for(form, lemma, classes));
    }
    rules
}

/// The lemma of a modifier form when it is not the form itself: the best-ranked word
/// class first, then the longest lemma the form starts with (`kurs` → `kurs`, not `kur`
/// + `-s-`), then the first in order.
fn modifier_lemma<'i>(form: &str, info: &'i FormInfo) -> Option<&'i str> {
    let (_, lemma) = info.modifier_lemmas.iter().min_by_key(|(rank, lemma)| {
        let prefix_len = if form.starts_with(lemma.as_str()) { lemma.len() } else { 0 };
        (*rank, std::cmp::Reverse(prefix_len))
    })?;
    (lemma != form).then_some(lemma.as_str())
}

/// Linker chars for [`entry::LINKER_SHIFT`], kept for `Entry::linker_chars`.
fn modifier_linker(form: &str, info: &FormInfo) -> u64 {
    let Some(lemma) = modifier_lemma(form, info) else { return 0 };
    let linker = form.strip_prefix(lemma).map_or(0, |rest| rest.chars().count() as u64);
    if linker <= 3 { linker << entry::LINKER_SHIFT } else { 0 }
}

fn rule_for(form: &str, lemma: &str, classes: u8) -> Option<(usize, String, u8)> {
    let shared = form.chars().zip(lemma.chars()).take_while(|(a, b)| a == b).count();
    let strip = form.chars().count() - shared;
    let ending: String = lemma.chars().skip(shared).collect();
    (strip <= MAX_STRIP_CHARS).then_some((strip, ending, classes))
}

/// Zipf × 20 per lower-case word: wordfreq where it knows the word, else counts in the
/// real Danish text of `news-da` on the same scale (log10 of frequency per billion words);
/// the lower of the two where the news text has a word often enough.
fn read_frequencies(data: &Path) -> Result<BTreeMap<String, u8>> {
    let mut zipf: BTreeMap<String, u8> = BTreeMap::new();
    let counts = count_news_words(&data.join("news-da"))?;
    let total: u64 = counts.values().sum();
    for (word, count) in &counts {
        if *count >= 2 {
            let value = ((*count as f64) / (total as f64) * 1e9).log10();
            zipf.insert(word.clone(), zipf_byte(value));
        }
    }
    let wordfreq = data.join("wordfreq-da/wordfreq-da.tsv");
    for line in read_lines(&wordfreq)?.lines() {
        let Some((word, value)) = line.split_once('\t') else { continue };
        let value: f64 = value.trim().parse().with_context(|| format!("bad zipf in {line:?}"))?;
        let word = word.to_lowercase();
        let mut value = zipf_byte(value);
        // wordfreq's Danish list mixes in English (`and`, `form`); where the news text
        // has enough of a word to say, the lower of the two counts.
        if counts.get(&word).is_some_and(|count| *count >= RELIABLE_NEWS_COUNT) {
            value = value.min(zipf.get(&word).copied().unwrap_or(value));
        }
        zipf.insert(word, value);
    }
    Ok(zipf)
}

/// Occurrences in the news text from which its frequency of a word is trusted.
const RELIABLE_NEWS_COUNT: u64 = 20;

fn zipf_byte(value: f64) -> u8 {
    (value * 20.0).round().clamp(1.0, 255.0) as u8
}

/// Lower-case word counts over the `text` of every JSON Lines file under `news-da`.
fn count_news_words(dir: &Path) -> Result<BTreeMap<String, u64>> {
    let mut files = Vec::new();
    for sub in ["parole-dk", "leipzig-lcc"] {
        for item in fs::read_dir(dir.join(sub)).with_context(|| format!("listing {sub}"))? {
            let path = item?.path();
            if path.extension().is_some_and(|e| e == "jsonl") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut counts = BTreeMap::new();
    for file in files {
        for line in read_lines(&file)?.lines() {
            let Some(text) = json_text_field(line) else { continue };
            for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
                *counts.entry(word.to_lowercase()).or_insert(0) += 1;
            }
        }
    }
    Ok(counts)
}

/// The `text` value of one JSON Lines record, if it has one.
fn json_text_field(line: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value.get("text")?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_rule(form: &str, lemma: &str, expected: (usize, &str)) {
        let (strip, ending, _) = rule_for(form, lemma, class::NOUN).unwrap();
        assert_eq!((strip, ending.as_str()), expected, "{form} → {lemma}");
    }

    fn check_modifier(form: &str, readings: &[(u8, &str)], expected: Option<&str>) {
        let modifier_lemmas = readings.iter().map(|(rank, l)| (*rank, l.to_string())).collect();
        let info = FormInfo { modifier_lemmas, ..FormInfo::default() };
        assert_eq!(modifier_lemma(form, &info), expected, "{form}");
    }

    #[test]
    fn lemma_rules_strip_and_add() {
        check_rule("ejerne", "ejer", (2, ""));
        check_rule("børnene", "barn", (6, "arn"));
        check_rule("museerne", "museum", (4, "um"));
    }

    #[test]
    fn modifier_readings_prefer_nouns_then_apertium_then_the_form() {
        check_modifier("kurs", &[(NOUN_RANK, "kur"), (NOUN_RANK, "kurs")], None);
        check_modifier(
            "skatte",
            &[(VERB_RANK, "skatte"), (NOUN_RANK + HUNSPELL_RANK, "skat")],
            Some("skat"),
        );
        check_modifier(
            "landbrugs",
            &[(NOUN_RANK, "landbrug"), (NOUN_RANK + HUNSPELL_RANK, "landbrugs")],
            Some("landbrug"),
        );
    }
}
