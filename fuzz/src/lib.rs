//! The checks of the fuzz targets: the same file `tests/fuzz.rs` runs on stable, so the
//! short run in `cargo test` and the long libFuzzer run hold inputs to one standard.

#[path = "../../tests/fuzz_checks/mod.rs"]
pub mod checks;

use std::path::Path;
use std::sync::OnceLock;

/// The repository the evaluator target runs on, written once per process
pub fn repo() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("no tempdir: {e}"));
        checks::repo::write(dir.path())
            .unwrap_or_else(|e| panic!("cannot write the repository: {e}"));
        dir
    })
    .path()
}
