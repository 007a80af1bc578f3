//! Where output goes: stdout or `-o FILE`, with color decided once.

use super::args::Color;
use crate::report::diagnostics::{Style, render_width};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};

/// A stream human output goes to
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Reports
    Stdout,
    /// Diagnostics about the policy, progress
    Stderr,
}

impl Stream {
    fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        }
    }
}

/// Should output to `stream` use ANSI colors? `--color always` and `never` decide alone;
/// `auto` colors a terminal unless the conventions say not to
pub fn use_color(choice: Color, stream: Stream) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            stream.is_terminal()
                && auto_color_allowed(std::env::var_os("NO_COLOR"), std::env::var_os("TERM"))
        }
    }
}

/// The no-color convention (no-color.org): `NO_COLOR` set to a non-empty value turns color
/// off (an empty one does not); and a `dumb` terminal cannot show it
pub fn auto_color_allowed(no_color: Option<OsString>, term: Option<OsString>) -> bool {
    no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
}

/// Columns to wrap human output at: the terminal's width (`COLUMNS` overrides it), and
/// no wrapping at all when the stream is not a terminal (a log or a pipe wraps nothing)
pub fn width(stream: Stream) -> usize {
    if !stream.is_terminal() {
        return NO_WRAP;
    }
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    let measured = match stream {
        Stream::Stdout => terminal_size::terminal_size_of(std::io::stdout()),
        Stream::Stderr => terminal_size::terminal_size_of(std::io::stderr()),
    };
    columns.or(measured.map(|(w, _)| usize::from(w.0))).filter(|&w| w >= 20).unwrap_or(100)
}

/// A width no line reaches: "do not wrap"
pub const NO_WRAP: usize = 10_000;

/// Show policy diagnostics on stderr, in color and at the width stderr calls for
pub fn eprint_diagnostics(
    diags: &[crate::diag::Diagnostic],
    sources: &crate::source::SourceMap,
    color: Color,
) {
    let style = Style::Fancy { color: use_color(color, Stream::Stderr) };
    eprint(&render_width(diags, sources, style, width(Stream::Stderr)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_and_dumb_terminals_follow_the_convention() {
        let os = |s: &str| Some(OsString::from(s));
        assert!(auto_color_allowed(None, os("xterm-256color")));
        assert!(auto_color_allowed(os(""), os("xterm")), "an empty NO_COLOR does not count");
        assert!(!auto_color_allowed(os("1"), os("xterm")));
        assert!(!auto_color_allowed(None, os("dumb")));
        assert!(auto_color_allowed(None, None));
    }
}
