//! Where the runtime's wasm bytes go: each function's code summed by the module path it
//! is named after (`engine::state`, `alloc::vec`, …), read from the name section the
//! build keeps until wasm-opt strips it. Written to `target/runtime-size-map.txt` by each
//! runtime build, its head printed by `cargo xtask size`: the table a size lever is
//! measured against (docs/dev/performance.md, "Toward 64 KB"). Raw bytes, not gzip:
//! compressed sizes do not add up by part.

use std::collections::BTreeMap;

use crate::wasm::{Module, Reader, CODE_SECTION, DATA_SECTION};

/// How many segments of a path name a module in the map (`engine::state`).
const DEPTH: usize = 2;

/// The map as text: one line per module, largest first, after a line for the code and
/// the data in all.
pub fn map(wasm: &[u8]) -> Result<String, String> {
    let module = Module::read(wasm)?;
    let imported = module.imported_functions()?;
    let names = module.function_names()?;
    let code = module.section(CODE_SECTION).ok_or("the wasm has no code")?;
    let data = module.section(DATA_SECTION).map_or(0, <[u8]>::len);

    let mut section = Reader::new(code, 0);
    let mut sums: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    let count = section.leb()?;
    for index in imported..imported + count {
        let size = section.leb()? as usize;
        section.take(size)?;
        total += size;
        let module = names
            .binary_search_by_key(&index, |(i, _)| *i)
            .map_or("(unnamed)".to_string(), |at| module_of(&names[at].1));
        *sums.entry(module).or_default() += size;
    }
    let mut modules: Vec<(String, usize)> = sums.into_iter().collect();
    // Largest first; equal sizes stay in name order (the sort is stable).
    modules.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    let mut out = format!(
        "{total} bytes of code in {count} functions, {data} bytes of data (texts, tables)\n"
    );
    for (module, size) in modules {
        let share = size as f64 * 100.0 / total.max(1) as f64;
        out.push_str(&format!("{size:>8} {share:>5.1} %  {module}\n"));
    }
    Ok(out)
}

/// The module a function's name places it in: its first `DEPTH` path segments, with
/// crate hashes (`engine[292ea954e56fda03]`) and the `<`, `&` of trait impls taken off
/// (`<engine::view::Tree as core::fmt::Debug>::fmt` is in `engine::view`).
fn module_of(name: &str) -> String {
    let mut name = name;
    loop {
        let trimmed = name.trim_start_matches(['<', '&', '[', '*', ' ']);
        let trimmed = trimmed.strip_prefix("mut ").unwrap_or(trimmed);
        if trimmed == name {
            break;
        }
        name = trimmed;
    }
    let name = without_hashes(name);
    let path = name.split([' ', '<', '>', '(']).next().unwrap_or_default();
    let segments: Vec<&str> = path.split("::").take(DEPTH).collect();
    segments.join("::")
}

/// `name` without the `[` 16 hex digits `]` after crate names.
fn without_hashes(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find('[') {
        let hash = rest.get(at + 1..at + 18);
        let is_hash = hash.is_some_and(|h| {
            let (digits, end) = h.as_bytes().split_at(16);
            end == b"]" && digits.iter().all(u8::is_ascii_hexdigit)
        });
        out.push_str(&rest[..at]);
        if is_hash {
            rest = &rest[at + 18..];
        } else {
            out.push('[');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasm::{CUSTOM_SECTION, IMPORT_SECTION};

    #[test]
    fn functions_are_placed_in_their_module() {
        let cases = [
            (
                "engine[292ea954e56fda03]::state::State::set",
                "engine::state",
            ),
            (
                "<engine[292ea954e56fda03]::view::Tree as core[9c69eefac0adf16c]::fmt::Debug>::fmt",
                "engine::view",
            ),
            (
                "&mut <alloc[fec436730cafd369]::vec::Vec<u8>>::push",
                "alloc::vec",
            ),
            (
                "[alloc[fec436730cafd369]::string::String]::join",
                "alloc::string",
            ),
            ("mount", "mount"),
            ("__externref_table_alloc", "__externref_table_alloc"),
        ];
        for (name, module) in cases {
            assert_eq!(module_of(name), module, "{name}");
        }
    }

    #[test]
    fn a_square_bracket_that_is_no_hash_stays() {
        assert_eq!(without_hashes("a[3]::b"), "a[3]::b");
        assert_eq!(without_hashes("core[9c69eefac0adf16c]::x"), "core::x");
    }

    /// A module of two functions (one imported), named in a name section: the code's
    /// size lands on the defined function's module.
    #[test]
    fn the_map_sums_code_by_module() {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let mut section = |id: u8, body: &[u8]| crate::wasm::write_section(&mut wasm, id, body);
        // type section: one type, () -> ()
        section(1, &[1, 0x60, 0, 0]);
        // import "m" "f", a function of type 0
        section(IMPORT_SECTION, &[1, 1, b'm', 1, b'f', 0, 0]);
        // one defined function of type 0
        section(3, &[1, 0]);
        // its body: no locals, `nop nop end`
        section(CODE_SECTION, &[1, 4, 0, 1, 1, 0x0b]);
        // the name section: the defined function (index 1) named
        let names = crate::wasm::name_section(&[(1, "engine[0123456789abcdef]::x::f")]);
        section(CUSTOM_SECTION, &names);
        let map = map(&wasm).expect("a module with names");
        assert!(
            map.starts_with("4 bytes of code in 1 functions, 0 bytes of data"),
            "{map}"
        );
        assert!(map.contains("       4 100.0 %  engine::x\n"), "{map}");
    }
}
