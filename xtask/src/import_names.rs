//! Shortens the names under which the runtime's wasm imports wasm-bindgen's JS glue.
//!
//! wasm-bindgen names each import `__wbg_<method>_<16 hex digits>`; the name stands once
//! in the wasm's import section and once as a key in `runtime.js`. Random hex compresses
//! badly, so the 57 names cost 2 KB gzip of a 100 KB budget. They are renamed to `_0`,
//! `_1`, … in both files. Should wasm-bindgen ever write a name other than exactly once
//! into the glue (or a short name clash with a key there), the files are left as they
//! are, with a warning: larger, but working.

use std::path::Path;

/// Renames the imports in `wasm_path` and their keys in `js_path`, in place.
pub fn shorten(wasm_path: &Path, js_path: &Path) -> Result<(), String> {
    let wasm = std::fs::read(wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    let js = std::fs::read_to_string(js_path).map_err(|e| format!("{}: {e}", js_path.display()))?;
    let (wasm, renames) = rename_imports(&wasm)?;
    let mut js = js;
    for (old, new) in &renames {
        if js.matches(old.as_str()).count() != 1 {
            eprintln!("xtask: {old} is not once in runtime.js; import names left long");
            return Ok(());
        }
        js = js.replace(old.as_str(), new);
    }
    // Each new name must be one key of the imports object (`{_0:` or `,_0:`), no more.
    for (_, new) in &renames {
        let keys =
            js.matches(&format!("{{{new}:")).count() + js.matches(&format!(",{new}:")).count();
        if keys != 1 {
            eprintln!("xtask: {new} would not be one key in runtime.js; import names left long");
            return Ok(());
        }
    }
    std::fs::write(wasm_path, wasm).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    std::fs::write(js_path, js).map_err(|e| format!("{}: {e}", js_path.display()))?;
    Ok(())
}

/// Names renamed: (old, new).
type Renames = Vec<(String, String)>;

/// The module with its import section rewritten, and the names renamed.
fn rename_imports(wasm: &[u8]) -> Result<(Vec<u8>, Renames), String> {
    const IMPORT_SECTION: u8 = 2;
    let mut reader = Reader { bytes: wasm, at: 8 };
    if wasm.get(..4) != Some(b"\0asm") {
        return Err("not a wasm module".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut renames = Vec::new();
    while reader.at < wasm.len() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        let body = reader.take(size)?;
        if id != IMPORT_SECTION {
            out.push(id);
            write_leb(&mut out, size as u64);
            out.extend_from_slice(body);
            continue;
        }
        let mut section = Reader { bytes: body, at: 0 };
        let count = section.leb()?;
        let mut rewritten = Vec::new();
        write_leb(&mut rewritten, count);
        for _ in 0..count {
            let module = section.name()?;
            let name = section.name()?;
            let description = section.import_description()?;
            let name = if is_glue_name(name) {
                let short = format!("_{:x}", renames.len());
                renames.push((name.to_string(), short.clone()));
                short
            } else {
                name.to_string()
            };
            for text in [module, name.as_str()] {
                write_leb(&mut rewritten, text.len() as u64);
                rewritten.extend_from_slice(text.as_bytes());
            }
            rewritten.extend_from_slice(description);
        }
        out.push(id);
        write_leb(&mut out, rewritten.len() as u64);
        out.extend_from_slice(&rewritten);
    }
    Ok((out, renames))
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

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| format!("wasm ends early (at byte {})", self.at))?;
        let part = &self.bytes[self.at..end];
        self.at = end;
        Ok(part)
    }

    /// An unsigned LEB128 number.
    fn leb(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(format!("overlong number at byte {}", self.at))
    }

    fn name(&mut self) -> Result<&'a str, String> {
        let len = self.leb()? as usize;
        std::str::from_utf8(self.take(len)?).map_err(|e| format!("import name: {e}"))
    }

    /// The bytes after an import's names: its kind and type, copied unchanged.
    fn import_description(&mut self) -> Result<&'a [u8], String> {
        let start = self.at;
        match self.byte()? {
            // function: type index; tag: attribute and type index
            0 => drop(self.leb()?),
            4 => {
                self.byte()?;
                self.leb()?;
            }
            // table: element type, then limits; memory: limits
            1 => {
                self.byte()?;
                self.limits()?;
            }
            2 => self.limits()?,
            // global: value type and mutability
            3 => drop(self.take(2)?),
            kind => return Err(format!("unknown import kind {kind}")),
        }
        Ok(&self.bytes[start..self.at])
    }

    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 == 1 {
            self.leb()?;
        }
        Ok(())
    }
}

fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
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
        let (renamed, renames) = rename_imports(&module()).expect("valid module");
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
        assert!(rename_imports(&wasm[..wasm.len() - 3]).is_err());
    }
}
