//! Loading a policy through the real binary: waiver globs, what a repository's own policy
//! may read, `data()` beside imported files, params through imports, unit names,
//! `tenet test` directories and `tenet fmt --check -`.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test"
)]

mod common;

use common::{repo, tenet};
use std::io::Write as _;
use std::process::{Output, Stdio};

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(out)))
}

/// The outcome of `rule` in a one-repository JSON report
fn outcome(v: &serde_json::Value, rule: &str) -> serde_json::Value {
    v["repositories"][0]["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule"] == rule)
        .unwrap_or_else(|| panic!("no outcome for {rule}: {v}"))
        .clone()
}

const ANY_FILE: &str = r#"tenet 1
let vendored = ["third_party/[oops"]
param skip: list<string> = ["vendor/**"]
rule t/any-file {
  for f in files()
  require false
  message "`{f.path}` found"
}
"#;

const WAIVE_LET: &str = r#"
waive t/any-file {
  paths vendored
  reason "only vendored code is exempt"
  owner "ospo@example.com"
  expires 2030-01-01
}
"#;

const WAIVE_PARAM: &str = r#"
waive t/any-file {
  paths skip
  reason "only vendored code is exempt"
  owner "ospo@example.com"
  expires 2030-01-01
}
"#;

#[test]
fn a_waiver_whose_let_glob_does_not_compile_waives_nothing() {
    let policy = format!("{ANY_FILE}{WAIVE_LET}\nlet _unused = skip\n");
    let dir = repo(&[("p.tenet", &policy), ("r/README.md", "hi\n")]);
    let out = tenet()
        .current_dir(dir.path())
        .args(["check", "--policy", "p.tenet", "--format", "json", "r"])
        .output()
        .unwrap();
    let v = json(&out);
    let o = outcome(&v, "t/any-file");
    assert_eq!(o["outcome"], "fail", "the violation is not waived: {v}");
    assert!(o["violations"][0]["waived_by"].is_null(), "{v}");
    let policy_diags = v["policy"].as_array().unwrap();
    let bad = policy_diags.iter().find(|d| d["code"] == "check::bad_glob").unwrap();
    assert_eq!(bad["severity"], "error");
    assert_eq!(bad["line"], 10, "labelled at the waiver: {bad}");
    assert!(bad["message"].as_str().unwrap().contains("third_party/[oops"), "{bad}");
    assert!(
        !policy_diags.iter().any(|d| d["code"] == "policy::unused_waiver"),
        "an inactive waiver is not also reported as unused: {v}"
    );
    assert_ne!(out.status.code(), Some(0));
}

#[test]
fn a_waiver_whose_set_glob_does_not_compile_waives_nothing() {
    let policy = format!("{ANY_FILE}{WAIVE_PARAM}\nlet _unused = vendored\n");
    let dir = repo(&[("p.tenet", &policy), ("r/README.md", "hi\n")]);
    let run = |set: &str| {
        tenet()
            .current_dir(dir.path())
            .args(["check", "--policy", "p.tenet", "--format", "json", "--set", set, "r"])
            .output()
            .unwrap()
    };
    let out = run(r#"skip=["docs/{a,b"]"#);
    let v = json(&out);
    assert_eq!(outcome(&v, "t/any-file")["outcome"], "fail", "{v}");
    assert!(v["policy"].as_array().unwrap().iter().any(|d| d["code"] == "check::bad_glob"));
    // A glob that compiles still waives what it covers.
    let out = run(r#"skip=["**/*.md"]"#);
    let v = json(&out);
    assert_eq!(outcome(&v, "t/any-file")["outcome"], "waived", "{v}");
    assert_eq!(out.status.code(), Some(0), "{v}");
}

#[test]
fn lint_reports_a_waiver_glob_that_does_not_compile() {
    let policy = format!("{ANY_FILE}{WAIVE_LET}\nlet _unused = skip\n");
    let dir = repo(&[("p.tenet", &policy)]);
    let out = tenet().current_dir(dir.path()).args(["lint", "p.tenet"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("check::bad_glob"), "{}", text(&out));
}

const SECRET: &str = "token: s3cr3t-oauth\n";

/// A directory outside the repository holding a secret and a valid policy
fn outside() -> tempfile::TempDir {
    repo(&[
        ("hosts.yml", SECRET),
        ("central.tenet", "tenet 1\nrule central/rule {\n  require true\n}\n"),
    ])
}

#[test]
fn a_repository_policy_may_not_import_a_file_outside_the_repository() {
    let out_dir = outside();
    for target in ["hosts.yml", "central.tenet"] {
        let abs = out_dir.path().join(target);
        let policy = format!("tenet 1\nimport \"{}\"\n", abs.display());
        let dir = repo(&[(".tenet/p.tenet", &policy), ("README.md", "hi\n")]);
        let out = tenet().current_dir(dir.path()).args(["check"]).output().unwrap();
        let all = text(&out);
        assert_eq!(out.status.code(), Some(2), "{all}");
        assert!(all.contains("policy::outside_repository"), "{all}");
        assert!(!all.contains("s3cr3t"), "the outside file is never read: {all}");
        assert!(!all.contains("central/rule"), "{all}");
        // The user may name the same policy explicitly: it is then trusted.
        let out = tenet().current_dir(dir.path()).args(["lint", ".tenet"]).output().unwrap();
        assert!(!text(&out).contains("policy::outside_repository"), "{}", text(&out));
        if target == "central.tenet" {
            assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        }
    }
}

#[test]
fn a_repository_policy_cannot_learn_whether_an_outside_path_exists() {
    // See: issue 8 — `import_not_found` for a missing outside file and `outside_repository`
    // for an existing one told a repository's policy which files exist on the machine.
    let out_dir = outside();
    let codes: Vec<String> = ["hosts.yml", "no-such-file.tenet", "no-such-dir/x.tenet"]
        .iter()
        .map(|target| {
            let abs = out_dir.path().join(target);
            let policy = format!("tenet 1\nimport \"{}\"\n", abs.display());
            let dir = repo(&[(".tenet/p.tenet", &policy), ("README.md", "hi\n")]);
            let out = tenet().current_dir(dir.path()).args(["check"]).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{}", text(&out));
            let all = text(&out);
            assert!(!all.contains("policy::import_not_found"), "{all}");
            all.contains("policy::outside_repository").to_string()
        })
        .collect();
    assert_eq!(codes, ["true", "true", "true"]);
    // `..` past a directory that does not exist leads out all the same.
    let dir = repo(&[(".tenet/p.tenet", "tenet 1\nimport \"nope/../../../x.tenet\"\n")]);
    let out = tenet().current_dir(dir.path()).args(["check"]).output().unwrap();
    assert!(text(&out).contains("policy::outside_repository"), "{}", text(&out));
}

#[test]
fn a_repository_policy_may_import_inside_the_repository() {
    let dir = repo(&[
        (".tenet/p.tenet", "tenet 1\nimport \"../policies/common.tenet\"\n"),
        ("policies/common.tenet", "tenet 1\nrule common/rule {\n  require true\n}\n"),
    ]);
    let out = tenet().current_dir(dir.path()).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(outcome(&json(&out), "common/rule")["outcome"], "pass");
}

#[cfg(unix)]
#[test]
fn a_repository_policy_may_not_reach_outside_through_symlinks() {
    use std::os::unix::fs::symlink;
    let out_dir = outside();
    // A policy file of `.tenet/` that is a symlink to an outside file
    let dir = repo(&[(".tenet/ok.tenet", "tenet 1\nrule ok/rule {\n  require true\n}\n")]);
    symlink(out_dir.path().join("hosts.yml"), dir.path().join(".tenet/evil.tenet")).unwrap();
    let out = tenet().current_dir(dir.path()).args(["check"]).output().unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("policy::outside_repository"), "{all}");
    assert!(!all.contains("s3cr3t"), "{all}");
    // `.tenet` itself a symlink to an outside directory
    let dir = repo(&[("README.md", "hi\n")]);
    symlink(out_dir.path(), dir.path().join(".tenet")).unwrap();
    let out = tenet().current_dir(dir.path()).args(["check"]).output().unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("policy::outside_repository"), "{all}");
    assert!(!all.contains("central/rule"), "{all}");
    // An import through a symlinked directory
    let dir = repo(&[(".tenet/p.tenet", "tenet 1\nimport \"./link/central.tenet\"\n")]);
    symlink(out_dir.path(), dir.path().join(".tenet/link")).unwrap();
    let out = tenet().current_dir(dir.path()).args(["check"]).output().unwrap();
    let all = text(&out);
    assert!(all.contains("policy::outside_repository"), "{all}");
    assert!(all.contains(&out_dir.path().canonicalize().unwrap().display().to_string()), "{all}");
}

const LEAK: &str = r#"tenet 1
rule leak/data {
  require false
  message "leaked: {data(NAME)}"
}
"#;

#[test]
fn data_refuses_absolute_names() {
    let out_dir = outside();
    let abs = out_dir.path().join("hosts.yml");
    let policy = LEAK.replace("NAME", &format!("\\\"{}\\\"", abs.display()));
    let dir = repo(&[(".tenet/p.tenet", &policy), ("README.md", "hi\n")]);
    // Refused for a repository's own policy, and for a policy named with `--policy` too
    for args in
        [&["check", "--format", "json"][..], &["check", "--format", "json", "--policy", ".tenet"]]
    {
        let out = tenet().current_dir(dir.path()).args(args).output().unwrap();
        assert!(!text(&out).contains("s3cr3t"), "{}", text(&out));
        let o = outcome(&json(&out), "leak/data");
        assert_eq!(o["outcome"], "error", "{o}");
        assert_eq!(o["error"]["code"], "facts::data_not_found", "{o}");
    }
}

#[cfg(unix)]
#[test]
fn data_refuses_a_symlink_out_of_the_policy_directory() {
    let out_dir = outside();
    let policy = LEAK.replace("NAME", r#"\"cfg\""#);
    let dir = repo(&[(".tenet/p.tenet", &policy), ("README.md", "hi\n")]);
    std::os::unix::fs::symlink(out_dir.path().join("hosts.yml"), dir.path().join(".tenet/cfg.yml"))
        .unwrap();
    let out = tenet().current_dir(dir.path()).args(["check", "--format", "json"]).output().unwrap();
    assert!(!text(&out).contains("s3cr3t"), "{}", text(&out));
    let o = outcome(&json(&out), "leak/data");
    assert_eq!(o["outcome"], "error", "{o}");
    assert_eq!(o["error"]["code"], "facts::data_not_found", "{o}");
}

#[test]
fn data_is_found_beside_an_imported_policy() {
    let dir = repo(&[
        ("pd/main.tenet", "tenet 1\nimport \"./sub/rules.tenet\"\n"),
        (
            "pd/sub/rules.tenet",
            "tenet 1\nrule t/data {\n  require data(\"approved\").ok == true\n}\n",
        ),
        ("pd/sub/approved.json", "{\"ok\": true}\n"),
        ("r/README.md", "hi\n"),
    ]);
    let out = tenet()
        .current_dir(dir.path())
        .args(["check", "--policy", "pd/main.tenet", "--format", "json", "r"])
        .output()
        .unwrap();
    assert_eq!(outcome(&json(&out), "t/data")["outcome"], "pass", "{}", text(&out));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn data_beside_an_imported_policy_of_the_repository_is_found() {
    let dir = repo(&[
        (".tenet/main.tenet", "tenet 1\nimport \"./lib/rules.tenet\"\n"),
        (".tenet/lib/rules.tenet", "tenet 1\nrule t/data {\n  require data(\"teams\").n == 3\n}\n"),
        (".tenet/lib/teams.yml", "n: 3\n"),
    ]);
    let out = tenet().current_dir(dir.path()).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(outcome(&json(&out), "t/data")["outcome"], "pass", "{}", text(&out));
}

const STRICT_MAIN: &str = r#"tenet 1
param strict: bool = false
import "./lib/rules.tenet" with { enabled: strict }
"#;

const STRICT_LIB: &str = r#"tenet 1
param enabled: bool = false
rule t/strict-only {
  when enabled
  require false
  message "strict mode is on"
}
"#;

#[test]
fn set_on_an_importer_param_reaches_its_with() {
    let dir = repo(&[
        ("pw/main.tenet", STRICT_MAIN),
        ("pw/lib/rules.tenet", STRICT_LIB),
        ("r/README.md", "hi\n"),
    ]);
    let run = |sets: &[&str]| {
        let mut cmd = tenet();
        cmd.current_dir(dir.path()).args([
            "check",
            "--policy",
            "pw/main.tenet",
            "--format",
            "json",
        ]);
        for s in sets {
            cmd.args(["--set", s]);
        }
        let out = cmd.arg("r").output().unwrap();
        outcome(&json(&out), "t/strict-only")["outcome"].as_str().unwrap().to_string()
    };
    assert_eq!(run(&[]), "skipped");
    assert_eq!(run(&["strict=true"]), "fail", "`--set strict` flows through `with`");
    // `--set` on the imported file's own param wins over the importer's `with`
    assert_eq!(run(&["strict=true", "enabled=false"]), "skipped");
    assert_eq!(run(&["enabled=false", "strict=true"]), "skipped");
    assert_eq!(run(&["pw/lib/rules.tenet.enabled=true"]), "fail");
}

#[test]
fn nested_generic_params_accept_with_and_unit_names_have_no_dot_components() {
    let dir = repo(&[
        ("pn/main.tenet", "tenet 1\nimport \"./lib/r.tenet\" with { groups: [[\"a\"]] }\n"),
        (
            "pn/lib/r.tenet",
            "tenet 1\nparam groups: list<list<string>> = []\nrule t/g {\n  require len(groups) == 1\n  message \"{len(groups)} groups\"\n}\n",
        ),
        ("r/README.md", "hi\n"),
    ]);
    let out = tenet().current_dir(dir.path()).args(["lint", "pn/main.tenet"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = tenet()
        .current_dir(dir.path())
        .args(["rules", "--policy", "pn/main.tenet"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("pn/lib/r.tenet"), "{listed}");
    assert!(!listed.contains("/./"), "{listed}");
    // The unit is named so on the command line, with or without the `.` components
    for unit in ["pn/lib/r.tenet", "pn/./lib/r.tenet"] {
        let out = tenet()
            .current_dir(dir.path())
            .args(["check", "--policy", "pn/main.tenet", "--format", "json"])
            .args(["--set", &format!("{unit}.groups=[[\"a\"], [\"b\"]]"), "r"])
            .output()
            .unwrap();
        let o = outcome(&json(&out), "t/g");
        assert_eq!(o["violations"][0]["message"], "2 groups", "{}", text(&out));
    }
    // A type error in the param's nested type is still caught through `with`
    let dir2 = repo(&[
        ("main.tenet", "tenet 1\nimport \"./lib/r.tenet\" with { groups: [[1]] }\n"),
        ("lib/r.tenet", "tenet 1\nparam groups: list<list<string>> = []\nlet _g = groups\n"),
    ]);
    let out = tenet().current_dir(dir2.path()).args(["lint", "main.tenet"]).output().unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("check::type_mismatch"), "{all}");
    assert!(!all.contains("has no param"), "{all}");
}

const TEST_POLICY: &str = r#"tenet 1
rule t/NAME {
  require exists("README.md")
}
test "NAME passes" {
  fixture "fx"
  expect no t/NAME
}
"#;

#[test]
fn test_runs_each_directory_once_however_its_files_sort() {
    // Sorted: pol/a.tenet, pol/b/y.tenet, pol/c.tenet: `pol` is split by `pol/b`.
    let dir = repo(&[
        ("pol/a.tenet", &TEST_POLICY.replace("NAME", "a")),
        ("pol/b/y.tenet", &TEST_POLICY.replace("NAME", "y")),
        ("pol/c.tenet", &TEST_POLICY.replace("NAME", "c")),
        ("pol/fx/README.md", "hi\n"),
        ("pol/b/fx/README.md", "hi\n"),
    ]);
    let out = tenet().current_dir(dir.path()).args(["test", "pol"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(stdout.matches("PASS  pol/a.tenet: a passes").count(), 1, "{stdout}");
    assert_eq!(stdout.matches("PASS  pol/c.tenet: c passes").count(), 1, "{stdout}");
    assert!(stdout.ends_with("3 passed, 0 failed\n"), "{stdout}");
}

fn fmt_check_stdin(input: &str) -> Output {
    let mut child = tenet()
        .args(["fmt", "--check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn fmt_check_on_stdin_only_says_whether_it_would_change() {
    let out = fmt_check_stdin("tenet 1\n\nlet x = 1\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let out = fmt_check_stdin("tenet 1\nlet  x = 1\n");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "-\n");
}

#[test]
fn set_reaches_with_even_when_the_imported_file_loads_before_its_importer() {
    // Load order: main, c (imported first by main), d; d also imports c.
    let dir = repo(&[
        ("main.tenet", "tenet 1\nimport \"./c.tenet\"\nimport \"./d.tenet\"\n"),
        ("d.tenet", "tenet 1\nparam y: int = 5\nimport \"./c.tenet\" with { x: y }\n"),
        (
            "c.tenet",
            "tenet 1\nparam x: int = 0\nrule t/x {\n  require false\n  message \"x={x}\"\n}\n",
        ),
        ("r/README.md", "hi\n"),
    ]);
    let out = tenet()
        .current_dir(dir.path())
        .args(["check", "--policy", "main.tenet", "--format", "json", "--set", "y=7", "r"])
        .output()
        .unwrap();
    let o = outcome(&json(&out), "t/x");
    assert_eq!(o["violations"][0]["message"], "x=7", "{}", text(&out));
}
