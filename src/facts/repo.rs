//! [`RepoFacts`]: the facts of one repository, computed on first use and memoised.
//! Dropped after the repository is evaluated, so memory stays flat across a scan.

use super::documents;
use super::file::FileRecord;
use super::languages;
use super::tree::{Entry, Tree};
use super::{FactError, FactSource};
use crate::check::schema::RecordKind;
use crate::eval::value::{MapRecord, Value};
use globset::GlobSet;
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
            return Err(FactError::new("eval::internal", "file index out of range"));
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
                        "facts::not_utf8",
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
    root: PathBuf,
    name: String,
    memo: Memo,
}

impl RepoFacts {
    /// Facts over a tree rooted at `root`
    pub fn new(root: &Path, tree: Box<dyn Tree>, opts: RepoOptions) -> Self {
        let n = tree.entries().len();
        let name = std::fs::canonicalize(root)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| root.display().to_string());
        let inner = RepoInner {
            tree,
            opts,
            texts: (0..n).map(|_| OnceLock::new()).collect(),
            binary: (0..n).map(|_| OnceLock::new()).collect(),
        };
        RepoFacts {
            inner: Arc::new(inner),
            root: root.to_path_buf(),
            name,
            memo: Mutex::new(HashMap::new()),
        }
    }

    /// The repository's name (its directory name)
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Problems found while listing the tree
    pub fn problems(&self) -> &[FactError] {
        self.inner.tree.problems()
    }

    fn file_record(&self, index: usize) -> Option<Value> {
        let entry = self.inner.tree.entries().get(index)?.clone();
        Some(Value::Record(Arc::new(FileRecord { entry, index, repo: self.inner.clone() })))
    }

    fn matching(&self, patterns: &[Value], nocase: bool) -> Result<Vec<usize>, FactError> {
        let set = glob_set(patterns, nocase)?;
        Ok(self
            .inner
            .tree
            .entries()
            .iter()
            .enumerate()
            .filter(|(_, e)| set.as_ref().is_none_or(|s| s.is_match(&*e.path)))
            .map(|(i, _)| i)
            .collect())
    }

    fn compute(&self, name: &str, args: &[Value]) -> Result<Value, FactError> {
        let nocase = matches!(args.get(1), Some(Value::Bool(true)));
        // Variadic patterns arrive as one list; a list given among them is spliced in.
        let patterns: Vec<Value> = match args.first() {
            Some(Value::List(items)) => items
                .iter()
                .flat_map(|v| match v {
                    Value::List(inner) => inner.to_vec(),
                    v => vec![v.clone()],
                })
                .collect(),
            _ => Vec::new(),
        };
        match name {
            "repo" => Ok(self.repo_record()),
            "files" => Ok(Value::list(
                self.matching(&patterns, nocase)?.into_iter().filter_map(|i| self.file_record(i)),
            )),
            "exists" => Ok(Value::Bool(!self.matching(&patterns, nocase)?.is_empty())),
            "file" => {
                let Some(Value::Str(p)) = args.first() else { return Ok(Value::Null) };
                let p = p.trim_start_matches("./");
                Ok(self
                    .inner
                    .tree
                    .entries()
                    .iter()
                    .position(|e| &*e.path == p)
                    .and_then(|i| self.file_record(i))
                    .unwrap_or(Value::Null))
            }
            "languages" => Ok(languages::languages(&self.inner)),
            "json" | "yaml" | "toml" => {
                let Some(Value::Str(p)) = args.first() else { return Ok(Value::Null) };
                let entries = self.inner.tree.entries();
                let Some(index) = entries.iter().position(|e| *e.path == **p) else {
                    return Ok(Value::Null);
                };
                let entry = entries
                    .get(index)
                    .cloned()
                    .ok_or_else(|| FactError::new("eval::internal", "index"))?;
                let text = self.inner.text(index, &entry)?;
                documents::parse(name, &text, &entry.path)
            }
            "data" => {
                let Some(Value::Str(n)) = args.first() else { return Ok(Value::Null) };
                documents::data(n, &self.inner.opts.data_dirs)
            }
            other => Err(FactError::new(
                "facts::unavailable",
                format!("the fact `{other}` is not computed by this version of tenet yet"),
            )),
        }
    }

    fn repo_record(&self) -> Value {
        let mut fields = BTreeMap::new();
        let abs = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        fields.insert("name".into(), Value::str(&self.name));
        fields.insert("path".into(), Value::str(abs.display().to_string()));
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

/// Compile the string patterns of a fact call
fn glob_set(patterns: &[Value], nocase: bool) -> Result<Option<GlobSet>, FactError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let strings =
        patterns.iter().filter_map(|p| if let Value::Str(s) = p { Some(&**s) } else { None });
    super::glob::glob_set(strings, nocase)
        .map(Some)
        .map_err(|m| FactError::new("eval::bad_glob", m))
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
                .map_err(|_| FactError::new("eval::internal", "fact cache poisoned"))?;
            memo.entry(key).or_default().clone()
        };
        cell.get_or_init(|| self.compute(name, args)).clone()
    }
}
