//! News in other languages than English (issue 16), and the Unicode forms of
//! issue 18: each article is stemmed in its detected language, Chinese and
//! Japanese are cut into bigrams, and a query finds the inflected or
//! segmented forms, highlighted, through the real `index` and `query`.
//!
//! The articles in `tests/data/languages/` were written for these tests:
//! short news stories in French, German, Spanish, Russian, Chinese and
//! Japanese, beside the English seeds.

use std::path::Path;

use crate::util::{file_of, highlighted, Env};

/// The seeds plus the six articles of `tests/data/languages/`, indexed.
fn env() -> Env {
    let env = Env::with_seeds();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/languages");
    let mut copied = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/data/languages exists") {
        let p = entry.unwrap().path();
        std::fs::copy(&p, env.path("news").join(p.file_name().unwrap())).unwrap();
        copied += 1;
    }
    assert_eq!(copied, 6, "the six language articles in {}", dir.display());
    env.index_seeds();
    env
}

/// The files of the hits of `newsidx query --json ARGS`, and the hits.
fn query(env: &Env, args: &[&str]) -> (Vec<String>, Vec<serde_json::Value>) {
    let (_, hits) = env.json_query(args);
    (hits.iter().map(file_of).collect(), hits)
}

/// Every highlighted substring of every passage of a hit.
fn all_highlights(hit: &serde_json::Value) -> Vec<String> {
    let n = hit["passages"].as_array().map_or(0, Vec::len);
    (0..n).flat_map(|i| highlighted(hit, i)).collect()
}

#[test]
fn each_article_records_its_detected_language() {
    let env = env();
    for (q, file, lang) in [
        ("пошлина", "ru.txt", "ru"),
        ("tarif", "fr.txt", "fr"),
        ("Zoll", "de.txt", "de"),
        ("arancel", "es.txt", "es"),
        ("华为", "zh.txt", "zh"),
        ("トランプ", "ja.txt", "ja"),
    ] {
        let (files, hits) = query(&env, &[q]);
        assert_eq!(files, [file], "{q}");
        assert_eq!(hits[0]["article"]["language"], lang, "{q}");
    }
}

/// Issue 16: every article got the English stemmer, so `пошлина` did not find
/// `пошлинах`.
#[test]
fn a_russian_word_finds_its_inflected_forms() {
    let env = env();
    let (files, hits) = query(&env, &["пошлина"]);
    assert_eq!(files, ["ru.txt"]);
    assert_eq!(all_highlights(&hits[0]), ["пошлинах"]);
    let title = hits[0]["article"]["title"].as_str().unwrap();
    let spans = hits[0]["title_highlights"].as_array().unwrap();
    let lit: Vec<&str> = spans
        .iter()
        .map(|s| &title[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(lit, ["пошлины"]);
}

#[test]
fn a_french_inflected_query_finds_and_highlights_its_article() {
    let env = env();
    let (files, hits) = query(&env, &["tarif douanier"]);
    assert_eq!(files, ["fr.txt"]);
    assert_eq!(all_highlights(&hits[0]), ["tarifs", "douaniers"]);
}

#[test]
fn german_and_spanish_inflections_meet_at_their_stems() {
    let env = env();
    let (files, hits) = query(&env, &["Zoll"]);
    assert_eq!(files, ["de.txt"]);
    assert_eq!(all_highlights(&hits[0]), ["Zölle"]);
    let (files, hits) = query(&env, &["arancel"]);
    assert_eq!(files, ["es.txt"]);
    assert_eq!(all_highlights(&hits[0]), ["aranceles"]);
}

/// Issue 16: a CJK run of 14 or more characters was dropped as one overlong
/// word, and a shorter one was a word of its own, so `华为` and `关税` found
/// nothing inside a sentence.
#[test]
fn chinese_words_are_found_inside_sentences() {
    let env = env();
    let (files, hits) = query(&env, &["华为"]);
    assert_eq!(files, ["zh.txt"]);
    assert_eq!(all_highlights(&hits[0]), ["华为"]);
    let (files, hits) = query(&env, &["加征关税"]);
    assert_eq!(files, ["zh.txt"]);
    assert_eq!(all_highlights(&hits[0]), ["加征关税"]);
}

/// Issue 16: `トランプ` and `関税` found nothing, and a Japanese query was
/// refused as "only punctuation or symbols".
#[test]
fn japanese_words_are_found_and_a_japanese_query_is_not_refused() {
    let env = env();
    let (files, hits) = query(&env, &["トランプ"]);
    assert_eq!(files, ["ja.txt"]);
    assert_eq!(all_highlights(&hits[0]), ["トランプ"]);
    let (files, hits) = query(&env, &["関税"]);
    assert_eq!(files, ["ja.txt"]);
    assert_eq!(all_highlights(&hits[0]), ["関税"]);
    let r = env.run(&["query", "日本から輸入される自動車と部品に追加の関税"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("ja.txt"), "{}", r.stdout);
}

#[test]
fn the_lang_filter_restricts_results() {
    let env = env();
    let (mut all, _) = query(&env, &["Washington"]);
    all.sort();
    assert!(all.len() > 2, "{all:?}");
    assert!(all.contains(&"fr.txt".to_string()), "{all:?}");
    assert!(all.contains(&"es.txt".to_string()), "{all:?}");
    let (files, _) = query(&env, &["--lang", "fr", "Washington"]);
    assert_eq!(files, ["fr.txt"]);
    let (mut files, _) = query(&env, &["--lang", "fr", "--lang", "ES", "Washington"]);
    files.sort();
    assert_eq!(files, ["es.txt", "fr.txt"]);
    let (code, hits) = env.json_query(&["--lang", "ru", "Washington"]);
    assert_eq!((code, hits.len()), (1, 0));
}

/// Issue 18: a decomposed `u` + combining diaeresis split `Zürich` in two.
#[test]
fn decomposed_accents_are_found_by_plain_and_composed_spellings() {
    let env = Env::empty();
    std::fs::create_dir(env.path("news")).unwrap();
    std::fs::write(
        env.path("news/bank.txt"),
        "Bank opens in Zurich\n\nThe bank said on Monday that its new office in Zu\u{308}rich \
         would open next spring, with two hundred staff.\n",
    )
    .unwrap();
    env.index_seeds();
    for q in ["zurich", "Zürich", "Zu\u{308}rich"] {
        let (files, hits) = query(&env, &[q]);
        assert_eq!(files, ["bank.txt"], "{q}");
        assert_eq!(all_highlights(&hits[0]), ["Zu\u{308}rich"], "{q}");
    }
}

/// Issue 18: a NUL inside text joined the words around it.
#[test]
fn nul_inside_text_separates_words() {
    let env = Env::empty();
    std::fs::create_dir(env.path("news")).unwrap();
    std::fs::write(
        env.path("news/ports.json"),
        r#"{"title": "Ports report", "text": "Container traffic\u0000volumes fell at Asian ports in May, the report said."}"#,
    )
    .unwrap();
    env.index_seeds();
    let (files, hits) = query(&env, &["volumes"]);
    assert_eq!(files, ["ports.json"]);
    assert_eq!(all_highlights(&hits[0]), ["volumes"]);
}
