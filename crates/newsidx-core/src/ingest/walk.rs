//! Finding the files to read under the paths a user names.
//!
//! The walk follows what a user of ripgrep or fd expects: hidden files and
//! folders and `.gitignore`d paths are skipped unless asked for, symlinks are
//! followed with loop detection, and a path named explicitly is always read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::error::Error;

/// How [`walk`] chooses files.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// Also read hidden files and folders (names starting with `.`).
    pub hidden: bool,
    /// Also read files that `.gitignore` or `.ignore` files exclude.
    pub no_ignore: bool,
}

/// Lists the files under `roots`, in a stable (sorted) order. Unreadable entries
/// and symlink loops come back as errors naming the path; the walk goes on.
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
/// assert_eq!(files, [dir.path().join("a.txt")]);
/// ```
pub fn walk(roots: &[PathBuf], options: &WalkOptions) -> Vec<Result<PathBuf, Error>> {
    let mut out = Vec::new();
    let mut ignores: HashMap<PathBuf, Option<Gitignore>> = HashMap::new();
    for root in roots {
        match std::fs::metadata(root) {
            Err(e) => {
                out.push(Err(Error::io(root, e)));
                continue;
            }
            Ok(m) if m.is_file() => {
                out.push(Ok(root.clone()));
                continue;
            }
            Ok(_) => {}
        }
        let walker = walkdir::WalkDir::new(root)
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
                if options.no_ignore {
                    return true;
                }
                !is_ignored(e.path(), e.file_type().is_dir(), root, &mut ignores)
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => out.push(Ok(e.into_path())),
                Ok(_) => {}
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
                    out.push(Err(Error::io(path, reason)));
                }
            }
        }
    }
    out
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
