//! Reading a definition from JSON, with errors that say what and where.

use std::fmt;

use crate::codec::read_form;
use crate::problem::Problem;
use engine::compiled::CompiledForm;
use engine::format::{Form, FORMAT_VERSION};
use engine::json::{render_path, Json};
use engine::text::Text;

#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// Not JSON: where, and why.
    Json {
        line: usize,
        column: usize,
        message: Text,
    },
    /// JSON, but not a definition: the path and place of the offending value.
    Structure {
        path: String,
        line: usize,
        column: usize,
        message: Text,
    },
    /// `format_version` missing or not a number.
    NoFormatVersion,
    /// Made by a newer Formfabrik than this one.
    NewerFormat { found: u64 },
    /// A version number that never existed (versions start at 1).
    UnknownFormat { found: i64 },
    /// Loaded, but the definition has errors.
    Invalid(Vec<Problem>),
}

impl LoadError {
    pub fn message(&self) -> Text {
        match self {
            LoadError::Json { line, column, message } => Text::new(
                format!("Die Formulardefinition ist kein gültiges JSON (Zeile {line}, Spalte {column}): {}", message.de),
                format!("The form definition is not valid JSON (line {line}, column {column}): {}", message.get(engine::Lang::En)),
            ),
            LoadError::Structure { path, line, column, message } => Text::new(
                format!("Fehler in der Formulardefinition bei {path} (Zeile {line}, Spalte {column}): {}", message.de),
                format!("Error in the form definition at {path} (line {line}, column {column}): {}", message.get(engine::Lang::En)),
            ),
            LoadError::NoFormatVersion => Text::new(
                "Die Formulardefinition nennt keine Formatversion (\"format_version\"). Ist das wirklich eine Formfabrik-Definition?",
                "The form definition has no \"format_version\". Is it really a Formfabrik definition?",
            ),
            LoadError::NewerFormat { found } => Text::new(
                format!("Die Formulardefinition hat das Format {found}; diese Version von Formfabrik kennt nur Format {FORMAT_VERSION}. Bitte aktualisieren Sie Formfabrik."),
                format!("The form definition uses format {found}; this version of Formfabrik knows format {FORMAT_VERSION} only. Please update Formfabrik."),
            ),
            LoadError::UnknownFormat { found } => Text::new(
                format!("Die Formatversion {found} gibt es nicht; diese Version von Formfabrik kennt Format {FORMAT_VERSION}."),
                format!("There is no format version {found}; this version of Formfabrik knows format {FORMAT_VERSION}."),
            ),
            LoadError::Invalid(problems) => {
                let errors: Vec<&Problem> = problems.iter().filter(|p| p.severity == crate::Severity::Error).collect();
                let first = errors.first().map(|p| p.render(engine::Lang::De)).unwrap_or_default();
                let first_en = errors.first().map(|p| p.render(engine::Lang::En)).unwrap_or_default();
                Text::new(
                    format!("Die Formulardefinition enthält {} Fehler. Erster: {first}", errors.len()),
                    format!("The form definition has {} error(s). First: {first_en}", errors.len()),
                )
            }
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().de)
    }
}

impl std::error::Error for LoadError {}

/// Reads a definition. The format version is checked first, so a newer definition is
/// reported as such rather than as a structure this build does not know.
pub fn load_form(text: &str) -> Result<Form, LoadError> {
    let json = Json::parse(text).map_err(|e| LoadError::Json {
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    match json.get("format_version").and_then(Json::as_i64) {
        None => return Err(LoadError::NoFormatVersion),
        Some(v) if v > i64::from(FORMAT_VERSION) => {
            return Err(LoadError::NewerFormat { found: v as u64 })
        }
        Some(v) if v < 1 => return Err(LoadError::UnknownFormat { found: v }),
        Some(_) => {}
    }
    read_form(&json).map_err(|error| {
        // A missing property has no place of its own: point at the object lacking it.
        let (line, column) = (0..=error.path.len())
            .rev()
            .find_map(|len| Json::locate(text, &error.path[..len]))
            .unwrap_or((1, 1));
        LoadError::Structure {
            path: render_path(&error.path),
            line,
            column,
            message: error.message,
        }
    })
}

/// Reads and compiles a definition; errors in it are [`LoadError::Invalid`].
pub fn load_compiled(text: &str) -> Result<CompiledForm, LoadError> {
    load_with_parameters(text, &[])
}

/// Reads, compiles and checks a definition as the assistant does before showing it to
/// citizens (see [`fit_for_citizens`]).
pub fn load_for_citizens(
    text: &str,
    parameters: &[(String, String)],
) -> Result<CompiledForm, LoadError> {
    load_with_parameters(text, parameters).and_then(fit_for_citizens)
}

/// Refuses a compiled form with an error among the lint's content checks (warnings do
/// not count), so a form the designer marks as broken never reaches citizens.
pub fn fit_for_citizens(form: CompiledForm) -> Result<CompiledForm, LoadError> {
    let errors = crate::lint::content_errors(&form.form);
    if errors.is_empty() {
        Ok(form)
    } else {
        Err(LoadError::Invalid(errors))
    }
}

/// Reads and compiles a definition with the municipality's parameter values.
pub fn load_with_parameters(
    text: &str,
    parameters: &[(String, String)],
) -> Result<CompiledForm, LoadError> {
    crate::compile::with_parameters(load_form(text)?, parameters).map_err(LoadError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_syntax_errors_with_line_and_column() {
        let error = load_form("{\n  \"format_version\": 1,\n  \"id\": \"x\" \"version\"\n}")
            .expect_err("invalid");
        let LoadError::Json { line, column, .. } = error else {
            panic!("json error expected: {error:?}");
        };
        assert_eq!((line, column), (3, 13));
        assert!(error.message().de.contains("Zeile 3, Spalte 13"));
    }

    #[test]
    fn refuses_newer_and_missing_format_versions() {
        assert_eq!(
            load_form(r#"{"format_version": 2, "whatever": true}"#),
            Err(LoadError::NewerFormat { found: 2 })
        );
        assert_eq!(load_form(r#"{"id": "x"}"#), Err(LoadError::NoFormatVersion));
        assert_eq!(
            load_form(r#"{"format_version": 0}"#),
            Err(LoadError::UnknownFormat { found: 0 })
        );
        assert_eq!(
            load_form(r#"{"format_version": "1"}"#),
            Err(LoadError::NoFormatVersion)
        );
        assert!(matches!(
            load_form("[1, 2]"),
            Err(LoadError::NoFormatVersion)
        ));
    }

    #[test]
    fn reports_structure_errors_with_path_and_place() {
        let text = "{\"format_version\": 1, \"id\": \"x\", \"version\": \"1\", \"title\": {\"de\": \"T\"}, \"languages\": [\"de\"],\n \"steps\": [{\"id\": \"s\", \"title\": {\"de\": \"S\"}, \"elements\": [\n  {\"key\": \"a\", \"type\": \"nonsense\"}]}]}";
        let error = load_form(text).expect_err("unknown type");
        let LoadError::Structure {
            path, line, column, ..
        } = &error
        else {
            panic!("structure error expected: {error:?}");
        };
        assert_eq!(path, "steps[0].elements[0].type");
        assert_eq!((*line, *column), (3, 24));
        assert!(error.to_string().contains("nonsense"), "{error}");
        let missing = text.replace("{\"key\": \"a\", ", "{");
        let error = load_form(&missing).expect_err("missing key");
        assert!(
            matches!(&error, LoadError::Structure { path, line: 3, column: 3, .. } if path == "steps[0].elements[0].key"),
            "{error:?}"
        );
        let typo = text.replace(
            "\"type\": \"nonsense\"",
            "\"type\": \"text\", \"requird\": true",
        );
        let error = load_form(&typo).expect_err("unknown property");
        assert!(
            error
                .to_string()
                .contains("Unbekannte Eigenschaft „requird“"),
            "{error}"
        );
    }

    #[test]
    fn citizens_get_only_forms_without_errors() {
        let form = |element: &str| {
            format!(
                r#"{{"format_version": 1, "id": "f", "version": "1", "title": {{"de": "T"}},
                    "languages": ["de", "en"], "submission": {{"endpoint": "/api/submissions"}},
                    "steps": [{{"id": "s", "title": {{"de": "S"}}, "elements": [{element}]}}]}}"#
            )
        };
        // A missing English translation is a warning: the form is shown.
        let fine = form(r#"{"key": "a", "type": "text", "label": {"de": "A"}}"#);
        assert!(load_for_citizens(&fine, &[]).is_ok());
        for (element, expected) in [
            (
                r#"{"key": "a", "type": "text", "label": {"de": ""}}"#,
                "deutsche Text fehlt",
            ),
            (
                r#"{"key": "a", "type": "single_choice", "label": {"de": "A"}, "options": []}"#,
                "keine Antwortmöglichkeiten",
            ),
            (
                r#"{"key": "a", "type": "text", "label": {"de": "A"}, "rules": [{"rule": "expression", "expression": "len(a) > 2"}]}"#,
                "braucht eine Meldung",
            ),
        ] {
            let text = form(element);
            // It compiles; only the content checks find the error.
            assert!(load_with_parameters(&text, &[]).is_ok(), "{element}");
            let error = load_for_citizens(&text, &[]).expect_err(element);
            assert!(matches!(error, LoadError::Invalid(_)), "{error:?}");
            assert!(
                error.message().de.contains(expected),
                "{}",
                error.message().de
            );
        }
    }

    #[test]
    fn every_published_example_passes_every_check_citizens_need() {
        let dir = format!("{}/../../public/forms", env!("CARGO_MANIFEST_DIR"));
        let mut count = 0;
        for entry in std::fs::read_dir(dir).expect("public/forms") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("example");
            let loaded = load_for_citizens(&text, &[]);
            assert!(loaded.is_ok(), "{}: {:?}", path.display(), loaded.err());
            count += 1;
        }
        assert!(count >= 4, "the examples are missing");
    }

    #[test]
    fn writes_what_it_reads() {
        for name in [
            "hundesteuer-anmeldung",
            "bewohnerparkausweis",
            "gewerbeanmeldung",
        ] {
            let text = std::fs::read_to_string(format!(
                "{}/../../public/forms/{name}.json",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("example");
            let form = load_form(&text).expect("loads");
            let written = crate::codec::write_form(&form).to_pretty();
            assert_eq!(load_form(&written).expect("reloads"), form, "{name}");
        }
    }
}
