//! The Danish words quote attribution looks for: reporting verbs, role nouns, media.
//!
//! The lists are small on purpose: they hold what a Danish news desk writes, not a
//! dictionary. The media list makes up for the tagger's weak ORG recall on media names.

use std::sync::LazyLock;

use hashbrown::HashMap;

/// Reporting verbs in the present and past tense (`siger`, `sagde`): these head a clause
/// that reports speech, after a quote or before `, at`.
const REPORTING_FINITE: &[&str] = &[
    "siger",
    "sagde",
    "mener",
    "mente",
    "oplyser",
    "oplyste",
    "bekræfter",
    "bekræftede",
    "afviser",
    "afviste",
    "erkender",
    "erkendte",
    "fortæller",
    "fortalte",
    "skriver",
    "skrev",
    "understreger",
    "understregede",
    "vurderer",
    "vurderede",
    "tilføjer",
    "tilføjede",
    "påpeger",
    "påpegede",
    "forklarer",
    "forklarede",
    "anslår",
    "anslog",
    "konkluderer",
    "konkluderede",
    "rapporterer",
    "rapporterede",
    "svarer",
    "svarede",
    "fastholder",
    "fastholdt",
    "meddeler",
    "meddelte",
    "udtaler",
    "udtalte",
    "advarer",
    "advarede",
    "lover",
    "lovede",
    "hævder",
    "hævdede",
    "indrømmer",
    "indrømmede",
    "erklærer",
    "erklærede",
    "fremhæver",
    "fremhævede",
    "pointerer",
    "pointerede",
    "beretter",
    "berettede",
    "melder",
    "meldte",
    "forsikrer",
    "forsikrede",
    "anfører",
    "anførte",
    "medgiver",
    "medgav",
    "understreger",
    "råber",
    "råbte",
    "tilstår",
    "tilstod",
    "noterer",
    "noterede",
];

/// Past participles after `har`/`havde` (`har sagt, at`), only for the `, at` form.
const REPORTING_PARTICIPLES: &[&str] = &[
    "sagt",
    "oplyst",
    "bekræftet",
    "afvist",
    "erkendt",
    "fortalt",
    "skrevet",
    "understreget",
    "vurderet",
    "tilføjet",
    "påpeget",
    "forklaret",
    "konkluderet",
    "rapporteret",
    "advaret",
    "meddelt",
    "udtalt",
    "fastholdt",
    "hævdet",
    "lovet",
    "indrømmet",
    "erklæret",
    "meldt",
];

/// Verbs that name a quote rather than introduce it: `kalder beslutningen »et slag«`.
const NAMING_VERBS: &[&str] = &["kalder", "kaldte", "betegner", "betegnede"];

/// Finite verbs that end the noun phrase after `ifølge` (`Ifølge Reuters blev …`).
const COMMON_FINITE: &[&str] = &[
    "er", "var", "har", "havde", "vil", "ville", "kan", "kunne", "skal", "skulle", "må", "måtte",
    "bør", "burde", "blev", "bliver", "står", "stod", "kom", "kommer", "steg", "stiger", "faldt",
    "falder", "gik", "går", "får", "fik", "ligger", "lå", "gælder", "koster", "kostede", "mangler",
    "manglede", "tyder", "ser", "så", "venter", "ventede", "findes", "fandtes", "sker", "skete",
    "drejer", "handler", "viser", "viste", "tager", "tog", "giver", "gav", "holder", "holdt",
    "mister", "mistede", "vokser", "voksede",
];

/// Words after a reporting verb that show the subject came before it (`siger til DR, at`,
/// `bekræfter også, at`) rather than after it (`siger hun, at`).
const NOT_SUBJECT: &[&str] = &[
    "til",
    "over",
    "i",
    "på",
    "under",
    "ved",
    "med",
    "om",
    "også",
    "dog",
    "nu",
    "desuden",
    "samtidig",
    "tidligere",
    "endvidere",
    "ikke",
    "selv",
    "videre",
    "efterfølgende",
    "blandt",
    "derfor",
    "nemlig",
    "bl.a.",
    "igen",
    "senere",
    "allerede",
    "for",
    "fra",
    "efter",
    "af",
    "overfor",
    "ligeledes",
    "yderligere",
    "altid",
    "aldrig",
    "klart",
    "stadig",
    "fortsat",
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
    "i går",
    "da",
];

/// Words trimmed from the end of a subject before its verb (`NATO's generalsekretær har
/// tidligere advaret`): auxiliaries and adverbs.
pub(crate) const SUBJECT_TAIL: &[&str] = &[
    "har",
    "havde",
    "er",
    "var",
    "vil",
    "ville",
    "kan",
    "kunne",
    "skal",
    "skulle",
    "også",
    "tidligere",
    "altid",
    "ikke",
    "dog",
    "nu",
    "selv",
    "flere",
    "gange",
    "igen",
    "senere",
    "både",
    "blandt",
    "andet",
    "allerede",
    "i",
    "dag",
    "går",
    "og",
];

/// Words trimmed from the start of a subject: conjunctions and sentence adverbs.
pub(crate) const SUBJECT_HEAD: &[&str] =
    &["men", "og", "samtidig", "desuden", "også", "derudover", "nu", "så", "heller"];

/// Personal pronouns that point back to a person.
pub(crate) const PERSON_PRONOUNS: &[&str] = &["han", "hun"];

/// Nouns whose source is the name in the phrase after them (`nye tal fra Boligsiden`).
pub(crate) const DOCUMENT_NOUNS: &[&str] = &[
    "tal",
    "tallene",
    "poll",
    "rapport",
    "rapporten",
    "undersøgelse",
    "undersøgelsen",
    "måling",
    "målingen",
    "prognose",
    "prognosen",
    "opgørelse",
    "opgørelsen",
    "analyse",
    "analysen",
    "beregninger",
    "beregning",
    "data",
    "statistik",
    "oplysninger",
    "meddelelse",
    "notat",
];

/// Words after `i` that end a speaker phrase: settings, not part of who spoke.
pub(crate) const SETTING_AFTER_I: &[&str] = &[
    "et",
    "en",
    "sin",
    "sit",
    "sine",
    "går",
    "dag",
    "morgen",
    "aften",
    "nat",
    "kommentaren",
    "rapporten",
    "pressemeddelelsen",
    "interviewet",
    "programmet",
    "udsendelsen",
    "bogen",
    "artiklen",
    "indlægget",
    "forbindelse",
    "retten",
    "byretten",
    "landsretten",
    "weekenden",
];

/// Weekdays and time words that end a speaker phrase (`Det skriver CNN mandag`).
pub(crate) const TIME_WORDS: &[&str] = &[
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
    "i går",
    "i dag",
    "weekenden",
    "natten",
    "tidligere",
    "senere",
    "onsdagen",
    "nu",
];

/// Role nouns that stand for a medium (`til avisen` → the medium named before).
const MEDIA_ROLES: &[&str] = &[
    "avis",
    "tv-station",
    "station",
    "nyhedsbureau",
    "bureau",
    "medie",
    "dagblad",
    "blad",
    "kanal",
    "tv-kanal",
    "radio",
    "netavis",
    "netmedie",
    "nyhedsmedie",
    "nyhedsside",
];

/// Role nouns for an organisation; the antecedent's name must contain the stem (`politiet`
/// → `Nordjyllands Politi`), except for the generic ones below.
const ORG_ROLES: &[&str] = &[
    "politi",
    "kommune",
    "region",
    "bank",
    "ministeri",
    "parti",
    "regering",
    "myndighed",
    "styrelse",
    "tilsyn",
    "institut",
    "universitet",
    "forbund",
    "klub",
    "festival",
    "skole",
    "sygehus",
    "hospital",
    "zoo",
    "forening",
    "fond",
    "råd",
    "domstol",
    "hær",
    "forsvar",
    "selskab",
    "organisation",
    "virksomhed",
    "koncern",
    "firma",
    "center",
    "direktorat",
];

/// Organisation roles that fit any organisation (`organisationen`, `selskabet`).
const GENERIC_ORG_ROLES: &[&str] =
    &["organisation", "selskab", "virksomhed", "koncern", "firma", "foretagende"];

/// Other words a name may use for what a role noun names (`banken` → `Sydfyns Sparekasse`).
pub(crate) fn role_synonyms(stem: &str) -> &'static [&'static str] {
    match stem {
        "bank" => &["bank", "sparekasse", "nykredit", "realkredit"],
        "regering" => &["regering", "government"],
        "universitet" => &["universitet", "university"],
        _ => &[],
    }
}

/// Role nouns for people; the antecedent's title must end with the stem (`ministeren` →
/// `Skatteminister Anders Friis`).
const PERSON_ROLES: &[&str] = &[
    "minister",
    "borgmester",
    "formand",
    "forkvinde",
    "direktør",
    "anklager",
    "forsvarer",
    "advokat",
    "meteorolog",
    "træner",
    "chef",
    "leder",
    "talsmand",
    "talsperson",
    "talskvinde",
    "ekspert",
    "professor",
    "lektor",
    "forsker",
    "politiker",
    "ordfører",
    "præsident",
    "rådmand",
    "betjent",
    "læge",
    "lærer",
    "elev",
    "tolk",
    "diplomat",
    "embedsmand",
    "kilde",
    "vidne",
    "kvinde",
    "mand",
    "pige",
    "dreng",
    "spiller",
    "instruktør",
    "producent",
    "forfatter",
    "dommer",
    "biskop",
    "sekretær",
    "generalsekretær",
    "redaktør",
    "analytiker",
    "økonom",
    "stifter",
    "ejer",
    "fisker",
    "landmand",
    "passager",
    "beboer",
    "pædagog",
    "sygeplejerske",
    "kommissær",
    "inspektør",
    "chefredaktør",
    "korrespondent",
    "forbruger",
    "borger",
    "medarbejder",
    "ansat",
    "repræsentant",
    "hustru",
    "kone",
    "søn",
    "datter",
];

/// What a definite role noun stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RoleKind {
    /// A person with this title.
    Person,
    /// An organisation whose name holds the stem, or any organisation for generic roles.
    Org { is_generic: bool },
    /// The medium named before.
    Medium,
}

/// A definite role noun: its stem (`ministeren` → `minister`) and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Role {
    /// The word without its definite ending, lower-cased (`fiskeriminister`).
    pub stem: String,
    /// The role's class stem from the lists (`minister`).
    pub class: &'static str,
    /// What the role stands for.
    pub kind: RoleKind,
}

/// Reads `word` as a definite role noun (`ministeren`, `politiet`, `avisen`, `vidnet`).
pub(crate) fn role_of(word: &str) -> Option<Role> {
    let lower = word.to_lowercase();
    for suffix in ["en", "et", "n", "t"] {
        let Some(stem) = lower.strip_suffix(suffix) else { continue };
        if let Some(role) = classify_stem(stem) {
            return Some(role);
        }
    }
    None
}

/// Finds the role list a stem belongs to, by its ending (`ungdomsborgmester` → `borgmester`).
fn classify_stem(stem: &str) -> Option<Role> {
    let lists: [(&[&'static str], RoleKind); 3] = [
        (MEDIA_ROLES, RoleKind::Medium),
        (ORG_ROLES, RoleKind::Org { is_generic: false }),
        (PERSON_ROLES, RoleKind::Person),
    ];
    for (list, kind) in lists {
        let hit = list.iter().filter(|c| stem.ends_with(**c)).max_by_key(|c| c.len());
        if let Some(class) = hit {
            let kind = match kind {
                RoleKind::Org { .. } => {
                    RoleKind::Org { is_generic: GENERIC_ORG_ROLES.contains(class) }
                }
                other => other,
            };
            return Some(Role { stem: stem.to_string(), class, kind });
        }
    }
    None
}

/// Whether `word` is a person's title, definite or not (`Koncernchef`, `ministeren`).
pub(crate) fn is_person_title(word: &str) -> bool {
    let lower = word.to_lowercase();
    PERSON_ROLES.iter().any(|r| lower.ends_with(r))
        || role_of(word).is_some_and(|r| r.kind == RoleKind::Person)
}

/// Words that open a sentence without being part of a name that follows (`Ifølge DMI`).
pub(crate) fn is_function_word(word: &str) -> bool {
    const FUNCTION: &[&str] = &[
        "ifølge", "da", "men", "og", "det", "den", "de", "når", "hvis", "som", "i", "på", "for",
        "med", "efter", "under", "samtidig", "også", "nu", "så", "hos", "fra", "til", "ved", "om",
        "en", "et", "både", "mens", "selv", "ifølge", "derfor", "her", "der",
    ];
    FUNCTION.contains(&word.to_lowercase().as_str())
}

/// The reporting verbs, each with whether it is finite, as one hash map: they are
/// checked for every word of every sentence, where scanning ~100 strings showed in
/// profiles. A form in both lists counts as finite.
static REPORTING_VERBS: LazyLock<HashMap<&'static str, bool>> = LazyLock::new(|| {
    let participles = REPORTING_PARTICIPLES.iter().map(|verb| (*verb, false));
    participles.chain(REPORTING_FINITE.iter().map(|verb| (*verb, true))).collect()
});

/// Whether `word` (lower-cased) is a reporting verb in the present or past tense.
pub(crate) fn is_reporting_finite(word: &str) -> bool {
    reporting_verb(word) == Some(true)
}

/// Whether `word` (lower-cased) is a reporting verb, and if so whether it is finite
/// (`siger`, `sagde`) rather than a participle (`sagt`).
pub(crate) fn reporting_verb(word: &str) -> Option<bool> {
    REPORTING_VERBS.get(word).copied()
}

/// Whether `word` (lower-cased) names a quote (`kalder`).
pub(crate) fn is_naming_verb(word: &str) -> bool {
    NAMING_VERBS.contains(&word)
}

/// Whether `word` (lower-cased) is a common finite verb.
pub(crate) fn is_common_finite(word: &str) -> bool {
    COMMON_FINITE.contains(&word) || is_reporting_finite(word)
}

/// Whether a word after a reporting verb shows that the subject came before the verb.
pub(crate) fn is_not_subject(word: &str) -> bool {
    NOT_SUBJECT.contains(&word)
}

/// Media every Danish reader knows, lower-cased. Regional papers are caught by
/// [`is_medium_name`]'s patterns instead (`Fyens Stiftstidende`, `Herning Folkeblad`).
const KNOWN_MEDIA: &[&str] = &[
    "dr",
    "dr nyheder",
    "tv 2",
    "tv2",
    "tv 2 news",
    "tv2 news",
    "cnn",
    "bbc",
    "reuters",
    "ap",
    "afp",
    "ritzau",
    "politiken",
    "berlingske",
    "jyllands-posten",
    "ekstra bladet",
    "b.t",
    "bt",
    "information",
    "weekendavisen",
    "kristeligt dagblad",
    "børsen",
    "altinget",
    "zetland",
    "the guardian",
    "the new york times",
    "new york times",
    "the washington post",
    "washington post",
    "the times",
    "financial times",
    "the economist",
    "wall street journal",
    "the wall street journal",
    "le monde",
    "der spiegel",
    "spiegel",
    "bild",
    "sky news",
    "fox news",
    "al jazeera",
    "bloomberg",
    "associated press",
    "agence france-presse",
    "nrk",
    "svt",
    "yle",
    "dpa",
    "efe",
    "nordjyske",
    "jydskevestkysten",
    "fyens stiftstidende",
    "gaffa",
    "computerworld",
    "version2",
    "finans",
    "ingeniøren",
    "mandag morgen",
    "avisen.dk",
    "radio4",
    "p1",
    "p3",
    "tipsbladet",
    "ugebrevet a4",
    "dagens.dk",
    "nyheder",
    "euronews",
    "politico",
    "axios",
    "the independent",
    "daily mail",
    "the sun",
    "nbc",
    "cbs",
    "abc",
    "msnbc",
    "npr",
    "le figaro",
    "el país",
    "la repubblica",
    "aftonbladet",
    "expressen",
    "dagens nyheter",
    "verdens gang",
    "vg",
    "aftenposten",
    "twitter",
    "facebook",
    "instagram",
    "linkedin",
    "youtube",
    "tiktok",
    "x",
];

/// Social platforms: a channel, but they do not publish as a speaker.
pub(crate) const PLATFORMS: &[&str] =
    &["twitter", "facebook", "instagram", "linkedin", "youtube", "tiktok", "x"];

/// Whether `name` is on the list of Danish and international media by name (`Berlingske`,
/// `TV 2 Lorry`, `CNN`), not only shaped like one.
pub fn is_listed_medium(name: &str) -> bool {
    let lower = name.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    KNOWN_MEDIA.contains(&lower.as_str()) || matches!(first, "tv" | "tv2" | "dr")
}

/// Whether `name` is a medium: on the list, a web address (`fcm.dk`), or shaped like a
/// Danish paper or station (`… Tidende`, `… Folkeblad`, `TV 2 Bornholm`, `DR Midt & Vest`).
pub fn is_medium_name(name: &str) -> bool {
    const PATTERNS: &[&str] = &[
        "tidende",
        "folkeblad",
        "dagblad",
        "avis",
        "posten",
        "bladet",
        "nyheder",
        "news",
        "radio",
        "times",
        "journal",
        "herald",
        "gazette",
        "post",
    ];
    let lower = name.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    KNOWN_MEDIA.contains(&lower.as_str())
        || is_web_address(&lower)
        || matches!(first, "tv" | "tv2" | "dr" | "radio" | "p4")
        || lower.split_whitespace().any(|w| {
            PATTERNS
                .iter()
                .any(|p| w.ends_with(p) || w.strip_suffix("et").is_some_and(|b| b.ends_with(p)))
        })
}

/// Whether a capitalised name looks like an organisation rather than a person: it holds an
/// organisation word (`Sparekasse`, `Kommune`, `Forbrugerrådet`), a connector (`og`, `&`),
/// a company form (`A/S`) or a national adjective (`Dansk Energi`).
pub(crate) fn is_org_like(name: &str) -> bool {
    const ORG_WORDS: &[&str] = &[
        "sparekasse",
        "a/s",
        "aps",
        "i/s",
        "holding",
        "group",
        "gruppen",
        "fonden",
        "laug",
        "udvalg",
        "nævn",
        "center",
        "centret",
        "hus",
        "huset",
        "banen",
        "bank",
    ];
    const NATIONAL: &[&str] = &["dansk", "danske", "danmarks", "det", "den", "de", "nordisk"];
    let lower = name.to_lowercase();
    let ws: Vec<&str> = lower.split_whitespace().collect();
    ws.iter().any(|w| matches!(*w, "og" | "&" | "of" | "for"))
        || ws.first().is_some_and(|f| NATIONAL.contains(f))
        || ws.iter().any(|w| {
            ORG_WORDS.iter().any(|o| w.ends_with(o))
                || ORG_ROLES
                    .iter()
                    .any(|o| w.ends_with(o) || w.strip_suffix("et").is_some_and(|b| b.ends_with(o)))
        })
}

/// Whether `word` is a web address such as `taenk.dk` or `Videnskab.dk`.
pub(crate) fn is_web_address(word: &str) -> bool {
    const DOMAINS: &[&str] = &[".dk", ".com", ".org", ".net", ".eu", ".se", ".no", ".de", ".uk"];
    let lower = word.to_lowercase();
    lower.len() > 3 && DOMAINS.iter().any(|d| lower.ends_with(d))
}

/// Whether a media name is a platform (`Twitter`), which is a channel but not a publisher.
pub(crate) fn is_platform(name: &str) -> bool {
    PLATFORMS.contains(&name.to_lowercase().as_str())
}
