//! Generated definitions of any size, for benchmarks (native and in the browser).

use engine::json;
use engine::json::Json;

/// A form with `fields` inputs spread over `steps` steps. Every fifth field is
/// conditional on the field before it; every tenth is computed from its neighbours.
pub fn generate_form(fields: usize, steps: usize) -> Json {
    let steps = steps.max(1);
    let per_step = fields.div_ceil(steps).max(1);
    let mut all_steps = Vec::new();
    for step in 0..steps {
        let mut elements = Vec::new();
        for i in step * per_step..((step + 1) * per_step).min(fields) {
            let key = format!("f{i}");
            let label = json!({ "de": (format!("Feld {i}")), "en": (format!("Field {i}")) });
            let mut element = match i % 10 {
                0 | 5 => {
                    json!({ "key": (key.as_str()), "type": "integer", "label": (label.clone()), "rules": [{ "rule": "max_value", "value": 1000 }] })
                }
                3 => json!({ "key": (key.as_str()), "type": "yes_no", "label": (label.clone()) }),
                9 if i >= 2 => {
                    json!({ "key": (key.as_str()), "type": "computed", "label": (label.clone()), "expression": (format!("f{} * 2 + 1", i - 4)) })
                }
                7 => json!({ "key": (key.as_str()), "type": "date", "label": (label.clone()) }),
                _ => {
                    json!({ "key": (key.as_str()), "type": "text", "label": (label.clone()), "rules": [{ "rule": "max_length", "value": 80 }] })
                }
            };
            if i % 5 == 1 && i > 0 {
                // Conditional on the integer just before it.
                element.insert(
                    "visible_if",
                    Json::from(format!("f{} > 5 or empty(f{})", i - 1, i - 1)),
                );
                element.insert("required", Json::Bool(true));
            }
            elements.push(element);
        }
        all_steps.push(json!({
            "id": (format!("schritt{step}")),
            "title": { "de": (format!("Schritt {}", step + 1)), "en": (format!("Step {}", step + 1)) },
            "elements": (elements)
        }));
    }
    json!({
        "format_version": 1, "id": (format!("synthetisch-{fields}")), "version": "1.0.0",
        "title": { "de": (format!("Synthetisches Formular mit {fields} Feldern")), "en": (format!("Synthetic form with {fields} fields")) },
        "languages": ["de", "en"], "steps": (all_steps)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_forms_are_valid() {
        let json = generate_form(100, 3).to_string();
        let form = crate::load::load_form(&json).expect("loads");
        assert!(crate::lint::lint(&form).is_empty());
        assert_eq!(
            form.steps.iter().map(|s| s.elements.len()).sum::<usize>(),
            100
        );
    }
}
