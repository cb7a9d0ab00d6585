//! Ingest: turns a pile of files — folders, plain text, JSON Lines, `.gz`, `.zst`,
//! `.tar` — into [`Article`]s, one [`RecordError`] per record it cannot use.
//!
//! # Brief overview
//!
//! Input → output: paths → [`InputFile`]s → a stream of `Result<`[`Record`]`,`
//! [`RecordError`]`>` per file. A [`Record`] is an [`Article`] plus where it was
//! found ([`Location`]), how it was decoded ([`TextEncoding`]) and how many bytes
//! it took.
//!
//! * [`discover`] walks the given files and folders into a sorted list of
//!   [`InputFile`]s. It fails (with [`Error`]) only when a given path cannot be
//!   used at all.
//! * [`read_file`] streams the records of one [`InputFile`], as
//!   [`ReadSettings`] say: the format ([`Format`]), defaults for date and source,
//!   JSON key names ([`FieldNames`], e.g. `--field text=body`), and the largest
//!   record accepted.
//!
//! # Formats
//!
//! A compression suffix (`.gz`, `.zst`) is unwrapped first. `.tar`, `.tar.gz`,
//! `.tgz` and `.tar.zst` are archives: each regular file inside is read by these
//! same rules, with id `<archive relative path>/<entry path>`. Otherwise, with
//! [`Format::Auto`], `.jsonl`, `.ndjson` and `.json` are JSON Lines and any other
//! file is JSON Lines if its first non-blank character is `{`, else text.
//!
//! * **Text**: one article per file, id = path relative to the root, with `/`
//!   separators and every suffix kept (`fyens/2019-07-x.txt.gz`). An optional
//!   first-line header ` date 2019-07` or ` date 2019-07-15` gives the date and is
//!   removed from the text.
//! * **JSON Lines**: one object per line with a required `text` and optional `id`
//!   (string or number; default `<relative path>:<line>`), `date` (`YYYY-MM`,
//!   `YYYY-MM-DD` or an ISO date-time), `title`, `source` and `url`.
//!
//! # Invariants
//!
//! * A bad record never stops the rest: it becomes one [`RecordError`] naming
//!   `path:line` and a specific reason, and reading goes on with the next line or
//!   file. Nothing panics, whatever the bytes.
//! * Text is decoded from UTF-8 (BOM or not), UTF-16 (with BOM) or else
//!   Windows-1252 (which covers Latin-1); bytes that look binary are rejected.
//!   Article text has `\n` line endings, no BOM, and no leading or trailing white
//!   space; it is never empty.
//! * Memory is bounded by [`ReadSettings::max_record_bytes`]: a larger text file
//!   or JSON line is rejected without being held in memory.
//! * Files and records come out in a stable order (sorted walk, file order), so
//!   ids and reports are reproducible.
//!
//! # Example
//!
//! ```
//! use kilde_ingest::{ReadSettings, discover, read_file};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let folder = tempfile::tempdir()?;
//! std::fs::write(folder.path().join("leder.txt"), " date 2019-07 Byrådet mødes i aften.")?;
//! std::fs::write(
//!     folder.path().join("ritzau.jsonl"),
//!     "{\"id\": 1, \"text\": \"Færgen sejler igen.\"}\n{\"tekst\": \"Forkert nøgle.\"}\n",
//! )?;
//!
//! let settings = ReadSettings::default();
//! let mut texts = Vec::new();
//! let mut problems = Vec::new();
//! for file in discover(&[folder.path().to_path_buf()])? {
//!     for result in read_file(&file, &settings) {
//!         match result {
//!             Ok(record) => texts.push(format!("{}: {}", record.article.id, record.article.text)),
//!             Err(error) => problems.push(format!("line {}: {}", error.location().line, error.reason())),
//!         }
//!     }
//! }
//! assert_eq!(texts, ["leder.txt: Byrådet mødes i aften.", "1: Færgen sejler igen."]);
//! assert_eq!(
//!     problems,
//!     ["line 2: no `text` field (is the text under another key? use --field text=KEY)"]
//! );
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

mod archive;
mod decode;
mod error;
mod json;
mod jsonl;
mod open;
mod record;
mod settings;
mod text;
mod walk;

pub use error::{Error, RecordError};
pub use record::{Location, Record, TextEncoding};
pub use settings::{DEFAULT_MAX_RECORD_BYTES, FieldNames, Format, ReadSettings};
pub use walk::{InputFile, discover};

#[doc(no_inline)]
pub use kilde_model::Article;

/// All records of one input file, streaming, in file order.
///
/// Never fails up front: the file is opened on the first call to `next`, and a
/// file that cannot be opened or read yields one [`RecordError::Read`]. Every bad
/// record yields its own error and reading goes on; after an I/O error in the
/// middle of a stream that stream ends, since its position can no longer be
/// trusted (inside a tar archive, only the current entry and the rest of the
/// archive are lost).
///
/// Memory stays below a few buffers plus [`ReadSettings::max_record_bytes`],
/// whatever the size of the file.
pub fn read_file<'a>(
    file: &'a InputFile,
    settings: &'a ReadSettings,
) -> impl Iterator<Item = Result<Record, RecordError>> + Send + 'a {
    open::read_file(file, settings)
}

/// All records of an already open byte stream (standard input, a pipe), streaming.
///
/// `name` stands in for the file name: a compression suffix (`.gz`, `.zst`) or a
/// `.jsonl` suffix in it is honoured, it names the stream in messages (`name:line`),
/// and it is the id of a text article and the id prefix of JSON records without one.
/// Otherwise as [`read_file`].
pub fn read_stream<'a>(
    input: impl std::io::Read + Send + 'a,
    name: &str,
    settings: &'a ReadSettings,
) -> impl Iterator<Item = Result<Record, RecordError>> + Send + 'a {
    let origin = open::Origin { path: std::path::PathBuf::from(name), id: name.to_string() };
    open::read_stream(Box::new(input), name, None, origin, settings)
}
