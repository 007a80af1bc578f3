//! Embeds the standard packs: every `rules/std/<pack>/*.tenet` file becomes an entry of
//! `PACK_FILES`, so the binary needs no files at run time.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=rules/std");
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
