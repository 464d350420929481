//! What the citizen does: one delegated listener per event type on the shadow root,
//! which finds what was used by its id or `data-*` attributes (see `engine::view`), so
//! drawing anew never leaks closures. Input goes into the wizard, clicks become
//! `Action`s.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use engine::expr::{FileRef, Value};
use engine::file_types;
use engine::number::parse_unsigned;
use engine::state::{Changes, Loc};
use engine::view::{field_id, texts, Action, InputKind, Phase};
use engine::wizard::{Position, Wizard};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement};

use crate::app::{new_id, today, App};
use crate::{drafts, patch, send};

#[wasm_bindgen]
extern "C" {
    /// The browser's own confirmation dialog.
    fn confirm(message: &str) -> bool;
    fn print();
}

/// The event types listened to on the shadow root.
pub const LISTENED: [&str; 5] = ["input", "change", "click", "submit", "focusin"];

/// Handles one event; errors go to the console, never up into the page.
pub fn handle(app: &Rc<RefCell<App>>, kind: &str, event: &Event) {
    if let Err(error) = route(app, kind, event) {
        web_sys::console::error_1(&error);
    }
}

fn route(app: &Rc<RefCell<App>>, kind: &str, event: &Event) -> Result<(), JsValue> {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return Ok(());
    };
    // Moving focus while we redraw makes the field that loses it fire `change` inside
    // this handler. Its value was already taken on `input`, so the nested event is
    // skipped here (the listener is an `Fn` closure, so re-entering it is allowed).
    let Ok(mut state) = app.try_borrow_mut() else {
        return Ok(());
    };
    if kind == "focusin" {
        // Focus comes with the press of a button, before its release: nothing here may
        // move the step then, or the click misses the button. Only entering a field
        // one types in gives back the room of messages kept while typing.
        if takes_typing(&target) {
            patch::settle_kept(&state, &target)?;
        }
        return Ok(());
    }
    refresh_today(&mut state)?;
    match kind {
        "submit" => {
            event.prevent_default();
            match state.model.wizard.position() {
                Position::Step(_) => {
                    next(&mut state)?;
                    drafts::save(&mut state);
                }
                Position::Review => {
                    drop(state);
                    send::submit(app)?;
                }
            }
        }
        "click" => {
            click(&mut state, &target, event)?;
            drafts::save_if_changed(&mut state);
            patch::settle_kept(&state, &target)?;
        }
        _ => input(&mut state, kind, &target)?,
    }
    Ok(())
}

/// Writes a draft not yet written, when the page is hidden or closed.
pub fn page_hidden(app: &Rc<RefCell<App>>) {
    if let Ok(mut state) = app.try_borrow_mut() {
        drafts::save_if_changed(&mut state);
    }
}

/// An assistant left open past midnight judges by the new day (date limits, ages)
/// before it handles what the citizen did.
fn refresh_today(app: &mut App) -> Result<(), JsValue> {
    let today = today(app.model.form());
    let changes = app.model.wizard.state.set_today(today);
    if changes.is_empty() {
        return Ok(());
    }
    match app.model.wizard.position() {
        Position::Step(_) => patch::apply(app, &changes),
        Position::Review => patch::redraw(app),
    }
}

/// Text is read on every keystroke (`input`); choices and files when they change.
fn input(app: &mut App, kind: &str, target: &Element) -> Result<(), JsValue> {
    if let Some(id) = target.get_attribute("data-declaration") {
        let checked = target
            .dyn_ref::<HtmlInputElement>()
            .is_some_and(HtmlInputElement::checked);
        app.model.wizard.set_declaration(&id, checked);
        return Ok(());
    }
    let Some(loc) = loc_of(target) else {
        return Ok(());
    };
    let form = Arc::clone(app.model.wizard.state.form());
    let Some(input) = form.element_kind(loc.node).and_then(InputKind::of) else {
        return Ok(());
    };
    if (kind == "input") != (input == InputKind::Text) {
        // The field was left after typing: the moment to keep what was typed.
        if kind == "change" {
            drafts::save_if_changed(app);
        }
        return Ok(());
    }
    let changes = read_input(app, target, &loc, input)?;
    patch::apply(app, &changes)?;
    app.unsaved = true;
    if input != InputKind::Text {
        drafts::save(app);
    }
    if input == InputKind::File {
        patch::redraw(app)?;
        patch::focus(app, &format!("#{}", field_id(&loc)))?;
    }
    Ok(())
}

/// A text field, text area or list: the step may move while the citizen enters it.
fn takes_typing(element: &Element) -> bool {
    match element.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            element.get_attribute("type").as_deref(),
            Some("radio" | "checkbox" | "file")
        ),
        _ => false,
    }
}

/// The instance an element stands for: its `data-loc` (buttons), else its `name`
/// (options of a choice), else its `id` (inputs), each a `field_id`.
fn loc_of(element: &Element) -> Option<Loc> {
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

fn read_input(
    app: &mut App,
    target: &Element,
    loc: &Loc,
    kind: InputKind,
) -> Result<Changes, JsValue> {
    let lang = app.model.wizard.lang;
    let input = target.dyn_ref::<HtmlInputElement>();
    let value = || -> Result<String, JsValue> {
        Ok(js_sys::Reflect::get(target, &"value".into())?
            .as_string()
            .unwrap_or_default())
    };
    let state = &mut app.model.wizard.state;
    let changes = match kind {
        InputKind::Text => state.set_input(loc, &value()?, lang),
        InputKind::Choice => {
            let value = value()?;
            let answer = if value.is_empty() {
                Value::Null
            } else {
                Value::Text(value)
            };
            state.set(loc, answer)
        }
        InputKind::YesNo => state.set(loc, Value::Bool(input.is_some_and(|i| i.value() == "true"))),
        InputKind::Checkbox => state.set(
            loc,
            Value::Bool(input.is_some_and(HtmlInputElement::checked)),
        ),
        InputKind::Multi => {
            let mut chosen = Vec::new();
            let boxes = app
                .root
                .query_selector_all(&format!("input[name='{}']", field_id(loc)))?;
            for index in 0..boxes.length() {
                if let Some(b) = boxes
                    .item(index)
                    .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
                {
                    if b.checked() {
                        chosen.push(Value::Text(b.value()));
                    }
                }
            }
            app.model.wizard.state.set(loc, Value::List(chosen))
        }
        InputKind::File => {
            // The answers keep the manifest; the files go with the application.
            let mut files = match state.cell(loc).map(|c| c.value.clone()) {
                Some(Value::List(files)) => files,
                _ => Vec::new(),
            };
            // A file a draft named but the browser no longer has is replaced by the
            // ones chosen now.
            let missing = &mut app.model.missing_files;
            files.retain(|f| !matches!(f, Value::File(f) if missing.contains(&f.id)));
            if let Some(list) = input.and_then(HtmlInputElement::files) {
                for index in 0..list.length() {
                    if let Some(file) = list.get(index) {
                        let id = new_id();
                        let name = file.name();
                        files.push(Value::File(FileRef {
                            id: id.clone(),
                            media_type: file_types::media_type_of(&name, &file.type_()),
                            name,
                            size: file.size() as u64,
                        }));
                        app.files.push((id, file));
                    }
                }
            }
            app.model.wizard.state.set(loc, Value::List(files))
        }
    };
    Ok(changes)
}

/// "Weiter": the next step, or the errors that keep the citizen on this one.
fn next(app: &mut App) -> Result<(), JsValue> {
    match app.model.wizard.next_step() {
        Ok(_) => {
            app.model.show_errors = false;
            patch::show_step(app)
        }
        Err(errors) => patch::show_errors(app, &errors),
    }
}

fn click(app: &mut App, target: &Element, event: &Event) -> Result<(), JsValue> {
    if let Some(id) = target.get_attribute("data-focus") {
        event.prevent_default();
        return patch::focus(app, &format!("#{id}, #{id} input"));
    }
    let Some(button) = target.closest("[data-action]")? else {
        return Ok(());
    };
    let Some(action) = button
        .get_attribute("data-action")
        .and_then(|name| Action::from_name(&name))
    else {
        return Ok(());
    };
    let loc = loc_of(&button);
    let index = button
        .get_attribute("data-index")
        .and_then(|i| parse_unsigned(&i, 10))
        .and_then(|i| usize::try_from(i).ok());
    match action {
        Action::Resume => {
            if let Phase::Resume { draft } = std::mem::replace(&mut app.model.phase, Phase::Filling)
            {
                resume(app, &draft);
            }
            patch::show_step(app)
        }
        Action::Restart => {
            start_afresh(app);
            patch::show_step(app)
        }
        Action::Clear => {
            if confirm(texts(app.model.wizard.lang).clear_confirm) {
                start_afresh(app);
                patch::show_step(app)?;
            }
            Ok(())
        }
        Action::Print => {
            print();
            Ok(())
        }
        Action::Download => {
            send::download_answers(app);
            Ok(())
        }
        Action::Back => {
            app.model.show_errors = false;
            app.model.wizard.back();
            app.model.phase = Phase::Filling;
            patch::show_step(app)
        }
        Action::Edit => {
            let step = button
                .get_attribute("data-step")
                .and_then(|s| parse_unsigned(&s, 10))
                .map_or(0, |s| s as usize);
            app.model.wizard.edit_from_review(step);
            patch::show_step(app)
        }
        Action::AddEntry => {
            let Some(loc) = loc else { return Ok(()) };
            if let Ok((index, _)) = app.model.wizard.state.add_item(&loc) {
                app.unsaved = true;
                patch::redraw(app)?;
                let mut items = loc.items.clone();
                items.push(index);
                let first = app.model.form().nodes[loc.node].children.first().copied();
                if let Some(first) = first {
                    patch::focus_field(app, &Loc::new(first, items))?;
                }
            }
            Ok(())
        }
        Action::RemoveEntry => {
            let (Some(loc), Some(index)) = (loc, index) else {
                return Ok(());
            };
            if app.model.wizard.state.remove_item(&loc, index).is_ok() {
                app.unsaved = true;
                patch::redraw(app)?;
                // The group's legend, or the step's heading where that says its title.
                let lang = app.model.wizard.lang;
                let target = if app.model.form().repeats_step_title(loc.node, lang) {
                    "[data-role=heading]".to_string()
                } else {
                    format!("#{}-wrap legend", field_id(&loc))
                };
                patch::focus(app, &target)?;
            }
            Ok(())
        }
        Action::RemoveFile => {
            let (Some(loc), Some(index)) = (loc, index) else {
                return Ok(());
            };
            let state = &mut app.model.wizard.state;
            if let Some(Value::List(mut files)) = state.cell(&loc).map(|c| c.value.clone()) {
                if index < files.len() {
                    files.remove(index);
                }
                state.set(&loc, Value::List(files));
                app.unsaved = true;
                patch::redraw(app)?;
                patch::focus(app, &format!("#{}", field_id(&loc)))?;
            }
            Ok(())
        }
    }
}

/// Continues a draft: its answers, its step, and its application's key (a retry after
/// the reload is the same application).
pub fn resume(app: &mut App, draft: &engine::Json) {
    let form = Arc::clone(app.model.wizard.state.form());
    let today = today(&form);
    let (wizard, restored) = engine::draft::restore(form, draft, today, app.model.wizard.lang);
    app.model.wizard = wizard;
    // A draft keeps files by name only: each must be chosen again.
    let attachments = engine::payload::attachments(&app.model.wizard.state);
    app.model.missing_files = attachments
        .as_array()
        .unwrap_or_default()
        .iter()
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .collect();
    if let Some(key) = engine::draft::key(draft) {
        app.idempotency_key = key.to_string();
    }
    if restored != engine::draft::Restored::Complete {
        app.model.notice = Some(texts(app.model.wizard.lang).draft_changed.to_string());
    }
}

/// A new application: no answers, no draft, a new key.
fn start_afresh(app: &mut App) {
    drafts::remove_all(app.model.form());
    let form = Arc::clone(app.model.wizard.state.form());
    let today = today(&form);
    app.model.wizard = Wizard::new(form, today, app.model.wizard.lang);
    app.model.phase = Phase::Filling;
    app.model.show_errors = false;
    app.model.notice = None;
    app.idempotency_key = new_id();
    app.files.clear();
    app.model.missing_files.clear();
    app.unsaved = false;
}
