//! The application assistant citizens use, embedded by a municipal portal as
//! `<formfabrik-assistant>` (defined in `formfabrik-runtime.js`). It renders into the
//! element's open shadow root; all behaviour comes from the `shared` core's `Wizard`.
//!
//! One delegated listener per event type sits on the shadow root and finds what was
//! used by ids and `data-*` attributes (see `view.rs`), so re-rendering never leaks
//! closures.
//! Nothing here may panic: a panic would take the citizen's answers with it. Every
//! failure becomes a message in the element and a console entry.

mod texts;
mod tree;
mod view;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use engine::expr::{FileRef, Value};
use engine::format::Kind;
use engine::state::{Changes, Loc};
use engine::wizard::{Position, Wizard};
use engine::{CompiledForm, Date, Json, Lang};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, ShadowRoot};

use crate::texts::texts;
use crate::view::{field_id, loc_of, InputKind};
use engine::text::Joined;

/// `style.css`, compacted by `build.rs`.
const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/style.css"));

#[wasm_bindgen(module = "/src/dom.js")]
extern "C" {
    /// POSTs `json` (with `files` as `[id, File, …]`: multipart) and calls
    /// `done(status, body)`, status 0 when the network failed.
    fn send(endpoint: &str, json: &str, key: &str, files: &js_sys::Array, done: JsValue);
    /// Offers `text` as a JSON file named `name`.
    fn download(root: &ShadowRoot, name: &str, text: &str);
    /// The page's localStorage; `None` where the browser refuses it.
    fn storage() -> Option<web_sys::Storage>;
    /// Dispatches a CustomEvent that bubbles out of the shadow root to the portal.
    fn emit(root: &ShadowRoot, name: &str, detail: &str);
    /// `formfabrik-step` with `{step, total}`.
    #[wasm_bindgen(js_name = emitStep)]
    fn emit_step(root: &ShadowRoot, step: usize, total: usize);
    /// Empties `root` and adopts the assistant's stylesheet (made once per page).
    #[wasm_bindgen(js_name = prepare)]
    fn adopt_styles(root: &ShadowRoot, css: &str);
}

#[wasm_bindgen]
extern "C" {
    /// The browser's own confirmation dialog.
    fn confirm(message: &str) -> bool;
    fn print();
}

/// Where the citizen is beyond filling in steps.
pub(crate) enum Phase {
    /// A saved draft was found: continue or start again?
    Resume {
        draft: Json,
    },
    Filling,
    Sending,
    Failed {
        message: String,
    },
    Sent {
        reference: String,
        date: String,
    },
}

pub(crate) struct App {
    pub wizard: Wizard,
    pub root: ShadowRoot,
    pub endpoint: Option<String>,
    /// Errors are shown once "Weiter" found some, and then kept up to date.
    pub show_errors: bool,
    pub phase: Phase,
    /// One key per application, reused by every retry, so the receiver stores it once.
    pub idempotency_key: String,
    /// A notice above the step (e.g. a draft from another version of the form).
    pub notice: Option<&'static str>,
    /// The files chosen, by attachment id: sent with the application. A draft keeps
    /// only their manifest, so after a reload they must be chosen again.
    pub files: Vec<(String, web_sys::File)>,
}

/// One delegated listener: the event type and its closure.
type Listener = (&'static str, Closure<dyn Fn(Event)>);

/// A mounted assistant; `destroy()` removes it and its listeners.
#[wasm_bindgen]
pub struct Assistant {
    app: Rc<RefCell<App>>,
    listeners: Vec<Listener>,
}

#[wasm_bindgen]
impl Assistant {
    /// Fills in answers the portal already knows (e.g. from the citizen's login), as
    /// nested JSON in the payload's shape. Returns what did not fit, as JSON text.
    pub fn prefill(&self, answers: &str) -> Result<String, JsValue> {
        let json = Json::parse(answers)
            .map_err(|e| JsValue::from_str(&e.message.en.unwrap_or(e.message.de)))?;
        let mut app = self.app.borrow_mut();
        let lang = app.wizard.lang;
        let problems = engine::payload::load_answers(&mut app.wizard.state, &json, lang);
        redraw(&app, false)?;
        Ok(Json::Array(problems.iter().map(|p| p.to_json()).collect()).to_compact())
    }

    pub fn destroy(self) {
        let app = self.app.borrow();
        for (event, listener) in &self.listeners {
            let _ = app
                .root
                .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        app.root.set_text_content(None);
    }
}

/// Renders the published form `bytes` into `root` in `lang` (`de` or `en`); `endpoint`
/// overrides the form's. Returns `undefined` when the form cannot be read (the element
/// then shows why): not a published form, published by a newer Formfabrik, damaged.
///
/// `preview` is the designer's: the answers typed so far (the draft) come back without
/// asking, so they survive every edit of the form, and `start_step` (a step id) opens
/// the step being edited.
#[wasm_bindgen]
pub fn mount(
    root: ShadowRoot,
    bytes: &[u8],
    lang: &str,
    endpoint: Option<String>,
    preview: bool,
    start_step: Option<String>,
) -> Result<Option<Assistant>, JsValue> {
    let lang = prepare(&root, lang);
    let form = match engine::published::read(bytes) {
        Ok(published) => published.form,
        Err(error) => {
            let message = error.message();
            web_sys::console::error_1(&JsValue::from_str(&format!(
                "Formfabrik: {}",
                message.get(Lang::En)
            )));
            render_error(&root, message.get(lang), lang)?;
            return Ok(None);
        }
    };
    let endpoint = endpoint.filter(|e| !e.is_empty()).or_else(|| {
        form.form
            .submission
            .as_ref()
            .and_then(|s| s.endpoint.clone())
    });
    let form = Arc::new(form);
    let mut phase = match find_draft(&form) {
        Some(draft) => Phase::Resume { draft },
        None => Phase::Filling,
    };
    let mut wizard = Wizard::new(Arc::clone(&form), today(&form), lang);
    if preview {
        if let Phase::Resume { draft } = &phase {
            wizard = engine::draft::restore(Arc::clone(&form), draft, today(&form), lang).0;
            phase = Phase::Filling;
        }
        let step = start_step.and_then(|id| form.form.steps.iter().position(|s| s.id == id));
        if let Some(step) = step {
            wizard.go_to(step);
        }
    }
    let app = Rc::new(RefCell::new(App {
        wizard,
        root: root.clone(),
        endpoint,
        show_errors: false,
        phase,
        idempotency_key: new_key(),
        notice: None,
        files: Vec::new(),
    }));
    redraw(&app.borrow(), false)?;
    let mut listeners = Vec::new();
    for event in ["input", "change", "click", "submit"] {
        let target = Rc::clone(&app);
        let listener = Closure::<dyn Fn(Event)>::new(move |e: Event| {
            if let Err(error) = handle(&target, event, &e) {
                web_sys::console::error_1(&error);
            }
        });
        root.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref())?;
        listeners.push((event, listener));
    }
    Ok(Some(Assistant { app, listeners }))
}

/// Shows why the assistant cannot start (e.g. the definition was not found).
#[wasm_bindgen]
pub fn show_error(root: ShadowRoot, message: &str, lang: &str) -> Result<(), JsValue> {
    let lang = prepare(&root, lang);
    render_error(&root, message, lang)
}

/// Empties `root` and gives it the assistant's styles; resolves the language.
fn prepare(root: &ShadowRoot, lang: &str) -> Lang {
    adopt_styles(root, STYLE);
    Lang::from_code(lang).unwrap_or(Lang::De)
}

fn render_error(root: &ShadowRoot, message: &str, lang: Lang) -> Result<(), JsValue> {
    let out = &mut tree::Tree::new();
    out.open("div", "ff-error");
    out.fixed("role", "alert");
    out.fixed("part", "error");
    out.leaf("h2", "", texts(lang).load_failed);
    out.leaf("p", "", message);
    out.close();
    // The portal's own content of the element (e.g. a link to a PDF form) shows below.
    out.leaf("slot", "", "");
    root.append_child(&out.build()?)?;
    Ok(())
}

/// Renders everything anew; with `focus`, moves focus to the new heading (step changes).
fn redraw(app: &App, focus: bool) -> Result<(), JsValue> {
    let nodes = view::render(app).build()?;
    app.root.set_text_content(None);
    app.root.append_child(&nodes)?;
    // Errors are patched in by id, which needs the step in the shadow root.
    if let (true, Position::Step(step)) = (app.show_errors, app.wizard.position()) {
        let mut result = Ok(());
        engine::state::walk::walk_step(&app.wizard.state, step, &mut |loc, _| {
            if result.is_ok() {
                result = view::show_field_errors(app, loc);
            }
            true
        });
        result?;
    }
    if focus {
        focus_selector(app, "[data-role=heading]")?;
    }
    announce_step(app);
    Ok(())
}

fn focus_selector(app: &App, selector: &str) -> Result<(), JsValue> {
    if let Some(element) = app.root.query_selector(selector)? {
        if let Ok(element) = element.dyn_into::<HtmlElement>() {
            element.focus()?;
        }
    }
    Ok(())
}

/// Tells the portal where the citizen is (step 0 of 0 on the review and after).
fn announce_step(app: &App) {
    let (step, total) = app.wizard.indicator().unwrap_or((0, 0));
    emit_step(&app.root, step, total);
}

fn handle(app: &Rc<RefCell<App>>, kind: &str, event: &Event) -> Result<(), JsValue> {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return Ok(());
    };
    // Moving focus while we redraw makes the field that loses it fire `change` inside
    // this handler. Its value was already taken on `input`, so the nested event is
    // skipped here (the listener is an `Fn` closure, so re-entering it is allowed).
    let Ok(mut state) = app.try_borrow_mut() else {
        return Ok(());
    };
    refresh_today(&mut state)?;
    match kind {
        "submit" => {
            event.prevent_default();
            match state.wizard.position() {
                Position::Step(_) => next(&mut state)?,
                Position::Review => {
                    drop(state);
                    submit(Rc::clone(app))?;
                }
            }
        }
        "click" => {
            click(&mut state, &target, event)?;
            save_draft(&state);
        }
        "input" | "change" => {
            if let Some(id) = target.get_attribute("data-declaration") {
                let checked = target
                    .dyn_ref::<HtmlInputElement>()
                    .is_some_and(HtmlInputElement::checked);
                state.wizard.set_declaration(&id, checked);
                return Ok(());
            }
            let Some(loc) = loc_of(&target) else {
                return Ok(());
            };
            let form = Arc::clone(state.wizard.state.form());
            let Some(input) = form.element_kind(loc.node).and_then(InputKind::of) else {
                return Ok(());
            };
            // Text is read on every keystroke; choices and files when they change.
            if (kind == "input") != (input == InputKind::Text) {
                return Ok(());
            }
            let changes = read_input(&mut state, &target, &loc, input)?;
            apply(&state, &changes)?;
            save_draft(&state);
            if input == InputKind::File {
                redraw(&state, false)?;
                focus_selector(&state, &format!("#{}", field_id(&loc)))?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// An assistant left open past midnight judges by the new day (date limits, ages)
/// before it handles what the citizen did.
fn refresh_today(state: &mut App) -> Result<(), JsValue> {
    let changes = state
        .wizard
        .state
        .set_today(today(state.wizard.state.form()));
    if changes.is_empty() {
        return Ok(());
    }
    match state.wizard.position() {
        Position::Step(_) => apply(state, &changes),
        Position::Review => redraw(state, false),
    }
}

fn read_input(
    state: &mut App,
    target: &Element,
    loc: &Loc,
    kind: InputKind,
) -> Result<Changes, JsValue> {
    let lang = state.wizard.lang;
    let input = target.dyn_ref::<HtmlInputElement>();
    let changes = match kind {
        InputKind::Text => {
            let value = js_sys::Reflect::get(target, &"value".into())?
                .as_string()
                .unwrap_or_default();
            state.wizard.state.set_input(loc, &value, lang)
        }
        InputKind::Choice => {
            let value = js_sys::Reflect::get(target, &"value".into())?
                .as_string()
                .unwrap_or_default();
            state.wizard.state.set(
                loc,
                if value.is_empty() {
                    Value::Null
                } else {
                    Value::Text(value)
                },
            )
        }
        InputKind::YesNo => state
            .wizard
            .state
            .set(loc, Value::Bool(input.is_some_and(|i| i.value() == "true"))),
        InputKind::Checkbox => state.wizard.state.set(
            loc,
            Value::Bool(input.is_some_and(HtmlInputElement::checked)),
        ),
        InputKind::Multi => {
            let mut chosen = Vec::new();
            let boxes = state
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
            state.wizard.state.set(loc, Value::List(chosen))
        }
        InputKind::File => {
            // The answers keep the manifest; the files go with the application.
            let mut files = match state.wizard.state.cell(loc).map(|c| c.value.clone()) {
                Some(Value::List(files)) => files,
                _ => Vec::new(),
            };
            if let Some(list) = input.and_then(HtmlInputElement::files) {
                for index in 0..list.length() {
                    if let Some(file) = list.get(index) {
                        let id = new_key();
                        files.push(Value::File(FileRef {
                            id: id.clone(),
                            name: file.name(),
                            size: file.size() as u64,
                            media_type: file.type_(),
                        }));
                        state.files.push((id, file));
                    }
                }
            }
            state.wizard.state.set(loc, Value::List(files))
        }
    };
    Ok(changes)
}

/// Patches what the change touched: visibility, computed values, shown errors, steps.
fn apply(app: &App, changes: &Changes) -> Result<(), JsValue> {
    let form = Arc::clone(app.wizard.state.form());
    for loc in &changes.cells {
        let id = field_id(loc);
        if let Some(wrap) = app.root.query_selector(&format!("[data-wrap='{id}']"))? {
            if app.wizard.state.is_visible(loc) {
                wrap.remove_attribute("hidden")?;
            } else {
                wrap.set_attribute("hidden", "")?;
            }
        }
        view::update_required(app, loc)?;
        if let Some(Kind::Computed { .. }) = form.element_kind(loc.node) {
            if let Some(output) = app.root.get_element_by_id(&id) {
                let text = engine::input::display_value(
                    form.element(loc.node),
                    &app.wizard.state.value(loc),
                    app.wizard.lang,
                );
                output.set_text_content(Some(&text));
            }
        }
        if app.show_errors {
            view::show_field_errors(app, loc)?;
        }
    }
    if changes.steps {
        // Steps appeared or disappeared: the count and where "Weiter" leads change.
        let t = texts(app.wizard.lang);
        if let Some(progress) = app.root.query_selector("[data-role=progress]")? {
            let text = app
                .wizard
                .indicator()
                .map(|(n, total)| (t.step_of)(n, total));
            progress.set_text_content(text.as_deref());
        }
        if let (Some(button), Position::Step(step)) = (
            app.root.query_selector("[data-role=next]")?,
            app.wizard.position(),
        ) {
            let label = if view::next_leads_to_review(app, step) {
                t.to_review
            } else {
                t.next
            };
            button.set_text_content(Some(label));
        }
    }
    Ok(())
}

fn next(state: &mut App) -> Result<(), JsValue> {
    match state.wizard.next_step() {
        Ok(_) => {
            state.show_errors = false;
            redraw(state, true)
        }
        Err(errors) => {
            state.show_errors = true;
            for error in &errors {
                view::show_field_errors(state, &error.loc)?;
            }
            view::show_summary(state, &errors, texts(state.wizard.lang).error_summary)?;
            focus_selector(state, "[data-role=summary]")
        }
    }
}

fn click(state: &mut App, target: &Element, event: &Event) -> Result<(), JsValue> {
    if let Some(id) = target.get_attribute("data-focus") {
        event.prevent_default();
        return focus_selector(state, &format!("#{id}, #{id} input"));
    }
    let Some(action) = target
        .closest("[data-action]")?
        .and_then(|b| b.get_attribute("data-action"))
    else {
        return Ok(());
    };
    let loc = loc_of(target);
    let index: Option<usize> = target
        .get_attribute("data-index")
        .and_then(|i| i.parse().ok());
    match (action.as_str(), loc, index) {
        ("resume", _, _) => {
            if let Phase::Resume { draft } = std::mem::replace(&mut state.phase, Phase::Filling) {
                let form = Arc::clone(state.wizard.state.form());
                let today = today(&form);
                let (wizard, restored) =
                    engine::draft::restore(form, &draft, today, state.wizard.lang);
                state.wizard = wizard;
                if restored != engine::draft::Restored::Complete {
                    state.notice = Some(texts(state.wizard.lang).draft_changed);
                }
            }
            redraw(state, true)
        }
        ("restart", _, _) => {
            remove_drafts(state);
            state.phase = Phase::Filling;
            redraw(state, true)
        }
        ("clear", _, _) => {
            if confirm(texts(state.wizard.lang).clear_confirm) {
                remove_drafts(state);
                let form = Arc::clone(state.wizard.state.form());
                let today = today(&form);
                state.wizard = Wizard::new(form, today, state.wizard.lang);
                state.show_errors = false;
                state.notice = None;
                redraw(state, true)?;
            }
            Ok(())
        }
        ("print", _, _) => {
            print();
            Ok(())
        }
        ("download", _, _) => {
            download_answers(state);
            Ok(())
        }
        ("back", _, _) => {
            state.show_errors = false;
            state.wizard.back();
            state.phase = Phase::Filling;
            redraw(state, true)
        }
        ("edit", _, _) => {
            let step = target
                .get_attribute("data-step")
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            state.wizard.edit_from_review(step);
            redraw(state, true)
        }
        ("add-item", Some(loc), _) => {
            if let Ok((index, _)) = state.wizard.state.add_item(&loc) {
                redraw(state, false)?;
                let mut items = loc.items.clone();
                items.push(index);
                let first = state.wizard.state.form().nodes[loc.node]
                    .children
                    .first()
                    .copied();
                if let Some(first) = first {
                    focus_selector(
                        state,
                        &format!("#{0}, #{0} input", field_id(&Loc::new(first, items))),
                    )?;
                }
            }
            Ok(())
        }
        ("remove-item", Some(loc), Some(index)) => {
            if state.wizard.state.remove_item(&loc, index).is_ok() {
                redraw(state, false)?;
                focus_selector(state, &format!("[data-wrap='{}'] legend", field_id(&loc)))?;
            }
            Ok(())
        }
        ("remove-file", Some(loc), Some(index)) => {
            if let Some(Value::List(mut files)) =
                state.wizard.state.cell(&loc).map(|c| c.value.clone())
            {
                if index < files.len() {
                    files.remove(index);
                }
                state.wizard.state.set(&loc, Value::List(files));
                redraw(state, false)?;
                focus_selector(state, &format!("#{}", field_id(&loc)))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Sends the payload; on a network error or 5xx the citizen can retry with the same
/// idempotency key; on a 4xx with field errors those are listed.
fn submit(app: Rc<RefCell<App>>) -> Result<(), JsValue> {
    let (payload, endpoint, key, files) = {
        let mut state = app.borrow_mut();
        let payload = match state.wizard.payload() {
            Ok(payload) => payload,
            Err(blockers) => {
                let heading = texts(state.wizard.lang).error_summary;
                return view::show_summary(&state, &blockers, heading)
                    .and_then(|_| focus_selector(&state, "[data-role=summary]"));
            }
        };
        let files = match chosen_files(&mut state, &payload) {
            Ok(files) => files,
            Err(gone) => {
                // Chosen before a reload: the browser no longer has them.
                state.wizard.reject(gone);
                return show_refused(&mut state);
            }
        };
        let Some(endpoint) = state.endpoint.clone() else {
            state.phase = Phase::Failed {
                message: "Keine Empfangsadresse / no endpoint configured".into(),
            };
            return redraw(&state, false);
        };
        state.phase = Phase::Sending;
        redraw(&state, false)?;
        (payload, endpoint, state.idempotency_key.clone(), files)
    };
    let parts = js_sys::Array::new();
    for (id, file) in &files {
        parts.push(&JsValue::from_str(id));
        parts.push(file);
    }
    let done = move |status: u16, body: String| {
        let Ok(mut state) = app.try_borrow_mut() else {
            return;
        };
        let t = texts(state.wizard.lang);
        state.phase = match status {
            200..=299 => {
                let reference = Json::parse(&body)
                    .ok()
                    .and_then(|b| b["reference"].as_str().map(str::to_string))
                    .unwrap_or_default();
                Phase::Sent {
                    reference,
                    date: engine::input::format_date(
                        today(state.wizard.state.form()),
                        state.wizard.lang,
                    ),
                }
            }
            400..=499 => {
                let errors = engine::payload::refused(&body);
                let count = errors.len();
                let unplaced = state.wizard.reject(errors);
                if unplaced.len() < count {
                    state.notice = Some(t.rejected_fields);
                    Phase::Filling
                } else {
                    let lang = state.wizard.lang;
                    let details: Vec<String> = unplaced
                        .iter()
                        .map(|e| format!("{}: {}", e.path, e.message.get(lang)))
                        .collect();
                    Phase::Failed {
                        message: format!("{} {}", t.rejected, details.joined("; ")),
                    }
                }
            }
            _ => Phase::Failed {
                message: t.network_error.to_string(),
            },
        };
        let sent = matches!(state.phase, Phase::Sent { .. });
        if sent {
            remove_drafts(&state);
        }
        let shown = if matches!(state.phase, Phase::Filling) {
            show_refused(&mut state)
        } else {
            redraw(&state, sent)
        };
        if let Err(error) = shown {
            web_sys::console::error_1(&error);
        }
        if let (true, Phase::Sent { reference, .. }) = (sent, &state.phase) {
            emit(&state.root, "formfabrik-submitted", reference);
        }
    };
    send(
        &endpoint,
        &payload.to_compact(),
        &key,
        &parts,
        Closure::once_into_js(done),
    );
    Ok(())
}

/// Back on the step with refused answers (see `Wizard::reject`): their errors at the
/// fields and in the summary, focus on the heading.
fn show_refused(app: &mut App) -> Result<(), JsValue> {
    app.show_errors = true;
    redraw(app, true)?;
    if let Position::Step(step) = app.wizard.position() {
        let errors = app.wizard.step_errors(step);
        view::show_summary(app, &errors, texts(app.wizard.lang).error_summary)?;
    }
    Ok(())
}

/// The chosen file of every attachment in the payload, as (id, file). Attachments whose
/// file the browser no longer has are removed from their fields and returned as errors
/// for those fields.
fn chosen_files(
    app: &mut App,
    payload: &Json,
) -> Result<Vec<(String, web_sys::File)>, Vec<engine::payload::PayloadProblem>> {
    let mut files = Vec::new();
    let mut gone = Vec::new();
    for attachment in payload["attachments"].as_array().unwrap_or_default() {
        let id = attachment["id"].as_str().unwrap_or_default();
        match app.files.iter().find(|(chosen, _)| chosen == id) {
            Some((_, file)) => files.push((id.to_string(), file.clone())),
            None => {
                let field = attachment["field"].as_str().unwrap_or_default();
                let name = attachment["name"].as_str().unwrap_or_default();
                if let Some(loc) = app.wizard.state.find_path(field) {
                    if let Value::List(mut list) = app.wizard.state.value(&loc) {
                        list.retain(|f| !matches!(f, Value::File(f) if f.id == id));
                        app.wizard.state.set(&loc, Value::List(list));
                    }
                }
                gone.push(engine::payload::PayloadProblem {
                    path: field.to_string(),
                    message: engine::Text::new(
                        texts::choose_again(name, Lang::De),
                        texts::choose_again(name, Lang::En),
                    ),
                });
            }
        }
    }
    if gone.is_empty() {
        Ok(files)
    } else {
        Err(gone)
    }
}

/// Offers the submitted payload as a JSON file, for the citizen's own records.
fn download_answers(app: &App) {
    let payload = engine::payload::build_payload(&app.wizard.state, app.wizard.lang, &[]);
    let name = format!("{}.json", app.wizard.state.form().form.id);
    download(&app.root, &name, &payload.to_pretty());
}

/// This version's draft, or else one of another version of the same form.
fn find_draft(form: &engine::CompiledForm) -> Option<Json> {
    let storage = storage()?;
    let exact = storage.get_item(&engine::draft::storage_key(form)).ok()?;
    let text = exact.or_else(|| {
        let prefix = engine::draft::key_prefix(&form.form.id);
        (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .find(|key| key.starts_with(&prefix))
            .and_then(|key| storage.get_item(&key).ok().flatten())
    })?;
    Json::parse(&text).ok()
}

/// Saves the answers as the citizen types; storage may be unavailable (private mode),
/// then the assistant simply works without drafts.
fn save_draft(app: &App) {
    if !matches!(app.phase, Phase::Filling | Phase::Failed { .. }) {
        return;
    }
    let draft = engine::draft::save(&app.wizard);
    // Nothing entered yet: no draft, so nobody is asked to "continue" an empty form.
    if !engine::draft::has_answers(&draft) {
        remove_drafts(app);
        return;
    }
    if let Some(storage) = storage() {
        let key = engine::draft::storage_key(app.wizard.state.form());
        if storage.set_item(&key, &draft.to_compact()).is_err() {
            web_sys::console::warn_1(&JsValue::from_str(
                "Formfabrik: the draft could not be saved",
            ));
        }
    }
}

fn remove_drafts(app: &App) {
    let Some(storage) = storage() else { return };
    let prefix = engine::draft::key_prefix(&app.wizard.state.form().form.id);
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(&prefix))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

/// A random key (for idempotency and attachment ids).
fn new_key() -> String {
    let part = || {
        format!(
            "{:08x}",
            (js_sys::Math::random() * f64::from(u32::MAX)) as u32
        )
    };
    format!("{}-{}-{}-{}", part(), part(), part(), part())
}

/// Today where the form's authority is, read from the clock at each use: an assistant
/// left open past midnight must not judge by yesterday (see `refresh_today`).
#[allow(clippy::disallowed_methods)] // The one place that reads the clock.
fn today(form: &CompiledForm) -> Date {
    form.form
        .time_zone()
        .date_at(js_sys::Date::now())
        .unwrap_or(Date {
            year: 2026,
            month: 1,
            day: 1,
        })
}
