//! The form designer's components. `app/` only mounts [`App`].
//!
//! The preview is the runtime itself: a `<formfabrik-assistant>` element, defined by the
//! runtime bundle that `index.html` loads, so form builders see exactly what citizens get.

use leptos::prelude::*;

/// The example forms served from `public/forms/`.
pub const EXAMPLES: [(&str, &str); 3] = [
    ("hundesteuer-anmeldung", "Hund zur Hundesteuer anmelden"),
    ("bewohnerparkausweis", "Bewohnerparkausweis beantragen"),
    ("gewerbeanmeldung", "Gewerbe anmelden"),
];

#[component]
pub fn App() -> impl IntoView {
    let (selected, set_selected) = signal(EXAMPLES[0].0.to_string());
    view! {
        <header class="topbar">
            <h1>"Formfabrik – Formular-Designer"</h1>
            <a href="/embed-demo.html">"Einbettungs-Demo / embed demo"</a>
        </header>
        <main class="layout">
            <nav aria-labelledby="forms-heading" class="forms">
                <h2 id="forms-heading">"Beispielformulare"</h2>
                <ul>
                    {EXAMPLES
                        .iter()
                        .map(|(id, title)| {
                            let id = id.to_string();
                            let current = {
                                let id = id.clone();
                                move || (selected.get() == id).then_some("true")
                            };
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        aria-pressed=move || if current().is_some() { "true" } else { "false" }
                                        on:click=move |_| set_selected.set(id.clone())
                                    >
                                        {*title}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <section aria-labelledby="preview-heading" class="preview">
                <h2 id="preview-heading">"Vorschau"</h2>
                // Re-created on every change, so the runtime mounts the new definition.
                {move || {
                    let src = format!("forms/{}.json", selected.get());
                    view! { <formfabrik-assistant src=src lang="de"></formfabrik-assistant> }
                }}
            </section>
        </main>
    }
}
