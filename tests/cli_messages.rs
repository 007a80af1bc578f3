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
    let (code, text) =
        run(dir.path(), &["check", "--color", "never", "-p", "p.tenet", "--set", "pat=/(/", "."]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("check::bad_regex") && text.contains("unclosed group"), "{text}");
    assert!(!text.contains("null"), "{text}");
}

#[test]
fn an_unclosed_rule_labels_its_open_brace() {
    let dir = repo(&[("p.tenet", "tenet 1\nrule a/b {\n  require true\n")]);
    let (code, text) = run(dir.path(), &["lint", "--color", "never", "p.tenet"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("this `{` is never closed"), "{text}");
    assert!(text.contains("add `}` after the rule's last clause"), "{text}");
}

#[test]
fn a_reserved_word_as_a_name_is_one_diagnostic_per_mistake() {
    // See: issue 9 — seven diagnostics for one `let rule`.
    let policy =
        "tenet 1\nlet rule = 5\nrule a/b {\n  require rule > 1\n}\nrule a/c {\n  require true\n}\n";
    let dir = repo(&[("p.tenet", policy)]);
    let (code, text) = run(dir.path(), &["lint", "--color", "never", "p.tenet"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("expected a name, found keyword `rule`"), "{text}");
    assert!(text.contains("2 error(s)"), "{text}");
}

#[test]
fn a_missing_policy_on_the_command_line_is_relative_to_the_current_directory() {
    let dir = repo(&[]);
    let (code, text) = run(dir.path(), &["lint", "--color", "never", "no/such.tenet"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("relative to the current directory"), "{text}");
    assert!(!text.contains("importing file"), "{text}");
}

/// Every `tenet …` command that docs/diagnostics.md or a help in src/ suggests runs: the
/// subcommand exists and takes those arguments. Placeholders (`CODE`, `…`) are skipped.
#[test]
fn every_suggested_command_exists() {
    let mut sources = vec![std::fs::read_to_string("docs/diagnostics.md").unwrap_or_default()];
    for dir in ["src/cli/commands", "src/check", "src/engine", "src/policy", "src/eval"] {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            sources.push(std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    let mut commands: Vec<String> = Vec::new();
    for text in &sources {
        for piece in text.split('`').skip(1).step_by(2) {
            let concrete =
                !piece.contains(['…', '<', '{']) && !piece.chars().any(|c| c.is_ascii_uppercase());
            // `tenet 1` is the version line of a policy, not a command
            let command = piece
                .split_whitespace()
                .nth(1)
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_lowercase()));
            if piece.starts_with("tenet ")
                && command
                && concrete
                && !commands.iter().any(|c| c == piece)
            {
                commands.push(piece.to_string());
            }
        }
    }
    assert!(commands.iter().any(|c| c == "tenet explain facts"), "{commands:?}");
    let policy = "tenet 1\nrule a/b {\n  require true\n}\n";
    for command in &commands {
        let dir = repo(&[(".tenet/policy.tenet", policy), ("README.md", "x\n")]);
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let (code, text) = run(dir.path(), &args);
        for refusal in
            ["unrecognized subcommand", "unexpected argument", "no rule or diagnostic code"]
        {
            assert!(!text.contains(refusal), "`{command}` ({code:?}): {text}");
        }
    }
}

#[test]
fn explain_lists_the_facts_and_marks_the_planned_ones() {
    let dir = repo(&[]);
    let (code, text) = run(dir.path(), &["explain", "facts"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("files(patterns: string..., nocase: bool?) -> list<file>"), "{text}");
    let (code, text) = run(dir.path(), &["explain", "files"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("`file` fields:"), "{text}");
}

#[test]
fn test_of_one_file_loads_that_file_and_not_its_siblings() {
    // See: issue 9 — an unrelated duplicate rule id in a sibling failed `tenet test FILE`
    // with "0 passed, 0 failed".
    let good = "tenet 1\nrule a/b {\n  require exists(\"README.md\")\n}\ntest \"readme\" {\n  fixture \"fx\"\n  expect no a/b\n}\n";
    let sibling = "tenet 1\nrule a/b {\n  require true\n}\n";
    let dir =
        repo(&[("p/good.tenet", good), ("p/other.tenet", sibling), ("p/fx/README.md", "x\n")]);
    let (code, text) = run(dir.path(), &["test", "p/good.tenet"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("1 passed, 0 failed"), "{text}");
    // The directory is one namespace: there, the duplicate is an error
    let (code, text) = run(dir.path(), &["test", "p"]);
    assert_eq!(code, Some(2), "{text}");
}

#[test]
fn fmt_takes_a_directory() {
    // See: issue 9 — `tenet fmt DIR` failed with "Is a directory" while `lint DIR` worked.
    let dir = repo(&[
        ("p/a.tenet", "tenet 1\nrule   a/b {\n require true\n}\n"),
        ("p/b.tenet", "tenet 1\n"),
    ]);
    let (code, text) = run(dir.path(), &["fmt", "--check", "p"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("a.tenet") && !text.contains("b.tenet"), "{text}");
    let (code, text) = run(dir.path(), &["fmt", "p"]);
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = run(dir.path(), &["fmt", "--check", "p"]);
    assert_eq!(code, Some(0), "{text}");
}
