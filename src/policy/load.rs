//! Load policy units and their imports, detecting cycles.

use super::{ImportEdge, Policy, Unit, UnitId, pack_files, pack_names};
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::ItemKind;
use crate::syntax::parse_file;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Where a root policy comes from
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicySpec {
    /// A `.tenet` file or a directory of them
    Path(PathBuf),
    /// An embedded pack, `std/NAME`
    Std(String),
    /// Text given directly (stdin, tests): name and text
    Text(String, String),
    /// A repository's own policy directory (`<repo>/.tenet/`), found rather than named by
    /// the user: not trusted, so every file it loads, by `import` or `data()`, must
    /// resolve (symlinks followed) to a path inside the repository `repo`
    Local {
        /// The policy directory
        dir: PathBuf,
        /// The repository it belongs to
        repo: PathBuf,
    },
}

impl PolicySpec {
    /// Interpret a `--policy` argument
    pub fn from_arg(arg: &str) -> PolicySpec {
        match arg.strip_prefix("std/") {
            Some(pack) => PolicySpec::Std(pack.to_string()),
            None => PolicySpec::Path(PathBuf::from(arg)),
        }
    }
}

/// A unit's identity, to load each one once
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Std(String),
    Path(PathBuf),
    Text(String),
}

struct Loader {
    policy: Policy,
    seen: HashMap<Key, UnitId>,
    /// While loading a repository's own policy: the canonical repository root that every
    /// policy file must stay inside
    confine: Option<PathBuf>,
}

/// Why a unit was not loaded
enum Missing {
    /// Nothing by that name: the caller reports it
    NotFound,
    /// Refused, and already reported
    Reported,
}

/// Load the roots and everything they import
pub fn load(specs: &[PolicySpec]) -> Policy {
    let mut loader = Loader { policy: Policy::default(), seen: HashMap::new(), confine: None };
    for spec in specs {
        let (spec, confine) = match spec {
            PolicySpec::Local { dir, repo } => {
                (PolicySpec::Path(dir.clone()), Some(normalize(repo)))
            }
            other => (other.clone(), None),
        };
        if let Some(root) = &confine {
            loader.policy.repository.get_or_insert_with(|| root.clone());
        }
        loader.confine = confine;
        let (key, name) = match &spec {
            PolicySpec::Std(p) => (Key::Std(p.clone()), format!("std/{p}")),
            PolicySpec::Path(p) | PolicySpec::Local { dir: p, .. } => {
                (Key::Path(normalize(p)), p.display().to_string())
            }
            PolicySpec::Text(name, _) => (Key::Text(name.clone()), name.clone()),
        };
        match loader.unit(&key, &name, &spec, None) {
            Ok(id) => {
                if let Some(u) = loader.policy.units.get_mut(id.0) {
                    u.is_root = true;
                }
            }
            Err(Missing::NotFound) => loader.policy.diagnostics.push(not_found(&name, None)),
            Err(Missing::Reported) => {}
        }
        loader.confine = None;
    }
    let cycles = find_cycles(&loader.policy);
    loader.policy.diagnostics.extend(cycles);
    loader.policy
}

fn normalize(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Where `path` leads when it leads outside the canonical directory `root`; `None` when it
/// stays inside. Decided before anything is read, and alike whether the path exists or
/// not, so a repository's policy cannot learn which files exist outside it.
fn escapes(path: &Path, root: &Path) -> Option<PathBuf> {
    let real = resolve(path);
    (!real.starts_with(root)).then_some(real)
}

/// The path with symlinks followed as far as it exists and `..` applied after them, the
/// rest taken as written (like `realpath -m`)
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |d| d.join(path))
    };
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            Component::Normal(_) => {
                out.push(c);
                if let Ok(real) = std::fs::canonicalize(&out) {
                    out = real;
                }
            }
            Component::RootDir | Component::Prefix(_) => out.push(c),
        }
    }
    out
}

fn outside_repository(name: &str, real: &Path, root: &Path, at: Option<Span>) -> Diagnostic {
    let mut d = Diagnostic::error(
        Code::PolicyOutsideRepository,
        format!("policy `{name}` is outside the repository"),
    );
    if let Some(span) = at {
        d = d.with_label(span, "imported here");
    }
    let resolved = if Path::new(name) == real {
        String::new()
    } else {
        format!(" (`{name}` resolves to `{}`)", real.display())
    };
    d.with_help(format!(
        "a repository's own `.tenet/` policy may only load files inside the repository, \
         `{}`{resolved}; a policy from elsewhere must be named with `--policy`",
        root.display(),
    ))
}

fn not_found(name: &str, at: Option<Span>) -> Diagnostic {
    let mut d =
        Diagnostic::error(Code::PolicyImportNotFound, format!("cannot find policy `{name}`"));
    if let Some(span) = at {
        d = d.with_label(span, "imported here");
    }
    let packs = pack_names();
    let help = match name.strip_prefix("std/") {
        Some(p) => crate::diag::suggest::did_you_mean(p, packs.iter().copied()).map_or_else(
            || format!("the standard packs are: std/{}", packs.join(", std/")),
            |s| format!("did you mean `std/{s}`?"),
        ),
        // Named on the command line: relative to where tenet runs.
        None if at.is_none() => {
            "give a path to a `.tenet` file or a directory of them, relative to the current directory"
                .to_string()
        }
        None => {
            "give a path to a `.tenet` file or a directory of them, relative to the importing file"
                .to_string()
        }
    };
    d.with_help(help)
}

impl Loader {
    /// Load a unit once; `None` when it does not exist
    fn unit(
        &mut self,
        key: &Key,
        name: &str,
        spec: &PolicySpec,
        from: Option<Span>,
    ) -> Result<UnitId, Missing> {
        if let (Some(root), PolicySpec::Path(p) | PolicySpec::Local { dir: p, .. }) =
            (&self.confine, spec)
            && let Some(real) = escapes(p, root)
        {
            self.policy.diagnostics.push(outside_repository(name, &real, root, from));
            return Err(Missing::Reported);
        }
        if let Some(id) = self.seen.get(key) {
            return Ok(*id);
        }
        let texts = read_unit(spec, self.confine.as_deref(), &mut self.policy.diagnostics)
            .ok_or(Missing::NotFound)?;
        let dir = match spec {
            PolicySpec::Path(p) | PolicySpec::Local { dir: p, .. } if p.is_dir() => Some(p.clone()),
            PolicySpec::Path(p) | PolicySpec::Local { dir: p, .. } => {
                Some(p.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf))
            }
            PolicySpec::Text(..) => Some(PathBuf::from(".")),
            PolicySpec::Std(_) => None,
        };
        let id = UnitId(self.policy.units.len());
        self.seen.insert(key.clone(), id);
        let mut files = Vec::new();
        for (file_name, text) in texts {
            let source = self.policy.sources.add(file_name, text.clone());
            let (file, errors) = parse_file(&text, source);
            self.policy.diagnostics.extend(errors);
            files.push(file);
        }
        self.policy.units.push(Unit {
            name: name.to_string(),
            dir: dir.clone(),
            files,
            imports: Vec::new(),
            is_root: false,
        });
        let mut imports = Vec::new();
        let wanted: Vec<_> = self
            .policy
            .units
            .get(id.0)
            .map(|u| {
                u.files
                    .iter()
                    .flat_map(|f| &f.items)
                    .filter_map(|i| match &i.kind {
                        ItemKind::Import(imp) => Some(imp.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        for imp in wanted {
            let target = &imp.path.value;
            let (key, name, spec) = if let Some(pack) = target.strip_prefix("std/") {
                (Key::Std(pack.to_string()), target.clone(), PolicySpec::Std(pack.to_string()))
            } else {
                let base = dir.clone().unwrap_or_default();
                let path = base.join(target);
                (Key::Path(normalize(&path)), display_path(&path), PolicySpec::Path(path))
            };
            match self.unit(&key, &name, &spec, Some(imp.path.span)) {
                Ok(t) => imports.push(ImportEdge {
                    target: t,
                    with: imp.with.clone(),
                    span: imp.path.span,
                }),
                Err(Missing::NotFound) => {
                    self.policy.diagnostics.push(not_found(target, Some(imp.path.span)));
                }
                Err(Missing::Reported) => {}
            }
        }
        if let Some(u) = self.policy.units.get_mut(id.0) {
            u.imports = imports;
        }
        Ok(id)
    }
}

/// A path as a unit or file name: without `.` components (`./a/./b.tenet` is `a/b.tenet`);
/// `..` is kept, as only the file system could say what it leads to
fn display_path(p: &Path) -> String {
    let mut out = PathBuf::new();
    for c in p.components() {
        if c != Component::CurDir {
            out.push(c);
        }
    }
    if out.as_os_str().is_empty() { ".".to_string() } else { out.display().to_string() }
}

/// A unit name as [`load`] writes it (`.` components removed), to compare a name the user
/// wrote (`--set ./lib/a.tenet.p=…`) with the names of the units
pub fn normalize_name(name: &str) -> String {
    display_path(Path::new(name))
}

/// The (name, text) of each file of a unit; `None` when it does not exist
/// (with `confine`, files that resolve outside that directory are refused and reported)
fn read_unit(
    spec: &PolicySpec,
    confine: Option<&Path>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<(String, String)>> {
    match spec {
        PolicySpec::Std(pack) => {
            let files = pack_files(pack);
            (!files.is_empty()).then(|| {
                files.into_iter().map(|(n, t)| (format!("std/{pack}/{n}"), t.to_string())).collect()
            })
        }
        PolicySpec::Text(name, text) => Some(vec![(name.clone(), text.clone())]),
        PolicySpec::Path(p) | PolicySpec::Local { dir: p, .. } if p.is_dir() => {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(p)
                .ok()?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "tenet") && p.is_file())
                .collect();
            paths.sort();
            if paths.is_empty() {
                diags.push(
                    Diagnostic::error(
                        Code::PolicyNoPolicy,
                        format!("no `.tenet` file in `{}`", p.display()),
                    )
                    .with_help("add a `.tenet` file, or point `--policy` at a file, directory or `std/PACK`"),
                );
                return Some(Vec::new());
            }
            if let Some(root) = confine {
                paths.retain(|f| match escapes(f, root) {
                    Some(real) => {
                        diags.push(outside_repository(&display_path(f), &real, root, None));
                        false
                    }
                    None => true,
                });
            }
            Some(paths.iter().filter_map(|f| read_file(f, diags)).collect())
        }
        PolicySpec::Path(p) | PolicySpec::Local { dir: p, .. } => {
            if !p.exists() {
                return None;
            }
            Some(read_file(p, diags).into_iter().collect())
        }
    }
}

/// Largest policy file read, in bytes: the standard library's largest file is a few KiB,
/// and a repository's own `.tenet/` is input from strangers (a 1 GB sparse file must not
/// take the machine's memory)
pub(crate) const MAX_POLICY_FILE: u64 = 1 << 20;

fn read_file(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<(String, String)> {
    let fail = |diags: &mut Vec<Diagnostic>, message: String| {
        diags.push(Diagnostic::error(Code::PolicyIo, message));
        None
    };
    // A FIFO or a device would block or never end: only regular files are read, and this
    // is known before opening (opening a FIFO waits for a writer).
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => {
            return fail(diags, format!("policy file `{}` is not a regular file", path.display()));
        }
        Ok(m) if m.len() > MAX_POLICY_FILE => return fail(diags, too_large(path, m.len())),
        Ok(_) => {}
        Err(e) => return fail(diags, format!("cannot read policy file `{}`: {e}", path.display())),
    }
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(diags, format!("cannot read policy file `{}`: {e}", path.display())),
    };
    // The size is checked again while reading: the file may grow in between.
    let mut bytes = Vec::new();
    if let Err(e) =
        std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_POLICY_FILE + 1), &mut bytes)
    {
        return fail(diags, format!("cannot read policy file `{}`: {e}", path.display()));
    }
    if bytes.len() as u64 > MAX_POLICY_FILE {
        return fail(diags, too_large(path, bytes.len() as u64));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some((display_path(path), text)),
        Err(_) => fail(diags, format!("policy file `{}` is not UTF-8", path.display())),
    }
}

fn too_large(path: &Path, len: u64) -> String {
    format!(
        "policy file `{}` is {len} bytes, over the limit of {MAX_POLICY_FILE} bytes (1 MiB)",
        path.display()
    )
}

/// Report each import cycle once, labelling every import on it
fn find_cycles(policy: &Policy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut state = vec![0u8; policy.units.len()]; // 0 new, 1 on stack, 2 done
    let mut stack: Vec<(UnitId, Span)> = Vec::new();
    for i in 0..policy.units.len() {
        stack.push((UnitId(i), Span::default()));
        visit(policy, UnitId(i), &mut state, &mut stack, &mut out);
        stack.pop();
    }
    out
}

fn visit(
    policy: &Policy,
    id: UnitId,
    state: &mut [u8],
    stack: &mut Vec<(UnitId, Span)>,
    out: &mut Vec<Diagnostic>,
) {
    if state.get(id.0).copied() != Some(0) {
        return;
    }
    if let Some(s) = state.get_mut(id.0) {
        *s = 1;
    }
    for edge in policy.units.get(id.0).map(|u| u.imports.as_slice()).unwrap_or_default() {
        match state.get(edge.target.0).copied() {
            Some(1) => {
                let names: Vec<&str> = policy.units.iter().map(|u| u.name.as_str()).collect();
                let start = stack.iter().position(|(u, _)| *u == edge.target).unwrap_or(0);
                let mut d = Diagnostic::error(
                    Code::PolicyImportCycle,
                    format!(
                        "import cycle between `{}` and `{}`",
                        names.get(id.0).unwrap_or(&"?"),
                        names.get(edge.target.0).unwrap_or(&"?")
                    ),
                )
                .with_label(edge.span, "this import closes the cycle")
                .with_help("move what both files need into a third file that imports neither");
                for (_, span) in stack.iter().skip(start + 1) {
                    d = d.with_label(*span, "imported here");
                }
                out.push(d);
            }
            Some(0) => {
                stack.push((edge.target, edge.span));
                visit(policy, edge.target, state, stack, out);
                stack.pop();
            }
            _ => {}
        }
    }
    if let Some(s) = state.get_mut(id.0) {
        *s = 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_dot_components() {
        assert_eq!(display_path(Path::new("pn/./lib/r.tenet")), "pn/lib/r.tenet");
        assert_eq!(display_path(Path::new("./pn/lib/./r.tenet")), "pn/lib/r.tenet");
        assert_eq!(display_path(Path::new("./a/../b.tenet")), "a/../b.tenet");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(normalize_name("std/contribution"), "std/contribution");
        assert_eq!(normalize_name("./.tenet"), ".tenet");
    }
}
