//! Danish temporal expressions (`i april i år`, `for syv år siden`) and their ISO 8601 /
//! TimeML values, resolved against the article date.

use std::borrow::Cow;
use std::sync::LazyLock;

use hashbrown::HashSet;
use kilde_model::ArticleDate;

/// One temporal expression: where it is, how it was written, and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    /// Byte offset of the expression's first byte in the text.
    pub byte_start: usize,
    /// Byte offset just past the expression's last byte.
    pub byte_end: usize,
    /// The expression as written, e.g. `I april i år`.
    pub text: String,
    /// The ISO 8601 / TimeML value (`2019`, `2019-04`, `2019-04-15`, `2021-W09`,
    /// `2021-W09-WE`, `2019-Q3`, `2019-H1`, `2019-SU`, `1990s`), or `None` when the
    /// article date does not say enough, e.g. `i går` in an article dated to the month.
    pub value: Option<String>,
}

/// Finds the temporal expressions in `text`, left to right, longest first, and resolves
/// them against `article_date`.
///
/// Why hand-written: the Danish expressions that matter in news are a small closed
/// grammar (a preposition, a relative word, a calendar unit, a number word), which a
/// few matchers over lower-cased words cover faster and more readably than regular
/// expressions, and without a dependency. The method follows the rule-based taggers of
/// TempEval (HeidelTime, Strötgen & Gertz 2013): match the longest expression at each
/// word, then normalise it against the document creation time. Past tense is assumed
/// for bare weekdays, as news reports mostly look back.
pub fn find_timexes(text: &str, article_date: Option<ArticleDate>) -> Vec<Timex> {
    let words = split_words(text);
    let anchor = article_date.map(Anchor::from_date);
    let mut timexes = Vec::new();
    let mut idx = 0;
    while let Some(rest) = words.get(idx..).filter(|rest| !rest.is_empty()) {
        let Some(found) = match_longest(rest, anchor) else {
            idx += 1;
            continue;
        };
        if let Some(timex) = build_timex(text, rest, found.clone()) {
            timexes.push(timex);
        }
        idx += found.len.max(1);
    }
    timexes
}

/// One word of the text: letters and digits, with inner apostrophes (`1990'erne`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word<'t> {
    byte_start: usize,
    byte_end: usize,
    /// Borrowed from the text when it is already lower case, as most words are.
    lower: Cow<'t, str>,
    /// Digits followed by a full stop, as in `3. marts`.
    is_ordinal: bool,
}

/// A match: how many words it covers and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    len: usize,
    value: Option<String>,
}

/// The article date as day numbers and calendar fields, ready for arithmetic.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    year: i64,
    month: i64,
    /// Days since 1970-01-01, when the article date has a day.
    day_number: Option<i64>,
}

impl Anchor {
    fn from_date(date: ArticleDate) -> Self {
        let year = i64::from(date.year());
        let month = i64::from(date.month_of_year());
        let day_number =
            date.day_of_month().map(|day| days_from_civil(year, month, i64::from(day)));
        Self { year, month, day_number }
    }
}

/// A matcher for one kind of expression, given the words from a position onward.
type Pattern = fn(&[Word<'_>], Option<Anchor>) -> Option<Found>;

const PATTERNS: &[Pattern] = &[
    deictic,
    relative_unit,
    ago_or_ahead,
    weekday,
    day_date,
    month_date,
    year_number,
    decade,
    quarter_or_half,
    season,
    holiday,
];

/// Words that may come before an expression and belong to it: `i`, and phase phrases
/// such as `i slutningen af`, which keep the value of what follows (`1990s`).
fn prefix_lengths(words: &[Word<'_>]) -> impl Iterator<Item = usize> {
    const PHASES: &[&str] =
        &["slutningen", "begyndelsen", "starten", "midten", "løbet", "udgangen"];
    let is_phase = |k: usize| PHASES.contains(&lower(words, k)) && lower(words, k + 1) == "af";
    // At most four lengths; kept on the stack, since this runs at every word of the text.
    let mut lengths = [Some(0), None, None, None];
    if lower(words, 0) == "i" {
        lengths[1] = Some(1);
        if is_phase(1) {
            lengths[2] = Some(3);
        }
    }
    if is_phase(0) {
        lengths[3] = Some(2);
    }
    lengths.into_iter().flatten()
}

/// The longest expression starting at the first word, prefixes included.
fn match_longest(words: &[Word<'_>], anchor: Option<Anchor>) -> Option<Found> {
    let mut best: Option<Found> = None;
    for prefix in prefix_lengths(words) {
        let Some(rest) = words.get(prefix..) else { continue };
        if !may_start(rest) {
            continue;
        }
        for pattern in PATTERNS {
            let Some(found) = pattern(rest, anchor) else { continue };
            let len = prefix + found.len;
            if best.as_ref().is_none_or(|b| len > b.len) {
                best = Some(Found { len, value: found.value });
            }
        }
    }
    best
}

/// Whether any of [`PATTERNS`] can match at the first word: false for most words of a
/// text, which then skip the eleven patterns. Each condition is the first test of one
/// or more patterns; a pattern's own test stays the one that decides.
fn may_start(words: &[Word<'_>]) -> bool {
    let Some(first) = words.first() else { return false };
    let word = &*first.lower;
    first.is_ordinal
        || word.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || STARTERS.contains(word)
        || decade_word(word).is_some()
        || lower(words, 2) == "siden"
}

/// Words that open a pattern by themselves: a few particles, and every word of the
/// relative, weekday, month, ordinal, season and holiday tables (decades, which may take
/// a genitive `s`, are tested on their own). One hash look-up per word of the text
/// instead of some seventy string comparisons, most of them failing; built from the same
/// tables the patterns read, so it cannot miss a word they know.
static STARTERS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let particles = ["i", "weekenden", "for", "om", "på", "til", "den", "år"];
    particles
        .into_iter()
        .chain(RELATIVE.iter().map(|(word, _)| *word))
        .chain(WEEKDAYS)
        .chain(MONTHS)
        .chain(ORDINALS.iter().map(|(word, _)| *word))
        .chain(SEASONS.iter().map(|(word, ..)| *word))
        .chain(HOLIDAYS.iter().map(|(word, _)| *word))
        .collect()
});

fn build_timex(text: &str, words: &[Word<'_>], found: Found) -> Option<Timex> {
    let byte_start = words.first()?.byte_start;
    let byte_end = words.get(found.len.checked_sub(1)?)?.byte_end;
    let written = text.get(byte_start..byte_end)?;
    Some(Timex { byte_start, byte_end, text: written.to_string(), value: found.value })
}

/// Splits `text` into words of letters and digits; an apostrophe between two such
/// characters stays inside the word (`80'erne`).
fn split_words(text: &str) -> Vec<Word<'_>> {
    // About one word per six bytes of Danish news: one allocation for most articles.
    let mut words = Vec::with_capacity(text.len() / 6);
    let mut start: Option<usize> = None;
    let mut previous: Option<char> = None;
    let mut idx = 0;
    while let Some(c) = crate::scan::char_at(text, idx) {
        let is_word_char =
            crate::scan::is_alphanumeric(c) || is_inner_apostrophe(text, idx, c, previous);
        match (is_word_char, start) {
            (true, None) => start = Some(idx),
            (false, Some(first)) => {
                words.push(make_word(text, first, idx));
                start = None;
            }
            _ => {}
        }
        previous = Some(c);
        idx += c.len_utf8();
    }
    if let Some(first) = start {
        words.push(make_word(text, first, text.len()));
    }
    words
}

/// Whether `c` at byte `idx` is an apostrophe between a letter or digit (`previous`) and
/// another; the next character is read only for apostrophes, which are rare.
fn is_inner_apostrophe(text: &str, idx: usize, c: char, previous: Option<char>) -> bool {
    let next = || text.get(idx + c.len_utf8()..).and_then(|rest| rest.chars().next());
    matches!(c, '\'' | '’')
        && previous.is_some_and(crate::scan::is_alphanumeric)
        && next().is_some_and(crate::scan::is_alphanumeric)
}

/// The word at bytes `byte_start..byte_end`.
fn make_word(text: &str, byte_start: usize, byte_end: usize) -> Word<'_> {
    let written = text.get(byte_start..byte_end).unwrap_or_default();
    let is_digits = !written.is_empty() && written.bytes().all(|b| b.is_ascii_digit());
    let is_ordinal = is_digits && text.get(byte_end..).is_some_and(|rest| rest.starts_with('.'));
    let lower = if crate::scan::has_uppercase(written) {
        Cow::Owned(written.to_lowercase())
    } else {
        Cow::Borrowed(written)
    };
    Word { byte_start, byte_end, lower, is_ordinal }
}

/// The lower-cased word at `k`, or `""` past the end.
fn lower<'w>(words: &'w [Word<'_>], k: usize) -> &'w str {
    words.get(k).map_or("", |w| &*w.lower)
}

// ---------------------------------------------------------------------------------
// Patterns.
// ---------------------------------------------------------------------------------

/// `i dag`, `i går`, `i morgen`, `i forgårs`, `i overmorgen`, `i år`, `i fjor`.
fn deictic(words: &[Word<'_>], anchor: Option<Anchor>) -> Option<Found> {
    if lower(words, 0) != "i" {
        return None;
    }
    let day_offset = match lower(words, 1) {
        "dag" | "aften" | "morges" | "nat" => 0,
        "går" | "aftes" => -1,
        "forgårs" => -2,
        "morgen" => 1,
        "overmorgen" => 2,
        "år" => return Some(Found { len: 2, value: year_value(anchor, 0) }),
        "fjor" => return Some(Found { len: 2, value: year_value(anchor, -1) }),
        "forfjor" => return Some(Found { len: 2, value: year_value(anchor, -2) }),
        _ => return None,
    };
    let value = anchor.and_then(|a| a.day_number).and_then(|d| day_value(d + day_offset));
    Some(Found { len: 2, value })
}

/// `sidste år`, `næste måned`, `denne uge`, `sidste weekend`, and `weekenden` alone.
fn relative_unit(words: &[Word<'_>], anchor: Option<Anchor>) -> Option<Found> {
    if lower(words, 0) == "weekenden" {
        return Some(Found { len: 1, value: week_value(anchor, 0, true) });
    }
    let offset = relative_offset(lower(words, 0))?;
    let value = match lower(words, 1) {
        "år" | "året" => year_value(anchor, offset),
        "måned" | "måneden" => month_value(anchor, offset),
        "uge" | "ugen" => week_value(anchor, offset, false),
        "weekend" | "weekenden" => week_value(anchor, offset, true),
        _ => return None,
    };
    Some(Found { len: 2, value })
}

/// -1 for `sidste`, +1 for `næste`, 0 for `denne`.
fn relative_offset(word: &str) -> Option<i64> {
    RELATIVE.iter().find(|(name, _)| *name == word).map(|(_, offset)| *offset)
}

/// Words that place a unit relative to the article date, with the offset they give.
const RELATIVE: [(&str, i64); 7] = [
    ("sidste", -1),
    ("forrige", -1),
    ("næste", 1),
    ("kommende", 1),
    ("denne", 0),
    ("dette", 0),
    ("indeværende", 0),
];

/// `for syv år siden`, `for tre måneder siden`, `om to år`, `om en måned`, and the
/// spoken `syv år siden` without `for` (only with nothing between the words, so
/// `to år, siden hun flyttede` is no date).
fn ago_or_ahead(words: &[Word<'_>], anchor: Option<Anchor>) -> Option<Found> {
    let (sign, len, first) = match lower(words, 0) {
        "for" if lower(words, 3) == "siden" => (-1, 4, 1),
        "om" => (1, 3, 1),
        _ if lower(words, 2) == "siden" && are_adjacent(words, 3) => (-1, 3, 0),
        _ => return None,
    };
    let offset = sign * number_value(words.get(first)?)?;
    let value = match lower(words, first + 1) {
        "år" => year_value(anchor, offset),
        "måned" | "måneder" => month_value(anchor, offset),
        "uge" | "uger" => week_value(anchor, offset, false),
        "dag" | "dage" | "døgn" => {
            anchor.and_then(|a| a.day_number).and_then(|d| day_value(d + offset))
        }
        _ => return None,
    };
    Some(Found { len, value })
}

/// Whether the first `count` words are separated by white space only.
fn are_adjacent(words: &[Word<'_>], count: usize) -> bool {
    words
        .get(..count)
        .is_some_and(|w| w.windows(2).all(|pair| pair[1].byte_start <= pair[0].byte_end + 1))
}

/// `mandag`, `i fredags`, `sidste torsdag` (the most recent one before the article
/// date), and `på mandag`, `næste fredag` (the next one after it).
fn weekday(words: &[Word<'_>], anchor: Option<Anchor>) -> Option<Found> {
    let (is_future, len, day) = match (lower(words, 0), lower(words, 1)) {
        ("i", past) => (false, 2, weekday_number(past.strip_suffix('s')?)?),
        ("på" | "næste" | "kommende" | "til", name) => (true, 2, weekday_number(name)?),
        ("sidste" | "forrige", name) => (false, 2, weekday_number(name)?),
        (name, _) => (false, 1, weekday_number(name)?),
    };
    let value = anchor.and_then(|a| a.day_number).and_then(|today| {
        let today_weekday = iso_weekday(today);
        let back = (today_weekday - day + 6).rem_euclid(7) + 1;
        let ahead = (day - today_weekday + 6).rem_euclid(7) + 1;
        day_value(if is_future { today + ahead } else { today - back })
    });
    Some(Found { len, value })
}

/// `den 3. marts 2018`, `1. maj`, `mandag den 5. september`.
fn day_date(words: &[Word<'_>], anchor: Option<Anchor>) -> Option<Found> {
    let mut start = usize::from(weekday_number(lower(words, 0)).is_some());
    start += usize::from(lower(words, start) == "den");
    let day_word = words.get(start).filter(|w| w.is_ordinal)?;
    let day: u8 = day_word.lower.parse().ok().filter(|d| (1..=31).contains(d))?;
    let month = month_number(lower(words, start + 1), true)?;
    let rest = words.get(start + 2..).unwrap_or_default();
    let (year_len, year) = year_spec(rest);
    let value = year.resolve(anchor).and_then(|y| {
        let year = u16::try_from(y).ok()?;
        ArticleDate::day(year, month, day).map(|date| date.to_string())
    });
    Some(Found { len: start + 2 + year_len, value })
}

/// `april i år`, `juni 2016`, `november sidste år`, and a bare `maj` (article year).
fn month_date(words: &[Word<'_>], anchor: Option<Anchor>) -> Option<Found> {
    let month = month_number(lower(words, 0), false)?;
    let (year_len, year) = year_spec(words.get(1..).unwrap_or_default());
    let value = year.resolve(anchor).and_then(format_year).map(|y| format!("{y}-{month:02}"));
    Some(Found { len: 1 + year_len, value })
}

/// `2012`, `år 2000`; bare numbers only between 1800 and 2100, as `1500 ansatte` is
/// more likely a count than a year.
fn year_number(words: &[Word<'_>], _anchor: Option<Anchor>) -> Option<Found> {
    let skip = usize::from(lower(words, 0) == "år");
    let year = four_digit_year(words.get(skip)?)?;
    (skip == 1 || (1800..=2100).contains(&year))
        .then(|| Found { len: skip + 1, value: format_year(year) })
}

/// `1990'erne`, `80'erne`, `halvfemserne`: the decade, in the latest century that
/// does not put it after the article date.
fn decade(words: &[Word<'_>], anchor: Option<Anchor>) -> Option<Found> {
    let word = lower(words, 0);
    let (digit_count, decade) = match word.split_once(['\'', '’']) {
        Some((digits, "erne" | "ernes")) if digits.bytes().all(|b| b.is_ascii_digit()) => {
            (digits.len(), digits.parse::<i64>().ok()?)
        }
        Some(_) => return None,
        None => (2, decade_word(word)?),
    };
    if decade.rem_euclid(10) != 0 {
        return None;
    }
    let full = match digit_count {
        4 => decade,
        1 | 2 => {
            let latest = anchor.map_or(1999, |a| a.year);
            let recent = (latest / 100) * 100 + decade;
            if recent > latest { recent - 100 } else { recent }
        }
        _ => return None,
    };
    Some(Found { len: 1, value: Some(format!("{full:04}s")) })
}

/// `tredje kvartal`, `3. kvartal 2018`, `første halvår sidste år`.
fn quarter_or_half(words: &[Word<'_>], anchor: Option<Anchor>) -> Option<Found> {
    let first = words.first()?;
    let number = if first.is_ordinal {
        first.lower.parse::<u8>().ok()?
    } else {
        ordinal_word(&first.lower)?
    };
    let (letter, count) = match lower(words, 1) {
        "kvartal" => ('Q', 4),
        "halvår" | "halvåret" => ('H', 2),
        _ => return None,
    };
    if !(1..=count).contains(&number) {
        return None;
    }
    let (year_len, year) = year_spec(words.get(2..).unwrap_or_default());
    let value = year.resolve(anchor).and_then(format_year).map(|y| format!("{y}-{letter}{number}"));
    Some(Found { len: 2 + year_len, value })
}

/// `til efteråret`, `i sommer`, `sidste sommer`, `næste forår`, `i vinteren 2010`.
/// A season without a year or a relative word is this year's.
fn season(words: &[Word<'_>], anchor: Option<Anchor>) -> Option<Found> {
    let start = usize::from(lower(words, 0) == "til");
    let relative = relative_offset(lower(words, start));
    let name_at = start + usize::from(relative.is_some());
    let (code, start_month) = season_code(lower(words, name_at))?;
    let (year_len, year) = match relative {
        Some(_) => (0, YearSpec::Relative(0)),
        None => year_spec(words.get(name_at + 1..).unwrap_or_default()),
    };
    let year = match relative {
        Some(offset) => anchor.map(|a| season_year(a, start_month, offset)),
        None => year.resolve(anchor),
    };
    let value = year.and_then(format_year).map(|y| format!("{y}-{code}"));
    Some(Found { len: name_at + 1 + year_len, value })
}

/// The year of `sidste`/`næste`/`denne` season: `sidste sommer` in March is last
/// year's, in November this year's.
fn season_year(anchor: Anchor, start_month: i64, offset: i64) -> i64 {
    let has_ended = start_month + 3 <= anchor.month;
    let has_started = start_month <= anchor.month;
    match offset {
        -1 if has_ended => anchor.year,
        -1 => anchor.year - 1,
        1 if has_started => anchor.year + 1,
        _ => anchor.year,
    }
}

/// `juleaften`, `nytårsdag`, `sankthansaften`: that day in the article year, except
/// New Year's Day in a December article, which is the coming one.
fn holiday(words: &[Word<'_>], anchor: Option<Anchor>) -> Option<Found> {
    let (month, day) = holiday_date(lower(words, 0))?;
    let (year_len, year) = year_spec(words.get(1..).unwrap_or_default());
    let year = match (year, anchor) {
        (YearSpec::Relative(0), Some(a)) if month == 1 && a.month == 12 => Some(a.year + 1),
        _ => year.resolve(anchor),
    };
    let value = year.and_then(format_year).map(|y| format!("{y}-{month:02}-{day:02}"));
    Some(Found { len: 1 + year_len, value })
}

// ---------------------------------------------------------------------------------
// Pieces of patterns.
// ---------------------------------------------------------------------------------

/// Month and day of a named holiday.
fn holiday_date(word: &str) -> Option<(u8, u8)> {
    HOLIDAYS.iter().find(|(name, _)| *name == word).map(|(_, date)| *date)
}

/// Holidays on a fixed date, as (month, day).
const HOLIDAYS: [(&str, (u8, u8)); 14] = [
    ("juleaften", (12, 24)),
    ("juleaftensdag", (12, 24)),
    ("juledag", (12, 25)),
    ("juledagen", (12, 25)),
    ("nytårsaften", (12, 31)),
    ("nytårsaftensdag", (12, 31)),
    ("nytårsdag", (1, 1)),
    ("nytårsdagen", (1, 1)),
    ("sankthansaften", (6, 23)),
    ("sankthansdag", (6, 24)),
    ("grundlovsdag", (6, 5)),
    ("grundlovsdagen", (6, 5)),
    ("valentinsdag", (2, 14)),
    ("mortensaften", (11, 10)),
];

/// The year a month, quarter or season belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearSpec {
    /// Written out: `2016`.
    Explicit(i64),
    /// Relative to the article year: `i år` (0), `sidste år` (-1), or nothing (0).
    Relative(i64),
}

impl YearSpec {
    fn resolve(self, anchor: Option<Anchor>) -> Option<i64> {
        match self {
            YearSpec::Explicit(year) => Some(year),
            YearSpec::Relative(offset) => anchor.map(|a| a.year + offset),
        }
    }
}

/// The year words after a month, quarter or season, and how many words they take.
fn year_spec(words: &[Word<'_>]) -> (usize, YearSpec) {
    if let Some(year) = words.first().and_then(four_digit_year) {
        return (1, YearSpec::Explicit(year));
    }
    match (lower(words, 0), lower(words, 1)) {
        ("i", "år") => (2, YearSpec::Relative(0)),
        ("i", "fjor") => (2, YearSpec::Relative(-1)),
        ("i" | "af", _) => match words.get(1).and_then(four_digit_year) {
            Some(year) => (2, YearSpec::Explicit(year)),
            None => (0, YearSpec::Relative(0)),
        },
        (relative, "år") => match relative_offset(relative) {
            Some(offset) => (2, YearSpec::Relative(offset)),
            None => (0, YearSpec::Relative(0)),
        },
        _ => (0, YearSpec::Relative(0)),
    }
}

/// A four-digit number read as a year, 1000 to 2999.
fn four_digit_year(word: &Word) -> Option<i64> {
    let is_year_shape = word.lower.len() == 4 && word.lower.bytes().all(|b| b.is_ascii_digit());
    let year: i64 = word.lower.parse().ok().filter(|_| is_year_shape)?;
    (1000..=2999).contains(&year).then_some(year)
}

/// A cardinal number: digits (up to three) or a Danish number word up to twenty.
fn number_value(word: &Word) -> Option<i64> {
    const WORDS: &[&str] = &[
        "", "en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv",
        "tretten", "fjorten", "femten", "seksten", "sytten", "atten", "nitten", "tyve",
    ];
    if word.lower.len() <= 3 && word.lower.bytes().all(|b| b.is_ascii_digit()) {
        return word.lower.parse().ok();
    }
    let normalised = match &*word.lower {
        "et" | "én" | "ét" => "en",
        other => other,
    };
    let position = WORDS.iter().position(|w| !w.is_empty() && *w == normalised)?;
    i64::try_from(position).ok()
}

/// `første` → 1 up to `fjerde` → 4.
fn ordinal_word(word: &str) -> Option<u8> {
    ORDINALS.iter().find(|(name, _)| *name == word).map(|(_, number)| *number)
}

/// Ordinal words of quarters and halves.
const ORDINALS: [(&str, u8); 5] =
    [("første", 1), ("anden", 2), ("andet", 2), ("tredje", 3), ("fjerde", 4)];

/// The month 1 to 12 named by `word`; short forms (`okt`) only when `allow_short`,
/// since they are only safe after a day number.
fn month_number(word: &str, allow_short: bool) -> Option<u8> {
    const SHORT: [&str; 12] =
        ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
    let found = MONTHS.iter().position(|n| *n == word);
    let found = found.or_else(|| SHORT.iter().position(|n| allow_short && *n == word));
    found.and_then(|idx| u8::try_from(idx + 1).ok())
}

/// Month names, January first.
const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// The ISO weekday 1 (Monday) to 7 (Sunday) named by `word`.
fn weekday_number(word: &str) -> Option<i64> {
    let idx = WEEKDAYS.iter().position(|n| *n == word)?;
    i64::try_from(idx + 1).ok()
}

/// Weekday names, Monday first.
const WEEKDAYS: [&str; 7] =
    ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"];

/// The season's TimeML code and its first month.
fn season_code(word: &str) -> Option<(&'static str, i64)> {
    SEASONS.iter().find(|(name, ..)| *name == word).map(|(_, code, month)| (*code, *month))
}

/// Season words with their TimeML code and first month.
const SEASONS: [(&str, &str, i64); 8] = [
    ("forår", "SP", 3),
    ("foråret", "SP", 3),
    ("sommer", "SU", 6),
    ("sommeren", "SU", 6),
    ("efterår", "FA", 9),
    ("efteråret", "FA", 9),
    ("vinter", "WI", 12),
    ("vinteren", "WI", 12),
];

/// The decade named by a word such as `firserne` (80).
fn decade_word(word: &str) -> Option<i64> {
    let word = word.strip_suffix('s').unwrap_or(word);
    DECADES.iter().find(|(name, _)| *name == word).map(|(_, decade)| *decade)
}

/// Decade words (without a genitive `s`) with the decade they name.
const DECADES: [(&str, i64); 9] = [
    ("tyverne", 20),
    ("trediverne", 30),
    ("tredverne", 30),
    ("fyrrerne", 40),
    ("halvtredserne", 50),
    ("tresserne", 60),
    ("halvfjerdserne", 70),
    ("firserne", 80),
    ("halvfemserne", 90),
];

// ---------------------------------------------------------------------------------
// Values and calendar arithmetic.
// ---------------------------------------------------------------------------------

/// A four-digit year, or `None` outside 0 to 9999.
fn format_year(year: i64) -> Option<String> {
    (0..=9999).contains(&year).then(|| format!("{year:04}"))
}

fn year_value(anchor: Option<Anchor>, offset: i64) -> Option<String> {
    anchor.and_then(|a| format_year(a.year + offset))
}

fn month_value(anchor: Option<Anchor>, offset: i64) -> Option<String> {
    let anchor = anchor?;
    let months = anchor.year * 12 + (anchor.month - 1) + offset;
    let year = format_year(months.div_euclid(12))?;
    Some(format!("{year}-{:02}", months.rem_euclid(12) + 1))
}

/// The ISO week `offset` weeks from the article's, with `-WE` for its weekend.
fn week_value(anchor: Option<Anchor>, offset: i64, is_weekend: bool) -> Option<String> {
    let day = anchor?.day_number? + 7 * offset;
    let (year, week) = iso_week(day);
    let year = format_year(year)?;
    Some(format!("{year}-W{week:02}{}", if is_weekend { "-WE" } else { "" }))
}

fn day_value(day_number: i64) -> Option<String> {
    let (year, month, day) = civil_from_days(day_number);
    Some(format!("{}-{month:02}-{day:02}", format_year(year)?))
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar.
///
/// Why hand-written: two dozen lines of well-known arithmetic do not justify a date
/// crate. Method and proof: Howard Hinnant, "chrono-Compatible Low-Level Date
/// Algorithms", `days_from_civil`.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`] (Hinnant's `civil_from_days`).
fn civil_from_days(day_number: i64) -> (i64, i64, i64) {
    let shifted = day_number + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// ISO weekday, 1 (Monday) to 7 (Sunday); 1970-01-01 was a Thursday.
fn iso_weekday(day_number: i64) -> i64 {
    (day_number + 3).rem_euclid(7) + 1
}

/// ISO 8601 week-numbering year and week: a week belongs to the year of its Thursday.
fn iso_week(day_number: i64) -> (i64, i64) {
    let thursday = day_number - iso_weekday(day_number) + 4;
    let (year, _, _) = civil_from_days(thursday);
    (year, (thursday - days_from_civil(year, 1, 1)) / 7 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char split [`split_words`] replaced, as the reference.
    fn split_words_by_chars(text: &str) -> Vec<Word<'_>> {
        let mut words = Vec::new();
        let mut start: Option<usize> = None;
        let mut previous: Option<char> = None;
        for (idx, c) in text.char_indices() {
            let is_word_char = c.is_alphanumeric() || is_inner_apostrophe(text, idx, c, previous);
            match (is_word_char, start) {
                (true, None) => start = Some(idx),
                (false, Some(first)) => {
                    words.push(make_word(text, first, idx));
                    start = None;
                }
                _ => {}
            }
            previous = Some(c);
        }
        if let Some(first) = start {
            words.push(make_word(text, first, text.len()));
        }
        words
    }

    #[test]
    fn every_word_of_the_tables_may_open_a_pattern() {
        let opens = |word: &str| may_start(&split_words(word));
        let table_words = RELATIVE.iter().map(|(w, _)| *w).chain(WEEKDAYS).chain(MONTHS);
        let table_words = table_words
            .chain(ORDINALS.iter().map(|(w, _)| *w))
            .chain(SEASONS.iter().map(|(w, ..)| *w))
            .chain(HOLIDAYS.iter().map(|(w, _)| *w))
            .chain(DECADES.iter().map(|(w, _)| *w));
        for word in table_words {
            assert!(opens(word), "{word}");
        }
        assert!(opens("firsernes"));
        assert!(opens("2019") && opens("3.") && opens("i") && opens("to år siden"));
        for word in ["regeringen", "Assange", "sagde", "kommunen", "planerne"] {
            assert!(!opens(word), "{word}");
        }
    }

    #[test]
    fn words_split_where_the_char_scan_split() {
        for text in [
            "Den 3. marts 2018 – i 1990'erne, i 80’erne og i ÅR\u{a0}igen.",
            "'citat' 1990' ’x é2",
            "",
        ] {
            assert_eq!(split_words(text), split_words_by_chars(text), "{text}");
        }
    }

    /// Finds the timexes of `text` in an article of `date` and compares
    /// `(text, value)` pairs.
    fn check(date: &str, text: &str, expected: &[(&str, Option<&str>)]) {
        let date = date.parse::<ArticleDate>().ok();
        let found = find_timexes(text, date);
        let actual: Vec<(&str, Option<&str>)> =
            found.iter().map(|t| (t.text.as_str(), t.value.as_deref())).collect();
        assert_eq!(actual, expected, "{text}");
    }

    #[test]
    fn months_and_years() {
        check("2019-07", "Vi åbnede i april i år.", &[("i april i år", Some("2019-04"))]);
        check("2018-11", "Fabrikken lukkede i juni 2016.", &[("i juni 2016", Some("2016-06"))]);
        check("2019-02", "Det skete i maj sidste år.", &[("i maj sidste år", Some("2018-05"))]);
        check("2017-04", "Huset blev bygget i 2012.", &[("i 2012", Some("2012"))]);
        check("2019-07", "Det skete for syv år siden.", &[("for syv år siden", Some("2012"))]);
        check("2019-07", "Han flygtede syv år siden.", &[("syv år siden", Some("2012"))]);
        check("2019-07", "Hun har boet der i to år, siden hun flyttede.", &[]);
    }

    #[test]
    fn days_need_a_day() {
        check("2020-03-01", "Det regnede i går.", &[("i går", Some("2020-02-29"))]);
        check("2020-03", "Det regnede i går.", &[("i går", None)]);
        check("2021-03-04", "Vi mødtes i tirsdags.", &[("i tirsdags", Some("2021-03-02"))]);
        check("2021-03-04", "Vi ses på mandag.", &[("på mandag", Some("2021-03-08"))]);
        check(
            "2018-04",
            "Det skete den 3. marts 2018.",
            &[("den 3. marts 2018", Some("2018-03-03"))],
        );
    }

    #[test]
    fn weeks_and_weekends() {
        check("2016-01-01", "Vi har travlt i denne uge.", &[("i denne uge", Some("2015-W53"))]);
        check("2020-12-28", "Vi ses i næste uge.", &[("i næste uge", Some("2021-W01"))]);
        check("2021-03-04", "Det sner i weekenden.", &[("i weekenden", Some("2021-W09-WE"))]);
        check(
            "2015-06-15",
            "Det regnede sidste weekend.",
            &[("sidste weekend", Some("2015-W24-WE"))],
        );
    }

    #[test]
    fn quarters_seasons_decades_holidays() {
        check(
            "2020-02",
            "Salget faldt i fjerde kvartal sidste år.",
            &[("i fjerde kvartal sidste år", Some("2019-Q4"))],
        );
        check("2018-08", "Vi tjente 3. kvartal 2017.", &[("3. kvartal 2017", Some("2017-Q3"))]);
        check("2019-03", "Til efteråret bygger vi.", &[("Til efteråret", Some("2019-FA"))]);
        check("2019-11", "Sidste sommer var varm.", &[("Sidste sommer", Some("2019-SU"))]);
        check("2017-02", "Bandet spillede i 70'erne.", &[("i 70'erne", Some("1970s"))]);
        check("2019-04", "Det var i halvfemserne.", &[("i halvfemserne", Some("1990s"))]);
        check(
            "2018-03",
            "Huset er fra slutningen af 1990'erne.",
            &[("slutningen af 1990'erne", Some("1990s"))],
        );
        check("2019-12", "Vi holder fri nytårsdag.", &[("nytårsdag", Some("2020-01-01"))]);
    }

    #[test]
    fn number_words_and_non_dates() {
        check("2022-03", "Det er færdigt om tolv år.", &[("om tolv år", Some("2034"))]);
        check("2021-12", "Museet åbner om en måned.", &[("om en måned", Some("2022-01"))]);
        check(
            "2021-03-04",
            "Det skete for 3 dage siden.",
            &[("for 3 dage siden", Some("2021-03-01"))],
        );
        check("2019-07", "Firmaet har 1500 ansatte og 40 biler.", &[]);
        check("2019-07", "Han gik i dagens avis for en ven.", &[]);
    }

    #[test]
    fn odd_input_never_panics() {
        check("2019-07", "", &[]);
        check("2019-07", "i", &[]);
        check("2019-07", "for 999 år siden", &[("for 999 år siden", Some("1020"))]);
        check("2019-07", "ææ' '’ø 3. å 0'erne", &[("0'erne", Some("2000s"))]);
        check("2019-07", "den 31. februar", &[("den 31. februar", None)]);
    }
}
