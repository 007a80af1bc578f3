//! Evaluation: policies compiled to an immutable IR ([`ir`]), run by the interpreter
//! ([`interp`]) against a [`crate::facts::FactSource`], one (rule, repository) at a time.

pub mod compile;
pub mod interp;
pub mod ir;
mod ops;
pub mod program;
pub mod run;
pub mod satisfies;
pub mod value;

/// Build a regex from a literal's pattern and flags (`i m s x`)
pub fn build_regex(pattern: &str, flags: &str) -> Result<regex::Regex, String> {
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
