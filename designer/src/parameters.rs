//! The form's parameters: values each municipality sets when it publishes the form
//! (a tax rate, an office's name), declared here and used in expressions as
//! `param.key`.

use authoring::edit::EditError;
use engine::format::{Parameter, ParameterKind};
use leptos::prelude::*;

use crate::doc::{use_doc, Doc};
use crate::i18n::{en, tr};

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
