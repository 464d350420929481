//! The live preview: the runtime itself with the form compiled as when publishing,
//! on a desktop or phone width, in German or English.

use std::time::Duration;

use engine::Lang;
use leptos::prelude::*;

use crate::doc::{use_doc, Doc};
use crate::files;
use crate::i18n;

#[component]
pub fn Preview(show_preview: RwSignal<bool>) -> impl IntoView {
    let doc = use_doc();
    let phone = RwSignal::new(false);
    // The preview's language: English once the form has English texts to check.
    let preview_english = RwSignal::new(false);
    // A memo: the switch's visibility follows it without a redraw at every keystroke.
    let has_english = Memo::new(move |_| doc.form.with(|f| f.languages.contains(&Lang::En)));
    let preview_src = preview_source(doc);
    let step_id = Memo::new(move |_| {
        doc.form
            .with(|f| f.steps.get(doc.step.get()).map(|s| s.id.clone()))
            .unwrap_or_default()
    });
    view! {
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
