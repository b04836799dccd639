//! Fuzzes the html reader with pages made of one fragment repeated many times,
//! the shape of every input that once took quadratic time (meta tags, one
//! element's attributes, formatting elements left open, bylines, `<html>` tags
//! with fresh attributes): the first byte picks the count (256 to 65,536
//! repetitions, at most 4 MB in all), the rest is the fragment. Any input must
//! give articles or an error, in time linear in its size: run.sh's
//! `-timeout=10` reports a slow one as a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&count, fragment)) = data.split_first() else {
        return;
    };
    if fragment.is_empty() {
        return;
    }
    let reps = ((usize::from(count) + 1) * 256).min((4 << 20) / fragment.len());
    let page = fragment.repeat(reps);
    let _ = newsidx_core::ingest::parse_bytes("fuzz.html".as_ref(), &page);
});
