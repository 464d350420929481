//! The structure of the open form: steps and elements with their type, FIM provenance
//! and notes that still need a person (e.g. FIM rules to turn into conditions).

use leptos::prelude::*;
use shared::format::{Element, Form};

#[component]
pub fn Outline(form: Form) -> impl IntoView {
    let fim = form
        .fim
        .as_ref()
        .map(|f| format!(" · FIM {} Version {}", f.id, f.version))
        .unwrap_or_default();
    let open_notes: usize = form.steps.iter().map(|s| count_notes(&s.elements)).sum();
    view! {
        <section class="panel outline" aria-labelledby="outline-heading">
            <h2 id="outline-heading">{form.title.de.clone()}</h2>
            <p>
                {format!("{} Schritte{fim}", form.steps.len())}
                {(open_notes > 0).then(|| format!(" · {open_notes} Hinweise zum Nacharbeiten"))}
            </p>
            <ol class="steps">
                {form.steps.iter().map(|step| view! {
                    <li>
                        <h3>{step.title.de.clone()}</h3>
                        {elements(&step.elements)}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

fn count_notes(elements: &[Element]) -> usize {
    elements
        .iter()
        .map(|e| e.notes.len() + count_notes(e.children()))
        .sum()
}

fn elements(list: &[Element]) -> AnyView {
    view! {
        <ul class="elements">
            {list.iter().map(|element| {
                let fim = element.fim.as_ref().map(|f| view! {
                    <span class="badge fim">{format!("{} V{}", f.id, f.version)}</span>
                });
                let required = element.required.then(|| view! { <span class="badge">"Pflicht"</span> });
                let notes = (!element.notes.is_empty()).then(|| view! {
                    <ul class="notes">
                        {element.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                    </ul>
                });
                let label = if element.label.de.is_empty() { element.key.clone() } else { element.label.de.clone() };
                view! {
                    <li>
                        <span class="element-label">{label}</span>" "
                        <span class="badge type">{element.kind.name()}</span>" "
                        {required}" "{fim}
                        {notes}
                        {(!element.children().is_empty()).then(|| elements(element.children()))}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
