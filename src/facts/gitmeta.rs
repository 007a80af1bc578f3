//! What `repo` says about git without opening the object database: HEAD, the branch and
//! the `origin` remote, read as text from `.git/`. Never runs `git`, never follows
//! `include` directives or any path the config names.

use std::path::Path;

/// `head`, `branch` and `remote` of a repository; `None`s outside git
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct GitMeta {
    pub(super) head: Option<String>,
    pub(super) branch: Option<String>,
    pub(super) remote: Option<String>,
}

/// Read `<root>/.git` (a directory, or a `gitdir:` file for worktrees and submodules)
pub(super) fn read(root: &Path) -> GitMeta {
    let Some(git) = git_dir(root) else { return GitMeta::default() };
    let head_text = std::fs::read_to_string(git.join("HEAD")).unwrap_or_default();
    let head_text = head_text.trim();
    let (branch, head) = match head_text.strip_prefix("ref: ") {
        Some(r) => (r.strip_prefix("refs/heads/").map(str::to_string), resolve_ref(&git, r)),
        None if is_object_id(head_text) => (None, Some(head_text.to_string())),
        None => (None, None),
    };
    GitMeta { head, branch, remote: origin_url(&git) }
}

fn git_dir(root: &Path) -> Option<std::path::PathBuf> {
    let dot = root.join(".git");
    if dot.is_dir() {
        return Some(dot);
    }
    let text = std::fs::read_to_string(&dot).ok()?;
    let target = text.trim().strip_prefix("gitdir:")?.trim();
    let path = root.join(target);
    path.is_dir().then_some(path)
}

fn is_object_id(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.chars().all(|c| c.is_ascii_hexdigit())
}

fn resolve_ref(git: &Path, name: &str) -> Option<String> {
    if !name.starts_with("refs/") || name.contains("..") {
        return None;
    }
    if let Ok(id) = std::fs::read_to_string(git.join(name)) {
        let id = id.trim();
        return is_object_id(id).then(|| id.to_string());
    }
    let packed = std::fs::read_to_string(git.join("packed-refs")).ok()?;
    packed.lines().find_map(|l| {
        let (id, r) = l.split_once(' ')?;
        (r == name && is_object_id(id)).then(|| id.to_string())
    })
}

/// `url` of `[remote "origin"]` in `.git/config`
fn origin_url(git: &Path) -> Option<String> {
    let config = std::fs::read_to_string(git.join("config")).ok()?;
    let mut in_origin = false;
    for line in config.lines().map(str::trim) {
        if line.starts_with('[') {
            in_origin = line.replace(' ', "") == "[remote\"origin\"]";
            continue;
        }
        if in_origin
            && let Some((k, v)) = line.split_once('=')
            && k.trim() == "url"
        {
            return Some(v.trim().trim_matches('"').to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_head_branch_and_origin() {
        let dir = tempfile::tempdir().unwrap();
        let git = dir.path().join(".git");
        std::fs::create_dir_all(git.join("refs/heads")).unwrap();
        std::fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        let id = "0123456789abcdef0123456789abcdef01234567";
        std::fs::write(git.join("refs/heads/main"), format!("{id}\n")).unwrap();
        std::fs::write(
            git.join("config"),
            "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://example.com/x.git\n",
        )
        .unwrap();
        let m = read(dir.path());
        assert_eq!(m.head.as_deref(), Some(id));
        assert_eq!(m.branch.as_deref(), Some("main"));
        assert_eq!(m.remote.as_deref(), Some("https://example.com/x.git"));
    }

    #[test]
    fn outside_git_everything_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()), GitMeta::default());
    }
}
