//! Prints the trailers tenet reads from every commit reachable from HEAD of the repository
//! given as the argument, one `ID<TAB>key: value` line each, for bench/trailers-compare.sh
//! to compare with `git interpret-trailers --parse`. The messages are read through gix, as
//! the `commits()` fact reads them.

#![allow(clippy::print_stdout, reason = "a command-line tool that prints its result")]

use std::io::Write as _;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: trailers REPO")?;
    let repo = gix::open::Options::isolated().with(gix::sec::Trust::Reduced).open(path)?;
    let repo = repo.to_thread_local();
    let head = repo.head_id()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for info in head.ancestors().all()? {
        let info = info?;
        let object = repo.find_object(info.id)?;
        let commit = gix::objs::CommitRef::from_bytes(&object.data, info.id.kind())?;
        for t in tenet::facts::history::trailers::parse(commit.message) {
            writeln!(out, "{}\t{}: {}", info.id, t.key, t.value)?;
        }
    }
    out.flush()?;
    Ok(())
}
