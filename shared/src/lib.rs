//! Formfabrik's core: what a form is and how it behaves, in plain Rust with no web APIs.
//!
//! - [`format`]: the definition types (the JSON format).
//! - [`load`]: reading a definition, with line and column on errors.
//! - [`expr`]: the expression language of conditions and computed values.
//! - [`compile`]: a definition prepared for evaluation; [`lint`]: every problem in it.
//! - [`state`]: answers and their incremental evaluation; [`validate`]: the checks.
//! - [`wizard`]: the step-by-step state machine; [`payload`]: what gets submitted.

pub mod checks;
pub mod codec;
pub mod compile;
pub mod date;
pub mod draft;
pub mod edit;
pub mod expr;
pub mod fim;
pub mod format;
pub mod input;
pub mod json;
pub mod keys;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod pattern;
pub mod payload;
pub mod problem;
pub mod schema;
pub mod state;
pub mod synthetic;
pub mod text;
pub mod validate;
pub mod walk;
pub mod wizard;
pub mod xml;

pub use compile::{CompiledForm, NodeId};
pub use date::Date;
pub use format::Form;
pub use json::Json;
pub use problem::{Location, Problem, Severity};
pub use text::{Lang, Text};
