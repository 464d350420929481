//! The form designer's components. `app/` only mounts [`App`].
//!
//! The preview is the runtime itself: a `<formfabrik-assistant>` element, defined by the
//! runtime bundle that `index.html` loads, so form builders see exactly what citizens get.

mod files;
mod fim_import;
mod outline;

use std::sync::Arc;

use leptos::prelude::*;
use shared::fim::Import;

use fim_import::FimImport;
use outline::Outline;

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

/// The form on the canvas.
#[derive(Clone)]
enum Current {
    Example(&'static str),
    /// Imported in this session; its definition is handed to the preview as a blob URL.
    Imported {
        import: Arc<Import>,
        url: String,
    },
}

#[component]
pub fn App() -> impl IntoView {
    let current = RwSignal::new(Current::Example(EXAMPLES[0].0));
    let importing = RwSignal::new(false);
    let open_import = Callback::new(move |import: Import| {
        let json = shared::codec::write_form(&import.form).to_pretty();
        if let Some(url) = files::blob_url(&json, "application/json") {
            if let Current::Imported { url: old, .. } = current.get_untracked() {
                files::revoke(&old);
            }
            current.set(Current::Imported {
                import: Arc::new(import),
                url,
            });
            importing.set(false);
        }
    });
    view! {
        <header class="topbar">
            <h1>"Formfabrik – Formular-Designer"</h1>
            <div class="topbar-actions">
                <button
                    type="button"
                    aria-expanded=move || if importing.get() { "true" } else { "false" }
                    aria-controls="fim-panel"
                    on:click=move |_| importing.update(|open| *open = !*open)
                >
                    "Aus FIM importieren"
                </button>
                <a href="/embed-demo.html">"Einbettungs-Demo / embed demo"</a>
            </div>
        </header>
        <main class="layout">
            <nav aria-labelledby="forms-heading" class="forms">
                <h2 id="forms-heading">"Beispielformulare"</h2>
                <ul>
                    {EXAMPLES
                        .iter()
                        .map(|&(id, title)| {
                            let pressed = move || matches!(current.get(), Current::Example(e) if e == id);
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        aria-pressed=move || if pressed() { "true" } else { "false" }
                                        on:click=move |_| current.set(Current::Example(id))
                                    >
                                        {title}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <div class="work">
                <div id="fim-panel" hidden=move || !importing.get()>
                    <FimImport on_open=open_import/>
                </div>
                {move || match current.get() {
                    Current::Imported { import, .. } => {
                        view! { <Outline form=import.form.clone()/> }.into_any()
                    }
                    Current::Example(_) => ().into_any(),
                }}
                <section aria-labelledby="preview-heading" class="preview">
                    <h2 id="preview-heading">"Vorschau"</h2>
                    // Re-created on every change, so the runtime mounts the new definition.
                    {move || {
                        let src = match current.get() {
                            Current::Example(id) => format!("forms/{id}.json"),
                            Current::Imported { url, .. } => url,
                        };
                        view! { <formfabrik-assistant src=src lang="de"></formfabrik-assistant> }
                    }}
                </section>
            </div>
        </main>
    }
}
