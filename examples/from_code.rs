//! # Index articles you built in code (e.g. from database rows)
//!
//! `cargo run --example from_code`

use newsidx_core::{Article, Index, ParagraphKind, Published, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // # Rows as your program has them.
    let rows = [
        (
            "db-1",
            "Soybean purchases resume",
            "2019-06-30",
            "China bought 544,000 metric tons of U.S. soybeans.",
        ),
        (
            "db-2",
            "ZTE fined",
            "2018-06-07",
            "ZTE agreed to pay a $1 billion fine and replace its board.",
        ),
    ];

    // # Turn each row into an Article and write it; an article replaces any
    // earlier one with the same id.
    let dir = std::env::temp_dir().join("newsidx-from-code");
    let _ = Index::remove(&dir);
    let index = Index::open_or_create(&dir)?;
    let mut writer = index.writer()?;
    for (id, title, date, text) in rows {
        let mut article = Article::new(title);
        article.meta.id = id.to_string();
        article.meta.published = Published::parse(date);
        article.meta.source = Some("Example Wire".into());
        article.push_paragraph(ParagraphKind::Body, text);
        writer.add_article(&article)?;
    }
    writer.commit()?;

    // # Search with a date filter.
    let results = index.search(&SearchRequest::new("fine OR soybeans").since("2019-01-01")?)?;
    for hit in &results.hits {
        println!(
            "{} {} {:?}",
            hit.article.id, hit.article.title, hit.article.published
        );
    }
    assert_eq!(results.hits.len(), 1);
    Ok(())
}
