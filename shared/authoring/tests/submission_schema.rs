//! The exported JSON Schema of each example form accepts the form's golden payloads and
//! rejects tampered ones, so receiving systems can rely on it; and `verify_payload`
//! refuses every payload the schema refuses.

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
    form: std::sync::Arc<engine::CompiledForm>,
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
        let form = std::sync::Arc::new(load_compiled(&json).expect("loads"));
        let schema = submission_schema(&form);
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
            form,
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
        ..
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
        ..
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

/// A small deterministic generator (an LCG), so the mutations are the same every run.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Every value of a document with its path of keys and indices, depth first.
fn places(json: &Json, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    match json {
        Json::Object(members) => {
            for (key, value) in members {
                path.push(key.clone());
                places(value, path, out);
                path.pop();
            }
        }
        Json::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(format!("#{index}"));
                places(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The value at `path`, if an earlier change left it there.
fn at<'a>(json: &'a mut Json, path: &[String]) -> Option<&'a mut Json> {
    let Some((first, rest)) = path.split_first() else {
        return Some(json);
    };
    let next = match json {
        Json::Object(members) => members.iter_mut().find(|(k, _)| k == first).map(|(_, v)| v),
        Json::Array(items) => first
            .strip_prefix('#')
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| items.get_mut(i)),
        _ => None,
    }?;
    at(next, rest)
}

#[test]
fn every_payload_the_schema_refuses_the_verifier_refuses_too() {
    let replacements = [
        Json::Null,
        Json::Bool(true),
        Json::Number(1e22),
        Json::Number(-0.5),
        Json::Number(3.0),
        Json::from(""),
        Json::from("x"),
        Json::Array(Vec::new()),
        Json::Object(Vec::new()),
    ];
    let mut dice = Dice(17);
    let mut refused = 0;
    for Case {
        id,
        form,
        schema,
        payloads,
    } in cases()
    {
        for (file, payload) in payloads {
            let mut all = Vec::new();
            places(&payload, &mut Vec::new(), &mut all);
            for round in 0..300 {
                let mut tampered = payload.clone();
                for _ in 0..=dice.below(2) {
                    let path = all[dice.below(all.len())].clone();
                    let Some(target) = at(&mut tampered, &path) else {
                        continue;
                    };
                    match dice.below(4) {
                        0 => *target = replacements[dice.below(replacements.len())].clone(),
                        1 => {
                            if let Json::Object(_) = target {
                                target.insert(format!("extra{round}"), Json::from(1i64));
                            }
                        }
                        2 => match target {
                            Json::Array(items) if !items.is_empty() => {
                                let copy = items[dice.below(items.len())].clone();
                                items.push(copy);
                            }
                            Json::Object(members) if !members.is_empty() => {
                                members.remove(dice.below(members.len()));
                            }
                            _ => {}
                        },
                        _ => {
                            if let Json::Array(items) = target {
                                items.pop();
                            }
                        }
                    }
                }
                let schema_says = validate(&schema, &tampered);
                if schema_says.is_empty() {
                    continue;
                }
                refused += 1;
                let verified = engine::payload::verify_payload(
                    std::sync::Arc::clone(&form),
                    &tampered,
                    engine::Date::new(2026, 11, 22).expect("date"),
                );
                assert!(
                    verified.is_err(),
                    "{id} ({file}): the schema refuses ({schema_says:?}), the verifier accepts:\n{}",
                    tampered.to_compact()
                );
            }
        }
    }
    assert!(
        refused > 1_000,
        "only {refused} refused payloads were tried"
    );
}
