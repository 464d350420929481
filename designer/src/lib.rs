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
mod inspector;
mod json_view;
mod kinds;
mod options;
mod palette;
mod parameters;
mod places;
mod problems;
mod rules;
mod settings;
mod storage;
mod translations;

use std::time::Duration;

use authoring::fim::Import;
use engine::{Form, Lang};
use leptos::ev;
use leptos::prelude::*;

use i18n::tr;
use wasm_bindgen::JsCast;

use doc::Doc;
use fim_import::FimImport;

/// The example forms served from `public/forms/`.
pub const EXAMPLES: [(&str, &str); 4] = [
    ("hundesteuer-anmeldung", "Hund zur Hundesteuer anmelden"),
    ("bewohnerparkausweis", "Bewohnerparkausweis beantragen"),
    ("gewerbeanmeldung", "Gewerbe anmelden"),
    (
        "asbest-anzeige",
        "Tätigkeiten mit Asbest anzeigen (aus FIM)",
    ),
];

/// What the middle column shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Build,
    Translations,
    Json,
}

/// The panels that open above the work area.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Panel {
    Fim,
    Embed,
}

#[derive(Clone, PartialEq)]
enum SaveState {
    Saved,
    Pending,
    Failed(String),
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
    let phone = RwSignal::new(false);
    // The preview's language: English once the form has English texts to check.
    let preview_english = RwSignal::new(false);
    // A memo: the switch's visibility follows it without a redraw at every keystroke.
    let has_english = Memo::new(move |_| doc.form.with(|f| f.languages.contains(&Lang::En)));
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
    let preview_src = preview_source(doc);
    shortcuts(doc);

    let open_import = Callback::new(move |import: Import| {
        open_new(doc, import.form, saved);
        panel.set(None);
        doc.announce(tr(
            "Importiertes Formular geöffnet.",
            "Imported form opened.",
        ));
    });
    let import_json = move |name: String, text: String| match authoring::load::load_form(&text) {
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
    };
    file_drop(import_json);

    let toggle = move |which: Panel| {
        panel.update(|p| *p = if *p == Some(which) { None } else { Some(which) })
    };
    let step_id = Memo::new(move |_| {
        doc.form
            .with(|f| f.steps.get(doc.step.get()).map(|s| s.id.clone()))
            .unwrap_or_default()
    });
    let json_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let mode_button = move |which: Mode, de: &'static str, en: &'static str| {
        view! {
            <button type="button" role="tab" aria-selected=move || if mode.get() == which { "true" } else { "false" }
                on:click=move |_| mode.set(which)>{t!(de, en)}</button>
        }
    };

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
                                Ok(chosen) => for (name, text) in chosen { import_json(name, text) },
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
                <nav aria-labelledby="my-forms-heading" class="panel forms">
                    <h2 id="my-forms-heading">{t!("Meine Formulare", "My forms")}</h2>
                    <button type="button" class="secondary" on:click=move |_| {
                        let form = authoring::edit::blank_form(&storage::free_id(authoring::edit::NEW_FORM_ID));
                        open_new(doc, form, saved);
                        doc.announce(tr("Neues Formular angelegt.", "New form created."));
                    }>{t!("+ Neues Formular", "+ New form")}</button>
                    <ul class="my-forms">
                        {move || saved.get().into_iter().map(|entry| my_form(doc, entry, saved)).collect_view()}
                    </ul>
                    <h2 id="examples-heading">{t!("Beispielformulare", "Example forms")}</h2>
                    <ul class="examples" aria-labelledby="examples-heading">
                        {EXAMPLES.iter().map(|&(id, title)| view! {
                            <li>
                                <button type="button"
                                    aria-pressed=move || if doc.form.with(|f| f.id == id) { "true" } else { "false" }
                                    on:click=move |_| open_example(doc, id)>{title}</button>
                            </li>
                        }).collect_view()}
                    </ul>
                </nav>
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
                <section id="preview-panel" aria-labelledby="preview-heading" class="panel preview" class:phone=move || phone.get()
                    hidden=move || !show_preview.get()>
                    <h2 id="preview-heading" tabindex="-1">{t!("Vorschau", "Preview")}</h2>
                    <div class="button-row">
                        {switch(phone, false, ("Desktop", "Desktop"))}
                        {switch(phone, true, ("Smartphone", "Phone"))}
                    </div>
                    <div class="button-row" role="group" aria-labelledby="preview-language" hidden=move || !has_english.get()>
                        <span id="preview-language">{t!("Sprache:", "Language:")}</span>
                        {switch(preview_english, false, ("Deutsch", "German"))}
                        {switch(preview_english, true, ("Englisch", "English"))}
                    </div>
                    <div class="preview-frame">
                        // Re-created when the form or the edited step changes; the
                        // runtime's `preview` mode keeps the answers typed so far.
                        {move || preview_src.get().map(|src| {
                            // Untracked: the source changes with every edit of the form anyway.
                            let english = preview_english.get() && has_english.get_untracked();
                            let lang = if english { "en" } else { "de" };
                            view! {
                                <formfabrik-assistant src=src lang=lang preview="" step=step_id.get()></formfabrik-assistant>
                            }
                        })}
                    </div>
                </section>
            </div>
        </main>
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

/// One button of a two-way switch (preview width, preview language): pressed while
/// `value` is `when`; a click makes it so.
fn switch(value: RwSignal<bool>, when: bool, label: i18n::Words) -> impl IntoView {
    view! {
        <button type="button" class="small" aria-pressed=move || if value.get() == when { "true" } else { "false" }
            on:click=move |_| value.set(when)>{t!(label.0, label.1)}</button>
    }
}

fn my_form(doc: Doc, entry: storage::Saved, saved: RwSignal<Vec<storage::Saved>>) -> impl IntoView {
    let storage::Saved {
        id,
        title,
        leika,
        changed,
    } = entry;
    let (open_id, copy_id, delete_id, current_id) = (id.clone(), id.clone(), id.clone(), id);
    let title_for_delete = title.clone();
    let title_for_copy = title.clone();
    view! {
        <li class:current=move || doc.form.with(|f| f.id == current_id)>
            <button type="button" class="link form-title" on:click=move |_| match storage::load(&open_id) {
                Some(Ok(form)) => { doc.open(form, true); doc.announce(tr("Formular geöffnet.", "Form opened.")); }
                Some(Err(error)) => doc.announce(format!("{} {}", tr("Kann nicht geöffnet werden:", "Cannot be opened:"), error.message().get(i18n::lang()))),
                None => doc.announce(tr("Das Formular ist nicht mehr gespeichert.", "The form is no longer saved.")),
            }>{title.clone()}</button>
            <span class="meta">
                {leika.map(|l| format!("LeiKa {l} · "))}
                {move || format!("{} {}", tr("geändert", "changed"), storage::german_time(&changed))}
            </span>
            <span class="button-row">
                <button type="button" class="small secondary" aria-label=format!("„{title_for_copy}“ duplizieren")
                    on:click=move |_| {
                        if let Some(Ok(mut form)) = storage::load(&copy_id) {
                            form.id = storage::free_id(&copy_id);
                            form.title.de = format!("{} (Kopie)", form.title.de);
                            open_new(doc, form, saved);
                            doc.announce(tr("Kopie angelegt und geöffnet.", "Copy created and opened."));
                        }
                    }>{t!("Duplizieren", "Duplicate")}</button>
                <button type="button" class="small danger" aria-label=format!("„{title_for_delete}“ löschen")
                    on:click=move |_| {
                        let confirmed = web_sys::window()
                            .and_then(|w| w.confirm_with_message(&format!("„{title_for_delete}“ endgültig löschen?")).ok())
                            .unwrap_or(false);
                        if confirmed {
                            storage::delete(&delete_id);
                            saved.set(storage::list());
                            doc.announce(tr("Formular gelöscht.", "Form deleted."));
                        }
                    }>{t!("Löschen", "Delete")}</button>
            </span>
        </li>
    }
}

/// Opens a form that is new to "Meine Formulare" (imported, copied, blank) and saves it.
fn open_new(doc: Doc, mut form: Form, saved: RwSignal<Vec<storage::Saved>>) {
    if saved.with_untracked(|s| s.iter().any(|s| s.id == form.id)) {
        form.id = storage::free_id(&form.id);
    }
    let stored = storage::save(&form, None).is_ok();
    saved.set(storage::list());
    doc.open(form, stored);
}

/// Opens an example from `public/forms/` (or its saved copy, with the changes made to it).
fn open_example(doc: Doc, id: &'static str) {
    if let Some(Ok(form)) = storage::load(id) {
        doc.open(form, true);
        doc.announce(tr(
            "Ihre gespeicherte Fassung des Beispiels wurde geöffnet.",
            "Your saved version of the example was opened.",
        ));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match fetch_text(&format!("forms/{id}.json")).await {
            Ok(text) => match authoring::load::load_form(&text) {
                Ok(form) => doc.open(form, false),
                Err(error) => doc.announce(error.message().get(i18n::lang())),
            },
            Err(why) => doc.announce(format!(
                "{} ({why}).",
                tr(
                    "Das Beispiel konnte nicht geladen werden",
                    "The example could not be loaded"
                )
            )),
        }
    });
}

async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("kein Fenster")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "Netzwerkfehler".to_string())?
        .dyn_into()
        .map_err(|_| "keine Antwort".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| "keine Antwort".to_string())?)
        .await
        .map_err(|_| "Antwort unlesbar".to_string())?;
    text.as_string()
        .ok_or_else(|| "Antwort unlesbar".to_string())
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

/// The preview's `src`: a blob URL of the form, renewed shortly after changes.
fn preview_source(doc: Doc) -> RwSignal<Option<String>> {
    let src = RwSignal::new(None::<String>);
    let previous = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let revision = doc.revision.get();
        doc.form.track();
        set_timeout(
            move || {
                if doc.revision.get_untracked() != revision {
                    return;
                }
                // Compiled here as when publishing, also with errors: the preview shows
                // the form being built while the problems panel lists what is wrong.
                let published = doc.form.with_untracked(|f| {
                    authoring::publish::encode(&authoring::compile::analyze(f.clone()).0)
                });
                if let Some(url) = files::bytes_url(&published.bytes, "application/octet-stream") {
                    // The element before the current one has surely read its URL by now.
                    if let Some(old) = previous.get_value() {
                        files::revoke(&old);
                    }
                    previous.set_value(src.get_untracked());
                    src.set(Some(url));
                }
            },
            Duration::from_millis(if revision == 0 { 0 } else { 300 }),
        );
    });
    src
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
