//! Formfabrik's engine: what a published form does for a citizen, in plain Rust with no
//! web APIs. The runtime carries only this crate; designer, CLI and servers use it
//! through `authoring` too, so a form behaves the same everywhere.
//!
//! - [`format`]: the definition's types; [`compiled`]: a form ready to evaluate.
//! - [`expr`]: evaluating expressions; [`pattern`]: matching compiled patterns.
//! - [`state`]: answers and their incremental evaluation; [`validate`]: the checks.
//! - [`wizard`]: the step-by-step state machine; [`payload`]: what gets submitted;
//!   [`draft`]: answers kept across visits.
//! - [`view`]: what the citizen sees, described for the runtime to build (and for
//!   `publish` to write a published form's first screen).

pub mod checks;
pub mod compiled;
pub mod date;
pub mod draft;
pub mod expr;
pub mod file_types;
pub mod format;
pub mod input;
pub mod json;
pub mod limits;
pub mod markdown;
pub mod number;
pub mod pattern;
pub mod payload;
pub mod published;
pub mod sha256;
pub mod state;
pub mod text;
pub mod validate;
pub mod view;
pub mod wizard;
pub mod zone;

pub use compiled::{CompiledForm, NodeId};
pub use date::Date;
pub use format::Form;
pub use json::Json;
pub use text::{Lang, Text};
