//! New forms' and elements' names: a new element of a type, labels that keys follow,
//! titles that the form's id follows.

use super::{element, element_mut, is_referenced, EditError, Path};
use crate::keys::{self, Keys};
use engine::format::{
    ChoiceDisplay, ComputedFormat, Element, Form, Kind, KindName, DEFAULT_MAX_FILE_SIZE,
};
use engine::text::Text;

/// Every key in the form, groups' and repeating groups' included.
pub fn all_keys(form: &Form) -> Keys {
    fn collect(elements: &[Element], keys: &mut Vec<String>) {
        for element in elements {
            keys.push(element.key.clone());
            collect(element.children(), keys);
        }
    }
    let mut keys = Vec::new();
    for step in &form.steps {
        collect(&step.elements, &mut keys);
    }
    Keys::new(keys)
}

/// A new element of type `kind` labelled `label` (the designer's name for the type; a
/// text element gets it as its text) with a key unique in the form, ready to use (a
/// choice has two options to rename).
pub fn new_element(form: &Form, kind: KindName, label: &str) -> Element {
    let option = super::options::placeholder_option;
    let (kind, de) = match kind {
        KindName::Text => (Kind::Text, label),
        KindName::MultilineText => (Kind::MultilineText, label),
        KindName::Email => (Kind::Email, label),
        KindName::Phone => (Kind::Phone, label),
        KindName::PostalCode => (Kind::PostalCode, label),
        KindName::Iban => (Kind::Iban, label),
        KindName::SingleChoice => (
            Kind::SingleChoice {
                options: vec![option(1), option(2)],
                display: ChoiceDisplay::Radio,
            },
            label,
        ),
        KindName::MultipleChoice => (
            Kind::MultipleChoice {
                options: vec![option(1), option(2)],
            },
            label,
        ),
        KindName::YesNo => (Kind::YesNo, label),
        KindName::Checkbox => (Kind::Checkbox, label),
        KindName::Integer => (Kind::Integer, label),
        KindName::Decimal => (Kind::Decimal, label),
        KindName::Currency => (Kind::Currency, label),
        KindName::Date => (Kind::Date, label),
        KindName::File => (
            Kind::File {
                accept: vec!["application/pdf".into(), "image/*".into()],
                max_size: DEFAULT_MAX_FILE_SIZE,
                max_count: 1,
            },
            label,
        ),
        KindName::Group => (
            Kind::Group {
                elements: Vec::new(),
            },
            label,
        ),
        KindName::Repeat => (
            Kind::Repeat {
                elements: Vec::new(),
                min: 0,
                max: None,
                item_label: Text::de("Eintrag"),
            },
            label,
        ),
        KindName::Content => (
            Kind::Content {
                markdown: Text::de(label),
            },
            "",
        ),
        KindName::Computed => (
            Kind::Computed {
                expression: "0".into(),
                format: ComputedFormat::Auto,
            },
            label,
        ),
    };
    let mut keys = all_keys(form);
    let key = keys.claim(if de.is_empty() { "hinweis" } else { de });
    let label = if de.is_empty() {
        Text::default()
    } else {
        Text::de(de)
    };
    let mut element = Element::new(key, kind, label);
    if let Kind::Repeat { elements, .. } = &mut element.kind {
        // An empty repeating group is an error; one field makes it usable at once.
        elements.push(Element::new(
            keys::key_base("Bezeichnung"),
            Kind::Text,
            Text::de("Bezeichnung"),
        ));
    }
    element
}

/// Sets the German label; a key that still followed the old label follows the new one
/// (kept unique in the form). Returns whether the key changed.
pub fn set_label(form: &mut Form, path: &Path, de: &str) -> Result<bool, EditError> {
    let missing = || EditError::NoElement(path.clone());
    let current = element(form, path).ok_or_else(missing)?;
    // A key named in an expression stays: renaming it would break that expression.
    let follows = !de.trim().is_empty()
        && keys::derived_from(&current.key, &current.label.de)
        && !is_referenced(form, &current.key);
    let new_key = if follows && keys::key_base(de) != keys::key_base(&current.label.de) {
        let mut taken = all_keys(form);
        Some(taken.claim(de))
    } else {
        None
    };
    let element = element_mut(form, path).ok_or_else(missing)?;
    element.label.de = de.to_string();
    match new_key {
        Some(key) => {
            element.key = key;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The id a new form gets before it has a title (`neues-formular`, `neues-formular-2`).
pub const NEW_FORM_ID: &str = "neues-formular";

/// Sets the German title; an id that still followed the old title (or is a new form's)
/// follows the new one, made unique by `unique` (ids of other saved forms). Returns
/// whether the id changed.
pub fn set_title(form: &mut Form, de: &str, unique: impl FnOnce(&str) -> String) -> bool {
    let is_new = form.id.strip_prefix(NEW_FORM_ID).is_some_and(|rest| {
        rest.is_empty()
            || rest
                .strip_prefix('-')
                .is_some_and(|n| n.parse::<u32>().is_ok())
    });
    let follows = is_new || form.id == keys::slug(&form.title.de, '-');
    form.title.de = de.to_string();
    let wanted = keys::slug(de, '-');
    if !follows || wanted.is_empty() || wanted == form.id {
        return false;
    }
    form.id = unique(&wanted);
    true
}
