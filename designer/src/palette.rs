//! The palette: every element type of the format, grouped, with an icon and a short
//! description. Click (or Enter) inserts after the selected element; dragging places it
//! anywhere (see `drag.rs`).

use authoring::edit::{self, Slot};
use leptos::prelude::*;

use crate::doc::{use_doc, Doc};
use crate::drag::{self, Source};
use crate::i18n::{en, tr, Words};

pub struct Entry {
    pub kind: &'static str,
    pub icon: &'static str,
    pub name: Words,
    pub description: Words,
}

const fn entry(kind: &'static str, icon: &'static str, name: Words, description: Words) -> Entry {
    Entry {
        kind,
        icon,
        name,
        description,
    }
}

/// The palette's groups; together they hold every type in `authoring::edit::KINDS`.
pub const GROUPS: [(Words, &[Entry]); 6] = [
    (
        ("Eingabe", "Input"),
        &[
            entry(
                "text",
                "Aa",
                ("Textfeld", "Text field"),
                (
                    "Eine Zeile Text, z. B. ein Name.",
                    "One line of text, e.g. a name.",
                ),
            ),
            entry(
                "multiline_text",
                "¶",
                ("Mehrzeiliger Text", "Multi-line text"),
                (
                    "Längere Angaben, z. B. eine Begründung.",
                    "Longer answers, e.g. a reason.",
                ),
            ),
            entry(
                "email",
                "@",
                ("E-Mail-Adresse", "Email address"),
                (
                    "Wird auf eine gültige Adresse geprüft.",
                    "Checked for a valid address.",
                ),
            ),
            entry(
                "phone",
                "☎",
                ("Telefonnummer", "Phone number"),
                ("Ziffern, Leerzeichen, + und /.", "Digits, spaces, + and /."),
            ),
            entry(
                "postal_code",
                "PLZ",
                ("Postleitzahl", "Postcode"),
                (
                    "Fünf Ziffern, deutsche PLZ.",
                    "Five digits, German postcode.",
                ),
            ),
            entry(
                "iban",
                "IBAN",
                ("IBAN", "IBAN"),
                (
                    "Bankverbindung mit Prüfziffer.",
                    "Bank account with check digits.",
                ),
            ),
        ],
    ),
    (
        ("Auswahl", "Choice"),
        &[
            entry(
                "single_choice",
                "◉",
                ("Auswahl", "Choice"),
                (
                    "Eine Antwort aus mehreren: Optionsfelder oder Liste.",
                    "One answer of several: radio buttons or a list.",
                ),
            ),
            entry(
                "multiple_choice",
                "☑",
                ("Mehrfachauswahl", "Multiple choice"),
                (
                    "Mehrere Antworten zum Ankreuzen.",
                    "Several answers to tick.",
                ),
            ),
            entry(
                "yes_no",
                "J/N",
                ("Ja/Nein-Frage", "Yes/no question"),
                (
                    "Eine Frage mit Ja oder Nein.",
                    "A question answered yes or no.",
                ),
            ),
            entry(
                "checkbox",
                "✓",
                ("Bestätigung", "Confirmation"),
                (
                    "Ein Kästchen, z. B. eine Einwilligung.",
                    "One box, e.g. a consent.",
                ),
            ),
        ],
    ),
    (
        ("Zahl und Datum", "Number and date"),
        &[
            entry(
                "integer",
                "123",
                ("Ganze Zahl", "Whole number"),
                ("Z. B. eine Anzahl.", "E.g. a count."),
            ),
            entry(
                "decimal",
                "1,5",
                ("Kommazahl", "Decimal number"),
                ("Eine Zahl mit Nachkommastellen.", "A number with decimals."),
            ),
            entry(
                "currency",
                "€",
                ("Betrag", "Amount"),
                ("Ein Betrag in Euro.", "An amount in euros."),
            ),
            entry(
                "date",
                "31.",
                ("Datum", "Date"),
                ("Im Format TT.MM.JJJJ.", "As DD.MM.YYYY."),
            ),
        ],
    ),
    (
        ("Datei", "File"),
        &[entry(
            "file",
            "⇪",
            ("Datei-Upload", "File upload"),
            (
                "Nachweise hochladen: Dateitypen und Größe festlegbar.",
                "Upload evidence: file types and size can be set.",
            ),
        )],
    ),
    (
        ("Struktur", "Structure"),
        &[
            entry(
                "group",
                "▣",
                ("Gruppe", "Group"),
                (
                    "Fasst Felder unter einer Überschrift zusammen.",
                    "Puts fields under one heading.",
                ),
            ),
            entry(
                "repeat",
                "⟳",
                ("Wiederholbare Gruppe", "Repeating group"),
                (
                    "Mehrfach ausfüllbar, z. B. einmal je Hund.",
                    "Filled in several times, e.g. once per dog.",
                ),
            ),
        ],
    ),
    (
        ("Inhalt", "Content"),
        &[
            entry(
                "content",
                "ℹ",
                ("Hinweistext", "Note"),
                (
                    "Erklärender Text mit einfachen Formatierungen.",
                    "Explaining text with simple formatting.",
                ),
            ),
            entry(
                "computed",
                "ƒx",
                ("Berechneter Wert", "Computed value"),
                (
                    "Wird aus anderen Angaben berechnet, z. B. eine Gebühr.",
                    "Calculated from other answers, e.g. a fee.",
                ),
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
        let name = entry_of(kind).map_or(kind, |e| tr(e.name.0, e.name.1));
        let step_title = doc.form.with_untracked(|f| {
            f.steps
                .get(path.step)
                .map(|s| s.title.de.clone())
                .unwrap_or_default()
        });
        doc.select(path);
        doc.announce(if en() {
            format!("{name} inserted into “{step_title}”.")
        } else {
            format!("{name} eingefügt in „{step_title}“.")
        });
    }
}

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
            {GROUPS.iter().map(|(group, entries)| view! {
                <h3>{t!(group.0, group.1)}</h3>
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
                                    {t!(e.name.0, e.name.1)}
                                </button>
                                <span class="description" id=description_id>{t!(e.description.0, e.description.1)}</span>
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
        let mut all = authoring::edit::KINDS.to_vec();
        all.sort_unstable();
        assert_eq!(kinds, all);
    }
}
