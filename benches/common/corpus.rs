//! A reproducible synthetic corpus for benchmarks: repositories of M files with a README,
//! a license, sources in several languages, tests, CI and docs. Deterministic: the same
//! seed writes the same bytes, so every benchmark runs offline and comparably.

use std::path::Path;

/// A tiny deterministic generator (xorshift64*), enough to vary names and sizes
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const LANGS: &[(&str, &str)] = &[
    ("rs", "fn main() {\n    println!(\"hello\");\n}\n"),
    ("py", "def main():\n    return 42\n"),
    ("js", "export function main() {\n  return 42;\n}\n"),
    ("go", "package main\n\nfunc main() {}\n"),
    ("md", "# Notes\n\nSome prose about the project.\n"),
];

/// Write one repository of `files` files under `root`
pub(crate) fn write_repo(root: &Path, files: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng::new(seed);
    std::fs::create_dir_all(root.join(".github/workflows"))?;
    std::fs::create_dir_all(root.join(".github/ISSUE_TEMPLATE"))?;
    std::fs::write(
        root.join("README.md"),
        "# Project\n\nWhat it does.\n\n## License\n\nMIT, see LICENSE.\n",
    )?;
    std::fs::write(root.join("LICENSE"), "MIT License\n\nCopyright (c) 2026 Example\n")?;
    std::fs::write(root.join("CONTRIBUTING.md"), "# Contributing\n")?;
    std::fs::write(
        root.join("CODE_OF_CONDUCT.md"),
        "# Code of conduct\n\nContact: conduct@example.com\n",
    )?;
    std::fs::write(root.join("SECURITY.md"), "# Security\n")?;
    std::fs::write(root.join("SUPPORT.md"), "# Support\n")?;
    std::fs::write(root.join("CHANGELOG.md"), "# Changelog\n")?;
    std::fs::write(root.join(".github/ISSUE_TEMPLATE/bug.md"), "bug\n")?;
    std::fs::write(root.join(".github/pull_request_template.md"), "pr\n")?;
    std::fs::write(root.join(".github/workflows/ci.yml"), "on: push\njobs: {}\n")?;
    std::fs::write(root.join("package.json"), "{\"name\": \"x\", \"license\": \"MIT\"}\n")?;
    std::fs::write(root.join("setup.py"), "from setuptools import setup\nsetup()\n")?;
    std::fs::write(root.join("go.mod"), "module example.com/x\n")?;
    let written = 13;
    for i in written..files {
        // INVARIANT: `below(n)` is less than `n`, so the index is in range.
        #[expect(clippy::indexing_slicing, reason = "in range, see INVARIANT")]
        let (ext, body) = LANGS[rng.below(LANGS.len() as u64) as usize];
        let dir = match rng.below(4) {
            0 => format!("src/mod{}", rng.below(20)),
            1 => format!("tests/t{}", rng.below(5)),
            2 => format!("docs/d{}", rng.below(5)),
            _ => format!("lib/l{}/inner", rng.below(10)),
        };
        std::fs::create_dir_all(root.join(&dir))?;
        let mut text = String::new();
        for _ in 0..=rng.below(20) {
            text.push_str(body);
        }
        std::fs::write(root.join(dir).join(format!("file{i}.{ext}")), text)?;
    }
    Ok(())
}

/// A policy of `n` generated rules exercising loops, templates, regexes and quantifiers
pub(crate) fn generated_policy(n: usize) -> String {
    let mut s = String::from(
        "tenet 1\n\nparam strict: bool = false\nlet approved = [\"MIT\", \"Apache-2.0\", \"BSD-3-Clause\"]\n\n",
    );
    for i in 0..n {
        let rule = match i % 4 {
            0 => format!(
                "## Rule {i}.\nrule gen/files-{i} {{\n  severity warning\n  tags [\"generated\"]\n  for f in files(\"**/*.rs\", \"**/*.py\")\n  where f.size < 1MB\n  for m in f.find(/TODO{i}:?\\s*(.*)/i)\n  forbid true\n  message \"`{{f.path}}` line {{m.line}}: {{m.text}}\"\n  help \"resolve it\"\n}}\n\n"
            ),
            1 => format!(
                "rule gen/exists-{i} {{\n  when not strict\n  require exists(\"README*\", \"docs/**/*.md\", nocase: true)\n  message \"no README ({i})\"\n}}\n\n"
            ),
            2 => format!(
                "rule gen/license-{i} {{\n  for l in [\"MIT\", \"GPL-3.0-only\"]\n  require l satisfies approved or any a in approved: starts_with(l, a)\n  message \"{{l}} is not approved ({i})\"\n}}\n\n"
            ),
            _ => format!(
                "rule gen/langs-{i} {{\n  when languages().has(\"rust\")\n  require count(f in files(\"**/*.rs\"): len(f.name) > {i}) >= 0 and [x.path for x in files(\"*.md\") if x.size > 0B] != []\n}}\n\n"
            ),
        };
        s.push_str(&rule);
    }
    s
}
