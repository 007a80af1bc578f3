//! Policies built from bytes, for the evaluator target: mutated text rarely survives the
//! checker, so the evaluator would see few inputs. Here each byte picks the next piece of
//! a small grammar (lets, rules, clauses, typed expressions over the facts of
//! [`super::repo`]), so most inputs check clean and run; a bounded depth keeps each policy
//! small. The pieces are typed (bool, int, string, list of strings, list of files) to make
//! the checker accept them, not to promise it does.

use std::fmt::Write as _;

/// Reads choices off the input; once it is used up every choice is 0, the simplest piece
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl Bytes<'_> {
    fn pick(&mut self, n: usize) -> usize {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        usize::from(b) % n
    }

    fn of<'s>(&mut self, options: &[&'s str]) -> &'s str {
        options.get(self.pick(options.len())).copied().unwrap_or("")
    }
}

const GLOBS: &[&str] = &[
    "\"**\"",
    "\"*.md\"",
    "\"src/**/*.rs\"",
    "\"README*\"",
    "\"**/*.{json,yaml,yml,toml}\"",
    "\"LICENSE\"",
    "\"nothing/**\"",
    "\".github/**\"",
];
const STRINGS: &[&str] = &["\"\"", "\"TODO\"", "\"MIT\"", "\"a/b\"", "\"é😀\"", "\"line\\nbreak\""];
const PATHS: &[&str] =
    &["\"package.json\"", "\"config.yaml\"", "\"Cargo.toml\"", "\"missing.json\"", "\"README.md\""];
const REGEXES: &[&str] = &["/TODO/", "/^#/m", "/(a|b)*c/i", "/[0-9]+/", "/.*/s"];
/// Interpolations hold no string literal: a `"` inside `{…}` would end the template
const TEMPLATE_PARTS: &[&str] = &["{repo.name}", "{42}", "{-1 * 3}", "{[1, 2]}", "plain"];
const DEPTH: u32 = 4;

/// The text of a policy chosen by `data`
pub fn policy(data: &[u8]) -> String {
    let mut b = Bytes { data, at: 0 };
    let mut out = String::from("tenet 1\n\n");
    let lets = b.pick(3);
    for i in 0..lets {
        let value = match b.pick(3) {
            0 => int(&mut b, DEPTH),
            1 => strings(&mut b, DEPTH),
            _ => string(&mut b, DEPTH),
        };
        let _ = writeln!(out, "let v{i} = {value}\n");
    }
    let rules = 1 + b.pick(3);
    for i in 0..rules {
        rule(&mut b, &mut out, i);
    }
    // An unused let is an error: one rule uses them all
    if lets > 0 {
        let all: Vec<String> = (0..lets).map(|i| format!("{{v{i}}}")).collect();
        let _ = writeln!(out, "rule gen/lets {{\n  require len(\"{}\") >= 0\n}}", all.join(""));
    }
    out
}

fn rule(b: &mut Bytes<'_>, out: &mut String, i: usize) {
    let _ = writeln!(out, "rule gen/r{i} {{");
    let _ = writeln!(out, "  severity {}", b.of(&["error", "warning", "note"]));
    let looped = b.pick(2) == 0;
    if looped {
        let _ = writeln!(out, "  for f in {}", files(b, DEPTH));
        if b.pick(2) == 0 {
            let _ = writeln!(out, "  where {}", file_bool(b, DEPTH));
        }
    }
    let cond = if looped { file_bool(b, DEPTH) } else { boolean(b, DEPTH) };
    let _ = writeln!(out, "  {} {cond}", b.of(&["require", "forbid"]));
    if b.pick(2) == 0 {
        let at = if looped { "`{f.path}` " } else { "" };
        let _ = writeln!(out, "  message \"{at}fails: {}\"", b.of(TEMPLATE_PARTS));
    }
    out.push_str("}\n\n");
}

fn boolean(b: &mut Bytes<'_>, depth: u32) -> String {
    let leaf = depth == 0;
    match if leaf { b.pick(4) } else { b.pick(11) } {
        0 => b.of(&["true", "false"]).to_string(),
        1 => format!("exists({}, nocase: {})", b.of(GLOBS), b.of(&["true", "false"])),
        2 => format!("{} matches {}", string(b, 0), b.of(REGEXES)),
        3 => format!("{} {} {}", int(b, 0), b.of(&["==", "<", ">=", "!="]), int(b, 0)),
        4 => format!("not ({})", boolean(b, depth - 1)),
        5 => format!(
            "({}) {} ({})",
            boolean(b, depth - 1),
            b.of(&["and", "or"]),
            boolean(b, depth - 1)
        ),
        6 => format!("{} in {}", string(b, depth - 1), strings(b, depth - 1)),
        7 => format!(
            "({} f in {}: {})",
            b.of(&["any", "all", "none"]),
            files(b, depth - 1),
            file_bool(b, depth - 1)
        ),
        8 => format!("{} contains {}", string(b, depth - 1), string(b, depth - 1)),
        9 => format!(
            "{} == null",
            b.of(&[
                "json(\"package.json\")",
                "yaml(\"config.yaml\")",
                "toml(\"Cargo.toml\")",
                "file(\"README.md\")"
            ])
        ),
        _ => format!(
            "{} satisfies [\"MIT\", \"Apache-2.0\"]",
            b.of(&[
                "\"MIT OR GPL-3.0\"",
                "\"Apache 2\"",
                "\"NOASSERTION\"",
                "\"GPL-2.0-or-later\""
            ])
        ),
    }
}

fn file_bool(b: &mut Bytes<'_>, depth: u32) -> String {
    match b.pick(8) {
        0 => format!("f.text contains {}", b.of(STRINGS)),
        1 => format!("f.path matches {}", b.of(GLOBS)),
        2 => format!("f.text matches {}", b.of(REGEXES)),
        3 => "not f.is_binary".to_string(),
        4 => format!("f.size < {}", b.of(&["1KB", "0B", "10MB"])),
        5 => format!("len(f.find({})) == 0", b.of(REGEXES)),
        6 => format!("f.head({}) contains {}", b.pick(5), b.of(STRINGS)),
        _ if depth > 0 => format!("({}) or {}", file_bool(b, depth - 1), boolean(b, depth - 1)),
        _ => "true".to_string(),
    }
}

fn int(b: &mut Bytes<'_>, depth: u32) -> String {
    let leaf = depth == 0;
    match if leaf { b.pick(3) } else { b.pick(7) } {
        0 => b.of(&["0", "1", "-1", "9223372036854775807", "42"]).to_string(),
        1 => format!("len({})", files(b, 0)),
        2 => format!("len({})", b.of(STRINGS)),
        3 => format!(
            "({} {} {})",
            int(b, depth - 1),
            b.of(&["+", "-", "*", "/", "%"]),
            int(b, depth - 1)
        ),
        4 => format!("count(f in {}: {})", files(b, depth - 1), file_bool(b, depth - 1)),
        5 => format!("len({})", strings(b, depth - 1)),
        _ => format!("-{}", int(b, depth - 1)),
    }
}

fn string(b: &mut Bytes<'_>, depth: u32) -> String {
    let leaf = depth == 0;
    match if leaf { b.pick(2) } else { b.pick(6) } {
        0 => b.of(STRINGS).to_string(),
        1 => "repo.name".to_string(),
        2 => format!("{}({})", b.of(&["lower", "upper", "trim"]), string(b, depth - 1)),
        3 => format!("{} + {}", string(b, depth - 1), string(b, depth - 1)),
        4 => format!("join({}, {})", strings(b, depth - 1), b.of(STRINGS)),
        _ => format!("\"{}\"", b.of(TEMPLATE_PARTS)),
    }
}

fn strings(b: &mut Bytes<'_>, depth: u32) -> String {
    let leaf = depth == 0;
    match if leaf { b.pick(2) } else { b.pick(5) } {
        0 => "[]".to_string(),
        1 => format!("[{}, {}]", b.of(STRINGS), b.of(STRINGS)),
        2 => format!("[f.path for f in {}]", files(b, depth - 1)),
        3 => format!("split({}, \"/\")", string(b, depth - 1)),
        _ => format!("[l.name for l in languages() if l.files > {}]", int(b, 0)),
    }
}

fn files(b: &mut Bytes<'_>, depth: u32) -> String {
    match b.pick(3) {
        0 => "files()".to_string(),
        1 if depth > 0 => format!("files({}, {})", b.of(GLOBS), b.of(GLOBS)),
        _ => format!("files({})", b.of(GLOBS)),
    }
}

/// Reach `PATHS` so the document facts are exercised by name too
pub fn document_rule(data: &[u8]) -> String {
    let mut b = Bytes { data, at: 0 };
    let call = b.of(&["json", "yaml", "toml"]);
    let path = b.of(PATHS);
    format!(
        "tenet 1\n\nrule gen/doc {{\n  require {call}({path}) == null or len(\"{{{call}({path})}}\") > {}\n}}\n",
        b.pick(4)
    )
}
