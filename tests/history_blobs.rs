//! `history_blobs()` and `security/secret-in-history` end to end (issue #11, the history
//! half of the secret scan), through the real binary on repositories built at test time from
//! `git fast-import` streams (the tests' own fixtures; tenet itself never runs git): each
//! blob listed once with the commit that introduced it, and the hostile cases — a huge blob,
//! a binary blob, a path that is not UTF-8, thousands of commits rewriting one file, a
//! corrupt object, a shallow clone and an empty repository.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

mod common;

use common::{check_json, git, repo, tenet};
use std::fmt::Write as _;
use std::path::Path;

/// A fast-import stream of commits on `main`, one a minute from 2026-01-01; each commit
/// writes (`Some`) or deletes (`None`) files, given as quoted fast-import paths
struct Stream(Vec<u8>, u32);

impl Stream {
    fn new() -> Self {
        Stream(Vec::new(), 0)
    }

    fn commit(mut self, subject: &str, changes: &[(&str, Option<&[u8]>)]) -> Self {
        self.1 += 1;
        let (mark, time) = (self.1, 1_767_225_600 + u64::from(self.1) * 60);
        let mut s = format!(
            "commit refs/heads/main\nmark :{mark}\nauthor Ada <ada@example.org> {time} +0000\n\
             committer Ada <ada@example.org> {time} +0000\ndata {}\n{subject}\n",
            subject.len() + 1
        );
        if mark > 1 {
            writeln!(s, "from :{}", mark - 1).unwrap();
        }
        self.0.extend_from_slice(s.as_bytes());
        for (path, content) in changes {
            match content {
                Some(bytes) => {
                    let head = format!("M 644 inline {path}\ndata {}\n", bytes.len());
                    self.0.extend_from_slice(head.as_bytes());
                    self.0.extend_from_slice(bytes);
                    self.0.push(b'\n');
                }
                None => self.0.extend_from_slice(format!("D {path}\n").as_bytes()),
            }
        }
        self.0.push(b'\n');
        self
    }

    /// A repository (with a README in its work tree) whose history is this stream
    fn repo(&self) -> tempfile::TempDir {
        let dir = repo(&[("README.md", "# demo\n")]);
        git(dir.path(), &["init", "-q"], None);
        git(dir.path(), &["fast-import", "--quiet"], Some(&self.0));
        dir
    }
}

const KEY: &[u8] = b"KEY = 'AKIAIOSFODNN7EXAMPLE'\n";
const CLEAN: &[u8] = b"KEY = os.environ['AWS_KEY']\n";

/// Run `policy` on `dir`: the JSON report's first outcome
fn outcome(dir: &Path, policy: &str, args: &[&str]) -> serde_json::Value {
    check_json(dir, policy, args)["repositories"][0]["outcomes"][0].clone()
}

/// The sorted messages of rule `t/x`, one violation per blob, told by `message`
fn blobs(dir: &Path, message: &str) -> Vec<String> {
    let policy = format!(
        "tenet 1\nrule t/x {{\n  for b in history_blobs()\n  forbid true\n  message \"{message}\"\n}}\n"
    );
    messages(&outcome(dir, &policy, &[]))
}

fn messages(outcome: &serde_json::Value) -> Vec<String> {
    assert_ne!(outcome["outcome"], "error", "{outcome}");
    let mut got: Vec<String> = outcome["violations"]
        .as_array()
        .map(|v| v.iter().map(|v| v["message"].as_str().unwrap().to_string()).collect())
        .unwrap_or_default();
    got.sort();
    got
}

/// The std/security pack with the history scan on
const SCAN: &str = "tenet 1\nimport \"std/security\" with { secret_scan_history: true }\n";

/// The messages of `security/secret-in-history` on `dir`
fn secrets(dir: &Path, args: &[&str]) -> Vec<String> {
    let report = check_json(dir, SCAN, args);
    let outcomes = report["repositories"][0]["outcomes"].as_array().unwrap();
    let ours = outcomes.iter().find(|o| o["rule"] == "security/secret-in-history").unwrap();
    messages(ours)
}

/// The error code and message of a rule `t/x` that must end as `error`
fn failing(dir: &Path, body: &str, args: &[&str]) -> (String, String) {
    let policy = format!("tenet 1\nrule t/x {{\n{body}\n}}\n");
    let outcome = outcome(dir, &policy, args);
    assert_eq!(outcome["outcome"], "error", "{outcome}");
    (
        outcome["error"]["code"].as_str().unwrap().to_string(),
        outcome["error"]["message"].as_str().unwrap().to_string(),
    )
}

#[test]
fn each_blob_is_listed_once_with_the_commit_that_introduced_it() {
    let dir = Stream::new()
        .commit("Start", &[("a.txt", Some(b"one\n")), ("src/b.txt", Some(b"two\n"))])
        .commit("Copy", &[("src/c.txt", Some(b"one\n"))])
        .commit("Change", &[("a.txt", Some(b"three\n"))])
        .commit("Back", &[("a.txt", Some(b"one\n"))])
        .repo();
    let got = blobs(dir.path(), "{b.path} {b.commit.subject} {b.size} {b.in_head} {b.is_binary}");
    assert_eq!(
        got,
        [
            "a.txt Change 6B false false",
            "a.txt Start 4B true false",
            "src/b.txt Start 4B true false",
        ]
    );
}

#[test]
fn a_token_deleted_from_the_tree_is_found_with_its_commit_and_redacted() {
    let dir = Stream::new()
        .commit("Start", &[("config/settings.py", Some(KEY))])
        .commit("Use the environment", &[("config/settings.py", Some(CLEAN))])
        .repo();
    let got = secrets(dir.path(), &[]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("`config/settings.py`") && got[0].contains("line 1"), "{got:?}");
    assert!(got[0].contains("`AKIA…` (20 characters)"), "{got:?}");
    assert!(!got[0].contains("AKIAIOSFODNN7EXAMPLE"), "the message shows the secret: {got:?}");
    // Off by default.
    let pol = repo(&[("p.tenet", "tenet 1\nimport \"std/security\"\n")]);
    let out = tenet()
        .args(["check", "--format", "json", "-p"])
        .arg(pol.path().join("p.tenet"))
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("AKIA…"), "{text}");
}

#[test]
fn a_token_still_in_head_is_left_to_secret_token_unless_that_is_off() {
    let dir = Stream::new().commit("Start", &[("config/settings.py", Some(KEY))]).repo();
    assert!(secrets(dir.path(), &[]).is_empty());
    assert_eq!(secrets(dir.path(), &["--set", "std/security.secret_scan=false"]).len(), 1);
}

#[test]
fn thousands_of_commits_rewriting_one_file_read_each_version_once() {
    let mut stream = Stream::new();
    for i in 0..3000 {
        let content = if i % 2 == 0 { KEY } else { CLEAN };
        stream = stream.commit(&format!("Change {i}"), &[("config/settings.py", Some(content))]);
    }
    let dir = stream.commit("Drop", &[("config/settings.py", None)]).repo();
    let got = blobs(dir.path(), "{b.path} {b.commit.subject}");
    assert_eq!(got, ["config/settings.py Change 0", "config/settings.py Change 1"]);
    let found = secrets(dir.path(), &[]);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_huge_blob_is_listed_but_never_read() {
    let mut huge = vec![b'x'; 3 << 20];
    huge.extend_from_slice(KEY);
    let dir = Stream::new()
        .commit("Start", &[("dump.sql", Some(&huge))])
        .commit("Drop", &[("dump.sql", None)])
        .repo();
    let got = blobs(dir.path(), "{b.path} {b.size}");
    assert_eq!(got, [format!("dump.sql {}B", huge.len())]);
    // The rule leaves it out (it only reads contents under 1MB), without ending in error.
    assert!(secrets(dir.path(), &[]).is_empty());
    // Reading it anyway is refused over the cap (`--max-file-size`), not done.
    let (code, message) = failing(
        dir.path(),
        "  for b in history_blobs()\n  forbid b.is_binary",
        &["--max-file-size", "2MiB"],
    );
    assert_eq!(code, "facts::too_large", "{message}");
    assert!(message.contains("dump.sql") && message.contains("over the"), "{message}");
    let counted = outcome(
        dir.path(),
        "tenet 1\nrule t/x {\n  require count(b in history_blobs(): b.size >= 1MB) == 0\n}\n",
        &[],
    );
    assert_eq!(counted["outcome"], "fail", "{counted}");
}

#[test]
fn a_binary_blob_is_not_scanned() {
    let mut binary = b"\x7fELF\x00\x00".to_vec();
    binary.extend_from_slice(KEY);
    let dir = Stream::new()
        .commit("Start", &[("bin/tool", Some(&binary))])
        .commit("Drop", &[("bin/tool", None)])
        .repo();
    assert_eq!(blobs(dir.path(), "{b.path} {b.is_binary}"), ["bin/tool true"]);
    assert!(secrets(dir.path(), &[]).is_empty());
}

#[test]
fn a_path_that_is_not_utf8_is_escaped_and_its_content_is_scanned() {
    let mut latin1 = b"# caf\xe9\n".to_vec();
    latin1.extend_from_slice(KEY);
    let dir = Stream::new()
        .commit("Start", &[("\"conf/\\377key.py\"", Some(&latin1))])
        .commit("Drop", &[("\"conf/\\377key.py\"", None)])
        .repo();
    assert_eq!(blobs(dir.path(), "{b.path}"), ["conf/\\xffkey.py"]);
    let found = secrets(dir.path(), &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("`conf/\\xffkey.py`") && found[0].contains("line 2"), "{found:?}");
}

#[test]
fn a_corrupt_object_is_a_git_error_not_a_crash() {
    let dir = Stream::new()
        .commit("Start", &[("config/settings.py", Some(KEY))])
        .commit("Use the environment", &[("config/settings.py", Some(CLEAN))])
        .repo();
    // fast-import leaves so few objects loose (`fastimport.unpackLimit`): damage one.
    let git_dir = dir.path().join(".git");
    let id = git(dir.path(), &["rev-parse", "main~1:config/settings.py"], None);
    let id = id.trim();
    let object = git_dir.join("objects").join(&id[..2]).join(&id[2..]);
    assert!(object.is_file(), "{object:?} is loose");
    std::fs::write(&object, b"not zlib").unwrap();
    let (code, message) = failing(
        dir.path(),
        "  for b in history_blobs()\n  for m in b.find(/AKIA/)\n  forbid true",
        &[],
    );
    assert_eq!(code, "facts::git", "{message}");
    assert!(message.contains(id), "{message}");
    // A tree gone: listing fails the same way.
    let tree = git(dir.path(), &["rev-parse", "main~1^{tree}"], None);
    let tree = tree.trim();
    std::fs::remove_file(git_dir.join("objects").join(&tree[..2]).join(&tree[2..])).unwrap();
    let (code, message) = failing(dir.path(), "  for b in history_blobs()\n  forbid true", &[]);
    assert_eq!(code, "facts::git", "{message}");
}

#[test]
fn a_shallow_clone_and_an_empty_repository_are_the_errors_of_commits() {
    let dir = Stream::new()
        .commit("Start", &[("a.txt", Some(b"one\n"))])
        .commit("Next", &[("a.txt", Some(b"two\n"))])
        .repo();
    let first = git(dir.path(), &["rev-parse", "main"], None);
    std::fs::write(dir.path().join(".git/shallow"), first).unwrap();
    let (code, _) = failing(dir.path(), "  for b in history_blobs()\n  forbid true", &[]);
    assert_eq!(code, "facts::shallow");
    let empty = repo(&[("README.md", "hi\n")]);
    git(empty.path(), &["init", "-q"], None);
    let (code, _) = failing(empty.path(), "  for b in history_blobs()\n  forbid true", &[]);
    assert_eq!(code, "facts::no_history");
}

/// The `kept` fixture of `security/secret-in-history`: a key kept through three later
/// versions of its file, then removed, then an unrelated commit
fn kept_fixture() -> tempfile::TempDir {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules/std/security/fixtures/secret-in-history/kept");
    let readme = std::fs::read_to_string(fixture.join("README.md")).unwrap();
    let dir = repo(&[("README.md", &readme)]);
    git(dir.path(), &["init", "-q"], None);
    let stream = std::fs::read(fixture.join("history.fi")).unwrap();
    git(dir.path(), &["fast-import", "--quiet"], Some(&stream));
    dir
}

#[test]
fn a_secret_kept_through_many_versions_is_reported_once_where_it_began() {
    let dir = kept_fixture();
    let one = secrets(dir.path(), &["--jobs", "1"]);
    assert_eq!(one, secrets(dir.path(), &["--jobs", "4"]), "the same whatever --jobs");
    let removed = git(dir.path(), &["rev-parse", "--short=7", "main~1"], None);
    let introduced = git(dir.path(), &["rev-parse", "--short=7", "main~5"], None);
    let text = one
        .join("\n")
        .replace(removed.trim(), "[REMOVED]")
        .replace(introduced.trim(), "[INTRODUCED]");
    insta::assert_snapshot!(text, @"commit [INTRODUCED] added `config/settings.py` with what looks like a secret at line 2: `AKIA…` (20 characters); kept in 3 later versions, removed in [REMOVED]");
}

#[test]
fn history_matches_folds_the_versions_of_each_text_at_each_path() {
    const TOKEN: &str = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    let with = |n: u8| format!("# v{n}\nKEY = 'AKIAIOSFODNN7EXAMPLE'\n").into_bytes();
    let token = format!("TOKEN = '{TOKEN}'\n").into_bytes();
    let token2 = format!("# again\nTOKEN = '{TOKEN}'\n").into_bytes();
    let dir = Stream::new()
        .commit("Start", &[("a.py", Some(&with(1))), ("notes.txt", Some(b"none\n"))])
        .commit("Edit", &[("a.py", Some(&with(2)))])
        .commit("Token", &[("b.py", Some(&token)), ("skip/c.py", Some(&token))])
        .commit("Clean", &[("a.py", Some(CLEAN))])
        .commit("Again", &[("b.py", Some(&token2))])
        .repo();
    let policy = "tenet 1\nrule t/x {\n  for s in history_matches(/AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{36}/, skip: [\"skip/\"])\n  forbid true\n  message \"{s.path}:{s.line}:{s.column} {s.commit.subject} {s.versions} {s.in_head} {s.lifetime}\"\n}\n";
    let got = messages(&outcome(dir.path(), policy, &[]));
    assert_eq!(
        got,
        [
            "a.py:2:8 Start 2 false kept in 1 later version, removed in ".to_string()
                + git(dir.path(), &["rev-parse", "--short=7", "main~1"], None).trim(),
            "b.py:1:10 Token 2 true kept in 1 later version, still in HEAD".to_string(),
        ]
    );
    let removed = "tenet 1\nrule t/x {\n  for s in history_matches(/AKIA[0-9A-Z]{16}/)\n  where s.removed != null\n  forbid true\n  message \"{s.removed.subject} {len(s.blob)}\"\n}\n";
    assert_eq!(messages(&outcome(dir.path(), removed, &[])), ["Clean 40"]);
    // `max_size` leaves bigger contents out.
    let small =
        "tenet 1\nrule t/x {\n  require len(history_matches(/AKIA/, max_size: 10B)) == 0\n}\n";
    assert_eq!(outcome(dir.path(), small, &[])["outcome"], "pass");
}

#[test]
fn a_secret_still_in_head_says_so_when_secret_token_is_off() {
    let dir = Stream::new()
        .commit("Start", &[("config/settings.py", Some(KEY))])
        .commit("More", &[("config/settings.py", Some(b"X = 1\nKEY = 'AKIAIOSFODNN7EXAMPLE'\n"))])
        .repo();
    assert!(secrets(dir.path(), &[]).is_empty(), "secret-token's finding");
    let got = secrets(dir.path(), &["--set", "std/security.secret_scan=false"]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].ends_with("; kept in 1 later version, still in HEAD"), "{got:?}");
}
