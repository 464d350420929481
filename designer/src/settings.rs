//! The form's own settings, shown while no element is selected.

use leptos::prelude::*;
use shared::edit::EditError;
use shared::format::{Form, SubmissionSettings};

use crate::doc::{use_doc, Doc};

fn form_input(
    doc: Doc,
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    get: fn(&Form) -> String,
    set: fn(&mut Form, String),
) -> impl IntoView {
    let id = format!("form-{name}");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" aria-describedby=hint.map(|_| hint_id.clone())
                prop:value=move || doc.form.with(get)
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    doc.change(Some(name), |form| -> Result<(), EditError> { set(form, value); Ok(()) });
                }
                on:blur=move |_| doc.seal()/>
            {hint.map(|h| view! { <span class="hint" id=hint_id>{h}</span> })}
        </div>
    }
}

#[component]
pub fn FormSettings() -> impl IntoView {
    let doc = use_doc();
    view! {
        <section class="panel inspector" aria-labelledby="settings-heading">
            <h2 id="settings-heading">"Formular"</h2>
            <p class="hint">"Kein Element ausgewählt: hier stehen die Angaben zum ganzen Formular."</p>
            {move || doc.form.with(|f| f.fim.as_ref().map(|fim| view! {
                <p class="fim-provenance">{format!("Aus FIM: {} Version {}", fim.id, fim.version)}</p>
            }))}
            {form_input(doc, "title-en", "Titel (Englisch)", None,
                |f| f.title.en.clone().unwrap_or_default(),
                |f, v| f.title.en = Some(v).filter(|v| !v.is_empty()))}
            {form_input(doc, "leika", "LeiKa-Schlüssel", Some("14 Ziffern, beginnt mit 99, z. B. 99108008000000."),
                |f| f.leika.clone().unwrap_or_default(),
                |f, v| f.leika = Some(v.trim().to_string()).filter(|v| !v.is_empty()))}
            {form_input(doc, "version", "Version", Some("Erhöhen Sie sie bei jeder Veröffentlichung, z. B. 1.1.0."),
                |f| f.version.clone(),
                |f, v| f.version = v)}
            {form_input(doc, "id", "Kennung", Some("Kleinbuchstaben und Bindestriche; bestimmt den Dateinamen."),
                |f| f.id.clone(),
                |f, v| f.id = v)}
            {form_input(doc, "endpoint", "Empfangsadresse für Anträge", Some("https://…; die einbettende Seite kann sie überschreiben."),
                |f| f.submission.as_ref().and_then(|s| s.endpoint.clone()).unwrap_or_default(),
                |f, v| f.submission = Some(v.trim().to_string()).filter(|v| !v.is_empty()).map(|endpoint| SubmissionSettings { endpoint: Some(endpoint) }))}
        </section>
    }
}
