//! Embeds the standard packs: every `rules/std/<pack>/*.tenet` file becomes an entry of
//! `PACK_FILES`, so the binary needs no files at run time. Also fingerprints the SPDX texts
//! of common licenses (`FINGERPRINTS`), so their verbatim copies are recognised without
//! loading the license matcher's data.

#[expect(unreachable_pub, reason = "shared with the library, where the module is public")]
#[path = "src/facts/license_fingerprint.rs"]
mod license_fingerprint;

use std::fmt::Write as _;
use std::path::Path;

/// (SPDX text, the id the matcher reports for it): the licenses most repositories carry.
/// The GPL family's text cannot tell `-only` from `-or-later`; the matcher says `-or-later`
/// (`tests/license_accuracy.rs` checks each pair against the matcher).
const FINGERPRINTED: &[(&str, &str)] = &[
    ("0BSD", "0BSD"),
    ("AGPL-3.0-or-later", "AGPL-3.0-or-later"),
    ("Apache-2.0", "Apache-2.0"),
    ("BSD-2-Clause", "BSD-2-Clause"),
    ("BSD-3-Clause", "BSD-3-Clause"),
    ("BSL-1.0", "BSL-1.0"),
    ("CC-BY-4.0", "CC-BY-4.0"),
    ("CC0-1.0", "CC0-1.0"),
    ("EPL-2.0", "EPL-2.0"),
    ("GPL-2.0-or-later", "GPL-2.0-or-later"),
    ("GPL-3.0-or-later", "GPL-3.0-or-later"),
    ("ISC", "ISC"),
    ("LGPL-2.1-or-later", "LGPL-2.1-or-later"),
    ("LGPL-3.0-or-later", "LGPL-3.0-or-later"),
    ("MIT", "MIT"),
    ("MIT-0", "MIT-0"),
    ("MPL-2.0", "MPL-2.0"),
    ("Unicode-3.0", "Unicode-3.0"),
    ("Unlicense", "Unlicense"),
    ("Zlib", "Zlib"),
];

fn fingerprints() {
    let mut rows: Vec<(u64, &str)> = Vec::new();
    for (text_id, id) in FINGERPRINTED {
        let Some((_, text)) = spdx::text::LICENSE_TEXTS.iter().find(|(n, _)| n == text_id) else {
            println!("cargo::warning=no SPDX text for `{text_id}`");
            continue;
        };
        let key = license_fingerprint::normalise(text);
        rows.push((license_fingerprint::fingerprint(&key), id));
        if let Some(short) = license_fingerprint::without_appendix(&key) {
            rows.push((license_fingerprint::fingerprint(short), id));
        }
    }
    rows.sort_unstable();
    rows.dedup_by_key(|r| r.0);
    let mut out = String::from(
        "/// Fingerprints of normalised SPDX texts: (fingerprint, id), sorted\nstatic FINGERPRINTS: &[(u64, &str)] = &[\n",
    );
    for (h, id) in rows {
        let (a, b, c, d) = (h >> 48, (h >> 32) & 0xffff, (h >> 16) & 0xffff, h & 0xffff);
        let _ = writeln!(out, "    (0x{a:04x}_{b:04x}_{c:04x}_{d:04x}, {id:?}),");
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("license_fingerprints.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo::warning=cannot write {}: {e}", dest.display());
    }
}

fn main() {
    println!("cargo::rerun-if-changed=rules/std");
    println!("cargo::rerun-if-changed=src/facts/license_fingerprint.rs");
    fingerprints();
    let mut entries = Vec::new();
    if let Ok(packs) = std::fs::read_dir("rules/std") {
        for pack in packs.flatten() {
            let dir = pack.path();
            if !dir.is_dir() {
                continue;
            }
            let Ok(files) = std::fs::read_dir(&dir) else { continue };
            for file in files.flatten() {
                let path = file.path();
                if path.extension().is_some_and(|e| e == "tenet") {
                    entries.push((pack.file_name().to_string_lossy().into_owned(), path));
                }
            }
        }
    }
    entries.sort();
    let mut out = String::from(
        "/// Embedded standard pack files: (pack, file name, text)\npub(crate) static PACK_FILES: &[(&str, &str, &str)] = &[\n",
    );
    for (pack, path) in &entries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let abs = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join(path);
        let _ = writeln!(
            out,
            "    ({pack:?}, {name:?}, include_str!({:?})),",
            abs.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("packs.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo::warning=cannot write {}: {e}", dest.display());
    }
}
