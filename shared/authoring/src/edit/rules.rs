//! An element's rules by name, and date limits as form builders type them.

use super::{references, Path, Reference};
use engine::date::Date;
use engine::format::{Check, DateBound, DateUnit, Element, Form, Kind, Rule, RuleName};

/// Replaces the rule with the same code as `check` (or removes it: `None` with `code`),
/// keeping a message the form builder wrote for it.
pub fn set_check(element: &mut Element, name: RuleName, check: Option<Check>) {
    let position = element
        .rules
        .iter()
        .position(|r| r.check.rule_name() == name);
    match (position, check) {
        (Some(i), Some(check)) => element.rules[i].check = check,
        (None, Some(check)) => element.rules.push(Rule {
            check,
            message: None,
        }),
        (Some(i), None) => {
            element.rules.remove(i);
        }
        (None, None) => {}
    }
}

/// The element's rule of this name, if it has one.
pub fn check(element: &Element, name: RuleName) -> Option<&Check> {
    element
        .rules
        .iter()
        .map(|r| &r.check)
        .find(|c| c.rule_name() == name)
}

/// A date limit as a form builder types it: `TT.MM.JJJJ` (or `JJJJ-MM-TT`), `heute`
/// (`today`), `heute - 18 Jahre` / `today-18y`, or another date field by its label or
/// key. `None` when it is none of these.
pub fn date_limit_from_typed(form: &Form, path: &Path, typed: &str) -> Option<DateBound> {
    let typed = typed.trim();
    if let Some(date) = Date::parse_german(typed).or_else(|| Date::parse_iso(typed)) {
        return Some(DateBound::Absolute(date));
    }
    let dates = || {
        references(form, path)
            .into_iter()
            .filter(|r| matches!(r.kind, Kind::Date))
    };
    let lower = typed.to_lowercase();
    if let Some(field) = dates().find(|r| r.name == typed || r.label.trim().to_lowercase() == lower)
    {
        return Some(DateBound::Field(field.name));
    }
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = compact
        .strip_prefix("heute")
        .or_else(|| compact.strip_prefix("today"))?;
    if rest.is_empty() {
        return Some(DateBound::Relative {
            amount: 0,
            unit: DateUnit::Days,
        });
    }
    let (sign, rest) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' | '−' => (-1, &rest[rest.chars().next()?.len_utf8()..]),
        _ => return None,
    };
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (digits, unit) = rest.split_at(digits_end);
    let amount: i32 = digits.parse().ok().filter(|n| *n <= 99_999)?;
    let unit = match unit.chars().next()? {
        'd' | 't' => DateUnit::Days,
        'm' => DateUnit::Months,
        'y' | 'j' => DateUnit::Years,
        _ => return None,
    };
    Some(DateBound::Relative {
        amount: sign * amount,
        unit,
    })
}

/// A date limit as the inspector shows it, in words [`date_limit_from_typed`] reads
/// back: `01.12.2026`, `heute`, `heute - 18 Jahre`, or the date field's label.
pub fn date_limit_shown(form: &Form, path: &Path, bound: &DateBound) -> String {
    match bound {
        DateBound::Absolute(date) => date.to_german(),
        DateBound::Relative { amount: 0, .. } => "heute".into(),
        DateBound::Relative { amount, unit } => {
            let n = amount.unsigned_abs();
            let unit = match (unit, n) {
                (DateUnit::Days, 1) => "Tag",
                (DateUnit::Days, _) => "Tage",
                (DateUnit::Months, 1) => "Monat",
                (DateUnit::Months, _) => "Monate",
                (DateUnit::Years, 1) => "Jahr",
                (DateUnit::Years, _) => "Jahre",
            };
            let sign = if *amount < 0 { '-' } else { '+' };
            format!("heute {sign} {n} {unit}")
        }
        DateBound::Field(name) => {
            let matching =
                |r: &Reference| !r.label.trim().is_empty() && matches!(r.kind, Kind::Date);
            let all = references(form, path);
            let field = all.iter().find(|r| r.name == *name);
            // The label, unless another date field has the same one.
            match field {
                Some(r)
                    if matching(r)
                        && all
                            .iter()
                            .filter(|o| matching(o) && o.label.trim() == r.label.trim())
                            .count()
                            == 1 =>
                {
                    r.label.trim().to_string()
                }
                _ => name.clone(),
            }
        }
    }
}
