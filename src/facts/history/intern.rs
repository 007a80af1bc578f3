//! One shared copy of each string a history repeats: the same authors, committers and
//! trailer keys and values come back commit after commit, so the walk keeps one `Arc<str>`
//! of each instead of allocating it again for every commit.

use std::collections::HashSet;
use std::sync::Arc;

/// The strings seen so far in one walk
#[derive(Debug, Default)]
pub(super) struct Interner(HashSet<Arc<str>>);

impl Interner {
    /// The shared copy of `s`, made on first sight
    pub(super) fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(s) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(s);
        self.0.insert(shared.clone());
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_share_one_allocation() {
        let mut interner = Interner::default();
        let a = interner.get("Signed-off-by");
        let b = interner.get(&String::from("Signed-off-by"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &interner.get("Acked-by")));
    }
}
