//! Which files are license file candidates (SPEC §3 `license_files`): the name makes a
//! file a candidate, its content then decides the license. Pure path logic, used by the
//! `licenses` provider before any file is read.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Prefixes (lowercase) of license file names: `LICENSE-MIT`, `COPYING.txt`, `UNLICENSE`
const PREFIXES: &[&str] = &["license", "licence", "copying", "unlicense"];

/// Extensions an SPDX-like short name may carry (`epl-v10.html`, `apache-2.0.txt`): text
/// formats only, so that `json.c` or `zlib.h` in vendored code is no candidate
const TEXT_EXTENSIONS: &[&str] =
    &["", "txt", "md", "markdown", "html", "htm", "rst", "adoc", "asciidoc", "org", "text"];

/// Every SPDX license id, squashed (see [`squash`])
static SQUASHED_IDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| spdx::identifiers::LICENSES.iter().map(|l| squash(l.name)).collect());

/// Lowercase letters and digits only, and a `v` before a version dropped:
/// `EPL-1.0` → `epl10`, `epl-v10` → `epl10`
fn squash(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut chars = lower.chars().peekable();
    let mut prev_sep = true;
    while let Some(c) = chars.next() {
        if c == 'v' && prev_sep && chars.peek().is_some_and(char::is_ascii_digit) {
            continue;
        }
        prev_sep = !c.is_ascii_alphanumeric();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        }
    }
    out
}

/// Is the file at `path` (relative, `/`-separated) a license file candidate? At the root
/// only, or in any directory with `anywhere`
pub(super) fn is_candidate(path: &str, anywhere: bool) -> bool {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    // LICENSES/* (REUSE): the directory of license texts, at the root or beside vendored code
    let parent = dir.rsplit('/').next().unwrap_or(dir);
    if parent == "LICENSES" {
        let grand = dir.strip_suffix("LICENSES").unwrap_or("");
        return grand.is_empty() || anywhere;
    }
    if !dir.is_empty() && !anywhere {
        return false;
    }
    is_license_name(name)
}

/// Is `name` (a file name) named like a license file?
fn is_license_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    let (stem, ext) = match lower.rsplit_once('.') {
        // `apache-2.0` has a dot of its own: an extension is letters only
        Some((stem, ext)) if !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphabetic()) => {
            (stem, ext)
        }
        _ => (lower.as_str(), ""),
    };
    TEXT_EXTENSIONS.contains(&ext) && SQUASHED_IDS.contains(&squash(stem))
}

#[cfg(test)]
mod tests {
    use super::is_candidate;

    #[test]
    fn root_license_names_in_any_case() {
        for p in [
            "LICENSE",
            "license.md",
            "LICENCE",
            "LICENSE-MIT",
            "LICENSE-N001",
            "COPYING.txt",
            "copying.lesser",
            "UNLICENSE",
            "epl-v10.html",
            "apache-2.0.txt",
            "GPL-3.0",
            "LICENSES/MIT.txt",
            "MIT.txt",
        ] {
            assert!(is_candidate(p, false), "{p}");
        }
    }

    #[test]
    fn other_files_are_no_candidates() {
        for p in ["README.md", "src/LICENSE", "json.c", "zlib.h", "mit.py", "v1.txt", "notes-2.0"] {
            assert!(!is_candidate(p, false), "{p}");
        }
    }

    #[test]
    fn anywhere_takes_every_directory() {
        assert!(is_candidate("third_party/zlib/LICENSE", true));
        assert!(is_candidate("vendor/x/LICENSES/MIT.txt", true));
        assert!(!is_candidate("vendor/x/LICENSES/MIT.txt", false));
        assert!(!is_candidate("third_party/zlib/LICENSE", false));
        assert!(!is_candidate("vendor/zlib.h", true));
    }
}
