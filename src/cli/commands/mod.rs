//! One file per subcommand.

pub(super) mod check;
pub(super) mod explain;
pub(super) mod fmt;

pub(super) mod lint;
pub(super) mod rules;
pub(super) mod test;

use super::args::{Cli, Format};
use super::output;
use crate::diag::Diagnostic;
use crate::report::diagnostics::{Style, render, to_json};
use crate::source::SourceMap;

/// Print policy diagnostics in the chosen format (to stderr for people, stdout for JSON)
pub(super) fn print_diagnostics(
    cli: &Cli,
    diags: &[Diagnostic],
    sources: &SourceMap,
    format: Format,
) -> Result<(), String> {
    match format {
        Format::Json => {
            let items: Vec<_> = diags.iter().map(|d| to_json(d, sources)).collect();
            let text = serde_json::to_string_pretty(&serde_json::json!({ "diagnostics": items }))
                .map_err(|e| e.to_string())?;
            output::print(&format!("{text}\n")).map_err(|e| e.to_string())
        }
        Format::Human | Format::Plain => {
            let shown: Vec<Diagnostic> = diags
                .iter()
                .filter(|d| !cli.quiet || d.severity == crate::diag::Severity::Error)
                .cloned()
                .collect();
            if format == Format::Plain {
                output::eprint(&render(&shown, sources, Style::Plain));
            } else {
                output::eprint_diagnostics(&shown, sources, cli.color);
            }
            Ok(())
        }
    }
}
