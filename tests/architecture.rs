//! The module structure is checked, not hoped for: every top-level module of `src/` may
//! import (`crate::…`) only modules of the layers below its own, so there are no cycles and
//! the pipeline in docs/architecture.md is the one the code follows.

#![expect(clippy::unwrap_used, reason = "test")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bottom to top; a module may import only from earlier layers
const LAYERS: &[&[&str]] = &[
    &["source"],
    &["diag"],
    &["model"],
    &["syntax", "repo"],
    &["policy"],
    &["facts"],
    &["check"],
    &["eval"],
    &["report", "fix", "fmt"],
    &["engine"],
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Top-level module → the top-level modules its files name as `crate::X`
fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap();
            let first = rel.components().next().unwrap().as_os_str().to_string_lossy();
            let module = first.trim_end_matches(".rs").to_string();
            if module == "lib" || module == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let deps = out.entry(module.clone()).or_default();
            for (i, _) in text.match_indices("crate::") {
                let name: String = text[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module {
                    deps.insert(name);
                }
            }
        }
    }
    out
}

#[test]
fn modules_import_only_lower_layers() {
    let mut problems = Vec::new();
    for (module, deps) in edges() {
        let Some(mine) = layer_of(&module) else {
            problems.push(format!("`{module}` is in no layer: add it to LAYERS and docs"));
            continue;
        };
        for dep in deps {
            match layer_of(&dep) {
                Some(theirs) if theirs < mine => {}
                Some(_) => problems.push(format!("`{module}` imports `{dep}`: not below it")),
                None => problems.push(format!("`{module}` imports `{dep}`: in no layer")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_architecture_doc_lists_every_layer() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    for module in LAYERS.iter().flat_map(|l| l.iter()) {
        assert!(doc.contains(&format!("| `{module}` |")), "docs/architecture.md lacks `{module}`");
    }
}
