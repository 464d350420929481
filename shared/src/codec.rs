//! The definition format to and from JSON, by hand: small in the wasm bundles, strict
//! (unknown properties are errors, so typos do not silently do nothing), and with
//! errors that name the path of the offending value.

use crate::format::{
    Check, ChoiceDisplay, ChoiceOption, ComputedFormat, DateBound, Declaration, Element, FimRef,
    Form, Kind, Parameter, ParameterKind, Rule, Step, SubmissionSettings,
};
use crate::json::{render_path, Json, Segment};
use crate::text::{Lang, Text};

/// A value that does not fit the format, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatError {
    pub path: Vec<Segment>,
    pub message: Text,
}

impl FormatError {
    pub fn path_text(&self) -> String {
        render_path(&self.path)
    }
}

type Result<T> = std::result::Result<T, FormatError>;

/// Reads a definition from parsed JSON (the format version is checked by the caller).
pub fn read_form(json: &Json) -> Result<Form> {
    let mut r = Reader { path: Vec::new() };
    let o = r.object(json, FORM_KEYS)?;
    Ok(Form {
        format_version: r.number(o, "format_version")? as u32,
        id: r.string(o, "id")?,
        version: r.string(o, "version")?,
        title: r.text(o, "title")?,
        description: r.opt(o, "description", &mut Reader::text_value)?,
        languages: r.list(o, "languages", &mut Reader::lang)?,
        leika: r.opt(o, "leika", &mut Reader::string_value)?,
        steps: r.list(o, "steps", &mut Reader::step)?,
        declarations: r.opt_list(o, "declarations", &mut Reader::declaration)?,
        submission: r.opt(o, "submission", &mut Reader::submission)?,
        fim: r.opt(o, "fim", &mut Reader::fim)?,
        parameters: r.opt_list(o, "parameters", &mut Reader::parameter)?,
    })
}

/// Writes a definition as JSON, properties in a readable order, defaults left out.
pub fn write_form(form: &Form) -> Json {
    let mut o = crate::json!({
        "format_version": (form.format_version),
        "id": (form.id.as_str()),
        "version": (form.version.as_str()),
        "title": (write_text(&form.title))
    });
    if let Some(description) = &form.description {
        o.insert("description", write_text(description));
    }
    o.insert(
        "languages",
        Json::Array(
            form.languages
                .iter()
                .map(|l| Json::from(l.code()))
                .collect(),
        ),
    );
    if let Some(leika) = &form.leika {
        o.insert("leika", Json::from(leika.as_str()));
    }
    o.insert(
        "steps",
        Json::Array(form.steps.iter().map(write_step).collect()),
    );
    if !form.declarations.is_empty() {
        let declarations = form
            .declarations
            .iter()
            .map(|d| crate::json!({ "id": (d.id.as_str()), "text": (write_text(&d.text)) }));
        o.insert("declarations", Json::Array(declarations.collect()));
    }
    if let Some(submission) = &form.submission {
        let mut s = Json::Object(Vec::new());
        if let Some(endpoint) = &submission.endpoint {
            s.insert("endpoint", Json::from(endpoint.as_str()));
        }
        o.insert("submission", s);
    }
    if let Some(fim) = &form.fim {
        o.insert("fim", write_fim(fim));
    }
    if !form.parameters.is_empty() {
        let parameters = form.parameters.iter().map(|p| {
            let mut j = crate::json!({
                "key": (p.key.as_str()),
                "label": (write_text(&p.label)),
                "type": (p.kind.name())
            });
            if let Some(default) = &p.default {
                j.insert("default", Json::from(default.as_str()));
            }
            j
        });
        o.insert("parameters", Json::Array(parameters.collect()));
    }
    o
}

const FORM_KEYS: &[&str] = &[
    "format_version",
    "id",
    "version",
    "title",
    "description",
    "languages",
    "leika",
    "steps",
    "declarations",
    "submission",
    "fim",
    "parameters",
];
const MESSAGE_KEYS: &[&str] = &[
    "required",
    "format",
    "option",
    "file_type",
    "file_size",
    "file_count",
    "min_items",
    "max_items",
];
const STEP_KEYS: &[&str] = &["id", "title", "visible_if", "elements"];
const COMMON_KEYS: &[&str] = &[
    "key",
    "type",
    "label",
    "help",
    "placeholder",
    "required",
    "required_if",
    "visible_if",
    "autocomplete",
    "rules",
    "messages",
    "fim",
    "notes",
];

/// Where the reader is. Property names are the format's own (static), so following the
/// path costs no allocation; it becomes a [`Segment`] path only for an error.
#[derive(Clone, Copy)]
enum PathStep {
    Key(&'static str),
    Index(usize),
}

struct Reader {
    path: Vec<PathStep>,
}

impl Reader {
    fn error_path(&self) -> Vec<Segment> {
        self.path
            .iter()
            .map(|step| match step {
                PathStep::Key(key) => Segment::Key((*key).to_string()),
                PathStep::Index(index) => Segment::Index(*index),
            })
            .collect()
    }

    fn fail<T>(&self, de: String, en: String) -> Result<T> {
        Err(FormatError {
            path: self.error_path(),
            message: Text::new(de, en),
        })
    }

    fn object<'j>(&self, json: &'j Json, allowed: &[&str]) -> Result<&'j [(String, Json)]> {
        let Some(entries) = json.as_object() else {
            return self.fail(
                "Hier wird ein Objekt { … } erwartet.".into(),
                "An object { … } is expected here.".into(),
            );
        };
        if let Some((key, _)) = entries.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            let mut path = self.error_path();
            path.push(Segment::Key(key.clone()));
            return Err(FormatError {
                path,
                message: Text::new(
                    format!(
                        "Unbekannte Eigenschaft „{key}“. Erlaubt sind hier: {}.",
                        allowed.join(", ")
                    ),
                    format!(
                        "Unknown property '{key}'. Allowed here: {}.",
                        allowed.join(", ")
                    ),
                ),
            });
        }
        Ok(entries)
    }

    /// Runs `read` on the value at `key` with the path extended.
    fn at<T>(
        &mut self,
        o: &[(String, Json)],
        key: &'static str,
        read: &mut dyn FnMut(&mut Self, &Json) -> Result<T>,
    ) -> Result<T> {
        self.path.push(PathStep::Key(key));
        let result = match o.iter().find(|(k, _)| k == key) {
            Some((_, value)) => read(self, value),
            None => self.fail(
                format!("Die Eigenschaft „{key}“ fehlt."),
                format!("The property '{key}' is missing."),
            ),
        };
        if result.is_ok() {
            self.path.pop();
        }
        result
    }

    fn opt<T>(
        &mut self,
        o: &[(String, Json)],
        key: &'static str,
        read: &mut dyn FnMut(&mut Self, &Json) -> Result<T>,
    ) -> Result<Option<T>> {
        match o.iter().find(|(k, _)| k == key) {
            None => Ok(None),
            Some((_, Json::Null)) => Ok(None),
            Some(_) => self.at(o, key, read).map(Some),
        }
    }

    fn list<T>(
        &mut self,
        o: &[(String, Json)],
        key: &'static str,
        read: &mut dyn FnMut(&mut Self, &Json) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.at(o, key, &mut |r, value| {
            let Some(items) = value.as_array() else {
                return r.fail(
                    "Hier wird eine Liste [ … ] erwartet.".into(),
                    "A list [ … ] is expected here.".into(),
                );
            };
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                r.path.push(PathStep::Index(index));
                out.push(read(r, item)?);
                r.path.pop();
            }
            Ok(out)
        })
    }

    fn opt_list<T>(
        &mut self,
        o: &[(String, Json)],
        key: &'static str,
        read: &mut dyn FnMut(&mut Self, &Json) -> Result<T>,
    ) -> Result<Vec<T>> {
        if o.iter().any(|(k, v)| k == key && !v.is_null()) {
            self.list(o, key, read)
        } else {
            Ok(Vec::new())
        }
    }

    fn string_value(&mut self, value: &Json) -> Result<String> {
        match value.as_str() {
            Some(s) => Ok(s.to_string()),
            None => self.fail(
                "Hier wird ein Text in Anführungszeichen erwartet.".into(),
                "A text in double quotes is expected here.".into(),
            ),
        }
    }

    fn string(&mut self, o: &[(String, Json)], key: &'static str) -> Result<String> {
        self.at(o, key, &mut Reader::string_value)
    }

    fn number_value(&mut self, value: &Json) -> Result<f64> {
        match value.as_f64() {
            Some(n) => Ok(n),
            None => self.fail(
                "Hier wird eine Zahl erwartet.".into(),
                "A number is expected here.".into(),
            ),
        }
    }

    fn number(&mut self, o: &[(String, Json)], key: &'static str) -> Result<f64> {
        self.at(o, key, &mut Reader::number_value)
    }

    fn count_value(&mut self, value: &Json) -> Result<u64> {
        match value.as_i64() {
            Some(n) if n >= 0 => Ok(n as u64),
            _ => self.fail(
                "Hier wird eine ganze Zahl ab 0 erwartet.".into(),
                "A whole number from 0 is expected here.".into(),
            ),
        }
    }

    fn count(&mut self, o: &[(String, Json)], key: &'static str, default: u64) -> Result<u64> {
        Ok(self
            .opt(o, key, &mut Reader::count_value)?
            .unwrap_or(default))
    }

    fn flag(&mut self, o: &[(String, Json)], key: &'static str) -> Result<bool> {
        let value = self.opt(o, key, &mut |r, v| match v.as_bool() {
            Some(b) => Ok(b),
            None => r.fail(
                "Hier wird true oder false erwartet.".into(),
                "true or false is expected here.".into(),
            ),
        })?;
        Ok(value.unwrap_or(false))
    }

    fn text_value(&mut self, value: &Json) -> Result<Text> {
        let o = self.object(value, &["de", "en"])?;
        let de = self.string(o, "de")?;
        let en = self.opt(o, "en", &mut Reader::string_value)?;
        Ok(Text { de, en })
    }

    fn text(&mut self, o: &[(String, Json)], key: &'static str) -> Result<Text> {
        self.at(o, key, &mut Reader::text_value)
    }

    fn lang(&mut self, value: &Json) -> Result<Lang> {
        match value.as_str() {
            Some("de") => Ok(Lang::De),
            Some("en") => Ok(Lang::En),
            _ => self.fail(
                "Unbekannte Sprache: erlaubt sind \"de\" und \"en\".".into(),
                "Unknown language: \"de\" and \"en\" are allowed.".into(),
            ),
        }
    }

    fn step(&mut self, value: &Json) -> Result<Step> {
        let o = self.object(value, STEP_KEYS)?;
        Ok(Step {
            id: self.string(o, "id")?,
            title: self.text(o, "title")?,
            visible_if: self.opt(o, "visible_if", &mut Reader::string_value)?,
            elements: self.list(o, "elements", &mut Reader::element)?,
        })
    }

    fn declaration(&mut self, value: &Json) -> Result<Declaration> {
        let o = self.object(value, &["id", "text"])?;
        Ok(Declaration {
            id: self.string(o, "id")?,
            text: self.text(o, "text")?,
        })
    }

    fn submission(&mut self, value: &Json) -> Result<SubmissionSettings> {
        let o = self.object(value, &["endpoint"])?;
        Ok(SubmissionSettings {
            endpoint: self.opt(o, "endpoint", &mut Reader::string_value)?,
        })
    }

    fn element(&mut self, value: &Json) -> Result<Element> {
        let type_name = value
            .get("type")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string();
        let extra: &[&str] = match type_name.as_str() {
            "single_choice" => &["options", "display"],
            "multiple_choice" => &["options"],
            "file" => &["accept", "max_size", "max_count"],
            "computed" => &["expression", "format"],
            "content" => &["markdown"],
            "group" => &["elements"],
            "repeat" => &["elements", "min", "max", "item_label"],
            _ => &[],
        };
        let allowed: Vec<&str> = COMMON_KEYS.iter().chain(extra).copied().collect();
        let o = self.object(value, &allowed)?;
        let key = self.string(o, "key")?;
        let kind = self.at(o, "type", &mut |r, _| r.kind(&type_name, o))?;
        Ok(Element {
            key,
            kind,
            label: self
                .opt(o, "label", &mut Reader::text_value)?
                .unwrap_or_default(),
            help: self.opt(o, "help", &mut Reader::text_value)?,
            placeholder: self.opt(o, "placeholder", &mut Reader::text_value)?,
            required: self.flag(o, "required")?,
            required_if: self.opt(o, "required_if", &mut Reader::string_value)?,
            visible_if: self.opt(o, "visible_if", &mut Reader::string_value)?,
            autocomplete: self.opt(o, "autocomplete", &mut Reader::string_value)?,
            rules: self.opt_list(o, "rules", &mut Reader::rule)?,
            messages: self
                .opt(o, "messages", &mut |r, v| {
                    let entries = r.object(v, MESSAGE_KEYS)?;
                    // `object` let only these names through; in the definition's order.
                    entries
                        .iter()
                        .filter_map(|(k, _)| MESSAGE_KEYS.iter().find(|m| **m == k.as_str()))
                        .map(|key| Ok((key.to_string(), r.text(entries, key)?)))
                        .collect()
                })?
                .unwrap_or_default(),
            fim: self.opt(o, "fim", &mut Reader::fim)?,
            notes: self.opt_list(o, "notes", &mut Reader::string_value)?,
        })
    }

    fn parameter(&mut self, value: &Json) -> Result<Parameter> {
        let o = self.object(value, &["key", "label", "type", "default"])?;
        let type_name = self.string(o, "type")?;
        let Some(kind) = ParameterKind::from_name(&type_name) else {
            return self.fail(
                format!(
                    "Unbekannter Parametertyp „{type_name}“: erlaubt sind text, number, currency."
                ),
                format!(
                    "Unknown parameter type \"{type_name}\": allowed are text, number, currency."
                ),
            );
        };
        Ok(Parameter {
            key: self.string(o, "key")?,
            label: self.text(o, "label")?,
            kind,
            default: self.opt(o, "default", &mut Reader::string_value)?,
        })
    }

    fn fim(&mut self, value: &Json) -> Result<FimRef> {
        let f = self.object(value, &["id", "version"])?;
        Ok(FimRef {
            id: self.string(f, "id")?,
            version: self.string(f, "version")?,
        })
    }

    /// The `type` of an element with its type-specific properties from `o`.
    fn kind(&mut self, type_name: &str, o: &[(String, Json)]) -> Result<Kind> {
        self.path.pop();
        let kind = match type_name {
            "text" => Kind::Text,
            "multiline_text" => Kind::MultilineText,
            "integer" => Kind::Integer,
            "decimal" => Kind::Decimal,
            "currency" => Kind::Currency,
            "date" => Kind::Date,
            "email" => Kind::Email,
            "phone" => Kind::Phone,
            "postal_code" => Kind::PostalCode,
            "iban" => Kind::Iban,
            "yes_no" => Kind::YesNo,
            "checkbox" => Kind::Checkbox,
            "single_choice" => Kind::SingleChoice {
                options: self.list(o, "options", &mut Reader::option)?,
                display: match self.opt(o, "display", &mut Reader::string_value)?.as_deref() {
                    None | Some("radio") => ChoiceDisplay::Radio,
                    Some("dropdown") => ChoiceDisplay::Dropdown,
                    Some(other) => {
                        return self.at(o, "display", &mut |r, _| r.fail(format!("Unbekannte Darstellung „{other}“: erlaubt sind radio und dropdown."), format!("Unknown display '{other}': radio and dropdown are allowed.")))
                    }
                },
            },
            "multiple_choice" => Kind::MultipleChoice { options: self.list(o, "options", &mut Reader::option)? },
            "file" => Kind::File {
                accept: self.opt_list(o, "accept", &mut Reader::string_value)?,
                max_size: self.count(o, "max_size", crate::format::DEFAULT_MAX_FILE_SIZE)?,
                max_count: self.count(o, "max_count", 1)?.min(u64::from(u32::MAX)) as u32,
            },
            "computed" => Kind::Computed {
                expression: self.string(o, "expression")?,
                format: match self.opt(o, "format", &mut Reader::string_value)?.as_deref() {
                    None | Some("auto") => ComputedFormat::Auto,
                    Some("number") => ComputedFormat::Number,
                    Some("currency") => ComputedFormat::Currency,
                    Some("text") => ComputedFormat::Text,
                    Some("date") => ComputedFormat::Date,
                    Some("yes_no") => ComputedFormat::YesNo,
                    Some(other) => {
                        return self.at(o, "format", &mut |r, _| r.fail(format!("Unbekanntes Format „{other}“."), format!("Unknown format '{other}'.")))
                    }
                },
            },
            "content" => Kind::Content { markdown: self.text(o, "markdown")? },
            "group" => Kind::Group { elements: self.list(o, "elements", &mut Reader::element)? },
            "repeat" => Kind::Repeat {
                elements: self.list(o, "elements", &mut Reader::element)?,
                min: self.count(o, "min", 0)?.min(u64::from(u32::MAX)) as u32,
                max: self.opt(o, "max", &mut Reader::count_value)?.map(|m| m.min(u64::from(u32::MAX)) as u32),
                item_label: self.text(o, "item_label")?,
            },
            other => {
                self.path.push(PathStep::Key("type"));
                let known = KIND_NAMES.join(", ");
                return self.fail(format!("Unbekannter Feldtyp „{other}“. Bekannt: {known}."), format!("Unknown field type '{other}'. Known: {known}."));
            }
        };
        self.path.push(PathStep::Key("type"));
        Ok(kind)
    }

    fn option(&mut self, value: &Json) -> Result<ChoiceOption> {
        let o = self.object(value, &["value", "label"])?;
        Ok(ChoiceOption {
            value: self.string(o, "value")?,
            label: self.text(o, "label")?,
        })
    }

    fn rule(&mut self, value: &Json) -> Result<Rule> {
        let name = value
            .get("rule")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string();
        let parameter: &[&str] = match name.as_str() {
            "min_length" | "max_length" | "min_value" | "max_value" => &["value"],
            "pattern" => &["pattern"],
            "min_date" | "max_date" => &["date"],
            "expression" => &["expression"],
            _ => &[],
        };
        let allowed: Vec<&str> = ["rule", "message"]
            .iter()
            .chain(parameter)
            .copied()
            .collect();
        let o = self.object(value, &allowed)?;
        let mut date = |r: &mut Reader, v: &Json| {
            let text = r.string_value(v)?;
            match DateBound::parse(&text) {
                Some(bound) => Ok(bound),
                None => r.fail(
                    format!("Ungültige Datumsgrenze „{text}“: erwartet JJJJ-MM-TT, today oder z. B. today-18y, today+30d, today-6m."),
                    format!("Invalid date bound '{text}': expected YYYY-MM-DD, today, or e.g. today-18y, today+30d, today-6m."),
                ),
            }
        };
        let check = match name.as_str() {
            "min_length" => Check::MinLength {
                value: self
                    .at(o, "value", &mut Reader::count_value)?
                    .min(u64::from(u32::MAX)) as u32,
            },
            "max_length" => Check::MaxLength {
                value: self
                    .at(o, "value", &mut Reader::count_value)?
                    .min(u64::from(u32::MAX)) as u32,
            },
            "pattern" => Check::Pattern {
                pattern: self.string(o, "pattern")?,
            },
            "min_value" => Check::MinValue {
                value: self.number(o, "value")?,
            },
            "max_value" => Check::MaxValue {
                value: self.number(o, "value")?,
            },
            "min_date" => Check::MinDate {
                date: self.at(o, "date", &mut date)?,
            },
            "max_date" => Check::MaxDate {
                date: self.at(o, "date", &mut date)?,
            },
            "email" => Check::Email,
            "iban" => Check::Iban,
            "postal_code_de" => Check::PostalCodeDe,
            "phone" => Check::Phone,
            "latin" => Check::Latin,
            "expression" => Check::Expression {
                expression: self.string(o, "expression")?,
            },
            other => {
                return self.at(o, "rule", &mut |r, _| {
                    let known = RULE_NAMES.join(", ");
                    r.fail(
                        format!("Unbekannte Regel „{other}“. Bekannt: {known}."),
                        format!("Unknown rule '{other}'. Known: {known}."),
                    )
                })
            }
        };
        Ok(Rule {
            check,
            message: self.opt(o, "message", &mut Reader::text_value)?,
        })
    }
}

const KIND_NAMES: &[&str] = &[
    "text",
    "multiline_text",
    "integer",
    "decimal",
    "currency",
    "date",
    "email",
    "phone",
    "postal_code",
    "iban",
    "yes_no",
    "single_choice",
    "multiple_choice",
    "checkbox",
    "file",
    "computed",
    "content",
    "group",
    "repeat",
];
const RULE_NAMES: &[&str] = &[
    "min_length",
    "max_length",
    "pattern",
    "min_value",
    "max_value",
    "min_date",
    "max_date",
    "email",
    "iban",
    "postal_code_de",
    "phone",
    "latin",
    "expression",
];

pub fn write_text(text: &Text) -> Json {
    let mut o = crate::json!({ "de": (text.de.as_str()) });
    if let Some(en) = &text.en {
        o.insert("en", Json::from(en.as_str()));
    }
    o
}

fn write_step(step: &Step) -> Json {
    let mut o = crate::json!({ "id": (step.id.as_str()), "title": (write_text(&step.title)) });
    if let Some(condition) = &step.visible_if {
        o.insert("visible_if", Json::from(condition.as_str()));
    }
    o.insert(
        "elements",
        Json::Array(step.elements.iter().map(write_element).collect()),
    );
    o
}

fn write_element(element: &Element) -> Json {
    let mut o = crate::json!({ "key": (element.key.as_str()), "type": (element.kind.name()) });
    if !element.label.de.is_empty() || element.label.en.is_some() {
        o.insert("label", write_text(&element.label));
    }
    for (key, text) in [
        ("help", &element.help),
        ("placeholder", &element.placeholder),
    ] {
        if let Some(text) = text {
            o.insert(key, write_text(text));
        }
    }
    if element.required {
        o.insert("required", Json::Bool(true));
    }
    for (key, value) in [
        ("required_if", &element.required_if),
        ("visible_if", &element.visible_if),
        ("autocomplete", &element.autocomplete),
    ] {
        if let Some(value) = value {
            o.insert(key, Json::from(value.as_str()));
        }
    }
    match &element.kind {
        Kind::SingleChoice { options, display } => {
            o.insert("options", write_options(options));
            if *display == ChoiceDisplay::Dropdown {
                o.insert("display", Json::from("dropdown"));
            }
        }
        Kind::MultipleChoice { options } => o.insert("options", write_options(options)),
        Kind::File {
            accept,
            max_size,
            max_count,
        } => {
            o.insert("accept", Json::from(accept.clone()));
            o.insert("max_size", Json::from(*max_size));
            o.insert("max_count", Json::from(*max_count));
        }
        Kind::Computed { expression, format } => {
            o.insert("expression", Json::from(expression.as_str()));
            let name = match format {
                ComputedFormat::Auto => None,
                ComputedFormat::Number => Some("number"),
                ComputedFormat::Currency => Some("currency"),
                ComputedFormat::Text => Some("text"),
                ComputedFormat::Date => Some("date"),
                ComputedFormat::YesNo => Some("yes_no"),
            };
            if let Some(name) = name {
                o.insert("format", Json::from(name));
            }
        }
        Kind::Content { markdown } => o.insert("markdown", write_text(markdown)),
        Kind::Group { elements } => o.insert(
            "elements",
            Json::Array(elements.iter().map(write_element).collect()),
        ),
        Kind::Repeat {
            elements,
            min,
            max,
            item_label,
        } => {
            o.insert("item_label", write_text(item_label));
            o.insert("min", Json::from(*min));
            if let Some(max) = max {
                o.insert("max", Json::from(*max));
            }
            o.insert(
                "elements",
                Json::Array(elements.iter().map(write_element).collect()),
            );
        }
        _ => {}
    }
    if !element.rules.is_empty() {
        o.insert(
            "rules",
            Json::Array(element.rules.iter().map(write_rule).collect()),
        );
    }
    if !element.messages.is_empty() {
        o.insert(
            "messages",
            Json::Object(
                element
                    .messages
                    .iter()
                    .map(|(k, t)| (k.clone(), write_text(t)))
                    .collect(),
            ),
        );
    }
    if let Some(fim) = &element.fim {
        o.insert("fim", write_fim(fim));
    }
    if !element.notes.is_empty() {
        o.insert("notes", Json::from(element.notes.clone()));
    }
    o
}

fn write_fim(fim: &FimRef) -> Json {
    crate::json!({ "id": (fim.id.as_str()), "version": (fim.version.as_str()) })
}

fn write_options(options: &[ChoiceOption]) -> Json {
    Json::Array(
        options
            .iter()
            .map(|o| crate::json!({ "value": (o.value.as_str()), "label": (write_text(&o.label)) }))
            .collect(),
    )
}

fn write_rule(rule: &Rule) -> Json {
    let mut o = crate::json!({ "rule": (rule.check.code()) });
    match &rule.check {
        Check::MinLength { value } | Check::MaxLength { value } => {
            o.insert("value", Json::from(*value))
        }
        Check::MinValue { value } | Check::MaxValue { value } => {
            o.insert("value", Json::from(*value))
        }
        Check::Pattern { pattern } => o.insert("pattern", Json::from(pattern.as_str())),
        Check::MinDate { date } | Check::MaxDate { date } => {
            o.insert("date", Json::from(date.to_string()))
        }
        Check::Expression { expression } => o.insert("expression", Json::from(expression.as_str())),
        _ => {}
    }
    if let Some(message) = &rule.message {
        o.insert("message", write_text(message));
    }
    o
}
