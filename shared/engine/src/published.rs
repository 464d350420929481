//! Reading a published form: a compiled form frozen when it was published
//! (`authoring::publish` writes it), so a citizen's browser never parses, checks or
//! compiles a definition. The encoding is described in docs/published-form.md:
//!
//! ```text
//! "FFPF"  format version (varint)  SHA-256 of the body (32 bytes)  first screens  body
//! ```
//!
//! The first screens (format 2) are the first step as a fresh assistant shows it, per
//! language, as `crate::view` describes it: the runtime draws one before it has read
//! the body, and checks it against its own description when it takes over
//! ([`first_screen`]). They are derived from the body, so the hash leaves them out.
//!
//! The body is the definition and, per node of its structure (derived from the
//! definition, see [`Structure`]), what compiling found: types, expressions with their
//! references resolved, patterns as programs, content read; then the evaluation order,
//! the dependents and the parameters' values. Numbers are LEB128 varints, texts a
//! length and UTF-8, `f64` eight bytes little-endian, an `Option` or enum a tag byte.
//!
//! Any bytes give a form or an error, never a panic: the reader records its first
//! problem and reads on with placeholders (no early returns, which cost code size), and
//! every index the engine will follow is checked before the form is handed out.

use crate::compiled::{CompiledForm, Structure};
use crate::date::Date;
use crate::expr::{BinaryOp, Expr, ExprKind, FileRef, Func, Reference, Span, Target, Type};
use crate::expr::{UnaryOp, Value};
use crate::format::*;
use crate::markdown::{Block, Inline, Markdown};
use crate::pattern::{Class, Inst, Look, Pattern};
use crate::text::{Lang, Text};

/// The first bytes of every published form.
pub const MAGIC: &[u8; 4] = b"FFPF";
/// The newest encoding this build reads (and `authoring::publish` writes). Format 1,
/// without first screens, is still read.
pub const FORMAT: u64 = 2;
/// Nesting deeper than this (groups, expressions, types, emphasis) is refused, so a
/// crafted file cannot overflow the stack.
const MAX_DEPTH: usize = 128;

/// A published form as read: the compiled form and the hash that names it.
#[derive(Debug)]
pub struct Published {
    pub form: CompiledForm,
    /// The body's SHA-256, lower-case hex: drafts and payloads name it.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not a published form at all (e.g. a JSON definition, or an error page).
    NotPublished,
    /// Published by a newer Formfabrik.
    NewerFormat { found: u64 },
    /// Damaged or cut short on the way: the content does not match its hash, or does
    /// not read as a form.
    Damaged,
}

impl ReadError {
    /// A plain reason, for the error box and the console.
    pub fn message(&self) -> Text {
        match self {
            ReadError::NotPublished => Text::new(
                "Die Datei ist kein veröffentlichtes Formular. Bitte binden Sie die Datei ein, die beim Veröffentlichen entstanden ist (….ffp).",
                "The file is not a published form. Please embed the file that publishing made (….ffp).",
            ),
            ReadError::NewerFormat { found } => Text::new(
                format!("Das Formular wurde mit einer neueren Version von Formfabrik veröffentlicht (Format {found}, diese Version liest bis Format {FORMAT}). Bitte aktualisieren Sie die Formfabrik-Dateien der Seite."),
                format!("The form was published with a newer version of Formfabrik (format {found}; this version reads up to format {FORMAT}). Please update the page's Formfabrik files."),
            ),
            ReadError::Damaged => Text::new(
                "Das Formular ist beschädigt oder unvollständig angekommen. Bitte laden Sie die Seite neu.",
                "The form is damaged or arrived incomplete. Please reload the page.",
            ),
        }
    }
}

/// Reads a published form: its header, its hash, then its body.
pub fn read(bytes: &[u8]) -> Result<Published, ReadError> {
    let Parts { hash, body, .. } = parts(bytes)?;
    if crate::sha256::digest(body) != hash {
        return Err(ReadError::Damaged);
    }
    let mut form = read_body(body)?;
    form.hash = crate::sha256::hex(hash);
    Ok(Published {
        hash: form.hash.clone(),
        form,
    })
}

/// A published form's parts, not yet checked against the hash.
struct Parts<'a> {
    hash: &'a [u8],
    /// The first screens' section; empty in format 1.
    screens: &'a [u8],
    body: &'a [u8],
}

fn parts(bytes: &[u8]) -> Result<Parts<'_>, ReadError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(ReadError::NotPublished);
    }
    let mut r = Reader::new(&bytes[MAGIC.len()..]);
    let format = r.varint();
    if r.failed {
        return Err(ReadError::Damaged);
    }
    if format > FORMAT {
        return Err(ReadError::NewerFormat { found: format });
    }
    if format == 0 {
        return Err(ReadError::NotPublished);
    }
    let hash = r.slice(32);
    let screens = if format >= 2 {
        let len = r.len();
        r.slice(len)
    } else {
        &[]
    };
    if r.failed {
        return Err(ReadError::Damaged);
    }
    Ok(Parts {
        hash,
        screens,
        body: &r.bytes[r.at..],
    })
}

/// A published form's first screen in one language: the description (`view::Tree`'s
/// tokens) of its first step as a fresh assistant shows it, and the prefix of the keys
/// the form's drafts are kept under (`crate::draft::key_prefix`): with a draft the
/// assistant shows something else.
#[derive(Debug, PartialEq, Eq)]
pub struct FirstScreen {
    pub draft_prefix: String,
    pub tokens: String,
}

/// The first screen of the published form `bytes` in `lang`, without reading (or
/// checking) the body: `None` when it has none, or one written by another version of
/// `crate::view` (the runtime then draws the first step itself).
pub fn first_screen(bytes: &[u8], lang: Lang) -> Option<FirstScreen> {
    let screens = parts(bytes).ok()?.screens;
    let mut r = Reader::new(screens);
    let draft_prefix = r.string();
    if r.varint() != crate::view::VERSION {
        return None;
    }
    let mut found = None;
    for _ in 0..r.len() {
        let code = r.string();
        let tokens = r.string();
        if code == lang.code() {
            found = Some(tokens);
        }
    }
    match found {
        Some(tokens) if !r.failed => Some(FirstScreen {
            draft_prefix,
            tokens,
        }),
        _ => None,
    }
}

/// Reads the body of a published form (after its hash was checked).
pub fn read_body(body: &[u8]) -> Result<CompiledForm, ReadError> {
    let mut r = Reader::new(body);
    let form = r.form();
    if r.failed || form.steps.is_empty() {
        return Err(ReadError::Damaged);
    }
    let mut structure = Structure::of(&form);
    if !crate::limits::form_within(&form, &structure) {
        return Err(ReadError::Damaged);
    }
    let count = r.varint();
    if count != structure.nodes.len() as u64 {
        return Err(ReadError::Damaged);
    }
    r.nodes = structure.nodes.len();
    for node in &mut structure.nodes {
        node.value_type = r.option(Reader::type_);
        node.visible_if = r.option(Reader::expr);
        node.required_if = r.option(Reader::expr);
        node.computed = r.option(Reader::expr);
        if r.len() != node.rules.len() {
            r.failed = true;
        }
        for rule in &mut node.rules {
            rule.pattern = r.option(Reader::pattern);
            rule.expression = r.option(Reader::expr);
        }
        node.content = r.option(Reader::markdown);
    }
    let order = r.list(Reader::node);
    let dependents = r.list(|r| r.list(Reader::node));
    let check_dependents = r.list(|r| r.list(Reader::node));
    let parameters = r.list(|r| (r.string(), r.value()));
    if r.failed || r.at != r.bytes.len() {
        return Err(ReadError::Damaged);
    }
    // The evaluation order names every node once; each node has its dependents.
    let n = structure.nodes.len();
    let mut seen = vec![false; n];
    for &id in &order {
        if std::mem::replace(&mut seen[id], true) {
            return Err(ReadError::Damaged);
        }
    }
    if order.len() != n || dependents.len() != n || check_dependents.len() != n {
        return Err(ReadError::Damaged);
    }
    Ok(CompiledForm::assemble(
        form,
        structure,
        order,
        dependents,
        check_dependents,
        parameters,
    ))
}

/// Reads on after a problem with placeholders, so that no reading function needs an
/// early return; `failed` says whether anything was wrong.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    failed: bool,
    depth: usize,
    /// The number of nodes: every node id read must be below it.
    nodes: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            bytes,
            at: 0,
            failed: false,
            depth: 0,
            nodes: 0,
        }
    }

    fn byte(&mut self) -> u8 {
        match self.bytes.get(self.at) {
            Some(&b) if !self.failed => {
                self.at += 1;
                b
            }
            _ => {
                self.failed = true;
                0
            }
        }
    }

    /// A tag below `count`.
    fn tag(&mut self, count: u8) -> u8 {
        let tag = self.byte();
        if tag >= count {
            self.failed = true;
            return 0;
        }
        tag
    }

    fn varint(&mut self) -> u64 {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte();
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return value;
            }
        }
        self.failed = true;
        0
    }

    /// The next `len` bytes (empty, and failed, when fewer remain).
    fn slice(&mut self, len: usize) -> &'a [u8] {
        if self.failed || len > self.bytes.len() - self.at {
            self.failed = true;
            return &[];
        }
        self.at += len;
        &self.bytes[self.at - len..self.at]
    }

    /// A count of things that follow, each at least one byte: never more than remain.
    fn len(&mut self) -> usize {
        let count = self.varint();
        if count > (self.bytes.len() - self.at) as u64 {
            self.failed = true;
            return 0;
        }
        count as usize
    }

    fn u32(&mut self) -> u32 {
        u32::try_from(self.varint()).unwrap_or_else(|_| {
            self.failed = true;
            0
        })
    }

    fn i32(&mut self) -> i32 {
        let zigzag = self.varint();
        i32::try_from((zigzag >> 1) as i64 ^ -((zigzag & 1) as i64)).unwrap_or_else(|_| {
            self.failed = true;
            0
        })
    }

    fn node(&mut self) -> usize {
        let id = self.varint();
        if id >= self.nodes as u64 {
            self.failed = true;
            return 0;
        }
        id as usize
    }

    fn bool(&mut self) -> bool {
        self.tag(2) == 1
    }

    fn f64(&mut self) -> f64 {
        let mut bytes = [0u8; 8];
        for b in &mut bytes {
            *b = self.byte();
        }
        f64::from_le_bytes(bytes)
    }

    fn string(&mut self) -> String {
        let len = self.len();
        let text = std::str::from_utf8(&self.bytes[self.at..self.at + len]);
        self.at += len;
        match text {
            Ok(text) => text.to_string(),
            Err(_) => {
                self.failed = true;
                String::new()
            }
        }
    }

    fn char(&mut self) -> char {
        char::from_u32(self.u32()).unwrap_or_else(|| {
            self.failed = true;
            '\0'
        })
    }

    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> T) -> Option<T> {
        (self.tag(2) == 1).then(|| read(self))
    }

    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let count = self.len();
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            if self.failed {
                break;
            }
            items.push(read(self));
        }
        items
    }

    /// Runs `read` one level deeper, or fails beyond `MAX_DEPTH` with `placeholder`.
    fn nested<T>(&mut self, placeholder: T, read: impl FnOnce(&mut Self) -> T) -> T {
        if self.depth >= MAX_DEPTH {
            self.failed = true;
            return placeholder;
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn text(&mut self) -> Text {
        Text {
            de: self.string(),
            en: self.option(Reader::string),
        }
    }

    fn date(&mut self) -> Date {
        let (year, month, day) = (self.i32(), self.byte(), self.byte());
        Date::new(year, month, day).unwrap_or_else(|| {
            self.failed = true;
            Date {
                year: 1970,
                month: 1,
                day: 1,
            }
        })
    }

    fn form(&mut self) -> Form {
        Form {
            format_version: self.u32(),
            id: self.string(),
            version: self.string(),
            title: self.text(),
            description: self.option(Reader::text),
            languages: self.list(|r| [Lang::De, Lang::En][usize::from(r.tag(2))]),
            leika: self.option(Reader::string),
            steps: self.list(|r| Step {
                id: r.string(),
                title: r.text(),
                visible_if: r.option(Reader::string),
                elements: r.list(Reader::element),
            }),
            declarations: self.list(|r| Declaration {
                id: r.string(),
                text: r.text(),
            }),
            submission: self.option(|r| SubmissionSettings {
                endpoint: r.option(Reader::string),
            }),
            fim: self.option(Reader::fim),
            parameters: self.list(|r| Parameter {
                key: r.string(),
                label: r.text(),
                kind: [
                    ParameterKind::Text,
                    ParameterKind::Number,
                    ParameterKind::Currency,
                ][usize::from(r.tag(3))],
                default: r.option(Reader::string),
            }),
            time_zone: self.option(|r| {
                let name = r.string();
                crate::zone::TimeZone::from_name(&name).unwrap_or_else(|| {
                    r.failed = true;
                    crate::zone::GERMANY
                })
            }),
            drafts: self.option(|r| DraftSettings { keep_days: r.u32() }),
        }
    }

    fn fim(&mut self) -> FimRef {
        FimRef {
            id: self.string(),
            version: self.string(),
        }
    }

    fn element(&mut self) -> Element {
        let key = self.string();
        let kind = self.nested(Kind::Text, Reader::kind);
        Element {
            key,
            kind,
            label: self.text(),
            help: self.option(Reader::text),
            placeholder: self.option(Reader::text),
            required: self.bool(),
            required_if: self.option(Reader::string),
            visible_if: self.option(Reader::string),
            autocomplete: self.option(Reader::string),
            rules: self.list(|r| Rule {
                check: r.check(),
                message: r.option(Reader::text),
            }),
            messages: self.list(|r| (r.string(), r.text())),
            fim: self.option(Reader::fim),
            notes: self.list(Reader::string),
        }
    }

    fn options(&mut self) -> Vec<ChoiceOption> {
        self.list(|r| ChoiceOption {
            value: r.string(),
            label: r.text(),
        })
    }

    fn kind(&mut self) -> Kind {
        match self.tag(19) {
            0 => Kind::Text,
            1 => Kind::MultilineText,
            2 => Kind::Integer,
            3 => Kind::Decimal,
            4 => Kind::Currency,
            5 => Kind::Date,
            6 => Kind::Email,
            7 => Kind::Phone,
            8 => Kind::PostalCode,
            9 => Kind::Iban,
            10 => Kind::YesNo,
            11 => Kind::SingleChoice {
                options: self.options(),
                display: [ChoiceDisplay::Radio, ChoiceDisplay::Dropdown][usize::from(self.tag(2))],
            },
            12 => Kind::MultipleChoice {
                options: self.options(),
            },
            13 => Kind::Checkbox,
            14 => Kind::File {
                accept: self.list(Reader::string),
                max_size: self.varint(),
                max_count: self.u32(),
            },
            15 => Kind::Computed {
                expression: self.string(),
                format: [
                    ComputedFormat::Auto,
                    ComputedFormat::Number,
                    ComputedFormat::Currency,
                    ComputedFormat::Text,
                    ComputedFormat::Date,
                    ComputedFormat::YesNo,
                ][usize::from(self.tag(6))],
            },
            16 => Kind::Content {
                markdown: self.text(),
            },
            17 => Kind::Group {
                elements: self.list(Reader::element),
            },
            _ => Kind::Repeat {
                elements: self.list(Reader::element),
                min: self.u32(),
                max: self.option(Reader::u32),
                item_label: self.text(),
            },
        }
    }

    fn check(&mut self) -> Check {
        match self.tag(13) {
            0 => Check::MinLength { value: self.u32() },
            1 => Check::MaxLength { value: self.u32() },
            2 => Check::Pattern {
                pattern: self.string(),
            },
            3 => Check::MinValue { value: self.f64() },
            4 => Check::MaxValue { value: self.f64() },
            5 => Check::MinDate {
                date: self.date_bound(),
            },
            6 => Check::MaxDate {
                date: self.date_bound(),
            },
            7 => Check::Email,
            8 => Check::Iban,
            9 => Check::PostalCodeDe,
            10 => Check::Phone,
            11 => Check::Latin,
            _ => Check::Expression {
                expression: self.string(),
            },
        }
    }

    fn date_bound(&mut self) -> DateBound {
        match self.tag(3) {
            0 => DateBound::Absolute(self.date()),
            1 => DateBound::Relative {
                amount: self.i32(),
                unit: [DateUnit::Days, DateUnit::Months, DateUnit::Years][usize::from(self.tag(3))],
            },
            _ => DateBound::Field(self.string()),
        }
    }

    fn type_(&mut self) -> Type {
        match self.tag(8) {
            0 => Type::Bool,
            1 => Type::Number,
            2 => Type::Text,
            3 => Type::Date,
            4 => Type::File,
            5 => Type::List(Box::new(self.nested(Type::Any, Reader::type_))),
            6 => Type::Items,
            _ => Type::Any,
        }
    }

    fn expr(&mut self) -> Expr {
        let kind = match self.tag(9) {
            0 => ExprKind::Number(self.f64()),
            1 => ExprKind::Text(self.string()),
            2 => ExprKind::Bool(self.bool()),
            3 => ExprKind::Date(self.date()),
            4 => ExprKind::List(self.list(|r| r.nested(Expr::placeholder(), Reader::expr))),
            5 => ExprKind::Ref(Reference {
                path: Vec::new(),
                target: Some(Target {
                    node: self.node(),
                    shared_depth: self.varint() as usize,
                }),
            }),
            6 => {
                let op = [UnaryOp::Not, UnaryOp::Negate][usize::from(self.tag(2))];
                ExprKind::Unary(op, Box::new(self.nested(Expr::placeholder(), Reader::expr)))
            }
            7 => {
                use BinaryOp::*;
                let ops = [Or, And, Eq, Ne, Lt, Le, Gt, Ge, In, Add, Sub, Mul, Div];
                let op = ops[usize::from(self.tag(ops.len() as u8))];
                let left = self.nested(Expr::placeholder(), Reader::expr);
                let right = self.nested(Expr::placeholder(), Reader::expr);
                ExprKind::Binary(op, Box::new(left), Box::new(right))
            }
            _ => {
                let func = Func::ALL[usize::from(self.tag(Func::ALL.len() as u8))];
                ExprKind::Call(
                    func,
                    self.list(|r| r.nested(Expr::placeholder(), Reader::expr)),
                )
            }
        };
        Expr {
            kind,
            span: Span::default(),
        }
    }

    /// A pattern's program; every jump stays inside it and it ends in `Match`.
    fn pattern(&mut self) -> Pattern {
        let program = self.list(|r| match r.tag(7) {
            0 => Inst::Char(r.char()),
            1 => Inst::Any,
            2 => Inst::Class(Class {
                ranges: r.list(|r| (r.char(), r.char())),
                negated: r.bool(),
            }),
            3 => {
                use Look::*;
                let looks = [
                    Start,
                    End,
                    LineStart,
                    LineEnd,
                    WordBoundary,
                    NotWordBoundary,
                ];
                Inst::Assert(looks[usize::from(r.tag(looks.len() as u8))])
            }
            4 => Inst::Split(r.varint() as usize, r.varint() as usize),
            5 => Inst::Jump(r.varint() as usize),
            _ => Inst::Match,
        });
        let len = program.len();
        let inside = |to: &usize| *to < len;
        let valid = program.last() == Some(&Inst::Match)
            && program.iter().all(|inst| match inst {
                Inst::Split(a, b) => inside(a) && inside(b),
                Inst::Jump(to) => inside(to),
                _ => true,
            });
        if !valid {
            self.failed = true;
            return Pattern {
                program: vec![Inst::Match],
            };
        }
        Pattern { program }
    }

    fn markdown(&mut self) -> Markdown {
        Markdown {
            de: self.list(Reader::block),
            en: self.option(|r| r.list(Reader::block)),
        }
    }

    fn block(&mut self) -> Block {
        match self.tag(2) {
            0 => Block::Paragraph(self.list(Reader::inline)),
            _ => Block::List {
                ordered: self.bool(),
                items: self.list(|r| r.list(Reader::inline)),
            },
        }
    }

    fn inline(&mut self) -> Inline {
        match self.tag(4) {
            0 => Inline::Text(self.string()),
            1 => Inline::Emphasis(self.nested(Vec::new(), |r| r.list(Reader::inline))),
            2 => Inline::Strong(self.nested(Vec::new(), |r| r.list(Reader::inline))),
            _ => Inline::Link {
                text: self.string(),
                href: self.string(),
            },
        }
    }

    fn value(&mut self) -> Value {
        match self.tag(7) {
            0 => Value::Null,
            1 => Value::Bool(self.bool()),
            2 => Value::Number(self.f64()),
            3 => Value::Text(self.string()),
            4 => Value::Date(self.date()),
            5 => Value::File(FileRef {
                id: self.string(),
                name: self.string(),
                size: self.varint(),
                media_type: self.string(),
            }),
            _ => Value::List(self.nested(Vec::new(), |r| r.list(Reader::value))),
        }
    }
}
