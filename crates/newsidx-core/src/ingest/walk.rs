//! Finding the files to read under the paths a user names.
//!
//! The walk follows what a user of ripgrep or fd expects: hidden files and
//! folders and `.gitignore`d paths are skipped unless asked for, symlinks are
//! followed with loop detection, and a path named explicitly is always read.
//!
//! It also settles a file's identity. Each root is made canonical first
//! (`news`, `news/`, `./news`, `news/../news`, a symlink to `news` and its
//! absolute path are one folder), and every path comes back in one spelling:
//! the canonical path, relative to the working directory when it lies inside
//! it (`news/a.txt`), absolute otherwise. A file reached twice (two roots that
//! overlap, a symlink to a folder already walked, a hard link) is listed once,
//! under the first path found. A folder holding a newsidx index (its
//! `newsidx.json`) is never walked into, and a FIFO, socket or device comes
//! back as an error naming it instead of being opened (a FIFO would block).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::error::Error;

/// The file that marks a folder as a newsidx index (`index/mod.rs` writes it).
const INDEX_MARKER: &str = "newsidx.json";

/// How [`walk`] chooses files.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// Also read hidden files and folders (names starting with `.`).
    pub hidden: bool,
    /// Also read files that `.gitignore` or `.ignore` files exclude.
    pub no_ignore: bool,
}

/// Lists the files under `roots`, in a stable (sorted) order, each once, in
/// the spelling described in the module doc. Unreadable entries, symlink loops
/// and files that are not regular (FIFOs, sockets, devices) come back as
/// errors naming the path; the walk goes on.
///
/// ```
/// use newsidx_core::ingest::{walk, WalkOptions};
///
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("a.txt"), "Title\n\nText.").unwrap();
/// std::fs::write(dir.path().join(".hidden.txt"), "Title\n\nText.").unwrap();
/// let files: Vec<_> = walk(&[dir.path().to_path_buf()], &WalkOptions::default())
///     .into_iter()
///     .map(|f| f.unwrap())
///     .collect();
/// let root = dir.path().canonicalize().unwrap();
/// assert_eq!(files, [root.join("a.txt")]);
/// ```
pub fn walk(roots: &[PathBuf], options: &WalkOptions) -> Vec<Result<PathBuf, Error>> {
    let base = working_dir();
    let shown = |p: PathBuf| relative_to(p, base.as_deref());
    let mut out = Vec::new();
    let mut ignores: HashMap<PathBuf, Option<Gitignore>> = HashMap::new();
    let mut files = FileSet::default();
    let mut walked_roots: HashSet<PathBuf> = HashSet::new();
    for root in roots {
        let root = match std::fs::canonicalize(root) {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(Error::io(root, e)));
                continue;
            }
        };
        if !walked_roots.insert(root.clone()) {
            continue;
        }
        match std::fs::metadata(&root) {
            Err(e) => {
                out.push(Err(Error::io(shown(root), e)));
                continue;
            }
            Ok(m) if m.is_file() => {
                if files.first_time(&m) {
                    out.push(Ok(shown(root)));
                }
                continue;
            }
            Ok(m) if !m.is_dir() => {
                out.push(Err(not_regular(&shown(root), &m.file_type())));
                continue;
            }
            Ok(_) if is_index_dir(&root) => continue,
            Ok(_) => {}
        }
        let walker = walkdir::WalkDir::new(&root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                if !options.hidden && e.file_name().to_string_lossy().starts_with('.') {
                    return false;
                }
                if e.file_type().is_dir() && is_index_dir(e.path()) {
                    return false;
                }
                if options.no_ignore {
                    return true;
                }
                !is_ignored(e.path(), e.file_type().is_dir(), &root, &mut ignores)
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => match e.metadata() {
                    Ok(m) if !files.first_time(&m) => {}
                    _ => out.push(Ok(shown(e.into_path()))),
                },
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => {
                    let kind = e.file_type();
                    out.push(Err(not_regular(&shown(e.into_path()), &kind)));
                }
                Err(e) => {
                    let path = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let reason = if e.loop_ancestor().is_some() {
                        std::io::Error::other("symlink loop")
                    } else {
                        e.into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("unreadable entry"))
                    };
                    out.push(Err(Error::io(shown(path), reason)));
                }
            }
        }
    }
    out
}

/// The canonical working directory that walked paths are shown relative to;
/// `None` when it cannot be found (the paths are then absolute).
pub(crate) fn working_dir() -> Option<PathBuf> {
    std::env::current_dir().and_then(std::fs::canonicalize).ok()
}

/// `root` as [`walk`] spells the paths under it: canonical, relative to the
/// working directory when inside it. A root that cannot be made canonical (it
/// does not exist) is returned as given.
pub(crate) fn canonical_root(root: &Path) -> PathBuf {
    match std::fs::canonicalize(root) {
        Ok(r) => relative_to(r, working_dir().as_deref()),
        Err(_) => root.to_path_buf(),
    }
}

/// `path` relative to `base` when it lies strictly inside it.
fn relative_to(path: PathBuf, base: Option<&Path>) -> PathBuf {
    match base.and_then(|b| path.strip_prefix(b).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
        _ => path,
    }
}

/// True when `dir` holds a newsidx index: its files are never articles.
fn is_index_dir(dir: &Path) -> bool {
    dir.join(INDEX_MARKER).is_file()
}

/// The error for a path that is neither a file nor a folder.
pub(crate) fn not_regular(path: &Path, kind: &std::fs::FileType) -> Error {
    Error::bad_file(
        path,
        format!("is {}, not a regular file", file_type_name(kind)),
    )
}

/// What a non-regular file is, in words.
fn file_type_name(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    if kind.is_dir() {
        return "a directory";
    }
    "a special file"
}

/// The files listed so far, by device and inode, so that a file reached twice
/// is listed once.
#[derive(Default)]
struct FileSet {
    #[cfg(unix)]
    seen: HashSet<(u64, u64)>,
}

impl FileSet {
    /// True the first time the file with metadata `m` is met.
    #[cfg(unix)]
    fn first_time(&mut self, m: &std::fs::Metadata) -> bool {
        use std::os::unix::fs::MetadataExt;
        self.seen.insert((m.dev(), m.ino()))
    }

    /// True the first time the file with metadata `m` is met (always, where
    /// files have no inode number to tell).
    #[cfg(not(unix))]
    fn first_time(&mut self, _m: &std::fs::Metadata) -> bool {
        true
    }
}

/// Checks `path` against the `.gitignore` and `.ignore` files of every folder
/// from `root` down to its parent; the deepest match decides.
fn is_ignored(
    path: &Path,
    is_dir: bool,
    root: &Path,
    cache: &mut HashMap<PathBuf, Option<Gitignore>>,
) -> bool {
    let mut dirs: Vec<&Path> = path
        .ancestors()
        .skip(1)
        .take_while(|d| d.starts_with(root))
        .collect();
    dirs.reverse();
    let mut ignored = false;
    for dir in dirs {
        let gi = cache
            .entry(dir.to_path_buf())
            .or_insert_with(|| load_ignore(dir));
        if let Some(gi) = gi {
            let m = gi.matched(path, is_dir);
            if m.is_ignore() {
                ignored = true;
            } else if m.is_whitelist() {
                ignored = false;
            }
        }
    }
    ignored
}

fn load_ignore(dir: &Path) -> Option<Gitignore> {
    let mut builder = GitignoreBuilder::new(dir);
    let mut any = false;
    for name in [".gitignore", ".ignore"] {
        let file = dir.join(name);
        if file.is_file() {
            any = true;
            // A malformed line is ignored, as git does.
            let _ = builder.add(file);
        }
    }
    if !any {
        return None;
    }
    builder.build().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitignore_is_honoured_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("drafts")).unwrap();
        std::fs::write(root.join(".gitignore"), "drafts/\n*.bak\n").unwrap();
        std::fs::write(root.join("a.txt"), "x").unwrap();
        std::fs::write(root.join("b.bak"), "x").unwrap();
        std::fs::write(root.join("drafts/c.txt"), "x").unwrap();
        let list = |opts: &WalkOptions| -> Vec<PathBuf> {
            walk(&[root.to_path_buf()], opts)
                .into_iter()
                .map(|r| r.unwrap().strip_prefix(root).unwrap().to_path_buf())
                .collect()
        };
        assert_eq!(list(&WalkOptions::default()), [PathBuf::from("a.txt")]);
        let all = list(&WalkOptions {
            hidden: true,
            no_ignore: true,
        });
        assert_eq!(
            all,
            [".gitignore", "a.txt", "b.bak", "drafts/c.txt"].map(PathBuf::from)
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        std::fs::write(dir.path().join("sub/a.txt"), "x").unwrap();
        let results = walk(&[dir.path().to_path_buf()], &WalkOptions::default());
        assert!(results
            .iter()
            .any(|r| r.as_ref().is_ok_and(|p| p.ends_with("a.txt"))));
        let err = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert!(err.to_string().contains("symlink loop"), "{err}");
    }
}
