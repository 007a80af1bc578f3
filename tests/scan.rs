//! `tenet scan` and `tenet merge`, run as the real binary over folders of git repositories
//! built at test time: discovery, failed repositories, output identical for any `--jobs`,
//! shards merged into the unsharded report, and a central policy composed with each
//! repository's own `.tenet/`.

#![expect(clippy::unwrap_used, reason = "tests")]

mod common;

use common::{repo, tenet};
use std::path::Path;

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "A U Thor")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_NAME", "A U Thor")
        .env("GIT_COMMITTER_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A git work tree at `root/rel` with `files`, committed
fn add_repo(root: &Path, rel: &str, files: &[(&str, &str)]) {
    let dir = root.join(rel);
    for (path, content) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-f", "."]);
    git(&dir, &["commit", "-q", "--allow-empty", "-m", "initial"]);
}

const CENTRAL: &str = r#"tenet 1

## Every repository has a README.
rule central/readme {
  require exists("README*", nocase: true)
  message "no README"
}
"#;

/// A folder of `n` repositories, every third without a README, one nested in another
fn folder(n: usize) -> tempfile::TempDir {
    let dir = repo(&[("central.tenet", CENTRAL)]);
    for i in 0..n {
        let files: &[(&str, &str)] =
            if i % 3 == 0 { &[("src/lib.rs", "\n")] } else { &[("README.md", "# r\n")] };
        add_repo(dir.path(), &format!("org{}/repo-{i:02}", i % 2), files);
    }
    add_repo(dir.path(), "org1/repo-01/vendor/nested", &[("README.md", "x\n")]);
    dir
}

fn scan(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = tenet()
        .current_dir(dir)
        .args(["scan", "--policy", "central.tenet", "--now", "2026-12-01"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), stderr)
}

fn json(text: &str) -> serde_json::Value {
    let parsed = serde_json::from_str(text);
    assert!(parsed.is_ok(), "{parsed:?}\n{text}");
    parsed.unwrap()
}

fn names(report: &serde_json::Value) -> Vec<String> {
    report["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn finds_repositories_but_not_inside_them_and_reports_failures() {
    let dir = folder(6);
    let (code, out, _) = scan(dir.path(), &["--format", "json", "."]);
    assert_eq!(code, Some(1), "{out}");
    let r = json(&out);
    // `org1/repo-01/vendor/nested` belongs to repo-01: not scanned on its own.
    assert_eq!(names(&r), ["repo-00", "repo-02", "repo-04", "repo-01", "repo-03", "repo-05"]);
    assert_eq!(r["complete"], true);
    assert_eq!(r["summary"]["fail"], 2);
    assert!(r["scan"]["policy_digest"].as_str().unwrap().starts_with("fnv1a64:"));
    // Too shallow: the repositories are two levels down.
    let (_, out, _) = scan(dir.path(), &["--format", "json", "--max-depth", "1", "."]);
    assert_eq!(names(&json(&out)).len(), 0);
    // A corrupt repository is reported, the others still scanned, and the exit code is 2.
    let git_dir = dir.path().join("org1/repo-03/.git");
    std::fs::remove_dir_all(&git_dir).unwrap();
    std::fs::create_dir(&git_dir).unwrap();
    std::fs::write(git_dir.join("HEAD"), "garbage").unwrap();
    let (code, out, _) = scan(dir.path(), &["--format", "json", "."]);
    assert_eq!(code, Some(2));
    let r = json(&out);
    assert_eq!(r["complete"], false);
    assert_eq!(names(&r).len(), 6);
    let broken = &r["repositories"][4];
    assert_eq!(broken["name"], "repo-03");
    assert_eq!(broken["outcomes"].as_array().unwrap().len(), 0);
    assert_eq!(broken["errors"][0]["code"], "facts::git");
}

#[test]
fn repos_from_lists_repositories_and_bare_ones_are_found() {
    let dir = folder(3);
    git(dir.path(), &["clone", "-q", "--bare", "org0/repo-00", "bare/repo-00.git"]);
    std::fs::write(dir.path().join("list.txt"), "# only these\norg0/repo-02\n\norg1/repo-01\n")
        .unwrap();
    let (_, out, _) = scan(dir.path(), &["--format", "json", "--repos-from", "list.txt"]);
    assert_eq!(names(&json(&out)), ["repo-02", "repo-01"]);
    let (_, out, _) = scan(dir.path(), &["--format", "json", "bare"]);
    let r = json(&out);
    assert_eq!(names(&r), ["repo-00.git"]);
    assert_eq!(r["repositories"][0]["outcomes"][0]["outcome"], "fail");
}

#[test]
fn every_format_is_identical_for_one_and_eight_jobs() {
    let dir = folder(12);
    for format in ["json", "human", "plain", "sarif", "junit", "markdown", "github"] {
        let (_, one, _) = scan(dir.path(), &["--format", format, "-j", "1", "."]);
        let (_, eight, _) = scan(dir.path(), &["--format", format, "-j", "8", "."]);
        assert_eq!(one, eight, "{format}");
        assert!(!one.is_empty(), "{format}");
    }
}

#[test]
fn shards_merge_into_the_unsharded_report() {
    let dir = folder(10);
    let (_, whole, _) = scan(dir.path(), &["--format", "json", "."]);
    let mut files = Vec::new();
    let mut total = 0;
    for i in 1..=3 {
        let name = format!("shard{i}.json");
        let (_, out, _) =
            scan(dir.path(), &["--format", "json", "--shard", &format!("{i}/3"), "."]);
        let r = json(&out);
        assert_eq!(r["scan"]["shard"], serde_json::json!({ "index": i, "count": 3 }));
        total += names(&r).len();
        std::fs::write(dir.path().join(&name), out).unwrap();
        files.push(name);
    }
    assert_eq!(total, 10);
    let merge = |args: &[&str]| {
        let out = tenet().current_dir(dir.path()).arg("merge").args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, merged, _) = merge(&["shard3.json", "shard1.json", "shard2.json"]);
    assert_eq!(code, Some(0));
    assert_eq!(merged, whole);

    let (code, out, err) = merge(&["shard1.json", "shard3.json"]);
    assert_eq!(code, Some(2));
    assert_eq!(json(&out)["complete"], false);
    assert!(err.contains("shard 2/3 is missing"), "{err}");
    let (code, out, err) = merge(&["shard1.json", "shard2.json", "shard2.json", "shard3.json"]);
    assert_eq!(code, Some(2));
    assert_eq!(json(&out)["complete"], false);
    assert!(err.contains("given twice"), "{err}");

    // Another policy, or an unsharded report among shards: refused, nothing written.
    std::fs::write(dir.path().join("central.tenet"), CENTRAL.replace("no README", "none")).unwrap();
    let (_, out, _) = scan(dir.path(), &["--format", "json", "--shard", "2/3", "."]);
    std::fs::write(dir.path().join("other.json"), out).unwrap();
    let (code, out, err) = merge(&["shard1.json", "other.json", "shard3.json"]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.contains("another policy"), "{err}");
    std::fs::write(dir.path().join("whole.json"), &whole).unwrap();
    let (code, _, err) = merge(&["shard1.json", "whole.json"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("not shards of one split"), "{err}");
}

const LOCAL: &str = r#"tenet 1

rule local/has-src {
  require exists("src/**")
  message "no src"
}

waive central/readme {
  reason "generated docs live elsewhere"
  owner "team@example.com"
  expires 2030-01-01
}
"#;

#[test]
fn a_repository_policy_adds_rules_but_waives_central_ones_only_when_trusted() {
    let dir = folder(1);
    std::fs::create_dir_all(dir.path().join("org0/repo-00/.tenet")).unwrap();
    std::fs::write(dir.path().join("org0/repo-00/.tenet/local.tenet"), LOCAL).unwrap();
    let outcome = |r: &serde_json::Value, rule: &str| {
        r["repositories"][0]["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["rule"] == rule)
            .map(|o| o["outcome"].as_str().unwrap().to_string())
    };
    let (code, out, _) = scan(dir.path(), &["--format", "json", "."]);
    let r = json(&out);
    assert_eq!(code, Some(1));
    assert_eq!(outcome(&r, "local/has-src").as_deref(), Some("pass"));
    assert_eq!(outcome(&r, "central/readme").as_deref(), Some("fail"));

    let trusting = format!("{CENTRAL}\nparam trust_local_waivers: bool = true\n");
    std::fs::write(dir.path().join("central.tenet"), trusting).unwrap();
    let (code, out, _) = scan(dir.path(), &["--format", "json", "."]);
    let r = json(&out);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(outcome(&r, "central/readme").as_deref(), Some("waived"));

    // A broken repository policy: that repository is not evaluated, the scan says why.
    std::fs::write(dir.path().join("org0/repo-00/.tenet/local.tenet"), "tenet 1\nrule x {\n")
        .unwrap();
    let (code, out, _) = scan(dir.path(), &["--format", "json", "."]);
    let r = json(&out);
    assert_eq!(code, Some(2));
    assert_eq!(r["repositories"][0]["errors"][0]["code"], "scan::local_policy");
    assert_eq!(r["complete"], false);
}

#[test]
fn scan_reports_follow_the_schema_and_sarif_has_what_github_needs() {
    let dir = folder(4);
    let (_, out, _) = scan(dir.path(), &["--format", "json", "--shard", "1/2", "."]);
    let text = std::fs::read_to_string("docs/report.schema.json").unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap();
    let errors: Vec<String> = validator.iter_errors(&json(&out)).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let (_, out, _) = scan(dir.path(), &["--format", "sarif", "."]);
    let sarif = json(&out);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules[0]["id"], "central/readme");
    assert_eq!(rules[0]["help"]["text"], "Every repository has a README.");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        assert!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].is_string());
        assert!(r["partialFingerprints"]["tenet/v1"].is_string());
    }
}
