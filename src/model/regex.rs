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

fn compile_regex(pattern: &str, flags: &str) -> Result<regex::Regex, String> {
    let mut b = regex::RegexBuilder::new(pattern);
    for f in flags.chars() {
        match f {
            'i' => b.case_insensitive(true),
            'm' => b.multi_line(true),
            's' => b.dot_matches_new_line(true),
            'x' => b.ignore_whitespace(true),
            other => return Err(format!("unknown flag `{other}`; the flags are i, m, s, x")),
        };
    }
    b.size_limit(1 << 22)
        .build()
        .map_err(|e| e.to_string().lines().last().unwrap_or("invalid").trim().to_string())
}

/// Where in `pattern` the regex engine's parser stops (a byte range of the pattern), for
/// pointing at the offending character; `None` when the pattern parses (it may still be
/// too large) or the flags are unknown
pub fn regex_error_span(pattern: &str, flags: &str) -> Option<std::ops::Range<usize>> {
    let mut b = regex_syntax::ParserBuilder::new();
    for f in flags.chars() {
        match f {
            'i' => b.case_insensitive(true),
            'm' => b.multi_line(true),
            's' => b.dot_matches_new_line(true),
            'x' => b.ignore_whitespace(true),
            _ => return None,
        };
    }
    let span = match b.build().parse(pattern).err()? {
        regex_syntax::Error::Parse(e) => *e.span(),
        regex_syntax::Error::Translate(e) => *e.span(),
        _ => return None,
    };
    Some(span.start.offset..span.end.offset.max(span.start.offset))
}
