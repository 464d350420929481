//! Drag and drop with pointer events, so mouse, pen and touch all work: from the
//! palette (a new element) or a card (moving it, a group with its children) to any
//! place in any step or group. Lists that accept drops carry `data-drop-step` and
//! `data-drop-parent`; their items carry `data-index`. While dragging, a line shows
//! where the element will land; Escape cancels.
//!
//! The keyboard has the same powers through the cards' commands (see `canvas.rs`).

use std::cell::{Cell, RefCell};

use authoring::edit::{self, Path, Slot};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, PointerEvent};

use crate::doc::Doc;
use crate::i18n::tr;
use crate::{commands, kinds};
use engine::format::KindName;

#[derive(Clone, Debug)]
pub enum Source {
    Palette(KindName),
    Element(Path),
}

struct Drag {
    source: Source,
    start: (i32, i32),
    active: bool,
    target: Option<Slot>,
}

/// Pixels a pointer must travel before a press becomes a drag (a click stays a click).
const THRESHOLD: i32 = 6;

thread_local! {
    static DRAG: RefCell<Option<Drag>> = const { RefCell::new(None) };
    /// A drag ends with a click on what was pressed; that click must not act.
    static SUPPRESS_CLICK: Cell<bool> = const { Cell::new(false) };
}

/// Called on `pointerdown` of a palette entry or a card.
pub fn start(source: Source, ev: &PointerEvent) {
    if ev.button() != 0 {
        return;
    }
    // Touch drags only from handles and palette entries, so the canvas still scrolls.
    if ev.pointer_type() != "mouse" {
        let on_handle = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest(".handle, .palette-item").ok().flatten())
            .is_some();
        if !on_handle {
            return;
        }
    }
    DRAG.with_borrow_mut(|drag| {
        *drag = Some(Drag {
            source,
            start: (ev.client_x(), ev.client_y()),
            active: false,
            target: None,
        })
    });
}

/// Whether the click now arriving ends a drag (and must be ignored).
pub fn take_click_suppression() -> bool {
    SUPPRESS_CLICK.with(|s| s.replace(false))
}

/// Window listeners for the whole session; `dragging` drives the canvas's drag look.
pub fn install(doc: Doc, dragging: RwSignal<bool>) {
    let moved = window_event_listener(ev::pointermove, move |ev| {
        let (x, y) = (ev.client_x(), ev.client_y());
        let update = DRAG.with_borrow_mut(|drag| {
            let drag = drag.as_mut()?;
            if !drag.active {
                let (sx, sy) = drag.start;
                if (x - sx).abs() + (y - sy).abs() < THRESHOLD {
                    return None;
                }
                drag.active = true;
            }
            drag.target = slot_at(x, y);
            Some(label_of(&doc, &drag.source))
        });
        if let Some(label) = update {
            ev.prevent_default();
            dragging.set(true);
            show_ghost(&label, x, y);
        }
    });
    let released = window_event_listener(ev::pointerup, move |_| {
        let finished = DRAG.with_borrow_mut(Option::take);
        hide_feedback();
        dragging.set(false);
        let Some(drag) = finished.filter(|d| d.active) else {
            return;
        };
        SUPPRESS_CLICK.with(|s| s.set(true));
        // The click that follows may never come (released elsewhere): forget it soon.
        set_timeout(
            || SUPPRESS_CLICK.with(|s| s.set(false)),
            std::time::Duration::from_millis(50),
        );
        match drag.target {
            Some(slot) => drop_at(&doc, drag.source, &slot),
            None => doc.announce(tr(
                "Nicht abgelegt: hier ist kein Platz für Elemente.",
                "Not placed: there is no room for elements here.",
            )),
        }
    });
    let cancelled = window_event_listener(ev::pointercancel, move |_| {
        DRAG.with_borrow_mut(|drag| *drag = None);
        hide_feedback();
        dragging.set(false);
    });
    let escaped = window_event_listener(ev::keydown, move |ev| {
        if ev.key() == "Escape" && DRAG.with_borrow_mut(Option::take).is_some() {
            hide_feedback();
            dragging.set(false);
            doc.announce(tr("Ziehen abgebrochen.", "Dragging cancelled."));
        }
    });
    // The designer lives as long as the page; the handles are kept for that long.
    std::mem::forget((moved, released, cancelled, escaped));
}

fn drop_at(doc: &Doc, source: Source, slot: &Slot) {
    match source {
        Source::Palette(kind) => commands::insert_new(doc, kind, slot),
        Source::Element(from) => {
            if let Some(path) = doc.change(None, |form| edit::move_element(form, &from, slot)) {
                doc.select(path);
                doc.announce(tr("Element verschoben.", "Element moved."));
            }
        }
    }
}

fn label_of(doc: &Doc, source: &Source) -> String {
    match source {
        Source::Palette(kind) => {
            let name = kinds::entry(*kind).name;
            tr(name.0, name.1).to_string()
        }
        Source::Element(path) => doc.form.with_untracked(|form| {
            edit::element(form, path)
                .map(|e| {
                    if e.label.de.is_empty() {
                        e.key.clone()
                    } else {
                        e.label.de.clone()
                    }
                })
                .unwrap_or_default()
        }),
    }
}

/// The drop place under the pointer, and the indicator drawn there.
fn slot_at(x: i32, y: i32) -> Option<Slot> {
    let document = web_sys::window()?.document()?;
    let under = document.element_from_point(x as f32, y as f32)?;
    let list = under.closest("[data-drop-step]").ok()??;
    let step: usize = list.get_attribute("data-drop-step")?.parse().ok()?;
    let parent: Vec<usize> = list
        .get_attribute("data-drop-parent")
        .unwrap_or_default()
        .split('.')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let items = list.query_selector_all(":scope > [data-index]").ok()?;
    let list_rect = list.get_bounding_client_rect();
    let mut index = items.length() as usize;
    let mut line_y = list_rect.top() + 4.0;
    for i in 0..items.length() {
        let Some(item) = items.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let rect = item.get_bounding_client_rect();
        if f64::from(y) < rect.top() + rect.height() / 2.0 {
            index = i as usize;
            line_y = rect.top() - 3.0;
            break;
        }
        line_y = rect.bottom() + 3.0;
    }
    show_indicator(list_rect.left(), line_y, list_rect.width());
    Some(Slot {
        step,
        parent,
        index,
    })
}

fn feedback(id: &str) -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<HtmlElement>()
        .ok()
}

fn place(element: &HtmlElement, left: f64, top: f64, width: Option<f64>) {
    let style = element.style();
    let _ = style.set_property("left", &format!("{left}px"));
    let _ = style.set_property("top", &format!("{top}px"));
    if let Some(width) = width {
        let _ = style.set_property("width", &format!("{width}px"));
    }
    let _ = element.remove_attribute("hidden");
}

fn show_indicator(left: f64, top: f64, width: f64) {
    if let Some(indicator) = feedback("drop-indicator") {
        place(&indicator, left, top, Some(width));
    }
}

fn show_ghost(label: &str, x: i32, y: i32) {
    if let Some(ghost) = feedback("drag-ghost") {
        ghost.set_text_content(Some(label));
        place(&ghost, f64::from(x + 12), f64::from(y + 12), None);
    }
}

fn hide_feedback() {
    for id in ["drop-indicator", "drag-ghost"] {
        if let Some(element) = feedback(id) {
            let _ = element.set_attribute("hidden", "");
        }
    }
}
