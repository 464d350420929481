//! Building the assistant's DOM from the core's state, as a `Tree` description built in
//! one call, and patching it after changes. Texts from definitions are set as text,
//! never as HTML. No element has a closure of its own: the delegated listeners in
//! `lib.rs` know an input by its id (`ff-3-0`: node 3, entry 0; see `loc_of`), an option
//! by its name, a button by its `data-action` (and `data-loc`).

use engine::compiled::NodeId;
use engine::expr::Value;
use engine::format::{ChoiceDisplay, Element as FieldDef, Kind};
use engine::input::{display_value, input_text};
use engine::json::parse_unsigned;
use engine::markdown::{Block, Inline};
use engine::state::Loc;
use engine::validate::format_size;
use engine::wizard::{Position, StepError};
use engine::Lang;
use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::texts::texts;
use crate::tree::Tree;
use crate::{App, Phase};
use engine::text::Joined;

type Result<T = ()> = std::result::Result<T, JsValue>;

/// A stable id for an instance's input, unique inside the shadow root.
pub fn field_id(loc: &Loc) -> String {
    let mut id = format!("ff-{}", loc.node);
    for index in &loc.items {
        id.push_str(&format!("-{index}"));
    }
    id
}

/// The instance an element stands for: its `data-loc` (buttons), else its `name`
/// (options of a choice), else its `id` (inputs), each a [`field_id`].
pub fn loc_of(element: &Element) -> Option<Loc> {
    let id = element
        .get_attribute("data-loc")
        .or_else(|| element.get_attribute("name"))
        .unwrap_or_else(|| element.id());
    let mut numbers = id.strip_prefix("ff-")?.split('-');
    let number = |n: &str| usize::try_from(parse_unsigned(n, 10)?).ok();
    let node = number(numbers.next()?)?;
    let items = numbers.map(number).collect::<Option<_>>()?;
    Some(Loc::new(node, items))
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
pub fn render(app: &App) -> Tree {
    let mut tree = Tree::new();
    let out = &mut tree;
    let t = texts(app.wizard.lang);
    let lang = app.wizard.lang;
    out.open("section", "ff");
    out.fixed("part", "assistant");
    out.fixed("lang", lang.code());
    let form = &app.wizard.state.form().form;
    out.leaf("h2", "ff-title", form.title.get(lang));
    match &app.phase {
        Phase::Sent { reference, date } => confirmation(app, out, reference, date),
        Phase::Resume { .. } => {
            heading(out, t.resume_heading);
            out.leaf("p", "", t.resume_text);
            out.open("div", "ff-nav");
            button(out, "ff-primary", t.resume, "resume");
            button(out, "ff-secondary", t.restart, "restart");
            out.close();
        }
        _ => {
            if let Some(notice) = app.notice {
                out.open("p", "ff-notice");
                out.fixed("role", "status");
                out.text(notice);
                out.close();
            }
            out.open("p", "ff-progress");
            out.fixed("data-role", "progress");
            if let (Position::Step(_), Some((n, total))) =
                (app.wizard.position(), app.wizard.indicator())
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
            match app.wizard.position() {
                Position::Step(step) => step_body(app, out, step),
                Position::Review => review(app, out),
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

fn button(out: &mut Tree, class: &'static str, text: &str, action: &'static str) {
    out.open("button", class);
    out.fixed("type", "button");
    out.fixed("data-action", action);
    out.text(text);
    out.close();
}

/// A button acting on the instance `loc`: adding an entry, or removing entry `index`
/// (a repeat entry, a file).
fn instance_button(
    out: &mut Tree,
    class: &'static str,
    text: &str,
    action: &'static str,
    loc: &Loc,
    index: Option<usize>,
) {
    out.open("button", class);
    out.fixed("type", "button");
    out.fixed("data-action", action);
    out.attr("data-loc", &field_id(loc));
    if let Some(index) = index {
        out.attr("data-index", &index.to_string());
    }
    out.text(text);
    out.close();
}

fn step_body(app: &App, out: &mut Tree, step: usize) {
    let t = texts(app.wizard.lang);
    let form = app.wizard.state.form();
    heading(out, form.form.steps[step].title.get(app.wizard.lang));
    out.open("div", "ff-fields");
    for &child in &form.nodes[form.steps[step]].children {
        render_node(app, out, child, &[]);
    }
    out.close();
    out.open("div", "ff-nav");
    out.open("button", "ff-primary");
    out.fixed("type", "submit");
    out.fixed("data-role", "next");
    out.text(if next_leads_to_review(app, step) {
        t.to_review
    } else {
        t.next
    });
    out.close();
    if app.wizard.visible_steps().first() != Some(&step) {
        button(out, "ff-secondary", t.back, "back");
    }
    button(out, "ff-link", t.clear, "clear");
    out.close();
}

/// Whether "Weiter" on `step` leads to the review (the last visible step, or a change
/// made from the review page).
pub fn next_leads_to_review(app: &App, step: usize) -> bool {
    app.wizard.visible_steps().last() == Some(&step) || app.wizard.returning_to_review()
}

fn render_node(app: &App, out: &mut Tree, node: NodeId, items: &[usize]) {
    let t = texts(app.wizard.lang);
    let lang = app.wizard.lang;
    let form = app.wizard.state.form();
    let def = form.element(node);
    let loc = Loc::new(node, items.to_vec());
    let id = field_id(&loc);
    let Some(cell) = app.wizard.state.cell(&loc) else {
        return;
    };
    out.open("div", "ff-field");
    if !cell.visible {
        out.fixed("hidden", "");
    }
    out.attr("data-wrap", &id);
    let label_text = label_with_marker(def, cell.required, lang);
    match &def.kind {
        Kind::Content { .. } => {
            if let Some(markdown) = &form.nodes[node].content {
                content(out, markdown.get(lang));
            }
        }
        Kind::Group { .. } | Kind::Repeat { .. } => {
            out.open("fieldset", "ff-group");
            out.open("legend", "ff-legend");
            if matches!(def.kind, Kind::Repeat { .. }) {
                // Focus lands here when an entry is removed, so it must be focusable.
                out.fixed("tabindex", "-1");
            }
            out.text(def.label.get(lang));
            out.close();
            help(out, def, &id, lang);
            if let Kind::Repeat {
                item_label,
                min,
                max,
                ..
            } = &def.kind
            {
                let count = app.wizard.state.item_count(&loc);
                for index in 0..count {
                    let entry_label = format!("{} {}", item_label.get(lang), index + 1);
                    out.open("fieldset", "ff-entry");
                    out.leaf("legend", "ff-legend", &entry_label);
                    let mut inner = items.to_vec();
                    inner.push(index);
                    for &child in &form.nodes[node].children {
                        render_node(app, out, child, &inner);
                    }
                    if count > *min as usize {
                        let text = format!("{entry_label}: {}", t.remove_entry);
                        instance_button(
                            out,
                            "ff-secondary",
                            &text,
                            "remove-item",
                            &loc,
                            Some(index),
                        );
                    }
                    out.close();
                }
                if max.is_none_or(|m| count < m as usize) {
                    let text = format!("{} ({})", t.add_entry, item_label.get(lang));
                    instance_button(out, "ff-secondary", &text, "add-item", &loc, None);
                }
            } else {
                for &child in &form.nodes[node].children {
                    render_node(app, out, child, items);
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
                let option_id = format!("{id}-o{index}");
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
            let label_id = format!("{id}-label");
            out.open("span", "ff-label");
            out.attr("id", &label_id);
            out.text(def.label.get(lang));
            out.close();
            out.open("output", "ff-computed");
            out.fixed("aria-live", "polite");
            out.attr("id", &id);
            out.attr("aria-labelledby", &label_id);
            out.text(&display_value(def, &app.wizard.state.value(&loc), lang));
            out.close();
            help(out, def, &id, lang);
        }
        _ => {
            label_for(out, "ff-label", &id, &label_text);
            help(out, def, &id, lang);
            input_for(
                app,
                out,
                def,
                &id,
                cell.raw.as_deref(),
                &cell.value,
                cell.required,
            );
            if let (Kind::File { .. }, Value::List(files)) = (&def.kind, &cell.value) {
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
                        instance_button(out, "ff-link", &text, "remove-file", &loc, Some(index));
                        out.close();
                    }
                }
                out.close();
            }
        }
    }
    out.close();
}

fn label_for(out: &mut Tree, class: &'static str, target: &str, text: &str) {
    out.open("label", class);
    out.attr("for", target);
    out.text(text);
    out.close();
}

/// Keeps the "optional" marker and `aria-required` in step with a field whose required
/// state depends on other answers (`required_if`).
pub fn update_required(app: &App, loc: &Loc) -> Result {
    let Some(cell) = app.wizard.state.cell(loc) else {
        return Ok(());
    };
    let id = field_id(loc);
    let def = app.wizard.state.form().element(loc.node);
    let label = app
        .root
        .query_selector(&format!("label[for='{id}'], #{id} > legend"))?;
    if let Some(label) = label {
        let text = label_with_marker(def, cell.required, app.wizard.lang);
        if label.text_content().as_deref() != Some(text.as_str()) {
            label.set_text_content(Some(&text));
        }
    }
    if let Some(input) = app.root.get_element_by_id(&id) {
        if input.tag_name() != "FIELDSET" {
            if cell.required {
                input.set_attribute("aria-required", "true")?;
            } else {
                input.remove_attribute("aria-required")?;
            }
        }
    }
    Ok(())
}

fn label_with_marker(def: &FieldDef, required: bool, lang: Lang) -> String {
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
    app: &App,
    out: &mut Tree,
    def: &FieldDef,
    id: &str,
    raw: Option<&str>,
    value: &Value,
    required: bool,
) {
    let lang = app.wizard.lang;
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
    if def.kind == Kind::Date && def.placeholder.is_none() {
        out.attr("placeholder", texts(lang).date_hint);
    }
    match &def.kind {
        Kind::File { accept, .. } => {
            if !accept.is_empty() {
                out.attr("accept", &accept.joined(","));
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
        out.attr("id", &format!("{id}-help"));
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

/// Shows or clears the inline errors of one instance, linked to its input. The place
/// for them is made when the first error shows (most fields never have one).
pub fn show_field_errors(app: &App, loc: &Loc) -> Result {
    let id = field_id(loc);
    let root = &app.root;
    let errors: Vec<String> = app
        .wizard
        .state
        .cell(loc)
        .filter(|c| c.visible)
        .map(|c| {
            c.errors
                .iter()
                .map(|e| e.message.get(app.wizard.lang).to_string())
                .collect()
        })
        .unwrap_or_default();
    let slot_id = format!("{id}-error");
    let slot = match root.get_element_by_id(&slot_id) {
        Some(slot) => slot,
        // Nothing shown yet, so nothing to clear.
        None if errors.is_empty() => return Ok(()),
        None => match error_slot(app, &id, &slot_id)? {
            Some(slot) => slot,
            None => return Ok(()), // not on this page
        },
    };
    let target = root.get_element_by_id(&id);
    let help_id = format!("{id}-help");
    let has_help = root.get_element_by_id(&help_id).is_some();
    if errors.is_empty() {
        slot.set_attribute("hidden", "")?;
        slot.set_text_content(None);
        if let Some(target) = &target {
            target.remove_attribute("aria-invalid")?;
            set_describedby(target, has_help.then_some(help_id.as_str()), None)?;
        }
    } else {
        slot.remove_attribute("hidden")?;
        slot.set_text_content(Some(&errors.joined(" ")));
        if let Some(target) = &target {
            target.set_attribute("aria-invalid", "true")?;
            set_describedby(target, has_help.then_some(help_id.as_str()), Some(&slot_id))?;
        }
    }
    Ok(())
}

/// Adds the place for errors at the end of the field (inside its fieldset, if any).
fn error_slot(app: &App, id: &str, slot_id: &str) -> Result<Option<Element>> {
    let Some(wrap) = app.root.query_selector(&format!("[data-wrap='{id}']"))? else {
        return Ok(None);
    };
    let container = wrap.query_selector(":scope > fieldset")?.unwrap_or(wrap);
    let out = &mut Tree::new();
    out.open("p", "ff-field-error");
    out.attr("id", slot_id);
    out.close();
    container.append_child(&out.build()?)?;
    Ok(app.root.get_element_by_id(slot_id))
}

fn set_describedby(target: &Element, help: Option<&str>, error: Option<&str>) -> Result {
    let ids: Vec<&str> = [help, error].into_iter().flatten().collect();
    if ids.is_empty() {
        target.remove_attribute("aria-describedby")
    } else {
        target.set_attribute("aria-describedby", &ids.joined(" "))
    }
}

/// The error summary at the top: a heading and one link per error that moves focus to
/// the field (fragment links do not work inside a shadow root).
pub fn show_summary(app: &App, errors: &[StepError], heading: &str) -> Result {
    let Some(summary) = app.root.query_selector("[data-role=summary]")? else {
        return Ok(());
    };
    summary.set_text_content(None);
    if errors.is_empty() {
        summary.set_attribute("hidden", "")?;
        summary.remove_attribute("role")?;
        return Ok(());
    }
    summary.remove_attribute("hidden")?;
    summary.set_attribute("role", "alert")?;
    let out = &mut Tree::new();
    out.leaf("h3", "", heading);
    out.open("ul", "");
    for error in errors {
        let id = field_id(&error.loc);
        out.open("li", "");
        out.open("a", "");
        out.attr("href", &format!("#{id}"));
        out.attr("data-focus", &id);
        out.text(&format!("{}: {}", error.label, error.message));
        out.close();
        out.close();
    }
    out.close();
    summary.append_child(&out.build()?)?;
    Ok(())
}

fn review(app: &App, out: &mut Tree) {
    let t = texts(app.wizard.lang);
    heading(out, t.review);
    for step in app.wizard.review() {
        out.open("section", "ff-review-step");
        out.open("div", "ff-review-head");
        out.leaf("h4", "", &step.title);
        out.open("button", "ff-link");
        out.fixed("type", "button");
        out.fixed("data-action", "edit");
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
        }
        out.close();
        out.close();
    }
    let declarations = &app.wizard.state.form().form.declarations;
    if !declarations.is_empty() {
        out.open("fieldset", "ff-choices");
        out.leaf("legend", "ff-label", t.declarations);
        for declaration in declarations {
            let id = format!("ff-declaration-{}", declaration.id);
            out.open("div", "ff-option");
            out.open("input", "");
            out.fixed("type", "checkbox");
            if app.wizard.declaration_accepted(&declaration.id) {
                out.fixed("checked", "");
            }
            out.attr("id", &id);
            out.attr("data-declaration", &declaration.id);
            out.close();
            label_for(out, "", &id, declaration.text.get(app.wizard.lang));
            out.close();
        }
        out.close();
    }
    let failed = matches!(app.phase, Phase::Failed { .. });
    out.open(
        "p",
        if failed {
            "ff-status ff-failed"
        } else {
            "ff-status"
        },
    );
    out.fixed("role", "status");
    match &app.phase {
        Phase::Sending => out.text(t.sending),
        Phase::Failed { message } => out.text(message),
        _ => {}
    }
    out.close();
    out.open("div", "ff-nav");
    out.open("button", "ff-primary");
    out.fixed("type", "submit");
    if matches!(app.phase, Phase::Sending) {
        out.fixed("disabled", "");
    }
    out.text(if failed { t.retry } else { t.submit });
    out.close();
    button(out, "ff-secondary", t.back, "back");
    out.close();
}

fn confirmation(app: &App, out: &mut Tree, reference: &str, date: &str) {
    let t = texts(app.wizard.lang);
    heading(out, t.thanks);
    out.open("dl", "ff-review-list");
    out.leaf("dt", "", t.reference);
    out.leaf("dd", "ff-reference", reference);
    out.leaf("dt", "", t.submitted_on);
    out.leaf("dd", "", date);
    out.close();
    // The answers again, for the citizen's records (and the print view).
    for step in app.wizard.review() {
        out.leaf("h4", "", &step.title);
        out.open("dl", "ff-review-list");
        for row in &step.rows {
            out.leaf("dt", "", &row.label);
            out.leaf("dd", "", row.value.as_deref().unwrap_or(""));
        }
        out.close();
    }
    out.open("div", "ff-nav");
    button(out, "ff-secondary", t.print, "print");
    button(out, "ff-secondary", t.download, "download");
    out.close();
}
