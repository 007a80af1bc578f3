//! The evaluator end to end (SPEC §2.2–2.3): every operator and precedence level, the
//! helpers, templates and literals, the type rules of the checker, and rule-level
//! behaviour (locations, `when`, fuel, fact errors, waivers, `--explain`) through
//! the engine against a fake repository.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::collections::BTreeMap;
use std::sync::Arc;

use tenet::diag::Code;
use tenet::diag::{Diagnostic, Severity};
use tenet::engine::policy::{Loaded, load_with_sets};
use tenet::engine::{Engine, EngineOptions};
use tenet::facts::{Fact, FactSource};
use tenet::model::FactError;
use tenet::model::schema::RecordKind;
use tenet::model::{Location, MapRecord, Record, Value};
use tenet::model::{Outcome, OutcomeKind};
use tenet::policy::PolicySpec;

// ---------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------

const FUEL: u64 = 10_000_000;

/// The files of the fake repository: path and content
const FILES: &[(&str, &str)] = &[
    ("LICENSE", "MIT License\n\nCopyright (c) 2026 Demo\n"),
    ("README.md", "# demo\nTODO: write docs\n"),
    ("src/lib.rs", "pub fn f() {}\n"),
    ("src/main.rs", "fn main() {}\n// TODO one\n"),
    ("third_party/zlib/inflate.c", "/* TODO vendored */\n"),
];

fn clock() -> jiff::Timestamp {
    "2026-11-26T00:00:00Z".parse().unwrap()
}

fn date(s: &str) -> Value {
    let d: jiff::civil::Date = s.parse().unwrap();
    Value::Date(d.to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp())
}

fn kind(name: &str) -> RecordKind {
    tenet::facts::registry::record(name).unwrap()
}

fn record(kind: RecordKind, fields: Vec<(&str, Value)>, location: Option<Location>) -> Value {
    Value::Record(Arc::new(MapRecord {
        kind,
        fields: fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<BTreeMap<_, _>>(),
        location,
    }))
}

/// A file of the fake repository, with the `find` and `head` methods
#[derive(Debug)]
struct FakeFile {
    path: &'static str,
    text: &'static str,
}

impl Record for FakeFile {
    fn kind(&self) -> RecordKind {
        kind("file")
    }

    fn field(&self, name: &str) -> Result<Value, FactError> {
        let file_name = self.path.rsplit('/').next().unwrap_or(self.path);
        Ok(match name {
            "path" => Value::str(self.path),
            "name" => Value::str(file_name),
            "ext" => Value::str(file_name.rsplit_once('.').map_or("", |(_, e)| e)),
            "size" => Value::Size(self.text.len() as u64),
            "is_binary" | "is_symlink" => Value::Bool(false),
            "text" | "lines" if self.text.is_empty() => {
                return Err(FactError::at(
                    Code::FactsNotUtf8,
                    format!("`{}` is not UTF-8", self.path),
                    self.path,
                ));
            }
            "text" => Value::str(self.text),
            "lines" => Value::list(self.text.lines().map(Value::str)),
            other => {
                return Err(FactError::new(
                    Code::EvalTypeError,
                    format!("`file` has no field `{other}`"),
                ));
            }
        })
    }

    fn method(&self, name: &str, args: &[Value]) -> Result<Value, FactError> {
        match (name, args) {
            ("find", [Value::Regex(re)]) => {
                let mut out = Vec::new();
                for (i, line) in self.text.lines().enumerate() {
                    for m in re.find_iter(line) {
                        let line_no = i as u32 + 1;
                        let column = line[..m.start()].chars().count() as u32 + 1;
                        let end_column = column + m.as_str().chars().count() as u32;
                        out.push(record(
                            kind("match"),
                            vec![
                                ("path", Value::str(self.path)),
                                ("line", Value::Int(i64::from(line_no))),
                                ("column", Value::Int(i64::from(column))),
                                ("text", Value::str(m.as_str())),
                                ("groups", Value::list([])),
                            ],
                            Some(Location {
                                path: Arc::from(self.path),
                                line: Some(line_no),
                                column: Some(column),
                                end_line: Some(line_no),
                                end_column: Some(end_column),
                            }),
                        ));
                    }
                }
                Ok(Value::list(out))
            }
            ("head", [Value::Int(n)]) => Ok(Value::str(
                self.text
                    .lines()
                    .take(usize::try_from(*n).unwrap_or(0))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )),
            _ => Err(FactError::new(Code::EvalTypeError, format!("`file` has no method `{name}`"))),
        }
    }

    fn location(&self) -> Option<Location> {
        Some(Location::file(self.path))
    }

    fn display(&self) -> String {
        self.path.to_string()
    }
}

fn file_value(path: &'static str, text: &'static str) -> Value {
    Value::Record(Arc::new(FakeFile { path, text }))
}

fn glob_matches(pattern: &str, path: &str) -> bool {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .unwrap()
        .compile_matcher()
        .is_match(path)
}

fn person(name: &str, email: &str, when: &str) -> Value {
    record(
        kind("person"),
        vec![("name", Value::str(name)), ("email", Value::str(email)), ("time", date(when))],
        None,
    )
}

fn commit(id: &str, subject: &str, email: &str, when: &str, merge: bool) -> Value {
    let parents = if merge { vec!["p1", "p2"] } else { vec!["p1"] };
    record(
        kind("commit"),
        vec![
            ("id", Value::str(id)),
            ("short", Value::str(&id[..7])),
            ("author", person("Dev", email, when)),
            ("committer", person("Dev", email, when)),
            ("subject", Value::str(subject)),
            ("message", Value::str(subject)),
            ("parents", Value::list(parents.into_iter().map(Value::str))),
            ("is_merge", Value::Bool(merge)),
            ("is_bot", Value::Bool(false)),
            ("is_signed", Value::Bool(false)),
        ],
        None,
    )
}

/// A fake repository named `demo` with canned facts
struct Fake;

impl FactSource for Fake {
    fn fact(&self, fact: &'static Fact, args: &[Value]) -> Result<Value, FactError> {
        match fact.name() {
            "repo" => Ok(record(
                kind("repo"),
                vec![
                    ("name", Value::str("demo")),
                    ("path", Value::str("/src/demo")),
                    ("is_git", Value::Bool(true)),
                    ("is_bare", Value::Bool(false)),
                    ("head", Value::str("0123456789abcdef")),
                    ("branch", Value::Null),
                    ("remote", Value::Null),
                ],
                None,
            )),
            "files" | "exists" => {
                let patterns: Vec<String> = match args.first() {
                    Some(Value::List(ps)) => ps.iter().map(ToString::to_string).collect(),
                    _ => Vec::new(),
                };
                let mut files: Vec<Value> = FILES
                    .iter()
                    .filter(|(p, _)| {
                        patterns.is_empty() || patterns.iter().any(|g| glob_matches(g, p))
                    })
                    .map(|(p, t)| file_value(p, t))
                    .collect();
                // A file whose content cannot be read, listed only when asked for by name
                if patterns.iter().any(|p| p == "broken.bin") {
                    files.push(file_value("broken.bin", ""));
                }
                Ok(if fact.name() == "files" {
                    Value::list(files)
                } else {
                    Value::Bool(!files.is_empty())
                })
            }
            "file" => Ok(match args.first() {
                Some(Value::Str(want)) => FILES
                    .iter()
                    .find(|(p, _)| *p == &**want)
                    .map_or(Value::Null, |(p, t)| file_value(p, t)),
                _ => Value::Null,
            }),
            "license_files" => Ok(Value::list([record(
                kind("license_file"),
                vec![
                    ("path", Value::str("LICENSE")),
                    (
                        "license",
                        record(
                            kind("license"),
                            vec![
                                ("id", Value::str("MIT")),
                                ("expr", Value::str("MIT")),
                                ("confidence", Value::Float(0.98)),
                            ],
                            None,
                        ),
                    ),
                ],
                Some(Location::file("LICENSE")),
            )])),
            "commits" => {
                let merges = !matches!(args.get(3), Some(Value::Bool(false)));
                let all = [
                    ("aaaaaaa111", "Add feature", "dev@example.com", "2026-11-20", false),
                    ("bbbbbbb222", "Merge branch", "dev@example.com", "2026-11-21", true),
                    ("ccccccc333", "Fix bug", "ops@example.com", "2026-11-22", false),
                ];
                Ok(Value::list(all.into_iter().filter(|c| merges || !c.4).map(
                    |(id, subject, email, when, merge)| commit(id, subject, email, when, merge),
                )))
            }
            "json" => match args.first() {
                Some(Value::Str(p)) if &**p == "bad.json" => Err(FactError::at(
                    Code::FactsBadJson,
                    "`bad.json` is not valid JSON",
                    "bad.json",
                )),
                Some(Value::Str(p)) if &**p == "config.json" => {
                    let mut m = BTreeMap::new();
                    m.insert("name".to_string(), Value::str("demo"));
                    Ok(Value::Map(Arc::new(m)))
                }
                _ => Ok(Value::Null),
            },
            other => Err(FactError::new(
                Code::EvalFactFailed,
                format!("the fake repository has no `{other}`"),
            )),
        }
    }
}

fn load(text: &str) -> Loaded {
    load_with_sets(&[PolicySpec::Text("test.tenet".to_string(), text.to_string())], &[], clock())
}

fn first_error(l: &Loaded) -> Option<String> {
    l.diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
}

/// Load a policy and evaluate every rule on the fake repository
fn run_with(text: &str, fuel: u64) -> Result<(Loaded, Vec<Outcome>), String> {
    let mut loaded = load(text);
    if let Some(e) = first_error(&loaded) {
        return Err(e);
    }
    let program = loaded.program.take().ok_or_else(|| "no program was built".to_string())?;
    let engine = Engine::new(&program, EngineOptions { fuel, ..EngineOptions::default() })?;
    let outcomes = engine.evaluate(&Fake, "demo");
    loaded.program = Some(program);
    Ok((loaded, outcomes))
}

fn outcomes(text: &str) -> Vec<Outcome> {
    match run_with(text, FUEL) {
        Ok((_, o)) => o,
        Err(e) => panic!("policy did not load: {e}\n{text}"),
    }
}

fn outcome(text: &str, rule: &str) -> Outcome {
    outcomes(text)
        .into_iter()
        .find(|o| o.rule == rule)
        .unwrap_or_else(|| panic!("no outcome for `{rule}`"))
}

/// The message of the one violation of `t/x`, or the first diagnostic or evaluation error
fn eval_rule_message(text: &str) -> Result<String, String> {
    let (_, outcomes) = run_with(text, FUEL)?;
    let o = outcomes
        .into_iter()
        .find(|o| o.rule == "t/x")
        .ok_or_else(|| "no outcome for `t/x`".to_string())?;
    match o.kind {
        OutcomeKind::Fail => Ok(o.violations[0].message.clone()),
        OutcomeKind::Error => {
            let e = o.error.expect("an error outcome carries its error");
            Err(format!("{}: {}", e.code, e.message))
        }
        other => Err(format!("unexpected outcome {other:?}")),
    }
}

/// Evaluate `expr` (bound with `let v = …`) and return how a message template renders it
fn eval(expr: &str) -> Result<String, String> {
    eval_rule_message(&format!(
        "tenet 1\n\nlet v = {expr}\n\nrule t/x {{\n  forbid true\n  message \"{{v}}\"\n}}\n"
    ))
}

/// Render a message template in a rule that always fails once
fn render(lets: &str, template: &str) -> Result<String, String> {
    eval_rule_message(&format!(
        "tenet 1\n{lets}\nrule t/x {{\n  forbid true\n  message \"{template}\"\n}}\n"
    ))
}

#[track_caller]
fn ok(expr: &str, want: &str) {
    match eval(expr) {
        Ok(got) => assert_eq!(got, want, "`{expr}`"),
        Err(e) => panic!("`{expr}` failed: {e}"),
    }
}

/// The code of the error `expr` produces (diagnostic or evaluation error)
#[track_caller]
fn err_code(expr: &str) -> String {
    match eval(expr) {
        Ok(v) => panic!("`{expr}` gave `{v}`, expected an error"),
        Err(e) => e.split(": ").next().unwrap_or_default().to_string(),
    }
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    load(text).diagnostics
}

/// Codes of the error diagnostics of a policy
fn check_errors(text: &str) -> Vec<String> {
    diagnostics(text)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code.to_string())
        .collect()
}

/// Codes of the error diagnostics of a one-rule policy with `body` as its clauses
fn rule_errors(prelude: &str, body: &str) -> Vec<String> {
    check_errors(&format!("tenet 1\n{prelude}\nrule t/x {{\n{body}\n}}\n"))
}

// ---------------------------------------------------------------------------------------
// The harness itself
// ---------------------------------------------------------------------------------------

#[test]
fn harness_renders_values_and_reports_errors() {
    ok("1", "1");
    ok("\"text\"", "text");
    assert_eq!(err_code("1 / 0"), "eval::division_by_zero");
    assert_eq!(err_code("1 +"), "syntax::expected");
    assert_eq!(err_code("nope"), "check::unknown_name");
}

// ---------------------------------------------------------------------------------------
// or / and / not
// ---------------------------------------------------------------------------------------

#[test]
fn or_is_true_when_either_side_is() {
    ok("true or false", "true");
    ok("false or true", "true");
    ok("false or false", "false");
    ok("true or true", "true");
}

#[test]
fn and_is_true_only_when_both_sides_are() {
    ok("true and true", "true");
    ok("true and false", "false");
    ok("false and true", "false");
    ok("false and false", "false");
}

#[test]
fn and_short_circuits_before_a_failing_right_side() {
    ok("false and (1 / 0 == 1)", "false");
    ok("false and ([1][5] == 1)", "false");
    assert_eq!(err_code("true and (1 / 0 == 1)"), "eval::division_by_zero");
}

#[test]
fn or_short_circuits_before_a_failing_right_side() {
    ok("true or (1 / 0 == 1)", "true");
    assert_eq!(err_code("false or (1 / 0 == 1)"), "eval::division_by_zero");
}

#[test]
fn short_circuit_also_holds_for_facts_at_run_time() {
    // Not foldable at compile time: the left side reads a fact.
    ok("repo.is_bare and (1 / 0 == 1)", "false");
    ok("repo.is_git or (1 / 0 == 1)", "true");
}

#[test]
fn not_negates_a_bool() {
    ok("not true", "false");
    ok("not false", "true");
    ok("not not true", "true");
}

#[test]
fn not_binds_looser_than_comparison() {
    // not (1 == 2)
    ok("not 1 == 2", "true");
    ok("not 2 > 1", "false");
    ok("not \"a\" in [\"a\"]", "false");
}

#[test]
fn not_binds_tighter_than_and() {
    // (not false) and false = false; not (false and false) would be true
    ok("not false and false", "false");
    ok("not true and false", "false");
    ok("not false and true", "true");
}

#[test]
fn not_binds_tighter_than_or() {
    // (not true) or true = true; not (true or true) would be false
    ok("not true or true", "true");
    ok("not false or false", "true");
}

#[test]
fn and_binds_tighter_than_or() {
    // true or (false and false) = true; (true or false) and false would be false
    ok("true or false and false", "true");
    // (false and true) or true = true
    ok("false and true or true", "true");
    ok("(true or false) and false", "false");
}

// ---------------------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------------------

#[test]
fn comparisons_on_ints() {
    ok("1 < 2", "true");
    ok("2 < 1", "false");
    ok("2 <= 2", "true");
    ok("3 <= 2", "false");
    ok("3 > 2", "true");
    ok("2 > 2", "false");
    ok("2 >= 2", "true");
    ok("1 >= 2", "false");
    ok("1 == 1", "true");
    ok("1 == 2", "false");
    ok("1 != 2", "true");
    ok("1 != 1", "false");
    ok("-3 < -2", "true");
}

#[test]
fn comparisons_on_floats() {
    ok("1.5 < 2.5", "true");
    ok("2.5 <= 2.5", "true");
    ok("0.9 > 0.95", "false");
    ok("0.5 >= 0.25", "true");
    ok("0.5 == 0.5", "true");
    ok("0.5 != 0.25", "true");
}

#[test]
fn comparisons_mix_ints_and_floats_numerically() {
    ok("1 == 1.0", "true");
    ok("1.0 == 1", "true");
    ok("1 != 1.5", "true");
    ok("2 > 1.5", "true");
    ok("1 < 1.5", "true");
    ok("3 >= 3.0", "true");
    ok("3.0 <= 2", "false");
}

#[test]
fn comparisons_on_strings_are_lexicographic() {
    ok("\"abc\" < \"abd\"", "true");
    ok("\"ab\" < \"abc\"", "true");
    ok("\"b\" > \"abc\"", "true");
    ok("\"B\" < \"a\"", "true");
    ok("\"a\" == \"a\"", "true");
    ok("\"a\" != \"A\"", "true");
    ok("\"a\" >= \"a\"", "true");
}

#[test]
fn comparisons_on_dates() {
    ok("2026-01-01 < 2026-11-26", "true");
    ok("2027-03-01 > 2026-12-31", "true");
    ok("2026-11-26 == 2026-11-26", "true");
    ok("2026-11-26 <= 2026-11-25", "false");
    ok("now() == 2026-11-26", "true");
}

#[test]
fn comparisons_on_durations() {
    ok("1d > 23h", "true");
    ok("24h == 1d", "true");
    ok("60m == 1h", "true");
    ok("1w >= 7d", "true");
    ok("90s < 2m", "true");
    ok("1d != 1h", "true");
}

#[test]
fn comparisons_on_sizes() {
    ok("1KiB > 1KB", "true");
    ok("1000B == 1KB", "true");
    ok("1MB < 1MiB", "true");
    ok("1GiB >= 1024MiB", "true");
    ok("5MB <= 4MB", "false");
}

#[test]
fn equality_is_structural_on_lists_and_maps() {
    ok("[1, 2] == [1, 2]", "true");
    ok("[1, 2] == [2, 1]", "false");
    ok("{a: 1, b: 2} == {b: 2, a: 1}", "true");
    ok("null == null", "true");
}

#[test]
fn comparisons_are_non_associative() {
    assert_eq!(err_code("1 < 2 < 3"), "syntax::chained_comparison");
    assert_eq!(err_code("1 == 1 == true"), "syntax::chained_comparison");
    assert_eq!(err_code("1 in [1] == true"), "syntax::chained_comparison");
    assert_eq!(err_code("\"a\" matches /a/ == true"), "syntax::chained_comparison");
    // Parentheses make it fine.
    ok("(1 < 2) == true", "true");
    ok("1 < 2 and 2 < 3", "true");
}

// ---------------------------------------------------------------------------------------
// in / contains
// ---------------------------------------------------------------------------------------

#[test]
fn in_and_contains_on_lists() {
    ok("2 in [1, 2, 3]", "true");
    ok("4 in [1, 2, 3]", "false");
    ok("[1, 2, 3] contains 2", "true");
    ok("[1, 2, 3] contains 4", "false");
    ok("\"MIT\" in [\"MIT\", \"ISC\"]", "true");
    ok("1 in [1.0, 2.5]", "true");
    ok("[[1], [2]] contains [2]", "true");
}

#[test]
fn in_and_contains_on_empty_lists_are_false() {
    ok("1 in []", "false");
    ok("[] contains \"a\"", "false");
}

#[test]
fn in_and_contains_on_strings_test_substrings() {
    ok("\"ell\" in \"hello\"", "true");
    ok("\"hello\" contains \"ell\"", "true");
    ok("\"xyz\" in \"hello\"", "false");
    ok("\"hello\" contains \"\"", "true");
    ok("\"Hello\" contains \"hello\"", "false");
}

#[test]
fn in_and_contains_on_maps_test_keys() {
    ok("\"a\" in {a: 1, b: 2}", "true");
    ok("\"c\" in {a: 1, b: 2}", "false");
    ok("{a: 1} contains \"a\"", "true");
    ok("{a: 1} contains \"b\"", "false");
    // Values are not keys.
    ok("\"1\" in {a: \"1\"}", "false");
}

// ---------------------------------------------------------------------------------------
// matches
// ---------------------------------------------------------------------------------------

#[test]
fn matches_a_regex_unanchored() {
    ok("\"xaby\" matches /ab/", "true");
    ok("\"xaby\" matches /^ab/", "false");
    ok("\"v1.2.3\" matches /^v\\d+\\.\\d+\\.\\d+$/", "true");
}

#[test]
fn regex_flag_i_ignores_case() {
    ok("\"Hello\" matches /hello/", "false");
    ok("\"Hello\" matches /hello/i", "true");
}

#[test]
fn regex_flag_m_makes_anchors_match_lines() {
    ok("\"a\\nb\" matches /^b$/", "false");
    ok("\"a\\nb\" matches /^b$/m", "true");
}

#[test]
fn regex_flag_s_lets_dot_match_newline() {
    ok("\"a\\nb\" matches /a.b/", "false");
    ok("\"a\\nb\" matches /a.b/s", "true");
}

#[test]
fn regex_flag_x_ignores_whitespace_in_the_pattern() {
    ok("\"ab\" matches /a b/", "false");
    ok("\"ab\" matches /a b/x", "true");
    ok("\"AB\" matches /a b/xi", "true");
}

#[test]
fn unknown_regex_flag_is_rejected_before_running() {
    assert_eq!(err_code("\"a\" matches /a/q"), "check::bad_regex");
    assert_eq!(err_code("\"a\" matches /a(/"), "check::bad_regex");
}

#[test]
fn matches_a_glob_string() {
    ok("\"src/main.rs\" matches \"src/*.rs\"", "true");
    ok("\"src/a/main.rs\" matches \"src/*.rs\"", "false");
    ok("\"src/a/main.rs\" matches \"src/**/*.rs\"", "true");
    ok("\"x.py\" matches \"*.{rs,py}\"", "true");
    ok("\"x.go\" matches \"*.{rs,py}\"", "false");
    ok("\"LICENSE\" matches \"LICEN?E\"", "true");
}

// ---------------------------------------------------------------------------------------
// satisfies
// ---------------------------------------------------------------------------------------

#[test]
fn satisfies_a_single_allowed_id() {
    ok("\"MIT\" satisfies [\"MIT\", \"Apache-2.0\"]", "true");
    ok("\"ISC\" satisfies [\"MIT\", \"Apache-2.0\"]", "false");
    ok("\"MIT\" satisfies \"MIT\"", "true");
}

#[test]
fn satisfies_or_needs_one_allowed_side() {
    ok("\"MIT OR GPL-3.0-only\" satisfies [\"MIT\"]", "true");
    ok("\"GPL-3.0-only OR MIT\" satisfies [\"MIT\"]", "true");
    ok("\"GPL-3.0-only OR AGPL-3.0-only\" satisfies [\"MIT\"]", "false");
}

#[test]
fn satisfies_and_needs_both_sides() {
    ok("\"MIT AND GPL-3.0-only\" satisfies [\"MIT\"]", "false");
    ok("\"MIT AND Apache-2.0\" satisfies [\"MIT\", \"Apache-2.0\"]", "true");
    ok("\"(MIT OR ISC) AND Apache-2.0\" satisfies [\"ISC\", \"Apache-2.0\"]", "true");
}

#[test]
fn satisfies_or_later_with_an_allowed_later_version() {
    ok("\"GPL-2.0-or-later\" satisfies [\"GPL-3.0-only\"]", "true");
    ok("\"GPL-2.0-or-later\" satisfies [\"GPL-2.0-only\"]", "true");
    ok("\"GPL-3.0-or-later\" satisfies [\"GPL-2.0-only\"]", "false");
    ok("\"GPL-2.0-only\" satisfies [\"GPL-3.0-only\"]", "false");
    ok("\"GPL-2.0+\" satisfies [\"GPL-3.0-only\"]", "true");
    ok("\"LGPL-2.1-or-later\" satisfies [\"LGPL-3.0-only\"]", "true");
    // A later version of another family does not count.
    ok("\"LGPL-2.1-or-later\" satisfies [\"GPL-3.0-only\"]", "false");
    ok("\"GPL-2.0-or-later\" satisfies [\"AGPL-3.0-only\"]", "false");
    ok(
        "\"GPL-2.0-or-later WITH Classpath-exception-2.0\" satisfies [\"GPL-3.0-only WITH Classpath-exception-2.0\"]",
        "true",
    );
}

#[test]
fn satisfies_with_exception_entries() {
    ok("\"Apache-2.0 WITH LLVM-exception\" satisfies [\"Apache-2.0 WITH LLVM-exception\"]", "true");
    ok(
        "\"Apache-2.0 WITH LLVM-exception\" satisfies [\"MIT\", \"Apache-2.0 WITH LLVM-exception\"]",
        "true",
    );
    ok(
        "\"GPL-2.0-only WITH Classpath-exception-2.0\" satisfies [\"GPL-2.0-only WITH LLVM-exception\"]",
        "false",
    );
    ok("\"MIT\" satisfies [\"Apache-2.0 WITH LLVM-exception\"]", "false");
}

#[test]
fn noassertion_none_and_unparsable_satisfy_nothing() {
    ok("\"NOASSERTION\" satisfies [\"NOASSERTION\", \"MIT\"]", "false");
    ok("\"NONE\" satisfies [\"NONE\", \"MIT\"]", "false");
    ok("\"not a license at all\" satisfies [\"MIT\"]", "false");
    ok("\"\" satisfies [\"MIT\"]", "false");
    ok("\"MIT AND NOASSERTION\" satisfies [\"MIT\"]", "false");
    ok("\"MIT\" satisfies []", "false");
}

#[test]
fn satisfies_reads_expressions_leniently() {
    ok("\"Apache 2\" satisfies [\"Apache-2.0\"]", "true");
    ok("\"MIT License\" satisfies [\"MIT\"]", "true");
    ok("\"Apache 2\" satisfies [\"MIT\"]", "false");
    ok("\"BSD 3-Clause\" satisfies [\"BSD-3-Clause\"]", "true");
    ok("\"MIT or ISC\" satisfies [\"ISC\"]", "true");
    ok("\"mit\" satisfies [\"MIT\"]", "true");
}

// ---------------------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------------------

#[test]
fn int_arithmetic() {
    ok("2 + 3", "5");
    ok("2 - 3", "-1");
    ok("4 * 5", "20");
    ok("20 / 4", "5");
    ok("7 % 3", "1");
}

#[test]
fn int_division_truncates_toward_zero() {
    ok("7 / 2", "3");
    ok("-7 / 2", "-3");
    ok("7 / -2", "-3");
    ok("1 / 3", "0");
    ok("-7 % 3", "-1");
}

#[test]
fn int_overflow_is_an_error_outcome() {
    assert_eq!(err_code("9223372036854775807 + 1"), "eval::overflow");
    assert_eq!(err_code("-9223372036854775807 - 2"), "eval::overflow");
    assert_eq!(err_code("9223372036854775807 * 2"), "eval::overflow");
    assert_eq!(err_code("(-9223372036854775807 - 1) / -1"), "eval::overflow");
    assert_eq!(err_code("-(-9223372036854775807 - 1)"), "eval::overflow");
    ok("-9223372036854775807 - 1", "-9223372036854775808");
}

#[test]
fn division_by_zero_is_an_error_outcome() {
    assert_eq!(err_code("1 / 0"), "eval::division_by_zero");
    assert_eq!(err_code("1 % 0"), "eval::division_by_zero");
    assert_eq!(err_code("1.5 / 0"), "eval::division_by_zero");
    assert_eq!(err_code("1d / 0"), "eval::division_by_zero");
    assert_eq!(err_code("1MB / 0"), "eval::division_by_zero");
}

#[test]
fn float_arithmetic() {
    ok("1.5 + 2.25", "3.75");
    ok("1.5 - 0.25", "1.25");
    ok("0.5 * 3", "1.5");
    ok("7.0 / 2", "3.5");
    ok("7 / 2.0", "3.5");
    ok("1 + 0.5", "1.5");
}

#[test]
fn plus_concatenates_strings() {
    ok("\"ab\" + \"cd\"", "abcd");
    ok("\"\" + \"x\"", "x");
    ok("\"a\" + \"b\" + \"c\"", "abc");
}

#[test]
fn plus_concatenates_lists() {
    ok("[1, 2] + [3]", "[1, 2, 3]");
    ok("[\"a\"] + [\"b\"]", "[\"a\", \"b\"]");
    ok("[] + [1]", "[1]");
}

#[test]
fn date_plus_and_minus_duration() {
    ok("2026-11-26 + 5d", "2026-12-01");
    ok("2026-03-01 - 1d", "2026-02-28");
    ok("2026-11-26 + 12h", "2026-11-26T12:00:00Z");
    ok("2026-11-26 - 1w", "2026-11-19");
    ok("now() - 90d", "2026-08-28");
}

#[test]
fn the_last_valid_date_is_a_date_not_null() {
    // See: issue 9 — `9999-12-31` lies past jiff's last instant and evaluated to null.
    ok("9999-12-31 > 2026-01-01", "true");
    ok("9999-12-31 >= 9999-12-30", "true");
    ok("0001-01-01 < 2026-01-01", "true");
}

#[test]
fn date_minus_date_is_a_duration() {
    ok("2026-12-01 - 2026-11-26", "5d");
    ok("2026-11-26 - 2026-12-01", "-5d");
    ok("now() - 2026-11-01", "25d");
    ok("2027-01-01 - 2026-01-01", "365d");
}

#[test]
fn duration_arithmetic() {
    ok("1d + 12h", "36h");
    ok("2h - 30m", "90m");
    ok("1d * 2", "2d");
    ok("2 * 1d", "2d");
    ok("1w / 7", "1d");
    ok("1h / 2h", "0.5");
    ok("1d - 2d", "-1d");
    ok("1d * 1.5", "36h");
    ok("1d / 2", "12h");
}

#[test]
fn size_arithmetic() {
    ok("1MB + 500KB", "1500KB");
    ok("2KiB - 1KiB", "1KiB");
    ok("5MB * 2", "10MB");
    ok("2 * 5MB", "10MB");
    ok("1MiB / 4", "256KiB");
    ok("1KB / 1B", "1000.0");
    ok("1MB / 2MB", "0.5");
    ok("1MB * 0.5", "500KB");
}

#[test]
fn size_subtraction_below_zero_is_an_error() {
    assert_eq!(err_code("1KB - 2KB"), "eval::overflow");
}

#[test]
fn unary_minus() {
    ok("-5", "-5");
    ok("--5", "5");
    ok("-(2 + 3)", "-5");
    ok("-1.5", "-1.5");
    ok("-(1d)", "-1d");
    ok("-2 * 3", "-6");
    ok("- 2 + 3", "1");
}

#[test]
fn multiplication_binds_tighter_than_addition() {
    ok("1 + 2 * 3", "7");
    ok("(1 + 2) * 3", "9");
    ok("2 * 3 + 1", "7");
    ok("10 - 6 / 2", "7");
    ok("1 + 7 % 4", "4");
}

#[test]
fn same_level_operators_associate_left() {
    ok("10 - 2 - 3", "5");
    ok("10 / 2 / 5", "1");
    // (10 % 3) % 2 = 1; 10 % (3 % 2) would be 0
    ok("10 % 3 % 2", "1");
    ok("100 / 10 * 2", "20");
    ok("2 * 3 % 4", "2");
    ok("7 % 4 * 2", "6");
}

#[test]
fn unary_minus_binds_tighter_than_multiplication_but_looser_than_postfix() {
    ok("-2 * -3", "6");
    ok("-[1, 2][0]", "-1");
    ok("-len([1, 2, 3])", "-3");
}

#[test]
fn arithmetic_binds_tighter_than_comparison() {
    ok("1 + 2 == 3", "true");
    ok("2 * 3 > 5", "true");
    ok("1d + 1d == 2d", "true");
    ok("1 + 1 in [2]", "true");
}

#[test]
fn slash_is_division_after_an_operand_and_a_regex_before_one() {
    ok("10 / 2 / 5", "1");
    ok("\"a/b\" matches /a\\/b/", "true");
    ok("\"a/b\" matches /a.b/", "true");
    ok("(10) / 2", "5");
    ok("len([1, 2, 3, 4]) / 2", "2");
    ok("[8][0] / 4", "2");
}

// ---------------------------------------------------------------------------------------
// Field access and indexing
// ---------------------------------------------------------------------------------------

#[test]
fn field_access_on_records_and_maps() {
    ok("repo.name", "demo");
    ok("repo().path", "/src/demo");
    ok("{a: 1, b: 2}.b", "2");
    ok("{a: 1}.b", "null");
    ok("license_files()[0].license.expr", "MIT");
    ok("commits()[0].author.email", "dev@example.com");
}

#[test]
fn index_on_lists_with_negative_indexes_from_the_end() {
    ok("[10, 20, 30][0]", "10");
    ok("[10, 20, 30][2]", "30");
    ok("[10, 20, 30][-1]", "30");
    ok("[10, 20, 30][-3]", "10");
}

#[test]
fn index_out_of_range_is_an_error() {
    assert_eq!(err_code("[10, 20, 30][3]"), "eval::index_out_of_range");
    assert_eq!(err_code("[10, 20, 30][-4]"), "eval::index_out_of_range");
    assert_eq!(err_code("[][0]"), "eval::index_out_of_range");
    assert_eq!(err_code("\"abc\"[3]"), "eval::index_out_of_range");
}

#[test]
fn index_on_maps_and_strings() {
    ok("{a: 1, b: 2}[\"b\"]", "2");
    ok("{a: 1}[\"z\"]", "null");
    ok("\"hello\"[1]", "e");
    ok("\"héllo\"[1]", "é");
}

// ---------------------------------------------------------------------------------------
// Quantifiers, count, comprehensions
// ---------------------------------------------------------------------------------------

#[test]
fn all_holds_when_every_element_does() {
    ok("all x in [1, 2, 3]: x > 0", "true");
    ok("all x in [1, -2, 3]: x > 0", "false");
}

#[test]
fn any_holds_when_some_element_does() {
    ok("any x in [1, 2, 3]: x > 2", "true");
    ok("any x in [1, 2, 3]: x > 3", "false");
}

#[test]
fn none_holds_when_no_element_does() {
    ok("none x in [1, 2, 3]: x > 5", "true");
    ok("none x in [1, 2, 3]: x == 2", "false");
}

#[test]
fn quantifiers_over_empty_lists() {
    ok("all x in []: false", "true");
    ok("any x in []: true", "false");
    ok("none x in []: true", "true");
}

#[test]
fn quantifiers_stop_at_the_first_decisive_element() {
    ok("any x in [1, 0]: 10 / x == 10", "true");
    ok("all x in [0, 1]: 10 / (x - 1) > 0", "false");
    ok("none x in [1, 0]: 10 / x == 10", "false");
    assert_eq!(err_code("all x in [1, 0]: 10 / x > 0"), "eval::division_by_zero");
}

#[test]
fn quantifier_bodies_extend_as_far_right_as_possible() {
    // any x in []: (false or true) = false; (any x in []: false) or true would be true
    ok("any x in []: false or true", "false");
    ok("(any x in []: false) or true", "true");
    // false or (any x in []: (false or true)) = false
    ok("false or any x in []: false or true", "false");
    ok("not any x in [1]: x == 1", "false");
    // all x in [1]: (x == 2 or x == 1)
    ok("all x in [1]: x == 2 or x == 1", "true");
}

#[test]
fn count_counts_the_elements_that_hold() {
    ok("count(x in [1, 2, 3, 4]: x % 2 == 0)", "2");
    ok("count(x in [1, 2, 3]: x > 5)", "0");
    ok("count(x in []: true)", "0");
    ok("count(f in files(): f.ext == \"rs\")", "2");
}

#[test]
fn comprehension_maps_elements() {
    ok("[x * 2 for x in [1, 2, 3]]", "[2, 4, 6]");
    ok("[upper(s) for s in [\"a\", \"b\"]]", "[\"A\", \"B\"]");
    ok("[x for x in []]", "[]");
    ok("[f.path for f in files(\"src/**\")]", "[\"src/lib.rs\", \"src/main.rs\"]");
}

#[test]
fn comprehension_with_if_filters_elements() {
    ok("[x for x in [1, 2, 3, 4] if x % 2 == 1]", "[1, 3]");
    ok("[x * 10 for x in [1, 2, 3] if x > 5]", "[]");
    ok("[c.short for c in commits() if not c.is_merge]", "[\"aaaaaaa\", \"ccccccc\"]");
}

#[test]
fn nested_quantifiers_and_comprehensions() {
    ok("all x in [1, 2]: any y in [2, 3]: y > x", "true");
    ok("all x in [1, 3]: any y in [2, 3]: y > x", "false");
    ok("any xs in [[1, 2], [3]]: all y in xs: y > 2", "true");
    ok("count(x in [1, 2, 3]: any y in [2, 3]: x == y)", "2");
    ok("[[x * y for y in [1, 2]] for x in [1, 3]]", "[[1, 2], [3, 6]]");
    ok("[x for x in [1, 2, 3] if none y in [2]: y == x]", "[1, 3]");
}

#[test]
fn quantifier_variables_shadow_nothing_after_their_scope() {
    // The same name in two sibling quantifiers is two variables.
    ok("(any x in [1]: x == 1) and (all x in [\"a\"]: x == \"a\")", "true");
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

#[test]
fn len_of_lists_strings_and_maps() {
    ok("len([1, 2, 3])", "3");
    ok("len([])", "0");
    ok("len(\"héllo\")", "5");
    ok("len(\"\")", "0");
    ok("len({a: 1, b: 2})", "2");
    ok("len(files())", "5");
}

#[test]
fn lower_upper_and_trim() {
    ok("lower(\"MiXeD\")", "mixed");
    ok("lower(\"ÉCOLE\")", "école");
    ok("upper(\"MiXeD\")", "MIXED");
    ok("trim(\"  x y \\n\")", "x y");
}

#[test]
fn starts_with_and_ends_with() {
    ok("starts_with(\"hello\", \"he\")", "true");
    ok("starts_with(\"hello\", \"lo\")", "false");
    ok("ends_with(\"hello\", \"lo\")", "true");
    ok("ends_with(\"hello\", \"he\")", "false");
    ok("starts_with(\"hello\", \"\")", "true");
}

#[test]
fn split_and_join() {
    ok("split(\"a,b,c\", \",\")", "[\"a\", \"b\", \"c\"]");
    ok("split(\"a,,b\", \",\")", "[\"a\", \"\", \"b\"]");
    ok("split(\"abc\", \"\")", "[\"a\", \"b\", \"c\"]");
    ok("join([\"a\", \"b\", \"c\"], \"-\")", "a-b-c");
    ok("join([], \", \")", "");
    ok("join(split(\"x y\", \" \"), \"+\")", "x+y");
}

#[test]
fn now_is_the_fixed_clock() {
    ok("now()", "2026-11-26");
    ok("now() > 2026-11-25", "true");
}

// ---------------------------------------------------------------------------------------
// Templates and literals
// ---------------------------------------------------------------------------------------

#[test]
fn templates_interpolate_expressions() {
    assert_eq!(render("", "{repo.name}/{1 + 2}").unwrap(), "demo/3");
    assert_eq!(render("let n = 7", "n is {n}!").unwrap(), "n is 7!");
    assert_eq!(render("", "no braces here").unwrap(), "no braces here");
}

#[test]
fn templates_write_braces_with_doubled_braces() {
    assert_eq!(render("let n = 7", "{{literal}} {n}").unwrap(), "{literal} 7");
    assert_eq!(render("", "a {{ b }} c").unwrap(), "a { b } c");
    assert_eq!(render("let n = 1", "{{{n}}}").unwrap(), "{1}");
}

#[test]
fn templates_render_strings_bare_and_values_as_literals() {
    assert_eq!(render("let s = \"x\"", "[{s}]").unwrap(), "[x]");
    assert_eq!(render("let xs = [\"a\", \"b\"]", "{xs}").unwrap(), "[\"a\", \"b\"]");
    assert_eq!(render("let d = 90d", "{d}").unwrap(), "90d");
    assert_eq!(render("let m = {b: 1, a: \"z\"}", "{m}").unwrap(), "{a: \"z\", b: 1}");
}

#[test]
fn ordinary_strings_do_not_interpolate() {
    ok("\"{x}\"", "{x}");
    ok("\"**/*.{rs,py}\"", "**/*.{rs,py}");
}

#[test]
fn string_escapes() {
    ok("\"say \\\"hi\\\"\"", "say \"hi\"");
    ok("\"a\\\\b\"", "a\\b");
    ok("\"a\\tb\"", "a\tb");
    ok("\"a\\nb\"", "a\nb");
    ok("\"\\u{41}\\u{e9}\"", "Aé");
}

#[test]
fn duration_literals() {
    ok("90d", "90d");
    ok("12h", "12h");
    ok("30m", "30m");
    ok("45s", "45s");
    ok("2w", "2w");
    ok("14d", "2w");
    ok("90d + 12h + 30m", "130350m");
    ok("90d + 12h + 30m == 7821000s", "true");
}

#[test]
fn size_literals() {
    ok("5MB", "5MB");
    ok("512KiB", "512KiB");
    ok("5MB == 5000000B", "true");
    ok("512KiB == 524288B", "true");
    ok("1.5KB == 1500B", "true");
    ok("1024KiB", "1MiB");
}

#[test]
fn date_literals() {
    ok("2027-03-01", "2027-03-01");
    ok("2024-02-29 + 1d", "2024-03-01");
    assert_eq!(err_code("2027-02-30"), "check::bad_date");
}

#[test]
fn other_literals() {
    ok("true", "true");
    ok("false", "false");
    ok("null", "null");
    ok("42", "42");
    ok("0.25", "0.25");
    ok("[1, 2]", "[1, 2]");
    ok("{a: 1}", "{a: 1}");
    ok("[]", "[]");
    ok("9223372036854775807", "9223372036854775807");
    assert_eq!(err_code("9223372036854775808"), "syntax::bad_number");
}

// ---------------------------------------------------------------------------------------
// Type rules (checker)
// ---------------------------------------------------------------------------------------

#[test]
fn optional_used_without_narrowing_is_an_error() {
    assert_eq!(
        rule_errors("", "  require lower(repo.branch) == \"main\""),
        ["check::optional_use"]
    );
    assert_eq!(rule_errors("", "  require repo.branch < \"main\""), ["check::optional_use"]);
    assert_eq!(
        rule_errors("", "  require file(\"README.md\").size < 1MB"),
        ["check::optional_use"]
    );
    assert_eq!(rule_errors("", "  require len(repo.remote) > 0"), ["check::optional_use"]);
    // Reading a map by key may find nothing.
    assert_eq!(rule_errors("", "  require {a: 1}[\"a\"] + 1 == 2"), ["check::optional_use"]);
}

#[test]
fn optional_use_help_shows_the_narrowing() {
    let d = diagnostics("tenet 1\nrule t/x {\n  require lower(repo.branch) == \"main\"\n}\n");
    let d = d.iter().find(|d| d.code == "check::optional_use").unwrap();
    assert!(d.help.as_deref().unwrap_or("").contains("repo.branch != null"), "{:?}", d.help);
}

#[test]
fn where_not_null_narrows_the_rest_of_the_rule() {
    let body = "  for f in files()\n  for m in f.find(/v(\\d+)?/)\n  for g in m.groups\n{WHERE}  require len(g) > 0";
    assert_eq!(rule_errors("", &body.replace("{WHERE}", "")), ["check::optional_use"]);
    assert!(rule_errors("", &body.replace("{WHERE}", "  where g != null\n")).is_empty());
    assert!(rule_errors("", &body.replace("{WHERE}", "  where null != g\n")).is_empty());
    assert!(
        rule_errors(
            "",
            "  for f in files()\n  where repo.branch != null\n  require starts_with(repo.branch, f.name)"
        )
        .is_empty()
    );
}

#[test]
fn not_null_and_narrows_the_right_side() {
    assert!(
        rule_errors("", "  require repo.branch != null and starts_with(repo.branch, \"release/\")")
            .is_empty()
    );
    assert_eq!(
        rule_errors("", "  require repo.branch == null and starts_with(repo.branch, \"x\")"),
        ["check::optional_use"]
    );
}

#[test]
fn is_null_or_narrows_the_right_side() {
    assert!(
        rule_errors("", "  require repo.branch == null or starts_with(repo.branch, \"release/\")")
            .is_empty()
    );
    assert_eq!(
        rule_errors("", "  require repo.branch != null or starts_with(repo.branch, \"x\")"),
        ["check::optional_use"]
    );
}

#[test]
fn comparing_an_optional_with_null_is_always_allowed() {
    assert!(rule_errors("", "  require repo.branch == null").is_empty());
    assert!(rule_errors("", "  require null != repo.head").is_empty());
    assert!(rule_errors("", "  require file(\"LICENSE\") != null").is_empty());
}

#[test]
fn int_fits_where_float_is_wanted() {
    assert!(
        rule_errors(
            "param min_confidence: float = 1",
            "  for f in license_files()\n  require f.license.confidence >= min_confidence"
        )
        .is_empty()
    );
    assert!(rule_errors("let xs = [1, 2.5]", "  require 1 in xs").is_empty());
    assert!(rule_errors("", "  require 1 < 1.5").is_empty());
}

#[test]
fn comparing_a_string_with_an_int_is_a_type_mismatch() {
    assert_eq!(rule_errors("", "  require \"1\" < 1"), ["check::type_mismatch"]);
    assert_eq!(rule_errors("", "  require repo.name == 1"), ["check::type_mismatch"]);
    assert_eq!(rule_errors("", "  require 1d > 1"), ["check::type_mismatch"]);
}

#[test]
fn list_elements_of_different_types_are_a_type_mismatch() {
    assert_eq!(
        rule_errors("let xs = [1, \"a\"]", "  require len(xs) > 0"),
        ["check::type_mismatch"]
    );
    assert_eq!(rule_errors("", "  require 1 in [\"a\", \"b\"]"), ["check::type_mismatch"]);
    assert_eq!(
        rule_errors("", "  require join([1, 2], \",\") == \"1,2\""),
        ["check::type_mismatch"]
    );
}

#[test]
fn other_operator_type_errors() {
    assert_eq!(rule_errors("", "  require not 1"), ["check::type_mismatch"]);
    assert_eq!(rule_errors("", "  require -\"a\" == \"a\""), ["check::type_mismatch"]);
    assert_eq!(rule_errors("", "  require 1 + \"a\" == 1"), ["check::type_mismatch"]);
    assert_eq!(rule_errors("", "  require \"a\" matches 1"), ["check::type_mismatch"]);
    assert_eq!(rule_errors("", "  require 1.5 % 2 == 1"), ["check::type_mismatch"]);
    assert_eq!(rule_errors("", "  require 1"), ["check::type_mismatch"]);
    assert_eq!(rule_errors("", "  require [1, 2][1.0] == 2"), ["check::type_mismatch"]);
}

#[test]
fn wrong_arity_is_an_error() {
    assert_eq!(rule_errors("", "  require lower(\"A\", \"B\") == \"a\""), ["check::arity"]);
    assert_eq!(rule_errors("", "  require starts_with(\"a\")"), ["check::arity"]);
    assert_eq!(rule_errors("", "  require now(1) == now()"), ["check::arity"]);
    assert_eq!(rule_errors("", "  for f in files()\n  require f.head() == \"\""), ["check::arity"]);
}

#[test]
fn arity_error_shows_the_signature() {
    let d = diagnostics("tenet 1\nrule t/x {\n  require starts_with(\"a\")\n}\n");
    let d = d.iter().find(|d| d.code == "check::arity").unwrap();
    assert!(
        d.help.as_deref().unwrap_or("").contains("starts_with(s: string, prefix: string)"),
        "{:?}",
        d.help
    );
}

#[test]
fn unknown_field_suggests_the_closest_one() {
    let text = "tenet 1\nrule t/x {\n  require repo.nme == \"demo\"\n}\n";
    assert_eq!(check_errors(text), ["check::unknown_field"]);
    let d = diagnostics(text);
    let d = d.iter().find(|d| d.code == "check::unknown_field").unwrap();
    assert_eq!(d.help.as_deref(), Some("did you mean `name`?"));
}

#[test]
fn calling_a_field_or_reading_a_method_says_which_it_is() {
    let d = diagnostics("tenet 1\nrule t/x {\n  for f in files()\n  require f.text() == \"\"\n}\n");
    let d = d.iter().find(|d| d.code == "check::unknown_method").unwrap();
    assert!(d.help.as_deref().unwrap_or("").contains("is a field"), "{:?}", d.help);
    let d = diagnostics("tenet 1\nrule t/x {\n  for f in files()\n  require f.find == null\n}\n");
    let d = d.iter().find(|d| d.code == "check::unknown_field").unwrap();
    assert!(d.help.as_deref().unwrap_or("").contains("is a method"), "{:?}", d.help);
}

#[test]
fn unknown_function_suggests_the_closest_one() {
    let d = diagnostics("tenet 1\nrule t/x {\n  require len(licence_files()) > 0\n}\n");
    let d = d.iter().find(|d| d.code == "check::unknown_fact").unwrap();
    assert_eq!(d.help.as_deref(), Some("did you mean `license_files`?"));
}

#[test]
fn chained_comparison_is_reported_by_the_checker_too() {
    assert_eq!(rule_errors("", "  require 1 < 2 < 3"), ["syntax::chained_comparison"]);
}

// ---------------------------------------------------------------------------------------
// Rules through the engine
// ---------------------------------------------------------------------------------------

#[test]
fn violation_points_at_the_innermost_located_loop_variable() {
    let o = outcome(
        "tenet 1\nrule t/x {\n  for f in files(\"src/**\")\n  for m in f.find(/TODO/)\n  forbid true\n}\n",
        "t/x",
    );
    assert_eq!(o.kind, OutcomeKind::Fail);
    assert_eq!(o.violations.len(), 1);
    let loc = o.violations[0].location.clone().unwrap();
    assert_eq!(&*loc.path, "src/main.rs");
    assert_eq!((loc.line, loc.column), (Some(2), Some(4)));
    assert_eq!((loc.end_line, loc.end_column), (Some(2), Some(8)));
}

#[test]
fn unlocated_inner_loop_variables_fall_back_to_an_outer_located_one() {
    let o = outcome(
        "tenet 1\nrule t/x {\n  for f in files(\"src/main.rs\")\n  for l in f.lines\n  where l contains \"TODO\"\n  forbid true\n}\n",
        "t/x",
    );
    assert_eq!(o.kind, OutcomeKind::Fail);
    assert_eq!(o.violations.len(), 1);
    assert_eq!(o.violations[0].location, Some(Location::file("src/main.rs")));
}

#[test]
fn at_overrides_the_location() {
    let o = outcome(
        "tenet 1\nrule t/x {\n  for f in files(\"src/**\")\n  for m in f.find(/TODO/)\n  forbid true\n  at \"docs/elsewhere.md\"\n}\n",
        "t/x",
    );
    assert_eq!(o.violations[0].location, Some(Location::file("docs/elsewhere.md")));
    let o = outcome(
        "tenet 1\nrule t/x {\n  for f in files(\"src/**\")\n  for m in f.find(/TODO/)\n  forbid true\n  at f\n}\n",
        "t/x",
    );
    assert_eq!(o.violations[0].location, Some(Location::file("src/main.rs")));
}

#[test]
fn without_located_loop_variables_the_violation_is_repository_level() {
    let o = outcome("tenet 1\nrule t/x {\n  forbid true\n}\n", "t/x");
    assert_eq!(o.kind, OutcomeKind::Fail);
    assert_eq!(o.violations.len(), 1);
    assert_eq!(o.violations[0].location, None);
    let o = outcome(
        "tenet 1\nrule t/x {\n  for c in commits()\n  forbid true\n  message \"{c.short}\"\n}\n",
        "t/x",
    );
    assert_eq!(o.violations.len(), 3);
    assert!(o.violations.iter().all(|v| v.location.is_none()));
}

#[test]
fn each_failing_binding_is_one_violation_even_when_they_render_alike() {
    // Three commits fail; with the default message and no location their violations look
    // the same, but SPEC §2.2 says each surviving tuple of bindings is one violation.
    let o = outcome("tenet 1\nrule t/x {\n  for c in commits()\n  forbid true\n}\n", "t/x");
    assert_eq!(o.violations.len(), 3);
}

#[test]
fn each_failing_tuple_of_bindings_is_one_violation() {
    let o = outcome(
        "tenet 1\nrule t/x {\n  for f in files()\n  where f.text contains \"TODO\"\n  forbid true\n  message \"{f.path}\"\n}\n",
        "t/x",
    );
    let msgs: Vec<&str> = o.violations.iter().map(|v| v.message.as_str()).collect();
    assert_eq!(msgs, ["README.md", "src/main.rs", "third_party/zlib/inflate.c"]);
}

#[test]
fn when_false_skips_the_rule() {
    let o = outcome("tenet 1\nrule t/x {\n  when repo.is_bare\n  forbid true\n}\n", "t/x");
    assert_eq!(o.kind, OutcomeKind::Skipped);
    assert!(o.violations.is_empty());
    let o = outcome("tenet 1\nrule t/x {\n  when not repo.is_bare\n  forbid true\n}\n", "t/x");
    assert_eq!(o.kind, OutcomeKind::Fail);
}

#[test]
fn when_is_evaluated_before_the_loops() {
    // A failing fact in a loop is never reached when `when` is false.
    let o = outcome(
        "tenet 1\nrule t/x {\n  when false\n  for f in files()\n  require json(\"bad.json\") == null\n}\n",
        "t/x",
    );
    assert_eq!(o.kind, OutcomeKind::Skipped);
}

#[test]
fn running_out_of_fuel_is_an_error_outcome() {
    let items: Vec<String> = (1..=100).map(|i| i.to_string()).collect();
    let text = format!(
        "tenet 1\nrule t/big {{\n  require len([x * 2 for x in [{}]]) == 100\n}}\n\nrule t/small {{\n  require 1 == 1\n}}\n",
        items.join(", ")
    );
    let (_, outs) = run_with(&text, 50).unwrap();
    let big = outs.iter().find(|o| o.rule == "t/big").unwrap();
    assert_eq!(big.kind, OutcomeKind::Error);
    assert!(big.violations.is_empty());
    assert_eq!(big.error.as_ref().unwrap().code, "eval::fuel_exhausted");
    // Fuel is per (rule, repository): the small rule still passes.
    let small = outs.iter().find(|o| o.rule == "t/small").unwrap();
    assert_eq!(small.kind, OutcomeKind::Pass);
    // With the default budget the big rule passes.
    let (_, outs) = run_with(&text, FUEL).unwrap();
    assert!(outs.iter().all(|o| o.kind == OutcomeKind::Pass));
}

#[test]
fn fuel_exhausted_diagnostic_says_how_to_fix_it() {
    let items: Vec<String> = (1..=100).map(|i| i.to_string()).collect();
    let text = format!(
        "tenet 1\nrule t/x {{\n  require count(x in [{}]: x > 0) > 0\n}}\n",
        items.join(", ")
    );
    let (_, outs) = run_with(&text, 50).unwrap();
    let d = outs[0].error.as_ref().unwrap().to_diagnostic();
    assert_eq!(d.code, "eval::fuel_exhausted");
    assert!(d.help.unwrap_or_default().contains("--fuel"));
}

#[test]
fn a_fact_error_is_an_error_outcome_never_a_pass() {
    // The check would hold whatever `json` returned, but the fact failed.
    let o =
        outcome("tenet 1\nrule t/x {\n  require json(\"bad.json\") == null or true\n}\n", "t/x");
    assert_eq!(o.kind, OutcomeKind::Error);
    let e = o.error.unwrap();
    assert_eq!(e.code, "facts::bad_json");
    assert_eq!(e.path.as_deref(), Some("bad.json"));
    // A fact that fails in a `where` filter, after other bindings were fine.
    let o = outcome(
        "tenet 1\nrule t/x {\n  for f in files()\n  where f.name != \"README.md\" or json(\"bad.json\") == null\n  require true\n}\n",
        "t/x",
    );
    assert_eq!(o.kind, OutcomeKind::Error);
    // A fact that fails on one file ends only that binding: the violations found in the
    // other files are kept beside the error (SPEC §5).
    let o = outcome(
        "tenet 1\nrule t/x {\n  for f in files()\n  require f.name == \"LICENSE\" or (f.name == \"main.rs\" and json(\"bad.json\") == null)\n}\n",
        "t/x",
    );
    assert_eq!(o.kind, OutcomeKind::Error);
    assert!(!o.violations.is_empty());
    assert!(
        o.violations.iter().all(|v| v.location.as_ref().is_some_and(|l| &*l.path != "src/main.rs"))
    );
}

#[test]
fn a_record_field_that_cannot_be_read_is_an_error_outcome_pointing_at_the_file() {
    let o = outcome(
        "tenet 1\nrule t/x {\n  for f in files(\"broken.bin\", \"README.md\")\n  require f.text contains \"#\"\n}\n",
        "t/x",
    );
    assert_eq!(o.kind, OutcomeKind::Error);
    let e = o.error.unwrap();
    assert_eq!(e.code, "facts::not_utf8");
    assert_eq!(e.path.as_deref(), Some("broken.bin"));
}

#[test]
fn a_fact_the_source_does_not_have_is_an_error_outcome() {
    let o = outcome("tenet 1\nrule t/x {\n  require languages().has(\"rust\")\n}\n", "t/x");
    assert_eq!(o.kind, OutcomeKind::Error);
    assert_eq!(o.error.unwrap().code, "eval::fact_failed");
}

#[test]
fn a_run_time_type_error_is_an_error_outcome() {
    // `json` returns `any`, so the checker lets this through; it fails at run time.
    let o =
        outcome("tenet 1\nrule t/x {\n  require json(\"config.json\").name + 1 == 2\n}\n", "t/x");
    assert_eq!(o.kind, OutcomeKind::Error);
    assert_eq!(o.error.unwrap().code, "eval::type_error");
}

#[test]
fn require_fails_when_the_check_is_false_and_forbid_when_it_is_true() {
    let outs = outcomes(
        "tenet 1\nrule t/require-false {\n  require 1 == 2\n}\nrule t/require-true {\n  require 1 == 1\n}\nrule t/forbid-false {\n  forbid 1 == 2\n}\nrule t/forbid-true {\n  forbid 1 == 1\n}\n",
    );
    let kind = |id: &str| outs.iter().find(|o| o.rule == id).unwrap().kind;
    assert_eq!(kind("t/require-false"), OutcomeKind::Fail);
    assert_eq!(kind("t/require-true"), OutcomeKind::Pass);
    assert_eq!(kind("t/forbid-false"), OutcomeKind::Pass);
    assert_eq!(kind("t/forbid-true"), OutcomeKind::Fail);
}

#[test]
fn require_and_forbid_in_loops_select_complementary_bindings() {
    let outs = outcomes(
        "tenet 1\nrule t/req {\n  for f in files()\n  require f.ext == \"rs\"\n  message \"{f.path}\"\n}\nrule t/forb {\n  for f in files()\n  forbid f.ext == \"rs\"\n  message \"{f.path}\"\n}\n",
    );
    let msgs = |id: &str| -> Vec<String> {
        outs.iter()
            .find(|o| o.rule == id)
            .unwrap()
            .violations
            .iter()
            .map(|v| v.message.clone())
            .collect()
    };
    assert_eq!(msgs("t/req"), ["LICENSE", "README.md", "third_party/zlib/inflate.c"]);
    assert_eq!(msgs("t/forb"), ["src/lib.rs", "src/main.rs"]);
}

#[test]
fn message_defaults_and_help_is_rendered() {
    let o = outcome(
        "tenet 1\n## Something is wrong.\nrule t/x {\n  forbid true\n  help \"fix {repo.name}\"\n}\n",
        "t/x",
    );
    assert_eq!(o.violations[0].message, "Something is wrong.");
    assert_eq!(o.violations[0].help.as_deref(), Some("fix demo"));
    let o = outcome("tenet 1\nrule t/x {\n  forbid true\n}\n", "t/x");
    assert!(o.violations[0].message.contains("t/x"), "{}", o.violations[0].message);
}

const TODO_RULE: &str = "rule t/todo {\n  for f in files()\n  where f.text contains \"TODO\"\n  forbid true\n  message \"{f.path}\"\n}\n";

fn waiver(fields: &str) -> String {
    format!(
        "tenet 1\n{TODO_RULE}\nwaive t/todo {{\n{fields}  reason \"OSPO-142: vendored\"\n  owner \"ospo@example.com\"\n}}\n"
    )
}

#[test]
fn waiver_with_matching_path_waives_those_violations_only() {
    let (loaded, outs) =
        run_with(&waiver("  paths [\"third_party/**\"]\n  expires 2027-06-30\n"), FUEL).unwrap();
    let o = outs.iter().find(|o| o.rule == "t/todo").unwrap();
    assert_eq!(o.kind, OutcomeKind::Fail);
    let waived: Vec<(&str, bool)> =
        o.violations.iter().map(|v| (v.message.as_str(), v.waived_by.is_some())).collect();
    assert_eq!(
        waived,
        [("README.md", false), ("src/main.rs", false), ("third_party/zlib/inflate.c", true)]
    );
    assert!(loaded.program.unwrap().waiver_diagnostics.is_empty());
}

#[test]
fn waiver_covering_every_violation_makes_the_outcome_waived() {
    let (_, outs) = run_with(&waiver("  expires 2027-06-30\n"), FUEL).unwrap();
    let o = outs.iter().find(|o| o.rule == "t/todo").unwrap();
    assert_eq!(o.kind, OutcomeKind::Waived);
    assert_eq!(o.violations.len(), 3, "waived violations are reported, not hidden");
    assert!(o.violations.iter().all(|v| v.waived_by == Some(0)));
}

#[test]
fn waiver_with_non_matching_path_leaves_the_rule_failing() {
    let (_, outs) =
        run_with(&waiver("  paths [\"vendor/**\"]\n  expires 2027-06-30\n"), FUEL).unwrap();
    let o = outs.iter().find(|o| o.rule == "t/todo").unwrap();
    assert_eq!(o.kind, OutcomeKind::Fail);
    assert!(o.violations.iter().all(|v| v.waived_by.is_none()));
}

#[test]
fn waiver_for_other_repositories_does_not_apply() {
    let (_, outs) =
        run_with(&waiver("  repos [\"legacy-*\"]\n  expires 2027-06-30\n"), FUEL).unwrap();
    let o = outs.iter().find(|o| o.rule == "t/todo").unwrap();
    assert_eq!(o.kind, OutcomeKind::Fail);
    let (_, outs) = run_with(&waiver("  repos [\"de*\"]\n  expires 2027-06-30\n"), FUEL).unwrap();
    let o = outs.iter().find(|o| o.rule == "t/todo").unwrap();
    assert_eq!(o.kind, OutcomeKind::Waived);
}

#[test]
fn expired_waiver_is_not_applied_and_is_reported() {
    let (loaded, outs) =
        run_with(&waiver("  paths [\"third_party/**\"]\n  expires 2026-01-01\n"), FUEL).unwrap();
    let o = outs.iter().find(|o| o.rule == "t/todo").unwrap();
    assert_eq!(o.kind, OutcomeKind::Fail);
    assert!(o.violations.iter().all(|v| v.waived_by.is_none()));
    let program = loaded.program.unwrap();
    let codes: Vec<&str> = program.waiver_diagnostics.iter().map(|d| d.code.as_ref()).collect();
    assert_eq!(codes, ["policy::expired_waiver"]);
    assert!(
        program.waiver_diagnostics[0].message.contains("2026-01-01"),
        "{}",
        program.waiver_diagnostics[0].message
    );
}

#[test]
fn path_waiver_does_not_cover_repository_level_violations() {
    let text = "tenet 1\nrule t/repo {\n  forbid true\n}\nwaive t/repo {\n  paths [\"**\"]\n  reason \"r\"\n  owner \"o\"\n  expires 2027-06-30\n}\n";
    assert_eq!(outcome(text, "t/repo").kind, OutcomeKind::Fail);
    let text = "tenet 1\nrule t/repo {\n  forbid true\n}\nwaive t/repo {\n  reason \"r\"\n  owner \"o\"\n  expires 2027-06-30\n}\n";
    assert_eq!(outcome(text, "t/repo").kind, OutcomeKind::Waived);
}

#[test]
fn waivers_never_touch_error_outcomes() {
    let text = "tenet 1\nrule t/x {\n  require json(\"bad.json\") == null\n}\nwaive t/x {\n  reason \"r\"\n  owner \"o\"\n  expires 2027-06-30\n}\n";
    assert_eq!(outcome(text, "t/x").kind, OutcomeKind::Error);
}

#[test]
fn explain_values_hold_the_operands_of_the_check() {
    let o = outcome(
        "tenet 1\nrule t/x {\n  for f in files(\"src/main.rs\")\n  require f.size < 10B\n}\n",
        "t/x",
    );
    assert_eq!(o.kind, OutcomeKind::Fail);
    let size = "fn main() {}\n// TODO one\n".len();
    assert_eq!(o.violations[0].values, [("f.size".to_string(), format!("{size}B"))]);
    let o = outcome(
        "tenet 1\nrule t/x {\n  for l in license_files()\n  require l.license.expr satisfies [\"Apache-2.0\"] and repo.name != \"demo\"\n}\n",
        "t/x",
    );
    assert_eq!(
        o.violations[0].values,
        [
            ("l.license.expr".to_string(), "MIT".to_string()),
            ("repo.name".to_string(), "demo".to_string())
        ]
    );
}

#[test]
fn fact_arguments_reach_the_source_in_signature_order() {
    ok("len(commits())", "3");
    ok("len(commits(merges: false))", "2");
    ok("len(files(\"src/*.rs\", \"*.md\"))", "3");
    ok("exists(\"LICENSE\")", "true");
    ok("exists(\"COPYING\")", "false");
    ok("file(\"nope\") == null", "true");
    ok("file(\"src/lib.rs\") != null", "true");
    // `file` returns `file?`: reading it needs narrowing first.
    assert_eq!(err_code("file(\"src/lib.rs\").name"), "check::optional_use");
}

#[test]
fn negated_null_test_narrows_like_not_equal() {
    assert!(
        rule_errors("", "  require not (repo.branch == null) and lower(repo.branch) == \"x\"")
            .is_empty()
    );
}

#[test]
fn narrowing_does_not_leak_out_of_an_or() {
    assert_eq!(
        rule_errors("", "  require (repo.branch != null or true) and lower(repo.branch) == \"x\""),
        ["check::optional_use"]
    );
}

#[test]
fn when_not_null_narrows_the_rule() {
    assert!(
        rule_errors("", "  when repo.branch != null\n  require lower(repo.branch) == \"x\"")
            .is_empty()
    );
}

#[test]
fn where_with_and_narrows_both_paths() {
    assert!(
        rule_errors(
            "",
            "  for f in files()\n  where repo.branch != null and repo.remote != null\n  require lower(repo.branch) == lower(repo.remote)"
        )
        .is_empty()
    );
}

#[test]
fn comprehension_if_and_quantifier_bodies_narrow() {
    let g = "  for f in files()\n  for m in f.find(/v(\\d+)?/)\n";
    assert!(
        rule_errors(
            "",
            &format!("{g}  require len([lower(x) for x in m.groups if x != null]) > 0")
        )
        .is_empty()
    );
    assert!(
        rule_errors("", &format!("{g}  require all x in m.groups: x == null or len(x) > 0"))
            .is_empty()
    );
    assert!(
        rule_errors("", &format!("{g}  require any x in m.groups: x != null and len(x) > 0"))
            .is_empty()
    );
    assert_eq!(
        rule_errors("", &format!("{g}  require all x in m.groups: len(x) > 0")),
        ["check::optional_use"]
    );
}

#[test]
fn optional_lets_and_params_narrow_by_name() {
    assert!(
        rule_errors("let b = repo.branch", "  require b != null and lower(b) == \"x\"").is_empty()
    );
    assert!(
        rule_errors("param owner: string? = null", "  require owner == null or len(owner) > 3")
            .is_empty()
    );
    assert_eq!(
        rule_errors("param owner: string? = null", "  require len(owner) > 3"),
        ["check::optional_use"]
    );
}

#[test]
fn optional_operands_of_string_operators_need_narrowing() {
    for body in [
        "  require \"main\" in repo.branch",
        "  require repo.branch matches /x/",
        "  require repo.branch satisfies [\"MIT\"]",
        "  require repo.branch + \"x\" == \"y\"",
    ] {
        assert_eq!(rule_errors("", body), ["check::optional_use"], "{body}");
    }
}

#[test]
fn wrong_named_arguments_are_errors() {
    assert_eq!(rule_errors("", "  require files(nocase: 1) == []"), ["check::type_mismatch"]);
    assert_eq!(
        rule_errors("", "  require commits(merge: false) == []"),
        ["check::unknown_argument"]
    );
    let d = diagnostics("tenet 1\nrule t/x {\n  require commits(merge: false) == []\n}\n");
    let d = d.iter().find(|d| d.code == "check::unknown_argument").unwrap();
    assert_eq!(d.help.as_deref(), Some("did you mean `merges`?"));
}

#[test]
fn template_interpolations_may_contain_string_literals() {
    assert_eq!(render("let xs = [\"a\", \"b\"]", "{join(xs, \\\", \\\")}").unwrap(), "a, b");
}

/// The fake repository, with a directory that could not be listed
struct Incomplete;

impl FactSource for Incomplete {
    fn fact(&self, fact: &'static Fact, args: &[Value]) -> Result<Value, FactError> {
        Fake.fact(fact, args)
    }

    fn incomplete(&self) -> Option<FactError> {
        Some(FactError::new(Code::FactsIncomplete, "`secret/` could not be read"))
    }
}

#[test]
fn rules_that_list_an_incomplete_tree_end_as_errors_with_their_violations() {
    // See: issue 8 — a directory that could not be read left the check passing.
    let text = "tenet 1\n\
        rule t/lists {\n  for f in files()\n  require f.name != \"main.rs\"\n}\n\
        rule t/clean {\n  for f in files()\n  require true\n}\n\
        rule t/no-listing {\n  require repo.name == \"demo\"\n}\n";
    let mut loaded = load(text);
    let program = loaded.program.take().unwrap();
    let engine = Engine::new(&program, EngineOptions::default()).unwrap();
    let outcomes = engine.evaluate(&Incomplete, "demo");
    let by = |id: &str| outcomes.iter().find(|o| o.rule == id).unwrap();
    assert_eq!(by("t/lists").kind, OutcomeKind::Error);
    assert_eq!(by("t/lists").violations.len(), 1, "the violation found is kept");
    assert_eq!(by("t/lists").error.as_ref().unwrap().code, "facts::incomplete");
    assert_eq!(by("t/clean").kind, OutcomeKind::Error, "no pass on a partial listing");
    assert_eq!(by("t/no-listing").kind, OutcomeKind::Pass);
}
