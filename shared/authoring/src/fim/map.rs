//! Turning the FIM model into a form definition, noting every guess in the report.

use std::collections::HashSet;

use super::codelist::CodeList;
use super::read::{Body, Child, Field, Item, Schema, XdfVersion};
use super::rules::{self, quote, OwnedRule};
use super::{Import, Report, ReportItem, ReportKind};
use crate::keys::{slug, Keys};
use engine::format::{
    Check, ChoiceDisplay, ChoiceOption, ComputedFormat, DateBound, Element, FimRef, Form, Kind,
    Rule, Step, FORMAT_VERSION,
};
use engine::limits::{MAX_ENTRIES, MAX_FILES, MAX_NESTING};
use engine::text::{Lang, Text};

/// Top-level structures with at most this many fields may share a step with
/// their small neighbours.
const SMALL: usize = 3;
/// A shared step holds at most this many fields.
const SHARED_STEP_FIELDS: usize = 8;
/// Choices with more options than this are shown as a dropdown.
const RADIO_MAX: usize = 6;
/// Longer texts get a multi-line input.
const MULTILINE_FROM: u32 = 250;
/// Key length limit, well inside the format's 64.
/// Files per field when FIM says `*`.
const DEFAULT_MAX_FILES: u32 = 10;

pub fn import(schema: &Schema, lists: &[CodeList]) -> Import {
    let mut mapper = Mapper {
        lists,
        items: Vec::new(),
        reported: HashSet::new(),
        groups: 0,
        fields: 0,
        options: 0,
        depth: 0,
        rules: Vec::new(),
    };
    let root = &schema.root;
    let mut root_keys = Keys::default();
    let children = match &root.body {
        Body::Group(children) => children.as_slice(),
        Body::Field(_) => &[],
    };
    let units: Vec<Element> = children
        .iter()
        .filter_map(|child| mapper.child(child, &mut root_keys))
        .collect();
    let steps = mapper.steps(units);
    for rule in &root.rules {
        mapper.rules.push(OwnedRule {
            owner: None,
            owner_label: "Datenschema (gesamtes Formular)".into(),
            rule: rule.clone(),
        });
    }
    let title = first_non_empty(&[&root.label, &root.name, &root.id]);
    let mut form = Form {
        format_version: FORMAT_VERSION,
        id: slug(&first_non_empty(&[&root.name, &root.id]), '-'),
        version: if root.version.is_empty() {
            "1.0".into()
        } else {
            root.version.clone()
        },
        title: Text::de(title),
        description: (!schema.help.is_empty()).then(|| Text::de(schema.help.clone())),
        languages: vec![Lang::De],
        leika: None,
        steps,
        declarations: Vec::new(),
        submission: None,
        fim: Some(fim_ref(root)),
        parameters: Vec::new(),
        time_zone: None,
        drafts: None,
    };
    for item in rules::apply(&mut form, &mapper.rules) {
        mapper.push(item);
    }
    // A 0:1 group a rule made conditional is no longer a section one adds.
    let mut repeats = HashSet::new();
    for step in &form.steps {
        collect_repeats(&step.elements, &mut repeats);
    }
    mapper.items.retain(|item| {
        item.kind != ReportKind::Guessed
            || !item.fim_id.starts_with('G')
            || repeats.contains(&item.fim_id)
            || !item.message.de.contains("(0:1)")
    });
    let report = Report {
        source: fim_ref(root),
        xdf_version: match schema.version {
            XdfVersion::V2 => 2,
            XdfVersion::V3 => 3,
        },
        steps: form.steps.len(),
        groups: mapper.groups,
        fields: mapper.fields,
        options: mapper.options,
        items: mapper.items,
    };
    Import { form, report }
}

struct Mapper<'a> {
    lists: &'a [CodeList],
    items: Vec<ReportItem>,
    /// The items reported so far, to report each once however often it is met.
    reported: HashSet<ReportItem>,
    groups: usize,
    fields: usize,
    options: usize,
    /// Groups entered on the way to the element being mapped.
    depth: usize,
    /// Every FIM rule met, once per element carrying it.
    rules: Vec<OwnedRule>,
}

impl Mapper<'_> {
    /// FIM's count of a repeated element within what a form holds (`MAX_ENTRIES`):
    /// `anzahl` `4000000000:*` once became a form no citizen's browser could open.
    fn entries(&mut self, item: &Item, min: u32, max: Option<u32>) -> (u32, Option<u32>) {
        let cap = MAX_ENTRIES as u32;
        if min > cap || max.is_some_and(|m| m > cap) {
            self.note(
                &item.id,
                ReportKind::Guessed,
                format!("„{}“: FIM erlaubt mehr als {cap} Einträge; das Formular erlaubt höchstens {cap}.", label_of(item)),
                format!("\"{}\": FIM allows more than {cap} entries; the form allows at most {cap}.", label_of(item)),
            );
        }
        (min.min(cap), max.map(|m| m.min(cap)))
    }

    /// Adds a report item; an element used in several places is reported once.
    fn note(&mut self, fim_id: &str, kind: ReportKind, de: String, en: String) {
        self.push(ReportItem {
            fim_id: fim_id.to_string(),
            kind,
            message: Text::new(de, en),
        });
    }

    fn push(&mut self, item: ReportItem) {
        if self.reported.insert(item.clone()) {
            self.items.push(item);
        }
    }

    fn child(&mut self, child: &Child, keys: &mut Keys) -> Option<Element> {
        let item = &child.item;
        // Rules are reported even when their element cannot be imported.
        let owner_label = format!("{} ({})", item.id, label_of(item));
        for rule in &item.rules {
            let known = self
                .rules
                .iter()
                .any(|r| r.owner.as_deref() == Some(&item.id) && r.rule.id == rule.id);
            if !known {
                self.rules.push(OwnedRule {
                    owner: Some(item.id.clone()),
                    owner_label: owner_label.clone(),
                    rule: rule.clone(),
                });
            }
        }
        match &item.body {
            Body::Group(children) => self.group(child, children, keys),
            Body::Field(field) => self.field(child, field, keys),
        }
    }

    fn group(&mut self, child: &Child, children: &[Child], keys: &mut Keys) -> Option<Element> {
        let item = &child.item;
        // A form holds groups MAX_NESTING deep: a deeper one could not be published.
        if self.depth == MAX_NESTING {
            self.note(
                &item.id,
                ReportKind::NotMapped,
                format!(
                    "Die Gruppe „{}“ steckt tiefer als {MAX_NESTING} Gruppen und fehlt im Formular.",
                    item.name
                ),
                format!(
                    "The group \"{}\" is nested deeper than {MAX_NESTING} groups and is left out.",
                    item.name
                ),
            );
            return None;
        }
        let mut inner = Keys::default();
        self.depth += 1;
        let elements: Vec<Element> = children
            .iter()
            .filter_map(|c| self.child(c, &mut inner))
            .collect();
        self.depth -= 1;
        if elements.is_empty() {
            self.note(
                &item.id,
                ReportKind::NotMapped,
                format!(
                    "Die Gruppe „{}“ enthält nichts Übernehmbares und fehlt im Formular.",
                    item.name
                ),
                format!(
                    "The group \"{}\" contains nothing importable and is left out.",
                    item.name
                ),
            );
            return None;
        }
        self.groups += 1;
        let label = label_of(item);
        let kind = match child.max {
            Some(1) if child.min == 1 || !elements.iter().any(demands_answer) => {
                Kind::Group { elements }
            }
            max => {
                if max == Some(1) {
                    self.note(
                        &item.id,
                        ReportKind::Guessed,
                        format!("Die optionale Gruppe „{label}“ (0:1) enthält Pflichtfelder; sie ist ein Abschnitt, den man hinzufügen kann. Alternativ: eine Bedingung setzen."),
                        format!("The optional group \"{label}\" (0:1) has required fields; it became a section one can add. Alternative: set a condition."),
                    );
                }
                let (min, max) = self.entries(item, child.min, max);
                Kind::Repeat {
                    elements,
                    min,
                    max,
                    item_label: Text::de(label.clone()),
                }
            }
        };
        let mut element = blank(keys.claim(&item.name), kind, label);
        element.help = help_of(item);
        element.fim = Some(fim_ref(item));
        Some(element)
    }

    fn field(&mut self, child: &Child, field: &Field, keys: &mut Keys) -> Option<Element> {
        let item = &child.item;
        let label = label_of(item);
        let multiple = child.max != Some(1);
        let kind = match field.feldart.as_str() {
            "label" => {
                let text = first_non_empty(&[&field.content, &item.help, &label]);
                let mut element = blank(
                    keys.claim(&item.name),
                    Kind::Content {
                        markdown: Text::de(text),
                    },
                    String::new(),
                );
                element.fim = Some(fim_ref(item));
                return Some(element);
            }
            "hidden" | "locked" => {
                let what = if field.feldart == "hidden" {
                    ("versteckte", "hidden")
                } else {
                    ("gesperrte", "locked")
                };
                if field.content.is_empty() {
                    self.note(
                        &item.id,
                        ReportKind::NotMapped,
                        format!(
                            "Das {} Feld „{label}“ hat keinen Inhalt und ist nicht übernommen.",
                            what.0
                        ),
                        format!(
                            "The {} field \"{label}\" has no content and was not imported.",
                            what.1
                        ),
                    );
                    return None;
                }
                // The format has no hidden values: both become a read-only value that is
                // shown and submitted.
                self.note(
                    &item.id,
                    ReportKind::Guessed,
                    format!("Das {} Feld „{label}“ zeigt seinen festen Wert „{}“ schreibgeschützt an und sendet ihn mit.", what.0, field.content),
                    format!("The {} field \"{label}\" shows its fixed value \"{}\" read-only and submits it.", what.1, field.content),
                );
                Kind::Computed {
                    expression: quote(&field.content),
                    format: ComputedFormat::Text,
                }
            }
            "select" => {
                let options = self.options(item, field);
                self.options += options.len();
                if multiple {
                    Kind::MultipleChoice { options }
                } else {
                    let display = if options.len() > RADIO_MAX {
                        ChoiceDisplay::Dropdown
                    } else {
                        ChoiceDisplay::Radio
                    };
                    Kind::SingleChoice { options, display }
                }
            }
            other => {
                if !field.content.is_empty() {
                    self.note(
                        &item.id,
                        ReportKind::NotMapped,
                        format!("Die Vorbelegung „{}“ von „{label}“ ist nicht übernommen (das Format kennt keine Vorbelegung).", field.content),
                        format!("The preset \"{}\" of \"{label}\" was not imported (the format has no presets).", field.content),
                    );
                }
                if other != "input" {
                    self.note(
                        &item.id,
                        ReportKind::Guessed,
                        format!("Unbekannte Feldart „{other}“ bei „{label}“: als Eingabefeld übernommen."),
                        format!("Unknown field kind \"{other}\" at \"{label}\": imported as an input."),
                    );
                }
                self.input_kind(item, field, child)
            }
        };
        self.fields += 1;
        // A field that occurs several times (other than choices and files) becomes a
        // repeating group of that one field; its own key then lives in the group's scope.
        let wraps = multiple
            && !matches!(
                kind,
                Kind::MultipleChoice { .. }
                    | Kind::File { .. }
                    | Kind::Checkbox
                    | Kind::Computed { .. }
            );
        let key = if wraps {
            Keys::default().claim(&item.name)
        } else {
            keys.claim(&item.name)
        };
        let mut element = blank(key, kind, label.clone());
        element.help = help_of(item);
        element.fim = Some(fim_ref(item));
        element.autocomplete = autocomplete(&item.name, &element.kind).map(str::to_string);
        element.required = child.min >= 1;
        self.precision(item, field, &mut element);
        match &mut element.kind {
            Kind::MultipleChoice { .. } => {
                if child.min > 1 {
                    element
                        .rules
                        .push(rule(Check::MinLength { value: child.min }));
                }
                if let Some(max) = child.max {
                    element.rules.push(rule(Check::MaxLength { value: max }));
                }
                Some(element)
            }
            Kind::File { max_count, .. } => {
                *max_count = child.max.unwrap_or(DEFAULT_MAX_FILES).min(MAX_FILES as u32);
                if child.min > 1 {
                    self.note(
                        &item.id,
                        ReportKind::Guessed,
                        format!("„{label}“ verlangt mindestens {} Dateien; geprüft wird nur, dass eine da ist.", child.min),
                        format!("\"{label}\" needs at least {} files; only one is enforced.", child.min),
                    );
                }
                Some(element)
            }
            Kind::Checkbox | Kind::Computed { .. } => Some(element),
            _ if wraps => {
                element.required = true;
                let (min, max) = self.entries(item, child.min, child.max);
                let mut wrapper = blank(
                    keys.claim(&format!("{} Liste", item.name)),
                    Kind::Repeat {
                        elements: Vec::new(),
                        min,
                        max,
                        item_label: Text::de(label.clone()),
                    },
                    label,
                );
                if let Kind::Repeat { elements, .. } = &mut wrapper.kind {
                    elements.push(element);
                }
                Some(wrapper)
            }
            _ => Some(element),
        }
    }

    fn input_kind(&mut self, item: &Item, field: &Field, child: &Child) -> Kind {
        let label = label_of(item);
        let name = item.name.to_lowercase();
        let guessed = |mapper: &mut Mapper, de: String, en: String| {
            mapper.note(&item.id, ReportKind::Guessed, de, en)
        };
        match field.datentyp.as_str() {
            "text" | "text_latin" | "" => {
                if name.contains("e-mail") {
                    Kind::Email
                } else if name.starts_with("telefon")
                    || name.starts_with("telefax")
                    || name.starts_with("mobil")
                {
                    Kind::Phone
                } else if name == "postleitzahl" {
                    Kind::PostalCode
                } else if field.max_length.is_some_and(|max| max >= MULTILINE_FROM)
                    || (field.max_length.is_none() && looks_like_prose(&name))
                {
                    Kind::MultilineText
                } else {
                    Kind::Text
                }
            }
            "date" => Kind::Date,
            "time" | "datetime" => {
                let placeholder = time_format(&field.datentyp).map_or("", |(_, p)| p);
                guessed(
                    self,
                    format!(
                        "„{label}“ ({}) ist ein Textfeld im Format {placeholder}.",
                        field.datentyp
                    ),
                    format!(
                        "\"{label}\" ({}) is a text field in the format {placeholder}.",
                        field.datentyp
                    ),
                );
                Kind::Text
            }
            "bool" => {
                let consent = child.min >= 1
                    && (label.starts_with("Hiermit")
                        || name.starts_with("einwilligung")
                        || name.starts_with("bestätigung"));
                if consent {
                    guessed(
                        self,
                        format!("„{label}“ ist eine Bestätigung, die angekreuzt werden muss (Ja/Nein-Feld in FIM)."),
                        format!("\"{label}\" is a confirmation that must be ticked (a yes/no field in FIM)."),
                    );
                    Kind::Checkbox
                } else {
                    Kind::YesNo
                }
            }
            "num" => Kind::Decimal,
            "num_int" => Kind::Integer,
            "num_currency" => Kind::Currency,
            "file" | "obj" => {
                if field.datentyp == "obj" {
                    guessed(
                        self,
                        format!("„{label}“ (Datentyp obj) ist ein Datei-Upload."),
                        format!("\"{label}\" (data type obj) is a file upload."),
                    );
                }
                let accept = field.media_types.clone();
                let max_size = field
                    .max_size_kb
                    .filter(|&kb| kb > 0)
                    .map_or(engine::format::DEFAULT_MAX_FILE_SIZE, |kb| {
                        kb.saturating_mul(1024)
                    });
                Kind::File {
                    accept,
                    max_size,
                    max_count: 1,
                }
            }
            other => {
                self.note(
                    &item.id,
                    ReportKind::Guessed,
                    format!(
                        "Unbekannter Datentyp „{other}“ bei „{label}“: als Textfeld übernommen."
                    ),
                    format!(
                        "Unknown data type \"{other}\" at \"{label}\": imported as a text field."
                    ),
                );
                Kind::Text
            }
        }
    }

    /// Length, value and pattern rules from the `praezisierung`.
    fn precision(&mut self, item: &Item, field: &Field, element: &mut Element) {
        let label = element.label.de.clone();
        let texty = element.kind.is_text();
        if let Some((pattern, placeholder)) = time_format(&field.datentyp) {
            element.placeholder = Some(Text::de(placeholder));
            element.rules.push(rule(Check::Pattern {
                pattern: pattern.into(),
            }));
        }
        let has_text_rules =
            field.min_length.is_some() || field.max_length.is_some() || field.pattern.is_some();
        if has_text_rules && !texty {
            self.note(
                &item.id,
                ReportKind::NotMapped,
                format!("Längen- und Musterangaben von „{label}“ passen nicht zum Feldtyp ({}) und fehlen.", element.kind.name()),
                format!("Length and pattern details of \"{label}\" do not fit its type ({}) and are left out.", element.kind.name()),
            );
        }
        if texty && element.kind != Kind::PostalCode {
            if let Some(min) = field.min_length.filter(|&m| m > 1) {
                element.rules.push(rule(Check::MinLength { value: min }));
            }
            if let Some(max) = field.max_length.filter(|&m| m > 0) {
                element.rules.push(rule(Check::MaxLength { value: max }));
            }
            if field.datentyp == "text_latin" {
                element.rules.push(rule(Check::Latin));
            }
            // Formats with a built-in check do not need FIM's pattern on top.
            let built_in = matches!(element.kind, Kind::Email | Kind::PostalCode | Kind::Phone);
            if let Some(pattern) = field.pattern.as_deref().filter(|_| !built_in) {
                match translate_pattern(pattern) {
                    Some(translated) => {
                        if translated != pattern {
                            self.note(
                                &item.id,
                                ReportKind::Guessed,
                                format!("Das Muster von „{label}“ wurde übersetzt: {pattern} → {translated} (Unicode-Klassen als lateinische Buchstaben)."),
                                format!("The pattern of \"{label}\" was translated: {pattern} → {translated} (Unicode classes as Latin letters)."),
                            );
                        }
                        element.rules.push(rule(Check::Pattern {
                            pattern: translated,
                        }));
                    }
                    None => self.note(
                        &item.id,
                        ReportKind::NotMapped,
                        format!("Das Muster {pattern} von „{label}“ ist hier nicht prüfbar und fehlt."),
                        format!("The pattern {pattern} of \"{label}\" cannot be checked here and is left out."),
                    ),
                }
            }
        }
        let numeric = matches!(element.kind, Kind::Integer | Kind::Decimal | Kind::Currency);
        let date = element.kind == Kind::Date;
        for (bound, is_min) in [(&field.min_value, true), (&field.max_value, false)] {
            let Some(bound) = bound.as_deref().filter(|b| !b.is_empty()) else {
                continue;
            };
            let check = if numeric {
                engine::number::parse_decimal(&bound.replace(',', ".")).map(|value| {
                    if is_min {
                        Check::MinValue { value }
                    } else {
                        Check::MaxValue { value }
                    }
                })
            } else if date {
                DateBound::parse(bound).map(|date| {
                    if is_min {
                        Check::MinDate { date }
                    } else {
                        Check::MaxDate { date }
                    }
                })
            } else {
                None
            };
            match check {
                Some(check) => element.rules.push(rule(check)),
                None if numeric || date => self.note(
                    &item.id,
                    ReportKind::NotMapped,
                    format!("Die Grenze „{bound}“ von „{label}“ ist kein gültiger Wert und fehlt."),
                    format!("The bound \"{bound}\" of \"{label}\" is not a valid value and is left out."),
                ),
                None => self.note(
                    &item.id,
                    ReportKind::NotMapped,
                    format!("Die Grenze „{bound}“ von „{label}“ passt nicht zum Feldtyp ({}) und fehlt.", element.kind.name()),
                    format!("The bound \"{bound}\" of \"{label}\" does not fit its type ({}) and is left out.", element.kind.name()),
                ),
            }
        }
    }

    fn options(&mut self, item: &Item, field: &Field) -> Vec<ChoiceOption> {
        let label = label_of(item);
        let mut entries = field.values.clone();
        if entries.is_empty() {
            if let Some(reference) = &field.code_list {
                let exact = self.lists.iter().find(|l| {
                    !reference.canonical_version_uri.is_empty()
                        && l.canonical_version_uri == reference.canonical_version_uri
                });
                let same_list = || {
                    self.lists.iter().find(|l| {
                        !reference.canonical_uri.is_empty()
                            && l.canonical_uri == reference.canonical_uri
                    })
                };
                match (exact, same_list()) {
                    (Some(list), _) => entries = list.entries(field.name_key.as_deref()),
                    (None, Some(list)) => {
                        self.note(
                            &item.id,
                            ReportKind::Guessed,
                            format!("Für „{label}“ ist Version {} der Codeliste {} verwendet; verlangt ist {}.", list.version, list.canonical_uri, reference.version),
                            format!("\"{label}\" uses version {} of the code list {}; {} is referenced.", list.version, list.canonical_uri, reference.version),
                        );
                        entries = list.entries(field.name_key.as_deref());
                    }
                    (None, None) => {}
                }
            }
        }
        let mut seen = HashSet::new();
        let before = entries.len();
        entries.retain(|(code, _)| seen.insert(code.clone()));
        if entries.len() < before {
            self.note(
                &item.id,
                ReportKind::Guessed,
                format!("Die Auswahl „{label}“ nannte Codes mehrfach; jeder Code ist einmal übernommen."),
                format!("The choice \"{label}\" listed codes more than once; each is kept once."),
            );
        }
        if entries.is_empty() {
            let uri = field
                .code_list
                .as_ref()
                .map(|r| first_non_empty(&[&r.canonical_version_uri, &r.canonical_uri]))
                .unwrap_or_else(|| "(keine Angabe)".into());
            self.note(
                &item.id,
                ReportKind::MissingCodeList,
                format!("Für „{label}“ fehlt die Codeliste {uri}. Das Feld hat eine markierte Platzhalter-Option; bitte die Codeliste mit importieren oder Optionen eintragen."),
                format!("The code list {uri} for \"{label}\" is missing. The field has a marked placeholder option; import the code list or enter options."),
            );
            return vec![ChoiceOption {
                value: "codeliste-fehlt".into(),
                label: Text::new(
                    format!("⚠ Codeliste fehlt: {uri}"),
                    format!("⚠ Code list missing: {uri}"),
                ),
            }];
        }
        entries
            .into_iter()
            .map(|(value, label)| ChoiceOption {
                value,
                label: Text::de(label),
            })
            .collect()
    }

    /// Top-level units become steps: a unit of more than [`SMALL`] fields gets its own;
    /// small neighbours share one.
    fn steps(&mut self, units: Vec<Element>) -> Vec<Step> {
        let mut steps: Vec<Vec<Element>> = Vec::new();
        let mut shared: Vec<Element> = Vec::new();
        let mut shared_fields = 0;
        for unit in units {
            let fields = count_inputs(&unit);
            if fields > SMALL {
                if !shared.is_empty() {
                    steps.push(std::mem::take(&mut shared));
                    shared_fields = 0;
                }
                steps.push(vec![unit]);
            } else {
                if shared_fields + fields > SHARED_STEP_FIELDS && !shared.is_empty() {
                    steps.push(std::mem::take(&mut shared));
                    shared_fields = 0;
                }
                shared_fields += fields;
                shared.push(unit);
            }
        }
        if !shared.is_empty() {
            steps.push(shared);
        }
        let mut ids = Keys::default();
        steps
            .into_iter()
            .map(|elements| {
                let title = step_title(&elements);
                Step {
                    id: ids.claim(&title).replace('_', "-"),
                    title: Text::de(title),
                    visible_if: None,
                    elements,
                }
            })
            .collect()
    }
}

fn step_title(elements: &[Element]) -> String {
    let structures: Vec<&Element> = elements
        .iter()
        .filter(|e| !e.children().is_empty())
        .collect();
    match (elements, structures.first()) {
        ([only], _) if !only.label.de.is_empty() && !only.children().is_empty() => {
            only.label.de.clone()
        }
        (_, Some(first)) if structures.len() == 1 && elements.len() <= 2 => first.label.de.clone(),
        _ if elements.iter().all(|e| e.kind == Kind::Checkbox) => "Bestätigungen".into(),
        _ => "Weitere Angaben".into(),
    }
}

fn blank(key: String, kind: Kind, label: String) -> Element {
    Element::new(key, kind, Text::de(label))
}

fn rule(check: Check) -> Rule {
    Rule {
        check,
        message: None,
    }
}

fn fim_ref(item: &Item) -> FimRef {
    FimRef {
        id: item.id.clone(),
        version: item.version.clone(),
    }
}

fn label_of(item: &Item) -> String {
    first_non_empty(&[&item.label, &item.name, &item.id])
}

fn help_of(item: &Item) -> Option<Text> {
    (!item.help.is_empty()).then(|| Text::de(item.help.clone()))
}

fn first_non_empty(candidates: &[&String]) -> String {
    candidates
        .iter()
        .find(|c| !c.trim().is_empty())
        .map(|c| c.trim().to_string())
        .unwrap_or_default()
}

/// Whether the element itself or anything inside must be answered.
fn demands_answer(element: &Element) -> bool {
    match &element.kind {
        Kind::Group { elements } => elements.iter().any(demands_answer),
        Kind::Repeat { min, .. } => *min > 0,
        _ => element.required,
    }
}

fn count_inputs(element: &Element) -> usize {
    match element.children() {
        [] => usize::from(element.is_input()),
        children => children.iter().map(count_inputs).sum(),
    }
}

fn collect_repeats(elements: &[Element], out: &mut HashSet<String>) {
    for element in elements {
        if let (Kind::Repeat { .. }, Some(fim)) = (&element.kind, &element.fim) {
            out.insert(fim.id.clone());
        }
        collect_repeats(element.children(), out);
    }
}

fn looks_like_prose(name: &str) -> bool {
    [
        "beschreibung",
        "begründung",
        "erläuterung",
        "bemerkung",
        "angaben",
        "maßnahmen",
    ]
    .iter()
    .any(|w| name.contains(w))
}

/// The HTML autocomplete token for well-known FIM fields.
fn autocomplete(name: &str, kind: &Kind) -> Option<&'static str> {
    if !kind.is_text() {
        return None;
    }
    Some(match name.trim() {
        "Familienname" | "Nachname" => "family-name",
        "Vornamen" | "Vorname" => "given-name",
        "Straße" => "address-line1",
        "Postleitzahl" => "postal-code",
        "Ort" | "Wohnort" => "address-level2",
        "E-Mail" | "E-Mail-Adresse" => "email",
        "Telefon" | "Telefonnummer" | "Mobiltelefon" => "tel",
        _ => return None,
    })
}

/// Pattern and placeholder for FIM's `time` and `datetime`, which become text fields.
fn time_format(datentyp: &str) -> Option<(&'static str, &'static str)> {
    const TIME: &str = "([01][0-9]|2[0-3]):[0-5][0-9]";
    match datentyp {
        "time" => Some((TIME, "hh:mm")),
        "datetime" => Some((
            "(0[1-9]|[12][0-9]|3[01])\\.(0[1-9]|1[0-2])\\.[0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]",
            "TT.MM.JJJJ hh:mm",
        )),
        _ => None,
    }
}

/// FIM patterns are XML Schema regular expressions; ours are linear-time ones without
/// Unicode classes. `\p{L}` becomes the Latin letters (all DIN SPEC 91379 allows in
/// names anyway); anything still not understood is refused (`None`).
fn translate_pattern(pattern: &str) -> Option<String> {
    const LETTERS: &str = "a-zA-ZÀ-ÖØ-öø-ſ";
    let mut out = String::new();
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next()?;
                if next == 'p' || next == 'P' {
                    let rest: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let class = rest.strip_prefix('{')?;
                    if next == 'P' || !matches!(class, "L" | "IsLatin-1Supplement" | "Lu" | "Ll") {
                        return None;
                    }
                    if in_class {
                        out.push_str(LETTERS);
                    } else {
                        out.push('[');
                        out.push_str(LETTERS);
                        out.push(']');
                    }
                } else {
                    out.push('\\');
                    out.push(next);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    // Refused exactly when the lint would refuse it.
    crate::compile::compile_pattern(&out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_translated_or_refused() {
        assert_eq!(
            translate_pattern("[\\p{L}0-9. ]*").as_deref(),
            Some("[a-zA-ZÀ-ÖØ-öø-ſ0-9. ]*")
        );
        assert_eq!(
            translate_pattern("\\p{L}+").as_deref(),
            Some("[a-zA-ZÀ-ÖØ-öø-ſ]+")
        );
        assert_eq!(translate_pattern("[0-9]{5}").as_deref(), Some("[0-9]{5}"));
        assert_eq!(translate_pattern("\\p{Nd}"), None);
        assert_eq!(translate_pattern("(a"), None);
    }

    #[test]
    fn time_formats_check_what_they_show() {
        let check = |datentyp: &str, good: &str, bad: &str| {
            let (pattern, _) = time_format(datentyp).expect("a format");
            let compiled = crate::compile::compile_pattern(pattern).expect("compiles");
            assert!(
                compiled.is_match(good) && !compiled.is_match(bad),
                "{datentyp}"
            );
        };
        check("time", "23:59", "24:00");
        check("datetime", "31.12.2026 08:15", "2026-12-31 08:15");
        assert_eq!(time_format("date"), None);
    }
}
