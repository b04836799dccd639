//! The fast columns a search reads, opened once per segment.
//!
//! Opening a column parses its header and, for a multi-valued column, the
//! block index of its offsets: work proportional to the segment, which every
//! search paid for three columns before this cache (at a million articles, more
//! than reading the few values a search needs).
//!
//! This module only caches columns; it must not score or filter.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::columnar::{Column, ColumnValues};
use tantivy::index::SegmentId;
use tantivy::SegmentReader;

use crate::error::Result;

/// One segment's columns.
pub(crate) struct SegmentColumns {
    /// Each article's id hash (ties in score break on it).
    pub id_hash: Column<u64>,
    /// Each article's near-duplicate sketch.
    pub sketch: Column<u64>,
    /// Where each of an article's paragraphs ends in its body.
    pub para_ends: Column<u64>,
}

impl SegmentColumns {
    /// The number of paragraphs in the segment (deleted articles' included).
    pub fn paragraphs(&self) -> u64 {
        u64::from(self.para_ends.values.num_vals())
    }
}

/// Columns by segment. Entries of segments that merges removed are dropped
/// when the cache holds more segments than the searcher asking.
#[derive(Default)]
pub(crate) struct Cache {
    by_segment: Mutex<HashMap<SegmentId, Arc<SegmentColumns>>>,
}

impl Cache {
    /// The columns of `seg`; `live` is the number of segments of the searcher
    /// asking, and `is_live` tells whether a segment is one of them.
    pub fn get(
        &self,
        seg: &SegmentReader,
        live: usize,
        is_live: impl Fn(&SegmentId) -> bool,
    ) -> Result<Arc<SegmentColumns>> {
        let id = seg.segment_id();
        if let Some(c) = self.lock().get(&id) {
            return Ok(Arc::clone(c));
        }
        let ff = seg.fast_fields();
        let columns = Arc::new(SegmentColumns {
            id_hash: ff.u64("id_hash")?,
            sketch: ff.u64("sketch")?,
            para_ends: ff.u64("para_ends")?,
        });
        let mut map = self.lock();
        if map.len() >= 2 * live.max(1) {
            map.retain(|k, _| is_live(k));
        }
        map.insert(id, Arc::clone(&columns));
        Ok(columns)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentId, Arc<SegmentColumns>>> {
        // A panic while holding the lock leaves a map that is still consistent.
        self.by_segment
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
