//! The `formfabrik` command: exit codes and output of check, validate and schema.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use engine::Json;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_formfabrik"))
        .args(args)
        .current_dir(root())
        .env("FORMFABRIK_TODAY", "2026-11-22")
        .env("LANG", "de_DE.UTF-8")
        .output()
        .expect("formfabrik runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// A golden payload of an example form, written to a temporary file.
fn payload_file(name: &str, edit: impl FnOnce(&mut Json)) -> PathBuf {
    let golden = std::fs::read_to_string(
        root().join("shared/authoring/tests/golden/hundesteuer-anmeldung/zwei-hunde.expected.json"),
    )
    .expect("golden");
    let mut payload = Json::parse(&golden).expect("json")["payload"].clone();
    edit(&mut payload);
    let path =
        std::env::temp_dir().join(format!("formfabrik-cli-{}-{name}.json", std::process::id()));
    std::fs::write(&path, payload.to_pretty()).expect("write");
    path
}

#[test]
fn check_reports_problems_with_exit_code() {
    let output = run(&["check", "public/forms/gewerbeanmeldung.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("0 Fehler"));

    let broken =
        std::env::temp_dir().join(format!("formfabrik-cli-{}-broken.json", std::process::id()));
    std::fs::write(&broken, r#"{"format_version": 1, "id": "x", "version": "1", "title": {"de": "X"}, "languages": ["de"], "steps": [{"id": "s", "title": {"de": "S"}, "elements": [{"key": "a", "type": "text", "label": {"de": "A"}, "visible_if": "b > 1"}]}]}"#).expect("write");
    let output = run(&["check", broken.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("steps[0].elements[0].visible_if: Unbekanntes Feld „b“"),
        "{}",
        stdout(&output)
    );

    let output = run(&["check", "does-not-exist.json"]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage"));
}

#[test]
fn validate_accepts_a_real_payload_and_explains_a_tampered_one() {
    let good = payload_file("good", |_| {});
    let output = run(&[
        "validate",
        "public/forms/hundesteuer-anmeldung.json",
        good.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    let tampered = payload_file("tampered", |payload| {
        let mut answers = payload["answers"].clone();
        answers.insert("steuer_gesamt", Json::from(100i64));
        payload.insert("answers", answers);
    });
    let output = run(&[
        "validate",
        "public/forms/hundesteuer-anmeldung.json",
        tampered.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let body = Json::parse(&stdout(&output)).expect("JSON errors");
    assert_eq!(body["errors"][0]["path"].as_str(), Some("steuer_gesamt"));
    assert!(body["errors"][0]["message"]["de"]
        .as_str()
        .is_some_and(|m| m.contains("72000")));
}

#[test]
fn validate_refuses_a_form_citizens_could_not_have_been_shown() {
    let good = payload_file("for-broken-form", |_| {});
    let broken = std::env::temp_dir().join(format!(
        "formfabrik-cli-{}-no-options.json",
        std::process::id()
    ));
    std::fs::write(&broken, r#"{"format_version": 1, "id": "x", "version": "1", "title": {"de": "X"}, "languages": ["de"], "submission": {"endpoint": "/api/submissions"}, "steps": [{"id": "s", "title": {"de": "S"}, "elements": [{"key": "a", "type": "single_choice", "label": {"de": "Farbe"}, "options": []}]}]}"#).expect("write");
    let output = run(&[
        "validate",
        broken.to_str().expect("utf-8"),
        good.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("„Farbe“ hat keine Antwortmöglichkeiten"),
        "{stderr}"
    );
}

#[test]
fn schema_prints_a_json_schema_of_the_submission() {
    let output = run(&["schema", "public/forms/hundesteuer-anmeldung.json"]);
    assert_eq!(output.status.code(), Some(0));
    let schema = Json::parse(&stdout(&output)).expect("JSON schema");
    assert_eq!(
        schema["$schema"].as_str(),
        Some("https://json-schema.org/draft/2020-12/schema")
    );
    let answers = &schema["properties"]["answers"];
    assert_eq!(
        answers["properties"]["hunde"]["minItems"].as_f64(),
        Some(1.0)
    );
    assert_eq!(
        answers["properties"]["steuer_gesamt"]["readOnly"],
        Json::Bool(true)
    );
    let required: Vec<&str> = answers["required"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(Json::as_str)
        .collect();
    assert!(
        required.contains(&"vorname") && !required.contains(&"iban"),
        "{required:?}"
    );
}

#[test]
fn import_fim_writes_the_definition_and_the_report() {
    let dir = std::env::temp_dir().join(format!("formfabrik-cli-{}-fim", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("asbest.json");
    let fixtures = "shared/authoring/tests/fixtures/fim/xdf2-real/S00000186";
    let mut args = vec![
        "import-fim".to_string(),
        format!("{fixtures}/S00000186v1.0_xdf2.xml"),
    ];
    for n in 1122..=1135 {
        args.push(format!("{fixtures}/{n}.xml"));
    }
    args.extend(["--out".to_string(), out.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout(&output).contains("# Import aus FIM S00000186 Version 1.0"));
    let written = std::fs::read_to_string(&out).expect("definition written");
    let mut imported = authoring::load::load_form(&written).expect("imported definition");
    // The example adds only what FIM cannot know: where applications go.
    imported.submission = Some(engine::format::SubmissionSettings {
        endpoint: Some("/api/submissions".into()),
    });
    let example =
        std::fs::read_to_string(root().join("public/forms/asbest-anzeige.json")).expect("example");
    assert_eq!(
        imported,
        authoring::load::load_form(&example).expect("example")
    );
    let report = std::fs::read_to_string(dir.join("asbest.import-report.md")).expect("report");
    // The counts of the FIM rules, as the report lists them.
    assert!(
        report.contains("FIM-Regeln: 36, davon 23 übernommen, 6 mit Annahme, 7 nicht übernommen.")
            && report.contains("## Regel nicht übernommen: braucht eine Bedingung von Hand (7)"),
        "{report}"
    );
    assert!(stdout(&output).contains("FIM-Regeln: 36"));
    // The check command finds one error in the written definition: what FIM cannot
    // know, where applications go.
    let output = run(&["check", out.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let errors: Vec<String> = stdout(&output)
        .lines()
        .filter(|l| l.contains(": Fehler: "))
        .map(str::to_string)
        .collect();
    assert!(
        errors.len() == 1 && errors[0].contains("submission.endpoint"),
        "{errors:#?}"
    );
    // Its warnings are the FIM rules, one per note: those applied to review, those
    // still in prose to write by hand, so none is forgotten.
    let notes: usize = imported
        .steps
        .iter()
        .flat_map(|s| s.elements.iter())
        .map(count_notes)
        .sum();
    let printed = stdout(&output);
    let warnings: Vec<&str> = printed
        .lines()
        .filter(|l| l.contains(": Warnung: "))
        .collect();
    assert!(notes >= 36, "{notes}");
    assert_eq!(warnings.len(), notes, "{warnings:#?}");
    assert!(warnings.iter().all(|w| w.contains("FIM-Regel R")));
    let by_hand = warnings
        .iter()
        .filter(|w| w.contains("braucht eine Bedingung von Hand"))
        .count();
    let to_review = warnings
        .iter()
        .filter(|w| w.contains("übernommen:") && w.contains("Bitte prüfen"))
        .count();
    assert!(by_hand >= 7 && to_review >= 29, "{by_hand} {to_review}");
    assert_eq!(by_hand + to_review, notes);
    assert!(stdout(&output).contains(&format!("1 Fehler, {notes} Warnungen")));

    // Never overwrites; broken input says what and where.
    let output = run(&args);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("gibt es schon"));
    let output = run(&[
        "import-fim",
        "shared/authoring/tests/fixtures/fim/xdf3-synthetic/unexpected-node.xml",
        "--out",
        dir.join("x.json").to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("Unerwartetes Element xdf:unknown in xdf:identifikation (Zeile 11)"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn publish_writes_the_published_form_beside_its_definition() {
    let out = std::env::temp_dir().join(format!("formfabrik-cli-{}-published", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let output = run(&[
        "publish",
        "public/forms/hundesteuer-anmeldung.json",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files[0].starts_with("hundesteuer-anmeldung_1.0.0_p2_") && files[0].ends_with(".ffp"));
    assert_eq!(files[1], files[0].replace(".ffp", ".json"));
    assert_eq!(
        std::fs::read_to_string(out.join(&files[1])).expect("definition"),
        std::fs::read_to_string(root().join("public/forms/hundesteuer-anmeldung.json"))
            .expect("example"),
        "the definition it came from, as it was"
    );

    // A receiving server checks a payload against the published form.
    let published = out.join(&files[0]);
    let good = payload_file("published-good", |_| {});
    let output = run(&[
        "validate",
        published.to_str().expect("utf-8"),
        good.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    // Published with another value for a parameter, or damaged: refused.
    let mut damaged = std::fs::read(&published).expect("published");
    let last = damaged.len() - 1;
    damaged[last] ^= 0x20;
    let broken = out.join("damaged.ffp");
    std::fs::write(&broken, damaged).expect("write");
    let output = run(&[
        "validate",
        broken.to_str().expect("utf-8"),
        good.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("beschädigt"));

    // A definition with errors is not published.
    let invalid = out.join("invalid.json");
    std::fs::write(&invalid, r#"{"format_version": 1, "id": "x", "version": "1", "title": {"de": "X"}, "languages": ["de"], "steps": [{"id": "s", "title": {"de": "S"}, "elements": [{"key": "a", "type": "text", "label": {"de": "A"}, "visible_if": "b > 1"}]}]}"#).expect("write");
    let refused = out.join("refused");
    let output = run(&[
        "publish",
        invalid.to_str().expect("utf-8"),
        "--out",
        refused.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("Unbekanntes Feld „b“"),
        "{}",
        stdout(&output)
    );
    assert!(!refused.exists(), "nothing written");

    // Where applications go, the municipality may say when publishing; without it no
    // citizen could send the form, so it is not published.
    let shared = out.join("shared.json");
    std::fs::write(&shared, r#"{"format_version": 1, "id": "geteilt", "version": "1", "title": {"de": "X"}, "languages": ["de"], "steps": [{"id": "s", "title": {"de": "S"}, "elements": [{"key": "a", "type": "text", "label": {"de": "A"}}]}]}"#).expect("write");
    let target = out.join("shared");
    let publish_shared = |extra: &[&str]| {
        let mut args = vec!["publish", shared.to_str().expect("utf-8")];
        args.extend_from_slice(extra);
        args.extend(["--out", target.to_str().expect("utf-8")]);
        run(&args)
    };
    let output = publish_shared(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("Keine Empfangsadresse"),
        "{}",
        stdout(&output)
    );
    let output = publish_shared(&["--endpoint", "https://antrag.example.de/eingang"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let file = std::fs::read_dir(&target)
        .expect("written")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "ffp"))
        .expect("published");
    let read = engine::published::read(&std::fs::read(file).expect("bytes")).expect("reads");
    assert_eq!(
        read.form
            .form
            .submission
            .and_then(|s| s.endpoint)
            .as_deref(),
        Some("https://antrag.example.de/eingang")
    );
    let output = run(&[
        "publish",
        "public/forms/hundesteuer-anmeldung.json",
        "--param",
        "x",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

/// Notes on an element and everything inside it.
fn count_notes(element: &engine::format::Element) -> usize {
    element.notes.len() + element.children().iter().map(count_notes).sum::<usize>()
}
