//! Normalised license text and its fingerprint: the key of the detection cache, and the
//! fast path for verbatim texts of common licenses, recognised without loading the
//! matcher's data. Shared with build.rs (which fingerprints the SPDX texts at build time),
//! so it uses nothing but `std`.

/// The words of the text, lowercase, one space apart, without copyright lines, a short
/// title line or Markdown punctuation: reflowing, a different holder or a `# MIT License`
/// heading change nothing
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut first = true;
    for line in text.lines() {
        let trimmed = line.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(');
        if trimmed.is_empty() {
            continue;
        }
        let lower = trimmed.to_lowercase();
        let is_title = first
            && lower.split_whitespace().count() <= 6
            && (lower.contains("license") || lower.contains("licence"));
        first = false;
        if is_title
            || lower.starts_with("copyright")
            || lower.starts_with("(c)")
            || trimmed.starts_with('©')
        {
            continue;
        }
        for word in lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// FNV-1a, 64 bits: stable across builds and platforms, unlike `std`'s hasher
pub fn fingerprint(normalised: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in normalised.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The text up to the end of its terms, for licenses that ship an appendix many copies
/// leave out (Apache-2.0's "How to apply"); `None` when there is no such mark
pub fn without_appendix(normalised: &str) -> Option<&str> {
    const END: &str = "end of terms and conditions";
    let at = normalised.find(END)? + END.len();
    (at < normalised.len()).then(|| normalised.get(..at)).flatten()
}
