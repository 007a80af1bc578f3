//! The new user's repository of issue 10, checked by the real binary with the default
//! policy: MIT in `LICENSE`, `"license": "Apache 2"` in package.json and a GPL-3.0 text
//! vendored under `third_party/` give findings at package.json's license line (invalid,
//! with the suggestion; and not what LICENSE says) and at the vendored text.

#![expect(clippy::unwrap_used, reason = "test")]

fn text(id: &str) -> String {
    let t = spdx::text::LICENSE_TEXTS.iter().find(|(n, _)| *n == id).map(|(_, t)| *t).unwrap();
    t.replace("<year>", "2024").replace("<copyright holders>", "Example Corp")
}

#[test]
fn default_policy_reports_the_manifest_line_and_the_vendored_gpl_text() {
    let dir = tempfile::tempdir().unwrap();
    let write = |p: &str, s: &str| {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, s).unwrap();
    };
    write("LICENSE", &text("MIT"));
    write(
        "package.json",
        "{\n  \"name\": \"demo\",\n  \"version\": \"1.0.0\",\n  \"license\": \"Apache 2\"\n}\n",
    );
    write("third_party/g/COPYING", &text("GPL-3.0-only"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenet"))
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found = Vec::new();
    for o in report["repositories"][0]["outcomes"].as_array().unwrap() {
        let rule = o["rule"].as_str().unwrap();
        if !rule.starts_with("license/") {
            continue;
        }
        for v in o["violations"].as_array().into_iter().flatten() {
            found.push(format!(
                "{rule} {}:{} {}",
                v["path"].as_str().unwrap_or("-"),
                v["line"],
                v["help"].as_str().unwrap_or("")
            ));
        }
    }
    found.sort();
    insta::assert_snapshot!(found.join("\n"), @r"
    license/forbidden-category third_party/g/COPYING:null remove or replace the vendored code that `third_party/g/COPYING` covers, or ask the OSPO for an exception (a `waive` with `paths`)
    license/invalid-manifest-expression package.json:4 write the license as an SPDX expression: use `Apache-2.0` instead
    license/manifest-mismatch package.json:4 make `package.json` declare the license of the license files, or add the missing license text
    ");
}
