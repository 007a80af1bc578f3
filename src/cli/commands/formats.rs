//! The reporter for each `--format`, shared by `check`, `scan` and `merge`.

use crate::cli::args::{Cli, Color, Format};
use crate::cli::output::{self, Stream};
use crate::report::Reporter;
use crate::report::diagnostics::Style;
use crate::report::github::Github;
use crate::report::human::{Human, HumanOptions};
use crate::report::json::Json;
use crate::report::junit::Junit;
use crate::report::markdown::Markdown;
use crate::report::sarif::{RuleHelp, Sarif};
use crate::source::SourceMap;
use std::collections::BTreeMap;

/// The reporter of `format`; `to_file` when the report goes to `-o FILE` (no colors),
/// `help` documents rules for SARIF
pub(super) fn reporter<'a>(
    cli: &Cli,
    format: Format,
    explain: bool,
    to_file: bool,
    policy: &'a SourceMap,
    help: BTreeMap<String, RuleHelp>,
) -> Box<dyn Reporter + 'a> {
    match format {
        Format::Json => Box::new(Json::new()),
        Format::Sarif => Box::new(Sarif::new(help)),
        Format::Junit => Box::new(Junit::new()),
        Format::Markdown => Box::new(Markdown::new()),
        Format::Github => Box::new(Github::new()),
        Format::Human | Format::Plain => {
            // A report written to a file gets color only when asked for
            let to_terminal = !to_file;
            let color = match cli.color {
                Color::Auto => to_terminal && output::use_color(cli.color, Stream::Stdout),
                _ => output::use_color(cli.color, Stream::Stdout),
            };
            let style = if format == Format::Plain { Style::Plain } else { Style::Fancy { color } };
            let width = if to_terminal { output::width(Stream::Stdout) } else { output::NO_WRAP };
            let opts = HumanOptions { style, explain, quiet: cli.quiet, width };
            Box::new(Human::new(opts, policy))
        }
    }
}
