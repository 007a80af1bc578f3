//! `tenet merge R.json…`: join the shard reports of one scan into the report an unsharded
//! scan would have written (SPEC §7). Reports of different tool versions or policies are
//! refused (exit 2, nothing written); a missing or duplicated shard still writes the
//! merged report, with `complete: false`, and exits 2.

use super::formats::reporter;
use crate::cli::Exit;
use crate::cli::args::{Cli, MergeArgs};
use crate::cli::output;
use crate::report::merge::merge;
use crate::report::wire::{OutcomeKind, Report};
use crate::report::{NoFiles, write_report};
use crate::source::SourceMap;
use std::collections::BTreeMap;
use std::io::Write;

pub(crate) fn run(cli: &Cli, args: &MergeArgs) -> Result<Exit, String> {
    let mut reports = Vec::with_capacity(args.reports.len());
    for path in &args.reports {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("reading `{}`: {e}", path.display()))?;
        let report =
            Report::from_json(&text).map_err(|e| format!("reading `{}`: {e}", path.display()))?;
        reports.push((path.display().to_string(), report));
    }
    let merged = merge(reports)?;
    for p in &merged.problems {
        output::eprint(&format!("error: {p}: the merged report is marked incomplete\n"));
    }
    let sources = SourceMap::default();
    let mut reporter =
        reporter(cli, args.format, false, args.output.is_some(), &sources, BTreeMap::new());
    let mut write = |out: &mut dyn Write| {
        write_report(&mut *reporter, out, &merged.report, &|_| Box::new(NoFiles))
            .and_then(|()| out.flush())
    };
    match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|f| write(&mut std::io::BufWriter::new(f)))
            .map_err(|e| format!("writing `{}`: {e}", path.display()))?,
        None => write(&mut output::stdout()).map_err(|e| e.to_string())?,
    }
    let errors = merged
        .report
        .repositories
        .iter()
        .flat_map(|r| &r.outcomes)
        .any(|o| o.outcome == OutcomeKind::Error);
    Ok(if errors || !merged.report.complete { Exit::Error } else { Exit::Clean })
}
