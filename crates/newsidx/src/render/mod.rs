//! Turning library results into output: terminal text (colour or not), HTML,
//! JSON and tables, always into a caller's `io::Write` so that tests print into
//! a buffer and snapshot it. The only place that knows about colour. Nothing
//! here searches, reads input files or decides an exit code.

pub mod bench;
pub mod escape;
pub mod eval;
pub mod hits;
pub mod pager;
pub mod summary;

/// What a printer writes, as a string: the buffer every snapshot test reads.
#[cfg(test)]
pub(crate) fn printed(print: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    print(&mut out).expect("a Vec takes every write");
    String::from_utf8(out).expect("the printers write UTF-8")
}
