//! The short, stable fuzz run of `cargo test`: every committed corpus entry and every
//! `.tenet` file of the repository, then a few thousand deterministic mutations of them,
//! through the same checks as the libFuzzer targets of `fuzz/` (`tests/fuzz_checks/`).
//! The hour-long run is `fuzz/run.sh` (docs/fuzzing.md); every crash it finds is committed
//! under `fuzz/corpus/<target>/` and so replayed here.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

#[expect(unreachable_pub, reason = "the same file is a public module of the fuzz crate")]
mod fuzz_checks;

use std::path::{Path, PathBuf};

/// Pieces the mutator inserts: the tokens and troublemakers of the language
const DICTIONARY: &[&str] = &[
    "rule a/b {",
    "}",
    "{",
    "(",
    ")",
    "[",
    "]",
    "let x = ",
    "param p: list<string> = []",
    "import \"std/recommended\"",
    "for f in files()",
    "require ",
    "forbid ",
    "where ",
    "message \"{f.path}\"",
    "\"",
    "/",
    "/x/i",
    "#",
    "## doc\n",
    "\n",
    " and ",
    " or ",
    "not ",
    " == ",
    " matches ",
    " contains ",
    " satisfies ",
    "10MB",
    "5 MB",
    "30d",
    "2026-12-31",
    "9999-12-31",
    "\0",
    "\u{feff}",
    "\r",
    "\u{1b}[2J",
    "é",
    "😀",
    "list<",
    "map<string, ",
    "waive a/b { reason \"r\" }",
    "test \"t\" { fixture \"x\" }",
    ":",
    ",",
    "any f in files(): ",
    "count(",
    "{x}",
    "null",
    "?",
    ".",
    "tenet 1\n",
    "-9223372036854775808",
    "1e308",
];

/// Deterministic pseudo-random numbers (xorshift64*), so every run tries the same inputs
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// One to four edits of `seed`: delete, duplicate or move a range, insert a dictionary
/// piece or a random byte, splice in part of `other`, or truncate
fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let len = v.len();
        let a = rng.below(len + 1);
        let b = (a + rng.below(64)).min(len);
        match rng.below(7) {
            0 => {
                v.drain(a..b);
            }
            1 => {
                let piece = v[a..b].to_vec();
                let at = rng.below(len + 1);
                v.splice(at..at, piece);
            }
            2 | 3 => {
                let piece = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                v.splice(a..a, piece.iter().copied());
            }
            4 => v.insert(a, rng.next() as u8),
            5 => {
                let o = rng.below(other.len() + 1);
                let piece = &other[o..(o + rng.below(200)).min(other.len())];
                v.splice(a..b, piece.iter().copied());
            }
            _ => v.truncate(a),
        }
    }
    v
}

fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, keep, out);
        } else if keep(&path) {
            out.push(path);
        }
    }
}

fn read_all(paths: &[PathBuf]) -> Vec<Vec<u8>> {
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn has_ext(exts: &'static [&'static str]) -> impl Fn(&Path) -> bool {
    move |p: &Path| p.extension().is_some_and(|e| exts.iter().any(|x| e == *x))
}

/// Every policy seed: the committed corpora of the policy targets and every `.tenet` file
fn policy_seeds() -> Vec<Vec<u8>> {
    let mut paths = Vec::new();
    for dir in ["fuzz/corpus/policy", "fuzz/corpus/fmt", "fuzz/corpus/eval"] {
        files_under(&root().join(dir), &|_| true, &mut paths);
    }
    for dir in ["rules", ".tenet", "tests"] {
        files_under(&root().join(dir), &has_ext(&["tenet"]), &mut paths);
    }
    assert!(paths.len() > 50, "the seeds are missing: {paths:?}");
    read_all(&paths)
}

fn text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

#[test]
fn policies_and_their_mutations_survive_parse_check_and_fmt() {
    let seeds = policy_seeds();
    for seed in &seeds {
        let Some(t) = text(seed) else { continue };
        fuzz_checks::policy(t);
        fuzz_checks::fmt(t);
    }
    let mut rng = Rng(0x7e_4e7);
    for _ in 0..1500 {
        let seed = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed, other);
        let t = String::from_utf8_lossy(&input);
        fuzz_checks::policy(&t);
        fuzz_checks::fmt(&t);
    }
}

#[test]
fn generated_and_seed_policies_evaluate_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    fuzz_checks::repo::write(dir.path()).unwrap();
    let mut evaluated = 0;
    let mut rejected = Vec::new();
    let mut paths = Vec::new();
    files_under(&root().join("fuzz/corpus/eval"), &|_| true, &mut paths);
    for input in read_all(&paths) {
        fuzz_checks::eval(&fuzz_checks::generate::policy(&input), dir.path());
        if let Some(t) = text(&input) {
            fuzz_checks::eval(t, dir.path());
        }
    }
    let mut rng = Rng(0xe7a1);
    for _ in 0..300 {
        let bytes: Vec<u8> = (0..64).map(|_| rng.next() as u8).collect();
        let policy = fuzz_checks::generate::policy(&bytes);
        let loaded = fuzz_checks::load(&policy);
        if loaded.program.is_some() {
            evaluated += 1;
        } else if rejected.len() < 8 {
            let first = loaded.diagnostics.first().map(|d| format!("{}: {}", d.code, d.message));
            rejected.push(format!("{first:?}\n{policy}"));
        }
        fuzz_checks::eval(&policy, dir.path());
        fuzz_checks::eval(&fuzz_checks::generate::document_rule(&bytes), dir.path());
    }
    assert!(
        evaluated > 200,
        "the generator mostly makes invalid policies: {evaluated} of 300 ran\n{}",
        rejected.join("\n")
    );
}

#[test]
fn documents_and_their_mutations_survive_every_parser() {
    let mut paths = Vec::new();
    files_under(&root().join("fuzz/corpus/documents"), &|_| true, &mut paths);
    let documents = has_ext(&["json", "yaml", "yml", "toml"]);
    for dir in ["tests", "rules", "docs", ".github"] {
        files_under(&root().join(dir), &documents, &mut paths);
    }
    paths.push(root().join("Cargo.toml"));
    let seeds = read_all(&paths);
    assert!(!seeds.is_empty());
    for seed in &seeds {
        fuzz_checks::documents(seed);
    }
    let mut rng = Rng(0xd0c5);
    for _ in 0..1500 {
        let seed = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())];
        fuzz_checks::documents(&mutate(&mut rng, seed, other));
    }
}
