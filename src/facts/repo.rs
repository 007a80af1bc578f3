//! [`RepoFacts`]: the facts of one repository, computed on first use and memoised.
//! Dropped after the repository is evaluated, so memory stays flat across a scan.

use super::documents;
use super::file::FileRecord;
use super::languages;
use super::tree::{Entry, Tree};
use super::{FactSource, glob};
use crate::diag::Code;
use crate::model::FactError;
use crate::model::schema::RecordKind;
use crate::model::value::{MapRecord, Value};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Settings for reading a repository
#[derive(Clone, Debug)]
pub struct RepoOptions {
    /// Files over this many bytes are not read into memory
    pub max_file_size: u64,
    /// Directories searched by `data(name)`, in order
    pub data_dirs: Vec<PathBuf>,
}

impl Default for RepoOptions {
    fn default() -> Self {
        RepoOptions { max_file_size: 10 << 20, data_dirs: Vec::new() }
    }
}

/// State shared by a repository's fact records
pub struct RepoInner {
    pub(super) tree: Box<dyn Tree>,
    opts: RepoOptions,
    texts: Vec<OnceLock<Result<Arc<str>, FactError>>>,
    binary: Vec<OnceLock<Result<bool, FactError>>>,
}

impl std::fmt::Debug for RepoInner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RepoInner")
            .field("files", &self.tree.entries().len())
            .finish_non_exhaustive()
    }
}

impl RepoInner {
    /// The file's text, read and decoded once
    pub(super) fn text(&self, index: usize, entry: &Entry) -> Result<Arc<str>, FactError> {
        let Some(cell) = self.texts.get(index) else {
            return Err(FactError::new(Code::EvalInternal, "file index out of range"));
        };
        cell.get_or_init(|| {
            let bytes = self.tree.read(entry, self.opts.max_file_size)?;
            std::str::from_utf8(&bytes).map(Arc::from).map_err(|e| {
                // The bad byte is on the last of the lines the valid prefix splits into.
                let line =
                    bytes.get(..e.valid_up_to()).map_or(1, |b| b.split(|&c| c == b'\n').count());
                FactError {
                    line: Some(line as u32),
                    ..FactError::at(
                        Code::FactsNotUtf8,
                        format!("`{}` is not UTF-8 text", entry.path),
                        &*entry.path,
                    )
                }
            })
        })
        .clone()
    }

    /// A NUL byte in the first 8 KiB makes a file binary (git's heuristic)
    pub(super) fn is_binary(&self, index: usize, entry: &Entry) -> Result<bool, FactError> {
        let Some(cell) = self.binary.get(index) else { return Ok(false) };
        cell.get_or_init(|| Ok(self.tree.head(entry, 8192)?.contains(&0))).clone()
    }
}

type Memo = Mutex<HashMap<String, Arc<OnceLock<Result<Value, FactError>>>>>;

/// The facts of one repository
pub struct RepoFacts {
    inner: Arc<RepoInner>,
    /// The root as given, and its absolute form (the same when it cannot be resolved)
    root: PathBuf,
    absolute: PathBuf,
    name: String,
    memo: Memo,
    /// The tree keeps its promise to list entries sorted by path (else lookups scan)
    sorted: bool,
}

impl RepoFacts {
    /// Facts over a tree rooted at `root`
    pub fn new(root: &Path, tree: Box<dyn Tree>, opts: RepoOptions) -> Self {
        let n = tree.entries().len();
        let sorted = tree.entries().is_sorted_by(|a, b| a.path < b.path);
        let absolute = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let name = absolute
            .file_name()
            .map_or_else(|| root.display().to_string(), |n| n.to_string_lossy().into_owned());
        let inner = RepoInner {
            tree,
            opts,
            texts: (0..n).map(|_| OnceLock::new()).collect(),
            binary: (0..n).map(|_| OnceLock::new()).collect(),
        };
        RepoFacts {
            inner: Arc::new(inner),
            root: root.to_path_buf(),
            absolute,
            name,
            memo: Mutex::new(HashMap::new()),
            sorted,
        }
    }

    /// The repository's name (its directory name)
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The repository's absolute path (as given when it cannot be resolved)
    pub fn path(&self) -> &Path {
        &self.absolute
    }

    /// Problems found while listing the tree
    pub fn problems(&self) -> &[FactError] {
        self.inner.tree.problems()
    }

    fn file_record(&self, index: usize) -> Option<Value> {
        let entry = self.inner.tree.entries().get(index)?.clone();
        Some(Value::Record(Arc::new(FileRecord { entry, index, repo: self.inner.clone() })))
    }

    /// The index of the file at exactly `path` (a leading `./` ignored): a binary search,
    /// as the tree lists its entries sorted by path
    fn lookup(&self, path: &str) -> Option<usize> {
        let path = path.trim_start_matches("./");
        let entries = self.inner.tree.entries();
        if self.sorted {
            entries.binary_search_by(|e| (*e.path).cmp(path)).ok()
        } else {
            entries.iter().position(|e| &*e.path == path)
        }
    }

    /// The files matching `patterns`: every file when there is no pattern argument at all
    /// (`None`), no file for an empty list. With `first_only`, stops at the first match.
    fn matching(
        &self,
        patterns: Option<&[Arc<str>]>,
        nocase: bool,
        first_only: bool,
    ) -> Result<Vec<usize>, FactError> {
        let entries = self.inner.tree.entries();
        let Some(patterns) = patterns else { return Ok((0..entries.len()).collect()) };
        if !nocase && patterns.iter().all(|p| glob::is_literal(p)) {
            let mut found: Vec<usize> = patterns.iter().filter_map(|p| self.lookup(p)).collect();
            found.sort_unstable();
            found.dedup();
            return Ok(found);
        }
        let strings: Vec<&str> = patterns.iter().map(|p| &**p).collect();
        let set = glob::cached_glob_set(&strings, nocase)
            .map_err(|m| FactError::new(Code::EvalBadGlob, m))?;
        let mut hits = entries.iter().enumerate().filter(|(_, e)| set.is_match(&*e.path));
        Ok(if first_only {
            hits.next().map(|(i, _)| i).into_iter().collect()
        } else {
            hits.map(|(i, _)| i).collect()
        })
    }

    fn compute(&self, name: &str, args: &[Value]) -> Result<Value, FactError> {
        let nocase = matches!(args.get(1), Some(Value::Bool(true)));
        match name {
            "repo" => Ok(self.repo_record()),
            "files" => {
                let patterns = patterns(name, args)?;
                Ok(Value::list(
                    self.matching(patterns.as_deref(), nocase, false)?
                        .into_iter()
                        .filter_map(|i| self.file_record(i)),
                ))
            }
            "exists" => {
                let patterns = patterns(name, args)?;
                Ok(Value::Bool(!self.matching(patterns.as_deref(), nocase, true)?.is_empty()))
            }
            "file" => {
                let Some(Value::Str(p)) = args.first() else { return Ok(Value::Null) };
                Ok(self.lookup(p).and_then(|i| self.file_record(i)).unwrap_or(Value::Null))
            }
            "languages" => languages::languages(&self.inner),
            "json" | "yaml" | "toml" => {
                let Some(Value::Str(p)) = args.first() else { return Ok(Value::Null) };
                let Some(index) = self.lookup(p) else { return Ok(Value::Null) };
                let entry = self
                    .inner
                    .tree
                    .entries()
                    .get(index)
                    .cloned()
                    .ok_or_else(|| FactError::new(Code::EvalInternal, "index"))?;
                let text = self.inner.text(index, &entry)?;
                documents::parse(name, &text, &entry.path)
            }
            "data" => {
                let Some(Value::Str(n)) = args.first() else { return Ok(Value::Null) };
                documents::data(n, &self.inner.opts.data_dirs)
            }
            other => Err(FactError::new(
                Code::FactsUnavailable,
                format!("the fact `{other}` is not computed by this version of tenet yet"),
            )),
        }
    }

    fn repo_record(&self) -> Value {
        let mut fields = BTreeMap::new();
        fields.insert("name".into(), Value::str(&self.name));
        fields.insert("path".into(), Value::str(self.absolute.display().to_string()));
        let git = super::gitmeta::read(&self.root);
        let opt = |s: Option<String>| s.map_or(Value::Null, Value::str);
        fields.insert("is_git".into(), Value::Bool(self.root.join(".git").exists()));
        fields.insert("is_bare".into(), Value::Bool(false));
        fields.insert("head".into(), opt(git.head));
        fields.insert("branch".into(), opt(git.branch));
        fields.insert("remote".into(), opt(git.remote));
        Value::Record(Arc::new(MapRecord { kind: RecordKind::Repo, fields, location: None }))
    }
}

/// The glob patterns of a `files`/`exists` call. Variadic patterns arrive as one list, and
/// a list given among them is spliced in: `None` when no pattern was given at all (every
/// file), `Some` of an empty list when only empty lists were (no file).
fn patterns(fact: &str, args: &[Value]) -> Result<Option<Vec<Arc<str>>>, FactError> {
    let items = match args.first() {
        Some(Value::List(items)) if !items.is_empty() => items,
        _ => return Ok(None),
    };
    let mut out = Vec::new();
    for item in items.iter() {
        let spliced = match item {
            Value::List(inner) => &**inner,
            one => std::slice::from_ref(one),
        };
        for p in spliced {
            match p {
                Value::Str(s) => out.push(s.clone()),
                other => {
                    return Err(FactError::new(
                        Code::EvalTypeError,
                        format!(
                            "the patterns of `{fact}` must be strings, found `{}`",
                            other.type_name()
                        ),
                    ));
                }
            }
        }
    }
    Ok(Some(out))
}

fn memo_key(name: &str, args: &[Value]) -> String {
    let mut key = name.to_string();
    for a in args {
        key.push('\u{1f}');
        let _ = write!(key, "{a:?}");
    }
    key
}

impl FactSource for RepoFacts {
    fn fact(&self, name: &str, args: &[Value]) -> Result<Value, FactError> {
        let key = memo_key(name, args);
        let cell = {
            let mut memo = self
                .memo
                .lock()
                .map_err(|_| FactError::new(Code::EvalInternal, "fact cache poisoned"))?;
            memo.entry(key).or_default().clone()
        };
        cell.get_or_init(|| self.compute(name, args)).clone()
    }
}
