//! Escaping for the text formats written by `sarif`, `junit`, `markdown`, `github` and the
//! dashboard: strings from a scanned repository (names, paths, messages that quote file
//! contents) never carry a raw control character into a log, a terminal or a document.
//! Characters are escaped as the human format escapes them (`excerpt::escape_text`).

/// `s` with every control character but `\n` and `\t` (and every bidirectional override)
/// written as `\u{…}`, as the human format shows them
pub(crate) fn visible(s: &str) -> String {
    super::excerpt::escape_text(s, true).into_owned()
}

/// `s` on one line: line breaks and tabs become spaces, other controls `\u{…}`
pub(crate) fn one_line(s: &str) -> String {
    visible(s).replace(['\n', '\t'], " ")
}

/// `s` for XML and HTML text and attribute values
pub(crate) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in visible(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `s` inside a Markdown table cell or list item: one line, with the characters that would
/// start markup (`|`, `*`, `_`, `` ` ``, `<`, `[`…) escaped
pub(crate) fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        if matches!(c, '\\' | '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#' | '~' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_never_pass_raw() {
        assert_eq!(visible("a\u{1b}[31mb\r"), "a\\u{1b}[31mb\\u{d}");
        assert_eq!(one_line("a\nb\tc"), "a b c");
        assert_eq!(xml("<a href=\"x\">&\u{7}"), "&lt;a href=&quot;x&quot;&gt;&amp;\\u{7}");
        assert_eq!(markdown("a|b *c*"), "a\\|b \\*c\\*");
    }
}
