//! The form's own settings, shown while no element is selected.

use authoring::edit::EditError;
use engine::format::{
    DraftSettings, Form, Parameter, ParameterKind, SubmissionSettings, DEFAULT_DRAFT_DAYS,
};
use engine::zone::{TimeZone, GERMANY, TIME_ZONES};
use leptos::prelude::*;

use crate::doc::{use_doc, Doc};
use crate::i18n::{en, tr};

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
                |f| f.title.en.clone().unwrap_or_default(),
                |f, v| f.title.en = Some(v).filter(|v| !v.is_empty()))}
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
            <ParametersEditor/>
        </section>
    }
}

/// The form's parameters: values each municipality sets when it publishes the form.
#[component]
pub fn ParametersEditor() -> impl IntoView {
    let doc = use_doc();
    let count = Memo::new(move |_| doc.form.with(|f| f.parameters.len()));
    view! {
        <fieldset class="parameters">
            <legend>{t!("Parameter der Kommune", "Municipality parameters")}</legend>
            <p class="hint">{t!("Werte, die jede Kommune beim Veröffentlichen selbst setzt, z. B. ihren Steuersatz. In Ausdrücken: param.schluessel.", "Values each municipality sets when publishing, e.g. its tax rate. In expressions: param.key.")}</p>
            <For each=move || 0..count.get() key=|i| *i let:index>
                {parameter_row(doc, index)}
            </For>
            <button type="button" class="secondary" on:click=move |_| {
                doc.change(None, |form| -> Result<(), EditError> {
                    let mut keys = authoring::keys::Keys::new(form.parameters.iter().map(|p| p.key.clone()));
                    form.parameters.push(Parameter {
                        key: keys.claim("wert"),
                        label: engine::Text::de("Neuer Parameter"),
                        kind: ParameterKind::Number,
                        default: Some("0".into()),
                    });
                    Ok(())
                });
                doc.announce(tr("Parameter hinzugefügt.", "Parameter added."));
            }>{t!("+ Parameter hinzufügen", "+ Add parameter")}</button>
        </fieldset>
    }
}

fn parameter_row(doc: Doc, index: usize) -> impl IntoView {
    let edit = move |merge: &'static str, f: Box<dyn FnOnce(&mut Parameter)>| {
        doc.change(
            Some(&format!("parameter-{merge}-{index}")),
            |form| -> Result<(), EditError> {
                if let Some(parameter) = form.parameters.get_mut(index) {
                    f(parameter);
                }
                Ok(())
            },
        );
    };
    let read = move |f: fn(&Parameter) -> String| {
        doc.form
            .with(|form| form.parameters.get(index).map(f).unwrap_or_default())
    };
    let id = |what: &str| format!("parameter-{index}-{what}");
    view! {
        <div class="parameter-row">
            <div class="field">
                <label for=id("label")>{t!("Bezeichnung", "Label")}</label>
                <input id=id("label") type="text" prop:value=move || read(|p| p.label.de.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); edit("label", Box::new(move |p| p.label.de = v)); }
                    on:blur=move |_| doc.seal()/>
            </div>
            <div class="field">
                <label for=id("key")>{t!("Schlüssel", "Key")}</label>
                <input id=id("key") type="text" spellcheck="false" prop:value=move || read(|p| p.key.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); edit("key", Box::new(move |p| p.key = v)); }
                    on:blur=move |_| doc.seal()/>
            </div>
            <div class="field">
                <label for=id("type")>{t!("Art", "Type")}</label>
                <select id=id("type") prop:value=move || read(|p| p.kind.name().to_string())
                    on:change=move |ev| {
                        let kind = ParameterKind::parse(&event_target_value(&ev)).unwrap_or(ParameterKind::Text);
                        edit("type", Box::new(move |p| p.kind = kind));
                    }>
                    <option value="number">{t!("Zahl", "Number")}</option>
                    <option value="currency">{t!("Betrag in Euro", "Amount in euros")}</option>
                    <option value="text">{t!("Text", "Text")}</option>
                </select>
            </div>
            <div class="field">
                <label for=id("default")>{t!("Standardwert", "Default")}</label>
                <input id=id("default") type="text" prop:value=move || read(|p| p.default.clone().unwrap_or_default())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        edit("default", Box::new(move |p| p.default = Some(v).filter(|v| !v.is_empty())));
                    }
                    on:blur=move |_| doc.seal()/>
            </div>
            <button type="button" class="small danger" aria-label=move || if en() { format!("Remove parameter “{}”", read(|p| p.label.de.clone())) } else { format!("Parameter „{}“ entfernen", read(|p| p.label.de.clone())) }
                on:click=move |_| {
                    doc.change(None, |form| -> Result<(), EditError> {
                        if index < form.parameters.len() {
                            form.parameters.remove(index);
                        }
                        Ok(())
                    });
                    doc.announce(tr("Parameter entfernt.", "Parameter removed."));
                }>{t!("Entfernen", "Remove")}</button>
        </div>
    }
}
