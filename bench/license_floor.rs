//! The floor of issue 10's license speed target, in one process: list every file of a
//! repository with `ignore`, read each license file whole and the first 4 KiB of every
//! other file once, and match each distinct license text once with tenet's own matcher
//! (so the floor pays the same one-time load of the matcher's data). `tenet check` with
//! `std/licenses` is compared to it by bench/license-floor.sh.
//!
//! `license_floor REPO` measures; `license_floor --vendor DIR N` writes N vendored
//! license texts (`third_party/libK/LICENSE`, from the SPDX list, each with its own
//! copyright line) and an edited MIT `LICENSE` into DIR, for the benchmark's repository.

use std::collections::HashSet;
use std::io::Read as _;
use std::path::Path;
use tenet::facts::license_detect::{detect, normalise};

/// The license texts the vendored directories carry, in turn
const IDS: &[&str] = &[
    "Apache-2.0",
    "BSD-3-Clause",
    "BSD-2-Clause",
    "ISC",
    "MPL-2.0",
    "GPL-3.0-only",
    "LGPL-2.1-only",
    "Zlib",
];

fn text(id: &str) -> &'static str {
    spdx::text::LICENSE_TEXTS.iter().find(|(n, _)| *n == id).map_or("", |(_, t)| *t)
}

/// A license file by name: the root and vendored candidates tenet looks at
fn is_license_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    ["license", "licence", "copying", "unlicense"].iter().any(|p| name.starts_with(p))
        || path.parent().and_then(Path::file_name).is_some_and(|d| d == "LICENSES")
}

fn vendor(dir: &Path, n: usize) -> std::io::Result<()> {
    let mit = text("MIT").replace("<year> <copyright holders>", "2026 Example Corp");
    std::fs::write(dir.join("LICENSE"), format!("# License\n\n{mit}"))?;
    for k in 0..n {
        let id = IDS.get(k % IDS.len()).copied().unwrap_or("MIT");
        let lib = dir.join(format!("third_party/lib{k}"));
        std::fs::create_dir_all(&lib)?;
        std::fs::write(
            lib.join("LICENSE"),
            format!("Copyright (c) {} Vendor {k}\n\n{}", 2000 + k % 25, text(id)),
        )?;
    }
    Ok(())
}

#[expect(clippy::print_stdout, clippy::print_stderr, reason = "a command-line tool")]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--vendor") {
        let (Some(dir), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse().ok())) else {
            eprintln!("usage: license_floor --vendor DIR N");
            return std::process::ExitCode::from(2);
        };
        return match vendor(Path::new(dir), n) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("cannot write the license texts: {e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let Some(repo) = args.first() else {
        eprintln!("usage: license_floor REPO");
        return std::process::ExitCode::from(2);
    };
    let (mut files, mut bytes, mut texts) = (0u64, 0u64, Vec::new());
    let mut buf = Vec::new();
    for entry in ignore::WalkBuilder::new(repo).hidden(false).build().flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(f) = std::fs::File::open(entry.path()) else { continue };
        buf.clear();
        let read = if is_license_name(entry.path()) {
            f.take(u64::MAX).read_to_end(&mut buf)
        } else {
            f.take(4096).read_to_end(&mut buf)
        };
        bytes += read.map_or(0, |n| n as u64);
        files += 1;
        if is_license_name(entry.path()) {
            texts.push(String::from_utf8_lossy(&buf).into_owned());
        }
    }
    let mut distinct = HashSet::new();
    let mut matched = 0;
    for t in &texts {
        if distinct.insert(normalise(t)) && detect(t).is_ok() {
            matched += 1;
        }
    }
    println!(
        "{files} files, {bytes} bytes, {} license files, {matched} distinct texts matched",
        texts.len()
    );
    std::process::ExitCode::SUCCESS
}
