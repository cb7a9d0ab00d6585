//! [`discover`]: from the paths a user gives to a sorted list of input files.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// One file to read, and the folder its article ids are relative to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The file, as found (the given path joined with the walk).
    pub path: PathBuf,
    /// The folder ids are relative to: the folder that was given, or, for a file
    /// given directly, its parent (so the id is the file name).
    pub root: PathBuf,
    /// Size on disk in bytes, compressed or not; 0 when it could not be read.
    pub size_bytes: u64,
}

/// Walks the given paths (files or folders, recursively, sorted, skipping
/// hidden entries and symlink loops).
///
/// Folders are walked depth first, each folder's entries in byte order of their
/// names, files and subfolders mixed as they sort; the given paths keep their
/// order. A hidden entry is one whose name starts with `.`; a path given
/// directly is never skipped. Symbolic links are followed, but a folder already
/// walked (by any route) is not walked again, which also ends link loops.
/// Special files (sockets, FIFOs, devices) inside folders are skipped.
///
/// Fails only when a given path does not exist or cannot be listed. Trouble
/// deeper down (a broken link, an unreadable subfolder) does not fail the walk:
/// the entry is returned as an input, and [`read_file`](crate::read_file) reports
/// it as a [`RecordError`](crate::RecordError) with the operating system's reason.
#[tracing::instrument(skip_all, fields(paths = paths.len()))]
pub fn discover(paths: &[PathBuf]) -> Result<Vec<InputFile>, Error> {
    let mut files = Vec::new();
    let mut walked = HashSet::new();
    for path in paths {
        let metadata = fs::metadata(path).map_err(|source| match source.kind() {
            io::ErrorKind::NotFound => Error::NotFound { path: path.clone(), source },
            _ => Error::Unreadable { path: path.clone(), source },
        })?;
        if metadata.is_dir() {
            let entries = sorted_entries(path)
                .map_err(|source| Error::List { path: path.clone(), source })?;
            walked.extend(fs::canonicalize(path).ok());
            walk(entries, path, &mut walked, &mut files);
        } else {
            let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
            files.push(InputFile { path: path.clone(), root, size_bytes: metadata.len() });
        }
    }
    tracing::debug!(files = files.len(), "discovered input files");
    Ok(files)
}

/// The id of a file below `root`: the relative path with `/` separators; the
/// whole path when `file` is not below `root`.
pub(crate) fn relative_id(file: &Path, root: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let parts: Vec<_> = relative
        .components()
        .filter_map(|component| match component {
            Component::Normal(part) => Some(part.to_string_lossy()),
            Component::ParentDir => Some("..".into()),
            Component::RootDir | Component::Prefix(_) | Component::CurDir => None,
        })
        .collect();
    parts.join("/")
}

/// The visible entries of `folder`, sorted by name.
fn sorted_entries(folder: &Path) -> io::Result<Vec<fs::DirEntry>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        if !entry.file_name().as_encoded_bytes().starts_with(b".") {
            entries.push(entry);
        }
    }
    entries.sort_by_key(fs::DirEntry::file_name);
    Ok(entries)
}

fn walk(
    entries: Vec<fs::DirEntry>,
    root: &Path,
    walked: &mut HashSet<PathBuf>,
    files: &mut Vec<InputFile>,
) {
    for entry in entries {
        let path = entry.path();
        // `fs::metadata` follows links; a broken link fails here and becomes an input.
        let metadata = match fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(_) => {
                files.push(InputFile { path, root: root.to_path_buf(), size_bytes: 0 });
                continue;
            }
        };
        if metadata.is_file() {
            files.push(InputFile { path, root: root.to_path_buf(), size_bytes: metadata.len() });
        } else if metadata.is_dir() {
            let Ok(canonical) = fs::canonicalize(&path) else {
                files.push(InputFile { path, root: root.to_path_buf(), size_bytes: 0 });
                continue;
            };
            if !walked.insert(canonical) {
                tracing::debug!(path = %path.display(), "folder already walked (link loop?), skipped");
                continue;
            }
            match sorted_entries(&path) {
                Ok(children) => walk(children, root, walked, files),
                Err(_) => files.push(InputFile { path, root: root.to_path_buf(), size_bytes: 0 }),
            }
        } else {
            tracing::debug!(path = %path.display(), "not a regular file, skipped");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(file: &str, root: &str, expected: &str) {
        assert_eq!(relative_id(Path::new(file), Path::new(root)), expected);
    }

    #[test]
    fn ids_are_relative_with_slashes() {
        check("arkiv/fyens/2019-07-x.txt.gz", "arkiv", "fyens/2019-07-x.txt.gz");
        check("leder.txt", "", "leder.txt");
        check("/data/a/b.txt", "/data", "a/b.txt");
        check("andet/sted.txt", "arkiv", "andet/sted.txt");
    }

    #[test]
    fn missing_path_is_fatal() {
        let error = discover(&[PathBuf::from("findes/ikke/her")]).unwrap_err();
        assert_eq!(error.to_string(), "findes/ikke/her does not exist");
    }
}
