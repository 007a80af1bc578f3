//! `spdx_headers()` and `reuse_license_texts()` (REUSE 3.3) on fixture repositories:
//! headers, sidecars, REUSE.toml precedence, dep5, and hostile files (binary, not UTF-8,
//! huge, symlinks, a broken REUSE.toml).

#![expect(clippy::unwrap_used, clippy::panic, reason = "test")]

use std::sync::Arc;
use tenet::facts::FactSource;
use tenet::facts::registry;
use tenet::facts::repo::{RepoFacts, RepoOptions};
use tenet::model::{FactError, Value};
use tenet::repo::{Target, TreeChoice};

fn repo(files: &[(&str, &[u8])]) -> (tempfile::TempDir, RepoFacts) {
    let dir = tempfile::tempdir().unwrap();
    for (p, s) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, s).unwrap();
    }
    let facts = open(&dir);
    (dir, facts)
}

fn open(dir: &tempfile::TempDir) -> RepoFacts {
    let target = Target::open(dir.path(), &TreeChoice::Auto).unwrap();
    RepoFacts::new(Arc::new(target), RepoOptions::default())
}

fn call(facts: &RepoFacts, name: &str) -> Result<Value, FactError> {
    facts.fact(registry::fact(name).unwrap(), &[])
}

/// One line per record: path, licenses, copyrights, source, `source_path`:line, location
fn rows(v: &Value) -> Vec<String> {
    let Value::List(items) = v else { panic!("{v}") };
    items
        .iter()
        .map(|m| {
            let Value::Record(r) = m else { panic!("{m}") };
            let f = |n: &str| r.field(n).unwrap().plain().to_string();
            let at = r
                .location()
                .map(|l| format!("{}:{}", l.path, l.line.map_or("-".into(), |n| n.to_string())));
            format!(
                "{} licenses={} copyrights={} invalid={} source={} from={}:{} binary={} at={}",
                f("path"),
                f("licenses"),
                f("copyrights"),
                f("invalid"),
                f("source"),
                f("source_path"),
                f("line"),
                f("is_binary"),
                at.unwrap_or_default()
            )
        })
        .collect()
}

const MIT: &[u8] = b"MIT text\n";

#[test]
fn headers_sidecars_and_reuse_toml_combine_with_reuse_precedence() {
    let (_d, facts) = repo(&[
        ("LICENSES/MIT.txt", MIT),
        ("LICENSE", b"MIT License\n"),
        ("src/main.c", b"/*\n * SPDX-FileCopyrightText: 2024 Ada\n * SPDX-License-Identifier: MIT\n */\n"),
        // Licensing only: REUSE.toml's closest annotation gives the copyright
        ("src/half.c", b"// SPDX-License-Identifier: MIT\n"),
        // A sidecar replaces the file's own header
        ("img/logo.svg", b"<svg><!-- SPDX-License-Identifier: GPL-3.0-only --></svg>\n"),
        ("img/logo.svg.license", b"SPDX-FileCopyrightText: 2024 Artist\nSPDX-License-Identifier: CC-BY-4.0\n"),
        ("vendor/lib.c", b"// SPDX-License-Identifier: GPL-2.0-only\n// SPDX-FileCopyrightText: Someone\n"),
        ("docs/guide.md", b"# Guide\n"),
        ("empty.txt", b""),
        (
            "REUSE.toml",
            b"version = 1\n\n[[annotations]]\npath = [\"src/**\", \"docs/**\"]\nSPDX-FileCopyrightText = \"2024 Acme\"\nSPDX-License-Identifier = \"MIT\"\n\n[[annotations]]\npath = \"vendor/**\"\nprecedence = \"override\"\nSPDX-FileCopyrightText = \"Vendor Inc\"\nSPDX-License-Identifier = \"BSD-3-Clause\"\n",
        ),
    ]);
    insta::assert_snapshot!(rows(&call(&facts, "spdx_headers").unwrap()).join("\n"), @r#"
    docs/guide.md licenses=["MIT"] copyrights=["2024 Acme"] invalid=[] source=REUSE.toml from=REUSE.toml:3 binary=false at=docs/guide.md:-
    img/logo.svg licenses=["CC-BY-4.0"] copyrights=["SPDX-FileCopyrightText: 2024 Artist"] invalid=[] source=sidecar from=img/logo.svg.license:2 binary=false at=img/logo.svg:-
    src/half.c licenses=["MIT"] copyrights=["2024 Acme"] invalid=[] source=header from=src/half.c:1 binary=false at=src/half.c:1
    src/main.c licenses=["MIT"] copyrights=["SPDX-FileCopyrightText: 2024 Ada"] invalid=[] source=header from=src/main.c:3 binary=false at=src/main.c:3
    vendor/lib.c licenses=["BSD-3-Clause"] copyrights=["Vendor Inc"] invalid=[] source=REUSE.toml from=REUSE.toml:8 binary=false at=vendor/lib.c:-
    "#);
}

#[test]
fn dep5_aggregates_with_the_header() {
    let (_d, facts) = repo(&[
        (".reuse/dep5", b"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *.c\nCopyright: 2020 Jane\nLicense: MIT\n"),
        ("a.c", b"// SPDX-License-Identifier: Apache-2.0\n"),
        ("b.txt", b"plain\n"),
    ]);
    insta::assert_snapshot!(rows(&call(&facts, "spdx_headers").unwrap()).join("\n"), @r#"
    a.c licenses=["MIT", "Apache-2.0"] copyrights=["SPDX-FileCopyrightText: 2020 Jane"] invalid=[] source=dep5 from=.reuse/dep5:3 binary=false at=a.c:-
    b.txt licenses=[] copyrights=[] invalid=[] source=none from=null:null binary=false at=b.txt:-
    "#);
}

#[test]
fn binary_non_utf8_and_huge_files_are_read_by_their_head() {
    let mut huge = b"// SPDX-License-Identifier: MIT\n".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 20 << 20));
    huge.extend(b"\n// SPDX-License-Identifier: GPL-3.0-only\n");
    let (_d, facts) = repo(&[
        ("a.png", b"\x89PNG\r\n\x1a\n\0\0\0 SPDX-License-Identifier: MIT\n"),
        ("latin1.c", b"/* \xa9 2001 Jos\xe9 */\n/* SPDX-License-Identifier: MIT */\n"),
        ("huge.c", &huge),
    ]);
    let started = std::time::Instant::now();
    let rows = rows(&call(&facts, "spdx_headers").unwrap());
    assert!(started.elapsed().as_secs() < 5, "a 20 MiB file is not read: {:?}", started.elapsed());
    insta::assert_snapshot!(rows.join("\n"), @r#"
    a.png licenses=[] copyrights=[] invalid=[] source=none from=null:null binary=true at=a.png:-
    huge.c licenses=["MIT"] copyrights=[] invalid=[] source=header from=huge.c:1 binary=false at=huge.c:1
    latin1.c licenses=["MIT"] copyrights=["© 2001 José"] invalid=[] source=header from=latin1.c:2 binary=false at=latin1.c:2
    "#);
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_covered_and_not_followed() {
    let (dir, _) =
        repo(&[("real.c", b"// SPDX-License-Identifier: MIT\n// SPDX-FileCopyrightText: Ada\n")]);
    std::os::unix::fs::symlink("real.c", dir.path().join("link.c")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("out.c")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("real.c.license")).unwrap();
    let facts = open(&dir);
    let rows = rows(&call(&facts, "spdx_headers").unwrap());
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows.first().unwrap().starts_with("real.c licenses=[\"MIT\"]"), "{rows:?}");
}

#[test]
fn a_broken_reuse_toml_is_a_located_error() {
    let (_d, facts) = repo(&[
        ("a.c", b"// SPDX-License-Identifier: MIT\n"),
        (
            "REUSE.toml",
            b"version = 1\n\n[[annotations]]\npath = \"*.c\"\nprecedence = \"nearest\"\n",
        ),
    ]);
    let e = call(&facts, "spdx_headers").unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_deref(), e.line),
        ("facts::reuse_config", Some("REUSE.toml"), Some(5))
    );
    // The texts of LICENSES/ do not depend on it
    assert!(call(&facts, "reuse_license_texts").is_ok());
}

#[test]
fn license_texts_are_named_by_their_ids() {
    let (_d, facts) = repo(&[
        ("LICENSES/MIT.txt", MIT),
        ("LICENSES/Apache-2.0", MIT),
        ("LICENSES/GPL-3.0.txt", MIT),
        ("LICENSES/LicenseRef-Acme.md", MIT),
        ("LICENSES/Mine.txt", MIT),
        ("LICENSES/MIT.txt.license", b"SPDX-FileCopyrightText: x\n"),
        ("sub/LICENSES/BSD-3-Clause.txt", MIT),
    ]);
    let Value::List(items) = call(&facts, "reuse_license_texts").unwrap() else { panic!() };
    let rows: Vec<String> = items
        .iter()
        .map(|m| {
            let Value::Record(r) = m else { panic!() };
            let f = |n: &str| r.field(n).unwrap().to_string();
            format!(
                "{} {} known={} deprecated={} ext={}",
                f("path"),
                f("id"),
                f("known"),
                f("deprecated"),
                f("has_extension")
            )
        })
        .collect();
    insta::assert_snapshot!(rows.join("\n"), @r"
    LICENSES/Apache-2.0 Apache-2.0 known=true deprecated=false ext=false
    LICENSES/GPL-3.0.txt GPL-3.0 known=true deprecated=true ext=true
    LICENSES/LicenseRef-Acme.md LicenseRef-Acme known=true deprecated=false ext=true
    LICENSES/MIT.txt MIT known=true deprecated=false ext=true
    LICENSES/Mine.txt Mine known=false deprecated=false ext=true
    ");
}
