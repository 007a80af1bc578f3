//! The standard packs embedded from rules/std/ by build.rs.

include!(concat!(env!("OUT_DIR"), "/packs.rs"));

/// The names of the embedded packs, sorted (`hygiene`, `recommended`, …)
pub fn pack_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = PACK_FILES.iter().map(|(p, _, _)| *p).collect();
    names.dedup();
    names
}

/// The files of one pack: (file name, text)
pub fn pack_files(pack: &str) -> Vec<(&'static str, &'static str)> {
    PACK_FILES.iter().filter(|(p, _, _)| *p == pack).map(|(_, n, t)| (*n, *t)).collect()
}
