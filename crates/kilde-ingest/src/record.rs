//! [`Record`]: one article as read, with where it came from and how its bytes were decoded.

use std::fmt;
use std::path::PathBuf;

use kilde_model::Article;

/// One article read from the input, with the facts a report needs about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The article, with text trimmed and line endings already `\n`.
    pub article: Article,
    /// Where the record starts.
    pub location: Location,
    /// How its bytes were decoded.
    pub encoding: TextEncoding,
    /// Raw input bytes the record took, after decompression: the whole file for a
    /// text file, the line with its line ending for JSON Lines.
    pub bytes: u64,
}

/// A place in the input: a file and a 1-based line.
///
/// Inside a tar archive the path is `<archive path>/<entry path>`, which names
/// the entry even though it is not a path on disk.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// The line, counted from 1.
    pub line: u64,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)
    }
}

/// The character encoding a record's bytes were read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// Windows-1252, which also covers Latin-1 (ISO 8859-1) for Danish letters.
    Windows1252,
    /// UTF-16, little- or big-endian, recognised by its byte-order mark.
    Utf16,
}

impl TextEncoding {
    /// The encoding's usual name: `utf-8`, `windows-1252` or `utf-16`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Windows1252 => "windows-1252",
            Self::Utf16 => "utf-16",
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(location: Location, expected: &str) {
        assert_eq!(location.to_string(), expected);
    }

    #[test]
    fn location_displays_path_colon_line() {
        check(Location { path: "fyens/leder.txt".into(), line: 1 }, "fyens/leder.txt:1");
        check(
            Location { path: "arkiv.tar.gz/a/b.jsonl".into(), line: 42 },
            "arkiv.tar.gz/a/b.jsonl:42",
        );
    }
}
