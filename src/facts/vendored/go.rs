//! Go's `vendor/modules.txt`, as `go mod vendor` writes it: a `# module version` line per
//! module (`# module version => replacement` or `# module => ./dir` when replaced), `## `
//! annotation lines, and the module's package import paths on the lines after it. The
//! vendored copy of a module is `vendor/<module path>` (the path as imported, replaced or
//! not), so the unit of `# github.com/org/repo v1.2.3` is `vendor/github.com/org/repo`,
//! never the host directory `vendor/github.com`.
//!
//! The reader is strict where a lax one would make up directories: a module line without a
//! path, a package line before any module, or a module path that is not a Go module path
//! (an empty, `.` or `..` element, a leading `/`, a `\`, or a character Go import paths do
//! not allow) is a `facts::vendor_list` error at its line. Annotations and anything after
//! the version are Go's business and are not checked.

use crate::diag::Code;
use crate::model::FactError;

/// One `# module version` line
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Module {
    /// The module path, e.g. `github.com/org/repo`
    pub(super) path: String,
    /// Its version, when the line gives one (a module replaced by a directory has none)
    pub(super) version: Option<String>,
    /// 1-based line of the module line
    pub(super) line: u32,
}

/// The modules listed in the text of the modules.txt at `file`
pub(super) fn modules(text: &str, file: &str) -> Result<Vec<Module>, FactError> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let bad = |why: String| FactError {
            line: Some(line),
            ..FactError::at(
                Code::FactsVendorList,
                format!("`{file}` is not a Go vendor list: line {line}: {why}"),
                file,
            )
        };
        let l = raw.trim_end_matches('\r');
        if l.starts_with("##") || l.trim().is_empty() {
            continue;
        }
        if let Some(rest) = l.strip_prefix('#') {
            let mut words = rest.split_whitespace();
            let Some(path) = words.next() else {
                return Err(bad("a `#` module line without a module path".into()));
            };
            if let Err(why) = check_path(path) {
                return Err(bad(format!("`{}` is not a Go module path: {why}", shown(path))));
            }
            let version = words.next().filter(|v| *v != "=>").map(ToString::to_string);
            out.push(Module { path: path.to_string(), version, line });
        } else if out.is_empty() {
            return Err(bad(format!(
                "`{}` comes before any `# module version` line",
                shown(l.trim())
            )));
        }
    }
    Ok(out)
}

/// At most 80 characters of a hostile value, for a message
fn shown(s: &str) -> String {
    let mut out: String = s.chars().take(80).flat_map(char::escape_default).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// Why `path` is no Go module path whose vendored copy stays below `vendor/` (the checks
/// of `golang.org/x/mod/module.CheckImportPath` that matter for a directory)
fn check_path(path: &str) -> Result<(), &'static str> {
    if path.starts_with('/') {
        return Err("it is absolute, and its directory would leave vendor/");
    }
    if let Some(c) = path.chars().find(|c| !(c.is_ascii_alphanumeric() || "-._~+/".contains(*c))) {
        return Err(if c == '\\' {
            "it holds a `\\`, which is no separator in Go import paths"
        } else {
            "it holds a character Go import paths do not allow"
        });
    }
    for element in path.split('/') {
        match element {
            "" => return Err("it has an empty path element"),
            "." | ".." => return Err("it has a `.` or `..` element, and would leave vendor/"),
            e if e.starts_with('.') => return Err("an element starts with a dot"),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_lines_give_paths_versions_and_lines() {
        let text = "# github.com/pkg/errors v0.9.1\n## explicit\ngithub.com/pkg/errors\n\
                    # golang.org/x/net v0.1.0 => golang.org/x/net v0.2.0\n## explicit; go 1.17\n\
                    golang.org/x/net/html\n# example.com/local => ./local\nexample.com/local\n";
        let got = modules(text, "vendor/modules.txt").unwrap_or_default();
        let rows: Vec<String> =
            got.iter().map(|m| format!("{}:{} {:?}", m.line, m.path, m.version)).collect();
        assert_eq!(
            rows,
            [
                "1:github.com/pkg/errors Some(\"v0.9.1\")",
                "4:golang.org/x/net Some(\"v0.1.0\")",
                "7:example.com/local None"
            ]
        );
    }

    #[test]
    fn paths_that_leave_vendor_are_errors_at_their_line() {
        for (text, line, says) in [
            ("# ../../etc v1.0.0\n", 1, "`.` or `..`"),
            ("# ok.com/a v1\n# github.com/a/../../../x v1\n", 2, "`.` or `..`"),
            ("# /etc/passwd v1\n", 1, "absolute"),
            ("# a\\..\\b v1\n", 1, "`\\`"),
            ("#\n", 1, "without a module path"),
            ("github.com/x/y\n", 1, "before any"),
            ("# a//b v1\n", 1, "empty path element"),
            ("# a/\u{1b}[2J v1\n", 1, "do not allow"),
        ] {
            let Err(e) = modules(text, "vendor/modules.txt") else {
                unreachable!("{text:?} was accepted")
            };
            assert_eq!(e.code, Code::FactsVendorList, "{text:?}");
            assert_eq!(e.line, Some(line), "{text:?}");
            assert!(e.message.contains(says), "{text:?}: {}", e.message);
            assert!(!e.message.contains('\u{1b}'), "{}", e.message);
        }
    }
}
