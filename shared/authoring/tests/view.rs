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
    let legends = |lines: &[String]| -> Vec<String> {
        lines
            .windows(2)
            .filter(|pair| pair[0].starts_with("<legend class ff-legend"))
            .map(|pair| pair[1].clone())
            .collect()
    };
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
    let rows: Vec<(String, usize)> = german.wizard.review()[0]
        .rows
        .iter()
        .map(|row| (row.label.clone(), row.depth))
        .collect();
    let expected = [
        ("Name", 0),
        ("Anschrift", 0),
        ("Ort", 1),
        ("Weiteres", 0),
        ("Notiz", 1),
    ];
    assert_eq!(
        rows,
        expected.map(|(label, depth)| (label.to_string(), depth))
    );
}
