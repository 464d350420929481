//! Publishing keeps what a form does: a form (an example, or a generated one with
//! conditions and computed values) is compiled, and also published and read back; the
//! fuzzer's answers go into both, and after each one both have the same answers,
//! visibility, computed values and errors.
#![no_main]

mod common;

use std::sync::{Arc, OnceLock};

use common::{Bytes, EXAMPLE_FORMS};
use engine::state::{FormState, Loc};
use engine::{CompiledForm, Date, Lang};
use libfuzzer_sys::fuzz_target;

/// Each form compiled, and the same published and read back.
fn pairs() -> &'static [(Arc<CompiledForm>, Arc<CompiledForm>)] {
    static PAIRS: OnceLock<Vec<(Arc<CompiledForm>, Arc<CompiledForm>)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut forms: Vec<engine::Form> = EXAMPLE_FORMS
            .iter()
            .map(|json| authoring::load::load_form(json).expect("example form loads"))
            .collect();
        for (fields, steps) in [(40, 3), (120, 1)] {
            let json = authoring::synthetic::generate_form(fields, steps).to_compact();
            forms.push(authoring::load::load_form(&json).expect("generated form loads"));
        }
        forms
            .into_iter()
            .map(|form| {
                let compiled = authoring::compile::compile(form).expect("compiles");
                let bytes = authoring::publish::encode(&compiled).bytes;
                let read = engine::published::read(&bytes).expect("reads back").form;
                (Arc::new(compiled), Arc::new(read))
            })
            .collect()
    })
}

const TEXTS: [&str; 8] = ["", "12", "1.500,5", "ja", "31.12.2024", "DE89 3704 0044 0532 0130 00", "x", "true"];

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes(data);
    let Some(choice) = input.byte() else { return };
    let pairs = pairs();
    let (direct, published) = &pairs[choice as usize % pairs.len()];
    let today = Date::new(2026, 11, 22).expect("valid");
    let mut a = FormState::new(Arc::clone(direct), today);
    let mut b = FormState::new(Arc::clone(published), today);
    assert_eq!(a.root(), b.root());
    while let (Some(node), Some(which)) = (input.index(direct.nodes.len()), input.byte()) {
        let instances = a.instances(node, &[]);
        let Some(items) = input.index(instances.len()).map(|i| instances[i].clone()) else {
            continue;
        };
        let loc = Loc::new(node, items);
        if which & 0x80 != 0 {
            let _ = (a.add_item(&loc), b.add_item(&loc));
        } else {
            let text = if which & 0x40 != 0 {
                input.text(12)
            } else {
                TEXTS[usize::from(which) % TEXTS.len()].to_string()
            };
            let (x, y) = (a.set_input(&loc, &text, Lang::De), b.set_input(&loc, &text, Lang::De));
            assert_eq!(x, y, "the same changes");
        }
        assert_eq!(a.root(), b.root(), "the same state");
    }
});
