//! Where output goes: stdout or `-o FILE`, with color decided once.

use super::args::Color;
use std::io::{IsTerminal, Write};

/// Should human output use ANSI colors?
pub fn use_color(choice: Color, to_file: bool) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            !to_file && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Write `text` to stdout; a closed pipe is not an error (SPEC §4)
pub fn print(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Stdout for output written piece by piece: once the reader closes the pipe, the rest is
/// dropped and nothing fails (SPEC §4)
pub struct Stdout {
    inner: std::io::BufWriter<std::io::StdoutLock<'static>>,
    closed: bool,
}

/// Locked, buffered stdout that ignores a closed pipe
pub fn stdout() -> Stdout {
    Stdout { inner: std::io::BufWriter::new(std::io::stdout().lock()), closed: false }
}

impl Stdout {
    fn quiet(&mut self, result: std::io::Result<()>) -> std::io::Result<()> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.closed {
            let result = self.inner.write_all(buf);
            self.quiet(result)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.quiet(result)
    }
}

/// Write `text` to stderr, ignoring a closed pipe
pub fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
}
