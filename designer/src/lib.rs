//! The form designer's components. `app/` only mounts [`App`].
//!
//! All editing logic is `authoring::edit` (tested natively); these components show the
//! form and route every change through [`doc::Doc`], which keeps the undo history.
//! The preview is the runtime itself: a `<formfabrik-assistant>` element, defined by the
//! runtime bundle that `index.html` loads, so form builders see exactly what citizens get.

// First, so that its `t!` macro is in scope in every module below.
#[macro_use]
mod i18n;
mod canvas;
mod commands;
mod doc;
mod drag;
mod embed;
mod expression;
mod files;
mod fim_import;
mod inbox;
mod inspector;
mod json_view;
mod kinds;
mod my_forms;
mod options;
mod palette;
mod parameters;
mod places;
mod preview;
mod problems;
mod rules;
mod settings;
mod storage;
mod topbar;
mod translations;

use std::time::Duration;

use authoring::fim::Import;
use leptos::ev;
use leptos::prelude::*;

use i18n::tr;
use wasm_bindgen::JsCast;

use doc::Doc;
use fim_import::FimImport;
use my_forms::{open_example, open_new, MyForms};
use preview::Preview;
use topbar::{Panel, SaveState, TopBar};

pub use inbox::pdf_worker::serve as serve_pdf_worker;
pub use inbox::Inbox;
pub use my_forms::EXAMPLES;

/// What the middle column shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Build,
    Translations,
    Json,
}

#[component]
pub fn App() -> impl IntoView {
    i18n::init();
    let doc = Doc::new(authoring::edit::blank_form(authoring::edit::NEW_FORM_ID));
    provide_context(doc);
    let dragging = RwSignal::new(false);
    drag::install(doc, dragging);
    let mode = RwSignal::new(Mode::Build);
    let panel = RwSignal::new(None::<Panel>);
    let show_preview = RwSignal::new(true);
    let saved = RwSignal::new(storage::list());
    let save_state = RwSignal::new(SaveState::Saved);
    let import_error = RwSignal::new(None::<String>);

    // Reopen the form worked on last; a first visit starts with the first example.
    match saved
        .get_untracked()
        .first()
        .and_then(|s| storage::load(&s.id))
    {
        Some(Ok(form)) => doc.open(form, true),
        _ => open_example(doc, EXAMPLES[0].0),
    }

    autosave(doc, saved, save_state);
    shortcuts(doc);

    let open_import = Callback::new(move |import: Import| {
        open_new(doc, import.form, saved);
        panel.set(None);
        doc.announce(tr(
            "Importiertes Formular geöffnet.",
            "Imported form opened.",
        ));
    });
    let import_json = Callback::new(move |(name, text): (String, String)| {
        match authoring::load::load_form(&text) {
            Ok(form) => {
                files::mark("formfabrik:open");
                import_error.set(None);
                open_new(doc, form, saved);
                doc.announce(format!("„{name}“ {}", tr("importiert.", "imported.")));
                // Measured once the canvas is drawn and painted (the benchmark reads it).
                request_animation_frame(|| {
                    set_timeout(
                        || files::measure("formfabrik:opened", "formfabrik:open"),
                        Duration::ZERO,
                    )
                });
            }
            Err(error) => import_error.set(Some(format!(
                "„{name}“ {} {}",
                tr("wurde nicht importiert:", "was not imported:"),
                error.message().get(i18n::lang())
            ))),
        }
    });
    file_drop(move |name, text| import_json.run((name, text)));

    let mode_button = move |which: Mode, de: &'static str, en: &'static str| {
        view! {
            <button type="button" role="tab" aria-selected=move || if mode.get() == which { "true" } else { "false" }
                on:click=move |_| mode.set(which)>{t!(de, en)}</button>
        }
    };

    view! {
        <TopBar save_state show_preview panel import_error import_json/>
        <div class="sr-only" aria-live="polite" id="announcer">{move || doc.announcement.get()}</div>
        {move || doc.notice().map(|text| view! {
            <div class="notice-bar">
                <p>{text}</p>
                <button type="button" on:click=move |_| { doc.undo(); doc.dismiss(); }>{t!("Rückgängig", "Undo")}</button>
                <button type="button" class="secondary" on:click=move |_| doc.dismiss()>{t!("Schließen", "Close")}</button>
            </div>
        })}
        <div id="drop-indicator" class="drop-indicator" hidden aria-hidden="true"></div>
        <div id="drag-ghost" class="drag-ghost" hidden aria-hidden="true"></div>
        {move || import_error.get().map(|e| view! {
            <div class="error-box import-error" role="alert">
                <p>{e}</p>
                <button type="button" class="secondary" on:click=move |_| import_error.set(None)>{t!("Schließen", "Close")}</button>
            </div>
        })}
        <div id="fim-panel" class="top-panel" hidden=move || panel.get() != Some(Panel::Fim)>
            <FimImport on_open=open_import/>
        </div>
        <div id="embed-panel" class="top-panel" hidden=move || panel.get() != Some(Panel::Embed)>
            {move || (panel.get() == Some(Panel::Embed)).then(|| view! { <embed::Embed/> })}
        </div>
        <main class="layout" class:dragging=move || dragging.get()>
            <div class="side">
                <palette::Palette/>
                <MyForms saved/>
            </div>
            <div class="work">
                <div role="tablist" aria-label=t!("Ansicht", "View") class="modes">
                    {mode_button(Mode::Build, "Aufbau", "Build")}
                    {mode_button(Mode::Translations, "Übersetzungen", "Translations")}
                    {mode_button(Mode::Json, "JSON", "JSON")}
                </div>
                {move || match mode.get() {
                    Mode::Build => view! { <canvas::Canvas/> }.into_any(),
                    Mode::Translations => view! { <translations::Translations/> }.into_any(),
                    Mode::Json => view! { <json_view::JsonView/> }.into_any(),
                }}
                <problems::Problems/>
            </div>
            <div class="aside">
                {move || match doc.selected.get() {
                    Some(_) => view! { <inspector::Inspector/> }.into_any(),
                    None => view! { <settings::FormSettings/> }.into_any(),
                }}
                <Preview show_preview/>
            </div>
        </main>
    }
}

/// Saves the form shortly after each change (not on every keystroke).
fn autosave(doc: Doc, saved: RwSignal<Vec<storage::Saved>>, state: RwSignal<SaveState>) {
    Effect::new(move |_| {
        let revision = doc.revision.get();
        if revision == 0 {
            return;
        }
        state.set(SaveState::Pending);
        set_timeout(
            move || {
                if doc.revision.get_untracked() != revision {
                    return;
                }
                let previous = doc.stored_id.get_untracked();
                let result = doc
                    .form
                    .with_untracked(|form| storage::save(form, previous.as_deref()));
                match result {
                    Ok(entry) => {
                        doc.stored_id.set(Some(entry.id));
                        state.set(SaveState::Saved);
                        saved.set(storage::list());
                    }
                    Err(why) => state.set(SaveState::Failed(why)),
                }
            },
            Duration::from_millis(400),
        );
    });
}

/// Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, outside text inputs (which keep
/// their own undo for typing).
fn shortcuts(doc: Doc) {
    let handle = window_event_listener(ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        let in_text = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|t| {
                matches!(t.tag_name().as_str(), "TEXTAREA" | "SELECT")
                    || (t.tag_name() == "INPUT"
                        && !matches!(
                            t.get_attribute("type").as_deref(),
                            Some("checkbox" | "radio" | "button" | "file")
                        ))
            });
        if in_text {
            return;
        }
        match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => doc.undo(),
            ("z", true) | ("y", false) => doc.redo(),
            _ => return,
        }
        ev.prevent_default();
    });
    std::mem::forget(handle);
}

/// A JSON file dropped anywhere on the window is imported.
fn file_drop(import: impl Fn(String, String) + Clone + 'static) {
    let over = window_event_listener(ev::dragover, |ev| {
        let has_files = ev
            .data_transfer()
            .is_some_and(|d| d.types().includes(&"Files".into(), 0));
        if has_files {
            ev.prevent_default();
        }
    });
    let dropped = window_event_listener(ev::drop, move |ev| {
        let Some(files) = ev.data_transfer().and_then(|d| d.files()) else {
            return;
        };
        if files.length() == 0 {
            return;
        }
        ev.prevent_default();
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            let import = import.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                if let Ok(text) = files::read_text(&file).await {
                    import(name, text);
                }
            });
        }
    });
    std::mem::forget((over, dropped));
}
