//! Reading a definition from JSON, with errors that say what and where.

use std::fmt;

use serde::Deserialize;

use crate::compile::CompiledForm;
use crate::format::{Form, FORMAT_VERSION};
use crate::problem::Problem;
use crate::text::Text;

#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// Not JSON, or not a definition: where, and serde's explanation.
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// `format_version` missing or not a number.
    NoFormatVersion,
    /// Made by a newer Formfabrik than this one.
    NewerFormat { found: u32 },
    /// Loaded, but the definition has errors.
    Invalid(Vec<Problem>),
}

impl LoadError {
    pub fn message(&self) -> Text {
        match self {
            LoadError::Json { line, column, message } => Text::new(
                format!("Die Formulardefinition ist kein gültiges JSON oder unvollständig (Zeile {line}, Spalte {column}): {message}"),
                format!("The form definition is not valid JSON or incomplete (line {line}, column {column}): {message}"),
            ),
            LoadError::NoFormatVersion => Text::new(
                "Die Formulardefinition nennt keine Formatversion (\"format_version\"). Ist das wirklich eine Formfabrik-Definition?",
                "The form definition has no \"format_version\". Is it really a Formfabrik definition?",
            ),
            LoadError::NewerFormat { found } => Text::new(
                format!("Die Formulardefinition hat das Format {found}; diese Version von Formfabrik kennt nur Format {FORMAT_VERSION}. Bitte aktualisieren Sie Formfabrik."),
                format!("The form definition uses format {found}; this version of Formfabrik knows format {FORMAT_VERSION} only. Please update Formfabrik."),
            ),
            LoadError::Invalid(problems) => {
                let errors: Vec<&Problem> = problems.iter().filter(|p| p.severity == crate::Severity::Error).collect();
                let first = errors.first().map(|p| p.render(crate::Lang::De)).unwrap_or_default();
                let first_en = errors.first().map(|p| p.render(crate::Lang::En)).unwrap_or_default();
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

#[derive(Deserialize)]
struct Header {
    format_version: Option<serde_json::Value>,
}

/// Reads a definition. The format version is checked first, so a newer definition is
/// reported as such rather than as a structure this build does not know.
pub fn load_form(json: &str) -> Result<Form, LoadError> {
    let header: Header = serde_json::from_str(json).map_err(json_error)?;
    match header
        .format_version
        .as_ref()
        .and_then(serde_json::Value::as_u64)
    {
        None => return Err(LoadError::NoFormatVersion),
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(LoadError::NewerFormat {
                found: u32::try_from(v).unwrap_or(u32::MAX),
            })
        }
        Some(_) => {}
    }
    serde_json::from_str(json).map_err(json_error)
}

/// Reads and compiles a definition; errors in it are [`LoadError::Invalid`].
pub fn load_compiled(json: &str) -> Result<CompiledForm, LoadError> {
    CompiledForm::new(load_form(json)?).map_err(LoadError::Invalid)
}

fn json_error(error: serde_json::Error) -> LoadError {
    let text = error.to_string();
    // serde_json appends " at line L column C"; the location is reported separately.
    let message = match text.rfind(" at line ") {
        Some(index) => text[..index].to_string(),
        None => text,
    };
    LoadError::Json {
        line: error.line(),
        column: error.column(),
        message,
    }
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
            load_form(r#"{"format_version": "1"}"#),
            Err(LoadError::NoFormatVersion)
        );
        assert!(matches!(load_form("[1, 2]"), Err(LoadError::Json { .. })));
    }

    #[test]
    fn reports_structure_errors() {
        let error = load_form(r#"{"format_version": 1, "id": "x", "version": "1", "title": {"de": "T"}, "languages": ["de"], "steps": [{"id": "s", "title": {"de": "S"}, "elements": [{"key": "a", "type": "nonsense"}]}]}"#)
            .expect_err("unknown type");
        assert!(error.to_string().contains("nonsense"), "{error}");
    }
}
