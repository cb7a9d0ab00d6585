//! CoNLL / CoNLL-U reading and exact-span scoring, conlleval style.

use std::path::Path;

use super::{EntityKind, Label, NerError};

/// One gold sentence: tokens with their BIO labels, always of equal length.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Token forms as they appear in the file.
    pub tokens: Vec<String>,
    /// Gold labels, one per token.
    pub labels: Vec<Label>,
}

/// True positives, false positives and false negatives for exact spans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpanCounts {
    /// Predicted spans that match a gold span in start, end and kind.
    pub true_positives: usize,
    /// Predicted spans with no exact gold match.
    pub false_positives: usize,
    /// Gold spans that were not predicted exactly.
    pub false_negatives: usize,
}

impl SpanCounts {
    /// Share of predicted spans that are right; 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }
    /// Share of gold spans that were found; 0 when there are none.
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }
    /// Harmonic mean of precision and recall; 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    /// Number of gold spans.
    pub fn support(&self) -> usize {
        self.true_positives + self.false_negatives
    }
    fn add(&mut self, other: SpanCounts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

/// Exact-span scores per entity kind and micro-averaged over all four.
#[derive(Debug, Clone, PartialEq)]
pub struct NerScores {
    /// Counts per kind, in the order of [`EntityKind::ALL`].
    pub per_kind: [(EntityKind, SpanCounts); 4],
    /// Counts summed over all kinds.
    pub micro: SpanCounts,
}

impl NerScores {
    /// Counts for one kind.
    pub fn kind(&self, kind: EntityKind) -> SpanCounts {
        self.per_kind.iter().find(|(k, _)| *k == kind).map(|(_, c)| *c).unwrap_or_default()
    }
}

impl Default for NerScores {
    fn default() -> Self {
        NerScores {
            per_kind: EntityKind::ALL.map(|k| (k, SpanCounts::default())),
            micro: SpanCounts::default(),
        }
    }
}

/// Parses CoNLL text: `TOKEN<TAB>TAG` lines, or CoNLL-U / NDT 10-column lines whose last
/// column holds `name=<tag>` among `|`-separated items.
///
/// Never fails: comments (`#`) and multiword-token ranges are skipped, a blank or
/// whitespace-only line ends a sentence, and a tag we do not know becomes `O`. NorNE types
/// are mapped to the four Danish kinds (see [`parse_tag`]).
pub fn parse_conll(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut current = Sentence { tokens: Vec::new(), labels: Vec::new() };
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::replace(
                    &mut current,
                    Sentence { tokens: Vec::new(), labels: Vec::new() },
                ));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if let Some((token, label)) = parse_line(line) {
            current.tokens.push(token.to_string());
            current.labels.push(label);
        }
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    sentences
}

/// Reads and parses one CoNLL or CoNLL-U file; fails only if the file cannot be read.
pub fn read_conll(path: &Path) -> Result<Vec<Sentence>, NerError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| NerError::Read { path: path.to_path_buf(), source })?;
    Ok(parse_conll(&text))
}

/// Turns one tag into a label. NorNE's types are mapped as its README recommends:
/// `GPE_LOC`→LOC, `GPE_ORG`→ORG, `PROD`/`EVT`/`MISC`→MISC, `DRV` and unknown → `O`.
pub fn parse_tag(tag: &str) -> Label {
    let Some((prefix, kind)) = tag.split_once('-') else { return Label::O };
    let kind = match kind {
        "PER" => EntityKind::Per,
        "ORG" | "GPE_ORG" => EntityKind::Org,
        "LOC" | "GPE_LOC" => EntityKind::Loc,
        "MISC" | "PROD" | "EVT" => EntityKind::Misc,
        _ => return Label::O,
    };
    match prefix {
        "B" => Label::B(kind),
        "I" => Label::I(kind),
        _ => Label::O,
    }
}

/// Entity spans as `(first token, end token exclusive, kind)`. An `I-` that does not
/// continue a span of its kind starts a new one, as conlleval does.
pub fn spans(labels: &[Label]) -> Vec<(usize, usize, EntityKind)> {
    let mut found = Vec::new();
    let mut open: Option<(usize, EntityKind)> = None;
    for (idx, label) in labels.iter().enumerate() {
        let continues = matches!((open, label), (Some((_, k)), Label::I(l)) if k == *l);
        if continues {
            continue;
        }
        if let Some((start, kind)) = open.take() {
            found.push((start, idx, kind));
        }
        if let Label::B(kind) | Label::I(kind) = label {
            open = Some((idx, *kind));
        }
    }
    if let Some((start, kind)) = open {
        found.push((start, labels.len(), kind));
    }
    found
}

/// Scores predicted label sequences against gold ones, pair by pair.
pub fn score(pairs: impl IntoIterator<Item = (Vec<Label>, Vec<Label>)>) -> NerScores {
    let mut scores = NerScores::default();
    for (gold, predicted) in pairs {
        let gold = spans(&gold);
        let predicted = spans(&predicted);
        for (k, counts) in scores.per_kind.iter_mut() {
            let g: Vec<_> = gold.iter().filter(|s| s.2 == *k).collect();
            let p: Vec<_> = predicted.iter().filter(|s| s.2 == *k).collect();
            let hits = p.iter().filter(|s| g.contains(s)).count();
            counts.add(SpanCounts {
                true_positives: hits,
                false_positives: p.len() - hits,
                false_negatives: g.len() - hits,
            });
        }
    }
    let mut micro = SpanCounts::default();
    for (_, counts) in &scores.per_kind {
        micro.add(*counts);
    }
    scores.micro = micro;
    scores
}

fn parse_line(line: &str) -> Option<(&str, Label)> {
    let columns: Vec<&str> = line.split('\t').collect();
    match columns.as_slice() {
        [id, form, .., last] if columns.len() >= 10 => {
            if id.contains('-') || id.contains('.') {
                return None;
            }
            let tag = last.split('|').find_map(|item| item.strip_prefix("name="));
            Some((*form, tag.map(parse_tag).unwrap_or(Label::O)))
        }
        [form, .., last] if columns.len() >= 2 => Some((*form, parse_tag(last.trim()))),
        [form] => Some((*form, Label::O)),
        _ => None,
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 { 0.0 } else { numerator as f64 / denominator as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[(&str, &str)]) {
        let sentences = parse_conll(text);
        let actual: Vec<(String, String)> = sentences
            .iter()
            .flat_map(|s| s.tokens.iter().zip(&s.labels))
            .map(|(t, l)| (t.clone(), l.to_string()))
            .collect();
        let expected: Vec<(String, String)> =
            expected.iter().map(|(t, l)| (t.to_string(), l.to_string())).collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn reads_two_column_conll() {
        check(
            "Mette\tB-PER\nFrederiksen\tI-PER\ntalte\tO\n\t\nI\tO\nAarhus\tB-LOC\n",
            &[
                ("Mette", "B-PER"),
                ("Frederiksen", "I-PER"),
                ("talte", "O"),
                ("I", "O"),
                ("Aarhus", "B-LOC"),
            ],
        );
    }

    #[test]
    fn reads_conllu_name_column_and_maps_norne() {
        let text = "# sent_id = 1\n1-2\tDet\t_\t_\t_\t_\t_\t_\t_\t_\n\
            1\tOslo\toslo\tPROPN\t_\t_\t0\troot\t_\tSpaceAfter=No|name=B-GPE_LOC\n\
            2\tTV2-seer\t_\tNOUN\t_\t_\t1\tnmod\t_\tname=B-DRV\n";
        check(text, &[("Oslo", "B-LOC"), ("TV2-seer", "O")]);
    }

    #[test]
    fn splits_sentences_on_empty_lines() {
        assert_eq!(parse_conll("Ja\tO\n\nNej\tO\n   \nMåske\tO").len(), 3);
    }

    #[test]
    fn scores_exact_spans() {
        let gold = ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG"].map(parse_tag).to_vec();
        let predicted = ["B-PER", "O", "O", "B-LOC", "O", "B-LOC"].map(parse_tag).to_vec();
        let scores = score([(gold, predicted)]);
        assert_eq!(scores.kind(EntityKind::Per).true_positives, 0);
        assert_eq!(scores.kind(EntityKind::Loc).true_positives, 1);
        assert_eq!(scores.kind(EntityKind::Loc).false_positives, 1);
        assert_eq!(scores.kind(EntityKind::Org).support(), 1);
        assert_eq!(scores.micro.support(), 3);
        assert!((scores.micro.precision() - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn stray_inside_tag_starts_a_span() {
        let labels = ["O", "I-PER", "I-LOC"].map(parse_tag);
        assert_eq!(spans(&labels), vec![(1, 2, EntityKind::Per), (2, 3, EntityKind::Loc)]);
    }
}
