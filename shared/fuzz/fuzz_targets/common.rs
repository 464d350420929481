//! What the fuzz targets share: the example forms, and a reader that turns the fuzzer's
//! bytes into choices and texts. (Each target uses part of it.)
#![allow(dead_code)]

/// public/forms, the small ones first.
pub const EXAMPLE_FORMS: [&str; 4] = [
    include_str!("../../../public/forms/hundesteuer-anmeldung.json"),
    include_str!("../../../public/forms/bewohnerparkausweis.json"),
    include_str!("../../../public/forms/gewerbeanmeldung.json"),
    include_str!("../../../public/forms/asbest-anzeige.json"),
];

/// The fuzzer's bytes, read as choices and texts.
pub struct Bytes<'a>(pub &'a [u8]);

impl Bytes<'_> {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    pub fn index(&mut self, len: usize) -> Option<usize> {
        if len == 0 {
            return None;
        }
        Some(self.byte()? as usize % len)
    }

    /// A text of up to `max` bytes (as UTF-8 where valid), its length in one byte.
    pub fn text(&mut self, max: usize) -> String {
        let len = self.byte().map_or(0, |b| b as usize % (max + 1));
        self.text_of(len)
    }

    /// A text of up to `max` bytes, its length in two bytes (whole answer sets).
    pub fn long_text(&mut self, max: usize) -> String {
        let high = self.byte().unwrap_or(0) as usize;
        let low = self.byte().unwrap_or(0) as usize;
        self.text_of((high << 8 | low) % (max + 1))
    }

    fn text_of(&mut self, len: usize) -> String {
        let (text, rest) = self.0.split_at(len.min(self.0.len()));
        self.0 = rest;
        String::from_utf8_lossy(text).into_owned()
    }
}
