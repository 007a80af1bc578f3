//! "Did you mean": the closest known name to a misspelling.

/// The candidate closest to `name`, if it is close enough to be a likely typo. A name that
/// is a prefix or suffix of a candidate, or the other way round (`warn` for `warning`,
/// `require_dco` for `dco`), also counts, after the typos.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .filter_map(|c| {
            let other = c.to_lowercase();
            let d = strsim::damerau_levenshtein(&lower, &other);
            let typo = d <= (c.chars().count().max(name.chars().count()) / 3).max(1);
            let (short, long) =
                if lower.len() <= other.len() { (&lower, &other) } else { (&other, &lower) };
            let affix = short.chars().count() >= 3
                && (long.starts_with(short.as_str()) || long.ends_with(short.as_str()));
            (typo || affix).then_some((!typo, d, c))
        })
        .min()
        .map(|(_, _, c)| c)
}

/// `help` text for an unknown name
pub fn help_for<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(name, candidates).map(|s| format!("did you mean `{s}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_closest_name() {
        assert_eq!(
            did_you_mean("licence_files", ["license_files", "files"]),
            Some("license_files")
        );
        assert_eq!(did_you_mean("fles", ["files", "exists"]), Some("files"));
        assert_eq!(did_you_mean("zzz", ["files"]), None);
        assert_eq!(did_you_mean("warn", ["error", "warning", "note"]), Some("warning"));
        assert_eq!(did_you_mean("require_dco", ["dco", "cla"]), Some("dco"));
        assert_eq!(did_you_mean("f", ["file", "files"]), None);
    }
}
