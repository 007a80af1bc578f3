//! Which files are staged: the paths whose index entry differs from `HEAD`'s tree (added
//! or modified), for `tenet check --staged`. Read with gix from the index and the object
//! database; deleted files are not listed, since there is nothing left to check.

use super::{Target, git};
use crate::diag::Code;
use crate::model::FactError;
use std::collections::{BTreeSet, HashMap};

impl Target {
    /// The staged paths, sorted; an error outside a git work tree
    pub fn staged_paths(&self) -> Result<BTreeSet<String>, FactError> {
        let shared = self.git.as_ref().ok_or_else(|| {
            FactError::new(
                Code::FactsGit,
                format!("`{}` is not a git repository: nothing is staged", self.path.display()),
            )
        })?;
        let repo = shared.to_thread_local();
        let head: HashMap<Vec<u8>, (gix::ObjectId, super::Mode)> = git::head_blobs(&repo)?
            .unwrap_or_default()
            .into_iter()
            .map(|b| (b.path, (b.id, b.mode)))
            .collect();
        Ok(git::index_blobs(&repo)?
            .into_iter()
            .filter(|b| head.get(&b.path) != Some(&(b.id, b.mode)))
            .map(|b| String::from_utf8_lossy(&b.path).into_owned())
            .collect())
    }
}
