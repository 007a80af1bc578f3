//! The `vendored` provider: `vendored(roots)`, the units of third-party code copied into
//! the repository, each with the license texts at its top and the license its manifest
//! declares. A unit is what its ecosystem says one package is, read offline from the tree:
//!
//! - **Go**: each `# module version` line of a `vendor/modules.txt` (in `go`'s `go.rs`
//!   reader) whose directory `vendor/<module path>` holds files. `vendor/github.com` is a
//!   host directory, never a unit.
//! - **Cargo**: each directory holding the `.cargo-checksum.json` that `cargo vendor`
//!   writes, wherever the vendor directory is.
//! - **npm**: each `node_modules/<name>/` or `node_modules/@scope/<name>/` with a
//!   `package.json` (committed `node_modules`, as JavaScript GitHub Actions do).
//! - **Generic**: each directory directly below a directory that matches a `roots` glob
//!   (default `third_party`, `third-party`, `vendor`, `external`, `extern` at any depth),
//!   except below a Go vendor directory (its children are hosts) and host-named children
//!   (`github.com`) of a `vendor` without `modules.txt` (a GOPATH-era tree tenet cannot
//!   cut into modules).
//!
//! One directory is one unit (Go, then Cargo and npm, then generic, when several say so),
//! and a file belongs to the deepest unit holding it, so a license of a nested unit does
//! not count for its parent. A unit's license files are those at its top, plus the one its
//! manifest names (`license-file`) when that stays inside it. Between the file reader (`facts::repo`) and the evaluator;
//! manifests are read by `facts::manifests`, license file names judged by
//! `license_names`, and no license text is read or matched here.

mod go;

use super::glob;
use super::license_names::is_candidate;
use super::manifests::{Declared, read_manifest};
use super::registry::Provider;
use super::repo::RepoFacts;
use super::{Compute, Fact};
use crate::diag::Code;
use crate::model::schema::{RecordKind, RecordSchema, Sig, opt};
use crate::model::{FactError, Location, MapRecord, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The `vendored_unit` record
pub static VENDORED_UNIT: RecordSchema = RecordSchema {
    name: "vendored_unit",
    fields: &[
        ("path", "string", "the unit's directory"),
        (
            "ecosystem",
            "string",
            "`go`, `cargo` or `npm`; for a directory under a root, the kind of the manifest at its top (`cargo`, `npm`, `pyproject`, …) or `generic`",
        ),
        ("name", "string", "the module, crate or package name (else the directory's name)"),
        ("version", "string?", "the version its listing or manifest gives"),
        ("declared", "string?", "the license its manifest declares, as written"),
        (
            "license_paths",
            "list<string>",
            "the non-empty license files at its top (`LICENSE*`, `COPYING*`, SPDX-named files, `LICENSES/*`), and the one its manifest names (`license-file`) inside it",
        ),
        ("has_license", "bool", "it carries at least one license file at its top"),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "vendored",
    facts: &[Fact {
        sig: Sig {
            name: "vendored",
            params: &[opt("roots", "list<string>")],
            ret: "list<vendored_unit>",
            doc: "vendored code, one unit per Go module, Cargo crate, npm package or directory under a root, with its license files and declared license",
        },
        compute: Compute::By(vendored),
        memo: true,
        lists_tree: true,
    }],
    records: &[&VENDORED_UNIT],
};

/// Directories whose children are vendored units, when the call names none
pub const DEFAULT_ROOTS: &[&str] =
    &["**/third_party", "**/third-party", "**/vendor", "**/external", "**/extern"];

/// How sure the tree is of a unit: a more specific listing replaces a less specific one
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Root,
    Package,
    GoModule,
}

/// One unit while it is gathered
struct Unit {
    rank: Rank,
    ecosystem: &'static str,
    name: Option<String>,
    version: Option<String>,
    /// Where its listing names it (a modules.txt line)
    listed_at: Option<Location>,
    license_paths: Vec<Value>,
    /// Manifests at its top, by entry index
    manifests: Vec<usize>,
}

impl Unit {
    fn new(rank: Rank, ecosystem: &'static str) -> Unit {
        Unit {
            rank,
            ecosystem,
            name: None,
            version: None,
            listed_at: None,
            license_paths: Vec::new(),
            manifests: Vec::new(),
        }
    }
}

fn vendored(facts: &RepoFacts, args: &[Value]) -> Result<Value, FactError> {
    let roots = roots(args)?;
    let roots: Vec<&str> = roots.iter().map(|r| &**r).collect();
    let set =
        glob::cached_glob_set(&roots, false).map_err(|m| FactError::new(Code::EvalBadGlob, m))?;
    let mut roots = Roots { set: &set, seen: HashMap::new() };
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    let mut go_dirs: Vec<&str> = Vec::new();
    let entries = facts.entries();
    for (index, entry) in entries.iter().enumerate() {
        let path = &*entry.path;
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        if entry.is_symlink() {
            symlink(facts, index, &mut roots)?;
            continue;
        }
        match name {
            "modules.txt" if dir == "vendor" || dir.ends_with("/vendor") => {
                go_modules(facts, index, dir, &mut units)?;
                go_dirs.push(dir);
            }
            ".cargo-checksum.json" if !dir.is_empty() => {
                add(&mut units, dir, Rank::Package, "cargo");
            }
            "package.json" if in_node_modules(dir) => add(&mut units, dir, Rank::Package, "npm"),
            _ => {}
        }
        // Every directory on the path that is a root makes its child directory a unit,
        // unless the child is a root itself (`third_party/vendor/`)
        for (at, _) in path.match_indices('/') {
            let (parent, rest) = (&path[..at], &path[at + 1..]);
            let Some(child) = rest.split_once('/').map(|(c, _)| c) else { break };
            let unit = &path[..at + 1 + child.len()];
            if roots.is_root(parent) && !host_under_vendor(parent, child) && !roots.is_root(unit) {
                add(&mut units, unit, Rank::Root, "generic");
            }
        }
    }
    // A Go vendor directory's children are hosts: its units are the listed modules only
    units.retain(|p, u| {
        u.rank == Rank::GoModule
            || !go_dirs.iter().any(|g| p.strip_prefix(g).is_some_and(|r| r.starts_with('/')))
    });
    if units.is_empty() {
        return Ok(Value::list([]));
    }
    // Each file belongs to the deepest unit holding it
    for (index, entry) in entries.iter().enumerate() {
        if entry.is_symlink() {
            continue;
        }
        let path = &*entry.path;
        let Some(at) =
            path.rmatch_indices('/').map(|(at, _)| at).find(|at| units.contains_key(&path[..*at]))
        else {
            continue;
        };
        let Some(unit) = units.get_mut(&path[..at]) else { continue };
        let rel = &path[at + 1..];
        // The name first: a size may cost a read of the object's header
        if is_candidate(rel, false) && facts.target().size(entry)? > 0 {
            unit.license_paths.push(Value::Str(entry.path.clone()));
        }
        if !rel.contains('/') {
            unit.manifests.push(index);
        }
    }
    let records = units.into_iter().map(|(path, unit)| record(facts, &path, unit));
    Ok(Value::list(records.collect::<Result<Vec<_>, _>>()?))
}

/// The roots globs, each directory matched once
struct Roots<'a> {
    set: &'a globset::GlobSet,
    seen: HashMap<&'a str, bool>,
}

impl<'a> Roots<'a> {
    /// Does the directory `dir` match a root glob?
    fn is_root(&mut self, dir: &'a str) -> bool {
        let set = self.set;
        *self.seen.entry(dir).or_insert_with(|| set.is_match(dir))
    }
}

/// The `roots` argument: the default when absent; strings only
fn roots(args: &[Value]) -> Result<Vec<Arc<str>>, FactError> {
    match args.first().map(Value::plain) {
        None | Some(Value::Null) => Ok(DEFAULT_ROOTS.iter().map(|r| Arc::from(*r)).collect()),
        Some(Value::List(items)) => items
            .iter()
            .map(|i| match i.plain() {
                Value::Str(s) => Ok(s.clone()),
                other => Err(FactError::new(
                    Code::EvalTypeError,
                    format!(
                        "the roots of `vendored` must be strings, found `{}`",
                        other.type_name()
                    ),
                )),
            })
            .collect(),
        Some(other) => Err(FactError::new(
            Code::EvalTypeError,
            format!(
                "the roots of `vendored` must be a list of globs, found `{}`",
                other.type_name()
            ),
        )),
    }
}

/// Add a unit, unless a more specific listing has the directory
fn add(units: &mut BTreeMap<String, Unit>, dir: &str, rank: Rank, ecosystem: &'static str) {
    match units.get_mut(dir) {
        Some(u) if u.rank >= rank => {}
        Some(u) => *u = Unit::new(rank, ecosystem),
        None => {
            units.insert(dir.to_string(), Unit::new(rank, ecosystem));
        }
    }
}

/// The listed modules of the modules.txt at `index`, those with files in the tree
fn go_modules(
    facts: &RepoFacts,
    index: usize,
    dir: &str,
    units: &mut BTreeMap<String, Unit>,
) -> Result<(), FactError> {
    let file = facts.entries().get(index).map_or_else(String::new, |e| e.path.to_string());
    for m in go::modules(&facts.text_at(index)?, &file)? {
        let unit_dir = format!("{dir}/{}", m.path);
        // A module none of whose packages is used has no directory: nothing is vendored
        if !facts.has_under(&unit_dir) {
            continue;
        }
        let line = Some(m.line);
        let at = Location {
            path: file.as_str().into(),
            line,
            column: Some(3),
            end_line: line,
            end_column: None,
        };
        let unit = Unit {
            name: Some(m.path),
            version: m.version,
            listed_at: Some(at),
            ..Unit::new(Rank::GoModule, "go")
        };
        units.insert(unit_dir, unit);
    }
    Ok(())
}

/// `node_modules/<name>` or `node_modules/@scope/<name>`, at any depth
fn in_node_modules(dir: &str) -> bool {
    let mut parts = dir.rsplit('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(_), Some("node_modules"), _) => true,
        (Some(_), Some(scope), Some("node_modules")) => scope.starts_with('@'),
        _ => false,
    }
}

/// A host-named child (`github.com`, `golang.org`, `gopkg.in`) of a directory named
/// `vendor`: a Go host directory, which holds modules rather than being one
fn host_under_vendor(parent: &str, child: &str) -> bool {
    let is_vendor = parent == "vendor" || parent.ends_with("/vendor");
    let tld = child.rsplit_once('.').map(|(_, t)| t);
    is_vendor && tld.is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_lowercase()))
}

/// A symlink where a root or a unit would be: listed when it leads to a file inside the
/// repository (then it is no directory), an error when it leads out of the repository or
/// nowhere, as the vendored code behind it cannot be checked
fn symlink<'a>(facts: &'a RepoFacts, index: usize, roots: &mut Roots<'a>) -> Result<(), FactError> {
    let Some(entry) = facts.entries().get(index) else { return Ok(()) };
    let path = &*entry.path;
    let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
    let vendored =
        name == "vendor" || roots.is_root(path) || (!parent.is_empty() && roots.is_root(parent));
    if !vendored {
        return Ok(());
    }
    match facts.target().head(entry, 1) {
        Ok(_) => Ok(()),
        Err(e) => Err(FactError {
            code: e.code,
            message: format!(
                "`{path}` is a symlink where vendored code is expected, and cannot be checked: {}",
                e.message
            ),
            path: Some(path.to_string()),
            line: None,
        }),
    }
}

fn record(facts: &RepoFacts, path: &str, unit: Unit) -> Result<Value, FactError> {
    // A manifest of the unit's own ecosystem first, then the first by name
    let own = match unit.ecosystem {
        "cargo" => "Cargo.toml",
        "npm" => "package.json",
        _ => "",
    };
    let is_own = |i: &usize| facts.entries().get(*i).is_some_and(|e| e.path.ends_with(own));
    let (mut ordered, others): (Vec<usize>, Vec<usize>) =
        unit.manifests.iter().partition(|i| !own.is_empty() && is_own(i));
    ordered.extend(others);
    // A vendored manifest that does not parse declares nothing; the unit is still judged
    // by its license texts, so an unreadable manifest never makes it pass
    let read: Option<(&'static str, Declared)> =
        ordered.into_iter().find_map(|i| read_manifest(facts, i).ok().flatten());
    let ecosystem = match (&read, unit.rank) {
        (Some((kind, _)), Rank::Root) => kind,
        _ => unit.ecosystem,
    };
    let text = |v: &Option<Value>| {
        v.as_ref().and_then(|v| match v.plain() {
            Value::Str(s) => Some(s.to_string()),
            _ => None,
        })
    };
    let mut license_paths = unit.license_paths;
    if let Some(named) = read.as_ref().and_then(|(_, d)| text(&d.license_file)) {
        license_paths.extend(named_license_file(facts, path, &named)?);
    }
    let declared = read.as_ref().and_then(|(_, d)| d.license.clone());
    let dir_name = path.rsplit_once('/').map_or(path, |(_, n)| n);
    let name = unit
        .name
        .or_else(|| read.as_ref().and_then(|(_, d)| text(&d.name)))
        .unwrap_or_else(|| dir_name.to_string());
    let version = unit.version.or_else(|| read.as_ref().and_then(|(_, d)| text(&d.version)));
    let location = unit
        .listed_at
        .or_else(|| declared.as_ref().and_then(Value::location))
        .or_else(|| read.as_ref().and_then(|(_, d)| d.name.as_ref().and_then(Value::location)))
        .unwrap_or_else(|| Location::file(path));
    let opt = |v: Option<String>| v.map_or(Value::Null, Value::str);
    let mut fields = BTreeMap::new();
    fields.insert("path".into(), Value::str(path));
    fields.insert("ecosystem".into(), Value::str(ecosystem));
    fields.insert("name".into(), Value::str(name));
    fields.insert("version".into(), opt(version));
    fields.insert("declared".into(), opt(text(&declared)));
    fields.insert("has_license".into(), Value::Bool(!license_paths.is_empty()));
    fields.insert("license_paths".into(), Value::list(license_paths));
    Ok(Value::Record(Arc::new(MapRecord {
        kind: RecordKind(&VENDORED_UNIT),
        fields,
        location: Some(location),
    })))
}

/// The license text a unit's manifest names (`license-file = "COPYRIGHT"`), when it is a
/// non-empty file inside the unit that the name-based search did not already find. A name
/// that leaves the unit (`../LICENSE`, `/etc/passwd`) names nothing.
fn named_license_file(
    facts: &RepoFacts,
    unit: &str,
    named: &str,
) -> Result<Option<Value>, FactError> {
    let named = named.trim_start_matches("./");
    let inside = !named.starts_with('/')
        && !named.contains('\\')
        && named.split('/').all(|e| !e.is_empty() && e != "." && e != "..");
    let full = format!("{unit}/{named}");
    if !inside || is_candidate(named, false) {
        return Ok(None);
    }
    let Some(entry) = facts.lookup(&full).and_then(|i| facts.entries().get(i)) else {
        return Ok(None);
    };
    let counts = !entry.is_symlink() && facts.target().size(entry)? > 0;
    Ok(counts.then(|| Value::Str(entry.path.clone())))
}
