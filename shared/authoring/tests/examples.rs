//! Golden tests: sample answer sets for each example form in public/forms are run
//! through the wizard step by step, once on the compiled definition and once on the
//! published form read back; the payload (or the errors that block it) must equal the
//! checked-in `.expected.json` both times. Run with `UPDATE_GOLDEN=1` to rewrite them,
//! then review the diff.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use authoring::lint::lint;
use authoring::load::load_compiled;
use authoring::Severity;
use engine::json;
use engine::payload::{load_answers, verify_payload};
use engine::wizard::{Position, Wizard};
use engine::Json;
use engine::{CompiledForm, Lang};

mod support {
    pub mod clock;
}
use support::clock::today;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Goes through the assistant like a citizen: "Weiter" on every step, then submit.
fn run_case(form: Arc<CompiledForm>, case: &Json) -> Json {
    let lang = Lang::from_code(case["language"].as_str().unwrap_or("de")).expect("language");
    let mut wizard = Wizard::new(Arc::clone(&form), today(), lang);
    let problems = load_answers(&mut wizard.state, &case["answers"], lang);
    assert!(
        problems.is_empty(),
        "answers do not fit the form: {problems:?}"
    );
    for id in case["declarations"].as_array().into_iter().flatten() {
        wizard.set_declaration(id.as_str().expect("declaration id"), true);
    }
    let mut visited = Vec::new();
    while let Position::Step(step) = wizard.position() {
        visited.push(form.form.steps[step].id.clone());
        if let Err(errors) = wizard.next_step() {
            let errors: Vec<Json> = errors
                .iter()
                .map(|e| json!({ "step": (form.form.steps[step].id.as_str()), "field": (e.label.as_str()), "message": (e.message.as_str()) }))
                .collect();
            let all: Vec<Json> = wizard
                .submit_blockers()
                .iter()
                .map(|e| json!({ "field": (e.label.as_str()), "message": (e.message.as_str()) }))
                .collect();
            return json!({ "steps": (visited), "errors": (errors), "all_blockers": (all) });
        }
    }
    match wizard.payload() {
        Ok(payload) => {
            let verified = verify_payload(Arc::clone(&form), &payload, today());
            assert!(
                verified.is_ok(),
                "the payload must pass re-validation: {:?}",
                verified.err()
            );
            json!({ "steps": (visited), "payload": (payload) })
        }
        Err(blockers) => {
            let errors: Vec<Json> = blockers
                .iter()
                .map(|e| json!({ "field": (e.label.as_str()), "message": (e.message.as_str()) }))
                .collect();
            json!({ "steps": (visited), "errors": (errors) })
        }
    }
}

#[test]
fn example_forms_pass_lint() {
    for entry in std::fs::read_dir(root().join("public/forms")).expect("public/forms") {
        let path = entry.expect("entry").path();
        let json = std::fs::read_to_string(&path).expect("readable");
        let form =
            authoring::load::load_form(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // A form imported from FIM may still hold rules in prose: warnings on purpose.
        let problems: Vec<_> = lint(&form)
            .into_iter()
            .filter(|p| {
                !p.location
                    .property
                    .as_deref()
                    .is_some_and(|p| p.starts_with("notes["))
            })
            .collect();
        assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
        // A form imported from FIM gets its LeiKa key from the form builder later.
        assert!(
            form.leika.is_some() || form.fim.is_some(),
            "{}: examples name their LeiKa key",
            path.display()
        );
        assert_eq!(
            problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .count(),
            0
        );
    }
}

#[test]
fn golden_answer_sets() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut cases = 0;
    let mut mismatches = Vec::new();
    for form_dir in
        std::fs::read_dir(root().join("shared/authoring/tests/golden")).expect("golden dir")
    {
        let form_dir = form_dir.expect("entry").path();
        let form_name = form_dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_string();
        let form_json =
            std::fs::read_to_string(root().join(format!("public/forms/{form_name}.json")))
                .expect("form");
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&form_dir)
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries
            .iter()
            .filter(|p| p.to_string_lossy().ends_with(".answers.json"))
        {
            cases += 1;
            let case =
                Json::parse(&std::fs::read_to_string(path).expect("case")).expect("case JSON");
            let compiled = load_compiled(&form_json).expect("example form loads");
            let published = authoring::publish::encode(&compiled);
            let read = engine::published::read(&published.bytes).expect("reads back");
            let actual = run_case(Arc::new(compiled), &case);
            assert_eq!(
                run_case(Arc::new(read.form), &case),
                actual,
                "{}: the published form behaves as the definition",
                path.display()
            );
            let expected_path = PathBuf::from(
                path.to_string_lossy()
                    .replace(".answers.json", ".expected.json"),
            );
            let rendered = actual.to_pretty() + "\n";
            if update {
                std::fs::write(&expected_path, &rendered).expect("write golden");
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != rendered {
                mismatches.push(format!(
                    "{}:\n--- expected\n{expected}\n--- actual\n{rendered}",
                    expected_path.display()
                ));
            }
        }
    }
    assert!(cases >= 9, "expected the golden cases, found {cases}");
    assert!(
        mismatches.is_empty(),
        "golden mismatch (UPDATE_GOLDEN=1 rewrites):\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn the_example_in_the_format_documentation_is_valid() {
    let doc = std::fs::read_to_string(root().join("docs/format.md")).expect("docs/format.md");
    let start = doc
        .find("## A complete small example")
        .expect("example section");
    let block = &doc[start..];
    let json_start = block.find("```json\n").expect("json block") + "```json\n".len();
    let json_end = json_start + block[json_start..].find("```").expect("end of block");
    let form =
        authoring::load::load_form(&block[json_start..json_end]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lint(&form), Vec::new());
}
