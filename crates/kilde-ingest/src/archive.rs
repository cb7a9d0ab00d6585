//! Tar archives, read as one stream: each regular file inside is read as an input
//! of its own, by the same rules as a file on disk.
//!
//! Why hand-written on top of `tar::Header`: `tar::Archive::entries` borrows the
//! archive, so an iterator that owns the archive cannot hand out its entries. Here
//! the stream sits in a shared cell that the current entry's reader and the
//! archive iterator take turns to use. Headers are parsed by the tar crate; GNU
//! long names (`L`) and PAX `path`/`size` records (`x`) are followed, as GNU tar
//! and POSIX.1-2001 (pax) describe; global PAX headers and long link names are
//! skipped, and so are directories, links and other non-regular entries.

use std::io::{self, Read};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::error::RecordError;
use crate::open::{Input, Origin, Records, read_stream};
use crate::record::Record;
use crate::settings::ReadSettings;

/// The tar block size in bytes; headers and entry data are padded to it.
const BLOCK_BYTES: u64 = 512;

/// The largest long-name or PAX record accepted, in bytes; real ones are tiny.
const MAX_META_BYTES: u64 = 1024 * 1024;

/// The records of every regular file in a tar stream, in archive order.
///
/// Hidden entries (any path component starting with `.`, such as macOS `._x`
/// files) are skipped, as [`discover`](crate::discover) skips hidden files.
pub(crate) struct TarRecords<'a> {
    stream: Arc<Mutex<TarStream<'a>>>,
    current: Option<Records<'a>>,
    origin: Origin,
    settings: &'a ReadSettings,
    file_count: u64,
    is_done: bool,
}

impl<'a> TarRecords<'a> {
    pub(crate) fn new(input: Input<'a>, origin: Origin, settings: &'a ReadSettings) -> Self {
        let stream = TarStream { input, remaining: 0, padding: 0, is_failed: false };
        let stream = Arc::new(Mutex::new(stream));
        Self { stream, current: None, origin, settings, file_count: 0, is_done: false }
    }

    /// Moves to the next regular file; `Ok(false)` at the end of the archive.
    fn open_next_entry(&mut self) -> io::Result<bool> {
        loop {
            let Some(entry) = lock(&self.stream)?.next_entry()? else {
                return Ok(false);
            };
            if !entry.is_file
                || entry.path.is_empty()
                || entry.path.split('/').any(|c| c.starts_with('.'))
            {
                continue;
            }
            self.file_count += 1;
            let name = entry.path.rsplit('/').next().unwrap_or_default().to_string();
            let origin = Origin {
                path: self.origin.path.join(&entry.path),
                id: format!("{}/{}", self.origin.id, entry.path),
            };
            tracing::debug!(path = %origin.path.display(), size = entry.size, "reading tar entry");
            let reader = EntryReader { stream: Arc::clone(&self.stream) };
            self.current =
                Some(read_stream(Box::new(reader), &name, Some(entry.size), origin, self.settings));
            return Ok(true);
        }
    }
}

impl Iterator for TarRecords<'_> {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.current.as_mut().and_then(Iterator::next) {
                return Some(item);
            }
            self.current = None;
            if self.is_done {
                return None;
            }
            match self.open_next_entry() {
                Ok(true) => {}
                Ok(false) => {
                    self.is_done = true;
                    let path = self.origin.path.clone();
                    return (self.file_count == 0)
                        .then_some(Err(RecordError::EmptyArchive { path, line: 1 }));
                }
                Err(error) => {
                    self.is_done = true;
                    return Some(Err(RecordError::Read {
                        path: self.origin.path.clone(),
                        line: 1,
                        error,
                    }));
                }
            }
        }
    }
}

/// Reads the data of the current entry, and nothing past it.
struct EntryReader<'a> {
    stream: Arc<Mutex<TarStream<'a>>>,
}

impl Read for EntryReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        lock(&self.stream)?.read_entry(buf)
    }
}

fn lock<'s, 'a>(stream: &'s Mutex<TarStream<'a>>) -> io::Result<MutexGuard<'s, TarStream<'a>>> {
    stream.lock().map_err(|_| io::Error::other("tar stream lock poisoned"))
}

/// The tar byte stream and how much of the current entry is left.
struct TarStream<'a> {
    input: Input<'a>,
    /// Data bytes of the current entry not yet read.
    remaining: u64,
    /// Padding after the current entry's data, up to the next block.
    padding: u64,
    /// Set after any read error: the position in the archive is then unknown,
    /// so there is no next entry. The error itself has been reported already.
    is_failed: bool,
}

/// What [`TarStream::next_entry`] found.
struct EntryHeader {
    /// The path inside the archive, `/`-separated, without `.` or empty components.
    path: String,
    size: u64,
    is_file: bool,
}

impl TarStream<'_> {
    fn next_entry(&mut self) -> io::Result<Option<EntryHeader>> {
        if self.is_failed {
            return Ok(None);
        }
        let result = self.parse_next_entry();
        self.is_failed = result.is_err();
        result
    }

    fn parse_next_entry(&mut self) -> io::Result<Option<EntryHeader>> {
        self.skip(self.remaining + self.padding)?;
        self.remaining = 0;
        self.padding = 0;
        let mut long_name: Option<Vec<u8>> = None;
        let mut pax_path: Option<Vec<u8>> = None;
        let mut pax_size: Option<u64> = None;
        loop {
            let Some(block) = self.read_header_block()? else {
                return Ok(None);
            };
            let header = ::tar::Header::from_byte_slice(&block);
            let entry_type = header.entry_type();
            let header_size = header.entry_size()?;
            if entry_type.is_gnu_longname() {
                long_name = Some(self.read_meta(header_size)?);
            } else if entry_type.is_pax_local_extensions() {
                let data = self.read_meta(header_size)?;
                for extension in ::tar::PaxExtensions::new(&data) {
                    let extension = extension?;
                    match extension.key() {
                        Ok("path") => pax_path = Some(extension.value_bytes().to_vec()),
                        Ok("size") => {
                            pax_size = extension.value().ok().and_then(|v| v.parse().ok())
                        }
                        _ => {}
                    }
                }
            } else if entry_type.is_pax_global_extensions() || entry_type.is_gnu_longlink() {
                self.skip(header_size + padding_after(header_size))?;
            } else {
                let size = pax_size.unwrap_or(header_size);
                let raw_path =
                    pax_path.or(long_name).unwrap_or_else(|| header.path_bytes().into_owned());
                self.remaining = size;
                self.padding = padding_after(size);
                let is_file = entry_type.is_file() || entry_type.is_contiguous();
                return Ok(Some(EntryHeader {
                    path: normalize_entry_path(&raw_path),
                    size,
                    is_file,
                }));
            }
        }
    }

    /// Reads the next header block; `None` at the end of the archive (end of
    /// stream, or the all-zero block that ends a tar).
    fn read_header_block(&mut self) -> io::Result<Option<[u8; BLOCK_BYTES as usize]>> {
        let mut block = [0u8; BLOCK_BYTES as usize];
        let mut filled = 0;
        while let Some(unfilled) = block.get_mut(filled..).filter(|rest| !rest.is_empty()) {
            match self.input.read(unfilled) {
                Ok(0) if filled == 0 => return Ok(None),
                Ok(0) => return Err(truncated("tar header is cut short")),
                Ok(read) => filled += read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        if block.iter().all(|&byte| byte == 0) {
            return Ok(None);
        }
        verify_checksum(&block)?;
        Ok(Some(block))
    }

    /// Reads a long-name or PAX record whole, with its padding.
    fn read_meta(&mut self, size: u64) -> io::Result<Vec<u8>> {
        if size > MAX_META_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "tar metadata entry is too large",
            ));
        }
        let mut data = Vec::new();
        self.input.by_ref().take(size).read_to_end(&mut data)?;
        if (data.len() as u64) < size {
            return Err(truncated("tar metadata entry is cut short"));
        }
        self.skip(padding_after(size))?;
        while data.last() == Some(&0) {
            data.pop();
        }
        Ok(data)
    }

    fn read_entry(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let wanted = usize::try_from(self.remaining).unwrap_or(usize::MAX).min(buf.len());
        let Some(window) = buf.get_mut(..wanted).filter(|window| !window.is_empty()) else {
            return Ok(0);
        };
        let read = match self.input.read(window) {
            Ok(0) => Err(truncated("tar entry is cut short")),
            other => other,
        };
        match read {
            Ok(read) => self.remaining -= read as u64,
            Err(ref error) if error.kind() != io::ErrorKind::Interrupted => self.is_failed = true,
            Err(_) => {}
        }
        read
    }

    fn skip(&mut self, bytes: u64) -> io::Result<()> {
        let skipped = io::copy(&mut self.input.by_ref().take(bytes), &mut io::sink())?;
        if skipped < bytes {
            return Err(truncated("tar archive is cut short"));
        }
        Ok(())
    }
}

fn padding_after(size: u64) -> u64 {
    (BLOCK_BYTES - size % BLOCK_BYTES) % BLOCK_BYTES
}

fn truncated(message: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, message)
}

/// Checks the header checksum: the byte sum with the checksum field read as spaces.
fn verify_checksum(block: &[u8; BLOCK_BYTES as usize]) -> io::Result<()> {
    let sum: u32 = block
        .iter()
        .enumerate()
        .map(
            |(idx, &byte)| {
                if (148..156).contains(&idx) { u32::from(b' ') } else { u32::from(byte) }
            },
        )
        .sum();
    let stored = ::tar::Header::from_byte_slice(block).cksum().ok();
    if stored != Some(sum) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "tar header checksum does not match (not a tar archive?)",
        ));
    }
    Ok(())
}

fn normalize_entry_path(raw: &[u8]) -> String {
    let lossy = String::from_utf8_lossy(raw);
    let parts: Vec<&str> =
        lossy.split('/').filter(|part| !part.is_empty() && *part != ".").collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a tar from `(path, bytes)` pairs and reads it as `arkiv.tar`.
    fn check(entries: &[(&str, &[u8])], expected: &[&str]) {
        let mut builder = ::tar::Builder::new(Vec::new());
        for (path, bytes) in entries {
            let mut header = ::tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            builder.append_data(&mut header, path, *bytes).unwrap();
        }
        let archive = builder.into_inner().unwrap();
        check_bytes(archive, expected);
    }

    fn check_bytes(archive: Vec<u8>, expected: &[&str]) {
        let settings = ReadSettings::default();
        let origin = Origin { path: "data/arkiv.tar".into(), id: "arkiv.tar".into() };
        let actual: Vec<String> =
            TarRecords::new(Box::new(io::Cursor::new(archive)), origin, &settings)
                .map(|result| match result {
                    Ok(record) => format!(
                        "{} {}: {}",
                        record.location, record.article.id, record.article.text
                    ),
                    Err(error) => format!("error: {error}"),
                })
                .collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn every_file_is_its_own_input() {
        check(
            &[
                ("fyens/a.txt", b" date 2019-07 Havnen er \xC3\xA5ben."),
                ("fyens/.skjult.txt", b"Springes over."),
                ("./b.jsonl", b"{\"text\": \"Et.\"}\n{\"id\": \"x\", \"text\": \"To.\"}\n"),
            ],
            &[
                "data/arkiv.tar/fyens/a.txt:1 arkiv.tar/fyens/a.txt: Havnen er åben.",
                "data/arkiv.tar/b.jsonl:1 arkiv.tar/b.jsonl:1: Et.",
                "data/arkiv.tar/b.jsonl:2 x: To.",
            ],
        );
    }

    #[test]
    fn long_names_survive() {
        let folder = "mappe/".repeat(30);
        let path = format!("{folder}lang.txt");
        let expected = format!("data/arkiv.tar/{path}:1 arkiv.tar/{path}: Lang sti.");
        check(&[(&path, b"Lang sti.")], &[&expected]);
    }

    #[test]
    fn bad_entries_cost_only_themselves() {
        check(
            &[("a.txt", b""), ("b.txt", b"\x00\x01\x02\xff"), ("c.txt", b"Sidste.")],
            &[
                "error: data/arkiv.tar/a.txt:1: file is empty",
                "error: data/arkiv.tar/b.txt:1: bytes are neither UTF-8 nor Windows-1252 text (binary file?)",
                "data/arkiv.tar/c.txt:1 arkiv.tar/c.txt: Sidste.",
            ],
        );
    }

    #[test]
    fn broken_archives_are_reported() {
        check(&[], &["error: data/arkiv.tar:1: archive holds no files"]);
        check_bytes(
            b"Dette er ikke et tar-arkiv, men tekst.".repeat(20),
            &[
                "error: data/arkiv.tar:1: cannot read file: tar header checksum does not match (not a tar archive?)",
            ],
        );
        let mut builder = ::tar::Builder::new(Vec::new());
        let mut header = ::tar::Header::new_gnu();
        header.set_size(2000);
        header.set_mode(0o644);
        builder.append_data(&mut header, "a.txt", &[b'a'; 2000][..]).unwrap();
        let mut archive = builder.into_inner().unwrap();
        archive.truncate(1200);
        check_bytes(
            archive,
            &["error: data/arkiv.tar/a.txt:1: cannot read file: tar entry is cut short"],
        );
    }
}
