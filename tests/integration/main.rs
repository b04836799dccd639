//! Integration tests: the real `newsidx` binary on the bundled seed articles, in
//! a fresh temporary directory per test. One module per topic.

mod util;

mod cli;
mod hostile;
mod index;
mod progress;
mod query;
