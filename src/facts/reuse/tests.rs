use super::config::{Global, Source};
use super::extract::{expression_ids, extract};
use super::{is_ignored_name, text_id};

fn values(tags: &[super::extract::Tag]) -> Vec<(String, u32)> {
    tags.iter().map(|t| (t.value.clone(), t.line)).collect()
}

#[test]
fn tags_are_read_in_every_comment_style_with_their_lines() {
    let text = "#!/bin/sh\n\
                # SPDX-FileCopyrightText: 2024 Jane Doe <jane@example.org>\n\
                /* SPDX-License-Identifier: MIT */\n\
                <!-- SPDX-License-Identifier: Apache-2.0 -->\n\
                // Copyright (c) 2019 Acme\n\
                © 2020 Someone\n\
                -- SPDX-License-Identifier: MIT\n\
                copyright lowercase is no notice\n\
                Copyright\n";
    let tags = extract(text);
    assert_eq!(
        values(&tags.licenses),
        [("MIT".to_string(), 3), ("Apache-2.0".to_string(), 4)],
        "each expression once, at its first line"
    );
    assert_eq!(
        values(&tags.copyrights),
        [
            ("SPDX-FileCopyrightText: 2024 Jane Doe <jane@example.org>".to_string(), 2),
            ("Copyright (c) 2019 Acme".to_string(), 5),
            ("© 2020 Someone".to_string(), 6),
        ]
    );
}

#[test]
fn ignore_blocks_hide_their_tags() {
    let text = "// SPDX-License-Identifier: MIT\n\
                // REUSE-IgnoreStart\n\
                // SPDX-License-Identifier: GPL-3.0-only\n\
                // REUSE-IgnoreEnd\n\
                x = 'REUSE-IgnoreStart SPDX-License-Identifier: BSD-3-Clause REUSE-IgnoreEnd'\n";
    assert_eq!(values(&extract(text).licenses), [("MIT".to_string(), 1)]);
}

#[test]
fn expressions_are_checked_for_syntax_only() {
    let ids = |e: &str| expression_ids(e);
    assert_eq!(ids("MIT"), Some(vec!["MIT".to_string()]));
    assert_eq!(
        ids("(MIT OR Apache-2.0) AND GPL-2.0-only WITH Classpath-exception-2.0"),
        Some(
            ["MIT", "Apache-2.0", "GPL-2.0-only", "Classpath-exception-2.0"]
                .map(String::from)
                .to_vec()
        )
    );
    assert_eq!(ids("mit or gpl-2.0+"), Some(vec!["mit".to_string(), "gpl-2.0+".to_string()]));
    assert_eq!(
        ids("LicenseRef-Acme AND MIT AND MIT"),
        Some(vec!["LicenseRef-Acme".into(), "MIT".into()])
    );
    for bad in [
        "",
        "MIT OR",
        "Apache 2",
        "(MIT",
        "MIT)",
        "MIT WITH",
        "AND MIT",
        "MIT WITH (X)",
        "MIT\\n\\",
        "{t.id}`\"",
        "MIT WITH X\"",
    ] {
        assert_eq!(ids(bad), None, "{bad:?}");
    }
    // Nesting is bounded: a hostile header does not overflow the stack
    let deep = format!("{}MIT{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(ids(&deep), None);
}

#[test]
fn license_texts_get_their_id_from_their_name() {
    assert_eq!(text_id("MIT.txt"), ("MIT".to_string(), true));
    assert_eq!(text_id("Apache-2.0.txt"), ("Apache-2.0".to_string(), true));
    assert_eq!(text_id("Apache-2.0"), ("Apache-2.0".to_string(), false));
    assert_eq!(text_id("MIT"), ("MIT".to_string(), false));
    assert_eq!(text_id("LicenseRef-Acme.md"), ("LicenseRef-Acme".to_string(), true));
    assert_eq!(text_id("MyLicense.txt"), ("MyLicense".to_string(), true));
}

#[test]
fn license_files_and_reuse_files_are_not_covered() {
    for name in [
        "LICENSE",
        "LICENSE.txt",
        "LICENSE-MIT",
        "COPYING",
        "LICENCE.md",
        "x.png.license",
        "REUSE.toml",
        "sbom.spdx.json",
        ".hgtags",
    ] {
        assert!(is_ignored_name(name), "{name}");
    }
    for name in ["LICENSES.md", "COPYINGX", "main.c", "license.txt"] {
        assert!(!is_ignored_name(name), "{name}");
    }
}

fn toml(path: &str, text: &str) -> (String, String) {
    (path.to_string(), text.to_string())
}

#[test]
fn nested_reuse_tomls_follow_reuse_precedence() {
    let global = Global::load(
        &[
            toml(
                "REUSE.toml",
                "version = 1\n\
                 [[annotations]]\npath = \"**\"\nSPDX-FileCopyrightText = \"Top\"\nSPDX-License-Identifier = \"MIT\"\n\
                 [[annotations]]\npath = [\"vendor/**\", \"*.md\"]\nprecedence = \"override\"\nSPDX-FileCopyrightText = \"Vendor\"\nSPDX-License-Identifier = \"BSD-3-Clause\"\n",
            ),
            toml(
                "docs/REUSE.toml",
                "version = 1\n[[annotations]]\npath = \"*.txt\"\nSPDX-License-Identifier = \"CC-BY-4.0\"\n\
                 [[annotations]]\npath = \"img/*.png\"\nprecedence = \"aggregate\"\nSPDX-FileCopyrightText = \"Artist\"\n",
            ),
            toml(
                "vendor/REUSE.toml",
                "version = 1\n[[annotations]]\npath = \"**\"\nSPDX-License-Identifier = \"GPL-3.0-only\"\n",
            ),
        ],
        None,
    )
    .unwrap_or_else(|e| panic!("{}", e.message));
    // The deepest closest annotation gives licensing; copyright from the nearest that has it
    let f = global.find("docs/a.txt");
    let closest: Vec<_> = f
        .closest
        .iter()
        .map(|i| (i.licenses.clone(), i.copyrights.clone(), i.source_path.clone()))
        .collect();
    assert_eq!(
        closest,
        [
            (vec![], vec!["Top".to_string()], "REUSE.toml".to_string()),
            (vec!["CC-BY-4.0".to_string()], vec![], "docs/REUSE.toml".to_string()),
        ]
    );
    // `*` stays in its directory: docs/x/b.txt is not `*.txt` of docs/
    assert_eq!(global.find("docs/x/b.txt").closest.len(), 1);
    // An override in a higher file wins over everything below it
    let v = global.find("vendor/lib/x.c");
    assert_eq!(v.overrides.len(), 1);
    assert_eq!(
        v.overrides.first().map(|i| i.licenses.clone()),
        Some(vec!["BSD-3-Clause".to_string()])
    );
    assert!(v.closest.is_empty());
    // The last matching annotation of a file wins; aggregate keeps its precedence
    let img = global.find("docs/img/a.png");
    assert_eq!(img.aggregates.len(), 1);
    assert_eq!(
        img.aggregates.first().map(|i| (i.source, i.line)),
        Some((Source::ReuseToml, Some(5)))
    );
}

#[test]
fn broken_reuse_tomls_are_located_errors() {
    let err = |text: &str| Global::load(&[toml("REUSE.toml", text)], None).map(|_| ()).unwrap_err();
    let e = err("version = 1\n[[annotations]]\npath = \"a\"\nprecedence = \"nearest\"\n");
    assert_eq!(
        (e.code.as_str(), e.path.as_deref(), e.line),
        ("facts::reuse_config", Some("REUSE.toml"), Some(4))
    );
    assert!(e.message.contains("`precedence` must be"), "{}", e.message);
    let e = err("version = = 1\n");
    assert_eq!((e.code.as_str(), e.line), ("facts::reuse_config", Some(1)));
    assert_eq!(err("[[annotations]]\npath = \"a\"\n").line, Some(1), "version is required");
    assert!(
        err("version = 1\n[[annotations]]\nSPDX-License-Identifier = \"MIT\"\n")
            .message
            .contains("path")
    );
    assert!(err("version = 1\n[[annotations]]\npath = 3\n").message.contains("string"));
    let both = Global::load(
        &[toml("REUSE.toml", "version = 1\n")],
        Some(toml(".reuse/dep5", "Format: x\n")),
    );
    assert!(both.unwrap_err().message.contains("not both"));
}

#[test]
fn glob_bombs_are_cheap_or_refused() {
    let stars = format!("{}x", "*/**/".repeat(2000));
    let text = format!(
        "version = 1\n[[annotations]]\npath = \"{stars}\"\nSPDX-License-Identifier = \"MIT\"\n"
    );
    let started = std::time::Instant::now();
    match Global::load(&[toml("REUSE.toml", &text)], None) {
        Ok(g) => {
            let long = "a/".repeat(5000) + "y";
            let _ = g.find(&long);
        }
        Err(e) => assert_eq!(e.code.as_str(), "facts::reuse_config"),
    }
    assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
    let many: Vec<String> = (0..5000).map(|i| format!("\"f{i}\"")).collect();
    let text = format!("version = 1\n[[annotations]]\npath = [{}]\n", many.join(", "));
    let e = Global::load(&[toml("REUSE.toml", &text)], None).unwrap_err();
    assert!(e.message.contains("more than"), "{}", e.message);
}

#[test]
fn dep5_paragraphs_aggregate_and_the_last_match_wins() {
    let dep5 = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\
                Upstream-Name: demo\n\n\
                Files: *.png\n  docs/*\nCopyright: 2020 Jane\n  2021 Acme\nLicense: CC0-1.0\n\n\
                Files: docs/special.png\nCopyright: Copyright 2022 Bob\nLicense: MIT\n";
    let g = Global::load(&[], Some(toml(".reuse/dep5", dep5)))
        .unwrap_or_else(|e| panic!("{}", e.message));
    let f = g.find("img/deep/a.png");
    let a =
        f.aggregates.first().map(|i| (i.licenses.clone(), i.copyrights.clone(), i.source, i.line));
    assert_eq!(
        a,
        Some((
            vec!["CC0-1.0".to_string()],
            vec![
                "SPDX-FileCopyrightText: 2020 Jane".to_string(),
                "SPDX-FileCopyrightText: 2021 Acme".to_string()
            ],
            Source::Dep5,
            Some(4)
        ))
    );
    let s = g.find("docs/special.png");
    assert_eq!(s.aggregates.first().map(|i| i.licenses.clone()), Some(vec!["MIT".to_string()]));
    assert!(g.find("src/main.c").aggregates.is_empty());
    let broken =
        Global::load(&[], Some(toml(".reuse/dep5", "Format: x\n\nFiles: *\nLicense: MIT\n")));
    assert_eq!(broken.unwrap_err().line, Some(3));
}
