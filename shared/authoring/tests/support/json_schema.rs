//! A JSON Schema (2020-12) validator for the keywords `authoring::schema` and schemars
//! emit — enough to check the exported schemas against real payloads and the example
//! forms against the format's schema in tests, nothing more.

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
    // Branches: how many of them accept the value.
    let passing = |branches: &Json| -> Option<(usize, usize)> {
        let branches = branches.as_array()?;
        let fine = branches
            .iter()
            .filter(|branch| {
                let mut inner = Vec::new();
                check(root, branch, value, path, &mut inner);
                inner.is_empty()
            })
            .count();
        Some((fine, branches.len()))
    };
    if let Some((fine, _)) = passing(&schema["anyOf"]) {
        if fine == 0 {
            errors.push(format!("{path}: matches none of anyOf"));
        }
    }
    if let Some((fine, _)) = passing(&schema["oneOf"]) {
        if fine != 1 {
            errors.push(format!("{path}: matches {fine} of oneOf, not exactly one"));
        }
    }
    if let Some((fine, all)) = passing(&schema["allOf"]) {
        if fine != all {
            errors.push(format!("{path}: does not match allOf"));
        }
    }
    let mut fail = |what: String| errors.push(format!("{path}: {what}"));
    let fits = |kind: &str| match (kind, value) {
        ("string", Json::String(_)) | ("boolean", Json::Bool(_)) | ("null", Json::Null) => true,
        ("number", Json::Number(_)) => true,
        ("integer", Json::Number(n)) => n.fract() == 0.0,
        ("array", Json::Array(_)) | ("object", Json::Object(_)) => true,
        _ => false,
    };
    let kinds: Vec<&str> = match &schema["type"] {
        Json::String(kind) => vec![kind.as_str()],
        Json::Array(kinds) => kinds.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    };
    if !kinds.is_empty() && !kinds.iter().any(|kind| fits(kind)) {
        fail(format!("expected {}", kinds.join(" or ")));
        return;
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
                match (
                    schema["properties"].get(name),
                    &schema["additionalProperties"],
                ) {
                    (Some(property), _) => check(root, property, member, &member_path, errors),
                    (None, Json::Bool(false)) => errors.push(format!("{member_path}: not allowed")),
                    (None, other @ Json::Object(_)) => {
                        check(root, other, member, &member_path, errors)
                    }
                    (None, _) => {}
                }
            }
        }
        _ => {}
    }
}
