//! Hostile payloads against the published example forms, as an intake server meets
//! them: any JSON, and the golden payloads changed at the places the fuzzer picks.
//! `verify_payload` answers with a refusal or the checked answers, never a panic, in
//! time and memory linear in the payload (the fuzzer's `-timeout` and `-rss_limit_mb`).
#![no_main]

mod common;

use std::sync::{Arc, OnceLock};

use common::{Bytes, EXAMPLE_FORMS};
use engine::payload::verify_payload;
use engine::{CompiledForm, Date, Json};
use libfuzzer_sys::fuzz_target;

/// The published example forms, each with a payload the assistant would send.
fn forms() -> &'static [(Arc<CompiledForm>, Json)] {
    static FORMS: OnceLock<Vec<(Arc<CompiledForm>, Json)>> = OnceLock::new();
    FORMS.get_or_init(|| {
        EXAMPLE_FORMS
            .iter()
            .map(|json| {
                let form = authoring::load::load_form(json).expect("example form loads");
                let bytes = authoring::publish::publish(form, &[]).expect("publishes").bytes;
                let form = Arc::new(engine::published::read(&bytes).expect("reads").form);
                let wizard = engine::wizard::Wizard::new(
                    Arc::clone(&form),
                    Date::new(2026, 11, 22).expect("date"),
                    engine::Lang::De,
                );
                let payload = engine::payload::build_payload(&wizard.state, wizard.lang, &[]);
                (form, payload)
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes(data);
    let Some(choice) = input.byte() else { return };
    let (form, base) = &forms()[choice as usize % forms().len()];
    let today = Date::new(2026, 11, 22).expect("date");
    // Any JSON the fuzzer writes,
    if choice & 0x80 != 0 {
        if let Ok(json) = Json::parse(&String::from_utf8_lossy(input.0)) {
            let _ = verify_payload(Arc::clone(form), &json, today);
        }
        return;
    }
    // or the assistant's payload with the fuzzer's JSON put in at its keys.
    let mut payload = base.clone();
    while !input.is_empty() {
        let key = ["form", "language", "answers", "declarations", "attachments", "parameters"]
            [input.index(6).unwrap_or(0)];
        let text = input.long_text(4096);
        let Ok(value) = Json::parse(&text) else { continue };
        if key == "answers" && value.as_object().is_some() {
            let mut answers = payload["answers"].clone();
            for (k, v) in value.as_object().unwrap_or_default() {
                answers.insert(k.clone(), v.clone());
            }
            payload.insert("answers", answers);
        } else {
            payload.insert(key, value);
        }
    }
    let _ = verify_payload(Arc::clone(form), &payload, today);
});
