//! The form's own settings, shown while no element is selected.

use authoring::edit::EditError;
use engine::format::{DraftSettings, Form, SubmissionSettings, DEFAULT_DRAFT_DAYS};
use engine::text::Lang;
use engine::zone::{TimeZone, GERMANY, TIME_ZONES};
use leptos::prelude::*;

use crate::doc::{use_doc, Doc};
use crate::i18n::tr;

fn form_input(
    doc: Doc,
    name: &'static str,
    label: (&'static str, &'static str),
    hint: Option<(&'static str, &'static str)>,
    get: fn(&Form) -> String,
    set: fn(&mut Form, String),
) -> impl IntoView {
    let id = format!("form-{name}");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id.clone()>{t!(label.0, label.1)}</label>
            <input id=id type="text" aria-describedby=hint.map(|_| hint_id.clone())
                prop:value=move || doc.form.with(get)
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    doc.change(Some(name), |form| -> Result<(), EditError> { set(form, value); Ok(()) });
                }
                on:blur=move |_| doc.seal()/>
            {hint.map(|h| view! { <span class="hint" id=hint_id>{t!(h.0, h.1)}</span> })}
        </div>
    }
}

#[component]
pub fn FormSettings() -> impl IntoView {
    let doc = use_doc();
    view! {
        <section class="panel inspector" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{t!("Formular", "Form")}</h2>
            <p class="hint">{t!("Kein Element ausgewählt: hier stehen die Angaben zum ganzen Formular.", "No element selected: these are the settings of the whole form.")}</p>
            {move || doc.form.with(|f| f.fim.as_ref().map(|fim| view! {
                <p class="fim-provenance">{format!("{} {} {} {}", tr("Aus FIM:", "From FIM:"), fim.id, tr("Version", "version"), fim.version)}</p>
            }))}
            {form_input(doc, "title-en", ("Titel (Englisch)", "Title (English)"), None,
                |f| authoring::edit::language_of(&f.title, Lang::En),
                |f, v| authoring::edit::set_language(&mut f.title, Lang::En, v))}
            {form_input(doc, "leika", ("LeiKa-Schlüssel", "LeiKa key"), Some(("14 Ziffern, beginnt mit 99, z. B. 99108008000000.", "14 digits starting with 99, e.g. 99108008000000.")),
                |f| f.leika.clone().unwrap_or_default(),
                |f, v| f.leika = Some(v.trim().to_string()).filter(|v| !v.is_empty()))}
            {form_input(doc, "version", ("Version", "Version"), Some(("Erhöhen Sie sie bei jeder Veröffentlichung, z. B. 1.1.0.", "Raise it with every publication, e.g. 1.1.0.")),
                |f| f.version.clone(),
                |f, v| f.version = v)}
            {form_input(doc, "id", ("Kennung", "Identifier"), Some(("Kleinbuchstaben und Bindestriche; bestimmt den Dateinamen.", "Lower-case letters and hyphens; gives the file name.")),
                |f| f.id.clone(),
                |f, v| f.id = v)}
            {form_input(doc, "endpoint", ("Empfangsadresse für Anträge", "Address receiving the applications"), Some(("https://…; die einbettende Seite kann sie überschreiben.", "https://…; the embedding page can override it.")),
                |f| f.submission.as_ref().and_then(|s| s.endpoint.clone()).unwrap_or_default(),
                |f, v| f.submission = Some(v.trim().to_string()).filter(|v| !v.is_empty()).map(|endpoint| SubmissionSettings { endpoint: Some(endpoint) }))}
            <div class="field">
                <label for="form-time-zone">{t!("Zeitzone der Behörde", "The authority's time zone")}</label>
                <select id="form-time-zone" aria-describedby="form-time-zone-hint"
                    on:change=move |ev| {
                        let zone = TimeZone::from_name(&event_target_value(&ev)).filter(|z| *z != GERMANY);
                        doc.change(None, |form| -> Result<(), EditError> { form.time_zone = zone; Ok(()) });
                    }>
                    {TIME_ZONES.iter().map(|zone| {
                        let name = zone.name;
                        view! {
                            <option value=name selected=move || doc.form.with(|f| f.time_zone().name == name)>{name}</option>
                        }
                    }).collect_view()}
                </select>
                <span class="hint" id="form-time-zone-hint">{t!("„Heute“ in Datumsregeln ist der Tag dort, auch kurz nach Mitternacht.", "\"Today\" in date rules is the day there, also just after midnight.")}</span>
            </div>
            {form_input(doc, "draft-days", ("Entwürfe auf dem Gerät behalten (Tage)", "Keep drafts on the device (days)"), Some(("Höchstens 90; 0: keine Entwürfe. Bürgerinnen und Bürger erfahren es im Formular.", "At most 90; 0: no drafts. Citizens are told in the form.")),
                |f| f.draft_days().to_string(),
                |f, v| {
                    let days = engine::number::parse_unsigned(v.trim(), 10)
                        .and_then(|d| u32::try_from(d).ok());
                    if let Some(keep_days) = days {
                        f.drafts = (keep_days != DEFAULT_DRAFT_DAYS)
                            .then_some(DraftSettings { keep_days });
                    }
                })}
            <crate::parameters::ParametersEditor/>
        </section>
    }
}
