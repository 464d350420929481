//! One application: fetched as ciphertext, opened with the browser's key, checked by
//! the core against the published form the citizen saw, shown as the review page
//! shows it, with its files; its answers as JSON, the application as PDF/A-2, its status.

use leptos::prelude::*;
use leptos::task::spawn_local;
use server_api::{Status, Summary};
use wasm_bindgen::JsCast;

use super::clerk::{german_time, Clerk};
use super::list::status_label;
use super::open::{self, Checked, FileInfo};
use super::{api, keys};
use crate::files;
use crate::i18n::{self, tr};

/// An application opened here.
#[derive(Clone)]
struct Opened {
    summary: Summary,
    checked: Checked,
    /// The payload's JSON text, as the citizen's browser sealed it.
    payload: String,
    /// Each file of the payload with a `blob:` URL of its bytes, if it could be opened.
    files: Vec<(FileInfo, Option<String>)>,
}

async fn open_application(reference: &str) -> Result<Opened, String> {
    let application = api::read(reference).await?;
    let parts = open::jwe_parts(&application.payload)?;
    let plain = keys::open(&parts).await?;
    let envelope = open::envelope(&plain)?;
    let payload_hash = keys::sha512(envelope.payload.as_bytes()).await?;
    let mut hashes = Vec::new();
    let mut urls = Vec::new();
    for stored in &application.attachments {
        // A file that does not open is missing; the check below says so.
        let Ok(bytes) = async {
            let parts = open::jwe_parts(&stored.content)?;
            keys::open(&parts).await
        }
        .await
        else {
            continue;
        };
        hashes.push((stored.id.clone(), keys::sha512(&bytes).await?));
        // Never rendered in the inbox's origin (a file of HTML or SVG opened in a tab
        // would run there, beside the key): always a download.
        urls.push((
            stored.id.clone(),
            files::bytes_url(&bytes, "application/octet-stream"),
        ));
    }
    let published = api::published_form(&application.summary.form_file).await;
    let checked = match published {
        Ok(bytes) => open::check(
            &bytes,
            &application.summary,
            &envelope,
            &payload_hash,
            &hashes,
            i18n::lang(),
        ),
        Err(why) => Checked {
            review: Vec::new(),
            problems: vec![why],
            files: open::files_of(
                &engine::Json::parse(&envelope.payload).unwrap_or(engine::Json::Null),
            ),
        },
    };
    let files = checked
        .files
        .iter()
        .map(|f| {
            let url = urls
                .iter()
                .find(|(id, _)| *id == f.id)
                .and_then(|(_, u)| u.clone());
            (f.clone(), url)
        })
        .collect();
    Ok(Opened {
        summary: application.summary,
        checked,
        payload: envelope.payload,
        files,
    })
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[component]
pub fn Opened(reference: String) -> impl IntoView {
    let clerk = expect_context::<Clerk>();
    let opened = RwSignal::new(None::<Result<Opened, String>>);
    let wanted = reference.clone();
    spawn_local(async move {
        let result = open_application(&wanted).await;
        opened.set(Some(result));
    });
    on_cleanup(move || {
        if let Some(Ok(o)) = opened.try_get_untracked().flatten() {
            o.files
                .iter()
                .filter_map(|(_, u)| u.as_deref())
                .for_each(files::revoke);
        }
    });
    let heading = reference.clone();
    // Screen readers and keyboards start at the application's heading, and return to
    // the list's.
    let heading_ref: NodeRef<leptos::html::H2> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(h) = heading_ref.get() {
            let _ = h.focus();
        }
    });
    let back = move |_| {
        clerk.opened.set(None);
        request_animation_frame(|| {
            let heading = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("applications-heading"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(heading) = heading {
                let _ = heading.focus();
            }
        });
    };
    view! {
        <nav class="back"><button type="button" class="link" on:click=back>
            {t!("← Zur Liste", "← Back to the list")}</button></nav>
        <article class="panel application" aria-labelledby="application-heading">
            <h2 id="application-heading" tabindex="-1" node_ref=heading_ref>{move || format!("{} {heading}", tr("Antrag", "Application"))}</h2>
            {move || match opened.get() {
                None => view! { <p>{t!("Der Antrag wird entschlüsselt und geprüft …", "Decrypting and checking the application …")}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="verdict failed" role="alert"><p><strong>{t!("Der Antrag ließ sich nicht öffnen.", "The application could not be opened.")}</strong></p><p>{e}</p></div>
                }.into_any(),
                Some(Ok(o)) => view! { <Details opened=o/> }.into_any(),
            }}
        </article>
    }
}

#[component]
fn Details(opened: Opened) -> impl IntoView {
    let clerk = expect_context::<Clerk>();
    let status = RwSignal::new(opened.summary.status);
    let chosen = RwSignal::new(opened.summary.status);
    let fine = opened.checked.problems.is_empty();
    let reference = opened.summary.reference.clone();
    let save_status = {
        let reference = reference.clone();
        move |_| {
            let (reference, next) = (reference.clone(), chosen.get_untracked());
            spawn_local(async move {
                match api::set_status(&clerk.csrf(), &reference, next).await {
                    Ok(()) => {
                        status.set(next);
                        clerk.say(format!(
                            "{} {}",
                            tr("Status gespeichert:", "Status saved:"),
                            status_label(next)
                        ));
                    }
                    Err(e) => clerk.say(e),
                }
            });
        }
    };
    let json_name = format!("{reference}.json");
    let payload = opened.payload.clone();
    let download_json = move |_| {
        let pretty = serde_json::from_str::<serde_json::Value>(&payload)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| payload.clone());
        files::download(&json_name, &pretty);
    };
    let for_pdf = opened.clone();
    let making_pdf = RwSignal::new(false);
    let download_pdf = move |_| {
        let o = for_pdf.clone();
        making_pdf.set(true);
        clerk.say(tr("Das PDF/A wird erstellt …", "Making the PDF/A …"));
        spawn_local(async move {
            // The font and the writer are fetched only now: the inbox starts without them.
            let app = super::pdf::Application {
                reference: o.summary.reference.clone(),
                form: format!("{} {}", o.summary.form_id, o.summary.form_version),
                form_hash: o.summary.form_hash.clone(),
                received: german_time(o.summary.received_at),
                verified: o.checked.problems.is_empty(),
                problems: o.checked.problems.clone(),
                sections: super::pdf::Section::of_review(&o.checked.review),
                files: o.files.iter().map(|(f, _)| f.clone()).collect(),
                made_at: crate::storage::now_iso(),
            };
            let made = match api::pdf_font().await {
                Ok(font) => super::pdf_worker::make(&app, font).await,
                Err(e) => Err(e),
            };
            making_pdf.set(false);
            match made {
                Ok(pdf) => {
                    files::download_bytes(&format!("{}.pdf", o.summary.reference), &pdf);
                    clerk.say(tr(
                        "Das PDF/A ist heruntergeladen.",
                        "The PDF/A is downloaded.",
                    ));
                }
                Err(e) => clerk.say(e),
            }
        });
    };
    let Opened {
        summary,
        checked,
        files,
        ..
    } = opened;
    view! {
        {if fine {
            view! { <div class="verdict verified" role="status"><p><strong>{t!("Geprüft:", "Checked:")}</strong>" "{t!(
                "Der Antrag ist unverändert, so wie ihn der Browser der Antragstellerin oder des Antragstellers versiegelt hat, und entspricht dem veröffentlichten Formular.",
                "The application is unchanged since the applicant's browser sealed it, and fits the published form.")}</p></div> }.into_any()
        } else {
            view! { <div class="verdict failed" role="alert">
                <p><strong>{t!("Achtung: Dieser Antrag hat die Prüfung nicht bestanden.", "Warning: this application failed the check.")}</strong>" "
                {t!("Verlassen Sie sich nicht auf seinen Inhalt.", "Do not rely on its content.")}</p>
                <ul>{checked.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
            </div> }.into_any()
        }}
        <dl class="facts">
            <dt>{t!("Formular", "Form")}</dt><dd>{format!("{} {}", summary.form_id, summary.form_version)}</dd>
            <dt>{t!("Eingang", "Received")}</dt><dd>{german_time(summary.received_at)}</dd>
            <dt>{t!("Status", "Status")}</dt><dd>{move || status_label(status.get())}</dd>
        </dl>
        <div class="button-row status-row">
            <label for="set-status">{t!("Status ändern", "Change the status")}</label>
            <select id="set-status" on:change=move |ev| { if let Some(s) = Status::parse(&event_target_value(&ev)) { chosen.set(s) } }>
                {Status::ALL.into_iter().map(|s| view! {
                    <option value=s.code() selected=move || chosen.get() == s>{move || status_label(s)}</option>
                }).collect_view()}
            </select>
            <button type="button" class="secondary" on:click=save_status>{t!("Status speichern", "Save the status")}</button>
        </div>
        <div class="button-row">
            <button type="button" class="secondary" on:click=download_json>{t!("Antworten als JSON herunterladen", "Download the answers as JSON")}</button>
            <button type="button" class="secondary" disabled=move || making_pdf.get() on:click=download_pdf>{t!("Antrag als PDF/A herunterladen", "Download the application as PDF/A")}</button>
        </div>
        {checked.review.into_iter().map(|step| view! {
            <section class="review-step">
                <h3>{step.title.clone()}</h3>
                <dl class="review-list">
                    {step.rows.into_iter().map(|row| view! {
                        <dt data-depth=row.depth.to_string() class:heading=row.value.is_none()>{row.label}</dt>
                        <dd>{row.value.unwrap_or_default()}</dd>
                    }).collect_view()}
                </dl>
            </section>
        }).collect_view()}
        <section class="files" aria-labelledby="files-heading">
            <h3 id="files-heading">{t!("Dateien", "Files")}</h3>
            {if files.is_empty() {
                view! { <p>{t!("Keine Dateien.", "No files.")}</p> }.into_any()
            } else {
                view! { <ul>{files.into_iter().map(|(file, url)| {
                    let label = format!("{} ({}, {})", file.name, file.media_type, size_text(file.size));
                    match url {
                        Some(url) => view! { <li><a href=url download=file.name.clone()>{label}</a></li> }.into_any(),
                        None => view! { <li>{label}" – "{t!("ließ sich nicht öffnen", "could not be opened")}</li> }.into_any(),
                    }
                }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}
