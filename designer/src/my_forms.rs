//! "Meine Formulare": the forms saved in this browser, a new one, and the examples.

use engine::Form;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::doc::{use_doc, Doc};
use crate::i18n::{self, tr};
use crate::storage;

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

#[component]
pub fn MyForms(saved: RwSignal<Vec<storage::Saved>>) -> impl IntoView {
    let doc = use_doc();
    view! {
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
pub fn open_new(doc: Doc, mut form: Form, saved: RwSignal<Vec<storage::Saved>>) {
    if saved.with_untracked(|s| s.iter().any(|s| s.id == form.id)) {
        form.id = storage::free_id(&form.id);
    }
    let stored = storage::save(&form, None).is_ok();
    saved.set(storage::list());
    doc.open(form, stored);
}

/// Opens an example from `public/forms/` (or its saved copy, with the changes made to it).
pub fn open_example(doc: Doc, id: &'static str) {
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
