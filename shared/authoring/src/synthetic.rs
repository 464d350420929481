//! Generated definitions of any size, for benchmarks (native and in the browser).

use engine::json;
use engine::json::Json;

/// A form with `fields` elements spread over `steps` steps, mixed like real forms (in
/// every 20): text fields 30 % (half with a pattern and length rules), single choices
/// 30 % (half with 10 options as a list, half with 4 as radio buttons), checkboxes
/// 10 %, numbers with ranges 15 %, a date, a yes/no and a computed value; every fifth
/// element shown on a condition, about half required.
pub fn generate_form(fields: usize, steps: usize) -> Json {
    let steps = steps.max(1);
    let per_step = fields.div_ceil(steps).max(1);
    let options = |count: usize| -> Vec<Json> {
        (0..count)
            .map(|k| json!({ "value": (format!("o{k}")), "label": { "de": (format!("Auswahl {k}")), "en": (format!("Choice {k}")) } }))
            .collect()
    };
    let name_rules = || {
        json!([
            { "rule": "pattern", "pattern": "[A-Za-zÄÖÜäöüß .'-]*" },
            { "rule": "min_length", "value": 2 },
            { "rule": "max_length", "value": 80 }
        ])
    };
    let mut all_steps = Vec::new();
    for step in 0..steps {
        let mut elements = Vec::new();
        for i in step * per_step..((step + 1) * per_step).min(fields) {
            let key = format!("f{i}");
            let label = json!({ "de": (format!("Feld {i}")), "en": (format!("Field {i}")) });
            // The integer that drives this block's conditions and computed value.
            let driver = format!("f{}", i - i % 20);
            let element = |kind: &str| json!({ "key": (key.as_str()), "type": (kind), "label": (label.clone()) });
            let mut element = match i % 20 {
                0 | 10 => {
                    let mut e = element("integer");
                    e.insert("rules", json!([{ "rule": "min_value", "value": 0 }, { "rule": "max_value", "value": 1000 }]));
                    e
                }
                6 => {
                    let mut e = element("decimal");
                    e.insert("rules", json!([{ "rule": "min_value", "value": 0 }, { "rule": "max_value", "value": 99999.99 }]));
                    e
                }
                1 | 11 | 18 => {
                    let mut e = element("text");
                    e.insert("rules", name_rules());
                    e
                }
                5 | 15 | 19 => {
                    let mut e = element("text");
                    e.insert("rules", json!([{ "rule": "max_length", "value": 200 }]));
                    e
                }
                2 | 8 | 16 => {
                    let mut e = element("single_choice");
                    e.insert("options", Json::Array(options(10)));
                    e.insert("display", Json::from("dropdown"));
                    e
                }
                3 | 12 | 17 => {
                    let mut e = element("single_choice");
                    e.insert("options", Json::Array(options(4)));
                    e
                }
                4 | 14 => element("checkbox"),
                7 => element("date"),
                13 => element("yes_no"),
                _ => {
                    let mut e = element("computed");
                    e.insert("expression", Json::from(format!("{driver} * 2 + 1")));
                    e
                }
            };
            if i % 5 == 1 {
                element.insert(
                    "visible_if",
                    Json::from(format!("{driver} > 5 or empty({driver})")),
                );
            }
            if matches!(i % 20, 1 | 2 | 5 | 7 | 8 | 10 | 12 | 15 | 18 | 19) {
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
        "languages": ["de", "en"], "steps": (all_steps),
        "submission": { "endpoint": "/api/submissions" }
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
