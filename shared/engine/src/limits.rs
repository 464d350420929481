//! The caps on what the engine reads from outside: definitions, published forms,
//! payloads, drafts and prefills. Each is generous for real forms and keeps the work
//! for hostile input linear in its size (docs/security.md). The lint refuses a
//! definition beyond them; `verify_payload`, the published-form reader and the JSON
//! reader refuse input beyond them.

/// Keys in one JSON object (answers of one scope, properties of a definition's object).
pub const MAX_KEYS: usize = 10_000;
/// Nesting of JSON arrays and objects.
pub const MAX_JSON_DEPTH: usize = 128;
/// Entries of one repeating group (its `min` and `max` too).
pub const MAX_ENTRIES: usize = 1_000;
/// Characters of a text answer.
pub const MAX_ANSWER_CHARS: usize = 10_000;
/// Magnitude of numbers in answers and computed values: 15 significant digits, read
/// and written exactly (a result beyond it is no value, like a division by zero).
pub const MAX_NUMBER: f64 = 1e15;
/// Options of one choice (all 11,000 German municipalities fit).
pub const MAX_OPTIONS: usize = 20_000;
/// Files of one file field (its `max_count`).
pub const MAX_FILES: usize = 100;
/// Characters of an uploaded file's name.
pub const MAX_FILE_NAME_CHARS: usize = 255;
/// Groups and repeating groups inside each other.
pub const MAX_NESTING: usize = 16;
/// Elements in a form, all steps together.
pub const MAX_ELEMENTS: usize = 20_000;
/// Characters of a definition's text (a label, a help or a content's Markdown).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Days a draft may be kept on the citizen's device (`drafts.keep_days`).
pub const MAX_DRAFT_DAYS: u32 = 90;
/// Instructions of a compiled pattern, counted repetitions expanded.
pub const MAX_PATTERN_PROGRAM: usize = 20_000;

use crate::compiled::Structure;
use crate::format::{Form, Kind};

/// Whether `form` (with its `structure`) keeps to the caps a published form may have:
/// the published-form reader refuses one that does not, so no crafted file makes the
/// engine allocate for a billion entries. (The lint says which cap, and where.)
pub fn form_within(form: &Form, structure: &Structure) -> bool {
    structure.nodes.len() <= MAX_ELEMENTS + form.steps.len()
        && structure.nodes.iter().all(|node| {
            node.indices.len() <= MAX_NESTING + 1
                && (node.is_step() || kind_within(&crate::compiled::element_at(form, node).kind))
        })
}

fn kind_within(kind: &Kind) -> bool {
    match kind {
        Kind::Repeat { min, max, .. } => {
            *min as usize <= MAX_ENTRIES && max.is_none_or(|m| m as usize <= MAX_ENTRIES)
        }
        Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options } => {
            options.len() <= MAX_OPTIONS
        }
        Kind::File { max_count, .. } => *max_count as usize <= MAX_FILES,
        _ => true,
    }
}
