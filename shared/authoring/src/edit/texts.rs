//! Every translatable text of a form, with its address, for the translations view;
//! one language of a text as an input shows and changes it.

use engine::format::{Element, Form, Kind};
use engine::text::{Lang, Text};

/// One language of `text` as an input shows it: German, or English ("" when missing).
pub fn language_of(text: &Text, lang: Lang) -> String {
    match lang {
        Lang::De => text.de.clone(),
        Lang::En => text.en.clone().unwrap_or_default(),
    }
}

/// Sets one language of `text` as typed; English left empty is missing.
pub fn set_language(text: &mut Text, lang: Lang, value: String) {
    match lang {
        Lang::De => text.de = value,
        Lang::En => text.en = Some(value).filter(|v| !v.is_empty()),
    }
}

/// [`language_of`] for an optional text (a help text, a rule's message).
pub fn optional_language_of(text: &Option<Text>, lang: Lang) -> String {
    text.as_ref()
        .map(|t| language_of(t, lang))
        .unwrap_or_default()
}

/// [`set_language`] for an optional text; a text empty in both languages is `None`.
pub fn set_optional_language(text: &mut Option<Text>, lang: Lang, value: String) {
    let mut current = text.take().unwrap_or_default();
    set_language(&mut current, lang, value);
    if !current.de.is_empty() || current.en.is_some() {
        *text = Some(current);
    }
}

/// Every translatable text of the form with its address (`steps[0].elements[1].label`),
/// in document order, for the translations view; `f` may change them.
pub fn for_each_text(form: &mut Form, f: &mut dyn FnMut(&str, &mut Text)) {
    fn element_texts(element: &mut Element, at: &str, f: &mut dyn FnMut(&str, &mut Text)) {
        if !element.label.de.is_empty() || element.is_input() {
            f(&format!("{at}.label"), &mut element.label);
        }
        if let Some(help) = &mut element.help {
            f(&format!("{at}.help"), help);
        }
        if let Some(placeholder) = &mut element.placeholder {
            f(&format!("{at}.placeholder"), placeholder);
        }
        match &mut element.kind {
            Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options } => {
                for (i, option) in options.iter_mut().enumerate() {
                    f(&format!("{at}.options[{i}]"), &mut option.label);
                }
            }
            Kind::Content { markdown } => f(&format!("{at}.markdown"), markdown),
            Kind::Repeat {
                elements,
                item_label,
                ..
            } => {
                f(&format!("{at}.item_label"), item_label);
                for (i, child) in elements.iter_mut().enumerate() {
                    element_texts(child, &format!("{at}.elements[{i}]"), f);
                }
            }
            Kind::Group { elements } => {
                for (i, child) in elements.iter_mut().enumerate() {
                    element_texts(child, &format!("{at}.elements[{i}]"), f);
                }
            }
            _ => {}
        }
        for (i, rule) in element.rules.iter_mut().enumerate() {
            if let Some(message) = &mut rule.message {
                f(&format!("{at}.rules[{i}].message"), message);
            }
        }
    }
    f("title", &mut form.title);
    if let Some(description) = &mut form.description {
        f("description", description);
    }
    for (s, step) in form.steps.iter_mut().enumerate() {
        f(&format!("steps[{s}].title"), &mut step.title);
        for (i, element) in step.elements.iter_mut().enumerate() {
            element_texts(element, &format!("steps[{s}].elements[{i}]"), f);
        }
    }
    for (i, declaration) in form.declarations.iter_mut().enumerate() {
        f(&format!("declarations[{i}].text"), &mut declaration.text);
    }
}
