//! Builds the hostile-repository catalog at full size (100,000 files, a 2 GB sparse file)
//! for bench/hostile-catalog.sh: `hostile_catalog OUT` writes one directory per case and
//! `OUT/catalog.tenet`, and prints `name<TAB>own-policy<TAB>exits<TAB>says` per case.

#[path = "../tests/hostile_cases/mod.rs"]
mod hostile_cases;

use hostile_cases::{POLICY, Scale, cases};
use std::io::Write as _;

fn fail(what: &str, e: &std::io::Error) -> std::process::ExitCode {
    let _ = writeln!(std::io::stderr(), "{what}: {e}");
    std::process::ExitCode::from(2)
}

fn main() -> std::process::ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        return fail("usage", &std::io::Error::other("hostile_catalog OUT_DIR"));
    };
    let policy = std::fs::create_dir_all(&out)
        .and_then(|()| std::fs::write(out.join("catalog.tenet"), POLICY));
    if let Err(e) = policy {
        return fail(&out.display().to_string(), &e);
    }
    for case in cases() {
        let dir = out.join(case.name);
        let built = std::fs::create_dir_all(&dir).and_then(|()| (case.build)(&dir, Scale::Full));
        if let Err(e) = built {
            return fail(case.name, &e);
        }
        let exits: Vec<String> = case.exits.iter().map(ToString::to_string).collect();
        let line =
            format!("{}\t{}\t{}\t{}", case.name, case.own_policy, exits.join(","), case.says);
        if let Err(e) = writeln!(std::io::stdout(), "{line}") {
            return fail("stdout", &e);
        }
    }
    std::process::ExitCode::SUCCESS
}
