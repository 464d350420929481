//! The assistant described for its state (`engine::view`), for forms published as
//! `formfabrik publish` does: what a step, the review and the other phases show.

use std::sync::Arc;

use engine::expr::{FileRef, Value};
use engine::state::Loc;
use engine::view::{field_id, render, texts, Action, Model, Phase};
use engine::wizard::Wizard;
use engine::{Date, Lang};

fn model(definition: &str, lang: Lang) -> Model {
    let form = authoring::load::load_form(definition).expect("loads");
    let bytes = authoring::publish::publish(form, &[])
        .expect("publishes")
        .bytes;
    let form = Arc::new(engine::published::read(&bytes).expect("reads").form);
    let today = Date::new(2026, 11, 22).expect("date");
    Model {
        wizard: Wizard::new(form, today, lang),
        phase: Phase::Filling,
        show_errors: false,
        notice: None,
        missing_files: Vec::new(),
        offer_json: false,
    }
}

const FORM: &str = r#"{"format_version": 1, "id": "f", "version": "1",
    "title": {"de": "Hundesteuer", "en": "Dog tax"}, "languages": ["de", "en"],
    "drafts": {"keep_days": 3}, "declarations": [{"id": "ok", "text": {"de": "Stimmt so."}}],
    "submission": {"endpoint": "/api/submissions"},
    "steps": [{"id": "s", "title": {"de": "Halter"}, "elements": [
        {"key": "name", "type": "text", "label": {"de": "<b>Name</b>"}, "required": true},
        {"key": "anzahl", "type": "integer", "label": {"de": "Anzahl"}, "help": {"de": "Alle Hunde."}},
        {"key": "hinweis", "type": "content", "markdown": {"de": "Siehe [Satzung](/satzung)."}},
        {"key": "plan", "type": "file", "label": {"de": "Lageplan", "en": "Site plan"}, "accept": ["PDF"]}]}]}"#;

/// The description as readable lines: `<tag class…`, `=name value`, `"text`, `>`.
fn lines(model: &Model) -> Vec<String> {
    let mut tree = render(model);
    let tokens = tree.tokens().to_string();
    let parts: Vec<&str> = tokens.split('\0').filter(|t| !t.is_empty()).collect();
    let mut lines = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let part = parts[i];
        if let Some(name) = part.strip_prefix('=') {
            lines.push(format!("={name} {}", &parts[i + 1][1..]));
            i += 2;
        } else {
            lines.push(part.replace('\u{1}', " "));
            i += 1;
        }
    }
    lines
}

/// The texts of the legends, in order.
fn legends(lines: &[String]) -> Vec<&str> {
    lines
        .windows(2)
        .filter(|pair| pair[0].starts_with("<legend class ff-legend"))
        .map(|pair| pair[1].as_str())
        .collect()
}

/// The first step's review is these rows: each row's label and depth.
fn assert_review(model: &Model, expected: &[(&str, usize)]) {
    let review = model.wizard.review();
    let rows: Vec<(&str, usize)> = review[0]
        .rows
        .iter()
        .map(|row| (row.label.as_str(), row.depth))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn a_step_ties_labels_to_inputs_and_says_how_long_answers_are_kept() {
    let lines = lines(&model(FORM, Lang::De));
    let has = |line: &str| lines.iter().any(|l| l == line);
    assert!(has("<label class ff-label part label"), "{lines:?}");
    // The name's id and its label's `for` agree; its text is a text, never markup.
    let id = field_id(&Loc::top(1));
    assert!(
        has(&format!("=id {id}")) && has(&format!("=for {id}")),
        "{lines:?}"
    );
    assert!(has("\"<b>Name</b>"));
    assert!(has("\"Anzahl (optional)"), "optional fields say so");
    assert!(
        has("=accept application/pdf,.pdf"),
        "the picker offers the type by name and ending"
    );
    assert!(has(&format!("=id {id}-wrap")), "the wrapper is found by id");
    assert!(has("\"Alle Hunde."));
    assert!(has("=href /satzung"), "content is read Markdown");
    assert!(has(
        "\"Ihre Eingaben bleiben bis zum Absenden in diesem Browser gespeichert, höchstens 3 Tage."
    ));
    assert!(has(&format!(
        "<button class ff-link type button data-action {}",
        Action::Clear.name()
    )));
}

#[test]
fn the_review_and_the_other_phases_describe_what_the_citizen_sees() {
    let mut model = model(FORM, Lang::En);
    model.wizard.state.set_input(&Loc::top(1), "Anna", Lang::En);
    model.wizard.next_step().expect("no errors");
    let review = lines(&model);
    assert!(review.contains(&"\"Summary".to_string()), "{review:?}");
    assert!(review.contains(&"\"Anna".to_string()));
    assert!(review.contains(&"=data-declaration ok".to_string()));

    model.phase = Phase::Resume {
        draft: engine::Json::Null,
    };
    let resume = lines(&model);
    for action in [Action::Resume, Action::Restart] {
        assert!(resume
            .iter()
            .any(|l| l.ends_with(&format!("data-action {}", action.name()))));
    }
    model.phase = Phase::Sent {
        reference: "HST-1".into(),
        date: "22/11/2026".into(),
    };
    let sent = lines(&model);
    assert!(sent.contains(&"\"HST-1".to_string()) && sent.contains(&"\"Anna".to_string()));
    assert!(sent.contains(&"\"Print or save as PDF".to_string()));
    let json = "\"Download your answers (JSON)".to_string();
    assert!(!sent.contains(&json), "JSON only for portals that ask");
    model.offer_json = true;
    assert!(lines(&model).contains(&json));

    model.phase = Phase::Filling;
    model.notice = Some(texts::draft_expired(3, Lang::En));
    assert!(lines(&model)
        .iter()
        .any(|l| l.contains("older than 3 days")));
}

#[test]
fn a_file_a_draft_kept_by_name_is_to_be_chosen_again_at_once() {
    let mut model = model(FORM, Lang::En);
    model.wizard.state.set_input(&Loc::top(1), "Anna", Lang::En);
    let plan = Value::File(FileRef {
        id: "a1".into(),
        name: "lageplan.pdf".into(),
        size: 1000,
        media_type: "application/pdf".into(),
    });
    model
        .wizard
        .state
        .set(&Loc::top(4), Value::List(vec![plan]));
    let again = "\"Please choose \"lageplan.pdf\" again: after the page was reloaded, the browser no longer has the file.".to_string();
    assert!(!lines(&model).contains(&again), "chosen in this visit");
    model.missing_files = vec!["a1".into()];
    assert!(lines(&model).contains(&again), "said at the field");
    model.wizard.next_step().expect("no errors");
    assert!(lines(&model).contains(&again), "and on the review");
}

/// A FIM import makes each of the schema's groups a step under the group's own title:
/// the title is said once, by the step's heading, on the step and on the review; a
/// group of another title, or the same group in a language where the titles differ,
/// keeps its legend.
#[test]
fn a_group_under_its_steps_own_title_does_not_say_it_again() {
    const GROUPED: &str = r#"{"format_version": 1, "id": "f", "version": "1",
        "title": {"de": "Anzeige"}, "languages": ["de", "en"],
        "submission": {"endpoint": "/api/submissions"},
        "steps": [{"id": "s", "title": {"de": "Arbeitgeber", "en": "Employer"}, "elements": [
            {"key": "arbeitgeber", "type": "group",
             "label": {"de": "Arbeitgeber", "en": "The employer"}, "help": {"de": "Wer beschäftigt."},
             "elements": [
                {"key": "name", "type": "text", "label": {"de": "Name"}},
                {"key": "anschrift", "type": "group", "label": {"de": "Anschrift"}, "elements": [
                    {"key": "ort", "type": "text", "label": {"de": "Ort"}}]}]},
            {"key": "weiteres", "type": "group", "label": {"de": "Weiteres"}, "elements": [
                {"key": "notiz", "type": "text", "label": {"de": "Notiz"}}]}]}]}"#;
    let mut german = model(GROUPED, Lang::De);
    let step = lines(&german);
    assert_eq!(
        step.iter().filter(|l| *l == "\"Arbeitgeber").count(),
        1,
        "{step:?}"
    );
    assert_eq!(legends(&step), ["\"Anschrift", "\"Weiteres"]);
    assert!(
        step.contains(&"\"Wer beschäftigt.".to_string()),
        "its help stays"
    );
    assert!(
        step.contains(&"\"Ort (optional)".to_string()),
        "and its fields"
    );
    let english = lines(&model(GROUPED, Lang::En));
    assert_eq!(
        legends(&english),
        ["\"The employer", "\"Anschrift", "\"Weiteres"]
    );

    german.wizard.next_step().expect("no errors");
    let expected = [
        ("Name", 0),
        ("Anschrift", 0),
        ("Ort", 1),
        ("Weiteres", 0),
        ("Notiz", 1),
    ];
    assert_review(&german, &expected);
}

/// FIM's optional groups are imported as repeating groups of at most one entry, each a
/// step under the group's title: the step's heading says the title (the entry's box is
/// named by its legend, not numbered: "Anzeige", not "Anzeige 1"; so are its errors),
/// the review says it once, and
/// a repeating group of several entries keeps its legend and numbers. Adding the first
/// entry is not adding "another"; no entries read as "keine Angabe" on the review.
#[test]
fn an_optional_group_under_its_steps_title_is_named_once_and_not_numbered() {
    const OPTIONAL: &str = r#"{"format_version": 1, "id": "f", "version": "1",
        "title": {"de": "Anzeige"}, "languages": ["de"],
        "submission": {"endpoint": "/api/submissions"},
        "steps": [{"id": "s", "title": {"de": "Objektbezogene Anzeige"}, "elements": [
            {"key": "objekt", "type": "repeat", "label": {"de": "Objektbezogene Anzeige"},
             "item_label": {"de": "Objektbezogene Anzeige"}, "min": 0, "max": 1,
             "elements": [{"key": "ort", "type": "text", "label": {"de": "Ort"}, "required": true}]},
            {"key": "hunde", "type": "repeat", "label": {"de": "Hunde"},
             "item_label": {"de": "Hund"}, "min": 0,
             "elements": [{"key": "name", "type": "text", "label": {"de": "Name"}}]}]}]}"#;
    // Without entries the review says so, as for an empty field.
    let mut none = model(OPTIONAL, Lang::De);
    none.wizard.next_step().expect("no errors");
    let rows: Vec<(String, Option<String>)> = none.wizard.review()[0]
        .rows
        .iter()
        .map(|row| (row.label.clone(), row.value.clone()))
        .collect();
    let not_given = Some("keine Angabe".to_string());
    assert_eq!(
        rows,
        [
            ("Objektbezogene Anzeige".to_string(), not_given.clone()),
            ("Hunde".to_string(), not_given)
        ]
    );

    let mut model = model(OPTIONAL, Lang::De);
    let empty = lines(&model);
    assert!(empty.contains(&"\"Eintrag hinzufügen (Objektbezogene Anzeige)".to_string()));
    assert!(
        empty.contains(&"\"Eintrag hinzufügen (Hund)".to_string()),
        "none yet"
    );
    for node in [1, 3] {
        model
            .wizard
            .state
            .add_item(&Loc::top(node))
            .expect("an entry");
    }
    let step = lines(&model);
    assert_eq!(
        legends(&step),
        ["\"Objektbezogene Anzeige", "\"Hunde", "\"Hund 1"],
        "{step:?}"
    );
    assert!(step.contains(&"\"Objektbezogene Anzeige: Eintrag entfernen".to_string()));
    assert!(step.contains(&"\"Weiteren Eintrag hinzufügen (Hund)".to_string()));
    assert!(
        !step.iter().any(|l| l.ends_with("(Objektbezogene Anzeige)")),
        "at most one"
    );

    let errors = model.wizard.step_errors(0);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].label, "Objektbezogene Anzeige: Ort");

    model
        .wizard
        .state
        .set_input(&Loc::new(2, vec![0]), "Kiel", Lang::De);
    model.wizard.next_step().expect("no errors");
    let expected = [("Ort", 0), ("Hunde", 0), ("Hund 1", 0), ("Name", 1)];
    assert_review(&model, &expected);
}

/// Too few entries, in words that fit any number (not "mindestens 1 Einträge").
#[test]
fn too_few_entries_are_said_in_words_that_fit_any_number() {
    const REQUIRED: &str = r#"{"format_version": 1, "id": "f", "version": "1",
        "title": {"de": "Hunde"}, "languages": ["de", "en"],
        "submission": {"endpoint": "/api/submissions"},
        "steps": [{"id": "s", "title": {"de": "Hunde"}, "elements": [
            {"key": "hunde", "type": "repeat", "label": {"de": "Ihre Hunde"}, "required": true,
             "item_label": {"de": "Hund", "en": "Dog"}, "min": 0,
             "elements": [{"key": "name", "type": "text", "label": {"de": "Name"}}]}]}]}"#;
    let messages = |lang| -> Vec<String> {
        let model = model(REQUIRED, lang);
        let errors = model.wizard.step_errors(0);
        errors.into_iter().map(|e| e.message).collect()
    };
    assert_eq!(
        messages(Lang::De),
        ["Bitte fügen Sie Einträge hinzu (Hund): mindestens 1."]
    );
    assert_eq!(
        messages(Lang::En),
        ["Please add entries (Dog): at least 1."]
    );
}
