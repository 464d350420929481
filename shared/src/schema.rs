//! JSON Schema (draft 2020-12) of the data a form submits, for receiving systems.
//!
//! Conditions are expressions the schema language cannot state, so fields that are
//! required only under a condition, or hidden by one, are optional here;
//! [`crate::payload::verify_payload`] checks them exactly. Elements imported from FIM
//! get a definition named the FIM way (`F00003175V1.0`).

use serde_json::{json, Map, Value as Json};

use crate::compile::CompiledForm;
use crate::expr::Type;
use crate::format::{Check, ComputedFormat, Element, Kind};

pub fn submission_schema(form: &CompiledForm) -> Json {
    let def = &form.form;
    let mut defs = Map::new();
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (step_index, step) in def.steps.iter().enumerate() {
        let step_conditional = step.visible_if.is_some();
        for element in &step.elements {
            add_element(
                form,
                element,
                &mut properties,
                &mut required,
                step_conditional,
                &mut defs,
            );
        }
        let _ = step_index;
    }
    let declaration_ids: Vec<&str> = def.declarations.iter().map(|d| d.id.as_str()).collect();
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("urn:formfabrik:{}:{}:submission", def.id, def.version),
        "title": def.title.de,
        "description": format!("Übermittelte Daten des Formulars „{}“ (Version {}).", def.title.de, def.version),
        "type": "object",
        "required": ["form", "language", "answers", "declarations", "attachments"],
        "additionalProperties": false,
        "properties": {
            "form": {
                "type": "object",
                "required": ["id", "version"],
                "properties": { "id": { "const": def.id }, "version": { "const": def.version } }
            },
            "language": { "enum": def.languages.iter().map(|l| l.code()).collect::<Vec<_>>() },
            "answers": {
                "type": "object",
                "additionalProperties": false,
                "required": required,
                "properties": properties
            },
            "declarations": {
                "type": "array",
                "items": { "enum": declaration_ids },
                "uniqueItems": true,
                "minItems": declaration_ids.len()
            },
            "attachments": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "name", "size", "media_type", "field"],
                    "properties": {
                        "id": { "type": "string" }, "name": { "type": "string" },
                        "size": { "type": "integer", "minimum": 0 }, "media_type": { "type": "string" },
                        "field": { "type": "string", "description": "Pfad des Feldes, z. B. hunde[0].nachweis" }
                    }
                }
            }
        }
    });
    if let Some(leika) = &def.leika {
        schema["x-leika"] = json!(leika);
    }
    if !defs.is_empty() {
        schema["$defs"] = Json::Object(defs);
    }
    schema
}

fn add_element(
    form: &CompiledForm,
    element: &Element,
    properties: &mut Map<String, Json>,
    required: &mut Vec<String>,
    conditional: bool,
    defs: &mut Map<String, Json>,
) {
    let Some(mut schema) = element_schema(form, element, defs) else {
        return;
    };
    if let Some(help) = &element.help {
        schema["description"] = json!(help.de);
    }
    schema["title"] = json!(element.label.de);
    let schema = match &element.fim {
        Some(fim) => {
            let name = format!("{}V{}", fim.id, fim.version);
            defs.insert(name.clone(), schema);
            json!({ "$ref": format!("#/$defs/{name}") })
        }
        None => schema,
    };
    properties.insert(element.key.clone(), schema);
    let unconditional = !conditional && element.visible_if.is_none();
    let always_required = match &element.kind {
        Kind::Group { .. } => true,
        Kind::Repeat { min, .. } => *min > 0 || element.required,
        Kind::Computed { .. } => false,
        _ => element.required,
    };
    if unconditional && always_required {
        required.push(element.key.clone());
    }
}

fn element_schema(
    form: &CompiledForm,
    element: &Element,
    defs: &mut Map<String, Json>,
) -> Option<Json> {
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
        Kind::Currency => json!({ "type": "integer", "description": "Betrag in Cent (EUR)" }),
        Kind::Date => json!({ "type": "string", "format": "date" }),
        Kind::YesNo | Kind::Checkbox => json!({ "type": "boolean" }),
        Kind::SingleChoice { options, .. } => {
            json!({ "enum": options.iter().map(|o| &o.value).collect::<Vec<_>>() })
        }
        Kind::MultipleChoice { options } => json!({
            "type": "array", "uniqueItems": true,
            "items": { "enum": options.iter().map(|o| &o.value).collect::<Vec<_>>() }
        }),
        Kind::File {
            max_count,
            accept,
            max_size,
        } => json!({
            "type": "array", "maxItems": max_count,
            "items": {
                "type": "object", "required": ["id", "name", "size", "media_type"],
                "properties": {
                    "id": { "type": "string" }, "name": { "type": "string" },
                    "size": { "type": "integer", "minimum": 0, "maximum": max_size },
                    "media_type": { "type": "string", "description": format!("erlaubt: {}", if accept.is_empty() { "alle".to_string() } else { accept.join(", ") }) }
                }
            }
        }),
        Kind::Computed { format, .. } => {
            let node = form
                .nodes
                .iter()
                .position(|n| !n.is_step() && std::ptr::eq(form.element_ptr(n), element));
            let value_type = node.and_then(|id| form.nodes[id].value_type.clone());
            let mut schema = match (format, value_type) {
                (ComputedFormat::Currency, _) => {
                    json!({ "type": "integer", "description": "Betrag in Cent (EUR)" })
                }
                (_, Some(Type::Number)) => json!({ "type": "number" }),
                (_, Some(Type::Bool)) => json!({ "type": "boolean" }),
                (_, Some(Type::Date)) => json!({ "type": "string", "format": "date" }),
                (_, Some(Type::Text)) => json!({ "type": "string" }),
                _ => json!({}),
            };
            schema["readOnly"] = json!(true);
            schema
        }
        Kind::Group { elements } => object_schema(form, elements, defs),
        Kind::Repeat {
            elements, min, max, ..
        } => {
            let mut schema = json!({ "type": "array", "minItems": min, "items": object_schema(form, elements, defs) });
            if let Some(max) = max {
                schema["maxItems"] = json!(max);
            }
            schema
        }
    };
    for rule in &element.rules {
        match &rule.check {
            Check::MinLength { value } if schema["type"] == "string" => {
                schema["minLength"] = json!(value)
            }
            Check::MaxLength { value } if schema["type"] == "string" => {
                schema["maxLength"] = json!(value)
            }
            Check::Pattern { pattern } => schema["pattern"] = json!(format!("^(?:{pattern})$")),
            Check::MinValue { value } if element.kind == Kind::Currency => {
                schema["minimum"] = json!((value * 100.0).round() as i64)
            }
            Check::MaxValue { value } if element.kind == Kind::Currency => {
                schema["maximum"] = json!((value * 100.0).round() as i64)
            }
            Check::MinValue { value } => schema["minimum"] = json!(value),
            Check::MaxValue { value } => schema["maximum"] = json!(value),
            _ => {}
        }
    }
    Some(schema)
}

fn object_schema(form: &CompiledForm, elements: &[Element], defs: &mut Map<String, Json>) -> Json {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for element in elements {
        add_element(form, element, &mut properties, &mut required, false, defs);
    }
    json!({ "type": "object", "additionalProperties": false, "required": required, "properties": properties })
}

impl CompiledForm {
    fn element_ptr(&self, node: &crate::compile::Node) -> &Element {
        crate::compile::element_at(&self.form, node)
    }
}
