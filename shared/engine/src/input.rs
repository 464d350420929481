//! From what a citizen types to a typed answer, and from an answer to display text.
//! German input is the default: `1.234,56`, `31.12.2026`.

use crate::date::Date;
use crate::expr::Value;
use crate::format::{ComputedFormat, Element, Kind};
use crate::text::Joined;
use crate::text::{has_char, Lang};

/// Parses typed text for a field of `kind`. Blank text is no answer (`Some(Null)`);
/// text that does not fit the type is `None`, and the caller keeps the raw text.
pub fn parse_input(kind: &Kind, raw: &str, lang: Lang) -> Option<Value> {
    let text = raw.trim();
    if text.is_empty() {
        return Some(Value::Null);
    }
    match kind {
        Kind::Integer => {
            let number = parse_number(text, lang)?;
            if number.fract() != 0.0 {
                return None;
            }
            Some(Value::Number(number))
        }
        Kind::Decimal => parse_number(text, lang).map(Value::Number),
        Kind::Currency => {
            let euros = parse_number(
                text.trim_end_matches('€').trim_start_matches('€').trim(),
                lang,
            )?;
            let cents = euros * 100.0;
            if (cents - cents.round()).abs() > 1e-6 {
                return None;
            }
            Some(Value::Number(cents.round() / 100.0))
        }
        Kind::Date => Date::parse_german(text)
            .or_else(|| Date::parse_iso(text))
            .map(Value::Date),
        Kind::YesNo | Kind::Checkbox => match text {
            "true" | "ja" | "yes" => Some(Value::Bool(true)),
            "false" | "nein" | "no" => Some(Value::Bool(false)),
            _ => None,
        },
        Kind::Iban => Some(Value::Text(normalize_iban(text))),
        Kind::PostalCode | Kind::Email | Kind::Phone => Some(Value::Text(text.to_string())),
        // Free text keeps its inner line breaks and spacing; only the ends are trimmed.
        _ => Some(Value::Text(text.to_string())),
    }
}

/// IBANs are shown and stored in groups of four: `DE89 3704 0044 0532 0130 00`.
pub fn normalize_iban(text: &str) -> String {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let chars: Vec<char> = compact.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .joined(" ")
}

/// Parses a number as written in `lang`: German `1.234,56`, English `1,234.56`. Plain
/// `1234.5` is accepted in German too when it cannot be a thousands separator.
pub fn parse_number(text: &str, lang: Lang) -> Option<f64> {
    let text = text.trim().replace([' ', '\u{a0}', '\u{202f}'], "");
    let (negative, digits) = match text.strip_prefix('-').or_else(|| text.strip_prefix('−')) {
        Some(rest) => (true, rest.to_string()),
        None => (false, text.trim_start_matches('+').to_string()),
    };
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let (group, decimal) = match lang {
        Lang::De => ('.', ','),
        Lang::En => (',', '.'),
    };
    let normalized = if has_char(&digits, decimal) || !has_char(&digits, group) {
        let (int_part, frac_part) = digits.split_once(decimal).unwrap_or((&digits, ""));
        if has_char(frac_part, group)
            || has_char(frac_part, decimal)
            || !grouping_ok(int_part, group)
        {
            return None;
        }
        format!("{}.{}", int_part.replace(group, ""), frac_part)
    } else if grouping_ok(&digits, group) {
        digits.replace(group, "")
    } else if lang == Lang::De && digits.matches('.').count() == 1 {
        // "12.5" cannot be German grouping: read it as a decimal point.
        digits.clone()
    } else {
        return None;
    };
    let normalized = normalized.trim_end_matches('.');
    if normalized.is_empty() || normalized.starts_with('.') && normalized.len() == 1 {
        return None;
    }
    let value = crate::number::parse_decimal(normalized)?;
    if !value.is_finite() || value.abs() > crate::limits::MAX_NUMBER {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// Thousands separators, if any, must split the integer part into groups of three.
fn grouping_ok(int_part: &str, group: char) -> bool {
    if !has_char(int_part, group) {
        return true;
    }
    let groups: Vec<&str> = int_part.split(group).collect();
    !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)
}

/// A number for display: grouped thousands, `decimals` fixed places (or as needed).
pub fn format_number(value: f64, decimals: Option<usize>, lang: Lang) -> String {
    let (group, decimal) = match lang {
        Lang::De => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = crate::number::format_decimal(value, decimals).unwrap_or_default();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int_part, frac_part) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut grouped = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    if frac_part.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{frac_part}")
    }
}

pub fn format_currency(euros: f64, lang: Lang) -> String {
    let amount = format_number(euros, Some(2), lang);
    match lang {
        Lang::De => format!("{amount} €"),
        // English puts the sign before the symbol: -€0.50.
        Lang::En => match amount.strip_prefix('-') {
            Some(magnitude) => format!("-€{magnitude}"),
            None => format!("€{amount}"),
        },
    }
}

pub fn format_date(date: Date, lang: Lang) -> String {
    match lang {
        Lang::De => date.to_german(),
        Lang::En => date.to_english(),
    }
}

fn yes_no(value: bool, lang: Lang) -> &'static str {
    match (value, lang) {
        (true, Lang::De) => "Ja",
        (false, Lang::De) => "Nein",
        (true, Lang::En) => "Yes",
        (false, Lang::En) => "No",
    }
}

/// The text an input shows for an answer (what [`parse_input`] reads back).
pub fn input_text(kind: &Kind, value: &Value, lang: Lang) -> String {
    match (kind, value) {
        (_, Value::Null) => String::new(),
        (Kind::Currency, Value::Number(n)) => format_number(*n, Some(2), lang),
        (_, Value::Number(n)) => format_number(*n, None, lang),
        (_, Value::Date(d)) => format_date(*d, lang),
        (_, Value::Text(t)) => t.clone(),
        (_, Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// How an answer reads on the review page and in receipts.
pub fn display_value(element: &Element, value: &Value, lang: Lang) -> String {
    let empty = match lang {
        Lang::De => "keine Angabe",
        Lang::En => "not given",
    };
    if value.is_empty() {
        return empty.into();
    }
    let option_label = |code: &str| {
        element
            .options()
            .iter()
            .find(|o| o.value == code)
            .map_or_else(|| code.to_string(), |o| o.label.get(lang).to_string())
    };
    match (&element.kind, value) {
        (Kind::Currency, Value::Number(n)) => format_currency(*n, lang),
        (
            Kind::Computed {
                format: ComputedFormat::Currency,
                ..
            },
            Value::Number(n),
        ) => format_currency(*n, lang),
        (Kind::Integer, Value::Number(n)) => format_number(*n, Some(0), lang),
        // A computed result like 10/3 is shown with six places at most (the payload
        // keeps it whole); a typed number exactly as typed.
        (Kind::Computed { .. }, Value::Number(n)) => {
            format_number((n * 1e6).round() / 1e6, None, lang)
        }
        (_, Value::Number(n)) => format_number(*n, None, lang),
        (_, Value::Date(d)) => format_date(*d, lang),
        (_, Value::Bool(b)) => yes_no(*b, lang).into(),
        (Kind::SingleChoice { .. }, Value::Text(code)) => option_label(code),
        (_, Value::Text(text)) => text.clone(),
        (_, Value::File(file)) => file.name.clone(),
        (_, Value::List(items)) => items
            .iter()
            .map(|item| match item {
                Value::Text(code) => option_label(code),
                other => display_value(element, other, lang),
            })
            .collect::<Vec<_>>()
            .joined(", "),
        (_, Value::Null) => empty.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_german_and_english_numbers() {
        assert_eq!(parse_number("1.234,56", Lang::De), Some(1234.56));
        assert_eq!(parse_number("1234,5", Lang::De), Some(1234.5));
        assert_eq!(parse_number("1.234", Lang::De), Some(1234.0));
        assert_eq!(parse_number("12.5", Lang::De), Some(12.5));
        assert_eq!(parse_number("-3", Lang::De), Some(-3.0));
        assert_eq!(parse_number("1,234.56", Lang::En), Some(1234.56));
        assert_eq!(parse_number("1,5", Lang::En), None);
        assert_eq!(parse_number("1.23.4", Lang::De), None);
        assert_eq!(parse_number("12a", Lang::De), None);
        assert_eq!(parse_number(",", Lang::De), None);
        assert_eq!(parse_number("1,2,3", Lang::De), None);
    }

    #[test]
    fn parses_typed_input_per_kind() {
        assert_eq!(
            parse_input(&Kind::Integer, " 3 ", Lang::De),
            Some(Value::Number(3.0))
        );
        assert_eq!(parse_input(&Kind::Integer, "3,5", Lang::De), None);
        assert_eq!(
            parse_input(&Kind::Currency, "12,50 €", Lang::De),
            Some(Value::Number(12.5))
        );
        assert_eq!(parse_input(&Kind::Currency, "12,505", Lang::De), None);
        assert_eq!(
            parse_input(&Kind::Date, "24.12.2026", Lang::De),
            Some(Value::Date(Date::new(2026, 12, 24).expect("valid")))
        );
        assert_eq!(parse_input(&Kind::Date, "31.02.2026", Lang::De), None);
        assert_eq!(parse_input(&Kind::Text, "   ", Lang::De), Some(Value::Null));
        assert_eq!(
            parse_input(&Kind::Iban, "de89370400440532013000", Lang::De),
            Some(Value::Text("DE89 3704 0044 0532 0130 00".into()))
        );
    }

    #[test]
    fn formats_per_language() {
        assert_eq!(format_number(1234567.5, None, Lang::De), "1.234.567,5");
        assert_eq!(format_number(1234567.5, None, Lang::En), "1,234,567.5");
        assert_eq!(format_currency(1234.5, Lang::De), "1.234,50 €");
        assert_eq!(format_currency(-0.5, Lang::En), "-€0.50");
        assert_eq!(format_currency(1234.5, Lang::En), "€1,234.50");
        assert_eq!(format_number(-0.0, Some(2), Lang::De), "0,00");
        assert_eq!(
            input_text(&Kind::Currency, &Value::Number(12.5), Lang::De),
            "12,50"
        );
    }

    fn element(kind: Kind) -> Element {
        Element::new("f".into(), kind, crate::Text::de("F"))
    }

    #[test]
    fn shows_typed_numbers_as_typed_and_computed_ones_shortened() {
        // A field shows again what was typed, and the review what is submitted.
        let typed = parse_input(&Kind::Decimal, "0,2012331", Lang::De).expect("number");
        assert_eq!(input_text(&Kind::Decimal, &typed, Lang::De), "0,2012331");
        let decimal = element(Kind::Decimal);
        assert_eq!(display_value(&decimal, &typed, Lang::En), "0.2012331");
        let computed = element(Kind::Computed {
            expression: "1".into(),
            format: crate::format::ComputedFormat::Auto,
        });
        assert_eq!(
            display_value(&computed, &Value::Number(10.0 / 3.0), Lang::De),
            "3,333333"
        );
    }
}
