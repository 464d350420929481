//! The palette: every element type of the format, grouped, with an icon and a short
//! description. Click (or Enter) inserts after the selected element; dragging places it
//! anywhere (see `drag.rs`).

use engine::format::KindName;
use leptos::prelude::*;

use crate::commands;
use crate::doc::use_doc;
use crate::drag::{self, Source};
use crate::kinds::{self, Group};

#[component]
pub fn Palette() -> impl IntoView {
    let doc = use_doc();
    view! {
        <section class="panel palette" aria-labelledby="palette-heading">
            <h2 id="palette-heading">{t!("Elemente", "Elements")}</h2>
            <p class="hint">{t!(
                "Klicken fügt nach dem ausgewählten Element ein; ziehen legt es an eine beliebige Stelle.",
                "A click inserts after the selected element; dragging places it anywhere."
            )}</p>
            {Group::ALL.iter().map(|&group| {
                let heading = group.heading();
                view! {
                    <h3>{t!(heading.0, heading.1)}</h3>
                    <ul>
                        {KindName::ALL.iter().map(|&kind| (kind, kinds::entry(kind))).filter(|(_, e)| e.group == group).map(|(kind, e)| {
                            let description_id = format!("palette-{}-desc", kind.name());
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="palette-item"
                                        aria-describedby=description_id.clone()
                                        on:click=move |_| {
                                            if drag::take_click_suppression() {
                                                return;
                                            }
                                            commands::insert_new(&doc, kind, &commands::insertion_slot(&doc));
                                        }
                                        on:pointerdown=move |ev| drag::start(Source::Palette(kind), &ev)
                                    >
                                        <span class="icon" aria-hidden="true">{e.icon}</span>
                                        {t!(e.name.0, e.name.1)}
                                    </button>
                                    <span class="description" id=description_id>{t!(e.description.0, e.description.1)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            }).collect_view()}
        </section>
    }
}
