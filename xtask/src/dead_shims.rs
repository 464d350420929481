//! Drops closure shims wasm-bindgen leaves in the runtime's function table unused.
//!
//! wasm-bindgen describes every imported JS function that takes a Rust closure (js-sys
//! alone has dozens: `Array.forEach`, `Promise.then`, typed arrays' `map`, …) by taking
//! the address of an `invoke` shim for that closure type. Taking an address puts the
//! shim into the wasm's function table, and the table keeps it, and all it calls, after
//! the describing code is gone: wasm-opt cannot know that nothing calls it indirectly.
//! The JS glue calls the shims of the closures the runtime really hands out through
//! exports, never through the table, and the table is not exported. So a table entry
//! that names an `invoke` shim that is not exported is dead; it is pointed at the
//! table's first function instead, and a later wasm-opt run removes the shims.
//!
//! Needs the name section (`wasm-opt -g`). When the module does not look as expected
//! (no names, no exported shim, an element segment of another form), it is left as it
//! is, with a warning: larger, but working.

use crate::wasm::{rewrite_sections, write_leb, Module, Reader, ELEMENT_SECTION, EXPORT_SECTION};

const SHIM: &str = "closures::_::invoke";

/// The module with dead shims taken out of its table, and how many entries that were.
pub fn unlink(wasm: &[u8]) -> Result<(Vec<u8>, usize), String> {
    let module = Module::read(wasm)?;
    let imported = module.imported_functions()?;
    let exported = module
        .section(EXPORT_SECTION)
        .map_or(Ok(Vec::new()), exported_functions)?;
    let names = module.function_names()?;
    let is_shim = |index: u64| {
        names
            .binary_search_by_key(&index, |(i, _)| *i)
            .is_ok_and(|at| names[at].1.contains(SHIM))
    };
    if !exported.iter().any(|&index| is_shim(index)) {
        return Err("no closure shim is exported: the glue may call them otherwise".into());
    }
    let elements = module
        .section(ELEMENT_SECTION)
        .ok_or("the wasm has no function table")?;
    let (elements, dropped) = rewrite_elements(elements, |index| {
        index >= imported && is_shim(index) && !exported.contains(&index)
    })?;
    let out = rewrite_sections(wasm, |id, _| {
        Ok((id == ELEMENT_SECTION).then(|| elements.clone()))
    })?;
    Ok((out, dropped))
}

fn exported_functions(body: &[u8]) -> Result<Vec<u64>, String> {
    let mut section = Reader::new(body, 0);
    let mut functions = Vec::new();
    for _ in 0..section.leb()? {
        section.name()?;
        let kind = section.byte()?;
        let index = section.leb()?;
        if kind == 0 {
            functions.push(index);
        }
    }
    Ok(functions)
}

/// The element section with each function `dead` says so of replaced by the first
/// function of its segment. Only active segments of function indices into table 0
/// (what LLVM and wasm-bindgen write) are understood.
fn rewrite_elements(body: &[u8], dead: impl Fn(u64) -> bool) -> Result<(Vec<u8>, usize), String> {
    let mut section = Reader::new(body, 0);
    let mut out = Vec::new();
    let mut dropped = 0;
    let segments = section.leb()?;
    write_leb(&mut out, segments);
    for _ in 0..segments {
        let start = section.at();
        if section.leb()? != 0 {
            return Err("an element segment of another form".into());
        }
        // The offset: `i32.const N` `end`.
        if section.byte()? != 0x41 {
            return Err("an element segment with another offset".into());
        }
        section.leb()?;
        if section.byte()? != 0x0b {
            return Err("an element segment with another offset".into());
        }
        out.extend_from_slice(&body[start..section.at()]);
        let count = section.leb()?;
        write_leb(&mut out, count);
        let mut first = None;
        for _ in 0..count {
            let index = section.leb()?;
            let kept = *first.get_or_insert(index);
            if dead(index) && index != kept {
                dropped += 1;
                write_leb(&mut out, kept);
            } else {
                write_leb(&mut out, index);
            }
        }
    }
    if !section.done() {
        return Err("the element section has more than its segments".into());
    }
    Ok((out, dropped))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasm::{
        name_section, sections, write_name as name, write_section, CUSTOM_SECTION, IMPORT_SECTION,
    };

    fn section(id: u8, body: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        write_section(&mut out, id, body);
        out
    }

    /// A module (only the sections read here) with one imported function (index 0), an
    /// exported shim (2), an unexported shim (3) and a plain function (1) in its table.
    fn module(exported_shim: bool) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let mut imports = vec![1];
        name(&mut imports, "wbg");
        name(&mut imports, "__wbg_f");
        imports.extend_from_slice(&[0, 0]);
        wasm.extend(section(IMPORT_SECTION, &imports));
        let mut exports = vec![1];
        name(&mut exports, "invoke_u16");
        exports.extend_from_slice(&[0, if exported_shim { 2 } else { 1 }]);
        wasm.extend(section(EXPORT_SECTION, &exports));
        // One segment at table offset 11 (0x0b, the byte that also ends the offset).
        wasm.extend(section(
            ELEMENT_SECTION,
            &[1, 0, 0x41, 11, 0x0b, 4, 1, 2, 3, 3],
        ));
        let names = name_section(&[
            (1, "runtime::handle"),
            (2, "wasm_bindgen::convert::closures::_::invoke::<u16>"),
            (3, "wasm_bindgen::convert::closures::_::invoke::<f64>"),
        ]);
        wasm.extend(section(CUSTOM_SECTION, &names));
        wasm
    }

    #[test]
    fn points_unexported_shims_at_the_first_function() {
        let (wasm, unlinked) = unlink(&module(true)).expect("unlinked");
        assert_eq!(unlinked, 2);
        let sections = sections(&wasm).expect("sections");
        let elements = sections
            .iter()
            .find(|(id, _)| *id == ELEMENT_SECTION)
            .expect("elements");
        assert_eq!(elements.1, &[1, 0, 0x41, 11, 0x0b, 4, 1, 2, 1, 1]);
        // Everything else as it was.
        let before = sections_without_elements(&module(true));
        assert_eq!(sections_without_elements(&wasm), before);
    }

    fn sections_without_elements(wasm: &[u8]) -> Vec<(u8, Vec<u8>)> {
        let sections = sections(wasm).expect("sections");
        sections
            .into_iter()
            .filter(|(id, _)| *id != ELEMENT_SECTION)
            .map(|(id, body)| (id, body.to_vec()))
            .collect()
    }

    #[test]
    fn leaves_modules_it_does_not_understand() {
        assert!(unlink(&module(false)).is_err(), "no exported shim");
        assert!(unlink(b"\0asm\x01\0\0\0").is_err(), "no names");
        let mut passive = module(true);
        let at = passive
            .windows(3)
            .position(|w| w == [1, 0, 0x41])
            .expect("segment");
        passive[at + 1] = 1;
        assert!(unlink(&passive).is_err(), "a passive segment");
    }
}
