//! tenet: a policy-as-code engine for Open Source Program Offices.
//!
//! The pipeline, one module each:
//! `*.tenet` text → [`syntax`] (lex, parse, recover) → [`check`] (names, types) →
//! [`eval`] (compile to IR, evaluate) ← [`facts`] (lazy, per repository) ← [`repo`] (the
//! repository target: root, tree source, files) ← `scan` → outcomes → [`report`].
//! [`diag`] and [`source`] are shared by every phase.

pub mod check;
pub mod cli;
pub mod diag;
pub mod engine;
pub mod eval;
pub mod facts;
pub mod fix;
pub mod fmt;
pub mod model;
pub mod policy;
pub mod repo;
pub mod report;
pub mod source;
pub mod syntax;
