//! The command line: parse arguments, run one command, map the result to an exit code.
//! Only this module and `report` write to the terminal.

pub mod args;
mod cache;
mod commands;
pub mod exit;
pub mod output;
mod policy;

use args::{Cli, Command};
use clap::Parser;
pub use exit::Exit;

/// Run tenet with the process arguments
pub fn main() -> Exit {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { Exit::Error } else { Exit::Clean };
            let _ = e.print();
            return code;
        }
    };
    if let Some(dir) = cache::dir(&cli) {
        crate::facts::license_cache::use_dir(&dir, crate::facts::license_detect::data_version());
    }
    let result = match &cli.command {
        Command::Check(a) => commands::check::run(&cli, a),
        Command::Scan(a) => commands::scan::run(&cli, a),
        Command::Merge(a) => commands::merge::run(&cli, a),
        Command::Report(a) => commands::report::run(a),
        Command::Lint(a) => commands::lint::run(&cli, a),
        Command::Fmt(a) => commands::fmt::run(&cli, a),
        Command::Test(a) => commands::test::run(&cli, a),
        Command::Explain(a) => commands::explain::run(&cli, a),
        Command::Rules(a) => commands::rules::run(&cli, a),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            output::eprint(&format!("error: {message}\n"));
            Exit::Error
        }
    }
}
