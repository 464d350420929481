//! The Probleme panel: the core's lint, each problem with its place in words; a click
//! selects the element.

use authoring::edit::Path;
use authoring::problem::Severity;
use leptos::prelude::*;

use crate::commands;
use crate::doc::use_doc;
use crate::i18n::{lang, tr};
use crate::places;

#[component]
pub fn Problems() -> impl IntoView {
    let doc = use_doc();
    // Each problem with its place in words. One memo, so the list is redrawn only when
    // a problem or a place changes (a renamed element renames its place), not at every
    // keystroke; and the list reads this memo alone (see `Translations` for why).
    let listed = Memo::new(move |_| {
        doc.problems.with(|problems| {
            doc.form.with(|form| {
                problems
                    .iter()
                    .map(|p| {
                        (
                            p.clone(),
                            places::describe_location(form, &p.location, lang()),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <section class="panel problems" aria-labelledby="problems-heading">
            <h2 id="problems-heading">{move || format!("{} ({})", tr("Probleme", "Problems"), doc.problems.with(Vec::len))}</h2>
            {move || listed.with(|problems| {
                if problems.is_empty() {
                    return view! { <p class="ok">{tr("✓ Keine Probleme: das Formular kann veröffentlicht werden.", "✓ No problems: the form can be published.")}</p> }.into_any();
                }
                view! {
                    <ul>
                        {problems.iter().map(|(problem, place)| {
                            let severity = match problem.severity {
                                Severity::Error => tr("Fehler", "Error"),
                                Severity::Warning => tr("Warnung", "Warning"),
                            };
                            let target = problem.location.step.map(|step| (step, problem.location.elements.clone()));
                            let message = problem.message.get(lang()).to_string();
                            let place = place.clone();
                            view! {
                                <li class=if problem.severity == Severity::Error { "error" } else { "warning" }>
                                    <button type="button" class="link" on:click=move |_| {
                                        match &target {
                                            Some((step, indices)) if !indices.is_empty() => {
                                                let path = Path::new(*step, indices);
                                                doc.select(path.clone());
                                                commands::focus_card(&path);
                                            }
                                            Some((step, _)) => doc.step.set(*step),
                                            None => {}
                                        }
                                    }>
                                        <strong>{severity}": "</strong>{place}" – "{message}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}
