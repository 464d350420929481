//! Type checking against a form: resolves references and finds wrong types and arities.

use super::{BinaryOp, Expr, ExprError, ExprKind, Func, Span, Target, Type, UnaryOp};

/// Resolves dotted paths from the position of the expression in the form.
pub trait Resolver {
    /// The target and its type, or a German and English explanation.
    fn resolve(&self, path: &[String]) -> Result<(Target, Type), (String, String)>;
}

/// Checks `expr`, filling in the targets of its references, and returns its type.
pub fn check(expr: &mut Expr, resolver: &dyn Resolver) -> Result<Type, ExprError> {
    let span = expr.span;
    match &mut expr.kind {
        ExprKind::Number(_) => Ok(Type::Number),
        ExprKind::Text(_) => Ok(Type::Text),
        ExprKind::Bool(_) => Ok(Type::Bool),
        ExprKind::Date(_) => Ok(Type::Date),
        ExprKind::List(items) => {
            let mut element = Type::Any;
            for item in items {
                let item_span = item.span;
                let ty = check(item, resolver)?;
                element = unify(&element, &ty).ok_or_else(|| mismatch(item_span, &element, &ty))?;
            }
            Ok(Type::List(Box::new(element)))
        }
        ExprKind::Ref(reference) => {
            let (target, ty) = resolver
                .resolve(&reference.path)
                .map_err(|(de, en)| ExprError::new(span, de, en))?;
            reference.target = Some(target);
            Ok(ty)
        }
        ExprKind::Unary(op, operand) => {
            let ty = check(operand, resolver)?;
            let expected = match op {
                UnaryOp::Not => Type::Bool,
                UnaryOp::Negate => Type::Number,
            };
            expect(operand.span, &ty, &expected)?;
            Ok(expected)
        }
        ExprKind::Binary(op, left, right) => {
            let left_type = check(left, resolver)?;
            let right_type = check(right, resolver)?;
            binary_type(*op, (&left_type, left.span), (&right_type, right.span))
        }
        ExprKind::Call(func, args) => {
            let mut types = Vec::with_capacity(args.len());
            for arg in args.iter_mut() {
                types.push((check(arg, resolver)?, arg.span));
            }
            call_type(*func, &types, span)
        }
    }
}

fn binary_type(op: BinaryOp, left: (&Type, Span), right: (&Type, Span)) -> Result<Type, ExprError> {
    use BinaryOp::*;
    let (lt, ls) = left;
    let (rt, rs) = right;
    match op {
        Or | And => {
            expect(ls, lt, &Type::Bool)?;
            expect(rs, rt, &Type::Bool)?;
            Ok(Type::Bool)
        }
        Eq | Ne => {
            unify(lt, rt).ok_or_else(|| mismatch(rs, lt, rt))?;
            Ok(Type::Bool)
        }
        Lt | Le | Gt | Ge => {
            let ty = unify(lt, rt).ok_or_else(|| mismatch(rs, lt, rt))?;
            if !matches!(ty, Type::Number | Type::Text | Type::Date | Type::Any) {
                let (de, en) = crate::expr::describe(&ty);
                return Err(ExprError::new(
                    ls.to(rs),
                    format!("Ein {de} lässt sich nicht der Größe nach vergleichen."),
                    format!("A {en} cannot be ordered."),
                ));
            }
            Ok(Type::Bool)
        }
        In => {
            let Type::List(element) = rt else {
                let (de, en) = crate::expr::describe(rt);
                return Err(ExprError::new(
                    rs,
                    format!(
                        "Nach „in“ wird eine Liste erwartet, z. B. [\"A\", \"B\"], gefunden: {de}."
                    ),
                    format!("'in' expects a list, e.g. [\"A\", \"B\"]; found {en}."),
                ));
            };
            unify(lt, element).ok_or_else(|| mismatch(ls, element, lt))?;
            Ok(Type::Bool)
        }
        Add => match (lt, rt) {
            (Type::Text, Type::Text) => Ok(Type::Text),
            (Type::Date, _) => {
                expect(rs, rt, &Type::Number)?;
                Ok(Type::Date)
            }
            _ => {
                expect(ls, lt, &Type::Number)?;
                expect(rs, rt, &Type::Number)?;
                Ok(Type::Number)
            }
        },
        Sub => {
            if lt == &Type::Date {
                expect(rs, rt, &Type::Number)?;
                return Ok(Type::Date);
            }
            expect(ls, lt, &Type::Number)?;
            expect(rs, rt, &Type::Number)?;
            Ok(Type::Number)
        }
        Mul | Div => {
            expect(ls, lt, &Type::Number)?;
            expect(rs, rt, &Type::Number)?;
            Ok(Type::Number)
        }
    }
}

fn call_type(func: Func, args: &[(Type, Span)], span: Span) -> Result<Type, ExprError> {
    let arity = |min: usize, max: usize| -> Result<(), ExprError> {
        if (min..=max).contains(&args.len()) {
            return Ok(());
        }
        let (expected, expected_en) = if min == max {
            (min.to_string(), min.to_string())
        } else if max == usize::MAX {
            (format!("mindestens {min}"), format!("at least {min}"))
        } else {
            (format!("{min} bis {max}"), format!("{min} to {max}"))
        };
        Err(ExprError::new(
            span,
            format!(
                "{}() erwartet {expected} Argument(e), nicht {}.",
                func.name(),
                args.len()
            ),
            format!(
                "{}() takes {expected_en} argument(s), not {}.",
                func.name(),
                args.len()
            ),
        ))
    };
    let arg = |i: usize, expected: &Type| expect(args[i].1, &args[i].0, expected);
    match func {
        Func::Empty => {
            arity(1, 1)?;
            Ok(Type::Bool)
        }
        Func::Len | Func::Count => {
            arity(1, 1)?;
            let (ty, arg_span) = &args[0];
            let countable = match func {
                Func::Len => matches!(ty, Type::Text | Type::List(_) | Type::Items | Type::Any),
                _ => matches!(ty, Type::List(_) | Type::Items | Type::Any),
            };
            if !countable {
                let (de, en) = crate::expr::describe(ty);
                return Err(ExprError::new(
                    *arg_span,
                    format!(
                        "{}() zählt Texte, Listen oder Wiederholgruppen, nicht: {de}.",
                        func.name()
                    ),
                    format!(
                        "{}() counts texts, lists or repeating groups, not: {en}.",
                        func.name()
                    ),
                ));
            }
            Ok(Type::Number)
        }
        Func::Today => {
            arity(0, 0)?;
            Ok(Type::Date)
        }
        Func::Age => {
            arity(1, 1)?;
            arg(0, &Type::Date)?;
            Ok(Type::Number)
        }
        Func::DaysBetween => {
            arity(2, 2)?;
            arg(0, &Type::Date)?;
            arg(1, &Type::Date)?;
            Ok(Type::Number)
        }
        Func::Contains => {
            arity(2, 2)?;
            match &args[0].0 {
                Type::Text => arg(1, &Type::Text)?,
                Type::List(element) => arg(1, element)?,
                Type::Any => {}
                other => {
                    let (de, en) = crate::expr::describe(other);
                    return Err(ExprError::new(
                        args[0].1,
                        format!("contains() sucht in Texten oder Listen, nicht in: {de}."),
                        format!("contains() searches texts or lists, not: {en}."),
                    ));
                }
            }
            Ok(Type::Bool)
        }
        Func::Sum => {
            arity(1, 1)?;
            arg(0, &Type::List(Box::new(Type::Number)))?;
            Ok(Type::Number)
        }
        Func::If => {
            arity(3, 3)?;
            arg(0, &Type::Bool)?;
            unify(&args[1].0, &args[2].0).ok_or_else(|| mismatch(args[2].1, &args[1].0, &args[2].0))
        }
        Func::Round => {
            arity(1, 2)?;
            arg(0, &Type::Number)?;
            if args.len() == 2 {
                arg(1, &Type::Number)?;
            }
            Ok(Type::Number)
        }
        Func::Min | Func::Max => {
            arity(1, usize::MAX)?;
            if args.len() == 1 {
                arg(0, &Type::List(Box::new(Type::Number)))?;
            } else {
                for i in 0..args.len() {
                    arg(i, &Type::Number)?;
                }
            }
            Ok(Type::Number)
        }
    }
}

/// The common type of two values, if they can be compared or combined.
fn unify(a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Any, other) | (other, Type::Any) => Some(other.clone()),
        (Type::List(x), Type::List(y)) => Some(Type::List(Box::new(unify(x, y)?))),
        (x, y) if x == y => Some(x.clone()),
        _ => None,
    }
}

fn expect(span: Span, found: &Type, expected: &Type) -> Result<(), ExprError> {
    if found.fits(expected) {
        Ok(())
    } else {
        Err(mismatch(span, expected, found))
    }
}

fn mismatch(span: Span, expected: &Type, found: &Type) -> ExprError {
    let (expected_de, expected_en) = crate::expr::describe(expected);
    let (found_de, found_en) = crate::expr::describe(found);
    ExprError::new(
        span,
        format!("Erwartet: {expected_de}, gefunden: {found_de}."),
        format!("Expected {expected_en}, found {found_en}."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::parse;

    /// Fields `zahl` (number), `name` (text), `geburt` (date), `ja` (bool), `hunde` (repeat),
    /// `hunde.alter` (list of numbers), `wahl` (list of text).
    struct Fields;

    impl Resolver for Fields {
        fn resolve(&self, path: &[String]) -> Result<(Target, Type), (String, String)> {
            let joined = path.join(".");
            let (id, ty) = match joined.as_str() {
                "zahl" => (0, Type::Number),
                "name" => (1, Type::Text),
                "geburt" => (2, Type::Date),
                "ja" => (3, Type::Bool),
                "hunde" => (4, Type::Items),
                "hunde.alter" => (5, Type::List(Box::new(Type::Number))),
                "wahl" => (6, Type::List(Box::new(Type::Text))),
                _ => return Err((format!("Unbekannt: {joined}"), format!("Unknown: {joined}"))),
            };
            Ok((
                Target {
                    node: id,
                    shared_depth: 0,
                },
                ty,
            ))
        }
    }

    fn type_of(source: &str) -> Result<Type, ExprError> {
        let mut expr = parse(source).expect(source);
        check(&mut expr, &Fields)
    }

    #[test]
    fn infers_types() {
        assert_eq!(type_of("zahl * 2 + 1"), Ok(Type::Number));
        assert_eq!(type_of("name + '!'"), Ok(Type::Text));
        assert_eq!(type_of("age(geburt) >= 18 and ja"), Ok(Type::Bool));
        assert_eq!(type_of("count(hunde) + sum(hunde.alter)"), Ok(Type::Number));
        assert_eq!(type_of("if(ja, 'a', name)"), Ok(Type::Text));
        assert_eq!(
            type_of("'A' in wahl or contains(wahl, 'B')"),
            Ok(Type::Bool)
        );
        assert_eq!(type_of("geburt + 30"), Ok(Type::Date));
        assert_eq!(
            type_of("max(hunde.alter) + min(1, 2, zahl)"),
            Ok(Type::Number)
        );
        assert_eq!(type_of("zahl in []"), Ok(Type::Bool));
    }

    #[test]
    fn reports_type_errors_at_the_offending_part() {
        let error = type_of("zahl + name").expect_err("mismatch");
        assert_eq!((error.span.start, error.span.end), (7, 11));
        assert!(
            error.message.de.contains("Erwartet: Zahl"),
            "{}",
            error.message.de
        );
        let error = type_of("unbekannt == 1").expect_err("unknown");
        assert_eq!((error.span.start, error.span.end), (0, 9));
        let error = type_of("round()").expect_err("arity");
        assert!(error.message.de.contains("1 bis 2"), "{}", error.message.de);
        assert!(error.message.get(engine::text::Lang::En).contains("1 to 2"));
        assert!(type_of("sum(wahl)").is_err());
        assert!(type_of("ja < ja").is_err());
        assert!(type_of("count(zahl)").is_err());
        assert!(type_of("zahl in [1, 'a']").is_err());
        assert!(type_of("if(zahl, 1, 2)").is_err());
        assert!(type_of("name in ['a', 'b']").is_ok());
    }
}
