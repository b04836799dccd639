//! # Serve search results as JSON from your own program
//!
//! A minimal HTTP server on 127.0.0.1 (standard library only) that answers
//! `GET /search?q=...` with the hits as JSON. One `Index` is shared by every
//! connection thread.
//!
//! ```text
//! cargo run --example json_server -- examples/news
//! curl 'http://127.0.0.1:7878/search?q=huawei'
//! ```

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;

use newsidx_core::{Index, IndexOptions, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/news".into());
    let index = Arc::new(Index::create_in_ram()?);
    index.index_paths(&[folder.into()], &IndexOptions::default(), &mut |_| {})?;

    let listener = TcpListener::bind("127.0.0.1:7878")?;
    eprintln!("listening on http://127.0.0.1:7878/search?q=...");
    // `NEWSIDX_EXAMPLE_ONCE=1` serves one request and exits (for smoke tests).
    let once = std::env::var_os("NEWSIDX_EXAMPLE_ONCE").is_some();
    for stream in listener.incoming() {
        let mut stream = stream?;
        let index = Arc::clone(&index);
        let handle = std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            let query = line
                .split_whitespace()
                .nth(1)
                .and_then(|target| target.split_once("q="))
                .map(|(_, q)| q.replace('+', " "))
                .unwrap_or_default();
            let (status, body) = match index.search(&SearchRequest::new(percent_decode(&query))) {
                Ok(results) => (
                    "200 OK",
                    serde_json::to_string(&results).unwrap_or_default(),
                ),
                Err(e) => (
                    "400 Bad Request",
                    serde_json::json!({ "error": e.to_string() }).to_string(),
                ),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        });
        if once {
            let _ = handle.join();
            break;
        }
    }
    Ok(())
}

/// Decodes `%XX` escapes in a query string.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
