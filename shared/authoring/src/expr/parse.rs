//! Tokenizer and recursive-descent parser.

use super::{BinaryOp, Expr, ExprError, ExprKind, Func, Reference, Span, UnaryOp};
use engine::date::Date;
use engine::text::Joined;

/// Nesting deeper than this is refused, so hostile input cannot overflow the stack.
const MAX_DEPTH: usize = 64;
/// Longer sources are refused outright; real conditions are a line or two.
const MAX_SOURCE_LEN: usize = 4096;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Text(String),
    Date(Date),
    Ident(String),
    Op(&'static str),
    End,
}

/// Parses an expression; references stay unresolved until [`super::check`].
pub fn parse(source: &str) -> Result<Expr, ExprError> {
    if source.len() > MAX_SOURCE_LEN {
        return Err(ExprError::new(
            Span {
                start: 0,
                end: source.len(),
            },
            format!("Der Ausdruck ist zu lang (höchstens {MAX_SOURCE_LEN} Zeichen)."),
            format!("The expression is too long (at most {MAX_SOURCE_LEN} characters)."),
        ));
    }
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
        error: None,
    };
    if parser.peek() == &Token::End {
        return Err(ExprError::new(
            Span::default(),
            "Der Ausdruck ist leer.",
            "The expression is empty.",
        ));
    }
    let expr = parser.expression();
    if parser.peek() != &Token::End {
        parser.fail(
            parser.span(),
            "Hier erwartet: Ende des Ausdrucks oder ein Operator.".into(),
            "Expected the end of the expression or an operator here.",
        );
    }
    parser
        .error
        .map_or(Ok(expr), |error| Err(decimal_comma(source, error)))
}

/// An error at the comma of `1,50`: German writing of a decimal number. Says to write
/// `1.50` instead of what the parser expected.
fn decimal_comma(source: &str, error: ExprError) -> ExprError {
    let bytes = source.as_bytes();
    let at = error.span.start;
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    if bytes.get(at) != Some(&b',') || at == 0 || !digit(at - 1) || !digit(at + 1) {
        return error;
    }
    let start = source[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = source[at + 1..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(source.len(), |i| at + 1 + i);
    let written = &source[start..end];
    let meant = written.replace(',', ".");
    ExprError::new(
        Span { start, end },
        format!("Dezimalzahlen bitte mit Punkt schreiben: {meant} statt {written}."),
        format!("Write decimal numbers with a point: {meant}, not {written}."),
    )
}

const OPERATORS: [&str; 20] = [
    "==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ",", "!",
    ".", "=",
];

fn tokenize(source: &str) -> Result<Vec<(Token, Span)>, ExprError> {
    let mut tokens = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < source.len() {
        let c = source[i..].chars().next().unwrap_or(' ');
        let start = i;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let token = if c.is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            let number = engine::number::parse_decimal(&source[start..i]).ok_or_else(|| {
                ExprError::new(Span { start, end: i }, "Ungültige Zahl.", "Invalid number.")
            })?;
            Token::Number(number)
        } else if c == '"' || c == '\'' {
            i += 1;
            let mut text = String::new();
            loop {
                let Some(next) = source[i..].chars().next() else {
                    return Err(ExprError::new(
                        Span { start, end: i },
                        "Der Text ist nicht abgeschlossen: das Anführungszeichen am Ende fehlt.",
                        "Unterminated text: the closing quote is missing.",
                    ));
                };
                i += next.len_utf8();
                if next == c {
                    break;
                }
                if next == '\\' {
                    if let Some(escaped) = source[i..].chars().next() {
                        i += escaped.len_utf8();
                        text.push(escaped);
                    }
                    continue;
                }
                text.push(next);
            }
            Token::Text(text)
        } else if c == '@' {
            i += 1;
            let end = (i + 10).min(source.len());
            let date = source
                .get(i..end)
                .and_then(Date::parse_iso)
                .ok_or_else(|| {
                    ExprError::new(
                        Span { start, end },
                        "Ungültiges Datum: erwartet @JJJJ-MM-TT, z. B. @2024-01-31.",
                        "Invalid date: expected @YYYY-MM-DD, e.g. @2024-01-31.",
                    )
                })?;
            i = end;
            Token::Date(date)
        } else if c.is_ascii_alphabetic() || c == '_' {
            // Keys and parameter names are ASCII (`keys::is_valid_key`): another letter
            // is an unexpected character, and std's Unicode tables stay out of the runtime.
            while let Some(next) = source[i..].chars().next() {
                if next.is_ascii_alphanumeric() || next == '_' {
                    i += next.len_utf8();
                } else {
                    break;
                }
            }
            Token::Ident(source[start..i].to_string())
        } else if let Some(op) = OPERATORS.iter().find(|op| source[i..].starts_with(**op)) {
            i += op.len();
            if *op == "=" {
                return Err(ExprError::new(
                    Span { start, end: i },
                    "Zum Vergleichen bitte == schreiben.",
                    "Use == to compare.",
                ));
            }
            Token::Op(op)
        } else if !c.is_ascii() {
            // Mostly an umlaut in a name: say what names may hold.
            let end = i + c.len_utf8();
            return Err(ExprError::new(
                Span { start, end },
                format!("Das Zeichen „{c}“ ist hier nicht erlaubt: Feldnamen bestehen aus a–z, Ziffern und _ (ohne Umlaute und ß), Texte stehen in Anführungszeichen."),
                format!("The character '{c}' is not allowed here: field names consist of a-z, digits and _ (no umlauts), texts go in quotes."),
            ));
        } else {
            let end = i + c.len_utf8();
            return Err(ExprError::new(
                Span { start, end },
                format!("Unerwartetes Zeichen „{c}“."),
                format!("Unexpected character '{c}'."),
            ));
        };
        tokens.push((token, Span { start, end: i }));
    }
    tokens.push((
        Token::End,
        Span {
            start: source.len(),
            end: source.len(),
        },
    ));
    Ok(tokens)
}

/// Recursive descent. The first error is recorded and the parser jumps to the end of
/// the input, so every level returns at once with a placeholder; no level returns
/// early with half-built trees to clean up (smaller code in the wasm bundles).
struct Parser {
    tokens: Vec<(Token, Span)>,
    pos: usize,
    depth: usize,
    error: Option<ExprError>,
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos.min(self.tokens.len() - 1)].0
    }

    fn span(&self) -> Span {
        self.tokens[self.pos.min(self.tokens.len() - 1)].1
    }

    fn advance(&mut self) -> (Token, Span) {
        let item = self.tokens[self.pos.min(self.tokens.len() - 1)].clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        item
    }

    /// Records the error (unless an earlier one was) and skips to the end of the input.
    fn fail(&mut self, span: Span, de: String, en: impl Into<String>) {
        self.error.get_or_insert(ExprError::new(span, de, en));
        self.pos = self.tokens.len() - 1;
    }

    /// What a failed parse leaves in place of a value; never seen by the caller.
    fn placeholder(&self) -> Expr {
        Expr {
            kind: ExprKind::Bool(false),
            span: self.span(),
        }
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Token::Op(o) if *o == op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Token::Ident(w) if w == word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Parses one level deeper with `parse`, refusing nesting beyond [`MAX_DEPTH`].
    fn nested(&mut self, parse: fn(&mut Self) -> Expr) -> Expr {
        if self.depth >= MAX_DEPTH {
            self.fail(
                self.span(),
                "Der Ausdruck ist zu tief verschachtelt.".into(),
                "The expression is nested too deeply.",
            );
            return self.placeholder();
        }
        self.depth += 1;
        let expr = parse(self);
        self.depth -= 1;
        expr
    }

    fn expression(&mut self) -> Expr {
        self.nested(Self::or)
    }

    fn or(&mut self) -> Expr {
        let mut left = self.and();
        while self.eat_keyword("or") || self.eat_op("||") {
            let right = self.and();
            left = binary(BinaryOp::Or, left, right);
        }
        left
    }

    fn and(&mut self) -> Expr {
        let mut left = self.not();
        while self.eat_keyword("and") || self.eat_op("&&") {
            let right = self.not();
            left = binary(BinaryOp::And, left, right);
        }
        left
    }

    fn not(&mut self) -> Expr {
        let start = self.span();
        if self.eat_keyword("not") || self.eat_op("!") {
            let operand = self.nested(Self::not);
            return Expr {
                span: start.to(operand.span),
                kind: ExprKind::Unary(UnaryOp::Not, Box::new(operand)),
            };
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Expr {
        let left = self.additive();
        let op = match self.peek() {
            Token::Op("==") => BinaryOp::Eq,
            Token::Op("!=") => BinaryOp::Ne,
            Token::Op("<") => BinaryOp::Lt,
            Token::Op("<=") => BinaryOp::Le,
            Token::Op(">") => BinaryOp::Gt,
            Token::Op(">=") => BinaryOp::Ge,
            Token::Ident(word) if word == "in" => BinaryOp::In,
            _ => return left,
        };
        self.pos += 1;
        let right = self.additive();
        if matches!(
            self.peek(),
            Token::Op("==" | "!=" | "<" | "<=" | ">" | ">=")
        ) {
            self.fail(
                self.span(),
                "Vergleiche lassen sich nicht verketten: bitte mit „and“ verbinden.".into(),
                "Comparisons cannot be chained: join them with 'and'.",
            );
        }
        binary(op, left, right)
    }

    fn additive(&mut self) -> Expr {
        let mut left = self.multiplicative();
        loop {
            let op = if self.eat_op("+") {
                BinaryOp::Add
            } else if self.eat_op("-") {
                BinaryOp::Sub
            } else {
                return left;
            };
            let right = self.multiplicative();
            left = binary(op, left, right);
        }
    }

    fn multiplicative(&mut self) -> Expr {
        let mut left = self.unary();
        loop {
            let op = if self.eat_op("*") {
                BinaryOp::Mul
            } else if self.eat_op("/") {
                BinaryOp::Div
            } else {
                return left;
            };
            let right = self.unary();
            left = binary(op, left, right);
        }
    }

    fn unary(&mut self) -> Expr {
        let start = self.span();
        if self.eat_op("-") {
            let operand = self.nested(Self::unary);
            return Expr {
                span: start.to(operand.span),
                kind: ExprKind::Unary(UnaryOp::Negate, Box::new(operand)),
            };
        }
        self.primary()
    }

    fn primary(&mut self) -> Expr {
        let (token, span) = self.advance();
        let kind = match token {
            Token::Number(n) => ExprKind::Number(n),
            Token::Text(t) => ExprKind::Text(t),
            Token::Date(d) => ExprKind::Date(d),
            Token::Ident(word) if word == "true" => ExprKind::Bool(true),
            Token::Ident(word) if word == "false" => ExprKind::Bool(false),
            Token::Ident(word) if is_keyword(&word) => {
                self.fail(
                    span,
                    format!("„{word}“ steht hier falsch: erwartet ist ein Wert."),
                    format!("'{word}' is out of place: a value is expected."),
                );
                return self.placeholder();
            }
            Token::Ident(name) => {
                if self.eat_op("(") {
                    return self.call(name, span);
                }
                let mut path = vec![name];
                let mut end = span;
                while self.eat_op(".") {
                    match self.advance() {
                        (Token::Ident(segment), segment_span) if !is_keyword(&segment) => {
                            path.push(segment);
                            end = segment_span;
                        }
                        (_, bad) => self.fail(
                            bad,
                            "Nach dem Punkt fehlt der Name eines Feldes.".into(),
                            "A field name is missing after the dot.",
                        ),
                    }
                }
                return Expr {
                    kind: ExprKind::Ref(Reference { path, target: None }),
                    span: span.to(end),
                };
            }
            Token::Op("(") => {
                let inner = self.expression();
                let close = self.span();
                if !self.eat_op(")") {
                    self.fail(
                        close,
                        "Die schließende Klammer „)“ fehlt.".into(),
                        "The closing parenthesis ')' is missing.",
                    );
                }
                return Expr {
                    kind: inner.kind,
                    span: span.to(close),
                };
            }
            Token::Op("[") => {
                let items = self.list(span, "]");
                return Expr {
                    kind: ExprKind::List(items),
                    span: span.to(self.tokens[self.pos - 1].1),
                };
            }
            Token::End => {
                self.fail(
                    span,
                    "Der Ausdruck endet zu früh: hier fehlt ein Wert.".into(),
                    "The expression ends too early: a value is missing.",
                );
                return self.placeholder();
            }
            Token::Op(op) => {
                self.fail(
                    span,
                    format!("„{op}“ steht hier falsch: erwartet ist ein Wert."),
                    format!("'{op}' is out of place: a value is expected."),
                );
                return self.placeholder();
            }
        };
        Expr { kind, span }
    }

    fn call(&mut self, name: String, name_span: Span) -> Expr {
        let Some(func) = Func::from_name(&name) else {
            let known: Vec<&str> = Func::ALL.iter().map(|f| f.name()).collect();
            self.fail(
                name_span,
                format!(
                    "Unbekannte Funktion „{name}“. Verfügbar: {}.",
                    known.joined(", ")
                ),
                format!(
                    "Unknown function '{name}'. Available: {}.",
                    known.joined(", ")
                ),
            );
            return self.placeholder();
        };
        let args = self.list(name_span, ")");
        Expr {
            kind: ExprKind::Call(func, args),
            span: name_span.to(self.tokens[self.pos - 1].1),
        }
    }

    /// Comma-separated expressions up to `close`, which is consumed.
    fn list(&mut self, open: Span, close: &'static str) -> Vec<Expr> {
        let mut items = Vec::new();
        if self.eat_op(close) {
            return items;
        }
        loop {
            items.push(self.expression());
            if self.eat_op(close) || self.error.is_some() {
                return items;
            }
            if !self.eat_op(",") {
                let span = self.span();
                self.fail(
                    open.to(span),
                    format!("Hier fehlt „,“ oder „{close}“."),
                    format!("Expected ',' or '{close}' here."),
                );
                return items;
            }
        }
    }
}

fn is_keyword(word: &str) -> bool {
    matches!(word, "and" | "or" | "not" | "in" | "true" | "false")
}

fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    Expr {
        span: left.span.to(right.span),
        kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_at(source: &str) -> (usize, usize) {
        let error = parse(source).expect_err(source);
        (error.span.start, error.span.end)
    }

    #[test]
    fn respects_precedence() {
        let expr = parse("1 + 2 * 3 == 7 and not a or b").expect("parses");
        let ExprKind::Binary(BinaryOp::Or, left, _) = expr.kind else {
            panic!("or at the top: {expr:?}");
        };
        let ExprKind::Binary(BinaryOp::And, cmp, _) = left.kind else {
            panic!("and under or");
        };
        let ExprKind::Binary(BinaryOp::Eq, sum, _) = cmp.kind else {
            panic!("== under and");
        };
        assert!(matches!(sum.kind, ExprKind::Binary(BinaryOp::Add, _, _)));
    }

    #[test]
    fn parses_literals_references_and_calls() {
        let expr =
            parse("days_between(@2024-01-31, halter.geburt) in [1, 2.5, 'x']").expect("parses");
        let ExprKind::Binary(BinaryOp::In, call, list) = expr.kind else {
            panic!("in");
        };
        let ExprKind::Call(Func::DaysBetween, args) = call.kind else {
            panic!("call");
        };
        assert_eq!(args[1].span, Span { start: 26, end: 39 });
        assert!(matches!(&args[1].kind, ExprKind::Ref(r) if r.path == ["halter", "geburt"]));
        assert!(matches!(list.kind, ExprKind::List(ref items) if items.len() == 3));
    }

    #[test]
    fn reports_errors_with_spans() {
        assert_eq!(error_at("a + "), (4, 4));
        assert_eq!(error_at("a = 1"), (2, 3));
        assert_eq!(error_at("foo(1)"), (0, 3));
        assert_eq!(error_at("'open"), (0, 5));
        assert_eq!(error_at("a == 1 == 2"), (7, 9));
        assert_eq!(error_at("a $ b"), (2, 3));
        assert_eq!(error_at("@2024-02-30"), (0, 11));
        assert_eq!(error_at("(a"), (2, 2));
        assert_eq!(error_at("a.and"), (2, 5));
        assert!(parse("").is_err());
        let error = parse("round(1,").expect_err("incomplete");
        assert!(error.message.de.contains("Wert"), "{}", error.message.de);
    }

    #[test]
    fn a_decimal_comma_gets_the_hint_to_write_a_point() {
        let error = parse("gebuehr * 1,50").expect_err("a decimal comma");
        assert_eq!((error.span.start, error.span.end), (10, 14));
        assert_eq!(
            error.message.de,
            "Dezimalzahlen bitte mit Punkt schreiben: 1.50 statt 1,50."
        );
        // A letter beyond ASCII right before the number is not cut in half.
        let at_comma = ExprError::new(Span { start: 3, end: 4 }, "x".to_string(), "x".to_string());
        let hint = decimal_comma("ß1,50", at_comma);
        assert_eq!(
            hint.message.de,
            "Dezimalzahlen bitte mit Punkt schreiben: 1.50 statt 1,50."
        );
        // Commas between arguments stay commas.
        assert!(parse("min(1,50)").is_ok());
        assert!(parse("round(1.5, 2)").is_ok());
    }

    #[test]
    fn refuses_deep_nesting_without_overflow() {
        let deep = "(".repeat(1000) + "1" + &")".repeat(1000);
        assert!(parse(&deep).is_err());
        let negations = "-".repeat(2000) + "1";
        assert!(parse(&negations).is_err());
        assert!(parse(&"not ".repeat(500)).is_err());
    }

    #[test]
    fn handles_unicode_without_panicking() {
        let error = parse("größe > 3").expect_err("names are ASCII");
        assert_eq!((error.span.start, error.span.end), (2, 4), "at the ö");
        assert!(
            error.message.de.contains("ohne Umlaute"),
            "{}",
            error.message.de
        );
        assert!(parse("\"ä\\\"ö\" == 'ü'").is_ok());
        assert!(parse("€").is_err());
        assert!(parse("@2024-01-3ä").is_err());
    }
}
