use super::*;
use crate::problem::{has_errors, Severity};
use engine::date::Date;
use engine::format::{
    Check, ChoiceDisplay, ChoiceOption, DateBound, DateUnit, KindName, ParameterKind, RuleName,
    SubmissionSettings,
};
use engine::text::Lang;

/// Step 1: name, group(anschrift: strasse, ort), alter; step 2: hinweis.
fn sample() -> Form {
    let mut form = blank_form("test");
    form.submission = Some(SubmissionSettings {
        endpoint: Some("/api/submissions".into()),
    });
    add_step(&mut form, 1);
    let add = |form: &mut Form, kind: &str, label: &str, slot: Slot| {
        let kind = KindName::parse(kind).expect("known kind");
        let element = new_element(form, kind, "Neu");
        let path = insert(form, &slot, element).expect("inserted");
        set_label(form, &path, label).expect("labelled");
        path
    };
    let at = |step, parent: &[usize], index| Slot {
        step,
        parent: parent.to_vec(),
        index,
    };
    add(&mut form, "text", "Name", at(0, &[], 0));
    add(&mut form, "group", "Anschrift", at(0, &[], 1));
    add(&mut form, "text", "Straße", at(0, &[1], 0));
    add(&mut form, "text", "Ort", at(0, &[1], 1));
    add(&mut form, "integer", "Alter", at(0, &[], 2));
    add(&mut form, "content", "", at(1, &[], 0));
    form
}

fn keys_of(elements: &[Element]) -> Vec<&str> {
    elements.iter().map(|e| e.key.as_str()).collect()
}

#[test]
fn date_limits_are_read_as_builders_type_them_and_shown_so() {
    let mut form = sample();
    for (label, index) in [("Beginn", 3), ("Ende", 4)] {
        let element = new_element(&form, KindName::Date, "Datum");
        let path = insert(
            &mut form,
            &Slot {
                step: 0,
                parent: vec![],
                index,
            },
            element,
        )
        .expect("inserted");
        set_label(&mut form, &path, label).expect("labelled");
    }
    let end = Path::new(0, &[4]);
    let read = |typed: &str| date_limit_from_typed(&form, &end, typed);
    let day = |y, m, d| DateBound::Absolute(Date::new(y, m, d).expect("valid"));
    let relative = |amount, unit| DateBound::Relative { amount, unit };
    assert_eq!(read("01.12.2026"), Some(day(2026, 12, 1)));
    assert_eq!(read(" 1.2.2027 "), Some(day(2027, 2, 1)));
    assert_eq!(read("2026-12-01"), Some(day(2026, 12, 1)));
    assert_eq!(read("heute"), Some(relative(0, DateUnit::Days)));
    assert_eq!(read("Today"), Some(relative(0, DateUnit::Days)));
    assert_eq!(
        read("heute - 18 Jahre"),
        Some(relative(-18, DateUnit::Years))
    );
    assert_eq!(read("today+30d"), Some(relative(30, DateUnit::Days)));
    assert_eq!(
        read("heute + 2 Monate"),
        Some(relative(2, DateUnit::Months))
    );
    assert_eq!(read("Beginn"), Some(DateBound::Field("beginn".into())));
    assert_eq!(read("beginn"), Some(DateBound::Field("beginn".into())));
    assert_eq!(read("Name"), None, "a text field is no date limit");
    assert_eq!(read("31.02.2026"), None);
    assert_eq!(read("heute -"), None);
    assert_eq!(read("morgen"), None);
    // Shown as read back.
    for typed in [
        "01.12.2026",
        "heute",
        "heute - 18 Jahre",
        "heute + 1 Tag",
        "Beginn",
    ] {
        let bound = read(typed).expect(typed);
        let shown = date_limit_shown(&form, &end, &bound);
        assert_eq!(shown, typed);
        assert_eq!(read(&shown), Some(bound));
    }
}

#[test]
fn new_elements_have_readable_unique_keys_that_follow_the_label() {
    let form = sample();
    assert_eq!(
        keys_of(&form.steps[0].elements),
        ["name", "anschrift", "alter"]
    );
    assert_eq!(
        keys_of(form.steps[0].elements[1].children()),
        ["strasse", "ort"]
    );
    let mut form = form;
    let path = Path::new(0, &[0]);
    assert!(set_label(&mut form, &path, "Vorname").expect("exists"));
    assert_eq!(form.steps[0].elements[0].key, "vorname");
    // A key the form builder chose stays when the label changes.
    element_mut(&mut form, &path).expect("exists").key = "rufname".into();
    assert!(!set_label(&mut form, &path, "Name des Kindes").expect("exists"));
    assert_eq!(form.steps[0].elements[0].key, "rufname");
    // A label giving a taken key gets a numbered one.
    let alter = Path::new(0, &[2]);
    set_label(&mut form, &alter, "Anschrift").expect("exists");
    assert_eq!(form.steps[0].elements[2].key, "anschrift_2");
    // A key used in a condition stays, so the condition keeps working.
    form.steps[1].elements[0].visible_if = Some("anschrift.ort != \"\"".into());
    assert!(is_referenced(&form, "ort"));
    assert!(!is_referenced(&form, "or"));
    assert!(
        !is_referenced(&form, "name"),
        "text inside quotes is no reference"
    );
    form.steps[1].elements[0].required_if = Some("name == \"strasse\"".into());
    assert!(is_referenced(&form, "name") && !is_referenced(&form, "strasse"));
    form.steps[1].elements[0].required_if = None;
    set_label(&mut form, &Path::new(0, &[1, 1]), "Wohnort").expect("exists");
    assert_eq!(form.steps[0].elements[1].children()[1].key, "ort");
}

#[test]
fn every_kind_of_new_element_makes_a_usable_form() {
    let mut form = blank_form("alle-typen");
    form.submission = Some(SubmissionSettings {
        endpoint: Some("/api/submissions".into()),
    });
    for &kind in KindName::ALL {
        let element = new_element(&form, kind, "Neu");
        assert_eq!(element.kind.kind_name(), kind);
        let end = Slot::end_of_step(&form, 0);
        insert(&mut form, &end, element).expect("inserted");
    }
    let problems = crate::lint::lint(&form);
    let errors: Vec<_> = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn moves_within_a_list_in_both_directions() {
    let mut form = sample();
    let moved = move_by(&mut form, &Path::new(0, &[0]), 1).expect("moves");
    assert_eq!(moved, Path::new(0, &[1]));
    assert_eq!(
        keys_of(&form.steps[0].elements),
        ["anschrift", "name", "alter"]
    );
    let moved = move_by(&mut form, &Path::new(0, &[2]), -1).expect("moves");
    assert_eq!(moved, Path::new(0, &[1]));
    assert_eq!(
        keys_of(&form.steps[0].elements),
        ["anschrift", "alter", "name"]
    );
    assert_eq!(
        move_by(&mut form, &Path::new(0, &[0]), -1),
        Err(EditError::AtEdge)
    );
    assert_eq!(
        move_by(&mut form, &Path::new(0, &[2]), 1),
        Err(EditError::AtEdge)
    );
    // Dropping an element onto its own place changes nothing.
    let before = form.clone();
    let path = Path::new(0, &[1]);
    for index in [1, 2] {
        let slot = Slot {
            index,
            ..path.slot()
        };
        assert_eq!(move_element(&mut form, &path, &slot), Ok(path.clone()));
        assert_eq!(form, before);
    }
}

#[test]
fn moves_into_and_out_of_groups_and_across_steps() {
    let mut form = sample();
    // "alter" into the group, between strasse and ort.
    let into = Slot {
        step: 0,
        parent: vec![1],
        index: 1,
    };
    let moved = move_element(&mut form, &Path::new(0, &[2]), &into).expect("moves");
    assert_eq!(moved, Path::new(0, &[1, 1]));
    assert_eq!(
        keys_of(form.steps[0].elements[1].children()),
        ["strasse", "alter", "ort"]
    );
    // "name" (before the group) into the group: the group's index shifts.
    let into_end = Slot {
        step: 0,
        parent: vec![1],
        index: 3,
    };
    let moved = move_element(&mut form, &Path::new(0, &[0]), &into_end).expect("moves");
    assert_eq!(moved, Path::new(0, &[0, 3]));
    assert_eq!(
        keys_of(form.steps[0].elements[0].children()),
        ["strasse", "alter", "ort", "name"]
    );
    // The group moves to step 2 with its children.
    let moved = move_to_step(&mut form, &Path::new(0, &[0]), 1).expect("moves");
    assert_eq!(moved, Path::new(1, &[1]));
    assert!(form.steps[0].elements.is_empty());
    assert_eq!(
        element(&form, &Path::new(1, &[1, 3])).map(|e| e.key.as_str()),
        Some("name")
    );
}

#[test]
fn refuses_impossible_moves_without_changing_anything() {
    let mut form = sample();
    let before = form.clone();
    let group = Path::new(0, &[1]);
    let inside_itself = Slot {
        step: 0,
        parent: vec![1],
        index: 0,
    };
    assert_eq!(
        move_element(&mut form, &group, &inside_itself),
        Err(EditError::IntoItself)
    );
    let into_a_field = Slot {
        step: 0,
        parent: vec![0],
        index: 0,
    };
    assert_eq!(
        move_element(&mut form, &Path::new(0, &[2]), &into_a_field),
        Err(EditError::NotAGroup(Path::new(0, &[0])))
    );
    assert_eq!(
        move_to_step(&mut form, &Path::new(0, &[0]), 5),
        Err(EditError::NoStep(5))
    );
    assert_eq!(
        remove(&mut form, &Path::new(0, &[9])),
        Err(EditError::NoElement(Path::new(0, &[9])))
    );
    assert_eq!(form, before);
}

#[test]
fn steps_are_added_moved_and_removed_but_never_the_last() {
    let mut form = sample();
    let index = add_step(&mut form, 99);
    assert_eq!(index, 2);
    assert_eq!(form.steps[2].title.de, "Schritt 3");
    let ids: Vec<_> = form.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["schritt_1", "schritt_2", "schritt_3"]);
    move_step(&mut form, 0, 2).expect("moves");
    assert_eq!(form.steps[2].elements.len(), 3);
    assert_eq!(move_step(&mut form, 0, 3), Err(EditError::AtEdge));
    remove_step(&mut form, 0).expect("removes");
    remove_step(&mut form, 0).expect("removes");
    assert_eq!(remove_step(&mut form, 0), Err(EditError::LastStep));
    assert_eq!(
        keys_of(&form.steps[0].elements),
        ["name", "anschrift", "alter"]
    );
}

#[test]
fn pasted_lines_become_options_with_unique_values() {
    // Pasted into a new field: its placeholder options make room.
    let Kind::SingleChoice {
        options: mut fresh, ..
    } = new_element(&blank_form("t"), KindName::SingleChoice, "Auswahl").kind
    else {
        panic!("a choice");
    };
    assert_eq!(paste_options(&mut fresh, "Ja\nNein\n"), 2);
    assert_eq!(
        fresh.iter().map(|o| o.value.as_str()).collect::<Vec<_>>(),
        ["ja", "nein"]
    );
    // Pasted after real ones: added, values kept apart.
    assert_eq!(paste_options(&mut fresh, "Ja\nVielleicht"), 2);
    assert_eq!(
        fresh.iter().map(|o| o.value.as_str()).collect::<Vec<_>>(),
        ["ja", "nein", "ja_2", "vielleicht"]
    );
    assert_eq!(paste_options(&mut fresh, "\n  \n"), 0);
    let options = options_from_lines("Dackel\n\n  Schäferhund \nmix | Mischling\nDackel\n");
    let values: Vec<_> = options.iter().map(|o| o.value.as_str()).collect();
    let labels: Vec<_> = options.iter().map(|o| o.label.de.as_str()).collect();
    assert_eq!(values, ["dackel", "schaeferhund", "mix", "dackel_2"]);
    assert_eq!(labels, ["Dackel", "Schäferhund", "Mischling", "Dackel"]);
}

#[test]
fn conditions_on_choices_compare_values_even_when_a_label_is_typed() {
    let options = vec![
        ChoiceOption {
            value: "sonstiges".into(),
            label: Text::new("Sonstige Nutzung", "Other use"),
        },
        ChoiceOption {
            value: "geruest".into(),
            label: Text::new("Gerüst", "Scaffold"),
        },
    ];
    let single = Kind::SingleChoice {
        options: options.clone(),
        display: ChoiceDisplay::Radio,
    };
    let multiple = Kind::MultipleChoice { options };
    let cases = [
        (
            &single,
            Comparison::Equals,
            "sonstiges",
            r#"zweck == "sonstiges""#,
        ),
        (
            &single,
            Comparison::Equals,
            "Sonstige Nutzung",
            r#"zweck == "sonstiges""#,
        ),
        (
            &single,
            Comparison::NotEquals,
            "gerüst",
            r#"zweck != "geruest""#,
        ),
        (&single, Comparison::Equals, "Kran", r#"zweck == "Kran""#),
        (
            &multiple,
            Comparison::Equals,
            "Gerüst",
            r#"contains(zweck, "geruest")"#,
        ),
        (
            &multiple,
            Comparison::NotEquals,
            "geruest",
            r#"not contains(zweck, "geruest")"#,
        ),
        (&multiple, Comparison::Filled, "", "not empty(zweck)"),
    ];
    for (kind, comparison, value, expected) in cases {
        assert_eq!(condition("zweck", kind, comparison, value), expected);
    }
}

#[test]
fn the_id_follows_the_title_until_changed() {
    let mut form = blank_form("neues-formular-2");
    let unique = |wanted: &str| wanted.to_string();
    assert!(set_title(&mut form, "Antrag auf Sondernutzung", unique));
    assert_eq!(form.id, "antrag-auf-sondernutzung");
    assert!(set_title(
        &mut form,
        "Antrag auf Sondernutzung öffentlicher Flächen",
        unique
    ));
    assert_eq!(form.id, "antrag-auf-sondernutzung-oeffentlicher-flaechen");
    // Taken by another saved form: made unique.
    assert!(set_title(&mut form, "Hundesteuer", |w| format!("{w}-2")));
    assert_eq!(form.id, "hundesteuer-2");
    // Changed by hand: it stays.
    form.id = "sondernutzung".into();
    assert!(!set_title(
        &mut form,
        "Sondernutzung öffentlicher Straßen",
        unique
    ));
    assert_eq!(form.id, "sondernutzung");
    assert_eq!(form.title.de, "Sondernutzung öffentlicher Straßen");
    // An empty title leaves the id.
    let mut form = blank_form(NEW_FORM_ID);
    assert!(!set_title(&mut form, " ", unique));
    assert_eq!(form.id, NEW_FORM_ID);
}

#[test]
fn built_conditions_compile_against_the_form() {
    let mut form = sample();
    let cases = [
        (
            "alter",
            Kind::Integer,
            Comparison::Greater,
            "1.000,5",
            "alter > 1000.5",
        ),
        (
            "name",
            Kind::Text,
            Comparison::Equals,
            "Max \"M\"",
            r#"name == "Max \"M\"""#,
        ),
        (
            "anschrift.ort",
            Kind::Text,
            Comparison::Filled,
            "",
            "not empty(anschrift.ort)",
        ),
        (
            "alter",
            Kind::Integer,
            Comparison::Empty,
            "",
            "empty(alter)",
        ),
    ];
    for (reference, kind, comparison, value, expected) in cases {
        let expression = condition(reference, &kind, comparison, value);
        assert_eq!(expression, expected);
        form.steps[1].elements[0].visible_if = Some(expression);
        let problems = crate::lint::lint(&form);
        assert!(!has_errors(&problems), "{expected}: {problems:#?}");
    }
    let date = condition("geburt", &Kind::Date, Comparison::Less, "31.12.2000");
    assert_eq!(date, "geburt < @2000-12-31");
    assert_eq!(
        condition("hund", &Kind::YesNo, Comparison::Yes, ""),
        "hund == true"
    );
}

#[test]
fn references_offer_what_an_expression_can_name() {
    let mut form = sample();
    let repeat = new_element(&form, KindName::Repeat, "Wiederholbare Gruppe");
    let end = Slot::end_of_step(&form, 1);
    insert(&mut form, &end, repeat).expect("inserted");
    let names = |form: &Form, path: &Path| -> Vec<String> {
        references(form, path).into_iter().map(|r| r.name).collect()
    };
    let hinweis = Path::new(1, &[0]);
    assert_eq!(
        names(&form, &hinweis),
        [
            "name",
            "anschrift.strasse",
            "anschrift.ort",
            "alter",
            "wiederholbare_gruppe"
        ]
    );
    // Inside the repeating group its entry's own fields come first.
    let inner = Path::new(1, &[1, 0]);
    assert_eq!(names(&form, &inner)[..2], ["name", "anschrift.strasse"]);
    let alter = Path::new(0, &[2]);
    assert!(!names(&form, &alter).contains(&"alter".to_string()));
    form.parameters.push(engine::format::Parameter {
        key: "satz".into(),
        label: Text::de("Steuersatz"),
        kind: ParameterKind::Currency,
        default: Some("120".into()),
    });
    assert_eq!(
        names(&form, &alter).last().map(String::as_str),
        Some("param.satz")
    );
}

#[test]
fn history_undoes_and_redoes_with_a_limit_and_merged_typing() {
    let mut history = History::new(100);
    let mut current = 0;
    for n in 1..=150 {
        history.record(current, None);
        current = n;
    }
    let mut undone = 0;
    while let Some(previous) = history.undo(current) {
        current = previous;
        undone += 1;
    }
    assert_eq!((undone, current), (100, 50));
    assert_eq!(history.redo(current), Some(51));
    current = 51;
    // A new change drops what could be redone.
    history.record(current, None);
    current = 1000;
    assert!(!history.can_redo());
    // Typing into one field: one undo step.
    history.record(current, Some("label"));
    history.record(1001, Some("label"));
    history.record(1002, Some("label"));
    current = 1003;
    assert_eq!(history.undo(current), Some(1000));
}

#[test]
fn texts_are_listed_with_their_address_and_can_be_translated() {
    let mut form = sample();
    let mut seen = Vec::new();
    for_each_text(&mut form, &mut |at, text| {
        seen.push((at.to_string(), text.is_missing(engine::text::Lang::En)));
        if at == "steps[0].elements[1].elements[0].label" {
            text.en = Some("Street".into());
        }
    });
    assert!(seen.contains(&("steps[0].elements[1].elements[0].label".into(), true)));
    assert!(seen.contains(&("steps[1].elements[0].markdown".into(), true)));
    assert_eq!(seen[0].0, "title");
    assert_eq!(
        form.steps[0].elements[1].children()[0].label.en.as_deref(),
        Some("Street")
    );
}

#[test]
fn rules_are_set_replaced_and_removed_by_code() {
    let mut form = sample();
    let name = element_mut(&mut form, &Path::new(0, &[0])).expect("exists");
    set_check(
        name,
        RuleName::MaxLength,
        Some(Check::MaxLength { value: 10 }),
    );
    set_check(
        name,
        RuleName::MaxLength,
        Some(Check::MaxLength { value: 20 }),
    );
    assert_eq!(name.rules.len(), 1);
    assert_eq!(
        check(name, RuleName::MaxLength),
        Some(&Check::MaxLength { value: 20 })
    );
    set_check(name, RuleName::MaxLength, None);
    assert!(name.rules.is_empty());
}

#[test]
fn containers_list_steps_and_groups_but_not_the_moving_group_itself() {
    let form = sample();
    let places = |moving: &Path| -> Vec<(Place, usize)> {
        containers(&form, moving)
            .into_iter()
            .map(|c| (c.place, c.depth))
            .collect()
    };
    let step = |number: usize| Place::Step {
        number,
        title: format!("Schritt {number}"),
    };
    assert_eq!(
        places(&Path::new(0, &[0])),
        [
            (step(1), 0),
            (Place::Group("Anschrift".into()), 1),
            (step(2), 0)
        ]
    );
    assert_eq!(
        places(&Path::new(0, &[1])).len(),
        2,
        "a group cannot go into itself"
    );
    let into_group = containers(&form, &Path::new(0, &[2]))[1].slot.clone();
    let mut moved = form.clone();
    let path = move_element(&mut moved, &Path::new(0, &[2]), &into_group).expect("moves");
    assert_eq!(path, Path::new(0, &[1, 2]));
}

#[test]
fn one_language_of_a_text_is_shown_and_set_as_typed() {
    let mut help: Option<Text> = None;
    assert_eq!(optional_language_of(&help, Lang::En), "");
    set_optional_language(&mut help, Lang::En, "Help".into());
    assert_eq!(
        help,
        Some(Text {
            de: String::new(),
            en: Some("Help".into())
        })
    );
    set_optional_language(&mut help, Lang::De, "Hilfe".into());
    assert_eq!(optional_language_of(&help, Lang::De), "Hilfe");
    // English emptied is missing; both emptied, the text is gone.
    set_optional_language(&mut help, Lang::En, String::new());
    assert_eq!(help, Some(Text::de("Hilfe")));
    set_optional_language(&mut help, Lang::De, String::new());
    assert_eq!(help, None);
    let mut label = Text::de("Name");
    set_language(&mut label, Lang::En, "Name".into());
    assert_eq!(language_of(&label, Lang::En), "Name");
}
