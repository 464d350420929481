//! Where a problem is, in the words form builders see in the inspector: for the
//! problems list, where a message alone ("Der deutsche Text fehlt.") does not say
//! which of many texts is meant. Texts for people are made in the designer.

use authoring::edit::{self, Path};
use authoring::problem::Location;
use engine::format::Form;
use engine::text::Lang;

/// Where a problem is, in the designer's words: the element by its label (or key) and
/// its step, then the property by the name its input has, e.g. „Vorname“ (Schritt 1),
/// Beschriftung. For the problems list, where a message alone ("Der deutsche Text
/// fehlt.") does not say which of many texts is meant.
pub fn describe_location(form: &Form, location: &Location, lang: Lang) -> String {
    let say = |de: &str, en: &str| if lang == Lang::En { en } else { de }.to_string();
    let mut parts = Vec::new();
    if let Some(step) = location.step {
        let number = format!("{} {}", say("Schritt", "Step"), step + 1);
        let path = Path::new(step, &location.elements);
        match edit::element(form, &path) {
            Some(found) => {
                let label = found.label.get(lang).trim();
                let name = if label.is_empty() { &found.key } else { label };
                parts.push(format!("„{name}“ ({number})"));
            }
            None => parts.push(number),
        }
    }
    if let Some(property) = &location.property {
        parts.push(
            property
                .split('.')
                .map(|part| property_words(part, lang))
                .filter(|words| !words.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if parts.is_empty() {
        parts.push(say("Formular", "Form"));
    }
    parts.join(", ")
}

/// One part of a problem's property (`label`, `rules[1]`) as the inspector names it;
/// a name not known here is shown as it is.
fn property_words(part: &str, lang: Lang) -> String {
    let (name, index) = match part.split_once('[') {
        Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
        None => (part, None),
    };
    let words = match name {
        "title" => ("Titel", "Title"),
        "label" => ("Beschriftung", "Label"),
        "help" => ("Hilfetext", "Help text"),
        "placeholder" => ("Platzhalter", "Placeholder"),
        "markdown" => ("Text", "Text"),
        "key" => ("Schlüssel", "Key"),
        "id" => ("Kennung", "Id"),
        "version" => ("Version", "Version"),
        "leika" => ("LeiKa-Schlüssel", "LeiKa key"),
        // `submission.endpoint`: the address alone says it.
        "submission" => ("", ""),
        "endpoint" => ("Empfangsadresse", "Submission address"),
        "languages" => ("Sprachen", "Languages"),
        "steps" => ("Schritte", "Steps"),
        "visible_if" => ("„Anzeigen, wenn …“", "'Show when …'"),
        "required_if" => ("„Pflicht, wenn …“", "'Required when …'"),
        "expression" => ("Berechnung", "Calculation"),
        "required" => ("Pflichtfeld", "Required"),
        "autocomplete" => ("Autovervollständigung", "Autocomplete"),
        "options" if index.is_none() => ("Optionen", "Options"),
        "options" => ("Option", "Option"),
        "item_label" => ("Bezeichnung je Eintrag", "Label of each entry"),
        "max" => ("Höchstens Einträge", "At most entries"),
        "max_count" => ("Höchstens Dateien", "At most files"),
        "rules" => ("Regel", "Rule"),
        "pattern" => ("Muster", "Pattern"),
        "message" => ("Meldung", "Message"),
        "parameters" => ("Parameter", "Parameter"),
        "declarations" => ("Erklärung", "Declaration"),
        _ => (part, part),
    };
    let words = if lang == Lang::En { words.1 } else { words.0 };
    match index {
        Some(index) => format!("{words} {}", index + 1),
        None => words.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authoring::edit::{add_step, blank_form, insert, new_element, set_label, Slot};
    use engine::format::KindName;

    /// Step 1: Name, group Anschrift (Straße, and a text whose label was cleared: key
    /// "ort"); step 2 empty.
    fn sample() -> Form {
        let mut form = blank_form("test");
        add_step(&mut form, 1);
        let mut add = |kind: KindName, label: &str, parent: &[usize], index| {
            let element = new_element(&form, kind, label);
            let slot = Slot {
                step: 0,
                parent: parent.to_vec(),
                index,
            };
            let path = insert(&mut form, &slot, element).expect("inserted");
            set_label(&mut form, &path, label).expect("labelled");
        };
        add(KindName::Text, "Name", &[], 0);
        add(KindName::Group, "Anschrift", &[], 1);
        add(KindName::Text, "Straße", &[1], 0);
        add(KindName::Text, "Ort", &[1], 1);
        set_label(&mut form, &Path::new(0, &[1, 1]), "").expect("label cleared");
        form
    }

    #[test]
    fn a_problem_says_where_in_the_designers_words() {
        let form = sample();
        let problems = authoring::lint::lint(&form);
        let described = |lang| {
            problems
                .iter()
                .map(|p| describe_location(&form, &p.location, lang))
                .collect::<Vec<_>>()
        };
        // The group's "Ort" without a label: named by its key, in its step.
        assert!(described(Lang::De).contains(&"„ort“ (Schritt 1), Beschriftung".to_string()));
        assert!(described(Lang::En).contains(&"„ort“ (Step 1), Label".to_string()));
        let at = |step, elements: &[usize], property: &str| Location {
            step,
            elements: elements.to_vec(),
            property: (!property.is_empty()).then(|| property.to_string()),
        };
        let de = |location: Location| describe_location(&form, &location, Lang::De);
        assert_eq!(
            de(at(Some(0), &[0], "rules[1].pattern")),
            "„Name“ (Schritt 1), Regel 2, Muster"
        );
        assert_eq!(
            de(at(Some(0), &[1, 0], "visible_if")),
            "„Straße“ (Schritt 1), „Anzeigen, wenn …“"
        );
        assert_eq!(de(at(Some(1), &[], "title")), "Schritt 2, Titel");
        assert_eq!(de(at(None, &[], "submission.endpoint")), "Empfangsadresse");
        assert_eq!(de(at(None, &[], "declarations[0]")), "Erklärung 1");
        assert_eq!(de(at(None, &[], "")), "Formular");
        // An element no longer there, or a property not known here: still a place.
        assert_eq!(
            de(at(Some(0), &[9], "something_new")),
            "Schritt 1, something_new"
        );
    }
}
