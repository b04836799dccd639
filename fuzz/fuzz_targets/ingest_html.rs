//! Fuzzes the html reader through `ingest::parse_bytes` (decoding, sniffing,
//! the reader, and the finishing pass): any bytes must give articles or an
//! error, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = newsidx_core::ingest::parse_bytes("fuzz.html".as_ref(), data);
});
