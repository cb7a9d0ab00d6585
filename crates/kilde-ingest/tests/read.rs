//! The public API on real files: discover a temporary folder, read every file.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use kilde_ingest::{Format, InputFile, ReadSettings, Record, TextEncoding, discover, read_file};
use tempfile::TempDir;

/// A temporary folder with files written from `(relative path, bytes)` pairs.
fn folder(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

/// Every outcome of reading `paths`, as `id|date|source|title|text` for records
/// and `error: <path relative to dir>:<line>: <reason>` for rejected ones.
fn read_all(dir: &Path, paths: &[PathBuf], settings: &ReadSettings) -> Vec<String> {
    discover(paths).unwrap().iter().flat_map(|file| render(dir, file, settings)).collect()
}

fn render(dir: &Path, file: &InputFile, settings: &ReadSettings) -> Vec<String> {
    read_file(file, settings)
        .map(|result| match result {
            Ok(record) => {
                let article = record.article;
                let date = article.date.map(|d| d.to_string()).unwrap_or_default();
                let source = article.source.unwrap_or_default();
                let title = article.title.unwrap_or_default();
                format!("{}|{date}|{source}|{title}|{}", article.id, article.text)
            }
            Err(error) => {
                let location = error.location();
                let path =
                    location.path.strip_prefix(dir).unwrap_or(&location.path).display().to_string();
                format!("error: {path}:{}: {}", location.line, error.reason())
            }
        })
        .collect()
}

/// Writes `files` to a folder, reads the whole folder and compares the outcomes.
fn check(files: &[(&str, &[u8])], expected: &[&str]) {
    check_with(&ReadSettings::default(), files, expected);
}

fn check_with(settings: &ReadSettings, files: &[(&str, &[u8])], expected: &[&str]) {
    let dir = folder(files);
    assert_eq!(read_all(dir.path(), &[dir.path().to_path_buf()], settings), expected);
}

/// The single record of one file written with `bytes`.
fn only_record(name: &str, bytes: &[u8]) -> Record {
    let dir = folder(&[(name, bytes)]);
    let files = discover(&[dir.path().join(name)]).unwrap();
    let mut results: Vec<_> = read_file(&files[0], &ReadSettings::default()).collect();
    assert_eq!(results.len(), 1, "{results:?}");
    results.pop().unwrap().unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::encode_all(bytes, 3).unwrap()
}

fn tar(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, bytes) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        builder.append_data(&mut header, path, *bytes).unwrap();
    }
    builder.into_inner().unwrap()
}

#[test]
fn seed_header_at_month_and_day_precision() {
    check(
        &[
            (
                "a.txt",
                " date 2019-07 Wikileaks-stifteren holdt møder i London.\n\nDet skriver CNN."
                    .as_bytes(),
            ),
            ("b.txt", "date 2021-11-16\nByrådet vedtog budgettet.".as_bytes()),
        ],
        &[
            "a.txt|2019-07|||Wikileaks-stifteren holdt møder i London.\n\nDet skriver CNN.",
            "b.txt|2021-11-16|||Byrådet vedtog budgettet.",
        ],
    );
}

#[test]
fn text_without_header_takes_the_defaults() {
    let settings = ReadSettings {
        default_date: "2018-05".parse().ok(),
        default_source: Some("Fyens Stiftstidende".into()),
        ..ReadSettings::default()
    };
    check_with(
        &settings,
        &[("nyhed.txt", "\n  Odense Å gik over sine bredder.  \n".as_bytes())],
        &["nyhed.txt|2018-05|Fyens Stiftstidende||Odense Å gik over sine bredder."],
    );
}

#[test]
fn bom_is_dropped() {
    let record = only_record("bom.txt", "\u{feff} date 2019-07 Sommeren blev våd.".as_bytes());
    assert_eq!(record.article.text, "Sommeren blev våd.");
    assert_eq!(record.article.date.map(|d| d.to_string()).as_deref(), Some("2019-07"));
    assert_eq!(record.encoding, TextEncoding::Utf8);
}

#[test]
fn crlf_and_lone_cr_become_newlines() {
    let record =
        only_record("crlf.txt", b"date 2019-07\r\nFoerste afsnit.\r\n\r\nAndet afsnit.\rSlut.\r\n");
    assert_eq!(record.article.text, "Foerste afsnit.\n\nAndet afsnit.\nSlut.");
}

#[test]
fn latin1_file_with_danish_letters() {
    let record = only_record(
        "latin1.txt",
        b" date 2019-07 R\xf8dgr\xf8d med fl\xf8de, \xe6bler og \xe5l. \xc6\xd8\xc5",
    );
    assert_eq!(record.article.text, "Rødgrød med fløde, æbler og ål. ÆØÅ");
    assert_eq!(record.encoding, TextEncoding::Windows1252);
}

#[test]
fn utf16_files_with_bom() {
    let text = " date 2019-07 Søndag blev det stille på Nørrebro.";
    let mut little = vec![0xFF, 0xFE];
    little.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut big = vec![0xFE, 0xFF];
    big.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    for bytes in [little, big] {
        let record = only_record("utf16.txt", &bytes);
        assert_eq!(record.article.text, "Søndag blev det stille på Nørrebro.");
        assert_eq!(record.encoding, TextEncoding::Utf16);
        assert_eq!(record.bytes, bytes.len() as u64);
    }
}

#[test]
fn binary_empty_and_badly_dated_files_are_rejected_one_by_one() {
    check(
        &[
            ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"),
            ("b.txt", b""),
            ("c.txt", b" date 2019-13 Tretten m\xc3\xa5neder."),
            ("d.txt", b" date 2019-02-30 Ingen s\xc3\xa5dan dag."),
            ("e.txt", b" date 2019-07 "),
            ("f.txt", b"Denne fil er i orden."),
        ],
        &[
            "error: a.txt:1: bytes are neither UTF-8 nor Windows-1252 text (binary file?)",
            "error: b.txt:1: file is empty",
            "error: c.txt:1: date `2019-13` has month 13, which is not 1 to 12",
            "error: d.txt:1: date `2019-02-30` has day 30, which 2019-02 does not have",
            "error: e.txt:1: file has a date header but no text",
            "f.txt||||Denne fil er i orden.",
        ],
    );
}

#[test]
fn jsonl_bad_line_in_the_middle() {
    let lines = concat!(
        "{\"id\": \"r1\", \"date\": \"2019-07-01\", \"source\": \"Ritzau\", \"title\": \"Hedebølge\", \"text\": \"Det bliver varmt.\"}\n",
        "{\"id\": \"r2\", \"text\": \"Mangler slutning\"\n",
        "\n",
        "{\"id\": \"r3\", \"text\": \"Det bliver koldt igen.\"}\n",
    );
    check(
        &[("ritzau.jsonl", lines.as_bytes())],
        &[
            "r1|2019-07-01|Ritzau|Hedebølge|Det bliver varmt.",
            "error: ritzau.jsonl:2: invalid JSON: EOF while parsing an object at column 39",
            "r3||||Det bliver koldt igen.",
        ],
    );
}

#[test]
fn jsonl_missing_text_field() {
    check(
        &[("a.ndjson", "{\"id\": 1, \"body\": \"Teksten er her.\"}\n".as_bytes())],
        &[
            "error: a.ndjson:1: no `text` field (is the text under another key? use --field text=KEY)",
        ],
    );
}

#[test]
fn jsonl_field_remapping() {
    let mut settings = ReadSettings::default();
    settings.fields.remap("text=body").unwrap();
    settings.fields.remap("date=published").unwrap();
    settings.fields.remap("title=overskrift").unwrap();
    check_with(
        &settings,
        &[(
            "dr.jsonl",
            "{\"id\": \"dr-1\", \"published\": \"2020-03-11\", \"overskrift\": \"Landet lukker\", \"body\": \"Skolerne lukker.\"}\n"
                .as_bytes(),
        )],
        &["dr-1|2020-03-11||Landet lukker|Skolerne lukker."],
    );
}

#[test]
fn jsonl_numeric_and_missing_ids() {
    check(
        &[(
            "tal.json",
            "{\"id\": 4711, \"text\": \"Et tal.\"}\n{\"text\": \"Intet id.\"}\n".as_bytes(),
        )],
        &["4711||||Et tal.", "tal.json:2||||Intet id."],
    );
}

#[test]
fn jsonl_iso_datetime_takes_the_date() {
    check(
        &[(
            "tid.jsonl",
            "{\"date\": \"2019-07-15T08:30:00Z\", \"text\": \"Morgennyt.\"}\n".as_bytes(),
        )],
        &["tid.jsonl:1|2019-07-15|||Morgennyt."],
    );
}

#[test]
fn jsonl_oversized_line_is_skipped_and_the_next_read() {
    let settings = ReadSettings { max_record_bytes: 100, ..ReadSettings::default() };
    let long = format!("{{\"text\": \"{}\"}}\n", "lang ".repeat(40));
    let lines = format!("{long}{{\"text\": \"Kort.\"}}\n");
    check_with(
        &settings,
        &[("stor.jsonl", lines.as_bytes())],
        &[
            "error: stor.jsonl:1: line is 212 bytes, over the 100-byte limit",
            "stor.jsonl:2||||Kort.",
        ],
    );
}

#[test]
fn oversized_text_file_is_rejected() {
    let settings = ReadSettings { max_record_bytes: 100, ..ReadSettings::default() };
    let text = "ord ".repeat(50);
    check_with(
        &settings,
        &[("stor.txt", text.as_bytes()), ("stor.txt.gz", &gzip(text.as_bytes()))],
        &[
            "error: stor.txt:1: file is 200 bytes, over the 100-byte limit",
            "error: stor.txt.gz:1: file is over the 100-byte limit",
        ],
    );
}

#[test]
fn gzip_and_zstd_of_text_and_jsonl() {
    let text = " date 2019-07 Komprimeret nyhed om æbler.".as_bytes();
    let lines = "{\"id\": \"k1\", \"text\": \"Komprimeret linje.\"}\n".as_bytes();
    check(
        &[
            ("a.txt.gz", &gzip(text)),
            ("b.txt.zst", &zstd(text)),
            ("c.jsonl.gz", &gzip(lines)),
            ("d.jsonl.zst", &zstd(lines)),
            ("e.gz", &gzip(lines)),
        ],
        &[
            "a.txt.gz|2019-07|||Komprimeret nyhed om æbler.",
            "b.txt.zst|2019-07|||Komprimeret nyhed om æbler.",
            "k1||||Komprimeret linje.",
            "k1||||Komprimeret linje.",
            "k1||||Komprimeret linje.",
        ],
    );
}

#[test]
fn tar_gz_with_two_text_files() {
    let archive = tar(&[
        ("fyens/2019-07-a.txt", " date 2019-07 Første artikel.".as_bytes()),
        ("fyens/2019-07-b.txt", " date 2019-07-02 Anden artikel.".as_bytes()),
    ]);
    check(
        &[
            ("pakker/juli.tar.gz", &gzip(&archive)),
            ("pakker/juli.tar.zst", &zstd(&archive)),
            ("juli.tgz", &gzip(&archive)),
        ],
        &[
            "juli.tgz/fyens/2019-07-a.txt|2019-07|||Første artikel.",
            "juli.tgz/fyens/2019-07-b.txt|2019-07-02|||Anden artikel.",
            "pakker/juli.tar.gz/fyens/2019-07-a.txt|2019-07|||Første artikel.",
            "pakker/juli.tar.gz/fyens/2019-07-b.txt|2019-07-02|||Anden artikel.",
            "pakker/juli.tar.zst/fyens/2019-07-a.txt|2019-07|||Første artikel.",
            "pakker/juli.tar.zst/fyens/2019-07-b.txt|2019-07-02|||Anden artikel.",
        ],
    );
}

#[test]
fn tar_entries_follow_the_same_rules() {
    let inner = tar(&[("indre.txt", b"Dybt nede.")]);
    let archive = tar(&[
        ("linjer.jsonl.gz", &gzip(b"{\"text\": \"Linje.\"}\n{\"text\": 1}\n")),
        ("indre.tar", &inner),
        ("tom.txt", b""),
    ]);
    check(
        &[("a.tar", &archive)],
        &[
            "a.tar/linjer.jsonl.gz:1||||Linje.",
            "error: a.tar/linjer.jsonl.gz:2: `text` is a number, not a string",
            "a.tar/indre.tar/indre.txt||||Dybt nede.",
            "error: a.tar/tom.txt:1: file is empty",
        ],
    );
}

#[test]
fn folder_recursion_is_sorted_and_skips_hidden_entries() {
    check(
        &[
            ("b.txt", b"B."),
            ("a/z.txt", b"AZ."),
            ("a/b/c.txt", b"ABC."),
            ("a/.skjult.txt", b"Skjult."),
            (".git/config", b"Skjult mappe."),
            ("A.txt", b"Stort A."),
        ],
        &["A.txt||||Stort A.", "a/b/c.txt||||ABC.", "a/z.txt||||AZ.", "b.txt||||B."],
    );
}

#[test]
fn a_file_given_directly_has_its_name_as_id() {
    let dir =
        folder(&[("arkiv/fyens/leder.txt", b"Lederen."), ("arkiv/fyens/.skjult.txt", b"Skjult.")]);
    let paths =
        [dir.path().join("arkiv/fyens/leder.txt"), dir.path().join("arkiv/fyens/.skjult.txt")];
    assert_eq!(
        read_all(dir.path(), &paths, &ReadSettings::default()),
        ["leder.txt||||Lederen.", ".skjult.txt||||Skjult."]
    );
    let files = discover(&paths[..1]).unwrap();
    assert_eq!(files[0].root, dir.path().join("arkiv/fyens"));
    assert_eq!(files[0].size_bytes, 8);
}

#[test]
fn forced_format_overrides_the_name() {
    let settings = ReadSettings { format: Format::Text, ..ReadSettings::default() };
    check_with(
        &settings,
        &[("a.jsonl", b"{\"text\": \"Som tekst.\"}"), ("b.txt.gz", &gzip(b"Pakket tekst."))],
        &["a.jsonl||||{\"text\": \"Som tekst.\"}", "b.txt.gz||||Pakket tekst."],
    );
    let settings = ReadSettings { format: Format::Jsonl, ..ReadSettings::default() };
    check_with(&settings, &[("a.txt", b"{\"text\": \"Som JSON.\"}")], &["a.txt:1||||Som JSON."]);
}

#[test]
fn missing_path_is_a_fatal_error() {
    let dir = folder(&[]);
    let missing = dir.path().join("findes-ikke");
    let error = discover(std::slice::from_ref(&missing)).unwrap_err();
    assert_eq!(error.to_string(), format!("{} does not exist", missing.display()));
}

#[test]
fn record_bytes_and_location() {
    let dir = folder(&[("a.jsonl", b"{\"text\": \"Et.\"}\r\n\n{\"text\": \"To.\"}")]);
    let files = discover(&[dir.path().to_path_buf()]).unwrap();
    let records: Vec<Record> =
        read_file(&files[0], &ReadSettings::default()).map(Result::unwrap).collect();
    let summary: Vec<_> = records.iter().map(|r| (r.location.line, r.bytes)).collect();
    assert_eq!(summary, [(1, 17), (3, 15)]);
    assert_eq!(records[0].location.path, dir.path().join("a.jsonl"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped_and_broken_links_reported() {
    let dir = folder(&[("arkiv/a.txt", b"Artikel.")]);
    std::os::unix::fs::symlink(dir.path().join("arkiv"), dir.path().join("arkiv/loop")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("arkiv/findes-ikke.txt"),
        dir.path().join("arkiv/brudt.txt"),
    )
    .unwrap();
    let root = dir.path().join("arkiv");
    let outcomes = read_all(&root, std::slice::from_ref(&root), &ReadSettings::default());
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert_eq!(outcomes[0], "a.txt||||Artikel.");
    assert!(outcomes[1].starts_with("error: brudt.txt:1: cannot read file: "), "{}", outcomes[1]);
}
