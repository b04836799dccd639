//! Metric values computed by hand, and the readers on small real-shaped files.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;

fn judged(pairs: &[(&str, i32)]) -> Judgments {
    pairs.iter().map(|(d, r)| (d.to_string(), *r)).collect()
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn metrics_by_hand() {
    // Three relevant documents (d1, d3, d7), one judged non-relevant (d2).
    // Relevant retrieved at ranks 2 and 4.
    let j = judged(&[("d1", 1), ("d3", 1), ("d7", 1), ("d2", 0)]);
    let m = evaluate_topic(&["d2", "d1", "d4", "d3"], &j);
    close(m.ap, (1.0 / 2.0 + 2.0 / 4.0) / 3.0);
    close(m.p10, 0.2);
    close(m.recall100, 2.0 / 3.0);
    close(m.rr, 0.5);
    // DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3) + 1/log2(4).
    let dcg = 1.0 / 3f64.log2() + 1.0 / 5f64.log2();
    let idcg = 1.0 + 1.0 / 3f64.log2() + 0.5;
    close(m.ndcg10, dcg / idcg);
    assert!((m.ndcg10 - 0.498_189).abs() < 1e-6);
}

#[test]
fn graded_ndcg_uses_the_judgment_as_gain() {
    let j = judged(&[("a", 2), ("b", 1)]);
    let m = evaluate_topic(&["b", "a"], &j);
    close(
        m.ndcg10,
        (1.0 + 2.0 / 3f64.log2()) / (2.0 + 1.0 / 3f64.log2()),
    );
    close(m.ap, (1.0 + 1.0) / 2.0);
}

#[test]
fn cutoffs() {
    // The only relevant document at rank 11: outside P@10 and nDCG@10, inside
    // R@100; at rank 101 only AP and RR see it.
    let j = judged(&[("r", 1)]);
    let mut docs: Vec<String> = (0..10).map(|i| format!("n{i}")).collect();
    docs.push("r".into());
    let m = evaluate_topic(&docs, &j);
    assert_eq!((m.p10, m.ndcg10, m.recall100), (0.0, 0.0, 1.0));
    close(m.ap, 1.0 / 11.0);
    close(m.rr, 1.0 / 11.0);
    let mut docs: Vec<String> = (0..100).map(|i| format!("n{i}")).collect();
    docs.push("r".into());
    let m = evaluate_topic(&docs, &j);
    assert_eq!(m.recall100, 0.0);
    close(m.ap, 1.0 / 101.0);
}

#[test]
fn nothing_relevant_retrieved() {
    let m = evaluate_topic(&["x"], &judged(&[("r", 1)]));
    assert_eq!(m, Metrics::default());
    let none: [&str; 0] = [];
    assert_eq!(
        evaluate_topic(&none, &judged(&[("r", 1)])),
        Metrics::default()
    );
}

#[test]
fn means_count_unanswered_topics_as_zero() {
    let qrels = parse_qrels(
        Path::new("q"),
        "1 0 a 1\n1 0 b 0\n2 0 c 1\n3 0 d 0\n",
        Layout::Auto,
        IdMap::Identity,
    )
    .unwrap();
    let mut ranked: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    ranked.insert("1", vec!["a"]);
    ranked.insert("9", vec!["zzz"]);
    let e = evaluate(&ranked, &qrels);
    // Topic 3 has no relevant document: not averaged. Topic 2 is unanswered.
    assert_eq!(e.per_topic.len(), 2);
    assert_eq!(e.missing, ["2"]);
    close(e.mean.ap, 0.5);
    close(e.mean.rr, 0.5);
}

#[test]
fn run_order_is_trec_eval_order() {
    let run = parse_run(
        Path::new("r"),
        "1 Q0 a 1 1.0 t\n1 Q0 b 2 2.0 t\n1 Q0 c 3 2.0 t\n1 Q0 a 4 0.5 t\n",
    )
    .unwrap();
    // Score descending, ties by docid descending, the repeat of `a` dropped.
    assert_eq!(run.ranked()["1"], ["c", "b", "a"]);
    assert_eq!(run.tag.as_deref(), Some("t"));
}

#[test]
fn written_runs_keep_their_order() {
    let ranking: Vec<(String, f64)> = vec![("b".into(), 1.0), ("a".into(), 3.0), ("c".into(), 1.0)];
    let mut out = Vec::new();
    write_run(&mut out, "7", &ranking, "x").unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "7 Q0 b 1 1.000000 x\n7 Q0 a 2 0.999900 x\n7 Q0 c 3 0.999800 x\n"
    );
    let run = parse_run(Path::new("r"), &text).unwrap();
    assert_eq!(run.ranked()["7"], ["b", "a", "c"]);
}

#[test]
fn time_id_map() {
    let m: IdMap = "time".parse().unwrap();
    assert_eq!(m, IdMap::TIME);
    assert_eq!(m.map("1").as_deref(), Some("1"));
    assert_eq!(m.map("370").as_deref(), Some("370"));
    assert_eq!(m.map("371"), None);
    assert_eq!(m.map("372"), None);
    assert_eq!(m.map("373").as_deref(), Some("371"));
    assert_eq!(m.map("378").as_deref(), Some("376"));
    assert_eq!(m.map("425").as_deref(), Some("423"));
    assert_eq!("gap:370:2".parse::<IdMap>().unwrap(), IdMap::TIME);
    assert_eq!(IdMap::TIME.to_string(), "time");
    assert!("gap:x".parse::<IdMap>().is_err());
}

#[test]
fn smart_qrels_time_style() {
    let text = "1  268 288 304\n\n2  326 334\n\n3  370 378 385\n";
    let q = parse_qrels(Path::new("TIME.REL"), text, Layout::Auto, IdMap::TIME).unwrap();
    assert_eq!(q.topics.len(), 3);
    assert_eq!(q.topics["1"].len(), 3);
    let mut t3: Vec<&String> = q.topics["3"].keys().collect();
    t3.sort();
    assert_eq!(t3, ["370", "376", "383"]);
    let mut out = Vec::new();
    q.write_trec(&mut out).unwrap();
    assert!(String::from_utf8(out).unwrap().starts_with("1 0 268 1\n"));
}

#[test]
fn smart_qrels_cacm_style() {
    let q = parse_qrels(
        Path::new("qrels.text"),
        "01 1410  0 0\n01 1572  0 0\n02 2434  0 0\n",
        Layout::Auto,
        IdMap::Identity,
    )
    .unwrap();
    assert_eq!(q.topics["01"].len(), 2);
    assert_eq!(q.topics["02"]["2434"], 1);
}

#[test]
fn bad_trec_qrels_name_the_line() {
    let e = parse_qrels(
        Path::new("x.qrels"),
        "1 0 a 1\n1 0 b\n",
        Layout::Trec,
        IdMap::Identity,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.qrels:2: expected `qid 0 docid rel`, found 3 fields"
    );
}

#[test]
fn find_topics() {
    let text = "*FIND      1\n\n KENNEDY ADMINISTRATION PRESSURE\n\nON DIEM .\n\n*FIND      2\n\n WHAT IS THE \"HOT LINE\" .\n\n*STOP\n";
    let t = parse_topics(Path::new("TIME.QUE"), text, Layout::Auto).unwrap();
    assert_eq!(
        t,
        [
            Topic {
                id: "1".into(),
                text: "KENNEDY ADMINISTRATION PRESSURE ON DIEM .".into()
            },
            Topic {
                id: "2".into(),
                text: "WHAT IS THE \"HOT LINE\" .".into()
            },
        ]
    );
}

#[test]
fn dot_i_topics() {
    let q = ".I 1\n.W\nWhat problems of heat\nconduction?\n.N\n1. author\n.I 2\n.T\nTitle two\n.W\nbody two\n";
    let t = parse_topics(Path::new("query.text"), q, Layout::Auto).unwrap();
    assert_eq!(t[0].text, "What problems of heat conduction?");
    assert_eq!(t[1].text, "Title two body two");
    // CRLF, as in MED.QRY and cran.qry.
    let crlf = parse_topics(Path::new("MED.QRY"), &q.replace('\n', "\r\n"), Layout::Auto).unwrap();
    assert_eq!(crlf, t);
}

#[test]
fn trec_topics() {
    let text = "<top>\n<num> Number: 301\n<title> International Organized Crime\n\n<desc> Description:\nIdentify organizations.\n</top>\n<top>\n<num> Number: 302 \n<title>Poliomyelitis\n</top>\n";
    let t = parse_topics(Path::new("topics"), text, Layout::Trec).unwrap();
    assert_eq!(t.len(), 2);
    assert_eq!(t[0].id, "301");
    assert_eq!(t[0].text, "International Organized Crime");
    assert_eq!(t[1].text, "Poliomyelitis");
    let tsv = parse_topics(Path::new("t.tsv"), "7\tblack bear attacks\n", Layout::Auto).unwrap();
    assert_eq!(tsv[0].id, "7");
    assert_eq!(tsv[0].text, "black bear attacks");
}

/// The four classic collections' topics and judgments, counted against their
/// READMEs and an independent count of header lines.
#[test]
fn real_topics_and_judgments() {
    use crate::ingest::testdata::{corpus_path, corpus_text};
    let starts = |text: &str, prefix: &str| text.lines().filter(|l| l.starts_with(prefix)).count();
    for (file, prefix, count) in [
        ("time/TIME.QUE", "*FIND", 83),
        ("cacm/query.text", ".I ", 64),
        ("cran/cran.qry", ".I ", 225),
        ("med/MED.QRY", ".I ", 30),
    ] {
        let text = corpus_text(file);
        let topics = parse_topics(&corpus_path(file), &text, Layout::Auto).unwrap();
        assert_eq!(topics.len(), starts(&text, prefix), "{file}");
        assert_eq!(topics.len(), count, "{file}");
        assert!(topics.iter().all(|t| !t.text.is_empty()), "{file}");
    }
    let med = parse_topics(
        Path::new("MED.QRY"),
        &corpus_text("med/MED.QRY"),
        Layout::Auto,
    )
    .unwrap();
    assert_eq!(
        med[0].text,
        "the crystalline lens in vertebrates, including humans."
    );
    let pairs = |q: &Qrels| q.topics.values().map(|j| j.len()).sum::<usize>();
    let time = read_qrels(&corpus_path("time/TIME.REL"), Layout::Auto, IdMap::TIME).unwrap();
    assert_eq!(
        (time.topics.len(), pairs(&time), time.unmapped),
        (83, 324, 0)
    );
    let med = read_qrels(&corpus_path("med/MED.REL"), Layout::Auto, IdMap::Identity).unwrap();
    assert_eq!((med.topics.len(), pairs(&med)), (30, 696));
}
