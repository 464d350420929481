//! Any bytes as a published form: the engine reads them into a form or refuses them
//! with a reason, reads a first screen or none, and a form it accepts can be described
//! for the citizen and filled in; nothing may panic. The body is also read without its
//! hash, so the fuzzer reaches past the SHA-256 check.
#![no_main]

use std::sync::Arc;

use engine::state::{FormState, Loc};
use engine::view::{self, Model};
use engine::wizard::Wizard;
use engine::{Date, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = engine::published::read(data);
    let _ = engine::published::first_screen(data, Lang::De);
    let Ok(form) = engine::published::read_body(data) else { return };
    let form = Arc::new(form);
    let today = Date::new(2026, 11, 22).expect("valid");
    let _ = view::render(&Model::new(Wizard::new(Arc::clone(&form), today, Lang::En)));
    let mut state = FormState::new(Arc::clone(&form), today);
    for node in 0..form.nodes.len() {
        for items in state.instances(node, &[]) {
            state.set_input(&Loc::new(node, items), "12", Lang::De);
        }
    }
    let _ = engine::payload::answers_to_json(&state, engine::payload::Scope::Draft);
});
