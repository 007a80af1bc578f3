//! The small repository the evaluator target runs on: a few files of each kind the facts
//! read (text, documents, a license, a binary, non-UTF-8), written once into a tempdir.

use std::path::Path;

/// The files: path and bytes
const FILES: &[(&str, &[u8])] = &[
    ("README.md", b"# fuzz\nTODO: write docs\n"),
    ("LICENSE", b"MIT License\n\nCopyright (c) 2026 Fuzz\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n"),
    ("src/main.rs", b"fn main() {}\n// TODO one\n"),
    ("src/lib.rs", b"//! SPDX-License-Identifier: MIT\npub fn f() {}\n"),
    ("package.json", b"{\"name\": \"fuzz\", \"license\": \"MIT\", \"dependencies\": {\"left-pad\": \"1\"}}\n"),
    ("config.yaml", b"a: [1, 2, {b: c}]\nanchor: &x {k: v}\nalias: *x\n"),
    ("Cargo.toml", b"[package]\nname = \"fuzz\"\nlicense = \"MIT OR Apache-2.0\"\n"),
    (".github/workflows/ci.yml", b"on: push\njobs: {}\n"),
    ("bin/blob.bin", b"\x00\x01\x02\xff\xfe"),
    ("latin1.txt", b"caf\xe9\n"),
    ("script", b"#!/usr/bin/env python3\nprint('hi')\n"),
];

/// Write the repository into `dir`
pub fn write(dir: &Path) -> std::io::Result<()> {
    for (path, bytes) in FILES {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
    }
    Ok(())
}
