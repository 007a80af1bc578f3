//! `json`, `yaml` and `toml` through the real binary: findings point at the key or item
//! of the document they come from, a malformed document fails only the rules that read it,
//! and hostile documents end as errors, never as crashes.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::{filters, repo, tenet};
use insta_cmd::assert_cmd_snapshot;
use std::fmt::Write as _;

const PACKAGE: &str = r#"{
  "name": "demo",
  "version": "1.0.0",
  "dependencies": {
    "left-pad": "^1.3.0",
    "lodash": "4.17.21",
    "react": "^18.2.0"
  }
}
"#;

const UNPINNED: &str = r#"tenet 1

rule deps/unpinned {
  for name in json("package.json").dependencies
  require not starts_with(json("package.json").dependencies[name], "^")
  message "`{name}` is not pinned to one version"
}
"#;

fn json_report(dir: &std::path::Path) -> (Option<i32>, serde_json::Value) {
    let out = tenet().current_dir(dir).args(["check", "--format", "json"]).output().unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), v)
}

#[test]
fn findings_point_at_the_key_in_the_document() {
    let dir = repo(&[(".tenet/p.tenet", UNPINNED), ("package.json", PACKAGE)]);
    let (code, v) = json_report(dir.path());
    assert_eq!(code, Some(1));
    let found = &v["repositories"][0]["outcomes"][0]["violations"];
    let places: Vec<String> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}-{}:{} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["end_line"],
                f["end_column"],
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            "package.json:5:5-5:15 `left-pad` is not pinned to one version",
            "package.json:7:5-7:12 `react` is not pinned to one version"
        ]
    );
    filters(dir.path()).bind(|| {
        assert_cmd_snapshot!(tenet().current_dir(dir.path()).arg("check"));
    });
}

#[test]
fn yaml_and_toml_findings_point_at_their_keys_and_items() {
    let policy = r#"tenet 1

rule ci/unpinned-action {
  for job in yaml(".github/workflows/ci.yml").jobs
  for step in yaml(".github/workflows/ci.yml").jobs[job].steps
  where step.uses != null
  require step.uses matches /@[0-9a-f]{40}$/
  message "`{step.uses}` is not pinned to a commit"
}

rule rust/wildcard-dependency {
  for name in toml("Cargo.toml").dependencies
  forbid toml("Cargo.toml").dependencies[name] == "*"
  message "`{name}` accepts any version"
}
"#;
    let ci = "on: push\njobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n      - run: make\n";
    let cargo = "[package]\nname = \"demo\"\n\n[dependencies]\nserde = \"1\"\nrand = \"*\"\n";
    let dir = repo(&[
        (".tenet/p.tenet", policy),
        (".github/workflows/ci.yml", ci),
        ("Cargo.toml", cargo),
    ]);
    let (code, v) = json_report(dir.path());
    assert_eq!(code, Some(1));
    let outcomes = v["repositories"][0]["outcomes"].as_array().unwrap();
    let at = |i: usize| {
        let f = &outcomes[i]["violations"][0];
        format!("{}:{}:{}", f["path"].as_str().unwrap(), f["line"], f["column"])
    };
    assert_eq!(at(0), ".github/workflows/ci.yml:5:9");
    assert_eq!(at(1), "Cargo.toml:6:1");
}

#[test]
fn a_waiver_path_matches_a_document_finding() {
    let policy = format!(
        "{UNPINNED}\nwaive deps/unpinned {{\n  paths [\"package.json\"]\n  reason \"frontend owns it\"\n  owner \"web\"\n  expires 2027-06-30\n}}\n"
    );
    let dir = repo(&[(".tenet/p.tenet", &policy), ("package.json", PACKAGE)]);
    let (code, v) = json_report(dir.path());
    assert_eq!(code, Some(0));
    assert_eq!(v["repositories"][0]["outcomes"][0]["outcome"], "waived");
}

#[test]
fn data_values_point_nowhere() {
    let policy = "tenet 1\n\nrule t/teams {\n  for team in data(\"teams\").teams\n  forbid true\n  message \"{team}\"\n}\n";
    let dir = repo(&[(".tenet/p.tenet", policy), (".tenet/teams.yaml", "teams:\n  - web\n")]);
    let (code, v) = json_report(dir.path());
    assert_eq!(code, Some(1));
    let found = &v["repositories"][0]["outcomes"][0]["violations"][0];
    assert_eq!(found["message"], "web");
    assert!(found.get("path").is_none(), "{found}");
}

#[test]
fn a_malformed_document_fails_only_the_rules_that_read_it() {
    let policy = format!("{UNPINNED}\nrule docs/readme {{\n  require exists(\"README.md\")\n}}\n");
    let broken =
        "{\n  \"name\": \"demo\",\n  \"dependencies\": {\n    \"left-pad\": \"^1.3.0\",\n  }\n}\n";
    let dir = repo(&[(".tenet/p.tenet", &policy), ("package.json", broken), ("README.md", "x")]);
    let (code, v) = json_report(dir.path());
    assert_eq!(code, Some(2));
    let outcomes = &v["repositories"][0]["outcomes"];
    assert_eq!(outcomes[0]["rule"], "deps/unpinned");
    assert_eq!(outcomes[0]["outcome"], "error");
    let e = &outcomes[0]["error"];
    assert_eq!(e["code"], "facts::bad_json");
    assert_eq!(e["path"], "package.json");
    assert_eq!(e["line"], 4);
    assert_eq!(
        e["message"],
        "`package.json` is not valid JSON: trailing commas are not allowed at line 4, column 25"
    );
    assert_eq!(outcomes[1]["rule"], "docs/readme");
    assert_eq!(outcomes[1]["outcome"], "pass");
    filters(dir.path()).bind(|| {
        assert_cmd_snapshot!(tenet().current_dir(dir.path()).arg("check"));
    });
}

#[test]
fn hostile_documents_end_as_errors_not_crashes() {
    let mut key_bomb = String::from("a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for w in names.windows(2) {
        let entries: Vec<String> = (0..9).map(|i| format!("? [*{}, {i}] : 1", w[0])).collect();
        writeln!(key_bomb, "{}: &{} {{{}}}", w[1], w[1], entries.join(", ")).unwrap();
    }
    let deep_json = "[".repeat(10_000);
    let deep_yaml = format!("{}1\n", "- ".repeat(10_000));
    let deep_toml = format!("x = {}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let mut many = String::new();
    for i in 0..100_000 {
        writeln!(many, "k{i} = {i}").unwrap();
    }
    let cases: [(&str, &str, &str); 5] = [
        ("deep.json", "json", &deep_json),
        ("bomb.yml", "yaml", &key_bomb),
        ("deep.yml", "yaml", &deep_yaml),
        ("deep.toml", "toml", &deep_toml),
        ("many.toml", "toml", &many),
    ];
    let mut policy = String::from("tenet 1\n");
    for (i, (path, fact, _)) in cases.iter().enumerate() {
        write!(policy, "\nrule t/r{i} {{\n  require {fact}(\"{path}\") != null\n}}\n").unwrap();
    }
    let mut files: Vec<(&str, &str)> = cases.iter().map(|(p, _, text)| (*p, *text)).collect();
    files.push((".tenet/p.tenet", &policy));
    let dir = repo(&files);
    // Non-UTF-8 and a byte order mark, written as bytes.
    std::fs::write(dir.path().join("latin1.json"), b"{\"name\": \"caf\xe9\"}").unwrap();
    std::fs::write(dir.path().join("bom.json"), "\u{feff}{\"name\": \"x\"}").unwrap();
    let extra = "\nrule t/latin1 {\n  require json(\"latin1.json\") != null\n}\n\nrule t/bom {\n  require json(\"bom.json\").name == \"x\"\n}\n";
    std::fs::write(dir.path().join(".tenet/p.tenet"), policy + extra).unwrap();
    let started = std::time::Instant::now();
    let (code, v) = json_report(dir.path());
    assert!(started.elapsed().as_secs() < 60);
    assert_eq!(code, Some(2));
    let summary: Vec<String> = v["repositories"][0]["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let code = o["error"]["code"].as_str().unwrap_or("");
            format!("{} {} {code}", o["rule"].as_str().unwrap(), o["outcome"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        summary,
        [
            "t/bom pass ",
            "t/latin1 error facts::not_utf8",
            "t/r0 error facts::bad_json",
            "t/r1 error facts::bad_yaml",
            "t/r2 error facts::bad_yaml",
            "t/r3 error facts::bad_toml",
            "t/r4 pass ",
        ]
    );
}
