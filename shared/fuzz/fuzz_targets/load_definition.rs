//! Any bytes as a definition: loading, linting, evaluating, and filling in must never panic.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use shared::state::{FormState, Loc};
use shared::{Date, Lang};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(form) = shared::load::load_form(text) else { return };
    let _ = shared::lint::lint(&form);
    let Ok(compiled) = shared::CompiledForm::new(form) else { return };
    let compiled = Arc::new(compiled);
    let today = Date::new(2026, 11, 22).expect("valid");
    let mut state = FormState::new(Arc::clone(&compiled), today);
    for node in 0..compiled.nodes.len() {
        for items in state.instances(node, &[]) {
            state.set_input(&Loc::new(node, items), "12", Lang::De);
        }
    }
    let _ = shared::payload::answers_to_json(&state, shared::payload::Scope::Draft);
    let _ = shared::schema::submission_schema(&compiled);
});
