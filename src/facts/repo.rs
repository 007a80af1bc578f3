//! [`RepoFacts`]: the facts of one repository, computed on first use and memoised.
//! Dropped after the repository is evaluated, so memory stays flat across a scan.
//!
//! It holds what every provider shares — the tree, each file's text read at most once,
//! the memo of facts by (fact, arguments) — and one state per provider that wants to
//! memoise at its own level ([`RepoFacts::state`]: e.g. one history walk for every
//! `commits(…)` call, filtered per call).

use super::{Compute, Fact, FactSource};
use crate::diag::Code;
use crate::model::{FactError, Value};
use crate::repo::{Entry, Target};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Settings for reading a repository
#[derive(Clone, Debug)]
pub struct RepoOptions {
    /// Files over this many bytes are not read into memory
    pub max_file_size: u64,
    /// Directories searched by `data(name)`, in order
    pub data_dirs: Vec<PathBuf>,
    /// Pre-commit mode: the files per-file rules see (all when `None`)
    pub selection: Option<Arc<super::Selection>>,
}

impl Default for RepoOptions {
    fn default() -> Self {
        RepoOptions { max_file_size: 10 << 20, data_dirs: Vec::new(), selection: None }
    }
}

/// State shared by a repository's fact records (which outlive a fact call)
pub struct RepoInner {
    pub(super) target: Arc<Target>,
    pub(super) opts: RepoOptions,
    texts: Vec<OnceLock<Result<Arc<str>, FactError>>>,
    binary: Vec<OnceLock<Result<bool, FactError>>>,
}

impl std::fmt::Debug for RepoInner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RepoInner")
            .field("files", &self.target.entries().len())
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
            let bytes = self.target.read(entry, self.opts.max_file_size)?;
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
        cell.get_or_init(|| Ok(self.target.head(entry, 8192)?.contains(&0))).clone()
    }
}

/// A fact's arguments as a memo key: what the values are, not how they print
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum ArgKey {
    Null,
    Bool(bool),
    Int(i64),
    Str(Arc<str>),
    Instant(i64, i32),
    List(Vec<ArgKey>),
    /// A regex by its source, as regexes compare
    Regex(Arc<str>),
}

impl ArgKey {
    /// `None` for values that are no fact argument (records, maps, floats): not memoised
    fn of(v: &Value) -> Option<ArgKey> {
        Some(match v {
            Value::Null => ArgKey::Null,
            Value::Bool(b) => ArgKey::Bool(*b),
            Value::Int(i) | Value::Duration(i) => ArgKey::Int(*i),
            Value::Size(s) => ArgKey::Int(i64::try_from(*s).ok()?),
            Value::Str(s) => ArgKey::Str(s.clone()),
            Value::Date(t) => ArgKey::Instant(t.as_second(), t.subsec_nanosecond()),
            Value::List(items) => {
                ArgKey::List(items.iter().map(ArgKey::of).collect::<Option<_>>()?)
            }
            Value::Regex(re) => ArgKey::Regex(Arc::from(re.as_str())),
            _ => return None,
        })
    }
}

type Cell = Arc<OnceLock<Result<Value, FactError>>>;

/// The facts of one repository
pub struct RepoFacts {
    pub(super) inner: Arc<RepoInner>,
    memo: Mutex<HashMap<(usize, Vec<ArgKey>), Cell>>,
    states: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
    /// The target keeps its promise to list entries sorted by path (else lookups scan)
    sorted: bool,
}

impl RepoFacts {
    /// Facts over the files of a repository target
    pub fn new(target: Arc<Target>, opts: RepoOptions) -> Self {
        let n = target.entries().len();
        let sorted = target.entries().is_sorted_by(|a, b| a.path < b.path);
        let inner = RepoInner {
            target,
            opts,
            texts: (0..n).map(|_| OnceLock::new()).collect(),
            binary: (0..n).map(|_| OnceLock::new()).collect(),
        };
        RepoFacts {
            inner: Arc::new(inner),
            memo: Mutex::new(HashMap::new()),
            states: Mutex::new(HashMap::new()),
            sorted,
        }
    }

    /// The repository target the facts read
    pub fn target(&self) -> &Arc<Target> {
        &self.inner.target
    }

    /// The repository's name (its directory name)
    pub fn name(&self) -> &str {
        self.inner.target.name()
    }

    /// The repository's absolute root
    pub fn path(&self) -> &Path {
        self.inner.target.path()
    }

    /// Problems found while listing the tree
    pub fn problems(&self) -> &[FactError] {
        self.inner.target.problems()
    }

    /// Every file of the tree, sorted by path
    pub(super) fn entries(&self) -> &[Entry] {
        self.inner.target.entries()
    }

    /// Settings
    pub(super) fn options(&self) -> &RepoOptions {
        &self.inner.opts
    }

    /// The index of the file at exactly `path` (a leading `./` ignored): a binary search,
    /// as the tree lists its entries sorted by path
    pub(super) fn lookup(&self, path: &str) -> Option<usize> {
        let path = path.trim_start_matches("./");
        let entries = self.entries();
        if self.sorted {
            entries.binary_search_by(|e| (*e.path).cmp(path)).ok()
        } else {
            entries.iter().position(|e| &*e.path == path)
        }
    }

    /// Does the tree hold a file below the directory `dir`? A binary search for the first
    /// path after `dir/`, as paths sharing a prefix sort together
    pub(super) fn has_under(&self, dir: &str) -> bool {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        let entries = self.entries();
        if self.sorted {
            let at = entries.partition_point(|e| *e.path < *prefix);
            entries.get(at).is_some_and(|e| e.path.starts_with(&prefix))
        } else {
            entries.iter().any(|e| e.path.starts_with(&prefix))
        }
    }

    /// The text of the file at `index` if a rule already read it (else `None`: nothing is
    /// read), so that a fact reading heads does not read a file twice
    pub(super) fn cached_text(&self, index: usize) -> Option<Arc<str>> {
        self.inner.texts.get(index)?.get()?.as_ref().ok().cloned()
    }

    /// Record what a fact that read the file's head found: is it binary
    pub(super) fn note_binary(&self, index: usize, binary: bool) {
        if let Some(cell) = self.inner.binary.get(index) {
            let _ = cell.set(Ok(binary));
        }
    }

    /// The text of the file at `index`
    pub(super) fn text_at(&self, index: usize) -> Result<Arc<str>, FactError> {
        let entry = self
            .entries()
            .get(index)
            .ok_or_else(|| FactError::new(Code::EvalInternal, "file index out of range"))?;
        self.inner.text(index, entry)
    }

    /// A provider's state for this repository, made on first use: where a provider keeps
    /// what it memoises at its own level
    pub(super) fn state<T: Default + Send + Sync + 'static>(&self) -> Result<Arc<T>, FactError> {
        let mut states = self
            .states
            .lock()
            .map_err(|_| FactError::new(Code::EvalInternal, "fact state poisoned"))?;
        let any = states.entry(TypeId::of::<T>()).or_insert_with(|| Arc::new(T::default())).clone();
        any.downcast::<T>()
            .map_err(|_| FactError::new(Code::EvalInternal, "fact state of the wrong type"))
    }

    fn compute(&self, fact: &'static Fact, args: &[Value]) -> Result<Value, FactError> {
        match fact.compute {
            Compute::By(f) => f(self, args),
            Compute::Unavailable => Err(FactError::new(
                Code::FactsUnavailable,
                format!("the fact `{}` is not computed by this version of tenet yet", fact.name()),
            )),
        }
    }
}

impl FactSource for RepoFacts {
    fn fact(&self, fact: &'static Fact, args: &[Value]) -> Result<Value, FactError> {
        let key = args.iter().map(ArgKey::of).collect::<Option<Vec<_>>>();
        let (true, Some(key)) = (fact.memo, key) else { return self.compute(fact, args) };
        let cell = {
            let mut memo = self
                .memo
                .lock()
                .map_err(|_| FactError::new(Code::EvalInternal, "fact cache poisoned"))?;
            memo.entry((std::ptr::from_ref(fact) as usize, key)).or_default().clone()
        };
        cell.get_or_init(|| self.compute(fact, args)).clone()
    }

    fn incomplete(&self) -> Option<FactError> {
        let target = &self.inner.target;
        let first = target.unlisted().first()?;
        let why = target
            .problems()
            .iter()
            .find(|p| p.code == Code::FactsWalk && p.path.as_deref().unwrap_or("") == &**first)
            .map_or_else(|| format!("`{first}` could not be listed"), |p| p.message.clone());
        Some(FactError::new(
            Code::FactsIncomplete,
            format!("the files of the repository could not all be listed: {why}"),
        ))
    }

    fn selection(&self) -> Option<&super::Selection> {
        self.inner.opts.selection.as_deref()
    }
}
