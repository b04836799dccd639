//! The section a file's folder names.
//!
//! Archives are often laid out one folder per desk (`bbc/business/001.txt`,
//! `bbc/sport/002.txt`). When a source names no section, the folder a file
//! sits in is taken as its section, provided that folder is below the folder
//! the user indexed (the seeds in `seeds/` get none) and its name has a letter
//! in it (folders by date, `2019/06/30/`, name no section).

use std::path::{Component, Path, PathBuf};

/// The section `path`'s folder names, given the `roots` the walk started from.
///
/// ```
/// use std::path::{Path, PathBuf};
/// use newsidx_core::ingest::folder_section;
///
/// let roots = [PathBuf::from("corpora/bbc")];
/// let section = folder_section(&roots, Path::new("corpora/bbc/business/001.txt"));
/// assert_eq!(section.as_deref(), Some("business"));
/// assert_eq!(folder_section(&roots, Path::new("corpora/bbc/001.txt")), None);
/// let dated = Path::new("corpora/bbc/2019/06/001.txt");
/// assert_eq!(folder_section(&roots, dated), None);
/// ```
pub fn folder_section(roots: &[PathBuf], path: &Path) -> Option<String> {
    let relative = roots
        .iter()
        .filter_map(|root| path.strip_prefix(root).ok())
        // The innermost root a file is under decides.
        .min_by_key(|rel| rel.components().count())?;
    let folders: Vec<Component> = relative.parent()?.components().collect();
    let Some(Component::Normal(name)) = folders.last() else {
        return None;
    };
    let name = name.to_str()?;
    name.chars()
        .any(char::is_alphabetic)
        .then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_folder_below_the_root_is_the_section() {
        let roots = [PathBuf::from("/data")];
        let s = |p: &str| folder_section(&roots, Path::new(p));
        assert_eq!(s("/data/bbc/sport/1.txt").as_deref(), Some("sport"));
        assert_eq!(s("/data/1.txt"), None);
        assert_eq!(s("/data/2019/1.txt"), None);
        assert_eq!(s("/elsewhere/sport/1.txt"), None);
        // A file given by name has no folder below its root.
        let file = [PathBuf::from("/data/bbc/sport/1.txt")];
        assert_eq!(
            folder_section(&file, Path::new("/data/bbc/sport/1.txt")),
            None
        );
    }
}
