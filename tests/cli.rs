//! CLI tests: the real binary on small repositories and policies.

mod common;

use common::{filters, repo, tenet};
use insta_cmd::assert_cmd_snapshot;

const POLICY: &str = r#"tenet 1

param owner: string = "ospo@example.com"
let approved = ["MIT", "Apache-2.0"]

## Every repository has a README.
rule docs/missing-readme {
  severity warning
  require exists("README*", nocase: true)
  help "add a README.md"
}

rule code/todo-left {
  severity note
  for f in files("**/*.rs")
  for m in f.find(/TODO:?\s*(.*)/)
  forbid true
  message "TODO in `{f.path}`: {m.groups[0]}"
}

rule license/unapproved {
  for f in files("LICENSE")
  require trim(f.head(1)) satisfies approved
  message "`{f.path}` says `{trim(f.head(1))}`, which is not approved; ask {owner}"
}
"#;

fn sample() -> tempfile::TempDir {
    repo(&[
        (".tenet/policy.tenet", POLICY),
        ("LICENSE", "GPL-3.0-only\n"),
        ("src/main.rs", "fn main() {\n    // TODO: remove\n}\n"),
    ])
}

#[test]
fn check_prints_findings_with_snippets_and_exits_1() {
    let dir = sample();
    filters(dir.path()).bind(|| {
        assert_cmd_snapshot!(tenet().current_dir(dir.path()).arg("check"));
    });
}

#[test]
fn check_json_follows_the_report_schema() {
    let dir = sample();
    let out = tenet().args(["check", "--format", "json"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["tool"]["name"], "tenet");
    assert_eq!(v["scanned_at"], "2026-11-26T00:00:00Z");
    assert_eq!(v["summary"]["fail"], 3);
    let absolute = dir.path().canonicalize().unwrap();
    assert_eq!(v["repositories"][0]["path"], absolute.to_str().unwrap());
    let outcomes = v["repositories"][0]["outcomes"].as_array().unwrap();
    let todo = outcomes.iter().find(|o| o["rule"] == "code/todo-left").unwrap();
    assert_eq!(todo["violations"][0]["path"], "src/main.rs");
    assert_eq!(todo["violations"][0]["line"], 2);
    assert_eq!(todo["violations"][0]["column"], 8);
    let lic = outcomes.iter().find(|o| o["rule"] == "license/unapproved").unwrap();
    assert_eq!(lic["violations"][0]["values"]["trim(f.head(1))"], "GPL-3.0-only");
}

#[test]
fn fail_on_warning_and_set_change_the_exit_code() {
    let dir = repo(&[(".tenet/p.tenet", POLICY), ("LICENSE", "MIT\n")]);
    let code = |args: &[&str]| {
        tenet().arg("check").arg(dir.path()).args(args).output().unwrap().status.code()
    };
    assert_eq!(code(&[]), Some(0), "only a warning: exit 0 by default");
    assert_eq!(code(&["--fail-on", "warning"]), Some(1));
    assert_eq!(code(&["--set", r#"approved=["BSD-3-Clause"]"#]), Some(2), "lets cannot be set");
    assert_eq!(code(&["--set", "owner=legal@example.com"]), Some(0));
    assert_eq!(code(&["--set", "nope=1"]), Some(2));
}

#[test]
fn set_changes_a_param_used_in_messages() {
    let dir = sample();
    let out = tenet()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "json", "--set", "owner=legal@example.com"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ask legal@example.com"), "{text}");
}

#[test]
fn explain_shows_the_values_behind_a_violation() {
    let dir = sample();
    let out = tenet()
        .arg("check")
        .arg(dir.path())
        .args(["--explain", "--format", "plain"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("because trim(f.head(1)) = GPL-3.0-only"), "{text}");
}

#[test]
fn output_file_receives_the_report() {
    let dir = sample();
    let out_file = dir.path().join("report.json");
    let status = tenet()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "json", "-o"])
        .arg(&out_file)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let text = std::fs::read_to_string(out_file).unwrap();
    assert!(text.starts_with("{\n  \"schema\": 1"));
}

#[test]
fn policy_flag_overrides_the_repository_policy() {
    let dir = sample();
    let other = dir.path().join("other.tenet");
    std::fs::write(&other, "tenet 1\nrule x/always {\n  require true\n}\n").unwrap();
    let out = tenet().arg("check").arg(dir.path()).arg("--policy").arg(&other).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 rule on 1 repository: 1 passed"));
}

#[test]
fn same_input_gives_the_same_bytes_whatever_the_jobs() {
    let dir = sample();
    let run = |format: &str, jobs: &str| {
        let out = tenet()
            .arg("check")
            .arg(dir.path())
            .args(["--format", format, "--jobs", jobs])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        out.stdout
    };
    for format in ["json", "plain"] {
        let one = run(format, "1");
        assert_eq!(one, run(format, "1"));
        assert_eq!(one, run(format, "8"));
    }
    let zero = tenet().arg("check").arg(dir.path()).args(["--jobs", "0"]).output().unwrap();
    assert_eq!(zero.status.code(), Some(2), "--jobs 0 is a usage error");
}

#[test]
fn broken_policy_exits_2_with_every_problem() {
    let dir = repo(&[(
        ".tenet/p.tenet",
        "tenet 1\nrule a/b {\n  severity eror\n  for f in fles(\"*\")\n  require f.size >\n}\n",
    )]);
    filters(dir.path()).bind(|| {
        assert_cmd_snapshot!(tenet().current_dir(dir.path()).args(["lint", ".tenet"]));
    });
}

#[test]
fn lint_of_the_embedded_default_is_clean() {
    let out = tenet().args(["lint", "std/recommended"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn explain_a_diagnostic_code() {
    assert_cmd_snapshot!(tenet().args(["explain", "check::unknown_fact"]));
}

#[test]
fn explain_an_unknown_thing_suggests() {
    let out = tenet().args(["explain", "check::unknown_fat"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `check::unknown_fact`?"));
}

#[test]
fn rules_lists_the_policy_in_force() {
    let dir = sample();
    assert_cmd_snapshot!(tenet().current_dir(dir.path()).arg("rules"));
}

#[test]
fn missing_repository_is_an_error() {
    let out = tenet().args(["check", "/nonexistent/tenet-test"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn closed_stdout_exits_quietly() {
    let dir = sample();
    let mut child = tenet()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn explain_a_rule_prints_its_documentation() {
    let out = tenet().args(["explain", "hygiene/missing-readme"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("hygiene/missing-readme  (error, from std/hygiene)"), "{text}");
    assert!(text.contains("What it checks"), "{text}");
}

#[test]
fn policy_flag_takes_an_embedded_pack_and_a_directory() {
    let dir = sample();
    let pack = tenet()
        .current_dir(dir.path())
        .args(["check", "--policy", "std/hygiene", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&pack.stdout).unwrap();
    assert!(v["summary"]["rules"].as_u64().unwrap() >= 20, "{v}");
    let other = dir.path().join("policies");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("a.tenet"), "tenet 1\nlet n = 1\n").unwrap();
    std::fs::write(
        other.join("b.tenet"),
        "tenet 1\nrule x/uses-a-let-of-a-sibling {\n  require n == 1\n}\n",
    )
    .unwrap();
    let out =
        tenet().current_dir(dir.path()).args(["check", "--policy", "policies"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 rule on 1 repository: 1 passed"));
}

#[test]
fn plain_format_narrates_findings() {
    let dir = sample();
    filters(dir.path()).bind(|| {
        assert_cmd_snapshot!(tenet().current_dir(dir.path()).args(["check", "--format", "plain"]));
    });
}

#[test]
fn lint_json_lists_diagnostics_with_places() {
    let dir = repo(&[("p.tenet", "tenet 1\nrule a/b {\n  require fles(\"x\")\n}\n")]);
    let out = tenet()
        .current_dir(dir.path())
        .args(["lint", "p.tenet", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "check::unknown_fact");
    assert_eq!(d["file"], "p.tenet");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(3), Some(11)));
    assert_eq!(d["help"], "did you mean `files`?");
}

#[test]
fn data_beside_the_policy_and_documents_in_the_repository() {
    let policy = r#"tenet 1

rule deps/unapproved-language {
  for l in languages()
  require l.name in data("approved").languages
  message "{l.name} is not an approved language"
}

rule ci/missing-name {
  require yaml(".github/workflows/ci.yml").name != null
}

rule pkg/missing-license {
  require json("package.json").license != null
}
"#;
    let dir = repo(&[
        (".tenet/p.tenet", policy),
        (".tenet/approved.yaml", "languages: [rust, python]\n"),
        ("src/a.rs", "fn a() {}\n"),
        ("src/b.go", "package b\n"),
        (".github/workflows/ci.yml", "name: ci\non: [push\n"),
        ("package.json", "{\"name\": \"x\", \"license\": \"MIT\"}\n"),
    ]);
    let out = tenet().current_dir(dir.path()).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "the broken workflow makes one rule an error");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let outcomes = v["repositories"][0]["outcomes"].as_array().unwrap();
    let get = |r: &str| outcomes.iter().find(|o| o["rule"] == r).unwrap().clone();
    let langs = get("deps/unapproved-language");
    assert_eq!(langs["outcome"], "fail");
    assert_eq!(langs["violations"][0]["message"], "go is not an approved language");
    let ci = get("ci/missing-name");
    assert_eq!(ci["outcome"], "error");
    assert_eq!(ci["error"]["code"], "facts::bad_yaml");
    assert_eq!(ci["error"]["path"], ".github/workflows/ci.yml");
    assert_eq!(get("pkg/missing-license")["outcome"], "pass");
}

/// The files of a repository that follows common open source practice
/// The MIT license as a project ships it (std/licenses identifies it)
const MIT_TEXT: &str = "MIT License\n\nCopyright (c) 2026 Example\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the \"Software\"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\nAUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\nOUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.\n";

const WELL_KEPT: &[(&str, &str)] = &[
    ("LICENSE", MIT_TEXT),
    ("README.md", "# Example\n\nDoes one thing well.\n\n## License\n\nMIT, see LICENSE.\n"),
    ("CONTRIBUTING.md", "# Contributing\n\nRun the tests before sending a change.\n"),
    ("CODE_OF_CONDUCT.md", "# Code of conduct\n\nReport problems to conduct@example.com.\n"),
    ("SECURITY.md", "# Security\n\nReport vulnerabilities to security@example.com.\n"),
    ("SUPPORT.md", "# Support\n\nAsk in the discussions.\n"),
    ("CHANGELOG.md", "# Changelog\n\n## Unreleased\n"),
    (".github/ISSUE_TEMPLATE/bug.md", "What happened?\n"),
    (".github/pull_request_template.md", "What does this change?\n"),
    (
        ".github/workflows/ci.yml",
        "on: [push]\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    \
         steps:\n      - run: make test\n",
    ),
    (
        ".github/workflows/codeql.yml",
        "on: [push]\npermissions:\n  security-events: write\njobs:\n  analyze:\n    \
         runs-on: ubuntu-latest\n    steps:\n      \
         - uses: github/codeql-action/analyze@8e5e7e5ab8b370d6c329ec480221332ada57f0ab # v3\n",
    ),
    (".github/CODEOWNERS", "* @example/maintainers\n"),
    (
        ".github/dependabot.yml",
        "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    \
         schedule:\n      interval: weekly\n",
    ),
    ("pyproject.toml", "[project]\nname = \"example\"\nlicense = \"MIT\"\n"),
    ("src/example/__init__.py", "def answer():\n    return 42\n"),
    (
        "tests/test_answer.py",
        "from example import answer\n\ndef test_answer():\n    assert answer() == 42\n",
    ),
];

#[test]
fn well_kept_repository_passes_the_default_policy() {
    let dir = repo(WELL_KEPT);
    let out = tenet().current_dir(dir.path()).arg("check").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(" 0 failed, 0 waived"), "{text}");
}

#[test]
fn licenses_dir_and_spdx_named_file_count_as_a_license() {
    for (path, text) in [
        ("LICENSES/MIT.txt", "MIT License\n"),
        ("epl-v10.html", "<html>Eclipse Public License</html>\n"),
    ] {
        let mut files: Vec<(&str, &str)> =
            WELL_KEPT.iter().filter(|(p, _)| *p != "LICENSE").copied().collect();
        files.push((path, text));
        let dir = repo(&files);
        let out =
            tenet().current_dir(dir.path()).args(["check", "--format", "json"]).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let o = v["repositories"][0]["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["rule"] == "hygiene/missing-license")
            .unwrap()
            .clone();
        assert_eq!(o["outcome"], "pass", "{path}: {o}");
    }
}
