//! Formfabrik's authoring: reading, checking, compiling and changing form definitions,
//! in plain Rust with no web APIs. The designer, the CLI and servers use it; citizens'
//! browsers never load it (the runtime carries only the `engine`).
//!
//! - [`codec`] and [`load`]: a definition from and to JSON, with line and column on errors.
//! - [`expr`]: parsing and checking expressions; [`pattern`]: compiling patterns;
//!   [`markdown`]: reading content.
//! - [`compile`]: a definition made ready to evaluate; [`lint`]: every problem in it.
//! - [`edit`]: what the designer does to a form; [`fim`]: import from FIM XDatenfelder.
//! - [`schema`]: the JSON Schema of a form's submission data.

pub mod codec;
pub mod compile;
pub mod edit;
pub mod expr;
pub mod fim;
pub mod keys;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod pattern;
pub mod problem;
pub mod publish;
pub mod schema;
pub mod synthetic;
pub mod xml;

pub use problem::{Location, Problem, Severity};
