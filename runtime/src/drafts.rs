//! Drafts in the page's localStorage: the answers typed so far, kept until the
//! application is sent or deleted, and at most as many days as the form says (they may
//! hold an IBAN or a health detail). Written when the citizen leaves a field, moves on,
//! or the page is hidden or closed, not at every keystroke. Storage may be unavailable
//! (private mode): the assistant then simply works without drafts.

use engine::view::Phase;
use engine::{CompiledForm, Json};
use wasm_bindgen::prelude::*;

use crate::app::{now, App};

#[wasm_bindgen(module = "/src/dom.js")]
extern "C" {
    /// The page's localStorage; `None` where the browser refuses it.
    fn storage() -> Option<web_sys::Storage>;
}

/// What `find` found for a form.
pub enum Found {
    Nothing,
    /// A draft of this form (maybe of another version).
    Draft(Json),
    /// A draft older than the form keeps drafts: deleted, and the citizen is told.
    Expired,
}

/// This version's draft, or else one of another version of the same form; an expired
/// one is deleted.
pub fn find(form: &CompiledForm) -> Found {
    let Some(storage) = storage() else {
        return Found::Nothing;
    };
    let exact = storage
        .get_item(&engine::draft::storage_key(form))
        .ok()
        .flatten();
    let text = exact.or_else(|| {
        let key = keys_of(&storage, &form.form.id).into_iter().next()?;
        storage.get_item(&key).ok().flatten()
    });
    let Some(draft) = text.and_then(|text| Json::parse(&text).ok()) else {
        return Found::Nothing;
    };
    if engine::draft::expired(&draft, now(), form.form.draft_days()) {
        remove_all(form);
        return Found::Expired;
    }
    Found::Draft(draft)
}

/// Writes the draft when answers were typed since it was last written.
pub fn save_if_changed(app: &mut App) {
    if app.unsaved {
        save(app);
    }
}

/// Writes the draft now (while the citizen fills in the form or may retry sending).
pub fn save(app: &mut App) {
    app.unsaved = false;
    let model = &app.model;
    if !matches!(model.phase, Phase::Filling | Phase::Failed { .. }) {
        return;
    }
    let form = model.form();
    let draft = engine::draft::save(&model.wizard, &app.idempotency_key, now());
    // Nothing entered yet, or drafts not kept: no draft, so nobody is asked to
    // "continue" an empty form.
    if form.form.draft_days() == 0 || !engine::draft::has_answers(&draft) {
        remove_all(form);
        return;
    }
    if let Some(storage) = storage() {
        let key = engine::draft::storage_key(form);
        if storage.set_item(&key, &draft.to_compact()).is_err() {
            web_sys::console::warn_1(&JsValue::from_str(
                "Formfabrik: the draft could not be saved",
            ));
        }
    }
}

/// Deletes the drafts of every version of the form.
pub fn remove_all(form: &CompiledForm) {
    let Some(storage) = storage() else { return };
    for key in keys_of(&storage, &form.form.id) {
        let _ = storage.remove_item(&key);
    }
}

/// The keys of the drafts of every version of the form `form_id`.
fn keys_of(storage: &web_sys::Storage, form_id: &str) -> Vec<String> {
    let prefix = engine::draft::key_prefix(form_id);
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(&prefix))
        .collect()
}
