//! Regexes of policies (`/…/flags`), built once per process and shared.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

type RegexCache = Mutex<HashMap<(String, String), Result<Arc<regex::Regex>, String>>>;

/// Build a regex from a literal's pattern and flags (`i m s x`), once per process: the
/// checker validates it, the compiler embeds it, and `tenet test` reloads policies often.
pub fn build_regex(pattern: &str, flags: &str) -> Result<Arc<regex::Regex>, String> {
    static CACHE: OnceLock<RegexCache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (pattern.to_string(), flags.to_string());
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let built = compile_regex(pattern, flags).map(Arc::new);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, built.clone());
    }
    built
}

/// The flags of a regex literal as `[i, m, s, x]` (case-insensitive, multi-line, dot
/// matches newline, ignore whitespace), read once for both builders below
fn parse_flags(flags: &str) -> Result<[bool; 4], String> {
    let mut out = [false; 4];
    for f in flags.chars() {
        let at = match f {
            'i' => 0,
            'm' => 1,
            's' => 2,
            'x' => 3,
            other => return Err(format!("unknown flag `{other}`; the flags are i, m, s, x")),
        };
        if let Some(flag) = out.get_mut(at) {
            *flag = true;
        }
    }
    Ok(out)
}

fn compile_regex(pattern: &str, flags: &str) -> Result<regex::Regex, String> {
    let [nocase, multi, dotall, verbose] = parse_flags(flags)?;
    let mut b = regex::RegexBuilder::new(pattern);
    b.case_insensitive(nocase)
        .multi_line(multi)
        .dot_matches_new_line(dotall)
        .ignore_whitespace(verbose);
    b.size_limit(1 << 22)
        .build()
        .map_err(|e| e.to_string().lines().last().unwrap_or("invalid").trim().to_string())
}

/// Where in `pattern` the regex engine's parser stops (a byte range of the pattern), for
/// pointing at the offending character; `None` when the pattern parses (it may still be
/// too large) or the flags are unknown
pub fn regex_error_span(pattern: &str, flags: &str) -> Option<std::ops::Range<usize>> {
    let [nocase, multi, dotall, verbose] = parse_flags(flags).ok()?;
    let mut b = regex_syntax::ParserBuilder::new();
    b.case_insensitive(nocase)
        .multi_line(multi)
        .dot_matches_new_line(dotall)
        .ignore_whitespace(verbose);
    let span = match b.build().parse(pattern).err()? {
        regex_syntax::Error::Parse(e) => *e.span(),
        regex_syntax::Error::Translate(e) => *e.span(),
        _ => return None,
    };
    Some(span.start.offset..span.end.offset.max(span.start.offset))
}
