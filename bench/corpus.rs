//! Write the synthetic benchmark corpus: `cargo run --release --example corpus -- DIR FILES [SEED]`,
//! or print a generated policy: `… --example corpus -- --policy RULES`.
//! The same arguments always write the same bytes (see benches/common/corpus.rs).

#[path = "../benches/common/corpus.rs"]
mod corpus;

#[expect(
    clippy::print_stderr,
    clippy::print_stdout,
    reason = "a command-line tool writes its output and errors"
)]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--policy") {
        let rules = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(200);
        print!("{}", corpus::generated_policy(rules));
        return std::process::ExitCode::SUCCESS;
    }
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
