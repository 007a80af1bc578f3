//! `tenet scan` and `tenet merge`, run as the real binary over folders of git repositories
//! built at test time: discovery, failed repositories, output identical for any `--jobs`,
//! shards merged into the unsharded report, and a central policy composed with each
//! repository's own `.tenet/`.

#![expect(clippy::unwrap_used, reason = "tests")]

mod common;

use common::{git_as_author as git, repo, tenet};
use std::path::Path;

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
    // A central waiver, used in one shard only: it travels through the merge
    let waiver = "waive central/readme {\n  repos [\"repo-00\"]\n  reason \"r\"\n  owner \"o\"\n  expires 2027-01-31\n}\n";
    std::fs::write(dir.path().join("central.tenet"), format!("{CENTRAL}\n{waiver}")).unwrap();
    let (_, whole, _) = scan(dir.path(), &["--format", "json", "."]);
    let w = &json(&whole)["waivers"];
    assert_eq!(
        w,
        &serde_json::json!([{ "rule": "central/readme", "repos": ["repo-00"],
        "reason": "r", "owner": "o", "expires": "2027-01-31", "expired": false }])
    );
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

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// `n` copies of one committed repository under `root/many/`, named so they sort as made
fn many_repositories(root: &Path, n: usize) -> Vec<std::path::PathBuf> {
    let seed = root.join("seed");
    add_repo(&seed, "", &[("README.md", "# r\n"), ("src/lib.rs", "\n")]);
    // Only what git needs to read it: fewer files to copy
    for extra in ["hooks", "logs", "info", "description"] {
        let p = seed.join(".git").join(extra);
        let _ = std::fs::remove_dir_all(&p).or_else(|_| std::fs::remove_file(&p));
    }
    std::fs::create_dir_all(root.join("many")).unwrap();
    (0..n)
        .map(|i| {
            let dir = root.join(format!("many/repo-{i:05}"));
            copy_tree(&seed, &dir);
            dir
        })
        .collect()
}

/// Ctrl-C: SIGINT to a scan that is under way (seen by its first `--progress lines` line;
/// `std/recommended` on one thread leaves a few seconds of work after it, even on a loaded
/// machine, since both processes slow down together) ends it promptly with exit 2 and a valid report marked incomplete, holding the
/// repositories finished so far, whole, in order, and byte for byte as a scan of just
/// those repositories writes them.
#[test]
fn ctrl_c_writes_a_partial_report_marked_incomplete() {
    use std::io::BufRead as _;
    const N: usize = 400;
    let dir = tempfile::tempdir().unwrap();
    let repos = many_repositories(dir.path(), N);
    let mut child = tenet()
        .current_dir(dir.path())
        .args(["scan", "many", "--now", "2026-12-01", "--jobs", "1", "--progress", "lines"])
        .args(["--format", "json", "-o", "partial.json"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    assert!(first.starts_with(&format!("scanned 1/{N} ")), "{first}");
    let pid = child.id().to_string();
    let interrupted = std::time::Instant::now();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    let took = interrupted.elapsed();
    assert!(took < std::time::Duration::from_secs(30), "{took:?} after SIGINT");
    assert_eq!(status.code(), Some(2), "{rest}");
    assert!(rest.contains("interrupted: the report covers the repositories finished"), "{rest}");
    assert!(!rest.contains("panicked"), "{rest}");

    let text = std::fs::read_to_string(dir.path().join("partial.json")).unwrap();
    let report = json(&text);
    let schema = std::fs::read_to_string("docs/report.schema.json").unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).unwrap();
    let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(report["complete"], false);
    let done = report["repositories"].as_array().unwrap();
    let k = done.len();
    assert!((1..N).contains(&k), "{k} of {N} repositories");
    assert_eq!(rest.lines().filter(|l| l.starts_with("scanned ")).count() + 1, k, "{rest}");
    assert_eq!(report["summary"]["repositories"], k);
    let rules = report["summary"]["rules"].as_u64().unwrap();
    assert!(rules > 20, "std/recommended has its rules");
    for (r, expected) in done.iter().zip(&repos) {
        let canonical = std::fs::canonicalize(expected).unwrap();
        assert_eq!(r["path"], canonical.display().to_string());
        let outcomes = r["outcomes"].as_array().unwrap().len() as u64;
        assert_eq!(outcomes, rules, "a whole repository: {r}");
    }

    // The same repositories scanned to the end: the same entries, byte for byte.
    let list: Vec<String> = repos.iter().take(k).map(|p| p.display().to_string()).collect();
    std::fs::write(dir.path().join("list.txt"), list.join("\n")).unwrap();
    let out = tenet()
        .current_dir(dir.path())
        .args(["scan", "--repos-from", "list.txt", "--now", "2026-12-01", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let whole = json(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(whole["complete"], true);
    assert_eq!(whole["repositories"], report["repositories"]);
    assert_eq!(whole["summary"], report["summary"]);
    let entries = |t: &str| t.split_once("\"repositories\": [").map(|(_, r)| r.to_string());
    let whole_text = serde_json::to_string_pretty(&whole).unwrap();
    assert_eq!(entries(&whole_text), entries(&serde_json::to_string_pretty(&report).unwrap()));
    assert!(text.ends_with("}\n"));
}

const OWN_WAIVERS: &str = r#"tenet 1

waive local/has-src {
  paths ["nothing/**"]
  reason "not needed"
  owner "team@example.com"
  expires 2030-01-01
}

waive local/has-src {
  reason "old"
  owner "team@example.com"
  expires 2025-01-01
}
"#;

/// A repository's own waivers and their problems (expired, unused, ignored because the
/// central policy does not trust them) are in its entry of the scan report, as `tenet
/// check` reports them in that repository; an expired one fails the scan as it fails the
/// check.
#[test]
fn a_repository_s_own_waiver_problems_are_in_its_scan_entry() {
    let dir = folder(1);
    let own = dir.path().join("org0/repo-00/.tenet");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::write(own.join("local.tenet"), LOCAL).unwrap();
    std::fs::write(own.join("waivers.tenet"), OWN_WAIVERS).unwrap();
    let entry = |r: &serde_json::Value| {
        let e = &r["repositories"][0];
        serde_json::json!({ "policy": e["policy"], "waivers": e["waivers"] })
    };
    let codes = |r: &serde_json::Value| -> Vec<String> {
        let e = &r["repositories"][0]["policy"];
        e.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
    };
    let (code, out, _) = scan(dir.path(), &["--format", "json", "."]);
    let r = json(&out);
    assert_eq!(code, Some(1));
    insta::assert_json_snapshot!("own_waivers_untrusted", entry(&r));
    let schema = std::fs::read_to_string("docs/report.schema.json").unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).unwrap();
    let errors: Vec<String> = validator.iter_errors(&r).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(r["policy"].is_null(), "no problem of the central policy: {}", r["policy"]);
    let (_, human, _) = scan(dir.path(), &["--format", "plain", "."]);
    assert!(human.contains("snippet line 8: waive central/readme {"), "{human}");

    let trusting = format!("{CENTRAL}\nparam trust_local_waivers: bool = true\n");
    std::fs::write(dir.path().join("central.tenet"), trusting).unwrap();
    let (code, out, _) = scan(dir.path(), &["--format", "json", "."]);
    let r = json(&out);
    assert_eq!(code, Some(1), "the expired waiver fails the scan");
    assert_eq!(codes(&r), ["policy::expired_waiver", "policy::unused_waiver"]);
    assert!(r["repositories"][0]["waivers"][0].get("ignored").is_none());

    // No central policy: the repository's policy alone, as `tenet check` runs it there.
    let local_only = LOCAL.split("waive central/readme").next().unwrap();
    std::fs::write(own.join("local.tenet"), local_only).unwrap();
    let out = tenet()
        .current_dir(dir.path())
        .args(["scan", ".", "--now", "2026-12-01", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let scanned = json(&String::from_utf8(out.stdout).unwrap());
    let out = tenet()
        .current_dir(dir.path().join("org0/repo-00"))
        .args(["check", "--now", "2026-12-01", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let checked = json(&String::from_utf8(out.stdout).unwrap());
    let messages = |ds: &serde_json::Value| -> Vec<(String, String, u64)> {
        ds.as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let file = d["file"].as_str().unwrap().to_string();
                (d["code"].as_str().unwrap().to_string(), file, d["line"].as_u64().unwrap())
            })
            .collect()
    };
    assert_eq!(
        messages(&scanned["repositories"][0]["policy"]),
        messages(&checked["policy"]),
        "scan and check agree"
    );
}
