use super::*;
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::report::diagnostics::{Style, render};
use crate::source::{SourceMap, Span};

/// Everything miette reads from a `SpanContents`
fn parts(c: &dyn SpanContents<'_>) -> (Vec<u8>, usize, usize, usize, usize) {
    (c.data().to_vec(), c.span().len(), c.line(), c.column(), c.line_count())
}

#[test]
fn plain_text_is_shown_as_miette_shows_the_file() {
    let texts = [
        "",
        "one line, no break",
        "a\nbb\n\nccc\ndddd\n",
        "\n\n\nx\n\n",
        "crlf\r\nlines\r\n\r\nhere\r\n",
        "çé\nunicode ü\n\nlast",
        "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
    ];
    for text in texts {
        let file = SourceFile::new("f", text);
        for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            for end in (start..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let shown = Excerpts::new(&file, std::slice::from_ref(&(start..end)));
                let span = shown.span(start..end).unwrap();
                for (before, after) in [(0, 0), (1, 1), (0, 1)] {
                    let want =
                        text.read_span(&SourceSpan::new(start.into(), end - start), before, after);
                    let got = shown.read_span(&span, before, after);
                    match (want, got) {
                        (Ok(w), Ok(g)) => {
                            assert_eq!(
                                parts(&*w),
                                parts(&*g),
                                "{text:?} {start}..{end} ({before},{after})"
                            );
                            assert_eq!(g.name(), Some("f"));
                        }
                        (Err(_), Err(_)) => {}
                        (w, g) => panic!(
                            "{text:?} {start}..{end}: miette {:?}, ours {:?}",
                            w.is_ok(),
                            g.is_ok()
                        ),
                    }
                }
            }
        }
    }
}

fn render_one(text: &str, span: Range<usize>, style: Style) -> String {
    let mut map = SourceMap::default();
    let id = map.add("f.js", text);
    let d = Diagnostic::error(Code::FactsWalk, "here")
        .with_label(Span::new(id, span.start, span.end), "this");
    render(&[d], &map, style)
}

#[test]
fn control_characters_in_a_file_are_shown_escaped() {
    let text =
        "ok\nclear\u{1b}[2J\u{1b}]0;title\u{7} lone\rcr\u{0}nul \u{202e}bidi\u{feff}\nend\r\n";
    let at = text.find("lone").unwrap();
    for style in [Style::Fancy { color: false }, Style::Fancy { color: true }, Style::Plain] {
        let out = render_one(text, at..at + 4, style);
        let raw: Vec<char> =
            out.chars().filter(|&c| needs_escape(c) && c != '\n' && c != '\u{1b}').collect();
        assert!(raw.is_empty(), "{raw:?} in {out}");
        assert!(out.contains("\\u{1b}[2J") && out.contains("\\u{d}cr\\u{0}nul"), "{out}");
        assert!(out.contains("\\u{202e}bidi\\u{feff}"), "{out}");
        if style == (Style::Fancy { color: false }) {
            assert!(!out.contains('\u{1b}'), "{out}");
            // The lone `\r` is no line break: the label is on line 2, as tenet counts
            assert!(out.contains("[f.js:2:"), "{out}");
        }
    }
}

#[test]
fn a_label_far_out_in_a_minified_line_shows_a_window_and_its_real_column() {
    let mut text = "x".repeat(70_000);
    text.push_str("NEEDLE");
    text.push_str(&"y".repeat(70_000));
    text.push('\n');
    let at = 70_000;
    for style in [Style::Fancy { color: false }, Style::Plain] {
        let out = render_one(&text, at..at + 6, style);
        assert!(out.len() < 2_000, "{} bytes", out.len());
        assert!(out.contains("NEEDLE") && out.contains('…'), "{out}");
        if style == (Style::Fancy { color: false }) {
            assert!(out.contains("[f.js:1:70001]"), "{out}");
        }
    }
    // A label covering the whole line is shown by its start and end
    let out = render_one(&text, 0..text.len() - 1, Style::Fancy { color: false });
    assert!(out.len() < 2_000, "{} bytes", out.len());
}

#[test]
fn many_labels_on_one_long_line_each_get_their_window() {
    let text = format!("{}A{}B{}\n", "-".repeat(1000), "-".repeat(1000), "-".repeat(1000));
    let file = SourceFile::new("f", text.as_str());
    let (a, b) = (text.find('A').unwrap(), text.find('B').unwrap());
    let shown = Excerpts::new(&file, &[a..a + 1, b..b + 1]);
    for (at, want) in [(a, "A"), (b, "B")] {
        let span = shown.span(at..at + 1).unwrap();
        let c = shown.read_span(&span, 1, 1).unwrap();
        let line = String::from_utf8_lossy(c.data()).into_owned();
        assert_eq!(line.matches('…').count(), 3, "{line}");
        assert_eq!(&line[span.offset() - (c.span().offset())..][..1], want);
    }
}

#[test]
fn escape_text_keeps_newlines_only_when_asked() {
    assert_eq!(escape_text("a\nb\u{1b}", true), "a\nb\\u{1b}");
    assert_eq!(escape_text("a\nb", false), "a\\u{a}b");
    assert!(matches!(escape_text("plain", false), std::borrow::Cow::Borrowed(_)));
}
