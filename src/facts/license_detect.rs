//! License text detection: what license a text is, with the `spdx` crate's matcher (the
//! one cargo-deny uses). Below the `licenses` provider, above the file reader.
//!
//! The matcher's data (about 48 MiB once decompressed) is loaded at most once per
//! process, on the first text that needs it, so a check whose rules never ask for license
//! text pays nothing, and the verbatim text of a common license (fingerprinted at build
//! time) is recognised without it. Results are cached process-wide by normalised text
//! (words only, lowercase, copyright lines dropped): the same license with another
//! copyright line, in another repository of the scan, is matched once; and, when the
//! command line turns it on, across runs too (`license_cache`).

use super::license_cache;
pub use super::license_fingerprint::normalise;
use super::license_fingerprint::{fingerprint, without_appendix};
use spdx::detection::scan::{ScanMode, Scanner};
use spdx::detection::{Store, TextData};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

/// Texts longer than this are matched on their first this-many bytes: a license is
/// shorter, and matching time grows with the text
const MAX_TEXT: usize = 256 << 10;

/// A whole-text match at least this good is taken as one license without looking for
/// others inside it (an exact text with a copyright line filled in scores about 1.0)
const WHOLE_TEXT: f32 = 0.99;

/// A whole-text match below this is no license: nothing to look for inside it
const LOOK_INSIDE: f32 = 0.5;

/// Texts longer than this are matched as a whole only (the longest SPDX texts are about
/// 60 KiB; two of them fit)
const MAX_SCANNED: usize = 128 << 10;

/// What a text was found to be, before any threshold is applied
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// The licenses found, in text order, each with its score (0–1); empty when nothing
    /// resembles a license at all
    pub found: Vec<(String, f32)>,
}

impl Detection {
    /// The confidence of the whole answer: the weakest of the licenses found
    pub fn confidence(&self) -> f32 {
        self.found.iter().map(|(_, s)| *s).reduce(f32::min).unwrap_or(0.0)
    }

    /// The best single id: the strongest license found
    pub fn best(&self) -> Option<&str> {
        self.found.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|(id, _)| id.as_str())
    }

    /// The SPDX expression of everything found (`A AND B` for two licenses in one text)
    pub fn expression(&self) -> Option<String> {
        let mut ids: Vec<&str> = Vec::new();
        for (id, _) in &self.found {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
        (!ids.is_empty()).then(|| ids.join(" AND "))
    }
}

/// Why detection could not run
pub type LoadError = String;

// Fingerprints of the normalised SPDX texts of common licenses, made by build.rs:
// `FINGERPRINTS: &[(u64, &str)]`, sorted by fingerprint
include!(concat!(env!("OUT_DIR"), "/license_fingerprints.rs"));

/// The license whose verbatim SPDX text normalises to `key` (with or without an appendix)
fn verbatim(key: &str) -> Option<&'static str> {
    let find = |s: &str| {
        let h = fingerprint(s);
        FINGERPRINTS.binary_search_by_key(&h, |(f, _)| *f).ok().and_then(|i| FINGERPRINTS.get(i))
    };
    find(key).or_else(|| without_appendix(key).and_then(find)).map(|(_, id)| *id)
}

/// A digest of the license data this build recognises (the SPDX texts it fingerprinted),
/// so that cached answers of another build are never read
pub fn data_version() -> u64 {
    FINGERPRINTS.iter().fold(0xcbf2_9ce4_8422_2325, |h, (f, id)| {
        (h ^ f ^ fingerprint(id)).wrapping_mul(0x0100_0000_01b3)
    })
}

static STORE: OnceLock<Result<Store, LoadError>> = OnceLock::new();

type Cache = Mutex<HashMap<String, Arc<OnceLock<Detection>>>>;
static CACHE: LazyLock<Cache> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The matcher's data, loaded on first use
fn store() -> Result<&'static Store, LoadError> {
    STORE
        .get_or_init(|| {
            Store::load_inline().map_err(|e| format!("the license data could not be loaded: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Whether the matcher's data has been loaded in this process (for tests and benchmarks)
pub fn is_loaded() -> bool {
    STORE.get().is_some()
}

/// Detect the license of `text`, from the cache when the same normalised text was seen
pub fn detect(text: &str) -> Result<Detection, LoadError> {
    let text = cut(text);
    let key = normalise(text);
    if key.is_empty() {
        return Ok(Detection { found: Vec::new() });
    }
    let verbatim = verbatim(&key);
    let cell = {
        let mut cache = CACHE.lock().map_err(|_| "the license cache is poisoned".to_string())?;
        cache.entry(key.clone()).or_default().clone()
    };
    if let Some(d) = cell.get() {
        return Ok(d.clone());
    }
    if let Some(id) = verbatim {
        return Ok(cell.get_or_init(|| Detection { found: vec![(id.to_string(), 1.0)] }).clone());
    }
    if let Some(d) = license_cache::load(&key) {
        return Ok(cell.get_or_init(|| d).clone());
    }
    let store = store()?;
    // Only the thread that matched writes the answer down; the others waited for it
    let mut matched = false;
    let detection = cell
        .get_or_init(|| {
            matched = true;
            match_text(store, text)
        })
        .clone();
    if matched {
        license_cache::save(&key, &detection);
    }
    Ok(detection)
}

/// The matcher's answer for `text`, bypassing the cache and the fingerprints (for tests and
/// benchmarks that compare the two)
pub fn detect_by_matcher(text: &str) -> Result<Detection, LoadError> {
    Ok(match_text(store()?, cut(text)))
}

/// The first `MAX_TEXT` bytes, cut at a character boundary
fn cut(text: &str) -> &str {
    if text.len() <= MAX_TEXT {
        return text;
    }
    let mut end = MAX_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or(text)
}

/// Match a text: the whole text first; when it is no near-exact single license, look for
/// the licenses it contains, top-down (the default elimination scan misses the first of
/// two concatenated licenses: see CRATES.md)
fn match_text(store: &Store, text: &str) -> Detection {
    let data = TextData::new(text);
    let whole = store.analyze(&data);
    let single = vec![(whole.name.to_string(), whole.score)];
    // Looking inside costs time that grows with the text: only for texts that resemble
    // licenses (two concatenated licenses still score about 0.95 as a whole), and not for
    // long ones, so that hostile input stays cheap
    if whole.score >= WHOLE_TEXT || whole.score < LOOK_INSIDE || text.len() > MAX_SCANNED {
        return Detection { found: single };
    }
    let scanner = Scanner::with_scan_mode(store, ScanMode::top_down()).confidence_threshold(0.8);
    let scanned = scanner.scan(&data);
    let mut parts: Vec<(String, f32)> =
        scanned.containing.iter().map(|c| (c.license.name.to_string(), c.score)).collect();
    parts.dedup_by(|a, b| {
        a.0 == b.0 && {
            b.1 = b.1.max(a.1);
            true
        }
    });
    // The parts win only when every one of them matches better than the whole text does:
    // a license that quotes another (Sleepycat holds BSD clauses) stays one license.
    let parts = Detection { found: parts };
    if !parts.found.is_empty() && parts.confidence() > whole.score {
        parts
    } else {
        Detection { found: single }
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalising_drops_copyright_lines_and_layout() {
        let a = "# MIT License\n\nCopyright (c) 2024 Ada\n\nPermission is hereby\ngranted.";
        let b = "MIT License\nCopyright 1999 Someone Else\nPermission   is hereby granted.";
        assert_eq!(normalise(a), normalise(b));
        assert_eq!(normalise(a), "permission is hereby granted");
    }

    #[test]
    fn empty_text_is_no_license_without_loading_data() {
        let d = super::detect("  \n\n").unwrap();
        assert!(d.found.is_empty());
        assert!(d.confidence() < f32::EPSILON);
        assert_eq!(d.expression(), None);
    }
}
