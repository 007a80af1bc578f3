//! docs/rules/<pack>.md is generated from the `##` comments of each embedded pack and must
//! be current. Regenerate with `UPDATE_DOCS=1 cargo test --test rule_docs`.

use tenet::engine::policy::load_with_sets;
use tenet::policy::{PolicySpec, pack_names};

#[test]
fn rule_docs_are_current() {
    let now = jiff::Timestamp::from_second(1_795_651_200).unwrap();
    for pack in pack_names().into_iter().filter(|p| *p != "recommended") {
        let loaded = load_with_sets(&[PolicySpec::Std(pack.to_string())], &[], now);
        let program = loaded.program.unwrap();
        let unit = format!("std/{pack}");
        let rules: Vec<_> = program.rules.iter().filter(|r| r.unit == unit).collect();
        assert!(rules.iter().all(|r| !r.docs.is_empty()), "every rule of {unit} has `##` docs");
        let text = tenet::report::rule_docs::render_pack(&unit, &rules);
        let path = format!("docs/rules/{pack}.md");
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::create_dir_all("docs/rules").unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{path} is stale: run `UPDATE_DOCS=1 cargo test --test rule_docs`"
        );
    }
}
