//! Every rule of the standard packs is tested both ways: its file holds a test that
//! expects the rule to fail and one that expects it not to, and the fixtures those tests
//! name exist beside it, with at least `fixtures/<rule>/pass` and `fixtures/<rule>/fail`.
//! (`tenet test rules/std`, run by .ci/run, then checks that the expectations hold.)

use std::path::Path;
use tenet::source::SourceId;
use tenet::syntax::ast::{ItemKind, TestStmt};
use tenet::syntax::parse_file;

#[test]
fn every_standard_rule_has_a_passing_and_a_failing_fixture_and_tests() {
    let std = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/std");
    let mut problems = Vec::new();
    let mut rules = 0;
    for pack in std::fs::read_dir(&std).unwrap() {
        let pack = pack.unwrap().path();
        for file in std::fs::read_dir(&pack).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_none_or(|e| e != "tenet") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let (parsed, errors) = parse_file(&text, SourceId(0));
            assert!(errors.is_empty(), "{} does not parse", file.display());
            let mut ids = Vec::new();
            let mut expected = Vec::new();
            for item in &parsed.items {
                match &item.kind {
                    ItemKind::Rule(r) => ids.push(r.id.id.clone()),
                    ItemKind::Test(t) => {
                        let fixture = t.stmts.iter().find_map(|s| match s {
                            TestStmt::Fixture(f) => Some(f.value.clone()),
                            _ => None,
                        });
                        for s in &t.stmts {
                            if let TestStmt::Expect { negated, rule, .. } = s {
                                expected.push((rule.id.clone(), *negated, fixture.clone()));
                            }
                        }
                    }
                    _ => {}
                }
            }
            for id in ids {
                rules += 1;
                let name = id.rsplit('/').next().unwrap();
                let fixtures = pack.join("fixtures").join(name);
                for side in ["pass", "fail"] {
                    if !fixtures.join(side).is_dir() {
                        problems.push(format!("`{id}` has no fixtures/{name}/{side}/"));
                    }
                }
                for negated in [false, true] {
                    if !expected.iter().any(|(r, n, _)| *r == id && *n == negated) {
                        let what = if negated { "expect no" } else { "expect" };
                        problems.push(format!("`{id}` has no test with `{what} {id}`"));
                    }
                }
                for (_, _, fixture) in expected.iter().filter(|(r, _, _)| *r == id) {
                    match fixture {
                        Some(f) if file.parent().unwrap().join(f).is_dir() => {}
                        Some(f) => problems.push(format!("`{id}`: fixture `{f}` does not exist")),
                        None => problems.push(format!("`{id}`: a test without a fixture")),
                    }
                }
            }
        }
    }
    assert!(rules > 0, "no rules found under rules/std");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
