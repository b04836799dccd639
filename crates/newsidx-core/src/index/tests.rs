//! Tests of the writer and of incremental runs, on in-RAM indexes over
//! temporary folders (and one index on disk, for what only a directory has).

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::document::read_meta;
use super::schema::KIND_ARTICLE;
use super::{Index, IndexOptions, IndexReport};
use crate::article::{Article, ParagraphKind};

/// The titles of the searchable articles, sorted.
fn titles(index: &Index) -> Vec<String> {
    let f = &index.fields;
    let searcher = index.reader.searcher();
    let query = TermQuery::new(
        Term::from_field_text(f.kind, KIND_ARTICLE),
        IndexRecordOption::Basic,
    );
    let mut out: Vec<String> = searcher
        .search(&query, &DocSetCollector)
        .unwrap()
        .into_iter()
        .map(|addr| {
            let doc: TantivyDocument = searcher.doc(addr).unwrap();
            read_meta(f, &doc).title
        })
        .collect();
    out.sort();
    out
}

fn article(id: &str, title: &str) -> Article {
    let mut a = Article::new(title);
    a.meta.id = id.into();
    a.push_paragraph(ParagraphKind::Body, "China bought soybeans.");
    a
}

fn run(index: &Index, root: &Path) -> IndexReport {
    index
        .index_paths(&[root.to_path_buf()], &IndexOptions::default(), &mut |_| {})
        .unwrap()
}

/// Writes a one-article text file titled `title` and dates its modification
/// at `mtime` seconds, so that tests never depend on the clock's resolution.
fn write_story(path: &Path, title: &str, mtime: u64) {
    std::fs::write(path, format!("{title}\n\nThe U.S. raised tariffs.\n")).unwrap();
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(UNIX_EPOCH + Duration::from_secs(mtime))
        .unwrap();
}

/// (indexed, unchanged, removed, articles) of a run.
fn counts(r: &IndexReport) -> (usize, usize, usize, usize) {
    (
        r.files_indexed,
        r.files_unchanged,
        r.files_removed,
        r.articles,
    )
}

#[test]
fn articles_become_visible_at_commit() {
    let index = Index::create_in_ram().unwrap();
    let mut writer = index.writer().unwrap();
    writer
        .add_article(&article("a", "Soybean exports rise"))
        .unwrap();
    assert!(titles(&index).is_empty());
    writer.commit().unwrap();
    assert_eq!(titles(&index), ["Soybean exports rise"]);
}

#[test]
fn a_writer_dropped_without_commit_adds_nothing() {
    let index = Index::create_in_ram().unwrap();
    {
        let mut writer = index.writer().unwrap();
        writer
            .add_article(&article("a", "Soybean exports rise"))
            .unwrap();
    }
    index.writer().unwrap().commit().unwrap();
    assert!(titles(&index).is_empty());
}

#[test]
fn an_article_with_the_same_id_replaces_the_old_one() {
    let index = Index::create_in_ram().unwrap();
    let mut writer = index.writer().unwrap();
    writer.add_article(&article("a", "First title")).unwrap();
    writer.commit().unwrap();
    writer.add_article(&article("a", "Second title")).unwrap();
    writer.add_article(&article("b", "Other story")).unwrap();
    writer.commit().unwrap();
    assert_eq!(titles(&index), ["Other story", "Second title"]);
}

#[test]
fn remove_file_removes_the_articles_recorded_under_it() {
    let index = Index::create_in_ram().unwrap();
    let mut writer = index.writer().unwrap();
    let mut a = article("a", "From a");
    a.meta.path = PathBuf::from("news/a.txt");
    let mut b = article("b", "From b");
    b.meta.path = PathBuf::from("news/b.txt");
    writer.add_article(&a).unwrap();
    writer.add_article(&b).unwrap();
    writer.commit().unwrap();
    writer.remove_file("news/a.txt");
    writer.commit().unwrap();
    assert_eq!(titles(&index), ["From b"]);
}

/// A temporary folder holding one story per `(relative path, title)`, all
/// modified at second 1,000, and an in-RAM index of `root` (a subfolder, or
/// `""` for the whole folder) after one run.
fn indexed(stories: &[(&str, &str)], root: &str) -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    for (rel, title) in stories {
        let path = dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        write_story(&path, title, 1_000);
    }
    let index = Index::create_in_ram().unwrap();
    let root = match root {
        "" => dir.path().to_path_buf(),
        sub => dir.path().join(sub),
    };
    run(&index, &root);
    (dir, index)
}

#[test]
fn an_unchanged_file_is_skipped() {
    let (dir, index) = indexed(&[("a.txt", "Tariffs rise")], "");
    assert_eq!(counts(&run(&index, dir.path())), (0, 1, 0, 0));
    assert_eq!(titles(&index), ["Tariffs rise"]);
}

#[test]
fn a_file_of_another_size_is_read_again_and_replaces_its_articles() {
    let (dir, index) = indexed(&[("a.txt", "Tariffs rise")], "");
    write_story(&dir.path().join("a.txt"), "Tariffs rise again", 1_000);
    assert_eq!(counts(&run(&index, dir.path())), (1, 0, 0, 1));
    assert_eq!(titles(&index), ["Tariffs rise again"]);
    assert_eq!(index.stats().unwrap().files, 1);
}

#[test]
fn a_file_with_another_mtime_is_read_again_and_replaces_its_articles() {
    let (dir, index) = indexed(&[("a.txt", "Tariffs rise")], "");
    // The same size: only the modification time tells.
    write_story(&dir.path().join("a.txt"), "Tariffs fall", 2_000);
    assert_eq!(counts(&run(&index, dir.path())), (1, 0, 0, 1));
    assert_eq!(titles(&index), ["Tariffs fall"]);
}

#[test]
fn a_vanished_files_articles_are_removed() {
    let (dir, index) = indexed(&[("a.txt", "Tariffs rise"), ("b.txt", "Soybeans sold")], "");
    std::fs::remove_file(dir.path().join("a.txt")).unwrap();
    assert_eq!(counts(&run(&index, dir.path())), (0, 1, 1, 0));
    assert_eq!(titles(&index), ["Soybeans sold"]);
    assert_eq!(index.stats().unwrap().files, 1);
}

const TWO_FOLDERS: [(&str, &str); 2] = [
    ("one/a.txt", "Tariffs rise"),
    ("two/b.txt", "Soybeans sold"),
];

#[test]
fn files_outside_the_runs_paths_are_left_alone() {
    let (dir, index) = indexed(&TWO_FOLDERS, "one");
    assert_eq!(counts(&run(&index, &dir.path().join("two"))), (1, 0, 0, 1));
    assert_eq!(titles(&index), ["Soybeans sold", "Tariffs rise"]);
}

#[test]
fn a_rebuild_reads_everything_and_drops_what_it_did_not_find() {
    let (dir, index) = indexed(&TWO_FOLDERS, "");
    let options = IndexOptions {
        rebuild: true,
        ..IndexOptions::default()
    };
    let report = index
        .index_paths(&[dir.path().join("two")], &options, &mut |_| {})
        .unwrap();
    // Nothing counts as removed: the whole index was dropped.
    assert_eq!(counts(&report), (1, 0, 0, 1));
    assert_eq!(titles(&index), ["Soybeans sold"]);
}

#[test]
fn files_left_by_a_killed_run_are_garbage_collected_by_the_next_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    let index = Index::open_or_create(&path).unwrap();
    let mut writer = index.writer().unwrap();
    writer.add_article(&article("a", "Tariffs rise")).unwrap();
    writer.commit().unwrap();
    drop(writer);
    drop(index);
    // A killed run leaves files that tantivy registered as its own (in
    // `.managed.json`) but no commit refers to.
    let managed = path.join(".managed.json");
    let mut files: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(&managed).unwrap()).unwrap();
    files.push("0123456789abcdef0123456789abcdef.7.del".into());
    std::fs::write(&managed, serde_json::to_string(&files).unwrap()).unwrap();
    let orphan = path.join("0123456789abcdef0123456789abcdef.7.del");
    std::fs::write(&orphan, "left behind").unwrap();

    // The next run opens the index afresh; its writer must clear the way
    // before writing anything (tantivy itself collects only after a commit).
    let index = Index::open(&path).unwrap();
    let mut writer = index.writer().unwrap();
    assert!(!orphan.exists());
    writer.add_article(&article("b", "Soybeans sold")).unwrap();
    writer.commit().unwrap();
    assert_eq!(titles(&index), ["Soybeans sold", "Tariffs rise"]);
}
