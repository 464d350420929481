//! Publishing and embedding ("Veröffentlichen"): the published form (with the
//! municipality's values for the form's parameters) to download, and the code that
//! puts it on the portal's page.

use leptos::prelude::*;

use crate::doc::use_doc;
use crate::files;
use crate::i18n::tr;

#[component]
pub fn Embed() -> impl IntoView {
    let doc = use_doc();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let runtime = RwSignal::new(format!("{origin}/runtime/formfabrik-runtime.js"));
    let folder = RwSignal::new("/forms/".to_string());
    // Where the applications go: the form's own address unless changed here; the
    // published file carries it, so the snippet needs none.
    let endpoint = RwSignal::new(doc.form.with_untracked(|f| {
        f.submission
            .as_ref()
            .and_then(|s| s.endpoint.clone())
            .unwrap_or_default()
    }));
    let alternative = RwSignal::new(String::new());
    let lang = RwSignal::new("de".to_string());
    let copied = RwSignal::new(String::new());
    // The municipality's values, starting from the defaults.
    let parameters = RwSignal::new(doc.form.with_untracked(|f| {
        f.parameters
            .iter()
            .map(|p| {
                (
                    p.key.clone(),
                    p.label.de.clone(),
                    p.default.clone().unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>()
    }));
    // The form as published with these values: its file, or why it cannot be published.
    let published = Memo::new(move |_| {
        let values: Vec<(String, String)> = parameters.with(|ps| {
            ps.iter()
                .filter(|(_, _, value)| !value.is_empty())
                .map(|(key, _, value)| (key.clone(), value.clone()))
                .collect()
        });
        let endpoint = endpoint.get();
        doc.form.with(|form| {
            let mut form = form.clone();
            if !endpoint.trim().is_empty() {
                form.submission
                    .get_or_insert_with(Default::default)
                    .endpoint = Some(endpoint.trim().to_string());
            }
            authoring::publish::publish(form.clone(), &values)
                .map(|publication| (publication.file_name(&form), publication.bytes))
                .map_err(|problems| problems.len())
        })
    });
    let snippet = move || {
        let Ok((file, _)) = published.get() else {
            return String::new();
        };
        let src = format!("{}{file}", folder.get());
        // Hints that let the browser fetch the rest of the runtime alongside
        // formfabrik-runtime.js: one round trip less (README, "Embedding").
        let runtime = runtime.get();
        let hints = runtime
            .strip_suffix("formfabrik-runtime.js")
            .map(|base| {
                let base = attribute(base);
                format!(
                    "<link rel=\"modulepreload\" href=\"{base}runtime.js\">\n<link rel=\"modulepreload\" href=\"{base}dom.js\">\n<link rel=\"preload\" href=\"{base}runtime_bg.wasm\" as=\"fetch\" crossorigin>\n"
                )
            })
            .unwrap_or_default();
        // The element's content is the portal's alternative: shown where JavaScript
        // is off or the runtime cannot start, hidden while the form works.
        let lang = lang.get();
        let alternative = alternative.get();
        let alternative = match alternative.trim() {
            "" => String::new(),
            address => {
                let (before, link) = if lang == "en" {
                    (
                        "If the form does not appear here:",
                        "apply without the online form",
                    )
                } else {
                    (
                        "Falls das Formular hier nicht erscheint:",
                        "Antrag ohne Online-Formular stellen",
                    )
                };
                format!(
                    "\n  <p>{before} <a href=\"{}\">{link}</a></p>\n",
                    attribute(address)
                )
            }
        };
        format!(
            "{hints}<script type=\"module\" src=\"{}\"></script>\n<formfabrik-assistant src=\"{}\" lang=\"{}\">{alternative}</formfabrik-assistant>",
            attribute(&runtime),
            attribute(&src),
            attribute(&lang),
        )
    };
    let input = move |id: &'static str,
                      label: (&'static str, &'static str),
                      value: RwSignal<String>,
                      hint: &'static str| {
        view! {
            <div class="field">
                <label for=id>{t!(label.0, label.1)}</label>
                <input id=id type="text" placeholder=hint prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <section class="panel embed" aria-labelledby="embed-heading">
            <h2 id="embed-heading">{t!("Veröffentlichen und einbetten", "Publish and embed")}</h2>
            <p class="hint">{t!("So kommt das Formular auf die Seite Ihrer Kommune: laden Sie die veröffentlichte Datei herunter, legen Sie sie in den angegebenen Ordner der Seite und fügen Sie den Code ein. Die veröffentlichte Datei ändert sich nie; nach Änderungen am Formular veröffentlichen Sie eine neue. Die Zeilen mit <link> lassen das Formular schneller erscheinen; es geht auch ohne sie.", "To put the form on your municipality's page: download the published file, put it into the folder named below, and insert the code. A published file never changes; after changing the form, publish a new one. The <link> lines make the form appear sooner; it also works without them.")}</p>
            // Parameters first: the published file holds their values.
            {parameters.with_untracked(|ps| ps.iter().enumerate().map(|(index, (key, label, _))| {
                let id = format!("embed-param-{key}");
                view! {
                    <div class="field">
                        <label for=id.clone()>{format!("{label} ({key})")}</label>
                        <input id=id type="text"
                            prop:value=move || parameters.with(|ps| ps.get(index).map(|p| p.2.clone()).unwrap_or_default())
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                parameters.update(|ps| if let Some(p) = ps.get_mut(index) { p.2 = value; });
                            }/>
                    </div>
                }
            }).collect_view())}
            {input("embed-endpoint", ("Empfangsadresse für Anträge (Pflicht; vorbelegt aus dem Formular)", "Address receiving the applications (required; taken from the form)"), endpoint, "https://…")}
            {move || endpoint.with(|e| e.trim().is_empty()).then(|| view! {
                <p class="error-box" role="status">{t!(
                    "Ohne Empfangsadresse kann niemand den Antrag absenden: bitte oben eintragen (oder im Bereich „Formular“).",
                    "Without a receiving address nobody can send the application: please enter one above (or under \"Form\")."
                )}</p>
            })}
            {move || match published.get() {
                Err(errors) => view! {
                    <p class="error-box" role="status">{format!(
                        "{errors} {}",
                        tr(
                            "Fehler verhindern das Veröffentlichen (siehe „Probleme“). Kein Bürger und keine Bürgerin könnte das Formular so ausfüllen.",
                            "error(s) prevent publishing (see \"Problems\"). No citizen could complete the form as it is.",
                        )
                    )}</p>
                }.into_any(),
                Ok((file, _)) => view! {
                    <div class="button-row">
                        <button type="button" on:click=move |_| {
                            if let Ok((file, bytes)) = published.get_untracked() {
                                files::download_bytes(&file, &bytes);
                            }
                        }>{t!("Veröffentlichte Datei herunterladen", "Download the published file")}</button>
                        <code>{file}</code>
                    </div>
                }.into_any(),
            }}
            {input("embed-runtime", ("Adresse der Laufzeit (formfabrik-runtime.js)", "Address of the runtime (formfabrik-runtime.js)"), runtime, "")}
            {input("embed-folder", ("Ordner der veröffentlichten Datei auf der Seite", "Folder of the published file on the page"), folder, "/forms/")}
            {input("embed-alternative", ("Antrag ohne JavaScript, z. B. als PDF: Adresse (optional; erscheint, wo das Formular nicht laufen kann)", "Applying without JavaScript, e.g. a PDF: address (optional; shown where the form cannot run)"), alternative, "/formulare/….pdf")}
            <div class="field">
                <label for="embed-lang">{t!("Sprache", "Language")}</label>
                <select id="embed-lang" on:change=move |ev| lang.set(event_target_value(&ev))>
                    <option value="de">{t!("Deutsch", "German")}</option>
                    <option value="en">{t!("Englisch", "English")}</option>
                </select>
            </div>
            <label for="embed-snippet">{t!("Code zum Einfügen", "Code to insert")}</label>
            <textarea id="embed-snippet" class="code" rows="10" readonly prop:value=snippet></textarea>
            <div class="button-row">
                <button type="button" on:click=move |_| {
                    let text = snippet();
                    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else { return };
                    let promise = clipboard.write_text(&text);
                    wasm_bindgen_futures::spawn_local(async move {
                        copied.set(match wasm_bindgen_futures::JsFuture::from(promise).await {
                            Ok(_) => tr("Kopiert.", "Copied.").into(),
                            Err(_) => tr("Kopieren nicht erlaubt: bitte den Code markieren und mit Strg+C kopieren.", "Copying is not allowed: please select the code and copy it with Ctrl+C.").into(),
                        });
                    });
                }>{t!("Code kopieren", "Copy code")}</button>
                <span role="status">{move || copied.get()}</span>
            </div>
        </section>
    }
}

/// Text safe inside a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}
