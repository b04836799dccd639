//! Turning library results into terminal text. The only place that knows about
//! colour.

pub mod hits;
pub mod pager;
pub mod summary;
