//! The floor of SPEC §6 for `tenet scan`: in one process, on the same cores, list every
//! file of each repository with `ignore` (`.gitignore` honoured, as tenet lists a work
//! tree; `.git` skipped) and read every listed file's bytes. It reads more than most rules
//! need (all bytes of all files), so it is a generous floor: `tenet scan` is compared to it.
//! Usage: `cargo run --release --example floor -- REPO…` prints files and bytes read.

use rayon::prelude::*;
use std::io::Read as _;

#[expect(clippy::print_stdout, reason = "a command-line tool prints its result")]
fn main() {
    let repos: Vec<String> = std::env::args().skip(1).collect();
    let (files, bytes) = repos
        .par_iter()
        .map(|repo| {
            let mut files = 0u64;
            let mut bytes = 0u64;
            let mut buf = Vec::new();
            // `.git` is git's, not the repository's files: tenet does not read it as files
            let walk = ignore::WalkBuilder::new(repo)
                .hidden(false)
                .filter_entry(|e| e.file_name() != ".git")
                .build();
            for entry in walk.flatten() {
                if entry.file_type().is_some_and(|t| t.is_file())
                    && let Ok(mut f) = std::fs::File::open(entry.path())
                {
                    buf.clear();
                    bytes += f.read_to_end(&mut buf).map_or(0, |n| n as u64);
                    files += 1;
                }
            }
            (files, bytes)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("{} repositories, {files} files, {bytes} bytes", repos.len());
}
