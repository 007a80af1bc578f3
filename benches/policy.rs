//! Parse + check + compile (SPEC §6: the whole standard pack in under 5 ms), for the
//! embedded packs and for a generated policy of 200 rules.

#[path = "common/corpus.rs"]
#[allow(dead_code, reason = "shared with other benches")]
mod corpus;

use criterion::{Criterion, criterion_group, criterion_main};
use tenet::engine::policy::load_with_sets;
use tenet::policy::PolicySpec;

fn bench(c: &mut Criterion) {
    let now = jiff::Timestamp::from_second(1_800_000_000).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let generated = corpus::generated_policy(200);
    let mut g = c.benchmark_group("policy");
    g.bench_function("std/recommended", |b| {
        b.iter(|| {
            let loaded = load_with_sets(&[PolicySpec::Std("recommended".into())], &[], now);
            assert!(loaded.program.is_some());
        });
    });
    g.bench_function("generated-200-rules", |b| {
        b.iter(|| {
            let loaded = load_with_sets(
                &[PolicySpec::Text("gen.tenet".into(), generated.clone())],
                &[],
                now,
            );
            assert!(loaded.program.is_some(), "{:?}", loaded.diagnostics.first());
        });
    });
    // Baseline in the same run: lexing alone, the floor any parser pays.
    g.bench_function("baseline-lex-200-rules", |b| {
        b.iter(|| tenet::syntax::lex::lex(&generated, tenet::source::SourceId(0), 0).tokens.len());
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
