//! The definition format to and from JSON, by hand: small in the wasm bundles, strict
//! (unknown properties are errors, so typos do not silently do nothing), and with
//! errors that name the path of the offending value.

use engine::format::{
    Check, ChoiceDisplay, ChoiceOption, ComputedFormat, DateBound, Declaration, DraftSettings,
    Element, FimRef, Form, Kind, KindName, Named, Parameter, ParameterKind, Rule, RuleName, Step,
    SubmissionSettings,
};
use engine::json::{render_path, Json, Segment};
use engine::text::Joined;
use engine::text::{Lang, Text};
use engine::zone::{TimeZone, GERMANY, TIME_ZONES};

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

/// Reads a definition from parsed JSON (the format version is checked by the caller).
pub fn read_form(json: &Json) -> Result<Form, FormatError> {
    let mut reader = Reader {
        path: Vec::new(),
        error: None,
    };
    let form = reader.form(json);
    reader.error.map_or(Ok(form), Err)
}

/// Writes a definition as JSON, properties in a readable order, defaults left out.
pub fn write_form(form: &Form) -> Json {
    let mut o = engine::json!({
        "format_version": (form.format_version),
        "id": (form.id.as_str()),
        "version": (form.version.as_str()),
        "title": (Json::from(&form.title))
    });
    if let Some(description) = &form.description {
        o.insert("description", Json::from(description));
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
            .map(|d| engine::json!({ "id": (d.id.as_str()), "text": (Json::from(&d.text)) }));
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
            let mut j = engine::json!({
                "key": (p.key.as_str()),
                "label": (Json::from(&p.label)),
                "type": (p.kind.name())
            });
            if let Some(default) = &p.default {
                j.insert("default", Json::from(default.as_str()));
            }
            j
        });
        o.insert("parameters", Json::Array(parameters.collect()));
    }
    if let Some(zone) = &form.time_zone {
        o.insert("time_zone", Json::from(zone.name));
    }
    if let Some(drafts) = &form.drafts {
        o.insert(
            "drafts",
            engine::json!({ "keep_days": (u64::from(drafts.keep_days)) }),
        );
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
    "time_zone",
    "drafts",
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
    /// The first error. Reading goes on after it with placeholder values, which are
    /// thrown away: no read returns early, so no half-built value needs cleaning up
    /// on the way out (a third less code in the wasm bundles).
    error: Option<FormatError>,
}

/// A read that records its error in the reader and returns a placeholder instead.
type Read<'a, T> = &'a mut dyn FnMut(&mut Reader, &Json) -> T;

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

    /// Records the error at the current path, unless an earlier one was recorded.
    fn fail(&mut self, de: String, en: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(FormatError {
                path: self.error_path(),
                message: Text::new(de, en),
            });
        }
    }

    fn object<'j>(&mut self, json: &'j Json, allowed: &[&str]) -> &'j [(String, Json)] {
        let Some(entries) = json.as_object() else {
            self.fail(
                "Hier wird ein Objekt { … } erwartet.".into(),
                "An object { … } is expected here.",
            );
            return &[];
        };
        if let Some((key, _)) = entries.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            let message = Text::new(
                format!(
                    "Unbekannte Eigenschaft „{key}“. Erlaubt sind hier: {}.",
                    allowed.joined(", ")
                ),
                format!(
                    "Unknown property '{key}'. Allowed here: {}.",
                    allowed.joined(", ")
                ),
            );
            let mut path = self.error_path();
            path.push(Segment::Key(key.clone()));
            self.error.get_or_insert(FormatError { path, message });
        }
        entries
    }

    /// Runs `read` on the value at `key` with the path extended; `None` if it is missing.
    /// The value under `key`, its place entered in the path (leave with `path.pop()`);
    /// `None`, reported, when it is missing. Kept apart from the generic readers so that
    /// each type they read adds little code.
    fn enter<'j>(&mut self, o: &'j [(String, Json)], key: &'static str) -> Option<&'j Json> {
        self.path.push(PathStep::Key(key));
        let found = o.iter().find(|(k, _)| k == key).map(|(_, value)| value);
        if found.is_none() {
            self.fail(
                format!("Die Eigenschaft „{key}“ fehlt."),
                format!("The property '{key}' is missing."),
            );
            self.path.pop();
        }
        found
    }

    fn at<T>(&mut self, o: &[(String, Json)], key: &'static str, read: Read<T>) -> Option<T> {
        let value = self.enter(o, key)?;
        let result = read(self, value);
        self.path.pop();
        Some(result)
    }

    fn opt<T>(&mut self, o: &[(String, Json)], key: &'static str, read: Read<T>) -> Option<T> {
        match o.iter().find(|(k, _)| k == key) {
            None | Some((_, Json::Null)) => None,
            Some(_) => self.at(o, key, read),
        }
    }

    fn list<T>(&mut self, o: &[(String, Json)], key: &'static str, read: Read<T>) -> Vec<T> {
        let Some(value) = self.enter(o, key) else {
            return Vec::new();
        };
        let items = self.items(value);
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            self.path.push(PathStep::Index(index));
            out.push(read(self, item));
            self.path.pop();
        }
        self.path.pop();
        out
    }

    /// The items of a list; none, reported, when `value` is not one.
    fn items<'j>(&mut self, value: &'j Json) -> &'j [Json] {
        value.as_array().unwrap_or_else(|| {
            self.fail(
                "Hier wird eine Liste [ … ] erwartet.".into(),
                "A list [ … ] is expected here.",
            );
            &[]
        })
    }

    fn opt_list<T>(&mut self, o: &[(String, Json)], key: &'static str, read: Read<T>) -> Vec<T> {
        if o.iter().any(|(k, v)| k == key && !v.is_null()) {
            self.list(o, key, read)
        } else {
            Vec::new()
        }
    }

    fn string_value(&mut self, value: &Json) -> String {
        match value.as_str() {
            Some(s) => s.to_string(),
            None => {
                self.fail(
                    "Hier wird ein Text in Anführungszeichen erwartet.".into(),
                    "A text in double quotes is expected here.",
                );
                String::new()
            }
        }
    }

    fn string(&mut self, o: &[(String, Json)], key: &'static str) -> String {
        self.at(o, key, &mut Reader::string_value)
            .unwrap_or_default()
    }

    fn opt_string(&mut self, o: &[(String, Json)], key: &'static str) -> Option<String> {
        self.opt(o, key, &mut Reader::string_value)
    }

    fn number_value(&mut self, value: &Json) -> f64 {
        value.as_f64().unwrap_or_else(|| {
            self.fail(
                "Hier wird eine Zahl erwartet.".into(),
                "A number is expected here.",
            );
            0.0
        })
    }

    fn number(&mut self, o: &[(String, Json)], key: &'static str) -> f64 {
        self.at(o, key, &mut Reader::number_value)
            .unwrap_or_default()
    }

    fn count_value(&mut self, value: &Json) -> u64 {
        match value.as_i64() {
            Some(n) if n >= 0 => n as u64,
            _ => {
                self.fail(
                    "Hier wird eine ganze Zahl ab 0 erwartet.".into(),
                    "A whole number from 0 is expected here.",
                );
                0
            }
        }
    }

    /// A count that fits `u32` (larger ones are clamped: no form needs more).
    fn count(&mut self, o: &[(String, Json)], key: &'static str, default: u64) -> u32 {
        let count = self.opt(o, key, &mut Reader::count_value);
        count.unwrap_or(default).min(u64::from(u32::MAX)) as u32
    }

    fn flag(&mut self, o: &[(String, Json)], key: &'static str) -> bool {
        let value = self.opt(o, key, &mut |r, v| {
            v.as_bool().unwrap_or_else(|| {
                r.fail(
                    "Hier wird true oder false erwartet.".into(),
                    "true or false is expected here.",
                );
                false
            })
        });
        value.unwrap_or(false)
    }

    fn text_value(&mut self, value: &Json) -> Text {
        let o = self.object(value, &["de", "en"]);
        let de = self.string(o, "de");
        let en = self.opt_string(o, "en");
        Text { de, en }
    }

    fn text(&mut self, o: &[(String, Json)], key: &'static str) -> Text {
        self.at(o, key, &mut Reader::text_value).unwrap_or_default()
    }

    fn opt_text(&mut self, o: &[(String, Json)], key: &'static str) -> Option<Text> {
        self.opt(o, key, &mut Reader::text_value)
    }

    fn lang(&mut self, value: &Json) -> Lang {
        match value.as_str() {
            Some("de") => Lang::De,
            Some("en") => Lang::En,
            _ => {
                self.fail(
                    "Unbekannte Sprache: erlaubt sind \"de\" und \"en\".".into(),
                    "Unknown language: \"de\" and \"en\" are allowed.",
                );
                Lang::De
            }
        }
    }

    fn form(&mut self, json: &Json) -> Form {
        let o = self.object(json, FORM_KEYS);
        Form {
            format_version: self.number(o, "format_version") as u32,
            id: self.string(o, "id"),
            version: self.string(o, "version"),
            title: self.text(o, "title"),
            description: self.opt_text(o, "description"),
            languages: self.list(o, "languages", &mut Reader::lang),
            leika: self.opt_string(o, "leika"),
            steps: self.list(o, "steps", &mut Reader::step),
            declarations: self.opt_list(o, "declarations", &mut Reader::declaration),
            submission: self.opt(o, "submission", &mut |r, v| {
                let o = r.object(v, &["endpoint"]);
                SubmissionSettings {
                    endpoint: r.opt_string(o, "endpoint"),
                }
            }),
            fim: self.opt(o, "fim", &mut Reader::fim),
            parameters: self.opt_list(o, "parameters", &mut Reader::parameter),
            time_zone: self.opt(o, "time_zone", &mut Reader::time_zone),
            drafts: self.opt(o, "drafts", &mut |r, v| {
                let o = r.object(v, &["keep_days"]);
                DraftSettings {
                    keep_days: r.number(o, "keep_days") as u32,
                }
            }),
        }
    }

    fn time_zone(&mut self, value: &Json) -> TimeZone {
        let name = value.as_str().unwrap_or_default();
        TimeZone::from_name(name).unwrap_or_else(|| {
            let known: Vec<&str> = TIME_ZONES.iter().map(|zone| zone.name).collect();
            let known = known.join(", ");
            self.fail(
                format!("Unbekannte Zeitzone „{name}“: bekannt sind {known}."),
                format!("Unknown time zone \"{name}\": known are {known}."),
            );
            GERMANY
        })
    }

    fn step(&mut self, value: &Json) -> Step {
        let o = self.object(value, STEP_KEYS);
        Step {
            id: self.string(o, "id"),
            title: self.text(o, "title"),
            visible_if: self.opt_string(o, "visible_if"),
            elements: self.list(o, "elements", &mut Reader::element),
        }
    }

    fn declaration(&mut self, value: &Json) -> Declaration {
        let o = self.object(value, &["id", "text"]);
        Declaration {
            id: self.string(o, "id"),
            text: self.text(o, "text"),
        }
    }

    fn element(&mut self, value: &Json) -> Element {
        let type_name = value.get("type").and_then(Json::as_str).unwrap_or_default();
        let kind_name = KindName::parse(type_name);
        let allowed = kind_name.map_or_else(|| COMMON_KEYS.to_vec(), element_properties);
        let o = self.object(value, &allowed);
        let key = self.string(o, "key");
        let kind = match self.at(o, "type", &mut |_, _| ()) {
            Some(()) => self.kind(kind_name, type_name, o),
            None => Kind::Text,
        };
        Element {
            key,
            kind,
            label: self.opt_text(o, "label").unwrap_or_default(),
            help: self.opt_text(o, "help"),
            placeholder: self.opt_text(o, "placeholder"),
            required: self.flag(o, "required"),
            required_if: self.opt_string(o, "required_if"),
            visible_if: self.opt_string(o, "visible_if"),
            autocomplete: self.opt_string(o, "autocomplete"),
            rules: self.opt_list(o, "rules", &mut Reader::rule),
            messages: self
                .opt(o, "messages", &mut |r, v| {
                    let entries = r.object(v, MESSAGE_KEYS);
                    // `object` let only these names through; in the definition's order.
                    entries
                        .iter()
                        .filter_map(|(k, _)| MESSAGE_KEYS.iter().find(|m| **m == k.as_str()))
                        .map(|key| (key.to_string(), r.text(entries, key)))
                        .collect()
                })
                .unwrap_or_default(),
            fim: self.opt(o, "fim", &mut Reader::fim),
            notes: self.opt_list(o, "notes", &mut Reader::string_value),
        }
    }

    fn parameter(&mut self, value: &Json) -> Parameter {
        let o = self.object(value, &["key", "label", "type", "default"]);
        let type_name = self.string(o, "type");
        let kind = ParameterKind::parse(&type_name).unwrap_or_else(|| {
            self.fail(
                format!(
                    "Unbekannter Parametertyp „{type_name}“: erlaubt sind text, number, currency."
                ),
                format!(
                    "Unknown parameter type \"{type_name}\": allowed are text, number, currency."
                ),
            );
            ParameterKind::Text
        });
        Parameter {
            key: self.string(o, "key"),
            label: self.text(o, "label"),
            kind,
            default: self.opt_string(o, "default"),
        }
    }

    fn fim(&mut self, value: &Json) -> FimRef {
        let f = self.object(value, &["id", "version"]);
        FimRef {
            id: self.string(f, "id"),
            version: self.string(f, "version"),
        }
    }

    /// The kind named by an element's `type`, with its type-specific properties from `o`.
    fn kind(&mut self, name: Option<KindName>, type_name: &str, o: &[(String, Json)]) -> Kind {
        let Some(name) = name else {
            self.at(o, "type", &mut |r, _| {
                let known = known::<KindName>();
                r.fail(
                    format!("Unbekannter Feldtyp „{type_name}“. Bekannt: {known}."),
                    format!("Unknown field type '{type_name}'. Known: {known}."),
                );
            });
            return Kind::Text;
        };
        match name {
            KindName::Text => Kind::Text,
            KindName::MultilineText => Kind::MultilineText,
            KindName::Integer => Kind::Integer,
            KindName::Decimal => Kind::Decimal,
            KindName::Currency => Kind::Currency,
            KindName::Date => Kind::Date,
            KindName::Email => Kind::Email,
            KindName::Phone => Kind::Phone,
            KindName::PostalCode => Kind::PostalCode,
            KindName::Iban => Kind::Iban,
            KindName::YesNo => Kind::YesNo,
            KindName::Checkbox => Kind::Checkbox,
            KindName::SingleChoice => Kind::SingleChoice {
                options: self.list(o, "options", &mut Reader::option),
                display: self.named(o, "display"),
            },
            KindName::MultipleChoice => Kind::MultipleChoice {
                options: self.list(o, "options", &mut Reader::option),
            },
            KindName::File => Kind::File {
                accept: self.opt_list(o, "accept", &mut Reader::string_value),
                max_size: self
                    .opt(o, "max_size", &mut Reader::count_value)
                    .unwrap_or(engine::format::DEFAULT_MAX_FILE_SIZE),
                max_count: self.count(o, "max_count", 1),
            },
            KindName::Computed => Kind::Computed {
                expression: self.string(o, "expression"),
                format: self.named(o, "format"),
            },
            KindName::Content => Kind::Content {
                markdown: self.text(o, "markdown"),
            },
            KindName::Group => Kind::Group {
                elements: self.list(o, "elements", &mut Reader::element),
            },
            KindName::Repeat => Kind::Repeat {
                elements: self.list(o, "elements", &mut Reader::element),
                min: self.count(o, "min", 0),
                max: self
                    .opt(o, "max", &mut Reader::count_value)
                    .map(|m| m.min(u64::from(u32::MAX)) as u32),
                item_label: self.text(o, "item_label"),
            },
        }
    }

    /// The optional property `key` of `o`, one of a named enum's values (its default
    /// when absent); another name is an error that lists the known ones.
    fn named<T: Named + Default>(&mut self, o: &[(String, Json)], key: &'static str) -> T {
        let Some(name) = self.opt_string(o, key) else {
            return T::default();
        };
        if let Some(value) = T::all().iter().copied().find(|v| v.name() == name) {
            return value;
        }
        self.at(o, key, &mut |r, _| {
            let known = known::<T>();
            r.fail(
                format!("Unbekannter Wert „{name}“ für „{key}“. Erlaubt: {known}."),
                format!("Unknown value '{name}' for '{key}'. Allowed: {known}."),
            )
        });
        T::default()
    }

    fn option(&mut self, value: &Json) -> ChoiceOption {
        let o = self.object(value, &["value", "label"]);
        ChoiceOption {
            value: self.string(o, "value"),
            label: self.text(o, "label"),
        }
    }

    fn date_bound(&mut self, value: &Json) -> DateBound {
        let text = self.string_value(value);
        DateBound::parse(&text).unwrap_or_else(|| {
            self.fail(
                format!("Ungültige Datumsgrenze „{text}“: erwartet JJJJ-MM-TT, today, z. B. today-18y, today+30d, today-6m, oder den Schlüssel eines anderen Datumsfelds."),
                format!("Invalid date bound '{text}': expected YYYY-MM-DD, today, e.g. today-18y, today+30d, today-6m, or the key of another date field."),
            );
            DateBound::Relative { amount: 0, unit: engine::format::DateUnit::Days }
        })
    }

    fn rule(&mut self, value: &Json) -> Rule {
        let name = value.get("rule").and_then(Json::as_str).unwrap_or_default();
        let rule_name = RuleName::parse(name);
        let allowed = rule_name.map_or_else(|| vec!["rule", "message"], rule_properties);
        let o = self.object(value, &allowed);
        let length = |r: &mut Reader| {
            let value = r.at(o, "value", &mut Reader::count_value);
            value.unwrap_or_default().min(u64::from(u32::MAX)) as u32
        };
        let date = |r: &mut Reader| {
            let bound = r.at(o, "date", &mut Reader::date_bound);
            bound.unwrap_or(DateBound::Relative {
                amount: 0,
                unit: engine::format::DateUnit::Days,
            })
        };
        let Some(rule_name) = rule_name else {
            self.at(o, "rule", &mut |r, _| {
                let known = known::<RuleName>();
                r.fail(
                    format!("Unbekannte Regel „{name}“. Bekannt: {known}."),
                    format!("Unknown rule '{name}'. Known: {known}."),
                )
            });
            return Rule {
                check: Check::Email,
                message: None,
            };
        };
        let check = match rule_name {
            RuleName::MinLength => Check::MinLength {
                value: length(self),
            },
            RuleName::MaxLength => Check::MaxLength {
                value: length(self),
            },
            RuleName::Pattern => Check::Pattern {
                pattern: self.string(o, "pattern"),
            },
            RuleName::MinValue => Check::MinValue {
                value: self.number(o, "value"),
            },
            RuleName::MaxValue => Check::MaxValue {
                value: self.number(o, "value"),
            },
            RuleName::MinDate => Check::MinDate { date: date(self) },
            RuleName::MaxDate => Check::MaxDate { date: date(self) },
            RuleName::Email => Check::Email,
            RuleName::Iban => Check::Iban,
            RuleName::PostalCodeDe => Check::PostalCodeDe,
            RuleName::Phone => Check::Phone,
            RuleName::Latin => Check::Latin,
            RuleName::Expression => Check::Expression {
                expression: self.string(o, "expression"),
            },
        };
        Rule {
            check,
            message: self.opt_text(o, "message"),
        }
    }
}

/// The properties an element of this type may have: those of every element, and its
/// own (a test holds them to the format's JSON Schema).
pub fn element_properties(kind: KindName) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        KindName::SingleChoice => &["options", "display"],
        KindName::MultipleChoice => &["options"],
        KindName::File => &["accept", "max_size", "max_count"],
        KindName::Computed => &["expression", "format"],
        KindName::Content => &["markdown"],
        KindName::Group => &["elements"],
        KindName::Repeat => &["elements", "min", "max", "item_label"],
        KindName::Text
        | KindName::MultilineText
        | KindName::Integer
        | KindName::Decimal
        | KindName::Currency
        | KindName::Date
        | KindName::Email
        | KindName::Phone
        | KindName::PostalCode
        | KindName::Iban
        | KindName::YesNo
        | KindName::Checkbox => &[],
    };
    COMMON_KEYS.iter().chain(own).copied().collect()
}

/// The properties a rule of this name may have (a test holds them to the format's JSON
/// Schema).
pub fn rule_properties(name: RuleName) -> Vec<&'static str> {
    let own: &[&str] = match name {
        RuleName::MinLength | RuleName::MaxLength | RuleName::MinValue | RuleName::MaxValue => {
            &["value"]
        }
        RuleName::Pattern => &["pattern"],
        RuleName::MinDate | RuleName::MaxDate => &["date"],
        RuleName::Expression => &["expression"],
        RuleName::Email
        | RuleName::Iban
        | RuleName::PostalCodeDe
        | RuleName::Phone
        | RuleName::Latin => &[],
    };
    ["rule", "message"].iter().chain(own).copied().collect()
}

/// Names listed for an error message: `text, integer, …`.
fn known<T: Named>() -> String {
    let names: Vec<&str> = T::all().iter().map(|v| v.name()).collect();
    names.joined(", ")
}

fn write_step(step: &Step) -> Json {
    let mut o = engine::json!({ "id": (step.id.as_str()), "title": (Json::from(&step.title)) });
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
    let mut o = engine::json!({ "key": (element.key.as_str()), "type": (element.kind.name()) });
    if !element.label.de.is_empty() || element.label.en.is_some() {
        o.insert("label", Json::from(&element.label));
    }
    for (key, text) in [
        ("help", &element.help),
        ("placeholder", &element.placeholder),
    ] {
        if let Some(text) = text {
            o.insert(key, Json::from(text));
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
            if *display != ChoiceDisplay::default() {
                o.insert("display", Json::from(display.name()));
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
            if *format != ComputedFormat::default() {
                o.insert("format", Json::from(format.name()));
            }
        }
        Kind::Content { markdown } => o.insert("markdown", Json::from(markdown)),
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
            o.insert("item_label", Json::from(item_label));
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
                    .map(|(k, t)| (k.clone(), Json::from(t)))
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
    engine::json!({ "id": (fim.id.as_str()), "version": (fim.version.as_str()) })
}

fn write_options(options: &[ChoiceOption]) -> Json {
    Json::Array(
        options
            .iter()
            .map(
                |o| engine::json!({ "value": (o.value.as_str()), "label": (Json::from(&o.label)) }),
            )
            .collect(),
    )
}

fn write_rule(rule: &Rule) -> Json {
    let mut o = engine::json!({ "rule": (rule.check.code()) });
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
        o.insert("message", Json::from(message));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> FormatError {
        read_form(&Json::parse(text).expect("json")).expect_err("invalid")
    }

    #[test]
    fn reports_the_first_error_in_reading_order() {
        let error = error_of(
            r#"{"format_version": 1, "id": 7, "version": "1", "title": {"dx": "T"},
                "languages": ["fr"], "steps": []}"#,
        );
        assert_eq!(error.path_text(), "id");
        assert!(error.message.de.contains("Text in Anführungszeichen"));
        let error = error_of(
            r#"{"format_version": 1, "id": "f", "version": "1", "title": {"de": "T"},
                "languages": ["de"], "steps": [{"id": "s", "title": {"de": "S"}, "elements": [
                  {"key": "a", "type": "text"},
                  {"key": "b", "type": "single_choice", "options": [{"value": "x"}], "display": "tiles"},
                  {"key": "c", "type": "nonsense"}]}]}"#,
        );
        assert_eq!(error.path_text(), "steps[0].elements[1].options[0].label");
        assert!(error
            .message
            .en
            .as_deref()
            .unwrap_or_default()
            .contains("missing"));
    }

    #[test]
    fn names_the_place_of_bad_values_deep_in_the_tree() {
        let form = |element: &str| {
            format!(
                r#"{{"format_version": 1, "id": "f", "version": "1", "title": {{"de": "T"}},
                    "languages": ["de"], "steps": [{{"id": "s", "title": {{"de": "S"}},
                    "elements": [{element}]}}]}}"#
            )
        };
        for (element, path) in [
            (
                r#"{"key": "a", "type": "single_choice", "options": [], "display": "tiles"}"#,
                "steps[0].elements[0].display",
            ),
            (
                r#"{"key": "a", "type": "text", "rules": [{"rule": "min_date", "date": "in 3 Tagen"}]}"#,
                "steps[0].elements[0].rules[0].date",
            ),
            (
                r#"{"key": "a", "type": "text", "rules": [{"rule": "shout"}]}"#,
                "steps[0].elements[0].rules[0].rule",
            ),
            (
                r#"{"key": "a", "type": "repeat", "item_label": {"de": "E"}, "min": -1, "elements": []}"#,
                "steps[0].elements[0].min",
            ),
            (
                r#"{"key": "a", "type": "group", "elements": [{"key": "b", "type": "text", "required": "ja"}]}"#,
                "steps[0].elements[0].elements[0].required",
            ),
            (
                r#"{"key": "a", "type": "computed", "expression": "1", "format": "roman"}"#,
                "steps[0].elements[0].format",
            ),
        ] {
            assert_eq!(error_of(&form(element)).path_text(), path, "{element}");
        }
    }
}
