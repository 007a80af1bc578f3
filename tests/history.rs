//! History facts end to end (issue #11 item 1): `commits(…)` and `tags()` through the real
//! binary on repositories built at test time from `git fast-import` streams (the tests' own
//! fixtures; tenet itself never runs git): order, merges, limit, since, ranges, trailers,
//! the mailmap, bots, signatures, tags, and the clear errors of a shallow clone, an empty
//! repository, a directory outside git and a corrupt object database.

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

/// A commit of a fast-import stream on `main`, `time` seconds after 2026-01-01
fn commit(mark: u32, author: &str, time: u64, message: &str, from: &[u32]) -> String {
    let time = 1_767_225_600 + time;
    let mut s = format!(
        "commit refs/heads/main\nmark :{mark}\nauthor {author} {time} +0000\n\
         committer {author} {time} +0000\ndata {}\n{message}\n",
        message.len()
    );
    for (i, parent) in from.iter().enumerate() {
        writeln!(s, "{} :{parent}", if i == 0 { "from" } else { "merge" }).unwrap();
    }
    write!(s, "M 644 inline f{mark}.txt\ndata 2\n{mark}\n\n").unwrap();
    s
}

const ADA: &str = "Ada <ada@example.org>";
const BOB: &str = "Bob <bob@old.example>";
const BOT: &str = "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>";

/// main: 1 (signed off) ← 2 (no sign-off, Bob) ← 4 (merge of 3) ; 3 (bot) branches off 1
fn stream() -> String {
    [
        commit(1, ADA, 0, "Add one\n\nSigned-off-by: Ada <ada@example.org>\n", &[]),
        commit(2, BOB, 60, "Add two\n\nNo sign-off here.\n", &[1]),
        "reset refs/heads/side\nfrom :1\n\n".to_string(),
        commit(3, BOT, 120, "Bump deps\n", &[1]).replace("refs/heads/main", "refs/heads/side"),
        commit(4, ADA, 180, "Merge side\n\nReviewed-by: Bob <bob@old.example>\n", &[2, 3]),
        "tag v1.0\nfrom :2\ntagger Ada <ada@example.org> 1767230000 +0000\ndata 8\nRelease\n\n"
            .to_string(),
        "reset refs/tags/light\nfrom :4\n\n".to_string(),
    ]
    .concat()
}

/// A repository with `files` whose history is `stream`
fn history(stream: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = repo(files);
    git(dir.path(), &["init", "-q"], None);
    git(dir.path(), &["fast-import", "--quiet"], Some(stream.as_bytes()));
    dir
}

/// The messages of the violations of rule `t/x`, whose message lists each item
fn listed(dir: &Path, each: &str, message: &str) -> Vec<String> {
    let policy = format!(
        "tenet 1\nrule t/x {{\n  for c in {each}\n  forbid true\n  message \"{message}\"\n}}\n"
    );
    let report = check_json(dir, &policy, &[]);
    let outcome = &report["repositories"][0]["outcomes"][0];
    assert_ne!(outcome["outcome"], "error", "{outcome}");
    // Reports sort violations; the walk's order is checked by `order`.
    let mut got: Vec<String> = outcome["violations"]
        .as_array()
        .map(|v| v.iter().map(|v| v["message"].as_str().unwrap().to_string()).collect())
        .unwrap_or_default();
    got.sort();
    got
}

/// The subjects of `each`, in the order the fact gives them
fn order(dir: &Path, each: &str) -> String {
    let got =
        listed(dir, "[1]", &format!("{{[x.subject for x in {}]}}", each.replace('"', "\\\"")));
    got.into_iter().next().unwrap()
}

/// The error code and message of rule `t/x`, which must end as `error`
fn failing(dir: &Path, each: &str) -> (String, String) {
    let policy = format!("tenet 1\nrule t/x {{\n  for c in {each}\n  forbid true\n}}\n");
    let report = check_json(dir, &policy, &[]);
    let outcome = &report["repositories"][0]["outcomes"][0];
    assert_eq!(outcome["outcome"], "error", "{outcome}");
    (
        outcome["error"]["code"].as_str().unwrap().to_string(),
        outcome["error"]["message"].as_str().unwrap().to_string(),
    )
}

#[test]
fn commits_are_newest_first_with_their_people_and_trailers() {
    let dir = history(&stream(), &[]);
    let got = listed(
        dir.path(),
        "commits()",
        "{c.subject}|{c.author.name}|{c.is_merge}|{c.is_bot}|{len(c.parents)}|\
         {[t.email for t in c.trailers(\\\"signed-off-by\\\")]}",
    );
    assert_eq!(
        got,
        [
            "Add one|Ada|false|false|0|[\"ada@example.org\"]",
            "Add two|Bob|false|false|1|[]",
            "Bump deps|dependabot[bot]|false|true|1|[]",
            "Merge side|Ada|true|false|2|[]",
        ]
    );
    assert_eq!(
        order(dir.path(), "commits()"),
        r#"["Merge side", "Bump deps", "Add two", "Add one"]"#
    );
}

#[test]
fn merges_limit_since_and_ranges_filter_the_walk() {
    let dir = history(&stream(), &[]);
    let subjects = |each: &str| order(dir.path(), each);
    assert_eq!(subjects("commits(merges: false)"), r#"["Bump deps", "Add two", "Add one"]"#);
    assert_eq!(subjects("commits(limit: 2)"), r#"["Merge side", "Bump deps"]"#);
    assert_eq!(subjects("commits(merges: false, limit: 1)"), r#"["Bump deps"]"#);
    assert_eq!(subjects("commits(since: 2026-01-01 + 2m)"), r#"["Merge side", "Bump deps"]"#);
    assert_eq!(subjects("commits(range: \"side..main\")"), r#"["Merge side", "Add two"]"#);
    assert_eq!(subjects("commits(range: \"v1.0\")"), r#"["Add two", "Add one"]"#);
    assert_eq!(subjects("commits(range: \"^side\")"), r#"["Merge side", "Add two"]"#);
    let (code, message) = failing(dir.path(), "commits(range: \"nowhere..main\")");
    assert_eq!(code, "facts::git");
    assert!(message.contains("cannot resolve the range `nowhere..main`"), "{message}");
}

#[test]
fn the_mailmap_of_the_tree_applies_to_authors() {
    let dir = history(&stream(), &[(".mailmap", "Bob B <bob@new.example> <bob@old.example>\n")]);
    let got = listed(dir.path(), "commits(merges: false)", "{c.author.name} {c.author.email}");
    assert!(got.contains(&"Bob B bob@new.example".to_string()), "{got:?}");
}

#[test]
fn a_gpgsig_header_makes_a_commit_signed() {
    let dir = history(&stream(), &[]);
    let head = git(dir.path(), &["rev-parse", "main"], None);
    let tree = git(dir.path(), &["rev-parse", "main^{tree}"], None);
    let raw = format!(
        "tree {}\nparent {}\nauthor {ADA} 1767300000 +0000\ncommitter {ADA} 1767300000 +0000\n\
         gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEz\n -----END PGP SIGNATURE-----\n\nSigned\n",
        tree.trim(),
        head.trim()
    );
    let id =
        git(dir.path(), &["hash-object", "-t", "commit", "-w", "--stdin"], Some(raw.as_bytes()));
    git(dir.path(), &["update-ref", "refs/heads/main", id.trim()], None);
    let got = listed(dir.path(), "commits(limit: 2)", "{c.subject} {c.is_signed}");
    assert_eq!(got, ["Merge side false", "Signed true"]);
}

#[test]
fn tags_say_whether_they_are_annotated_and_signed() {
    let body = "Signed\n-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n";
    let signed =
        format!("tag v2.0\nfrom :4\ntagger {ADA} 1767240000 +0000\ndata {}\n{body}\n", body.len());
    let dir = history(&format!("{}{signed}", stream()), &[]);
    let got = listed(dir.path(), "tags()", "{c.name} {c.annotated} {c.signed} {c.time}");
    assert_eq!(
        got,
        [
            "light false false 2026-01-01T00:03:00Z",
            "v1.0 true false 2026-01-01T01:13:20Z",
            "v2.0 true true 2026-01-01T04:00:00Z",
        ]
    );
}

#[test]
fn a_shallow_clone_is_a_clear_error_unless_the_range_stays_inside() {
    let dir = history(&stream(), &[]);
    let two = git(dir.path(), &["rev-parse", "main^1"], None);
    std::fs::write(dir.path().join(".git/shallow"), two).unwrap();
    let (code, message) = failing(dir.path(), "commits()");
    assert_eq!(code, "facts::shallow");
    assert!(message.contains("shallow clone"), "{message}");
    let inside = listed(dir.path(), "commits(range: \"main^1..main\")", "{c.subject}");
    assert_eq!(inside, ["Bump deps", "Merge side"]);
}

#[test]
fn no_history_is_a_clear_error() {
    let empty = repo(&[("README.md", "hi\n")]);
    git(empty.path(), &["init", "-q"], None);
    let (code, message) = failing(empty.path(), "commits()");
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("facts::no_history", "the repository has no commit yet, so it has no history to check")
    );
    assert!(listed(empty.path(), "tags()", "{c.name}").is_empty());
    let plain = repo(&[("README.md", "hi\n")]);
    let (code, _) = failing(plain.path(), "tags()");
    assert_eq!(code, "facts::no_history");
}

#[test]
fn a_corrupt_object_database_is_a_git_error_not_a_crash() {
    let dir = history(&stream(), &[]);
    // Every object, loose or packed, is gone; the refs still name the commits.
    std::fs::remove_dir_all(dir.path().join(".git/objects")).unwrap();
    std::fs::create_dir_all(dir.path().join(".git/objects/pack")).unwrap();
    let (code, message) = failing(dir.path(), "commits()");
    assert_eq!(code, "facts::git", "{message}");
}

#[test]
fn hostile_configuration_cannot_plant_a_mailmap() {
    let dir = history(&stream(), &[]);
    let planted = repo(&[("evil", "Evil <evil@x> <bob@old.example>\n")]);
    let config = dir.path().join(".git/config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    writeln!(text, "[mailmap]\n\tfile = {}", planted.path().join("evil").display()).unwrap();
    std::fs::write(config, text).unwrap();
    let got = listed(dir.path(), "commits(merges: false)", "{c.author.name}");
    assert!(!got.iter().any(|n| n.contains("Evil")), "{got:?}");
}

#[cfg(unix)]
#[test]
fn a_mailmap_symlink_out_of_the_repository_is_not_followed() {
    let dir = history(&stream(), &[]);
    let planted = repo(&[("evil", "Evil <evil@x> <bob@old.example>\n")]);
    std::os::unix::fs::symlink(planted.path().join("evil"), dir.path().join(".mailmap")).unwrap();
    let got = listed(dir.path(), "commits(merges: false)", "{c.author.name}");
    assert!(!got.iter().any(|n| n.contains("Evil")), "{got:?}");
}

/// Issue #11, "tried as a new user would": one commit lacks a sign-off, CODEOWNERS has a
/// `!`-negated line, and a workflow uses `actions/checkout@main` under
/// `pull_request_target`. `tenet check --set dco=true` (the embedded std/recommended)
/// reports those three, each at its commit or file and line with a help, and nothing about
/// the signed-off commits, the merge or the bot's commit.
#[test]
fn a_new_user_sees_the_unsigned_commit_the_negation_and_the_unpinned_checkout() {
    let workflow = "on: pull_request_target\npermissions:\n  contents: read\njobs:\n  \
                    build:\n    runs-on: ubuntu-latest\n    steps:\n      \
                    - uses: actions/checkout@main\n      - run: make\n";
    let dir = history(
        &stream(),
        &[
            ("README.md", "# demo\n"),
            (".github/CODEOWNERS", "* @acme/maintainers\n!docs/internal.md @acme/docs\n"),
            (".github/workflows/pr.yml", workflow),
        ],
    );
    let out = tenet()
        .args(["check", "--format", "json", "--set", "dco=true"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let outcomes = report["repositories"][0]["outcomes"].as_array().unwrap();
    let violations = |rule: &str| -> Vec<serde_json::Value> {
        let o = outcomes.iter().find(|o| o["rule"] == rule).unwrap_or_else(|| panic!("{rule}"));
        o["violations"].as_array().cloned().unwrap_or_default()
    };
    let signoff = violations("contribution/missing-signoff");
    assert_eq!(signoff.len(), 1, "{signoff:?}");
    let bob = git(dir.path(), &["rev-parse", "--short=7", "main^1"], None);
    let message = signoff[0]["message"].as_str().unwrap();
    assert!(message.starts_with(&format!("commit {} ", bob.trim())), "{message}");
    assert!(message.contains("bob@old.example"), "{message}");
    assert!(signoff[0]["help"].as_str().unwrap().contains("--signoff"));

    let negation = violations("ownership/codeowners-problem");
    assert_eq!(negation.len(), 1, "{negation:?}");
    assert_eq!(
        (&negation[0]["path"], &negation[0]["line"]),
        (&".github/CODEOWNERS".into(), &2.into())
    );
    assert!(negation[0]["message"].as_str().unwrap().contains("negation"));
    assert!(negation[0]["help"].is_string());

    let pin = violations("security/unpinned-action");
    assert_eq!(pin.len(), 1, "{pin:?}");
    assert_eq!((&pin[0]["path"], &pin[0]["line"]), (&".github/workflows/pr.yml".into(), &8.into()));
    assert!(pin[0]["message"].as_str().unwrap().contains("actions/checkout@main"));
    assert!(pin[0]["help"].as_str().unwrap().contains("commit sha"));

    let errors: Vec<&serde_json::Value> =
        outcomes.iter().filter(|o| o["outcome"] == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(out.status.code(), Some(1));
}
