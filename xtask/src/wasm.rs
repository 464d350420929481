//! Reading and writing the parts of wasm binaries the build's post-processing needs.

/// The sections of a module, as (id, body), in order.
pub fn sections(wasm: &[u8]) -> Result<Vec<(u8, &[u8])>, String> {
    if wasm.get(..4) != Some(b"\0asm") {
        return Err("not a wasm module".into());
    }
    let mut reader = Reader::new(wasm, 8);
    let mut sections = Vec::new();
    while !reader.done() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        sections.push((id, reader.take(size)?));
    }
    Ok(sections)
}

/// The module with the sections `rewrite` returns a new body for replaced, the others
/// copied as they are.
pub fn rewrite_sections(
    wasm: &[u8],
    mut rewrite: impl FnMut(u8, &[u8]) -> Result<Option<Vec<u8>>, String>,
) -> Result<Vec<u8>, String> {
    let mut out = wasm[..8].to_vec();
    for (id, body) in sections(wasm)? {
        let new_body = rewrite(id, body)?;
        write_section(&mut out, id, new_body.as_deref().unwrap_or(body));
    }
    Ok(out)
}

/// A section as wasm stores it: its id, its size, then its body.
pub fn write_section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    write_leb(out, body.len() as u64);
    out.extend_from_slice(body);
}

/// Section ids (the wasm binary format, 5.5).
pub const CUSTOM_SECTION: u8 = 0;
pub const IMPORT_SECTION: u8 = 2;
pub const EXPORT_SECTION: u8 = 7;
pub const ELEMENT_SECTION: u8 = 9;
pub const CODE_SECTION: u8 = 10;
pub const DATA_SECTION: u8 = 11;

/// A module's sections, to look up.
pub struct Module<'a> {
    sections: Vec<(u8, &'a [u8])>,
}

impl<'a> Module<'a> {
    pub fn read(wasm: &'a [u8]) -> Result<Self, String> {
        Ok(Module {
            sections: sections(wasm)?,
        })
    }

    /// The body of the first section `id`.
    pub fn section(&self, id: u8) -> Option<&'a [u8]> {
        self.sections
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, b)| *b)
    }

    /// How many functions the module imports (they come first in the index space).
    pub fn imported_functions(&self) -> Result<u64, String> {
        self.section(IMPORT_SECTION)
            .map_or(Ok(0), imported_functions)
    }

    /// The function names of the name section, sorted by index.
    pub fn function_names(&self) -> Result<Vec<(u64, String)>, String> {
        self.sections
            .iter()
            .filter(|(id, _)| *id == CUSTOM_SECTION)
            .find_map(|(_, body)| function_names(body).transpose())
            .ok_or("the wasm has no function names")?
    }
}

/// Imported functions come first in the function index space.
fn imported_functions(body: &[u8]) -> Result<u64, String> {
    let mut section = Reader::new(body, 0);
    let mut functions = 0;
    for _ in 0..section.leb()? {
        section.name()?;
        section.name()?;
        if section.import_description()?[0] == 0 {
            functions += 1;
        }
    }
    Ok(functions)
}

/// The function names of a `name` section, sorted by index; None for other sections.
fn function_names(body: &[u8]) -> Result<Option<Vec<(u64, String)>>, String> {
    let mut section = Reader::new(body, 0);
    if section.name()? != "name" {
        return Ok(None);
    }
    while !section.done() {
        let kind = section.byte()?;
        let size = section.leb()? as usize;
        let part = section.take(size)?;
        if kind != 1 {
            continue;
        }
        let mut part = Reader::new(part, 0);
        let mut names = Vec::new();
        for _ in 0..part.leb()? {
            let index = part.leb()?;
            names.push((index, part.name()?.to_string()));
        }
        names.sort();
        return Ok(Some(names));
    }
    Ok(Some(Vec::new()))
}

/// A name as wasm stores it: its length, then its UTF-8 bytes.
pub fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], at: usize) -> Self {
        Reader { bytes, at }
    }

    pub fn at(&self) -> usize {
        self.at
    }

    pub fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    pub fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    pub fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
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
    pub fn leb(&mut self) -> Result<u64, String> {
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

    pub fn name(&mut self) -> Result<&'a str, String> {
        let len = self.leb()? as usize;
        std::str::from_utf8(self.take(len)?).map_err(|e| format!("name: {e}"))
    }

    /// The bytes after an import's names: its kind and type, copied unchanged.
    pub fn import_description(&mut self) -> Result<&'a [u8], String> {
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

pub fn write_leb(out: &mut Vec<u8>, mut value: u64) {
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

/// The body of a `name` section naming `functions` (index, name), for tests that
/// build modules by hand.
#[cfg(test)]
pub fn name_section(functions: &[(u64, &str)]) -> Vec<u8> {
    let mut entries = Vec::new();
    write_leb(&mut entries, functions.len() as u64);
    for &(index, name) in functions {
        write_leb(&mut entries, index);
        write_name(&mut entries, name);
    }
    let mut body = Vec::new();
    write_name(&mut body, "name");
    // Subsection 1: function names.
    body.push(1);
    write_leb(&mut body, entries.len() as u64);
    body.extend(entries);
    body
}
