//! The expression language of conditions (`visible_if`, `required_if`), computed values
//! and cross-field rules: its tree, resolved and type-checked by `authoring::expr`, and
//! its evaluation here, in Rust: never JavaScript, never eval.
//!
//! ```text
//! age(geburtsdatum) >= 18 and staatsangehoerigkeit in ["DE", "AT"]
//! count(hunde) * 120 + sum(hunde.zuschlag)
//! if(empty(firma.name), "Privat", firma.name)
//! ```
//! Grammar (lowest precedence first): `or`/`||`, `and`/`&&`, `not`/`!`, comparison
//! (`== != < <= > >=`, `in [..]`), `+ -`, `* /`, unary `-`, then literals (`12`, `3.5`,
//! `"text"`, `'text'`, `true`, `false`, `@2024-01-31`), `[a, b]` lists, references
//! (`halter.name`) and calls (`round(x, 2)`).

mod eval;

pub use eval::{eval, Env};

use crate::date::Date;

/// Byte offsets into the expression source, for underlining errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl Expr {
    /// Whether a reference in it points at `node`, sharing at most `level` enclosing
    /// repeating groups with it.
    pub fn reads(&self, node: usize, level: usize) -> bool {
        match &self.kind {
            ExprKind::Ref(reference) => reference
                .target
                .is_some_and(|t| t.node == node && t.shared_depth <= level),
            ExprKind::List(items) | ExprKind::Call(_, items) => {
                items.iter().any(|i| i.reads(node, level))
            }
            ExprKind::Unary(_, operand) => operand.reads(node, level),
            ExprKind::Binary(_, left, right) => left.reads(node, level) || right.reads(node, level),
            _ => false,
        }
    }

    /// Every resolved reference in it.
    pub fn targets(&self, out: &mut Vec<Target>) {
        match &self.kind {
            ExprKind::Ref(reference) => out.extend(reference.target),
            ExprKind::List(items) | ExprKind::Call(_, items) => {
                items.iter().for_each(|i| i.targets(out))
            }
            ExprKind::Unary(_, operand) => operand.targets(out),
            ExprKind::Binary(_, left, right) => {
                left.targets(out);
                right.targets(out);
            }
            _ => {}
        }
    }

    /// What stands in for an expression that could not be read.
    pub fn placeholder() -> Expr {
        Expr {
            kind: ExprKind::Bool(false),
            span: Span::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Number(f64),
    Text(String),
    Bool(bool),
    Date(Date),
    List(Vec<Expr>),
    Ref(Reference),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

/// What a reference points to: an element of the compiled form, and how many enclosing
/// repeating groups the reference shares with the expression. Instances deeper than that
/// are aggregated into a list (`sum(hunde.gebuehr)` from outside the dogs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    pub node: usize,
    pub shared_depth: usize,
}

/// A dotted field reference; `target` is filled in by `authoring::expr::check`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub path: Vec<String>,
    pub target: Option<Target>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Negate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Empty,
    Len,
    Today,
    Age,
    DaysBetween,
    Contains,
    Count,
    Sum,
    If,
    Round,
    Min,
    Max,
}

impl Func {
    pub const ALL: [Func; 12] = [
        Func::Empty,
        Func::Len,
        Func::Today,
        Func::Age,
        Func::DaysBetween,
        Func::Contains,
        Func::Count,
        Func::Sum,
        Func::If,
        Func::Round,
        Func::Min,
        Func::Max,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Func::Empty => "empty",
            Func::Len => "len",
            Func::Today => "today",
            Func::Age => "age",
            Func::DaysBetween => "days_between",
            Func::Contains => "contains",
            Func::Count => "count",
            Func::Sum => "sum",
            Func::If => "if",
            Func::Round => "round",
            Func::Min => "min",
            Func::Max => "max",
        }
    }

    pub fn from_name(name: &str) -> Option<Func> {
        Func::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The static type of an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    Bool,
    Number,
    Text,
    Date,
    /// An uploaded file; only counted.
    File,
    List(Box<Type>),
    /// The entries of a repeating group; only counted.
    Items,
    /// Unknown, e.g. the elements of `[]`; fits everywhere.
    Any,
}

impl Type {
    /// Whether a value of type `self` may stand where `other` is expected.
    pub fn fits(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Any, _) | (_, Type::Any) => true,
            (Type::List(a), Type::List(b)) => a.fits(b),
            (a, b) => a == b,
        }
    }
}

/// A runtime value: an answer, or the result of an expression.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// No answer (or a hidden field).
    #[default]
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    Date(Date),
    File(FileRef),
    List(Vec<Value>),
}

/// An uploaded file as the answers and the payload's attachment manifest know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    /// Client-generated attachment id, unique within one submission.
    pub id: String,
    pub name: String,
    pub size: u64,
    pub media_type: String,
}

impl Value {
    /// `empty()` semantics: nothing, blank text, or an empty list.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Text(text) => text.trim().is_empty(),
            Value::List(items) => items.is_empty(),
            _ => false,
        }
    }

    pub fn as_bool(&self) -> bool {
        matches!(self, Value::Bool(true))
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
}
