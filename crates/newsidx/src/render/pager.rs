//! Paging long output on a terminal, the way git does.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// Writes `text` to stdout, through a pager when `page` is true and the text is
/// longer than the terminal. The pager is `$NEWSIDX_PAGER`, else `$PAGER`, else
/// `less -FRX` (which exits at once when the text fits on one screen).
pub fn show(text: &[u8], page: bool) -> io::Result<()> {
    if page {
        let pager = std::env::var("NEWSIDX_PAGER")
            .or_else(|_| std::env::var("PAGER"))
            .unwrap_or_else(|_| "less -FRX".to_string());
        let mut words = pager.split_whitespace();
        if let Some(program) = words.next() {
            if program != "cat" {
                if let Ok(mut child) = Command::new(program)
                    .args(words)
                    .stdin(Stdio::piped())
                    .spawn()
                {
                    if let Some(mut stdin) = child.stdin.take() {
                        // The user quitting the pager early closes the pipe: fine.
                        let _ = stdin.write_all(text);
                    }
                    child.wait()?;
                    return Ok(());
                }
            }
        }
    }
    let mut out = io::stdout().lock();
    out.write_all(text)?;
    out.flush()
}
