//! `tenet fmt`: rewrite policy files in canonical form (`--check` only lists them).

use crate::cli::Exit;
use crate::cli::args::FmtArgs;
use crate::cli::output;
use crate::report::diagnostics::{Style, render};
use crate::source::SourceMap;
use std::io::Read;
use std::path::PathBuf;

pub(crate) fn run(args: &FmtArgs) -> Result<Exit, String> {
    let mut exit = Exit::Clean;
    for path in &expand(&args.files)? {
        let stdin = path.as_os_str() == "-";
        let text = if stdin {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map_err(|e| format!("reading stdin: {e}"))?;
            s
        } else {
            std::fs::read_to_string(path)
                .map_err(|e| format!("reading `{}`: {e}", path.display()))?
        };
        let formatted = match crate::fmt::format_source(&text) {
            Ok(f) => f,
            Err(diags) => {
                let mut sources = SourceMap::default();
                sources.add(path.display().to_string(), text.clone());
                output::eprint(&render(&diags, &sources, Style::Fancy { color: false }));
                exit = Exit::Error;
                continue;
            }
        };
        if stdin && !args.check {
            output::print(&formatted).map_err(|e| e.to_string())?;
        } else if formatted != text {
            if args.check {
                output::print(&format!("{}\n", path.display())).map_err(|e| e.to_string())?;
                exit = exit.max(Exit::Findings);
            } else {
                std::fs::write(path, formatted)
                    .map_err(|e| format!("writing `{}`: {e}", path.display()))?;
            }
        }
    }
    Ok(exit)
}

/// The files to format: a directory means its `.tenet` files (not its subdirectories',
/// as `lint` and `check --policy` read a directory), in name order
fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for arg in args {
        if !arg.is_dir() {
            out.push(arg.clone());
            continue;
        }
        let entries =
            std::fs::read_dir(arg).map_err(|e| format!("reading `{}`: {e}", arg.display()))?;
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "tenet"))
            .collect();
        files.sort();
        out.extend(files);
    }
    Ok(out)
}
