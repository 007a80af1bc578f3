//! Parsing documents: the located parsers (`tenet::facts::documents`) against the
//! conversions they replaced (`serde_json`, saphyr's `Yaml`, `toml::Table`, each converted to
//! plain values), on a generated ~7 MB `package-lock.json`, a ~1 MB `pnpm-lock.yaml`-like
//! file and a ~1 MB `Cargo.lock`. Run with `cargo bench --bench documents`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Arc;
use tenet::facts::documents;
use tenet::model::Value;

/// A lockfile in npm's format: `packages` with `count` entries, two-space indented
fn package_lock(count: usize) -> String {
    let mut s = String::from(
        "{\n  \"name\": \"demo\",\n  \"version\": \"1.0.0\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n",
    );
    for i in 0..count {
        let name = format!("pkg-{i}");
        let _ = write!(
            s,
            "    \"node_modules/{name}\": {{\n      \"version\": \"{}.{}.{}\",\n      \"resolved\": \"https://registry.npmjs.org/{name}/-/{name}-1.2.3.tgz\",\n      \"integrity\": \"sha512-{}==\",\n      \"license\": \"MIT\",\n      \"dependencies\": {{\n        \"pkg-{}\": \"^1.0.0\",\n        \"pkg-{}\": \"~2.3.4\"\n      }},\n      \"engines\": {{\n        \"node\": \">=14\"\n      }}\n    }}{}\n",
            i % 7,
            i % 13,
            i % 29,
            "A".repeat(86),
            (i * 7) % count,
            (i * 13) % count,
            if i + 1 == count { "" } else { "," }
        );
    }
    s.push_str("  }\n}\n");
    s
}

fn pnpm_lock(count: usize) -> String {
    let mut s = String::from("lockfileVersion: '9.0'\npackages:\n");
    for i in 0..count {
        let _ = write!(
            s,
            "  pkg-{i}@1.2.{}:\n    resolution: {{integrity: sha512-{}==}}\n    engines: {{node: '>=14'}}\n    dependencies:\n      pkg-{}: 1.0.0\n      pkg-{}: 2.3.4\n",
            i % 10,
            "A".repeat(86),
            (i * 7) % count,
            // Never the same as the first: a YAML mapping cannot repeat a key.
            (i * 13 + 1) % count
        );
    }
    s
}

fn cargo_lock(count: usize) -> String {
    let mut s = String::from("version = 4\n");
    for i in 0..count {
        let _ = write!(
            s,
            "\n[[package]]\nname = \"crate-{i}\"\nversion = \"0.{}.{}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{}\"\ndependencies = [\n \"crate-{}\",\n \"crate-{}\",\n]\n",
            i % 9,
            i % 17,
            "0123456789abcdef".repeat(4),
            (i * 7) % count,
            (i * 13) % count
        );
    }
    s
}

fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => {
            n.as_i64().map_or_else(|| Value::Float(n.as_f64().unwrap_or(0.0)), Value::Int)
        }
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::list(a.iter().map(from_json)),
        serde_json::Value::Object(o) => {
            Value::Map(Arc::new(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()))
        }
    }
}

fn from_yaml(v: &saphyr::Yaml<'_>) -> Value {
    use saphyr::{Scalar, Yaml};
    match v {
        Yaml::Value(Scalar::Null) | Yaml::BadValue | Yaml::Alias(_) => Value::Null,
        Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        Yaml::Value(Scalar::Integer(i)) => Value::Int(*i),
        Yaml::Value(Scalar::FloatingPoint(f)) => Value::Float(f.into_inner()),
        Yaml::Value(Scalar::String(s)) | Yaml::Representation(s, _, _) => Value::str(s),
        Yaml::Sequence(items) => Value::list(items.iter().map(from_yaml)),
        Yaml::Mapping(m) => {
            let map: BTreeMap<String, Value> =
                m.iter().map(|(k, v)| (from_yaml(k).to_string(), from_yaml(v))).collect();
            Value::Map(Arc::new(map))
        }
        Yaml::Tagged(_, inner) => from_yaml(inner),
    }
}

fn from_toml(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::str(s),
        toml::Value::Integer(i) => Value::Int(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::str(d.to_string()),
        toml::Value::Array(a) => Value::list(a.iter().map(from_toml)),
        toml::Value::Table(t) => {
            Value::Map(Arc::new(t.iter().map(|(k, v)| (k.clone(), from_toml(v))).collect()))
        }
    }
}

fn bench(c: &mut Criterion) {
    use saphyr::LoadableYamlNode;
    let json = package_lock(16_500);
    let yaml = pnpm_lock(4_000);
    let toml = cargo_lock(4_500);
    // The sizes go into the names, so the report says what was measured.
    let mb = |t: &str| format!("{:.1}MB", t.len() as f64 / 1e6);
    let (json_mb, yaml_mb, toml_mb) = (mb(&json), mb(&yaml), mb(&toml));
    for (kind, text) in [("json", &json), ("yaml", &yaml), ("toml", &toml)] {
        let parsed = documents::parse(kind, text, "lock");
        assert!(parsed.is_ok(), "{kind}: {:?}", parsed.err().map(|e| e.message));
    }
    let mut g = c.benchmark_group("documents");
    g.sample_size(10);
    g.bench_function(format!("json-{json_mb}/before-serde_json"), |b| {
        b.iter(|| from_json(&serde_json::from_str(black_box(&json)).unwrap_or_default()));
    });
    // The floor: jsonc-parser's syntax tree alone, without values or locations.
    g.bench_function(format!("json-{json_mb}/jsonc-ast-only"), |b| {
        b.iter(|| {
            jsonc_parser::parse_to_ast(
                black_box(&json),
                &jsonc_parser::CollectOptions::default(),
                &jsonc_parser::ParseOptions::default(),
            )
            .is_ok()
        });
    });
    g.bench_function(format!("json-{json_mb}/located-jsonc"), |b| {
        b.iter(|| documents::parse("json", black_box(&json), "package-lock.json").is_ok());
    });
    g.bench_function(format!("yaml-{yaml_mb}/before-saphyr-Yaml"), |b| {
        b.iter(|| {
            saphyr::Yaml::load_from_str(black_box(&yaml))
                .ok()
                .and_then(|d| d.first().map(from_yaml))
        });
    });
    g.bench_function(format!("yaml-{yaml_mb}/located-MarkedYaml"), |b| {
        b.iter(|| documents::parse("yaml", black_box(&yaml), "pnpm-lock.yaml").is_ok());
    });
    g.bench_function(format!("toml-{toml_mb}/before-toml-Table"), |b| {
        b.iter(|| {
            black_box(&toml)
                .parse::<toml::Table>()
                .map(|t| from_toml(&toml::Value::Table(t)))
                .is_ok()
        });
    });
    g.bench_function(format!("toml-{toml_mb}/located-DeTable"), |b| {
        b.iter(|| documents::parse("toml", black_box(&toml), "Cargo.lock").is_ok());
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
