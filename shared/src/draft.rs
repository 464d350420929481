//! Drafts: what a citizen has entered so far, kept in the browser between visits and
//! restored into a newer version of the form as far as it still fits.

use std::sync::Arc;

use crate::compile::CompiledForm;
use crate::date::Date;
use crate::json::Json;
use crate::payload::{answers_to_json, load_answers, Scope};
use crate::text::Lang;
use crate::wizard::{Position, Wizard};

/// The storage key of a form's draft: one per form id and version.
pub fn storage_key(form: &CompiledForm) -> String {
    format!("{}{}", key_prefix(&form.form.id), form.form.version)
}

/// Drafts of every version of a form share this prefix.
pub fn key_prefix(form_id: &str) -> String {
    format!("formfabrik:draft:{form_id}:")
}

/// The draft as stored: answers (typed text included), the step, and the version.
pub fn save(wizard: &Wizard) -> Json {
    let form = &wizard.state.form().form;
    let step = match wizard.position() {
        Position::Step(step) => Json::from(form.steps[step].id.as_str()),
        Position::Review => Json::from("review"),
    };
    crate::json!({
        "form": (form.id.as_str()),
        "version": (form.version.as_str()),
        "step": (step),
        "answers": (answers_to_json(&wizard.state, Scope::Draft)),
    })
}

/// Whether a draft holds anything the citizen entered (empty groups and the minimum
/// entries of repeating groups do not count).
pub fn has_answers(draft: &Json) -> bool {
    fn any_value(json: &Json) -> bool {
        match json {
            Json::Null => false,
            Json::Object(entries) => entries.iter().any(|(_, v)| any_value(v)),
            Json::Array(items) => items.iter().any(any_value),
            _ => true,
        }
    }
    any_value(&draft["answers"])
}

/// How a restore went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restored {
    /// Everything fitted.
    Complete,
    /// The draft came from another version; answers that no longer fit were dropped.
    Partly { dropped: usize },
}

/// A wizard with the draft's answers, at its step when that step is still shown.
pub fn restore(
    form: Arc<CompiledForm>,
    draft: &Json,
    today: Date,
    lang: Lang,
) -> (Wizard, Restored) {
    let mut wizard = Wizard::new(Arc::clone(&form), today, lang);
    // Typed text is read in the language of the page showing it again: the citizen sees
    // the characters they typed, meaning what they mean there ("1.500" is 1.5 on an
    // English page, no whole number; 1500 on a German one), and restoring what this page
    // saved gives the same answers.
    let dropped = load_answers(&mut wizard.state, &draft["answers"], lang).len();
    let same_version = draft["version"].as_str() == Some(form.form.version.as_str());
    if let Some(step) = draft["step"]
        .as_str()
        .and_then(|id| form.form.steps.iter().position(|s| s.id == id))
    {
        wizard.go_to(step);
    }
    let restored = if same_version && dropped == 0 {
        Restored::Complete
    } else {
        Restored::Partly { dropped }
    };
    (wizard, restored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Value;
    use crate::load::load_compiled;
    use crate::state::Loc;

    fn form(version: &str, extra_field: bool) -> Arc<CompiledForm> {
        let extra = if extra_field {
            r#", {"key": "alt", "type": "text", "label": {"de": "Alt"}}"#
        } else {
            ""
        };
        let json = format!(
            r#"{{"format_version": 1, "id": "f", "version": "{version}", "title": {{"de": "F"}}, "languages": ["de"], "steps": [
                {{"id": "eins", "title": {{"de": "1"}}, "elements": [{{"key": "name", "type": "text", "label": {{"de": "Name"}}}}{extra}]}},
                {{"id": "zwei", "title": {{"de": "2"}}, "elements": [{{"key": "zahl", "type": "integer", "label": {{"de": "Zahl"}}}}]}}]}}"#
        );
        Arc::new(load_compiled(&json).expect("valid"))
    }

    fn today() -> Date {
        Date::new(2026, 11, 22).expect("valid")
    }

    #[test]
    fn restores_answers_typed_text_and_step() {
        let form = form("1", false);
        let mut wizard = Wizard::new(Arc::clone(&form), today(), Lang::De);
        wizard.state.set(
            &Loc::top(form.find("name").expect("name")),
            Value::Text("Anna".into()),
        );
        wizard.next_step().expect("no errors");
        wizard.state.set_input(
            &Loc::top(form.find("zahl").expect("zahl")),
            "zwölf",
            Lang::De,
        );
        let stored = save(&wizard).to_compact();

        let (restored, outcome) = restore(
            Arc::clone(&form),
            &Json::parse(&stored).expect("json"),
            today(),
            Lang::De,
        );
        assert_eq!(outcome, Restored::Complete);
        assert_eq!(restored.position(), Position::Step(1));
        assert_eq!(restored.state.root(), wizard.state.root());
        assert_eq!(storage_key(&form), "formfabrik:draft:f:1");
        assert!(has_answers(&save(&wizard)));
        assert!(!has_answers(
            &crate::json!({ "answers": { "gruppe": {}, "hunde": [{}] } })
        ));
    }

    #[test]
    fn reads_typed_text_in_the_language_of_the_page() {
        // "1.500" on an English page is 1.5, no whole number: kept as typed, with its
        // error, when that page restores it (read as German it was once 1500, silently).
        let form = form("1", false);
        let zahl = Loc::top(form.find("zahl").expect("zahl"));
        let mut wizard = Wizard::new(Arc::clone(&form), today(), Lang::En);
        wizard.state.set_input(&zahl, "1.500", Lang::En);
        assert_eq!(wizard.state.value(&zahl), Value::Null);
        let stored = save(&wizard);

        let (restored, outcome) = restore(Arc::clone(&form), &stored, today(), Lang::En);
        assert_eq!(outcome, Restored::Complete);
        assert_eq!(restored.state.root(), wizard.state.root());
        // A German page shows the same characters, which there mean 1500.
        let (restored, _) = restore(Arc::clone(&form), &stored, today(), Lang::De);
        assert_eq!(restored.state.value(&zahl), Value::Number(1500.0));
    }

    #[test]
    fn keeps_what_fits_from_another_version() {
        let old = form("1", true);
        let mut wizard = Wizard::new(Arc::clone(&old), today(), Lang::De);
        wizard.state.set(
            &Loc::top(old.find("name").expect("name")),
            Value::Text("Anna".into()),
        );
        wizard.state.set(
            &Loc::top(old.find("alt").expect("alt")),
            Value::Text("weg".into()),
        );
        let stored = save(&wizard);

        let new = form("2", false);
        let (restored, outcome) = restore(Arc::clone(&new), &stored, today(), Lang::De);
        assert_eq!(outcome, Restored::Partly { dropped: 1 });
        assert_eq!(
            restored
                .state
                .value(&Loc::top(new.find("name").expect("name"))),
            Value::Text("Anna".into())
        );
    }
}
