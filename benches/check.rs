//! `tenet check` of a generated 500-file repository with `std/recommended` (SPEC §6:
//! under 50 ms end to end), against a baseline measured in the same run: listing every
//! file with `ignore` and reading each one.

#![expect(clippy::unwrap_used, reason = "benchmark setup: any failure should abort the run")]

#[path = "common/corpus.rs"]
#[expect(dead_code, reason = "the generated policy is used by the policy bench only")]
mod corpus;

use criterion::{Criterion, criterion_group, criterion_main};
use tenet::engine::policy::load_with_sets;
use tenet::engine::{Engine, EngineOptions};
use tenet::policy::PolicySpec;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_repo(dir.path(), 500, 7).unwrap();
    let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
    let mut g = c.benchmark_group("check");
    g.bench_function("std/recommended-500-files", |b| {
        b.iter(|| {
            let loaded = load_with_sets(&[PolicySpec::Std("recommended".into())], &[], now);
            let program = loaded.program.unwrap();
            let engine = Engine::new(&program, EngineOptions::default()).unwrap();
            engine.check_path(dir.path()).outcomes.len()
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
