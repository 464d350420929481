//! The applications of one's own authority: filtered by status, searched by reference,
//! newest first.

use leptos::prelude::*;
use leptos::task::spawn_local;
use server_api::{Status, Summary};

use super::api;
use super::clerk::{german_time, Clerk};
use crate::i18n::{self, tr};

/// A status in the clerk's language.
pub(crate) fn status_label(status: Status) -> &'static str {
    let (de, en) = status.label();
    tr(de, en)
}

#[component]
pub fn List() -> impl IntoView {
    let status = RwSignal::new(None::<Status>);
    let search = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Result<Vec<Summary>, String>>);
    // Loaded on start and whenever the filter changes; the last answer wins.
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let (status, search) = (status.get(), search.get());
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        spawn_local(async move {
            let answer = api::list(status, &search).await;
            // (The list may be gone meanwhile: `try_`, never a panic.)
            if generation.try_get_value() == Some(mine) {
                found.set(Some(answer));
            }
        });
    });
    view! {
        <section class="panel applications" aria-labelledby="applications-heading">
            <h2 id="applications-heading" tabindex="-1">{t!("Anträge", "Applications")}</h2>
            <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
                <label for="filter-status">{t!("Status", "Status")}</label>
                <select id="filter-status" on:change=move |ev| status.set(Status::parse(&event_target_value(&ev)))>
                    <option value="">{t!("alle", "all")}</option>
                    {Status::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=move || status.get() == Some(s)>{move || status_label(s)}</option>
                    }).collect_view()}
                </select>
                <label for="filter-reference">{t!("Nummer enthält", "Number contains")}</label>
                <input id="filter-reference" type="search" maxlength="40" placeholder="HUN-2026-"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            </form>
            {move || match found.get() {
                None => view! { <p>{t!("Die Anträge werden geladen …", "Loading the applications …")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p>{t!("Keine Anträge gefunden.", "No applications found.")}</p>
                }.into_any(),
                Some(Ok(list)) => view! { <Table list/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Table(list: Vec<Summary>) -> impl IntoView {
    let clerk = expect_context::<Clerk>();
    let count = list.len();
    // The server answers with the newest LIST_LIMIT only.
    let cut = count >= server_api::LIST_LIMIT;
    view! {
        <table class="applications-table">
            <caption>{move || if i18n::en() { format!("{count} applications, newest first") } else { format!("{count} Anträge, die neuesten zuerst") }}</caption>
            <thead><tr>
                <th scope="col">{t!("Nummer", "Number")}</th>
                <th scope="col">{t!("Formular", "Form")}</th>
                <th scope="col">{t!("Eingang", "Received")}</th>
                <th scope="col">{t!("Status", "Status")}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|a| {
                    let reference = a.reference.clone();
                    view! {
                        <tr>
                            <td><button type="button" class="link" on:click=move |_| clerk.opened.set(Some(reference.clone()))>
                                {a.reference.clone()}</button></td>
                            <td>{format!("{} {}", a.form_id, a.form_version)}</td>
                            <td>{german_time(a.received_at)}</td>
                            <td><span class=format!("status status-{}", a.status.code())>{move || status_label(a.status)}</span></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {cut.then(|| view! { <p class="hint">{move || if i18n::en() {
            format!("Only the newest {count} are shown. Narrow by status or number to find older ones.")
        } else {
            format!("Es werden nur die neuesten {count} gezeigt. Grenzen Sie mit Status oder Nummer ein, um ältere zu finden.")
        }}</p> })}
    }
}
