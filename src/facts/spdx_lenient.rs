//! The lenient reading of SPDX expressions: `Apache 2` reads as `Apache-2.0`, `MIT/Apache-2.0`
//! as `MIT OR Apache-2.0`. Used by `satisfies` (eval), by `license_info` and for the
//! suggestion of `manifests()` when a declared license is no strict SPDX expression.

use spdx::{Expression, ParseMode};

/// The canonical SPDX form of a leniently written expression, or `None` when it is not
/// a license expression at all (`NOASSERTION`, `NONE`, prose)
pub fn lenient(expr: &str) -> Option<String> {
    let trimmed = expr.trim();
    if trimmed.is_empty() || matches!(trimmed, "NOASSERTION" | "NONE") {
        return None;
    }
    if let Ok(c) = Expression::canonicalize(trimmed) {
        return Some(c.unwrap_or_else(|| trimmed.to_string()));
    }
    // Split on operators and read each term on its own.
    let mut out = Vec::new();
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let mut term: Vec<&str> = Vec::new();
    for w in words {
        match w {
            "OR" | "or" | "AND" | "and" | "WITH" | "with" => {
                out.push(lenient_term(&term.join(" "))?);
                out.push(w.to_uppercase());
                term.clear();
            }
            w => term.push(w),
        }
    }
    out.push(lenient_term(&term.join(" "))?);
    let joined = out.join(" ");
    Expression::parse_mode(&joined, ParseMode::LAX).ok().map(|_| joined)
}

/// One license name written loosely: `Apache 2`, `MIT License`, `BSD 3-Clause`, `GPLv3`
fn lenient_term(term: &str) -> Option<String> {
    // "The Apache License, Version 2.0" → "Apache 2.0": drop the words that name no license.
    let words: Vec<&str> = term
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| {
            !w.is_empty()
                && !matches!(
                    w.to_lowercase().as_str(),
                    "the" | "license" | "licence" | "version" | "v"
                )
        })
        .collect();
    let joined = words.join(" ");
    let t = joined.as_str();
    if t.is_empty() {
        return None;
    }
    let dashed = t.replace(' ', "-");
    let find = |s: &str| {
        spdx::identifiers::LICENSES
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(s))
            .map(|l| l.name.to_string())
    };
    let exception = |s: &str| {
        spdx::identifiers::EXCEPTIONS
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(s))
            .map(|l| l.name.to_string())
    };
    find(&dashed)
        .or_else(|| find(&format!("{dashed}.0")))
        .or_else(|| exception(&dashed))
        .or_else(|| {
            spdx::imprecise_license_id(t)
                .filter(|(_, n)| *n == t.len())
                .map(|(l, _)| l.name.to_string())
        })
        .map(|id| Expression::canonicalize(&id).ok().flatten().unwrap_or(id))
}
