//! Diagnostic codes are unique, registered and documented.

use std::collections::BTreeSet;

#[test]
fn codes_are_unique_and_documented() {
    let docs = std::fs::read_to_string("docs/diagnostics.md").unwrap();
    let mut seen = BTreeSet::new();
    for code in tenet::diag::Code::ALL {
        let (code, summary) = (code.as_str(), code.summary());
        assert!(seen.insert(code), "`{code}` is registered twice");
        assert!(!summary.is_empty(), "`{code}` has no summary");
        assert!(
            docs.lines().any(|l| l.trim() == format!("## {code}")),
            "docs/diagnostics.md has no `## {code}` heading"
        );
    }
}

#[test]
fn every_code_used_in_the_source_is_registered() {
    let re =
        regex::Regex::new(r#""((?:syntax|check|policy|eval|facts|test)::[a-z0-9_]+)""#).unwrap();
    let mut stack = vec![std::path::PathBuf::from("src")];
    let mut unknown = BTreeSet::new();
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for c in re.captures_iter(&text) {
                    let code = c[1].to_string();
                    if tenet::diag::Code::parse(&code).is_none() {
                        unknown.insert(format!("{code} in {}", p.display()));
                    }
                }
            }
        }
    }
    assert!(unknown.is_empty(), "unregistered codes: {unknown:?}");
}
