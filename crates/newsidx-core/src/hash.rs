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
pub(crate) fn stable_id(path: &Path, key: &str) -> String {
    let mut h = Fnv64::new();
    h.write(path.to_string_lossy().as_bytes());
    h.write(b"\0");
    h.write(key.as_bytes());
    format!("{:016x}", h.finish())
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
