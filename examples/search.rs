//! # Index a folder and search it
//!
//! `cargo run --example search -- examples/news "Huawei entity list"`

use newsidx_core::{Index, IndexOptions, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let folder = args.next().unwrap_or_else(|| "examples/news".into());
    let query = args.next().unwrap_or_else(|| "Huawei entity list".into());

    // # Build an index in memory from every article under the folder.
    let index = Index::create_in_ram()?;
    let report = index.index_paths(&[folder.into()], &IndexOptions::default(), &mut |_| {})?;
    println!("indexed {} articles", report.articles);

    // # Search, and print each hit with its best passage.
    for hit in index.search(&SearchRequest::new(query))?.hits {
        println!(
            "{}. {} ({})",
            hit.rank,
            hit.article.title,
            hit.article.path.display()
        );
        for p in hit.passages.iter().take(1) {
            println!("   {}", p.text);
            for s in &p.highlights {
                println!("   highlighted: {}", &p.text[s.start..s.end]);
            }
        }
    }
    Ok(())
}
