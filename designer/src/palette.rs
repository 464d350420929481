//! The palette: every element type of the format, grouped, with an icon and a short
//! description. Click (or Enter) inserts after the selected element; dragging places it
//! anywhere (see `drag.rs`).

use leptos::prelude::*;
use shared::edit::{self, Slot};

use crate::doc::{use_doc, Doc};
use crate::drag::{self, Source};

pub struct Entry {
    pub kind: &'static str,
    pub icon: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

const fn entry(
    kind: &'static str,
    icon: &'static str,
    name: &'static str,
    description: &'static str,
) -> Entry {
    Entry {
        kind,
        icon,
        name,
        description,
    }
}

/// The palette's groups; together they hold every type in `shared::edit::KINDS`.
pub const GROUPS: [(&str, &[Entry]); 6] = [
    (
        "Eingabe",
        &[
            entry("text", "Aa", "Textfeld", "Eine Zeile Text, z. B. ein Name."),
            entry(
                "multiline_text",
                "¶",
                "Mehrzeiliger Text",
                "Längere Angaben, z. B. eine Begründung.",
            ),
            entry(
                "email",
                "@",
                "E-Mail-Adresse",
                "Wird auf eine gültige Adresse geprüft.",
            ),
            entry(
                "phone",
                "☎",
                "Telefonnummer",
                "Ziffern, Leerzeichen, + und /.",
            ),
            entry(
                "postal_code",
                "PLZ",
                "Postleitzahl",
                "Fünf Ziffern, deutsche PLZ.",
            ),
            entry("iban", "IBAN", "IBAN", "Bankverbindung mit Prüfziffer."),
        ],
    ),
    (
        "Auswahl",
        &[
            entry(
                "single_choice",
                "◉",
                "Auswahl",
                "Eine Antwort aus mehreren: Optionsfelder oder Liste.",
            ),
            entry(
                "multiple_choice",
                "☑",
                "Mehrfachauswahl",
                "Mehrere Antworten zum Ankreuzen.",
            ),
            entry(
                "yes_no",
                "J/N",
                "Ja/Nein-Frage",
                "Eine Frage mit Ja oder Nein.",
            ),
            entry(
                "checkbox",
                "✓",
                "Bestätigung",
                "Ein Kästchen, z. B. eine Einwilligung.",
            ),
        ],
    ),
    (
        "Zahl und Datum",
        &[
            entry("integer", "123", "Ganze Zahl", "Z. B. eine Anzahl."),
            entry(
                "decimal",
                "1,5",
                "Kommazahl",
                "Eine Zahl mit Nachkommastellen.",
            ),
            entry("currency", "€", "Betrag", "Ein Betrag in Euro."),
            entry("date", "31.", "Datum", "Im Format TT.MM.JJJJ."),
        ],
    ),
    (
        "Datei",
        &[entry(
            "file",
            "⇪",
            "Datei-Upload",
            "Nachweise hochladen: Dateitypen und Größe festlegbar.",
        )],
    ),
    (
        "Struktur",
        &[
            entry(
                "group",
                "▣",
                "Gruppe",
                "Fasst Felder unter einer Überschrift zusammen.",
            ),
            entry(
                "repeat",
                "⟳",
                "Wiederholbare Gruppe",
                "Mehrfach ausfüllbar, z. B. einmal je Hund.",
            ),
        ],
    ),
    (
        "Inhalt",
        &[
            entry(
                "content",
                "ℹ",
                "Hinweistext",
                "Erklärender Text mit einfachen Formatierungen.",
            ),
            entry(
                "computed",
                "ƒx",
                "Berechneter Wert",
                "Wird aus anderen Angaben berechnet, z. B. eine Gebühr.",
            ),
        ],
    ),
];

pub fn entry_of(kind: &str) -> Option<&'static Entry> {
    GROUPS
        .iter()
        .flat_map(|(_, entries)| entries.iter())
        .find(|e| e.kind == kind)
}

/// Where a click on the palette inserts: after the selected element, or at the end of
/// the step being edited.
pub fn insertion_slot(doc: &Doc) -> Slot {
    let step = doc.step.get_untracked();
    match doc.selected.get_untracked() {
        Some(path) if path.step == step => {
            let slot = path.slot();
            Slot {
                index: slot.index + 1,
                ..slot
            }
        }
        _ => doc
            .form
            .with_untracked(|form| Slot::end_of_step(form, step)),
    }
}

/// Inserts a new element of `kind` at `slot`, selects it and says so.
pub fn insert_new(doc: &Doc, kind: &str, slot: &Slot) {
    let inserted = doc.change(None, |form| {
        let element = edit::new_element(form, kind)?;
        edit::insert(form, slot, element)
    });
    if let Some(path) = inserted {
        let name = entry_of(kind).map_or(kind, |e| e.name);
        let step_title = doc.form.with_untracked(|f| {
            f.steps
                .get(path.step)
                .map(|s| s.title.de.clone())
                .unwrap_or_default()
        });
        doc.select(path);
        doc.announce(format!("{name} eingefügt in „{step_title}“."));
    }
}

#[component]
pub fn Palette() -> impl IntoView {
    let doc = use_doc();
    view! {
        <section class="panel palette" aria-labelledby="palette-heading">
            <h2 id="palette-heading">"Elemente"</h2>
            <p class="hint">"Klicken fügt nach dem ausgewählten Element ein; ziehen legt es an eine beliebige Stelle."</p>
            {GROUPS.iter().map(|(group, entries)| view! {
                <h3>{*group}</h3>
                <ul>
                    {entries.iter().map(|e| {
                        let kind = e.kind;
                        let description_id = format!("palette-{kind}-desc");
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
                                        insert_new(&doc, kind, &insertion_slot(&doc));
                                    }
                                    on:pointerdown=move |ev| drag::start(Source::Palette(kind), &ev)
                                >
                                    <span class="icon" aria-hidden="true">{e.icon}</span>
                                    {e.name}
                                </button>
                                <span class="description" id=description_id>{e.description}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }).collect_view()}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_offers_every_type_once() {
        let mut kinds: Vec<_> = GROUPS
            .iter()
            .flat_map(|(_, entries)| entries.iter().map(|e| e.kind))
            .collect();
        kinds.sort_unstable();
        let mut all = shared::edit::KINDS.to_vec();
        all.sort_unstable();
        assert_eq!(kinds, all);
    }
}
