//! Near-duplicate grouping evaluated on a set built from real Danish news text, read by
//! path from `../shared/data` (never copied into the repository).
//!
//! The set is rebuilt in memory on every run with a fixed seed. From each article of
//! `parole-dk-news.jsonl` that has three or more paragraphs and 80 or more words come
//! two edited copies, of the kinds in [`Kind`], chosen in rotation; every article of
//! the file is in the set as an original, so distinct articles on one topic are there
//! as negatives (the pairs sharing the most content words are counted apart). Articles
//! at even positions of the file form the dev half, odd ones the test half; each half is
//! indexed and grouped on its own by the real [`find_groups`]. Thresholds were chosen on
//! dev (the sweep below prints it), the floors (pairwise precision ≥ 0.95, recall ≥
//! 0.90) are asserted on test.
#![allow(clippy::unwrap_used)]

use std::collections::{HashMap, HashSet};
use std::path::Path;

use kilde_extract::signature;
use kilde_index::dupes::find_groups;
use kilde_index::{ArchiveIndex, Derived, DupeSettings};
use kilde_model::{Article, ArticleId};

const NEWS: &str = "../../../shared/data/news-da/parole-dk/parole-dk-news.jsonl";
const SEED: u64 = 20_240_517;

/// The edits a reprint makes, each applied alone except [`Kind::Reprint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    /// A new first paragraph (the opening sentences of another article, 12 to 40 words),
    /// put before the old one or in its place.
    NewLead,
    /// The last third of the paragraphs cut (at least one; two or more kept).
    Cut,
    /// One sentence in five dropped.
    DropSentences,
    /// One word in sixteen edited: a typo, a word swapped for another, a word deleted.
    WordEdits,
    /// The paragraphs in another order.
    Reorder,
    /// A wire byline removed when there is one (`Af …`), else `/ritzau/` added.
    Byline,
    /// New lead in place of the old, last paragraph cut and one word in fifty edited.
    Reprint,
}

const KINDS: [Kind; 7] = [
    Kind::NewLead,
    Kind::Cut,
    Kind::DropSentences,
    Kind::WordEdits,
    Kind::Reorder,
    Kind::Byline,
    Kind::Reprint,
];

struct Source {
    id: String,
    date: String,
    paragraphs: Vec<String>,
}

/// One article of the evaluation set with the original it was made from.
struct Item {
    article: Article,
    original: usize,
    kind: Option<Kind>,
}

/// SplitMix64: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, one_in: u64) -> bool {
        self.next().is_multiple_of(one_in)
    }
}

fn read_sources() -> Vec<Source> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(NEWS);
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let body = value["text"].as_str().unwrap();
            Source {
                id: value["id"].as_str().unwrap().to_string(),
                date: value["date"].as_str().unwrap().to_string(),
                paragraphs: body
                    .split("\n\n")
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(String::from)
                    .collect(),
            }
        })
        .collect()
}

fn edit(kind: Kind, source: &Source, other: &Source, rng: &mut Rng) -> Vec<String> {
    let mut paragraphs = source.paragraphs.clone();
    let new_lead = lead_of(other);
    match kind {
        Kind::NewLead if rng.chance(2) => paragraphs.insert(0, new_lead),
        Kind::NewLead => paragraphs[0] = new_lead,
        Kind::Cut => {
            let cut = paragraphs.len().div_ceil(3).min(paragraphs.len() - 2).max(1);
            paragraphs.truncate(paragraphs.len() - cut);
        }
        Kind::DropSentences => {
            paragraphs = paragraphs.iter().map(|p| drop_sentences(p, rng)).collect();
            paragraphs.retain(|p| !p.is_empty());
        }
        Kind::WordEdits => paragraphs = paragraphs.iter().map(|p| edit_words(p, 16, rng)).collect(),
        Kind::Reorder => {
            let original = paragraphs.clone();
            for _ in 0..10 {
                if paragraphs != original {
                    break;
                }
                for i in (1..paragraphs.len()).rev() {
                    paragraphs.swap(i, rng.below(i + 1));
                }
            }
        }
        Kind::Byline => match paragraphs.iter().position(|p| p.starts_with("Af ")) {
            Some(at) => drop(paragraphs.remove(at)),
            None => paragraphs.push("/ritzau/".into()),
        },
        Kind::Reprint => {
            paragraphs[0] = new_lead;
            paragraphs.pop();
            paragraphs = paragraphs.iter().map(|p| edit_words(p, 50, rng)).collect();
        }
    }
    paragraphs
}

/// A new first paragraph as an outlet writes one: the opening sentences of another
/// article, at least 12 words and at most 40.
fn lead_of(other: &Source) -> String {
    let first = other.paragraphs.first().map(String::as_str).unwrap_or_default();
    let mut lead = String::new();
    for sentence in first.split_inclusive(". ") {
        lead.push_str(sentence);
        if lead.split_whitespace().count() >= 12 {
            break;
        }
    }
    let words: Vec<&str> = lead.split_whitespace().take(40).collect();
    words.join(" ")
}

fn drop_sentences(paragraph: &str, rng: &mut Rng) -> String {
    let sentences: Vec<&str> = paragraph.split_inclusive(". ").collect();
    if sentences.len() < 2 {
        return if rng.chance(5) { String::new() } else { paragraph.to_string() };
    }
    sentences.into_iter().filter(|_| !rng.chance(5)).collect::<String>().trim().to_string()
}

fn edit_words(paragraph: &str, one_in: u64, rng: &mut Rng) -> String {
    let words: Vec<&str> = paragraph.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for word in &words {
        if !rng.chance(one_in) {
            out.push(word.to_string());
            continue;
        }
        match rng.below(3) {
            0 => {
                let mut chars: Vec<char> = word.chars().collect();
                if chars.len() >= 2 {
                    let at = rng.below(chars.len() - 1);
                    chars.swap(at, at + 1);
                }
                out.push(chars.into_iter().collect());
            }
            1 => out.push(words[rng.below(words.len())].to_string()),
            _ => {}
        }
    }
    out.join(" ")
}

fn article(id: String, date: &str, paragraphs: &[String]) -> Article {
    Article {
        id: ArticleId(id),
        date: date.parse().ok(),
        source: None,
        title: None,
        url: None,
        text: paragraphs.join("\n\n"),
    }
}

/// The originals of one half and two edited copies of each eligible one.
fn build_half(sources: &[&Source], rng: &mut Rng) -> Vec<Item> {
    let mut items = Vec::new();
    let mut eligible = 0;
    for (n, source) in sources.iter().enumerate() {
        items.push(Item {
            article: article(source.id.clone(), &source.date, &source.paragraphs),
            original: n,
            kind: None,
        });
        let words: usize = source.paragraphs.iter().map(|p| p.split_whitespace().count()).sum();
        if source.paragraphs.len() < 3 || words < 80 {
            continue;
        }
        for kind in [KINDS[eligible % 7], KINDS[(eligible + 3) % 7]] {
            let mut other = rng.below(sources.len());
            if other == n {
                other = (other + 1) % sources.len();
            }
            let paragraphs = edit(kind, source, sources[other], rng);
            let id = format!("{}~{kind:?}", source.id);
            items.push(Item {
                article: article(id, &source.date, &paragraphs),
                original: n,
                kind: Some(kind),
            });
        }
        eligible += 1;
    }
    items
}

/// Pairs of distinct originals sharing the most content words (≥ 5 letters, not among
/// the 300 most frequent words): one per original, its nearest neighbour.
fn topic_negatives(sources: &[&Source]) -> HashSet<(usize, usize)> {
    let words: Vec<HashSet<String>> = sources
        .iter()
        .map(|s| {
            s.paragraphs
                .iter()
                .flat_map(|p| p.split(|c: char| !c.is_alphanumeric()))
                .filter(|w| w.chars().count() >= 5)
                .map(str::to_lowercase)
                .collect()
        })
        .collect();
    let mut frequency: HashMap<&str, usize> = HashMap::new();
    for set in &words {
        for word in set {
            *frequency.entry(word).or_default() += 1;
        }
    }
    let mut by_frequency: Vec<(&str, usize)> = frequency.into_iter().collect();
    by_frequency.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let common: HashSet<&str> = by_frequency.iter().take(300).map(|(w, _)| *w).collect();
    let content: Vec<HashSet<&str>> = words
        .iter()
        .map(|set| set.iter().map(String::as_str).filter(|w| !common.contains(w)).collect())
        .collect();
    let mut pairs = HashSet::new();
    for (a, set) in content.iter().enumerate() {
        let best = (0..content.len())
            .filter(|&b| b != a)
            .max_by_key(|&b| (set.intersection(&content[b]).count(), std::cmp::Reverse(b)));
        if let Some(b) = best {
            pairs.insert((a.min(b), a.max(b)));
        }
    }
    pairs
}

struct Half {
    name: &'static str,
    items: Vec<Item>,
    negatives: HashSet<(usize, usize)>,
    index: ArchiveIndex,
    _dir: tempfile::TempDir,
}

fn index_half(name: &'static str, sources: &[&Source], rng: &mut Rng) -> Half {
    let items = build_half(sources, rng);
    let negatives = topic_negatives(sources);
    let dir = tempfile::tempdir().unwrap();
    let index = ArchiveIndex::create_or_open(dir.path(), Default::default()).unwrap();
    let mut writer = index.writer(50_000_000, 1).unwrap();
    for item in &items {
        let signature = signature(&item.article.text);
        let derived = Derived { findings: None, signature: signature.as_ref() };
        writer.add_derived(&item.article, &derived).unwrap();
    }
    writer.finish().unwrap();
    Half { name, items, negatives, index, _dir: dir }
}

#[derive(Debug, Default)]
struct Scores {
    precision: f64,
    recall: f64,
    /// Recall of (original, copy) pairs per edit kind: found, all.
    by_kind: HashMap<Kind, (usize, usize)>,
    /// Topic negatives grouped, all.
    negatives_grouped: (usize, usize),
}

fn score(half: &Half, settings: &DupeSettings) -> Scores {
    let (groups, _) = find_groups(&half.index, settings).unwrap();
    let position: HashMap<&str, usize> =
        half.items.iter().enumerate().map(|(i, item)| (item.article.id.as_str(), i)).collect();
    let mut predicted_group = vec![usize::MAX; half.items.len()];
    let mut predicted = HashSet::new();
    for (g, group) in groups.groups.iter().enumerate() {
        let members: Vec<usize> = group.ids.iter().map(|id| position[id.as_str()]).collect();
        for &m in &members {
            predicted_group[m] = g;
        }
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                predicted.insert((a.min(b), a.max(b)));
            }
        }
    }
    let mut gold = HashSet::new();
    let mut clusters: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, item) in half.items.iter().enumerate() {
        clusters.entry(item.original).or_default().push(i);
    }
    for members in clusters.values() {
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                gold.insert((a.min(b), a.max(b)));
            }
        }
    }
    let found = predicted.intersection(&gold).count() as f64;
    let mut scores = Scores {
        precision: if predicted.is_empty() { 1.0 } else { found / predicted.len() as f64 },
        recall: found / gold.len() as f64,
        ..Default::default()
    };
    let original_at: HashMap<usize, usize> = half
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.kind.is_none())
        .map(|(i, item)| (item.original, i))
        .collect();
    for (i, item) in half.items.iter().enumerate() {
        let Some(kind) = item.kind else { continue };
        let original = original_at[&item.original];
        let entry = scores.by_kind.entry(kind).or_default();
        entry.1 += 1;
        if predicted_group[i] != usize::MAX && predicted_group[i] == predicted_group[original] {
            entry.0 += 1;
        }
    }
    for &(a, b) in &half.negatives {
        let (a, b) = (original_at[&a], original_at[&b]);
        scores.negatives_grouped.1 += 1;
        if predicted_group[a] != usize::MAX && predicted_group[a] == predicted_group[b] {
            scores.negatives_grouped.0 += 1;
        }
    }
    scores
}

fn report(half: &Half, scores: &Scores) {
    let copies = half.items.iter().filter(|i| i.kind.is_some()).count();
    println!(
        "{}: {} articles ({} copies), pairwise precision {:.3}, recall {:.3}; \
         topic negatives grouped {}/{}",
        half.name,
        half.items.len(),
        copies,
        scores.precision,
        scores.recall,
        scores.negatives_grouped.0,
        scores.negatives_grouped.1
    );
    let mut kinds: Vec<_> = scores.by_kind.iter().collect();
    kinds.sort();
    for (kind, (found, all)) in kinds {
        println!("  {kind:?}: recall {:.3} ({found}/{all})", *found as f64 / *all as f64);
    }
}

#[test]
fn near_duplicates_are_grouped_on_real_danish_text() {
    let sources = read_sources();
    assert!(sources.len() > 1000, "{} articles", sources.len());
    let dev: Vec<&Source> = sources.iter().step_by(2).collect();
    let test: Vec<&Source> = sources.iter().skip(1).step_by(2).collect();
    let mut rng = Rng(SEED);
    let dev = index_half("dev", &dev, &mut rng);
    let test = index_half("test", &test, &mut rng);

    println!("dev sweep (min_jaccard, min_containment, containment_min_jaccard: P R):");
    for min_jaccard in [0.3, 0.4, 0.5] {
        for min_containment in [0.4, 0.5, 0.6, 0.7] {
            for containment_min_jaccard in [0.1, 0.15, 0.2, 0.25] {
                let settings = DupeSettings {
                    min_jaccard,
                    min_containment,
                    containment_min_jaccard,
                    ..DupeSettings::default()
                };
                let scores = score(&dev, &settings);
                println!(
                    "  {min_jaccard:.2} {min_containment:.2} {containment_min_jaccard:.2}: \
                     {:.3} {:.3}",
                    scores.precision, scores.recall
                );
            }
        }
    }
    let settings = DupeSettings::default();
    println!("shipped settings: {settings:?}");
    let dev_scores = score(&dev, &settings);
    report(&dev, &dev_scores);
    let test_scores = score(&test, &settings);
    report(&test, &test_scores);
    assert!(test_scores.precision >= 0.95, "test precision {:.3}", test_scores.precision);
    assert!(test_scores.recall >= 0.90, "test recall {:.3}", test_scores.recall);
}
