//! Import of FIM data fields (XDatenfelder 2 and 3) as a new form definition.
//!
//! [`import`] takes the Stammdatenschema (or a v3 single-group message) and any
//! genericode code lists, and returns the form plus a [`Report`] of what was mapped,
//! guessed or left for a person. Errors say what and where (line, FIM id). Lives in the
//! core so the designer (wasm) and the CLI share it; the runtime never links it.

mod codelist;
mod map;
mod phrase;
mod read;
mod rules;
mod script;

pub use codelist::CodeList;

use crate::xml::{self, XmlError};
use engine::format::{FimRef, Form};
use engine::json::Json;
use engine::text::{Lang, Text};

/// A successful import.
#[derive(Debug, Clone)]
pub struct Import {
    pub form: Form,
    pub report: Report,
}

/// What the import did: counts, and everything a person should look at.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The imported schema (S…) or group (G…).
    pub source: FimRef,
    /// XDatenfelder version of the file: 2 or 3.
    pub xdf_version: u8,
    pub steps: usize,
    pub groups: usize,
    pub fields: usize,
    pub options: usize,
    pub items: Vec<ReportItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportItem {
    /// The FIM element concerned (F…, G…, R…, S…).
    pub fim_id: String,
    pub kind: ReportKind,
    pub message: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportKind {
    /// Not taken over at all.
    NotMapped,
    /// Taken over, but the mapping is a guess worth checking.
    Guessed,
    /// A code list was not supplied: the field holds a marked placeholder.
    MissingCodeList,
    /// A FIM rule read and applied as conditions, requirements or checks.
    RuleApplied,
    /// A FIM rule applied, with something the rule left open filled in by a guess.
    RuleGuessed,
    /// A FIM rule left as a note: a condition or check must be written by hand.
    RuleNotApplied,
}

impl ReportKind {
    pub fn code(self) -> &'static str {
        match self {
            ReportKind::NotMapped => "not_mapped",
            ReportKind::Guessed => "guessed",
            ReportKind::MissingCodeList => "missing_code_list",
            ReportKind::RuleApplied => "rule_applied",
            ReportKind::RuleGuessed => "rule_guessed",
            ReportKind::RuleNotApplied => "rule_not_applied",
        }
    }

    pub fn title(self) -> Text {
        match self {
            ReportKind::NotMapped => Text::new("Nicht übernommen", "Not imported"),
            ReportKind::Guessed => Text::new("Bitte prüfen (angenommen)", "Please check (guessed)"),
            ReportKind::MissingCodeList => Text::new("Codeliste fehlt", "Code list missing"),
            ReportKind::RuleApplied => Text::new("Regel übernommen", "Rule applied"),
            ReportKind::RuleGuessed => Text::new(
                "Regel übernommen, mit Annahme (bitte prüfen)",
                "Rule applied with a guess (please check)",
            ),
            ReportKind::RuleNotApplied => Text::new(
                "Regel nicht übernommen: braucht eine Bedingung von Hand",
                "Rule not applied: needs a condition by hand",
            ),
        }
    }

    pub const ALL: [ReportKind; 6] = [
        ReportKind::MissingCodeList,
        ReportKind::RuleNotApplied,
        ReportKind::RuleGuessed,
        ReportKind::RuleApplied,
        ReportKind::NotMapped,
        ReportKind::Guessed,
    ];

    /// The three lists every FIM rule is in exactly one of.
    pub const RULES: [ReportKind; 3] = [
        ReportKind::RuleApplied,
        ReportKind::RuleGuessed,
        ReportKind::RuleNotApplied,
    ];
}

impl Report {
    /// A readable report, e.g. for the CLI (Markdown).
    pub fn render(&self, lang: Lang) -> String {
        let de = lang == Lang::De;
        let mut out = String::new();
        out.push_str(&if de {
            format!(
                "# Import aus FIM {} Version {} (XDatenfelder {})\n\n{} Schritte, {} Gruppen, {} Felder, {} Auswahlwerte.\n",
                self.source.id, self.source.version, self.xdf_version, self.steps, self.groups, self.fields, self.options
            ) + &self.rule_counts(lang) + "\n"
        } else {
            format!(
                "# Import from FIM {} version {} (XDatenfelder {})\n\n{} steps, {} groups, {} fields, {} options.\n",
                self.source.id, self.source.version, self.xdf_version, self.steps, self.groups, self.fields, self.options
            ) + &self.rule_counts(lang) + "\n"
        });
        for kind in ReportKind::ALL {
            let items: Vec<&ReportItem> = self.items.iter().filter(|i| i.kind == kind).collect();
            if items.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "\n## {} ({})\n\n",
                kind.title().get(lang),
                items.len()
            ));
            for item in items {
                out.push_str(&format!("- {}: {}\n", item.fim_id, item.message.get(lang)));
            }
        }
        out
    }

    pub fn to_json(&self) -> Json {
        let items = self.items.iter().map(|item| {
            engine::json!({
                "fim_id": (item.fim_id.as_str()),
                "kind": (item.kind.code()),
                "message": (Json::from(&item.message))
            })
        });
        engine::json!({
            "source": { "id": (self.source.id.as_str()), "version": (self.source.version.as_str()) },
            "xdf_version": (u32::from(self.xdf_version)),
            "steps": (self.steps),
            "groups": (self.groups),
            "fields": (self.fields),
            "options": (self.options),
            "rules": {
                "applied": (self.count(ReportKind::RuleApplied)),
                "guessed": (self.count(ReportKind::RuleGuessed)),
                "not_applied": (self.count(ReportKind::RuleNotApplied))
            },
            "items": (Json::Array(items.collect()))
        })
    }

    pub fn count(&self, kind: ReportKind) -> usize {
        self.items.iter().filter(|i| i.kind == kind).count()
    }

    /// "FIM-Regeln: 36, davon 20 übernommen, 6 mit Annahme, 10 nicht übernommen.", or
    /// nothing when the schema has no rules.
    pub fn rule_counts(&self, lang: Lang) -> String {
        let [applied, guessed, left] = ReportKind::RULES.map(|kind| self.count(kind));
        let all = applied + guessed + left;
        if all == 0 {
            return String::new();
        }
        match lang {
            Lang::De => format!("FIM-Regeln: {all}, davon {applied} übernommen, {guessed} mit Annahme, {left} nicht übernommen."),
            Lang::En => format!("FIM rules: {all}: {applied} applied, {guessed} with a guess, {left} not applied."),
        }
    }
}

/// Why an import failed.
#[derive(Debug, Clone, PartialEq)]
pub enum FimError {
    /// Not well-formed XML; `file` names a code-list file, empty for the schema.
    Xml {
        file: String,
        error: XmlError,
    },
    UnknownNamespace {
        namespace: String,
        line: usize,
    },
    /// XDatenfelder 1 is retired; FIM publishes every schema as version 2 or 3.
    Version1,
    /// A genericode code list was given where the schema belongs.
    CodeListAsSchema,
    /// An XDatenfelder message, but not a schema or a group.
    UnknownMessage {
        name: String,
        line: usize,
    },
    Missing {
        what: &'static str,
        parent: String,
        line: usize,
    },
    Duplicate {
        what: String,
        id: String,
        line: usize,
    },
    Unexpected {
        what: String,
        parent: String,
        line: usize,
    },
    InvalidValue {
        what: &'static str,
        value: String,
        id: String,
        line: usize,
    },
    /// A code-list file that is not a usable genericode list.
    CodeList {
        file: String,
        message: Text,
    },
}

impl FimError {
    pub fn message(&self) -> Text {
        match self {
            FimError::Xml { file, error } => {
                let (file_de, file_en) = if file.is_empty() {
                    ("Das Datenschema".to_string(), "The schema".to_string())
                } else {
                    (format!("Die Datei {file}"), format!("The file {file}"))
                };
                Text::new(
                format!("{file_de} ist kein gültiges XML (Zeile {}, Spalte {}): {}", error.line, error.column, error.message.de),
                format!("{file_en} is not well-formed XML (line {}, column {}): {}", error.line, error.column, error.message.get(Lang::En)),
            )
            }
            FimError::UnknownNamespace { namespace, line } => Text::new(
                format!("Unbekannter Namensraum „{namespace}“ (Zeile {line}). Erwartet wird XDatenfelder 2 ({}) oder 3 ({}).", read::NS_V2, read::NS_V3),
                format!("Unknown namespace \"{namespace}\" (line {line}). Expected XDatenfelder 2 ({}) or 3 ({}).", read::NS_V2, read::NS_V3),
            ),
            FimError::Version1 => Text::new(
                "XDatenfelder 1 wird nicht unterstützt. Bitte laden Sie das Datenschema im FIM-Portal als XDatenfelder 2 oder 3 herunter.",
                "XDatenfelder 1 is not supported. Please download the schema from the FIM portal as XDatenfelder 2 or 3.",
            ),
            FimError::CodeListAsSchema => Text::new(
                "Diese Datei ist eine Codeliste, kein Datenschema. Wählen Sie das Stammdatenschema (S…) als Hauptdatei und die Codelisten dazu.",
                "This file is a code list, not a schema. Choose the Stammdatenschema (S…) as the main file and the code lists alongside.",
            ),
            FimError::UnknownMessage { name, line } => Text::new(
                format!("Die Nachricht „{name}“ (Zeile {line}) ist kein Stammdatenschema und keine Datenfeldgruppe."),
                format!("The message \"{name}\" (line {line}) is neither a Stammdatenschema nor a data field group."),
            ),
            FimError::Missing { what, parent, line } => Text::new(
                format!("In {parent} (Zeile {line}) fehlt {what} oder es ist leer."),
                format!("{what} is missing or empty in {parent} (line {line})."),
            ),
            FimError::Duplicate { what, id, line } => Text::new(
                format!("{what} steht in {id} doppelt (Zeile {line})."),
                format!("{what} appears twice in {id} (line {line})."),
            ),
            FimError::Unexpected { what, parent, line } => Text::new(
                format!("Unerwartetes Element {what} in {parent} (Zeile {line})."),
                format!("Unexpected element {what} in {parent} (line {line})."),
            ),
            FimError::InvalidValue { what, value, id, line } => Text::new(
                format!("Ungültiger Wert „{value}“ in {what} von {id} (Zeile {line})."),
                format!("Invalid value \"{value}\" in {what} of {id} (line {line})."),
            ),
            FimError::CodeList { file, message } => Text::new(
                format!("Codeliste {file}: {}", message.de),
                format!("Code list {file}: {}", message.get(Lang::En)),
            ),
        }
    }
}

impl std::fmt::Display for FimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().de)
    }
}

impl std::error::Error for FimError {}

/// Imports a schema with its code lists, given as (file name, content).
pub fn import(schema_xml: &str, code_lists: &[(&str, &str)]) -> Result<Import, FimError> {
    let root = xml::parse(schema_xml).map_err(|error| FimError::Xml {
        file: String::new(),
        error,
    })?;
    let schema = read::schema(&root)?;
    let lists = code_lists
        .iter()
        .map(|(file, text)| CodeList::parse(file, text))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(map::import(&schema, &lists))
}
