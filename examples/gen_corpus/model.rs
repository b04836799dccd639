//! The scale-corpus model: learns word sequences, lengths, dates, datelines and
//! tags from real news articles, then writes any number of new articles from
//! them, deterministically for a given seed.
//!
//! Shared by `examples/gen_corpus` and the criterion benches (`benches/`), which
//! include this file with `#[path]`, so that both measure the same kind of text.
//!
//! What it models, and why:
//! - **Words** come from a bigram chain over whitespace tokens (punctuation stays
//!   attached), so term frequencies, co-occurrences and phrases ("interest
//!   rates", "crude oil") behave as in the real corpora.
//! - **Vocabulary growth**: a real archive keeps meeting new names as it grows.
//!   About 2% of the words are synthetic proper names drawn from a Zipf-like
//!   (log-uniform rank) law over a large name space, so a 1M-article corpus has a
//!   long tail of rare terms, as real archives do, instead of the fixed vocabulary
//!   of the seed texts.
//! - **Lengths**: paragraph counts per article, words per paragraph and words
//!   per title are drawn from the seed articles' own distributions.
//! - **Dates**: the month, day and time of a real article, in a year spread
//!   uniformly over 1987–2024, so date filters and date sorts have a range to
//!   work on.

#![allow(dead_code)] // The benches use part of the API, the example another.

use std::collections::HashMap;
use std::path::PathBuf;

use newsidx_core::{Article, ParagraphKind, Published};

/// SplitMix64: tiny, fast, and the same numbers on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`, with `stream` picking an independent sequence
    /// (one a file, so files can be written in parallel and stay reproducible).
    pub fn new(seed: u64, stream: u64) -> Rng {
        // Both through the mixer: SplitMix states only step by a constant, so
        // starts that differ by a few bits would replay each other's sequence
        // shifted by a step or two, and streams would write the same text.
        let a = Rng(seed).next();
        let b = Rng(stream ^ a.rotate_left(17)).next();
        Rng(a ^ b.wrapping_mul(0xD6E8_FEB8_6659_FD93))
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A random element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The month, day and time of a seed article.
#[derive(Clone, Copy, Debug)]
struct DayTime {
    month: u32,
    day: u32,
    secs: u32,
}

/// What the generator learned from the seed articles.
pub struct Model {
    words: Vec<String>,
    /// Each word's successors, with repetition: a uniform pick is a pick by
    /// bigram frequency.
    next: Vec<Vec<u32>>,
    /// Words that open a sentence.
    starts: Vec<u32>,
    title_words: Vec<String>,
    title_next: Vec<Vec<u32>>,
    title_starts: Vec<u32>,
    paragraphs_per_article: Vec<u32>,
    words_per_paragraph: Vec<u32>,
    words_per_title: Vec<u32>,
    days: Vec<DayTime>,
    datelines: Vec<String>,
    tag_sets: Vec<Vec<String>>,
    /// Size of the synthetic name space.
    pub name_space: u64,
    /// Share of words replaced by a synthetic name.
    pub name_rate: f64,
    /// Seed articles learned from.
    pub seed_articles: usize,
}

/// A bigram chain over whitespace tokens.
#[derive(Default)]
struct Chain {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    next: Vec<Vec<u32>>,
    starts: Vec<u32>,
}

impl Chain {
    fn id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(w.to_string(), id);
        self.words.push(w.to_string());
        self.next.push(Vec::new());
        id
    }

    /// Learns one run of text; returns its number of words.
    fn learn(&mut self, text: &str) -> usize {
        let mut prev: Option<u32> = None;
        let mut n = 0;
        for w in text.split_whitespace() {
            let id = self.id(w);
            match prev {
                Some(p) if !ends_sentence(&self.words[p as usize]) => {
                    self.next[p as usize].push(id)
                }
                _ => self.starts.push(id),
            }
            prev = Some(id);
            n += 1;
        }
        n
    }
}

/// Month, day and time from the ISO spelling (`1987-02-26T15:01:01`, or a
/// day alone), which saves the example a chrono dependency.
fn day_time(p: &Published) -> Option<DayTime> {
    let s = p.to_string();
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (month, day) = (num(5..7)?, num(8..10)?);
    let secs = match (num(11..13), num(14..16), num(17..19)) {
        (Some(h), Some(m), Some(sec)) => h * 3600 + m * 60 + sec,
        _ => 0,
    };
    Some(DayTime {
        month,
        day: day.clamp(1, 28),
        secs,
    })
}

fn ends_sentence(w: &str) -> bool {
    w.ends_with(['.', '?', '!']) && w.len() > 2
}

impl Model {
    /// Learns from `articles`. Needs at least one article with text.
    pub fn learn<'a>(articles: impl IntoIterator<Item = &'a Article>) -> Model {
        let mut body = Chain::default();
        let mut title = Chain::default();
        let mut m = Model {
            words: Vec::new(),
            next: Vec::new(),
            starts: Vec::new(),
            title_words: Vec::new(),
            title_next: Vec::new(),
            title_starts: Vec::new(),
            paragraphs_per_article: Vec::new(),
            words_per_paragraph: Vec::new(),
            words_per_title: Vec::new(),
            days: Vec::new(),
            datelines: Vec::new(),
            tag_sets: Vec::new(),
            name_space: 1_000_000,
            name_rate: 0.02,
            seed_articles: 0,
        };
        for a in articles {
            let mut paragraphs = 0;
            for p in a.body() {
                let n = body.learn(&p.text);
                if n > 0 {
                    m.words_per_paragraph.push(n as u32);
                    paragraphs += 1;
                }
            }
            if paragraphs == 0 {
                continue;
            }
            m.seed_articles += 1;
            m.paragraphs_per_article.push(paragraphs);
            if !a.meta.title_derived {
                let n = title.learn(&a.meta.title);
                if n > 0 {
                    m.words_per_title.push(n as u32);
                }
            }
            if let Some(d) = a.meta.published.as_ref().and_then(day_time) {
                m.days.push(d);
            }
            if let Some(d) = &a.meta.dateline {
                m.datelines.push(d.clone());
            }
            if !a.meta.tags.is_empty() {
                m.tag_sets.push(a.meta.tags.clone());
            }
        }
        assert!(m.seed_articles > 0, "no seed article has text");
        if m.words_per_title.is_empty() {
            m.words_per_title.push(8);
        }
        if title.starts.is_empty() {
            // No real titles: titles come from the body chain.
            title = body_clone(&body);
        }
        m.words = body.words;
        m.next = body.next;
        m.starts = body.starts;
        m.title_words = title.words;
        m.title_next = title.next;
        m.title_starts = title.starts;
        m
    }

    /// Reads the articles under `paths` with newsidx's own readers and learns
    /// from them. Files no reader takes are left out.
    ///
    /// # Errors
    /// A path that is missing or cannot be walked, named in the message: a
    /// model learned from less than was asked for would quietly write another
    /// corpus.
    pub fn learn_paths(paths: &[PathBuf]) -> Result<Model, String> {
        let mut files = Vec::new();
        for f in newsidx_core::ingest::walk(paths, &Default::default()) {
            files.push(f.map_err(|e| format!("cannot learn from the articles asked for: {e}"))?);
        }
        // The walk order is the file system's; learning order decides the
        // chain's word ids and so the output: sort for reproducibility.
        files.sort();
        let mut articles = Vec::new();
        for f in files {
            if let Ok(parsed) = newsidx_core::ingest::read_file(&f) {
                articles.extend(parsed.articles);
            }
        }
        Ok(Model::learn(&articles))
    }

    /// Distinct words of the seed vocabulary.
    pub fn vocabulary(&self) -> usize {
        self.words.len()
    }

    /// Article number `n`, drawn from `rng`.
    pub fn article(&self, n: u64, rng: &mut Rng) -> Article {
        let title_len = *rng.pick(&self.words_per_title) as usize;
        let title = self.run(
            &self.title_words,
            &self.title_next,
            &self.title_starts,
            title_len,
            false,
            rng,
        );
        let mut a = Article::new(title.trim_end_matches(['.', ',', ':']).to_string());
        a.meta.external_id = Some(format!("g{n}"));
        let year = 1987 + rng.below(38) as i32;
        let (month, day, secs) = match self.days.is_empty() {
            true => (1 + rng.below(12) as u32, 1 + rng.below(28) as u32, 0),
            false => {
                let d = rng.pick(&self.days);
                (d.month, d.day, d.secs)
            }
        };
        a.meta.published = Published::parse(&format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        ));
        if rng.unit() < 0.6 {
            let authors = 1 + usize::from(rng.unit() < 0.2);
            for _ in 0..authors {
                a.meta.authors.push(format!(
                    "{} {}",
                    rng.pick(FIRST_NAMES),
                    rng.pick(LAST_NAMES)
                ));
            }
        }
        a.meta.source = Some(rng.pick(SOURCES).to_string());
        if !self.datelines.is_empty() && rng.unit() < 0.7 {
            a.meta.dateline = Some(rng.pick(&self.datelines).clone());
        }
        if !self.tag_sets.is_empty() && rng.unit() < 0.8 {
            a.meta.tags = rng.pick(&self.tag_sets).clone();
        }
        a.meta.language = Some("en".into());
        let paragraphs = *rng.pick(&self.paragraphs_per_article);
        for _ in 0..paragraphs {
            let len = *rng.pick(&self.words_per_paragraph) as usize;
            let text = self.run(&self.words, &self.next, &self.starts, len, true, rng);
            a.push_paragraph(ParagraphKind::Body, text);
        }
        a
    }

    /// About `len` words from a chain: whole sentences when `sentences`, and
    /// synthetic names mixed in at `name_rate`.
    fn run(
        &self,
        words: &[String],
        next: &[Vec<u32>],
        starts: &[u32],
        len: usize,
        sentences: bool,
        rng: &mut Rng,
    ) -> String {
        let mut out = String::with_capacity(len * 7);
        let mut n = 0;
        let mut cur = *rng.pick(starts);
        loop {
            if !out.is_empty() {
                out.push(' ');
            }
            if rng.unit() < self.name_rate {
                push_name(&mut out, self.name_rank(rng));
                out.push(' ');
                n += 1;
            }
            let w = &words[cur as usize];
            out.push_str(w);
            n += 1;
            let end = ends_sentence(w);
            // Stop at a sentence end once long enough (titles stop anywhere);
            // a runaway sentence stops too.
            if n >= len && (end || !sentences || n >= len + 40) {
                break;
            }
            let succ = &next[cur as usize];
            cur = if end || succ.is_empty() {
                *rng.pick(starts)
            } else {
                *rng.pick(succ)
            };
        }
        out
    }

    /// A rank in `0..name_space` with P(rank) roughly proportional to
    /// 1/(rank+1).
    fn name_rank(&self, rng: &mut Rng) -> u64 {
        let r = (self.name_space as f64).powf(rng.unit()) as u64;
        r.saturating_sub(1).min(self.name_space - 1)
    }

    /// The synthetic name of a rank (for query files: rank 0 is the most
    /// frequent name, rank 500 000 one of the rarest).
    pub fn name(rank: u64) -> String {
        let mut s = String::new();
        push_name(&mut s, rank);
        s
    }
}

fn body_clone(c: &Chain) -> Chain {
    Chain {
        ids: HashMap::new(),
        words: c.words.clone(),
        next: c.next.clone(),
        starts: c.starts.clone(),
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mir", "ven", "ta", "ro", "sel", "dan", "bri", "to", "na", "vel", "quo", "ran",
    "shi", "mu", "por", "lek", "zan", "fe", "gor", "hal", "ib", "jun", "ko", "lin", "mar", "nov",
    "ost", "pel", "rud", "sor", "tam", "ul", "vis", "wen", "yar", "zol", "ber", "cas",
];

/// A pronounceable, capitalized name, unique for each rank (a bijective
/// base-40 spelling of a scrambled rank, at least two syllables).
fn push_name(out: &mut String, rank: u64) {
    // Scramble so that neighbouring ranks do not share prefixes.
    let mut x = rank.wrapping_mul(0x2545_F491_4F6C_DD1D) % 2_560_000 + 40;
    let start = out.len();
    while x > 0 {
        x -= 1;
        out.push_str(SYLLABLES[(x % 40) as usize]);
        x /= 40;
    }
    let first = out[start..start + 1].to_ascii_uppercase();
    out.replace_range(start..start + 1, &first);
}

const FIRST_NAMES: &[&str] = &[
    "Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "James", "Kofi",
    "Lena", "Marco", "Nadia", "Omar", "Paula", "Quentin", "Rosa", "Sam", "Tara", "Umar", "Vera",
    "Wei", "Ximena", "Yusuf", "Zoe",
];

const LAST_NAMES: &[&str] = &[
    "Adams", "Becker", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen",
    "Kowalski", "Lopez", "Martin", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Singh",
    "Tanaka", "Usman", "Varga", "Walsh", "Xu", "Young", "Zhang",
];

const SOURCES: &[&str] = &[
    "Reuters",
    "Reuters",
    "Reuters",
    "Associated Press",
    "Agence France-Presse",
    "BBC News",
    "The Wall Street Journal",
    "Financial Times",
    "The Guardian",
    "Bloomberg",
];
