//! What the designer does to elements from anywhere (canvas keys, inspector buttons,
//! palette, drag and drop): insert, move, delete, duplicate, each with its
//! announcement, and focus following the element.

use authoring::edit::{self, Path, Slot};
use engine::format::{Element, Form, Kind, KindName};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::doc::Doc;
use crate::i18n::{en, tr};
use crate::kinds;

/// A card's `data-path`: `1-0.2` for step 1, indices 0 and 2.
pub fn path_attr(path: &Path) -> String {
    let indices: Vec<String> = path.indices.iter().map(ToString::to_string).collect();
    format!("{}-{}", path.step, indices.join("."))
}

/// Moves focus to the card of `path` once the canvas has been redrawn.
pub fn focus_card(path: &Path) {
    let selector = format!("[data-path=\"{}\"] .card-main", path_attr(path));
    request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// How announcements and notices name an element: its label, the start of its text,
/// or its key.
pub fn element_name(element: &Element) -> String {
    if !element.label.de.trim().is_empty() {
        element.label.de.clone()
    } else if let Kind::Content { markdown } = &element.kind {
        // The text's start, without the Markdown marks.
        markdown
            .de
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '#' | '[' | ']' | '`'))
            .take(40)
            .collect::<String>()
            .trim()
            .to_string()
    } else {
        element.key.clone()
    }
}

pub fn move_by(doc: Doc, path: &Path, delta: isize) -> Option<Path> {
    let moved = doc.change(None, |form| edit::move_by(form, path, delta))?;
    let position = moved.indices.last().map_or(0, |i| i + 1);
    doc.select(moved.clone());
    doc.announce(if en() {
        format!("Moved to position {position}.")
    } else {
        format!("Verschoben an Position {position}.")
    });
    Some(moved)
}

pub fn to_step(doc: Doc, path: &Path, step: usize) -> Option<Path> {
    let moved = doc.change(None, |form| edit::move_to_step(form, path, step))?;
    let title = doc
        .form
        .with_untracked(|f| f.steps[moved.step].title.de.clone());
    doc.select(moved.clone());
    let number = moved.step + 1;
    doc.announce(if en() {
        format!("Moved to step {number}: {title}.")
    } else {
        format!("Verschoben in Schritt {number}: {title}.")
    });
    Some(moved)
}

pub fn delete(doc: Doc, path: &Path) {
    if let Some(element) = doc.change(None, |form| edit::remove(form, path)) {
        doc.selected.set(None);
        let name = element_name(&element);
        // Conditions and calculations naming it now name nothing: said visibly.
        let referenced = doc.form.with_untracked(|form| {
            fn named(element: &Element, form: &Form) -> bool {
                edit::is_referenced(form, &element.key)
                    || element.children().iter().any(|child| named(child, form))
            }
            named(&element, form)
        });
        doc.notify(match (referenced, en()) {
            (true, true) => format!("“{name}” deleted. Conditions or calculations of other elements refer to it and are now faulty (see \"Problems\")."),
            (true, false) => format!("„{name}“ gelöscht. Bedingungen oder Berechnungen anderer Elemente beziehen sich darauf und sind jetzt fehlerhaft (siehe „Probleme“)."),
            (false, true) => format!("“{name}” deleted."),
            (false, false) => format!("„{name}“ gelöscht."),
        });
    }
}

/// Where a click on the palette inserts: after the selected element, or at the end of
/// the step being edited.
pub fn insertion_slot(doc: &Doc) -> Slot {
    let step = doc.step.get_untracked();
    match doc.selected.get_untracked() {
        Some(path) if path.step == step => {
            let slot = path.slot();
            Slot {
                index: slot.index + 1,
                ..slot
            }
        }
        _ => doc
            .form
            .with_untracked(|form| Slot::end_of_step(form, step)),
    }
}

/// Inserts a new element of `kind` at `slot`, selects it and says so. Its label is
/// the type's German name (the form's texts are German first).
pub fn insert_new(doc: &Doc, kind: KindName, slot: &Slot) {
    let entry = kinds::entry(kind);
    let inserted = doc.change(None, |form| {
        let element = edit::new_element(form, kind, entry.name.0);
        edit::insert(form, slot, element)
    });
    if let Some(path) = inserted {
        let name = tr(entry.name.0, entry.name.1);
        let step_title = doc.form.with_untracked(|f| {
            f.steps
                .get(path.step)
                .map(|s| s.title.de.clone())
                .unwrap_or_default()
        });
        doc.select(path);
        doc.announce(if en() {
            format!("{name} inserted into “{step_title}”.")
        } else {
            format!("{name} eingefügt in „{step_title}“.")
        });
    }
}

/// Inserts a copy of the element at `path` after it (its keys made unique), selects it
/// and says so.
pub fn duplicate(doc: Doc, path: &Path) {
    let copied = doc.change(None, |form| {
        let mut copy = edit::element(form, path)
            .cloned()
            .ok_or_else(|| edit::EditError::NoElement(path.clone()))?;
        let mut keys = edit::all_keys(form);
        copy.key = keys.claim(&copy.key);
        let slot = path.slot();
        edit::insert(
            form,
            &Slot {
                index: slot.index + 1,
                ..slot
            },
            copy,
        )
    });
    if let Some(p) = copied {
        doc.select(p.clone());
        doc.announce(tr("Element dupliziert.", "Element duplicated."));
        focus_card(&p);
    }
}
