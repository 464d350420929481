//! Published forms: what `publish` writes, the engine reads back the same; damaged,
//! cut or newer files are refused with a reason, never a panic.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use authoring::load::{load_compiled, load_form};
use authoring::publish::{encode, publish};
use engine::published::{first_screen, read, read_body, ReadError, FORMAT};
use engine::view::{self, Model};
use engine::wizard::Wizard;
use engine::{Date, Lang};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A published form's body: after the magic, the format, the hash and the first
/// screens' section (its length a varint).
fn body(bytes: &[u8]) -> &[u8] {
    let mut at = 4 + 1 + 32;
    let (mut len, mut shift) = (0usize, 0);
    loop {
        let b = bytes[at];
        at += 1;
        len |= usize::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            break;
        }
    }
    &bytes[at + len..]
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
        // Written again, the form read back gives the same body: nothing was lost.
        let again = encode(&published.form);
        assert_eq!(again.hash, publication.hash, "{name}");
        assert_eq!(body(&again.bytes), body(&publication.bytes), "{name}");
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
    newer[4] = 3;
    assert_eq!(
        read(&newer).err(),
        Some(ReadError::NewerFormat { found: 3 })
    );
    assert!(ReadError::NewerFormat { found: 3 }
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
    let body = body(&bytes);
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

/// A fresh assistant's first step in `lang` on `today`, as the runtime describes it
/// from the published form `bytes`.
fn described(bytes: &[u8], lang: Lang, today: Date) -> String {
    let form = Arc::new(read(bytes).expect("reads").form);
    view::render(&Model::new(Wizard::new(form, today, lang)))
        .tokens()
        .to_string()
}

fn day(year: i32, month: u8, day: u8) -> Date {
    Date::new(year, month, day).expect("date")
}

#[test]
fn every_example_carries_its_first_screen_as_the_runtime_describes_it() {
    for (name, text) in examples() {
        let form = load_form(&text).expect("loads");
        let bytes = publish(form.clone(), &[]).expect("publishes").bytes;
        for lang in [Lang::De, Lang::En] {
            let screen = first_screen(&bytes, lang)
                .unwrap_or_else(|| panic!("{name}: no first screen in {lang:?}"));
            assert_eq!(
                screen.draft_prefix,
                engine::draft::key_prefix(&form.id),
                "{name}"
            );
            for today in [day(2026, 12, 4), day(2032, 2, 29)] {
                assert_eq!(
                    screen.tokens,
                    described(&bytes, lang, today),
                    "{name} {lang:?}"
                );
            }
        }
        // The designer's preview draws every edit itself.
        let preview = encode(&load_compiled(&text).expect("compiles")).bytes;
        assert_eq!(first_screen(&preview, Lang::De), None, "{name}");
    }
}

#[test]
fn a_first_step_that_depends_on_the_date_or_is_long_has_no_first_screen() {
    let dated = r#"{"format_version": 1, "id": "f", "version": "1", "title": {"de": "T"},
        "languages": ["de"], "submission": {"endpoint": "/api/submissions"}, "steps": [{"id": "s", "title": {"de": "S"}, "elements": [
        {"key": "heute", "type": "computed", "label": {"de": "Heute"}, "expression": "today()",
         "format": "date"}]}]}"#;
    let bytes = publish(load_form(dated).expect("loads"), &[])
        .expect("publishes")
        .bytes;
    assert!(read(&bytes).is_ok());
    assert_eq!(
        first_screen(&bytes, Lang::De),
        None,
        "drawn with today's date"
    );
    let long = authoring::synthetic::generate_form(500, 1).to_compact();
    let bytes = publish(load_form(&long).expect("loads"), &[])
        .expect("publishes")
        .bytes;
    assert_eq!(first_screen(&bytes, Lang::De), None, "500 fields at once");
    let short = authoring::synthetic::generate_form(10, 1).to_compact();
    let bytes = publish(load_form(&short).expect("loads"), &[])
        .expect("publishes")
        .bytes;
    assert!(first_screen(&bytes, Lang::De).is_some());
}

#[test]
fn format_1_and_first_screens_of_another_view_are_read_without_them() {
    let text = std::fs::read_to_string(root().join("public/forms/hundesteuer-anmeldung.json"))
        .expect("example");
    let publication = publish(load_form(&text).expect("loads"), &[]).expect("publishes");
    let bytes = publication.bytes;
    // Format 1: the hash, then the body.
    let mut one = bytes[..4].to_vec();
    one.push(1);
    one.extend(&bytes[5..5 + 32]);
    one.extend(body(&bytes));
    assert_eq!(read(&one).expect("reads").hash, publication.hash);
    assert_eq!(first_screen(&one, Lang::De), None);
    // The section: its length (two bytes here), the drafts' key prefix, then the view's
    // version.
    let prefix = "formfabrik:draft:hundesteuer-anmeldung:";
    let version_at = 4 + 1 + 32 + 2 + 1 + prefix.len();
    assert_eq!(
        &bytes[version_at - prefix.len()..version_at],
        prefix.as_bytes()
    );
    assert_eq!(u64::from(bytes[version_at]), view::VERSION);
    let mut other = bytes.clone();
    other[version_at] += 1;
    assert_eq!(first_screen(&other, Lang::De), None, "another view's");
    assert_eq!(read(&other).expect("reads").hash, publication.hash);
    // Any change or cut in the section: a screen or none, never a panic.
    let end = bytes.len() - body(&bytes).len();
    for at in 4..end {
        let mut changed = bytes.clone();
        changed[at] = changed[at].wrapping_add(0x55);
        let _ = first_screen(&changed, Lang::En);
        let _ = first_screen(&bytes[..at], Lang::En);
    }
}

/// What `view::VERSION` stands for: the example forms' first screens as this version
/// describes them. A changed description needs a new version, as published forms keep
/// the screens of the version that published them.
#[test]
fn the_first_screens_are_those_of_this_view_version() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let dir = root().join(format!(
        "shared/authoring/tests/first-screens/v{}",
        view::VERSION
    ));
    for (name, text) in examples() {
        let bytes = publish(load_form(&text).expect("loads"), &[])
            .expect("publishes")
            .bytes;
        let stem = Path::new(&name)
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .to_string();
        for lang in [Lang::De, Lang::En] {
            let tokens = first_screen(&bytes, lang).expect("a first screen").tokens;
            let readable = tokens.replace('\0', "\n").replace('\u{1}', " ");
            let path = dir.join(format!("{stem}.{}.txt", lang.code()));
            match std::fs::read_to_string(&path) {
                Ok(golden) => assert!(
                    golden == readable,
                    "{}: the view describes the first step otherwise than version {} did. \
                     Raise engine::view::VERSION (forms published with this one are then \
                     drawn by the runtime, not taken over) and write the new version's \
                     screens with UPDATE_GOLDEN=1.",
                    path.display(),
                    view::VERSION
                ),
                Err(_) if update => {
                    std::fs::create_dir_all(&dir).expect("golden dir");
                    std::fs::write(&path, readable).expect("write golden");
                }
                Err(error) => panic!("{}: {error} (UPDATE_GOLDEN=1 writes it)", path.display()),
            }
        }
    }
}
