//! Write the synthetic benchmark corpus: `cargo run --release --example corpus -- DIR FILES [SEED]`.
//! The same arguments always write the same bytes (see benches/common/corpus.rs).

#[path = "../benches/common/corpus.rs"]
#[allow(dead_code, reason = "the generated policy is used by the benches only")]
mod corpus;

#[expect(clippy::print_stderr, reason = "a command-line tool reports its errors on stderr")]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(files)) =
        (args.first(), args.get(1).and_then(|n| n.parse::<usize>().ok()))
    else {
        eprintln!("usage: corpus DIR FILES [SEED]");
        return std::process::ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(7);
    match corpus::write_repo(std::path::Path::new(dir), files, seed) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write the corpus: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
