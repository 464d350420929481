//! Published forms: what `publish` writes, the engine reads back the same; damaged,
//! cut or newer files are refused with a reason, never a panic.

use std::path::{Path, PathBuf};

use authoring::load::{load_compiled, load_form};
use authoring::publish::{encode, publish};
use engine::published::{read, read_body, ReadError, FORMAT};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn examples() -> Vec<(String, String)> {
    let mut forms: Vec<(String, String)> = std::fs::read_dir(root().join("public/forms"))
        .expect("public/forms")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("example");
            (path.display().to_string(), text)
        })
        .collect();
    forms.sort();
    assert!(forms.len() >= 4, "the examples are missing");
    forms
}

#[test]
fn every_example_reads_back_as_it_was_published() {
    for (name, text) in examples() {
        let publication = publish(load_form(&text).expect("loads"), &[])
            .unwrap_or_else(|problems| panic!("{name}: {problems:#?}"));
        let published = read(&publication.bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(published.hash, publication.hash);
        // Written again, the form read back gives the same bytes: nothing was lost.
        assert_eq!(encode(&published.form).bytes, publication.bytes, "{name}");
        let form = load_form(&text).expect("loads");
        assert_eq!(published.form.form, form, "{name}: the definition inside");
        let file = publication.file_name(&form);
        assert!(
            file.starts_with(&format!("{}_{}_p{FORMAT}_", form.id, form.version))
                && file.ends_with(&format!("{}.ffp", &publication.hash[..16])),
            "{file}"
        );
    }
}

#[test]
fn publishing_refuses_what_no_citizen_could_finish() {
    let text = r#"{"format_version": 1, "id": "f", "version": "1", "title": {"de": "T"},
        "languages": ["de"], "steps": [{"id": "s", "title": {"de": "S"}, "elements": [
        {"key": "a", "type": "text", "label": {"de": ""}, "visible_if": "b > 1"}]}]}"#;
    let problems = publish(load_form(text).expect("loads"), &[]).expect_err("refused");
    let messages: Vec<String> = problems.iter().map(|p| p.message.de.clone()).collect();
    assert!(
        messages.iter().any(|m| m.contains("deutsche Text fehlt")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("Unbekanntes Feld")),
        "{messages:?}"
    );
}

#[test]
fn parameters_are_bound_when_publishing() {
    let text = r#"{"format_version": 1, "id": "f", "version": "1", "title": {"de": "T"},
        "languages": ["de"], "submission": {"endpoint": "/api/submissions"},
        "parameters": [{"key": "steuersatz", "type": "currency",
        "label": {"de": "Steuersatz"}, "default": "120"}],
        "steps": [{"id": "s", "title": {"de": "S"}, "elements": [
        {"key": "steuer", "type": "computed", "label": {"de": "Steuer"},
         "expression": "param.steuersatz * 2", "format": "currency"}]}]}"#;
    let form = load_form(text).expect("loads");
    let default = publish(form.clone(), &[]).expect("publishes");
    let other = publish(form.clone(), &[("steuersatz".into(), "96".into())]).expect("publishes");
    assert_ne!(
        default.hash, other.hash,
        "another municipality, another form"
    );
    let published = read(&other.bytes).expect("reads");
    let state = engine::state::FormState::new(
        std::sync::Arc::new(published.form),
        engine::Date::new(2026, 11, 22).expect("date"),
    );
    let steuer = engine::state::Loc::top(state.form().find("steuer").expect("node"));
    assert_eq!(state.value(&steuer), engine::expr::Value::Number(192.0));
    let problems = publish(form, &[("steuersatz".into(), "viel".into())]).expect_err("no number");
    assert!(
        problems[0].message.de.contains("keine Zahl"),
        "{problems:?}"
    );
}

#[test]
fn damaged_cut_newer_and_other_files_are_refused() {
    let text = std::fs::read_to_string(root().join("public/forms/gewerbeanmeldung.json"))
        .expect("example");
    let bytes = encode(&load_compiled(&text).expect("compiles")).bytes;
    assert!(read(&bytes).is_ok());
    let mut flipped = bytes.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    assert_eq!(read(&flipped).err(), Some(ReadError::Damaged));
    for cut in [bytes.len() - 1, bytes.len() / 2, 40, 6, 5] {
        assert_eq!(
            read(&bytes[..cut]).err(),
            Some(ReadError::Damaged),
            "cut at {cut}"
        );
    }
    let mut newer = bytes.clone();
    newer[4] = 2;
    assert_eq!(
        read(&newer).err(),
        Some(ReadError::NewerFormat { found: 2 })
    );
    assert!(ReadError::NewerFormat { found: 2 }
        .message()
        .de
        .contains("neueren Version"));
    assert_eq!(read(text.as_bytes()).err(), Some(ReadError::NotPublished));
    assert_eq!(read(b"").err(), Some(ReadError::NotPublished));
}

#[test]
fn any_body_reads_as_a_form_or_an_error() {
    // The body with every byte changed in turn, and cut at every length: the reader
    // checks every index the engine will follow, so none of these panics.
    let text = std::fs::read_to_string(root().join("public/forms/hundesteuer-anmeldung.json"))
        .expect("example");
    let bytes = encode(&load_compiled(&text).expect("compiles")).bytes;
    let body = &bytes[4 + 1 + 32..];
    assert!(read_body(body).is_ok());
    for at in (0..body.len()).step_by(7) {
        let mut changed = body.to_vec();
        changed[at] = changed[at].wrapping_add(0x55);
        let _ = read_body(&changed);
        let _ = read_body(&body[..at]);
    }
}

#[test]
fn a_form_beyond_the_caps_is_neither_published_nor_read() {
    // A repeat `min` of 4,294,967,295 once passed `check`, and `validate` then tried
    // to allocate 103 GB.
    let text = r#"{"format_version": 1, "id": "f", "version": "1", "title": {"de": "T"},
        "languages": ["de"], "steps": [{"id": "s", "title": {"de": "S"}, "elements": [
        {"key": "hunde", "type": "repeat", "label": {"de": "Hunde"}, "item_label": {"de": "Hund"},
         "min": 4294967295, "elements": [{"key": "name", "type": "text", "label": {"de": "Name"}}]}]}]}"#;
    let form = load_form(text).expect("loads");
    let problems = publish(form, &[]).expect_err("refused");
    assert!(
        problems
            .iter()
            .any(|p| p.message.de.contains("höchstens 1000 Einträge")),
        "{problems:?}"
    );
    // Encoded anyway (as a crafted file would be): the reader refuses it.
    let bytes = encode(&load_compiled(text).expect("compiles")).bytes;
    assert_eq!(read(&bytes).err(), Some(ReadError::Damaged));
}
