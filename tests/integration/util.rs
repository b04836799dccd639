//! Running the binary in a scratch directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch directory with its own index, and a copy of the seed articles.
pub struct Env {
    pub dir: tempfile::TempDir,
}

/// The output of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Env {
    /// A fresh directory with `news/` holding the five seed articles.
    pub fn with_seeds() -> Env {
        let env = Env::empty();
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/news");
        std::fs::create_dir(env.path("news")).unwrap();
        for entry in std::fs::read_dir(seeds).unwrap() {
            let p = entry.unwrap().path();
            std::fs::copy(&p, env.path("news").join(p.file_name().unwrap())).unwrap();
        }
        env
    }

    /// A fresh, empty directory.
    pub fn empty() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs `newsidx ARGS` in the directory, without the caller's environment.
    pub fn run(&self, args: &[&str]) -> Run {
        let out: Output = Command::new(env!("CARGO_BIN_EXE_newsidx"))
            .args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Indexes `news/` and checks that it worked.
    pub fn index_seeds(&self) {
        let r = self.run(&["index", "news"]);
        assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    }

    /// The exit code and the hit messages of `newsidx query --json ARGS` (the
    /// closing summary left out).
    pub fn json_query(&self, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
        let mut all = vec!["query", "--json"];
        all.extend_from_slice(args);
        let r = self.run(&all);
        assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
        let hits = r
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is a JSON document"))
            .filter(|m: &serde_json::Value| m["type"] == "hit")
            .collect();
        (r.code, hits)
    }
}

/// The file name of a hit's path.
pub fn file_of(hit: &serde_json::Value) -> String {
    let path = hit["article"]["path"].as_str().unwrap();
    Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// The highlighted substrings of a hit's passage `i`.
pub fn highlighted(hit: &serde_json::Value, i: usize) -> Vec<String> {
    let p = &hit["passages"][i];
    let text = p["text"].as_str().unwrap();
    p["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            text[a..b].to_string()
        })
        .collect()
}
