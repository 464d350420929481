//! Publishing: a definition checked once, compiled with the municipality's parameters,
//! and frozen in the encoding `engine::published` reads (docs/published-form.md). The
//! writing functions here mirror the engine's reading ones, type by type and in the
//! same order; the round-trip tests and a fuzz target keep the two in step.

use std::sync::Arc;

use engine::compiled::CompiledForm;
use engine::date::Date;
use engine::expr::{BinaryOp, Expr, ExprKind, Func, Type, UnaryOp, Value};
use engine::format::*;
use engine::markdown::{Block, Inline, Markdown};
use engine::pattern::{Inst, Look, Pattern};
use engine::published::{FORMAT, MAGIC};
use engine::sha256;
use engine::text::{Lang, Text};
use engine::view::{self, Model};
use engine::wizard::Wizard;

use crate::problem::{Problem, Severity};

/// A published form: its bytes and what names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    pub bytes: Vec<u8>,
    /// SHA-256 of the body, lower-case hex, as drafts and payloads name the form.
    pub hash: String,
}

impl Publication {
    /// `id_version_p2_hash.ffp`: the form, its version, the encoding and the first 16
    /// hex digits of its hash, so a portal may cache the file forever.
    pub fn file_name(&self, form: &Form) -> String {
        let safe = |text: &str| -> String {
            text.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect()
        };
        format!(
            "{}_{}_p{FORMAT}_{}.ffp",
            safe(&form.id),
            safe(&form.version),
            &self.hash[..16]
        )
    }
}

/// Publishes `form` with the municipality's `parameters` (`key`, value as text): refused
/// with every problem when the lint finds an error, as no citizen may get such a form.
pub fn publish(form: Form, parameters: &[(String, String)]) -> Result<Publication, Vec<Problem>> {
    let mut problems = crate::lint::content_errors(&form);
    match crate::compile::with_parameters(form, parameters) {
        Ok(compiled) if problems.is_empty() => Ok(encode_with(&compiled, true)),
        Ok(_) => Err(problems),
        Err(found) => {
            problems.extend(found.into_iter().filter(|p| p.severity == Severity::Error));
            Err(problems)
        }
    }
}

/// Encodes any compiled form, also one with errors (the designer's preview shows the
/// form being built), without first screens: the preview draws every edit itself.
pub fn encode(form: &CompiledForm) -> Publication {
    encode_with(form, false)
}

fn encode_with(form: &CompiledForm, with_screens: bool) -> Publication {
    let mut body = Writer(Vec::new());
    body.compiled(form);
    let hash = sha256::digest(&body.0);
    let mut screens = Writer(Vec::new());
    if with_screens {
        screens.first_screens(&form.form.id, &first_screens(&body.0));
    }
    let mut bytes = MAGIC.to_vec();
    let mut header = Writer(Vec::new());
    header.varint(FORMAT);
    bytes.extend(header.0);
    bytes.extend(hash);
    let mut section = Writer(Vec::new());
    section.usize(screens.0.len());
    bytes.extend(section.0);
    bytes.extend(screens.0);
    bytes.extend(body.0);
    Publication {
        bytes,
        hash: sha256::hex(&hash),
    }
}

/// A first screen longer than this is left out (the runtime then draws it): a step of
/// some 150 plain fields. The file grows by what it holds.
const MAX_SCREEN: usize = 48 * 1024;

/// Two days far apart: a first screen the same on both does not depend on the date.
const SAMPLE_DAYS: [Date; 2] = [
    Date {
        year: 2003,
        month: 2,
        day: 14,
    },
    Date {
        year: 2091,
        month: 9,
        day: 30,
    },
];

/// The first step as a fresh assistant shows it, in each language, as the runtime
/// describes it from the published body itself: left out where it depends on the date
/// (the runtime then draws it with today's), or is longer than `MAX_SCREEN`.
fn first_screens(body: &[u8]) -> Vec<(Lang, String)> {
    let Ok(form) = engine::published::read_body(body) else {
        return Vec::new();
    };
    let form = Arc::new(form);
    let describe = |today: Date, lang: Lang| {
        let model = Model::new(Wizard::new(Arc::clone(&form), today, lang));
        view::render(&model).tokens().to_string()
    };
    [Lang::De, Lang::En]
        .into_iter()
        .filter_map(|lang| {
            let [day, other_day] = SAMPLE_DAYS;
            let screen = describe(day, lang);
            (screen.len() <= MAX_SCREEN && screen == describe(other_day, lang))
                .then_some((lang, screen))
        })
        .collect()
}

struct Writer(Vec<u8>);

impl Writer {
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.0.push((value as u8 & 0x7f) | 0x80);
            value >>= 7;
        }
        self.0.push(value as u8);
    }

    fn usize(&mut self, value: usize) {
        self.varint(value as u64);
    }

    /// The first screens' section (docs/published-form.md), without its length.
    fn first_screens(&mut self, form_id: &str, screens: &[(Lang, String)]) {
        self.string(&engine::draft::key_prefix(form_id));
        self.varint(view::VERSION);
        self.usize(screens.len());
        for (lang, tokens) in screens {
            self.string(lang.code());
            self.string(tokens);
        }
    }

    fn i32(&mut self, value: i32) {
        self.varint(((value << 1) ^ (value >> 31)) as u32 as u64);
    }

    fn bool(&mut self, value: bool) {
        self.byte(u8::from(value));
    }

    fn f64(&mut self, value: f64) {
        self.0.extend(value.to_le_bytes());
    }

    fn string(&mut self, text: &str) {
        self.usize(text.len());
        self.0.extend(text.as_bytes());
    }

    fn char(&mut self, c: char) {
        self.varint(u64::from(u32::from(c)));
    }

    fn option<T>(&mut self, value: Option<&T>, write: impl FnOnce(&mut Self, &T)) {
        match value {
            None => self.byte(0),
            Some(value) => {
                self.byte(1);
                write(self, value);
            }
        }
    }

    fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Self, &T)) {
        self.usize(items.len());
        for item in items {
            write(self, item);
        }
    }

    fn str_option(&mut self, value: &Option<String>) {
        self.option(value.as_ref(), |w, s| w.string(s));
    }

    fn text(&mut self, text: &Text) {
        self.string(&text.de);
        self.str_option(&text.en);
    }

    fn date(&mut self, date: Date) {
        self.i32(date.year);
        self.byte(date.month);
        self.byte(date.day);
    }

    fn compiled(&mut self, compiled: &CompiledForm) {
        self.form(&compiled.form);
        self.usize(compiled.nodes.len());
        for node in &compiled.nodes {
            self.option(node.value_type.as_ref(), Writer::type_);
            self.option(node.visible_if.as_ref(), Writer::expr);
            self.option(node.required_if.as_ref(), Writer::expr);
            self.option(node.computed.as_ref(), Writer::expr);
            self.usize(node.rules.len());
            for rule in &node.rules {
                self.option(rule.pattern.as_ref(), Writer::pattern);
                self.option(rule.expression.as_ref(), Writer::expr);
            }
            self.option(node.content.as_ref(), Writer::markdown);
        }
        self.list(&compiled.order, |w, &id| w.usize(id));
        for edges in [&compiled.dependents, &compiled.check_dependents] {
            self.list(edges, |w, list| w.list(list, |w, &id| w.usize(id)));
        }
        self.list(&compiled.parameters, |w, (key, value)| {
            w.string(key);
            w.value(value);
        });
    }

    fn form(&mut self, form: &Form) {
        self.varint(u64::from(form.format_version));
        self.string(&form.id);
        self.string(&form.version);
        self.text(&form.title);
        self.option(form.description.as_ref(), Writer::text);
        self.list(&form.languages, |w, lang| {
            w.byte(match lang {
                Lang::De => 0,
                Lang::En => 1,
            })
        });
        self.str_option(&form.leika);
        self.list(&form.steps, |w, step| {
            w.string(&step.id);
            w.text(&step.title);
            w.str_option(&step.visible_if);
            w.list(&step.elements, Writer::element);
        });
        self.list(&form.declarations, |w, declaration| {
            w.string(&declaration.id);
            w.text(&declaration.text);
        });
        self.option(form.submission.as_ref(), |w, submission| {
            w.str_option(&submission.endpoint)
        });
        self.option(form.fim.as_ref(), Writer::fim);
        self.list(&form.parameters, |w, parameter| {
            w.string(&parameter.key);
            w.text(&parameter.label);
            w.byte(match parameter.kind {
                ParameterKind::Text => 0,
                ParameterKind::Number => 1,
                ParameterKind::Currency => 2,
            });
            w.str_option(&parameter.default);
        });
        self.option(form.time_zone.as_ref(), |w, zone| w.string(zone.name));
        self.option(form.drafts.as_ref(), |w, drafts| {
            w.varint(u64::from(drafts.keep_days))
        });
    }

    fn fim(&mut self, fim: &FimRef) {
        self.string(&fim.id);
        self.string(&fim.version);
    }

    fn element(&mut self, element: &Element) {
        self.string(&element.key);
        self.kind(&element.kind);
        self.text(&element.label);
        self.option(element.help.as_ref(), Writer::text);
        self.option(element.placeholder.as_ref(), Writer::text);
        self.bool(element.required);
        self.str_option(&element.required_if);
        self.str_option(&element.visible_if);
        self.str_option(&element.autocomplete);
        self.list(&element.rules, |w, rule| {
            w.check(&rule.check);
            w.option(rule.message.as_ref(), Writer::text);
        });
        self.list(&element.messages, |w, (code, text)| {
            w.string(code);
            w.text(text);
        });
        self.option(element.fim.as_ref(), Writer::fim);
        self.list(&element.notes, |w, note| w.string(note));
    }

    fn options(&mut self, options: &[ChoiceOption]) {
        self.list(options, |w, option| {
            w.string(&option.value);
            w.text(&option.label);
        });
    }

    fn kind(&mut self, kind: &Kind) {
        match kind {
            Kind::Text => self.byte(0),
            Kind::MultilineText => self.byte(1),
            Kind::Integer => self.byte(2),
            Kind::Decimal => self.byte(3),
            Kind::Currency => self.byte(4),
            Kind::Date => self.byte(5),
            Kind::Email => self.byte(6),
            Kind::Phone => self.byte(7),
            Kind::PostalCode => self.byte(8),
            Kind::Iban => self.byte(9),
            Kind::YesNo => self.byte(10),
            Kind::SingleChoice { options, display } => {
                self.byte(11);
                self.options(options);
                self.byte(match display {
                    ChoiceDisplay::Radio => 0,
                    ChoiceDisplay::Dropdown => 1,
                });
            }
            Kind::MultipleChoice { options } => {
                self.byte(12);
                self.options(options);
            }
            Kind::Checkbox => self.byte(13),
            Kind::File {
                accept,
                max_size,
                max_count,
            } => {
                self.byte(14);
                self.list(accept, |w, media_type| w.string(media_type));
                self.varint(*max_size);
                self.varint(u64::from(*max_count));
            }
            Kind::Computed { expression, format } => {
                self.byte(15);
                self.string(expression);
                self.byte(match format {
                    ComputedFormat::Auto => 0,
                    ComputedFormat::Number => 1,
                    ComputedFormat::Currency => 2,
                    ComputedFormat::Text => 3,
                    ComputedFormat::Date => 4,
                    ComputedFormat::YesNo => 5,
                });
            }
            Kind::Content { markdown } => {
                self.byte(16);
                self.text(markdown);
            }
            Kind::Group { elements } => {
                self.byte(17);
                self.list(elements, Writer::element);
            }
            Kind::Repeat {
                elements,
                min,
                max,
                item_label,
            } => {
                self.byte(18);
                self.list(elements, Writer::element);
                self.varint(u64::from(*min));
                self.option(max.as_ref(), |w, max| w.varint(u64::from(*max)));
                self.text(item_label);
            }
        }
    }

    fn check(&mut self, check: &Check) {
        match check {
            Check::MinLength { value } => {
                self.byte(0);
                self.varint(u64::from(*value));
            }
            Check::MaxLength { value } => {
                self.byte(1);
                self.varint(u64::from(*value));
            }
            Check::Pattern { pattern } => {
                self.byte(2);
                self.string(pattern);
            }
            Check::MinValue { value } => {
                self.byte(3);
                self.f64(*value);
            }
            Check::MaxValue { value } => {
                self.byte(4);
                self.f64(*value);
            }
            Check::MinDate { date } => {
                self.byte(5);
                self.date_bound(date);
            }
            Check::MaxDate { date } => {
                self.byte(6);
                self.date_bound(date);
            }
            Check::Email => self.byte(7),
            Check::Iban => self.byte(8),
            Check::PostalCodeDe => self.byte(9),
            Check::Phone => self.byte(10),
            Check::Latin => self.byte(11),
            Check::Expression { expression } => {
                self.byte(12);
                self.string(expression);
            }
        }
    }

    fn date_bound(&mut self, bound: &DateBound) {
        match bound {
            DateBound::Field(key) => {
                self.byte(2);
                self.string(key);
            }
            DateBound::Absolute(date) => {
                self.byte(0);
                self.date(*date);
            }
            DateBound::Relative { amount, unit } => {
                self.byte(1);
                self.i32(*amount);
                self.byte(match unit {
                    DateUnit::Days => 0,
                    DateUnit::Months => 1,
                    DateUnit::Years => 2,
                });
            }
        }
    }

    fn type_(&mut self, ty: &Type) {
        match ty {
            Type::Bool => self.byte(0),
            Type::Number => self.byte(1),
            Type::Text => self.byte(2),
            Type::Date => self.byte(3),
            Type::File => self.byte(4),
            Type::List(inner) => {
                self.byte(5);
                self.type_(inner);
            }
            Type::Items => self.byte(6),
            Type::Any => self.byte(7),
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Number(n) => {
                self.byte(0);
                self.f64(*n);
            }
            ExprKind::Text(text) => {
                self.byte(1);
                self.string(text);
            }
            ExprKind::Bool(b) => {
                self.byte(2);
                self.bool(*b);
            }
            ExprKind::Date(date) => {
                self.byte(3);
                self.date(*date);
            }
            ExprKind::List(items) => {
                self.byte(4);
                self.list(items, Writer::expr);
            }
            ExprKind::Ref(reference) => match reference.target {
                Some(target) => {
                    self.byte(5);
                    self.usize(target.node);
                    self.usize(target.shared_depth);
                }
                // Never in a compiled form: compiling drops an expression whose
                // references do not resolve.
                None => self.expr(&Expr::placeholder()),
            },
            ExprKind::Unary(op, operand) => {
                self.byte(6);
                self.byte(match op {
                    UnaryOp::Not => 0,
                    UnaryOp::Negate => 1,
                });
                self.expr(operand);
            }
            ExprKind::Binary(op, left, right) => {
                self.byte(7);
                use BinaryOp::*;
                let ops = [Or, And, Eq, Ne, Lt, Le, Gt, Ge, In, Add, Sub, Mul, Div];
                self.usize_tag(ops.iter().position(|o| o == op));
                self.expr(left);
                self.expr(right);
            }
            ExprKind::Call(func, args) => {
                self.byte(8);
                self.usize_tag(Func::ALL.iter().position(|f| f == func));
                self.list(args, Writer::expr);
            }
        }
    }

    /// The position of a variant in the engine's list of them.
    fn usize_tag(&mut self, position: Option<usize>) {
        self.byte(position.unwrap_or(0) as u8);
    }

    fn pattern(&mut self, pattern: &Pattern) {
        self.list(&pattern.program, |w, inst| match inst {
            Inst::Char(c) => {
                w.byte(0);
                w.char(*c);
            }
            Inst::Any => w.byte(1),
            Inst::Class(class) => {
                w.byte(2);
                w.list(&class.ranges, |w, &(from, to)| {
                    w.char(from);
                    w.char(to);
                });
                w.bool(class.negated);
            }
            Inst::Assert(look) => {
                w.byte(3);
                use Look::*;
                let looks = [
                    Start,
                    End,
                    LineStart,
                    LineEnd,
                    WordBoundary,
                    NotWordBoundary,
                ];
                w.usize_tag(looks.iter().position(|l| l == look));
            }
            Inst::Split(a, b) => {
                w.byte(4);
                w.usize(*a);
                w.usize(*b);
            }
            Inst::Jump(to) => {
                w.byte(5);
                w.usize(*to);
            }
            Inst::Match => w.byte(6),
        });
    }

    fn markdown(&mut self, markdown: &Markdown) {
        self.list(&markdown.de, Writer::block);
        self.option(markdown.en.as_ref(), |w, blocks| {
            w.list(blocks, Writer::block)
        });
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph(inlines) => {
                self.byte(0);
                self.list(inlines, Writer::inline);
            }
            Block::List { ordered, items } => {
                self.byte(1);
                self.bool(*ordered);
                self.list(items, |w, item| w.list(item, Writer::inline));
            }
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text) => {
                self.byte(0);
                self.string(text);
            }
            Inline::Emphasis(inner) => {
                self.byte(1);
                self.list(inner, Writer::inline);
            }
            Inline::Strong(inner) => {
                self.byte(2);
                self.list(inner, Writer::inline);
            }
            Inline::Link { text, href } => {
                self.byte(3);
                self.string(text);
                self.string(href);
            }
        }
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.byte(0),
            Value::Bool(b) => {
                self.byte(1);
                self.bool(*b);
            }
            Value::Number(n) => {
                self.byte(2);
                self.f64(*n);
            }
            Value::Text(text) => {
                self.byte(3);
                self.string(text);
            }
            Value::Date(date) => {
                self.byte(4);
                self.date(*date);
            }
            Value::File(file) => {
                self.byte(5);
                self.string(&file.id);
                self.string(&file.name);
                self.varint(file.size);
                self.string(&file.media_type);
            }
            Value::List(items) => {
                self.byte(6);
                self.list(items, Writer::value);
            }
        }
    }
}
