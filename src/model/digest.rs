//! A stable 64-bit hash, FNV-1a: fixed by its definition rather than by a library version,
//! so shard assignment, policy digests and SARIF fingerprints agree across machines and
//! tenet versions.

/// FNV-1a (64 bits) of the concatenation of `chunks`
pub fn fnv1a64(chunks: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for chunk in chunks {
        for b in *chunk {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_the_published_function() {
        // Test vectors of the FNV reference: "" and "a"
        assert_eq!(fnv1a64(&[b""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(&[b"a", b""]), fnv1a64(&[b"", b"a"]));
    }
}
