//! Evaluation: policies compiled to an immutable IR ([`ir`]), run by the interpreter
//! ([`interp`]) against a [`crate::facts::FactSource`], one (rule, repository) at a time.

pub mod compile;
pub mod interp;
pub mod ir;
mod ops;
pub mod program;
pub mod run;
pub mod satisfies;
