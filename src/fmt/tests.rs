//! Formatter tests. Every input goes through [`fmt`], which checks that the output keeps every
//! token, comment and rule doc of the input and that formatting it again changes nothing.

use super::*;
use crate::syntax::token::TokenKind;
use std::path::{Path, PathBuf};

/// Formats `src`, panicking unless [`check`] finds the result lossless and stable
fn fmt(src: &str) -> String {
    match check(src) {
        Ok(out) => out,
        Err(why) => panic!("{why}\n--- input:\n{src}"),
    }
}

/// Formats `src` and checks the result: it ends in exactly one newline, has the same tokens
/// (kinds and texts, trailing commas aside), comments and rule docs as `src`, and formatting
/// it again changes nothing
fn check(src: &str) -> Result<String, String> {
    let once = format_source(src).map_err(|d| format!("failed to format: {d:?}"))?;
    let twice =
        format_source(&once).map_err(|d| format!("output does not parse: {d:?}\n{once}"))?;
    if once != twice {
        return Err(format!("not idempotent:\n--- once:\n{once}--- twice:\n{twice}"));
    }
    if !once.ends_with('\n') || once.ends_with("\n\n") {
        return Err(format!("bad last line: {once:?}"));
    }
    same("token", &tokens(src), &tokens(&once), &once)?;
    same("comment", &comments(src), &comments(&once), &once)?;
    same("rule docs", &docs(src), &docs(&once), &once)?;
    Ok(once)
}

/// Names the first place where `before` and `after` differ
fn same(what: &str, before: &[String], after: &[String], out: &str) -> Result<(), String> {
    let at = before.iter().zip(after).position(|(a, b)| a != b);
    let at = match at {
        Some(k) => k,
        None if before.len() == after.len() => return Ok(()),
        None => before.len().min(after.len()),
    };
    let near = |v: &[String]| v.get(at.saturating_sub(2)..(at + 3).min(v.len())).map(<[_]>::to_vec);
    Err(format!(
        "{what} #{at} changed: input has {:?}, output has {:?}
--- output:
{out}",
        near(before),
        near(after)
    ))
}

/// Token kinds and texts, without trailing commas: equal streams parse to equal trees
fn tokens(src: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut comma = false;
    for t in crate::syntax::lex::lex(src, SourceId(0), 0).tokens {
        if comma && matches!(t.kind, TokenKind::Punct("]" | "}" | ")")) {
            out.pop();
        }
        comma = t.kind == TokenKind::Punct(",");
        out.push(format!("{:?} {}", t.kind, src.get(t.span.range()).unwrap_or("")));
    }
    out
}

fn comments(src: &str) -> Vec<String> {
    crate::syntax::lex::lex(src, SourceId(0), 0).comments.into_iter().map(|c| c.text).collect()
}

/// Each rule's id and docs
fn docs(src: &str) -> Vec<String> {
    let (file, _) = crate::syntax::parse_file(src, SourceId(0));
    let rules = file.items.into_iter().filter_map(|item| match item.kind {
        ItemKind::Rule(rule) => Some(format!("{} {:?}", rule.id.id, rule.docs)),
        _ => None,
    });
    rules.collect()
}

#[test]
fn messy_input_with_comments_formats_canonically() {
    let src = r#"# policy header
tenet   1
import "std/licenses"   with {dco:true,  window: 90d}
let approved=["MIT","Apache-2.0",]   # allow-list
let   limit = 5MB


## The project license must be approved.
## Second line.
rule license/unapproved {   # header note
  severity   error # why
  # before tags
  tags ["license"]
  for f in license_files() where f.license.confidence>=0.9
  require f.license.expr satisfies approved and
     # inside the expression
     not (f.is_bot or -f.size<-1KiB)
  message "`{f.path}` is   licensed {f.license.expr}"
  # before close
}
waive license/unapproved { reason "OSPO-142"  owner "ospo@example.com"
  expires 2027-06-30 }   # until then
# after the last item
"#;
    let expected = r#"# policy header
tenet 1

import "std/licenses" with { dco: true, window: 90d }

let approved = ["MIT", "Apache-2.0"]  # allow-list
let limit = 5MB

## The project license must be approved.
## Second line.
rule license/unapproved {  # header note
  severity error  # why
  # before tags
  tags ["license"]
  for f in license_files()
  where f.license.confidence >= 0.9
  # inside the expression
  require f.license.expr satisfies approved and not (f.is_bot or -f.size < -1KiB)
  message "`{f.path}` is   licensed {f.license.expr}"
  # before close
}

waive license/unapproved {
  reason "OSPO-142"
  owner "ospo@example.com"
  expires 2027-06-30
}  # until then
# after the last item
"#;
    assert_eq!(fmt(src), expected);
}

#[test]
fn adjacent_lets_stay_together_and_kinds_are_separated() {
    let src = "tenet 1\nlet a = 1\nlet b = 2\n\n\n\nlet c = 3\nparam p: int = 1\n";
    assert_eq!(fmt(src), "tenet 1\n\nlet a = 1\nlet b = 2\n\nlet c = 3\n\nparam p: int = 1\n");
}

#[test]
fn doc_comments_stay_docs_and_plain_comments_stay_apart() {
    let src = "tenet 1\nlet x = 1 ## about r\nrule r { require true }\n## not a doc\n\nrule s {\n  require true\n}\n";
    let out = fmt(src);
    assert_eq!(
        out,
        "tenet 1\n\nlet x = 1\n\n## about r\nrule r {\n  require true\n}\n\n## not a doc\n\nrule s {\n  require true\n}\n"
    );
    let (file, _) = crate::syntax::parse_file(&out, SourceId(0));
    let docs: Vec<_> = file
        .items
        .iter()
        .filter_map(|i| if let ItemKind::Rule(r) = &i.kind { Some(r.docs.clone()) } else { None })
        .collect();
    assert_eq!(docs, vec![vec!["about r".to_string()], vec![]]);
}

#[test]
fn every_clause_kind_is_idempotent() {
    let src = r#"tenet 1
param dco: bool = false
param approved: list<string> = ["MIT"]
param owner: string?
rule contribution/missing-signoff {
  severity warning
  tags ["dco"]
  when dco and languages().has("rust")
  for c in commits(merges: false, since: 90d) where not c.is_bot
  for t in c.trailers("Signed-off-by")
  where t.value matches /^(.+) <(.+)>$/i and len([x for x in c.files if x.size > 5MB]) == 0
  require any t in c.trailers("Signed-off-by"): lower(t.email) == lower(c.author.email)
  forbid count(f in c.files: f.path contains "secret") > 0 or all f in c.files: f.lines[0] != "x"
  message "commit {c.short} by {c.author.email} has no {{sign-off}}"
  help "run `git commit -s`"
  at c
  fix create "DCO" from "Signed-off: {c.author.name}\n"
}
"#;
    fmt(src);
}

#[test]
fn waivers_tests_and_imports_are_idempotent() {
    let src = r#"tenet 1
import "std/licenses"
import "./common.tenet" with { dco: true, approved: ["MIT", "ISC"], window: 30d }
waive license/unapproved {
  repos ["legacy-*"] # optional
  paths ["third_party/**"]
  reason "OSPO-142: vendored"
  owner "ospo@example.com"
  expires 2027-06-30
}
test "gpl is rejected" {
  # the fixture
  fixture "fixtures/gpl-project"   # a directory

  set dco = true
  expect license/unapproved at "LICENSE"
  expect no license/missing-file
}
"#;
    let out = fmt(src);
    assert!(
        out.contains("\n  fixture \"fixtures/gpl-project\"  # a directory\n\n  set dco = true\n"),
        "{out}"
    );
    assert!(out.contains("\n  expect no license/missing-file\n}\n"), "{out}");
    assert!(out.contains("repos [\"legacy-*\"]  # optional\n"), "{out}");
}

#[test]
fn long_list_breaks_one_element_per_line() {
    let src = r#"tenet 1
let approved = ["MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Zlib", "Unicode-3.0", "MPL-2.0"]
rule license/unapproved {
  require f.license.expr satisfies ["MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Zlib"] # ok
}
"#;
    let out = fmt(src);
    let expected = r#"tenet 1

let approved = [
  "MIT",
  "Apache-2.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "ISC",
  "Zlib",
  "Unicode-3.0",
  "MPL-2.0",
]

rule license/unapproved {
  require f.license.expr satisfies [
    "MIT",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Zlib",
  ]  # ok
}
"#;
    assert_eq!(out, expected);
}

#[test]
fn literals_are_printed_as_written() {
    let out =
        fmt("tenet 1\nlet x = [0.90, 1e3, 90d, 512KiB, 2027-03-01, \"a\\tb\", /a\\/b/i, null]\n");
    assert_eq!(
        out,
        "tenet 1\n\nlet x = [0.90, 1e3, 90d, 512KiB, 2027-03-01, \"a\\tb\", /a\\/b/i, null]\n"
    );
}

#[test]
fn syntax_error_returns_diagnostics() {
    let errs = format_source("tenet 1\nrule a {\n  require\n}\n").err().unwrap_or_default();
    assert!(!errs.is_empty());
    assert!(format_source("let x = 1\n").is_err());
}

#[test]
fn odd_layouts_are_idempotent_and_lossless() {
    let cases = [
        "tenet 1 # v\n",
        "tenet 1\n# only a comment\n",
        "# a\n\n# b\ntenet 1\n\n\n# c\n\nlet x = 1\n",
        "tenet 1\nrule a {}\n# x\nrule b {}\nrule c { # in\n}\n",
        "tenet 1\nrule a { } # t\n",
        "tenet 1\nrule # weird\n a # after id\n { require true }\n",
        "tenet 1\r\nlet x = 1 # crlf\r\n\r\nlet y = 2\r\n",
        "tenet 1\nrule a {\n\n\n  severity error\n\n\n  require true\n\n}\n",
        "tenet 1\nrule a {\n  severity error\n\n  require a and # inner\n    b\n}\n",
        "tenet 1\nlet x = [\n  \"a\", # first\n  \"b\",\n]\n",
        "tenet 1\nlet x = {}\nlet y = { a: [1, 2], b: {c: 1} }\nlet z = -(-1) - -1 - --x\n",
        "tenet 1\nlet r = a / /re/ / 2\nlet q = (all x in xs: x > 1) and not not y\n",
        "tenet 1\nparam t: list<list<string>>? = null\nparam u: int?\n",
        "tenet 1\ntest \"t\" {\n  fixture # odd\n \"x\"\n}\n",
        "tenet 1\nwaive a/b { reason \"r\" owner \"o\" expires 2027-01-01 } rule c { require true }\n",
        "tenet 1\nlet x = 1\n## doc\n\n\n## doc2\nrule a { require true } # end\n\n\n# tail\n\n\n# tail2\n",
        "tenet 1\nrule a { require f.in == x[0].y(1, n: 2)[1] }\n",
    ];
    for c in cases {
        fmt(c);
    }
}

/// A clause written on the `{` line of a rule that follows a comment, a trailing comment and
/// a doc comment
const BRACE_LINE: &str = "tenet 1\n# leading comment\nlet   approved=[\"MIT\",\"Apache-2.0\"]   # trailing\n## Doc line.\nrule   a/b {   severity warning\n  for f in files( \"**/*.rs\" )   where f.size>1MB\n    require (f.size<5MB) and not f.is_binary  # inline\n  message \"big {f.path}\"\n}\n# the end\n";

#[test]
fn clause_on_the_brace_line_after_comments_is_kept() {
    let expected = r#"tenet 1

# leading comment
let approved = ["MIT", "Apache-2.0"]  # trailing

## Doc line.
rule a/b {
  severity warning
  for f in files("**/*.rs")
  where f.size > 1MB
  require (f.size < 5MB) and not f.is_binary  # inline
  message "big {f.path}"
}
# the end
"#;
    assert_eq!(fmt(BRACE_LINE), expected);
    // The same without each of the three comment lines, one at a time
    let lines: Vec<&str> = BRACE_LINE.lines().collect();
    for drop in 1..4 {
        let kept = lines.iter().enumerate().filter(|&(i, _)| i != drop).map(|(_, l)| *l);
        let src = kept.collect::<Vec<_>>().join("\n") + "\n";
        assert!(fmt(&src).contains("\nrule a/b {\n  severity warning\n  for f in"), "{src}");
    }
}

/// Every item and test statement kind, on as few lines as the grammar allows
const ONE_OF_EACH: &str = r#"tenet 1
import "x" with { a: 1 } param p: list<int>? = [1, 2,]
waive a/b { reason "r" owner "o" expires 2027-01-01 }
test "t" { fixture "f" set p = 2 expect a/b at "x" expect no c/d }
rule c/d { severity error tags ["x"] when true for c in commits(merges: false) where not c.is_bot
  require any t in c.trailers("S"): lower(t.email) == x[0].y forbid count(f in c.files: f.size > 1MB) > 0
  message "m {c.short}" help "h" at c fix create "D" from "x" }
rule e {} let m = { a: [x for x in xs if x > 1], b: -(1) / 2 }
"#;

/// Comments and line breaks may sit between any two tokens: inserting one anywhere loses
/// nothing (checked by [`fmt`])
#[test]
fn comments_and_breaks_between_any_two_tokens_lose_nothing() {
    let extras = ["\n", "\n\n", "  # c\n", "\n## d\n", "\n\n# e\n\n", " ## f\n"];
    for src in [BRACE_LINE, ONE_OF_EACH] {
        let ends: Vec<usize> = crate::syntax::lex::lex(src, SourceId(0), 0)
            .tokens
            .iter()
            .map(|t| end(t.span))
            .collect();
        for at in ends {
            for extra in extras {
                let mut mutated = src.to_string();
                mutated.insert_str(at, extra);
                if format_source(&mutated).is_ok() {
                    fmt(&mutated);
                }
            }
        }
    }
}

/// `.tenet` files under `dir`, recursively, leaving out build output and VCS metadata
fn policy_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if name != "target" && name != ".git" {
                policy_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "tenet") {
            out.push(path);
        }
    }
}

/// Every policy in the repository (std rules, fixtures, the repo's own `.tenet/`, examples)
/// that parses formats losslessly and idempotently
#[test]
fn every_policy_file_in_the_repository_formats_losslessly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    policy_files(root, &mut files);
    files.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &files {
        let Ok(src) = std::fs::read_to_string(path) else { continue };
        if format_source(&src).is_err() {
            continue;
        }
        checked += 1;
        if let Err(why) = check(&src) {
            failures.push(format!("{}: {why}", path.display()));
        }
    }
    let std_rules = files.iter().filter(|p| p.starts_with(root.join("rules"))).count();
    assert!(std_rules > 0 && checked >= std_rules, "checked {checked} of {} files", files.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
