//! Located document values (`json`, `yaml`, `toml`) behave exactly like their plain values
//! in every operator, helper, template, iteration and index, and only differ in where a
//! violation points. Table-driven: each expression is evaluated over the same document,
//! once located and once stripped of its locations, and the results must be identical.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use tenet::diag::Severity;
use tenet::engine::policy::load_with_sets;
use tenet::engine::{Engine, EngineOptions};
use tenet::facts::documents;
use tenet::facts::{Fact, FactSource};
use tenet::model::{FactError, Outcome, OutcomeKind, Value};
use tenet::policy::PolicySpec;

const DOC: &str = r#"{
  "name": "Demo",
  "version": "1.2.3",
  "n": 3,
  "f": 1.5,
  "flag": true,
  "off": false,
  "nothing": null,
  "license": "MIT OR Apache-2.0",
  "licenses": ["MIT", "ISC"],
  "list": ["a", "b", "c"],
  "nums": [3, 1, 2],
  "map": {"k": "v", "x": 1, "inner": {"deep": [true]}},
  "path": "src/main.rs",
  "glob": "src/*.rs",
  "padded": "  x  ",
  "empty": []
}"#;

/// `json("doc.json")` is located; `json("plain.json")` is the same document unlocated;
/// `files(…)` echoes its arguments as the fact receives them
struct Docs;

impl FactSource for Docs {
    fn fact(&self, fact: &'static Fact, args: &[Value]) -> Result<Value, FactError> {
        match (fact.name(), args.first()) {
            ("json", Some(Value::Str(p))) if &**p == "doc.json" => {
                documents::parse("json", DOC, "doc.json")
            }
            ("json", Some(Value::Str(p))) if &**p == "plain.json" => {
                documents::parse("json", DOC, "plain.json").map(|v| v.unlocated())
            }
            ("files", _) => Ok(Value::str(format!("{args:?}"))),
            _ => Ok(Value::Null),
        }
    }
}

fn clock() -> jiff::Timestamp {
    "2026-11-26T00:00:00Z".parse().unwrap()
}

fn run(text: &str) -> Vec<Outcome> {
    let mut loaded =
        load_with_sets(&[PolicySpec::Text("t.tenet".into(), text.into())], &[], clock());
    if let Some(d) = loaded.diagnostics.iter().find(|d| d.severity == Severity::Error) {
        panic!("policy did not load: {}: {}\n{text}", d.code, d.message);
    }
    let program = loaded.program.take().unwrap();
    let engine =
        Engine::new(&program, EngineOptions { fuel: 1_000_000, ..EngineOptions::default() })
            .unwrap();
    engine.evaluate(&Docs, "demo")
}

/// The message of `v = EXPR` over `d = json(FILE)`, or the evaluation error
fn eval(expr: &str, file: &str) -> String {
    let text = format!(
        "tenet 1\nlet d = json(\"{file}\")\nlet v = {expr}\nrule t/x {{\n  forbid true\n  message \"{{v}}\"\n}}\n"
    );
    let o = run(&text).remove(0);
    match o.kind {
        OutcomeKind::Fail => format!("ok: {}", o.violations[0].message),
        OutcomeKind::Error => {
            let e = o.error.unwrap();
            format!("error {}: {}", e.code, e.message)
        }
        other => panic!("{other:?}"),
    }
}

/// Every operator, helper and access form, with located operands on either side or both
const EXPRESSIONS: &[&str] = &[
    // equality and ordering
    "d.name == \"Demo\"",
    "\"Demo\" == d.name",
    "d.name == d.name",
    "d.name != \"x\"",
    "d.n == 3",
    "d.n == 3.0",
    "d.f == 1.5",
    "d.n < 4",
    "d.n <= d.n",
    "d.f > d.n",
    "d.n >= d.f",
    "d.name < \"E\"",
    "d.name < 1",
    "d.list == [\"a\", \"b\", \"c\"]",
    "[\"a\", \"b\", \"c\"] == d.list",
    "d.map == {k: \"v\", x: 1, inner: {deep: [true]}}",
    "d.nums != [3, 1]",
    // null
    "d.nothing == null",
    "null == d.nothing",
    "d.nothing != null",
    "d.missing == null",
    "d.nothing == d.missing",
    "d.nothing + 1",
    "d.nothing.x",
    "d.nothing[0]",
    "null in d.list",
    "d.nothing in d.list",
    "d.nothing in d.map",
    "d.list contains d.nothing",
    "d.name contains d.nothing",
    "d.nothing matches \"*\"",
    "d.nothing satisfies [\"MIT\"]",
    "len(d.nothing)",
    "[x for x in d.nothing]",
    // membership
    "\"a\" in d.list",
    "d.name in d.list",
    "d.list[0] in d.list",
    "d.list[0] in [\"a\"]",
    "\"k\" in d.map",
    "d.list[0] in d.map",
    "\"em\" in d.name",
    "d.list contains \"b\"",
    "d.list contains d.list[1]",
    "d.name contains \"em\"",
    "d.map contains \"x\"",
    "d.n in d.nums",
    "3.0 in d.nums",
    "d.n in d.name",
    // matching and licenses
    "d.path matches \"src/*.rs\"",
    "d.path matches d.glob",
    "d.name matches /^De/",
    "d.name matches /^de/i",
    "d.n matches \"*\"",
    "d.license satisfies [\"MIT\"]",
    "d.license satisfies d.licenses",
    "d.license satisfies \"Apache-2.0\"",
    "d.licenses[0] satisfies d.licenses",
    "d.license satisfies d.n",
    // arithmetic
    "d.n + 1",
    "1 + d.n",
    "d.n + d.f",
    "d.n - d.n",
    "d.n * d.f",
    "d.n / 2",
    "d.f / 2",
    "d.n % 2",
    "d.n / 0",
    "d.n % 0",
    "-d.n",
    "-d.f",
    "-d.name",
    "d.name + \"!\"",
    "d.name + d.version",
    "d.list + [\"d\"]",
    "d.list + d.list",
    "d.name + 1",
    "d.f % 2",
    // booleans
    "d.flag and true",
    "d.flag and d.off",
    "d.off or d.flag",
    "not d.flag",
    "not d.name",
    "d.name and true",
    "d.flag == true",
    // helpers
    "len(d.list)",
    "len(d.name)",
    "len(d.map)",
    "len(d.n)",
    "len(d.empty)",
    "lower(d.name)",
    "upper(d.name)",
    "trim(d.padded)",
    "starts_with(d.name, \"De\")",
    "starts_with(\"Demo!\", d.name)",
    "ends_with(d.version, \"3\")",
    "split(d.version, \".\")",
    "split(d.version, \"\")",
    "split(d.name, d.list[0])",
    "join(d.list, \", \")",
    "join(d.nums, d.list[0])",
    "join(d.name, \",\")",
    "lower(d.n)",
    // indexing and fields
    "d.list[0]",
    "d.list[-1]",
    "d.list[d.n - 1]",
    "d.list[3]",
    "d.list[d.name]",
    "d.name[0]",
    "d.name[-1]",
    "d.map[\"k\"]",
    "d.map[d.list[0]]",
    "d.map.k",
    "d.map.inner.deep[0]",
    "d.map[\"nope\"]",
    "d.n.x",
    "d.n[0]",
    "d[\"name\"]",
    // iteration
    "any x in d.list: x == \"b\"",
    "all x in d.list: len(x) == 1",
    "none x in d.nums: x > 3",
    "count(x in d.map: x == \"k\" or x == \"x\")",
    "count(x in d.nums: x > d.nums[1])",
    "[x for x in d.map]",
    "[x + \"!\" for x in d.list]",
    "[d.map[k] for k in d.map if k != \"inner\"]",
    "[x * 2 for x in d.nums if x > 1]",
    "[x for x in d.n]",
    "any x in d.name: true",
    // whole values, as templates print them
    "d.list",
    "d.nums",
    "d.map",
    "d.map.inner",
    "d.nothing",
    "d.flag",
    "d.f",
    "d",
    "[d.name, d.n, d.nothing]",
    "{a: d.name, b: d.list}",
    // facts receive plain arguments
    "files(d.list[0])",
    "files(d.list)",
    "files(d.name, d.list, nocase: d.flag)",
];

#[test]
fn located_values_behave_exactly_like_plain_ones() {
    let mut differences = Vec::new();
    for expr in EXPRESSIONS {
        let (located, plain) = (eval(expr, "doc.json"), eval(expr, "plain.json"));
        if located != plain {
            differences.push(format!("{expr}\n  located: {located}\n  plain:   {plain}"));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn the_table_checks_real_results() {
    // A few anchors, so that both sides cannot be wrong together unnoticed.
    assert_eq!(eval("d.nothing == null", "doc.json"), "ok: true");
    assert_eq!(eval("d.name in d.list", "doc.json"), "ok: false");
    assert_eq!(eval("d.license satisfies d.licenses", "doc.json"), "ok: true");
    assert_eq!(eval("split(d.version, \".\")", "doc.json"), "ok: [\"1\", \"2\", \"3\"]");
    assert_eq!(eval("[x for x in d.map]", "doc.json"), "ok: [\"inner\", \"k\", \"x\"]");
    assert_eq!(eval("d.list", "doc.json"), "ok: [\"a\", \"b\", \"c\"]");
    assert_eq!(
        eval("files(d.list)", "doc.json"),
        "ok: [List([List([Str(\"a\"), Str(\"b\"), Str(\"c\")])]), Null]"
    );
    assert!(eval("d.nothing + 1", "doc.json").starts_with("error eval::type_error"));
}

/// `path:line:column` of each violation of `t/x`
fn places(body: &str, file: &str) -> Vec<String> {
    let text = format!("tenet 1\nlet d = json(\"{file}\")\nrule t/x {{\n{body}\n}}\n");
    let o = run(&text).remove(0);
    assert!(o.error.is_none(), "{:?}", o.error);
    o.violations
        .iter()
        .map(|v| {
            v.location.as_ref().map_or("-".to_string(), |l| {
                format!("{}:{}:{}", l.path, l.line.unwrap_or(0), l.column.unwrap_or(0))
            })
        })
        .collect()
}

#[test]
fn violations_point_at_document_nodes() {
    // The innermost located loop variable: a map yields its keys, where they are written.
    let keys = places("  for k in d.map\n  forbid true", "doc.json");
    assert_eq!(keys, ["doc.json:13:11", "doc.json:13:21", "doc.json:13:29"]);
    let items = places("  for x in d.list\n  require x == \"b\"", "doc.json");
    assert_eq!(items, ["doc.json:11:12", "doc.json:11:22"]);
    // Derived values are not located: the loop variable is.
    let derived = places("  for x in [upper(i) for i in d.list]\n  forbid true", "doc.json");
    assert_eq!(derived, ["-", "-", "-"]);
    let kept = places("  for x in [i for i in d.list if i != \"a\"]\n  forbid true", "doc.json");
    assert_eq!(kept, ["doc.json:11:17", "doc.json:11:22"]);
    // `at` a document node points there; a plain string still names a file.
    assert_eq!(places("  forbid true\n  at d.version", "doc.json"), ["doc.json:3:3"]);
    assert_eq!(places("  forbid true\n  at d.map.inner.deep[0]", "doc.json"), ["doc.json:13:48"]);
    assert_eq!(places("  forbid true\n  at d", "doc.json"), ["doc.json:1:1"]);
    assert_eq!(places("  forbid true\n  at d.path + \"\"", "doc.json"), ["src/main.rs:0:0"]);
    // The unlocated document: nothing to point at.
    assert_eq!(places("  for k in d.map\n  forbid true", "plain.json"), ["-", "-", "-"]);
}
