//! Any text as a pattern, matched against the rest of the input: compiling and
//! matching must never panic (a form builder's pattern runs in every citizen's browser).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (pattern, answer) = text.split_once('\n').unwrap_or((text, ""));
    if let Ok(compiled) = authoring::pattern::compile(pattern) {
        let _ = compiled.is_match(answer);
    }
});
