//! The options editor of choice fields: rename, reorder, add, remove, and paste many
//! lines at once.

use authoring::edit::{self, Path};
use engine::format::{ChoiceOption, Kind};
use engine::text::Text;
use leptos::prelude::*;

use crate::doc::{use_doc, Doc};
use crate::i18n::tr;

fn with_options(
    doc: Doc,
    path: &Path,
    merge: Option<&str>,
    f: impl FnOnce(&mut Vec<ChoiceOption>),
) {
    doc.update(path, merge, |e| {
        if let Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options } = &mut e.kind {
            f(options);
        }
    });
}

#[component]
pub fn OptionsEditor(path: Path) -> impl IntoView {
    let doc = use_doc();
    let count = {
        let path = path.clone();
        Memo::new(move |_| doc.read(&path, |e| e.options().len()))
    };
    let pasted = RwSignal::new(String::new());
    let (add_path, paste_path) = (path.clone(), path.clone());
    view! {
        <fieldset class="options-editor">
            <legend>{t!("Optionen", "Options")}</legend>
            <ol>
                <For each=move || 0..count.get() key=|i| *i let:index>
                    {option_row(doc, path.clone(), index, count)}
                </For>
            </ol>
            <button type="button" class="secondary" on:click=move |_| {
                with_options(doc, &add_path, None, |options| {
                    let n = options.len() + 1;
                    let label = format!("Option {n}");
                    let mut values = authoring::keys::Keys::new(options.iter().map(|o| o.value.clone()));
                    options.push(ChoiceOption { value: values.claim(&label), label: Text::de(label) });
                });
                doc.announce(tr("Option hinzugefügt.", "Option added."));
            }>{t!("+ Option hinzufügen", "+ Add option")}</button>
            <div class="field">
                <label for="options-paste">{t!("Viele Optionen einfügen: eine pro Zeile (optional „wert | Beschriftung“)", "Paste many options: one per line (optionally “value | label”)")}</label>
                <textarea id="options-paste" rows="4" prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                <button type="button" class="secondary" on:click=move |_| {
                    let text = pasted.get_untracked();
                    if edit::options_from_lines(&text).is_empty() {
                        return;
                    }
                    let mut added = 0;
                    with_options(doc, &paste_path, None, |options| added = edit::paste_options(options, &text));
                    pasted.set(String::new());
                    doc.announce(format!("{added} {}", tr("Optionen hinzugefügt.", "options added.")));
                }>{t!("Zeilen als Optionen übernehmen", "Add the lines as options")}</button>
            </div>
        </fieldset>
    }
}

fn option_row(doc: Doc, path: Path, index: usize, count: Memo<usize>) -> impl IntoView {
    let label_id = format!("option-{index}-label");
    let value_id = format!("option-{index}-value");
    let (p1, p2, p3, p4, p5, p6, p7) = (
        path.clone(),
        path.clone(),
        path.clone(),
        path.clone(),
        path.clone(),
        path.clone(),
        path,
    );
    let get = move |path: &Path, f: fn(&ChoiceOption) -> String| {
        doc.read(path, |e| e.options().get(index).map(f).unwrap_or_default())
    };
    view! {
        <li class="option-row">
            <label for=label_id.clone()>{format!("Option {}", index + 1)}</label>
            <input id=label_id type="text" prop:value=move || get(&p1, |o| o.label.de.clone())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    with_options(doc, &p2, Some(&format!("option-label-{index}")), |o| {
                        if let Some(option) = o.get_mut(index) { option.label.de = value; }
                    });
                }
                on:blur=move |_| doc.seal()/>
            <label for=value_id.clone() class="minor">{t!("Wert", "Value")}</label>
            <input id=value_id type="text" class="option-value" spellcheck="false" prop:value=move || get(&p3, |o| o.value.clone())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    with_options(doc, &p4, Some(&format!("option-value-{index}")), |o| {
                        if let Some(option) = o.get_mut(index) { option.value = value; }
                    });
                }
                on:blur=move |_| doc.seal()/>
            <button type="button" class="small" disabled=move || index == 0
                aria-label=move || format!("Option {} {}", index + 1, tr("nach oben", "up"))
                on:click=move |_| with_options(doc, &p5, None, |o| o.swap(index - 1, index))>"↑"</button>
            <button type="button" class="small" disabled={move || index + 1 >= count.get()}
                aria-label=move || format!("Option {} {}", index + 1, tr("nach unten", "down"))
                on:click=move |_| {
                    with_options(doc, &p6, None, |o| {
                        if index + 1 < o.len() {
                            o.swap(index, index + 1);
                        }
                    });
                }>"↓"</button>
            <button type="button" class="small danger"
                aria-label=move || format!("Option {} {}", index + 1, tr("entfernen", "remove"))
                on:click=move |_| {
                    with_options(doc, &p7, None, |o| {
                        if index < o.len() {
                            o.remove(index);
                        }
                    });
                    doc.announce(tr("Option entfernt.", "Option removed."));
                }>"✕"</button>
        </li>
    }
}
