//! The top bar: the form's title, undo and redo, the problem count, whether it is
//! saved, the preview, JSON import and export, publishing, FIM import, the language.

use engine::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::doc::use_doc;
use crate::i18n::{self, tr};
use crate::{files, storage};

/// The panels that open above the work area.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Fim,
    Embed,
}

#[derive(Clone, PartialEq)]
pub enum SaveState {
    Saved,
    Pending,
    Failed(String),
}

#[component]
pub fn TopBar(
    save_state: RwSignal<SaveState>,
    show_preview: RwSignal<bool>,
    panel: RwSignal<Option<Panel>>,
    import_error: RwSignal<Option<String>>,
    /// A JSON file chosen: its name and text.
    import_json: Callback<(String, String)>,
) -> impl IntoView {
    let doc = use_doc();
    let toggle = move |which: Panel| {
        panel.update(|p| *p = if *p == Some(which) { None } else { Some(which) })
    };
    let json_input: NodeRef<leptos::html::Input> = NodeRef::new();
    view! {
    <header class="topbar">
        <h1>{t!("Formfabrik – Formular-Designer", "Formfabrik – form designer")}</h1>
        <div class="topbar-title">
            <label for="form-title">{t!("Formulartitel", "Form title")}</label>
            <input id="form-title" type="text"
                prop:value=move || doc.form.with(|f| f.title.de.clone())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    let own = doc.stored_id.get_untracked();
                    doc.change(Some("form-title"), |form| {
                        authoring::edit::set_title(form, &value, |wanted| storage::free_id_besides(wanted, own.as_deref()));
                        Ok(())
                    });
                }
                on:blur=move |_| doc.seal()/>
        </div>
        <div class="topbar-actions">
            <button type="button" disabled=move || !doc.can_undo() aria-keyshortcuts="Control+Z"
                on:click=move |_| doc.undo()>{t!("Rückgängig", "Undo")}</button>
            <button type="button" disabled=move || !doc.can_redo() aria-keyshortcuts="Control+Shift+Z Control+Y"
                on:click=move |_| doc.redo()>{t!("Wiederholen", "Redo")}</button>
            <a href="#problems-heading" class="problems-count">{move || {
                let (errors, warnings) = doc.problems.with(|p| {
                    let errors = p.iter().filter(|p| p.severity == authoring::Severity::Error).count();
                    (errors, p.len() - errors)
                });
                format!("{errors} {}, {warnings} {}", tr("Fehler", "errors"), tr("Warnungen", "warnings"))
            }}</a>
            <span class="save-state" role="status">{move || match save_state.get() {
                SaveState::Saved => tr("Gespeichert", "Saved").to_string(),
                SaveState::Pending => tr("Wird gespeichert …", "Saving …").to_string(),
                SaveState::Failed(why) => format!("{} {why}", tr("Nicht gespeichert:", "Not saved:")),
            }}</span>
            <button type="button" aria-pressed=move || if show_preview.get() { "true" } else { "false" }
                aria-controls="preview-panel"
                on:click=move |_| {
                    // Shown where the builder looks: scrolled to when out of sight,
                    // hidden only when in sight.
                    if show_preview.get_untracked() && in_sight("preview-panel") {
                        show_preview.set(false);
                    } else {
                        show_preview.set(true);
                        request_animation_frame(|| reveal("preview-heading"));
                    }
                }>{t!("Vorschau", "Preview")}</button>
            <button type="button" on:click=move |_| {
                if let Some(input) = json_input.get_untracked() { input.click(); }
            }>{t!("JSON importieren", "Import JSON")}</button>
            <input type="file" accept=".json,application/json" hidden node_ref=json_input
                aria-label=t!("JSON-Datei importieren", "Import JSON file")
                on:change=move |ev| {
                    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
                    wasm_bindgen_futures::spawn_local(async move {
                        match files::read_chosen(&input).await {
                            Ok(chosen) => for (name, text) in chosen { import_json.run((name, text)) },
                            Err(why) => import_error.set(Some(why)),
                        }
                        input.set_value("");
                    });
                }/>
            <button type="button" on:click=move |_| {
                let (id, json) = doc.form.with_untracked(|f| (f.id.clone(), authoring::codec::write_form(f).to_pretty()));
                files::download(&format!("{id}.json"), &json);
                doc.announce(tr("Formular als JSON heruntergeladen.", "Form downloaded as JSON."));
            }>{t!("Exportieren", "Export")}</button>
            <button type="button" aria-expanded=move || if panel.get() == Some(Panel::Embed) { "true" } else { "false" }
                aria-controls="embed-panel" on:click=move |_| toggle(Panel::Embed)>{t!("Veröffentlichen", "Publish")}</button>
            <button type="button" aria-expanded=move || if panel.get() == Some(Panel::Fim) { "true" } else { "false" }
                aria-controls="fim-panel" on:click=move |_| toggle(Panel::Fim)>{t!("Aus FIM importieren", "Import from FIM")}</button>
            <a href="/embed-demo.html">{t!("Einbettungs-Demo", "Embed demo")}</a>
            <button type="button" lang=move || if i18n::lang() == Lang::De { "en" } else { "de" }
                on:click=move |_| {
                    let next = if i18n::lang() == Lang::De { Lang::En } else { Lang::De };
                    i18n::language().set(next);
                    if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                        let _ = html.set_attribute("lang", next.code());
                    }
                }>{move || if i18n::lang() == Lang::De { "English" } else { "Deutsch" }}</button>
        </div>
    </header>
    }
}

/// Whether the element with `id` is at least partly on the screen.
fn in_sight(id: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    window
        .document()
        .and_then(|d| d.get_element_by_id(id))
        .map(|e| e.get_bounding_client_rect())
        .is_some_and(|r| r.height() > 0.0 && r.top() < height && r.bottom() > 0.0)
}

/// Scrolls the element with `id` into sight and moves focus there.
fn reveal(id: &str) {
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    element.scroll_into_view_with_bool(true);
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}
