//! From a file name and a byte stream to the right reader: unwrap `.gz`/`.zst`,
//! open `.tar`, then pick text or JSON Lines by name or by the first character.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::PathBuf;

use crate::archive::TarRecords;
use crate::decode::{UTF8_BOM, UTF16BE_BOM, UTF16LE_BOM};
use crate::error::RecordError;
use crate::jsonl::JsonLines;
use crate::record::Record;
use crate::settings::{Format, ReadSettings};
use crate::text::read_text;
use crate::walk::{InputFile, relative_id};

/// The records of one input, boxed so archives can nest.
pub(crate) type Records<'a> = Box<dyn Iterator<Item = Result<Record, RecordError>> + Send + 'a>;

/// A byte stream, boxed so decompressors and tar entries can stack.
pub(crate) type Input<'a> = Box<dyn Read + Send + 'a>;

/// Buffer size for JSON Lines and for the compressed bytes under a decoder.
pub(crate) const BUFFER_BYTES: usize = 128 * 1024;

/// How far to look for the first non-blank byte when sniffing the format.
const SNIFF_LIMIT_BYTES: usize = 64 * 1024;

/// Where records come from: the path for messages and the id for articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    /// The file, or `<archive>/<entry>` inside a tar archive.
    pub(crate) path: PathBuf,
    /// The path relative to the input root with `/` separators: the id of a text
    /// article, and the prefix of `<id>:<line>` for JSON records without an id.
    pub(crate) id: String,
}

/// All records of `file`, opened lazily on the first call to `next`.
pub(crate) fn read_file<'a>(file: &'a InputFile, settings: &'a ReadSettings) -> Records<'a> {
    Box::new(std::iter::once_with(move || open_file(file, settings)).flatten())
}

fn open_file<'a>(file: &'a InputFile, settings: &'a ReadSettings) -> Records<'a> {
    let origin = Origin { path: file.path.clone(), id: relative_id(&file.path, &file.root) };
    let opened = File::open(&file.path).and_then(|handle| {
        let metadata = handle.metadata()?;
        if metadata.is_dir() {
            // Opening a folder succeeds on Unix; reading it fails with a vaguer error.
            std::fs::read_dir(&file.path)?;
            return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder"));
        }
        Ok((handle, metadata.len()))
    });
    match opened {
        Ok((handle, size)) => {
            tracing::debug!(path = %file.path.display(), size, "reading file");
            read_stream(Box::new(handle), &file_name(&file.path), Some(size), origin, settings)
        }
        Err(error) => fail(RecordError::Read { path: origin.path, line: 1, error }),
    }
}

/// All records of one stream named `name`, of `known_size` bytes when that is
/// known and the stream is not compressed.
pub(crate) fn read_stream<'a>(
    input: Input<'a>,
    name: &str,
    known_size: Option<u64>,
    origin: Origin,
    settings: &'a ReadSettings,
) -> Records<'a> {
    let name = name.to_ascii_lowercase();
    let (input, stem, is_compressed) = match decompress(input, &name) {
        Ok(unwrapped) => unwrapped,
        Err(error) => return fail(RecordError::Read { path: origin.path, line: 1, error }),
    };
    let known_size = if is_compressed { None } else { known_size };
    if stem.ends_with(".tar") {
        return Box::new(TarRecords::new(input, origin, settings));
    }
    let (input, format) = match settings.format {
        Format::Text => (input, Format::Text),
        Format::Jsonl => (input, Format::Jsonl),
        Format::Auto if has_jsonl_extension(&stem) => (input, Format::Jsonl),
        Format::Auto => match sniff(input) {
            Ok(sniffed) => sniffed,
            Err(error) => return fail(RecordError::Read { path: origin.path, line: 1, error }),
        },
    };
    tracing::trace!(path = %origin.path.display(), %format, "format decided");
    match format {
        Format::Jsonl => Box::new(JsonLines::new(
            BufReader::with_capacity(BUFFER_BYTES, input),
            origin,
            settings,
        )),
        _ => {
            Box::new(std::iter::once_with(move || read_text(input, known_size, &origin, settings)))
        }
    }
}

/// Unwraps every compression suffix of `name` (lower case), outermost first.
///
/// Returns the decompressed stream, the name without those suffixes (`.tgz`
/// becomes `.tar`), and whether anything was unwrapped.
fn decompress<'a>(mut input: Input<'a>, name: &str) -> io::Result<(Input<'a>, String, bool)> {
    let gunzip = |input: Input<'a>| -> Input<'a> {
        Box::new(flate2::bufread::MultiGzDecoder::new(BufReader::with_capacity(
            BUFFER_BYTES,
            input,
        )))
    };
    let mut stem = name;
    let mut is_compressed = false;
    loop {
        if let Some(rest) = stem.strip_suffix(".gz") {
            input = gunzip(input);
            stem = rest;
        } else if let Some(rest) = stem.strip_suffix(".tgz") {
            return Ok((gunzip(input), format!("{rest}.tar"), true));
        } else if let Some(rest) = stem.strip_suffix(".zst") {
            input = Box::new(zstd::Decoder::new(input)?);
            stem = rest;
        } else {
            return Ok((input, stem.to_string(), is_compressed));
        }
        is_compressed = true;
    }
}

fn has_jsonl_extension(name: &str) -> bool {
    [".jsonl", ".ndjson", ".json"].iter().any(|extension| name.ends_with(extension))
}

/// Reads the start of `input` to decide the format: JSON Lines when the first
/// byte that is not a byte-order mark, white space or NUL is `{`, text otherwise.
///
/// Returns a stream that still yields every byte, the sniffed ones included.
fn sniff(mut input: Input<'_>) -> io::Result<(Input<'_>, Format)> {
    let mut prefix = Vec::new();
    let format = loop {
        let read = input.by_ref().take(4 * 1024).read_to_end(&mut prefix)?;
        match first_significant_byte(&prefix) {
            Some(b'{') => break Format::Jsonl,
            Some(_) => break Format::Text,
            None if read == 0 || prefix.len() >= SNIFF_LIMIT_BYTES => {
                break Format::Text;
            }
            None => {}
        }
    };
    Ok((Box::new(Cursor::new(prefix).chain(input)), format))
}

fn first_significant_byte(prefix: &[u8]) -> Option<u8> {
    let body = [UTF8_BOM, UTF16LE_BOM, UTF16BE_BOM]
        .iter()
        .find_map(|bom| prefix.strip_prefix(*bom))
        .unwrap_or(prefix);
    body.iter().copied().find(|byte| !byte.is_ascii_whitespace() && *byte != 0)
}

/// The last component of `path`, lossily as UTF-8.
pub(crate) fn file_name(path: &std::path::Path) -> String {
    path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A record stream holding one error.
pub(crate) fn fail<'a>(error: RecordError) -> Records<'a> {
    Box::new(std::iter::once(Err(error)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, bytes: &[u8], expected: &[&str]) {
        let origin = Origin { path: name.into(), id: name.into() };
        let settings = ReadSettings::default();
        let input: Input<'_> = Box::new(Cursor::new(bytes.to_vec()));
        let actual: Vec<String> =
            read_stream(input, name, Some(bytes.len() as u64), origin, &settings)
                .map(|result| match result {
                    Ok(record) => format!("{}: {}", record.article.id, record.article.text),
                    Err(error) => format!("error: {}", error.reason()),
                })
                .collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn extension_decides_before_content() {
        check("a.jsonl", b"Ikke JSON", &["error: invalid JSON: expected value at column 1"]);
        check("a.NDJSON", b"{\"text\": \"Hej\"}", &["a.NDJSON:1: Hej"]);
    }

    #[test]
    fn content_decides_for_other_names() {
        check("a.txt", b"\n  {\"text\": \"Hej\"}", &["a.txt:2: Hej"]);
        check("a", b"\xEF\xBB\xBF{\"text\": \"Hej\"}", &["a:1: Hej"]);
        check("a.txt", b"Hej {", &["a.txt: Hej {"]);
        check("a.txt", b"", &["error: file is empty"]);
    }

    #[test]
    fn sniffing_looks_past_a_long_blank_start() {
        let mut bytes = vec![b' '; 10_000];
        bytes.extend_from_slice(b"{\"text\": \"Langt nede.\"}");
        check("a.txt", &bytes, &["a.txt:1: Langt nede."]);
    }

    /// A xorshift64 generator: fixed seed, so a failure always reproduces.
    struct Xorshift(u64);

    impl Xorshift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, bound: usize) -> usize {
            (self.next() % bound as u64) as usize
        }

        /// Bytes mixing random values with pieces that steer the parsers.
        fn bytes(&mut self) -> Vec<u8> {
            const PIECES: &[&[u8]] = &[
                b"{",
                b"}",
                b"[",
                b"]",
                b"\"",
                b":",
                b",",
                b"\n",
                b"\r\n",
                b"\r",
                b" ",
                b"\\",
                b"\\u00",
                b" date ",
                b"2019-07",
                b"2019-13-01",
                b"T10:00",
                b"\"text\": ",
                b"\"id\": ",
                b"\"date\": ",
                b"\xEF\xBB\xBF",
                b"\xFF\xFE",
                b"\0",
                b"\xC3\xA6",
                b"\xF8",
                b"\xC3",
                b"1e999",
                b"null",
                b"ustar",
            ];
            let len = self.below(120);
            let mut bytes = Vec::with_capacity(len * 2);
            for _ in 0..len {
                if self.below(3) == 0 {
                    bytes.push(self.next() as u8);
                } else {
                    bytes.extend_from_slice(PIECES[self.below(PIECES.len())]);
                }
            }
            bytes
        }
    }

    /// Reads `bytes` under `name` and checks the invariants every outcome keeps.
    fn read_without_panic(name: &str, bytes: Vec<u8>, settings: &ReadSettings) {
        let origin = Origin { path: name.into(), id: name.into() };
        let size = bytes.len() as u64;
        for result in read_stream(Box::new(Cursor::new(bytes)), name, Some(size), origin, settings)
            .take(10_000)
        {
            match result {
                Ok(record) => {
                    let text = &record.article.text;
                    assert!(
                        !text.is_empty() && text.trim() == text && !text.contains('\r'),
                        "{text:?}"
                    );
                }
                Err(error) => assert!(error.to_string().starts_with(name), "{error}"),
            }
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut random = Xorshift(0x5eed_cafe_f00d_beef);
        let small = ReadSettings { max_record_bytes: 64, ..ReadSettings::default() };
        let settings = [ReadSettings::default(), small];
        for case in 0..3000 {
            let bytes = random.bytes();
            let settings = &settings[case % 2];
            for name in ["a.txt", "a.jsonl", "a", "a.tar", "a.gz", "a.zst"] {
                read_without_panic(name, bytes.clone(), settings);
            }
            if case % 10 == 0 {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                std::io::Write::write_all(&mut gz, &bytes).unwrap();
                read_without_panic("a.jsonl.gz", gz.finish().unwrap(), settings);
                read_without_panic("a.txt.zst", zstd::encode_all(&bytes[..], 1).unwrap(), settings);
            }
        }
    }

    #[test]
    fn damaged_tar_archives_never_panic() {
        let mut builder = ::tar::Builder::new(Vec::new());
        for (path, bytes) in
            [("a.txt", &b" date 2019-07 Tekst."[..]), ("b.jsonl", b"{\"text\": \"Et.\"}\n")]
        {
            let mut header = ::tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            builder.append_data(&mut header, path, bytes).unwrap();
        }
        let archive = builder.into_inner().unwrap();
        let mut random = Xorshift(0x7a7a_7a7a_1234_5678);
        for _ in 0..2000 {
            let mut damaged = archive.clone();
            for _ in 0..1 + random.below(4) {
                let idx = random.below(damaged.len());
                damaged[idx] = random.next() as u8;
            }
            damaged.truncate(random.below(archive.len() + 1));
            read_without_panic("a.tar", damaged, &ReadSettings::default());
        }
    }

    #[test]
    fn broken_compression_is_one_read_error() {
        let actual: Vec<_> = read_stream(
            Box::new(Cursor::new(b"ikke gzip".to_vec())),
            "a.txt.gz",
            None,
            Origin { path: "a.txt.gz".into(), id: "a.txt.gz".into() },
            &ReadSettings::default(),
        )
        .collect();
        assert!(matches!(actual.as_slice(), [Err(RecordError::Read { .. })]), "{actual:?}");
    }
}
