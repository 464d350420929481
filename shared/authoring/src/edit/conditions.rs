//! What expressions can name, whether a key is used, and the simple condition builder
//! (field, comparison, value).

use super::{element, Path};
use engine::format::{Check, Element, Form, Kind, ParameterKind};
use engine::text::Text;

/// Every expression of the form: conditions, computed values, rule expressions.
pub fn expressions(form: &Form) -> Vec<&str> {
    fn collect<'a>(elements: &'a [Element], out: &mut Vec<&'a str>) {
        for element in elements {
            out.extend(element.visible_if.as_deref());
            out.extend(element.required_if.as_deref());
            if let Kind::Computed { expression, .. } = &element.kind {
                out.push(expression);
            }
            for rule in &element.rules {
                if let Check::Expression { expression } = &rule.check {
                    out.push(expression);
                }
            }
            collect(element.children(), out);
        }
    }
    let mut out = Vec::new();
    for step in &form.steps {
        out.extend(step.visible_if.as_deref());
        collect(&step.elements, &mut out);
    }
    out
}

/// Whether any expression names `key` (alone or as a part of `group.key`). Expressions
/// that do not parse yet count as naming nothing.
pub fn is_referenced(form: &Form, key: &str) -> bool {
    expressions(form).iter().any(|expression| {
        let Ok(expr) = crate::expr::parse(expression) else {
            return false;
        };
        let mut paths = Vec::new();
        crate::compile::collect_paths(&expr, &mut paths);
        paths.iter().flatten().any(|part| part == key)
    })
}

/// The comparisons the simple condition builder offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Equals,
    NotEquals,
    Greater,
    Less,
    Filled,
    Empty,
    Yes,
    No,
}

impl Comparison {
    pub const ALL: [Comparison; 8] = [
        Comparison::Equals,
        Comparison::NotEquals,
        Comparison::Greater,
        Comparison::Less,
        Comparison::Filled,
        Comparison::Empty,
        Comparison::Yes,
        Comparison::No,
    ];

    pub fn label(self) -> Text {
        let (de, en) = match self {
            Comparison::Equals => ("ist gleich", "equals"),
            Comparison::NotEquals => ("ist nicht", "is not"),
            Comparison::Greater => ("ist größer als", "is greater than"),
            Comparison::Less => ("ist kleiner als", "is less than"),
            Comparison::Filled => ("ist ausgefüllt", "is filled in"),
            Comparison::Empty => ("ist leer", "is empty"),
            Comparison::Yes => ("ist „Ja“", "is \"yes\""),
            Comparison::No => ("ist „Nein“", "is \"no\""),
        };
        Text::new(de, en)
    }

    /// Whether the comparison needs a value typed in.
    pub fn takes_value(self) -> bool {
        matches!(
            self,
            Comparison::Equals | Comparison::NotEquals | Comparison::Greater | Comparison::Less
        )
    }
}

/// The expression for "`reference` `comparison` `value`", with the value written as
/// the referenced field's type needs it: numbers as numbers (German "1,5" accepted),
/// dates as `@YYYY-MM-DD` (German "31.12.2024" accepted), everything else as text.
pub fn condition(reference: &str, kind: &Kind, comparison: Comparison, value: &str) -> String {
    let value = value.trim();
    // A choice is compared by an option's value; its label typed instead means it.
    let value = match kind {
        Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options }
            if !options.iter().any(|o| o.value == value) =>
        {
            options
                .iter()
                .find(|o| o.label.de.trim().eq_ignore_ascii_case(value))
                .map_or(value, |o| o.value.as_str())
        }
        _ => value,
    };
    if let (Kind::MultipleChoice { .. }, Comparison::Equals | Comparison::NotEquals) =
        (kind, comparison)
    {
        let contains = format!("contains({reference}, {})", quoted(value));
        return if comparison == Comparison::Equals {
            contains
        } else {
            format!("not {contains}")
        };
    }
    let literal = || match kind {
        Kind::Integer | Kind::Decimal | Kind::Currency => {
            let number = value.replace('.', "").replace(',', ".");
            if number.parse::<f64>().is_ok() {
                return number;
            }
            quoted(value)
        }
        Kind::Date => match engine::date::Date::parse_german(value)
            .or_else(|| engine::date::Date::parse_iso(value))
        {
            Some(date) => format!("@{date}"),
            None => quoted(value),
        },
        _ => quoted(value),
    };
    match comparison {
        Comparison::Equals => format!("{reference} == {}", literal()),
        Comparison::NotEquals => format!("{reference} != {}", literal()),
        Comparison::Greater => format!("{reference} > {}", literal()),
        Comparison::Less => format!("{reference} < {}", literal()),
        Comparison::Filled => format!("not empty({reference})"),
        Comparison::Empty => format!("empty({reference})"),
        Comparison::Yes => format!("{reference} == true"),
        Comparison::No => format!("{reference} == false"),
    }
}

fn quoted(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The names an expression of the element at `path` can use, for completion: the
/// fields of the form outside repeating groups (`anschrift.plz` into groups), the
/// repeating groups themselves (for `count`), and inside a repeating group its own
/// entry's fields by their plain key.
pub fn references(form: &Form, path: &Path) -> Vec<Reference> {
    fn collect(elements: &[Element], prefix: &str, out: &mut Vec<Reference>) {
        for element in elements {
            let name = format!("{prefix}{}", element.key);
            match &element.kind {
                Kind::Group { elements } => collect(elements, &format!("{name}."), out),
                Kind::Content { .. } => {}
                kind => out.push(Reference {
                    name,
                    label: element.label.de.clone(),
                    kind: kind.clone(),
                }),
            }
        }
    }
    let mut out = Vec::new();
    // Inside a repeating group: its entry's fields first, they are the likely ones.
    let step = form.steps.get(path.step);
    if let Some(step) = step {
        let mut list = &step.elements;
        for &index in &path.indices {
            let Some(element) = list.get(index) else {
                break;
            };
            if let Kind::Repeat { elements, .. } = &element.kind {
                out.clear();
                collect(elements, "", &mut out);
            }
            list = match &element.kind {
                Kind::Group { elements } | Kind::Repeat { elements, .. } => elements,
                _ => break,
            };
        }
    }
    for step in &form.steps {
        collect(&step.elements, "", &mut out);
    }
    // The municipality's parameters, with the type expressions see.
    for parameter in &form.parameters {
        let kind = match parameter.kind {
            ParameterKind::Text => Kind::Text,
            ParameterKind::Number => Kind::Decimal,
            ParameterKind::Currency => Kind::Currency,
        };
        out.push(Reference {
            name: format!("param.{}", parameter.key),
            label: parameter.label.de.clone(),
            kind,
        });
    }
    // The element itself is no sensible reference in its own condition.
    if let Some(own) = element(form, path) {
        out.retain(|r| r.name != own.key && !r.name.ends_with(&format!(".{}", own.key)));
    }
    out
}

/// A name an expression can use: `anschrift.plz`, with the label form builders know
/// it by and the kind of what it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub name: String,
    pub label: String,
    pub kind: Kind,
}

impl Reference {
    /// How lists show it to form builders: "Postleitzahl (anschrift.plz)".
    pub fn shown(&self) -> String {
        if self.label.trim().is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.label, self.name)
        }
    }
}
