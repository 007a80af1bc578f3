//! The policies shown in README.md and docs/language.md are real: every fenced `tenet`
//! block that is a whole file (starts with `tenet 1`) loads, checks and builds without an
//! error, and README's without even a warning. Blocks that import files or use fixtures beside them are left out: they cannot stand alone.

fn blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```tenet") => current = Some(String::new()),
            (Some(block), "```") => {
                out.push(std::mem::take(block));
                current = None;
            }
            (Some(block), l) => {
                block.push_str(l);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    // Blocks that import files or use fixtures beside them cannot stand alone.
    out.into_iter()
        .filter(|b| {
            b.starts_with("tenet 1") && !b.contains("import \"./") && !b.contains("fixture \"")
        })
        .collect()
}

#[expect(clippy::unwrap_used, reason = "a test helper: a panic is the failure report")]
fn assert_clean(path: &str, warnings_allowed: bool) {
    let now = jiff::Timestamp::from_second(1_795_651_200).unwrap();
    let found = blocks(&std::fs::read_to_string(path).unwrap());
    assert!(!found.is_empty(), "{path} shows no whole policy");
    for (i, text) in found.into_iter().enumerate() {
        let spec = tenet::policy::PolicySpec::Text(format!("{path} block {i}"), text.clone());
        let loaded = tenet::engine::policy::load_with_sets(&[spec], &[], now);
        let diags: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| !warnings_allowed || d.severity == tenet::diag::Severity::Error)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        assert!(diags.is_empty(), "{path} block {i}:\n{text}\n{diags:#?}");
    }
}

#[test]
fn readme_policies_are_clean() {
    assert_clean("README.md", false);
}

#[test]
fn language_reference_policies_are_clean() {
    // The reference shows fragments, so an unused `let` there is fine; an error is not.
    assert_clean("docs/language.md", true);
}
