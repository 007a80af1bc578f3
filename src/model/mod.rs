//! The data model at the bottom of the pipeline: values and records, locations in a
//! scanned repository, the static types and signatures of the language, fact and
//! evaluation errors, and outcomes. Every other module may import it; it imports only
//! `source` and `diag`.

mod error;
mod location;
mod outcome;
mod record;
mod regex;
pub mod schema;
pub mod types;
pub mod value;

pub use error::{EvalError, FactError};
pub use location::Location;
pub use outcome::{Outcome, OutcomeKind, PlannedFix, Violation};
pub use record::{MapRecord, Record};
pub use regex::{build_regex, regex_error_span};
pub use types::Type;
pub use value::Value;
