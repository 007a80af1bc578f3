//! The `licenses` provider: `license_files(…)` (license file candidates and what their
//! text is), `license_info(expr)` (category and flags), and REUSE's `spdx_headers()` and
//! `reuse_license_texts()` (computed in `reuse`). Between the file reader
//! (`facts::repo`) and the evaluator; the matching itself is in `license_detect`, the
//! candidate names in `license_names`, the category table in `license_info`.

use super::license_detect::{self, Detection};
use super::license_info::license_info;
use super::license_names::is_candidate;
use super::registry::Provider;
use super::repo::RepoFacts;
use super::reuse::{REUSE_LICENSE_TEXT, SPDX_HEADER};
use super::{Compute, Fact};
use crate::diag::Code;
use crate::model::schema::{RecordKind, RecordSchema, Sig, opt, req};
use crate::model::{FactError, Location, MapRecord, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Below this confidence a detected license is `NOASSERTION` (SPEC §3), unless the call
/// sets `threshold:`
pub const DEFAULT_THRESHOLD: f64 = 0.9;

/// The `license_file` record
pub static LICENSE_FILE: RecordSchema = RecordSchema {
    name: "license_file",
    fields: &[("path", "string", "the file"), ("license", "license", "what its text is")],
    methods: &[],
    element: None,
    located: true,
};

/// The `license` record
pub static LICENSE: RecordSchema = RecordSchema {
    name: "license",
    fields: &[
        ("id", "string", "best single SPDX id, `NOASSERTION` below the threshold"),
        ("expr", "string", "SPDX expression, `NOASSERTION` below the threshold"),
        ("confidence", "float", "0 to 1: the weakest of the licenses found"),
        (
            "guess",
            "string",
            "the best expression whatever the threshold (`NOASSERTION` when nothing resembles a license)",
        ),
    ],
    methods: &[],
    element: None,
    located: false,
};

/// The `license_info` record
pub static LICENSE_INFO: RecordSchema = RecordSchema {
    name: "license_info",
    fields: &[
        (
            "category",
            "string",
            "permissive, weak-copyleft, strong-copyleft, network-copyleft, public-domain, source-available, proprietary or unknown",
        ),
        ("osi_approved", "bool", "OSI approved"),
        ("fsf_libre", "bool", "FSF free/libre"),
        ("deprecated", "bool", "deprecated SPDX id"),
    ],
    methods: &[],
    element: None,
    located: false,
};

/// Its facts and records
pub static PROVIDER: Provider = Provider {
    name: "licenses",
    facts: &[
        Fact {
            sig: Sig {
                name: "license_files",
                params: &[opt("anywhere", "bool"), opt("threshold", "float")],
                ret: "list<license_file>",
                doc: "license file candidates (at the root, or `anywhere: true` in every directory) with detected licenses",
            },
            compute: Compute::By(license_files),
            memo: true,
            lists_tree: true,
        },
        Fact {
            sig: Sig {
                name: "license_info",
                params: &[req("expr", "string")],
                ret: "license_info",
                doc: "category and flags of a license expression",
            },
            compute: Compute::By(info),
            memo: true,
            lists_tree: false,
        },
        Fact {
            sig: Sig {
                name: "spdx_headers",
                params: &[],
                ret: "list<spdx_header>",
                doc: "the licensing and copyright of every file REUSE 3.3 covers: header tags, `.license` sidecars, REUSE.toml annotations and `.reuse/dep5`, with REUSE's precedence",
            },
            compute: Compute::By(super::reuse::spdx_headers),
            memo: true,
            lists_tree: true,
        },
        Fact {
            sig: Sig {
                name: "reuse_license_texts",
                params: &[],
                ret: "list<reuse_license_text>",
                doc: "the license texts in LICENSES/, each with the id its name gives (REUSE 3.3)",
            },
            compute: Compute::By(super::reuse::reuse_license_texts),
            memo: true,
            lists_tree: true,
        },
    ],
    records: &[&LICENSE_FILE, &LICENSE, &LICENSE_INFO, &SPDX_HEADER, &REUSE_LICENSE_TEXT],
};

const NOASSERTION: &str = "NOASSERTION";

fn license_files(facts: &RepoFacts, args: &[Value]) -> Result<Value, FactError> {
    let anywhere = matches!(args.first().map(Value::plain), Some(Value::Bool(true)));
    let threshold = match args.get(1).map(Value::plain) {
        Some(Value::Float(t)) => *t,
        Some(Value::Int(t)) => *t as f64,
        _ => DEFAULT_THRESHOLD,
    };
    let found = detections(facts, anywhere)?;
    Ok(Value::list(found.iter().map(|(path, d)| license_file(path, d, threshold))))
}

/// Every candidate (at the root, or `anywhere`) with what its text is
fn detections(facts: &RepoFacts, anywhere: bool) -> Result<Vec<(Arc<str>, Detection)>, FactError> {
    let mut out = Vec::new();
    for (index, entry) in facts.entries().iter().enumerate() {
        if entry.is_symlink() || !is_candidate(&entry.path, anywhere) {
            continue;
        }
        let text = license_text(facts, index)?;
        let detection = license_detect::detect(&text)
            .map_err(|m| FactError::at(Code::FactsLicenseData, m, &*entry.path))?;
        out.push((entry.path.clone(), detection));
    }
    Ok(out)
}

/// The distinct licenses of the root license files identified at the default threshold,
/// in path order (for `project_license()`)
pub(super) fn license_files_at_root(facts: &RepoFacts) -> Result<Vec<String>, FactError> {
    let mut ids: Vec<String> = Vec::new();
    for (_, d) in detections(facts, false)? {
        if f64::from(d.confidence()) < DEFAULT_THRESHOLD {
            continue;
        }
        for (id, _) in d.found {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

/// A candidate's text. License texts are often Latin-1 (old `COPYING` files): those are
/// read lossily rather than failing every license rule of the repository.
fn license_text(facts: &RepoFacts, index: usize) -> Result<Arc<str>, FactError> {
    match facts.text_at(index) {
        Err(e) if e.code == Code::FactsNotUtf8 => {
            let entry = facts
                .entries()
                .get(index)
                .ok_or_else(|| FactError::new(Code::EvalInternal, "file index out of range"))?;
            let bytes = facts.target().read(entry, facts.options().max_file_size)?;
            Ok(Arc::from(String::from_utf8_lossy(&bytes).as_ref()))
        }
        other => other,
    }
}

fn license_file(path: &Arc<str>, d: &Detection, threshold: f64) -> Value {
    let confidence = f64::from(d.confidence());
    // f32 scores print as e.g. 0.99999994: keep four decimals, as the matcher's precision
    let confidence = (confidence * 10_000.0).round() / 10_000.0;
    let guess = d.expression().unwrap_or_else(|| NOASSERTION.to_string());
    let sure = confidence >= threshold && d.expression().is_some();
    let id = if sure { d.best().unwrap_or(NOASSERTION) } else { NOASSERTION };
    let expr = if sure { guess.as_str() } else { NOASSERTION };
    let mut license = BTreeMap::new();
    license.insert("id".into(), Value::str(id));
    license.insert("expr".into(), Value::str(expr));
    license.insert("confidence".into(), Value::Float(confidence));
    license.insert("guess".into(), Value::str(&guess));
    let license = MapRecord { kind: RecordKind(&LICENSE), fields: license, location: None };
    let mut fields = BTreeMap::new();
    fields.insert("path".into(), Value::Str(path.clone()));
    fields.insert("license".into(), Value::Record(Arc::new(license)));
    Value::Record(Arc::new(MapRecord {
        kind: RecordKind(&LICENSE_FILE),
        fields,
        location: Some(Location::file(path.clone())),
    }))
}

#[expect(clippy::unnecessary_wraps, reason = "every fact is computed through one signature")]
fn info(_: &RepoFacts, args: &[Value]) -> Result<Value, FactError> {
    let Some(Value::Str(expr)) = args.first().map(Value::plain) else { return Ok(Value::Null) };
    let i = license_info(expr);
    let mut fields = BTreeMap::new();
    fields.insert("category".into(), Value::str(i.category.name()));
    fields.insert("osi_approved".into(), Value::Bool(i.osi_approved));
    fields.insert("fsf_libre".into(), Value::Bool(i.fsf_libre));
    fields.insert("deprecated".into(), Value::Bool(i.deprecated));
    Ok(Value::Record(Arc::new(MapRecord {
        kind: RecordKind(&LICENSE_INFO),
        fields,
        location: None,
    })))
}
