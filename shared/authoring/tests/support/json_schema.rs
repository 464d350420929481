//! A JSON Schema (2020-12) validator for the keywords `authoring::schema` emits — enough
//! to check the exported schemas against real payloads in tests, nothing more.

use engine::Json;

/// Every violation, as `path: what`.
pub fn validate(schema: &Json, value: &Json) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, schema, value, "$", &mut errors);
    errors
}

fn check(root: &Json, schema: &Json, value: &Json, path: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.strip_prefix("#/$defs/").expect("local reference");
        let target = &root["$defs"][name];
        assert!(!target.is_null(), "unresolved reference {reference}");
        check(root, target, value, path, errors);
    }
    let mut fail = |what: String| errors.push(format!("{path}: {what}"));
    if let Some(kind) = schema["type"].as_str() {
        let fits = match (kind, value) {
            ("string", Json::String(_)) | ("boolean", Json::Bool(_)) | ("null", Json::Null) => true,
            ("number", Json::Number(_)) => true,
            ("integer", Json::Number(n)) => n.fract() == 0.0,
            ("array", Json::Array(_)) | ("object", Json::Object(_)) => true,
            _ => false,
        };
        if !fits {
            fail(format!("expected {kind}"));
            return;
        }
    }
    if let Some(options) = schema["enum"].as_array() {
        if !options.contains(value) {
            fail(format!(
                "{} is not one of the allowed values",
                value.to_compact()
            ));
        }
    }
    if !schema["const"].is_null() && schema["const"] != *value {
        fail(format!("must be {}", schema["const"].to_compact()));
    }
    match value {
        Json::String(text) => {
            let length = text.chars().count() as f64;
            if schema["minLength"].as_f64().is_some_and(|m| length < m) {
                fail("too short".into());
            }
            if schema["maxLength"].as_f64().is_some_and(|m| length > m) {
                fail("too long".into());
            }
            if let Some(pattern) = schema["pattern"].as_str() {
                // JSON Schema searches; our patterns match the whole text.
                let search = format!("(?:.|\n)*(?:{pattern})(?:.|\n)*");
                let compiled = authoring::pattern::compile(&search).expect("pattern compiles");
                if !compiled.is_match(text) {
                    fail(format!("does not match {pattern}"));
                }
            }
            match schema["format"].as_str() {
                Some("date") if engine::Date::parse_iso(text).is_none() => {
                    fail("not a date".into())
                }
                Some("email") if !text.contains('@') => fail("not an e-mail address".into()),
                _ => {}
            }
        }
        Json::Number(n) => {
            if schema["minimum"].as_f64().is_some_and(|m| *n < m) {
                fail(format!("below {}", schema["minimum"].to_compact()));
            }
            if schema["maximum"].as_f64().is_some_and(|m| *n > m) {
                fail(format!("above {}", schema["maximum"].to_compact()));
            }
        }
        Json::Array(items) => {
            let count = items.len() as f64;
            if schema["minItems"].as_f64().is_some_and(|m| count < m) {
                fail("too few items".into());
            }
            if schema["maxItems"].as_f64().is_some_and(|m| count > m) {
                fail("too many items".into());
            }
            if schema["uniqueItems"].as_bool() == Some(true)
                && items
                    .iter()
                    .enumerate()
                    .any(|(i, a)| items[..i].contains(a))
            {
                fail("items are not unique".into());
            }
            if schema.get("items").is_some() {
                for (i, item) in items.iter().enumerate() {
                    check(
                        root,
                        &schema["items"],
                        item,
                        &format!("{path}[{i}]"),
                        errors,
                    );
                }
            }
        }
        Json::Object(members) => {
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().expect("required names");
                if value.get(name).is_none() {
                    errors.push(format!("{path}: {name} is required"));
                }
            }
            for (name, member) in members {
                let member_path = format!("{path}.{name}");
                match schema["properties"].get(name) {
                    Some(property) => check(root, property, member, &member_path, errors),
                    None if schema["additionalProperties"].as_bool() == Some(false) => {
                        errors.push(format!("{member_path}: not allowed"))
                    }
                    None => {}
                }
            }
        }
        _ => {}
    }
}
