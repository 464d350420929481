//! Reading the machine-readable script an XDatenfelder 3 rule may carry, where its prose
//! could not be read. Scripts are JavaScript and a form never runs JavaScript; this
//! reads only a small, checkable subset into the same model as the prose ([`Sentence`]),
//! and nothing else:
//!
//! - a condition that must hold: `EXPR`, `return EXPR;`, `function script() { return
//!   EXPR; }`, or the refusal `function script() { if (EXPR) { return false; } }`
//!   (then `EXPR` must not hold);
//! - `EXPR` over field and group ids (`F00000010`, paths `G00000060.F00000062`),
//!   string, number and boolean literals, `==`/`===`/`!=`/`!==`, `&&`, `||`, `!` and
//!   parentheses; an id alone or compared with `''`, `null` or `undefined` asks
//!   whether it is filled.
//!
//! A condition that must hold becomes a rule only in the shapes the prose has too: "at
//! least one of" (`A || B`), and "if … then … must (not) be filled" (`!C || T`).
//! Anything else, arithmetic, calls or a second statement, leaves the rule unread, with
//! the reason. What FIM's editors put into scripts has not been seen in a
//! real schema yet, so a rule applied from its script is always reported as a guess.

use engine::text::Text;

use super::phrase::{Cond, Effect, Literal, Ref, Sentence, Unreadable};

/// Scripts longer than this are not read.
const MAX_SCRIPT: usize = 4096;
/// Nesting deeper than this is not read.
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ref(Ref),
    Word(String),
    Text(String),
    Number(String),
    /// `==`, `!=`, `&&`, `||`, `!`, `(`, `)`, `{`, `}`, `;`.
    Punct(&'static str),
    /// Anything else (`+`, `<`, …): unreadable where the reading meets it.
    Other(char),
}

fn unreadable(what: impl std::fmt::Display) -> Unreadable {
    Text::new(
        format!("Das Skript der Regel ist nicht lesbar: {what}."),
        format!("The rule's script cannot be read: {what}."),
    )
}

fn tokenize(script: &str) -> Result<Vec<Token>, Unreadable> {
    const PUNCT: [&str; 12] = [
        "===", "!==", "==", "!=", "&&", "||", "!", "(", ")", "{", "}", ";",
    ];
    let mut tokens = Vec::new();
    let mut rest = script;
    'next: while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        for p in PUNCT {
            if let Some(after) = rest.strip_prefix(p) {
                // `===` is `==`, `!==` is `!=`: the values compared are never converted.
                let p = match p {
                    "===" => "==",
                    "!==" => "!=",
                    p => p,
                };
                tokens.push(Token::Punct(p));
                rest = after;
                continue 'next;
            }
        }
        if c == '\'' || c == '"' {
            let body = &rest[1..];
            let end = body
                .find(c)
                .ok_or_else(|| unreadable("eine Zeichenkette ist nicht geschlossen"))?;
            if body[..end].contains('\\') {
                return Err(unreadable("Escape-Zeichen in Zeichenketten"));
            }
            tokens.push(Token::Text(body[..end].to_string()));
            rest = &body[end + 1..];
            continue;
        }
        let word_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.'))
            .unwrap_or(rest.len());
        if word_end == 0 {
            tokens.push(Token::Other(c));
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let word = &rest[..word_end];
        rest = &rest[word_end..];
        let parts: Vec<&str> = word.split('.').collect();
        let is_id = |p: &&str| {
            p.len() >= 6
                && (p.starts_with('F') || p.starts_with('G'))
                && p[1..].bytes().all(|b| b.is_ascii_digit())
        };
        if parts.iter().all(is_id) {
            tokens.push(Token::Ref(Ref {
                path: parts.iter().map(|p| p.to_string()).collect(),
            }));
        } else if word.bytes().all(|b| b.is_ascii_digit()) {
            tokens.push(Token::Number(word.to_string()));
        } else if parts.len() == 1 {
            tokens.push(Token::Word(word.to_string()));
        } else {
            return Err(unreadable(format!("„{word}“")));
        }
    }
    Ok(tokens)
}

/// Reads a rule's script: the sentences it amounts to.
pub fn read(script: &str) -> Result<Vec<Sentence>, Unreadable> {
    if script.len() > MAX_SCRIPT {
        return Err(unreadable("zu lang"));
    }
    let tokens = tokenize(script)?;
    let must_hold = body(&tokens)?;
    sentences(must_hold)
}

/// The condition the script's body says must hold.
fn body(tokens: &[Token]) -> Result<Cond, Unreadable> {
    let word = |t: &Token, w: &str| matches!(t, Token::Word(x) if x == w);
    let punct = |t: &Token, p: &str| matches!(t, Token::Punct(x) if *x == p);
    // function NAME ( ) { … }
    let inner = match tokens {
        [f, Token::Word(_), open, close, brace, inner @ .., end]
            if word(f, "function")
                && punct(open, "(")
                && punct(close, ")")
                && punct(brace, "{")
                && punct(end, "}") =>
        {
            inner
        }
        _ => tokens,
    };
    let inner = inner.strip_suffix(&[Token::Punct(";")]).unwrap_or(inner);
    match inner {
        // return EXPR
        [r, expr @ ..] if word(r, "return") => expression(expr),
        // if ( EXPR ) { return false ; } [return true ;]
        [i, open, rest @ ..] if word(i, "if") && punct(open, "(") => {
            let close = matching(rest).ok_or_else(|| unreadable("eine Klammer fehlt"))?;
            let (expr, after) = (&rest[..close], &rest[close + 1..]);
            let refusal: &[&[&str]] = &[
                &["{", "return", "false", ";", "}"],
                &["{", "return", "false", "}"],
                &["return", "false"],
                &["return", "false", ";", "return", "true"],
                &["{", "return", "false", ";", "}", "return", "true"],
                &["{", "return", "false", "}", "return", "true"],
            ];
            let spelled: Vec<&str> = after
                .iter()
                .map(|t| match t {
                    Token::Punct(p) => *p,
                    Token::Word(w) => w.as_str(),
                    _ => "?",
                })
                .collect();
            if !refusal.contains(&spelled.as_slice()) {
                return Err(unreadable("nach „if (…)“ wird nur „return false“ gelesen"));
            }
            Ok(not(expression(expr)?))
        }
        expr => expression(expr),
    }
}

/// The negation of a condition, pushed inwards: `!!A` is `A`, `!(A && B)` is `!A || !B`,
/// `!(A || B)` is `!A && !B`.
fn not(cond: Cond) -> Cond {
    match cond {
        Cond::Not(inner) => *inner,
        Cond::And(parts) => Cond::Or(parts.into_iter().map(not).collect()),
        Cond::Or(parts) => Cond::And(parts.into_iter().map(not).collect()),
        other => Cond::Not(Box::new(other)),
    }
}

/// The index of the `)` closing a `(` just before `tokens`.
fn matching(tokens: &[Token]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::Punct("(") => depth += 1,
            Token::Punct(")") if depth == 0 => return Some(i),
            Token::Punct(")") => depth -= 1,
            _ => {}
        }
    }
    None
}

fn expression(tokens: &[Token]) -> Result<Cond, Unreadable> {
    let mut parser = Parser { tokens, at: 0 };
    let cond = parser.or(0)?;
    if parser.at != tokens.len() {
        return Err(unreadable(format!(
            "nach dem Ausdruck folgt noch „{}“",
            spell(&tokens[parser.at])
        )));
    }
    Ok(cond)
}

fn spell(token: &Token) -> String {
    match token {
        Token::Ref(r) => r.display(),
        Token::Word(w) | Token::Number(w) => w.clone(),
        Token::Text(t) => format!("'{t}'"),
        Token::Punct(p) => p.to_string(),
        Token::Other(c) => c.to_string(),
    }
}

struct Parser<'t> {
    tokens: &'t [Token],
    at: usize,
}

/// What stands on one side of a comparison.
enum Operand {
    Ref(Ref),
    Value(Literal),
    /// `''`, `null`, `undefined`.
    Empty,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, p: &str) -> bool {
        if matches!(self.peek(), Some(Token::Punct(x)) if *x == p) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self, depth: usize) -> Result<Cond, Unreadable> {
        self.joined(depth, "||", Parser::and, Cond::Or)
    }

    fn and(&mut self, depth: usize) -> Result<Cond, Unreadable> {
        self.joined(depth, "&&", Parser::unary, Cond::And)
    }

    /// Operands read by `next`, joined by `op` into `join` (one alone stays itself).
    fn joined(
        &mut self,
        depth: usize,
        op: &str,
        next: fn(&mut Self, usize) -> Result<Cond, Unreadable>,
        join: fn(Vec<Cond>) -> Cond,
    ) -> Result<Cond, Unreadable> {
        let mut parts = vec![next(self, depth)?];
        while self.eat(op) {
            parts.push(next(self, depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            join(parts)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Cond, Unreadable> {
        if depth > MAX_DEPTH {
            return Err(unreadable("zu tief verschachtelt"));
        }
        if self.eat("!") {
            return Ok(not(self.unary(depth + 1)?));
        }
        if self.eat("(") {
            let inner = self.or(depth + 1)?;
            if !self.eat(")") {
                return Err(unreadable("eine Klammer fehlt"));
            }
            return Ok(inner);
        }
        let left = self.operand()?;
        let equal = if self.eat("==") {
            true
        } else if self.eat("!=") {
            false
        } else {
            return match left {
                Operand::Ref(r) => Ok(Cond::Filled(r)),
                _ => Err(unreadable("ein Wert allein ist keine Bedingung")),
            };
        };
        let right = self.operand()?;
        let cond = match (left, right) {
            (Operand::Ref(r), Operand::Empty) | (Operand::Empty, Operand::Ref(r)) => {
                not(Cond::Filled(r))
            }
            (Operand::Ref(r), Operand::Value(v)) | (Operand::Value(v), Operand::Ref(r)) => {
                Cond::Equals(r, v)
            }
            _ => return Err(unreadable("verglichen wird nur ein Feld mit einem Wert")),
        };
        Ok(if equal { cond } else { not(cond) })
    }

    fn operand(&mut self) -> Result<Operand, Unreadable> {
        let token = self
            .peek()
            .cloned()
            .ok_or_else(|| unreadable("der Ausdruck endet zu früh"))?;
        self.at += 1;
        Ok(match token {
            Token::Ref(r) => Operand::Ref(r),
            Token::Text(t) if t.is_empty() => Operand::Empty,
            Token::Text(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
                Operand::Value(Literal::Code(t))
            }
            Token::Text(t) => Operand::Value(Literal::Text(t)),
            Token::Number(n) => Operand::Value(Literal::Code(n)),
            Token::Word(w) if w == "true" || w == "false" => {
                Operand::Value(Literal::Bool(w == "true"))
            }
            Token::Word(w) if w == "null" || w == "undefined" => Operand::Empty,
            other => return Err(unreadable(format!("„{}“", spell(&other)))),
        })
    }
}

/// The ids of a condition that is nothing but `leaf`s joined by `&&`.
fn refs(cond: &Cond, leaf: fn(&Cond) -> Option<Ref>) -> Option<Vec<Ref>> {
    match cond {
        Cond::And(parts) => parts.iter().map(leaf).collect(),
        other => leaf(other).map(|r| vec![r]),
    }
}

/// `A`: the id asked to be filled.
fn filled(cond: &Cond) -> Option<Ref> {
    match cond {
        Cond::Filled(r) => Some(r.clone()),
        _ => None,
    }
}

/// `!A`, `A == ''`: the id asked to be empty.
fn empty(cond: &Cond) -> Option<Ref> {
    match cond {
        Cond::Not(inner) => filled(inner),
        _ => None,
    }
}

/// A condition that must hold, in the shapes the rules have: "at least one of" and
/// "if … then … must (not) be filled".
fn sentences(must_hold: Cond) -> Result<Vec<Sentence>, Unreadable> {
    let shapeless = || {
        Err(unreadable(
            "die Bedingung hat keine der gelesenen Formen („mindestens eines“ oder „wenn …, dann muss …“)",
        ))
    };
    let Cond::Or(parts) = must_hold else {
        return shapeless();
    };
    // A || B || C: at least one is filled.
    if let Some(refs) = parts.iter().map(filled).collect::<Option<Vec<Ref>>>() {
        return Ok(vec![Sentence::AtLeastOne(refs)]);
    }
    // P || T: if not P, then T (`!C || T`: if C, then T).
    if let [first, second] = parts.as_slice() {
        for (premise, conclusion) in [(first, second), (second, first)] {
            let (targets, effect) = match (refs(conclusion, filled), refs(conclusion, empty)) {
                (Some(targets), _) => (targets, Effect::Must),
                (None, Some(targets)) => (targets, Effect::MustNot),
                (None, None) => continue,
            };
            return Ok(vec![Sentence::If {
                cond: not(premise.clone()),
                targets,
                effect,
            }]);
        }
    }
    shapeless()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: &str) -> Ref {
        Ref {
            path: id.split('.').map(str::to_string).collect(),
        }
    }

    #[test]
    fn scripts_in_the_subset_become_sentences() {
        let if_then = |cond: Cond, targets: &[&str], effect| {
            vec![Sentence::If {
                cond,
                targets: targets.iter().map(|t| r(t)).collect(),
                effect,
            }]
        };
        let code = |id: &str, c: &str| Cond::Equals(r(id), Literal::Code(c.into()));
        for (script, expected) in [
            (
                "F00000051 || F00000052",
                vec![Sentence::AtLeastOne(vec![r("F00000051"), r("F00000052")])],
            ),
            (
                "function script() { return F00000051 != '' || F00000052 !== null; }",
                vec![Sentence::AtLeastOne(vec![r("F00000051"), r("F00000052")])],
            ),
            (
                "return F00000010 != '003' || G00000020;",
                if_then(code("F00000010", "003"), &["G00000020"], Effect::Must),
            ),
            (
                "function script() { if ((F00000010 == '003' || F00000010 === 5) && !G00000020) { return false; } }",
                if_then(
                    Cond::Or(vec![code("F00000010", "003"), code("F00000010", "5")]),
                    &["G00000020"],
                    Effect::Must,
                ),
            ),
            (
                "function pruefe() { if (G00000060.F00000061 == false && G00000060.F00000062 != '') return false; return true; }",
                if_then(
                    Cond::Equals(r("G00000060.F00000061"), Literal::Bool(false)),
                    &["G00000060.F00000062"],
                    Effect::MustNot,
                ),
            ),
            (
                "!(F00000040 != null) || F00000041 && F00000042",
                if_then(
                    Cond::Filled(r("F00000040")),
                    &["F00000041", "F00000042"],
                    Effect::Must,
                ),
            ),
        ] {
            assert_eq!(read(script), Ok(expected), "{script}");
        }
    }

    #[test]
    fn anything_outside_the_subset_is_unread_with_the_reason() {
        for (script, why) in [
            (
                "function script() { if (F00000040 + F00000041 > 40) { return false; } }",
                "„+“",
            ),
            ("F00000040.length > 3", "„F00000040.length“"),
            ("pruefe(F00000040)", "„pruefe“"),
            ("F00000040 == F00000041", "ein Feld mit einem Wert"),
            ("'003'", "ein Wert allein"),
            ("F00000040 == '0\\'3'", "Escape"),
            ("F00000040 && F00000041", "keine der gelesenen Formen"),
            ("if (F00000040) { alert('x'); }", "return false"),
            ("F00000040 == 'offen", "nicht geschlossen"),
            ("(F00000040 || F00000041", "Klammer"),
            ("F00000040 || F00000041; F00000042", "folgt noch"),
            ("", "endet zu früh"),
        ] {
            let error = read(script).expect_err(script);
            assert!(error.de.contains(why), "{script}: {}", error.de);
        }
        let deep = format!("{}F00000040{}", "(".repeat(100), ")".repeat(100));
        assert!(read(&deep).expect_err("deep").de.contains("verschachtelt"));
        assert!(read(&"F00000040 || ".repeat(1000)).is_err());
    }
}
