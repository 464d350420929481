//! Validation of one answer against its element: required, type, implicit format
//! checks of the field type, and the element's rules. Messages are German and English;
//! a rule's `message` or the element's `messages` replace the built-in ones.

use crate::checks;
use crate::compiled::CompiledRule;
use crate::date::Date;
use crate::expr::{eval, Env, Value};
use crate::file_types;
use crate::format::{Check, DateBound, Element, Kind};
use crate::input::{format_date, format_number};
use crate::limits::{MAX_ANSWER_CHARS, MAX_FILE_NAME_CHARS};
use crate::text::{Lang, Text};

/// One failed check of one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// What failed: `required`, `format`, `min_length`, `expression`, …
    pub code: &'static str,
    pub message: Text,
}

/// What validation needs to know about one answer.
pub struct Answer<'a> {
    pub value: &'a Value,
    /// Text typed that does not fit the field's type.
    pub raw: Option<&'a str>,
    pub required: bool,
    /// Entries, for repeating groups.
    pub item_count: usize,
}

pub fn validate(
    element: &Element,
    rules: &[CompiledRule],
    answer: &Answer,
    env: &dyn Env,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut fail = |code: &'static str, default: Text| {
        errors.push(FieldError {
            code,
            message: element.message(code).cloned().unwrap_or(default),
        });
    };

    if let Kind::Repeat {
        min,
        max,
        item_label,
        ..
    } = &element.kind
    {
        let min = if answer.required { (*min).max(1) } else { *min } as usize;
        if answer.item_count < min {
            fail(
                "min_items",
                Text::new(
                    format!(
                        "Bitte fügen Sie Einträge hinzu ({}): mindestens {min}.",
                        item_label.de
                    ),
                    format!(
                        "Please add entries ({}): at least {min}.",
                        item_label.get(Lang::En)
                    ),
                ),
            );
        }
        if let Some(max) = max.map(|m| m as usize).filter(|&m| answer.item_count > m) {
            fail(
                "max_items",
                Text::new(
                    format!("Bitte entfernen Sie Einträge: höchstens {max}."),
                    format!("Please remove entries: at most {max}."),
                ),
            );
        }
        return errors;
    }

    if let Some(raw) = answer.raw {
        fail("format", format_message(&element.kind, raw));
        return errors;
    }
    let missing = match (&element.kind, answer.value) {
        (Kind::Checkbox, value) => !value.as_bool(),
        (_, value) => value.is_empty(),
    };
    if missing {
        if answer.required {
            fail("required", required_message(&element.kind));
        }
        return errors;
    }

    // An answer beyond the cap is refused before any rule looks at it: matching a
    // pattern costs its length times the pattern's size.
    if let Value::Text(text) = answer.value {
        if text.chars().nth(MAX_ANSWER_CHARS).is_some() {
            fail(
                "max_length",
                Text::new(
                    format!("Bitte geben Sie höchstens {MAX_ANSWER_CHARS} Zeichen ein."),
                    format!("Please enter at most {MAX_ANSWER_CHARS} characters."),
                ),
            );
            return errors;
        }
    }

    implicit_checks(element, answer.value, &mut fail);

    // A pattern is matched only once the answer has the length the rules ask for.
    let length_fits = rules.iter().all(|compiled| {
        let check = element.rules.get(compiled.index).map(|r| &r.check);
        !matches!(
            check,
            Some(Check::MinLength { .. } | Check::MaxLength { .. })
        ) || check.is_some_and(|c| rule_failure(c, compiled, answer.value, env).is_none())
    });
    for compiled in rules {
        let Some(rule) = element.rules.get(compiled.index) else {
            continue;
        };
        if matches!(rule.check, Check::Pattern { .. }) && !length_fits {
            continue;
        }
        if let Some(default) = rule_failure(&rule.check, compiled, answer.value, env) {
            let message = rule
                .message
                .clone()
                .or_else(|| element.message(rule.check.code()).cloned())
                .unwrap_or(default);
            errors.push(FieldError {
                code: rule.check.code(),
                message,
            });
        }
    }
    errors
}

fn implicit_checks(element: &Element, value: &Value, fail: &mut impl FnMut(&'static str, Text)) {
    let text = match value {
        Value::Text(t) => Some(t.as_str()),
        _ => None,
    };
    match (&element.kind, text) {
        (Kind::Email, Some(t)) if !checks::is_email(t) => fail("format", email_message()),
        (Kind::Phone, Some(t)) if !checks::is_phone(t) => fail("format", phone_message()),
        (Kind::PostalCode, Some(t)) if !checks::is_postal_code_de(t) => {
            fail("format", postal_code_message())
        }
        (Kind::Iban, Some(t)) if !checks::is_iban(t) => fail("format", iban_message()),
        (Kind::SingleChoice { options, .. }, Some(t)) if !options.iter().any(|o| o.value == t) => {
            fail("option", option_message())
        }
        (Kind::MultipleChoice { options }, _) => {
            // Each item once, each one of the options: sorted, so a list as long as the
            // options costs n log n, not n².
            let valid = match value {
                Value::List(items) if items.len() <= options.len() => {
                    let mut chosen: Vec<&str> = items
                        .iter()
                        .filter_map(|item| match item {
                            Value::Text(t) => Some(t.as_str()),
                            _ => None,
                        })
                        .collect();
                    let mut known: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
                    chosen.sort_unstable();
                    known.sort_unstable();
                    chosen.len() == items.len()
                        && chosen.windows(2).all(|pair| pair[0] != pair[1])
                        && chosen.iter().all(|c| known.binary_search(c).is_ok())
                }
                _ => false,
            };
            if !valid {
                fail("option", option_message());
            }
        }
        (
            Kind::File {
                accept,
                max_size,
                max_count,
            },
            _,
        ) => {
            let files: Vec<&crate::expr::FileRef> = match value {
                Value::List(items) => items
                    .iter()
                    .filter_map(|i| match i {
                        Value::File(f) => Some(f),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            if let Some(file) = files.iter().find(|f| !file_name_fits(&f.name)) {
                fail(
                    "file_name",
                    Text::new(
                        format!(
                            "Der Dateiname „{}“ ist nicht erlaubt: bitte ohne Pfad und Steuerzeichen, höchstens {MAX_FILE_NAME_CHARS} Zeichen.",
                            file.name
                        ),
                        format!(
                            "The file name '{}' is not allowed: please without a path or control characters, at most {MAX_FILE_NAME_CHARS} characters.",
                            file.name
                        ),
                    ),
                );
            }
            if files.len() > *max_count as usize {
                fail(
                    "file_count",
                    Text::new(
                        format!("Bitte laden Sie höchstens {max_count} Datei(en) hoch."),
                        format!("Please upload at most {max_count} file(s)."),
                    ),
                );
            }
            if let Some(file) = files.iter().find(|f| f.size > *max_size) {
                fail(
                    "file_size",
                    Text::new(
                        format!(
                            "Die Datei „{}“ ist zu groß: höchstens {} erlaubt.",
                            file.name,
                            format_size(*max_size, Lang::De)
                        ),
                        format!(
                            "The file '{}' is too large: at most {} allowed.",
                            file.name,
                            format_size(*max_size, Lang::En)
                        ),
                    ),
                );
            }
            if let Some(file) = files
                .iter()
                .find(|f| !file_types::accepts(accept, &f.media_type))
            {
                fail(
                    "file_type",
                    Text::new(
                        format!(
                            "Die Datei „{}“ hat ein nicht erlaubtes Format. Erlaubt: {}.",
                            file.name,
                            file_types::names(accept, Lang::De)
                        ),
                        format!(
                            "The file '{}' has a format that is not accepted. Accepted: {}.",
                            file.name,
                            file_types::names(accept, Lang::En)
                        ),
                    ),
                );
            }
        }
        _ => {}
    }
}

/// A file's own name, as browsers give it: no path, no control characters, not empty,
/// at most `MAX_FILE_NAME_CHARS` characters.
pub fn file_name_fits(name: &str) -> bool {
    !name.trim().is_empty()
        && name.chars().nth(MAX_FILE_NAME_CHARS).is_none()
        && !name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
}

pub fn format_size(bytes: u64, lang: Lang) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 1.0 {
        format!(
            "{} MB",
            format_number((mb * 10.0).round() / 10.0, None, lang)
        )
    } else {
        format!(
            "{} KB",
            format_number((bytes as f64 / 1024.0).ceil(), None, lang)
        )
    }
}

/// The default message when `check` fails for `value`, or `None` when it holds.
fn rule_failure(
    check: &Check,
    compiled: &CompiledRule,
    value: &Value,
    env: &dyn Env,
) -> Option<Text> {
    let length = match value {
        Value::Text(t) => Some(t.chars().count()),
        Value::List(items) => Some(items.len()),
        _ => None,
    };
    let text = match value {
        Value::Text(t) => Some(t.as_str()),
        _ => None,
    };
    let number = value.as_number();
    let date = match value {
        Value::Date(d) => Some(*d),
        _ => None,
    };
    let today = env.today();
    match check {
        Check::MinLength { value: min } => (length? < *min as usize).then(|| Text::new(
            format!("Bitte geben Sie mindestens {min} Zeichen ein."),
            format!("Please enter at least {min} characters."),
        )),
        Check::MaxLength { value: max } => (length? > *max as usize).then(|| Text::new(
            format!("Bitte geben Sie höchstens {max} Zeichen ein."),
            format!("Please enter at most {max} characters."),
        )),
        Check::Pattern { .. } => {
            let pattern = compiled.pattern.as_ref()?;
            (!pattern.is_match(text?)).then(|| Text::new(
                "Die Eingabe hat nicht das erwartete Format.",
                "The entry does not have the expected format.",
            ))
        }
        Check::MinValue { value: min } => (number? < *min).then(|| Text::new(
            format!("Der Wert muss mindestens {} sein.", format_number(*min, None, Lang::De)),
            format!("The value must be at least {}.", format_number(*min, None, Lang::En)),
        )),
        Check::MaxValue { value: max } => (number? > *max).then(|| Text::new(
            format!("Der Wert darf höchstens {} sein.", format_number(*max, None, Lang::De)),
            format!("The value must be at most {}.", format_number(*max, None, Lang::En)),
        )),
        Check::MinDate { date: bound } => {
            let limit = date_limit(bound, compiled, env, today)?;
            (date? < limit).then(|| date_message("frühestens", "on or after", limit))
        }
        Check::MaxDate { date: bound } => {
            let limit = date_limit(bound, compiled, env, today)?;
            (date? > limit).then(|| date_message("spätestens", "on or before", limit))
        }
        Check::Email => (!checks::is_email(text?)).then(email_message),
        Check::Iban => (!checks::is_iban(text?)).then(iban_message),
        Check::PostalCodeDe => (!checks::is_postal_code_de(text?)).then(postal_code_message),
        Check::Phone => (!checks::is_phone(text?)).then(phone_message),
        Check::Latin => checks::first_non_latin(text?).map(|c| Text::new(
            format!("Das Zeichen „{c}“ ist hier nicht erlaubt. Bitte verwenden Sie lateinische Buchstaben (DIN SPEC 91379)."),
            format!("The character '{c}' is not allowed here. Please use Latin letters (DIN SPEC 91379)."),
        )),
        Check::Expression { .. } => {
            let expr = compiled.expression.as_ref()?;
            (!eval(expr, env).as_bool()).then(|| Text::new(
                "Die Angaben passen nicht zueinander.",
                "The entries do not fit together.",
            ))
        }
    }
}

/// The date a limit stands for: another field's answer (none while it is empty), or
/// one given by the form.
fn date_limit(
    bound: &DateBound,
    compiled: &CompiledRule,
    env: &dyn Env,
    today: Date,
) -> Option<Date> {
    match (bound, &compiled.expression) {
        (DateBound::Field(_), Some(expr)) => match eval(expr, env) {
            Value::Date(date) => Some(date),
            _ => None,
        },
        _ => bound.resolve(today),
    }
}

fn date_message(de: &str, en: &str, limit: Date) -> Text {
    Text::new(
        format!(
            "Das Datum muss {de} am {} liegen.",
            format_date(limit, Lang::De)
        ),
        format!("The date must be {en} {}.", format_date(limit, Lang::En)),
    )
}

fn required_message(kind: &Kind) -> Text {
    match kind {
        Kind::SingleChoice { .. } | Kind::MultipleChoice { .. } | Kind::YesNo => Text::new(
            "Bitte wählen Sie eine Antwort aus.",
            "Please choose an answer.",
        ),
        Kind::Checkbox => Text::new("Bitte bestätigen Sie dies.", "Please confirm this."),
        Kind::File { .. } => Text::new("Bitte laden Sie eine Datei hoch.", "Please upload a file."),
        _ => Text::new(
            "Bitte füllen Sie dieses Feld aus.",
            "Please fill in this field.",
        ),
    }
}

fn format_message(kind: &Kind, raw: &str) -> Text {
    match kind {
        Kind::Integer => Text::new(
            format!("„{raw}“ ist keine ganze Zahl. Bitte geben Sie eine ganze Zahl ein, z. B. 3."),
            format!("'{raw}' is not a whole number. Please enter a whole number, e.g. 3."),
        ),
        Kind::Decimal => Text::new(
            format!("„{raw}“ ist keine Zahl. Bitte geben Sie eine Zahl ein, z. B. 12,5."),
            format!("'{raw}' is not a number. Please enter a number, e.g. 12.5."),
        ),
        Kind::Currency => Text::new(
            format!("„{raw}“ ist kein Betrag. Bitte geben Sie einen Betrag in Euro ein, z. B. 12,50."),
            format!("'{raw}' is not an amount. Please enter an amount in euros, e.g. 12.50."),
        ),
        Kind::Date => Text::new(
            format!("„{raw}“ ist kein gültiges Datum. Bitte im Format TT.MM.JJJJ eingeben, z. B. 31.12.1980."),
            format!("'{raw}' is not a valid date. Please use DD/MM/YYYY, e.g. 31/12/1980."),
        ),
        _ => Text::new("Die Eingabe ist ungültig.", "The entry is not valid."),
    }
}

fn email_message() -> Text {
    Text::new(
        "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.",
        "Please enter a valid e-mail address, e.g. name@example.com.",
    )
}

fn phone_message() -> Text {
    Text::new(
        "Bitte geben Sie eine gültige Telefonnummer ein, z. B. 0431 123456 oder +49 431 123456.",
        "Please enter a valid phone number, e.g. +49 431 123456.",
    )
}

fn postal_code_message() -> Text {
    Text::new(
        "Bitte geben Sie eine gültige Postleitzahl mit 5 Ziffern ein, z. B. 24103.",
        "Please enter a valid German postal code of 5 digits, e.g. 24103.",
    )
}

fn iban_message() -> Text {
    Text::new(
        "Bitte prüfen Sie die IBAN: Sie ist unvollständig oder enthält einen Tippfehler.",
        "Please check the IBAN: it is incomplete or contains a typo.",
    )
}

fn option_message() -> Text {
    Text::new(
        "Bitte wählen Sie eine der angebotenen Antworten.",
        "Please choose one of the offered answers.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_sizes() {
        assert_eq!(format_size(10 * 1024 * 1024, Lang::De), "10 MB");
        assert_eq!(format_size(1536 * 1024, Lang::En), "1.5 MB");
        assert_eq!(format_size(2000, Lang::De), "2 KB");
    }
}
