//! An application as PDF/A-2b for the e-file, made for the clerk in a web worker of its
//! own (`pdf_worker.rs`), so the inbox starts without this code: A4 pages with the
//! application's facts, the result of the check, the review page's answers and the list
//! of files. PDF/A asks for every font embedded and every colour defined: the text is
//! set in DejaVu Sans (fetched only when a PDF is asked for; only the glyphs used
//! embedded), in grey levels only, with a grey ICC profile as the output intent, and the
//! XMP metadata naming the PDF/A part. Plain Rust, tested natively.

use engine::wizard::ReviewStep;
use serde::{Deserialize, Serialize};

use super::font::Font;
use super::open::FileInfo;

/// What goes into the PDF: handed to the worker as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub reference: String,
    /// The form's id and version.
    pub form: String,
    pub form_hash: String,
    /// When it was received, as clerks read it.
    pub received: String,
    pub verified: bool,
    pub problems: Vec<String>,
    pub sections: Vec<Section>,
    pub files: Vec<FileInfo>,
    /// When the PDF is made (ISO 8601, UTC), for its metadata.
    pub made_at: String,
}

/// One step of the review page: the engine's `ReviewStep` as the worker receives it
/// (the engine has no dependencies, serde included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    pub rows: Vec<Row>,
}

/// A label with its answer, or a heading (a group, a repeated item) without one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub label: String,
    pub value: Option<String>,
    pub depth: usize,
}

impl Section {
    /// The review page's steps as the PDF sets them.
    pub fn of_review(review: &[ReviewStep]) -> Vec<Section> {
        review
            .iter()
            .map(|step| Section {
                title: step.title.clone(),
                rows: step
                    .rows
                    .iter()
                    .map(|r| Row {
                        label: r.label.clone(),
                        value: r.value.clone(),
                        depth: r.depth,
                    })
                    .collect(),
            })
            .collect()
    }
}

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.0;
const LABEL_WIDTH: f32 = 190.0;

/// Lines of at most `width` points, broken at spaces (a word too long is cut).
fn wrap(font: &Font, codes: &[u8], size: f32, width: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in codes.split(|&c| c == b' ') {
        let mut candidate = line.clone();
        if !candidate.is_empty() {
            candidate.push(b' ');
        }
        candidate.extend_from_slice(word);
        if font.measure(&candidate, size) <= width
            || line.is_empty() && font.measure(word, size) <= width
        {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for &c in word {
            if !line.is_empty() && font.measure(&line, size) + font.measure(&[c], size) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A PDF string literal of WinAnsi codes.
fn literal(codes: &[u8]) -> String {
    let mut out = String::from("(");
    for &c in codes {
        match c {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(char::from(c));
            }
            32..=126 => out.push(char::from(c)),
            _ => out.push_str(&format!("\\{c:03o}")),
        }
    }
    out.push(')');
    out
}

/// Pages being set: their content streams and where the next line goes.
struct Layout<'f> {
    font: &'f Font<'f>,
    pages: Vec<String>,
    y: f32,
    /// The WinAnsi codes set so far: the glyphs the embedded font keeps.
    used: [bool; 256],
}

impl Layout<'_> {
    fn new_page(&mut self) {
        self.pages.push(String::new());
        self.y = PAGE_HEIGHT - MARGIN;
    }

    fn room(&mut self, height: f32) {
        if self.y - height < MARGIN + 20.0 {
            self.new_page();
        }
    }

    fn text_at(&mut self, x: f32, y: f32, size: f32, gray: f32, codes: &[u8]) {
        let page = self.pages.len().saturating_sub(1);
        self.text_on(page, x, y, size, gray, codes);
    }

    fn text_on(&mut self, page: usize, x: f32, y: f32, size: f32, gray: f32, codes: &[u8]) {
        for &c in codes {
            self.used[usize::from(c)] = true;
        }
        if let Some(page) = self.pages.get_mut(page) {
            page.push_str(&format!(
                "BT {gray:.2} g /F1 {size} Tf {x:.2} {y:.2} Td {} Tj ET\n",
                literal(codes)
            ));
        }
    }

    /// A paragraph, wrapped, from `x` to the right margin.
    fn paragraph(&mut self, text: &str, size: f32, x: f32, gray: f32) {
        let codes = self.font.encode(text);
        for line in wrap(self.font, &codes, size, PAGE_WIDTH - MARGIN - x) {
            self.room(size * 1.4);
            self.y -= size * 1.4;
            self.text_at(x, self.y, size, gray, &line);
        }
    }

    /// A label and its value side by side, each wrapped in its column.
    fn row(&mut self, label: &str, value: &str, indent: f32) {
        let size = 10.0;
        let label_x = MARGIN + indent;
        let value_x = MARGIN + LABEL_WIDTH;
        let labels = wrap(
            self.font,
            &self.font.encode(label),
            size,
            value_x - label_x - 8.0,
        );
        let values = wrap(
            self.font,
            &self.font.encode(value),
            size,
            PAGE_WIDTH - MARGIN - value_x,
        );
        for i in 0..labels.len().max(values.len()) {
            self.room(size * 1.4);
            self.y -= size * 1.4;
            let y = self.y;
            if let Some(line) = labels.get(i) {
                self.text_at(label_x, y, size, 0.3, line);
            }
            if let Some(line) = values.get(i) {
                self.text_at(value_x, y, size, 0.0, line);
            }
        }
        self.y -= 3.0;
    }

    fn rule(&mut self) {
        self.room(12.0);
        self.y -= 6.0;
        let y = self.y;
        if let Some(page) = self.pages.last_mut() {
            page.push_str(&format!(
                "0.6 G 0.5 w {MARGIN} {y:.2} m {:.2} {y:.2} l S\n",
                PAGE_WIDTH - MARGIN
            ));
        }
        self.y -= 6.0;
    }
}

/// The pages' content streams, and the WinAnsi codes they set.
fn lay_out(app: &Application, font: &Font) -> (Vec<String>, Vec<u8>) {
    let mut layout = Layout {
        font,
        pages: Vec::new(),
        y: 0.0,
        used: [false; 256],
    };
    layout.new_page();
    layout.paragraph(&format!("Antrag {}", app.reference), 18.0, MARGIN, 0.0);
    layout.y -= 6.0;
    layout.row("Formular", &app.form, 0.0);
    layout.row("Formular-Hash (SHA-256)", &app.form_hash, 0.0);
    layout.row("Eingang", &app.received, 0.0);
    if app.verified {
        layout.row(
            "Prüfung",
            "bestanden: unverändert, wie im Browser der antragstellenden Person versiegelt, und passend zum veröffentlichten Formular",
            0.0,
        );
    } else {
        layout.row(
            "Prüfung",
            "NICHT BESTANDEN – auf den Inhalt ist kein Verlass:",
            0.0,
        );
        for problem in &app.problems {
            layout.paragraph(&format!("• {problem}"), 10.0, MARGIN + LABEL_WIDTH, 0.0);
        }
    }
    for step in &app.sections {
        layout.rule();
        layout.paragraph(&step.title, 13.0, MARGIN, 0.0);
        layout.y -= 4.0;
        for row in &step.rows {
            let indent = 12.0 * row.depth as f32;
            match &row.value {
                Some(value) => layout.row(&row.label, value, indent),
                None => layout.paragraph(&row.label, 11.0, MARGIN + indent, 0.0),
            }
        }
    }
    layout.rule();
    layout.paragraph("Dateien", 13.0, MARGIN, 0.0);
    if app.files.is_empty() {
        layout.paragraph("keine", 10.0, MARGIN, 0.0);
    }
    for file in &app.files {
        let size = format!("{} KB", file.size.div_ceil(1024));
        layout.row(
            &file.name,
            &format!("{}, {size}, Feld {}", file.media_type, file.field),
            0.0,
        );
    }
    let count = layout.pages.len();
    for page in 0..count {
        let footer = font.encode(&format!(
            "{} · Seite {} von {count}",
            app.reference,
            page + 1
        ));
        layout.text_on(page, MARGIN, 28.0, 8.0, 0.4, &footer);
    }
    let used = (0u8..=255)
        .filter(|&c| layout.used[usize::from(c)])
        .collect();
    (layout.pages, used)
}

/// A grey ICC profile (version 2.1, display class, D50 white, gamma 2.2): PDF/A's
/// output intent for a document in grey levels.
fn gray_profile() -> Vec<u8> {
    fn tag_text(text: &str) -> Vec<u8> {
        let mut out = b"text\0\0\0\0".to_vec();
        out.extend_from_slice(text.as_bytes());
        out.push(0);
        out
    }
    fn tag_desc(text: &str) -> Vec<u8> {
        let mut out = b"desc\0\0\0\0".to_vec();
        out.extend_from_slice(&(text.len() as u32 + 1).to_be_bytes());
        out.extend_from_slice(text.as_bytes());
        out.push(0);
        // No Unicode and no ScriptCode description.
        out.extend_from_slice(&[0; 4 + 4 + 2 + 1 + 67]);
        out
    }
    let d50 = [0x0000_F6D6u32, 0x0001_0000, 0x0000_D32D];
    let mut white = b"XYZ \0\0\0\0".to_vec();
    d50.iter()
        .for_each(|v| white.extend_from_slice(&v.to_be_bytes()));
    let mut curve = b"curv\0\0\0\0".to_vec();
    curve.extend_from_slice(&1u32.to_be_bytes());
    curve.extend_from_slice(&0x0233u16.to_be_bytes()); // gamma 2.2 as u8Fixed8
    let tags: [(&[u8; 4], Vec<u8>); 4] = [
        (b"desc", tag_desc("Formfabrik Grau, Gamma 2.2")),
        (b"cprt", tag_text("Keine Rechte vorbehalten")),
        (b"wtpt", white),
        (b"kTRC", curve),
    ];
    let mut table = Vec::new();
    let mut data = Vec::new();
    let mut at = 128 + 4 + 12 * tags.len();
    for (signature, bytes) in &tags {
        table.extend_from_slice(*signature);
        table.extend_from_slice(&(at as u32).to_be_bytes());
        table.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        data.extend_from_slice(bytes);
        while data.len() % 4 != 0 {
            data.push(0);
        }
        at = 128 + 4 + 12 * tags.len() + data.len();
    }
    let size = 128 + 4 + table.len() + data.len();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&(size as u32).to_be_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&0x0210_0000u32.to_be_bytes());
    out.extend_from_slice(b"mntrGRAYXYZ ");
    for part in [2026u16, 1, 1, 0, 0, 0] {
        out.extend_from_slice(&part.to_be_bytes());
    }
    out.extend_from_slice(b"acsp");
    out.extend_from_slice(&[0; 24]); // platform, flags, manufacturer, model, attributes
    out.extend_from_slice(&[0; 4]); // perceptual rendering intent
    d50.iter()
        .for_each(|v| out.extend_from_slice(&v.to_be_bytes()));
    out.resize(128, 0);
    out.extend_from_slice(&(tags.len() as u32).to_be_bytes());
    out.extend_from_slice(&table);
    out.extend_from_slice(&data);
    out
}

fn xml_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn metadata(app: &Application) -> String {
    let title = xml_escaped(&format!("Antrag {}", app.reference));
    let made = xml_escaped(&app.made_at);
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<xmp:CreateDate>{made}</xmp:CreateDate><xmp:ModifyDate>{made}</xmp:ModifyDate><xmp:CreatorTool>Formfabrik</xmp:CreatorTool>\n\
<pdf:Producer>Formfabrik</pdf:Producer>\n\
</rdf:Description></rdf:RDF></x:xmpmeta>\n\
<?xpacket end=\"w\"?>"
    )
}

/// The objects of a PDF file, written with their cross-reference table.
struct Writer {
    out: Vec<u8>,
    offsets: Vec<usize>,
}

impl Writer {
    fn object(&mut self, number: usize, body: &[u8]) {
        if self.offsets.len() < number {
            self.offsets.resize(number, 0);
        }
        self.offsets[number - 1] = self.out.len();
        self.out
            .extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(b"\nendobj\n");
    }

    fn stream(&mut self, number: usize, dictionary: &str, data: &[u8]) {
        let mut body = format!("<< {dictionary} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.object(number, &body);
    }
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// The worker's job (`pdf_worker.rs`): the application as JSON, and the font's bytes.
pub fn from_job(job: &str, font: &[u8]) -> Result<Vec<u8>, String> {
    let app: Application = serde_json::from_str(job)
        .map_err(|e| format!("Der Auftrag für das PDF/A ist unlesbar: {e}"))?;
    application(&app, font)
}

/// The application as a PDF/A-2b file, set in `font` (a TrueType font's bytes).
pub fn application(app: &Application, font: &[u8]) -> Result<Vec<u8>, String> {
    let font = Font::read(font).ok_or("Die Schrift für das PDF ist beschädigt.")?;
    let (pages, used) = lay_out(app, &font);
    // Only the glyphs set are embedded, under a name tagged as a subset (PDF 32000-1,
    // 9.6.4): six capitals from the codes used.
    let file = font
        .subset(&used)
        .ok_or("Die Schrift für das PDF ist beschädigt.")?;
    let tag: String = engine::sha256::digest(&used)[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    let name = format!("{tag}+DejaVuSans");
    // 1 catalog, 2 pages, 3 font, 4 descriptor, 5 font file, 6 metadata, 7 ICC
    // profile, then each page and its content.
    let first_page = 8;
    let mut w = Writer {
        out: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
        offsets: Vec::new(),
    };
    w.object(
        1,
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R /Lang (de-DE) /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (Formfabrik Grau) /Info (Graustufen, Gamma 2.2) /DestOutputProfile 7 0 R >>] >>",
    );
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    w.object(
        2,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .as_bytes(),
    );
    let widths: Vec<String> = (32u8..=255).map(|c| format!("{}", font.width(c))).collect();
    w.object(
        3,
        format!(
            "<< /Type /Font /Subtype /TrueType /BaseFont /{name} /FirstChar 32 /LastChar 255 /Widths [{}] /Encoding /WinAnsiEncoding /FontDescriptor 4 0 R >>",
            widths.join(" ")
        )
        .as_bytes(),
    );
    let [x0, y0, x1, y1] = font.bbox;
    w.object(
        4,
        format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{x0} {y0} {x1} {y1}] /ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} /StemV 80 /FontFile2 5 0 R >>",
            font.ascent, font.descent, font.cap_height
        )
        .as_bytes(),
    );
    w.stream(
        5,
        &format!("/Filter /FlateDecode /Length1 {}", file.len()),
        &deflate(&file),
    );
    w.stream(6, "/Type /Metadata /Subtype /XML", metadata(app).as_bytes());
    w.stream(7, "/N 1 /Alternate /DeviceGray", &gray_profile());
    for (i, content) in pages.iter().enumerate() {
        let page = first_page + 2 * i;
        w.object(
            page,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                page + 1
            )
            .as_bytes(),
        );
        w.stream(
            page + 1,
            "/Filter /FlateDecode",
            &deflate(content.as_bytes()),
        );
    }
    let id = engine::sha256::hex(&engine::sha256::digest(&w.out)[..16]);
    let xref = w.out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", w.offsets.len() + 1);
    for offset in &w.offsets {
        table.push_str(&format!("{offset:010} 00000 n \n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
        w.offsets.len() + 1
    ));
    w.out.extend_from_slice(table.as_bytes());
    Ok(w.out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::wizard::ReviewRow;

    fn font() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../public/fonts/DejaVuSans.ttf"
        ))
        .expect("the font")
    }

    fn inflate(data: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec_zlib(data).expect("deflated")
    }

    /// Each stream of the file, inflated where it is compressed.
    fn streams(pdf: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(start) = find(&pdf[at..], b">>\nstream\n").map(|i| at + i + 3) {
            let dict_start = pdf[..start]
                .windows(2)
                .rposition(|w| w == b"<<")
                .expect("a dictionary");
            let dictionary = String::from_utf8_lossy(&pdf[dict_start..start]).to_string();
            let length: usize = dictionary
                .split("/Length ")
                .nth(1)
                .and_then(|rest| rest.split([' ', '>']).next())
                .and_then(|n| n.parse().ok())
                .expect("a length");
            let data = &pdf[start + 7..start + 7 + length];
            assert!(
                pdf[start + 7 + length..].starts_with(b"\nendstream"),
                "the length is exact"
            );
            let data = if dictionary.contains("FlateDecode") {
                inflate(data)
            } else {
                data.to_vec()
            };
            found.push((dictionary, data));
            at = start + 7 + length;
        }
        found
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    fn sample(review: &[ReviewStep], problems: &[String], files: &[FileInfo]) -> Application {
        Application {
            reference: "HUN-2026-000001".into(),
            form: "hundesteuer-anmeldung 1.0.0".into(),
            form_hash: "a9639dbe9661dbdf".into(),
            received: "22.11.2026, 11:00".into(),
            verified: problems.is_empty(),
            problems: problems.to_vec(),
            sections: Section::of_review(review),
            files: files.to_vec(),
            made_at: "2026-11-22T09:00:00.000Z".into(),
        }
    }

    fn impfpass() -> FileInfo {
        FileInfo {
            id: "f1".into(),
            name: "impfpass.pdf".into(),
            media_type: "application/pdf".into(),
            size: 2048,
            field: "hunde[0].impfpass".into(),
        }
    }

    fn review() -> Vec<ReviewStep> {
        let row = |label: &str, value: Option<&str>, depth| ReviewRow {
            loc: engine::state::Loc::new(0, Vec::new()),
            label: label.into(),
            value: value.map(str::to_string),
            depth,
        };
        vec![ReviewStep {
            step: 0,
            title: "Halterin oder Halter".into(),
            rows: vec![
                row("Vorname", Some("Jürgen"), 0),
                row("Nachname", Some("Müller-Łukasiewicz"), 0),
                row("Hund 1", None, 0),
                row(
                    "Beschreibung",
                    Some(&"Sehr freundlich (und groß) \\ ".repeat(30)),
                    1,
                ),
            ],
        }]
    }

    #[test]
    fn long_values_wrap_within_their_column_and_pages_follow() {
        let bytes = font();
        let font = Font::read(&bytes).expect("a font");
        let text = font.encode(&"Wort ".repeat(200));
        let lines = wrap(&font, &text, 10.0, 200.0);
        assert!(lines.len() > 10);
        assert!(lines.iter().all(|l| font.measure(l, 10.0) <= 200.0));
        let long = font.encode(&"x".repeat(500));
        assert!(wrap(&font, &long, 10.0, 100.0)
            .iter()
            .all(|l| font.measure(l, 10.0) <= 100.0));

        let mut steps = review();
        let many: Vec<ReviewRow> = (0..200)
            .map(|i| ReviewRow {
                loc: engine::state::Loc::new(0, Vec::new()),
                label: format!("Feld {i}"),
                value: Some("Wert".into()),
                depth: 0,
            })
            .collect();
        steps[0].rows.extend(many);
        let (pages, _) = lay_out(&sample(&steps, &[], &[]), &font);
        assert!(pages.len() >= 3, "{}", pages.len());
        assert!(pages[2].contains(&format!("Seite 3 von {}", pages.len())));
    }

    #[test]
    fn the_pdf_is_pdf_a_2b_in_its_structure() {
        let steps = review();
        let files = [impfpass()];
        let pdf = application(&sample(&steps, &[], &files), &font()).expect("a PDF");
        assert!(pdf.starts_with(b"%PDF-1.7\n%"));
        assert!(
            pdf[10..14].iter().all(|&b| b > 127),
            "a binary comment line"
        );
        assert!(pdf.ends_with(b"%%EOF\n"));

        // Every object is where the cross-reference table says.
        let text = String::from_utf8_lossy(&pdf).to_string();
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|r| r.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert!(pdf[start..].starts_with(b"xref\n0 "));
        let table = String::from_utf8_lossy(&pdf[start..]).to_string();
        let entries: Vec<usize> = table
            .lines()
            .skip(3)
            .take_while(|l| l.ends_with(" n "))
            .map(|l| l[..10].parse().expect("an offset"))
            .collect();
        assert_eq!(entries.len(), 9);
        for (i, offset) in entries.iter().enumerate() {
            assert!(
                pdf[*offset..].starts_with(format!("{} 0 obj\n", i + 1).as_bytes()),
                "object {}",
                i + 1
            );
        }
        for line in table.lines().skip(2).take(entries.len() + 1) {
            assert_eq!(line.len() + 1, 20, "xref entries are 20 bytes: {line:?}");
        }
        assert!(text.contains("/ID [<"));

        // The parts PDF/A asks for.
        assert!(text.contains("/OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1"));
        let streams = streams(&pdf);
        let xmp = streams
            .iter()
            .find(|(d, _)| d.contains("/Metadata"))
            .expect("metadata");
        let xmp = String::from_utf8(xmp.1.clone()).expect("UTF-8");
        assert!(
            xmp.contains("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>")
        );
        assert!(
            xmp.contains("Antrag HUN-2026-000001")
                && xmp.contains("<xmp:CreateDate>2026-11-22T09:00:00.000Z</xmp:CreateDate>")
        );
        let font_file = streams
            .iter()
            .find(|(d, _)| d.contains("/Length1"))
            .expect("the font embedded");
        // Only the glyphs used, as a font of their own, named as a subset.
        let whole = font();
        assert!(font_file.1.len() < whole.len() / 6, "{}", font_file.1.len());
        let embedded = Font::read(&font_file.1).expect("a font");
        assert_eq!(
            embedded.width(b'J'),
            Font::read(&whole).expect("whole").width(b'J')
        );
        let base = text.split("/BaseFont /").nth(1).expect("a name");
        assert!(base[6..].starts_with("+DejaVuSans"), "{base}");
        assert!(base[..6].bytes().all(|b| b.is_ascii_uppercase()));
        let icc = &streams
            .iter()
            .find(|(d, _)| d.contains("/N 1"))
            .expect("ICC")
            .1;
        assert_eq!(
            u32::from_be_bytes(icc[..4].try_into().expect("4")) as usize,
            icc.len()
        );
        assert_eq!(&icc[12..24], b"mntrGRAYXYZ ");
        assert_eq!(&icc[36..40], b"acsp");
        // Only grey levels and the embedded font; the texts as set.
        let content: Vec<String> = streams
            .iter()
            .filter(|(d, _)| {
                d.trim() == "<< /Filter /FlateDecode /Length".trim()
                    || d.starts_with("<< /Filter /FlateDecode /Length")
            })
            .map(|(_, s)| String::from_utf8_lossy(s).to_string())
            .collect();
        let page = content.join("");
        assert!(page.contains("(Antrag HUN-2026-000001) Tj"));
        assert!(page.contains("(J\\374rgen) Tj"), "ü as WinAnsi");
        assert!(
            page.contains("(M\\374ller-?ukasiewicz) Tj"),
            "Ł has no WinAnsi code"
        );
        assert!(page.contains("(impfpass.pdf) Tj"));
        assert!(page.contains("\\(und gro\\337\\) \\\\"), "escaped");
        assert!(
            !page.contains(" rg") && !page.contains(" RG") && !page.contains(" k "),
            "grey only"
        );
    }

    #[test]
    fn the_worker_makes_the_same_pdf_from_the_job_and_says_what_is_wrong() {
        let files = [impfpass()];
        let app = sample(&review(), &["Problem".to_string()], &files);
        let job = serde_json::to_string(&app).expect("JSON");
        assert_eq!(
            serde_json::from_str::<Application>(&job).expect("read back"),
            app
        );
        assert_eq!(
            from_job(&job, &font()).expect("a PDF"),
            application(&app, &font()).expect("a PDF")
        );
        let unreadable = from_job("{\"reference\": 1}", &font()).expect_err("refused");
        assert!(
            unreadable.starts_with("Der Auftrag für das PDF/A ist unlesbar"),
            "{unreadable}"
        );
        assert_eq!(
            from_job(&job, b"keine Schrift").expect_err("refused"),
            "Die Schrift für das PDF ist beschädigt."
        );
    }

    #[test]
    fn a_failed_check_is_in_the_pdf_too() {
        let problems =
            vec!["Der Hash der Übermittlung stimmt nicht: sie wurde verändert.".to_string()];
        let pdf = application(&sample(&[], &problems, &[]), &font()).expect("a PDF");
        let page: String = streams(&pdf)
            .iter()
            .filter(|(d, _)| d.starts_with("<< /Filter /FlateDecode /Length"))
            .map(|(_, s)| String::from_utf8_lossy(s).to_string())
            .collect();
        assert!(page.contains("NICHT BESTANDEN"));
        assert!(page.contains("ver\\344ndert"));
    }
}
