//! Commit message trailers (`Signed-off-by: Name <email>`), as `git interpret-trailers
//! --parse` reads them: only the last paragraph of the body counts, when it is all
//! trailers or at least a quarter trailers with one that git itself writes; continuation
//! lines are unfolded. The block detection is gix's, which follows git's; this file turns
//! its output into owned pairs and splits `Name <email>` values for the `trailer` record.

use super::intern::Interner;
use gix::bstr::ByteSlice as _;
use std::sync::Arc;

/// One trailer: its key as written and its unfolded value
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trailer {
    /// The key (`Signed-off-by`), as written; compared case-insensitively
    pub key: Arc<str>,
    /// The value, continuation lines joined by one space
    pub value: Arc<str>,
}

/// The trailers of a whole commit message (subject included: git never reads the first
/// paragraph as trailers)
pub fn parse(message: &[u8]) -> Vec<Trailer> {
    parse_interned(message, &mut Interner::default())
}

/// [`parse`], with keys and values shared through the walk's `interner`
pub(super) fn parse_interned(message: &[u8], interner: &mut Interner) -> Vec<Trailer> {
    let message = message.get(..end_of_message(message)).unwrap_or(message);
    let message = gix::objs::commit::MessageRef::from_bytes(message);
    let Some(body) = message.body() else { return Vec::new() };
    body.trailers()
        .map(|t| Trailer {
            key: interner.get(&t.token.to_str_lossy()),
            value: interner.get(&t.value.to_str_lossy()),
        })
        .collect()
}

/// Where the message ends for trailers, as git's `ignored_log_message_bytes` says: a
/// trailing run of blank lines, `#` comments and old merges' `Conflicts:` blocks (a
/// `Conflicts:` line and tab-indented paths) is not part of it
fn end_of_message(message: &[u8]) -> usize {
    let mut start_of_run: Option<usize> = None;
    let mut in_conflicts = false;
    let mut at = 0;
    for line in message.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(b"#") || line == b"\n" {
            start_of_run.get_or_insert(at);
        } else if line == b"Conflicts:\n" {
            in_conflicts = true;
            start_of_run.get_or_insert(at);
        } else if in_conflicts && line.starts_with(b"\t") {
            // a path of the conflicts block
        } else {
            start_of_run = None;
            in_conflicts = false;
        }
        at += line.len();
    }
    start_of_run.unwrap_or(message.len())
}

/// The `name` and `email` parts of a `Name <email>` value. A bare address (`a@b.c`, no
/// space) is all email; a value without `<…>` or `@` is all name.
pub fn split_identity(value: &str) -> (&str, &str) {
    let value = value.trim();
    if let Some((name, rest)) = value.split_once('<')
        && let Some((email, _)) = rest.split_once('>')
    {
        return (name.trim(), email.trim());
    }
    if value.contains('@') && !value.contains(char::is_whitespace) {
        return ("", value);
    }
    (value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(message: &str) -> Vec<(String, String)> {
        parse(message.as_bytes())
            .into_iter()
            .map(|t| (t.key.to_string(), t.value.to_string()))
            .collect()
    }

    #[test]
    fn the_last_paragraph_of_trailers_is_read() {
        let m = "Fix it\n\nBecause.\n\nSigned-off-by: A U <a@x.org>\nReviewed-by: B <b@x.org>\n";
        assert_eq!(
            pairs(m),
            [
                ("Signed-off-by".into(), "A U <a@x.org>".into()),
                ("Reviewed-by".into(), "B <b@x.org>".into())
            ]
        );
    }

    #[test]
    fn the_subject_is_never_a_trailer() {
        assert!(pairs("Signed-off-by: A <a@x.org>\n").is_empty());
    }

    #[test]
    fn a_paragraph_that_is_mostly_prose_is_no_trailer_block() {
        assert!(pairs("Fix\n\nThis: is prose\nand more prose\nand more\nand more\n").is_empty());
    }

    #[test]
    fn continuation_lines_are_unfolded() {
        let m = "Fix\n\nLink: https://example.org/a\n  /b\nSigned-off-by: A <a@x.org>\n";
        assert_eq!(pairs(m).first().unwrap().1, "https://example.org/a /b");
    }

    #[test]
    fn an_old_conflicts_block_is_not_a_trailer() {
        let m = "Merge x\n\nSigned-off-by: A <a@x.org>\n\nConflicts:\n\tdiff.c\n";
        assert_eq!(pairs(m), [("Signed-off-by".into(), "A <a@x.org>".into())]);
    }

    #[test]
    fn identities_split_into_name_and_email() {
        assert_eq!(split_identity("A U Thor <a@x.org>"), ("A U Thor", "a@x.org"));
        assert_eq!(split_identity("a@x.org"), ("", "a@x.org"));
        assert_eq!(split_identity("https://review/42"), ("https://review/42", ""));
        assert_eq!(split_identity("A <broken"), ("A <broken", ""));
    }
}
