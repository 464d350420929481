//! The exported JSON Schema of each example form accepts the form's golden payloads and
//! rejects tampered ones, so receiving systems can rely on it.

mod support {
    pub mod json_schema;
}

use std::path::{Path, PathBuf};

use authoring::load::load_compiled;
use authoring::schema::submission_schema;
use engine::Json;
use support::json_schema::validate;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// An example form's exported schema and its golden payloads (file, payload).
struct Case {
    id: String,
    schema: Json,
    payloads: Vec<(String, Json)>,
}

/// Every example form with golden answer sets.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let golden = root().join("shared/authoring/tests/golden");
    let mut forms: Vec<_> = std::fs::read_dir(&golden)
        .expect("golden")
        .map(|e| e.expect("entry").path())
        .collect();
    forms.sort();
    for dir in forms {
        let id = dir
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let json = std::fs::read_to_string(root().join(format!("public/forms/{id}.json")))
            .expect("example form");
        let schema = submission_schema(&load_compiled(&json).expect("loads"));
        let mut payloads = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for file in files
            .iter()
            .filter(|f| f.to_string_lossy().ends_with(".expected.json"))
        {
            let expected =
                Json::parse(&std::fs::read_to_string(file).expect("read")).expect("json");
            if let Some(payload) = expected.get("payload") {
                payloads.push((file.display().to_string(), payload.clone()));
            }
        }
        cases.push(Case {
            id,
            schema,
            payloads,
        });
    }
    cases
}

#[test]
fn golden_payloads_validate_against_their_exported_schema() {
    let cases = cases();
    assert!(cases.len() >= 4, "every example form has golden answers");
    for Case {
        id,
        schema,
        payloads,
    } in &cases
    {
        assert!(!payloads.is_empty(), "{id} has a golden payload");
        for (file, payload) in payloads {
            let errors = validate(schema, payload);
            assert!(errors.is_empty(), "{file}: {errors:#?}");
        }
    }
}

#[test]
fn tampered_payloads_are_rejected_by_the_schema() {
    for Case {
        id,
        schema,
        payloads,
    } in cases()
    {
        let (_, payload) = &payloads[0];
        let mut unknown = payload.clone();
        if let Json::Object(members) = &mut unknown {
            for (name, value) in members.iter_mut() {
                if name == "answers" {
                    value.insert("erfunden", Json::from("x"));
                }
            }
        }
        assert!(
            validate(&schema, &unknown)
                .iter()
                .any(|e| e.contains("erfunden: not allowed")),
            "{id}"
        );

        let mut wrong_form = payload.clone();
        wrong_form.insert(
            "form",
            engine::json!({ "id": "anderes-formular", "version": "1" }),
        );
        assert!(!validate(&schema, &wrong_form).is_empty(), "{id}");

        // Every answer replaced by a value of the wrong type is caught.
        let answers = payload["answers"].as_object().expect("answers").to_vec();
        for (key, value) in answers {
            let wrong = match value {
                Json::String(_) => Json::Number(1.5),
                _ => Json::String("falsch".into()),
            };
            let mut tampered = payload.clone();
            if let Json::Object(members) = &mut tampered {
                for (name, answers) in members.iter_mut() {
                    if name == "answers" {
                        answers.insert(&key, wrong.clone());
                    }
                }
            }
            assert!(
                !validate(&schema, &tampered).is_empty(),
                "{id}: {key} = {}",
                wrong.to_compact()
            );
        }
    }
}

#[test]
fn fim_elements_are_named_the_fim_way_once_each() {
    let json =
        std::fs::read_to_string(root().join("public/forms/asbest-anzeige.json")).expect("example");
    let schema = submission_schema(&load_compiled(&json).expect("loads"));
    let defs = schema["$defs"].as_object().expect("$defs");
    assert!(defs
        .iter()
        .any(|(name, _)| name == "F00000013V1.5" || name.starts_with("F00000013V")));
    assert!(defs.iter().any(|(name, _)| name.starts_with("G00000277V")));
    for (i, (name, _)) in defs.iter().enumerate() {
        assert!(
            !defs[..i].iter().any(|(other, _)| other == name),
            "{name} defined twice"
        );
    }
}
