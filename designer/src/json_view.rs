//! The JSON view: the definition as text, applied after validation.

use leptos::prelude::*;

use crate::doc::use_doc;
use crate::i18n::{lang, tr};

#[component]
pub fn JsonView() -> impl IntoView {
    let doc = use_doc();
    let text = RwSignal::new(
        doc.form
            .with_untracked(|f| authoring::codec::write_form(f).to_pretty()),
    );
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="panel json-view" aria-labelledby="json-heading">
            <h2 id="json-heading">"JSON"</h2>
            <p class="hint">{t!("Die Formulardefinition, wie sie gespeichert wird. Änderungen werden erst nach der Prüfung übernommen.", "The form definition as it is saved. Changes apply only after they are checked.")}</p>
            <label for="json-text">{t!("Formulardefinition (JSON)", "Form definition (JSON)")}</label>
            <textarea id="json-text" class="code" rows="24" spellcheck="false"
                aria-describedby="json-error"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div class="button-row">
                <button type="button" on:click=move |_| {
                    match authoring::load::load_form(&text.get_untracked()) {
                        Ok(form) => {
                            error.set(None);
                            doc.change(None, |current| { *current = form; Ok(()) });
                            doc.selected.set(None);
                            doc.announce(tr("JSON übernommen.", "JSON applied."));
                        }
                        Err(e) => error.set(Some(e.message().get(lang()).to_string())),
                    }
                }>{t!("Übernehmen", "Apply")}</button>
                <button type="button" class="secondary" on:click=move |_| {
                    text.set(doc.form.with_untracked(|f| authoring::codec::write_form(f).to_pretty()));
                    error.set(None);
                }>{t!("Verwerfen", "Discard")}</button>
            </div>
            <div id="json-error" role="alert">
                {move || error.get().map(|e| view! { <div class="error-box"><p>{tr("Nicht übernommen: ", "Not applied: ")}{e}</p></div> })}
            </div>
        </section>
    }
}
