//! The one TrueType font PDFs are set in: its metrics as PDF needs them (units per em,
//! box, widths per WinAnsi code through the font's (3,1) `cmap`), text encoded in
//! WinAnsi, and the font cut down to the glyphs a PDF uses (PDF/A embeds every font; the
//! whole DejaVu Sans is 760 KB).

/// The metrics of the embedded TrueType font the PDF needs.
pub struct Font<'a> {
    bytes: &'a [u8],
    pub bbox: [i16; 4],
    pub ascent: i16,
    pub descent: i16,
    pub cap_height: i16,
    /// Advance width per WinAnsi code 32..=255, in 1/1000 em; `None`: no glyph.
    pub widths: Vec<Option<u16>>,
    /// The glyph per WinAnsi code 32..=255.
    glyphs: Vec<Option<u16>>,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

impl<'a> Font<'a> {
    pub fn read(bytes: &'a [u8]) -> Option<Font<'a>> {
        let tables = u16_at(bytes, 4)? as usize;
        let table = |tag: &[u8; 4]| -> Option<usize> {
            (0..tables).find_map(|i| {
                let entry = 12 + 16 * i;
                (bytes.get(entry..entry + 4)? == tag)
                    .then(|| u32_at(bytes, entry + 8).map(|o| o as usize))
                    .flatten()
            })
        };
        let (head, hhea, hmtx, cmap) = (
            table(b"head")?,
            table(b"hhea")?,
            table(b"hmtx")?,
            table(b"cmap")?,
        );
        let units_per_em = f32::from(u16_at(bytes, head + 18)?.max(1));
        let signed = |at| u16_at(bytes, at).map(|v| v as i16);
        let bbox = [
            signed(head + 36)?,
            signed(head + 38)?,
            signed(head + 40)?,
            signed(head + 42)?,
        ];
        let metrics = u16_at(bytes, hhea + 34)? as usize;
        let cap_height = table(b"OS/2")
            .filter(|&os2| u16_at(bytes, os2).is_some_and(|v| v >= 2))
            .and_then(|os2| signed(os2 + 88))
            .unwrap_or(bbox[3]);
        // The Windows Unicode BMP subtable (3, 1), format 4.
        let subtables = u16_at(bytes, cmap + 2)? as usize;
        let unicode = (0..subtables).find_map(|i| {
            let entry = cmap + 4 + 8 * i;
            (u16_at(bytes, entry)? == 3 && u16_at(bytes, entry + 2)? == 1)
                .then(|| u32_at(bytes, entry + 4).map(|o| cmap + o as usize))
                .flatten()
        })?;
        if u16_at(bytes, unicode)? != 4 {
            return None;
        }
        let glyph = |c: char| -> Option<u16> { glyph_of(bytes, unicode, c as u32) };
        let scale = 1000.0 / units_per_em;
        let glyphs: Vec<Option<u16>> = (32u8..=255)
            .map(|code| glyph(win_ansi_char(code)?).filter(|&g| g != 0))
            .collect();
        let widths = glyphs
            .iter()
            .map(|g| {
                let at = hmtx + 4 * usize::from((*g)?).min(metrics.saturating_sub(1));
                Some((f32::from(u16_at(bytes, at)?) * scale).round() as u16)
            })
            .collect();
        let scaled = |v: i16| (f32::from(v) * scale).round() as i16;
        Some(Font {
            bytes,
            bbox: bbox.map(scaled),
            ascent: scaled(signed(hhea + 4)?),
            descent: scaled(signed(hhea + 6)?),
            cap_height: scaled(cap_height),
            widths,
            glyphs,
        })
    }

    pub fn width(&self, code: u8) -> f32 {
        code.checked_sub(32)
            .and_then(|i| self.widths.get(i as usize).copied().flatten())
            .map_or(0.0, f32::from)
    }

    /// The text in WinAnsi codes the font has glyphs for; any other character is `?`.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => b' ',
                c => win_ansi_code(c)
                    .filter(|&code| code >= 32 && self.width(code) > 0.0)
                    .unwrap_or(b'?'),
            })
            .collect()
    }

    pub fn measure(&self, codes: &[u8], size: f32) -> f32 {
        codes.iter().map(|&c| self.width(c)).sum::<f32>() * size / 1000.0
    }

    /// The font with only the glyphs of `codes` (and `.notdef`, and the glyphs composite
    /// ones are made of): the other glyphs' outlines emptied, glyph ids and `cmap`
    /// unchanged, the tables a PDF reader does not use (layout, kerning, glyph names)
    /// left out, checksums recomputed. `None` for a font this does not understand.
    pub fn subset(&self, codes: &[u8]) -> Option<Vec<u8>> {
        let bytes = self.bytes;
        let count = u16_at(bytes, 4)? as usize;
        let mut tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(count);
        for i in 0..count {
            let entry = 12 + 16 * i;
            let tag: [u8; 4] = bytes.get(entry..entry + 4)?.try_into().ok()?;
            let offset = u32_at(bytes, entry + 8)? as usize;
            let length = u32_at(bytes, entry + 12)? as usize;
            tables.push((tag, bytes.get(offset..offset.checked_add(length)?)?));
        }
        let find = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| *d);
        let (head, maxp, loca, glyf) = (
            find(b"head")?,
            find(b"maxp")?,
            find(b"loca")?,
            find(b"glyf")?,
        );
        let glyph_count = u16_at(maxp, 4)? as usize;
        let long = u16_at(head, 50)? == 1;
        let location = |g: usize| -> Option<usize> {
            if long {
                u32_at(loca, 4 * g).map(|o| o as usize)
            } else {
                u16_at(loca, 2 * g).map(|o| 2 * o as usize)
            }
        };
        let outline = |g: usize| -> Option<&[u8]> { glyf.get(location(g)?..location(g + 1)?) };
        // The glyphs to keep, with the parts of composite glyphs.
        let mut keep = vec![false; glyph_count];
        let mut todo: Vec<usize> = std::iter::once(0)
            .chain(codes.iter().filter_map(|&c| {
                let g = *self.glyphs.get(usize::from(c.checked_sub(32)?))?;
                g.map(usize::from)
            }))
            .collect();
        while let Some(g) = todo.pop() {
            if g >= glyph_count || std::mem::replace(&mut keep[g], true) {
                continue;
            }
            todo.extend(components(outline(g)?)?);
        }
        let mut new_glyf = Vec::new();
        let mut new_loca = Vec::with_capacity(4 * (glyph_count + 1));
        for (g, &kept) in keep.iter().enumerate() {
            new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
            if kept {
                new_glyf.extend_from_slice(outline(g)?);
                while new_glyf.len() % 4 != 0 {
                    new_glyf.push(0);
                }
            }
        }
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let mut new_head = head.to_vec();
        new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
        new_head
            .get_mut(50..52)?
            .copy_from_slice(&1u16.to_be_bytes()); // long offsets
                                                   // `post` version 3: no glyph names (PDF finds glyphs through `cmap`).
        let mut new_post = find(b"post")?.get(..32)?.to_vec();
        new_post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        let kept_tables = [
            b"OS/2", b"cmap", b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca",
            b"maxp", b"name", b"post", b"prep",
        ];
        let out_tables: Vec<([u8; 4], Vec<u8>)> = tables
            .iter()
            .filter(|(tag, _)| kept_tables.contains(&tag))
            .map(|(tag, data)| {
                let data = match tag {
                    b"glyf" => std::mem::take(&mut new_glyf),
                    b"loca" => std::mem::take(&mut new_loca),
                    b"head" => new_head.clone(),
                    b"post" => new_post.clone(),
                    _ => data.to_vec(),
                };
                (*tag, data)
            })
            .collect();
        Some(write_font(u32_at(bytes, 0)?, out_tables))
    }
}

/// The glyphs a glyph's outline is made of, if it is a composite; none for a simple one.
fn components(outline: &[u8]) -> Option<Vec<usize>> {
    const WORDS: u16 = 0x0001;
    const SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const XY_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    if outline.is_empty() || u16_at(outline, 0)? as i16 >= 0 {
        return Some(Vec::new());
    }
    let mut parts = Vec::new();
    let mut at = 10;
    loop {
        let flags = u16_at(outline, at)?;
        parts.push(usize::from(u16_at(outline, at + 2)?));
        at += 4 + if flags & WORDS != 0 { 4 } else { 2 };
        at += if flags & SCALE != 0 {
            2
        } else if flags & XY_SCALE != 0 {
            4
        } else if flags & TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE == 0 || parts.len() > 64 {
            return Some(parts);
        }
    }
}

/// The sum of a table's big-endian 32-bit words (zero-padded).
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// A TrueType file of `tables` (in tag order), with its directory and checksums.
fn write_font(version: u32, mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|t| t.0);
    let count = tables.len() as u16;
    let power = if count == 0 {
        0
    } else {
        15 - count.leading_zeros() as u16
    };
    let search_range = (1u16 << power) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&version.to_be_bytes());
    for v in [count, search_range, power, count * 16 - search_range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// The glyph of a code point in a cmap format 4 subtable at `at`.
fn glyph_of(bytes: &[u8], at: usize, c: u32) -> Option<u16> {
    let segments = u16_at(bytes, at + 6)? as usize / 2;
    let ends = at + 14;
    let starts = ends + 2 * segments + 2;
    let deltas = starts + 2 * segments;
    let offsets = deltas + 2 * segments;
    let i = (0..segments)
        .find(|&i| u16_at(bytes, ends + 2 * i).is_some_and(|end| u32::from(end) >= c))?;
    let start = u32::from(u16_at(bytes, starts + 2 * i)?);
    if c < start {
        return None;
    }
    let delta = u16_at(bytes, deltas + 2 * i)?;
    let offset = u16_at(bytes, offsets + 2 * i)? as usize;
    if offset == 0 {
        return Some((c as u16).wrapping_add(delta));
    }
    let at = offsets + 2 * i + offset + 2 * (c - start) as usize;
    let g = u16_at(bytes, at)?;
    (g != 0).then(|| g.wrapping_add(delta))
}

/// WinAnsiEncoding's codes 0x80..=0x9F (PDF 32000-1, annex D); `None` where undefined.
const WIN_ANSI_80: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

fn win_ansi_char(code: u8) -> Option<char> {
    match code {
        0x20..=0x7E | 0xA0..=0xFF => Some(char::from(code)),
        0x80..=0x9F => WIN_ANSI_80[usize::from(code - 0x80)],
        _ => None,
    }
}

fn win_ansi_code(c: char) -> Option<u8> {
    match c as u32 {
        0x20..=0x7E | 0xA0..=0xFF => Some(c as u8),
        _ => WIN_ANSI_80
            .iter()
            .position(|&w| w == Some(c))
            .map(|i| 0x80 + i as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_cut_to_the_glyphs_used_keeps_them_as_they_were() {
        let bytes = font();
        let whole = Font::read(&bytes).expect("DejaVu Sans");
        let used = whole.encode("Jürgen Müller, Straße 12 – „Grüße“ €");
        let cut = whole.subset(&used).expect("cut");
        assert!(
            cut.len() < bytes.len() / 6,
            "{} of {} bytes",
            cut.len(),
            bytes.len()
        );
        // It reads as a font again, with the same metrics for what is used.
        let again = Font::read(&cut).expect("a font");
        for &code in &used {
            assert_eq!(again.width(code), whole.width(code), "{code}");
        }
        assert_eq!(again.bbox, whole.bbox);
        // The whole file sums to the TrueType constant; each table to its checksum.
        assert_eq!(checksum(&cut), 0xB1B0_AFBA);
        let count = u16_at(&cut, 4).expect("count") as usize;
        let mut tags = Vec::new();
        for i in 0..count {
            let entry = 12 + 16 * i;
            let tag = &cut[entry..entry + 4];
            let (sum, at, len) = (
                u32_at(&cut, entry + 4).expect("sum"),
                u32_at(&cut, entry + 8).expect("at") as usize,
                u32_at(&cut, entry + 12).expect("len") as usize,
            );
            assert_eq!(at % 4, 0);
            if tag != b"head" {
                assert_eq!(
                    checksum(&cut[at..at + len]),
                    sum,
                    "{}",
                    String::from_utf8_lossy(tag)
                );
            }
            tags.push(String::from_utf8_lossy(tag).to_string());
        }
        assert_eq!(
            tags,
            [
                "OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp",
                "name", "post", "prep"
            ]
        );
        // The glyphs used keep their outlines; others are empty.
        let glyph = |c: u8| usize::from(whole.glyphs[usize::from(c - 32)].expect("a glyph"));
        assert_eq!(outline(&cut, glyph(b'u')), outline(&bytes, glyph(b'u')));
        assert!(!outline(&bytes, glyph(b'q')).is_empty());
        assert!(outline(&cut, glyph(b'q')).is_empty(), "q is not used");
        // ü is made of u and the dieresis: its parts are kept too.
        let parts = components(outline(&bytes, glyph(0xFC))).expect("read");
        assert!(parts.len() >= 2, "{parts:?}");
        for part in parts {
            assert_eq!(outline(&cut, part), outline(&bytes, part));
        }
    }

    /// A glyph's outline in a font file.
    fn outline(font: &[u8], g: usize) -> &[u8] {
        let table = |tag: &[u8]| {
            (0..u16_at(font, 4).expect("tables") as usize)
                .map(|i| 12 + 16 * i)
                .find(|&e| &font[e..e + 4] == tag)
                .and_then(|e| u32_at(font, e + 8))
                .expect("the table") as usize
        };
        let long = u16_at(font, table(b"head") + 50) == Some(1);
        let loca = table(b"loca");
        let at = |g: usize| {
            if long {
                u32_at(font, loca + 4 * g).expect("an offset") as usize
            } else {
                2 * u16_at(font, loca + 2 * g).expect("an offset") as usize
            }
        };
        &font[table(b"glyf") + at(g)..table(b"glyf") + at(g + 1)]
    }

    fn font() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../public/fonts/DejaVuSans.ttf"
        ))
        .expect("the font")
    }

    #[test]
    fn the_font_is_read_as_the_pdf_needs_it() {
        let bytes = font();
        let font = Font::read(&bytes).expect("DejaVu Sans");
        // DejaVu Sans: 2048 units per em; "A" is 1401 units wide, the space 651.
        assert_eq!(font.width(b'A'), (1401.0f32 * 1000.0 / 2048.0).round());
        assert_eq!(font.width(b' '), (651.0f32 * 1000.0 / 2048.0).round());
        assert!(font.width(0xFC) > 0.0, "ü");
        assert!(font.width(0x80) > 0.0, "€");
        assert_eq!(
            font.encode("Grüße – „Ł“€"),
            b"Gr\xfc\xdfe \x96 \x84?\x93\x80"
        );
        assert!(Font::read(b"kein Font").is_none());
    }
}
