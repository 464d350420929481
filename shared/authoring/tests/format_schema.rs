//! The checked-in JSON Schema of the definition format (docs/form-definition.schema.json)
//! must be what the Rust types generate. `UPDATE_GOLDEN=1` rewrites it.
#![cfg(feature = "schema")]

use std::path::Path;

#[test]
fn checked_in_format_schema_is_current() {
    let schema = schemars::schema_for!(engine::Form);
    let rendered = serde_json::to_string_pretty(&schema).expect("json") + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/form-definition.schema.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &rendered).expect("write schema");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == rendered,
        "docs/form-definition.schema.json is stale: run UPDATE_GOLDEN=1 cargo test -p authoring --features schema"
    );
}

mod support {
    pub mod json_schema;
}

use authoring::codec::{element_properties, rule_properties};
use engine::format::{ChoiceDisplay, ComputedFormat, KindName, ParameterKind, RuleName};
use engine::Json;

fn checked_in() -> Json {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/form-definition.schema.json");
    Json::parse(&std::fs::read_to_string(path).expect("schema")).expect("schema is JSON")
}

fn sorted(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names.into_iter().collect();
    names.sort();
    names
}

fn keys(schema: &Json) -> Vec<String> {
    match schema.get("properties") {
        Some(Json::Object(members)) => members.iter().map(|(k, _)| k.clone()).collect(),
        _ => Vec::new(),
    }
}

/// The variants of a tagged enum in the schema, by the `const` of `tag`, each with the
/// properties it adds.
fn variants(schema: &Json, tag: &str) -> Vec<(String, Vec<String>)> {
    schema["oneOf"]
        .as_array()
        .expect("oneOf")
        .iter()
        .map(|v| {
            let name = v["properties"][tag]["const"]
                .as_str()
                .expect("const tag")
                .to_string();
            (name, keys(v))
        })
        .collect()
}

/// The names a string enum of the schema allows (`enum`, `const`, or branches of those
/// when a value has its own description).
fn enum_names(schema: &Json) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(values) = schema["enum"].as_array() {
        names.extend(values.iter().map(|v| v.as_str().expect("name").to_string()));
    }
    if let Some(value) = schema["const"].as_str() {
        names.push(value.to_string());
    }
    for branch in schema["oneOf"].as_array().into_iter().flatten() {
        names.extend(enum_names(branch));
    }
    sorted(names)
}

#[test]
fn the_schema_and_the_codec_agree_on_every_name_and_property() {
    let schema = checked_in();
    let defs = &schema["$defs"];

    // Element types: the same names, and for each the same properties.
    let common = keys(&defs["Element"]);
    let kinds = variants(&defs["Element"], "type");
    assert_eq!(
        sorted(kinds.iter().map(|(name, _)| name.clone())),
        sorted(KindName::ALL.iter().map(|k| k.name().to_string()))
    );
    for (name, own) in &kinds {
        let kind = KindName::parse(name).expect("known");
        let in_schema = sorted(common.iter().chain(own).cloned());
        let in_codec = sorted(element_properties(kind).into_iter().map(str::to_string));
        assert_eq!(in_schema, in_codec, "properties of {name}");
    }

    // Rules: the same names, and for each the same properties.
    let common = keys(&defs["Rule"]);
    let rules = variants(&defs["Rule"], "rule");
    assert_eq!(
        sorted(rules.iter().map(|(name, _)| name.clone())),
        sorted(RuleName::ALL.iter().map(|r| r.name().to_string()))
    );
    for (name, own) in &rules {
        let rule = RuleName::parse(name).expect("known");
        let in_schema = sorted(common.iter().chain(own).cloned());
        let in_codec = sorted(rule_properties(rule).into_iter().map(str::to_string));
        assert_eq!(in_schema, in_codec, "properties of the rule {name}");
    }

    // The plain enums.
    let names = |all: &[&str]| sorted(all.iter().map(|n| n.to_string()));
    assert_eq!(
        enum_names(&defs["ChoiceDisplay"]),
        names(
            &ChoiceDisplay::ALL
                .iter()
                .map(|v| v.name())
                .collect::<Vec<_>>()
        )
    );
    assert_eq!(
        enum_names(&defs["ComputedFormat"]),
        names(
            &ComputedFormat::ALL
                .iter()
                .map(|v| v.name())
                .collect::<Vec<_>>()
        )
    );
    assert_eq!(
        enum_names(&defs["ParameterKind"]),
        names(
            &ParameterKind::ALL
                .iter()
                .map(|v| v.name())
                .collect::<Vec<_>>()
        )
    );
}

#[test]
fn every_example_form_is_valid_by_the_format_schema() {
    let schema = checked_in();
    let forms = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/forms");
    let mut checked = 0;
    for entry in std::fs::read_dir(forms).expect("public/forms") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let form = Json::parse(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
        let errors = support::json_schema::validate(&schema, &form);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        // The schema has teeth: a wrong type name is refused.
        let mut broken = form.clone();
        if let Json::Object(members) = &mut broken {
            if let Some((_, Json::Array(steps))) = members.iter_mut().find(|(k, _)| k == "steps") {
                if let Some(Json::Object(step)) = steps.first_mut() {
                    if let Some((_, Json::Array(elements))) =
                        step.iter_mut().find(|(k, _)| k == "elements")
                    {
                        if let Some(Json::Object(element)) = elements.first_mut() {
                            if let Some((_, kind)) = element.iter_mut().find(|(k, _)| k == "type") {
                                *kind = Json::from("slider");
                            }
                        }
                    }
                }
            }
        }
        assert!(
            !support::json_schema::validate(&schema, &broken).is_empty(),
            "{}: a type 'slider' must be refused",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 4, "{checked} example forms");
}
