//! What the citizen sees, described for the assistant's state as a `Tree` (built by
//! the runtime's `dom.js` in one call), and nothing else: the runtime's `patch.rs` keeps
//! it up to date. Plain data in, a description out, so the runtime draws it and
//! `publish` writes a published form's first screen with the same code. Texts from
//! definitions are set as text, never as HTML. No element has a closure of its own: the
//! runtime's delegated listeners know an input by its id (`ff-3-0`: node 3, entry 0), an
//! option by its name, a button by its `data-action` (and `data-loc`), a field's
//! wrapper by its id (`ff-3-0-wrap`).
//!
//! `model.rs`: the state described; `tree.rs`: the description; `texts.rs`: the
//! assistant's own words; `action.rs`: what its buttons do.

mod action;
mod model;
pub mod texts;
mod tree;

use crate::compiled::NodeId;
use crate::expr::{FileRef, Value};
use crate::format::{ChoiceDisplay, Element as FieldDef, Kind};
use crate::input::{display_value, input_text};
use crate::markdown::{Block, Inline};
use crate::state::Loc;
use crate::validate::format_size;
use crate::wizard::Position;
use crate::Lang;

pub use self::action::Action;
pub use self::model::{Model, Phase};
pub use self::texts::texts;
pub use self::tree::Tree;

use self::texts::choose_again;

/// The version of what `render` describes and of the first screens' section that
/// carries it, written with a published form's first screens
/// (`crate::published::first_screen`): the runtime draws a first screen only of its
/// own version. Raised with every change to either; a test holds it to the golden first
/// screens of the example forms. (2: the section names the drafts' key prefix, so the
/// element can look for drafts before the wasm has arrived. 3: a group or repeating
/// group under its step's own title has no legend, the one entry of a group of at most
/// one is not numbered, and the first entry is added, not "another".)
pub const VERSION: u64 = 3;

/// A stable id for an instance's input, unique inside the shadow root.
pub fn field_id(loc: &Loc) -> String {
    let mut id = String::from("ff-");
    push_decimal(&mut id, loc.node);
    for index in &loc.items {
        id.push('-');
        push_decimal(&mut id, *index);
    }
    id
}

/// `n` in decimal digits, without `core::fmt`: ids are made for every field of a step,
/// and formatting them took ~1 ms of a 500-field step's render in V8's baseline tier.
fn push_decimal(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &digit in &digits[start..] {
        out.push(char::from(digit));
    }
}

/// `id` followed by `suffix` (`-wrap`, `-help`, …), without `core::fmt`.
fn suffixed(id: &str, suffix: &str) -> String {
    let mut out = String::with_capacity(id.len() + suffix.len());
    out.push_str(id);
    out.push_str(suffix);
    out
}

/// How an input's answer is read; follows from the element's type, so the markup
/// needs no attribute for it.
#[derive(Clone, Copy, PartialEq)]
pub enum InputKind {
    /// Read on every keystroke.
    Text,
    /// A select or radio buttons of a single choice.
    Choice,
    YesNo,
    Checkbox,
    /// Checkboxes of a multiple choice.
    Multi,
    File,
}

impl InputKind {
    pub fn of(kind: &Kind) -> Option<InputKind> {
        Some(match kind {
            Kind::Group { .. }
            | Kind::Repeat { .. }
            | Kind::Content { .. }
            | Kind::Computed { .. } => return None,
            Kind::SingleChoice { .. } => InputKind::Choice,
            Kind::YesNo => InputKind::YesNo,
            Kind::Checkbox => InputKind::Checkbox,
            Kind::MultipleChoice { .. } => InputKind::Multi,
            Kind::File { .. } => InputKind::File,
            _ => InputKind::Text,
        })
    }
}

/// Describes the whole assistant for its current position and phase.
pub fn render(model: &Model) -> Tree {
    let mut tree = Tree::new();
    let out = &mut tree;
    let t = texts(model.wizard.lang);
    let lang = model.wizard.lang;
    out.open("section", "ff");
    out.fixed("part", "assistant");
    out.fixed("lang", lang.code());
    let form = &model.wizard.state.form().form;
    out.leaf("h2", "ff-title", form.title.get(lang));
    match &model.phase {
        Phase::Sent { reference, date } => confirmation(model, out, reference, date),
        Phase::Resume { .. } => {
            heading(out, t.resume_heading);
            out.leaf("p", "", t.resume_text);
            out.open("div", "ff-nav");
            button(out, "ff-primary", t.resume, Action::Resume);
            button(out, "ff-secondary", t.restart, Action::Restart);
            out.close();
        }
        _ => {
            if let Some(notice) = &model.notice {
                out.open("p", "ff-notice");
                out.fixed("role", "status");
                out.text(notice);
                out.close();
            }
            out.open("p", "ff-progress");
            out.fixed("data-role", "progress");
            if let (Position::Step(_), Some((n, total))) =
                (model.wizard.position(), model.wizard.indicator())
            {
                out.text(&(t.step_of)(n, total));
            }
            out.close();
            out.open("div", "ff-summary");
            out.fixed("data-role", "summary");
            out.fixed("tabindex", "-1");
            out.fixed("hidden", "");
            out.close();
            out.open("form", "ff-form");
            out.fixed("novalidate", "");
            match model.wizard.position() {
                Position::Step(step) => step_body(model, out, step),
                Position::Review => review(model, out),
            }
            out.close();
        }
    }
    out.close();
    tree
}

/// The heading focus moves to on every change of step.
fn heading(out: &mut Tree, text: &str) {
    out.open("h3", "ff-step-title");
    out.fixed("tabindex", "-1");
    out.fixed("data-role", "heading");
    out.text(text);
    out.close();
}

fn button(out: &mut Tree, class: &'static str, text: &str, action: Action) {
    out.open("button", class);
    out.fixed("type", "button");
    out.fixed("data-action", action.name());
    out.text(text);
    out.close();
}

/// A button acting on the instance `loc`: adding an entry, or removing entry `index`
/// (a repeat entry, a file).
fn instance_button(
    out: &mut Tree,
    class: &'static str,
    text: &str,
    action: Action,
    loc: &Loc,
    index: Option<usize>,
) {
    out.open("button", class);
    out.fixed("type", "button");
    out.fixed("data-action", action.name());
    out.attr("data-loc", &field_id(loc));
    if let Some(index) = index {
        out.attr("data-index", &index.to_string());
    }
    out.text(text);
    out.close();
}

/// Fields of a step per chunk (see `step_body`).
const CHUNK: usize = 20;
/// Chunks of a step built at once, more than a screen's worth: the rest follows in
/// tasks of their own, so a long step shows (and takes keys) sooner.
const CHUNKS_AT_ONCE: usize = 2;

fn step_body(model: &Model, out: &mut Tree, step: usize) {
    let t = texts(model.wizard.lang);
    let form = model.wizard.state.form();
    heading(out, form.form.steps[step].title.get(model.wizard.lang));
    out.open("div", "ff-fields");
    // Long steps in chunks the browser may skip while off screen: a keystroke then
    // lays out a chunk and the list of chunks, not every field of the step. The first
    // chunks are built at once, the others' fields just after.
    let children = &form.nodes[form.steps[step]].children;
    let chunked = children.len() > CHUNK;
    for (index, &child) in children.iter().enumerate() {
        if chunked && index % CHUNK == 0 {
            if index > 0 {
                out.close();
            }
            if index < CHUNK * CHUNKS_AT_ONCE {
                out.open("div", "ff-chunk");
            } else {
                out.open_later("div", "ff-chunk");
            }
        }
        render_node(model, out, child, &[]);
    }
    if chunked {
        out.close();
    }
    out.close();
    out.open("div", "ff-nav");
    out.open("button", "ff-primary");
    out.fixed("type", "submit");
    out.fixed("data-role", "next");
    out.text(if next_leads_to_review(model, step) {
        t.to_review
    } else {
        t.next
    });
    out.close();
    if model.wizard.visible_steps().first() != Some(&step) {
        button(out, "ff-secondary", t.back, Action::Back);
    }
    button(out, "ff-link", t.clear, Action::Clear);
    out.close();
    // Where the answers are kept, and for how long (they may be an IBAN).
    out.leaf(
        "p",
        "ff-hint",
        &texts::draft_kept(model.form().form.draft_days(), model.wizard.lang),
    );
}

/// Whether "Weiter" on `step` leads to the review (the last visible step, or a change
/// made from the review page).
pub fn next_leads_to_review(model: &Model, step: usize) -> bool {
    model.wizard.visible_steps().last() == Some(&step) || model.wizard.returning_to_review()
}

fn render_node(model: &Model, out: &mut Tree, node: NodeId, items: &[usize]) {
    let t = texts(model.wizard.lang);
    let lang = model.wizard.lang;
    let form = model.wizard.state.form();
    let def = form.element(node);
    let loc = Loc::new(node, items.to_vec());
    let id = field_id(&loc);
    let Some(cell) = model.wizard.state.cell(&loc) else {
        return;
    };
    out.open("div", "ff-field");
    if !cell.visible {
        out.fixed("hidden", "");
    }
    out.attr("id", &suffixed(&id, "-wrap"));
    let label_text = label_with_marker(def, cell.required, lang);
    match &def.kind {
        Kind::Content { .. } => {
            if let Some(markdown) = &form.nodes[node].content {
                content(out, markdown.get(lang));
            }
        }
        Kind::Group { .. } | Kind::Repeat { .. } => {
            if form.repeats_step_title(node, lang) {
                // The step's heading already says it.
                out.open("div", "ff-group");
            } else {
                out.open("fieldset", "ff-group");
                out.open("legend", "ff-legend");
                if matches!(def.kind, Kind::Repeat { .. }) {
                    // Focus lands here when an entry is removed, so it must be focusable.
                    out.fixed("tabindex", "-1");
                }
                out.text(def.label.get(lang));
                out.close();
            }
            help(out, def, &id, lang);
            if let Kind::Repeat {
                item_label,
                min,
                max,
                ..
            } = &def.kind
            {
                let count = model.wizard.state.item_count(&loc);
                for index in 0..count {
                    let entry_label = def.entry_label(index, lang);
                    out.open("fieldset", "ff-entry");
                    out.leaf("legend", "ff-legend", &entry_label);
                    let mut inner = items.to_vec();
                    inner.push(index);
                    for &child in &form.nodes[node].children {
                        render_node(model, out, child, &inner);
                    }
                    if count > *min as usize {
                        let text = format!("{entry_label}: {}", t.remove_entry);
                        instance_button(
                            out,
                            "ff-secondary",
                            &text,
                            Action::RemoveEntry,
                            &loc,
                            Some(index),
                        );
                    }
                    out.close();
                }
                if max.is_none_or(|m| count < m as usize) {
                    let add = if count == 0 {
                        t.add_first_entry
                    } else {
                        t.add_entry
                    };
                    let text = format!("{add} ({})", item_label.get(lang));
                    instance_button(out, "ff-secondary", &text, Action::AddEntry, &loc, None);
                }
            } else {
                for &child in &form.nodes[node].children {
                    render_node(model, out, child, items);
                }
            }
            out.close();
        }
        Kind::YesNo
        | Kind::SingleChoice {
            display: ChoiceDisplay::Radio,
            ..
        }
        | Kind::MultipleChoice { .. } => {
            out.open("fieldset", "ff-choices");
            out.attr("id", &id);
            out.leaf("legend", "ff-label", &label_text);
            help(out, def, &id, lang);
            let options: Vec<(&str, &str)> = match &def.kind {
                Kind::YesNo => vec![("true", t.yes), ("false", t.no)],
                _ => def
                    .options()
                    .iter()
                    .map(|o| (o.value.as_str(), o.label.get(lang)))
                    .collect(),
            };
            let input_type = match def.kind {
                Kind::MultipleChoice { .. } => "checkbox",
                _ => "radio",
            };
            for (index, (value, label)) in options.into_iter().enumerate() {
                let mut option_id = suffixed(&id, "-o");
                push_decimal(&mut option_id, index);
                out.open("div", "ff-option");
                out.open("input", "");
                out.fixed("type", input_type);
                if is_chosen(&cell.value, value) {
                    out.fixed("checked", "");
                }
                out.attr("id", &option_id);
                out.attr("name", &id);
                out.attr("value", value);
                out.close();
                label_for(out, "", &option_id, label);
                out.close();
            }
            out.close();
        }
        Kind::Checkbox => {
            out.open("div", "ff-option");
            out.open("input", "");
            out.fixed("type", "checkbox");
            if cell.value.as_bool() {
                out.fixed("checked", "");
            }
            out.attr("id", &id);
            out.close();
            label_for(out, "ff-label", &id, &label_text);
            out.close();
            help(out, def, &id, lang);
        }
        Kind::Computed { .. } => {
            let label_id = suffixed(&id, "-label");
            out.open("span", "ff-label");
            out.attr("id", &label_id);
            out.text(def.label.get(lang));
            out.close();
            out.open("output", "ff-computed");
            out.fixed("aria-live", "polite");
            out.attr("id", &id);
            out.attr("aria-labelledby", &label_id);
            out.text(&display_value(def, &model.wizard.state.value(&loc), lang));
            out.close();
            help(out, def, &id, lang);
        }
        _ => {
            label_for(out, "ff-label", &id, &label_text);
            help(out, def, &id, lang);
            input_for(
                model,
                out,
                def,
                &id,
                cell.raw.as_deref(),
                &cell.value,
                cell.required,
            );
            if let (Kind::File { .. }, Value::List(files)) = (&def.kind, &cell.value) {
                // Files kept in a draft by name only: said at once, not at "Absenden".
                for file in missing_files(model, &cell.value) {
                    out.leaf("p", "ff-field-error", &choose_again(&file.name, lang));
                }
                out.open("ul", "ff-files");
                for (index, file) in files.iter().enumerate() {
                    if let Value::File(file) = file {
                        out.open("li", "");
                        out.text(&format!(
                            "{} ({}) ",
                            file.name,
                            format_size(file.size, lang)
                        ));
                        let text = format!("{}: {}", t.remove_file, file.name);
                        instance_button(
                            out,
                            "ff-link",
                            &text,
                            Action::RemoveFile,
                            &loc,
                            Some(index),
                        );
                        out.close();
                    }
                }
                out.close();
            }
        }
    }
    out.close();
}

/// The files in `value` kept by a draft whose contents the browser no longer has.
fn missing_files<'a>(model: &Model, value: &'a Value) -> Vec<&'a FileRef> {
    match value {
        Value::List(items) => items
            .iter()
            .filter_map(|item| match item {
                Value::File(file) if model.missing_files.contains(&file.id) => Some(file),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn label_for(out: &mut Tree, class: &'static str, target: &str, text: &str) {
    out.open("label", class);
    out.attr("for", target);
    out.text(text);
    out.close();
}

/// A field's label, with "(optional)" when it need not be answered.
pub fn label_with_marker(def: &FieldDef, required: bool, lang: Lang) -> String {
    let label = def.label.get(lang);
    if required || !def.is_input() {
        label.to_string()
    } else {
        format!("{label} {}", texts(lang).optional)
    }
}

fn is_chosen(value: &Value, option: &str) -> bool {
    match value {
        Value::Text(t) => t == option,
        Value::Bool(b) => option == if *b { "true" } else { "false" },
        Value::List(items) => items
            .iter()
            .any(|i| matches!(i, Value::Text(t) if t == option)),
        _ => false,
    }
}

fn input_for(
    model: &Model,
    out: &mut Tree,
    def: &FieldDef,
    id: &str,
    raw: Option<&str>,
    value: &Value,
    required: bool,
) {
    let lang = model.wizard.lang;
    let tag = match &def.kind {
        Kind::MultilineText => "textarea",
        Kind::SingleChoice { .. } => "select",
        _ => "input",
    };
    out.open(tag, "ff-input");
    let (input_type, inputmode) = match &def.kind {
        Kind::Email => ("email", None),
        Kind::Phone => ("tel", None),
        Kind::Integer | Kind::PostalCode => ("text", Some("numeric")),
        Kind::Decimal | Kind::Currency => ("text", Some("decimal")),
        Kind::File { .. } => ("file", None),
        _ => ("text", None),
    };
    // Defaults are left out: every attribute costs time on a step of hundreds of fields.
    if tag == "input" && input_type != "text" {
        out.fixed("type", input_type);
    }
    if let Some(mode) = inputmode {
        out.fixed("inputmode", mode);
    }
    if required {
        out.fixed("aria-required", "true");
    }
    if matches!(def.kind, Kind::File { max_count, .. } if max_count > 1) {
        out.fixed("multiple", "");
    }
    out.attr("id", id);
    if let Some(token) = &def.autocomplete {
        out.attr("autocomplete", token);
    }
    if let Some(placeholder) = &def.placeholder {
        out.attr("placeholder", placeholder.get(lang));
    }
    if matches!(def.kind, Kind::Date) && def.placeholder.is_none() {
        out.attr("placeholder", texts(lang).date_hint);
    }
    match &def.kind {
        Kind::File { accept, .. } => {
            if !accept.is_empty() {
                out.attr("accept", &crate::file_types::picker_accept(accept));
            }
        }
        Kind::SingleChoice { .. } => {
            out.open("option", "");
            out.fixed("value", "");
            out.text(texts(lang).choose);
            out.close();
            for option in def.options() {
                out.open("option", "");
                if is_chosen(value, &option.value) {
                    out.fixed("selected", "");
                }
                out.attr("value", &option.value);
                out.text(option.label.get(lang));
                out.close();
            }
        }
        Kind::MultilineText => out.text(&input_text(&def.kind, value, lang)),
        _ => {
            let text = raw.map_or_else(|| input_text(&def.kind, value, lang), str::to_string);
            if !text.is_empty() {
                out.attr("value", &text);
            }
        }
    }
    out.close();
}

fn help(out: &mut Tree, def: &FieldDef, id: &str, lang: Lang) {
    if let Some(help) = &def.help {
        out.open("p", "ff-help");
        out.attr("id", &suffixed(id, "-help"));
        out.text(help.get(lang));
        out.close();
    }
}

fn content(out: &mut Tree, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph(inlines) => {
                out.open("p", "ff-content");
                inline_nodes(out, inlines);
                out.close();
            }
            Block::List { ordered, items } => {
                out.open(if *ordered { "ol" } else { "ul" }, "ff-content");
                for item in items {
                    out.open("li", "");
                    inline_nodes(out, item);
                    out.close();
                }
                out.close();
            }
        }
    }
}

fn inline_nodes(out: &mut Tree, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(text) => out.text(text),
            Inline::Emphasis(inner) | Inline::Strong(inner) => {
                let tag = if matches!(inline, Inline::Strong(_)) {
                    "strong"
                } else {
                    "em"
                };
                out.open(tag, "");
                inline_nodes(out, inner);
                out.close();
            }
            Inline::Link { text, href } => {
                out.open("a", "");
                out.attr("href", href);
                out.text(text);
                out.close();
            }
        }
    }
}

fn review(model: &Model, out: &mut Tree) {
    let t = texts(model.wizard.lang);
    heading(out, t.review);
    for step in model.wizard.review() {
        out.open("section", "ff-review-step");
        out.open("div", "ff-review-head");
        out.leaf("h4", "", &step.title);
        out.open("button", "ff-link");
        out.fixed("type", "button");
        out.fixed("data-action", Action::Edit.name());
        out.attr("data-step", &step.step.to_string());
        out.text(&format!("{} ({})", t.change, step.title));
        out.close();
        out.close();
        out.open("dl", "ff-review-list");
        for row in &step.rows {
            out.open("dt", "");
            out.attr("data-depth", &row.depth.to_string());
            out.text(&row.label);
            out.close();
            out.leaf("dd", "", row.value.as_deref().unwrap_or(""));
            for file in missing_files(model, &model.wizard.state.value(&row.loc)) {
                out.leaf(
                    "dd",
                    "ff-field-error",
                    &choose_again(&file.name, model.wizard.lang),
                );
            }
        }
        out.close();
        out.close();
    }
    let declarations = &model.wizard.state.form().form.declarations;
    if !declarations.is_empty() {
        out.open("fieldset", "ff-choices");
        out.leaf("legend", "ff-label", t.declarations);
        for declaration in declarations {
            let id = format!("ff-declaration-{}", declaration.id);
            out.open("div", "ff-option");
            out.open("input", "");
            out.fixed("type", "checkbox");
            if model.wizard.declaration_accepted(&declaration.id) {
                out.fixed("checked", "");
            }
            out.attr("id", &id);
            out.attr("data-declaration", &declaration.id);
            out.close();
            label_for(out, "", &id, declaration.text.get(model.wizard.lang));
            out.close();
        }
        out.close();
    }
    let failed = matches!(model.phase, Phase::Failed { .. });
    out.open(
        "p",
        if failed {
            "ff-status ff-failed"
        } else {
            "ff-status"
        },
    );
    out.fixed("role", "status");
    match &model.phase {
        Phase::Sending => out.text(t.sending),
        Phase::Failed { message } => out.text(message),
        _ => {}
    }
    out.close();
    out.open("div", "ff-nav");
    out.open("button", "ff-primary");
    out.fixed("type", "submit");
    if matches!(model.phase, Phase::Sending) {
        out.fixed("disabled", "");
    }
    out.text(if failed { t.retry } else { t.submit });
    out.close();
    button(out, "ff-secondary", t.back, Action::Back);
    out.close();
}

fn confirmation(model: &Model, out: &mut Tree, reference: &str, date: &str) {
    let t = texts(model.wizard.lang);
    heading(out, t.thanks);
    out.open("dl", "ff-review-list");
    out.leaf("dt", "", t.reference);
    out.leaf("dd", "ff-reference", reference);
    out.leaf("dt", "", t.submitted_on);
    out.leaf("dd", "", date);
    out.close();
    // The answers again, for the citizen's records (and the print view).
    for step in model.wizard.review() {
        out.leaf("h4", "", &step.title);
        out.open("dl", "ff-review-list");
        for row in &step.rows {
            out.leaf("dt", "", &row.label);
            out.leaf("dd", "", row.value.as_deref().unwrap_or(""));
        }
        out.close();
    }
    out.open("div", "ff-nav");
    button(out, "ff-primary", t.print, Action::Print);
    if model.offer_json {
        button(out, "ff-secondary", t.download, Action::Download);
    }
    out.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_written_in_decimal() {
        assert_eq!(field_id(&Loc::top(0)), "ff-0");
        let mut loc = Loc::top(1203);
        loc.items = vec![9, 10, 0];
        assert_eq!(field_id(&loc), "ff-1203-9-10-0");
        let mut max = String::new();
        push_decimal(&mut max, usize::MAX);
        assert_eq!(max, usize::MAX.to_string());
    }
}
