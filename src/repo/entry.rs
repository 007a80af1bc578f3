//! One file of a repository target: its display path, size, mode and blob id, plus the
//! real name bytes it is read by. Display paths are `/`-separated and escaped, so two
//! different names never collapse into one and no control character reaches a terminal.

use std::path::Path;
use std::sync::{Arc, OnceLock};

/// What kind of file an entry is, as git records it
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A plain file
    Regular,
    /// A file with an execute bit
    Executable,
    /// A symbolic link (never followed out of the repository)
    Symlink,
}

/// One file of the tree
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the root for display and globs: `/`-separated, with invalid UTF-8
    /// bytes, control characters and `\` escaped (see [`escape_path`])
    pub path: Arc<str>,
    /// Size in bytes (of the link text, for a symlink): known from the listing for a
    /// work-tree file; for a blob, read from its object header on first ask
    /// ([`super::Target::size`]), so listing a 5,000-file index opens no object
    pub(super) size: OnceLock<u64>,
    /// Regular, executable or symlink
    pub mode: Mode,
    /// The git blob id, where git knows it: always for tree and index sources; for a
    /// working-tree file, the index's id when the file is unchanged by stat (size and
    /// modification time match the index, and the index is not older than the file)
    pub blob: Option<gix::ObjectId>,
    /// The real name, relative to the root, for reading from disk
    pub(super) real: Arc<Path>,
}

impl Entry {
    /// An entry whose real name is `real`; its display path is derived from the name bytes
    pub(super) fn new(
        real: Arc<Path>,
        bytes: &[u8],
        size: Option<u64>,
        mode: Mode,
        blob: Option<gix::ObjectId>,
    ) -> Entry {
        let size = size.map_or_else(OnceLock::new, OnceLock::from);
        Entry { path: escape_path(bytes).into(), size, mode, blob, real }
    }

    /// Is this entry a symbolic link?
    pub fn is_symlink(&self) -> bool {
        self.mode == Mode::Symlink
    }
}

/// The display form of a `/`-separated path: valid UTF-8 is kept, except that control
/// characters and `\` are escaped the way `std::ascii::escape_default` shows them (`\t`,
/// `\x1b`, `\\`; `\u{85}` for a control character outside ASCII), and every byte that is
/// not UTF-8 becomes `\xNN`. Escaping `\` itself keeps the form one-to-one: a file really
/// named `a\xff` displays as `a\\xff`, never as the escaped byte.
pub fn escape_path(bytes: &[u8]) -> String {
    // Nearly every name is printable ASCII, which is kept as it is
    if let Ok(plain) = std::str::from_utf8(bytes)
        && plain.bytes().all(|b| (b.is_ascii_graphic() && b != b'\\') || b == b' ')
    {
        return plain.to_owned();
    }
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if let Ok(b) = u8::try_from(c)
                && (b == b'\\' || b.is_ascii_control())
            {
                out.extend(std::ascii::escape_default(b).map(char::from));
            } else if c.is_control() {
                out.extend(c.escape_default());
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.extend(std::ascii::escape_default(*b).map(char::from));
        }
    }
    out
}

/// The bytes of a relative path, `/`-separated whatever the platform
#[cfg(unix)]
pub(super) fn path_bytes(rel: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt as _;
    std::borrow::Cow::Borrowed(rel.as_os_str().as_bytes())
}

/// The bytes of a relative path, `/`-separated whatever the platform
#[cfg(not(unix))]
pub(super) fn path_bytes(rel: &Path) -> std::borrow::Cow<'_, [u8]> {
    let parts: Vec<String> =
        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    std::borrow::Cow::Owned(parts.join("/").into_bytes())
}

/// A relative path from git's `/`-separated bytes
pub(super) fn path_from_bytes(bytes: &[u8]) -> Arc<Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        Arc::from(Path::new(std::ffi::OsStr::from_bytes(bytes)))
    }
    #[cfg(not(unix))]
    {
        Arc::from(Path::new(&*String::from_utf8_lossy(bytes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_names_are_kept() {
        assert_eq!(escape_path("src/main.rs".as_bytes()), "src/main.rs");
        assert_eq!(escape_path("docs/café ünï.md".as_bytes()), "docs/café ünï.md");
    }

    #[test]
    fn invalid_bytes_and_controls_are_escaped() {
        assert_eq!(escape_path(b"a\xff.txt"), "a\\xff.txt");
        assert_eq!(escape_path(b"a\xfe.txt"), "a\\xfe.txt");
        assert_eq!(escape_path(b"tab\there\n\x1b"), "tab\\there\\n\\x1b");
        assert_eq!(escape_path("c1\u{85}".as_bytes()), "c1\\u{85}");
    }

    #[test]
    fn a_backslash_is_escaped_so_names_never_collide() {
        assert_eq!(escape_path(b"a\\xff.txt"), "a\\\\xff.txt");
        assert_ne!(escape_path(b"a\\xff.txt"), escape_path(b"a\xff.txt"));
    }
}
