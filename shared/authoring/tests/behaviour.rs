//! Behaviour of the core on small forms: lint, incremental evaluation, the wizard,
//! drafts and payload re-validation.

use std::sync::Arc;

use authoring::expr::{FileRef, Value};
use authoring::lint::lint;
use authoring::load::{load_compiled, load_form};
use authoring::Severity;
use engine::json;
use engine::payload::{
    answers_to_json, load_answers, refusal, refused, verify_payload, PayloadProblem, Scope,
};
use engine::state::{FormState, ItemError, Loc};
use engine::wizard::{Position, Wizard};
use engine::Json;
use engine::{CompiledForm, Lang, Text};

mod support {
    pub mod clock;
}
use support::clock::today;

/// The date `days` after [`today`], as a citizen types it (TT.MM.JJJJ).
fn typed_day(days: i64) -> String {
    engine::input::format_date(today().add_days(days).expect("a date"), Lang::De)
}

/// A form from its steps' JSON.
fn form(steps: Json) -> String {
    json!({
        "format_version": 1, "id": "test", "version": "1", "title": { "de": "Test" },
        "languages": ["de"], "steps": (steps),
        "submission": { "endpoint": "/api/submissions" }
    })
    .to_string()
}

fn compiled(steps: Json) -> Arc<CompiledForm> {
    Arc::new(load_compiled(&form(steps)).expect("valid form"))
}

fn node(form: &CompiledForm, path: &str) -> usize {
    form.find(path).unwrap_or_else(|| panic!("no node {path}"))
}

fn lint_messages(steps: Json) -> Vec<String> {
    let form = load_form(&form(steps)).expect("loads");
    lint(&form)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| format!("{} {}", p.location, p.message.get(Lang::En)))
        .collect()
}

#[test]
fn lint_finds_each_kind_of_problem() {
    let cases = [
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "a", "type": "text", "label": { "de": "A" } },
            { "key": "a", "type": "text", "label": { "de": "B" } }] }]),
            "steps[0].elements[1].key The key 'a' is used more than once",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "a", "type": "text", "label": { "de": "A" }, "visible_if": "b == 1" }] }]),
            "steps[0].elements[0].visible_if Unknown field 'b'",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "a", "type": "text", "label": { "de": "A" }, "visible_if": "a + 1" }] }]),
            "steps[0].elements[0].visible_if Expected number, found text",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "n", "type": "integer", "label": { "de": "N" }, "visible_if": "n" }] }]),
            "A condition must be yes or no",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "a", "type": "computed", "label": { "de": "A" }, "expression": "b + 1" },
            { "key": "b", "type": "computed", "label": { "de": "B" }, "expression": "a + 1" }] }]),
            "depend on each other in a cycle",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "a", "type": "yes_no", "label": { "de": "A" }, "visible_if": "b" },
            { "key": "b", "type": "yes_no", "label": { "de": "B" }, "visible_if": "a" }] }]),
            "depends on itself through a cycle",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "c", "type": "single_choice", "label": { "de": "C" }, "options": [
                { "value": "x", "label": { "de": "X" } }, { "value": "x", "label": { "de": "Y" } }] }] }]),
            "steps[0].elements[0].options[1] The value 'x' is used more than once",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "t", "type": "text", "label": { "de": "T" }, "rules": [{ "rule": "pattern", "pattern": "(a" }] }] }]),
            "steps[0].elements[0].rules[0].pattern The pattern '(a' is invalid",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "t", "type": "text", "label": { "de": "T" }, "rules": [{ "rule": "pattern", "pattern": "(a)\\1" }] }] }]),
            "The pattern '(a)\\1' is invalid",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "t", "type": "text" }] }]),
            "steps[0].elements[0].label The German text is missing",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "and", "type": "text", "label": { "de": "T" } }] }]),
            "The key 'and' is invalid",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "r", "type": "repeat", "label": { "de": "R" }, "item_label": { "de": "R" }, "min": 3, "max": 2, "elements": [
                { "key": "x", "type": "text", "label": { "de": "X" } }] }] }]),
            "the maximum is below the minimum",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "a", "type": "text", "label": { "de": "A" } },
            { "key": "b", "type": "text", "label": { "de": "B" }, "rules": [
                { "rule": "min_length", "value": 2 },
                { "rule": "expression", "expression": "b == a" }] }] }]),
            "steps[0].elements[1].rules[1].message The rule of 'B' needs a message",
        ),
        (
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "f", "type": "file", "label": { "de": "F" }, "accept": ["PDF", "Lageplan"] }] }]),
            "steps[0].elements[0].accept[1]",
        ),
    ];
    for (steps, expected) in cases {
        let messages = lint_messages(steps);
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "expected {expected:?} in {messages:#?}"
        );
    }
}

#[test]
fn lint_names_each_repeated_option_value_after_its_first() {
    let options: Vec<Json> = ["x", "y", "x", "z", "y", "x"]
        .iter()
        .map(|v| json!({ "value": (*v), "label": { "de": (*v) } }))
        .collect();
    let messages = lint_messages(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "c", "type": "single_choice", "label": { "de": "C" }, "options": (options) }] }]));
    let places: Vec<&str> = messages
        .iter()
        .filter(|m| m.contains("more than once"))
        .map(|m| m.split(' ').next().unwrap_or_default())
        .collect();
    assert_eq!(
        places,
        [
            "steps[0].elements[0].options[2]",
            "steps[0].elements[0].options[4]",
            "steps[0].elements[0].options[5]"
        ]
    );
}

#[test]
fn repeated_keys_are_named_after_their_first_place_and_only_within_one_group() {
    let text = |key: &str| json!({ "key": key, "type": "text", "label": { "de": "T" } });
    let messages = lint_messages(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        (text("a")), (text("b")), (text("a")),
        { "key": "g", "type": "group", "label": { "de": "G" }, "elements": [(text("a")), (text("b")), (text("b"))] },
        { "key": "h", "type": "group", "label": { "de": "H" }, "elements": [(text("a")), (text("b"))] },
        (text("a")),
        { "key": "n", "type": "integer", "label": { "de": "N" }, "visible_if": "g.b == h.b" }] }]));
    let mut places: Vec<&str> = messages
        .iter()
        .filter(|m| m.contains("more than once"))
        .map(|m| m.split(' ').next().unwrap_or_default())
        .collect();
    places.sort_unstable();
    assert_eq!(
        places,
        [
            "steps[0].elements[2].key",
            "steps[0].elements[3].elements[2].key",
            "steps[0].elements[5].key"
        ]
    );
    // Paths through groups still resolve, so the condition has no problem of its own.
    assert!(
        !messages.iter().any(|m| m.contains("visible_if")),
        "{messages:#?}"
    );
}

#[test]
fn lint_warns_about_empty_steps_and_missing_translations() {
    let json = json!({
        "format_version": 1, "id": "t", "version": "1", "title": { "de": "Test" }, "languages": ["de", "en"],
        "leika": "12345", "steps": [{ "id": "s", "title": { "de": "S", "en": "S" }, "elements": [] }]
    });
    let problems = lint(&load_form(&json.to_string()).expect("loads"));
    let render: Vec<String> = problems.iter().map(|p| p.render(Lang::En)).collect();
    assert!(
        render
            .iter()
            .any(|p| p.starts_with("warning: title: The English translation is missing")),
        "{render:#?}"
    );
    assert!(
        render
            .iter()
            .any(|p| p.starts_with("warning: steps[0]: The step 'S' is empty")),
        "{render:#?}"
    );
    assert!(
        render
            .iter()
            .any(|p| p.starts_with("error: leika: '12345' is not a LeiKa key")),
        "{render:#?}"
    );
}

#[test]
fn expression_errors_carry_spans_for_the_designer() {
    let form = load_form(&form(
        json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "a", "type": "integer", "label": { "de": "A" } },
        { "key": "b", "type": "text", "label": { "de": "B" }, "visible_if": "a > 1 and c" }] }]),
    ))
    .expect("loads");
    let problem = lint(&form)
        .into_iter()
        .find(|p| p.severity == Severity::Error)
        .expect("an error");
    assert_eq!(problem.span, Some((10, 11)));
}

#[test]
fn conditions_show_and_hide_and_hidden_answers_are_kept_but_not_submitted() {
    let form = compiled(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "hund", "type": "yes_no", "label": { "de": "Hund?" } },
        { "key": "rasse", "type": "text", "label": { "de": "Rasse" }, "visible_if": "hund", "required": true }] }]));
    let mut state = FormState::new(Arc::clone(&form), today());
    let (hund, rasse) = (
        Loc::top(node(&form, "hund")),
        Loc::top(node(&form, "rasse")),
    );
    assert!(!state.is_visible(&rasse));
    let changes = state.set(&hund, Value::Bool(true));
    assert!(changes.cells.contains(&rasse), "{changes:?}");
    assert!(state.is_visible(&rasse));
    assert_eq!(state.cell(&rasse).expect("cell").errors[0].code, "required");
    state.set_input(&rasse, "Dackel", Lang::De);
    assert!(state.cell(&rasse).expect("cell").errors.is_empty());
    state.set(&hund, Value::Bool(false));
    assert!(!state.is_visible(&rasse));
    assert_eq!(
        state.cell(&rasse).expect("cell").value,
        Value::Text("Dackel".into()),
        "kept"
    );
    assert_eq!(
        answers_to_json(&state, Scope::Submission),
        json!({ "hund": false })
    );
    assert_eq!(
        answers_to_json(&state, Scope::Draft),
        json!({ "hund": false, "rasse": "Dackel" })
    );
}

#[test]
fn one_changed_answer_reevaluates_only_what_depends_on_it() {
    let form = compiled(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "a", "type": "integer", "label": { "de": "A" } },
        { "key": "b", "type": "integer", "label": { "de": "B" } },
        { "key": "doppelt", "type": "computed", "label": { "de": "2a" }, "expression": "a * 2" },
        { "key": "gross", "type": "text", "label": { "de": "G" }, "visible_if": "doppelt > 10" }] }]));
    let mut state = FormState::new(Arc::clone(&form), today());
    let changes = state.set_input(&Loc::top(node(&form, "b")), "7", Lang::De);
    assert_eq!(
        changes.cells.iter().map(|l| l.node).collect::<Vec<_>>(),
        vec![node(&form, "b")]
    );
    let changes = state.set_input(&Loc::top(node(&form, "a")), "6", Lang::De);
    let changed: Vec<usize> = changes.cells.iter().map(|l| l.node).collect();
    assert_eq!(
        changed,
        vec![
            node(&form, "a"),
            node(&form, "doppelt"),
            node(&form, "gross")
        ]
    );
    assert_eq!(
        state.value(&Loc::top(node(&form, "doppelt"))),
        Value::Number(12.0)
    );
}

#[test]
fn an_assistant_left_open_past_midnight_judges_by_the_new_day() {
    let form = compiled(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "geboren", "type": "date", "label": { "de": "Geboren" },
          "rules": [{ "rule": "max_date", "date": "today-18y" }] },
        { "key": "alter", "type": "computed", "label": { "de": "Alter" }, "expression": "age(geboren)" },
        { "key": "erwachsen", "type": "text", "label": { "de": "E" }, "visible_if": "alter >= 18" }] }]));
    let day = today();
    let mut state = FormState::new(Arc::clone(&form), day);
    let (geboren, alter, erwachsen) = (
        Loc::top(node(&form, "geboren")),
        Loc::top(node(&form, "alter")),
        Loc::top(node(&form, "erwachsen")),
    );
    // Eighteen tomorrow.
    let birthday = day
        .add_months(-18 * 12)
        .and_then(|d| d.add_days(1))
        .expect("date");
    state.set(&geboren, Value::Date(birthday));
    assert_eq!(state.cell(&geboren).expect("cell").errors.len(), 1);
    // Computed from an answer with an error: nothing, not a number that misleads.
    assert_eq!(state.value(&alter), Value::Null);
    assert!(!state.is_visible(&erwachsen));
    assert!(
        state.set_today(day).is_empty(),
        "the same day changes nothing"
    );

    let changes = state.set_today(day.add_days(1).expect("date"));
    assert_eq!(
        changes.cells,
        vec![geboren.clone(), alter.clone(), erwachsen.clone()]
    );
    assert_eq!(state.value(&alter), Value::Number(18.0));
    assert!(state.cell(&geboren).expect("cell").errors.is_empty());
    assert!(state.is_visible(&erwachsen));
}

#[test]
fn repeating_groups_enforce_min_and_max_and_aggregate() {
    let form = compiled(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "hunde", "type": "repeat", "label": { "de": "Hunde" }, "item_label": { "de": "Hund" }, "min": 1, "max": 2, "elements": [
            { "key": "gross", "type": "yes_no", "label": { "de": "Groß?" } },
            { "key": "steuer", "type": "computed", "label": { "de": "Steuer" }, "expression": "if(gross, 150, 100)", "format": "currency" }] },
        { "key": "summe", "type": "computed", "label": { "de": "Summe" }, "expression": "sum(hunde.steuer)", "format": "currency" },
        { "key": "anzahl", "type": "computed", "label": { "de": "Anzahl" }, "expression": "count(hunde)" }] }]));
    let mut state = FormState::new(Arc::clone(&form), today());
    let hunde = Loc::top(node(&form, "hunde"));
    let summe = Loc::top(node(&form, "summe"));
    assert_eq!(state.item_count(&hunde), 1, "starts with the minimum");
    assert_eq!(state.value(&summe), Value::Number(100.0));
    let (index, _) = state.add_item(&hunde).expect("second dog");
    assert_eq!(index, 1);
    state.set(
        &Loc::new(node(&form, "hunde.gross"), vec![1]),
        Value::Bool(true),
    );
    assert_eq!(state.value(&summe), Value::Number(250.0));
    assert_eq!(
        state.value(&Loc::top(node(&form, "anzahl"))),
        Value::Number(2.0)
    );
    assert_eq!(
        state.add_item(&hunde).map(|_| ()),
        Err(ItemError::AtMaximum)
    );
    let mut wizard = Wizard::new(Arc::clone(&form), today(), Lang::De);
    wizard.state = state.clone();
    let rows: Vec<(String, Option<String>, usize)> = wizard.review()[0]
        .rows
        .iter()
        .map(|r| (r.label.clone(), r.value.clone(), r.depth))
        .collect();
    let text = |s: &str| s.to_string();
    assert_eq!(
        rows,
        vec![
            (text("Hunde"), None, 0),
            (text("Hund 1"), None, 0),
            (text("Groß?"), Some(text("keine Angabe")), 1),
            (text("Steuer"), Some(text("100,00 €")), 1),
            (text("Hund 2"), None, 0),
            (text("Groß?"), Some(text("Ja")), 1),
            (text("Steuer"), Some(text("150,00 €")), 1),
            (text("Summe"), Some(text("250,00 €")), 0),
            (text("Anzahl"), Some(text("2")), 0),
        ]
    );
    state.remove_item(&hunde, 0).expect("remove first");
    assert_eq!(
        state.value(&summe),
        Value::Number(150.0),
        "the big dog moved up"
    );
    assert_eq!(state.remove_item(&hunde, 0), Err(ItemError::AtMinimum));
}

#[test]
fn incremental_evaluation_always_equals_full_evaluation() {
    // Random edits on the example forms; after each, a full re-evaluation of a copy
    // must find nothing to change.
    // Nested repeats, references across entries and levels, conditional steps.
    let nested = form(json!([
        { "id": "a", "title": { "de": "A" }, "elements": [
            { "key": "faktor", "type": "integer", "label": { "de": "F" } },
            { "key": "haeuser", "type": "repeat", "label": { "de": "H" }, "item_label": { "de": "H" }, "max": 3, "elements": [
                { "key": "gross", "type": "yes_no", "label": { "de": "G" } },
                { "key": "raeume", "type": "repeat", "label": { "de": "R" }, "item_label": { "de": "R" }, "max": 3, "visible_if": "gross", "elements": [
                    { "key": "flaeche", "type": "decimal", "label": { "de": "Fl" } },
                    { "key": "wert", "type": "computed", "label": { "de": "W" }, "expression": "flaeche * faktor" },
                    { "key": "notiz", "type": "text", "label": { "de": "N" }, "visible_if": "gross and wert > 20", "required_if": "count(raeume) > 1" }] },
                { "key": "summe", "type": "computed", "label": { "de": "S" }, "expression": "sum(raeume.wert)" },
                { "key": "garagen", "type": "repeat", "label": { "de": "Ga" }, "item_label": { "de": "Ga" }, "max": 2, "elements": [
                    { "key": "anteil", "type": "computed", "label": { "de": "A" }, "expression": "sum(raeume.flaeche) / 2" }] }] },
            { "key": "gesamt", "type": "computed", "label": { "de": "G" }, "expression": "sum(haeuser.summe) + sum(haeuser.raeume.flaeche)" }] },
        { "id": "b", "title": { "de": "B" }, "visible_if": "gesamt > 50", "elements": [
            { "key": "grund", "type": "text", "label": { "de": "G" }, "required": true }] }
    ]));
    let sources = [
        ("nested".to_string(), nested),
        ("hundesteuer-anmeldung".to_string(), String::new()),
        ("bewohnerparkausweis".to_string(), String::new()),
        ("gewerbeanmeldung".to_string(), String::new()),
    ];
    for (name, inline) in sources {
        let json = if inline.is_empty() {
            std::fs::read_to_string(format!(
                "{}/../../public/forms/{name}.json",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("form")
        } else {
            inline
        };
        let form = Arc::new(load_compiled(&json).expect("valid"));
        let mut state = FormState::new(Arc::clone(&form), today());
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound.max(1) as u64) as usize
        };
        let mut edits = 0;
        for _ in 0..2000 {
            let id = next(form.nodes.len());
            let Some(kind) = form.element_kind(id).cloned() else {
                continue;
            };
            edits += 1;
            let instances = state.instances(id, &[]);
            if instances.is_empty() {
                continue;
            }
            let loc = Loc::new(id, instances[next(instances.len())].clone());
            match &kind {
                engine::format::Kind::Repeat { .. } => {
                    let _ = if next(3) > 0 {
                        state.add_item(&loc).map(|_| ())
                    } else {
                        state.remove_item(&loc, 0).map(|_| ())
                    };
                }
                engine::format::Kind::YesNo | engine::format::Kind::Checkbox => {
                    state.set(
                        &loc,
                        [Value::Bool(true), Value::Bool(false), Value::Null][next(3)].clone(),
                    );
                }
                engine::format::Kind::SingleChoice { options, .. } => {
                    state.set(
                        &loc,
                        Value::Text(options[next(options.len())].value.clone()),
                    );
                }
                engine::format::Kind::MultipleChoice { options } => {
                    state.set(
                        &loc,
                        Value::List(vec![Value::Text(
                            options[next(options.len())].value.clone(),
                        )]),
                    );
                }
                engine::format::Kind::File { .. } => {
                    let file = FileRef {
                        id: "f".into(),
                        name: "a.pdf".into(),
                        size: 10,
                        media_type: "application/pdf".into(),
                    };
                    state.set(&loc, Value::List(vec![Value::File(file)]));
                }
                engine::format::Kind::Date => {
                    state.set_input(
                        &loc,
                        ["01.01.2000", "15.06.2010", "x", ""][next(4)],
                        Lang::De,
                    );
                }
                _ => {
                    state.set_input(&loc, ["1", "25", "Text", "", "3,5"][next(5)], Lang::De);
                }
            }
            let mut fresh = state.clone();
            fresh.evaluate_all();
            assert_eq!(
                fresh.root(),
                state.root(),
                "{name}: incremental result differs after editing node {id}"
            );
            for step in 0..form.steps.len() {
                assert_eq!(fresh.step_visible(step), state.step_visible(step));
            }
        }
        assert!(edits > 1000, "{name}: only {edits} edits");
    }
}

#[test]
fn wizard_moves_through_visible_steps_and_returns_to_review() {
    let form = compiled(json!([
        { "id": "eins", "title": { "de": "Eins" }, "elements": [{ "key": "firma", "type": "yes_no", "label": { "de": "Firma?" }, "required": true }] },
        { "id": "zwei", "title": { "de": "Zwei" }, "visible_if": "firma", "elements": [{ "key": "name", "type": "text", "label": { "de": "Firmenname" }, "required": true }] },
        { "id": "drei", "title": { "de": "Drei" }, "elements": [{ "key": "mail", "type": "email", "label": { "de": "E-Mail" } }] }
    ]));
    let mut wizard = Wizard::new(Arc::clone(&form), today(), Lang::De);
    assert_eq!(wizard.indicator(), Some((1, 2)));
    let errors = wizard.next_step().expect_err("required");
    assert_eq!(errors[0].label, "Firma?");
    wizard
        .state
        .set(&Loc::top(node(&form, "firma")), Value::Bool(true));
    assert_eq!(
        wizard.indicator(),
        Some((1, 3)),
        "the count follows the conditions"
    );
    assert_eq!(wizard.next_step(), Ok(Position::Step(1)));
    assert_eq!(wizard.back(), Position::Step(0), "back never validates");
    assert_eq!(wizard.next_step(), Ok(Position::Step(1)));
    wizard
        .state
        .set_input(&Loc::top(node(&form, "name")), "Werft Nord", Lang::De);
    assert_eq!(wizard.next_step(), Ok(Position::Step(2)));
    assert_eq!(wizard.next_step(), Ok(Position::Review));
    let review = wizard.review();
    assert_eq!(review.len(), 3);
    assert_eq!(review[0].rows[0].value.as_deref(), Some("Ja"));
    assert_eq!(review[2].rows[0].value.as_deref(), Some("keine Angabe"));
    assert_eq!(wizard.edit_from_review(2), Position::Step(2));
    assert_eq!(
        wizard.next_step(),
        Ok(Position::Review),
        "a change link returns to the review"
    );
    wizard
        .state
        .set(&Loc::top(node(&form, "firma")), Value::Bool(false));
    assert_eq!(wizard.review().len(), 2);
    let payload = wizard.payload().expect("submittable");
    assert_eq!(payload["answers"], json!({ "firma": false }));
}

#[test]
fn drafts_keep_mistyped_input_and_prefill_reports_what_does_not_fit() {
    let form = compiled(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "anzahl", "type": "integer", "label": { "de": "Anzahl" } },
        { "key": "betrag", "type": "currency", "label": { "de": "Betrag" } }] }]));
    let mut state = FormState::new(Arc::clone(&form), today());
    state.set_input(&Loc::top(node(&form, "anzahl")), "drei", Lang::De);
    state.set_input(&Loc::top(node(&form, "betrag")), "1.234,50", Lang::De);
    let draft = answers_to_json(&state, Scope::Draft);
    assert_eq!(draft, json!({ "anzahl": "drei", "betrag": 123450 }));
    let mut restored = FormState::new(Arc::clone(&form), today());
    assert!(load_answers(&mut restored, &draft, Lang::De).is_empty());
    assert_eq!(restored.root(), state.root());
    let cell = restored
        .cell(&Loc::top(node(&form, "anzahl")))
        .expect("cell");
    assert_eq!(cell.errors[0].code, "format");
    let problems = load_answers(
        &mut restored,
        &json!({ "anzahl": true, "unbekannt": 1 }),
        Lang::De,
    );
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, vec!["unbekannt", "anzahl"]);
}

#[test]
fn payload_verification_rejects_tampering() {
    let form = compiled(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "hund", "type": "yes_no", "label": { "de": "Hund?" }, "required": true },
        { "key": "rasse", "type": "text", "label": { "de": "Rasse" }, "visible_if": "hund" },
        { "key": "steuer", "type": "computed", "label": { "de": "Steuer" }, "expression": "if(hund, 120, 0)", "format": "currency" }] }]));
    let good = json!({ "form": { "id": "test", "version": "1", "hash": (form.hash.as_str()) }, "language": "de",
        "answers": { "hund": true, "rasse": "Pudel", "steuer": 12000 }, "declarations": [], "attachments": [] });
    assert!(verify_payload(Arc::clone(&form), &good, today()).is_ok());
    let cases = [
        (
            json!({ "hund": false, "rasse": "Pudel", "steuer": 0 }),
            "rasse",
        ),
        (json!({ "hund": true, "steuer": 1 }), "steuer"),
        (json!({ "steuer": 0 }), "hund"),
        (
            json!({ "hund": true, "steuer": 12000, "admin": true }),
            "admin",
        ),
    ];
    for (answers, path) in cases {
        let mut payload = good.clone();
        payload.insert("answers", answers);
        let problems = verify_payload(Arc::clone(&form), &payload, today()).expect_err("tampered");
        assert!(
            problems.iter().any(|p| p.path == path),
            "{path}: {problems:?}"
        );
    }
    let mut wrong_version = good.clone();
    wrong_version.insert(
        "form",
        json!({ "id": "test", "version": "2", "hash": (form.hash.as_str()) }),
    );
    assert!(verify_payload(Arc::clone(&form), &wrong_version, today()).is_err());
    // The same version published anew (e.g. with other parameters) is another form.
    let mut other_edition = good.clone();
    other_edition.insert(
        "form",
        json!({ "id": "test", "version": "1", "hash": "0123" }),
    );
    let problems = verify_payload(Arc::clone(&form), &other_edition, today()).expect_err("hash");
    assert_eq!(problems[0].path, "form.hash");
}

#[test]
fn errors_from_the_receiving_authority_show_at_their_fields_until_the_answer_changes() {
    let form = compiled(json!([
        { "id": "eins", "title": { "de": "Eins" }, "elements": [
            { "key": "name", "type": "text", "label": { "de": "Name" } }] },
        { "id": "zwei", "title": { "de": "Zwei" }, "elements": [
            { "key": "hunde", "type": "repeat", "label": { "de": "Hunde" }, "item_label": { "de": "Hund" }, "min": 2, "elements": [
                { "key": "chip", "type": "text", "label": { "de": "Chipnummer" } }] }] }]));
    let mut wizard = Wizard::new(Arc::clone(&form), today(), Lang::De);
    let problem = |path: &str, de: &str| engine::payload::PayloadProblem {
        path: path.to_string(),
        message: engine::Text::de(de),
    };
    let unplaced = wizard.reject(vec![
        problem("hunde[1].chip", "Diese Chipnummer ist schon vergeben."),
        problem("steuerklasse", "Unbekannt."),
    ]);
    assert_eq!(unplaced.len(), 1, "a path naming no field is handed back");
    assert_eq!(unplaced[0].path, "steuerklasse");
    // The step with the refused answer is open, and "Weiter" leads back to the review.
    assert_eq!(wizard.position(), Position::Step(1));
    assert!(wizard.returning_to_review());
    let chip = Loc::new(node(&form, "hunde.chip"), vec![1]);
    assert_eq!(wizard.state.find_path("hunde[1].chip"), Some(chip.clone()));
    let messages = |wizard: &Wizard| -> Vec<String> {
        wizard
            .step_errors(1)
            .into_iter()
            .map(|e| e.message)
            .collect()
    };
    assert_eq!(messages(&wizard), ["Diese Chipnummer ist schon vergeben."]);
    wizard.state.set_input(&chip, "276098106543210", Lang::De);
    assert_eq!(
        messages(&wizard),
        Vec::<String>::new(),
        "a changed answer clears it"
    );
}

#[test]
fn parameters_are_set_per_municipality_and_named_in_expressions() {
    let definition = |default: &str| {
        json!({
            "format_version": 1, "id": "steuer", "version": "1", "title": { "de": "Steuer" },
            "languages": ["de"],
            "parameters": [
                { "key": "steuersatz", "label": { "de": "Steuersatz je Hund (Euro)" }, "type": "currency", "default": (default) },
                { "key": "gemeinde", "label": { "de": "Name der Gemeinde" }, "type": "text", "default": "Musterstadt" }],
            "steps": [{ "id": "s", "title": { "de": "S" }, "elements": [
                { "key": "anzahl", "type": "integer", "label": { "de": "Anzahl" } },
                { "key": "steuer", "type": "computed", "label": { "de": "Steuer" },
                  "expression": "anzahl * param.steuersatz", "format": "currency" },
                { "key": "ort", "type": "computed", "label": { "de": "Gemeinde" }, "expression": "param.gemeinde" }] }]
        })
        .to_string()
    };
    let compile = |default: &str, values: &[(&str, &str)]| {
        let form = load_form(&definition(default)).expect("loads");
        let values: Vec<(String, String)> = values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        authoring::compile::with_parameters(form, &values)
    };
    let steuer_for = |form: CompiledForm| {
        let form = Arc::new(form);
        let mut state = FormState::new(Arc::clone(&form), today());
        state.set_input(&Loc::top(node(&form, "anzahl")), "2", Lang::De);
        (state.value(&Loc::top(node(&form, "steuer"))), state)
    };
    let (default_tax, _) = steuer_for(compile("120", &[]).expect("compiles"));
    assert_eq!(default_tax, Value::Number(240.0));
    let (tax, state) = steuer_for(compile("120", &[("steuersatz", "96.5")]).expect("compiles"));
    assert_eq!(tax, Value::Number(193.0));
    assert_eq!(
        state.value(&Loc::top(node(state.form(), "ort"))),
        Value::Text("Musterstadt".into())
    );
    // The payload names the values used; a receiver with other values refuses it.
    let payload = engine::payload::build_payload(&state, Lang::De, &[]);
    assert_eq!(
        payload["parameters"],
        json!({ "steuersatz": 96.5, "gemeinde": "Musterstadt" })
    );
    let receiver = Arc::new(compile("120", &[]).expect("compiles"));
    let problems = verify_payload(receiver, &payload, today()).expect_err("other rate");
    assert!(
        problems.iter().any(|p| p.path == "parameters"),
        "{problems:?}"
    );
    let same = Arc::new(compile("120", &[("steuersatz", "96.5")]).expect("compiles"));
    assert!(verify_payload(same, &payload, today()).is_ok());

    // What cannot work is said: no value, no number, unknown names.
    let messages = |result: Result<CompiledForm, Vec<authoring::Problem>>| -> String {
        result
            .err()
            .unwrap_or_default()
            .iter()
            .map(|p| p.message.de.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert!(messages(compile("viel", &[])).contains("ist keine Zahl"));
    assert!(messages(compile("", &[])).contains("ist keine Zahl"));
    let unknown =
        load_form(&definition("120").replace("param.gemeinde", "param.kreis")).expect("loads");
    let problems = authoring::compile::compile(unknown).expect_err("unknown parameter");
    assert!(problems[0]
        .message
        .de
        .contains("Einen Parameter „kreis“ gibt es"));
    assert_eq!(problems[0].span, Some((0, 11)));
}

#[test]
fn the_assistant_reads_the_refusals_intake_servers_write() {
    let problems = vec![
        PayloadProblem {
            path: "hunde[0].name".into(),
            message: Text::new("Bitte einen Namen angeben.", "Please give a name."),
        },
        PayloadProblem {
            path: "plz".into(),
            message: Text::de("Unbekannte Postleitzahl."),
        },
    ];
    let body = refusal(&problems).to_compact();
    assert_eq!(refused(&body), problems);

    // A plain string is a German message; what has no path, or is no refusal, is left out.
    let body = r#"{"errors": [{"path": "a", "message": "Falsch."}, {"message": "ohne Pfad"}, 3]}"#;
    let read = refused(body);
    assert_eq!(read.len(), 1);
    assert_eq!(
        (read[0].path.as_str(), read[0].message.de.as_str()),
        ("a", "Falsch.")
    );
    assert_eq!(read[0].message.en, None);
    assert!(refused("<html>Bad Gateway</html>").is_empty());
    assert!(refused(r#"{"errors": "kaputt"}"#).is_empty());
}

#[test]
fn adding_the_thousandth_entry_costs_what_adding_the_first_did() {
    // Once every entry was evaluated again per added entry: 8,000 dogs took 34 s.
    let form = compiled(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "hunde", "type": "repeat", "label": { "de": "Hunde" }, "item_label": { "de": "Hund" }, "elements": [
            { "key": "gross", "type": "yes_no", "label": { "de": "Groß?" } },
            { "key": "steuer", "type": "computed", "label": { "de": "Steuer" }, "expression": "if(gross, 150, 100)" },
            { "key": "zwinger", "type": "text", "label": { "de": "Zwinger" }, "visible_if": "gross" }] },
        { "key": "gesamt", "type": "computed", "label": { "de": "Gesamt" }, "expression": "sum(hunde.steuer)" },
        { "key": "viele", "type": "text", "label": { "de": "Viele" }, "visible_if": "count(hunde) > 3" }] }]));
    let mut state = FormState::new(Arc::clone(&form), today());
    let hunde = Loc::top(node(&form, "hunde"));
    let mut work = Vec::new();
    for _ in 0..1_000 {
        let before = state.evaluated();
        state.add_item(&hunde).expect("within the cap");
        work.push(state.evaluated() - before);
    }
    assert_eq!(work[999], work[10], "evaluations per added entry: {work:?}");
    assert_eq!(
        state.add_item(&hunde).err(),
        Some(ItemError::AtMaximum),
        "capped"
    );
    let before = state.evaluated();
    state.remove_item(&hunde, 0).expect("removed");
    assert!(
        state.evaluated() - before <= work[10],
        "removing is no dearer"
    );
    let gesamt = Loc::top(node(&form, "gesamt"));
    assert_eq!(state.value(&gesamt), Value::Number(999.0 * 100.0));
    // The same as evaluating everything afresh.
    let mut fresh = state.clone();
    fresh.evaluate_all();
    assert_eq!(fresh.root(), state.root());
}

#[test]
fn a_draft_of_many_entries_is_evaluated_once() {
    let form = compiled(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "hunde", "type": "repeat", "label": { "de": "Hunde" }, "item_label": { "de": "Hund" }, "elements": [
            { "key": "name", "type": "text", "label": { "de": "Name" } },
            { "key": "steuer", "type": "computed", "label": { "de": "Steuer" }, "expression": "if(empty(name), 0, 100)" }] },
        { "key": "gesamt", "type": "computed", "label": { "de": "Gesamt" }, "expression": "sum(hunde.steuer)" }] }]));
    let entries: Vec<Json> = (0..3_000)
        .map(|i| json!({ "name": (format!("Hund {i}")) }))
        .collect();
    let mut state = FormState::new(Arc::clone(&form), today());
    let before = state.evaluated();
    let problems = load_answers(&mut state, &json!({ "hunde": (entries) }), Lang::De);
    // 3,000 entries once froze the browser for 4 s: now the first 1,000 are taken, the
    // rest reported, and each instance evaluated once.
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.de.contains("höchstens 1000"));
    assert_eq!(state.item_count(&Loc::top(node(&form, "hunde"))), 1_000);
    assert!(
        state.evaluated() - before <= 3 * 1_000 + 10,
        "{}",
        state.evaluated() - before
    );
    assert_eq!(
        state.value(&Loc::top(node(&form, "gesamt"))),
        Value::Number(100_000.0)
    );
}

#[test]
fn the_lint_keeps_definitions_within_the_caps() {
    let many_options: Vec<Json> = (0..20_001)
        .map(|i| json!({ "value": (format!("o{i}")), "label": { "de": (format!("O {i}")) } }))
        .collect();
    let mut nested = json!({ "key": "innen", "type": "text", "label": { "de": "Innen" } });
    for level in 0..17 {
        nested = json!({ "key": (format!("g{level}")), "type": "group", "label": { "de": "G" }, "elements": [(nested)] });
    }
    let cases = [
        (
            json!({ "key": "hunde", "type": "repeat", "label": { "de": "H" }, "item_label": { "de": "H" },
            "max": 5000, "elements": [{ "key": "n", "type": "text", "label": { "de": "N" } }] }),
            "at most 1000 entries",
        ),
        (
            json!({ "key": "ort", "type": "single_choice", "label": { "de": "Ort" }, "options": (many_options) }),
            "at most 20000 are possible",
        ),
        (
            json!({ "key": "datei", "type": "file", "label": { "de": "D" }, "max_count": 1000 }),
            "at most 100 files",
        ),
        (
            json!({ "key": "text", "type": "content", "markdown": { "de": ("x".repeat(20_001)) } }),
            "longer than 20000 characters",
        ),
        (nested, "nested in more than 16 groups"),
    ];
    for (element, expected) in cases {
        let messages =
            lint_messages(json!([{ "id": "s", "title": { "de": "S" }, "elements": [(element)] }]));
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{expected}: {messages:?}"
        );
    }
}

#[test]
fn verify_payload_refuses_what_the_assistant_could_never_send() {
    let form = compiled(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "farben", "type": "multiple_choice", "label": { "de": "Farben" }, "options": [
            { "value": "rot", "label": { "de": "Rot" } }, { "value": "blau", "label": { "de": "Blau" } }] },
        { "key": "zahl", "type": "decimal", "label": { "de": "Zahl" } },
        { "key": "nachweis", "type": "file", "label": { "de": "Nachweis" }, "max_count": 3 },
        { "key": "hunde", "type": "repeat", "label": { "de": "Hunde" }, "item_label": { "de": "Hund" }, "min": 2,
          "elements": [{ "key": "name", "type": "text", "label": { "de": "Name" } }] }] }]));
    let file = |id: &str, name: &str| json!({ "id": (id), "name": (name), "size": 10, "media_type": "application/pdf" });
    let good = json!({ "form": { "id": "test", "version": "1", "hash": (form.hash.as_str()) }, "language": "de",
        "answers": { "farben": ["rot"], "zahl": 1.5, "nachweis": [(file("a1", "a.pdf"))], "hunde": [{ "name": "A" }, { "name": "B" }] },
        "declarations": [],
        "attachments": [{ "id": "a1", "name": "a.pdf", "size": 10, "media_type": "application/pdf", "field": "nachweis" }] });
    assert!(verify_payload(Arc::clone(&form), &good, today()).is_ok());
    let with = |edit: &dyn Fn(&mut Json)| {
        let mut payload = good.clone();
        edit(&mut payload);
        verify_payload(Arc::clone(&form), &payload, today())
            .expect_err("refused")
            .iter()
            .map(|p| p.path.clone())
            .collect::<Vec<_>>()
    };
    let answer = |key: &'static str, value: Json| {
        move |payload: &mut Json| {
            let mut answers = payload["answers"].clone();
            answers.insert(key, value.clone());
            payload.insert("answers", answers);
        }
    };
    // Unknown top-level keys (the JSON Schema says additionalProperties: false).
    assert_eq!(with(&|p| p.insert("admin", Json::Bool(true))), ["admin"]);
    // Declaration ids that do not exist, or twice.
    assert_eq!(
        with(&|p| p.insert("declarations", json!(["gibt-es-nicht"]))),
        ["declarations"]
    );
    // A repeat below its minimum (once padded silently).
    assert!(with(&answer("hunde", json!([{ "name": "A" }]))).contains(&"hunde".to_string()));
    // The same value twice in a multiple choice.
    assert_eq!(with(&answer("farben", json!(["rot", "rot"]))), ["farben"]);
    // Numbers the assistant never sends (the JSON writer prints 1e21 and more as null).
    assert!(with(&answer("zahl", json!(1e22))).contains(&"zahl".to_string()));
    // File names with a path or control characters.
    for name in ["../../etc/passwd", "a\u{0}.pdf", "C:\\\\x.pdf", "a\nb.pdf"] {
        let edit = |p: &mut Json| {
            answer("nachweis", json!([(file("a1", name))]))(p);
            p.insert("attachments", json!([{ "id": "a1", "name": (name), "size": 10, "media_type": "application/pdf", "field": "nachweis" }]));
        };
        assert!(with(&edit).contains(&"nachweis".to_string()), "{name:?}");
    }
    // The same attachment id twice.
    let twice = |p: &mut Json| {
        answer(
            "nachweis",
            json!([(file("a1", "a.pdf")), (file("a1", "b.pdf"))]),
        )(p);
        p.insert("attachments", json!([
            { "id": "a1", "name": "a.pdf", "size": 10, "media_type": "application/pdf", "field": "nachweis" },
            { "id": "a1", "name": "b.pdf", "size": 10, "media_type": "application/pdf", "field": "nachweis" }]));
    };
    // Refused as a list naming one file twice, and at the field, where the second is
    // not taken (as from a draft or prefill).
    let paths = with(&twice);
    assert!(
        paths.contains(&"attachments".to_string()) && paths.contains(&"nachweis".to_string()),
        "{paths:?}"
    );
}

#[test]
fn a_computed_value_is_empty_while_an_answer_it_reads_is_invalid() {
    let form = compiled(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "beginn", "type": "date", "label": { "de": "Beginn" } },
        { "key": "ende", "type": "date", "label": { "de": "Ende" },
          "rules": [{ "rule": "expression", "expression": "ende >= beginn",
                      "message": { "de": "Das Ende darf nicht vor dem Beginn liegen." } }] },
        { "key": "tage", "type": "integer", "label": { "de": "Tage" },
          "rules": [{ "rule": "min_value", "value": 1 }] },
        { "key": "gebuehr", "type": "computed", "label": { "de": "Gebühr" },
          "expression": "(days_between(beginn, ende) + 1) * 2.5", "format": "currency" },
        { "key": "je_tag", "type": "computed", "label": { "de": "Je Tag" },
          "expression": "tage * 3", "format": "currency" }] }]));
    let mut state = FormState::new(Arc::clone(&form), today());
    let at = |key| Loc::top(node(&form, key));
    state.set_input(&at("beginn"), &typed_day(10), Lang::De);
    state.set_input(&at("ende"), &typed_day(1), Lang::De);
    assert_eq!(state.cell(&at("ende")).expect("cell").errors.len(), 1);
    assert_eq!(state.value(&at("gebuehr")), Value::Null, "not -20 €");
    // Mending the answer brings the value back in the same change.
    let changes = state.set_input(&at("ende"), &typed_day(12), Lang::De);
    assert!(changes.cells.contains(&at("gebuehr")), "{changes:?}");
    assert_eq!(state.value(&at("gebuehr")), Value::Number(7.5));
    // The computed value empties when the answer it reads turns invalid, too.
    state.set_input(&at("tage"), "2", Lang::De);
    assert_eq!(state.value(&at("je_tag")), Value::Number(6.0));
    let changes = state.set_input(&at("tage"), "-4", Lang::De);
    assert!(changes.cells.contains(&at("je_tag")));
    assert_eq!(state.value(&at("je_tag")), Value::Null);
}

#[test]
fn a_choice_compared_with_a_value_it_lacks_is_an_error_at_that_text() {
    let with_condition = |condition: &str| {
        load_form(&form(
            json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "zweck", "type": "single_choice", "label": { "de": "Zweck" }, "options": [
                { "value": "baustelle", "label": { "de": "Baustelleneinrichtung" } },
                { "value": "sonstiges", "label": { "de": "Sonstige Nutzung" } }] },
            { "key": "arten", "type": "multiple_choice", "label": { "de": "Arten" }, "options": [
                { "value": "geruest", "label": { "de": "Gerüst" } }] },
            { "key": "name", "type": "text", "label": { "de": "Name" } },
            { "key": "beschreibung", "type": "text", "label": { "de": "Beschreibung" },
              "visible_if": condition }] }]),
        ))
        .expect("loads")
    };
    let errors = |condition: &str| -> Vec<(String, Option<(usize, usize)>)> {
        lint(&with_condition(condition))
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| (p.message.de, p.span))
            .collect()
    };
    for fine in [
        r#"zweck == "sonstiges""#,
        r#""baustelle" != zweck"#,
        r#"zweck in ["baustelle", "sonstiges"]"#,
        r#"contains(arten, "geruest")"#,
        r#"name == "Sonstige Nutzung""#,
    ] {
        assert_eq!(errors(fine), vec![], "{fine}");
    }
    let found = errors(r#"zweck == "Sonstige Nutzung""#);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].0,
        "„Sonstige Nutzung“ ist die Beschriftung einer Antwort von „Zweck“; verglichen wird ihr Wert: \"sonstiges\"."
    );
    assert_eq!(found[0].1, Some((9, 27)), "the text compared is marked");
    for wrong in [
        r#"zweck in ["baustelle", "kran"]"#,
        r#"contains(arten, "Gerüst")"#,
        r#"zweck != "sonstige""#,
    ] {
        assert_eq!(errors(wrong).len(), 1, "{wrong}");
    }
    assert!(errors(r#"zweck == "kran""#)[0]
        .0
        .contains("hat keine Antwort mit dem Wert „kran“"));
}

#[test]
fn file_types_are_taken_as_builders_type_them_and_nonsense_is_an_error() {
    let with_accept = |accept: Json| {
        load_form(&form(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "plan", "type": "file", "label": { "de": "Lageplan" }, "accept": (accept) }] }])))
        .expect("loads")
    };
    let typed = with_accept(json!(["PDF", ".jpg", "image/png", "jpeg"]));
    assert!(lint(&typed).is_empty(), "{:?}", lint(&typed));
    let compiled = authoring::compile::compile(typed).expect("compiles");
    match &compiled.element(node(&compiled, "plan")).kind {
        engine::format::Kind::File { accept, .. } => assert_eq!(
            accept,
            &["application/pdf", "image/jpeg", "image/png"],
            "media types, each once"
        ),
        other => panic!("{other:?}"),
    }
    let problems = lint(&with_accept(json!(["PDF, JPG"])));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].severity, Severity::Error);
    assert!(problems[0]
        .message
        .de
        .contains("„PDF, JPG“ ist kein Dateityp, keine Datei würde angenommen"));
}

#[test]
fn a_date_limit_can_name_another_date_field() {
    let steps = |limit: &str| {
        json!([{ "id": "s", "title": { "de": "S" }, "elements": [
            { "key": "zeitraum", "type": "group", "label": { "de": "Zeitraum" }, "elements": [
                { "key": "beginn", "type": "date", "label": { "de": "Beginn" } },
                { "key": "ende", "type": "date", "label": { "de": "Ende" },
                  "rules": [{ "rule": "min_date", "date": (limit) }] }] },
            { "key": "name", "type": "text", "label": { "de": "Name" } }] }])
    };
    let compiled_form = compiled(steps("beginn"));
    let mut state = FormState::new(Arc::clone(&compiled_form), today());
    let (beginn, ende) = (
        Loc::top(node(&compiled_form, "zeitraum.beginn")),
        Loc::top(node(&compiled_form, "zeitraum.ende")),
    );
    state.set_input(&ende, &typed_day(1), Lang::De);
    assert!(
        state.cell(&ende).expect("cell").errors.is_empty(),
        "no start yet: no limit"
    );
    // Changing the start re-checks the end.
    let changes = state.set_input(&beginn, &typed_day(10), Lang::De);
    assert!(changes.cells.contains(&ende));
    let errors = &state.cell(&ende).expect("cell").errors;
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].message.de,
        format!("Das Datum muss frühestens am {} liegen.", typed_day(10))
    );
    state.set_input(&ende, &typed_day(10), Lang::De);
    assert!(state.cell(&ende).expect("cell").errors.is_empty());

    // It survives publishing, and a limit naming no date is an error at it.
    let definition = load_form(&form(steps("beginn"))).expect("loads");
    let written = authoring::codec::write_form(&definition).to_compact();
    assert!(written.contains(r#""date":"beginn""#), "{written}");
    let published = authoring::publish::publish(definition, &[]).expect("publishes");
    let read = engine::published::read(&published.bytes).expect("reads");
    let mut state = FormState::new(Arc::new(read.form), today());
    state.set_input(&beginn, &typed_day(10), Lang::De);
    state.set_input(&ende, &typed_day(1), Lang::De);
    assert_eq!(state.cell(&ende).expect("cell").errors.len(), 1);
    for (limit, words) in [
        ("name", "„name“ ist kein Datumsfeld"),
        ("anfang", "Unbekanntes Feld „anfang“"),
    ] {
        let problems = lint(&load_form(&form(steps(limit))).expect("loads"));
        assert!(
            problems.iter().any(|p| p.severity == Severity::Error
                && p.location.property.as_deref() == Some("rules[0].date")
                && p.message.de.contains(words)),
            "{limit}: {problems:#?}"
        );
    }
}

#[test]
fn a_file_named_twice_in_loaded_answers_is_taken_once() {
    let form = compiled(json!([{ "id": "s", "title": { "de": "S" }, "elements": [
        { "key": "nachweis", "type": "file", "label": { "de": "Nachweis" }, "accept": [], "max_count": 5 },
        { "key": "zulassung", "type": "file", "label": { "de": "Zulassung" }, "accept": [], "max_count": 5 }] }]));
    let file = |id: &str, name: &str| json!({ "id": id, "name": name, "size": 1000, "media_type": "application/pdf" });
    let mut wizard = Wizard::new(Arc::clone(&form), today(), Lang::De);
    // A draft or prefill naming one file id twice in a field and again in another, as
    // only a tampered draft or a faulty portal can.
    let answers = json!({
        "nachweis": [(file("n1", "a.pdf")), (file("n2", "b.pdf")), (file("n1", "c.pdf"))],
        "zulassung": [(file("n1", "d.pdf")), (file("n3", "e.pdf"))],
    });
    let problems = load_answers(&mut wizard.state, &answers, Lang::De);
    let said: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.path.as_str(), p.message.de.as_str()))
        .collect();
    assert_eq!(
        said,
        vec![
            ("nachweis", "Die Datei „c.pdf“ ist schon an anderer Stelle angegeben; sie wurde nicht übernommen."),
            ("zulassung", "Die Datei „d.pdf“ ist schon an anderer Stelle angegeben; sie wurde nicht übernommen."),
        ]
    );
    let ids = |key: &str| match wizard.state.value(&Loc::top(node(&form, key))) {
        Value::List(files) => files
            .iter()
            .filter_map(|f| match f {
                Value::File(file) => Some(file.id.clone()),
                _ => None,
            })
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(ids("nachweis"), ["n1", "n2"]);
    assert_eq!(ids("zulassung"), ["n3"]);
    // The same files again for the same field replace its own: nothing to drop.
    let again = json!({ "nachweis": [(file("n1", "a.pdf")), (file("n2", "b.pdf"))] });
    assert!(load_answers(&mut wizard.state, &again, Lang::De).is_empty());
    // And what the assistant submits, the intake accepts.
    let payload = wizard.payload().expect("submittable");
    assert!(verify_payload(Arc::clone(&form), &payload, today()).is_ok());
}
