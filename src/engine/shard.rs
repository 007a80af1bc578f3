//! Splitting a scan across machines (SPEC §7): `--shard I/N` keeps the repositories whose
//! path relative to the scan root hashes to shard I, so every machine, whatever its mount
//! points, agrees on the split; and the digest of a policy, which `tenet merge` compares so
//! that shards of different policies are never joined. Both use FNV-1a (64 bits), a hash
//! fixed by its definition rather than by a library version.

use crate::model::digest::fnv1a64;
use crate::report::wire::Shard;
use crate::source::{SourceId, SourceMap};

/// Parse `I/N` with 1 ≤ I ≤ N
pub fn parse_shard(s: &str) -> Result<Shard, String> {
    let bad = || format!("`--shard {s}` is not I/N with I from 1 to N (e.g. `--shard 2/8`)");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let index: u32 = i.trim().parse().map_err(|_| bad())?;
    let count: u32 = n.trim().parse().map_err(|_| bad())?;
    if index == 0 || count == 0 || index > count {
        return Err(bad());
    }
    Ok(Shard { index, count })
}

/// Is the repository at `relative` (relative to its scan root, `/`-separated) in `shard`?
pub fn in_shard(shard: Shard, relative: &str) -> bool {
    let h = fnv1a64(&[relative.as_bytes()]);
    h % u64::from(shard.count) == u64::from(shard.index - 1)
}

/// The digest of a policy: its files' names and texts, in name order, so the same files
/// loaded in another order or on another machine give the same digest
pub fn policy_digest(sources: &SourceMap) -> String {
    let mut files: Vec<(&str, &str)> = (0..)
        .map_while(|i| sources.get(SourceId(i)))
        .map(|f| (f.name.as_str(), &*f.text))
        .collect();
    files.sort_unstable();
    let mut chunks: Vec<&[u8]> = Vec::with_capacity(files.len() * 4);
    for (name, text) in &files {
        chunks.extend([name.as_bytes(), b"\0", text.as_bytes(), b"\0"]);
    }
    format!("fnv1a64:{:016x}", fnv1a64(&chunks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_partition() {
        assert_eq!(parse_shard("2/8").unwrap(), Shard { index: 2, count: 8 });
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
        let paths: Vec<String> = (0..200).map(|i| format!("org/repo-{i}")).collect();
        let shards: Vec<Shard> = (1..=4).map(|index| Shard { index, count: 4 }).collect();
        for p in &paths {
            assert_eq!(shards.iter().filter(|s| in_shard(**s, p)).count(), 1, "{p}");
        }
        // Every shard gets some of 200 repositories.
        for s in &shards {
            assert!(paths.iter().any(|p| in_shard(*s, p)));
        }
    }
}
