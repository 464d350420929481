//! A citizen's session on the example forms, driven by the fuzzer's bytes: any text
//! typed into any field, files chosen, entries added and removed, steps and the review
//! visited, declarations accepted, answers restored from any draft or prefill JSON, field
//! errors from any server response. Nothing may panic; a saved draft restores to the
//! same answers or says what it dropped; and whatever the assistant would submit, the
//! intake server's check (`verify_payload`) accepts.
#![no_main]

mod common;

use std::sync::{Arc, OnceLock};

use common::{Bytes, EXAMPLE_FORMS};
use libfuzzer_sys::fuzz_target;
use authoring::expr::{FileRef, Value};
use engine::format::Kind;
use engine::payload::{self, PayloadProblem, Scope};
use engine::state::{Loc, Record};
use engine::wizard::Wizard;
use engine::{draft, CompiledForm, Date, Json, Lang, Text};

fn forms() -> &'static [Arc<CompiledForm>] {
    static COMPILED: OnceLock<Vec<Arc<CompiledForm>>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        EXAMPLE_FORMS
            .iter()
            .map(|json| {
                // As citizens get it: published, then read by the engine.
                let form = authoring::load::load_form(json).expect("example form loads");
                let published = authoring::publish::publish(form, &[]).expect("publishes");
                Arc::new(engine::published::read(&published.bytes).expect("reads").form)
            })
            .collect()
    })
}

/// One instance of one of `nodes`, chosen by the input.
fn pick(wizard: &Wizard, nodes: &[usize], input: &mut Bytes) -> Option<Loc> {
    let node = nodes[input.index(nodes.len())?];
    let mut instances = wizard.state.instances(node, &[]);
    let chosen = input.index(instances.len())?;
    let items = instances.swap_remove(chosen);
    Some(Loc::new(node, items))
}

/// The ids of every file chosen anywhere in `record` and its entries.
fn file_ids(record: &Record, out: &mut Vec<String>) {
    for cell in &record.cells {
        if let Value::List(values) = &cell.value {
            out.extend(values.iter().filter_map(|v| match v {
                Value::File(file) => Some(file.id.clone()),
                _ => None,
            }));
        }
        for item in &cell.items {
            file_ids(item, out);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes(data);
    let Some(choice) = input.byte() else { return };
    let forms = forms();
    let form = &forms[choice as usize % forms.len()];
    let lang = if choice & 0x80 == 0 {
        Lang::De
    } else {
        Lang::En
    };
    let today = Date::new(2026, 11, 22).expect("valid date");
    let all: Vec<usize> = (0..form.nodes.len()).collect();
    let of_kind = |wanted: fn(&Kind) -> bool| -> Vec<usize> {
        all.iter()
            .copied()
            .filter(|&node| form.element_kind(node).is_some_and(wanted))
            .collect()
    };
    let repeats = of_kind(|kind| matches!(kind, Kind::Repeat { .. }));
    let file_fields = of_kind(|kind| matches!(kind, Kind::File { .. }));
    let mut attachments = 0;
    let mut wizard = Wizard::new(Arc::clone(form), today, lang);

    while let Some(operation) = input.byte() {
        match operation % 11 {
            0..=3 => {
                if let Some(loc) = pick(&wizard, &all, &mut input) {
                    let text = input.text(24);
                    wizard.state.set_input(&loc, &text, lang);
                }
            }
            4 => {
                if let Some(loc) = pick(&wizard, &repeats, &mut input) {
                    let _ = wizard.state.add_item(&loc);
                }
            }
            5 => {
                if let Some(loc) = pick(&wizard, &repeats, &mut input) {
                    let index = input.byte().unwrap_or(0) as usize % 4;
                    let _ = wizard.state.remove_item(&loc, index);
                }
            }
            6 => {
                let _ = match input.byte().unwrap_or(0) % 4 {
                    0 => wizard.back(),
                    1 => wizard.edit_from_review(input.index(form.form.steps.len()).unwrap_or(0)),
                    _ => wizard.next_step().unwrap_or(wizard.position()),
                };
            }
            7 => {
                for declaration in &form.form.declarations {
                    wizard.set_declaration(&declaration.id, true);
                }
            }
            8 => {
                // A draft or prefill as stored in the browser or sent by the portal.
                if let Ok(json) = Json::parse(&input.long_text(8192)) {
                    if input.byte().unwrap_or(0) & 1 == 0 {
                        wizard = draft::restore(Arc::clone(form), &json, today, lang).0;
                    } else {
                        let _ = payload::load_answers(&mut wizard.state, &json, lang);
                    }
                }
            }
            10 => {
                // Files chosen in a file field, as the runtime describes them.
                if let Some(loc) = pick(&wizard, &file_fields, &mut input) {
                    // New ids, as the runtime's random ones: none a loaded draft has.
                    let mut taken = Vec::new();
                    file_ids(wizard.state.root(), &mut taken);
                    let mut files = Vec::new();
                    for _ in 0..input.byte().unwrap_or(0) % 4 {
                        attachments += 1;
                        while taken.contains(&format!("a{attachments}")) {
                            attachments += 1;
                        }
                        let size = u64::from(input.byte().unwrap_or(0))
                            << (input.byte().unwrap_or(0) % 28);
                        let media_type = ["application/pdf", "image/jpeg", "image/png", ""];
                        let media_type = media_type[input.byte().unwrap_or(0) as usize % 4];
                        files.push(Value::File(FileRef {
                            id: format!("a{attachments}"),
                            name: input.text(20),
                            size,
                            media_type: media_type.to_string(),
                        }));
                    }
                    wizard.state.set(&loc, Value::List(files));
                }
            }
            _ => {
                // Field errors in a 4xx response of the receiving server: any body, or
                // one problem at any path.
                let problems = if input.byte().unwrap_or(0) & 1 == 0 {
                    payload::refused(&input.long_text(2000))
                } else {
                    let path = input.text(40);
                    let message = input.text(20);
                    vec![PayloadProblem {
                        path,
                        message: Text::new(message.clone(), message),
                    }]
                };
                let _ = wizard.reject(problems);
            }
        }
        wizard.settle();
        let _ = wizard.review();
    }

    // A draft restores to the same answers, or says that some did not fit (an answer
    // no input of the assistant can give, such as an unknown option, is dropped).
    let saved = draft::save(&wizard, "key", 0.0);
    let (restored, outcome) = draft::restore(Arc::clone(form), &saved, today, lang);
    if outcome == draft::Restored::Complete {
        assert_eq!(
            payload::answers_to_json(&restored.state, Scope::Draft),
            payload::answers_to_json(&wizard.state, Scope::Draft),
            "a draft restores to other answers and does not say so"
        );
    }

    // What the assistant submits, the intake server accepts.
    if let Ok(submitted) = wizard.payload() {
        if let Err(problems) = payload::verify_payload(Arc::clone(form), &submitted, today) {
            panic!("the server refuses a submitted payload: {problems:?}");
        }
    }
});
