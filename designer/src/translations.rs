//! The Übersetzungen view: every text in German and English side by side.

use authoring::edit;
use engine::text::Lang;
use leptos::prelude::*;

use crate::doc::use_doc;
use crate::i18n::en;

#[component]
pub fn Translations() -> impl IntoView {
    let doc = use_doc();
    // (address, German, English) of every text.
    let rows = Memo::new(move |_| {
        let mut form = doc.form.get();
        let mut rows = Vec::new();
        edit::for_each_text(&mut form, &mut |at, text| {
            rows.push((
                at.to_string(),
                text.de.clone(),
                text.en.clone().unwrap_or_default(),
            ))
        });
        rows
    });
    let count = Memo::new(move |_| rows.with(Vec::len));
    // Both numbers read from `rows` alone: with `count` as a second source, the line
    // stayed at the old number of missing translations after one was typed.
    let counts = move || {
        rows.with(|r| {
            let missing = r.iter().filter(|(_, _, en)| untranslated(en)).count();
            (r.len(), missing)
        })
    };
    // "Only missing ones": the rows missing a translation when it was ticked. A row
    // stays while its translation is typed, rather than vanish under the cursor.
    let only = RwSignal::new(None::<Vec<usize>>);
    let toggle_only = move |on: bool| {
        only.set(on.then(|| {
            rows.with(|r| {
                let missing = r
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, _, en))| untranslated(en));
                missing.map(|(index, _)| index).collect()
            })
        }))
    };
    view! {
        <section class="panel translations" aria-labelledby="translations-heading">
            <h2 id="translations-heading">{t!("Übersetzungen", "Translations")}</h2>
            <p>{move || {
                let (texts, missing) = counts();
                if en() {
                    format!("{texts} texts, {missing} of them without an English translation.")
                } else {
                    format!("{texts} Texte, davon {missing} ohne englische Übersetzung.")
                }
            }}</p>
            <div class="field checkbox">
                <input id="translations-only-missing" type="checkbox" prop:checked=move || only.with(Option::is_some)
                    on:change=move |ev| toggle_only(event_target_checked(&ev))/>
                <label for="translations-only-missing">{t!("Nur Texte ohne Übersetzung zeigen", "Show only texts without a translation")}</label>
            </div>
            <table>
                <thead><tr><th scope="col">{t!("Deutsch", "German")}</th><th scope="col">{t!("Englisch", "English")}</th></tr></thead>
                <tbody>
                    <For each=move || 0..count.get() key=|i| *i let:index>
                        {
                            let cell = move |column: usize| {
                                rows.with(|rows| rows.get(index).map(|row| match column {
                                    0 => row.1.clone(),
                                    1 => row.2.clone(),
                                    _ => row.0.clone(),
                                })).unwrap_or_default()
                            };
                            let id = format!("translation-{index}");
                            view! {
                                <tr class:missing=move || untranslated(&cell(1))
                                    hidden=move || only.with(|only| only.as_ref().is_some_and(|shown| !shown.contains(&index)))>
                                    <td><label for=id.clone()>{move || cell(0)}</label></td>
                                    <td>
                                        // A textarea: content texts are Markdown with line breaks,
                                        // which a one-line input would silently drop.
                                        <textarea id=id lang="en" rows=move || text_rows(&cell(0), &cell(1)) prop:value=move || cell(1)
                                            on:input=move |ev| {
                                                let value = event_target_value(&ev);
                                                let at = cell(2);
                                                doc.change(Some(&format!("translation-{at}")), |form| {
                                                    edit::for_each_text(form, &mut |here, text| {
                                                        if here == at {
                                                            edit::set_language(text, Lang::En, value.clone());
                                                        }
                                                    });
                                                    if !form.languages.contains(&Lang::En) {
                                                        form.languages.push(Lang::En);
                                                    }
                                                    Ok(())
                                                });
                                            }
                                            on:blur=move |_| doc.seal()></textarea>
                                        <span class="badge missing-badge" hidden=move || !untranslated(&cell(1))>{t!("fehlt", "missing")}</span>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </section>
    }
}

/// A translation that counts as missing (what the lint warns of).
fn untranslated(english: &str) -> bool {
    english.trim().is_empty()
}

/// Lines a translation's box needs for the German text, or the English one if longer
/// (~30 characters a line on a laptop). Where the browser can, CSS sizes it to its text.
fn text_rows(german: &str, english: &str) -> usize {
    let lines = |text: &str| {
        text.split('\n')
            .map(|line| line.chars().count().div_ceil(30).max(1))
            .sum::<usize>()
    };
    lines(german).max(lines(english)).min(12)
}
