//! Stable hashes: article ids, the tie-breaker of equal scores, and the
//! shingle hashes of near-duplicate sketches.
//!
//! This module owns the one hash function newsidx stores in an index (FNV-1a,
//! 64 bits). Anything written to disk or compared across runs must hash through
//! it, because std's hasher may change between releases and platforms. It must
//! not be used where an attacker-chosen key could flood a hash table: it is not
//! a keyed hash.

use std::path::Path;

/// A stable 16-hex-digit id for the article of the file at `path` that `key`
/// names (`id:<external id>` or `n:<position>`).
///
/// The path is hashed as its exact bytes, so two files whose names differ only
/// in bytes that are not UTF-8 (`a\xe9.txt`, `a\xe8.txt`) get distinct ids; a
/// UTF-8 path hashes as it always did. The walk hands every file over under
/// one spelling of its path (see `ingest::walk`), so the id does not depend on
/// how the user spelled the folder.
pub(crate) fn stable_id(path: &Path, key: &str) -> String {
    let mut h = Fnv64::new();
    h.write(&path_bytes(path));
    h.write(b"\0");
    h.write(key.as_bytes());
    format!("{:016x}", h.finish())
}

/// The exact bytes of `path` as the operating system has them (on Unix); on
/// other systems, its UTF-8 form with invalid parts replaced.
#[cfg(unix)]
pub(crate) fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(path.as_os_str().as_bytes())
}

/// The exact bytes of `path` as the operating system has them (on Unix); on
/// other systems, its UTF-8 form with invalid parts replaced.
#[cfg(not(unix))]
pub(crate) fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    match path.to_string_lossy() {
        std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
        std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
    }
}

/// FNV-1a: tiny, stable across releases and platforms (std's hasher is not).
pub(crate) struct Fnv64(u64);

impl Fnv64 {
    pub(crate) fn new() -> Fnv64 {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = stable_id(Path::new("x/a.txt"), "n:0");
        assert_eq!(a, stable_id(Path::new("x/a.txt"), "n:0"));
        assert_ne!(a, stable_id(Path::new("x/a.txt"), "n:1"));
        assert_eq!(a.len(), 16);
    }

    #[cfg(unix)]
    #[test]
    fn ids_of_names_differing_only_in_invalid_bytes_differ() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let e9 = Path::new(OsStr::from_bytes(b"x/a\xe9.txt"));
        let e8 = Path::new(OsStr::from_bytes(b"x/a\xe8.txt"));
        assert_ne!(stable_id(e9, "n:0"), stable_id(e8, "n:0"));
        // A UTF-8 path keeps the id it always had (the bytes are the same).
        assert_eq!(stable_id(Path::new("x/a.txt"), "n:0"), "ffcedfe0fd624da9");
    }

    #[test]
    fn fnv1a_reference_values() {
        // The published FNV-1a 64 test vectors: ids already stored in indexes
        // depend on these exact values.
        let hash = |s: &str| {
            let mut h = Fnv64::new();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }
}
