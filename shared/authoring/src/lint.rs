//! Every problem in a definition: what compiling finds (keys, references, types,
//! cycles, patterns) plus checks of content: empty steps, duplicate options, missing
//! translations, LeiKa key, contradicting limits.

use std::collections::HashSet;

use crate::compile::analyze;
use crate::problem::{Location, Problem, Severity};

/// Radio buttons a single choice shows before the lint suggests a drop-down list.
pub const MAX_RADIO_OPTIONS: usize = 10;
use engine::file_types;
use engine::format::{Check, ChoiceDisplay, Element, Form, Kind};
use engine::limits::{
    MAX_DRAFT_DAYS, MAX_ELEMENTS, MAX_ENTRIES, MAX_FILES, MAX_NESTING, MAX_OPTIONS, MAX_TEXT_CHARS,
};
use engine::text::{Lang, Text};

/// Autocomplete tokens of the HTML standard that forms here use.
pub const AUTOCOMPLETE_TOKENS: &[&str] = &[
    "name",
    "honorific-prefix",
    "given-name",
    "additional-name",
    "family-name",
    "honorific-suffix",
    "nickname",
    "organization",
    "organization-title",
    "street-address",
    "address-line1",
    "address-line2",
    "address-line3",
    "address-level1",
    "address-level2",
    "address-level3",
    "country",
    "country-name",
    "postal-code",
    "email",
    "tel",
    "tel-national",
    "bday",
    "bday-day",
    "bday-month",
    "bday-year",
    "sex",
    "url",
    "off",
    "on",
];

pub fn lint(form: &Form) -> Vec<Problem> {
    let (_, mut problems) = analyze(form.clone());
    lint_content(form, &mut problems);
    problems.sort_by(|a, b| {
        (a.severity, a.location.step, &a.location.elements).cmp(&(
            b.severity,
            b.location.step,
            &b.location.elements,
        ))
    });
    problems
}

/// The errors among the checks beyond compiling (translations, options, limits, rule
/// messages, LeiKa, the receiving address…): publishing refuses a form with one, as no
/// citizen could complete it.
pub fn content_errors(form: &Form) -> Vec<Problem> {
    let mut problems = Vec::new();
    lint_content(form, &mut problems);
    problems.retain(|p| p.severity == Severity::Error);
    problems
}

fn lint_content(form: &Form, problems: &mut Vec<Problem>) {
    if form.id.trim().is_empty() {
        problems.push(Problem::error(
            Location::form("id"),
            "Das Formular braucht eine Kennung (id).",
            "The form needs an id.",
        ));
    }
    if form.version.trim().is_empty() {
        problems.push(Problem::error(
            Location::form("version"),
            "Das Formular braucht eine Version.",
            "The form needs a version.",
        ));
    }
    if !form.languages.contains(&Lang::De) {
        problems.push(Problem::error(
            Location::form("languages"),
            "Deutsch (de) muss zu den Sprachen gehören.",
            "German (de) must be one of the languages.",
        ));
    }
    if let Some(leika) = &form.leika {
        if !is_leika_key(leika) {
            problems.push(Problem::error(
                Location::form("leika"),
                format!("„{leika}“ ist kein LeiKa-Schlüssel: erwartet sind 14 Ziffern, beginnend mit 99, z. B. 99102013104000."),
                format!("'{leika}' is not a LeiKa key: expected 14 digits starting with 99, e.g. 99102013104000."),
            ));
        }
    }
    if form.draft_days() > MAX_DRAFT_DAYS {
        problems.push(Problem::error(
            Location::form("drafts.keep_days"),
            format!("Entwürfe dürfen höchstens {MAX_DRAFT_DAYS} Tage auf dem Gerät bleiben."),
            format!("Drafts may stay on the device for at most {MAX_DRAFT_DAYS} days."),
        ));
    }
    if form.steps.is_empty() {
        problems.push(Problem::error(
            Location::form("steps"),
            "Das Formular hat keinen Schritt.",
            "The form has no step.",
        ));
    }
    match form.submission.as_ref().and_then(|s| s.endpoint.as_deref()) {
        Some(endpoint) if !endpoint.trim().is_empty() => {
            if endpoint.starts_with("http://")
                && !endpoint.starts_with("http://localhost")
                && !endpoint.starts_with("http://127.0.0.1")
            {
                problems.push(Problem::warning(
                    Location::form("submission.endpoint"),
                    "Die Empfangsadresse ist nicht verschlüsselt (http statt https).",
                    "The endpoint is not encrypted (http instead of https).",
                ));
            }
        }
        _ => problems.push(Problem::error(
            Location::form("submission.endpoint"),
            "Keine Empfangsadresse für Anträge: niemand könnte das Formular absenden. Tragen Sie sie im Bereich „Formular“ ein.",
            "No address receiving the applications: nobody could send the form. Enter it in the \"Form\" section.",
        )),
    }
    let english = form.languages.contains(&Lang::En);
    let translate = |text: &Text, location: Location, problems: &mut Vec<Problem>| {
        let too_long = |t: &str| t.chars().nth(MAX_TEXT_CHARS).is_some();
        if too_long(&text.de) || text.en.as_deref().is_some_and(too_long) {
            problems.push(Problem::error(
                location.clone(),
                format!("Der Text ist länger als {MAX_TEXT_CHARS} Zeichen."),
                format!("The text is longer than {MAX_TEXT_CHARS} characters."),
            ));
        }
        if text.is_missing(Lang::De) {
            problems.push(Problem::error(
                location,
                "Der deutsche Text fehlt.",
                "The German text is missing.",
            ));
        } else if english && text.is_missing(Lang::En) {
            problems.push(Problem::warning(
                location,
                format!("Die englische Übersetzung fehlt („{}“).", text.de),
                format!("The English translation is missing ('{}').", text.de),
            ));
        }
    };
    translate(&form.title, Location::form("title"), problems);
    let mut parameter_keys = HashSet::new();
    for (index, parameter) in form.parameters.iter().enumerate() {
        let here = Location::form(&format!("parameters[{index}]"));
        if !crate::keys::is_valid_key(&parameter.key) {
            problems.push(Problem::error(
                here.clone().with("key"),
                format!("„{}“ taugt nicht als Schlüssel eines Parameters: Kleinbuchstaben a–z, Ziffern und _, am Anfang ein Buchstabe.", parameter.key),
                format!("\"{}\" is no valid parameter key: letters a–z, digits and _, starting with a letter.", parameter.key),
            ));
        }
        if !parameter_keys.insert(parameter.key.as_str()) {
            problems.push(Problem::error(
                here.clone().with("key"),
                format!("Den Parameter „{}“ gibt es zweimal.", parameter.key),
                format!("The parameter \"{}\" appears twice.", parameter.key),
            ));
        }
        translate(&parameter.label, here.with("label"), problems);
    }
    let elements = count_elements(
        &form
            .steps
            .iter()
            .flat_map(|s| &s.elements)
            .collect::<Vec<_>>(),
    );
    if elements > MAX_ELEMENTS {
        problems.push(Problem::error(
            Location::form("steps"),
            format!("Das Formular hat {elements} Elemente; höchstens {MAX_ELEMENTS} sind möglich."),
            format!("The form has {elements} elements; at most {MAX_ELEMENTS} are possible."),
        ));
    }
    let mut step_ids = HashSet::new();
    for (index, step) in form.steps.iter().enumerate() {
        translate(&step.title, Location::step(index).with("title"), problems);
        if !step_ids.insert(step.id.as_str()) {
            problems.push(Problem::error(
                Location::step(index).with("id"),
                format!("Die Schritt-Kennung „{}“ kommt mehrfach vor.", step.id),
                format!("The step id '{}' is used more than once.", step.id),
            ));
        }
        if step.elements.is_empty() {
            problems.push(Problem::warning(
                Location::step(index),
                format!("Der Schritt „{}“ ist leer.", step.title.de),
                format!("The step '{}' is empty.", step.title.get(Lang::En)),
            ));
        }
        let mut indices = Vec::new();
        for (i, element) in step.elements.iter().enumerate() {
            indices.push(i);
            lint_element(
                element,
                english,
                index,
                &mut indices,
                &mut |t, l, p| translate(t, l, p),
                problems,
            );
            indices.pop();
        }
    }
    let mut declaration_ids = HashSet::new();
    for (index, declaration) in form.declarations.iter().enumerate() {
        let location = Location::form(&format!("declarations[{index}]"));
        translate(&declaration.text, location.clone(), problems);
        if !declaration_ids.insert(declaration.id.as_str()) {
            problems.push(Problem::error(
                location,
                format!("Die Erklärung „{}“ kommt mehrfach vor.", declaration.id),
                format!(
                    "The declaration '{}' is used more than once.",
                    declaration.id
                ),
            ));
        }
    }
}

type Translate<'a> = dyn FnMut(&Text, Location, &mut Vec<Problem>) + 'a;

fn lint_element(
    element: &Element,
    english: bool,
    step: usize,
    indices: &mut Vec<usize>,
    translate: &mut Translate,
    problems: &mut Vec<Problem>,
) {
    let here = Location::element(step, indices);
    let name = if element.label.de.is_empty() {
        element.key.clone()
    } else {
        element.label.de.clone()
    };
    match &element.kind {
        Kind::Content { markdown } => translate(markdown, here.clone().with("markdown"), problems),
        _ => translate(&element.label, here.clone().with("label"), problems),
    }
    for (text, property) in [
        (&element.help, "help"),
        (&element.placeholder, "placeholder"),
    ] {
        if let Some(text) = text {
            translate(text, here.clone().with(property), problems);
        }
    }
    if let Some(token) = &element.autocomplete {
        if !AUTOCOMPLETE_TOKENS.contains(&token.as_str()) {
            problems.push(Problem::warning(
                here.clone().with("autocomplete"),
                format!("„{token}“ ist kein bekanntes Autovervollständigen-Kürzel."),
                format!("'{token}' is not a known autocomplete token."),
            ));
        }
    }
    if !element.is_input()
        && (element.required || element.required_if.is_some())
        && !matches!(element.kind, Kind::Repeat { .. })
    {
        problems.push(Problem::warning(
            here.clone().with("required"),
            format!("„{name}“ kann nicht ausgefüllt werden; „Pflichtfeld“ wirkt hier nicht."),
            format!("'{name}' cannot be filled in; 'required' has no effect here."),
        ));
    }
    // Groups nest at most MAX_NESTING deep (an element in a step is at depth 1).
    if indices.len() > MAX_NESTING + 1 {
        problems.push(Problem::error(
            here.clone(),
            format!("„{name}“ steckt in mehr als {MAX_NESTING} Gruppen ineinander."),
            format!("'{name}' is nested in more than {MAX_NESTING} groups."),
        ));
    }
    match &element.kind {
        Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options } => {
            if options.len() > MAX_OPTIONS {
                problems.push(Problem::error(
                    here.clone().with("options"),
                    format!("„{name}“ hat {} Antwortmöglichkeiten; höchstens {MAX_OPTIONS} sind möglich.", options.len()),
                    format!("'{name}' has {} options; at most {MAX_OPTIONS} are possible.", options.len()),
                ));
            }
            // Past a handful, a column of radio buttons is harder to scan than a list.
            if options.len() > MAX_RADIO_OPTIONS
                && matches!(
                    element.kind,
                    Kind::SingleChoice {
                        display: ChoiceDisplay::Radio,
                        ..
                    }
                )
            {
                problems.push(Problem::warning(
                    here.clone().with("display"),
                    format!("„{name}“ zeigt {} Optionsfelder untereinander; ab {} ist eine Auswahlliste übersichtlicher (Darstellung: Auswahlliste).", options.len(), MAX_RADIO_OPTIONS + 1),
                    format!("'{name}' shows {} radio buttons; from {} on a drop-down list is easier to scan (Display: drop-down list).", options.len(), MAX_RADIO_OPTIONS + 1),
                ));
            }
            if options.is_empty() {
                problems.push(Problem::error(
                    here.clone().with("options"),
                    format!("„{name}“ hat keine Antwortmöglichkeiten."),
                    format!("'{name}' has no options."),
                ));
            }
            // Code lists can be long (all municipalities: 11,000): sorted, not scanned.
            let mut values: Vec<(&str, usize)> = options
                .iter()
                .enumerate()
                .map(|(i, o)| (o.value.as_str(), i))
                .collect();
            values.sort_unstable();
            let mut repeated: Vec<usize> = values
                .windows(2)
                .filter(|pair| pair[0].0 == pair[1].0)
                .map(|pair| pair[1].1)
                .collect();
            repeated.sort_unstable();
            // Many untranslated options are one problem, not hundreds.
            let untranslated = if english {
                options
                    .iter()
                    .filter(|o| o.label.is_missing(Lang::En))
                    .count()
            } else {
                0
            };
            if untranslated > 1 {
                problems.push(Problem::warning(
                    here.clone().with("options"),
                    format!("„{name}“: {untranslated} Auswahlwerte ohne englische Übersetzung."),
                    format!("'{name}': {untranslated} options without an English translation."),
                ));
            }
            for (i, option) in options.iter().enumerate() {
                let location = here.clone().with(format!("options[{i}]"));
                if repeated.binary_search(&i).is_ok() {
                    problems.push(Problem::error(
                        location.clone(),
                        format!(
                            "Der Wert „{}“ kommt in „{name}“ mehrfach vor.",
                            option.value
                        ),
                        format!(
                            "The value '{}' is used more than once in '{name}'.",
                            option.value
                        ),
                    ));
                }
                if option.value.is_empty() {
                    problems.push(Problem::error(
                        location.clone(),
                        format!("Eine Antwort in „{name}“ hat keinen Wert."),
                        format!("An option of '{name}' has no value."),
                    ));
                }
                if untranslated <= 1 {
                    translate(&option.label, location, problems);
                } else if option.label.is_missing(Lang::De) {
                    problems.push(Problem::error(
                        location,
                        "Der deutsche Text fehlt.",
                        "The German text is missing.",
                    ));
                }
            }
        }
        Kind::Repeat {
            min,
            max,
            item_label,
            elements,
        } => {
            translate(item_label, here.clone().with("item_label"), problems);
            for (limit, property) in [(Some(*min), "min"), (*max, "max")] {
                if limit.is_some_and(|l| l as usize > MAX_ENTRIES) {
                    problems.push(Problem::error(
                        here.clone().with(property),
                        format!("„{name}“: höchstens {MAX_ENTRIES} Einträge sind möglich."),
                        format!("'{name}': at most {MAX_ENTRIES} entries are possible."),
                    ));
                }
            }
            if max.is_some_and(|max| max < *min || max == 0) {
                problems.push(Problem::error(
                    here.clone().with("max"),
                    format!("„{name}“: die Höchstzahl ist kleiner als die Mindestzahl."),
                    format!("'{name}': the maximum is below the minimum."),
                ));
            }
            if elements.is_empty() {
                problems.push(Problem::warning(
                    here.clone(),
                    format!("Die Wiederholgruppe „{name}“ ist leer."),
                    format!("The repeating group '{name}' is empty."),
                ));
            }
        }
        Kind::Group { elements } if elements.is_empty() => {
            problems.push(Problem::warning(
                here.clone(),
                format!("Die Gruppe „{name}“ ist leer."),
                format!("The group '{name}' is empty."),
            ));
        }
        Kind::File { max_count: 0, .. } => {
            problems.push(Problem::error(
                here.clone().with("max_count"),
                format!("„{name}“ erlaubt keine einzige Datei."),
                format!("'{name}' allows no file at all."),
            ));
        }
        Kind::File { max_count, .. } if *max_count as usize > MAX_FILES => {
            problems.push(Problem::error(
                here.clone().with("max_count"),
                format!("„{name}“: höchstens {MAX_FILES} Dateien sind möglich."),
                format!("'{name}': at most {MAX_FILES} files are possible."),
            ));
        }
        _ => {}
    }
    if let Kind::File { accept, .. } = &element.kind {
        for (i, typed) in accept.iter().enumerate() {
            if file_types::resolve(typed).is_none() {
                problems.push(Problem::error(
                    here.clone().with(format!("accept[{i}]")),
                    format!("„{name}“: „{typed}“ ist kein Dateityp, keine Datei würde angenommen. Wählen Sie Typen aus der Liste oder geben Sie eine Endung (pdf) oder einen Medientyp (application/pdf) ein."),
                    format!("'{name}': '{typed}' is not a file type, no file would be accepted. Choose types from the list or enter an ending (pdf) or a media type (application/pdf)."),
                ));
            }
        }
    }
    lint_rules(element, &here, &name, problems);
    // A FIM rule still in prose stays a problem until the builder has made it a
    // condition and removed the note.
    for (i, note) in element.notes.iter().enumerate() {
        problems.push(Problem::warning(
            here.clone().with(format!("notes[{i}]")),
            format!("„{name}“: {note} (Erledigt? Dann den Hinweis beim Element entfernen.)"),
            format!("'{name}': {note} (Done? Then remove the note at the element.)"),
        ));
    }
    for (i, child) in element.children().iter().enumerate() {
        indices.push(i);
        lint_element(child, english, step, indices, translate, problems);
        indices.pop();
    }
}

fn lint_rules(element: &Element, here: &Location, name: &str, problems: &mut Vec<Problem>) {
    let texty = element.kind.is_text();
    let numeric = matches!(
        element.kind,
        Kind::Integer | Kind::Decimal | Kind::Currency | Kind::Computed { .. }
    );
    let mut min_length = None;
    let mut min_value = None;
    for (i, rule) in element.rules.iter().enumerate() {
        let location = here.clone().with(format!("rules[{i}]"));
        let fits = match &rule.check {
            Check::MinLength { .. } | Check::MaxLength { .. } => {
                texty || matches!(element.kind, Kind::MultipleChoice { .. })
            }
            Check::Pattern { .. }
            | Check::Email
            | Check::Iban
            | Check::PostalCodeDe
            | Check::Phone
            | Check::Latin => texty,
            Check::MinValue { .. } | Check::MaxValue { .. } => numeric,
            Check::MinDate { .. } | Check::MaxDate { .. } => {
                matches!(element.kind, Kind::Date | Kind::Computed { .. })
            }
            Check::Expression { .. } => true,
        };
        if !fits {
            problems.push(Problem::warning(location.clone(), format!("Die Regel „{}“ passt nicht zum Feldtyp von „{name}“ ({}) und wird nie geprüft.", rule.check.code(), element.kind.name()), format!("The rule '{}' does not fit the type of '{name}' ({}) and is never checked.", rule.check.code(), element.kind.name())));
        }
        match &rule.check {
            Check::MinLength { value } => min_length = Some(*value),
            Check::MaxLength { value } if min_length.is_some_and(|min| min > *value) => {
                problems.push(Problem::error(
                    location.clone(),
                    format!("„{name}“: die Höchstlänge ist kleiner als die Mindestlänge."),
                    format!("'{name}': the maximum length is below the minimum length."),
                ));
            }
            Check::MinValue { value } => min_value = Some(*value),
            Check::MaxValue { value } if min_value.is_some_and(|min| min > *value) => {
                problems.push(Problem::error(
                    location.clone(),
                    format!("„{name}“: der Höchstwert ist kleiner als der Mindestwert."),
                    format!("'{name}': the maximum is below the minimum."),
                ));
            }
            Check::Expression { .. } if rule.message.is_none() => {
                problems.push(Problem::error(here.clone().with(format!("rules[{i}].message")), format!("Die Prüfregel von „{name}“ braucht eine Meldung, die erklärt, was falsch ist."), format!("The rule of '{name}' needs a message that explains what is wrong.")));
            }
            _ => {}
        }
    }
}

/// Elements in `elements` and everything inside them.
fn count_elements(elements: &[&Element]) -> usize {
    let mut count = 0;
    let mut stack: Vec<&Element> = elements.to_vec();
    while let Some(element) = stack.pop() {
        count += 1;
        stack.extend(element.children());
    }
    count
}

/// 14 digits starting with 99.
pub fn is_leika_key(key: &str) -> bool {
    key.len() == 14 && key.starts_with("99") && key.bytes().all(|b| b.is_ascii_digit())
}
