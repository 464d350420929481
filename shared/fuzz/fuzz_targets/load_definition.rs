//! Any bytes as a definition: loading, linting, evaluating, and filling in must never panic.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use engine::state::{FormState, Loc};
use engine::{Date, Lang};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(form) = authoring::load::load_form(text) else { return };
    let _ = authoring::lint::lint(&form);
    let Ok(compiled) = authoring::compile::compile(form) else { return };
    let compiled = Arc::new(compiled);
    let today = Date::new(2026, 11, 22).expect("valid");
    let mut state = FormState::new(Arc::clone(&compiled), today);
    for node in 0..compiled.nodes.len() {
        for items in state.instances(node, &[]) {
            state.set_input(&Loc::new(node, items), "12", Lang::De);
        }
    }
    let _ = engine::payload::answers_to_json(&state, engine::payload::Scope::Draft);
    let _ = authoring::schema::submission_schema(&compiled);
});
