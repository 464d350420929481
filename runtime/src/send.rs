//! Sending the application: the payload (with its files) POSTed with the application's
//! idempotency key; on a network error or 5xx the citizen can retry with the same key;
//! on a 4xx with field errors those are shown at their fields.

use std::cell::RefCell;
use std::rc::Rc;

use engine::text::Joined;
use engine::view::texts::{self, texts};
use engine::view::Phase;
use engine::wizard::Position;
use engine::{Json, Lang};
use wasm_bindgen::prelude::*;

use crate::app::{today, App};
use crate::{drafts, patch};

#[wasm_bindgen(module = "/src/dom.js")]
extern "C" {
    /// POSTs `json` (with `files` as `[id, File, …]`: multipart; or, with
    /// `encrypt_key` the address of a public key, everything encrypted for it) and
    /// calls `done(status, body)`, status 0 when the network failed.
    fn send(
        endpoint: &str,
        json: &str,
        key: &str,
        files: &js_sys::Array,
        encrypt_key: &str,
        done: JsValue,
    );
    /// Offers `text` as a JSON file named `name`.
    fn download(root: &web_sys::ShadowRoot, name: &str, text: &str);
    /// Dispatches a CustomEvent that bubbles out of the shadow root to the portal.
    fn emit(root: &web_sys::ShadowRoot, name: &str, detail: &str);
}

/// "Antrag absenden": sends the payload, or shows what still blocks it.
pub fn submit(app: &Rc<RefCell<App>>) -> Result<(), JsValue> {
    let (payload, endpoint, key, files, encrypt_key) = {
        let mut state = app.borrow_mut();
        let payload = match state.model.wizard.payload() {
            Ok(payload) => payload,
            Err(blockers) => return patch::show_summary(&state, &blockers),
        };
        let files = match chosen_files(&mut state, &payload) {
            Ok(files) => files,
            Err(gone) => {
                // Chosen before a reload: the browser no longer has them.
                state.model.wizard.reject(gone);
                return show_refused(&mut state);
            }
        };
        let Some(endpoint) = state.endpoint.clone() else {
            state.model.phase = Phase::Failed {
                message: "Keine Empfangsadresse / no endpoint configured".into(),
            };
            return patch::redraw(&state);
        };
        state.model.phase = Phase::Sending;
        patch::redraw(&state)?;
        let encrypt_key = state.encrypt_key.clone().unwrap_or_default();
        (
            payload,
            endpoint,
            state.idempotency_key.clone(),
            files,
            encrypt_key,
        )
    };
    let parts = js_sys::Array::new();
    for (id, file) in &files {
        parts.push(&JsValue::from_str(id));
        parts.push(file);
    }
    let app = Rc::clone(app);
    let done = move |status: u16, body: String| {
        let Ok(mut state) = app.try_borrow_mut() else {
            return;
        };
        if let Err(error) = answered(&mut state, status, &body) {
            web_sys::console::error_1(&error);
        }
    };
    send(
        &endpoint,
        &payload.to_compact(),
        &key,
        &parts,
        &encrypt_key,
        Closure::once_into_js(done),
    );
    Ok(())
}

/// The receiver's answer: sent, refused (with field errors or without), or failed.
fn answered(app: &mut App, status: u16, body: &str) -> Result<(), JsValue> {
    let lang = app.model.wizard.lang;
    let t = texts(lang);
    app.model.phase = match status {
        200..=299 => {
            let reference = Json::parse(body)
                .ok()
                .and_then(|b| b["reference"].as_str().map(str::to_string))
                .unwrap_or_default();
            Phase::Sent {
                reference,
                date: engine::input::format_date(today(app.model.form()), lang),
            }
        }
        400..=499 => {
            let errors = engine::payload::refused(body);
            let count = errors.len();
            let unplaced = app.model.wizard.reject(errors);
            if unplaced.len() < count {
                app.model.notice = Some(t.rejected_fields.to_string());
                Phase::Filling
            } else {
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
    match &app.model.phase {
        Phase::Sent { reference, .. } => {
            let reference = reference.clone();
            drafts::remove_all(app.model.form());
            patch::show_step(app)?;
            emit(&app.root, "formfabrik-submitted", &reference);
            Ok(())
        }
        Phase::Filling => show_refused(app),
        _ => {
            drafts::save(app);
            patch::redraw(app)
        }
    }
}

/// Back on the step with refused answers (see `Wizard::reject`): their errors at the
/// fields and in the summary.
fn show_refused(app: &mut App) -> Result<(), JsValue> {
    app.model.show_errors = true;
    patch::show_step(app)?;
    if let Position::Step(step) = app.model.wizard.position() {
        let errors = app.model.wizard.step_errors(step);
        patch::show_summary(app, &errors)?;
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
                let state = &mut app.model.wizard.state;
                if let Some(loc) = state.find_path(field) {
                    if let engine::expr::Value::List(mut list) = state.value(&loc) {
                        list.retain(|f| !matches!(f, engine::expr::Value::File(f) if f.id == id));
                        state.set(&loc, engine::expr::Value::List(list));
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

/// Offers the answers as a JSON file, for portals and citizens that ask for it.
pub fn download_answers(app: &App) {
    let model = &app.model;
    let payload = engine::payload::build_payload(&model.wizard.state, model.wizard.lang, &[]);
    let name = format!("{}.json", model.form().form.id);
    download(&app.root, &name, &payload.to_pretty());
}
