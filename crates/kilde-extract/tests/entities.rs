//! Merging names within an article: full name and surname, genitive, compounds, labels.
#![allow(clippy::unwrap_used)]

use kilde_extract::entities::{EntityMention, article_entities, link_mentions};
use kilde_extract::ner::{EntityKind, Mention, NerModel};

/// Mentions at the first occurrence at or after `from` of each `(text, label)`.
fn mentions(text: &str, names: &[(&str, EntityKind)]) -> Vec<Mention> {
    let mut from = 0;
    names
        .iter()
        .map(|(name, label)| {
            let start = from + text[from..].find(name).unwrap();
            from = start + name.len();
            Mention { byte_start: start, byte_end: from, label: *label, text: name.to_string() }
        })
        .collect()
}

/// `(text, canonical, label)` of every linked mention.
fn linked(text: &str, names: &[(&str, EntityKind)]) -> Vec<(String, String, EntityKind)> {
    link_mentions(text, mentions(text, names))
        .into_iter()
        .map(|m| (m.text, m.canonical, m.label))
        .collect()
}

fn check(text: &str, names: &[(&str, EntityKind)], expected: &[(&str, &str, EntityKind)]) {
    let got = linked(text, names);
    let want: Vec<(String, String, EntityKind)> =
        expected.iter().map(|(t, c, l)| (t.to_string(), c.to_string(), *l)).collect();
    assert_eq!(got, want);
}

use EntityKind::{Loc, Org, Per};

#[test]
fn surname_and_genitive_join_the_full_name() {
    check(
        "Julian Assange talte i går. Assange svarede ikke. Assanges advokat tav.",
        &[("Julian Assange", Per), ("Assange", Per), ("Assanges", Per)],
        &[
            ("Julian Assange", "Julian Assange", Per),
            ("Assange", "Julian Assange", Per),
            ("Assanges", "Julian Assange", Per),
        ],
    );
}

#[test]
fn surname_before_the_full_name_links_forward() {
    check(
        "Holm vandt løbet. Bagefter jublede Karin Holm.",
        &[("Holm", Per), ("Karin Holm", Per)],
        &[("Holm", "Karin Holm", Per), ("Karin Holm", "Karin Holm", Per)],
    );
}

#[test]
fn a_final_s_stays_when_the_base_is_no_name() {
    check(
        "Mads flyttede til Los Angeles.",
        &[("Mads", Per), ("Los Angeles", Loc)],
        &[("Mads", "Mads", Per), ("Los Angeles", "Los Angeles", Loc)],
    );
}

#[test]
fn issue_hyphenated_compound_is_a_mention_of_the_name() {
    check(
        "Wikileaks-stifteren blev anholdt. WikiLeaks protesterede.",
        &[("WikiLeaks", Org)],
        &[("Wikileaks", "WikiLeaks", Org), ("WikiLeaks", "WikiLeaks", Org)],
    );
    check(
        "Trump-administrationen svarede. Donald Trump var rejst.",
        &[("Donald Trump", Per)],
        &[("Trump", "Donald Trump", Per), ("Donald Trump", "Donald Trump", Per)],
    );
}

#[test]
fn a_compound_tagged_whole_is_cut_to_its_name() {
    check(
        "Flere Labour-politikere var tavse.",
        &[("Labour-politikere", Org)],
        &[("Labour", "Labour", Org)],
    );
}

#[test]
fn majority_label_wins_and_per_wins_ties() {
    check(
        "Lone Berg kom. Berg talte. Berg gik.",
        &[("Lone Berg", Per), ("Berg", Org), ("Berg", Per)],
        &[("Lone Berg", "Lone Berg", Per), ("Berg", "Lone Berg", Per), ("Berg", "Lone Berg", Per)],
    );
    check(
        "Sune Dahl kom. Dahl gik.",
        &[("Sune Dahl", Org), ("Dahl", Per)],
        &[("Sune Dahl", "Sune Dahl", Per), ("Dahl", "Sune Dahl", Per)],
    );
}

#[test]
fn organisation_short_form_links_only_when_unambiguous() {
    check(
        "Danske Bank hæver renten. Danske følger trop.",
        &[("Danske Bank", Org), ("Danske", Org)],
        &[("Danske Bank", "Danske Bank", Org), ("Danske", "Danske Bank", Org)],
    );
    check(
        "Aarhus Kommune og Aarhus Universitet samarbejder. Aarhus vinder.",
        &[("Aarhus Kommune", Org), ("Aarhus Universitet", Org), ("Aarhus", Org)],
        &[
            ("Aarhus Kommune", "Aarhus Kommune", Org),
            ("Aarhus Universitet", "Aarhus Universitet", Org),
            ("Aarhus", "Aarhus", Org),
        ],
    );
}

#[test]
fn offsets_that_do_not_slice_the_text_are_dropped() {
    let bad = Mention { byte_start: 1, byte_end: 3, label: Per, text: "æ".into() };
    assert!(link_mentions("æble", vec![bad]).is_empty());
}

#[test]
fn with_the_model_surname_follows_full_name() {
    let text = "Mette Frederiksen besøgte Aarhus i går. Frederiksen talte om skolerne.";
    let found: Vec<EntityMention> = article_entities(NerModel::embedded(), text);
    for m in &found {
        assert_eq!(&text[m.byte_start..m.byte_end], m.text);
    }
    let last = found.iter().find(|m| m.text == "Frederiksen").unwrap();
    assert_eq!(last.canonical, "Mette Frederiksen");
    assert_eq!(last.label, Per);
}
