//! The new user's repository of issue 10, checked by the real binary with the default
//! policy: MIT in `LICENSE`, `"license": "Apache 2"` in package.json and a GPL-3.0 text
//! vendored under `third_party/` give findings at package.json's license line (invalid,
//! with the suggestion; and not what LICENSE says) and at the vendored text. Vendored code
//! without its license text is found at the module's line in `vendor/modules.txt`, at the
//! crate's manifest and at the `third_party/` directory; a hostile modules.txt ends the
//! rule as an error naming its line.

#![expect(clippy::unwrap_used, clippy::indexing_slicing, reason = "test")]

fn text(id: &str) -> String {
    let t = spdx::text::LICENSE_TEXTS.iter().find(|(n, _)| *n == id).map(|(_, t)| *t).unwrap();
    t.replace("<year>", "2024").replace("<copyright holders>", "Example Corp")
}

#[test]
fn default_policy_reports_the_manifest_line_and_the_vendored_gpl_text() {
    let dir = tempfile::tempdir().unwrap();
    let write = |p: &str, s: &str| {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, s).unwrap();
    };
    write("LICENSE", &text("MIT"));
    write(
        "package.json",
        "{\n  \"name\": \"demo\",\n  \"version\": \"1.0.0\",\n  \"license\": \"Apache 2\"\n}\n",
    );
    write("third_party/g/COPYING", &text("GPL-3.0-only"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenet"))
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .env("TENET_NO_CACHE", "1")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found = Vec::new();
    for o in report["repositories"][0]["outcomes"].as_array().unwrap() {
        let rule = o["rule"].as_str().unwrap();
        if !rule.starts_with("license/") {
            continue;
        }
        for v in o["violations"].as_array().into_iter().flatten() {
            found.push(format!(
                "{rule} {}:{} {}",
                v["path"].as_str().unwrap_or("-"),
                v["line"],
                v["help"].as_str().unwrap_or("")
            ));
        }
    }
    found.sort();
    insta::assert_snapshot!(found.join("\n"), @r"
    license/forbidden-category third_party/g/COPYING:null remove or replace the vendored code that `third_party/g/COPYING` covers, or ask the OSPO for an exception (a `waive` with `paths`)
    license/invalid-manifest-expression package.json:4 write the license as an SPDX expression: use `Apache-2.0` instead
    license/manifest-mismatch package.json:4 make `package.json` declare the license of the license files, or add the missing license text
    ");
}

/// `tenet check --cache-dir C` with a one-rule policy that prints each license file's
/// detected expression
fn detected(repo: &std::path::Path, cache: &std::path::Path) -> Vec<String> {
    let policy = repo.join("p.tenet");
    std::fs::write(
        &policy,
        "tenet 1\nrule t/show {\n  for f in license_files()\n  forbid true\n  message \"{f.path}: {f.license.guess}\"\n}\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenet"))
        .args(["check", "--format", "json", "-p"])
        .arg(&policy)
        .arg("--cache-dir")
        .arg(cache)
        .arg(repo)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let violations = report["repositories"][0]["outcomes"][0]["violations"].as_array().unwrap();
    violations.iter().map(|v| v["message"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_matched_license_is_remembered_between_runs_and_a_verbatim_one_needs_no_entry() {
    let repo = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    // BSD-3-Clause naming its organisation is no verbatim text: the matcher answers it
    let bsd = text("BSD-3-Clause").replace("the copyright holder", "Acme Corporation");
    std::fs::write(repo.path().join("LICENSE"), bsd).unwrap();
    std::fs::write(repo.path().join("COPYING"), text("MIT")).unwrap();
    let first = detected(repo.path(), cache.path());
    assert_eq!(first, ["COPYING: MIT", "LICENSE: BSD-3-Clause"]);

    let entries: Vec<_> =
        walk(cache.path()).into_iter().filter(|p| p.extension() == Some("json".as_ref())).collect();
    assert_eq!(entries.len(), 1, "one entry, for the matched text only: {entries:?}");
    let entry = &entries[0];
    let kept: serde_json::Value = serde_json::from_slice(&std::fs::read(entry).unwrap()).unwrap();
    assert_eq!(kept["found"][0][0], "BSD-3-Clause");

    // The next run answers from the entry: planted, another answer shows through
    let planted = kept["key"].clone();
    std::fs::write(
        entry,
        serde_json::json!({"key": planted, "found": [["0BSD", 1.0]]}).to_string(),
    )
    .unwrap();
    assert_eq!(detected(repo.path(), cache.path()), ["COPYING: MIT", "LICENSE: 0BSD"]);
    // A torn entry is a miss: the matcher answers again, and the entry is written anew
    std::fs::write(entry, "{\"key\":").unwrap();
    assert_eq!(detected(repo.path(), cache.path()), first);
    assert!(std::fs::read_to_string(entry).unwrap().contains("BSD-3-Clause"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Run the real binary with the default policy on `files`; the JSON report
fn check_default(files: &[(&str, &str)]) -> (tempfile::TempDir, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    for (p, s) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, s).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenet"))
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    (dir, serde_json::from_slice(&out.stdout).unwrap())
}

/// The outcome of one rule in a JSON report
fn outcome<'a>(report: &'a serde_json::Value, rule: &str) -> &'a serde_json::Value {
    let outcomes = report.pointer("/repositories/0/outcomes").and_then(|o| o.as_array()).unwrap();
    outcomes.iter().find(|o| o["rule"] == rule).unwrap()
}

#[test]
fn default_policy_reports_vendored_code_without_its_license_where_it_is_listed() {
    let (_dir, report) = check_default(&[
        ("LICENSE", &text("MIT")),
        ("go.mod", "module example.com/demo\n\ngo 1.22\n"),
        (
            "vendor/modules.txt",
            "# github.com/pkg/errors v0.9.1\n## explicit\ngithub.com/pkg/errors\n\
             # golang.org/x/text v0.14.0\n## explicit; go 1.18\ngolang.org/x/text/unicode/norm\n",
        ),
        ("vendor/github.com/pkg/errors/LICENSE", &text("BSD-2-Clause")),
        ("vendor/github.com/pkg/errors/errors.go", "package errors\n"),
        ("vendor/golang.org/x/text/unicode/norm/norm.go", "package norm\n"),
        (
            "crates/itoa/Cargo.toml",
            "[package]\nname = \"itoa\"\nversion = \"1.0.15\"\nlicense = \"MIT OR Apache-2.0\"\n",
        ),
        ("crates/itoa/.cargo-checksum.json", "{}"),
        ("third_party/foo/foo.c", "int foo;\n"),
    ]);
    let o = outcome(&report, "license/missing-vendored-license");
    let found: Vec<String> = o["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            format!(
                "{}:{} {}\n  help: {}",
                v["path"].as_str().unwrap(),
                v["line"],
                v["message"].as_str().unwrap(),
                v["help"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(format!("{} ({})\n{}", o["outcome"], o["severity"], found.join("\n")), @r#"
    "fail" ("warning")
    crates/itoa/Cargo.toml:4 vendored cargo code `crates/itoa` carries no license text (its manifest declares `MIT OR Apache-2.0`)
      help: copy the license file of `itoa` from its upstream into `crates/itoa/`, or list `crates/itoa` in `vendored_exceptions` if the project reproduces its license elsewhere
    third_party/foo:null vendored generic code `third_party/foo` carries no license text
      help: copy the license file of `foo` from its upstream into `third_party/foo/`, or list `third_party/foo` in `vendored_exceptions` if the project reproduces its license elsewhere
    vendor/modules.txt:4 vendored go code `vendor/golang.org/x/text` carries no license text
      help: copy the license file of `golang.org/x/text` from its upstream into `vendor/golang.org/x/text/`, or list `vendor/golang.org/x/text` in `vendored_exceptions` if the project reproduces its license elsewhere
    "#);
}

#[test]
fn a_modules_txt_leaving_vendor_ends_the_rule_as_an_error_naming_its_line() {
    let (_dir, report) = check_default(&[
        ("LICENSE", &text("MIT")),
        ("vendor/modules.txt", "# github.com/a/b v1.0.0\n# github.com/a/../../../../etc v1.0.0\n"),
        ("vendor/github.com/a/b/b.go", "package b\n"),
    ]);
    let o = outcome(&report, "license/missing-vendored-license");
    insta::assert_snapshot!(format!("{} {}", o["outcome"], o["error"]), @r#"
    "error" {"code":"facts::vendor_list","message":"`vendor/modules.txt` is not a Go vendor list: line 2: `github.com/a/../../../../etc` is not a Go module path: it has a `.` or `..` element, and would leave vendor/","path":"vendor/modules.txt","line":2}
    "#);
}
