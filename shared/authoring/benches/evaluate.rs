//! `cargo bench -p authoring`: load, full evaluation and one changed answer over generated
//! forms of 1,000 and 10,000 fields (20% conditional); publishing the 500-field form
//! (target < 50 ms) and reading it back; the FIM import of the real schema. Prints
//! medians and the targets.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use authoring::load::load_compiled;
use authoring::synthetic::generate_form;
use engine::state::{FormState, Loc};
use engine::{Date, Lang};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let today = Date::new(2026, 11, 22).expect("valid");
    println!(
        "{:>7} {:>12} {:>16} {:>18}",
        "fields", "load", "full evaluation", "one changed answer"
    );
    for fields in [1_000, 10_000] {
        let json = generate_form(fields, 20).to_string();
        let runs = if fields > 5_000 { 15 } else { 60 };
        let load = measure(runs, || {
            black_box(load_compiled(black_box(&json)).expect("valid"));
        });
        let form = Arc::new(load_compiled(&json).expect("valid"));
        let mut state = FormState::new(Arc::clone(&form), today);
        let full = measure(runs, || {
            state.evaluate_all();
            black_box(&state);
        });
        // f500 drives the condition of f501 and the computed f509.
        let driver = Loc::top(form.find("f500").expect("field"));
        let mut toggle = false;
        let change = measure(2_001, || {
            toggle = !toggle;
            let text = if toggle { "3" } else { "9" };
            black_box(state.set_input(&driver, text, Lang::De));
        });
        println!(
            "{fields:>7} {:>12.3?} {:>16.3?} {:>18.3?}",
            load, full, change
        );
    }
    publishing();
    fim_import();
}

/// Publishing the 500-field form on one step (lint, compile, encode, hash) and reading
/// it back as the runtime does.
fn publishing() {
    let json = generate_form(500, 1).to_string();
    let publish = measure(30, || {
        let form = authoring::load::load_form(black_box(&json)).expect("valid");
        black_box(authoring::publish::publish(form, &[]).expect("publishes"));
    });
    let form = authoring::load::load_form(&json).expect("valid");
    let bytes = authoring::publish::publish(form, &[])
        .expect("publishes")
        .bytes;
    let read = measure(60, || {
        black_box(engine::published::read(black_box(&bytes)).expect("reads"));
    });
    println!(
        "Publishing the 500-field form: {publish:.3?} (target < 50 ms), {} KB; reading it back: {read:.3?}",
        bytes.len() / 1024
    );
}

/// The real FIM schema S00000186 (350 KB) with its 14 code lists, natively; the browser
/// figure comes from `cargo xtask bench` (tests/e2e/bench/fim-import.mjs).
fn fim_import() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fim/xdf2-real/S00000186");
    let schema = std::fs::read_to_string(dir.join("S00000186v1.0_xdf2.xml")).expect("schema");
    let lists: Vec<(String, String)> = (1122..=1135)
        .map(|n| {
            let name = format!("{n}.xml");
            let text = std::fs::read_to_string(dir.join(&name)).expect("code list");
            (name, text)
        })
        .collect();
    let refs: Vec<(&str, &str)> = lists
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let time = measure(30, || {
        black_box(authoring::fim::import(black_box(&schema), &refs).expect("imports"));
    });
    println!("FIM import of S00000186 (350 KB + 14 code lists): {time:.3?}");
}
