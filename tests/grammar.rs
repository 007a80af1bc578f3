//! grammar/tenet.ebnf is the grammar of the policy language (SPEC §2.6): every production
//! is followed by an example, and every example must parse with the real parser, so the
//! grammar cannot drift from `src/syntax/`. The same file checks that the editor grammar
//! knows every reserved word, fact and helper, and that docs/language.md lists every
//! signature and record field of `the fact registry`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use tenet::facts::registry;
use tenet::model::schema::{HELPERS, Sig};
use tenet::source::SourceId;
use tenet::syntax::token::KEYWORDS;
use tenet::syntax::{parse_expr, parse_file};

/// The comment that separates item-level productions (above) from expressions (below)
const MARKER: &str = "---- expressions ----";

/// Productions that nothing else refers to: the start symbol, and trivia (which may
/// appear between any two tokens)
const ROOTS: &[&str] = &["file", "trivia"];

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path);
    assert!(text.is_ok(), "cannot read {}: {:?}", path.display(), text.as_ref().err());
    text.unwrap_or_default()
}

// ---- a small reader for ISO EBNF ----

#[derive(Debug, PartialEq)]
enum Tok {
    /// A meta-identifier (production name)
    Name(String),
    /// `=`
    Defines,
    /// `;` or `.`
    Ends,
    /// `(* … *)`, with its text and whether it stands alone on its line(s)
    Comment { text: String, own_line: bool },
    /// Terminals, special sequences and the other operators
    Other,
}

#[derive(Debug)]
struct Lexeme {
    tok: Tok,
    line: usize,
    column: usize,
}

/// Split the grammar into lexemes; `Err` for unclosed comments, strings or special sequences
fn tokenize(src: &str) -> Result<Vec<Lexeme>, String> {
    let chars: Vec<char> = src.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let mut out = Vec::new();
    let (mut i, mut line, mut line_start) = (0usize, 1usize, 0usize);
    while let Some(c) = at(i) {
        let column = i - line_start;
        let start_line = line;
        if c == '\n' {
            line += 1;
            line_start = i + 1;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        let tok = if c == '(' && at(i + 1) == Some('*') {
            let alone_before =
                chars.get(line_start..i).is_some_and(|s| s.iter().all(|c| c.is_whitespace()));
            let mut j = i + 2;
            loop {
                match (at(j), at(j + 1)) {
                    (Some('*'), Some(')')) => break,
                    (Some('\n'), _) => {
                        line += 1;
                        line_start = j + 1;
                    }
                    (None, _) => return Err(format!("line {start_line}: unclosed comment")),
                    _ => {}
                }
                j += 1;
            }
            let text: String = chars.get(i + 2..j).unwrap_or_default().iter().collect();
            end = j + 2;
            let alone_after = chars
                .get(end..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| **c != '\n')
                .all(|c| c.is_whitespace());
            if text.contains("(*") {
                return Err(format!(
                    "line {start_line}: `(*` inside a comment (ISO EBNF may read it as a nested comment)"
                ));
            }
            Tok::Comment { text, own_line: alone_before && alone_after }
        } else if matches!(c, '"' | '\'' | '?') {
            let close = chars.get(i + 1..).and_then(|rest| rest.iter().position(|d| *d == c));
            let Some(len) = close else { return Err(format!("line {line}: unclosed `{c}`")) };
            let body = chars.get(i + 1..i + 1 + len).unwrap_or_default();
            if c != '?' && body.contains(&'\n') {
                return Err(format!("line {line}: terminal string spans lines"));
            }
            line += body.iter().filter(|d| **d == '\n').count();
            end = i + len + 2;
            Tok::Other
        } else if c.is_ascii_alphabetic() || c == '_' {
            while at(end).is_some_and(|d| d.is_ascii_alphanumeric() || d == '_') {
                end += 1;
            }
            Tok::Name(chars.get(i..end).unwrap_or_default().iter().collect())
        } else if c == '=' {
            Tok::Defines
        } else if c == ';' || c == '.' {
            Tok::Ends
        } else {
            Tok::Other
        };
        out.push(Lexeme { tok, line: start_line, column });
        i = end;
    }
    Ok(out)
}

#[derive(Debug)]
struct Example {
    text: String,
    line: usize,
    /// Below the expressions marker: parsed with `parse_expr`
    is_expr: bool,
}

#[derive(Debug, Default)]
struct Production {
    name: String,
    line: usize,
    /// Names used on the right-hand side, with their lines
    refs: Vec<(String, usize)>,
    examples: Vec<Example>,
}

#[derive(Debug, Default)]
struct Grammar {
    productions: Vec<Production>,
    /// Structural problems found while reading
    problems: Vec<String>,
}

fn read_grammar(src: &str) -> Grammar {
    let mut g = Grammar::default();
    let lexemes = match tokenize(src) {
        Ok(l) => l,
        Err(e) => {
            g.problems.push(e);
            return g;
        }
    };
    let mut is_expr = false;
    let mut markers = 0;
    let mut in_rhs = false;
    let mut iter = lexemes.iter().peekable();
    while let Some(lx) = iter.next() {
        match &lx.tok {
            Tok::Comment { text, own_line } => {
                let trimmed = text.trim();
                if trimmed == MARKER {
                    markers += 1;
                    is_expr = true;
                    if in_rhs {
                        g.problems.push(format!(
                            "line {}: the expressions marker is inside a definition",
                            lx.line
                        ));
                    }
                } else if let Some(example) = trimmed.strip_prefix("example:") {
                    if !text.starts_with(" example: ")
                        || !text.ends_with(' ')
                        || text.contains('\n')
                    {
                        g.problems.push(format!(
                            "line {}: write examples as `(* example: TEXT *)` on one line",
                            lx.line
                        ));
                    }
                    if !own_line {
                        g.problems
                            .push(format!("line {}: an example must be on its own line", lx.line));
                    }
                    match g.productions.last_mut() {
                        Some(p) => p.examples.push(Example {
                            text: example.trim().to_string(),
                            line: lx.line,
                            is_expr,
                        }),
                        None => g
                            .problems
                            .push(format!("line {}: example before the first production", lx.line)),
                    }
                } else if trimmed.to_lowercase().starts_with("example") {
                    g.problems.push(format!("line {}: malformed example comment", lx.line));
                }
            }
            Tok::Name(name) if !in_rhs => {
                let defines = matches!(iter.peek(), Some(Lexeme { tok: Tok::Defines, .. }));
                if !defines {
                    g.problems.push(format!("line {}: `{name}` outside a definition", lx.line));
                    continue;
                }
                if lx.column != 0 {
                    g.problems.push(format!(
                        "line {}: start the definition of `{name}` at the beginning of its line",
                        lx.line
                    ));
                }
                iter.next();
                in_rhs = true;
                g.productions.push(Production {
                    name: name.clone(),
                    line: lx.line,
                    ..Production::default()
                });
            }
            Tok::Name(name) => {
                if let Some(p) = g.productions.last_mut() {
                    p.refs.push((name.clone(), lx.line));
                }
            }
            Tok::Ends if in_rhs => in_rhs = false,
            Tok::Defines if in_rhs => {
                g.problems
                    .push(format!("line {}: `=` inside a definition (missing `;`?)", lx.line));
            }
            _ if in_rhs => {}
            _ => g.problems.push(format!("line {}: stray symbol outside a definition", lx.line)),
        }
    }
    if in_rhs {
        g.problems.push("the last definition does not end with `;`".to_string());
    }
    if markers != 1 {
        g.problems.push(format!("expected exactly one `(* {MARKER} *)` line, found {markers}"));
    }
    g
}

fn grammar() -> Grammar {
    read_grammar(&read("grammar/tenet.ebnf"))
}

/// Parse one example the way the grammar's header says; the rendered diagnostics
fn parse_example(ex: &Example) -> Vec<String> {
    let render = |ds: &[tenet::diag::Diagnostic]| {
        ds.iter().map(|d| format!("{}: {}", d.code, d.message)).collect::<Vec<_>>()
    };
    if ex.text.starts_with("tenet 1") {
        render(&parse_file(&ex.text, SourceId(0)).1)
    } else if !ex.is_expr {
        render(&parse_file(&format!("tenet 1\n{}", ex.text), SourceId(0)).1)
    } else {
        match parse_expr(&ex.text, SourceId(0)) {
            Ok(_) => Vec::new(),
            Err(ds) => render(&ds),
        }
    }
}

#[test]
fn grammar_is_well_formed() {
    let g = grammar();
    assert!(g.problems.is_empty(), "grammar/tenet.ebnf:\n{}", g.problems.join("\n"));
    assert!(g.productions.len() > 50, "only {} productions read", g.productions.len());
}

#[test]
fn every_production_has_an_example() {
    let g = grammar();
    let missing: Vec<String> = g
        .productions
        .iter()
        .filter(|p| p.examples.is_empty())
        .map(|p| {
            format!(
                "line {}: `{}` has no `(* example: … *)` before the next production",
                p.line, p.name
            )
        })
        .collect();
    assert!(missing.is_empty(), "grammar/tenet.ebnf:\n{}", missing.join("\n"));
}

#[test]
fn every_example_parses() {
    let g = grammar();
    let mut failures = Vec::new();
    let mut count = 0;
    for p in &g.productions {
        for ex in &p.examples {
            count += 1;
            let diags = parse_example(ex);
            if !diags.is_empty() {
                let how = if ex.text.starts_with("tenet 1") {
                    "file"
                } else if ex.is_expr {
                    "expression"
                } else {
                    "item-level"
                };
                failures.push(format!(
                    "line {}: {how} example of `{}` does not parse:\n    {}\n    {}",
                    ex.line,
                    p.name,
                    ex.text,
                    diags.join("\n    ")
                ));
            }
        }
    }
    assert!(count > 0, "no examples found");
    assert!(failures.is_empty(), "grammar/tenet.ebnf:\n{}", failures.join("\n"));
}

#[test]
fn every_name_is_defined_once_and_used() {
    let g = grammar();
    let mut defined: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for p in &g.productions {
        if let Some(first) = defined.insert(&p.name, p.line) {
            problems.push(format!(
                "line {}: `{}` is defined again (first on line {first})",
                p.line, p.name
            ));
        }
    }
    let mut used: BTreeSet<&str> = ROOTS.iter().copied().collect();
    for p in &g.productions {
        for (r, line) in &p.refs {
            if !defined.contains_key(r.as_str()) {
                problems
                    .push(format!("line {line}: `{r}` is used by `{}` but never defined", p.name));
            }
            if r != &p.name {
                used.insert(r);
            }
        }
    }
    for (name, line) in &defined {
        if !used.contains(name) {
            problems.push(format!("line {line}: `{name}` is defined but nothing refers to it"));
        }
    }
    assert!(problems.is_empty(), "grammar/tenet.ebnf:\n{}", problems.join("\n"));
}

#[test]
fn grammar_lists_every_keyword() {
    let g = grammar();
    let src = read("grammar/tenet.ebnf");
    let line = g.productions.iter().find(|p| p.name == "keyword").map_or(0, |p| p.line);
    assert!(line > 0, "grammar/tenet.ebnf has no `keyword` production");
    let lines: Vec<&str> =
        src.lines().skip(line - 1).take_while(|l| !l.trim_start().starts_with("(*")).collect();
    let text = lines.join(" ");
    let missing: Vec<&&str> =
        KEYWORDS.iter().filter(|k| !text.contains(&format!("\"{k}\""))).collect();
    assert!(
        missing.is_empty(),
        "`keyword` in grammar/tenet.ebnf lacks {missing:?} (src/syntax/token.rs KEYWORDS)"
    );
}

// ---- the TextMate grammar ----

/// Every run of letters and `_` in the `match`/`begin`/`end` patterns of the grammar
fn textmate_words(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if let (true, serde_json::Value::String(s)) =
                    (matches!(k.as_str(), "match" | "begin" | "end"), v)
                {
                    out.extend(
                        s.split(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
                            .filter(|w| !w.is_empty())
                            .map(str::to_string),
                    );
                } else {
                    textmate_words(v, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| textmate_words(i, out)),
        _ => {}
    }
}

#[test]
fn textmate_grammar_knows_keywords_facts_and_helpers() {
    let text = read("grammar/tenet.tmLanguage.json");
    let json: Result<serde_json::Value, _> = serde_json::from_str(&text);
    assert!(json.is_ok(), "grammar/tenet.tmLanguage.json is not JSON: {:?}", json.as_ref().err());
    let json = json.unwrap_or_default();
    assert_eq!(json.get("scopeName"), Some(&serde_json::json!("source.tenet")));
    assert_eq!(json.get("fileTypes"), Some(&serde_json::json!(["tenet"])));
    let mut words = BTreeSet::new();
    textmate_words(&json, &mut words);
    let missing: Vec<&str> = KEYWORDS
        .iter()
        .copied()
        .chain(registry::facts().map(|f| f.sig.name).chain(HELPERS.iter().map(|s| s.name)))
        .filter(|w| !words.contains(*w))
        .collect();
    assert!(
        missing.is_empty(),
        "grammar/tenet.tmLanguage.json does not highlight {missing:?}: add them to its keyword, fact or helper patterns"
    );
}

// ---- docs/language.md mirrors the fact registry ----

#[test]
fn language_reference_lists_every_fact_helper_and_record() {
    let doc = read("docs/language.md");
    let mut missing = Vec::new();
    let sigs: Vec<&Sig> = registry::facts().map(|f| &f.sig).chain(HELPERS).collect();
    for sig in sigs {
        let want = format!("`{}`", sig.display());
        if !doc.contains(&want) {
            missing.push(want);
        }
    }
    for kind in registry::records() {
        let heading = format!("### `{}`", kind.name());
        if !doc.contains(&heading) {
            missing.push(heading);
        }
        for (field, ty, _) in kind.fields() {
            let row = format!("| `{field}` | `{ty}` |");
            if !doc.contains(&row) {
                missing.push(format!("{row} (record `{}`)", kind.name()));
            }
        }
        for m in kind.methods() {
            let want = format!("`.{}`", m.display());
            if !doc.contains(&want) {
                missing.push(format!("{want} (record `{}`)", kind.name()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/language.md is out of date with the fact registry; it lacks:\n{}",
        missing.join("\n")
    );
}
