//! `cargo bench -p shared`: load, full evaluation and one changed answer over generated
//! forms of 1,000 and 10,000 fields (20% conditional). Prints medians; the targets are
//! in the README (1,000 fields: full evaluation < 1 ms, one change < 20 µs).

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use shared::load::load_compiled;
use shared::state::{FormState, Loc};
use shared::synthetic::generate_form;
use shared::{Date, Lang};

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
}
