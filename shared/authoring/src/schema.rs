//! JSON Schema (draft 2020-12) of the data a form submits, for receiving systems.
//!
//! Conditions are expressions the schema language cannot state, so fields that are
//! required only under a condition, or hidden by one, are optional here;
//! [`engine::payload::verify_payload`] checks them exactly. Elements imported from FIM
//! get a definition named the FIM way (`F00003175V1.0`).

use crate::expr::Type;
use engine::compiled::{CompiledForm, NodeId};
use engine::format::{Check, ComputedFormat, Kind};
use engine::json;
use engine::json::Json;

type Entries = Vec<(String, Json)>;

pub fn submission_schema(form: &CompiledForm) -> Json {
    let def = &form.form;
    let mut defs = Entries::new();
    let mut properties = Entries::new();
    let mut required = Vec::new();
    for (step, &step_node) in form.steps.iter().enumerate() {
        let conditional = def.steps[step].visible_if.is_some();
        for &child in &form.nodes[step_node].children {
            add_property(
                form,
                child,
                conditional,
                &mut properties,
                &mut required,
                &mut defs,
            );
        }
    }
    let declaration_ids: Vec<&str> = def.declarations.iter().map(|d| d.id.as_str()).collect();
    let languages: Vec<&str> = def.languages.iter().map(|l| l.code()).collect();
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": (format!("urn:formfabrik:{}:{}:submission", def.id, def.version)),
        "title": (def.title.de.as_str()),
        "description": (format!("Übermittelte Daten des Formulars „{}“ (Version {}).", def.title.de, def.version)),
        "type": "object",
        "required": ["form", "language", "answers", "declarations", "attachments"],
        "additionalProperties": false,
        "properties": {
            "form": {
                "type": "object",
                "required": ["id", "version", "hash"],
                "additionalProperties": false,
                "properties": {
                    "id": { "const": (def.id.as_str()) },
                    "version": { "const": (def.version.as_str()) },
                    "hash": { "const": (form.hash.as_str()) }
                }
            },
            "language": { "enum": (languages) },
            "answers": {
                "type": "object",
                "additionalProperties": false,
                "required": (required),
                "properties": (Json::Object(properties))
            },
            "declarations": {
                "type": "array",
                "items": { "enum": (declaration_ids.clone()) },
                "uniqueItems": true,
                "minItems": (declaration_ids.len())
            },
            "attachments": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "name", "size", "media_type", "field"],
                    "properties": {
                        "id": { "type": "string" },
                        "name": { "type": "string" },
                        "size": { "type": "integer", "minimum": 0 },
                        "media_type": { "type": "string" },
                        "field": { "type": "string", "description": "Pfad des Feldes, z. B. hunde[0].nachweis" }
                    }
                }
            }
        }
    });
    if let Some(leika) = &def.leika {
        schema.insert("x-leika", Json::from(leika.as_str()));
    }
    if !defs.is_empty() {
        schema.insert("$defs", Json::Object(defs));
    }
    schema
}

fn add_property(
    form: &CompiledForm,
    node: NodeId,
    conditional: bool,
    properties: &mut Entries,
    required: &mut Vec<String>,
    defs: &mut Entries,
) {
    let element = form.element(node);
    let Some(mut schema) = element_schema(form, node, defs) else {
        return;
    };
    schema.insert("title", Json::from(element.label.de.as_str()));
    if let Some(help) = &element.help {
        schema.insert("description", Json::from(help.de.as_str()));
    }
    let schema = match &element.fim {
        Some(fim) => {
            let name = def_name(&format!("{}V{}", fim.id, fim.version), schema, defs);
            json!({ "$ref": (format!("#/$defs/{name}")) })
        }
        None => schema,
    };
    properties.push((element.key.clone(), schema));
    let always_required = match &element.kind {
        Kind::Group { .. } => true,
        Kind::Repeat { min, .. } => *min > 0 || element.required,
        Kind::Computed { .. } => false,
        _ => element.required,
    };
    if !conditional && element.visible_if.is_none() && always_required {
        required.push(element.key.clone());
    }
}

/// The FIM name for a definition. An element used in several places shares one
/// definition; if a form changed it in one place, that variant gets `_2`, `_3`.
fn def_name(base: &str, schema: Json, defs: &mut Entries) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    loop {
        match defs.iter().find(|(existing, _)| *existing == name) {
            Some((_, existing)) if *existing == schema => return name,
            Some(_) => {
                name = format!("{base}_{n}");
                n += 1;
            }
            None => {
                defs.push((name.clone(), schema));
                return name;
            }
        }
    }
}

fn element_schema(form: &CompiledForm, node: NodeId, defs: &mut Entries) -> Option<Json> {
    let element = form.element(node);
    let cents = json!({ "type": "integer", "description": "Betrag in Cent (EUR)" });
    let mut schema = match &element.kind {
        Kind::Content { .. } => return None,
        Kind::Text | Kind::MultilineText | Kind::Phone => json!({ "type": "string" }),
        Kind::Email => json!({ "type": "string", "format": "email" }),
        Kind::PostalCode => json!({ "type": "string", "pattern": "^[0-9]{5}$" }),
        Kind::Iban => {
            json!({ "type": "string", "pattern": "^[A-Z]{2}[0-9]{2}( ?[A-Z0-9]{1,4})+$" })
        }
        Kind::Integer => json!({ "type": "integer" }),
        Kind::Decimal => json!({ "type": "number" }),
        Kind::Currency => cents,
        Kind::Date => json!({ "type": "string", "format": "date" }),
        Kind::YesNo | Kind::Checkbox => json!({ "type": "boolean" }),
        Kind::SingleChoice { .. } => json!({ "enum": (option_values(element)) }),
        Kind::MultipleChoice { .. } => {
            json!({ "type": "array", "uniqueItems": true, "items": { "enum": (option_values(element)) } })
        }
        Kind::File {
            max_count,
            accept,
            max_size,
        } => {
            let accepted = if accept.is_empty() {
                "alle".to_string()
            } else {
                accept.join(", ")
            };
            json!({
                "type": "array",
                "maxItems": (*max_count),
                "items": {
                    "type": "object",
                    "required": ["id", "name", "size", "media_type"],
                    "properties": {
                        "id": { "type": "string" },
                        "name": { "type": "string" },
                        "size": { "type": "integer", "minimum": 0, "maximum": (*max_size) },
                        "media_type": { "type": "string", "description": (format!("erlaubt: {accepted}")) }
                    }
                }
            })
        }
        Kind::Computed { format, .. } => {
            let mut schema = match (format, &form.nodes[node].value_type) {
                (ComputedFormat::Currency, _) => cents,
                (_, Some(Type::Number)) => json!({ "type": "number" }),
                (_, Some(Type::Bool)) => json!({ "type": "boolean" }),
                (_, Some(Type::Date)) => json!({ "type": "string", "format": "date" }),
                (_, Some(Type::Text)) => json!({ "type": "string" }),
                _ => Json::Object(Vec::new()),
            };
            schema.insert("readOnly", Json::Bool(true));
            schema
        }
        Kind::Group { .. } => object_schema(form, node, defs),
        Kind::Repeat { min, max, .. } => {
            let mut schema = json!({ "type": "array", "minItems": (*min), "items": (object_schema(form, node, defs)) });
            if let Some(max) = max {
                schema.insert("maxItems", Json::from(*max));
            }
            schema
        }
    };
    let is_string = schema["type"].as_str() == Some("string");
    let is_choices = matches!(element.kind, Kind::MultipleChoice { .. });
    let scale = if element.kind == Kind::Currency {
        100.0
    } else {
        1.0
    };
    for rule in &element.rules {
        match &rule.check {
            Check::MinLength { value } if is_string => {
                schema.insert("minLength", Json::from(*value))
            }
            Check::MaxLength { value } if is_string => {
                schema.insert("maxLength", Json::from(*value))
            }
            Check::MinLength { value } if is_choices => {
                schema.insert("minItems", Json::from(*value))
            }
            Check::MaxLength { value } if is_choices => {
                schema.insert("maxItems", Json::from(*value))
            }
            Check::Pattern { pattern } => {
                schema.insert("pattern", Json::from(format!("^(?:{pattern})$")))
            }
            Check::MinValue { value } => schema.insert("minimum", Json::from(value * scale)),
            Check::MaxValue { value } => schema.insert("maximum", Json::from(value * scale)),
            _ => {}
        }
    }
    Some(schema)
}

fn option_values(element: &engine::format::Element) -> Vec<&str> {
    element.options().iter().map(|o| o.value.as_str()).collect()
}

fn object_schema(form: &CompiledForm, node: NodeId, defs: &mut Entries) -> Json {
    let mut properties = Entries::new();
    let mut required = Vec::new();
    for &child in &form.nodes[node].children {
        add_property(form, child, false, &mut properties, &mut required, defs);
    }
    json!({ "type": "object", "additionalProperties": false, "required": (required), "properties": (Json::Object(properties)) })
}
