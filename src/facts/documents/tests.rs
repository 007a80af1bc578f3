//! Documents: values, locations, malformed and hostile input.

use super::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;

fn parsed(kind: &str, text: &str) -> Value {
    match parse(kind, text, "doc") {
        Ok(v) => v,
        Err(e) => panic!("{kind} did not parse: {}", e.message),
    }
}

fn error(kind: &str, text: &str) -> FactError {
    match parse(kind, text, "doc") {
        Ok(v) => panic!("{kind} parsed: {v}"),
        Err(e) => e,
    }
}

/// Follow `.`-separated keys (and list indexes)
fn get(v: &Value, path: &str) -> Value {
    let mut v = v.clone();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        v = match v.plain() {
            Value::Map(m) => m.get(part).cloned().unwrap_or(Value::Null),
            Value::List(items) => part
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .unwrap_or(Value::Null),
            _ => Value::Null,
        };
    }
    v
}

/// `line:column-end_line:end_column` of a node, `-` for none
fn at(v: &Value) -> String {
    v.location().map_or("-".to_string(), |l| {
        let n = |x: Option<u32>| x.map_or("?".to_string(), |x| x.to_string());
        format!("{}:{}-{}:{}", n(l.line), n(l.column), n(l.end_line), n(l.end_column))
    })
}

#[test]
fn malformed_documents_are_located_errors() {
    let e = error("json", "{\n  \"a\": ,\n}");
    assert_eq!((e.code, e.line, e.path.as_deref()), (Code::FactsBadJson, Some(2), Some("doc")));
    assert_eq!(e.message, "`doc` is not valid JSON: unexpected comma at line 2, column 8");
    let e = error("yaml", "a: [1, 2\nb: c");
    assert_eq!(e.code, Code::FactsBadYaml);
    assert!(e.message.starts_with("`doc` is not valid YAML: "), "{}", e.message);
    let e = error("yaml", "a: 1\na: 2\n");
    assert_eq!(e.message, "`doc` is not valid YAML: duplicated key in mapping at line 2, column 1");
    let e = error("toml", "a = 1\nb = = 2");
    assert_eq!((e.code, e.line), (Code::FactsBadToml, Some(2)));
    assert!(e.message.ends_with("at line 2, column 5"), "{}", e.message);
    let e = error("toml", "a = 1\na = 2");
    assert_eq!(e.message, "`doc` is not valid TOML: duplicate key at line 2, column 1");
}

#[test]
fn json_is_strict() {
    for bad in [
        "",
        " ",
        "// c\n1",
        "{\"a\": 1,}",
        "[1,]",
        "{a: 1}",
        "'a'",
        "0x1",
        "+1",
        ".5",
        "1.",
        "01",
        "NaN",
        "Infinity",
        "\"\\x41\"",
        "1 2",
        "[1 2]",
        "\"a\tb\"",
        "\"a\nb\"",
        "1e400",
        "-1e400",
        "\u{a0}1",
        "\u{2028}1",
        "\u{b}1",
        "\u{c}1",
        "\u{85}1",
        "{\"a\"}",
        "[",
    ] {
        assert_eq!(error("json", bad).code, Code::FactsBadJson, "{bad:?}");
    }
    for good in ["1", "-0", "1E5", "\"\\u00e9\\/\"", " \t\r\n[ ] ", "1e308", "\"é\u{2028}\""] {
        parsed("json", good);
    }
    let e = error("json", "{\"a\": \"x\ty\"}");
    assert_eq!(
        e.message,
        "`doc` is not valid JSON: a control character must be escaped inside a string at line 1, column 9"
    );
}

/// The conversions this module replaced (`serde_json`, saphyr's `Yaml`, `toml::Table`): the
/// located values, stripped, must be the same values
mod before {
    use crate::model::Value;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    pub(super) fn json(text: &str) -> Option<Value> {
        fn from(v: &serde_json::Value) -> Value {
            match v {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Bool(b) => Value::Bool(*b),
                serde_json::Value::Number(n) => {
                    n.as_i64().map_or_else(|| Value::Float(n.as_f64().unwrap_or(0.0)), Value::Int)
                }
                serde_json::Value::String(s) => Value::str(s),
                serde_json::Value::Array(a) => Value::list(a.iter().map(from)),
                serde_json::Value::Object(o) => {
                    Value::Map(Arc::new(o.iter().map(|(k, v)| (k.clone(), from(v))).collect()))
                }
            }
        }
        serde_json::from_str::<serde_json::Value>(text).ok().map(|v| from(&v))
    }

    pub(super) fn yaml(text: &str) -> Option<Value> {
        use saphyr::{LoadableYamlNode, Scalar, Yaml};
        fn from(v: &Yaml<'_>) -> Value {
            match v {
                Yaml::Value(Scalar::Null) | Yaml::BadValue | Yaml::Alias(_) => Value::Null,
                Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
                Yaml::Value(Scalar::Integer(i)) => Value::Int(*i),
                Yaml::Value(Scalar::FloatingPoint(f)) => Value::Float(f.into_inner()),
                Yaml::Value(Scalar::String(s)) | Yaml::Representation(s, _, _) => Value::str(s),
                Yaml::Sequence(items) => Value::list(items.iter().map(from)),
                Yaml::Mapping(m) => {
                    let map: BTreeMap<String, Value> = m
                        .iter()
                        .map(|(k, v)| {
                            let k = match from(k) {
                                Value::Str(s) => s.to_string(),
                                other => other.to_string(),
                            };
                            (k, from(v))
                        })
                        .collect();
                    Value::Map(Arc::new(map))
                }
                Yaml::Tagged(_, inner) => from(inner),
            }
        }
        Yaml::load_from_str(text).ok().map(|docs| docs.first().map_or(Value::Null, from))
    }

    pub(super) fn toml(text: &str) -> Option<Value> {
        fn from(v: &toml::Value) -> Value {
            match v {
                toml::Value::String(s) => Value::str(s),
                toml::Value::Integer(i) => Value::Int(*i),
                toml::Value::Float(f) => Value::Float(*f),
                toml::Value::Boolean(b) => Value::Bool(*b),
                toml::Value::Datetime(d) => Value::str(d.to_string()),
                toml::Value::Array(a) => Value::list(a.iter().map(from)),
                toml::Value::Table(t) => {
                    Value::Map(Arc::new(t.iter().map(|(k, v)| (k.clone(), from(v))).collect()))
                }
            }
        }
        text.parse::<toml::Table>().ok().map(|t| from(&toml::Value::Table(t)))
    }
}

#[test]
fn values_are_those_of_the_parsers_they_replace() {
    let json = [
        r#"{"name": "x", "n": 1, "f": 1.5, "e": 1e3, "big": 18446744073709551615, "neg": -7,
            "t": true, "z": null, "l": [1, "two", [3], {"k": "v"}], "esc": "a\"b\\u00e9",
            "dup": 1, "dup": 2, "huge": 123456789012345678901234567890, "": "empty"}"#,
        "[]",
        "\"top\"",
        "3",
    ];
    for text in json {
        let new = parsed("json", text).unlocated();
        assert_eq!(format!("{new:?}"), format!("{:?}", before::json(text).unwrap()), "{text}");
    }
    let yaml = [
        "name: x\nlist: [1, two, 3.5, ~, true, yes]\nnested:\n  - a: 1\n  - !tag b\n1: one\n",
        "a: &a [1, 2]\nb: *a\nc: |\n  block\n  text\n",
        "",
        "--- 1\n--- 2\n",
        "\"quoted\": 'single'\nnull: ~\n0x1F: hex\n",
    ];
    for text in yaml {
        let new = parsed("yaml", text).unlocated();
        assert_eq!(format!("{new:?}"), format!("{:?}", before::yaml(text).unwrap()), "{text}");
    }
    let toml = [
        "a = 1\nb = \"s\"\nc = 1.5\nd = 1979-05-27T07:32:00Z\ne = [1, 2]\nf = { g = true }\n\
         [t]\nx = 0x1F\ny = 1_000\nz = inf\nw = -nan\n[[bin]]\nname = \"a\"\n[[bin]]\nname = \"b\"\n\
         [dotted]\na.b.c = 1\n",
        "",
    ];
    for text in toml {
        let new = parsed("toml", text).unlocated();
        // `nan != nan`: compare the text of the values.
        assert_eq!(format!("{new:?}"), format!("{:?}", before::toml(text).unwrap()), "{text}");
    }
}

#[test]
fn json_nodes_are_located_at_their_keys_and_items() {
    let text = "{\n  \"name\": \"demo\",\n  \"dependencies\": {\n    \"left-pad\": \"^1.0\",\n    \"é\": \"2\"\n  },\n  \"files\": [\"a\", {\"b\": 1}],\n  \"none\": null\n}\n";
    let doc = parsed("json", text);
    assert_eq!(at(&doc), "1:1-?:?");
    assert_eq!(at(&get(&doc, "name")), "2:3-2:9");
    assert_eq!(at(&get(&doc, "dependencies")), "3:3-3:17");
    assert_eq!(at(&get(&doc, "dependencies.left-pad")), "4:5-4:15");
    assert_eq!(at(&get(&doc, "dependencies.é")), "5:5-5:8");
    assert_eq!(at(&get(&doc, "files.0")), "7:13-7:16");
    assert_eq!(at(&get(&doc, "files.1")), "7:18-7:26");
    assert_eq!(at(&get(&doc, "files.1.b")), "7:19-7:22");
    assert_eq!(at(&get(&doc, "none")), "8:3-8:9");
    assert!(get(&doc, "none").equals(&Value::Null));
    assert_eq!(get(&doc, "dependencies.left-pad").location().map(|l| l.path), Some("doc".into()));
}

#[test]
fn yaml_nodes_are_located_at_their_keys_and_items() {
    let text = "name: demo\ndeps:\n  left-pad: ^1.0\n  \"é\": 2\nlist:\n  - a\n  - k: v\n    j: w\nflow: [x, {y: z}]\n";
    let doc = parsed("yaml", text);
    assert_eq!(at(&get(&doc, "name")), "1:1-1:5");
    assert_eq!(at(&get(&doc, "deps")), "2:1-2:5");
    assert_eq!(at(&get(&doc, "deps.left-pad")), "3:3-3:11");
    assert_eq!(at(&get(&doc, "deps.é")), "4:3-4:6");
    assert_eq!(at(&get(&doc, "list.0")), "6:5-6:6");
    assert_eq!(at(&get(&doc, "list.1")), "7:5-?:?");
    assert_eq!(at(&get(&doc, "list.1.j")), "8:5-8:6");
    assert_eq!(at(&get(&doc, "flow.1.y")), "9:12-9:13");
}

#[test]
fn toml_nodes_are_located_at_their_keys_and_headers() {
    let text = "[package]\nname = \"demo\"\n\n[dependencies]\nserde = \"1\"\nrand.version = \"0.8\"\n\n[[bin]]\nname = \"a\"\n\n[[bin]]\nname = \"b\"\n";
    let doc = parsed("toml", text);
    assert_eq!(at(&get(&doc, "package")), "1:2-1:9");
    assert_eq!(at(&get(&doc, "package.name")), "2:1-2:5");
    assert_eq!(at(&get(&doc, "dependencies.serde")), "5:1-5:6");
    assert_eq!(at(&get(&doc, "dependencies.rand")), "6:1-6:5");
    assert_eq!(at(&get(&doc, "dependencies.rand.version")), "6:6-6:13");
    assert_eq!(at(&get(&doc, "bin.1")), "11:1-11:8");
    assert_eq!(at(&get(&doc, "bin.1.name")), "12:1-12:5");
}

#[test]
fn a_byte_order_mark_is_skipped_and_counted_as_a_column() {
    // The report counts the mark as the first character of line 1, like any character.
    let doc = parsed("json", "\u{feff}{\"a\": 1,\n\"b\": 2}");
    assert_eq!((at(&get(&doc, "a")), at(&get(&doc, "b"))), ("1:3-1:6".into(), "2:1-2:4".into()));
    let doc = parsed("yaml", "\u{feff}a: 1\nb: 2\n");
    assert_eq!((at(&get(&doc, "a")), at(&get(&doc, "b"))), ("1:2-1:3".into(), "2:1-2:2".into()));
    let doc = parsed("toml", "\u{feff}a = 1\nb = 2\n");
    assert_eq!((at(&get(&doc, "a")), at(&get(&doc, "b"))), ("1:2-1:3".into(), "2:1-2:2".into()));
    assert_eq!(
        error("json", "\u{feff}{\"a\" 1}").message.rsplit(" at ").next(),
        Some("line 1, column 7")
    );
}

#[test]
fn data_values_are_not_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("teams.yaml"), "a:\n  - b\n").unwrap();
    std::fs::write(dir.path().join("latin1.json"), b"{\"a\": \"\xe9\"}").unwrap();
    let v = data("teams", &[dir.path().to_path_buf()]).unwrap();
    assert_eq!(v.to_string(), "{a: [\"b\"]}");
    assert!(v.location().is_none() && get(&v, "a").location().is_none());
    assert!(get(&v, "a.0").location().is_none());
    let e = data("latin1", &[dir.path().to_path_buf()]).err().map(|e| e.code);
    assert_eq!(e, Some(Code::FactsIo));
}

#[test]
fn data_names_may_not_leave_the_directory_searched() {
    let dir = tempfile::tempdir().ok();
    let Some(dir) = dir else { return };
    let policy = dir.path().join("policy");
    let _ = std::fs::create_dir_all(&policy);
    let _ = std::fs::write(dir.path().join("secret.json"), "{\"token\": 1}");
    let _ = std::fs::write(policy.join("teams.json"), "{\"n\": 3}");
    let dirs = vec![policy.clone()];
    assert_eq!(data("teams", &dirs).ok().map(|v| v.to_string()).as_deref(), Some("{n: 3}"));
    let abs = dir.path().join("secret.json");
    for name in [abs.display().to_string(), "../secret".to_string(), "/etc/hostname".into()] {
        let e = data(&name, &dirs).err();
        assert_eq!(e.map(|e| e.code), Some(Code::FactsDataNotFound), "{name}");
    }
    #[cfg(unix)]
    {
        let _ = std::os::unix::fs::symlink(&abs, policy.join("cfg.json"));
        let e = data("cfg", &dirs).err();
        assert!(e.is_some_and(|e| e.message.contains("leads outside")));
    }
}

#[test]
fn documents_become_values() {
    let v = parsed("yaml", "name: x\nlist: [1, two]\n");
    assert_eq!(v.to_string(), "{list: [1, \"two\"], name: \"x\"}");
}

// ---------------------------------------------------------------------------------------
// Hostile input: refused or read in bounded time, memory and stack (these run on the
// test harness's 2 MiB threads, a quarter of an evaluation thread's usual stack)
// ---------------------------------------------------------------------------------------

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let e = error("json", &"[".repeat(10_000));
    assert!(e.message.contains("nesting depth"), "{}", e.message);
    let e = error("json", &format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)));
    assert_eq!(e.code, Code::FactsBadJson);
    let e = error("yaml", &format!("{}1\n", "- ".repeat(10_000)));
    assert!(e.message.contains("nesting deeper than 128 levels"), "{}", e.message);
    let e = error("yaml", &"[".repeat(10_000));
    assert_eq!(e.code, Code::FactsBadYaml);
    let mut block = String::new();
    for depth in 0..2_000 {
        let _ = writeln!(block, "{}k:", " ".repeat(depth));
    }
    assert_eq!(error("yaml", &block).code, Code::FactsBadYaml);
    let e = error("toml", &format!("x = {}1{}", "[".repeat(10_000), "]".repeat(10_000)));
    assert_eq!(e.code, Code::FactsBadToml);
    let e = error("toml", &format!("x = {}1{}", "{a=".repeat(10_000), "}".repeat(10_000)));
    assert_eq!(e.code, Code::FactsBadToml);
    // At the limit, the values work: compared, printed and dropped.
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let v = parsed("json", &deep);
    assert!(v.equals(&parsed("json", &deep)));
    assert_eq!(v.to_string(), deep);
    let over = format!("[{deep}]");
    assert!(error("json", &over).message.contains("nesting deeper than 128 levels"));
    let v = parsed("yaml", &deep);
    assert!(v.equals(&v.unlocated()));
    assert!(error("yaml", &over).message.contains("nesting deeper than 128 levels"));
}

#[test]
fn yaml_alias_bombs_are_refused() {
    // The classic: nine references to the level below, nine levels deep.
    let mut bomb = String::from("a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let _ = writeln!(bomb, "{}: &{} [{}]", w[1], w[1], vec![format!("*{}", w[0]); 9].join(","));
    }
    let e = error("yaml", &bomb);
    assert!(e.message.contains("aliases expand to more than"), "{}", e.message);
    // Aliases inside mapping keys, which saphyr's own budget counts as one node each.
    let mut keys = String::from("a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
    for w in names.windows(2) {
        let entries: Vec<String> = (0..9).map(|i| format!("? [*{}, {i}] : 1", w[0])).collect();
        let _ = writeln!(keys, "{}: &{} {{{}}}", w[1], w[1], entries.join(", "));
    }
    let started = std::time::Instant::now();
    let e = error("yaml", &keys);
    assert!(e.message.contains("aliases expand to more than"), "{}", e.message);
    assert!(started.elapsed().as_secs() < 10);
    // An alias does not escape the depth limit either.
    let deep = format!(
        "a: &a {}1{}\nb: {}*a{}\n",
        "[".repeat(100),
        "]".repeat(100),
        "[".repeat(50),
        "]".repeat(50)
    );
    assert!(error("yaml", &deep).message.contains("nesting deeper"));
    // Ordinary anchors still work.
    let v = parsed("yaml", "base: &b {x: 1}\nuse: *b\n");
    assert_eq!(get(&v, "use.x").to_string(), "1");
}

#[test]
fn large_documents_are_read_in_bounded_time() {
    let mut toml = String::new();
    for i in 0..100_000 {
        let _ = writeln!(toml, "k{i} = {i}");
    }
    let v = parsed("toml", &toml);
    assert_eq!(get(&v, "k99999").to_string(), "99999");
    assert_eq!(at(&get(&v, "k99999")), "100000:1-100000:7");
    // One line of 200k located nodes: locating them must not rescan the line.
    let items: Vec<String> = (0..200_000).map(|i| format!("{{\"k\":{i}}}")).collect();
    let json = format!("[{}]", items.join(","));
    let started = std::time::Instant::now();
    let v = parsed("json", &json);
    assert!(started.elapsed().as_secs() < 20);
    let last = get(&v, "199999.k");
    assert_eq!(last.to_string(), "199999");
    let col = json.rfind("\"k\"").map(|i| i + 1);
    assert_eq!(last.location().and_then(|l| l.column).map(|c| c as usize), col);
    let inline = format!(
        "x = {{{}}}",
        (0..50_000).map(|i| format!("k{i} = {i}")).collect::<Vec<_>>().join(", ")
    );
    assert_eq!(get(&parsed("toml", &inline), "x.k49999").to_string(), "49999");
}

#[test]
fn numbers_out_of_range_are_refused() {
    assert!(error("toml", "x = 99999999999999999999").message.contains("out of range"));
    assert!(error("json", "[1e400]").message.contains("out of range"));
    let v = parsed("json", "[9223372036854775807, 9223372036854775808]");
    assert_eq!(
        format!("{:?}", v.unlocated()),
        format!(
            "{:?}",
            Value::list([Value::Int(i64::MAX), Value::Float(9_223_372_036_854_775_808.0)])
        )
    );
}

#[test]
fn unlocated_values_are_what_data_gives() {
    let mut m = BTreeMap::new();
    m.insert("a".to_string(), Value::list([Value::Int(1)]));
    let want = Value::Map(Arc::new(m));
    assert!(parsed("json", "{\"a\": [1]}").unlocated().equals(&want));
}
