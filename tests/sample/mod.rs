//! `sample_report()`: one report in the wire model that holds every kind of thing a report
//! can say, shared by the tests of the renderers, with the files its snippets come from.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::collections::HashMap;
use std::sync::Arc;
use tenet::report::FileSource;
use tenet::report::wire::{
    Detail, Diagnostic, Error, Label, Outcome, OutcomeKind, Report, Repository, SCHEMA, Severity,
    Summary, Tool, Values, Violation, Waiver,
};

/// Files by name, in memory
#[derive(Default)]
pub(crate) struct MemFiles(HashMap<String, Arc<str>>);

impl MemFiles {
    /// Files from (name, text) pairs
    pub(crate) fn new(files: &[(&str, &str)]) -> Self {
        MemFiles(files.iter().map(|(p, t)| ((*p).to_string(), Arc::from(*t))).collect())
    }
}

impl FileSource for MemFiles {
    fn read(&self, path: &str) -> Option<Arc<str>> {
        self.0.get(path).cloned()
    }
}

/// The policy file the sample's evaluation error and unused waiver point into
pub(crate) const POLICY: &str = "\
version 1

rule \"meta/readme-title\" {
  severity warning
  for d in documents(\"README.md\")
  require d.title != \"\"
}

waiver {
  rule \"hygiene/missing-license\"
  repos \"old-*\"
  reason \"archived\"
  until 2027-01-01
}
";

/// The policy files of the sample
pub(crate) fn policy_files() -> MemFiles {
    MemFiles::new(&[("policy.tenet", POLICY)])
}

/// The files of the sample's repositories, by repository name
pub(crate) fn repo_files(name: &str) -> MemFiles {
    match name {
        "alpha" => MemFiles::new(&[
            (
                "src/main.rs",
                "fn main() {\n    let token = \"hunter2\";\n    println!(\"hi\");\n}\n",
            ),
            ("config.yaml", "name: alpha\nowners: [\n"),
        ]),
        "beta" => {
            MemFiles::new(&[("Cargo.toml", "[package]\nname = \"beta\"\nlicense = \"GPL-3.0\"\n")])
        }
        _ => MemFiles::default(),
    }
}

fn violation(message: &str) -> Violation {
    Violation {
        message: message.to_string(),
        help: None,
        path: None,
        line: None,
        column: None,
        end_line: None,
        end_column: None,
        waived: false,
        values: Values::default(),
    }
}

fn outcome(rule: &str, severity: Severity, kind: OutcomeKind) -> Outcome {
    Outcome { rule: rule.to_string(), severity, outcome: kind, violations: Vec::new(), error: None }
}

/// Two repositories: pass, fail, waived, skipped and error outcomes; a located violation
/// with a snippet and `--explain` values; a repository-level violation; an error outcome
/// that kept a violation; a repository error on a line; an unused waiver
pub(crate) fn sample_report() -> Report {
    let mut secret = outcome("security/no-secrets", Severity::Error, OutcomeKind::Fail);
    secret.violations.push(Violation {
        help: Some("move it to the CI secret store".to_string()),
        path: Some("src/main.rs".to_string()),
        line: Some(2),
        column: Some(17),
        end_line: Some(2),
        end_column: Some(26),
        values: [("m.text".to_string(), "\"hunter2\"".to_string())].into_iter().collect(),
        ..violation("a secret is committed in `src/main.rs`")
    });
    let mut license = outcome("hygiene/missing-license", Severity::Error, OutcomeKind::Fail);
    license.violations.push(Violation {
        help: Some("add a LICENSE file".to_string()),
        ..violation("the repository has no license")
    });
    let mut codeowners = outcome("hygiene/codeowners", Severity::Warning, OutcomeKind::Waived);
    codeowners.violations.push(Violation { waived: true, ..violation("no CODEOWNERS file") });
    let mut title = outcome("meta/readme-title", Severity::Warning, OutcomeKind::Error);
    title.violations.push(Violation {
        path: Some("docs/README.md".to_string()),
        line: Some(1),
        ..violation("`docs/README.md` has no title")
    });
    title.error = Some(Error {
        code: "facts::bad_yaml".to_string(),
        message: "`config.yaml` is not valid YAML: unclosed flow sequence".to_string(),
        path: Some("config.yaml".to_string()),
        line: Some(2),
        detail: Detail {
            labels: vec![Label {
                file: "policy.tenet".to_string(),
                start: (5, 12),
                end: (5, 33),
                message: Some("evaluating this".to_string()),
            }],
            help: Some("fix the file, or waive the rule for this repository".to_string()),
            related: Vec::new(),
        },
    });
    let alpha = Repository {
        name: "alpha".to_string(),
        path: "/repos/alpha".to_string(),
        errors: vec![Error {
            code: "facts::walk".to_string(),
            message: "`vendor/blob.bin` could not be read: permission denied".to_string(),
            path: Some("vendor/blob.bin".to_string()),
            line: None,
            detail: Detail::default(),
        }],
        outcomes: vec![
            codeowners,
            license,
            outcome("meta/has-readme", Severity::Note, OutcomeKind::Pass),
            title,
            secret,
        ],
        policy: Vec::new(),
        waivers: Vec::new(),
    };
    let mut gpl = outcome("licenses/allowed", Severity::Error, OutcomeKind::Fail);
    gpl.violations.push(Violation {
        path: Some("Cargo.toml".to_string()),
        line: Some(3),
        column: Some(11),
        end_line: Some(3),
        end_column: Some(20),
        values: [
            ("p.license".to_string(), "\"GPL-3.0\"".to_string()),
            ("allowed".to_string(), "[\"MIT\", \"Apache-2.0\"]".to_string()),
        ]
        .into_iter()
        .collect(),
        ..violation("license `GPL-3.0` is not allowed")
    });
    let beta = Repository {
        name: "beta".to_string(),
        path: "/repos/beta".to_string(),
        errors: vec![Error {
            code: "facts::bad_toml".to_string(),
            message: "`Cargo.toml` is not valid TOML: expected `=`".to_string(),
            path: Some("Cargo.toml".to_string()),
            line: Some(2),
            detail: Detail::default(),
        }],
        outcomes: vec![
            gpl,
            outcome("meta/has-readme", Severity::Note, OutcomeKind::Pass),
            outcome("rust/edition", Severity::Warning, OutcomeKind::Skipped),
        ],
        policy: vec![Diagnostic {
            code: "policy::ignored_waiver".to_string(),
            severity: Severity::Warning,
            message: "waiver for `licenses/allowed` is ignored: the central policy does not trust the repository's own waivers of its rules".to_string(),
            help: None,
            file: Some(".tenet/waivers.tenet".to_string()),
            line: Some(3),
            column: Some(1),
            detail: Detail::default(),
        }],
        waivers: vec![Waiver {
            rule: "licenses/allowed".to_string(),
            repos: Vec::new(),
            paths: Vec::new(),
            reason: "GPL | accepted *here*".to_string(),
            owner: "beta@example.com".to_string(),
            expires: "2027-06-30".to_string(),
            expired: false,
            ignored: true,
        }],
    };
    let unused = Diagnostic {
        code: "policy::unused_waiver".to_string(),
        severity: Severity::Warning,
        message: "waiver of `hygiene/missing-license` matched no violation".to_string(),
        help: Some("remove the waiver, or check its `repos` and `paths`".to_string()),
        file: Some("policy.tenet".to_string()),
        line: Some(9),
        column: Some(1),
        detail: Detail::default(),
    };
    let repositories = vec![alpha, beta];
    Report {
        schema: SCHEMA,
        tool: Tool { name: "tenet".to_string(), version: "0.0.0-test".to_string() },
        scanned_at: "2026-01-01T00:00:00Z".to_string(),
        complete: true,
        scan: None,
        summary: Summary::of(&repositories),
        repositories,
        policy: vec![unused],
        waivers: vec![
            Waiver {
                rule: "hygiene/codeowners".to_string(),
                repos: vec!["alpha".to_string()],
                paths: Vec::new(),
                reason: "owners are listed in the wiki".to_string(),
                owner: "ospo@example.com".to_string(),
                expires: "2027-03-01".to_string(),
                expired: false,
                ignored: false,
            },
            Waiver {
                rule: "hygiene/large-file".to_string(),
                repos: Vec::new(),
                paths: vec!["assets/**".to_string(), "*.bin".to_string()],
                reason: "<binary> fixtures".to_string(),
                owner: "ospo@example.com".to_string(),
                expires: "2025-12-31".to_string(),
                expired: true,
                ignored: false,
            },
        ],
    }
}
