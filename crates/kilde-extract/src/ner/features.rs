//! Observation features of a token in its sentence, hashed to 32-bit keys.
//!
//! Features depend only on the words, never on labels, so a sentence's features are
//! computed once and the label-dependent part lives in the transition weights.

use crate::fnv::Fnv1a;

use super::lexicon::{self, Lexicon};

/// FNV-1a over the bytes, folded to 32 bits. Stable across platforms and runs, which keeps
/// model files reproducible.
pub fn hash_str(text: &str) -> u32 {
    fold(hash_parts(0, &[text]))
}

/// One token, prepared once: lower-case form, word shape and lexicon flags.
pub(crate) struct Prepared {
    lower: String,
    shape: String,
    flags: u8,
    proper_class: u8,
    is_capitalised: bool,
}

impl Prepared {
    /// `C` for a capitalised token, `c` otherwise.
    pub(crate) fn cap_code(&self) -> &'static str {
        let [capitalised, lower_case] = CAP_CODES;
        if self.is_capitalised { capitalised } else { lower_case }
    }

    /// Whether the token starts with a capital letter.
    pub(crate) fn is_capitalised(&self) -> bool {
        self.is_capitalised
    }
}

/// Which data a sentence comes from. Every feature also gets a copy marked with the
/// domain ("frustratingly easy" domain adaptation, Daumé III 2007), so Norwegian data
/// teaches the shared weights without overriding what the Danish data says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// Danish: the language the model tags.
    Target,
    /// Other-language data added for transfer (NorNE Bokmål).
    Transfer,
}

/// The shared feature keys of every token of a sentence, without domain copies: what
/// tagging looks up in a table whose rows already hold the target copy's weights.
#[cfg(test)]
pub(crate) fn shared_features(tokens: &[&str], lexicon: &Lexicon) -> Vec<Vec<u32>> {
    let prepared: Vec<Prepared> = tokens.iter().map(|t| prepare(t, lexicon)).collect();
    (0..prepared.len()).map(|idx| token_features(&prepared, idx)).collect()
}

/// [`shared_features`] of each token in turn, handed to `f` from one reused buffer:
/// what tagging summed before [`super::emission_cache`], kept to check that it still does.
#[cfg(test)]
pub(crate) fn for_each_token_features(
    tokens: &[&str],
    lexicon: &Lexicon,
    mut f: impl FnMut(&[u32]),
) {
    let prepared: Vec<Prepared> = tokens.iter().map(|t| prepare(t, lexicon)).collect();
    let mut keys = Vec::with_capacity(64);
    for idx in 0..prepared.len() {
        keys.clear();
        push_token_features(&prepared, idx, &mut keys);
        f(&keys);
    }
}

/// Feature keys for every token of a sentence, shared copies first, then domain copies.
pub(crate) fn sentence_features(
    tokens: &[&str],
    lexicon: &Lexicon,
    domain: Domain,
) -> Vec<Vec<u32>> {
    let prepared: Vec<Prepared> = tokens.iter().map(|t| prepare(t, lexicon)).collect();
    let salt = match domain {
        Domain::Target => TARGET_SALT,
        Domain::Transfer => 0x85eb_ca6b,
    };
    (0..prepared.len())
        .map(|idx| {
            let mut keys = token_features(&prepared, idx);
            let shared = keys.len();
            keys.reserve(shared);
            for i in 0..shared {
                if let Some(key) = keys.get(i).copied() {
                    keys.push(domain_copy(key, salt));
                }
            }
            keys
        })
        .collect()
}

/// The domain-marked copy of a shared feature key.
pub(crate) fn domain_copy(key: u32, salt: u32) -> u32 {
    (key.rotate_left(7) ^ salt).max(1)
}

/// Salt of the target (Danish) domain's feature copies.
pub(crate) const TARGET_SALT: u32 = 0x9e37_79b9;

pub(crate) fn prepare(form: &str, lexicon: &Lexicon) -> Prepared {
    let lower = form.to_lowercase();
    let flags = lexicon.lookup(&lower);
    let is_capitalised = form.chars().next().is_some_and(char::is_uppercase);
    let proper_class = lexicon.proper_noun_class(&lower);
    Prepared { shape: shape(form), flags, proper_class, lower, is_capitalised }
}

fn token_features(tokens: &[Prepared], idx: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(48);
    push_token_features(tokens, idx, &mut out);
    out
}

fn push_token_features(tokens: &[Prepared], idx: usize, out: &mut Vec<u32>) {
    let Some(token) = tokens.get(idx) else { return };
    let previous = idx.checked_sub(1).and_then(|p| tokens.get(p));
    push_intrinsic_features(token, idx == 0, out);
    push_capitalisation_feature(
        previous.map_or(BOUNDARY_START, Prepared::cap_code),
        token.cap_code(),
        tokens.get(idx + 1).map_or(BOUNDARY_END, Prepared::cap_code),
        out,
    );
    for offset in NEIGHBOUR_OFFSETS {
        let neighbour = idx.checked_add_signed(offset).and_then(|n| tokens.get(n));
        push_neighbour_features(neighbour, offset, token.cap_code(), out);
    }
}

/// Offsets of the neighbouring tokens a token's features look at, in key order.
pub(crate) const NEIGHBOUR_OFFSETS: [isize; 4] = [-2, -1, 1, 2];
/// Capitalisation code of the missing token before the first.
pub(crate) const BOUNDARY_START: &str = "S";
/// Capitalisation code of the missing token after the last.
pub(crate) const BOUNDARY_END: &str = "E";
/// Capitalisation codes of a real token: capitalised or not.
pub(crate) const CAP_CODES: [&str; 2] = ["C", "c"];

/// Features of the token alone (and whether it opens the sentence): these depend on no
/// neighbour, so tagging can sum their weights once per distinct word.
pub(crate) fn push_intrinsic_features(token: &Prepared, first: bool, out: &mut Vec<u32>) {
    let mut add = |template: u8, parts: &[&str]| out.push(fold(hash_parts(template, parts)));
    let cap = token.cap_code();
    let first = if first { "F" } else { "f" };
    add(0, &[]);
    add(1, &[&token.lower]);
    add(3, &[&token.shape]);
    add(4, &[cap, first]);
    add_affixes(&mut add, &token.lower);
    add_flags(&mut add, 10, token.flags, &[cap, first]);
    let is_proper_candidate = token.is_capitalised && token.flags & lexicon::COMMON == 0;
    add(11, &[if is_proper_candidate { "P" } else { "p" }, first]);
    let mut digits = [0u8; 3];
    add(12, &[decimal(token.flags, &mut digits), cap]);
    if token.proper_class != 0 {
        add(14, &[decimal(token.proper_class, &mut digits), cap, first]);
    }
}

/// The capitalisation of the previous token, this one and the next, as one feature.
pub(crate) fn push_capitalisation_feature(
    previous: &str,
    cap: &str,
    next: &str,
    out: &mut Vec<u32>,
) {
    out.push(fold(hash_parts(13, &[previous, cap, next])));
}

/// Features of the neighbour at `offset` (`None` past either end of the sentence), seen
/// from a token whose capitalisation code is `cap`: its word, and for the adjacent ones
/// its shape and gazetteer classes.
pub(crate) fn push_neighbour_features(
    neighbour: Option<&Prepared>,
    offset: isize,
    cap: &str,
    out: &mut Vec<u32>,
) {
    let mut add = |template: u8, parts: &[&str]| out.push(fold(hash_parts(template, parts)));
    let template = match offset {
        -2 => 20u8,
        -1 => 21,
        1 => 22,
        _ => 23,
    };
    add(template, &[neighbour.map_or("<s>", |n| n.lower.as_str())]);
    if offset.abs() == 1 {
        add(template + 10, &[neighbour.map_or("<s>", |n| n.shape.as_str())]);
        add_flags(&mut add, template + 30, neighbour.map_or(0, |n| n.flags), &[cap]);
    }
}

/// `value` in decimal, as `u8::to_string` writes it, without allocating.
fn decimal(value: u8, buffer: &mut [u8; 3]) -> &str {
    let digits = [value / 100, value / 10 % 10, value % 10];
    let skip = if value >= 100 {
        0
    } else if value >= 10 {
        1
    } else {
        2
    };
    for (slot, digit) in buffer.iter_mut().zip(digits) {
        *slot = b'0' + digit;
    }
    buffer.get(skip..).and_then(|d| std::str::from_utf8(d).ok()).unwrap_or("0")
}

fn add_affixes(add: &mut impl FnMut(u8, &[&str]), lower: &str) {
    const LENGTHS: [&str; 4] = ["1", "2", "3", "4"];
    let char_count = lower.chars().count();
    for (n, length) in (1..=4usize).zip(LENGTHS) {
        if n > char_count {
            break;
        }
        let cut_end = lower.char_indices().nth(n).map_or(lower.len(), |c| c.0);
        let cut_start = lower.char_indices().nth(char_count - n).map_or(0, |c| c.0);
        if n <= 3 {
            add(5, &[length, lower.get(..cut_end).unwrap_or("")]);
        }
        add(6, &[length, lower.get(cut_start..).unwrap_or("")]);
    }
}

fn add_flags(add: &mut impl FnMut(u8, &[&str]), template: u8, flags: u8, context: &[&str]) {
    const NAMES: [&str; 8] = ["common", "dictcap", "first", "last", "loc", "org", "misc", "part"];
    let mut parts: [&str; 4] = [""; 4];
    let len = (context.len() + 1).min(parts.len());
    for (slot, part) in parts.iter_mut().skip(1).zip(context) {
        *slot = part;
    }
    let mut add_named = |name: &'static str| {
        parts[0] = name;
        add(template, parts.get(..len).unwrap_or_default());
    };
    for (bit, name) in NAMES.iter().enumerate() {
        if flags & (1 << bit) != 0 {
            add_named(name);
        }
    }
    if flags == 0 {
        add_named("none");
    }
}

/// Word shape with runs collapsed: `Kjeld` → `Xx`, `SID-huset` → `X-x`, `2019` → `d`.
fn shape(form: &str) -> String {
    let mut out = String::new();
    for c in form.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if !out.ends_with(class) {
            out.push(class);
        }
        if out.len() > 8 {
            break;
        }
    }
    out
}

fn hash_parts(template: u8, parts: &[&str]) -> u64 {
    let mut hash = Fnv1a::new();
    hash.byte(template);
    for part in parts {
        hash.bytes(part.as_bytes());
        hash.byte(0xff);
    }
    hash.finish()
}

fn fold(hash: u64) -> u32 {
    let folded = (hash ^ (hash >> 32)) as u32;
    folded.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(form: &str, expected: &str) {
        assert_eq!(shape(form), expected, "{form}");
    }

    #[test]
    fn shapes() {
        check("Kjeld", "Xx");
        check("SID-huset", "X-x");
        check("2019", "d");
        check("Ærø", "Xx");
    }

    #[test]
    fn decimal_writes_what_to_string_writes() {
        for value in [0u8, 7, 10, 99, 100, 128, 255] {
            let mut buffer = [0u8; 3];
            assert_eq!(decimal(value, &mut buffer), value.to_string());
        }
    }

    #[test]
    fn every_token_gets_features() {
        let features =
            sentence_features(&["Kjeld", "går", "."], &Lexicon::default(), Domain::Target);
        assert_eq!(features.len(), 3);
        assert!(features.iter().all(|f| f.len() > 10));
    }
}
