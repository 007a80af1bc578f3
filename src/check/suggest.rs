//! "Did you mean": the closest known name to a misspelling.

/// The candidate closest to `name`, if it is close enough to be a likely typo
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(name.chars().count()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
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
        assert_eq!(did_you_mean("licence_files", ["license_files", "files"]), Some("license_files"));
        assert_eq!(did_you_mean("fles", ["files", "exists"]), Some("files"));
        assert_eq!(did_you_mean("zzz", ["files"]), None);
    }
}
