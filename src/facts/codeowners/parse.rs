//! Reading a CODEOWNERS file: GitHub's rules (gitignore-like patterns, owners after them,
//! `#` comments) and GitLab's sections (`[Name]`, `^[Optional]`, `[Name][2]` approvals,
//! default owners after the header). Lines GitHub silently ignores are reported rather than
//! dropped, so a rule can say why a path has no owner.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// One `pattern owners…` line
#[derive(Debug)]
pub(crate) struct Entry {
    /// 1-based line number
    pub(crate) line: u32,
    /// The pattern as written
    pub(crate) pattern: String,
    /// Owners as written (`@user`, `@org/team`, an email); empty means explicitly unowned
    pub(crate) owners: Vec<String>,
    /// The GitLab section it is in (`None` before any section)
    pub(crate) section: Option<String>,
    /// Its paths, compiled; `None` when the pattern is one GitHub ignores
    pub(crate) matcher: Option<GlobSet>,
}

/// A GitLab section header
#[derive(Debug)]
pub(crate) struct Section {
    /// 1-based line number
    pub(crate) line: u32,
    /// Its name
    pub(crate) name: String,
    /// `^[Name]`: approval is optional
    pub(crate) optional: bool,
    /// `[Name][2]`: approvals required
    pub(crate) approvals: u32,
}

/// A line that GitHub (or GitLab) does not read as the author meant
#[derive(Debug)]
pub(crate) struct Problem {
    /// 1-based line number
    pub(crate) line: u32,
    /// One lowercase sentence
    pub(crate) message: String,
}

/// A parsed file
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub(crate) entries: Vec<Entry>,
    pub(crate) sections: Vec<Section>,
    pub(crate) problems: Vec<Problem>,
}

/// Is `owner` a `@user`, an `@org/team` or an email address?
fn valid_owner(owner: &str) -> bool {
    let word = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if let Some(handle) = owner.strip_prefix('@') {
        return match handle.split_once('/') {
            Some((org, team)) => word(org) && word(team),
            None => word(handle),
        };
    }
    match owner.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !domain.contains('@'),
        None => false,
    }
}

/// A GitLab section header: `[Name]`, `^[Name]`, `[Name][2]`, then default owners
fn section(line: &str) -> Option<(String, bool, u32, &str)> {
    let (optional, rest) = match line.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let rest = rest.strip_prefix('[')?;
    let (name, rest) = rest.split_once(']')?;
    if name.trim().is_empty() {
        return None;
    }
    let (approvals, rest) = match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((n, rest)) => (n.trim().parse().ok()?, rest),
        None => (1, rest),
    };
    // A header is followed by nothing or by owners, never by more pattern text.
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((name.trim().to_string(), optional, approvals, rest.trim()))
}

/// The globs of a gitignore-like CODEOWNERS pattern: anchored when it starts with `/` or
/// has a `/` before its end, else matched at any depth; a match also covers everything
/// below it (a directory), and a trailing `/` matches only below
fn globs(pattern: &str) -> Result<GlobSet, String> {
    let dir_only = pattern.ends_with('/');
    let trimmed = pattern.trim_end_matches('/');
    let anchored = trimmed.starts_with('/') || trimmed.contains('/');
    let trimmed = trimmed.trim_start_matches('/');
    let base = if anchored || trimmed.starts_with("**") {
        trimmed.to_string()
    } else {
        format!("**/{trimmed}")
    };
    let mut set = GlobSetBuilder::new();
    let mut add = |g: &str| -> Result<(), String> {
        let glob = GlobBuilder::new(g)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .map_err(|e| e.to_string())?;
        set.add(glob);
        Ok(())
    };
    if trimmed.is_empty() || (trimmed == "*" && !anchored) {
        add("**")?;
    } else {
        if !dir_only {
            add(&base)?;
        }
        add(&format!("{base}/**"))?;
    }
    set.build().map_err(|e| e.to_string())
}

/// Parse `text`; `gitlab_sections` is false for `.github/CODEOWNERS`, where a section header
/// is a pattern GitHub cannot read
pub(crate) fn parse(text: &str, gitlab_sections: bool) -> Parsed {
    let mut out = Parsed::default();
    let mut current: Option<(String, Vec<String>)> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let problem = |message: String| Problem { line, message };
        let text = raw.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        // A `#` after whitespace starts a comment; `\#` inside a pattern is a literal `#`.
        let text = text.split(" #").next().unwrap_or(text).trim_end();
        if let Some((name, optional, approvals, owners)) = section(text) {
            if !gitlab_sections {
                out.problems.push(problem(format!(
                    "`{text}` is a GitLab section header; GitHub reads it as a pattern with a \
                     character range, which it does not support, and ignores the line"
                )));
                continue;
            }
            let owners: Vec<String> = owners.split_whitespace().map(str::to_string).collect();
            check_owners(&owners, line, &mut out.problems);
            out.sections.push(Section { line, name: name.clone(), optional, approvals });
            current = Some((name, owners));
            continue;
        }
        let mut words = text.split_whitespace();
        let Some(pattern) = words.next() else { continue };
        let mut owners: Vec<String> = words.map(str::to_string).collect();
        check_owners(&owners, line, &mut out.problems);
        if owners.is_empty()
            && let Some((_, defaults)) = &current
        {
            owners.clone_from(defaults);
        }
        let ignored = if pattern.starts_with('!') {
            Some("negation with `!` is not supported")
        } else if pattern.starts_with("\\#") {
            Some("escaping a leading `#` with `\\` is not supported")
        } else if pattern.contains('[') {
            Some("character ranges with `[ ]` are not supported")
        } else {
            None
        };
        let matcher = match ignored {
            Some(why) => {
                out.problems.push(problem(format!(
                    "`{pattern}`: {why} in CODEOWNERS, so GitHub ignores this line"
                )));
                None
            }
            None => match globs(pattern) {
                Ok(set) => Some(set),
                Err(e) => {
                    out.problems.push(problem(format!("`{pattern}` is not a valid pattern: {e}")));
                    None
                }
            },
        };
        out.entries.push(Entry {
            line,
            pattern: pattern.to_string(),
            owners,
            section: current.as_ref().map(|(name, _)| name.clone()),
            matcher,
        });
    }
    out
}

fn check_owners(owners: &[String], line: u32, problems: &mut Vec<Problem>) {
    for owner in owners.iter().filter(|o| !valid_owner(o)) {
        problems.push(Problem {
            line,
            message: format!(
                "owner `{owner}` is not a `@user`, an `@org/team` or an email address"
            ),
        });
    }
}

impl Parsed {
    /// The owners of `path`: in each section (and before any), the last entry that matches
    /// wins; the owners of every section are joined, without repeats
    pub(crate) fn owners_of(&self, path: &str) -> Vec<String> {
        let mut winners: Vec<(&Option<String>, &Entry)> = Vec::new();
        for entry in &self.entries {
            if entry.matcher.as_ref().is_some_and(|m| m.is_match(path)) {
                match winners.iter_mut().find(|(s, _)| **s == entry.section) {
                    Some(slot) => slot.1 = entry,
                    None => winners.push((&entry.section, entry)),
                }
            }
        }
        let mut owners: Vec<String> = Vec::new();
        for (_, entry) in winners {
            for owner in &entry.owners {
                if !owners.contains(owner) {
                    owners.push(owner.clone());
                }
            }
        }
        owners
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_matching_pattern_wins() {
        let p = parse("* @all\n*.rs @rust\n/docs/ @docs\napps/ @apps\n/build/logs/ \n", true);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.owners_of("README.md"), ["@all"]);
        assert_eq!(p.owners_of("src/lib.rs"), ["@rust"]);
        assert_eq!(p.owners_of("docs/a/b.rs"), ["@docs"]);
        assert_eq!(p.owners_of("x/apps/y.txt"), ["@apps"]);
        assert!(p.owners_of("build/logs/1.txt").is_empty());
    }

    #[test]
    fn anchoring_follows_gitignore() {
        let p = parse("/src/*.c @c\ndocs/*.md @md\nMakefile @make\n", true);
        assert_eq!(p.owners_of("src/a.c"), ["@c"]);
        assert!(p.owners_of("src/sub/a.c").is_empty());
        assert!(p.owners_of("x/docs/a.md").is_empty());
        assert_eq!(p.owners_of("a/b/Makefile"), ["@make"]);
    }

    #[test]
    fn ignored_syntax_and_bad_owners_are_reported() {
        let p = parse("!secret.txt @x\n\\#notes @y\n*.[ch] @c\n* bob @ok a@b.org\n", false);
        let lines: Vec<u32> = p.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 2, 3, 4], "{:?}", p.problems);
        assert!(p.problems[0].message.contains("negation"));
        assert!(p.problems[3].message.contains("`bob`"));
        assert!(p.owners_of("secret.txt").contains(&"@ok".to_string()));
    }

    #[test]
    fn gitlab_sections_each_have_their_last_match() {
        let text = "* @all\n[Docs][2] @docs-team\n*.md\n^[Security] @sec\n/src/ @sec-src\n";
        let p = parse(text, true);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.sections.len(), 2);
        assert_eq!((p.sections[0].approvals, p.sections[1].optional), (2, true));
        assert_eq!(p.owners_of("README.md"), ["@all", "@docs-team"]);
        assert_eq!(p.owners_of("src/a.md"), ["@all", "@docs-team", "@sec-src"]);
    }

    #[test]
    fn a_section_in_a_github_file_is_reported() {
        let p = parse("[Docs] @d\n", false);
        assert_eq!(p.problems.len(), 1);
        assert!(p.problems[0].message.contains("GitLab section"));
    }
}
