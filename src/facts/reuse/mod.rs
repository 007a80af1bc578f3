//! REUSE 3.3 (declared by the `licenses` provider): `spdx_headers()`, the licensing and
//! copyright information of every file REUSE covers, from its header, its `.license`
//! sidecar, `REUSE.toml` annotations or `.reuse/dep5`, combined with REUSE's precedence;
//! and `reuse_license_texts()`, the texts in `LICENSES/`. The tag syntax is in
//! [`extract`], the global files in [`config`]; the combination follows reuse-tool's
//! `Project.reuse_info_of` (src/reuse/project.py).
//!
//! Each covered file is read once, and only its head ([`HEAD_BYTES`]): what an earlier
//! rule already read in full is taken from the shared text cache instead.

mod config;
mod extract;
#[cfg(test)]
mod tests;

use super::repo::RepoFacts;
use crate::diag::Code;
use crate::model::schema::{RecordKind, RecordSchema};
use crate::model::{FactError, Location, MapRecord, Value};
use crate::repo::Entry;
use config::{Global, Info, Source};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The bytes of each file searched for tags: the header, as REUSE means it, with room for
/// a long one; the same head `is_binary` reads
pub const HEAD_BYTES: usize = 8192;

/// The `spdx_header` record
pub static SPDX_HEADER: RecordSchema = RecordSchema {
    name: "spdx_header",
    fields: &[
        ("path", "string", "the covered file"),
        (
            "licenses",
            "list<string>",
            "its SPDX-License-Identifier expressions, all sources combined",
        ),
        ("copyrights", "list<string>", "its copyright notices, all sources combined"),
        ("ids", "list<string>", "the license and exception ids of its valid expressions"),
        ("invalid", "list<string>", "its expressions that are not valid SPDX syntax"),
        (
            "source",
            "string",
            "where its licensing came from: `header`, `sidecar`, `REUSE.toml`, `dep5` or `none`",
        ),
        ("sources", "list<string>", "every source that contributed, in precedence order"),
        (
            "source_path",
            "string?",
            "the file the licensing is written in (the file, its sidecar, a REUSE.toml, .reuse/dep5)",
        ),
        ("line", "int?", "the line of the first license tag (else copyright) in `source_path`"),
        ("is_binary", "bool", "a NUL byte in its first 8 KiB: REUSE reads no tags in it"),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// The `reuse_license_text` record
pub static REUSE_LICENSE_TEXT: RecordSchema = RecordSchema {
    name: "reuse_license_text",
    fields: &[
        ("path", "string", "the file under LICENSES/"),
        ("id", "string", "the id its name gives (`MIT` for `LICENSES/MIT.txt`)"),
        ("known", "bool", "an SPDX license or exception id, or `LicenseRef-…`"),
        ("deprecated", "bool", "a deprecated SPDX id"),
        ("has_extension", "bool", "the name has an extension (REUSE wants `MIT.txt`, not `MIT`)"),
    ],
    methods: &[],
    element: None,
    located: true,
};

/// `spdx_headers()`
pub(super) fn spdx_headers(facts: &RepoFacts, _: &[Value]) -> Result<Value, FactError> {
    let global = load_global(facts)?;
    let entries = facts.entries();
    let mut out = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        if !is_covered(entry) || facts.target().size(entry)? == 0 {
            continue;
        }
        let sidecar = format!("{}.license", entry.path);
        let sidecar =
            facts.lookup(&sidecar).filter(|&i| entries.get(i).is_some_and(|e| !e.is_symlink()));
        out.push(header(facts, &global, index, entry, sidecar)?);
    }
    Ok(Value::list(out))
}

/// The REUSE.toml files and .reuse/dep5 of the tree
fn load_global(facts: &RepoFacts) -> Result<Global, FactError> {
    let mut tomls = Vec::new();
    let mut dep5 = None;
    for (index, entry) in facts.entries().iter().enumerate() {
        let path = &*entry.path;
        let is_toml = path == "REUSE.toml" || path.ends_with("/REUSE.toml");
        if entry.is_symlink() || !(is_toml || path == ".reuse/dep5") {
            continue;
        }
        if is_toml && path.split('/').any(is_ignored_dir) {
            continue;
        }
        let text = facts.text_at(index)?;
        if is_toml {
            tomls.push((path.to_string(), text.to_string()));
        } else {
            dep5 = Some((path.to_string(), text.to_string()));
        }
    }
    Global::load(&tomls, dep5)
}

/// Directories REUSE never looks into, at any depth
fn is_ignored_dir(name: &str) -> bool {
    matches!(name, ".git" | ".hg" | ".sl" | "LICENSES" | ".reuse")
}

/// Does REUSE require licensing for this file, by its name? Not for license texts
/// (`LICENSE*`, `COPYING*`, `LICENSES/`), sidecars, REUSE.toml, SPDX documents, VCS files,
/// symlinks, or Meson subprojects (reuse-tool's `covered_files.py`); nor, checked by the
/// caller since it may open an object, for empty files
pub(super) fn is_covered(entry: &Entry) -> bool {
    if entry.is_symlink() {
        return false;
    }
    let parts: Vec<&str> = entry.path.split('/').collect();
    let Some((name, dirs)) = parts.split_last() else { return false };
    if dirs.iter().any(|d| is_ignored_dir(d)) {
        return false;
    }
    // `subprojects/<name>/…` is a Meson subproject
    if dirs.windows(2).any(|w| w.first() == Some(&"subprojects")) {
        return false;
    }
    !is_ignored_name(name)
}

#[expect(
    clippy::case_sensitive_file_extension_comparisons,
    reason = "reuse-tool's patterns are case-sensitive: `X.SPDX` is covered"
)]
fn is_ignored_name(name: &str) -> bool {
    let licence_like = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '.']))
    };
    licence_like("LICENSE")
        || licence_like("LICENCE")
        || licence_like("COPYING")
        || licence_like("SHL-2.1")
        || licence_like("CAL-1.0")
        || licence_like("CAL-1.0-Combined-Work-Exception")
        || matches!(name, ".git" | ".hgtags" | "REUSE.toml")
        || name.ends_with(".license")
        || name.ends_with(".spdx")
        || [".spdx.rdf", ".spdx.json", ".spdx.xml", ".spdx.yaml", ".spdx.yml"]
            .iter()
            .any(|s| name.ends_with(s))
}

/// The head of a file as text: from the shared cache when a rule already read the whole
/// file, else its first [`HEAD_BYTES`] (a line cut at the end is dropped; see [`decode`]
/// for files that are not UTF-8). `None` for a binary file.
fn head_text(facts: &RepoFacts, index: usize, entry: &Entry) -> Result<Option<String>, FactError> {
    if let Some(text) = facts.cached_text(index) {
        let end = (0..=HEAD_BYTES.min(text.len())).rev().find(|&i| text.is_char_boundary(i));
        let head = text.get(..end.unwrap_or(0)).unwrap_or("");
        if head.contains('\0') {
            return Ok(None);
        }
        return Ok(Some(complete_lines(head, text.len() > head.len())));
    }
    let bytes = facts.target().head(entry, HEAD_BYTES)?;
    let cut = facts.target().size(entry)? > bytes.len() as u64;
    if let Some(text) = utf16(&bytes) {
        return Ok(Some(complete_lines(&text, cut)));
    }
    let binary = bytes.contains(&0);
    facts.note_binary(index, binary);
    if binary {
        return Ok(None);
    }
    Ok(Some(complete_lines(&decode(&bytes), cut)))
}

/// A text with a UTF-16 byte order mark (its NUL bytes do not make it binary: reuse-tool
/// reads it too)
fn utf16(bytes: &[u8]) -> Option<String> {
    let le = match bytes.get(..2)? {
        [0xff, 0xfe] => true,
        [0xfe, 0xff] => false,
        _ => return None,
    };
    let units = bytes.get(2..)?.chunks_exact(2).map(|c| match c {
        [a, b] if le => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0xfffd,
    });
    Some(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')).collect())
}

/// UTF-8 (a character cut by the head's end dropped), else Latin-1: a file that is not
/// UTF-8 is most often Latin-1, where `©` is the byte 0xA9 (reuse-tool detects the
/// encoding; every byte is a character in Latin-1, so nothing is lost)
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) if e.error_len().is_none() => {
            String::from_utf8_lossy(bytes.get(..e.valid_up_to()).unwrap_or(&[])).into_owned()
        }
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

fn complete_lines(text: &str, cut: bool) -> String {
    match (cut, text.rfind('\n')) {
        (true, Some(end)) => text.get(..end).unwrap_or("").to_string(),
        _ => text.to_string(),
    }
}

/// What a file (or its sidecar, which replaces it) says of itself
fn own_info(
    facts: &RepoFacts,
    index: usize,
    entry: &Entry,
    sidecar: Option<usize>,
) -> Result<(Option<Info>, bool), FactError> {
    let (read_index, source) = match sidecar {
        Some(i) => (i, Source::Sidecar),
        None => (index, Source::Header),
    };
    let Some(read_entry) = facts.entries().get(read_index) else { return Ok((None, false)) };
    let text = match head_text(facts, read_index, read_entry) {
        Ok(t) => t,
        // A FIFO or device is listed but never read: it has nothing to say
        Err(e) if e.code == Code::FactsSpecialFile => return Ok((None, false)),
        Err(e) => return Err(e),
    };
    let binary = text.is_none() && sidecar.is_none();
    let binary = binary || (sidecar.is_some() && is_binary_file(facts, index, entry));
    let Some(text) = text else { return Ok((None, binary)) };
    let tags = extract::extract(&text);
    if tags.is_empty() {
        return Ok((None, binary));
    }
    let line = tags.licenses.first().or(tags.copyrights.first()).map(|t| t.line);
    Ok((
        Some(Info {
            licenses: tags.licenses.into_iter().map(|t| t.value).collect(),
            copyrights: tags.copyrights.into_iter().map(|t| t.value).collect(),
            source,
            source_path: read_entry.path.to_string(),
            line,
        }),
        binary,
    ))
}

fn is_binary_file(facts: &RepoFacts, index: usize, entry: &Entry) -> bool {
    facts.inner.is_binary(index, entry).unwrap_or(false)
}

/// The record of one covered file: reuse-tool's `reuse_info_of`
fn header(
    facts: &RepoFacts,
    global: &Global,
    index: usize,
    entry: &Entry,
    sidecar: Option<usize>,
) -> Result<Value, FactError> {
    let found = if global.is_empty() { config::Found::default() } else { global.find(&entry.path) };
    // An override annotation is all there is: the file is not read.
    let (own, binary) = if found.overrides.is_empty() {
        own_info(facts, index, entry, sidecar)?
    } else {
        (None, sidecar.is_none() && is_binary_file(facts, index, entry))
    };
    let mut infos: Vec<Info> = Vec::new();
    infos.extend(found.overrides.iter().cloned());
    infos.extend(found.aggregates.iter().cloned());
    let (has_license, has_copyright) =
        own.as_ref().map_or((false, false), |o| (!o.licenses.is_empty(), !o.copyrights.is_empty()));
    if let Some(own) = own {
        infos.push(own);
    }
    if !has_license && !has_copyright {
        infos.extend(found.closest.iter().cloned());
    } else if has_license != has_copyright
        && let Some(closest) = found.closest.first()
    {
        // The file says one of the two: the closest annotation gives the other
        let mut other = closest.clone();
        if has_copyright {
            other.copyrights.clear();
        } else {
            other.licenses.clear();
        }
        infos.push(other);
    }
    Ok(record(entry, &infos, binary))
}

fn record(entry: &Entry, infos: &[Info], binary: bool) -> Value {
    let mut licenses: Vec<String> = Vec::new();
    let mut copyrights: Vec<String> = Vec::new();
    let mut sources: Vec<&str> = Vec::new();
    for info in infos {
        for l in &info.licenses {
            if !licenses.contains(l) {
                licenses.push(l.clone());
            }
        }
        for c in &info.copyrights {
            if !copyrights.contains(c) {
                copyrights.push(c.clone());
            }
        }
        if info.has_any() && !sources.contains(&info.source.name()) {
            sources.push(info.source.name());
        }
    }
    let (mut ids, mut invalid) = (Vec::new(), Vec::new());
    for l in &licenses {
        match extract::expression_ids(l) {
            Some(found) => {
                for id in found {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            None => invalid.push(l.clone()),
        }
    }
    // The licensing's source, else the copyright's
    let main = infos
        .iter()
        .find(|i| !i.licenses.is_empty())
        .or_else(|| infos.iter().find(|i| !i.copyrights.is_empty()));
    let strings = |v: &[String]| Value::list(v.iter().map(Value::str));
    let mut fields = BTreeMap::new();
    fields.insert("path".into(), Value::Str(entry.path.clone()));
    fields.insert("licenses".into(), strings(&licenses));
    fields.insert("copyrights".into(), strings(&copyrights));
    fields.insert("ids".into(), strings(&ids));
    fields.insert("invalid".into(), strings(&invalid));
    fields.insert("source".into(), Value::str(main.map_or("none", |m| m.source.name())));
    fields.insert("sources".into(), Value::list(sources.iter().map(Value::str)));
    fields.insert("source_path".into(), main.map_or(Value::Null, |m| Value::str(&m.source_path)));
    let line = main.and_then(|m| m.line);
    fields.insert("line".into(), line.map_or(Value::Null, |l| Value::Int(i64::from(l))));
    fields.insert("is_binary".into(), Value::Bool(binary));
    // Findings point at the covered file; at the tag's line when the tag is in the file
    let in_file = main.is_some_and(|m| m.source == Source::Header);
    let location =
        Location { line: if in_file { line } else { None }, ..Location::file(entry.path.clone()) };
    Value::Record(Arc::new(MapRecord {
        kind: RecordKind(&SPDX_HEADER),
        fields,
        location: Some(location),
    }))
}

/// `reuse_license_texts()`: the files under the root's `LICENSES/` (sidecars aside), each
/// with the id its name gives, as reuse-tool's `Project._find_licenses`
#[expect(clippy::unnecessary_wraps, reason = "every fact is computed through one signature")]
pub(super) fn reuse_license_texts(facts: &RepoFacts, _: &[Value]) -> Result<Value, FactError> {
    let mut out = Vec::new();
    for entry in facts.entries() {
        let Some(rest) = entry.path.strip_prefix("LICENSES/") else { continue };
        if rest.ends_with(".license") {
            continue;
        }
        let name = rest.rsplit('/').next().unwrap_or(rest);
        let (id, has_extension) = text_id(name);
        let (known, deprecated) = id_status(&id);
        let mut fields = BTreeMap::new();
        fields.insert("path".into(), Value::Str(entry.path.clone()));
        fields.insert("id".into(), Value::str(&id));
        fields.insert("known".into(), Value::Bool(known));
        fields.insert("deprecated".into(), Value::Bool(deprecated));
        fields.insert("has_extension".into(), Value::Bool(has_extension));
        out.push(Value::Record(Arc::new(MapRecord {
            kind: RecordKind(&REUSE_LICENSE_TEXT),
            fields,
            location: Some(Location::file(entry.path.clone())),
        })));
    }
    Ok(Value::list(out))
}

/// The id a license text's name gives, and whether the name has an extension: Python's
/// `Path.stem` when that is an id (`Apache-2.0.txt`), else the whole name when that is one
/// (`Apache-2.0`: no extension), else the stem
fn text_id(name: &str) -> (String, bool) {
    let (stem, suffix) = match name.rfind('.') {
        Some(i) if i > 0 && i + 1 < name.len() => (name.get(..i).unwrap_or(name), true),
        _ => (name, false),
    };
    if suffix && (id_status(stem).0) {
        return (stem.to_string(), true);
    }
    if id_status(name).0 && !is_license_ref(name) {
        return (name.to_string(), false);
    }
    (stem.to_string(), true)
}

fn is_license_ref(id: &str) -> bool {
    id.strip_prefix("LicenseRef-").is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    })
}

/// (on the SPDX list or a `LicenseRef-` REUSE accepts, deprecated)
fn id_status(id: &str) -> (bool, bool) {
    if let Some(l) = spdx::license_id(id) {
        return (true, l.is_deprecated());
    }
    if let Some(e) = spdx::exception_id(id) {
        return (true, e.is_deprecated());
    }
    // reuse-tool keeps texts named `LicenseRef-…Unknown…` out of its map: they stay bad
    (is_license_ref(id) && !id.contains("Unknown"), false)
}
