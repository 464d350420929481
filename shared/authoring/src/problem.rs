//! Problems found in a definition: by loading, compiling and linting.

use std::fmt;

use crate::expr::Span;
use engine::text::Joined;
use engine::text::{Lang, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The form cannot be used until this is fixed.
    Error,
    /// The form works, but something is probably not as meant.
    Warning,
}

/// Where in the definition a problem is: a step, an element inside it (by indices,
/// through groups), and the property concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub step: Option<usize>,
    pub elements: Vec<usize>,
    pub property: Option<String>,
}

impl Location {
    pub fn form(property: &str) -> Location {
        Location {
            property: Some(property.to_string()),
            ..Location::default()
        }
    }

    pub fn step(step: usize) -> Location {
        Location {
            step: Some(step),
            ..Location::default()
        }
    }

    pub fn element(step: usize, elements: &[usize]) -> Location {
        Location {
            step: Some(step),
            elements: elements.to_vec(),
            property: None,
        }
    }

    pub fn with(mut self, property: impl Into<String>) -> Location {
        self.property = Some(property.into());
        self
    }
}

impl fmt::Display for Location {
    /// A JSON-path-like address: `steps[1].elements[0].elements[2].visible_if`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(step) = self.step {
            parts.push(format!("steps[{step}]"));
        }
        for index in &self.elements {
            parts.push(format!("elements[{index}]"));
        }
        if let Some(property) = &self.property {
            parts.push(property.clone());
        }
        if parts.is_empty() {
            parts.push("(form)".into());
        }
        write!(f, "{}", parts.joined("."))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub location: Location,
    pub message: Text,
    /// For expression errors: the part of the expression to underline.
    pub span: Option<(usize, usize)>,
}

impl Problem {
    pub fn error(location: Location, de: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            location,
            message: Text::new(de, en),
            span: None,
        }
    }

    pub fn warning(location: Location, de: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(location, de, en)
        }
    }

    pub fn with_span(mut self, span: Span) -> Problem {
        self.span = Some((span.start, span.end));
        self
    }

    pub fn render(&self, lang: Lang) -> String {
        let severity = match (self.severity, lang) {
            (Severity::Error, Lang::De) => "Fehler",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::De) => "Warnung",
            (Severity::Warning, Lang::En) => "warning",
        };
        format!("{severity}: {}: {}", self.location, self.message.get(lang))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::De))
    }
}

pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}
