//! The expression language's source: parsed into `engine::expr`'s tree (`parse`), and
//! resolved and type-checked against a form (`check`). What runs it is in the engine.

mod check;
mod parse;

pub use check::{check, Resolver};
pub use engine::expr::*;
pub use parse::parse;

use engine::Text;

/// A parse or type error at a place in the expression.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError {
    pub span: Span,
    pub message: Text,
}

impl ExprError {
    pub fn new(span: Span, de: impl Into<String>, en: impl Into<String>) -> ExprError {
        ExprError {
            span,
            message: Text::new(de, en),
        }
    }
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (at {}..{})",
            self.message.de, self.span.start, self.span.end
        )
    }
}

/// The name of a type in messages, in German and English.
pub fn describe(ty: &Type) -> (String, String) {
    match ty {
        Type::Bool => ("Ja/Nein-Wert".into(), "yes/no value".into()),
        Type::Number => ("Zahl".into(), "number".into()),
        Type::Text => ("Text".into(), "text".into()),
        Type::Date => ("Datum".into(), "date".into()),
        Type::File => ("Datei".into(), "file".into()),
        Type::List(inner) => {
            let (de, en) = describe(inner);
            (format!("Liste ({de})"), format!("list ({en})"))
        }
        Type::Items => ("Wiederholgruppe".into(), "repeating group".into()),
        Type::Any => ("beliebiger Wert".into(), "any value".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{check, parse, Resolver, Type};
    use engine::expr::{eval, Env, Value};
    use engine::Date;

    /// `a` = 10, `b` = empty, `t` = "Hund", `d` = 2000-02-29, `xs` = [1, 2, null, 4].
    struct Answers;

    impl Resolver for Answers {
        fn resolve(&self, path: &[String]) -> Result<(Target, Type), (String, String)> {
            let ty = match path[0].as_str() {
                "a" | "b" => Type::Number,
                "t" => Type::Text,
                "d" => Type::Date,
                "xs" => Type::List(Box::new(Type::Number)),
                _ => return Err(("?".into(), "?".into())),
            };
            let id = ["a", "b", "t", "d", "xs"]
                .iter()
                .position(|n| *n == path[0])
                .unwrap_or(0);
            Ok((
                Target {
                    node: id,
                    shared_depth: 0,
                },
                ty,
            ))
        }
    }

    impl Env for Answers {
        fn value(&self, target: Target) -> Value {
            match target.node {
                0 => Value::Number(10.0),
                1 => Value::Null,
                2 => Value::Text("Hund".into()),
                3 => Value::Date(Date::new(2000, 2, 29).expect("valid")),
                _ => Value::List(vec![
                    Value::Number(1.0),
                    Value::Number(2.0),
                    Value::Null,
                    Value::Number(4.0),
                ]),
            }
        }

        fn today(&self) -> Date {
            Date::new(2026, 2, 28).expect("valid")
        }
    }

    fn run(source: &str) -> Value {
        let mut expr = parse(source).expect(source);
        check(&mut expr, &Answers).expect(source);
        eval(&expr, &Answers)
    }

    #[test]
    fn computes_arithmetic_and_functions() {
        assert_eq!(run("a * 12 + 0.5"), Value::Number(120.5));
        assert_eq!(run("round(10 / 3, 2)"), Value::Number(3.33));
        assert_eq!(run("round(2.5)"), Value::Number(3.0));
        assert_eq!(run("sum(xs)"), Value::Number(7.0));
        assert_eq!(run("count(xs)"), Value::Number(3.0));
        assert_eq!(run("len(xs)"), Value::Number(4.0));
        assert_eq!(run("max(xs)"), Value::Number(4.0));
        assert_eq!(run("min(a, 3, b)"), Value::Number(3.0));
        assert_eq!(run("len(t + 'e')"), Value::Number(5.0));
        assert_eq!(
            run("if(a > 5, 'groß', 'klein')"),
            Value::Text("groß".into())
        );
        assert_eq!(run("contains(t, 'UN')"), Value::Bool(true));
        assert_eq!(run("4 in xs"), Value::Bool(true));
    }

    #[test]
    fn computes_with_dates() {
        // Born on 29 February: not yet 26 on 28 February.
        assert_eq!(run("age(d)"), Value::Number(25.0));
        assert_eq!(
            run("days_between(@2026-01-01, today())"),
            Value::Number(58.0)
        );
        assert_eq!(
            run("d + 1"),
            Value::Date(Date::new(2000, 3, 1).expect("valid"))
        );
        assert_eq!(run("d < today()"), Value::Bool(true));
    }

    #[test]
    fn treats_missing_answers_as_null() {
        assert_eq!(run("b + 1"), Value::Null);
        assert_eq!(run("b > 0"), Value::Bool(false));
        assert_eq!(run("b < 0"), Value::Bool(false));
        assert_eq!(run("empty(b)"), Value::Bool(true));
        assert_eq!(run("not (b > 0)"), Value::Bool(true));
        assert_eq!(run("a / 0"), Value::Null);
        assert_eq!(run("round(b)"), Value::Null);
        assert_eq!(run("99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999 * 99999999999"), Value::Null);
    }
}
