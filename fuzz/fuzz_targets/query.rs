//! Fuzzes the query path: parsing, query building, ranking, passages and
//! highlights on a small index of the seed articles. Any string must give
//! results or a query error, and every highlight must be a valid span.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsidx_core::{Error, Index, IndexOptions, SearchRequest};

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = Index::create_in_ram().expect("in-RAM index");
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/news");
        index
            .index_paths(&[seeds], &IndexOptions::default(), &mut |_| {})
            .expect("seeds index");
        index
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(q) = std::str::from_utf8(data) else {
        return;
    };
    match index().search(&SearchRequest::new(q)) {
        Ok(results) => {
            for hit in results.hits {
                for p in hit.passages {
                    for s in p.highlights {
                        assert!(s.start < s.end && s.end <= p.text.len());
                        assert!(p.text.is_char_boundary(s.start) && p.text.is_char_boundary(s.end));
                    }
                }
            }
        }
        Err(Error::Query(e)) => assert!(e.position <= q.len()),
        Err(e) => panic!("unexpected error: {e}"),
    }
});
