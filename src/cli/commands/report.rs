//! `tenet report R.json…`: the compliance dashboard over JSON reports, HTML or Markdown.

use crate::cli::Exit;
use crate::cli::args::{DashboardFormat, ReportArgs};
use crate::cli::output;
use crate::report::dashboard::{days, html, markdown};
use crate::report::wire::Report;

pub(crate) fn run(args: &ReportArgs) -> Result<Exit, String> {
    let mut reports = Vec::with_capacity(args.reports.len());
    for path in &args.reports {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("reading `{}`: {e}", path.display()))?;
        reports.push(
            Report::from_json(&text).map_err(|e| format!("reading `{}`: {e}", path.display()))?,
        );
    }
    let days = days(&reports);
    let text = match args.format {
        DashboardFormat::Html => html(&days),
        DashboardFormat::Markdown => markdown(&days),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("writing `{}`: {e}", path.display()))?;
        }
        None => output::print(&text).map_err(|e| e.to_string())?,
    }
    Ok(Exit::Clean)
}
