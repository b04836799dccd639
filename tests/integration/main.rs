//! Integration tests: the real `newsidx` binary on the bundled seed articles, in
//! a fresh temporary directory per test. One module per topic.

mod util;

mod articles;
mod cli;
mod guard;
mod hostile;
mod identity;
mod index;
mod languages;
mod progress;
mod query;
mod readers;
