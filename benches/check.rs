//! `tenet check` of a generated 500-file repository with `std/recommended` (SPEC §6:
//! under 50 ms end to end), against a baseline measured in the same run: listing every
//! file with `ignore` and reading each one.

#![expect(clippy::unwrap_used, reason = "benchmark setup: any failure should abort the run")]

#[path = "common/corpus.rs"]
#[expect(dead_code, reason = "the generated policy is used by the policy bench only")]
mod corpus;

use criterion::{Criterion, criterion_group, criterion_main};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use tenet::cli::policy::load_with_sets;
use tenet::eval::run::{RunOptions, run_repo};
use tenet::facts::repo::{RepoFacts, RepoOptions};
use tenet::policy::PolicySpec;
use tenet::repo::{Target, TreeChoice};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_repo(dir.path(), 500, 7).unwrap();
    let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
    let mut g = c.benchmark_group("check");
    g.bench_function("std/recommended-500-files", |b| {
        b.iter(|| {
            let loaded = load_with_sets(&[PolicySpec::Std("recommended".into())], &[], now);
            let program = loaded.program.unwrap();
            let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
            let facts = RepoFacts::new(Arc::new(target), RepoOptions::default());
            let used: Vec<AtomicBool> =
                program.waivers.iter().map(|_| AtomicBool::new(false)).collect();
            run_repo(&program, &facts, "bench", RunOptions { fuel: 10_000_000 }, &used).len()
        });
    });
    g.bench_function("baseline-walk-and-read-500-files", |b| {
        b.iter(|| {
            let mut bytes = 0usize;
            for e in ignore::WalkBuilder::new(dir.path()).hidden(false).build().flatten() {
                if e.file_type().is_some_and(|t| t.is_file()) {
                    bytes += std::fs::read(e.path()).map_or(0, |b| b.len());
                }
            }
            bytes
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
