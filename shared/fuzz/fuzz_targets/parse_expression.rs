//! Any text as an expression: parsing, checking and evaluating must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use authoring::expr::{check, eval, parse, Env, Resolver, Target, Type, Value};
use engine::Date;

/// Every name is a number field whose value is 7.
struct Everything;

impl Resolver for Everything {
    fn resolve(&self, _: &[String]) -> Result<(Target, Type), (String, String)> {
        Ok((Target { node: 0, shared_depth: 0 }, Type::Number))
    }
}

impl Env for Everything {
    fn value(&self, _: Target) -> Value {
        Value::Number(7.0)
    }

    fn today(&self) -> Date {
        Date::new(2026, 11, 22).expect("valid")
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(mut expr) = parse(text) {
        if check(&mut expr, &Everything).is_ok() {
            let _ = eval(&expr, &Everything);
        }
    }
});
