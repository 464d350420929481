//! The canvas: the form's steps (rename, reorder, add, delete) with their elements as
//! cards. A card selects its element; on a focused card Alt+↑/↓ moves it, Alt+Bild↑/↓
//! moves it to the previous or next step, Entf deletes it; each is announced.

use authoring::edit::{self, Path};
use engine::format::{Element, Kind};
use leptos::prelude::*;

use crate::commands::{delete, element_name, focus_card, move_by, path_attr, to_step};
use crate::doc::{use_doc, Doc};
use crate::drag::{self, Source};
use crate::expression::{ExpressionEditor, Property};
use crate::i18n::{en, tr};
use crate::kinds;

/// The `data-path` of a card: `step-i.j`.
fn type_name(kind: &Kind) -> &'static str {
    let name = kinds::entry(kind.kind_name()).name;
    tr(name.0, name.1)
}

#[component]
pub fn Canvas() -> impl IntoView {
    let doc = use_doc();
    let step_count = Memo::new(move |_| doc.form.with(|f| f.steps.len()));
    view! {
        <section class="panel canvas" aria-labelledby="canvas-heading">
            <h2 id="canvas-heading">{t!("Aufbau", "Build")}</h2>
            <p class="hint" id="card-keys">
                {t!(
                    "Tastatur: Alt+↑/↓ verschiebt ein Element, Alt+Bild↑/Bild↓ in den vorigen/nächsten Schritt, Entf löscht. Strg+Z macht rückgängig.",
                    "Keyboard: Alt+↑/↓ moves an element, Alt+PageUp/PageDown to the previous/next step, Delete removes it. Ctrl+Z undoes."
                )}
            </p>
            <For each=move || 0..step_count.get() key=|i| *i let:index>
                <StepSection index=index step_count=step_count/>
            </For>
            <button
                type="button"
                class="secondary"
                on:click=move |_| {
                    let at = doc.form.with_untracked(|f| f.steps.len());
                    if let Some(index) = doc.change(None, |form| Ok(edit::add_step(form, at))) {
                        doc.step.set(index);
                        doc.selected.set(None);
                        doc.announce(if en() { format!("Step {} added.", index + 1) } else { format!("Schritt {} hinzugefügt.", index + 1) });
                    }
                }
            >
                {t!("+ Schritt hinzufügen", "+ Add step")}
            </button>
        </section>
    }
}

#[component]
fn StepSection(index: usize, step_count: Memo<usize>) -> impl IntoView {
    let doc = use_doc();
    let title = move || {
        doc.form
            .with(|f| f.steps.get(index).map(|s| s.title.de.clone()))
            .unwrap_or_default()
    };
    // Only this step's elements: typing elsewhere does not redraw its cards.
    let elements = Memo::new(move |_| {
        doc.form
            .with(|f| f.steps.get(index).map(|s| s.elements.clone()))
            .unwrap_or_default()
    });
    let title_id = format!("step-{index}-title");
    let labelled_by = title_id.clone();
    let input_id = format!("step-{index}-title-input");
    let move_step = move |to: usize| {
        if doc
            .change(None, |form| edit::move_step(form, index, to))
            .is_some()
        {
            doc.step.set(to);
            doc.selected.set(None);
            doc.announce(if en() {
                format!("Step moved, now step {}.", to + 1)
            } else {
                format!("Schritt verschoben, jetzt Schritt {}.", to + 1)
            });
        }
    };
    view! {
        <section
            class="step"
            class:current=move || doc.step.get() == index
            aria-labelledby=labelled_by
            on:focusin=move |_| doc.step.set(index)
        >
            <div class="step-head">
                <h3 id=title_id>{move || format!("{} {} {} {}: {}", tr("Schritt", "Step"), index + 1, tr("von", "of"), step_count.get(), title())}</h3>
                <label for=input_id.clone()>{t!("Titel", "Title")}</label>
                <input
                    id=input_id
                    type="text"
                    prop:value=title
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        doc.change(Some(&format!("step-title-{index}")), |form| {
                            if let Some(step) = form.steps.get_mut(index) {
                                step.title.de = value;
                            }
                            Ok(())
                        });
                    }
                    on:blur=move |_| doc.seal()
                />
                <div class="step-actions">
                    <button type="button" class="small" disabled=move || index == 0
                        aria-label=move || if en() { format!("Move step {} up", index + 1) } else { format!("Schritt {} nach oben", index + 1) }
                        on:click=move |_| move_step(index.saturating_sub(1))>"↑"</button>
                    <button type="button" class="small" disabled={move || index + 1 >= step_count.get()}
                        aria-label=move || if en() { format!("Move step {} down", index + 1) } else { format!("Schritt {} nach unten", index + 1) }
                        on:click=move |_| move_step(index + 1)>"↓"</button>
                    <button type="button" class="small danger"
                        aria-label=move || if en() { format!("Delete step {}", index + 1) } else { format!("Schritt {} löschen", index + 1) }
                        on:click=move |_| {
                            if doc.change(None, |form| edit::remove_step(form, index)).is_some() {
                                doc.selected.set(None);
                                doc.step.update(|s| *s = (*s).min(step_count.get_untracked().saturating_sub(1)));
                                doc.announce(if en() { format!("Step {} deleted. Ctrl+Z undoes it.", index + 1) } else { format!("Schritt {} gelöscht. Strg+Z macht es rückgängig.", index + 1) });
                            }
                        }>{t!("Löschen", "Delete")}</button>
                </div>
            </div>
            <details class="step-condition" open=doc.form.with_untracked(|f| f.steps.get(index).is_some_and(|s| s.visible_if.is_some()))>
                <summary>{t!("Bedingung für diesen Schritt", "Condition for this step")}</summary>
                <ExpressionEditor path=Path::new(index, &[]) property=Property::VisibleIf label=("Schritt anzeigen, wenn …", "Show the step when …")/>
            </details>
            {move || elements.with(|elements| cards(doc, index, &[], elements))}
        </section>
    }
}

/// The cards of one list (a step's or a group's), a drop target.
fn cards(doc: Doc, step: usize, parent: &[usize], elements: &[Element]) -> AnyView {
    let parent_attr: Vec<String> = parent.iter().map(ToString::to_string).collect();
    let empty = elements.is_empty().then(|| {
        view! { <li class="empty">{if parent.is_empty() { t!("Elemente hierher ziehen oder in der Palette anklicken.", "Drag elements here or click them in the palette.") } else { t!("Elemente hierher ziehen.", "Drag elements here.") }}</li> }
    });
    view! {
        <ul class="cards" class:nested=!parent.is_empty() data-drop-step=step data-drop-parent=parent_attr.join(".")>
            {elements.iter().enumerate().map(|(i, element)| {
                let mut indices = parent.to_vec();
                indices.push(i);
                card(doc, Path::new(step, &indices), element)
            }).collect_view()}
            {empty}
        </ul>
    }
    .into_any()
}

fn card(doc: Doc, path: Path, element: &Element) -> AnyView {
    let selected = {
        let path = path.clone();
        move || doc.selected.with(|s| s.as_ref() == Some(&path))
    };
    let pressed = selected.clone();
    let badges = {
        let mut badges: Vec<String> = Vec::new();
        if element.required {
            badges.push(tr("Pflicht", "Required").into());
        } else if element.required_if.is_some() {
            badges.push(tr("Pflicht unter Bedingung", "Required if").into());
        }
        if element.visible_if.is_some() {
            badges.push(tr("Bedingung", "Condition").into());
        }
        if !element.rules.is_empty() {
            badges.push(format!(
                "{}: {}",
                tr("Regeln", "Rules"),
                element.rules.len()
            ));
        }
        if let Some(fim) = &element.fim {
            badges.push(format!("FIM {}", fim.id));
        }
        if !element.notes.is_empty() {
            badges.push(format!(
                "{}: {}",
                tr("Hinweise", "Notes"),
                element.notes.len()
            ));
        }
        badges
    };
    let index = path.indices.last().copied().unwrap_or(0);
    let children = matches!(element.kind, Kind::Group { .. } | Kind::Repeat { .. })
        .then(|| cards(doc, path.step, &path.indices, element.children()));
    let (down_path, click_path, key_path) = (path.clone(), path.clone(), path.clone());
    view! {
        <li class="card-item" data-index=index data-path=path_attr(&path)>
            <div
                class="card"
                class:selected=selected
                on:pointerdown=move |ev| drag::start(Source::Element(down_path.clone()), &ev)
            >
                <span class="handle" aria-hidden="true" title=t!("Ziehen zum Verschieben", "Drag to move")>"⠿"</span>
                <button
                    type="button"
                    class="card-main"
                    aria-pressed=move || if pressed() { "true" } else { "false" }
                    aria-describedby="card-keys"
                    on:click=move |_| {
                        if !drag::take_click_suppression() {
                            doc.select(click_path.clone());
                        }
                    }
                    on:keydown=move |ev| card_key(doc, &key_path, &ev)
                >
                    <span class="card-label">{element_name(element)}</span>
                    <span class="badge type">{type_name(&element.kind)}</span>
                    {badges.into_iter().map(|b| view! { <span class="badge">{b}</span> }).collect_view()}
                </button>
            </div>
            {children}
        </li>
    }
    .into_any()
}

fn card_key(doc: Doc, path: &Path, ev: &web_sys::KeyboardEvent) {
    let result = match (ev.alt_key(), ev.key().as_str()) {
        (true, "ArrowUp") => Some(move_by(doc, path, -1)),
        (true, "ArrowDown") => Some(move_by(doc, path, 1)),
        (true, "PageUp") if path.step > 0 => Some(to_step(doc, path, path.step - 1)),
        (true, "PageDown") => Some(to_step(doc, path, path.step + 1)),
        (false, "Delete") => {
            delete(doc, path);
            Some(None)
        }
        _ => None,
    };
    if let Some(moved) = result {
        ev.prevent_default();
        if let Some(path) = moved {
            focus_card(&path);
        }
    }
}
