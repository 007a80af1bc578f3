//! Syntax: policy text to a tree, with every error found in one pass.
//!
//! `lex` turns characters into tokens (keeping comments aside), `parse` builds the [`ast`]
//! with a span on every node and recovers at item and clause boundaries.

pub mod ast;
pub mod lex;
pub mod parse;
pub mod token;

pub use parse::{parse_expr, parse_file};
