//! Shortens the names that link the runtime's wasm and wasm-bindgen's JS glue.
//!
//! wasm-bindgen names each import `__wbg_<method>_<16 hex digits>`; the name stands once
//! in the wasm's import section and once as a key in `runtime.js`. Some exports carry
//! hashed crate paths too (`wasm_bindgen_621041b1…___convert__closures…`), and the glue
//! reads every export as a property (`M.__wbindgen_malloc`). Random hex compresses
//! badly: the names cost 2.5 KB gzip of a 100 KB budget. Imports are renamed to `_0`,
//! `_1`, …, exports (but `memory`, which callers of `init` may read) to `x0`, `x1`, …, in
//! both files. Should the glue not use a name as expected (or a short name clash with
//! one there), the files are left as they are, with a warning: larger, but working.

use std::path::Path;

use crate::wasm::{
    rewrite_sections, write_leb, write_name, Reader, EXPORT_SECTION, IMPORT_SECTION,
};

/// Renames the imports and exports in `wasm_path` and their uses in `js_path`, in place.
pub fn shorten(wasm_path: &Path, js_path: &Path) -> Result<(), String> {
    let wasm = std::fs::read(wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    let js = std::fs::read_to_string(js_path).map_err(|e| format!("{}: {e}", js_path.display()))?;
    let (wasm, imports, exports) = rename(&wasm)?;
    match rename_in_glue(js, &imports, &exports) {
        Ok(js) => {
            std::fs::write(wasm_path, wasm).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
            std::fs::write(js_path, js).map_err(|e| format!("{}: {e}", js_path.display()))
        }
        Err(why) => {
            eprintln!("xtask: {why}; the runtime's import and export names left long");
            Ok(())
        }
    }
}

/// The glue with the renamed imports (keys of its imports object) and exports
/// (properties read from the instance's exports); an error when it does not use them
/// as expected.
fn rename_in_glue(mut js: String, imports: &Renames, exports: &Renames) -> Result<String, String> {
    for (old, new) in imports {
        if js.matches(old.as_str()).count() != 1 {
            return Err(format!("{old} is not once in runtime.js"));
        }
        js = js.replace(old.as_str(), new);
        let keys =
            js.matches(&format!("{{{new}:")).count() + js.matches(&format!(",{new}:")).count();
        if keys != 1 {
            return Err(format!("{new} would not be one key in runtime.js"));
        }
    }
    for (old, new) in exports {
        if property_reads(&js, new) > 0 {
            return Err(format!("runtime.js already reads a property {new}"));
        }
        let reads = property_reads(&js, old);
        js = replace_property(&js, old, new);
        if property_reads(&js, old) > 0 || property_reads(&js, new) != reads {
            return Err(format!("{old} could not be renamed in runtime.js"));
        }
    }
    Ok(js)
}

/// How often `js` reads the property `name` (`.name`, not followed by more of a name).
fn property_reads(js: &str, name: &str) -> usize {
    property_places(js, name).len()
}

fn property_places(js: &str, name: &str) -> Vec<usize> {
    let pattern = format!(".{name}");
    js.match_indices(&pattern)
        .map(|(at, _)| at)
        .filter(|&at| {
            let next = js[at + pattern.len()..].chars().next();
            !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        })
        .collect()
}

fn replace_property(js: &str, old: &str, new: &str) -> String {
    let mut out = String::new();
    let mut done = 0;
    for at in property_places(js, old) {
        out.push_str(&js[done..at]);
        out.push('.');
        out.push_str(new);
        done = at + 1 + old.len();
    }
    out.push_str(&js[done..]);
    out
}

/// The module with every import from the JS module `old` importing from `new` instead
/// (wasm-bindgen imports some functions of a snippet straight into the wasm).
pub fn rename_module(wasm: &[u8], old: &str, new: &str) -> Result<Vec<u8>, String> {
    rewrite_sections(wasm, |id, body| match id {
        IMPORT_SECTION => map_imports(body, |module, name| {
            let module = if module == old { new } else { module };
            (module.to_string(), name.to_string())
        })
        .map(Some),
        _ => Ok(None),
    })
}

/// The import section with each import's module and name as `rename` says.
fn map_imports(
    body: &[u8],
    mut rename: impl FnMut(&str, &str) -> (String, String),
) -> Result<Vec<u8>, String> {
    let mut section = Reader::new(body, 0);
    let count = section.leb()?;
    let mut rewritten = Vec::new();
    write_leb(&mut rewritten, count);
    for _ in 0..count {
        let module = section.name()?;
        let name = section.name()?;
        let description = section.import_description()?;
        let (module, name) = rename(module, name);
        write_name(&mut rewritten, &module);
        write_name(&mut rewritten, &name);
        rewritten.extend_from_slice(description);
    }
    Ok(rewritten)
}

/// Names renamed: (old, new).
type Renames = Vec<(String, String)>;

/// The module with its import and export sections rewritten, and the names renamed
/// (imports, exports).
fn rename(wasm: &[u8]) -> Result<(Vec<u8>, Renames, Renames), String> {
    let mut renames = Vec::new();
    let mut export_renames = Vec::new();
    let out = rewrite_sections(wasm, |id, body| match id {
        IMPORT_SECTION => rename_imports(body, &mut renames).map(Some),
        EXPORT_SECTION => rename_exports(body, &mut export_renames).map(Some),
        _ => Ok(None),
    })?;
    Ok((out, renames, export_renames))
}

/// The import section with each name wasm-bindgen made unique renamed `_0`, `_1`, …
fn rename_imports(body: &[u8], renames: &mut Renames) -> Result<Vec<u8>, String> {
    map_imports(body, |module, name| {
        let name = if is_glue_name(name) {
            let short = format!("_{:x}", renames.len());
            renames.push((name.to_string(), short.clone()));
            short
        } else {
            name.to_string()
        };
        (module.to_string(), name)
    })
}

/// The export section with every export but `memory` renamed `x0`, `x1`, …
fn rename_exports(body: &[u8], renames: &mut Renames) -> Result<Vec<u8>, String> {
    let mut section = Reader::new(body, 0);
    let count = section.leb()?;
    let mut rewritten = Vec::new();
    write_leb(&mut rewritten, count);
    for _ in 0..count {
        let name = section.name()?;
        let start = section.at();
        section.byte()?;
        section.leb()?;
        let description = &body[start..section.at()];
        let name = if name == "memory" {
            name.to_string()
        } else {
            let short = format!("x{:x}", renames.len());
            renames.push((name.to_string(), short.clone()));
            short
        };
        write_name(&mut rewritten, &name);
        rewritten.extend_from_slice(description);
    }
    Ok(rewritten)
}

/// `__wbg_<name>_<16 hex digits>`: a name wasm-bindgen made unique with a hash.
fn is_glue_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("__wbg_") else {
        return false;
    };
    rest.rsplit_once('_').is_some_and(|(method, hash)| {
        !method.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions: one glue name and one snippet function.
    fn module() -> Vec<u8> {
        let mut imports = vec![2];
        for (module, name) in [
            ("wbg", "__wbg_append_0123456789abcdef"),
            ("./dom.js", "build"),
        ] {
            for text in [module, name] {
                imports.push(text.len() as u8);
                imports.extend_from_slice(text.as_bytes());
            }
            imports.extend_from_slice(&[0, 0]);
        }
        // The type section: one type, () -> ().
        let mut wasm = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0".to_vec();
        wasm.push(2);
        wasm.push(imports.len() as u8);
        wasm.extend_from_slice(&imports);
        wasm
    }

    #[test]
    fn renames_glue_names_and_keeps_everything_else() {
        let (renamed, renames, exports) = rename(&module()).expect("valid module");
        assert!(exports.is_empty());
        assert_eq!(
            renames,
            [(
                "__wbg_append_0123456789abcdef".to_string(),
                "_0".to_string()
            )]
        );
        let expected = module()
            .windows(29)
            .position(|w| w == b"__wbg_append_0123456789abcdef")
            .map(|at| {
                let mut wasm = module();
                wasm.splice(at - 1..at + 29, [2, b'_', b'0']);
                // The section got 27 bytes shorter.
                let size_at = 8 + 6 + 1;
                wasm[size_at] -= 27;
                wasm
            })
            .expect("name present");
        assert_eq!(renamed, expected);
    }

    #[test]
    fn renames_the_glue_uses_of_imports_and_exports_only() {
        let js = "const i={__proto__:null,__wbg_append_0123456789abcdef:function(e){e.append()}};\
                  export function mount(e){return M.mount(e)+M.mountain+M.__wbindgen_malloc(1)}";
        let imports = vec![("__wbg_append_0123456789abcdef".into(), "_0".into())];
        let exports = vec![
            ("mount".into(), "x0".into()),
            ("__wbindgen_malloc".into(), "x1".into()),
        ];
        let renamed = rename_in_glue(js.to_string(), &imports, &exports).expect("renamed");
        assert_eq!(
            renamed,
            "const i={__proto__:null,_0:function(e){e.append()}};\
             export function mount(e){return M.x0(e)+M.mountain+M.x1(1)}"
        );
        let clash = js.replace("M.mountain", "M.x0");
        assert!(rename_in_glue(clash, &imports, &exports).is_err());
        let twice = js.replace("e.append()", "__wbg_append_0123456789abcdef");
        assert!(rename_in_glue(twice, &imports, &exports).is_err());
    }

    #[test]
    fn recognizes_only_hashed_glue_names() {
        assert!(is_glue_name("__wbg_setAttribute_61e6bcfa9d6cd2a8"));
        assert!(is_glue_name("__wbg___wbindgen_throw_b855445ff6a94295"));
        assert!(!is_glue_name("__wbindgen_init_externref_table"));
        assert!(!is_glue_name("__wbg_build"));
        assert!(!is_glue_name("build"));
        assert!(!is_glue_name("__wbg__0123456789abcdeg"));
    }

    #[test]
    fn refuses_a_truncated_module() {
        let wasm = module();
        assert!(rename(&wasm[..wasm.len() - 3]).is_err());
    }
}
