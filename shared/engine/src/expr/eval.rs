//! Evaluation. Total: every expression yields a value, never a panic. Missing answers are
//! `Null`; arithmetic with `Null` gives `Null`, comparisons with it are false (except
//! `==`/`!=` against another `Null`), and `Null` counts as false in conditions.

use super::{BinaryOp, Expr, ExprKind, Func, Target, UnaryOp, Value};
use crate::date::Date;

/// Where an expression is evaluated: the answers seen from its position, and today.
pub trait Env {
    /// The value a reference stands for (a list for fields inside repeating groups seen
    /// from outside them; one entry per item for the repeating group itself).
    fn value(&self, target: Target) -> Value;
    fn today(&self) -> Date;
}

pub fn eval(expr: &Expr, env: &dyn Env) -> Value {
    match &expr.kind {
        ExprKind::Number(n) => Value::Number(*n),
        ExprKind::Text(t) => Value::Text(t.clone()),
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::Date(d) => Value::Date(*d),
        ExprKind::List(items) => Value::List(items.iter().map(|i| eval(i, env)).collect()),
        ExprKind::Ref(reference) => match reference.target {
            Some(target) => env.value(target),
            None => Value::Null,
        },
        ExprKind::Unary(UnaryOp::Not, operand) => Value::Bool(!eval(operand, env).as_bool()),
        ExprKind::Unary(UnaryOp::Negate, operand) => match eval(operand, env) {
            Value::Number(n) => Value::Number(-n),
            _ => Value::Null,
        },
        ExprKind::Binary(BinaryOp::And, left, right) => {
            Value::Bool(eval(left, env).as_bool() && eval(right, env).as_bool())
        }
        ExprKind::Binary(BinaryOp::Or, left, right) => {
            Value::Bool(eval(left, env).as_bool() || eval(right, env).as_bool())
        }
        ExprKind::Binary(op, left, right) => binary(*op, eval(left, env), eval(right, env)),
        ExprKind::Call(func, args) => call(*func, args, env),
    }
}

fn binary(op: BinaryOp, left: Value, right: Value) -> Value {
    use std::cmp::Ordering;
    match op {
        BinaryOp::Eq => Value::Bool(equal(&left, &right)),
        BinaryOp::Ne => Value::Bool(!equal(&left, &right)),
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            let ordering = match (&left, &right) {
                (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
                (Value::Text(a), Value::Text(b)) => Some(a.cmp(b)),
                (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
                _ => None,
            };
            let result = match ordering {
                None => false,
                Some(o) => match op {
                    BinaryOp::Lt => o == Ordering::Less,
                    BinaryOp::Le => o != Ordering::Greater,
                    BinaryOp::Gt => o == Ordering::Greater,
                    _ => o != Ordering::Less,
                },
            };
            Value::Bool(result)
        }
        BinaryOp::In => match right {
            Value::List(items) => Value::Bool(items.iter().any(|item| equal(&left, item))),
            _ => Value::Bool(false),
        },
        BinaryOp::Add => match (left, right) {
            (Value::Number(a), Value::Number(b)) => number(a + b),
            (Value::Text(a), Value::Text(b)) => Value::Text(a + &b),
            (Value::Date(d), Value::Number(days)) => shift(d, days),
            _ => Value::Null,
        },
        BinaryOp::Sub => match (left, right) {
            (Value::Number(a), Value::Number(b)) => number(a - b),
            (Value::Date(d), Value::Number(days)) => shift(d, -days),
            _ => Value::Null,
        },
        BinaryOp::Mul => match (left, right) {
            (Value::Number(a), Value::Number(b)) => number(a * b),
            _ => Value::Null,
        },
        BinaryOp::Div => match (left, right) {
            // Division by zero has no value, rather than infinity.
            (Value::Number(a), Value::Number(b)) => match b == 0.0 {
                true => Value::Null,
                false => number(a / b),
            },
            _ => Value::Null,
        },
        BinaryOp::And | BinaryOp::Or => Value::Bool(left.as_bool() && right.as_bool()),
    }
}

/// Equality as citizens mean it: a file equals its name, lists compare element-wise.
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::File(f), Value::Text(t)) | (Value::Text(t), Value::File(f)) => &f.name == t,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        _ => a == b,
    }
}

/// Keeps results within what answers and payloads hold exactly (`MAX_NUMBER`):
/// beyond it, like infinity or NaN, a result is "no value".
fn number(n: f64) -> Value {
    if n.abs() <= crate::limits::MAX_NUMBER {
        Value::Number(n)
    } else {
        Value::Null
    }
}

fn shift(date: Date, days: f64) -> Value {
    if !days.is_finite() || days.abs() > 4_000_000.0 {
        return Value::Null;
    }
    date.add_days(days.trunc() as i64)
        .map_or(Value::Null, Value::Date)
}

fn call(func: Func, args: &[Expr], env: &dyn Env) -> Value {
    let arg = |i: usize| args.get(i).map_or(Value::Null, |a| eval(a, env));
    match func {
        Func::Empty => Value::Bool(arg(0).is_empty()),
        Func::Len => match arg(0) {
            Value::Text(t) => Value::Number(t.chars().count() as f64),
            Value::List(items) => Value::Number(items.len() as f64),
            Value::Null => Value::Number(0.0),
            _ => Value::Null,
        },
        Func::Count => match arg(0) {
            Value::List(items) => {
                Value::Number(items.iter().filter(|v| !matches!(v, Value::Null)).count() as f64)
            }
            Value::Null => Value::Number(0.0),
            _ => Value::Null,
        },
        Func::Today => Value::Date(env.today()),
        Func::Age => match arg(0) {
            Value::Date(born) => Value::Number(born.years_until(env.today()) as f64),
            _ => Value::Null,
        },
        Func::DaysBetween => match (arg(0), arg(1)) {
            (Value::Date(a), Value::Date(b)) => {
                Value::Number((b.days_since_epoch() - a.days_since_epoch()) as f64)
            }
            _ => Value::Null,
        },
        Func::Contains => match (arg(0), arg(1)) {
            (Value::Text(haystack), Value::Text(needle)) => {
                Value::Bool(crate::text::find(&fold_case(&haystack), &fold_case(&needle)).is_some())
            }
            (Value::List(items), needle) => Value::Bool(items.iter().any(|i| equal(i, &needle))),
            _ => Value::Bool(false),
        },
        Func::Sum => match arg(0) {
            Value::List(items) => number(items.iter().filter_map(Value::as_number).sum()),
            _ => Value::Number(0.0),
        },
        Func::If => {
            if arg(0).as_bool() {
                arg(1)
            } else {
                arg(2)
            }
        }
        Func::Round => {
            let digits = match args.len() {
                2 => arg(1).as_number().unwrap_or(0.0).clamp(0.0, 10.0) as i32,
                _ => 0,
            };
            match arg(0) {
                Value::Number(n) => {
                    let factor = 10f64.powi(digits);
                    // Commercial rounding, half away from zero, as fees are rounded.
                    number((n * factor).round() / factor)
                }
                _ => Value::Null,
            }
        }
        Func::Min | Func::Max => {
            let values: Vec<f64> = if args.len() == 1 {
                match arg(0) {
                    Value::List(items) => items.iter().filter_map(Value::as_number).collect(),
                    other => other.as_number().into_iter().collect(),
                }
            } else {
                (0..args.len()).filter_map(|i| arg(i).as_number()).collect()
            };
            let pick = if func == Func::Min {
                f64::min
            } else {
                f64::max
            };
            values
                .into_iter()
                .reduce(pick)
                .map_or(Value::Null, Value::Number)
        }
    }
}

/// Lower case for comparing without case: ASCII and the Latin-1 letters (Ä, Ö, Ü, É …),
/// which is what German forms need; std's full Unicode tables would cost the runtime
/// several KB.
fn fold_case(text: &str) -> String {
    text.chars().map(crate::text::lower_case).collect()
}

#[cfg(test)]
mod tests {
    use super::fold_case;

    #[test]
    fn contains_ignores_the_case_of_german_letters() {
        assert_eq!(
            fold_case("ÄRGER mit Öl, ÜBER Straße"),
            "ärger mit öl, über straße"
        );
        assert_eq!(fold_case("× stays"), "× stays");
    }
}
