//! The report as it travels: schema 1 of the JSON report (SPEC §5, docs/report.schema.json)
//! as plain serde types. The engine's results are converted into these once
//! (`report::convert`); every renderer reads only these, so a report read back from JSON
//! ([`Report::from_json`]) renders like a fresh one, without its snippets.
//!
//! Field order is the order on the wire, and the `skip_serializing_if`s are the omissions of
//! schema 1: changing either changes the public contract. A few fields carry detail for
//! people that schema 1 has no place for (labels and help in the policy); they are marked
//! `serde(skip)`, so they never reach the JSON and are empty in a report read back from it.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The schema version this module reads and writes
pub const SCHEMA: u32 = 1;

/// A whole report: what `tenet check --format json` prints
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`]
    pub schema: u32,
    /// The tool that wrote it
    pub tool: Tool,
    /// RFC 3339 time of the run (the `--now` clock)
    pub scanned_at: String,
    /// False when the run did not evaluate everything it was asked to
    pub complete: bool,
    /// What a `tenet scan` or `tenet merge` covered; absent from `tenet check`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<Scan>,
    /// Repositories, in the order they were checked (sorted by path)
    pub repositories: Vec<Repository>,
    /// Problems with the policy found while running (expired and unused waivers)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy: Vec<Diagnostic>,
    /// The waivers of the policy, in policy order, expired ones included (added to schema
    /// 1 after its first release: absent when there are none, and from older reports)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<Waiver>,
    /// Counts
    pub summary: Summary,
}

/// A waiver as the report shows it
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiver {
    /// The waived rule
    pub rule: String,
    /// Repository-name globs; empty: every repository
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repos: Vec<String>,
    /// Violation-path globs; empty: every violation of the rule
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Why
    pub reason: String,
    /// Who answers for it
    pub owner: String,
    /// Its last day, `YYYY-MM-DD` (it holds through that day, UTC)
    pub expires: String,
    /// Past its last day at `scanned_at`: it waives nothing
    pub expired: bool,
    /// A repository's own waiver of a central rule that the central policy does not trust
    /// (no `trust_local_waivers`): it waives nothing
    #[serde(default, skip_serializing_if = "is_false")]
    pub ignored: bool,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_false(b: &bool) -> bool {
    !*b
}

/// What a scan covered, so that `tenet merge` can tell shards of one scan apart from
/// reports that do not belong together
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scan {
    /// Digest of the central policy's files (`fnv1a64:` and 16 hex digits)
    pub policy_digest: String,
    /// The shard this report is, when the scan was split with `--shard I/N`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
}

/// Shard `index` of `count`, `index` from 1 to `count`
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Shard {
    /// From 1 to `count`
    pub index: u32,
    /// How many shards the scan was split into
    pub count: u32,
}

/// Who wrote the report
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// `tenet`
    pub name: String,
    /// Its version
    pub version: String,
}

impl Tool {
    /// This build of tenet
    pub fn current() -> Self {
        Tool { name: "tenet".to_string(), version: env!("CARGO_PKG_VERSION").to_string() }
    }
}

/// The results for one repository
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Repository {
    /// Directory name
    pub name: String,
    /// Absolute path (as given when it cannot be resolved)
    pub path: String,
    /// Problems reading the repository that no rule owns
    pub errors: Vec<Error>,
    /// One outcome per rule, sorted by rule id
    pub outcomes: Vec<Outcome>,
    /// Problems with the repository's own `.tenet/` policy found in a scan (its expired,
    /// unused and ignored waivers); added to schema 1 after its first release
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy: Vec<Diagnostic>,
    /// The waivers of the repository's own `.tenet/` policy (a scan); added to schema 1
    /// after its first release
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<Waiver>,
}

/// Why something could not be read or evaluated
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Error {
    /// Diagnostic code, e.g. `facts::bad_yaml`
    pub code: String,
    /// One lowercase sentence
    pub message: String,
    /// The file of the repository it concerns
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line in that file
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Where the policy was when it failed, and help (not in schema 1)
    #[serde(skip)]
    pub detail: Detail,
}

/// What happened to one (rule, repository) pair
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    /// The check held everywhere
    Pass,
    /// At least one unwaived violation
    Fail,
    /// Violations, all waived
    Waived,
    /// `when` was false
    Skipped,
    /// Could not be evaluated
    Error,
}

/// How serious a rule or a diagnostic is; ordered from least to most
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational
    Note,
    /// Should be fixed
    Warning,
    /// Must be fixed
    Error,
}

/// The result of one rule on one repository
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Rule id
    pub rule: String,
    /// Rule severity
    pub severity: Severity,
    /// What happened
    pub outcome: OutcomeKind,
    /// Violations, sorted by location; an `error` outcome keeps those found besides the error
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
    /// Why it could not be evaluated
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
}

/// One violation of a rule
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    /// The rendered `message`
    pub message: String,
    /// The rendered `help`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Relative to the repository; absent for repository-level violations
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based start line
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based start column, in characters
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// 1-based end line
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    /// 1-based end column, in characters, exclusive
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
    /// Covered by a waiver
    pub waived: bool,
    /// Values of the check's operands (`--explain`), in the order the check names them
    #[serde(default, skip_serializing_if = "Values::is_empty")]
    pub values: Values,
}

/// A diagnostic about the policy, with the place of its primary label
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Code, e.g. `policy::unused_waiver`
    pub code: String,
    /// How serious
    pub severity: Severity,
    /// One lowercase sentence
    pub message: String,
    /// How to fix it
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// File of the primary label
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line of the primary label
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based character column of the primary label
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// Every label and related note (not in schema 1: read back, only `file`, `line` and
    /// `column` remain, and renderers point there)
    #[serde(skip)]
    pub detail: Detail,
}

/// Detail for people that schema 1 does not carry
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Detail {
    /// Labelled ranges, the primary one first
    pub labels: Vec<Label>,
    /// Help that replaces none of the wire fields (an evaluation error's advice)
    pub help: Option<String>,
    /// Diagnostics shown with this one
    pub related: Vec<Diagnostic>,
}

/// A labelled range of a file: a policy file, by the name it was loaded under
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// File name
    pub file: String,
    /// Start: 1-based line and character column
    pub start: (usize, usize),
    /// End, exclusive: 1-based line and character column
    pub end: (usize, usize),
    /// What to say under it
    pub message: Option<String>,
}

/// Counts over a whole report
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Repositories
    pub repositories: usize,
    /// Distinct rules that have an outcome in some repository
    pub rules: usize,
    /// Outcomes `pass`
    pub pass: usize,
    /// Outcomes `fail`
    pub fail: usize,
    /// Outcomes `waived`
    pub waived: usize,
    /// Outcomes `skipped`
    pub skipped: usize,
    /// Outcomes `error`
    pub error: usize,
}

/// `--explain` values: a JSON object whose keys keep their order
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values(Vec<(String, String)>);

impl Values {
    /// No values
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The (operand, value) pairs, in order
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Set a value; a key seen before keeps its place and takes the new value, as in a
    /// JSON object
    pub fn insert(&mut self, key: String, value: String) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }
}

impl FromIterator<(String, String)> for Values {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut values = Values::default();
        for (k, v) in iter {
            values.insert(k, v);
        }
        values
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValuesVisitor;
        impl<'de> Visitor<'de> for ValuesVisitor {
            type Value = Values;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Values, A::Error> {
                let mut values = Values::default();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    values.insert(k, v);
                }
                Ok(values)
            }
        }
        deserializer.deserialize_map(ValuesVisitor)
    }
}

/// Why a JSON report could not be read
#[derive(Debug)]
pub enum ReadError {
    /// Not JSON, or not shaped like schema 1
    Json(serde_json::Error),
    /// A schema this version does not know
    Schema(u64),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Json(e) => write!(f, "not a tenet report: {e}"),
            ReadError::Schema(n) => {
                write!(f, "report schema {n} is not supported (this tenet reads schema {SCHEMA})")
            }
        }
    }
}

impl std::error::Error for ReadError {}

impl Report {
    /// Read a JSON report; only schema 1 is accepted
    pub fn from_json(text: &str) -> Result<Report, ReadError> {
        // The version first, so a newer report gets a clear answer rather than a field error.
        #[derive(Deserialize)]
        struct Version {
            schema: u64,
        }
        let version: Version = serde_json::from_str(text).map_err(ReadError::Json)?;
        if version.schema != u64::from(SCHEMA) {
            return Err(ReadError::Schema(version.schema));
        }
        serde_json::from_str(text).map_err(ReadError::Json)
    }

    /// The report as pretty JSON with a trailing newline: the same bytes as the streaming
    /// JSON reporter writes
    pub fn to_json(&self) -> serde_json::Result<String> {
        let mut s = serde_json::to_string_pretty(self)?;
        s.push('\n');
        Ok(s)
    }
}
