//! Building the assistant's DOM from the core's state. Texts from definitions are set as
//! text, never as HTML. Every element that acts carries `data-*` attributes that the
//! delegated listeners in `lib.rs` read; no element has a closure of its own.

use shared::compile::NodeId;
use shared::expr::Value;
use shared::format::{ChoiceDisplay, Element as FieldDef, Kind};
use shared::input::{display_value, input_text};
use shared::markdown::{self, Block, Inline};
use shared::state::Loc;
use shared::validate::format_size;
use shared::wizard::{Position, StepError};
use shared::Lang;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

use crate::texts::texts;
use crate::{App, Phase};

type Result<T = ()> = std::result::Result<T, JsValue>;

/// A stable id for an instance's input, unique inside the shadow root.
pub fn field_id(loc: &Loc) -> String {
    let mut id = format!("ff-{}", loc.node);
    for index in &loc.items {
        id.push_str(&format!("-{index}"));
    }
    id
}

pub fn loc_attr(loc: &Loc) -> String {
    let items: Vec<String> = loc.items.iter().map(usize::to_string).collect();
    format!("{}:{}", loc.node, items.join(","))
}

pub fn parse_loc(text: &str) -> Option<Loc> {
    let (node, items) = text.split_once(':')?;
    let items = if items.is_empty() {
        Vec::new()
    } else {
        items
            .split(',')
            .map(|i| i.parse().ok())
            .collect::<Option<_>>()?
    };
    Some(Loc::new(node.parse().ok()?, items))
}

pub fn el(document: &Document, tag: &str, class: &str) -> Result<Element> {
    let element = document.create_element(tag)?;
    if !class.is_empty() {
        element.set_class_name(class);
        if let Some(part) = part_of(class) {
            element.set_attribute("part", part)?;
        }
    }
    Ok(element)
}

/// The `::part` names portals can style (documented in the README, "Theming"), by the
/// class of the element that carries them.
const PARTS: [(&str, &str); 13] = [
    ("ff-title", "title"),
    ("ff-progress", "progress"),
    ("ff-step-title", "step-title"),
    ("ff-summary", "error-summary"),
    ("ff-field", "field"),
    ("ff-label", "label"),
    ("ff-help", "help"),
    ("ff-input", "input"),
    ("ff-field-error", "field-error"),
    ("ff-group", "group"),
    ("ff-primary", "button-primary"),
    ("ff-secondary", "button-secondary"),
    ("ff-nav", "navigation"),
];

fn part_of(class: &str) -> Option<&'static str> {
    PARTS
        .iter()
        .find(|(c, _)| *c == class)
        .map(|(_, part)| *part)
}

/// Appends `child` (typed, so `?` inside the argument infers).
pub fn append(parent: &Element, child: &Element) -> Result {
    parent.append_child(child)?;
    Ok(())
}

pub fn text_el(document: &Document, tag: &str, class: &str, text: &str) -> Result<Element> {
    let element = el(document, tag, class)?;
    element.set_text_content(Some(text));
    Ok(element)
}

fn button(document: &Document, class: &str, text: &str, action: &str) -> Result<Element> {
    let b = text_el(document, "button", class, text)?;
    b.set_attribute("type", "button")?;
    b.set_attribute("data-action", action)?;
    Ok(b)
}

/// A button that removes entry `index` (a repeat entry, a file) of the instance `loc`.
fn removal_button(
    d: &Document,
    class: &str,
    text: &str,
    action: &str,
    loc: &Loc,
    index: usize,
) -> Result<Element> {
    let remove = button(d, class, text, action)?;
    remove.set_attribute("data-loc", &loc_attr(loc))?;
    remove.set_attribute("data-index", &index.to_string())?;
    Ok(remove)
}

/// Renders the whole assistant for its current position and phase.
pub fn render(app: &App) -> Result<Element> {
    let d = &app.document;
    let t = texts(app.wizard.lang);
    let section = el(d, "section", "ff")?;
    section.set_attribute("part", "assistant")?;
    let form = &app.wizard.state.form().form;
    append(
        &section,
        &text_el(d, "h2", "ff-title", form.title.get(app.wizard.lang))?,
    )?;
    if let Phase::Sent { reference, date } = &app.phase {
        return confirmation(app, section, reference, date);
    }
    if let Phase::Resume { .. } = &app.phase {
        let heading = text_el(d, "h3", "ff-step-title", t.resume_heading)?;
        heading.set_attribute("tabindex", "-1")?;
        heading.set_attribute("data-role", "heading")?;
        append(&section, &heading)?;
        append(&section, &text_el(d, "p", "", t.resume_text)?)?;
        let nav = el(d, "div", "ff-nav")?;
        append(&nav, &button(d, "ff-primary", t.resume, "resume")?)?;
        append(&nav, &button(d, "ff-secondary", t.restart, "restart")?)?;
        append(&section, &nav)?;
        return Ok(section);
    }
    if let Some(notice) = app.notice {
        let p = text_el(d, "p", "ff-notice", notice)?;
        p.set_attribute("role", "status")?;
        append(&section, &p)?;
    }
    let progress = text_el(d, "p", "ff-progress", "")?;
    progress.set_attribute("data-role", "progress")?;
    section.append_child(&progress)?;
    let summary = el(d, "div", "ff-summary")?;
    summary.set_attribute("data-role", "summary")?;
    summary.set_attribute("tabindex", "-1")?;
    summary.set_attribute("hidden", "")?;
    section.append_child(&summary)?;

    let body = el(d, "form", "ff-form")?;
    body.set_attribute("novalidate", "")?;
    match app.wizard.position() {
        Position::Step(step) => {
            progress.set_text_content(
                app.wizard
                    .indicator()
                    .map(|(n, total)| (t.step_of)(n, total))
                    .as_deref(),
            );
            let heading = text_el(
                d,
                "h3",
                "ff-step-title",
                form.steps[step].title.get(app.wizard.lang),
            )?;
            heading.set_attribute("tabindex", "-1")?;
            heading.set_attribute("data-role", "heading")?;
            body.append_child(&heading)?;
            // Built outside the <form> and inserted at once: Chrome's cost of adding
            // inputs to a form one by one grows with the square of their number
            // (500 fields: ~25 ms; 2,000: ~380 ms).
            let fields = el(d, "div", "ff-fields")?;
            let step_node = app.wizard.state.form().steps[step];
            for &child in &app.wizard.state.form().nodes[step_node].children {
                render_node(app, &fields, child, &[])?;
            }
            body.append_child(&fields)?;
            let nav = el(d, "div", "ff-nav")?;
            let last = app.wizard.visible_steps().last() == Some(&step)
                || app.wizard.returning_to_review();
            let next = text_el(
                d,
                "button",
                "ff-primary",
                if last { t.to_review } else { t.next },
            )?;
            next.set_attribute("type", "submit")?;
            next.set_attribute("data-role", "next")?;
            nav.append_child(&next)?;
            if app.wizard.visible_steps().first() != Some(&step) {
                append(&nav, &button(d, "ff-secondary", t.back, "back")?)?;
            }
            append(&nav, &button(d, "ff-link", t.clear, "clear")?)?;
            body.append_child(&nav)?;
        }
        Position::Review => review(app, &body)?,
    }
    section.append_child(&body)?;
    Ok(section)
}

/// Whether "Weiter" on `step` leads to the review (the last visible step, or a change
/// made from the review page).
pub fn next_leads_to_review(app: &App, step: usize) -> bool {
    app.wizard.visible_steps().last() == Some(&step) || app.wizard.returning_to_review()
}

fn render_node(app: &App, parent: &Element, node: NodeId, items: &[usize]) -> Result {
    let d = &app.document;
    let t = texts(app.wizard.lang);
    let lang = app.wizard.lang;
    let form = app.wizard.state.form();
    let def = form.element(node);
    let loc = Loc::new(node, items.to_vec());
    let id = field_id(&loc);
    let Some(cell) = app.wizard.state.cell(&loc) else {
        return Ok(());
    };
    let wrap = el(d, "div", "ff-field")?;
    wrap.set_attribute("data-wrap", &id)?;
    if !cell.visible {
        wrap.set_attribute("hidden", "")?;
    }
    let label_text = label_with_marker(def, cell.required, lang);
    match &def.kind {
        Kind::Content { markdown } => content(d, &wrap, markdown.get(lang))?,
        Kind::Group { .. } | Kind::Repeat { .. } => {
            let fieldset = el(d, "fieldset", "ff-group")?;
            append(
                &fieldset,
                &text_el(d, "legend", "ff-legend", def.label.get(lang))?,
            )?;
            help(d, &fieldset, def, &id, lang)?;
            if let Kind::Repeat {
                item_label,
                min,
                max,
                ..
            } = &def.kind
            {
                let count = app.wizard.state.item_count(&loc);
                for index in 0..count {
                    let entry = el(d, "fieldset", "ff-entry")?;
                    append(
                        &entry,
                        &text_el(
                            d,
                            "legend",
                            "ff-legend",
                            &format!("{} {}", item_label.get(lang), index + 1),
                        )?,
                    )?;
                    let mut inner = items.to_vec();
                    inner.push(index);
                    for &child in &form.nodes[node].children {
                        render_node(app, &entry, child, &inner)?;
                    }
                    if count > *min as usize {
                        let text =
                            format!("{} {}: {}", item_label.get(lang), index + 1, t.remove_entry);
                        let remove =
                            removal_button(d, "ff-secondary", &text, "remove-item", &loc, index)?;
                        entry.append_child(&remove)?;
                    }
                    fieldset.append_child(&entry)?;
                }
                if max.is_none_or(|m| count < m as usize) {
                    let add = button(
                        d,
                        "ff-secondary",
                        &format!("{} ({})", t.add_entry, item_label.get(lang)),
                        "add-item",
                    )?;
                    add.set_attribute("data-loc", &loc_attr(&loc))?;
                    fieldset.append_child(&add)?;
                }
                error_slot(d, &fieldset, &id)?;
            } else {
                for &child in &form.nodes[node].children {
                    render_node(app, &fieldset, child, items)?;
                }
            }
            wrap.append_child(&fieldset)?;
        }
        Kind::YesNo
        | Kind::SingleChoice {
            display: ChoiceDisplay::Radio,
            ..
        }
        | Kind::MultipleChoice { .. } => {
            let fieldset = el(d, "fieldset", "ff-choices")?;
            fieldset.set_attribute("id", &id)?;
            let legend = text_el(d, "legend", "ff-label", &label_text)?;
            legend.set_attribute("data-label", &id)?;
            append(&fieldset, &legend)?;
            help(d, &fieldset, def, &id, lang)?;
            let options: Vec<(String, String)> = match &def.kind {
                Kind::YesNo => vec![("true".into(), t.yes.into()), ("false".into(), t.no.into())],
                _ => def
                    .options()
                    .iter()
                    .map(|o| (o.value.clone(), o.label.get(lang).to_string()))
                    .collect(),
            };
            let multiple = matches!(def.kind, Kind::MultipleChoice { .. });
            for (index, (value, label)) in options.iter().enumerate() {
                let option_id = format!("{id}-o{index}");
                let row = el(d, "div", "ff-option")?;
                let input = el(d, "input", "")?;
                input.set_attribute("type", if multiple { "checkbox" } else { "radio" })?;
                input.set_attribute("id", &option_id)?;
                input.set_attribute("name", &id)?;
                input.set_attribute("value", value)?;
                input.set_attribute("data-loc", &loc_attr(&loc))?;
                input.set_attribute(
                    "data-kind",
                    if multiple {
                        "multi"
                    } else if def.kind == Kind::YesNo {
                        "yesno"
                    } else {
                        "choice"
                    },
                )?;
                if is_chosen(&cell.value, value) {
                    input.set_attribute("checked", "")?;
                }
                let label = text_el(d, "label", "", label)?;
                label.set_attribute("for", &option_id)?;
                row.append_child(&input)?;
                row.append_child(&label)?;
                fieldset.append_child(&row)?;
            }
            error_slot(d, &fieldset, &id)?;
            wrap.append_child(&fieldset)?;
        }
        Kind::Checkbox => {
            let row = el(d, "div", "ff-option")?;
            let input = el(d, "input", "")?;
            input.set_attribute("type", "checkbox")?;
            input.set_attribute("id", &id)?;
            input.set_attribute("data-loc", &loc_attr(&loc))?;
            input.set_attribute("data-kind", "checkbox")?;
            if cell.value.as_bool() {
                input.set_attribute("checked", "")?;
            }
            let label = text_el(d, "label", "ff-label", &label_text)?;
            label.set_attribute("for", &id)?;
            row.append_child(&input)?;
            row.append_child(&label)?;
            wrap.append_child(&row)?;
            help(d, &wrap, def, &id, lang)?;
            error_slot(d, &wrap, &id)?;
        }
        Kind::Computed { .. } => {
            let label = text_el(d, "span", "ff-label", def.label.get(lang))?;
            label.set_attribute("id", &format!("{id}-label"))?;
            wrap.append_child(&label)?;
            let output = text_el(
                d,
                "output",
                "ff-computed",
                &display_value(def, &app.wizard.state.value(&loc), lang),
            )?;
            output.set_attribute("id", &id)?;
            output.set_attribute("aria-labelledby", &format!("{id}-label"))?;
            output.set_attribute("aria-live", "polite")?;
            wrap.append_child(&output)?;
            help(d, &wrap, def, &id, lang)?;
        }
        _ => {
            let label = text_el(d, "label", "ff-label", &label_text)?;
            label.set_attribute("for", &id)?;
            label.set_attribute("data-label", &id)?;
            wrap.append_child(&label)?;
            help(d, &wrap, def, &id, lang)?;
            let input = input_for(app, def, &loc, &id, cell.raw.as_deref(), &cell.value)?;
            if cell.required {
                input.set_attribute("aria-required", "true")?;
            }
            wrap.append_child(&input)?;
            if let (Kind::File { .. }, Value::List(files)) = (&def.kind, &cell.value) {
                let list = el(d, "ul", "ff-files")?;
                for (index, file) in files.iter().enumerate() {
                    if let Value::File(file) = file {
                        let item = text_el(
                            d,
                            "li",
                            "",
                            &format!("{} ({}) ", file.name, format_size(file.size, lang)),
                        )?;
                        let text = format!("{}: {}", t.remove_file, file.name);
                        let remove =
                            removal_button(d, "ff-link", &text, "remove-file", &loc, index)?;
                        item.append_child(&remove)?;
                        list.append_child(&item)?;
                    }
                }
                wrap.append_child(&list)?;
            }
            error_slot(d, &wrap, &id)?;
        }
    }
    parent.append_child(&wrap)?;
    Ok(())
}

/// Keeps the "optional" marker and `aria-required` in step with a field whose required
/// state depends on other answers (`required_if`).
pub fn update_required(app: &App, loc: &Loc) -> Result {
    let Some(cell) = app.wizard.state.cell(loc) else {
        return Ok(());
    };
    let id = field_id(loc);
    let def = app.wizard.state.form().element(loc.node);
    if let Some(label) = app.root.query_selector(&format!("[data-label='{id}']"))? {
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
    def: &FieldDef,
    loc: &Loc,
    id: &str,
    raw: Option<&str>,
    value: &Value,
) -> Result<Element> {
    let d = &app.document;
    let lang = app.wizard.lang;
    let tag = match &def.kind {
        Kind::MultilineText => "textarea",
        Kind::SingleChoice { .. } => "select",
        _ => "input",
    };
    let input = el(d, tag, "ff-input")?;
    input.set_attribute("id", id)?;
    input.set_attribute("name", id)?;
    input.set_attribute("data-loc", &loc_attr(loc))?;
    let (kind_attr, input_type, inputmode) = match &def.kind {
        Kind::Email => ("text", "email", None),
        Kind::Phone => ("text", "tel", None),
        Kind::Integer => ("text", "text", Some("numeric")),
        Kind::Decimal | Kind::Currency => ("text", "text", Some("decimal")),
        Kind::PostalCode => ("text", "text", Some("numeric")),
        Kind::File { .. } => ("file", "file", None),
        Kind::SingleChoice { .. } => ("choice", "", None),
        _ => ("text", "text", None),
    };
    input.set_attribute("data-kind", kind_attr)?;
    if tag == "input" {
        input.set_attribute("type", input_type)?;
    }
    if let Some(mode) = inputmode {
        input.set_attribute("inputmode", mode)?;
    }
    if let Some(token) = &def.autocomplete {
        input.set_attribute("autocomplete", token)?;
    }
    if let Some(placeholder) = &def.placeholder {
        input.set_attribute("placeholder", placeholder.get(lang))?;
    }
    if def.kind == Kind::Date && def.placeholder.is_none() {
        input.set_attribute("placeholder", texts(lang).date_hint)?;
    }
    match &def.kind {
        Kind::File {
            accept, max_count, ..
        } => {
            if !accept.is_empty() {
                input.set_attribute("accept", &accept.join(","))?;
            }
            if *max_count > 1 {
                input.set_attribute("multiple", "")?;
            }
        }
        Kind::SingleChoice { .. } => {
            let empty = text_el(d, "option", "", texts(lang).choose)?;
            empty.set_attribute("value", "")?;
            input.append_child(&empty)?;
            for option in def.options() {
                let o = text_el(d, "option", "", option.label.get(lang))?;
                o.set_attribute("value", &option.value)?;
                if is_chosen(value, &option.value) {
                    o.set_attribute("selected", "")?;
                }
                input.append_child(&o)?;
            }
        }
        Kind::MultilineText => input.set_text_content(Some(&input_text(&def.kind, value, lang))),
        _ => {
            let text = raw.map_or_else(|| input_text(&def.kind, value, lang), str::to_string);
            input.set_attribute("value", &text)?;
        }
    }
    Ok(input)
}

fn help(d: &Document, parent: &Element, def: &FieldDef, id: &str, lang: Lang) -> Result {
    if let Some(help) = &def.help {
        let p = text_el(d, "p", "ff-help", help.get(lang))?;
        p.set_attribute("id", &format!("{id}-help"))?;
        parent.append_child(&p)?;
    }
    Ok(())
}

fn error_slot(d: &Document, parent: &Element, id: &str) -> Result {
    let p = el(d, "p", "ff-field-error")?;
    p.set_attribute("id", &format!("{id}-error"))?;
    p.set_attribute("hidden", "")?;
    parent.append_child(&p)?;
    Ok(())
}

fn content(d: &Document, parent: &Element, source: &str) -> Result {
    for block in markdown::parse(source) {
        match block {
            Block::Paragraph(inlines) => {
                let p = el(d, "p", "ff-content")?;
                append_inlines(d, &p, &inlines)?;
                parent.append_child(&p)?;
            }
            Block::List { ordered, items } => {
                let list = el(d, if ordered { "ol" } else { "ul" }, "ff-content")?;
                for item in items {
                    let li = el(d, "li", "")?;
                    append_inlines(d, &li, &item)?;
                    list.append_child(&li)?;
                }
                parent.append_child(&list)?;
            }
        }
    }
    Ok(())
}

fn append_inlines(d: &Document, parent: &Element, inlines: &[Inline]) -> Result {
    for inline in inlines {
        match inline {
            Inline::Text(text) => {
                parent.append_child(&d.create_text_node(text))?;
            }
            Inline::Emphasis(inner) | Inline::Strong(inner) => {
                let e = el(
                    d,
                    if matches!(inline, Inline::Strong(_)) {
                        "strong"
                    } else {
                        "em"
                    },
                    "",
                )?;
                append_inlines(d, &e, inner)?;
                parent.append_child(&e)?;
            }
            Inline::Link { text, href } => {
                let a = text_el(d, "a", "", text)?;
                a.set_attribute("href", href)?;
                parent.append_child(&a)?;
            }
        }
    }
    Ok(())
}

/// Shows or clears the inline errors of one instance, linked to its input.
pub fn show_field_errors(app: &App, loc: &Loc) -> Result {
    let id = field_id(loc);
    let root = &app.root;
    let Some(slot) = root.get_element_by_id(&format!("{id}-error")) else {
        return Ok(());
    };
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
        slot.set_text_content(Some(&errors.join(" ")));
        if let Some(target) = &target {
            target.set_attribute("aria-invalid", "true")?;
            set_describedby(
                target,
                has_help.then_some(help_id.as_str()),
                Some(&format!("{id}-error")),
            )?;
        }
    }
    Ok(())
}

fn set_describedby(target: &Element, help: Option<&str>, error: Option<&str>) -> Result {
    let ids: Vec<&str> = [help, error].into_iter().flatten().collect();
    if ids.is_empty() {
        target.remove_attribute("aria-describedby")
    } else {
        target.set_attribute("aria-describedby", &ids.join(" "))
    }
}

/// The error summary at the top: a heading and one button per error that moves focus
/// to the field (fragment links do not work inside a shadow root).
pub fn show_summary(app: &App, errors: &[StepError], heading: &str) -> Result {
    let d = &app.document;
    let Some(summary) = app.root.query_selector("[data-role=summary]")? else {
        return Ok(());
    };
    summary.set_inner_html("");
    if errors.is_empty() {
        summary.set_attribute("hidden", "")?;
        summary.remove_attribute("role")?;
        return Ok(());
    }
    summary.remove_attribute("hidden")?;
    summary.set_attribute("role", "alert")?;
    append(&summary, &text_el(d, "h3", "", heading)?)?;
    let list = el(d, "ul", "")?;
    for error in errors {
        let li = el(d, "li", "")?;
        let link = text_el(d, "a", "", &format!("{}: {}", error.label, error.message))?;
        link.set_attribute("href", &format!("#{}", field_id(&error.loc)))?;
        link.set_attribute("data-focus", &field_id(&error.loc))?;
        li.append_child(&link)?;
        list.append_child(&li)?;
    }
    summary.append_child(&list)?;
    Ok(())
}

fn review(app: &App, body: &Element) -> Result {
    let d = &app.document;
    let t = texts(app.wizard.lang);
    let heading = text_el(d, "h3", "ff-step-title", t.review)?;
    heading.set_attribute("tabindex", "-1")?;
    heading.set_attribute("data-role", "heading")?;
    body.append_child(&heading)?;
    for step in app.wizard.review() {
        let block = el(d, "section", "ff-review-step")?;
        let head = el(d, "div", "ff-review-head")?;
        append(&head, &text_el(d, "h4", "", &step.title)?)?;
        let change = button(
            d,
            "ff-link",
            &format!("{} ({})", t.change, step.title),
            "edit",
        )?;
        change.set_attribute("data-step", &step.step.to_string())?;
        head.append_child(&change)?;
        block.append_child(&head)?;
        let list = el(d, "dl", "ff-review-list")?;
        for row in &step.rows {
            let dt = text_el(d, "dt", "", &row.label)?;
            dt.set_attribute("data-depth", &row.depth.to_string())?;
            list.append_child(&dt)?;
            append(
                &list,
                &text_el(d, "dd", "", row.value.as_deref().unwrap_or(""))?,
            )?;
        }
        block.append_child(&list)?;
        body.append_child(&block)?;
    }
    let declarations = &app.wizard.state.form().form.declarations;
    if !declarations.is_empty() {
        let fieldset = el(d, "fieldset", "ff-choices")?;
        append(
            &fieldset,
            &text_el(d, "legend", "ff-label", t.declarations)?,
        )?;
        for declaration in declarations {
            let id = format!("ff-declaration-{}", declaration.id);
            let row = el(d, "div", "ff-option")?;
            let input = el(d, "input", "")?;
            input.set_attribute("type", "checkbox")?;
            input.set_attribute("id", &id)?;
            input.set_attribute("data-declaration", &declaration.id)?;
            if app.wizard.declaration_accepted(&declaration.id) {
                input.set_attribute("checked", "")?;
            }
            let label = text_el(d, "label", "", declaration.text.get(app.wizard.lang))?;
            label.set_attribute("for", &id)?;
            row.append_child(&input)?;
            row.append_child(&label)?;
            fieldset.append_child(&row)?;
        }
        body.append_child(&fieldset)?;
    }
    let status = el(d, "p", "ff-status")?;
    status.set_attribute("role", "status")?;
    match &app.phase {
        Phase::Sending => status.set_text_content(Some(t.sending)),
        Phase::Failed { message } => {
            status.set_class_name("ff-status ff-failed");
            status.set_text_content(Some(message));
        }
        _ => {}
    }
    body.append_child(&status)?;
    let nav = el(d, "div", "ff-nav")?;
    let submit = text_el(
        d,
        "button",
        "ff-primary",
        if matches!(app.phase, Phase::Failed { .. }) {
            t.retry
        } else {
            t.submit
        },
    )?;
    submit.set_attribute("type", "submit")?;
    if matches!(app.phase, Phase::Sending) {
        submit.set_attribute("disabled", "")?;
    }
    nav.append_child(&submit)?;
    append(&nav, &button(d, "ff-secondary", t.back, "back")?)?;
    body.append_child(&nav)?;
    Ok(())
}

fn confirmation(app: &App, section: Element, reference: &str, date: &str) -> Result<Element> {
    let d = &app.document;
    let t = texts(app.wizard.lang);
    let heading = text_el(d, "h3", "ff-step-title", t.thanks)?;
    heading.set_attribute("tabindex", "-1")?;
    heading.set_attribute("data-role", "heading")?;
    section.append_child(&heading)?;
    let list = el(d, "dl", "ff-review-list")?;
    append(&list, &text_el(d, "dt", "", t.reference)?)?;
    let dd = text_el(d, "dd", "ff-reference", reference)?;
    list.append_child(&dd)?;
    append(&list, &text_el(d, "dt", "", t.submitted_on)?)?;
    append(&list, &text_el(d, "dd", "", date)?)?;
    section.append_child(&list)?;
    // The answers again, for the citizen's records (and the print view).
    for step in app.wizard.review() {
        append(&section, &text_el(d, "h4", "", &step.title)?)?;
        let rows = el(d, "dl", "ff-review-list")?;
        for row in &step.rows {
            append(&rows, &text_el(d, "dt", "", &row.label)?)?;
            append(
                &rows,
                &text_el(d, "dd", "", row.value.as_deref().unwrap_or(""))?,
            )?;
        }
        append(&section, &rows)?;
    }
    let nav = el(d, "div", "ff-nav")?;
    append(&nav, &button(d, "ff-secondary", t.print, "print")?)?;
    append(&nav, &button(d, "ff-secondary", t.download, "download")?)?;
    append(&section, &nav)?;
    Ok(section)
}
