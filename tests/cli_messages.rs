//! Error messages a new user meets on the command line (issue 9, items 7 to 11): each says
//! what is wrong in its own words and suggests something that works.

mod common;

use common::{repo, tenet};

/// Exit code and stderr+stdout of `tenet ARGS` run in `dir`
#[expect(clippy::unwrap_used, reason = "test helper: a failure should fail the test")]
fn run(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = tenet().current_dir(dir).args(args).output().unwrap();
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code(), text)
}

#[test]
fn a_set_regex_that_does_not_compile_gives_the_regex_error() {
    // See: issue 9 — "`/(/` is not a regex, this is `null`".
    let policy = "tenet 1\nparam pat: regex = /a/\nrule a/b {\n  require \"a\" matches pat\n}\n";
    let dir = repo(&[("p.tenet", policy), ("README.md", "x\n")]);
    let (code, text) = run(dir.path(), &["check", "--color", "never", "-p", "p.tenet", "--set", "pat=/(/", "."]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("check::bad_regex") && text.contains("unclosed group"), "{text}");
    assert!(!text.contains("null"), "{text}");
}
