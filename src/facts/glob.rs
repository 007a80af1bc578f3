//! Globs as policies write them: `*` stays within a directory, `**` crosses directories,
//! and `{a,b}` alternatives are globset's own, except that a group with an EMPTY
//! alternative (Repolinter-style `{docs/,.github/,}SECURITY.md`) is expanded before globset
//! sees it, since globset alone drops the empty alternative. Only such groups are expanded,
//! and at most [`MAX_ALTERNATIVES`] patterns come out of one, so expansion stays cheap.
//!
//! Compiled sets are cached process-wide ([`cached_glob_set`]), like regexes.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The most plain patterns one glob may expand into
pub const MAX_ALTERNATIVES: usize = 256;

/// Entries kept by the process-wide cache before it starts over (globs computed at run
/// time, such as `f.path matches d + "/**"`, must not grow it without bound)
const CACHE_CAPACITY: usize = 4096;

/// Does `pattern` contain a character globset gives a meaning to? A pattern without one
/// matches exactly the path it spells.
pub fn is_literal(pattern: &str) -> bool {
    !pattern.contains(['*', '?', '[', ']', '{', '}', '\\'])
}

/// One brace group: the byte offsets of `{`, of its own top-level commas, and of `}`
struct Group {
    bounds: Vec<usize>,
}

impl Group {
    /// The alternatives, as byte ranges between the bounds
    fn alternatives(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.bounds.windows(2).filter_map(|w| match w {
            [a, b] => Some((a + 1, *b)),
            _ => None,
        })
    }

    fn has_empty_alternative(&self) -> bool {
        self.alternatives().any(|(a, b)| a == b)
    }
}

/// The first closed brace group that has an empty alternative, if any
fn group_with_empty_alternative(pattern: &str) -> Option<Group> {
    let mut open: Vec<Group> = Vec::new();
    for (i, c) in pattern.char_indices() {
        match c {
            '{' => open.push(Group { bounds: vec![i] }),
            ',' => {
                if let Some(g) = open.last_mut() {
                    g.bounds.push(i);
                }
            }
            '}' => {
                if let Some(mut g) = open.pop() {
                    g.bounds.push(i);
                    if g.has_empty_alternative() {
                        return Some(g);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Expand the brace groups that have an empty alternative (nested ones too) into plain
/// patterns; other groups are left to globset. Errs past [`MAX_ALTERNATIVES`] patterns.
pub fn expand_braces(pattern: &str) -> Result<Vec<String>, String> {
    let too_many =
        || format!("invalid glob `{pattern}`: too many alternatives (over {MAX_ALTERNATIVES})");
    let mut out = Vec::new();
    // Depth first, alternatives in order; `steps` also bounds chains of one-alternative
    // groups such as `{}{}{}…`, which do not multiply the output but cost a scan each.
    let mut work = vec![pattern.to_string()];
    let mut steps = 0usize;
    while let Some(p) = work.pop() {
        let Some(group) = group_with_empty_alternative(&p) else {
            if out.len() >= MAX_ALTERNATIVES {
                return Err(too_many());
            }
            out.push(p);
            continue;
        };
        steps += 1;
        if steps > MAX_ALTERNATIVES * 4 {
            return Err(too_many());
        }
        let (Some(&open), Some(&close)) = (group.bounds.first(), group.bounds.last()) else {
            continue;
        };
        let head = p.get(..open).unwrap_or("");
        let tail = p.get(close + 1..).unwrap_or("");
        // Substituting one alternative for the group keeps the rest of the pattern, other
        // groups included, so the union of the results matches what the pattern means.
        let alternatives: Vec<String> = group
            .alternatives()
            .map(|(a, b)| format!("{head}{}{tail}", p.get(a..b).unwrap_or("")))
            .collect();
        work.extend(alternatives.into_iter().rev());
    }
    Ok(out)
}

/// Compile patterns into one set; case-insensitive with `nocase`
pub fn glob_set<'a>(
    patterns: impl IntoIterator<Item = &'a str>,
    nocase: bool,
) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        for expanded in expand_braces(p.trim_start_matches("./"))? {
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

type Cache = Mutex<HashMap<(Vec<String>, bool), Result<Arc<GlobSet>, String>>>;

/// [`glob_set`], compiled once per process for each (patterns, `nocase`)
pub fn cached_glob_set(patterns: &[&str], nocase: bool) -> Result<Arc<GlobSet>, String> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (patterns.iter().map(|p| (*p).to_string()).collect::<Vec<_>>(), nocase);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let built = glob_set(patterns.iter().copied(), nocase).map(Arc::new);
    if let Ok(mut c) = cache.lock() {
        if c.len() >= CACHE_CAPACITY {
            c.clear();
        }
        c.insert(key, built.clone());
    }
    built
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(p: &str) -> Vec<String> {
        expand_braces(p).unwrap_or_default()
    }

    #[test]
    fn braces_with_an_empty_alternative_expand() {
        assert_eq!(
            expand("{docs/,.github/,}SECURITY.md"),
            ["docs/SECURITY.md", ".github/SECURITY.md", "SECURITY.md"]
        );
        assert_eq!(expand("{,a}x"), ["x", "ax"]);
        assert_eq!(expand("a{}b"), ["ab"]);
        // Nested: the inner group is expanded in place, the outer one left to globset
        assert_eq!(expand("a{b,c{d,}}e"), ["a{b,cd}e", "a{b,c}e"]);
        assert_eq!(expand("{a,}{b,}"), ["ab", "a", "b", ""]);
    }

    #[test]
    fn other_braces_are_left_to_globset() {
        assert_eq!(expand("a{b,{c,d}}e"), ["a{b,{c,d}}e"]);
        assert_eq!(expand("*.{rs,py}"), ["*.{rs,py}"]);
        assert_eq!(expand("plain"), ["plain"]);
        assert_eq!(expand("unclosed{a,b"), ["unclosed{a,b"]);
        assert_eq!(expand("unclosed{a,"), ["unclosed{a,"]);
    }

    #[test]
    fn expansion_is_capped() {
        // 2^8 = 256 patterns is the most; 2^9 is refused, quickly
        assert_eq!(expand_braces(&"{a,}".repeat(8)).map(|v| v.len()), Ok(256));
        let e = expand_braces(&"{a,}".repeat(9)).err().unwrap_or_default();
        assert!(e.contains("too many alternatives"), "{e}");
        let e = expand_braces(&"{a,}".repeat(40)).err().unwrap_or_default();
        assert!(e.contains("too many alternatives"), "{e}");
        // Groups that do not multiply still cost a step each
        assert_eq!(expand(&"{}".repeat(100)), [""]);
        assert!(expand_braces(&"{}".repeat(50_000)).is_err());
        assert!(glob_set([&*"{a,}".repeat(40)], false).is_err());
    }

    #[test]
    fn many_groups_without_empty_alternatives_compile_without_expanding() {
        let p = "{a,b}".repeat(20);
        assert_eq!(expand(&p), std::slice::from_ref(&p));
        let s = glob_set([p.as_str()], false).unwrap_or_else(|_| GlobSet::empty());
        assert!(s.is_match("ab".repeat(10)));
        assert!(!s.is_match("abc"));
    }

    #[test]
    fn star_stays_in_its_directory() {
        let s = glob_set(["*.md"], false).unwrap_or_else(|_| GlobSet::empty());
        assert!(s.is_match("README.md"));
        assert!(!s.is_match("docs/a.md"));
        let s = glob_set(["**/*.md", "{docs/,}X"], false).unwrap_or_else(|_| GlobSet::empty());
        assert!(s.is_match("docs/a.md") && s.is_match("X") && s.is_match("docs/X"));
        let s = glob_set(["a{b,{c,d}}e", "*.{rs,py}", "x{y,z{w,}}"], false)
            .unwrap_or_else(|_| GlobSet::empty());
        assert!(s.is_match("ace") && s.is_match("abe") && s.is_match("m.py"));
        assert!(s.is_match("xy") && s.is_match("xzw") && s.is_match("xz") && !s.is_match("x"));
    }

    #[test]
    fn literal_patterns_have_no_metacharacters() {
        assert!(is_literal("src/main.rs") && is_literal("a,b") && is_literal(""));
        for p in ["*.rs", "a?", "[ab]", "{a,b}", "a}b", "a]b", "a\\*"] {
            assert!(!is_literal(p), "{p}");
        }
    }

    #[test]
    fn the_cache_returns_the_same_set() {
        let a = cached_glob_set(&["**/*.cache-test"], false);
        let b = cached_glob_set(&["**/*.cache-test"], false);
        assert!(matches!((&a, &b), (Ok(a), Ok(b)) if Arc::ptr_eq(a, b)));
        let c = cached_glob_set(&["**/*.cache-test"], true);
        assert!(matches!((&a, &c), (Ok(a), Ok(c)) if !Arc::ptr_eq(a, c)));
        assert!(cached_glob_set(&["a}b"], false).is_err());
    }
}
