//! The on-disk cache of license detection, beside the process-wide one in
//! `license_detect`: a text the matcher had to match (not a verbatim common license) is
//! remembered across runs, so a pre-commit hook in a repository whose LICENSE names its
//! organisation (BSD-3-Clause's "Neither the name of Acme…") does not load the matcher's
//! 48 MiB of data on every commit.
//!
//! Off unless the command line turns it on ([`use_dir`]): the library never writes on its
//! own. Entries live under a directory named for tenet's version and the license data, so
//! an upgrade never reads an older answer. Each entry holds the normalised text it answers
//! for, and a hash collision, a truncated or a hand-edited entry is a miss, never an
//! answer. Writing is best effort (a full disk or a read-only home only costs speed): the
//! entry is written to a temporary file and renamed, so a reader never sees half of one.

use super::license_detect::Detection;
use super::license_fingerprint::fingerprint;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static DIR: OnceLock<PathBuf> = OnceLock::new();

/// An entry is read up to this size: its key is a normalised text of at most 256 KiB, so
/// anything longer is no entry tenet wrote
const MAX_ENTRY: u64 = 1 << 20;

/// What one cache file holds
#[derive(Serialize, Deserialize)]
struct Entry {
    /// The normalised text this answer is for
    key: String,
    /// The licenses found, with their scores
    found: Vec<(String, f32)>,
}

/// Keep detection results under `root` for this process and the next ones (the command
/// line's `--cache-dir`); the first call wins
pub fn use_dir(root: &Path, data_version: u64) {
    let dir = root.join(format!("licenses-{}-{data_version:016x}", env!("CARGO_PKG_VERSION")));
    let _ = DIR.set(dir);
}

/// The file that holds the answer for `key`
fn file_of(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{:016x}.json", fingerprint(key)))
}

/// The remembered answer for the normalised text `key`, if any
pub(super) fn load(key: &str) -> Option<Detection> {
    load_from(DIR.get()?, key)
}

fn load_from(dir: &Path, key: &str) -> Option<Detection> {
    use std::io::Read as _;
    // A regular file of bounded size only: nothing in the cache can block or exhaust a run
    // (checked before opening: opening a FIFO would wait for a writer)
    let path = file_of(dir, key);
    if !std::fs::metadata(&path).ok()?.is_file() {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_ENTRY).read_to_end(&mut bytes).ok()?;
    let entry: Entry = serde_json::from_slice(&bytes).ok()?;
    let sane = entry.found.iter().all(|(id, s)| !id.is_empty() && (0.0..=1.0).contains(s));
    (entry.key == key && sane).then_some(Detection { found: entry.found })
}

/// Remember `detection` for the normalised text `key` (best effort)
pub(super) fn save(key: &str, detection: &Detection) {
    if let Some(dir) = DIR.get() {
        save_to(dir, key, detection);
    }
}

fn save_to(dir: &Path, key: &str, detection: &Detection) {
    let entry = Entry { key: key.to_string(), found: detection.found.clone() };
    let Ok(json) = serde_json::to_vec(&entry) else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(mut file) = tempfile::NamedTempFile::new_in(dir) else { return };
    if std::io::Write::write_all(&mut file, &json).is_ok() {
        let _ = file.persist(file_of(dir, key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detection(id: &str, score: f32) -> Detection {
        Detection { found: vec![(id.to_string(), score)] }
    }

    #[test]
    fn an_answer_is_kept_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let d = detection("BSD-3-Clause", 0.973_456_7);
        save_to(dir.path(), "redistribution and use", &d);
        assert_eq!(load_from(dir.path(), "redistribution and use"), Some(d));
        assert_eq!(load_from(dir.path(), "another text"), None);
    }

    #[test]
    fn a_collision_a_torn_or_an_edited_entry_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        save_to(dir.path(), "the text", &detection("MIT", 0.9));
        let file = file_of(dir.path(), "the text");
        // Another text under the same file name (a hash collision) is not this one's answer
        let other = r#"{"key":"not the text","found":[["MIT",0.9]]}"#;
        std::fs::write(&file, other).unwrap();
        assert_eq!(load_from(dir.path(), "the text"), None);
        for bad in ["", "{", r#"{"key":"the text","found":[["",0.9]]}"#, "\u{1b}[31m"] {
            std::fs::write(&file, bad).unwrap();
            assert_eq!(load_from(dir.path(), "the text"), None, "{bad:?}");
        }
        let nan = r#"{"key":"the text","found":[["MIT",7.5]]}"#;
        std::fs::write(&file, nan).unwrap();
        assert_eq!(load_from(dir.path(), "the text"), None);
        std::fs::write(&file, " ".repeat(2 << 20)).unwrap();
        assert_eq!(load_from(dir.path(), "the text"), None);
        std::fs::remove_file(&file).unwrap();
        std::fs::create_dir(&file).unwrap();
        assert_eq!(load_from(dir.path(), "the text"), None);
    }

    #[test]
    fn an_unwritable_cache_costs_nothing_but_speed() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("a-file");
        std::fs::write(&blocked, "not a directory").unwrap();
        save_to(&blocked.join("sub"), "the text", &detection("MIT", 0.9));
        assert_eq!(load_from(&blocked.join("sub"), "the text"), None);
    }
}
