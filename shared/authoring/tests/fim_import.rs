//! Importing FIM XDatenfelder: every fixture imports, or fails with the intended clear
//! error; the real schema with its code lists becomes a form that passes the lint.
//! The imported real schema is kept as the example `public/forms/asbest-anzeige.json`
//! (`UPDATE_GOLDEN=1` rewrites it).

use std::path::Path;

use authoring::codec::write_form;
use authoring::fim::{self, FimError, Import, ReportKind};
use authoring::lint::lint;
use authoring::{Problem, Severity};
use engine::format::{Element, Form, Kind, SubmissionSettings};
use engine::Lang;

mod support {
    pub mod fim;
}
use support::fim::{fixtures, import_with, read, real_code_lists, REAL};

fn walk<'a>(elements: &'a [Element], out: &mut Vec<&'a Element>) {
    for element in elements {
        out.push(element);
        walk(element.children(), out);
    }
}

/// The lint of an imported form once the builder has entered what FIM cannot know:
/// where applications go.
/// The lint's problems with the imported form once it has a receiving address, except
/// the FIM rules still in prose: those are warnings on purpose (one per note).
fn lint_imported(form: &Form) -> Vec<Problem> {
    let mut form = form.clone();
    form.submission = Some(SubmissionSettings {
        endpoint: Some("/api/submissions".into()),
    });
    lint(&form)
        .into_iter()
        .filter(|p| !is_rule_note(p))
        .collect()
}

fn is_rule_note(problem: &Problem) -> bool {
    problem.severity == Severity::Warning
        && problem
            .location
            .property
            .as_deref()
            .is_some_and(|p| p.starts_with("notes["))
}

fn all_elements(import: &Import) -> Vec<&Element> {
    let mut out = Vec::new();
    for step in &import.form.steps {
        walk(&step.elements, &mut out);
    }
    out
}

#[test]
fn the_real_schema_with_its_code_lists_becomes_a_clean_form() {
    let import = import_with(REAL, &real_code_lists()).expect("imports");
    let problems = lint_imported(&import.form);
    assert!(
        problems.is_empty(),
        "lint: {:#?}",
        problems
            .iter()
            .map(|p| p.render(Lang::De))
            .collect::<Vec<_>>()
    );
    authoring::compile::compile(import.form.clone()).expect("compiles");

    let report = &import.report;
    assert_eq!(
        (report.source.id.as_str(), report.source.version.as_str()),
        ("S00000186", "1.0")
    );
    assert_eq!(report.xdf_version, 2);
    assert_eq!(report.steps, import.form.steps.len());
    assert!((8..=14).contains(&report.steps), "{} steps", report.steps);
    assert_eq!(report.count(ReportKind::MissingCodeList), 0);
    // 36 distinct rules in the schema, each in one of the three lists (fim_rules.rs
    // checks what they do).
    let rules: usize = ReportKind::RULES.iter().map(|&k| report.count(k)).sum();
    assert_eq!(rules, 36);
    assert_eq!(
        import.form.title.de,
        "Anzeige von Tätigkeiten mit Asbest (nach Anlagen 1.1-1.5 TRGS 519)"
    );

    let elements = all_elements(&import);
    let fields = elements
        .iter()
        .filter(|e| e.is_input() && e.fim.is_some())
        .count();
    assert_eq!(report.fields, fields);
    // Every field and group keeps its FIM id; only the wrappers made for repeated
    // single fields have none (their field inside has it), and the questions added to
    // choose between alternatives (fim_rules.rs).
    for element in &elements {
        let wrapper = matches!(&element.kind, Kind::Repeat { elements, .. } if elements.len() == 1 && elements[0].fim.is_some());
        let question =
            element.key.starts_with("auswahl") && matches!(element.kind, Kind::SingleChoice { .. });
        assert!(
            element.fim.is_some() || wrapper || question,
            "{} has no FIM id",
            element.key
        );
    }
    let by_fim = |id: &str| {
        elements
            .iter()
            .find(|e| e.fim.as_ref().is_some_and(|f| f.id == id))
            .copied()
            .unwrap_or_else(|| panic!("{id}"))
    };

    // A select with a large code list becomes a dropdown with every state of the list.
    let state = by_fim("F00000038");
    assert!(matches!(
        state.kind,
        Kind::SingleChoice {
            display: engine::format::ChoiceDisplay::Dropdown,
            ..
        }
    ));
    assert_eq!(state.options()[0].value, "000");
    assert_eq!(state.options()[0].label.de, "Deutschland");
    assert!(state.options().len() > 150);
    // 1:3 on a select: choose up to three.
    let measures = by_fim("F00002508");
    assert!(matches!(measures.kind, Kind::MultipleChoice { .. }));
    assert!(measures.required);
    assert!(measures
        .rules
        .iter()
        .any(|r| r.check == engine::format::Check::MaxLength { value: 3 }));
    // präzisierung → rules; 1:1 → required, 0:1 → optional.
    let surname = by_fim("F00000013");
    assert!(surname
        .rules
        .iter()
        .any(|r| r.check == engine::format::Check::MaxLength { value: 120 }));
    assert_eq!(surname.autocomplete.as_deref(), Some("family-name"));
    let postal = by_fim("F00000054");
    assert_eq!(postal.kind, Kind::PostalCode);
    assert!(postal.required);
    assert!(!by_fim("F00000016").required || by_fim("F00000016").label.de == "Hausnummer");
    // 2:5 on a text field: a repeating group of that field, two to five entries.
    let lines = elements
        .iter()
        .find(|e| matches!(&e.kind, Kind::Repeat { elements, .. } if elements.len() == 1 && elements[0].fim.as_ref().is_some_and(|f| f.id == "F00000087")))
        .expect("address lines as a repeat");
    assert!(matches!(
        lines.kind,
        Kind::Repeat {
            min: 2,
            max: Some(5),
            ..
        }
    ));
    // 1:* group: a repeating group without upper limit.
    assert!(matches!(
        by_fim("G00000282").kind,
        Kind::Repeat {
            min: 1,
            max: None,
            ..
        }
    ));
    // num_int with minValue.
    let count = by_fim("F00000527");
    assert_eq!(count.kind, Kind::Integer);
    assert!(count
        .rules
        .iter()
        .any(|r| r.check == engine::format::Check::MinValue { value: 1.0 }));
    // A rule left for a person is a note on the element carrying it; one of the schema
    // goes to the elements it names.
    assert!(by_fim("G00001378")
        .notes
        .iter()
        .any(|n| n.contains("R00001344") && n.contains("braucht eine Bedingung von Hand")));
    assert!(by_fim("G00001378")
        .notes
        .iter()
        .any(|n| n.contains("R00001190") && n.contains("braucht eine Bedingung von Hand")));
}

#[test]
fn missing_code_lists_leave_marked_placeholders() {
    let import = import_with(REAL, &[]).expect("imports without code lists");
    assert_eq!(import.report.count(ReportKind::MissingCodeList), 14);
    let placeholders: Vec<&Element> = all_elements(&import)
        .into_iter()
        .filter(|e| {
            e.fim.is_some()
                && matches!(
                    e.kind,
                    Kind::SingleChoice { .. } | Kind::MultipleChoice { .. }
                )
        })
        .collect();
    assert_eq!(placeholders.len(), 14);
    for element in placeholders {
        let options = element.options();
        assert_eq!(options.len(), 1, "{}", element.key);
        assert!(
            options[0].label.de.contains("Codeliste fehlt: urn:"),
            "{:?}",
            options[0]
        );
    }
    assert!(import
        .report
        .render(Lang::De)
        .contains("## Codeliste fehlt (14)"));
}

#[test]
fn the_example_form_is_the_import_of_the_real_schema() {
    let mut form = import_with(REAL, &real_code_lists()).expect("imports").form;
    // The example adds only what FIM cannot know: where applications go.
    form.submission = Some(SubmissionSettings {
        endpoint: Some("/api/submissions".into()),
    });
    let rendered = write_form(&form).to_pretty() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/forms/asbest-anzeige.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &rendered).expect("write example");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(checked_in == rendered, "public/forms/asbest-anzeige.json is stale: run UPDATE_GOLDEN=1 cargo test -p authoring --test fim_import");
}

/// What each synthetic fixture must give: `Ok(steps)` or the words the error must contain.
#[test]
fn every_synthetic_fixture_imports_or_fails_clearly() {
    let expected: &[(&str, Result<usize, &[&str]>)] = &[
        ("xdf2-synthetic/simple.xml", Ok(1)),
        ("xdf2-synthetic/minimal.xml", Ok(0)),
        ("xdf2-synthetic/select.xml", Ok(1)),
        ("xdf2-synthetic/label.xml", Ok(1)),
        ("xdf2-synthetic/rule.xml", Ok(0)),
        ("xdf2-synthetic/data-field-rule.xml", Ok(1)),
        // An empty group: left out, but its rule is still reported.
        ("xdf2-synthetic/data-group-rule.xml", Ok(0)),
        (
            "xdf2-synthetic/duplicate-required-value.xml",
            Err(&["xdf:name", "doppelt", "T1234", "Zeile 13"]),
        ),
        (
            "xdf2-synthetic/duplicate-optional-value.xml",
            Err(&["xdf:beschreibung", "doppelt", "Zeile 15"]),
        ),
        (
            "xdf2-synthetic/unknown-namespace.xml",
            Err(&["Unbekannter Namensraum", "Zeile 2"]),
        ),
        ("xdf3-synthetic/simple.xml", Ok(1)),
        ("xdf3-synthetic/input.xml", Ok(1)),
        (
            "xdf3-synthetic/duplicate-id-node.xml",
            Err(&["xdf:id", "doppelt", "Zeile 11"]),
        ),
        (
            "xdf3-synthetic/empty-id-node.xml",
            Err(&["xdf:id", "fehlt", "Zeile 10"]),
        ),
        (
            "xdf3-synthetic/missing-id-node.xml",
            Err(&["xdf:id", "fehlt", "Zeile 9"]),
        ),
        (
            "xdf3-synthetic/unexpected-node.xml",
            Err(&["Unerwartetes Element xdf:unknown", "Zeile 11"]),
        ),
        (
            "xdf3-synthetic/invalid-freigabestatus.xml",
            Err(&["„10“", "xdf:freigabestatus", "G123", "Zeile 17"]),
        ),
        (
            "xdf3-synthetic/unknown-namespace.xml",
            Err(&["xdatenfelder_unknown", "Zeile 2"]),
        ),
    ];
    let mut seen = 0;
    for dir in ["xdf2-synthetic", "xdf3-synthetic"] {
        seen += std::fs::read_dir(fixtures().join(dir))
            .expect("dir")
            .count();
    }
    assert_eq!(seen, expected.len(), "every fixture has an expectation");
    for (path, outcome) in expected {
        match (import_with(path, &[]), outcome) {
            (Ok(import), Ok(steps)) => {
                assert_eq!(import.form.steps.len(), *steps, "{path}");
                if *steps > 0 {
                    let errors: Vec<String> = lint_imported(&import.form)
                        .iter()
                        .filter(|p| p.severity == Severity::Error)
                        .map(|p| p.render(Lang::De))
                        .collect();
                    assert!(errors.is_empty(), "{path}: {errors:?}");
                }
            }
            (Err(error), Err(words)) => {
                let message = error.message();
                for word in *words {
                    assert!(
                        message.de.contains(word),
                        "{path}: '{word}' not in: {}",
                        message.de
                    );
                }
                assert!(!message.get(Lang::En).is_empty());
            }
            (Ok(_), Err(words)) => panic!("{path} imported, expected an error with {words:?}"),
            (Err(error), Ok(_)) => panic!("{path} failed: {error}"),
        }
    }
}

#[test]
fn rules_of_elements_left_out_are_still_reported() {
    let import = import_with("xdf2-synthetic/data-group-rule.xml", &[]).expect("imports");
    assert_eq!(import.report.count(ReportKind::NotMapped), 1);
    assert!(import
        .report
        .items
        .iter()
        .any(|i| i.fim_id == "R60000037" && i.kind == ReportKind::RuleNotApplied));
}

#[test]
fn v3_fields_map_their_attributes_and_inline_details() {
    let import = import_with("xdf3-synthetic/simple.xml", &[]).expect("imports");
    assert_eq!(import.report.xdf_version, 3);
    let elements = all_elements(&import);
    let street = elements
        .iter()
        .find(|e| e.fim.as_ref().is_some_and(|f| f.id == "F60000000243"))
        .expect("street");
    assert_eq!(street.label.de, "Straße");
    assert_eq!(
        street.help.as_ref().map(|h| h.de.as_str()),
        Some("Geben Sie an, wie die Straße heißt.")
    );
    assert!(street
        .rules
        .iter()
        .any(|r| r.check == engine::format::Check::MaxLength { value: 55 }));
    assert!(street.notes.iter().any(|n| n.contains("R60000000019")));
    // input.xml: a select without any code list or values gets the placeholder.
    let input = import_with("xdf3-synthetic/input.xml", &[]).expect("imports");
    assert_eq!(input.report.count(ReportKind::MissingCodeList), 1);
    // Details that fit nothing in the format are reported, not dropped silently.
    let not_mapped: Vec<&str> = input
        .report
        .items
        .iter()
        .filter(|i| i.kind == ReportKind::NotMapped)
        .map(|i| i.message.de.as_str())
        .collect();
    assert!(
        not_mapped
            .iter()
            .any(|m| m.contains("Längen- und Musterangaben")),
        "{not_mapped:?}"
    );
    assert!(
        not_mapped.iter().any(|m| m.contains("Die Grenze „0“")),
        "{not_mapped:?}"
    );
}

#[test]
fn v3_inline_values_text_latin_and_hidden_fields() {
    let schema = r#"<xdf:xdatenfelder.datenfeldgruppe.0103 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_3.0.0">
  <xdf:datenfeldgruppe>
    <xdf:identifikation><xdf:id>G1</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
    <xdf:name>Person</xdf:name>
    <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>
      <xdf:identifikation><xdf:id>F1</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
      <xdf:name>Familienname</xdf:name><xdf:bezeichnungEingabe>Familienname</xdf:bezeichnungEingabe>
      <xdf:feldart><code>input</code></xdf:feldart><xdf:datentyp><code>text_latin</code></xdf:datentyp>
      <xdf:praezisierung maxLength="120"/>
    </xdf:datenfeld></xdf:enthaelt></xdf:struktur>
    <xdf:struktur><xdf:anzahl>0:1</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>
      <xdf:identifikation><xdf:id>F2</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
      <xdf:name>Geschlecht</xdf:name>
      <xdf:feldart><code>select</code></xdf:feldart><xdf:datentyp><code>text</code></xdf:datentyp>
      <xdf:werte><xdf:wert><xdf:code>m</xdf:code><xdf:name>männlich</xdf:name></xdf:wert>
        <xdf:wert><xdf:code>w</xdf:code><xdf:name>weiblich</xdf:name></xdf:wert></xdf:werte>
    </xdf:datenfeld></xdf:enthaelt></xdf:struktur>
    <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>
      <xdf:identifikation><xdf:id>F3</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
      <xdf:name>Vorgangsnummer</xdf:name>
      <xdf:feldart><code>hidden</code></xdf:feldart><xdf:datentyp><code>text</code></xdf:datentyp>
    </xdf:datenfeld></xdf:enthaelt></xdf:struktur>
    <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>
      <xdf:identifikation><xdf:id>F4</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
      <xdf:name>Beginn</xdf:name>
      <xdf:feldart><code>input</code></xdf:feldart><xdf:datentyp><code>time</code></xdf:datentyp>
    </xdf:datenfeld></xdf:enthaelt></xdf:struktur>
    <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>
      <xdf:identifikation><xdf:id>F5</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
      <xdf:name>Verfahren</xdf:name>
      <xdf:feldart><code>hidden</code></xdf:feldart><xdf:datentyp><code>text</code></xdf:datentyp>
      <xdf:inhalt>Hundesteuer</xdf:inhalt>
    </xdf:datenfeld></xdf:enthaelt></xdf:struktur>
  </xdf:datenfeldgruppe>
</xdf:xdatenfelder.datenfeldgruppe.0103>"#;
    let import = fim::import(schema, &[]).expect("imports");
    let elements = all_elements(&import);
    let name = elements
        .iter()
        .find(|e| e.key == "familienname")
        .expect("name");
    assert!(name
        .rules
        .iter()
        .any(|r| r.check == engine::format::Check::Latin));
    let sex = elements
        .iter()
        .find(|e| e.key == "geschlecht")
        .expect("select");
    assert_eq!(
        sex.options()
            .iter()
            .map(|o| o.label.de.as_str())
            .collect::<Vec<_>>(),
        ["männlich", "weiblich"]
    );
    assert!(!sex.required);
    assert!(
        elements.iter().all(|e| e.key != "vorgangsnummer"),
        "hidden fields without a value are left out"
    );
    let procedure = elements
        .iter()
        .find(|e| e.key == "verfahren")
        .expect("hidden value kept");
    assert!(
        matches!(&procedure.kind, Kind::Computed { expression, .. } if expression == "\"Hundesteuer\"")
    );
    let start = elements.iter().find(|e| e.key == "beginn").expect("time");
    assert_eq!(
        start.placeholder.as_ref().map(|p| p.de.as_str()),
        Some("hh:mm")
    );
    let pattern = start.rules.iter().find_map(|r| match &r.check {
        engine::format::Check::Pattern { pattern } => Some(pattern.clone()),
        _ => None,
    });
    let time =
        authoring::compile::compile_pattern(&pattern.expect("a time pattern")).expect("compiles");
    assert!(time.is_match("09:30"));
    assert!(!time.is_match("25:00"));
    authoring::compile::compile(import.form.clone()).expect("compiles");
    assert_eq!(import.report.count(ReportKind::NotMapped), 1);
    assert!(import
        .report
        .items
        .iter()
        .any(|i| i.fim_id == "F4" && i.kind == ReportKind::Guessed));
    assert_eq!(import.report.options, 2);
}

#[test]
fn broken_input_gives_errors_never_panics() {
    let text = read(REAL);
    // Truncations and a stray byte at many places: every one must come back as an error
    // or an import, with a message.
    let step = text.len() / 97;
    for cut in (1..text.len()).step_by(step) {
        let cut = (cut..text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        if let Err(error) = fim::import(&text[..cut], &[]) {
            assert!(!error.message().de.is_empty());
        }
        let mut mangled = text.clone();
        mangled.insert(cut, '<');
        if let Err(error) = fim::import(&mangled, &[]) {
            assert!(error.message().de.contains("Zeile"), "{error}");
        }
    }
    let error = fim::import("<a>", &[]).expect_err("not closed");
    assert!(matches!(error, FimError::Xml { .. }));
    let error = fim::import(&read("xdf2-real/S00000186/1122.xml"), &[]).expect_err("a code list");
    assert!(matches!(error, FimError::CodeListAsSchema));
    let v1 = r#"<x:xdatenfelder.stammdatenschema.0101 xmlns:x="urn:xoev-de:fim:standard:xdatenfelder_1.0"/>"#;
    assert!(matches!(fim::import(v1, &[]), Err(FimError::Version1)));
}

#[test]
fn a_v3_stammdatenschema_imports_with_its_help_text() {
    let schema = r#"<?xml version="1.0" encoding="UTF-8"?>
<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_3.0.0">
  <xdf:stammdatenschema>
    <xdf:identifikation><xdf:id>S60000011</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
    <xdf:name>Hundehaltung</xdf:name>
    <xdf:bezeichnungEingabe>Hund anmelden</xdf:bezeichnungEingabe>
    <xdf:hilfetextEingabe>Melden Sie Ihren Hund an.</xdf:hilfetextEingabe>
    <xdf:struktur><xdf:anzahl>1:3</xdf:anzahl><xdf:enthaelt><xdf:datenfeldgruppe>
      <xdf:identifikation><xdf:id>G60000100</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
      <xdf:name>Hund</xdf:name>
      <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>
        <xdf:identifikation><xdf:id>F60000200</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
        <xdf:name>Steuerbetrag</xdf:name>
        <xdf:feldart><code>input</code></xdf:feldart><xdf:datentyp><code>num_currency</code></xdf:datentyp>
        <xdf:praezisierung minValue="0" maxValue="1000"/>
      </xdf:datenfeld></xdf:enthaelt></xdf:struktur>
      <xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>
        <xdf:identifikation><xdf:id>F60000201</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
        <xdf:name>Rasse</xdf:name>
        <xdf:feldart><code>locked</code></xdf:feldart><xdf:datentyp><code>text</code></xdf:datentyp>
        <xdf:inhalt>Mischling "klein"</xdf:inhalt>
      </xdf:datenfeld></xdf:enthaelt></xdf:struktur>
    </xdf:datenfeldgruppe></xdf:enthaelt></xdf:struktur>
  </xdf:stammdatenschema>
</xdf:xdatenfelder.stammdatenschema.0102>"#;
    let import = fim::import(schema, &[]).expect("imports");
    assert_eq!(import.report.xdf_version, 3);
    assert_eq!(import.form.title.de, "Hund anmelden");
    assert_eq!(
        import.form.description.as_ref().map(|d| d.de.as_str()),
        Some("Melden Sie Ihren Hund an.")
    );
    let dogs = &import.form.steps[0].elements[0];
    assert!(matches!(
        dogs.kind,
        Kind::Repeat {
            min: 1,
            max: Some(3),
            ..
        }
    ));
    let fee = &dogs.children()[0];
    assert_eq!(fee.kind, Kind::Currency);
    assert!(fee
        .rules
        .iter()
        .any(|r| r.check == engine::format::Check::MaxValue { value: 1000.0 }));
    let breed = &dogs.children()[1];
    assert!(
        matches!(&breed.kind, Kind::Computed { expression, .. } if expression == r#""Mischling \"klein\"""#)
    );
    authoring::compile::compile(import.form.clone())
        .expect("the locked value is a valid expression");
}

/// A schema with a field at the top and one in `depth` groups, each `anzahl` times.
fn nested_schema(depth: usize, anzahl: &str) -> String {
    let field = |id: &str, name: &str| {
        format!(
            r#"<xdf:datenfeld><xdf:identifikation><xdf:id>{id}</xdf:id><xdf:version>1.0</xdf:version></xdf:identifikation>
            <xdf:name>{name}</xdf:name><xdf:bezeichnungEingabe>{name}</xdf:bezeichnungEingabe>
            <xdf:feldart><code>input</code></xdf:feldart><xdf:datentyp><code>text</code></xdf:datentyp></xdf:datenfeld>"#
        )
    };
    let mut content = field("F00000001", "Name");
    for level in 0..depth {
        content = format!(
            r#"<xdf:datenfeldgruppe><xdf:identifikation><xdf:id>G{level:08}</xdf:id><xdf:version>1.0</xdf:version></xdf:identifikation>
            <xdf:name>Gruppe {level}</xdf:name><xdf:bezeichnungEingabe>Gruppe {level}</xdf:bezeichnungEingabe>
            <xdf:struktur><xdf:anzahl>{anzahl}</xdf:anzahl><xdf:enthaelt>{content}</xdf:enthaelt></xdf:struktur></xdf:datenfeldgruppe>"#
        );
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_2">
<xdf:header><xdf:nachrichtID>x</xdf:nachrichtID><xdf:erstellungszeitpunkt>2020-09-01T00:00:00Z</xdf:erstellungszeitpunkt></xdf:header>
<xdf:stammdatenschema><xdf:identifikation><xdf:id>S00000001</xdf:id><xdf:version>1.0</xdf:version></xdf:identifikation>
<xdf:name>Tief</xdf:name><xdf:bezeichnungEingabe>Tief</xdf:bezeichnungEingabe>
<xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt>{}</xdf:enthaelt></xdf:struktur>
<xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt>{content}</xdf:enthaelt></xdf:struktur>
</xdf:stammdatenschema></xdf:xdatenfelder.stammdatenschema.0102>"#,
        field("F00000002", "Ort")
    )
}

#[test]
fn what_fim_allows_beyond_a_forms_caps_is_brought_within_them_and_reported() {
    // 62 nested groups once imported into a definition that could not be loaded again;
    // `anzahl` 4000000000:* into a form no browser could open.
    for (depth, anzahl) in [(62, "1:1"), (3, "4000000000:*"), (2, "0:4000000000")] {
        let import = fim::import(&nested_schema(depth, anzahl), &[])
            .unwrap_or_else(|e| panic!("{depth} {anzahl}: {e:?}"));
        let json = write_form(&import.form).to_pretty();
        let form = authoring::load::load_form(&json).expect("the imported form loads again");
        let errors: Vec<String> = lint_imported(&form)
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.message.de)
            .collect();
        assert!(errors.is_empty(), "{depth} {anzahl}: {errors:?}");
        let reported: Vec<&str> = import
            .report
            .items
            .iter()
            .map(|i| i.message.de.as_str())
            .collect();
        let expected = if depth > 16 {
            "tiefer als 16 Gruppen"
        } else {
            "mehr als 1000 Einträge"
        };
        assert!(
            reported.iter().any(|m| m.contains(expected)),
            "{reported:?}"
        );
    }
}
