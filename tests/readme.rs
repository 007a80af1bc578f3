//! The policies shown in README.md and docs/*.md are real: every ```tenet block that is a
//! whole file (starts with `tenet 1`) loads, checks and builds without a single diagnostic.

fn blocks(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
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
    out.into_iter().filter(|b| b.starts_with("tenet 1")).collect()
}

#[test]
fn readme_policies_are_clean() {
    let now = jiff::Timestamp::from_second(1_795_651_200).unwrap();
    let found = blocks("README.md");
    assert!(!found.is_empty(), "README.md shows no policy");
    for (i, text) in found.into_iter().enumerate() {
        let spec = tenet::policy::PolicySpec::Text(format!("README.md block {i}"), text.clone());
        let loaded = tenet::cli::policy::load_with_sets(&[spec], &[], now);
        let diags: Vec<String> = loaded.diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect();
        assert!(diags.is_empty(), "README block {i}:\n{text}\n{diags:#?}");
    }
}
