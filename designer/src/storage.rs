//! "Meine Formulare": forms kept in the browser's localStorage, one entry per form id
//! plus an index (title, LeiKa key, last change) for the list.

use authoring::load::{load_form, LoadError};
use engine::json::Json;
use engine::Form;

use crate::i18n::tr;

const INDEX: &str = "formfabrik.designer.index";
const PREFIX: &str = "formfabrik.designer.form.";

#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub id: String,
    pub title: String,
    pub leika: Option<String>,
    /// ISO 8601 time of the last change.
    pub changed: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn list() -> Vec<Saved> {
    let Some(text) = storage().and_then(|s| s.get_item(INDEX).ok().flatten()) else {
        return Vec::new();
    };
    let Ok(Json::Array(items)) = Json::parse(&text) else {
        return Vec::new();
    };
    let field = |item: &Json, name: &str| item.get(name).and_then(Json::as_str).map(str::to_string);
    let mut saved: Vec<Saved> = items
        .iter()
        .filter_map(|item| {
            Some(Saved {
                id: field(item, "id")?,
                title: field(item, "title").unwrap_or_default(),
                leika: field(item, "leika"),
                changed: field(item, "changed").unwrap_or_default(),
            })
        })
        .collect();
    saved.sort_by(|a, b| b.changed.cmp(&a.changed));
    saved
}

fn write_index(saved: &[Saved]) -> Result<(), String> {
    let items = saved
        .iter()
        .map(|s| {
            let mut item = vec![
                ("id".to_string(), Json::String(s.id.clone())),
                ("title".to_string(), Json::String(s.title.clone())),
                ("changed".to_string(), Json::String(s.changed.clone())),
            ];
            if let Some(leika) = &s.leika {
                item.push(("leika".to_string(), Json::String(leika.clone())));
            }
            Json::Object(item)
        })
        .collect();
    put(INDEX, &Json::Array(items).to_compact())
}

fn put(key: &str, value: &str) -> Result<(), String> {
    storage()
        .ok_or_else(|| {
            tr(
                "Der Browser erlaubt keinen Speicher für diese Seite.",
                "The browser allows no storage for this page.",
            )
            .to_string()
        })?
        .set_item(key, value)
        .map_err(|_| {
            tr(
                "Der Speicher des Browsers ist voll.",
                "The browser's storage is full.",
            )
            .to_string()
        })
}

/// Saves the form under its id and returns the list entry. `previous`: the id it was
/// kept under so far; a form whose id changed is one form under its new id, not two,
/// and never replaces another saved form.
pub fn save(form: &Form, previous: Option<&str>) -> Result<Saved, String> {
    let renamed = previous.filter(|p| *p != form.id);
    if renamed.is_some() && list().iter().any(|s| s.id == form.id) {
        return Err(format!(
            "{} „{}“ {}",
            tr("Die Kennung", "The identifier"),
            form.id,
            tr(
                "hat schon ein anderes Formular in „Meine Formulare“; bitte eine andere wählen.",
                "is used by another form in \"My forms\"; please choose another one.",
            )
        ));
    }
    put(
        &format!("{PREFIX}{}", form.id),
        &authoring::codec::write_form(form).to_compact(),
    )?;
    let entry = Saved {
        id: form.id.clone(),
        title: form.title.de.clone(),
        leika: form.leika.clone(),
        changed: now_iso(),
    };
    let mut saved = list();
    saved.retain(|s| s.id != form.id && Some(s.id.as_str()) != renamed);
    saved.insert(0, entry.clone());
    write_index(&saved)?;
    if let (Some(old), Some(storage)) = (renamed, storage()) {
        let _ = storage.remove_item(&format!("{PREFIX}{old}"));
    }
    Ok(entry)
}

pub fn load(id: &str) -> Option<Result<Form, LoadError>> {
    let text = storage()?.get_item(&format!("{PREFIX}{id}")).ok()??;
    Some(load_form(&text))
}

pub fn delete(id: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&format!("{PREFIX}{id}"));
    }
    let mut saved = list();
    saved.retain(|s| s.id != id);
    let _ = write_index(&saved);
}

/// An id not used by any saved form, derived from `base`.
pub fn free_id(base: &str) -> String {
    free_id_besides(base, None)
}

/// An id not used by any saved form but `own` (the one being renamed), from `base`.
pub fn free_id_besides(base: &str, own: Option<&str>) -> String {
    let taken = authoring::keys::Keys::new(
        list()
            .into_iter()
            .map(|s| s.id)
            .filter(|id| Some(id.as_str()) != own),
    );
    let base = authoring::keys::slug(base, '-');
    let base = if base.is_empty() {
        "formular".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[allow(clippy::disallowed_methods)] // The one place that reads the clock.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// "22.11.2026, 14:05" from an ISO time, in the browser's time zone.
pub fn german_time(iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return String::new();
    }
    format!(
        "{:02}.{:02}.{}, {:02}:{:02}",
        date.get_date(),
        date.get_month() + 1,
        date.get_full_year(),
        date.get_hours(),
        date.get_minutes()
    )
}
