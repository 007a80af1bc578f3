//! Globs as policies write them: `*` stays within a directory, `**` crosses directories,
//! and braces expand before globset sees them, so the empty alternative of Repolinter-style
//! `{docs/,.github/,}SECURITY.md` matches a root file too (globset alone drops it).

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// Expand `{a,b}` alternatives (nested too) into plain patterns
pub fn expand_braces(pattern: &str) -> Vec<String> {
    let Some(open) = pattern.find('{') else { return vec![pattern.to_string()] };
    let mut depth = 0;
    let mut close = None;
    let mut splits = Vec::new();
    for (i, c) in pattern.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            ',' if depth == 1 => splits.push(i),
            _ => {}
        }
    }
    let Some(close) = close else { return vec![pattern.to_string()] };
    let (head, tail) = (pattern.get(..open).unwrap_or(""), pattern.get(close + 1..).unwrap_or(""));
    let mut bounds = vec![open];
    bounds.extend(splits);
    bounds.push(close);
    let mut out = Vec::new();
    for w in bounds.windows(2) {
        if let [a, b] = w {
            let alt = pattern.get(a + 1..*b).unwrap_or("");
            out.extend(expand_braces(&format!("{head}{alt}{tail}")));
        }
    }
    out
}

/// Compile patterns into one set; case-insensitive with `nocase`
pub fn glob_set<'a>(
    patterns: impl IntoIterator<Item = &'a str>,
    nocase: bool,
) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        for expanded in expand_braces(p.trim_start_matches("./")) {
            let g = GlobBuilder::new(&expanded)
                .case_insensitive(nocase)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("invalid glob `{p}`: {}", e.kind()))?;
            b.add(g);
        }
    }
    b.build().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_expand_including_the_empty_alternative() {
        assert_eq!(
            expand_braces("{docs/,.github/,}SECURITY.md"),
            ["docs/SECURITY.md", ".github/SECURITY.md", "SECURITY.md"]
        );
        assert_eq!(expand_braces("a{b,{c,d}}e"), ["abe", "ace", "ade"]);
        assert_eq!(expand_braces("plain"), ["plain"]);
        assert_eq!(expand_braces("unclosed{a,b"), ["unclosed{a,b"]);
    }

    #[test]
    fn star_stays_in_its_directory() {
        let s = glob_set(["*.md"], false).unwrap();
        assert!(s.is_match("README.md"));
        assert!(!s.is_match("docs/a.md"));
        let s = glob_set(["**/*.md", "{docs/,}X"], false).unwrap();
        assert!(s.is_match("docs/a.md") && s.is_match("X") && s.is_match("docs/X"));
    }
}
