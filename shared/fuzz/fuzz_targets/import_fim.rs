//! Any text as a FIM schema (with a mutated copy as its code list): importing must
//! never panic, and what it imports must load and lint.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(import) = authoring::fim::import(text, &[("liste.xml", text)]) {
        let _ = authoring::lint::lint(&import.form);
        let _ = import.report.render(engine::Lang::De);
    }
});
