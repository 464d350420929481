//! Drafts: answers saved as the citizen types and restored on the next visit, also by
//! another version of the form.

use std::sync::Arc;

use authoring::load::load_compiled;
use engine::draft::{has_answers, restore, save, storage_key, Restored};
use engine::expr::Value;
use engine::state::Loc;
use engine::wizard::{Position, Wizard};
use engine::{CompiledForm, Json, Lang};

mod support {
    pub mod clock;
}
use support::clock::today;

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
    let stored = save(&wizard, "k", 0.0).to_compact();

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
    assert!(has_answers(&save(&wizard, "k", 0.0)));
    assert!(!has_answers(
        &engine::json!({ "answers": { "gruppe": {}, "hunde": [{}] } })
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
    let stored = save(&wizard, "k", 0.0);

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
    let stored = save(&wizard, "k", 0.0);

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

#[test]
fn a_draft_restored_later_is_judged_by_the_day_it_is_restored() {
    let json = r#"{"format_version": 1, "id": "f", "version": "1", "title": {"de": "F"},
        "languages": ["de"], "steps": [{"id": "s", "title": {"de": "S"}, "elements": [
        {"key": "beginn", "type": "date", "label": {"de": "Gültig ab"}, "required": true,
         "rules": [{"rule": "min_date", "date": "today"}]}]}]}"#;
    let form = Arc::new(load_compiled(json).expect("valid"));
    let beginn = Loc::top(form.find("beginn").expect("beginn"));
    let saved_on = today();
    let mut wizard = Wizard::new(Arc::clone(&form), saved_on, Lang::De);
    wizard
        .state
        .set(&beginn, Value::Date(saved_on.add_days(5).expect("date")));
    assert!(wizard.state.cell(&beginn).expect("cell").errors.is_empty());
    let stored = save(&wizard, "k", 0.0);

    // A month later the date lies in the past: the restored answer says so at once.
    let later = saved_on.add_days(35).expect("date");
    let (restored, outcome) = restore(Arc::clone(&form), &stored, later, Lang::De);
    assert_eq!(outcome, Restored::Complete, "the answer is kept as typed");
    let errors = &restored.state.cell(&beginn).expect("cell").errors;
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "min_date");
    assert_eq!(restored.step_errors(0).len(), 1, "\"Weiter\" stops there");
}

#[test]
fn a_draft_expires_and_keeps_its_application_key() {
    let form = form("1", false);
    let wizard = Wizard::new(Arc::clone(&form), today(), Lang::De);
    let day = 86_400_000.0;
    let saved_at = 1_800_000_000_000.0;
    let stored = save(&wizard, "3f2a-key", saved_at);
    assert_eq!(engine::draft::key(&stored), Some("3f2a-key"));
    assert!(!engine::draft::expired(&stored, saved_at + 7.0 * day, 7));
    assert!(engine::draft::expired(
        &stored,
        saved_at + 7.0 * day + 1.0,
        7
    ));
    assert!(
        engine::draft::expired(&stored, saved_at + 1.0, 0),
        "0 days: none kept"
    );
    assert!(
        !engine::draft::expired(&stored, saved_at - day, 7),
        "a clock set back"
    );
    // Without a time it cannot be kept: drafts before expiry existed are deleted.
    assert!(engine::draft::expired(
        &engine::json!({ "answers": {} }),
        saved_at,
        7
    ));
}

#[test]
fn a_draft_saved_on_the_review_comes_back_there_unless_an_answer_no_longer_fits() {
    let form = form("1", false);
    let mut wizard = Wizard::new(Arc::clone(&form), today(), Lang::De);
    wizard.next_step().expect("no errors");
    wizard.next_step().expect("no errors");
    assert_eq!(wizard.position(), Position::Review);
    let stored = save(&wizard, "k", 0.0);
    let (restored, _) = restore(Arc::clone(&form), &stored, today(), Lang::De);
    assert_eq!(restored.position(), Position::Review);
    // Typed text that is no number: back to the step that needs it.
    let mut broken = stored.clone();
    broken.insert("answers", engine::json!({ "zahl": "zwölf" }));
    let (restored, _) = restore(Arc::clone(&form), &broken, today(), Lang::De);
    assert_eq!(restored.position(), Position::Step(1));
}
