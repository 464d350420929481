//! Answers as JSON (drafts, prefill, payloads), the submission payload, and its
//! re-validation by whoever receives it.
//!
//! Answers nest as the form does: groups are objects, repeating groups arrays of
//! objects. Integers and decimals are JSON numbers, currency is whole cents, dates are
//! `YYYY-MM-DD`, files are `{id, name, size, media_type}`. Keys follow the form's
//! document order, so the same answers always give the same bytes.

use std::sync::Arc;

use crate::compiled::{CompiledForm, NodeId};
use crate::date::Date;
use crate::expr::{FileRef, Value};
use crate::format::{ComputedFormat, Kind};
use crate::input::parse_input;
use crate::json;
use crate::json::Json;
use crate::state::walk::{display_path, walk_step};
use crate::state::{FormState, Loading, Loc};
use crate::text::{Lang, Text};

/// The properties of a submission payload.
const PAYLOAD_KEYS: [&str; 6] = [
    "form",
    "language",
    "answers",
    "declarations",
    "attachments",
    "parameters",
];

/// Which answers go into the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything, hidden fields and mistyped text included: for drafts.
    Draft,
    /// Visible answers and computed values only: for submission.
    Submission,
}

type Entries = Vec<(String, Json)>;

/// The answers as nested JSON.
pub fn answers_to_json(state: &FormState, scope: Scope) -> Json {
    let form = state.form();
    let mut root = Entries::new();
    for (step, &step_node) in form.steps.iter().enumerate() {
        if scope == Scope::Submission && !state.step_visible(step) {
            continue;
        }
        write_children(
            state,
            &form.nodes[step_node].children,
            &[],
            scope,
            &mut root,
        );
    }
    Json::Object(root)
}

fn write_children(
    state: &FormState,
    nodes: &[NodeId],
    items: &[usize],
    scope: Scope,
    out: &mut Entries,
) {
    let form = state.form();
    for &id in nodes {
        let loc = Loc::new(id, items.to_vec());
        let Some(cell) = state.cell(&loc) else {
            continue;
        };
        if scope == Scope::Submission && !cell.visible {
            continue;
        }
        let element = form.element(id);
        let key = element.key.clone();
        match &element.kind {
            Kind::Content { .. } => {}
            Kind::Group { .. } => {
                let mut inner = Entries::new();
                write_children(state, &form.nodes[id].children, items, scope, &mut inner);
                out.push((key, Json::Object(inner)));
            }
            Kind::Repeat { .. } => {
                let entries = (0..cell.items.len())
                    .map(|index| {
                        let mut inner_items = items.to_vec();
                        inner_items.push(index);
                        let mut inner = Entries::new();
                        write_children(
                            state,
                            &form.nodes[id].children,
                            &inner_items,
                            scope,
                            &mut inner,
                        );
                        Json::Object(inner)
                    })
                    .collect();
                out.push((key, Json::Array(entries)));
            }
            Kind::Computed { .. } if scope == Scope::Draft => {}
            kind => {
                let json = match (&cell.raw, scope) {
                    (Some(raw), Scope::Draft) => Json::from(raw.as_str()),
                    _ => value_to_json(kind, &cell.value),
                };
                if !json.is_null() {
                    out.push((key, json));
                }
            }
        }
    }
}

fn value_to_json(kind: &Kind, value: &Value) -> Json {
    let cents = matches!(
        kind,
        Kind::Currency
            | Kind::Computed {
                format: ComputedFormat::Currency,
                ..
            }
    );
    match value {
        Value::Null => Json::Null,
        Value::Number(euros) if cents => Json::from((euros * 100.0).round() as i64),
        Value::Number(n) => Json::Number(*n),
        Value::Bool(b) => Json::Bool(*b),
        Value::Text(t) => Json::from(t.as_str()),
        Value::Date(d) => Json::from(d.to_string()),
        Value::File(f) => file_to_json(f),
        Value::List(items) => Json::Array(items.iter().map(|v| value_to_json(kind, v)).collect()),
    }
}

fn file_to_json(file: &FileRef) -> Json {
    json!({ "id": (file.id.as_str()), "name": (file.name.as_str()), "size": (file.size), "media_type": (file.media_type.as_str()) })
}

fn file_from_json(json: &Json) -> Option<FileRef> {
    Some(FileRef {
        id: json["id"].as_str()?.to_string(),
        name: json["name"].as_str()?.to_string(),
        size: json["size"].as_i64().filter(|s| *s >= 0)? as u64,
        media_type: json["media_type"].as_str()?.to_string(),
    })
}

/// A problem with submitted or imported answers, at a path like `hunde[1].name`.
#[derive(Debug, Clone, PartialEq)]
pub struct PayloadProblem {
    pub path: String,
    pub message: Text,
}

impl PayloadProblem {
    fn new(
        path: impl Into<String>,
        de: impl Into<String>,
        en: impl Into<String>,
    ) -> PayloadProblem {
        PayloadProblem {
            path: path.into(),
            message: Text::new(de, en),
        }
    }

    /// `{"path": …, "message": {"de": …, "en": …}}`, as intake servers answer.
    pub fn to_json(&self) -> Json {
        json!({ "path": (self.path.as_str()), "message": (Json::from(&self.message)) })
    }

    /// The reverse of `to_json`; a message may also be a plain (German) string.
    fn from_json(json: &Json) -> Option<PayloadProblem> {
        let message = &json["message"];
        Some(PayloadProblem {
            path: json["path"].as_str()?.to_string(),
            message: Text {
                de: message["de"].as_str().or(message.as_str())?.to_string(),
                en: message["en"].as_str().map(str::to_string),
            },
        })
    }
}

/// The body of an intake server's refusal (HTTP 422): `{"errors": [problem, …]}`.
pub fn refusal(problems: &[PayloadProblem]) -> Json {
    let errors = problems.iter().map(PayloadProblem::to_json).collect();
    Json::Object(vec![("errors".into(), Json::Array(errors))])
}

/// The problems in a refusal's body; none when it is not one (what cannot be read is
/// left out: the assistant then shows its general message).
pub fn refused(body: &str) -> Vec<PayloadProblem> {
    let Ok(body) = Json::parse(body) else {
        return Vec::new();
    };
    let errors = body["errors"].as_array().unwrap_or_default();
    errors
        .iter()
        .filter_map(PayloadProblem::from_json)
        .collect()
}

/// Loads nested answers (a draft, a prefill, a payload's answers) into `state`. What
/// fits is taken; what does not (unknown keys, wrong types) is reported, not fatal.
/// Text in number and date fields is read as typed in `typed_in` ("1.500" is 1500 in
/// German, 1.5 in English).
pub fn load_answers(state: &mut FormState, answers: &Json, typed_in: Lang) -> Vec<PayloadProblem> {
    let mut problems = Vec::new();
    let Some(object) = answers.as_object() else {
        problems.push(PayloadProblem::new(
            "",
            "Die Antworten sind kein JSON-Objekt.",
            "The answers are not a JSON object.",
        ));
        return problems;
    };
    let form = Arc::clone(state.form());
    let top: Vec<NodeId> = form
        .steps
        .iter()
        .flat_map(|&s| form.nodes[s].children.clone())
        .collect();
    let mut loading = state.load();
    read_children(&mut loading, &top, &[], object, "", typed_in, &mut problems);
    drop_repeated_files(&mut loading, &mut problems);
    problems
}

fn read_children(
    state: &mut Loading,
    nodes: &[NodeId],
    items: &[usize],
    object: &[(String, Json)],
    prefix: &str,
    typed_in: Lang,
    problems: &mut Vec<PayloadProblem>,
) {
    let form = Arc::clone(state.state().form());
    // Both sides sorted for lookups by halves: an object of many keys against a scope
    // of many fields costs n log n, not n².
    let mut known: Vec<&str> = nodes
        .iter()
        .map(|&id| form.nodes[id].key.as_str())
        .collect();
    known.sort_unstable();
    for (key, _) in object {
        if known.binary_search(&key.as_str()).is_err() {
            problems.push(PayloadProblem::new(
                format!("{prefix}{key}"),
                "Dieses Feld gibt es im Formular nicht.",
                "The form has no such field.",
            ));
        }
    }
    let given = sorted_entries(object);
    for &id in nodes {
        let element = form.element(id);
        let Some(json) = lookup(&given, &element.key) else {
            continue;
        };
        let path = format!("{prefix}{}", element.key);
        let loc = Loc::new(id, items.to_vec());
        match &element.kind {
            Kind::Content { .. } | Kind::Computed { .. } => {}
            Kind::Group { .. } => match json.as_object() {
                Some(inner) => read_children(
                    state,
                    &form.nodes[id].children,
                    items,
                    inner,
                    &format!("{path}."),
                    typed_in,
                    problems,
                ),
                None => problems.push(PayloadProblem::new(
                    path,
                    "Erwartet: ein Objekt mit den Feldern der Gruppe.",
                    "Expected an object with the group's fields.",
                )),
            },
            Kind::Repeat { .. } => {
                let Some(entries) = json.as_array() else {
                    problems.push(PayloadProblem::new(
                        path,
                        "Erwartet: eine Liste von Einträgen.",
                        "Expected a list of entries.",
                    ));
                    continue;
                };
                let count = match state.entries(&loc, entries.len()) {
                    Ok(()) => entries.len(),
                    Err(max) => {
                        problems.push(PayloadProblem::new(
                            &path,
                            format!("Zu viele Einträge: höchstens {max}; die übrigen wurden nicht übernommen."),
                            format!("Too many entries: at most {max}; the rest were not taken over."),
                        ));
                        max
                    }
                };
                for (index, entry) in entries.iter().enumerate().take(count) {
                    let mut inner_items = items.to_vec();
                    inner_items.push(index);
                    match entry.as_object() {
                        Some(inner) => read_children(
                            state,
                            &form.nodes[id].children,
                            &inner_items,
                            inner,
                            &format!("{path}[{index}]."),
                            typed_in,
                            problems,
                        ),
                        None => problems.push(PayloadProblem::new(
                            format!("{path}[{index}]"),
                            "Erwartet: ein Objekt.",
                            "Expected an object.",
                        )),
                    }
                }
            }
            kind => match json_to_value(kind, json) {
                Ok(Value::Text(raw))
                    if matches!(
                        kind,
                        Kind::Integer | Kind::Decimal | Kind::Currency | Kind::Date
                    ) =>
                {
                    state.set_input(&loc, &raw, typed_in);
                }
                Ok(value) => {
                    state.set(&loc, value);
                }
                Err(()) => problems.push(PayloadProblem::new(
                    path,
                    "Der Wert hat den falschen Typ für dieses Feld.",
                    "The value has the wrong type for this field.",
                )),
            },
        }
    }
}

/// An attachment's id names one file of the application, and the intake refuses a
/// payload naming one twice: once answers are loaded, a file whose id an earlier file
/// of the form has (in document order, hidden fields and every entry included) is
/// dropped and reported at its field.
fn drop_repeated_files(state: &mut Loading, problems: &mut Vec<PayloadProblem>) {
    let form = Arc::clone(state.state().form());
    let is_file = |id: NodeId| matches!(form.element_kind(id), Some(Kind::File { .. }));
    if !(0..form.nodes.len()).any(is_file) {
        return;
    }
    let mut seen: Vec<String> = Vec::new(); // sorted
    let mut fixed: Vec<(Loc, Vec<Value>)> = Vec::new();
    let loaded = state.state();
    for step in 0..form.steps.len() {
        walk_step(loaded, step, &mut |loc, _| {
            let files = match loaded.cell(loc).map(|c| &c.value) {
                Some(Value::List(files)) if is_file(loc.node) => files,
                _ => return true,
            };
            let mut kept = Vec::with_capacity(files.len());
            for file in files {
                if let Value::File(FileRef { id, name, .. }) = file {
                    match seen.binary_search(id) {
                        Ok(_) => {
                            problems.push(PayloadProblem::new(
                                display_path(loaded, loc),
                                format!("Die Datei „{name}“ ist schon an anderer Stelle angegeben; sie wurde nicht übernommen."),
                                format!("The file “{name}” is already given elsewhere; it was not taken over."),
                            ));
                            continue;
                        }
                        Err(at) => seen.insert(at, id.clone()),
                    }
                }
                kept.push(file.clone());
            }
            if kept.len() < files.len() {
                fixed.push((loc.clone(), kept));
            }
            true
        });
    }
    for (loc, files) in fixed {
        state.set(&loc, Value::List(files));
    }
}

/// A number an answer can hold: no more than the assistant itself accepts.
fn number(n: f64) -> Result<Value, ()> {
    if n.abs() <= crate::limits::MAX_NUMBER {
        Ok(Value::Number(n))
    } else {
        Err(())
    }
}

/// Reads a JSON answer; strings in number and date fields are typed text (drafts).
fn json_to_value(kind: &Kind, json: &Json) -> Result<Value, ()> {
    Ok(match (kind, json) {
        (_, Json::Null) => Value::Null,
        (Kind::Currency, Json::Number(_)) => number(json.as_i64().ok_or(())? as f64 / 100.0)?,
        (Kind::Integer, Json::Number(_)) => number(json.as_i64().ok_or(())? as f64)?,
        (Kind::Decimal, Json::Number(n)) => number(*n)?,
        (Kind::Date, Json::String(s)) => {
            Date::parse_iso(s).map_or_else(|| Value::Text(s.clone()), Value::Date)
        }
        (Kind::Integer | Kind::Decimal | Kind::Currency, Json::String(s)) => Value::Text(s.clone()),
        (Kind::YesNo | Kind::Checkbox, Json::Bool(b)) => Value::Bool(*b),
        (Kind::MultipleChoice { .. }, Json::Array(items)) => Value::List(
            items
                .iter()
                .map(|i| i.as_str().map(|s| Value::Text(s.to_string())).ok_or(()))
                .collect::<Result<_, _>>()?,
        ),
        (Kind::File { .. }, Json::Array(items)) => Value::List(
            items
                .iter()
                .map(|i| file_from_json(i).map(Value::File).ok_or(()))
                .collect::<Result<_, _>>()?,
        ),
        (
            Kind::Text
            | Kind::MultilineText
            | Kind::Email
            | Kind::Phone
            | Kind::PostalCode
            | Kind::SingleChoice { .. },
            Json::String(s),
        ) => Value::Text(s.clone()),
        (Kind::Iban, Json::String(s)) => parse_input(kind, s, Lang::De).ok_or(())?,
        _ => return Err(()),
    })
}

/// The submission payload. Only call it once the wizard found no errors.
pub fn build_payload(state: &FormState, lang: Lang, declarations: &[&str]) -> Json {
    let form = &state.form().form;
    let mut payload = json!({
        "form": {
            "id": (form.id.as_str()),
            "version": (form.version.as_str()),
            "hash": (state.form().hash.as_str())
        },
        "language": (lang.code()),
        "answers": (answers_to_json(state, Scope::Submission)),
        "declarations": (declarations.to_vec()),
        "attachments": (attachments(state)),
    });
    if !form.parameters.is_empty() {
        payload.insert("parameters", parameters_json(state.form()));
    }
    payload
}

/// The parameter values the form was filled in with, e.g. `{"steuersatz": 96}`.
fn parameters_json(form: &CompiledForm) -> Json {
    Json::Object(
        form.parameters
            .iter()
            .map(|(key, value)| (key.clone(), value_to_json(&Kind::Text, value)))
            .collect(),
    )
}

/// Every uploaded file of a visible field, with the field it belongs to.
pub fn attachments(state: &FormState) -> Json {
    let mut list = Vec::new();
    for step in (0..state.form().steps.len()).filter(|&s| state.step_visible(s)) {
        walk_step(state, step, &mut |loc, _| {
            if !state.is_visible(loc) {
                return false;
            }
            if let (Some(Kind::File { .. }), Value::List(files)) =
                (state.form().element_kind(loc.node), state.value(loc))
            {
                for file in files {
                    if let Value::File(file) = file {
                        let mut entry = file_to_json(&file);
                        entry.insert("field", Json::from(display_path(state, loc)));
                        list.push(entry);
                    }
                }
            }
            true
        });
    }
    Json::Array(list)
}

/// Re-validates a received payload against the published form, as any intake server
/// should: the same form, version and hash, known fields only, nothing for hidden fields, every
/// visible field valid, computed values as the form computes them, all declarations
/// accepted, attachments matching the file fields. Returns the evaluated answers.
pub fn verify_payload(
    form: Arc<CompiledForm>,
    payload: &Json,
    today: Date,
) -> Result<FormState, Vec<PayloadProblem>> {
    let mut problems = Vec::new();
    let def = &form.form;
    // What the exported JSON Schema allows (`additionalProperties: false`), no more.
    match payload.as_object() {
        None => problems.push(PayloadProblem::new(
            "",
            "Die Übermittlung ist kein JSON-Objekt.",
            "The submission is not a JSON object.",
        )),
        Some(entries) => {
            for (key, _) in entries
                .iter()
                .filter(|(k, _)| !PAYLOAD_KEYS.contains(&k.as_str()))
            {
                problems.push(PayloadProblem::new(
                    key,
                    "Diese Angabe gehört nicht in eine Übermittlung.",
                    "This does not belong in a submission.",
                ));
            }
        }
    }
    // (property, whether it is an object; else a list)
    let shapes = [
        ("form", true),
        ("answers", true),
        ("declarations", false),
        ("attachments", false),
    ];
    for (key, object) in shapes {
        let shaped = if object {
            payload[key].as_object().is_some()
        } else {
            payload[key].as_array().is_some()
        };
        if !shaped {
            problems.push(PayloadProblem::new(
                key,
                "Diese Angabe fehlt oder hat die falsche Form.",
                "This is missing or has the wrong shape.",
            ));
        }
    }
    for (key, _) in payload["form"].as_object().unwrap_or_default() {
        if !["id", "version", "hash"].contains(&key.as_str()) {
            problems.push(PayloadProblem::new(
                format!("form.{key}"),
                "Diese Angabe gehört nicht zum Formular einer Übermittlung.",
                "This does not belong to a submission's form.",
            ));
        }
    }
    if payload["form"]["id"].as_str() != Some(def.id.as_str()) {
        problems.push(PayloadProblem::new(
            "form.id",
            format!("Erwartet wurde das Formular „{}“.", def.id),
            format!("Expected the form '{}'.", def.id),
        ));
    }
    if payload["form"]["version"].as_str() != Some(def.version.as_str()) {
        problems.push(PayloadProblem::new(
            "form.version",
            format!("Erwartet wurde die Version „{}“.", def.version),
            format!("Expected version '{}'.", def.version),
        ));
    }
    if payload["form"]["hash"].as_str() != Some(form.hash.as_str()) {
        problems.push(PayloadProblem::new(
            "form.hash",
            "Das Formular wurde seitdem neu veröffentlicht: die Angaben passen nicht zu dieser Fassung.",
            "The form has been published anew since: the answers do not fit this edition.",
        ));
    }
    let language = payload["language"].as_str().and_then(Lang::from_code);
    if !language.is_some_and(|l| def.languages.contains(&l)) {
        problems.push(PayloadProblem::new(
            "language",
            "Die Sprache fehlt oder wird nicht angeboten.",
            "The language is missing or not offered.",
        ));
    }
    let answers = payload["answers"].clone();
    let mut state = FormState::new(Arc::clone(&form), today);
    // Answers are values; text in a number or date field is read in the payload's language.
    let typed_in = language.unwrap_or(Lang::De);
    problems.extend(load_answers(&mut state, &answers, typed_in));

    // Recompute and compare: hidden answers, computed values, validity.
    let expected = answers_to_json(&state, Scope::Submission);
    compare(&expected, &answers, "", &mut problems);
    for step in (0..form.steps.len()).filter(|&s| state.step_visible(s)) {
        walk_step(&state, step, &mut |loc, _| {
            let Some(cell) = state.cell(loc) else {
                return false;
            };
            if !cell.visible {
                return false;
            }
            for error in &cell.errors {
                problems.push(PayloadProblem {
                    path: display_path(&state, loc),
                    message: error.message.clone(),
                });
            }
            true
        });
    }
    let received_declarations = payload["declarations"].as_array().unwrap_or_default();
    let mut accepted: Vec<&str> = received_declarations
        .iter()
        .filter_map(Json::as_str)
        .collect();
    accepted.sort_unstable();
    let unknown = accepted.len() != received_declarations.len()
        || accepted.windows(2).any(|pair| pair[0] == pair[1])
        || accepted
            .iter()
            .any(|id| !def.declarations.iter().any(|d| d.id == *id));
    if unknown {
        problems.push(PayloadProblem::new(
            "declarations",
            "Die Erklärungen sind unbekannt oder doppelt.",
            "The declarations are unknown or repeated.",
        ));
    }
    for declaration in &def.declarations {
        if accepted.binary_search(&declaration.id.as_str()).is_err() {
            problems.push(PayloadProblem::new(
                format!("declarations.{}", declaration.id),
                "Diese Erklärung wurde nicht bestätigt.",
                "This declaration was not accepted.",
            ));
        }
    }
    // Amounts computed from the parameters are only right with the receiver's values.
    if !def.parameters.is_empty() && payload["parameters"] != parameters_json(&form) {
        problems.push(PayloadProblem::new(
            "parameters",
            "Die Parameter weichen von denen der Behörde ab.",
            "The parameters differ from the authority's.",
        ));
    }
    let received_attachments = payload
        .get("attachments")
        .cloned()
        .unwrap_or(Json::Array(Vec::new()));
    let mut ids: Vec<&str> = received_attachments
        .as_array()
        .unwrap_or_default()
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    ids.sort_unstable();
    if ids.windows(2).any(|pair| pair[0] == pair[1]) {
        problems.push(PayloadProblem::new(
            "attachments",
            "Eine Anhangs-Kennung kommt mehrmals vor.",
            "An attachment id occurs more than once.",
        ));
    }
    if received_attachments != attachments(&state) {
        problems.push(PayloadProblem::new(
            "attachments",
            "Die Liste der Anhänge passt nicht zu den hochgeladenen Dateien.",
            "The list of attachments does not match the uploaded files.",
        ));
    }
    if problems.is_empty() {
        Ok(state)
    } else {
        Err(problems)
    }
}

/// An object's entries sorted by key, for `lookup`.
fn sorted_entries(object: &[(String, Json)]) -> Vec<(&str, &Json)> {
    let mut entries: Vec<(&str, &Json)> = object.iter().map(|(k, v)| (k.as_str(), v)).collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

fn lookup<'a>(entries: &[(&str, &'a Json)], key: &str) -> Option<&'a Json> {
    entries
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|at| entries[at].1)
}

/// Reports where the received answers differ from what the form itself produces.
fn compare(expected: &Json, received: &Json, path: &str, problems: &mut Vec<PayloadProblem>) {
    let child = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match (expected, received) {
        (Json::Object(e), Json::Object(r)) => {
            let (expected_entries, received_entries) = (sorted_entries(e), sorted_entries(r));
            for (key, value) in r {
                match lookup(&expected_entries, key) {
                    Some(expected_value) => compare(expected_value, value, &child(key), problems),
                    // Not even `null`: the assistant leaves out what has no answer.
                    None => problems.push(PayloadProblem::new(child(key), "Für dieses Feld darf nichts übermittelt werden: es ist bei diesen Angaben ausgeblendet.", "Nothing may be sent for this field: it is hidden given these answers.")),
                }
            }
            // What the assistant sends for these answers is all there: computed values,
            // and the objects and lists of visible groups and repeating groups.
            for (key, value) in e {
                if lookup(&received_entries, key).is_none() && !value.is_null() {
                    let (de, en) = if value.is_object_or_array() {
                        ("Diese Gruppe fehlt.", "This group is missing.")
                    } else {
                        (
                            "Dieser berechnete Wert fehlt.",
                            "This computed value is missing.",
                        )
                    };
                    problems.push(PayloadProblem::new(child(key), de, en));
                }
            }
        }
        (Json::Array(e), Json::Array(r)) => {
            // Fewer entries than a repeating group's minimum were once padded silently.
            if e.len() != r.len() {
                problems.push(PayloadProblem::new(
                    path,
                    format!("Erwartet: {} Einträge, erhalten: {}.", e.len(), r.len()),
                    format!("Expected {} entries, received {}.", e.len(), r.len()),
                ));
            }
            for (index, (x, y)) in e.iter().zip(r).enumerate() {
                compare(x, y, &format!("{path}[{index}]"), problems);
            }
        }
        // Compared as written: numbers are exchanged as text with at most 15 digits.
        (e, r) if e.to_compact() != r.to_compact() => problems.push(PayloadProblem::new(
            path,
            format!("Erwartet: {e}, erhalten: {r}."),
            format!("Expected {e}, received {r}."),
        )),
        _ => {}
    }
}
